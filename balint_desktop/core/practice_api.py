"""The roster, attendance and case-presentation calls of the automation API."""

from __future__ import annotations

import datetime as dt
from typing import Any

from balint_desktop.core.cpd import CpdStatement, build_statement
from balint_desktop.core.guard import translate_database_errors
from balint_desktop.core.models import Attendance, Member, Presentation, Session
from balint_desktop.storage.practice import PracticeRepository


@translate_database_errors
class PracticeApi:
    """Members, attendance and cases; mixed into `Vault`, which supplies `practice`."""

    @property
    def practice(self) -> PracticeRepository:
        """Return the practice tables (provided by the vault)."""
        raise NotImplementedError

    def add_member(
        self,
        group_id: int,
        pseudonym: str,
        *,
        profession: str = "",
        joined_on: dt.date | None = None,
    ) -> Member:
        """Add a member to a group's roster, by pseudonym or initials only."""
        return self.practice.add_member(group_id, pseudonym, profession, joined_on)

    def update_member(self, member_id: int, **fields: Any) -> Member:
        """Change a member (fields: pseudonym, profession, joined_on, left_on)."""
        return self.practice.update_member(member_id, fields)

    def members(self, group_id: int, *, on: dt.date | None = None) -> list[Member]:
        """Return a group's members by pseudonym; with `on`, those in the group that day."""
        return self.practice.members(group_id, on)

    def member(self, member_id: int) -> Member:
        """Return one member."""
        return self.practice.member(member_id)

    def set_attendance(
        self, session_id: int, member_id: int, status: str, presented: bool = False
    ) -> Attendance:
        """Record whether a member of the session's group came (present, apology, absent)."""
        return self.practice.set_attendance(session_id, member_id, status, presented)

    def clear_attendance(self, session_id: int, member_id: int) -> None:
        """Forget a member's attendance at a session."""
        self.practice.clear_attendance(session_id, member_id)

    def attendance(self, session_id: int) -> list[Attendance]:
        """Return a session's recorded attendance, by member pseudonym."""
        return self.practice.attendance(session_id)

    def add_presentation(
        self,
        session_id: int,
        *,
        presenter_id: int | None = None,
        other_pseudonym: str = "",
        other_kind: str | None = None,
        summary: str = "",
        follows_id: int | None = None,
    ) -> Presentation:
        """Record a case presented in a session (at most three; see `PracticeRepository`).

        `other_kind` None means the group's usual word; a presenter is also
        marked present and as having presented.
        """
        fields = {
            "presenter_id": presenter_id,
            "other_pseudonym": other_pseudonym,
            "other_kind": other_kind,
            "summary": summary,
            "follows_id": follows_id,
        }
        return self.practice.add_presentation(session_id, fields)

    def update_presentation(self, presentation_id: int, **fields: Any) -> Presentation:
        """Change a presentation.

        Fields: presenter_id, other_pseudonym, other_kind, summary, follows_id.
        """
        return self.practice.update_presentation(presentation_id, fields)

    def delete_presentation(self, presentation_id: int) -> None:
        """Delete a presentation; the session's others are renumbered 1..n."""
        self.practice.delete_presentation(presentation_id)

    def presentation(self, presentation_id: int) -> Presentation:
        """Return one presentation."""
        return self.practice.presentation(presentation_id)

    def presentations(self, session_id: int) -> list[Presentation]:
        """Return a session's presentations by position."""
        return self.practice.presentations(session_id)

    def earlier_presentations(self, session_id: int) -> list[tuple[Session, Presentation]]:
        """Return the group's presentations in earlier sessions, newest first."""
        return self.practice.earlier_presentations(session_id)

    def case_thread(self, presentation_id: int) -> list[tuple[Session, Presentation]]:
        """Return every presentation of the same case, branches included, oldest first."""
        return self.practice.case_thread(presentation_id)

    def cpd_statement(
        self,
        member_id: int,
        start: dt.date,
        end: dt.date,
        *,
        member_name: str = "",
        leaders: tuple[str, ...] = (),
    ) -> CpdStatement:
        """Return a member's attendance statement for a period: dates, hours, mode only.

        `member_name` is the name to print (the roster keeps pseudonyms); it is
        not stored. Without `leaders`, the group's co-leader is named.
        """
        member = self.practice.member(member_id)
        group = self.practice.group_of(member)
        attended = self.practice.attended_sessions(member_id)
        return build_statement(group, member, attended, start, end, member_name, leaders)
