"""Checking values before they reach the database, with messages for people."""

from __future__ import annotations

import datetime as dt
import zoneinfo
from collections.abc import Iterable, Mapping
from typing import Any

from balint_desktop.core.errors import InvalidInput

MAX_NAME_CHARS = 200
MAX_SECTION_CHARS = 1_000_000

# C0 control characters other than tab, newline and carriage return: never
# typed, only pasted by accident, and some are used internally as markers.
_CONTROLS = dict.fromkeys(c for c in range(32) if chr(c) not in "\t\n\r")


def _encodable(value: str, what: str) -> None:
    try:
        value.encode("utf-8")
        ok = True
    except UnicodeEncodeError:
        ok = False
    # Raised outside the handler so the UnicodeEncodeError, whose repr holds
    # the whole text, is not even kept as the error's context.
    if not ok:
        raise InvalidInput(f"The {what} contains characters that cannot be stored.")


def name(value: Any, what: str = "name") -> str:
    """Return a trimmed, non-empty, single-line name."""
    if not isinstance(value, str) or not value.strip():
        raise InvalidInput(f"The {what} cannot be empty.")
    _encodable(value, what)
    cleaned = " ".join(str(value).split())
    if len(cleaned) > MAX_NAME_CHARS:
        raise InvalidInput(f"The {what} is too long (at most {MAX_NAME_CHARS} characters).")
    return cleaned


def text(value: Any, what: str, limit: int = MAX_NAME_CHARS) -> str:
    """Return free text of bounded length (may be empty)."""
    if not isinstance(value, str):
        raise InvalidInput(f"The {what} must be text.")
    if len(value) > limit:
        raise InvalidInput(f"The {what} is too long (at most {limit:,} characters).")
    _encodable(value, what)
    return value


def line(value: Any, what: str, limit: int = MAX_NAME_CHARS) -> str:
    """Return trimmed single-line text of bounded length (may be empty).

    Runs of whitespace, line breaks included, become one space; stray control
    characters are removed.
    """
    if not isinstance(value, str):
        raise InvalidInput(f"The {what} must be text.")
    _encodable(value, what)
    cleaned = " ".join(value.translate(_CONTROLS).split())
    if len(cleaned) > limit:
        raise InvalidInput(f"The {what} is too long (at most {limit:,} characters).")
    return cleaned


def section_text(value: Any) -> str:
    """Return a section's text with stray control characters removed."""
    return text(value, "section text", MAX_SECTION_CHARS).translate(_CONTROLS)


def choice(value: Any, allowed: Iterable[str], what: str) -> str:
    """Return `value` if it is one of `allowed`."""
    options = tuple(allowed)
    if value not in options:
        raise InvalidInput(f"The {what} must be one of: {', '.join(options)}.")
    return str(value)


def time_zone(value: Any) -> str:
    """Return a valid IANA time-zone name."""
    if not isinstance(value, str) or not value:
        raise InvalidInput("The time zone must be a name such as Australia/Sydney.")
    try:
        zoneinfo.ZoneInfo(value)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        raise InvalidInput(
            "That time zone is not known; use a name such as Australia/Sydney."
        ) from None
    return value


def date(value: Any, what: str) -> dt.date:
    """Return a calendar date (not a datetime)."""
    if isinstance(value, dt.datetime) or not isinstance(value, dt.date):
        raise InvalidInput(f"The {what} must be a date.")
    return value


def optional_date(value: Any, what: str) -> dt.date | None:
    """Return a date or None."""
    return None if value is None else date(value, what)


def clock_time(value: Any, what: str) -> dt.time:
    """Return a time of day without a time zone."""
    if not isinstance(value, dt.time) or value.tzinfo is not None:
        raise InvalidInput(f"The {what} must be a time of day.")
    return value


def minutes(value: Any, what: str = "duration") -> int:
    """Return a positive whole number of minutes of at most a day."""
    if isinstance(value, bool) or not isinstance(value, int) or not 0 < value <= 24 * 60:
        raise InvalidInput(f"The {what} must be between 1 and 1,440 minutes.")
    return value


def known_fields(fields: Mapping[str, Any], allowed: Iterable[str], what: str) -> None:
    """Refuse keyword fields the vault does not know."""
    unknown = sorted(set(fields) - set(allowed))
    if unknown:
        raise InvalidInput(f"Unknown {what} field: {', '.join(unknown)}.")
