"""Choosing a backup to restore a damaged vault from."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QListWidgetItem, QWidget

from balint_desktop.views import labels
from balint_desktop.views.forms.ui_restore_dialog import Ui_RestoreDialog

PATH_ROLE = Qt.ItemDataRole.UserRole


class RestoreDialog(QDialog):
    """The `restoreDialog`.

    Signals:
        restore_requested: (backup folder, passphrase) the leader chose one.
    """

    restore_requested = Signal(object, str)

    def __init__(
        self, backups: list[tuple[Path, dt.datetime]], parent: QWidget | None = None
    ) -> None:
        """List `backups` newest first, the newest chosen."""
        super().__init__(parent)
        self.ui = Ui_RestoreDialog()
        self.ui.setupUi(self)
        ok = self.ui.buttonBox.button(QDialogButtonBox.StandardButton.Ok)
        ok.setText(self.tr("Restore"))
        for folder, made in sorted(backups, key=lambda item: item[1], reverse=True):
            local = made.astimezone()
            item = QListWidgetItem(f"{labels.long_date(local.date())}, {labels.clock(local)}")
            item.setData(PATH_ROLE, folder)
            self.ui.backupList.addItem(item)
        self.ui.backupList.setCurrentRow(0)
        self.ui.errorLabel.hide()
        self.ui.busyIndicator.hide()
        self.ui.buttonBox.accepted.connect(self._restore)
        self.ui.buttonBox.rejected.connect(self.reject)
        self.ui.passphraseEdit.setFocus()

    def set_busy(self, busy: bool) -> None:
        """Show that the backup is being checked and restored."""
        self.ui.busyIndicator.setVisible(busy)
        for widget in (self.ui.backupList, self.ui.passphraseEdit, self.ui.buttonBox):
            widget.setEnabled(not busy)

    def show_error(self, message: str) -> None:
        """Say why the restore did not happen; the vault is unchanged."""
        self.set_busy(False)
        self.ui.errorLabel.setText(message)
        self.ui.errorLabel.show()
        self.ui.passphraseEdit.setText("")
        self.ui.passphraseEdit.setFocus()

    @Slot()
    def _restore(self) -> None:
        item = self.ui.backupList.currentItem()
        passphrase = self.ui.passphraseEdit.text()
        if item is None or not passphrase:
            self.show_error(self.tr("Choose a backup and type its passphrase."))
            return
        self.set_busy(True)
        self.restore_requested.emit(item.data(PATH_ROLE), passphrase)
