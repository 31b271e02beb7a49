"""A member's CPD attendance statement, saved as a PDF."""

from __future__ import annotations

import datetime as dt
import html
import re

from PySide6.QtCore import Slot
from PySide6.QtWidgets import QDialog, QWidget

from balint_desktop.app.notes import NotesService
from balint_desktop.app.pdf import write_pdf
from balint_desktop.core.cpd import CpdStatement, statement_html
from balint_desktop.core.errors import VaultError
from balint_desktop.views import labels
from balint_desktop.views.forms.ui_cpd_dialog import Ui_CpdDialog
from balint_desktop.views.widgets import save_path


class CpdDialog(QDialog):
    """The `cpdDialog`: period, names, and Save as PDF."""

    def __init__(
        self, notes: NotesService, member_id: int, today: dt.date, parent: QWidget | None = None
    ) -> None:
        """Offer the last twelve months of `member_id`'s attendance."""
        super().__init__(parent)
        self.ui = Ui_CpdDialog()
        self.ui.setupUi(self)
        self._notes = notes
        self._member_id = member_id
        self._today = today
        member = notes.vault.member(member_id)
        self.ui.headingLabel.setText(
            "<h3>"
            + self.tr("CPD statement for %1").replace("%1", html.escape(member.pseudonym))
            + "</h3>"
        )
        self.ui.nameEdit.setPlaceholderText(member.pseudonym)
        co_leader = notes.vault.group(member.group_id).co_leader
        self.ui.leadersEdit.setText(co_leader)
        start = today - dt.timedelta(days=364)
        self.ui.fromEdit.setDate(labels.to_qdate(start))
        self.ui.toEdit.setDate(labels.to_qdate(today))
        self.ui.errorLabel.hide()
        self.ui.fromEdit.dateChanged.connect(self.refresh)
        self.ui.toEdit.dateChanged.connect(self.refresh)
        self.ui.savePdfButton.clicked.connect(self.save_pdf)
        self.ui.buttonBox.rejected.connect(self.reject)
        self.refresh()

    def statement(self) -> CpdStatement:
        """Return the statement the fields describe (raises `VaultError` if invalid)."""
        leaders = tuple(p for p in re.split(r"[,;]", self.ui.leadersEdit.text()) if p.strip())
        return self._notes.vault.cpd_statement(
            self._member_id,
            labels.to_date(self.ui.fromEdit.date()),
            labels.to_date(self.ui.toEdit.date()),
            member_name=self.ui.nameEdit.text(),
            leaders=leaders,
        )

    @Slot()
    def refresh(self) -> None:
        """Say how many sessions and hours the period holds."""
        try:
            statement = self.statement()
        except VaultError as error:
            self._show_error(str(error))
            self.ui.summaryLabel.setText("")
            self.ui.savePdfButton.setEnabled(False)
            return
        self.ui.errorLabel.hide()
        self.ui.savePdfButton.setEnabled(True)
        self.ui.summaryLabel.setText(
            self.tr("%1 session(s) attended in this period, %2 hours.")
            .replace("%1", str(len(statement.sessions)))
            .replace("%2", f"{statement.hours:g}")
        )

    @Slot()
    def save_pdf(self) -> None:
        """Ask where, then write the statement as a PDF."""
        try:
            statement = self.statement()
        except VaultError as error:
            self._show_error(str(error))
            return
        path = save_path.choose_save_path(
            self, self.tr("Save CPD statement"), "cpd-statement.pdf", "PDF (*.pdf)"
        )
        if path is None:
            return
        try:
            write_pdf(statement_html(statement, self._today), path, "Statement of attendance")
        except OSError as error:
            self._show_error(save_path.save_error(error))
            return
        self.ui.errorLabel.hide()
        self.ui.summaryLabel.setText(self.tr("Saved as %1.").replace("%1", path.name))

    def _show_error(self, message: str) -> None:
        self.ui.errorLabel.setText(message)
        self.ui.errorLabel.show()
