"""The groups, sessions and reflections calls of the automation API (mixed into `Vault`).

These are the calls external scripts use most (DESIGN.md §4): each is a
thin, error-translated step onto the vault's `Repository`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from balint_desktop.core.guard import translate_database_errors
from balint_desktop.core.models import Group, Reflection, Revision, Session
from balint_desktop.core.templates import Template
from balint_desktop.storage.repository import Repository


@translate_database_errors
class NotesApi:
    """Groups, their sessions, and each session's reflection with its revisions."""

    @property
    def repository(self) -> Repository:
        """Return the tables (provided by the vault)."""
        raise NotImplementedError

    def add_group(self, name: str, **fields: Any) -> Group:
        """Create a group.

        Fields: kind, time_zone, cadence, mode, co_leader, start_time,
        duration_minutes, started_on, closed_on.
        """
        return self.repository.add_group(name, fields)

    def update_group(self, group_id: int, **fields: Any) -> Group:
        """Change a group's name or any of its fields."""
        return self.repository.update_group(group_id, fields)

    def delete_group(self, group_id: int) -> None:
        """Delete a group with every session and reflection in it."""
        self.repository.delete_group(group_id)

    def groups(self) -> list[Group]:
        """Return every group, by name."""
        return self.repository.groups()

    def add_session(self, group_id: int, held_on: dt.date, **fields: Any) -> Session:
        """Create a session on `held_on`, the group's local date.

        Fields: start_time (local), duration_minutes, status, mode.
        """
        return self.repository.add_session(group_id, held_on, fields)

    def sessions(self, group_id: int) -> list[Session]:
        """Return a group's sessions, newest first."""
        return self.repository.sessions(group_id)

    def session(self, session_id: int) -> Session:
        """Return one session."""
        return self.repository.session(session_id)

    def delete_session(self, session_id: int) -> None:
        """Delete a session with its reflection and history."""
        self.repository.delete_session(session_id)

    def due_for_destruction(self, today: dt.date) -> list[Group]:
        """Groups past their retention date that still hold notes."""
        due = []
        for group in self.groups():
            after = group.destroy_after()
            if (
                after is not None
                and after <= today
                and any(self.reflection(s.id).sections for s in self.sessions(group.id))
            ):
                due.append(group)
        return due

    def destroy_notes(self, group_id: int) -> int:
        """Destroy a group's reflections and case details for good (APP 11).

        Keeps the sessions' dates, attendance and members; leaves a
        content-free audit entry. Returns how many reflections were destroyed.
        """
        return self.repository.destroy_notes(group_id)

    def audit_log(self) -> list[tuple[dt.datetime, str, int]]:
        """Return (when, what, how many) for every deliberate destruction."""
        return self.repository.audit_log()

    def group(self, group_id: int) -> Group:
        """Return one group."""
        return self.repository.group(group_id)

    def update_session(self, session_id: int, held_on: dt.date, **fields: Any) -> Session:
        """Change a session's date or fields (start_time, duration_minutes, status, mode)."""
        return self.repository.update_session(session_id, held_on, fields)

    def template(self, session_id: int) -> Template:
        """Return the template the session's reflection is written with."""
        return self.repository.session_template(session_id)

    def save_reflection(self, session_id: int, sections: Mapping[str, str]) -> Reflection:
        """Merge section texts into a session's reflection and record a revision.

        Keys are the template's section keys; an empty text clears a section.
        Durable when it returns.
        """
        return self.repository.save_reflection(session_id, sections)

    def reflection(self, session_id: int) -> Reflection:
        """Return a session's reflection (empty sections if never written)."""
        return self.repository.reflection(session_id)

    def revisions(self, session_id: int) -> list[Revision]:
        """Return a reflection's saved states, newest first."""
        return self.repository.revisions(session_id)

    def restore_revision(self, session_id: int, revision_id: int) -> Reflection:
        """Make an earlier revision current again (recorded as a new revision)."""
        return self.repository.restore_revision(session_id, revision_id)

    def delete_reflection(self, session_id: int) -> None:
        """Delete a reflection with its history; it is no longer found."""
        self.repository.delete_reflection(session_id)
