"""The redacted export calls of the automation API (mixed into `Vault`).

These return text only; writing it anywhere (a PDF, a Markdown file, the
printer) is the caller's act, after the leader has been warned that the
copy is not encrypted (T13).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from balint_desktop.core import redact
from balint_desktop.core.deidentify import IdentifierSpan
from balint_desktop.core.errors import InvalidInput
from balint_desktop.core.guard import translate_database_errors
from balint_desktop.core.models import Session
from balint_desktop.core.redact import RedactedDocument, RedactionOptions, SessionRecord
from balint_desktop.storage.exchange_store import ExchangeStore
from balint_desktop.storage.practice import PracticeRepository
from balint_desktop.storage.repository import Repository


@translate_database_errors
class RedactedExportApi:
    """Redacted copies of sessions, as Markdown or HTML, and the guard's view of them."""

    @property
    def repository(self) -> Repository:
        """Return the tables (provided by the vault)."""
        raise NotImplementedError

    @property
    def practice(self) -> PracticeRepository:
        """Return the practice tables (provided by the vault)."""
        raise NotImplementedError

    def sessions_between(self, group_id: int, first: dt.date, last: dt.date) -> list[Session]:
        """Return a group's sessions held from `first` to `last` (both included), oldest first."""
        sessions = self.repository.sessions(group_id)
        return sorted(
            (s for s in sessions if first <= s.held_on <= last),
            key=lambda s: (s.held_on, s.starts_at, s.id),
        )

    def redacted_document(
        self, session_ids: Iterable[int], options: RedactionOptions | None = None
    ) -> RedactedDocument:
        """Return the redacted copy of sessions of one group (see `core.redact`).

        Raises:
            InvalidInput: no sessions, an unknown one, or sessions of two groups.
        """
        repo = self.repository
        records = []
        for session_id in dict.fromkeys(session_ids):
            records.append(
                SessionRecord(
                    session=repo.session(session_id),
                    template=repo.session_template(session_id),
                    reflection=repo.reflection(session_id),
                    attendance=self.practice.attendance(session_id),
                    presentations=self.practice.presentations(session_id),
                )
            )
        if not records:
            raise InvalidInput("Choose at least one session to export.")
        group = repo.group(records[0].session.group_id)
        members = self.practice.members(group.id, None)
        co_leaders = [c.name for c in ExchangeStore(repo).co_leaders()]
        return redact.build_document(group, members, records, options, co_leaders)

    def redacted_markdown(
        self, session_ids: Iterable[int], options: RedactionOptions | None = None
    ) -> str:
        """Return the redacted copy as Markdown (never a private section; names out by default)."""
        return redact.to_markdown(self.redacted_document(session_ids, options))

    def redacted_html(
        self, session_ids: Iterable[int], options: RedactionOptions | None = None
    ) -> str:
        """Return the redacted copy as escaped HTML, for a PDF or the printer."""
        return redact.to_html(self.redacted_document(session_ids, options))

    def redacted_identifiers(
        self,
        session_ids: Iterable[int],
        options: RedactionOptions | None = None,
        *,
        today: dt.date | None = None,
    ) -> list[IdentifierSpan]:
        """Return what the de-identification guard finds in the redacted copy.

        The roster's names are given to the guard even when the copy keeps
        them, so a leader who chose to include names is still told.
        """
        return redact.identifiers(self.redacted_document(session_ids, options), today)
