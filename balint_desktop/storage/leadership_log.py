"""The leadership log table and the facts sessions contribute to it."""

from __future__ import annotations

import datetime as dt
from typing import Any

from balint_desktop.core import validate
from balint_desktop.core.clock import to_db
from balint_desktop.core.errors import InvalidInput
from balint_desktop.core.leadership import LOG_KINDS, LedSession, LogEntry
from balint_desktop.storage.repository import Repository
from balint_desktop.storage.rows import row_id

MAX_HOURS = 24 * 14


class LeadershipLog:
    """Reads and writes `leadership_log`; counts sessions the leader led."""

    def __init__(self, repo: Repository) -> None:
        """Use the vault's repository (its connection and transactions)."""
        self._repo = repo

    def add(
        self,
        kind: str,
        occurred_on: dt.date,
        hours: float = 0.0,
        group_id: int | None = None,
        description: str = "",
    ) -> LogEntry:
        """Record a supervision, intensive, workshop, observed session or training day."""
        kind = validate.choice(kind, LOG_KINDS, "kind of entry")
        day = validate.date(occurred_on, "date")
        if (
            isinstance(hours, bool)
            or not isinstance(hours, int | float)
            or not (0 <= hours <= MAX_HOURS)
        ):
            raise InvalidInput("The hours must be a number from 0 to 336.")
        if group_id is not None:
            self._repo.group(group_id)
        text = validate.line(description, "description", 200)
        with self._repo.write() as conn:
            cursor = conn.execute(
                "INSERT INTO leadership_log(kind, occurred_on, hours, group_id, description, "
                "created_at) VALUES (?, ?, ?, ?, ?, ?)",
                (kind, day.isoformat(), float(hours), group_id, text, to_db(self._repo.clock())),
            )
        return self.entry(int(cursor.lastrowid))

    def entry(self, entry_id: int) -> LogEntry:
        """Return one entry or raise `InvalidInput`."""
        row = self._repo.connection.execute(
            "SELECT id, kind, occurred_on, hours, group_id, description FROM leadership_log "
            "WHERE id = ?",
            (row_id(entry_id),),
        ).fetchone()
        if row is None:
            raise InvalidInput("That log entry does not exist (it may have been deleted).")
        return _entry(row)

    def entries(self) -> list[LogEntry]:
        """Return every entry, oldest first."""
        rows = self._repo.connection.execute(
            "SELECT id, kind, occurred_on, hours, group_id, description FROM leadership_log "
            "ORDER BY occurred_on, id"
        ).fetchall()
        return [_entry(row) for row in rows]

    def delete(self, entry_id: int) -> None:
        """Remove an entry."""
        self.entry(entry_id)
        with self._repo.write() as conn:
            conn.execute("DELETE FROM leadership_log WHERE id = ?", (entry_id,))

    def led_sessions(self) -> list[LedSession]:
        """Return every held session: its date, length, cases and whether debriefed."""
        rows = self._repo.connection.execute(
            "SELECT s.held_on, s.duration_minutes, "
            "(SELECT count(*) FROM case_presentations AS c WHERE c.session_id = s.id), "
            "EXISTS (SELECT 1 FROM reflections AS r JOIN reflection_sections AS rs "
            "        ON rs.reflection_id = r.id "
            "        WHERE r.session_id = s.id AND rs.section_key = 'co_leader_debrief') "
            "FROM sessions AS s WHERE s.status = 'held' ORDER BY s.held_on"
        ).fetchall()
        return [
            LedSession(dt.date.fromisoformat(day), int(minutes), int(cases), bool(debriefed))
            for day, minutes, cases, debriefed in rows
        ]


def _entry(row: tuple[Any, ...]) -> LogEntry:
    entry_id, kind, day, hours, group_id, description = row
    return LogEntry(
        id=entry_id,
        kind=kind,
        occurred_on=dt.date.fromisoformat(day),
        hours=float(hours),
        group_id=group_id,
        description=description,
    )
