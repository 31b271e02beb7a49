"""The `vault.key` file: JSON key slots that wrap the database key.

    passphrase --Argon2id(salt, m, t, p)--> KEK --AES-256-GCM--> DEK

The canonical header of a slot (everything but the nonce and the wrapped
key) is the AES-GCM associated data, so changing any parameter makes the
unwrap fail. No passphrase hash is stored: a successful unwrap is the check.
"""

from __future__ import annotations

import base64
import binascii
import json
import os
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from balint_desktop.core.errors import VaultCorrupt, WeakKeyFile, WrongPassphrase
from balint_desktop.crypto.kdf import KEY_BYTES, KdfParams, derive_key, new_salt

FORMAT = "balint-desktop-vault-key"
FORMAT_VERSION = 1
NONCE_BYTES = 12
#: A key file is a few hundred bytes; anything much larger is not ours.
MAX_KEYFILE_BYTES = 64 * 1024


@dataclass(frozen=True, slots=True)
class KeySlot:
    """One way of unwrapping the database key (today: a passphrase)."""

    kind: str
    params: KdfParams
    salt: bytes
    nonce: bytes
    wrapped_key: bytes

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
                "salt": _b64(self.salt),
            },
            "cipher": "aes-256-gcm",
        }

    def associated_data(self) -> bytes:
        """Return the canonical bytes bound to the wrapped key."""
        header = {"format": FORMAT, "version": FORMAT_VERSION, "slot": self.header()}
        return json.dumps(header, sort_keys=True, separators=(",", ":")).encode("ascii")

    def to_json(self) -> dict[str, Any]:
        """Return the slot as stored in the key file."""
        return {**self.header(), "nonce": _b64(self.nonce), "wrapped_key": _b64(self.wrapped_key)}


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
        WeakKeyFile: the slot's parameters are below the floor or unbounded;
            no derivation is attempted.
        WrongPassphrase: the passphrase (or a tampered header) fails the
            authenticated unwrap.
    """
    check_params(slot.params)
    kek = derive_key(passphrase, slot.salt, slot.params)
    try:
        dek = AESGCM(kek).decrypt(slot.nonce, slot.wrapped_key, slot.associated_data())
    except InvalidTag:
        raise WrongPassphrase() from None
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
    except (ValueError, TypeError, KeyError, binascii.Error):
        raise VaultCorrupt("The vault's key file is damaged.") from None
    if not slots:
        raise VaultCorrupt("The vault's key file is damaged.")
    return KeyFile(slots)


def _parse_slot(raw: Any) -> KeySlot:
    if not isinstance(raw, Mapping):
        raise TypeError
    kdf = raw["kdf"]
    if kdf["algorithm"] != "argon2id" or raw["cipher"] != "aes-256-gcm":
        raise ValueError
    params = KdfParams(
        memory_kib=_int(kdf["memory_kib"]),
        iterations=_int(kdf["iterations"]),
        lanes=_int(kdf["lanes"]),
        for_testing=_bool(kdf.get("for_testing", False)),
    )
    slot = KeySlot(
        kind=str(raw["kind"]),
        params=params,
        salt=_unb64(kdf["salt"]),
        nonce=_unb64(raw["nonce"]),
        wrapped_key=_unb64(raw["wrapped_key"]),
    )
    if len(slot.nonce) != NONCE_BYTES or len(slot.salt) < 16:
        raise ValueError
    return slot


def _int(value: Any) -> int:
    if type(value) is not int:
        raise TypeError
    return value


def _bool(value: Any) -> bool:
    if type(value) is not bool:
        raise TypeError
    return value


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def _unb64(text: Any) -> bytes:
    if not isinstance(text, str):
        raise TypeError
    return base64.b64decode(text.encode("ascii"), validate=True)
