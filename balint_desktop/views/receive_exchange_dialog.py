"""What a co-leader's file would add, and merging it (Share ▸ Open a file from a co-leader…).

The file was checked (signature, recipient, sender) before this window
opens; it shows who sent it, into which group it goes, and one line per
session saying what merging does. Nothing changes until Merge.
"""

from __future__ import annotations

import html
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QCoreApplication, Qt, Slot
from PySide6.QtWidgets import QDialog, QMessageBox, QWidget

from balint_desktop.app.notes import NotesService
from balint_desktop.core.errors import VaultError
from balint_desktop.core.exchange import ExchangeReport, MergeItem
from balint_desktop.views import labels
from balint_desktop.views.forms.ui_receive_exchange_dialog import Ui_ReceiveExchangeDialog
from balint_desktop.views.widgets.identity_words import show_words
from balint_desktop.views.widgets.modal import opened

#: The group combo's value for "a new group".
NEW_GROUP = -1


class ReceiveExchangeDialog(QDialog):
    """The `receiveExchangeDialog`: from whom, into which group, what happens; then Merge."""

    def __init__(
        self,
        notes: NotesService,
        path: Path,
        report: ExchangeReport,
        parent: QWidget | None = None,
    ) -> None:
        """Show the preview `report` of the file at `path`."""
        super().__init__(parent)
        self.ui = Ui_ReceiveExchangeDialog()
        self.ui.setupUi(self)
        self._notes = notes
        self._path = path
        self._report = report
        co_leader = report.co_leader
        self.ui.fromLabel.setText(
            self.tr(
                "From <b>%1</b>, your co-leader: the file is signed by them and was made for "
                "you. Their identity words:"
            ).replace("%1", html.escape(co_leader.name))
        )
        show_words(self.ui.wordsLabel, co_leader.fingerprint, "large")
        self.ui.errorLabel.hide()
        self._fill_groups(report)
        self.ui.groupCombo.currentIndexChanged.connect(self._group_changed)
        self.ui.mergeButton.clicked.connect(self.merge)
        self.ui.buttonBox.rejected.connect(self.reject)
        self._show_report(report)

    @property
    def report(self) -> ExchangeReport:
        """Return the latest preview (or, after Merge, what was merged)."""
        return self._report

    def _fill_groups(self, report: ExchangeReport) -> None:
        combo = self.ui.groupCombo
        if report.group_id is None:
            combo.addItem(
                self.tr("A new group called “%1”").replace("%1", report.group_name), NEW_GROUP
            )
        for group in self._notes.groups():
            combo.addItem(group.name, group.id)
        combo.setCurrentIndex(max(combo.findData(report.group_id or NEW_GROUP), 0))

    def _chosen_group(self) -> int | None:
        value = self.ui.groupCombo.currentData()
        return None if value in (None, NEW_GROUP) else int(value)

    @Slot()
    def _group_changed(self) -> None:
        try:
            report = self._notes.vault.preview_exchange(self._path, self._chosen_group())
        except VaultError as error:
            self.ui.errorLabel.setText(str(error))
            self.ui.errorLabel.show()
            self.ui.mergeButton.setEnabled(False)
            return
        self.ui.errorLabel.hide()
        self._show_report(report)

    def _show_report(self, report: ExchangeReport) -> None:
        self._report = report
        ui = self.ui
        ui.itemList.clear()
        for item in report.items:
            ui.itemList.addItem(self._describe(item))
        ui.alreadyLabel.setVisible(report.already_imported)
        ui.itemsLabel.setVisible(not report.already_imported)
        ui.itemList.setVisible(not report.already_imported)
        ui.groupCombo.setEnabled(not report.already_imported)
        ui.mergeButton.setEnabled(not report.already_imported and report.merged > 0)

    def _describe(self, item: MergeItem) -> str:
        day = labels.long_date(item.held_on)
        sections = ", ".join(item.sections) or self.tr("nothing")
        if item.outcome == "added":
            what = self.tr("adds %1 beside your notes").replace("%1", sections)
        elif item.outcome == "new session":
            what = (
                self.tr("creates the session of %1 and adds %2")
                .replace("%1", f"{item.held_on.day} {item.held_on.strftime('%B')}")
                .replace("%2", sections)
            )
        elif item.outcome == "updated":
            what = self.tr("updates their reflection: %1 changed").replace("%1", sections)
        else:
            what = self.tr("already up to date")
        return f"{day}: {what}"

    @Slot()
    def merge(self) -> QMessageBox | None:
        """Merge the file into the chosen group, say what it did, and close."""
        try:
            report = self._notes.import_exchange(
                self._path, self._chosen_group(), expected=self._report.exchange_id
            )
        except VaultError as error:
            self.ui.errorLabel.setText(str(error))
            self.ui.errorLabel.show()
            return None
        self._report = report
        text = merged_text(report, self.tr)
        parent = self.parentWidget()
        self.accept()
        box = QMessageBox(QMessageBox.Icon.Information, QCoreApplication.applicationName(), text)
        box.setObjectName("mergedNotice")
        box.setTextFormat(Qt.TextFormat.PlainText)
        if parent is not None:
            box.setParent(parent, box.windowFlags())
        return opened(box)


def merged_text(report: ExchangeReport, tr: Callable[[str], str]) -> str:
    """Say what a merge did: how many sessions gained, and how many updated, a reflection."""
    name = report.co_leader.name
    gained = sum(1 for item in report.items if item.outcome in ("added", "new session"))
    updated = sum(1 for item in report.items if item.outcome == "updated")
    parts = []
    if gained:
        parts.append(
            tr("1 session gained %2's reflection.")
            if gained == 1
            else tr("%1 sessions gained %2's reflection.").replace("%1", str(gained))
        )
    if updated:
        parts.append(
            tr("1 session has %2's newer reflection.")
            if updated == 1
            else tr("%1 sessions have %2's newer reflection.").replace("%1", str(updated))
        )
    return " ".join(part.replace("%2", name) for part in parts)
