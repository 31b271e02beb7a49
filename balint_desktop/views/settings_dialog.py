"""Settings: idle lock, appearance, default template, where the vault is."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QDialog, QWidget

from balint_desktop.app.settings import Settings
from balint_desktop.views import labels
from balint_desktop.views.forms.ui_settings_dialog import Ui_SettingsDialog


class SettingsDialog(QDialog):
    """The `settingsDialog`; writes the settings when saved.

    Signals:
        changed: the settings were saved.
    """

    changed = Signal()

    def __init__(
        self,
        settings: Settings,
        vault_dir: Path,
        parent: QWidget | None = None,
        last_backup: dt.datetime | None = None,
        backup_folder: Path | None = None,
        save_backup_folder: Callable[[str], str | None] | None = None,
    ) -> None:
        """Show the current settings and when the vault was last backed up.

        `save_backup_folder(text)` stores the backup folder (empty: the
        default) and returns an error message, or None when it was saved.
        """
        super().__init__(parent)
        self.ui = Ui_SettingsDialog()
        self.ui.setupUi(self)
        self._settings = settings
        for value, label in (
            ("system", self.tr("Follow the system")),
            ("light", self.tr("Light")),
            ("dark", self.tr("Dark")),
        ):
            self.ui.themeCombo.addItem(label, value)
        self.ui.templateCombo.addItem(self.tr("Balint reflection (nine prompts)"), "balint")
        self.ui.idleSpin.valueChanged.connect(self._plural)
        self.ui.idleSpin.setValue(settings.idle_lock_minutes)
        self._plural(self.ui.idleSpin.value())
        self.ui.themeCombo.setCurrentIndex(max(0, self.ui.themeCombo.findData(settings.theme)))
        index = self.ui.templateCombo.findData(settings.default_template)
        self.ui.templateCombo.setCurrentIndex(max(0, index))
        self.ui.vaultPathLabel.setText(str(vault_dir))
        default_folder = vault_dir / "backups"
        self._save_backup_folder = save_backup_folder
        self.ui.backupFolderEdit.setPlaceholderText(str(default_folder))
        if backup_folder is not None and backup_folder != default_folder:
            self.ui.backupFolderEdit.setText(str(backup_folder))
        self.ui.backupFolderEdit.setEnabled(save_backup_folder is not None)
        self.ui.errorLabel.hide()
        if last_backup is None:
            backup_text = self.tr("None yet — one is made when you lock or quit after a change.")
        else:
            local = last_backup.astimezone()
            backup_text = f"{labels.long_date(local.date())}, {labels.clock(local)}"
        self.ui.lastBackupLabel.setText(
            backup_text
            + "\n"
            + self.tr("Kept in %1").replace("%1", str(backup_folder or default_folder))
        )
        self.ui.buttonBox.accepted.connect(self._save)
        self.ui.buttonBox.rejected.connect(self.reject)

    def _plural(self, minutes: int) -> None:
        suffix = self.tr(" minute without use") if minutes == 1 else self.tr(" minutes without use")
        self.ui.idleSpin.setSuffix(suffix)

    def _save(self) -> None:
        if self._save_backup_folder is not None:
            error = self._save_backup_folder(self.ui.backupFolderEdit.text().strip())
            if error is not None:
                self.ui.errorLabel.setText(error)
                self.ui.errorLabel.show()
                return
        self._settings.idle_lock_minutes = self.ui.idleSpin.value()
        self._settings.theme = str(self.ui.themeCombo.currentData())
        self._settings.default_template = str(self.ui.templateCombo.currentData())
        self._settings.sync()
        self.changed.emit()
        self.accept()
