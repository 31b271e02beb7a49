"""Attendance and the cases presented, above a session's reflection."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, Qt, Signal, Slot
from PySide6.QtWidgets import QDialog, QListWidgetItem, QMessageBox, QWidget

from balint_desktop.app.notes import NotesService
from balint_desktop.core.errors import VaultError
from balint_desktop.core.models import DEFAULT_OTHER_KIND, MAX_PRESENTATIONS, Presentation
from balint_desktop.views.attendance_dialog import AttendanceDialog
from balint_desktop.views.case_dialog import CaseDialog
from balint_desktop.views.case_thread_dialog import CaseThreadDialog
from balint_desktop.views.forms.ui_main_window import Ui_MainWindow
from balint_desktop.views.roster_dialog import RosterDialog
from balint_desktop.views.template_dialog import TemplateDialog
from balint_desktop.views.widgets.confirm import confirm_destructive
from balint_desktop.views.widgets.modal import opened

CASE_ROLE = Qt.ItemDataRole.UserRole


class PracticePanel(QObject):
    """Shows and edits the attendance and cases of the session on screen.

    Signals:
        error: a message for the leader.
        open_session: (session id) go to a session (from a case thread).
    """

    error = Signal(str)
    open_session = Signal(int)

    def __init__(
        self,
        ui: Ui_MainWindow,
        notes: NotesService,
        today: Callable[[], dt.date],
        parent_window: QWidget,
    ) -> None:
        """Wire the attendance row and the case list."""
        super().__init__(ui.practiceFrame)
        self._ui = ui
        self._notes = notes
        self._today = today
        self._window = parent_window
        self._session_id: int | None = None
        ui.attendanceButton.clicked.connect(self.edit_attendance)
        ui.addCaseButton.clicked.connect(self.add_case)
        ui.editCaseButton.clicked.connect(self.edit_case)
        ui.removeCaseButton.clicked.connect(self.remove_case)
        ui.caseThreadButton.clicked.connect(self.show_thread)
        ui.caseList.itemActivated.connect(lambda _item: self.edit_case())
        ui.caseList.currentItemChanged.connect(lambda *_: self._update_buttons())
        notes.practice_changed.connect(self._changed)
        notes.members_changed.connect(lambda _group: self.refresh())

    def show_session(self, session_id: int | None) -> None:
        """Show the attendance and cases of `session_id` (None: nothing)."""
        self._session_id = session_id
        self.refresh()

    def clear(self) -> None:
        """Forget everything shown (on lock)."""
        self._session_id = None
        self._ui.caseList.clear()
        self._ui.attendanceSummaryLabel.clear()

    def refresh(self) -> None:
        """Redraw from the vault."""
        ui = self._ui
        ui.caseList.clear()
        if self._session_id is None or not self._notes.attached:
            ui.attendanceSummaryLabel.clear()
            self._update_buttons()
            return
        try:
            session = self._notes.session(self._session_id)
            members = {m.id: m.pseudonym for m in self._notes.members(session.group_id)}
            attendance = self._notes.attendance(self._session_id)
            cases = self._notes.presentations(self._session_id)
        except VaultError as error:
            self.error.emit(str(error))
            return
        counts = {
            s: sum(1 for a in attendance if a.status == s) for s in ("present", "apology", "absent")
        }
        if attendance:
            parts = [self.tr("%1 present").replace("%1", str(counts["present"]))]
            if counts["apology"] == 1:
                parts.append(self.tr("1 apology"))
            elif counts["apology"]:
                parts.append(self.tr("%1 apologies").replace("%1", str(counts["apology"])))
            if counts["absent"]:
                parts.append(self.tr("%1 absent").replace("%1", str(counts["absent"])))
            ui.attendanceSummaryLabel.setText(" · ".join(parts))
        else:
            ui.attendanceSummaryLabel.setText(self.tr("Not recorded"))
        for case in cases:
            item = QListWidgetItem(self._describe(case, members))
            item.setData(CASE_ROLE, case)
            ui.caseList.addItem(item)
        if not cases:
            placeholder = QListWidgetItem(self.tr("No case recorded — Add case… to record one."))
            placeholder.setFlags(Qt.ItemFlag.NoItemFlags)
            ui.caseList.addItem(placeholder)
        self._update_buttons()

    # -- actions -------------------------------------------------------------

    @Slot()
    def edit_attendance(self) -> AttendanceDialog | None:
        """Open the attendance of the session on screen."""
        if self._session_id is None:
            return None
        session_id = self._session_id
        session = self._notes.session(session_id)
        members = self._notes.members(session.group_id, on=session.held_on)

        def save(rows: list[tuple[int, str | None, bool]]) -> str | None:
            try:
                self._notes.record_attendance(session_id, rows)
            except VaultError as error:
                return str(error)
            return None

        dialog = AttendanceDialog(members, self._notes.attendance(session_id), save, self._window)
        dialog.members_requested.connect(lambda: self.edit_members(session.group_id))
        self._open(dialog)
        return dialog

    def edit_members(self, group_id: int) -> RosterDialog:
        """Open the roster of a group."""
        dialog = RosterDialog(self._notes, group_id, self._today(), self._window)
        self._open(dialog)
        return dialog

    def edit_template(self, group_id: int) -> TemplateDialog:
        """Open the reflection template of a group."""
        dialog = TemplateDialog(self._notes, group_id, self._window)
        self._open(dialog)
        return dialog

    @Slot()
    def add_case(self) -> CaseDialog | None:
        """Open a new case for the session on screen."""
        return self._case_dialog(None)

    @Slot()
    def edit_case(self) -> CaseDialog | None:
        """Open the chosen case."""
        case = self._chosen()
        return None if case is None else self._case_dialog(case)

    @Slot()
    def show_thread(self) -> CaseThreadDialog | None:
        """Show every session where the chosen case came up."""
        case = self._chosen()
        if case is None or self._session_id is None:
            return None
        group_id = self._notes.session(self._session_id).group_id
        presenters = {m.id: m.pseudonym for m in self._notes.members(group_id)}
        dialog = CaseThreadDialog(
            self._notes.case_thread(case.id),
            presenters,
            lambda session_id: self._notes.reflection(session_id).sections,
            self._notes.template(self._session_id),
            self._window,
        )
        dialog.open_session.connect(self.open_session)
        self._open(dialog)
        return dialog

    @Slot()
    def remove_case(self) -> QMessageBox | None:
        """Ask, then remove the chosen case from the session."""
        case = self._chosen()
        session_id = self._session_id
        if case is None or session_id is None:
            return None
        text = self.tr("Remove the case of %1 from this session?").replace(
            "%1", case.other_pseudonym or self.tr("(no pseudonym)")
        )

        def remove() -> None:
            try:
                self._notes.delete_presentation(session_id, case.id)
            except VaultError as error:
                self.error.emit(str(error))

        return confirm_destructive(
            self._window,
            text,
            remove,
            name="confirmRemoveCase",
            action=self.tr("Remove"),
            icon=QMessageBox.Icon.Question,
        )

    # -- internals -----------------------------------------------------------

    def _case_dialog(self, case: Presentation | None) -> CaseDialog | None:
        if self._session_id is None:
            return None
        session_id = self._session_id
        session = self._notes.session(session_id)
        group = self._notes.group(session.group_id)

        def save(fields: dict[str, Any]) -> str | None:
            try:
                if case is None:
                    self._notes.add_presentation(session_id, **fields)
                else:
                    self._notes.update_presentation(case.id, **fields)
            except VaultError as error:
                return str(error)
            return None

        dialog = CaseDialog(
            save,
            self._notes.members(group.id, on=session.held_on),
            self._notes.earlier_presentations(session_id),
            DEFAULT_OTHER_KIND[group.kind],
            case,
            self._window,
        )
        self._open(dialog)
        return dialog

    def _describe(self, case: Presentation, members: dict[int, str]) -> str:
        presenter = members.get(case.presenter_id or -1, self.tr("someone"))
        other = case.other_pseudonym or self.tr("(no pseudonym)")
        text = self.tr("%1 presented %2, a %3").replace("%1", presenter)
        text = text.replace("%2", other).replace("%3", case.other_kind)
        if case.summary:
            text += f": {case.summary}"
        if case.follows_id is not None:
            text += self.tr(" — follow-up")
        return text

    def _chosen(self) -> Presentation | None:
        item = self._ui.caseList.currentItem()
        value = None if item is None else item.data(CASE_ROLE)
        return value if isinstance(value, Presentation) else None

    def _update_buttons(self) -> None:
        ui = self._ui
        has_session = self._session_id is not None
        count = sum(
            1 for row in range(ui.caseList.count()) if ui.caseList.item(row).data(CASE_ROLE)
        )
        ui.attendanceButton.setEnabled(has_session)
        ui.addCaseButton.setEnabled(has_session and count < MAX_PRESENTATIONS)
        chosen = self._chosen() is not None
        ui.editCaseButton.setEnabled(chosen)
        ui.caseThreadButton.setEnabled(chosen)
        ui.removeCaseButton.setEnabled(chosen)

    @Slot(int)
    def _changed(self, session_id: int) -> None:
        if session_id == self._session_id:
            self.refresh()

    @staticmethod
    def _open(dialog: QDialog) -> None:
        opened(dialog)
