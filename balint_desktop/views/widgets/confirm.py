"""A question before something that cannot be undone."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import QMessageBox, QWidget


def confirm_destructive(
    parent: QWidget,
    text: str,
    on_accept: Callable[[], None],
    *,
    name: str = "confirmDelete",
    action: str | None = None,
    icon: QMessageBox.Icon = QMessageBox.Icon.Warning,
) -> QMessageBox:
    """Open a window-modal question whose safe default is Cancel.

    Args:
        parent: the window it belongs to (its title is reused).
        text: the question, in plain words.
        on_accept: runs only when the leader presses the action button.
        name: the box's object name (tests find it by this).
        action: the action button's text (default "Delete").
        icon: the box's icon.
    """
    box = QMessageBox(icon, parent.windowTitle(), text, parent=parent)
    box.setObjectName(name)
    label = action or QCoreApplication.translate("confirm", "Delete")
    accept = box.addButton(label, QMessageBox.ButtonRole.DestructiveRole)
    box.addButton(QMessageBox.StandardButton.Cancel)
    box.setDefaultButton(QMessageBox.StandardButton.Cancel)
    box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)

    def done(button: object) -> None:
        if button is accept:
            on_accept()

    box.buttonClicked.connect(done)
    box.open()
    return box
