"""Helpers shared by the co-leader exchange window tests."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QWidget
from pytestqt.qtbot import QtBot

import balint_desktop as bd
from balint_desktop.app.controller import AppController
from balint_desktop.views.main_window import MainWindow
from tests.gui.helpers import find_open

CO_PASSPHRASE = "a different passphrase for the co-leader's vault"
PRIVATE = "PRIVATE-never-sent-qz7"


class Chooser:
    """Stands in for the file dialog: records what was asked, answers `path`."""

    def __init__(self, path: Path | None) -> None:
        self.path = path
        self.asked: list[tuple[object, ...]] = []
        self.existed_when_asked: list[bool] = []

    def __call__(self, *args: object) -> Path | None:
        self.asked.append(args[1:])
        self.existed_when_asked.append(self.path is not None and self.path.exists())
        return self.path


def window_of(controller: AppController) -> MainWindow:
    window = controller.main_window
    assert window is not None
    return window


def click(qtbot: QtBot, widget: QWidget) -> None:
    qtbot.mouseClick(widget, Qt.MouseButton.LeftButton)


def pair(controller: AppController, co: bd.Vault) -> None:
    """Both leaders added each other (after comparing words)."""
    controller.notes.vault.add_co_leader(co.identity().public_bytes(), "Sam")
    co.add_co_leader(controller.notes.vault.identity().public_bytes(), "Me")


def open_co_leaders(qtbot: QtBot, controller: AppController) -> QDialog:
    window = window_of(controller)
    window.ui.coLeadersAction.trigger()
    dialog = find_open(window, QDialog, "coLeadersDialog")
    qtbot.waitUntil(dialog.isVisible)
    return dialog
