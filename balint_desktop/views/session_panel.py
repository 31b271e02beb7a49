"""The right-hand pane: one session's details and its reflection, autosaved."""

from __future__ import annotations

import datetime as dt
import zoneinfo
from collections.abc import Iterable

from PySide6.QtCore import QObject, Qt, QTimer, Signal, Slot
from PySide6.QtWidgets import QLabel, QScrollBar

from balint_desktop.app.autosave import FAILED, PENDING, SAVED, SAVING, Autosaver
from balint_desktop.app.notes import NotesService
from balint_desktop.core.errors import VaultError
from balint_desktop.core.models import Group, Session
from balint_desktop.views import labels
from balint_desktop.views.forms.ui_main_window import Ui_MainWindow
from balint_desktop.views.widgets.identifier_guard import IdentifierGuard
from balint_desktop.views.widgets.reflection_editor import ReflectionEditor

#: How much of the last session's follow-up a new session shows.
MAX_FOLLOW_UP_CHARS = 400


class SessionPanel(QObject):
    """Shows the selected session and feeds every edit to the autosaver.

    Signals:
        error: a message for the leader when the session cannot be shown.
        session_shown: (session id or None) the pane now shows this session.
    """

    error = Signal(str)
    session_shown = Signal(object)

    def __init__(
        self, ui: Ui_MainWindow, status_label: QLabel, notes: NotesService, autosaver: Autosaver
    ) -> None:
        """Wire the session page of the main window and the save indicator."""
        super().__init__(ui.detailStack)
        self._ui = ui
        self._status = status_label
        self._notes = notes
        self._autosaver = autosaver
        self._session_id: int | None = None
        self.editor = ReflectionEditor(
            ui.reflectionEditor, self.tr("Private — never exported or shared")
        )
        self.editor.edited.connect(self._edited)
        self._group_id: int | None = None
        self.guard = IdentifierGuard(self.editor, ui.identifierLabel, self._roster_codes)
        autosaver.state_changed.connect(self._show_save_state)
        notes.shared_changed.connect(self._show_shared)
        self._ui.emptyLabel.setText(self.empty_text(has_groups=True))
        ui.detailStack.setCurrentWidget(ui.emptyPage)

    def empty_text(self, has_groups: bool) -> str:
        """Say what to do when no session is shown."""
        if has_groups:
            return self.tr("Choose a session, or start a new one with Ctrl+N.")
        return self.tr("Start by creating a group with Ctrl+Shift+N (Group ▸ New group).")

    @property
    def session_id(self) -> int | None:
        """Return the session shown, if any."""
        return self._session_id

    def show_session(self, session_id: int | None) -> None:
        """Save the one shown, then show `session_id` (None: the empty page)."""
        if session_id == self._session_id:
            return
        self._autosaver.flush()
        self._session_id = None
        self.guard.clear()
        if session_id is None:
            self.editor.clear()
            self._ui.detailStack.setCurrentWidget(self._ui.emptyPage)
            self.session_shown.emit(None)
            return
        try:
            session = self._notes.session(session_id)
            group = self._notes.group(session.group_id)
            template = self._notes.template(session_id)
            sections = self._notes.reflection(session_id).sections
            shared = self._notes.vault.shared_reflections(session_id)
        except VaultError as error:
            self.error.emit(str(error))
            return
        # Text whose save failed stays in the editor, never lost.
        sections = sections | self._autosaver.pending_for(session_id)
        self._show_header(group, session)
        self._show_previous_follow_up(session, starting=not sections)
        self.editor.load(template, sections)
        self.editor.show_shared(shared)
        self._session_id = session_id
        self._group_id = session.group_id
        self.guard.check()
        self._ui.detailStack.setCurrentWidget(self._ui.sessionPage)
        self.session_shown.emit(session_id)

    def reload(self) -> None:
        """Show the current session again from the vault (after a restore)."""
        session_id = self._session_id
        self._session_id = None
        self.show_session(session_id)

    def refresh_header(self) -> None:
        """Redraw the header after the session or its group changed."""
        if self._session_id is None:
            return
        try:
            session = self._notes.session(self._session_id)
            self._show_header(self._notes.group(session.group_id), session)
        except VaultError as error:
            self.error.emit(str(error))

    def highlight(self, section: str, terms: Iterable[str]) -> bool:
        """Mark search terms in a section and scroll to the first."""
        return self.editor.highlight(section, terms)

    def reading_position(self) -> int:
        """Return how far down the reflection the leader has scrolled (kept over a lock)."""
        return int(self._ui.reflectionEditor.verticalScrollBar().value())

    def return_to(self, position: int) -> None:
        """Scroll back to `position` once the sections have grown to their full height."""
        bar = self._ui.reflectionEditor.verticalScrollBar()
        if bar.maximum() >= position:
            bar.setValue(position)
            return
        waiting = _ScrollWhenLong(bar, position)
        bar.rangeChanged.connect(waiting.range_changed)
        # Stop waiting if the text is shorter now than when it was left.
        QTimer.singleShot(2000, waiting, waiting.deleteLater)

    def clear(self) -> None:
        """Forget the session and empty every editor (on lock)."""
        self._session_id = None
        self.guard.clear()
        self.editor.clear()
        self._ui.previousFollowUpLabel.clear()
        self._ui.sessionTitleLabel.clear()
        self._ui.sessionMetaLabel.clear()
        self._status.clear()
        self._ui.detailStack.setCurrentWidget(self._ui.emptyPage)

    @Slot()
    def _show_shared(self) -> None:
        """A co-leader's file was merged: show their texts for the session shown."""
        if self._session_id is None:
            return
        try:
            self.editor.show_shared(self._notes.vault.shared_reflections(self._session_id))
        except VaultError as error:
            self.error.emit(str(error))

    def _roster_codes(self) -> list[str]:
        if self._group_id is None:
            return []
        try:
            return [member.pseudonym for member in self._notes.vault.members(self._group_id)]
        except VaultError:
            return []

    def _show_previous_follow_up(self, session: Session, starting: bool) -> None:
        """Starting a session: show what the last one left to follow up."""
        label = self._ui.previousFollowUpLabel
        label.setTextFormat(Qt.TextFormat.PlainText)
        label.clear()
        label.hide()
        if not starting:
            return
        earlier = [
            s for s in self._notes.sessions(session.group_id) if s.starts_at < session.starts_at
        ]
        if not earlier:
            return
        last = earlier[0]
        follow_up = self._notes.reflection(last.id).sections.get("follow_up", "").strip()
        if not follow_up:
            return
        if len(follow_up) > MAX_FOLLOW_UP_CHARS:
            follow_up = follow_up[:MAX_FOLLOW_UP_CHARS].rsplit(" ", 1)[0] + " …"
        label.setText(
            self.tr("From the last session (%1), to follow up: ").replace(
                "%1", labels.short_date(last.held_on)
            )
            + follow_up
        )
        label.show()

    def _show_header(self, group: Group, session: Session) -> None:
        local = session.starts_at.astimezone(zoneinfo.ZoneInfo(group.time_zone))
        self._ui.sessionTitleLabel.setText(f"<h2>{labels.long_date(session.held_on)}</h2>")
        parts = [
            labels.clock(local),
            self.tr("%1 min").replace("%1", str(session.duration_minutes)),
            labels.label_for(labels.modes(), session.mode),
            labels.label_for(labels.statuses(), session.status),
        ]
        mine = session.starts_at.astimezone()
        if mine.utcoffset() != local.utcoffset():
            parts.insert(1, self.tr("your time %1").replace("%1", _your_time(mine, local)))
        self._ui.sessionMetaLabel.setText(" · ".join(parts))

    @Slot(str, str)
    def _edited(self, key: str, text: str) -> None:
        if self._session_id is not None:
            self._autosaver.edited(self._session_id, key, text)

    @Slot(str, str)
    def _show_save_state(self, state: str, message: str) -> None:
        label = self._status
        label.setProperty("state", state)
        if state == FAILED:
            label.setText(self.tr("Not saved — %1 Your text is kept here.").replace("%1", message))
        elif state == SAVING:
            label.setText(self.tr("Saving…"))
        elif state == SAVED:
            label.setText(self.tr("Saved"))
        elif state == PENDING and label.text().startswith(self.tr("Not saved")):
            pass  # keep the warning until a save succeeds
        elif state == PENDING:
            label.setText(self.tr("Edited"))
        label.style().unpolish(label)
        label.style().polish(label)


def _your_time(mine: dt.datetime, theirs: dt.datetime) -> str:
    text = labels.clock(mine)
    if mine.date() != theirs.date():
        text += f" ({mine.strftime('%a')})"
    return text


class _ScrollWhenLong(QObject):
    """Sets a scroll bar to a position as soon as its range reaches it, once."""

    def __init__(self, bar: QScrollBar, position: int) -> None:
        super().__init__(bar)
        self._bar = bar
        self._position = position

    @Slot(int, int)
    def range_changed(self, _minimum: int, maximum: int) -> None:
        if maximum >= self._position:
            self._bar.setValue(self._position)
            self.deleteLater()  # its connection goes with it
