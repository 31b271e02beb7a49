"""The window `make run` shows, and the generated forms being current."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox
from pytestqt.qtbot import QtBot

from balint_desktop.views.placeholder_window import PlaceholderWindow

ROOT = Path(__file__).resolve().parents[2]


def test_placeholder_names_the_vault_folder_and_closes(qtbot: QtBot, tmp_path: Path) -> None:
    window = PlaceholderWindow(tmp_path / "vault")
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    assert window.windowTitle() == "Balint Desktop"
    assert str(tmp_path / "vault") in window.ui.vaultLabel.text()
    close = window.ui.buttonBox.button(QDialogButtonBox.StandardButton.Close)
    qtbot.mouseClick(close, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not window.isVisible())


def test_generated_forms_are_current() -> None:
    result = subprocess.run(
        [sys.executable, str(ROOT / "ui" / "compile_forms.py"), "--check"],
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
