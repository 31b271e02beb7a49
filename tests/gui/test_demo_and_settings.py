"""`balint-desktop --demo`, and the settings window."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QDialog, QDialogButtonBox, QLabel, QSpinBox
from pytestqt.qtbot import QtBot

from balint_desktop.__main__ import DEMO_TITLE, open_demo, parse_args
from balint_desktop.app.controller import AppController
from tests.gui.helpers import find
from tests.gui.test_journey import create_vault


def test_demo_opens_fictional_notes_and_says_demo(qtbot: QtBot, tmp_path: Path) -> None:
    controller = open_demo(tmp_path, dt.date(2026, 11, 20))
    try:
        qtbot.waitUntil(lambda: controller.is_unlocked, timeout=20_000)
        window = controller.main_window
        assert window is not None
        assert window.windowTitle() == DEMO_TITLE
        assert window.ui.groupList.count() == 3
        qtbot.waitUntil(lambda: window.session_panel.session_id is not None)
        controller.lock()
        unlock = controller.unlock_dialog
        assert unlock is not None
        assert unlock.windowTitle() == DEMO_TITLE
        assert "demo" in unlock.ui.passphraseEdit.placeholderText()
    finally:
        controller.shutdown()
        for widget in (controller.main_window, controller.unlock_dialog):
            if widget is not None:
                widget.hide()
                widget.deleteLater()


def test_command_line() -> None:
    args = parse_args(["--demo", "--vault", "/somewhere"])
    assert args.demo
    assert args.vault == Path("/somewhere")


def test_settings_change_the_idle_lock_and_show_the_vault(
    qtbot: QtBot, start_app: Callable[..., AppController], tmp_path: Path
) -> None:
    controller = start_app()
    create_vault(qtbot, controller)
    window = controller.main_window
    assert window is not None
    for suggestion in window.findChildren(QDialog):
        suggestion.reject()
    window.ui.settingsAction.trigger()
    dialog = find(window, QDialog, "settingsDialog")
    qtbot.waitUntil(dialog.isVisible)
    assert find(dialog, QLabel, "vaultPathLabel").text() == str(tmp_path / "vault")
    spin = find(dialog, QSpinBox, "idleSpin")
    assert spin.value() == 5
    spin.setValue(15)
    theme = find(dialog, QComboBox, "themeCombo")
    theme.setCurrentIndex(theme.findData("dark"))
    buttons = find(dialog, QDialogButtonBox, "buttonBox")
    qtbot.mouseClick(
        buttons.button(QDialogButtonBox.StandardButton.Save), Qt.MouseButton.LeftButton
    )
    assert controller.settings.idle_lock_minutes == 15
    assert controller.idle._limit == 15 * 60
    assert controller.settings.theme == "dark"
