"""A question before something that cannot be undone."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import QMessageBox, QWidget


def confirm_destructive(parent: QWidget, text: str, on_accept: Callable[[], None]) -> QMessageBox:
    """Open a window-modal question whose safe default is Cancel.

    ``on_accept`` runs only when the leader presses Delete.
    """
    box = QMessageBox(QMessageBox.Icon.Warning, parent.windowTitle(), text, parent=parent)
    box.setObjectName("confirmDelete")
    delete = box.addButton(
        QCoreApplication.translate("confirm", "Delete"), QMessageBox.ButtonRole.DestructiveRole
    )
    box.addButton(QMessageBox.StandardButton.Cancel)
    box.setDefaultButton(QMessageBox.StandardButton.Cancel)
    box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)

    def done(button: object) -> None:
        if button is delete:
            on_accept()

    box.buttonClicked.connect(done)
    box.open()
    return box
