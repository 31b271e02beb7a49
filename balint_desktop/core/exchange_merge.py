"""The rules for merging a co-leader's sessions: which session, which changes, which clock.

Pure functions of the file's content and the leader's rows, kept apart from
the API that reads files and writes the database.
"""

from __future__ import annotations

import datetime as dt
import json
import zoneinfo

from balint_desktop.core.clock import from_db
from balint_desktop.core.exchange import Payload, SharedSection, SharedSession
from balint_desktop.crypto.exchange_format import DamagedExchangeFile


def closest_session(same_day: list[tuple[int, str]], session: SharedSession, time_zone: str) -> int:
    """Of the leader's sessions on that date, the one nearest the co-leader's start.

    Both start times are compared in the group's local time.
    """
    hours, minutes = (int(part) for part in session.start_time.split(":"))
    wanted = hours * 60 + minutes
    zone = zoneinfo.ZoneInfo(known_zone(time_zone))

    def distance(row: tuple[int, str]) -> int:
        start = from_db(row[1]).astimezone(zone)
        return abs(start.hour * 60 + start.minute - wanted)

    return min(same_day, key=distance)[0]


#: How far a sender's clock may run ahead of the file's own creation time.
CLOCK_SLACK = dt.timedelta(days=1)


def check_clock(created: str, payload: Payload) -> None:
    """Refuse text "written" after the file was made: it would block later updates."""
    try:
        made = from_db(created)
    except ValueError:
        raise DamagedExchangeFile() from None
    if any(from_db(s.written_at) > made + CLOCK_SLACK for s in payload.sessions):
        raise DamagedExchangeFile()


def changed_titles(stored_json: str, sections: tuple[SharedSection, ...]) -> tuple[str, ...]:
    """Return the titles of sections added, changed or emptied since the stored version."""
    before = {key: (title, body) for key, title, body in json.loads(stored_json)}
    after = {section.key: (section.title, section.body) for section in sections}
    return tuple(
        (after.get(key) or before[key])[0]
        for key in [*after, *(key for key in before if key not in after)]
        if before.get(key, ("", None))[1] != after.get(key, ("", None))[1]
    )


def known_zone(name: str) -> str:
    """Return `name` if it is a time zone this computer knows, else "UTC"."""
    try:
        zoneinfo.ZoneInfo(name)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        return "UTC"
    return name
