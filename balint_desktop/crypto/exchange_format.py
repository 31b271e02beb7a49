"""The co-leader exchange file: signed by the sender, readable only by the recipient.

Layout (every length big-endian; see docs/exchange-format.md)::

    magic      8 bytes   b"BALINTXC"
    version    1 byte    1
    hlen       2 bytes   length of the header
    header     hlen      canonical JSON (sorted keys, no spaces, ASCII)
    clen       4 bytes   length of the ciphertext
    ciphertext clen      AES-256-GCM of the zlib-compressed payload
    signature  64 bytes  Ed25519 by the sender over everything before it

The content key is HKDF-SHA256 over X25519(ephemeral, recipient), salted with
the exchange id and bound to both public keys; the bytes from magic to the end
of the header are the associated data, so no header field can be changed, and
the signature covers the ciphertext too.
"""

from __future__ import annotations

import binascii
import json
import os
import struct
import zlib
from dataclasses import dataclass

from cryptography.exceptions import InvalidSignature, InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey, X25519PublicKey
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

from balint_desktop.core.errors import VaultError
from balint_desktop.crypto.encoding import b64, canonical_json, unb64
from balint_desktop.crypto.identity import (
    IDENTITY_MAGIC,
    KEY_BYTES,
    TEXT_PREFIX,
    Identity,
    PublicIdentity,
)

MAGIC = b"BALINTXC"
VERSION = 1
CIPHER = "AES-256-GCM"
KEY_AGREEMENT = "X25519-HKDF-SHA256"
HKDF_INFO = b"balint-desktop exchange v1"
NONCE_BYTES = 12
EXCHANGE_ID_BYTES = 16
SIGNATURE_BYTES = 64
MAX_HEADER = 4096
#: Far above a decade of sessions (about 20 MB of text); refuses zip bombs.
MAX_CIPHERTEXT = 33 * 1024 * 1024
#: A decade of a leader's sessions is about 20 MB of text; JSON costs many
#: times its size in memory while parsed, so a bigger payload is refused.
MAX_PAYLOAD = 32 * 1024 * 1024
_PREFIX = struct.Struct(">8sBH")
_CLEN = struct.Struct(">I")
HEADER_FIELDS = frozenset(
    {"cipher", "created", "ephemeral", "exchange", "key_agreement", "nonce", "recipient", "sender"}
)


class ExchangeRefused(VaultError):
    """An exchange file was refused; nothing was changed."""

    default_message = "This file cannot be opened."


class NotAnExchangeFile(ExchangeRefused):
    """Not our format at all."""

    default_message = (
        "This is not a Balint Desktop exchange file. Choose the file your co-leader sent "
        "(made with Share > Send sessions to a co-leader)."
    )


class AnIdentityFile(NotAnExchangeFile):
    """A co-leader's identity file, opened where sessions were expected."""

    default_message = (
        "This is a co-leader's identity file, not sessions. Add it under "
        "Share > Co-leaders and my identity, then ask them to send their sessions."
    )


class NewerExchangeFile(ExchangeRefused):
    """Made by a newer version of the app."""

    default_message = "This file was made by a newer Balint Desktop. Update the app to open it."


class DamagedExchangeFile(ExchangeRefused):
    """Cut short, or damaged on the way."""

    default_message = (
        "This file is damaged or incomplete, so nothing was added. "
        "Ask your co-leader to send it again."
    )


class TamperedExchangeFile(ExchangeRefused):
    """The signature does not match: changed since it was made."""

    default_message = (
        "This file has been changed since your co-leader made it, so it cannot be trusted "
        "and nothing was added. Ask them to send it again."
    )


class NotForYou(ExchangeRefused):
    """Encrypted to someone else's identity."""

    default_message = (
        "This file was made for someone else, not for you, so it cannot be opened. "
        "Ask your co-leader to send the sessions to you."
    )


class UnknownSender(ExchangeRefused):
    """Signed by an identity that is not one of the leader's co-leaders."""

    default_message = (
        "This file comes from someone who is not one of your co-leaders. Add them "
        "under Share > Co-leaders (and compare their identity words) first."
    )


@dataclass(frozen=True, slots=True)
class Envelope:
    """A parsed exchange file whose signature has been checked.

    Attributes:
        sender: the signer's public identity (not yet known to be a co-leader).
        recipient_box: the X25519 public key it was encrypted to.
        exchange_id: random, 16 bytes; the same file imported twice has the same id.
        created: the sender's clock at export, ISO 8601 UTC.
    """

    sender: PublicIdentity
    recipient_box: bytes
    exchange_id: bytes
    created: str
    _ephemeral: bytes
    _nonce: bytes
    _aad: bytes
    _ciphertext: bytes

    def open(self, me: Identity) -> bytes:
        """Decrypt the payload with the recipient's identity.

        Raises:
            NotForYou: it was encrypted to another identity.
            DamagedExchangeFile: it does not decrypt or decompress.
        """
        if self.recipient_box != me.public.box:
            raise NotForYou()
        try:
            key = _content_key(me.exchange(self._ephemeral), self)
            packed = AESGCM(key).decrypt(self._nonce, self._ciphertext, self._aad)
        except (InvalidTag, ValueError):  # ValueError: a low-order ephemeral key
            raise DamagedExchangeFile() from None
        return _inflate(packed)


def seal(
    sender: Identity,
    recipient: PublicIdentity,
    payload: bytes,
    created: str,
    exchange_id: bytes | None = None,
) -> bytes:
    """Encrypt `payload` to `recipient` and sign it as `sender`."""
    exchange_id = exchange_id or os.urandom(EXCHANGE_ID_BYTES)
    ephemeral = X25519PrivateKey.generate()
    ephemeral_public = ephemeral.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw)
    nonce = os.urandom(NONCE_BYTES)
    me = sender.public
    header = canonical_json(
        {
            "cipher": CIPHER,
            "created": created,
            "ephemeral": b64(ephemeral_public),
            "exchange": exchange_id.hex(),
            "key_agreement": KEY_AGREEMENT,
            "nonce": b64(nonce),
            "recipient": b64(recipient.box),
            "sender": b64(me.box + me.sign),
        }
    )
    aad = _PREFIX.pack(MAGIC, VERSION, len(header)) + header
    shared = ephemeral.exchange(X25519PublicKey.from_public_bytes(recipient.box))
    key = _hkdf(shared, exchange_id, ephemeral_public, recipient.box, me.sign)
    ciphertext = AESGCM(key).encrypt(nonce, zlib.compress(payload, 9), aad)
    signed = aad + _CLEN.pack(len(ciphertext)) + ciphertext
    return signed + sender.sign(signed)


def parse(data: bytes) -> Envelope:
    """Check an exchange file's structure and signature.

    Raises:
        NotAnExchangeFile, NewerExchangeFile, DamagedExchangeFile,
        TamperedExchangeFile: as their names say; never anything else.
    """
    if data.startswith((IDENTITY_MAGIC, TEXT_PREFIX.encode("ascii"))):
        raise AnIdentityFile()
    if not data.startswith(MAGIC):
        raise NotAnExchangeFile()
    if len(data) < _PREFIX.size:
        raise DamagedExchangeFile()
    _magic, version, hlen = _PREFIX.unpack_from(data)
    if version > VERSION:
        raise NewerExchangeFile()
    if version != VERSION or hlen > MAX_HEADER:
        raise DamagedExchangeFile()
    end_header = _PREFIX.size + hlen
    if len(data) < end_header + _CLEN.size + SIGNATURE_BYTES:
        raise DamagedExchangeFile()
    (clen,) = _CLEN.unpack_from(data, end_header)
    end_ciphertext = end_header + _CLEN.size + clen
    if clen > MAX_CIPHERTEXT or len(data) != end_ciphertext + SIGNATURE_BYTES:
        raise DamagedExchangeFile()
    header_bytes = data[_PREFIX.size : end_header]
    header = _header(header_bytes)
    sender_keys = _unb64(header["sender"], 2 * KEY_BYTES)
    try:
        sender = PublicIdentity.from_keys(sender_keys)
        Ed25519PublicKey.from_public_bytes(sender.sign).verify(
            data[end_ciphertext:], data[:end_ciphertext]
        )
    except InvalidSignature:
        raise TamperedExchangeFile() from None
    except ValueError:  # NotAnIdentity: keys that are not curve points
        raise DamagedExchangeFile() from None
    try:
        exchange_id = bytes.fromhex(header["exchange"])
    except ValueError:
        raise DamagedExchangeFile() from None
    if len(exchange_id) != EXCHANGE_ID_BYTES:
        raise DamagedExchangeFile()
    return Envelope(
        sender=sender,
        recipient_box=_unb64(header["recipient"], KEY_BYTES),
        exchange_id=exchange_id,
        created=header["created"],
        _ephemeral=_unb64(header["ephemeral"], KEY_BYTES),
        _nonce=_unb64(header["nonce"], NONCE_BYTES),
        _aad=data[:end_header],
        _ciphertext=data[end_header + _CLEN.size : end_ciphertext],
    )


def _header(raw: bytes) -> dict[str, str]:
    try:
        header = json.loads(raw.decode("ascii"))
    except (UnicodeDecodeError, ValueError, RecursionError):  # "[[[[…" nests too deep
        raise DamagedExchangeFile() from None
    if (
        not isinstance(header, dict)
        or set(header) != HEADER_FIELDS
        or not all(isinstance(value, str) for value in header.values())
        or canonical_json(header) != raw
    ):
        raise DamagedExchangeFile()
    if header["cipher"] != CIPHER or header["key_agreement"] != KEY_AGREEMENT:
        raise DamagedExchangeFile()
    return header


def _content_key(shared: bytes, envelope: Envelope) -> bytes:
    return _hkdf(
        shared,
        envelope.exchange_id,
        envelope._ephemeral,
        envelope.recipient_box,
        envelope.sender.sign,
    )


def _hkdf(
    shared: bytes, exchange_id: bytes, ephemeral: bytes, recipient: bytes, sender_sign: bytes
) -> bytes:
    if shared == bytes(len(shared)):  # a low-order point: refuse, never use a zero key
        raise DamagedExchangeFile()
    return HKDF(
        algorithm=hashes.SHA256(),
        length=32,
        salt=exchange_id,
        info=HKDF_INFO + ephemeral + recipient + sender_sign,
    ).derive(shared)


def _inflate(packed: bytes) -> bytes:
    inflater = zlib.decompressobj()
    try:
        payload = inflater.decompress(packed, MAX_PAYLOAD)
    except zlib.error:
        raise DamagedExchangeFile() from None
    if inflater.unconsumed_tail or not inflater.eof:
        raise DamagedExchangeFile()
    return payload


def _unb64(text: str, length: int) -> bytes:
    try:
        raw = unb64(text)
    except (binascii.Error, ValueError, UnicodeEncodeError):
        raise DamagedExchangeFile() from None
    if len(raw) != length:
        raise DamagedExchangeFile()
    return raw
