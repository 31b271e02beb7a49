"""Emptying widgets of their text before they are hidden or deleted (T5).

A locked app must hold no note text or passphrase in any widget, even one
waiting for deferred deletion, nor in an undo history.
"""

from __future__ import annotations

from PySide6.QtWidgets import QWidget


def wipe_fields(root: QWidget) -> None:
    """Empty every editable field under `root` together with its undo history."""
    from PySide6.QtWidgets import QLineEdit, QPlainTextEdit, QTextEdit

    for field in root.findChildren(QLineEdit):
        field.setText("")  # setText, unlike clear(), also drops the undo history
    for editor in root.findChildren(QPlainTextEdit):
        editor.setPlainText("")
        editor.document().clearUndoRedoStacks()
    for rich in root.findChildren(QTextEdit):
        rich.setPlainText("")
        rich.document().clearUndoRedoStacks()


def wipe_everything(root: QWidget) -> None:
    """Empty every text under a widget about to be deleted (T5).

    Closed dialogs wait for deferred deletion; until then they must hold
    nothing: no field, label, list, combo entry or accessible name.
    """
    from PySide6.QtWidgets import QComboBox, QLabel, QListWidget, QTableWidget

    wipe_fields(root)
    for combo in root.findChildren(QComboBox):
        combo.clear()
    for listing in root.findChildren(QListWidget):
        listing.clear()
    for table in root.findChildren(QTableWidget):
        table.setRowCount(0)
    for label in root.findChildren(QLabel):
        label.setText("")
    for widget in [root, *root.findChildren(QWidget)]:
        widget.setAccessibleName("")
        widget.setToolTip("")


def close_child_dialogs(window: QWidget) -> None:
    """Close every dialog of the window, wiping its text first (T5)."""
    from PySide6.QtWidgets import QDialog

    for dialog in window.findChildren(QDialog):
        wipe_everything(dialog)
        dialog.reject()
        dialog.deleteLater()
