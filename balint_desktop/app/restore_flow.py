"""Restoring the vault from a backup: choose one, check its passphrase, put it in place.

Offered from the unlock window (a damaged vault) and from File ▸ Restore,
which locks first: restoring replaces the vault's files. The copy runs off
the GUI thread; on success the vault is unlocked with the backup's passphrase.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox, QWidget

from balint_desktop.app.messages import os_message
from balint_desktop.app.wipe import wipe_fields
from balint_desktop.app.workers import BackgroundOp
from balint_desktop.core.errors import VaultError
from balint_desktop.core.vault import BACKUP_DIR

if TYPE_CHECKING:
    from balint_desktop.app.controller import AppController


def offer_restore(controller: AppController) -> QWidget:
    """Show the backups to restore from, or say where none were found."""
    from balint_desktop.storage.backup import backups_in

    backups = backups_in(controller.vault_dir / BACKUP_DIR)
    if controller.settings.backup_folder:
        backups += backups_in(Path(controller.settings.backup_folder))
    if not backups:
        box = QMessageBox(
            QMessageBox.Icon.Information,
            controller.title,
            controller.tr(
                "No backups were found in %1. If you keep a copy elsewhere (a backup "
                "drive), close Balint Desktop and run:\n\nbalint-vault restore "
                "<backup folder>\n\nThe damaged files are kept beside the vault."
            ).replace("%1", str(controller.vault_dir / BACKUP_DIR)),
            parent=controller.unlock_dialog,
        )
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.open()
        return box
    from balint_desktop.views.restore_dialog import RestoreDialog

    dialog = RestoreDialog(backups, controller.unlock_dialog)
    dialog.setWindowTitle(controller.title)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.restore_requested.connect(
        lambda source, passphrase: restore(controller, dialog, source, passphrase)
    )
    dialog.open()
    return dialog


def restore(controller: AppController, dialog: QWidget, source: Path, passphrase: str) -> None:
    """Restore `source` off the GUI thread, then unlock with the backup's passphrase."""
    from balint_desktop.core.restore import restore_backup

    folder = controller.vault_dir

    def restored(_moved: object) -> None:
        wipe_fields(dialog)
        dialog.close()
        controller.unlock(passphrase)  # the passphrase that opened the backup

    def refused(error: BaseException) -> None:
        message = str(error) if isinstance(error, VaultError) else os_message(error)
        dialog.show_error(message)  # type: ignore[attr-defined]

    BackgroundOp(controller, lambda: restore_backup(source, folder, passphrase)).success(
        restored
    ).failure(refused).run()
