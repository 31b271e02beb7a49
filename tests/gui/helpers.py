"""Small helpers for driving real widgets by object name."""

from __future__ import annotations

from typing import TypeVar, cast

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QApplication, QDialog

T = TypeVar("T", bound=QObject)


def find(root: QObject, kind: type[T], name: str) -> T:
    """Return the child `name` of type `kind`, failing the test if missing."""
    child = root.findChild(kind, name)
    assert child is not None, f"no {kind.__name__} named {name!r}"
    return child


def visible_dialog(name: str) -> QDialog:
    """Return the visible top-level dialog with this object name."""
    for widget in QApplication.topLevelWidgets():
        if widget.objectName() == name and widget.isVisible():
            return cast(QDialog, widget)
    raise LookupError(name)


def has_visible_dialog(name: str) -> bool:
    """Return whether such a dialog is showing."""
    try:
        visible_dialog(name)
    except LookupError:
        return False
    return True


def find_open(root: QObject, kind: type[T], name: str) -> T:
    """Return the visible child `name` (closed dialogs may linger until deleted)."""
    for child in root.findChildren(kind, name):
        if getattr(child, "isVisible", lambda: False)():
            return child
    raise AssertionError(f"no visible {kind.__name__} named {name!r}")
