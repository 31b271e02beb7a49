"""Help ▸ About: version, vault format and every licence, all from the keyboard."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QDialog, QLabel, QListWidget, QPlainTextEdit
from pytestqt.qtbot import QtBot

import balint_desktop
from balint_desktop.app.controller import AppController
from balint_desktop.core.licences import components
from balint_desktop.storage.migrations import LATEST_VERSION
from balint_desktop.views.about_dialog import AboutDialog
from tests.gui.helpers import find, find_open
from tests.gui.test_lock_and_save import unlocked_with_session


def open_about(qtbot: QtBot, start_app: Callable[..., AppController]) -> QDialog:
    controller, _ = unlocked_with_session(qtbot, start_app)
    window = controller.main_window
    assert window is not None
    assert window.ui.aboutAction in window.ui.helpMenu.actions()
    assert window.ui.helpMenu.menuAction() in window.menuBar().actions()
    window.ui.aboutAction.trigger()
    dialog = find_open(window, QDialog, "aboutDialog")
    qtbot.waitUntil(dialog.isVisible)
    return dialog


def test_about_shows_version_vault_format_and_libraries(
    qtbot: QtBot, start_app: Callable[..., AppController]
) -> None:
    dialog = open_about(qtbot, start_app)
    assert find(dialog, QLabel, "versionValue").text() == balint_desktop.__version__
    assert find(dialog, QLabel, "vaultFormatValue").text().startswith(f"{LATEST_VERSION} (")
    built_with = find(dialog, QLabel, "librariesValue").text()
    for name in ("Python 3.", "Qt 6.", "PySide6 6.", "SQLCipher 4."):
        assert name in built_with
    assert "MIT" in find(dialog, QLabel, "licenceLabel").text()
    listing = find(dialog, QListWidget, "componentList")
    assert listing.count() == len(components())
    # Balint Desktop itself comes first, with its MIT licence showing.
    assert listing.currentRow() == 0
    text = find(dialog, QPlainTextEdit, "licenceText")
    assert text.toPlainText().startswith("MIT License")
    assert text.isReadOnly()
    for widget in (listing, text):
        assert widget.accessibleName()


def test_choosing_qt_by_keyboard_shows_the_lgpl_and_escape_closes(
    qtbot: QtBot, start_app: Callable[..., AppController]
) -> None:
    dialog = open_about(qtbot, start_app)
    listing = find(dialog, QListWidget, "componentList")
    qtbot.waitUntil(listing.hasFocus)
    qtbot.keyClick(listing, Qt.Key.Key_Down)
    assert listing.currentItem().text().startswith("Qt 6.")
    text = find(dialog, QPlainTextEdit, "licenceText")
    assert "GNU LESSER GENERAL PUBLIC LICENSE" in text.toPlainText()
    assert "Version 3" in text.toPlainText()
    assert "LGPL-3.0" in find(dialog, QLabel, "componentSummary").text()
    # Tab reaches the text, which can be read (and selected) but not changed.
    qtbot.keyClick(listing, Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is text
    before = text.toPlainText()
    qtbot.keyClicks(text, "x")
    assert text.toPlainText() == before

    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: not dialog.isVisible())


def test_every_component_shows_its_own_text(
    qtbot: QtBot, start_app: Callable[..., AppController]
) -> None:
    dialog = open_about(qtbot, start_app)
    assert isinstance(dialog, AboutDialog)
    text = find(dialog, QPlainTextEdit, "licenceText")
    for component in components():
        dialog.choose(component.name)
        assert text.toPlainText() == component.text()
