"""Small windows that belong to the main window: dialogs, warnings, help."""

from __future__ import annotations

import html
from typing import TypeVar

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import QDialog, QMessageBox, QWidget

D = TypeVar("D", bound=QDialog)


def opened(dialog: D) -> D:
    """Show a dialog window-modally; it deletes itself when closed."""
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.open()
    return dialog


def warn(parent: QWidget, message: str) -> QMessageBox:
    """Say what went wrong in plain words, without blocking the event loop."""
    box = QMessageBox(QMessageBox.Icon.Warning, QCoreApplication.applicationName(), message)
    box.setParent(parent, box.windowFlags())
    return opened(box)


def preformatted(parent: QWidget, name: str, text: str) -> QMessageBox:
    """Show fixed-width help text (e.g. the search language) in a small window."""
    box = QMessageBox(QMessageBox.Icon.Information, parent.windowTitle(), "", parent=parent)
    box.setObjectName(name)
    box.setTextFormat(Qt.TextFormat.RichText)
    box.setText(f"<pre>{html.escape(text)}</pre>")
    return opened(box)
