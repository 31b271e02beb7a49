"""The real save dialog: it returns the chosen path and leaves no folder history."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings, QTimer
from PySide6.QtWidgets import QApplication, QFileDialog, QLineEdit, QWidget
from pytestqt.qtbot import QtBot

from balint_desktop.views.widgets import save_path


@pytest.fixture
def qt_settings_in(tmp_path: Path) -> Iterator[Path]:
    """Point Qt's user settings (where QtProject.conf lives) at a fresh folder."""
    original = Path(QSettings(QSettings.Scope.UserScope, "QtProject").fileName()).parent
    folder = tmp_path / "config"
    folder.mkdir()
    QSettings.setPath(QSettings.Format.NativeFormat, QSettings.Scope.UserScope, str(folder))
    yield folder
    QSettings.setPath(QSettings.Format.NativeFormat, QSettings.Scope.UserScope, str(original))


def answer(name: str | None) -> None:
    """When the dialog shows, choose `name` (or cancel with None)."""

    def act() -> None:
        for widget in QApplication.topLevelWidgets():
            if isinstance(widget, QFileDialog) and widget.isVisible():
                if name is None:
                    widget.reject()
                else:
                    # As a leader would: go to the folder, type the name, Save.
                    widget.setDirectory(str(Path(name).parent))
                    edit = widget.findChild(QLineEdit, "fileNameEdit")
                    assert edit is not None
                    edit.setText(Path(name).name)
                    widget.accept()
                return
        QTimer.singleShot(20, act)

    QTimer.singleShot(20, act)


def test_the_chosen_path_is_returned_and_no_history_is_kept(
    qtbot: QtBot, tmp_path: Path, qt_settings_in: Path
) -> None:
    parent = QWidget()
    qtbot.addWidget(parent)
    secret_folder = tmp_path / "Jane Doe CPD"
    secret_folder.mkdir()
    answer(str(secret_folder / "statement"))
    chosen = save_path.choose_save_path(parent, "Save", "cpd-statement.pdf", "PDF (*.pdf)")
    assert chosen == secret_folder / "statement.pdf"
    leftovers = [p for p in qt_settings_in.rglob("*") if p.is_file()]
    assert all(b"Jane Doe" not in p.read_bytes() for p in leftovers)
    assert not (qt_settings_in / "QtProject.conf").exists()

    answer(None)
    assert save_path.choose_save_path(parent, "Save", "log.pdf", "PDF (*.pdf)") is None


def test_another_program_s_dialog_history_is_left_as_it_was(
    qtbot: QtBot, tmp_path: Path, qt_settings_in: Path
) -> None:
    theirs = QSettings(QSettings.Scope.UserScope, "QtProject")
    theirs.setValue("FileDialog/lastVisited", "file:///home/someone/Pictures")
    theirs.sync()
    del theirs
    parent = QWidget()
    qtbot.addWidget(parent)
    answer(str(tmp_path / "Jane Doe.pdf"))
    assert save_path.choose_save_path(parent, "Save", "log.pdf", "PDF (*.pdf)") is not None
    after = QSettings(QSettings.Scope.UserScope, "QtProject")
    assert after.value("FileDialog/lastVisited") == "file:///home/someone/Pictures"
    assert b"Jane Doe" not in (qt_settings_in / "QtProject.conf").read_bytes()


def test_the_open_question_returns_the_file_and_keeps_no_folder_history(
    qtbot: QtBot, tmp_path: Path, qt_settings_in: Path
) -> None:
    secret_folder = tmp_path / "Jane Doe supervision"
    secret_folder.mkdir()
    wanted = secret_folder / "from-sam.balintx"
    wanted.write_bytes(b"BALINTXC")
    parent = QWidget()
    qtbot.addWidget(parent)

    def answer() -> None:
        dialog = parent.findChild(QFileDialog, "openFileDialog")
        if dialog is None or not dialog.isVisible():
            QTimer.singleShot(20, answer)
            return
        dialog.setDirectory(str(secret_folder))
        edit = dialog.findChild(QLineEdit, "fileNameEdit")
        assert edit is not None
        edit.setText(wanted.name)
        dialog.accept()

    QTimer.singleShot(20, answer)
    chosen = save_path.choose_open_path(parent, "Open", "Balint exchange (*.balintx)")
    assert chosen == wanted
    leftovers = [p for p in qt_settings_in.rglob("*") if p.is_file()]
    assert all(b"Jane Doe" not in p.read_bytes() for p in leftovers)
