"""The passphrase-protected archive: one file a leader keeps, readable without the app.

    passphrase --Argon2id(salt, m, t, p)--> key --AES-256-GCM--> zlib(payload JSON)

Layout (docs/archive-format.md describes every byte)::

    "BALINTAR" | version (1 byte) | header length (4 bytes, big-endian)
    | header (canonical JSON) | ciphertext + 16-byte tag | SHA-256 of all before

Everything before the ciphertext is the AES-GCM associated data, so a
changed parameter, date or description makes the decryption fail. The
trailing SHA-256 covers only bytes stored in clear; like the key file's
checksum it tells a damaged file from a wrong passphrase before any key is
derived, and tells a guesser nothing.

Reading checks, in this order, and derives a key only when all pass: the
magic, version and lengths; the checksum (damage); the key-derivation
parameters against the same ceilings as `vault.key` (a hostile file must not
freeze the machine); then the authenticated decryption (wrong passphrase);
and a bounded decompression.
"""

from __future__ import annotations

import binascii
import contextlib
import datetime as dt
import hashlib
import hmac
import json
import os
import zlib
from collections.abc import Mapping
from typing import Any

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.argon2 import Argon2id

from balint_desktop.core.errors import (
    ArchiveRefused,
    ArchiveWrongPassphrase,
    InvalidInput,
    VaultError,
)
from balint_desktop.crypto.encoding import b64, canonical_json, strict_bool, strict_int, unb64
from balint_desktop.crypto.kdf import (
    KEY_BYTES,
    SALT_BYTES,
    KdfParams,
    new_salt,
    normalise_passphrase,
)

MAGIC = b"BALINTAR"
VERSION = 1
NONCE_BYTES = 12
TAG_BYTES = 16
CHECKSUM_BYTES = 32
#: The header is a few hundred bytes; a larger one is not ours.
MAX_HEADER_BYTES = 4096
#: Far beyond a real leader's decade (about 15 MB of text for 1k sessions);
#: also below AES-GCM's 2 GiB limit per message in `cryptography`.
MAX_ARCHIVE_BYTES = 1 << 30
#: The decompressed payload JSON: four times a decade of notes. Parsing JSON
#: takes many times its size in memory, so a small hostile file must not
#: inflate to more (a 1 GiB cap let 90 KB become ~25 GB while parsing).
#: `seal` refuses larger notes, so the app never writes what it cannot open.
MAX_PAYLOAD_BYTES = 64 << 20
PAYLOAD_CONTENT = "balint-desktop-notes"
PAYLOAD_SCHEMA = 1
SCOPES = ("vault", "group")

_PREFIX = len(MAGIC) + 1 + 4

NOT_AN_ARCHIVE = "This file is not a Balint Desktop archive."
DAMAGED = (
    "This archive is damaged or incomplete, so it cannot be opened. "
    "Use another copy of it if you have one."
)
NEWER = "This archive was written by a newer Balint Desktop. Update the app to open it."
IMPOSSIBLE = (
    "This archive asks for impossible protection settings, so it was not opened. "
    "It may have been altered."
)


def seal(
    payload: Mapping[str, Any],
    passphrase: str,
    params: KdfParams,
    *,
    created: dt.datetime,
    scope: str,
) -> bytes:
    """Return the archive file's bytes for `payload`.

    Args:
        payload: JSON-serialisable notes (see docs/archive-format.md).
        passphrase: the only way to open the archive again.
        params: Argon2id settings for this archive.
        created: when it was made (aware); stored in the clear header.
        scope: "vault" or "group"; stored in the clear header.

    Raises:
        InvalidInput: empty passphrase, unbounded or weak settings, unknown
            scope, or notes larger than a reader accepts (`MAX_PAYLOAD_BYTES`).
    """
    if not isinstance(passphrase, str) or passphrase == "":
        raise InvalidInput("The archive's passphrase cannot be empty.")
    if scope not in SCOPES:
        raise InvalidInput("An archive holds the whole vault or one group.")
    _check_params(params, InvalidInput)
    raw = json.dumps(payload, ensure_ascii=False).encode("utf-8")
    if len(raw) > MAX_PAYLOAD_BYTES:
        raise InvalidInput(
            f"These notes are too large for one archive (more than "
            f"{MAX_PAYLOAD_BYTES >> 20} MB). Archive one group at a time."
        )
    plaintext = zlib.compress(raw, 6)
    del raw
    salt, nonce = new_salt(), os.urandom(NONCE_BYTES)
    header = {
        "kdf": {
            "algorithm": "argon2id",
            "salt": b64(salt),
            "memory_kib": params.memory_kib,
            "iterations": params.iterations,
            "lanes": params.lanes,
            "for_testing": params.for_testing,
        },
        "cipher": {"algorithm": "aes-256-gcm", "nonce": b64(nonce)},
        "compression": "zlib",
        "created": created.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "payload": {
            "content": PAYLOAD_CONTENT,
            "schema": PAYLOAD_SCHEMA,
            "scope": scope,
            "media_type": "application/json",
        },
    }
    encoded = canonical_json(header)
    aad = MAGIC + bytes([VERSION]) + len(encoded).to_bytes(4, "big") + encoded
    key = _derive(passphrase, salt, params)
    try:
        aead = AESGCM(key)
        ciphertext = aead.encrypt(nonce, plaintext, aad)
        # Prove the bytes open before they are written (cheap: no second KDF).
        if aead.decrypt(nonce, ciphertext, aad) != plaintext:
            raise VaultError("The archive could not be checked; nothing was written.")
    finally:
        _wipe(key)
    body = aad + ciphertext
    return body + hashlib.sha256(body).digest()


def unseal(data: bytes, passphrase: str) -> dict[str, Any]:
    """Return the payload of an archive, or raise `ArchiveRefused`.

    Raises:
        ArchiveRefused: not an archive, damaged, newer, or hostile settings;
            no key is derived for any of these.
        ArchiveWrongPassphrase: the passphrase (or an altered header) fails
            the authenticated decryption.
        InvalidInput: the passphrase holds characters that cannot be used.
    """
    header, aad, ciphertext = _split(data)
    salt, nonce, params = _parse_header(header)
    _check_params(params, ArchiveRefused, IMPOSSIBLE)
    key = bytearray()
    with contextlib.suppress(MemoryError):
        key = _derive(passphrase, salt, params)
    if not key:
        # Raised outside the except block: no traceback frames kept alive.
        raise ArchiveRefused(
            "Opening this archive needs more memory than this computer could give. "
            "Close other programs and try again."
        )
    wrong = False
    try:
        plaintext = AESGCM(key).decrypt(nonce, ciphertext, aad)
    except InvalidTag:
        wrong = True
    finally:
        _wipe(key)
    if wrong:
        # Raised outside the except block: no frame keeps the passphrase alive.
        raise ArchiveWrongPassphrase()
    return _payload(plaintext)


def _split(data: bytes) -> tuple[bytes, bytes, bytes]:
    """Return (header bytes, associated data, ciphertext) after the structural checks."""
    if not isinstance(data, bytes | bytearray) or not data.startswith(MAGIC):
        raise ArchiveRefused(NOT_AN_ARCHIVE)
    if len(data) > MAX_ARCHIVE_BYTES:
        raise ArchiveRefused(NOT_AN_ARCHIVE)
    if len(data) < _PREFIX:
        raise ArchiveRefused(DAMAGED)
    if data[len(MAGIC)] != VERSION:
        raise ArchiveRefused(NEWER if data[len(MAGIC)] > VERSION else DAMAGED)
    length = int.from_bytes(data[len(MAGIC) + 1 : _PREFIX], "big")
    if length > MAX_HEADER_BYTES or len(data) < _PREFIX + length + TAG_BYTES + CHECKSUM_BYTES:
        raise ArchiveRefused(DAMAGED)
    body, checksum = bytes(data[:-CHECKSUM_BYTES]), bytes(data[-CHECKSUM_BYTES:])
    if not hmac.compare_digest(hashlib.sha256(body).digest(), checksum):
        raise ArchiveRefused(DAMAGED)
    aad = body[: _PREFIX + length]
    return aad[_PREFIX:], aad, body[_PREFIX + length :]


def _parse_header(raw: bytes) -> tuple[bytes, bytes, KdfParams]:
    """Return (salt, nonce, params) from the header, refusing anything unexpected."""
    refused = False
    try:
        header = json.loads(raw.decode("ascii"))
        kdf, cipher, payload = header["kdf"], header["cipher"], header["payload"]
        if (
            kdf["algorithm"] != "argon2id"
            or cipher["algorithm"] != "aes-256-gcm"
            or header["compression"] != "zlib"
            or payload["content"] != PAYLOAD_CONTENT
            or payload["scope"] not in SCOPES
            or not isinstance(header["created"], str)
        ):
            raise ValueError
        params = KdfParams(
            memory_kib=strict_int(kdf["memory_kib"]),
            iterations=strict_int(kdf["iterations"]),
            lanes=strict_int(kdf["lanes"]),
            for_testing=strict_bool(kdf["for_testing"]),
        )
        salt, nonce = unb64(kdf["salt"]), unb64(cipher["nonce"])
        if len(salt) < SALT_BYTES or len(salt) > 64 or len(nonce) != NONCE_BYTES:
            raise ValueError
        newer = strict_int(payload["schema"]) > PAYLOAD_SCHEMA
    except (ValueError, TypeError, KeyError, binascii.Error, RecursionError):
        refused = True
    if refused:
        raise ArchiveRefused(DAMAGED)
    if newer:
        raise ArchiveRefused(NEWER)
    return salt, nonce, params


def _payload(plaintext: bytes) -> dict[str, Any]:
    """Decompress (bounded) and parse the decrypted payload."""
    refused = False
    document: Any = None
    try:
        inflater = zlib.decompressobj()
        raw = inflater.decompress(plaintext, MAX_PAYLOAD_BYTES)
        if inflater.unconsumed_tail or not inflater.eof or inflater.unused_data:
            raise ValueError
        document = json.loads(raw.decode("utf-8"))
        if not isinstance(document, dict) or document.get("content") != PAYLOAD_CONTENT:
            raise ValueError
    except (ValueError, zlib.error, RecursionError):
        refused = True
    if refused:
        raise ArchiveRefused(DAMAGED)
    return document  # type: ignore[no-any-return]  # checked to be a dict above


def _check_params(params: KdfParams, error: type[VaultError], message: str | None = None) -> None:
    """Refuse unbounded settings, and settings below the floor unless made for tests."""
    if not params.within_ceiling() or not (params.for_testing or params.meets_floor()):
        raise error(
            message or "These key-derivation settings are outside what Balint Desktop allows."
        )


def _derive(passphrase: str, salt: bytes, params: KdfParams) -> bytearray:
    """Derive the 256-bit key into a buffer the caller wipes."""
    key = bytearray(KEY_BYTES)
    Argon2id(
        salt=salt,
        length=KEY_BYTES,
        iterations=params.iterations,
        lanes=params.lanes,
        memory_cost=params.memory_kib,
    ).derive_into(normalise_passphrase(passphrase), key)
    return key


def _wipe(buffer: bytearray) -> None:
    for index in range(len(buffer)):
        buffer[index] = 0
