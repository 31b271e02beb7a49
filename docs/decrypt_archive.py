#!/usr/bin/env python3
"""Open a Balint Desktop archive without the app (format: docs/archive-format.md).

    python3 decrypt_archive.py ARCHIVE [-o notes.json] [--passphrase-stdin]

Needs Python 3.11+ and the `cryptography` package (44 or newer), nothing
else. Prints the notes as JSON, or writes them to a new file (mode 0600)
with -o. The output is plaintext (never your private responses: an archive
does not hold them): keep it as carefully as the notes, and delete it when done.

Exit codes: 0 done, 1 usage or other error, 2 wrong passphrase, 3 damaged or not an archive.
"""

import argparse
import base64
import getpass
import hashlib
import json
import os
import sys
import unicodedata
import zlib

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.argon2 import Argon2id

MAGIC, PREFIX, TAG, CHECKSUM = b"BALINTAR", 13, 16, 32
MAX_FILE, MAX_PAYLOAD, MAX_HEADER = 1 << 30, 64 << 20, 4096  # the app's limits
DAMAGED = "The archive is damaged or incomplete."


class Refused(Exception):
    """The archive cannot be opened; `code` is the exit code."""

    def __init__(self, code, message):
        super().__init__(message)
        self.code = code


def decrypt(data, passphrase):
    """Return the payload of the archive `data` (bytes) as a dict."""
    if not data.startswith(MAGIC) or len(data) > MAX_FILE:
        raise Refused(3, "This file is not a Balint Desktop archive.")
    if len(data) < PREFIX or data[8] != 1:
        raise Refused(3, "This archive is damaged, or from a newer Balint Desktop.")
    length = int.from_bytes(data[9:13], "big")
    if length > MAX_HEADER or len(data) < PREFIX + length + TAG + CHECKSUM:
        raise Refused(3, DAMAGED)
    body = data[:-CHECKSUM]
    if hashlib.sha256(body).digest() != data[-CHECKSUM:]:
        raise Refused(3, DAMAGED)
    aad, ciphertext = body[: PREFIX + length], body[PREFIX + length :]
    try:
        header = json.loads(aad[PREFIX:])
        kdf, cipher = header["kdf"], header["cipher"]
        m, t, p = kdf["memory_kib"], kdf["iterations"], kdf["lanes"]
        salt = base64.b64decode(kdf["salt"], validate=True)
        nonce = base64.b64decode(cipher["nonce"], validate=True)
        known = (kdf["algorithm"], cipher["algorithm"], header["compression"])
    except (ValueError, KeyError, TypeError, RecursionError):
        raise Refused(3, DAMAGED) from None
    if known != ("argon2id", "aes-256-gcm", "zlib") or len(nonce) != 12:
        raise Refused(3, DAMAGED)
    # The app's ceilings (at most 1 GiB, 64 passes, 16 GiB-passes in all):
    # a hostile file must not make this script freeze the computer.
    if not (
        all(type(x) is int for x in (m, t, p))
        and 0 < p <= 8
        and 8 * p <= m <= 1024 * 1024
        and 0 < t <= 64
        and m * t <= 16 * 1024 * 1024
    ):
        raise Refused(3, "The archive asks for impossible key settings; it may have been altered.")
    secret = unicodedata.normalize("NFC", passphrase).encode("utf-8")
    key = Argon2id(salt=salt, length=32, iterations=t, lanes=p, memory_cost=m).derive(secret)
    try:
        compressed = AESGCM(key).decrypt(nonce, ciphertext, aad)
    except InvalidTag:
        raise Refused(2, "That passphrase does not open this archive.") from None
    inflater = zlib.decompressobj()
    raw = inflater.decompress(compressed, MAX_PAYLOAD)
    if inflater.unconsumed_tail or not inflater.eof or inflater.unused_data:
        raise Refused(3, DAMAGED)
    notes = json.loads(raw.decode("utf-8"))  # bad or too deep: exit 3 in main
    if not isinstance(notes, dict):
        raise Refused(3, DAMAGED)
    return notes


def read_passphrase(from_stdin):
    """Return the passphrase from a hidden prompt, or one line of standard input."""
    if not from_stdin:
        return getpass.getpass("Archive passphrase: ")
    try:
        line = sys.stdin.readline()
    except UnicodeDecodeError:
        raise Refused(1, "The passphrase on standard input is not valid text.") from None
    if not line:
        raise Refused(1, "Expected the passphrase on standard input.")
    return line.removesuffix("\n").removesuffix("\r")


def write_new(path, text):
    """Write `text` to a new file (owner only, never overwriting); delete it if cut short."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as out:
            out.write(text)
    except BaseException:
        os.unlink(path)
        raise


def main(argv=None):
    """Decrypt one archive; return the exit code."""
    parser = argparse.ArgumentParser(description="Open a Balint Desktop archive.")
    parser.add_argument("archive", help="the .balintarchive file")
    parser.add_argument("-o", "--output", help="write the JSON to this new file")
    parser.add_argument("--passphrase-stdin", action="store_true", help="passphrase from stdin")
    args = parser.parse_args(argv)
    try:
        with open(args.archive, "rb") as handle:
            data = handle.read(MAX_FILE + 1)
        notes = decrypt(data, read_passphrase(args.passphrase_stdin))
        text = json.dumps(notes, ensure_ascii=False, indent=2) + "\n"
        if args.output:
            write_new(args.output, text)
        else:
            sys.stdout.write(text)
    except Refused as error:
        print(f"decrypt_archive: {error}", file=sys.stderr)
        return error.code
    except FileExistsError:
        print(f"decrypt_archive: {args.output} already exists; choose a new name.", file=sys.stderr)
        return 1
    except OSError as error:
        print(f"decrypt_archive: {error.strerror or error}: {error.filename}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 1
    except (ValueError, RecursionError, MemoryError):
        print(f"decrypt_archive: {DAMAGED}", file=sys.stderr)
        return 3
    return 0


if __name__ == "__main__":
    sys.exit(main())
