"""Argon2id parameters, calibration and derivation."""

from __future__ import annotations

import os
import time
import unicodedata
from dataclasses import dataclass

from cryptography.hazmat.primitives.kdf.argon2 import Argon2id

from balint_desktop.core.errors import InvalidInput

KEY_BYTES = 32
SALT_BYTES = 16
MIB = 1024  # Argon2 memory is counted in KiB

#: No key file below these parameters is ever used (THREAT-MODEL.md T2).
FLOOR_MEMORY_KIB = 64 * MIB
FLOOR_ITERATIONS = 3
FLOOR_LANES = 4
MAX_MEMORY_KIB = 256 * MIB
#: Upper bounds keep a hostile key file from freezing or exhausting the
#: machine. They are what `calibrate` can produce (at most 256 MiB, 64
#: passes, 4 lanes) plus a margin, and no more (review finding M6).
CEILING_MEMORY_KIB = 1024 * MIB
CEILING_ITERATIONS = 64
CEILING_LANES = 8
#: memory_kib x iterations: the work of one derivation, at most 16 passes
#: over 1 GiB (calibrate's largest result, 256 MiB x 64, is exactly this).
CEILING_WORK_KIB_PASSES = 16 * CEILING_MEMORY_KIB


@dataclass(frozen=True, slots=True)
class KdfParams:
    """Argon2id cost parameters.

    Attributes:
        memory_kib: memory per derivation in KiB.
        iterations: passes over the memory (Argon2 "t").
        lanes: parallelism (Argon2 "p").
        for_testing: True only for the tiny parameters of `for_tests`; such a
            key file is accepted below the floor, and says so in `info`.
    """

    memory_kib: int = FLOOR_MEMORY_KIB
    iterations: int = FLOOR_ITERATIONS
    lanes: int = FLOOR_LANES
    for_testing: bool = False

    @classmethod
    def for_tests(cls) -> KdfParams:
        """Return tiny parameters so tests run fast. Never for real notes."""
        return cls(memory_kib=64, iterations=1, lanes=1, for_testing=True)

    @classmethod
    def floor(cls) -> KdfParams:
        """Return the weakest parameters a real vault may use."""
        return cls()

    def meets_floor(self) -> bool:
        """Return whether these parameters are at least the floor."""
        return (
            self.memory_kib >= FLOOR_MEMORY_KIB
            and self.iterations >= FLOOR_ITERATIONS
            and self.lanes >= FLOOR_LANES
        )

    def within_ceiling(self) -> bool:
        """Return whether a derivation with these parameters is bounded."""
        return (
            0 < self.memory_kib <= CEILING_MEMORY_KIB
            and 0 < self.iterations <= CEILING_ITERATIONS
            and 0 < self.lanes <= CEILING_LANES
            and self.memory_kib >= 8 * self.lanes
            and self.memory_kib * self.iterations <= CEILING_WORK_KIB_PASSES
        )


def normalise_passphrase(passphrase: str) -> bytes:
    """Return the bytes a passphrase is derived from.

    NFC normalisation makes the same typed passphrase give the same key on
    every platform (macOS input methods may produce decomposed accents).
    Spaces are kept exactly as typed.

    Raises:
        InvalidInput: the passphrase holds characters UTF-8 cannot encode
            (lone surrogates, e.g. from undecodable bytes on standard input).
            The error is raised outside any `except` block, so no exception
            in its context chain holds the passphrase (review finding M5).
    """
    if not _encodable(passphrase):
        raise InvalidInput("The passphrase contains characters that cannot be used.")
    return unicodedata.normalize("NFC", passphrase).encode("utf-8")


def _encodable(text: str) -> bool:
    """Return whether `text` encodes as UTF-8, without raising.

    Only surrogate code points (U+D800..U+DFFF) fail to encode; NFC
    normalisation neither adds nor removes them.
    """
    return not any("\ud800" <= char <= "\udfff" for char in text)


def derive_key(passphrase: str, salt: bytes, params: KdfParams) -> bytes:
    """Derive a 256-bit key-encryption key from a passphrase.

    Args:
        passphrase: what the user typed.
        salt: random salt stored in the key file.
        params: Argon2id cost parameters.

    Returns:
        32 bytes.
    """
    kdf = Argon2id(
        salt=salt,
        length=KEY_BYTES,
        iterations=params.iterations,
        lanes=params.lanes,
        memory_cost=params.memory_kib,
    )
    return kdf.derive(normalise_passphrase(passphrase))


def new_salt() -> bytes:
    """Return a fresh random salt."""
    return os.urandom(SALT_BYTES)


def physical_memory_bytes() -> int | None:
    """Return the machine's RAM in bytes, or None when it cannot be told."""
    try:
        return os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES")
    except (AttributeError, ValueError, OSError):
        return None


def calibrate(target_seconds: float = 1.0) -> KdfParams:
    """Choose parameters so one derivation takes about `target_seconds`.

    Memory is min(256 MiB, RAM/4) but never below the 64 MiB floor; the
    iteration count is then raised from the floor until the target is met.

    Args:
        target_seconds: how long one unlock may spend deriving the key.

    Returns:
        Parameters at or above the floor.
    """
    ram = physical_memory_bytes()
    memory_kib = MAX_MEMORY_KIB if ram is None else min(MAX_MEMORY_KIB, ram // 4 // 1024)
    memory_kib = max(FLOOR_MEMORY_KIB, memory_kib)
    # Time one and two passes: the difference is the cost of a pass, the
    # rest is the fixed cost of filling the memory once.
    one = _time_derivation(KdfParams(memory_kib=memory_kib, iterations=1, lanes=FLOOR_LANES))
    two = _time_derivation(KdfParams(memory_kib=memory_kib, iterations=2, lanes=FLOOR_LANES))
    per_pass = max(two - one, 1e-4)
    fixed = max(one - per_pass, 0.0)
    iterations = round((target_seconds - fixed) / per_pass)
    most = min(CEILING_ITERATIONS, CEILING_WORK_KIB_PASSES // memory_kib)
    iterations = max(FLOOR_ITERATIONS, min(most, iterations))
    return KdfParams(memory_kib=memory_kib, iterations=iterations, lanes=FLOOR_LANES)


def _time_derivation(params: KdfParams) -> float:
    start = time.perf_counter()
    derive_key("calibration", new_salt(), params)
    return time.perf_counter() - start
