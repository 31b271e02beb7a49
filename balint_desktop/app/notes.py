"""The unlocked vault as the views see it: reads, writes and change signals.

Views never hold the vault; they ask this service, which exists only while
the vault is unlocked and is detached (vault dropped) when it locks.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, Signal

from balint_desktop.core.errors import VaultClosed, VaultCorrupt
from balint_desktop.core.exchange import ExchangeReport
from balint_desktop.core.models import (
    Attendance,
    Group,
    Member,
    Presentation,
    Reflection,
    Revision,
    Session,
)
from balint_desktop.core.templates import Template
from balint_desktop.core.vault import Vault


class NotesService(QObject):
    """Thin, signal-emitting access to the open vault.

    Signals:
        groups_changed: a group was added, renamed or removed.
        sessions_changed: (group_id) that group's sessions changed.
        reflection_saved: (session_id) a reflection was saved or restored.
        members_changed: (group_id) a member was added or changed.
        practice_changed: (session_id) attendance or cases of a session changed.
        shared_changed: a co-leader's reflections were added, updated or removed.
        damaged: (message) a read or write found the vault damaged; the app
            must close it and offer the restore.
    """

    groups_changed = Signal()
    sessions_changed = Signal(int)
    reflection_saved = Signal(int)
    members_changed = Signal(int)
    practice_changed = Signal(int)
    shared_changed = Signal()
    damaged = Signal(str)

    def __init__(self, parent: QObject | None = None) -> None:
        """Start detached."""
        super().__init__(parent)
        self._vault: Vault | None = None

    def attach(self, vault: Vault) -> None:
        """Use `vault` from now on."""
        self._vault = vault

    def detach(self) -> None:
        """Forget the vault (it is being locked)."""
        self._vault = None

    @property
    def attached(self) -> bool:
        """Return whether a vault is open."""
        return self._vault is not None

    @property
    def vault(self) -> Vault:
        """Return the open vault or raise `VaultClosed`.

        Every call through it that finds damage also emits `damaged`.
        """
        if self._vault is None:
            raise VaultClosed()
        return _DamageReporter(self._vault, self.damaged)  # type: ignore[return-value]

    def groups(self) -> list[Group]:
        """Return every group."""
        return self.vault.groups()

    def group(self, group_id: int) -> Group:
        """Return one group."""
        return self.vault.group(group_id)

    def add_group(self, name: str, **fields: Any) -> Group:
        """Create a group and announce it."""
        group = self.vault.add_group(name, **fields)
        self.groups_changed.emit()
        return group

    def update_group(self, group_id: int, **fields: Any) -> Group:
        """Change a group and announce it."""
        group = self.vault.update_group(group_id, **fields)
        self.groups_changed.emit()
        self.sessions_changed.emit(group_id)
        return group

    def delete_group(self, group_id: int) -> None:
        """Delete a group with all its sessions and announce it."""
        self.vault.delete_group(group_id)
        self.groups_changed.emit()

    def delete_session(self, session_id: int) -> None:
        """Delete a session with its reflection and announce it."""
        group_id = self.vault.session(session_id).group_id
        self.vault.delete_session(session_id)
        self.sessions_changed.emit(group_id)

    def destroy_notes(self, group_id: int) -> int:
        """Destroy a group's reflections for good; announce it."""
        count = self.vault.destroy_notes(group_id)
        self.sessions_changed.emit(group_id)
        self.reflection_saved.emit(-1)
        return count

    def import_exchange(
        self, path: Path, group_id: int | None = None, expected: str | None = None
    ) -> ExchangeReport:
        """Merge a co-leader's file (see `Vault.import_exchange`) and announce it."""
        report = self.vault.import_exchange(path, group_id, expected)
        if report.merged:
            self.groups_changed.emit()
            if report.group_id is not None:
                self.sessions_changed.emit(report.group_id)
            self.shared_changed.emit()
        return report

    def rename_co_leader(self, co_leader_id: int, name: str) -> None:
        """Change a co-leader's name; announce it (it is shown beside their texts)."""
        self.vault.rename_co_leader(co_leader_id, name)
        self.shared_changed.emit()

    def remove_co_leader(self, co_leader_id: int) -> None:
        """Forget a co-leader and their reflections; announce it."""
        self.vault.remove_co_leader(co_leader_id)
        self.shared_changed.emit()

    def sessions(self, group_id: int) -> list[Session]:
        """Return a group's sessions, newest first."""
        return self.vault.sessions(group_id)

    def session(self, session_id: int) -> Session:
        """Return one session."""
        return self.vault.session(session_id)

    def add_session(self, group_id: int, held_on: dt.date, **fields: Any) -> Session:
        """Create a session and announce it."""
        session = self.vault.add_session(group_id, held_on, **fields)
        self.sessions_changed.emit(group_id)
        return session

    def update_session(self, session_id: int, held_on: dt.date, **fields: Any) -> Session:
        """Change a session and announce it."""
        session = self.vault.update_session(session_id, held_on, **fields)
        self.sessions_changed.emit(session.group_id)
        return session

    def template(self, session_id: int) -> Template:
        """Return the template of a session's reflection."""
        return self.vault.template(session_id)

    def reflection(self, session_id: int) -> Reflection:
        """Return a session's reflection."""
        return self.vault.reflection(session_id)

    def save_reflection(self, session_id: int, sections: Mapping[str, str]) -> Reflection:
        """Save section texts (raises `VaultError` on failure, nothing lost)."""
        reflection = self.vault.save_reflection(session_id, sections)
        self.reflection_saved.emit(session_id)
        return reflection

    def revisions(self, session_id: int) -> list[Revision]:
        """Return a reflection's history, newest first."""
        return self.vault.revisions(session_id)

    def restore_revision(self, session_id: int, revision_id: int) -> Reflection:
        """Make an earlier revision current again."""
        reflection = self.vault.restore_revision(session_id, revision_id)
        self.reflection_saved.emit(session_id)
        return reflection

    # -- roster, attendance, cases -----------------------------------------

    def members(self, group_id: int, on: dt.date | None = None) -> list[Member]:
        """Return a group's members (those in the group on `on`, if given)."""
        return self.vault.members(group_id, on=on)

    def add_member(self, group_id: int, pseudonym: str, **fields: Any) -> Member:
        """Add a member and announce it."""
        member = self.vault.add_member(group_id, pseudonym, **fields)
        self.members_changed.emit(group_id)
        return member

    def update_member(self, member_id: int, **fields: Any) -> Member:
        """Change a member and announce it."""
        member = self.vault.update_member(member_id, **fields)
        self.members_changed.emit(member.group_id)
        return member

    def attendance(self, session_id: int) -> list[Attendance]:
        """Return who came to a session."""
        return self.vault.attendance(session_id)

    def record_attendance(self, session_id: int, rows: list[tuple[int, str | None, bool]]) -> None:
        """Record (member, status or None to clear, presented) for a session."""
        for member_id, status, presented in rows:
            if status is None:
                self.vault.clear_attendance(session_id, member_id)
            else:
                self.vault.set_attendance(session_id, member_id, status, presented)
        self.practice_changed.emit(session_id)

    def presentations(self, session_id: int) -> list[Presentation]:
        """Return the cases presented in a session, in order."""
        return self.vault.presentations(session_id)

    def earlier_presentations(self, session_id: int) -> list[tuple[Session, Presentation]]:
        """Return the group's earlier presentations, newest first."""
        return self.vault.earlier_presentations(session_id)

    def case_thread(self, presentation_id: int) -> list[tuple[Session, Presentation]]:
        """Return every presentation of the same case, oldest first."""
        return self.vault.case_thread(presentation_id)

    def add_presentation(self, session_id: int, **fields: Any) -> Presentation:
        """Add a case to a session and announce it."""
        presentation = self.vault.add_presentation(session_id, **fields)
        self.practice_changed.emit(session_id)
        return presentation

    def update_presentation(self, presentation_id: int, **fields: Any) -> Presentation:
        """Change a case and announce it."""
        presentation = self.vault.update_presentation(presentation_id, **fields)
        self.practice_changed.emit(presentation.session_id)
        return presentation

    def delete_presentation(self, session_id: int, presentation_id: int) -> None:
        """Remove a case from a session and announce it."""
        self.vault.delete_presentation(presentation_id)
        self.practice_changed.emit(session_id)


class _DamageReporter:
    """Forwards calls to the vault and reports damage it meets (once per call)."""

    def __init__(self, vault: Vault, damaged: Any) -> None:
        self._vault = vault
        self._damaged = damaged

    def __getattr__(self, name: str) -> Any:
        member = getattr(self._vault, name)
        if not callable(member):
            return member

        def call(*args: Any, **kwargs: Any) -> Any:
            try:
                return member(*args, **kwargs)
            except VaultCorrupt as error:
                self._damaged.emit(str(error))
                raise

        return call
