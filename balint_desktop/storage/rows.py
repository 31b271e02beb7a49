"""Converting between table rows and records, and checked column updates.

Shared by the repositories; nothing here opens a transaction.
"""

from __future__ import annotations

import datetime as dt
import zoneinfo
from collections.abc import Callable, Mapping
from typing import Any

from balint_desktop.core import validate
from balint_desktop.core.clock import from_db
from balint_desktop.core.errors import InvalidInput
from balint_desktop.core.models import CADENCES, GROUP_KINDS, MODES, Group, Session
from balint_desktop.storage.connection import Connection

GROUP_FIELDS = (
    "kind",
    "time_zone",
    "cadence",
    "mode",
    "co_leader",
    "start_time",
    "duration_minutes",
    "started_on",
    "closed_on",
    "retention_years",
)
SESSION_FIELDS = ("start_time", "duration_minutes", "status", "mode")

# Column lists are constants; the f-strings marked S608 below interpolate
# only these and fixed table names, never input.
GROUP_COLUMNS = (
    "id, name, kind, time_zone, cadence, mode, co_leader, start_time, duration_minutes, "
    "started_on, closed_on, retention_years"
)
SESSION_COLUMNS = "id, group_id, held_on, starts_at, duration_minutes, status, mode"


def row_id(value: Any) -> int:
    """Return `value` as a database id, refusing anything but a whole number."""
    if isinstance(value, bool) or not isinstance(value, int):
        raise InvalidInput("An id must be a whole number.")
    return value


def update_row(conn: Connection, table: str, key: int, values: Mapping[str, Any]) -> None:
    """Set columns of one row; names come from fixed field lists, never input."""
    for column, value in values.items():
        conn.execute(f"UPDATE {table} SET {column} = ? WHERE id = ?", (value, key))  # noqa: S608


def group_values(fields: Mapping[str, Any]) -> dict[str, Any]:
    """Validate group fields and return them as column values."""
    validate.known_fields(fields, GROUP_FIELDS, "group")
    converters: dict[str, Callable[[Any], Any]] = {
        "kind": lambda v: validate.choice(v, GROUP_KINDS, "group kind"),
        "time_zone": validate.time_zone,
        "cadence": lambda v: validate.choice(v, CADENCES, "cadence"),
        "mode": lambda v: validate.choice(v, MODES, "mode"),
        "co_leader": lambda v: validate.text(v, "co-leader"),
        "start_time": lambda v: validate.clock_time(v, "start time").strftime("%H:%M"),
        "duration_minutes": validate.minutes,
        "started_on": lambda v: iso(validate.optional_date(v, "start date")),
        "closed_on": lambda v: iso(validate.optional_date(v, "closing date")),
        "retention_years": _retention,
    }
    return {key: converters[key](value) for key, value in fields.items()}


def _retention(value: Any) -> int | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= 100:
        raise InvalidInput("The years to keep notes must be a whole number from 1 to 100.")
    return value


def iso(value: dt.date | None) -> str | None:
    """Return a date as stored (ISO), or None."""
    return None if value is None else value.isoformat()


def parse_date(value: str | None) -> dt.date | None:
    """Return a stored ISO date, or None."""
    return None if value is None else dt.date.fromisoformat(value)


def utc_start(held_on: dt.date, start: dt.time, time_zone: str) -> dt.datetime:
    """Return the UTC start of a local date and time in a group's zone."""
    local = dt.datetime.combine(held_on, start, tzinfo=zoneinfo.ZoneInfo(time_zone))
    return local.astimezone(dt.UTC)


def group_from_row(row: tuple[Any, ...]) -> Group:
    """Build a `Group` from a row of GROUP_COLUMNS."""
    gid, name, kind, tz, cadence, mode, co_leader, start, duration, started, closed, keep = row
    return Group(
        id=gid,
        name=name,
        kind=kind,
        time_zone=tz,
        cadence=cadence,
        mode=mode,
        co_leader=co_leader,
        start_time=dt.time.fromisoformat(start),
        duration_minutes=duration,
        started_on=parse_date(started),
        closed_on=parse_date(closed),
        retention_years=keep,
    )


def session_from_row(row: tuple[Any, ...]) -> Session:
    """Build a `Session` from a row of SESSION_COLUMNS."""
    sid, gid, held_on, starts_at, duration, status, mode = row
    return Session(
        id=sid,
        group_id=gid,
        held_on=dt.date.fromisoformat(held_on),
        starts_at=from_db(starts_at),
        duration_minutes=duration,
        status=status,
        mode=mode,
    )
