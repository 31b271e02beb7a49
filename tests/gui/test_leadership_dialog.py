"""The leadership log window: progress, entries, and a CSV with no note text."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QApplication,
    QComboBox,
    QDialog,
    QLabel,
    QLineEdit,
    QListWidget,
    QPushButton,
    QTableWidget,
)
from pytestqt.qtbot import QtBot

from balint_desktop.app.controller import AppController
from balint_desktop.views.widgets import save_path
from tests.gui.helpers import find, find_open
from tests.gui.test_lock_and_save import unlocked_with_session


def progress_of(table: QTableWidget, what: str) -> str:
    for row in range(table.rowCount()):
        item = table.item(row, 1)
        if item is not None and item.text() == what:
            have = table.item(row, 2)
            assert have is not None
            return have.text()
    raise AssertionError(f"no row {what!r}")


def test_leadership_log_counts_entries_and_copies_csv_without_notes(
    qtbot: QtBot, start_app: Callable[..., AppController]
) -> None:
    controller, session_id = unlocked_with_session(qtbot, start_app)
    controller.notes.vault.save_reflection(session_id, {"case": "Mrs A grief unspoken"})
    window = controller.main_window
    assert window is not None

    window.ui.leadershipAction.trigger()
    dialog = find_open(window, QDialog, "leadershipDialog")
    qtbot.waitUntil(dialog.isVisible)
    table = find(dialog, QTableWidget, "progressTable")
    assert table.rowCount() == 10
    assert progress_of(table, "supervision sessions in the last year") == "0 of 10"
    # The session already in the vault counts as led, by itself.
    assert progress_of(table, "co-led sessions") == "1 of 20"

    kind = find(dialog, QComboBox, "kindCombo")
    kind.setCurrentIndex(kind.findData("supervision"))
    qtbot.keyClicks(find(dialog, QLineEdit, "descriptionEdit"), "with Dr K")
    qtbot.mouseClick(find(dialog, QPushButton, "addEntryButton"), Qt.MouseButton.LeftButton)
    entries = find(dialog, QListWidget, "entryList")
    qtbot.waitUntil(lambda: entries.count() == 1)
    assert "Supervision, 1 h — with Dr K" in entries.item(0).text()
    assert progress_of(table, "supervision sessions in the last year") == "1 of 10"
    assert find(dialog, QLineEdit, "descriptionEdit").text() == ""

    QApplication.clipboard().clear()
    qtbot.mouseClick(find(dialog, QPushButton, "copyCsvButton"), Qt.MouseButton.LeftButton)
    csv_text = QApplication.clipboard().text()
    assert csv_text.startswith("date,kind,hours,cases,description")
    assert "group session led" in csv_text
    assert "with Dr K" in csv_text
    assert "grief" not in csv_text
    assert "Mrs A" not in csv_text

    entries.setCurrentRow(0)
    qtbot.mouseClick(find(dialog, QPushButton, "deleteEntryButton"), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: entries.count() == 0)
    assert progress_of(table, "supervision sessions in the last year") == "0 of 10"


def test_removing_an_entry_already_gone_says_so(
    qtbot: QtBot, start_app: Callable[..., AppController]
) -> None:
    controller, _ = unlocked_with_session(qtbot, start_app)
    window = controller.main_window
    assert window is not None
    window.ui.leadershipAction.trigger()
    dialog = find_open(window, QDialog, "leadershipDialog")
    qtbot.mouseClick(find(dialog, QPushButton, "addEntryButton"), Qt.MouseButton.LeftButton)
    entries = find(dialog, QListWidget, "entryList")
    qtbot.waitUntil(lambda: entries.count() == 1)
    # Removed behind the window's back (e.g. through the automation API).
    controller.notes.vault.delete_log_entry(controller.notes.vault.log_entries()[0].id)
    entries.setCurrentRow(0)
    qtbot.mouseClick(find(dialog, QPushButton, "deleteEntryButton"), Qt.MouseButton.LeftButton)
    error = find(dialog, QLabel, "errorLabel")
    qtbot.waitUntil(error.isVisible)
    assert "does not exist" in error.text()
    assert entries.count() == 0


def test_the_log_saves_as_a_pdf_and_says_when_it_cannot(
    qtbot: QtBot,
    start_app: Callable[..., AppController],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    controller, _ = unlocked_with_session(qtbot, start_app)
    window = controller.main_window
    assert window is not None
    window.ui.leadershipAction.trigger()
    dialog = find_open(window, QDialog, "leadershipDialog")
    chosen: list[Path | None] = [tmp_path / "exports" / "log.pdf"]
    monkeypatch.setattr(save_path, "choose_save_path", lambda *_: chosen[0])
    button = find(dialog, QPushButton, "savePdfButton")
    error = find(dialog, QLabel, "errorLabel")

    # A folder that does not exist: a plain message, nothing written.
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(error.isVisible)
    assert "could not be saved there" in error.text()
    assert not (tmp_path / "exports").exists()

    (tmp_path / "exports").mkdir()
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: (tmp_path / "exports" / "log.pdf").exists())
    assert (tmp_path / "exports" / "log.pdf").read_bytes().startswith(b"%PDF-")
    assert not error.isVisible()

    # Cancelling the question writes nothing.
    chosen[0] = None
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    assert [p.name for p in (tmp_path / "exports").iterdir()] == ["log.pdf"]


def test_an_entry_that_may_identify_someone_is_pointed_out_on_export(
    qtbot: QtBot, start_app: Callable[..., AppController]
) -> None:
    controller, _ = unlocked_with_session(qtbot, start_app)
    window = controller.main_window
    assert window is not None
    window.ui.leadershipAction.trigger()
    dialog = find_open(window, QDialog, "leadershipDialog")
    qtbot.keyClicks(find(dialog, QLineEdit, "descriptionEdit"), "observed by Dr Jane Citizen")
    qtbot.mouseClick(find(dialog, QPushButton, "addEntryButton"), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: find(dialog, QListWidget, "entryList").count() == 1)
    QApplication.clipboard().clear()
    qtbot.mouseClick(find(dialog, QPushButton, "copyCsvButton"), Qt.MouseButton.LeftButton)
    # Not blocked: the CSV is there, with a word about the entry.
    assert "observed by Dr Jane Citizen" in QApplication.clipboard().text()
    error = find(dialog, QLabel, "errorLabel")
    qtbot.waitUntil(error.isVisible)
    assert "may identify someone: Jane Citizen" in error.text()
