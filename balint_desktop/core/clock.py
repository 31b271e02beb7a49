"""Time as the vault sees it: always aware UTC, injectable for tests."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

Clock = Callable[[], dt.datetime]


def utc_now() -> dt.datetime:
    """Return the current time as an aware UTC datetime."""
    return dt.datetime.now(dt.UTC)


def to_db(moment: dt.datetime) -> str:
    """Return the stored form of an aware datetime: ISO 8601 in UTC with "Z"."""
    if moment.tzinfo is None:
        raise ValueError("naive datetimes are not stored")
    return moment.astimezone(dt.UTC).isoformat(timespec="microseconds").replace("+00:00", "Z")


def from_db(text: str) -> dt.datetime:
    """Parse a stored UTC timestamp."""
    return dt.datetime.fromisoformat(text.replace("Z", "+00:00")).astimezone(dt.UTC)
