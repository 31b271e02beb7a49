"""The leadership log: progress towards accreditation, and the leader's entries."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt, Slot
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QHeaderView,
    QListWidgetItem,
    QTableWidgetItem,
    QWidget,
)

from balint_desktop.app.notes import NotesService
from balint_desktop.app.pdf import write_pdf
from balint_desktop.core.deidentify import find_identifiers
from balint_desktop.core.errors import VaultError
from balint_desktop.core.leadership import LOG_KINDS, LogEntry
from balint_desktop.views import labels
from balint_desktop.views.forms.ui_leadership_dialog import Ui_LeadershipDialog
from balint_desktop.views.widgets import save_path

ENTRY_ROLE = Qt.ItemDataRole.UserRole
KIND_LABELS = {
    "supervision": "Supervision",
    "intensive": "Leadership intensive",
    "workshop": "Workshop",
    "observed": "Observed session",
    "training_day": "Training day",
    "other": "Other",
}


class LeadershipDialog(QDialog):
    """The `leadershipDialog`."""

    def __init__(self, notes: NotesService, today: dt.date, parent: QWidget | None = None) -> None:
        """Show progress as of `today` and the entries."""
        super().__init__(parent)
        self.ui = Ui_LeadershipDialog()
        self.ui.setupUi(self)
        self._notes = notes
        self._today = today
        for kind in LOG_KINDS:
            self.ui.kindCombo.addItem(self.tr(KIND_LABELS[kind]), kind)
        self.ui.dateEdit.setDate(labels.to_qdate(today))
        self.ui.errorLabel.hide()
        header = self.ui.progressTable.horizontalHeader()
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.ui.addEntryButton.clicked.connect(self.add_entry)
        self.ui.deleteEntryButton.clicked.connect(self.delete_entry)
        self.ui.copyCsvButton.clicked.connect(self.copy_csv)
        self.ui.savePdfButton.clicked.connect(self.save_pdf)
        self.ui.buttonBox.rejected.connect(self.reject)
        self.refresh()

    def refresh(self) -> None:
        """Redraw progress and entries from the vault."""
        vault = self._notes.vault
        table = self.ui.progressTable
        requirements = vault.leadership_progress(self._today)
        table.setRowCount(len(requirements))
        for row, req in enumerate(requirements):
            have = f"{req.have:g} of {req.need:g}"
            cells = (req.body, req.what, have, self.tr("yes") if req.met else "")
            for column, text in enumerate(cells):
                table.setItem(row, column, QTableWidgetItem(text))
        table.resizeColumnToContents(0)
        self.ui.entryList.clear()
        for entry in reversed(vault.log_entries()):
            item = QListWidgetItem(self._describe(entry))
            item.setData(ENTRY_ROLE, entry.id)
            self.ui.entryList.addItem(item)

    def _describe(self, entry: LogEntry) -> str:
        text = f"{labels.short_date(entry.occurred_on)} — {self.tr(KIND_LABELS[entry.kind])}"
        if entry.hours:
            text += f", {entry.hours:g} h"
        if entry.description:
            text += f" — {entry.description}"
        return text

    @Slot()
    def add_entry(self) -> None:
        """Add the entry in the row of fields."""
        day = self.ui.dateEdit.date()
        try:
            self._notes.vault.add_log_entry(
                self.ui.kindCombo.currentData(),
                labels.to_date(day),
                self.ui.hoursSpin.value(),
                description=self.ui.descriptionEdit.text(),
            )
        except VaultError as error:
            self._show_error(str(error))
            return
        self.ui.errorLabel.hide()
        self.ui.descriptionEdit.setText("")
        self.refresh()

    @Slot()
    def delete_entry(self) -> None:
        """Remove the chosen entry."""
        item = self.ui.entryList.currentItem()
        if item is None:
            return
        try:
            self._notes.vault.delete_log_entry(int(item.data(ENTRY_ROLE)))
        except VaultError as error:
            self._show_error(str(error))
        else:
            self.ui.errorLabel.hide()
        self.refresh()

    def _show_error(self, message: str) -> None:
        self.ui.errorLabel.setText(message)
        self.ui.errorLabel.show()

    @Slot()
    def copy_csv(self) -> None:
        """Put the log on the clipboard as CSV (dates, kinds, hours; no notes)."""
        QApplication.clipboard().setText(self._notes.vault.leadership_csv())
        self._check_identifiers()

    def _check_identifiers(self) -> None:
        """Before an export: say (without stopping it) if an entry may identify someone."""
        hits = [
            span.text
            for entry in self._notes.vault.log_entries()
            for span in find_identifiers(entry.description)
        ]
        if hits:
            self._show_error(
                self.tr(
                    "Exported. Your entries may identify someone: %1. Edit them if so."
                ).replace("%1", ", ".join(dict.fromkeys(hits)))
            )
        else:
            self.ui.errorLabel.hide()

    @Slot()
    def save_pdf(self) -> None:
        """Ask where, then write the log and progress as a PDF (no note text)."""
        path = save_path.choose_save_path(
            self, self.tr("Save leadership log"), "leadership-log.pdf", "PDF (*.pdf)"
        )
        if path is None:
            return
        try:
            html = self._notes.vault.leadership_html(self._today)
            write_pdf(html, path, "Leadership log")
        except OSError as error:
            self._show_error(save_path.save_error(error))
            return
        except VaultError as error:
            self._show_error(str(error))
            return
        self._check_identifiers()
