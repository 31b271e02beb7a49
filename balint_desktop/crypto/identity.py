"""A vault's identity: an X25519 key pair to receive, an Ed25519 pair to sign.

The private halves live only inside the encrypted database. The public half
travels as a small file (or a line of text) that a co-leader imports; both
people then compare the *fingerprint*, eight short English words read out on
a call, so that nobody in between can swap in a key of their own.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
from dataclasses import dataclass
from functools import cache

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey, X25519PublicKey
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat
from mnemonic import Mnemonic

from balint_desktop.core.errors import InvalidInput

#: The start of a public identity file.
IDENTITY_MAGIC = b"BALINTID"
IDENTITY_VERSION = 1
#: The same identity as one line of text, for pasting into a message.
TEXT_PREFIX = "balint-identity-v1:"
KEY_BYTES = 32
PUBLIC_BYTES = len(IDENTITY_MAGIC) + 1 + 2 * KEY_BYTES
#: 8 words of 11 bits: 88 bits that a forger would have to match.
FINGERPRINT_WORDS = 8
_FINGERPRINT_DOMAIN = b"balint-desktop identity fingerprint v1\x00"


class NotAnIdentity(InvalidInput):
    """The file or text given is not a Balint Desktop public identity."""

    default_message = (
        "This is not a Balint Desktop identity file. Ask your co-leader for the file "
        "their app saves under Share > Co-leaders and my identity."
    )


@cache
def _wordlist() -> tuple[str, ...]:
    return tuple(Mnemonic("english").wordlist)


def fingerprint_words(box_public: bytes, sign_public: bytes) -> tuple[str, ...]:
    """Return the eight words that name a public identity.

    SHA-256 over both public keys (with a domain label), the first 88 bits
    read as eight 11-bit indexes into the BIP-39 English word list (2,048
    words, chosen so that the first four letters tell every word apart).
    """
    digest = hashlib.sha256(_FINGERPRINT_DOMAIN + box_public + sign_public).digest()
    number = int.from_bytes(digest[:11], "big")
    words = _wordlist()
    return tuple(
        words[(number >> (11 * (FINGERPRINT_WORDS - 1 - i))) & 0x7FF]
        for i in range(FINGERPRINT_WORDS)
    )


@dataclass(frozen=True, slots=True)
class PublicIdentity:
    """The public half of an identity.

    Attributes:
        box: the X25519 public key files are encrypted to.
        sign: the Ed25519 public key that checks signatures.
    """

    box: bytes
    sign: bytes

    def public_bytes(self) -> bytes:
        """Return the identity file's bytes: magic, version, both keys."""
        return IDENTITY_MAGIC + bytes([IDENTITY_VERSION]) + self.box + self.sign

    def as_text(self) -> str:
        """Return the identity as one line of text."""
        return TEXT_PREFIX + base64.urlsafe_b64encode(self.box + self.sign).decode("ascii")

    @property
    def fingerprint(self) -> str:
        """Return the eight fingerprint words, separated by spaces."""
        return " ".join(fingerprint_words(self.box, self.sign))

    @classmethod
    def from_bytes(cls, data: bytes | str) -> PublicIdentity:
        """Read an identity file's bytes or its one-line text form.

        Raises:
            NotAnIdentity: anything else, including keys that are not valid
                curve points.
        """
        return cls.from_keys(_raw_keys(data))

    @classmethod
    def from_keys(cls, raw: bytes) -> PublicIdentity:
        """Read the 64 raw bytes: X25519 public key, then Ed25519 public key.

        Raises:
            NotAnIdentity: wrong length, or keys that are not valid curve points.
        """
        if len(raw) != 2 * KEY_BYTES:
            raise NotAnIdentity()
        box, sign = raw[:KEY_BYTES], raw[KEY_BYTES:]
        if _small_order_ed25519(sign):
            raise NotAnIdentity()
        try:
            X25519PublicKey.from_public_bytes(box)
            Ed25519PublicKey.from_public_bytes(sign)
            # A low-order X25519 key gives an all-zero secret; the library refuses it.
            X25519PrivateKey.generate().exchange(X25519PublicKey.from_public_bytes(box))
        except ValueError:
            raise NotAnIdentity() from None
        return cls(box, sign)


#: Ed25519 points of small order (and their non-canonical encodings), with
#: the sign bit cleared, as listed by libsodium. With such a "public key" an
#: all-zero signature verifies for every message, so anyone could sign as it.
_SMALL_ORDER_ED25519 = frozenset(
    bytes.fromhex(point)
    for point in (
        "0000000000000000000000000000000000000000000000000000000000000000",
        "0100000000000000000000000000000000000000000000000000000000000000",
        "26e8958fc2b227b045c3f489f2ef98f0d5dfac05d3c63339b13802886d53fc05",
        "c7176a703d4dd84fba3c0b760d10670f2a2053fa2c39ccc64ec7fd7792ac037a",
        "ecffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f",
        "edffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f",
        "eeffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f",
    )
)


def _small_order_ed25519(sign: bytes) -> bool:
    return sign[:-1] + bytes([sign[-1] & 0x7F]) in _SMALL_ORDER_ED25519


def _raw_keys(data: bytes | str) -> bytes:
    if isinstance(data, bytes) and data.startswith(IDENTITY_MAGIC):
        if len(data) != PUBLIC_BYTES or data[len(IDENTITY_MAGIC)] != IDENTITY_VERSION:
            raise NotAnIdentity()
        return data[len(IDENTITY_MAGIC) + 1 :]
    try:
        text = data.decode("ascii") if isinstance(data, bytes) else data
    except UnicodeDecodeError:
        raise NotAnIdentity() from None
    text = text.strip()
    if not text.startswith(TEXT_PREFIX) or len(text) > 200:
        raise NotAnIdentity()
    try:
        raw = base64.urlsafe_b64decode(text[len(TEXT_PREFIX) :].encode("ascii"))
    except (binascii.Error, ValueError):
        raise NotAnIdentity() from None
    if len(raw) != 2 * KEY_BYTES:
        raise NotAnIdentity()
    return raw


class Identity:
    """A private identity (both key pairs). Lives in the vault; never logged."""

    __slots__ = ("_box", "_sign")

    def __init__(self, box_private: bytes, sign_private: bytes) -> None:
        """Load the two 32-byte private keys."""
        self._box = X25519PrivateKey.from_private_bytes(box_private)
        self._sign = Ed25519PrivateKey.from_private_bytes(sign_private)

    @classmethod
    def generate(cls) -> Identity:
        """Make a new identity from the operating system's random source."""
        return cls(
            X25519PrivateKey.generate().private_bytes_raw(),
            Ed25519PrivateKey.generate().private_bytes_raw(),
        )

    def private_bytes(self) -> tuple[bytes, bytes]:
        """Return the private keys, for storage inside the vault only."""
        return self._box.private_bytes_raw(), self._sign.private_bytes_raw()

    @property
    def public(self) -> PublicIdentity:
        """Return the public half."""
        return PublicIdentity(
            self._box.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw),
            self._sign.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw),
        )

    def public_bytes(self) -> bytes:
        """Return the public identity file's bytes."""
        return self.public.public_bytes()

    @property
    def fingerprint(self) -> str:
        """Return the eight fingerprint words of the public half."""
        return self.public.fingerprint

    def reference(self, label: str) -> str:
        """Return a stable, opaque reference for one of this vault's things.

        HMAC-SHA256 keyed by a value derived from the signing key: a co-leader
        can recognise the same group or session in a later file, but the
        reference says nothing about it.
        """
        key = hashlib.sha256(b"balint-desktop references v1\x00" + self.private_bytes()[1]).digest()
        return hmac.new(key, label.encode("utf-8"), hashlib.sha256).hexdigest()[:32]

    def sign(self, data: bytes) -> bytes:
        """Sign `data` with the Ed25519 key."""
        return self._sign.sign(data)

    def exchange(self, peer_public: bytes) -> bytes:
        """Return the X25519 shared secret with `peer_public`."""
        return self._box.exchange(X25519PublicKey.from_public_bytes(peer_public))

    def __repr__(self) -> str:
        """Name the identity by its fingerprint, never its keys."""
        return f"Identity({self.fingerprint!r})"
