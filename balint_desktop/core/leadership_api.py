"""The leadership-log calls of the automation API (mixed into `Vault`)."""

from __future__ import annotations

import datetime as dt

from balint_desktop.core.guard import translate_database_errors
from balint_desktop.core.leadership import LogEntry, Requirement, progress, to_csv, to_html
from balint_desktop.storage.leadership_log import LeadershipLog
from balint_desktop.storage.repository import Repository


@translate_database_errors
class LeadershipApi:
    """Log entries, sessions led, and progress towards accreditation."""

    @property
    def repository(self) -> Repository:
        """Return the tables (provided by the vault)."""
        raise NotImplementedError

    @property
    def leadership_log(self) -> LeadershipLog:
        """Return the leadership log of the open vault."""
        return LeadershipLog(self.repository)

    def add_log_entry(
        self,
        kind: str,
        occurred_on: dt.date,
        hours: float = 0.0,
        group_id: int | None = None,
        description: str = "",
    ) -> LogEntry:
        """Record supervision, an intensive, a workshop, an observed session or a training day."""
        return self.leadership_log.add(kind, occurred_on, hours, group_id, description)

    def log_entries(self) -> list[LogEntry]:
        """Return the log entries, oldest first."""
        return self.leadership_log.entries()

    def delete_log_entry(self, entry_id: int) -> None:
        """Remove a log entry."""
        self.leadership_log.delete(entry_id)

    def leadership_progress(self, today: dt.date) -> list[Requirement]:
        """Return progress towards the BSANZ, UK and American thresholds."""
        log = self.leadership_log
        return progress(log.led_sessions(), log.entries(), today)

    def leadership_csv(self) -> str:
        """Return the log (sessions led and entries) as CSV, with no note text."""
        log = self.leadership_log
        return to_csv(log.led_sessions(), log.entries())

    def leadership_html(self, today: dt.date) -> str:
        """Return the log and progress as HTML for a PDF, with no note text."""
        log = self.leadership_log
        sessions, entries = log.led_sessions(), log.entries()
        return to_html(sessions, entries, progress(sessions, entries, today), today)
