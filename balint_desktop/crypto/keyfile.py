"""The `vault.key` file: JSON key slots that wrap the database key.

    passphrase --Argon2id(salt, m, t, p)--> KEK --AES-256-GCM--> DEK

The canonical header of a slot (everything but the nonce and the wrapped
key) is the AES-GCM associated data, so changing any parameter makes the
unwrap fail. No passphrase hash is stored: a successful unwrap is the check.

Each slot also stores a plain SHA-256 `checksum` of its public bytes (the
canonical header, the nonce and the wrapped key). It is checked before any
derivation, so a key file damaged on disk is reported as damaged, not as a
wrong passphrase (review finding M1). It is a function of bytes that are
already in the file, so it tells an offline guesser nothing about the
passphrase or the keys; and anyone who can edit the file can recompute it,
so it detects damage, not tampering - the AES-GCM tag still does that.

How a changed slot is told apart (the order of the checks in `unwrap_key`):

1. parameters below the floor or above the ceiling -> `WeakKeyFile`, with no
   derivation at all;
2. checksum present and not matching -> `VaultCorrupt` (damage: a flipped bit
   in the salt, nonce, wrapped key or parameters);
3. the authenticated unwrap fails -> `WrongPassphrase` (a wrong passphrase,
   or a header tampered with and its checksum recomputed or removed).

Slots written before the checksum existed (no `checksum` field) skip step 2.
"""

from __future__ import annotations

import binascii
import hashlib
import hmac
import json
import os
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from balint_desktop.core.errors import VaultCorrupt, WeakKeyFile, WrongPassphrase
from balint_desktop.crypto.encoding import b64, canonical_json, strict_bool, strict_int, unb64
from balint_desktop.crypto.kdf import KEY_BYTES, KdfParams, derive_key, new_salt

FORMAT = "balint-desktop-vault-key"
FORMAT_VERSION = 1
NONCE_BYTES = 12
#: A key file is a few hundred bytes; anything much larger is not ours.
MAX_KEYFILE_BYTES = 64 * 1024
CHECKSUM_BYTES = 32
#: Domain separation for the slot checksum (it hashes public bytes only).
_CHECKSUM_LABEL = b"balint-desktop-vault-key-slot-checksum-v1"

DAMAGED_MESSAGE = "The vault's key file is damaged. Restore the latest backup."


@dataclass(frozen=True, slots=True)
class KeySlot:
    """One way of unwrapping the database key (today: a passphrase)."""

    kind: str
    params: KdfParams
    salt: bytes
    nonce: bytes
    wrapped_key: bytes
    #: The checksum as read from the file; None for a slot made in memory or
    #: read from a key file written before checksums existed.
    stored_checksum: bytes | None = None

    def header(self) -> dict[str, Any]:
        """Return the authenticated part of the slot, as stored."""
        return {
            "kind": self.kind,
            "kdf": {
                "algorithm": "argon2id",
                "memory_kib": self.params.memory_kib,
                "iterations": self.params.iterations,
                "lanes": self.params.lanes,
                "for_testing": self.params.for_testing,
                "salt": b64(self.salt),
            },
            "cipher": "aes-256-gcm",
        }

    def associated_data(self) -> bytes:
        """Return the canonical bytes bound to the wrapped key."""
        header = {"format": FORMAT, "version": FORMAT_VERSION, "slot": self.header()}
        return canonical_json(header)

    def checksum(self) -> bytes:
        """Return the SHA-256 of the slot's public bytes (header, nonce, wrapped key).

        Nothing secret goes in: every input is stored in clear beside it.
        Each part is length-prefixed so no two slots share an input.
        """
        digest = hashlib.sha256(_CHECKSUM_LABEL)
        for part in (self.associated_data(), self.nonce, self.wrapped_key):
            digest.update(len(part).to_bytes(8, "big"))
            digest.update(part)
        return digest.digest()

    def is_intact(self) -> bool:
        """Return False only when a stored checksum does not match the slot."""
        if self.stored_checksum is None:
            return True
        return hmac.compare_digest(self.stored_checksum, self.checksum())

    def to_json(self) -> dict[str, Any]:
        """Return the slot as stored in the key file.

        A slot read from disk keeps its stored checksum, so writing the key
        file again never hides damage; a new slot gets a fresh one.
        """
        checksum = self.stored_checksum if self.stored_checksum is not None else self.checksum()
        return {
            **self.header(),
            "nonce": b64(self.nonce),
            "wrapped_key": b64(self.wrapped_key),
            "checksum": b64(checksum),
        }


@dataclass(frozen=True, slots=True)
class KeyFile:
    """The parsed contents of `vault.key`."""

    slots: tuple[KeySlot, ...]

    def to_bytes(self) -> bytes:
        """Serialise the key file."""
        document = {
            "format": FORMAT,
            "version": FORMAT_VERSION,
            "slots": [slot.to_json() for slot in self.slots],
        }
        return (json.dumps(document, indent=2, sort_keys=True) + "\n").encode("ascii")

    @property
    def passphrase_slot(self) -> KeySlot:
        """Return the passphrase slot."""
        for slot in self.slots:
            if slot.kind == "passphrase":
                return slot
        raise VaultCorrupt("The vault's key file has no passphrase entry.")


def wrap_key(dek: bytes, passphrase: str, params: KdfParams) -> KeySlot:
    """Wrap the database key under a passphrase.

    Args:
        dek: the 32-byte database key.
        passphrase: the new passphrase.
        params: Argon2id parameters for this slot.

    Returns:
        A new slot with a fresh salt and nonce.
    """
    unsealed = KeySlot("passphrase", params, new_salt(), os.urandom(NONCE_BYTES), b"")
    kek = derive_key(passphrase, unsealed.salt, params)
    wrapped = AESGCM(kek).encrypt(unsealed.nonce, dek, unsealed.associated_data())
    return KeySlot(unsealed.kind, params, unsealed.salt, unsealed.nonce, wrapped)


def unwrap_key(slot: KeySlot, passphrase: str) -> bytes:
    """Return the database key, or raise `WrongPassphrase`.

    Raises:
        WeakKeyFile: the slot's parameters are below the floor or unbounded,
            or the derivation ran out of memory; for the first two no
            derivation is attempted.
        VaultCorrupt: the slot's checksum does not match (the file is
            damaged); no derivation is attempted.
        WrongPassphrase: the passphrase (or a tampered header) fails the
            authenticated unwrap.
        InvalidInput: the passphrase holds characters that cannot be used.
    """
    check_params(slot.params)
    if not slot.is_intact():
        raise VaultCorrupt(DAMAGED_MESSAGE)
    out_of_memory = False
    try:
        kek = derive_key(passphrase, slot.salt, slot.params)
    except MemoryError:
        out_of_memory = True
    if out_of_memory:
        # Raised outside the except block: no traceback frames kept alive.
        raise WeakKeyFile(
            "The vault's key file asks for more memory than this computer could "
            "give, so it was not used. Close other programs and try again; if "
            "this keeps happening, restore the latest backup."
        )
    wrong = False
    try:
        dek = AESGCM(kek).decrypt(slot.nonce, slot.wrapped_key, slot.associated_data())
    except InvalidTag:
        wrong = True
    if wrong:
        raise WrongPassphrase()
    if len(dek) != KEY_BYTES:
        raise VaultCorrupt()
    return dek


def check_params(params: KdfParams) -> None:
    """Refuse parameters below the floor (unless made for tests) or unbounded."""
    if not params.within_ceiling():
        raise WeakKeyFile(
            "The vault's key file asks for impossible protection settings, so it "
            "was not used. It may have been altered; restore the latest backup."
        )
    if not params.for_testing and not params.meets_floor():
        raise WeakKeyFile()


def parse_keyfile(data: bytes) -> KeyFile:
    """Parse `vault.key`, raising `VaultCorrupt` for anything malformed."""
    if len(data) > MAX_KEYFILE_BYTES:
        raise VaultCorrupt("The vault's key file is not a Balint Desktop key file.")
    damaged = False
    slots: tuple[KeySlot, ...] = ()
    try:
        document = json.loads(data.decode("utf-8"))
        if not isinstance(document, Mapping):
            raise TypeError
        if document.get("format") != FORMAT:
            raise VaultCorrupt("The vault's key file is not a Balint Desktop key file.")
        if document.get("version") != FORMAT_VERSION:
            raise VaultCorrupt(
                "The vault's key file was written by a newer Balint Desktop. "
                "Update the app to open it."
            )
        slots = tuple(_parse_slot(raw) for raw in document["slots"])
    except VaultCorrupt:
        raise
    except (ValueError, TypeError, KeyError, binascii.Error, RecursionError, MemoryError):
        # RecursionError/MemoryError: deeply nested JSON (review finding M5).
        damaged = True
    if damaged or not slots:
        raise VaultCorrupt(DAMAGED_MESSAGE)
    return KeyFile(slots)


def _parse_slot(raw: Any) -> KeySlot:
    if not isinstance(raw, Mapping):
        raise TypeError
    kdf = raw["kdf"]
    if kdf["algorithm"] != "argon2id" or raw["cipher"] != "aes-256-gcm":
        raise ValueError
    params = KdfParams(
        memory_kib=strict_int(kdf["memory_kib"]),
        iterations=strict_int(kdf["iterations"]),
        lanes=strict_int(kdf["lanes"]),
        for_testing=strict_bool(kdf.get("for_testing", False)),
    )
    slot = KeySlot(
        kind=str(raw["kind"]),
        params=params,
        salt=unb64(kdf["salt"]),
        nonce=unb64(raw["nonce"]),
        wrapped_key=unb64(raw["wrapped_key"]),
        stored_checksum=unb64(raw["checksum"]) if "checksum" in raw else None,
    )
    if len(slot.nonce) != NONCE_BYTES or len(slot.salt) < 16:
        raise ValueError
    if slot.stored_checksum is not None and len(slot.stored_checksum) != CHECKSUM_BYTES:
        raise ValueError
    return slot
