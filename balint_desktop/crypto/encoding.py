"""How the file formats write their headers: canonical JSON, base64, strict types.

Shared by the key file, the archive and the exchange file, so that the bytes
bound as associated data are made one way everywhere.
"""

from __future__ import annotations

import base64
import json
from typing import Any


def canonical_json(value: Any) -> bytes:
    """Return `value` as JSON with sorted keys, no spaces and only ASCII."""
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=True).encode(
        "ascii"
    )


def b64(data: bytes) -> str:
    """Return standard base64 of `data`."""
    return base64.b64encode(data).decode("ascii")


def unb64(text: Any) -> bytes:
    """Decode strict base64.

    Raises:
        TypeError: `text` is not a string.
        binascii.Error, ValueError, UnicodeEncodeError: it is not base64.
    """
    if not isinstance(text, str):
        raise TypeError
    return base64.b64decode(text.encode("ascii"), validate=True)


def strict_int(value: Any) -> int:
    """Return `value` if it is an int (not a bool or float), else raise TypeError."""
    if type(value) is not int:
        raise TypeError
    return value


def strict_bool(value: Any) -> bool:
    """Return `value` if it is a bool, else raise TypeError."""
    if type(value) is not bool:
        raise TypeError
    return value
