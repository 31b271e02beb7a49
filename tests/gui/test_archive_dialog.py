"""The archive window: scope, the archive's own passphrase, saving off the GUI thread."""

from __future__ import annotations

import datetime as dt
import json
import re
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QRadioButton,
    QWidget,
)
from pytestqt.qtbot import QtBot

import balint_desktop as bd
from balint_desktop.app.controller import AppController
from balint_desktop.core import archive_api
from balint_desktop.core.archive_api import ArchiveSnapshot
from balint_desktop.views.widgets import save_path
from tests.gui.helpers import find, find_open
from tests.gui.test_lock_and_save import unlocked_with_session

ARCHIVE_PASSPHRASE = "otter meadow 19 copper kites"


@pytest.fixture(autouse=True)
def quick_key_settings(monkeypatch: pytest.MonkeyPatch) -> None:
    """The test vaults have test key settings, so an archive would calibrate real
    ones (about a second at 256 MiB, tested in tests/unit/test_archive.py);
    here the windows are under test, so calibration answers at once."""
    monkeypatch.setattr(archive_api, "calibrate", bd.KdfParams.for_tests)


PRIVATE = "What stayed with me: the silence after the case."
CASE = "P2 and Mr T."


class Chooser:
    """Stands in for the save-file question: records it, answers `answer`."""

    def __init__(self, answer: Path | None) -> None:
        self.answer = answer
        self.asked: list[tuple[str, str]] = []

    def __call__(self, _parent: QWidget, _title: str, suggested: str, pattern: str) -> Path | None:
        self.asked.append((suggested, pattern))
        return self.answer


def _open_archive_window(
    qtbot: QtBot, start_app: Callable[..., AppController]
) -> tuple[AppController, QDialog]:
    controller, session_id = unlocked_with_session(qtbot, start_app)
    notes = controller.notes
    notes.save_reflection(session_id, {"case": CASE, "my_responses": PRIVATE})
    notes.add_group("Health Leaders Group")
    window = controller.main_window
    assert window is not None
    window.ui.exportArchiveAction.trigger()
    dialog = find_open(window, QDialog, "archiveDialog")
    qtbot.waitUntil(dialog.isVisible)
    return controller, dialog


def _type_passphrases(qtbot: QtBot, dialog: QDialog, first: str, second: str) -> None:
    qtbot.keyClicks(find(dialog, QLineEdit, "passphraseEdit"), first)
    qtbot.keyClicks(find(dialog, QLineEdit, "confirmEdit"), second)


def _texts(archive: dict[str, Any]) -> list[str]:
    return [
        text
        for group in archive["groups"]
        for session in group["sessions"]
        if session["reflection"] is not None
        for text in session["reflection"]["sections"].values()
    ]


def test_a_whole_vault_archive_is_written_and_opens_with_its_passphrase(
    qtbot: QtBot,
    start_app: Callable[..., AppController],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    controller, dialog = _open_archive_window(qtbot, start_app)
    target = tmp_path / "kept.balintarchive"
    chooser = Chooser(target)
    monkeypatch.setattr(save_path, "choose_save_path", chooser)

    # The window says what the archive holds, what it never holds, and that
    # its passphrase is the only key.
    notice = find(dialog, QLabel, "noticeLabel").text()
    assert "private responses are never included" in notice
    assert "stay only in the vault and its backups" in notice
    assert "nobody — not even you — can open it" in notice
    assert find(dialog, QRadioButton, "wholeVaultRadio").isChecked()
    combo = find(dialog, QComboBox, "groupCombo")
    assert combo.currentText() == "Clinician Group"  # the group shown
    assert not combo.isEnabled()
    for kind in (QLineEdit, QComboBox, QRadioButton):
        for widget in dialog.findChildren(kind):
            assert widget.accessibleName(), widget.objectName()

    _type_passphrases(qtbot, dialog, ARCHIVE_PASSPHRASE, ARCHIVE_PASSPHRASE)
    assert find(dialog, QLabel, "strengthLabel").text()  # the meter judged it
    saved = dialog.saved  # type: ignore[attr-defined]
    with qtbot.waitSignal(saved, timeout=20_000) as signal:
        # Return in the confirmation presses Save: no mouse needed.
        qtbot.keyClick(find(dialog, QLineEdit, "confirmEdit"), Qt.Key.Key_Return)
    assert signal.args == [target]

    (suggested, pattern), *_ = chooser.asked
    assert re.fullmatch(r"balint-archive-\d{4}-\d{2}-\d{2}\.balintarchive", suggested)
    assert "*.balintarchive" in pattern
    done = find(dialog, QLabel, "doneLabel")
    assert done.isVisible()
    assert "Archive saved as kept.balintarchive" in done.text()
    assert not find(dialog, QProgressBar, "busyIndicator").isVisible()
    assert find(dialog, QLineEdit, "passphraseEdit").text() == ""  # not kept once used
    assert find(dialog, QLineEdit, "confirmEdit").text() == ""

    archive = bd.read_archive(target, ARCHIVE_PASSPHRASE)
    assert archive["scope"] == "vault"
    assert sorted(g["name"] for g in archive["groups"]) == [
        "Clinician Group",
        "Health Leaders Group",
    ]
    assert CASE in _texts(archive)
    assert PRIVATE not in json.dumps(archive, ensure_ascii=False)  # T13: never archived
    with pytest.raises(bd.WrongPassphrase):
        bd.read_archive(target, "lantern orbit quietly harbour 7 sparrows")  # the vault's

    close = find(dialog, QPushButton, "cancelButton")
    assert close.text() == "Close"
    qtbot.mouseClick(close, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not dialog.isVisible())
    assert controller.is_unlocked


def test_one_group_chosen_from_the_list(
    qtbot: QtBot,
    start_app: Callable[..., AppController],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    _, dialog = _open_archive_window(qtbot, start_app)
    target = tmp_path / "one.balintarchive"
    monkeypatch.setattr(save_path, "choose_save_path", Chooser(target))
    qtbot.mouseClick(find(dialog, QRadioButton, "oneGroupRadio"), Qt.MouseButton.LeftButton)
    combo = find(dialog, QComboBox, "groupCombo")
    assert combo.isEnabled()
    combo.setCurrentIndex(combo.findText("Health Leaders Group"))
    _type_passphrases(qtbot, dialog, ARCHIVE_PASSPHRASE, ARCHIVE_PASSPHRASE)
    qtbot.mouseClick(find(dialog, QPushButton, "saveButton"), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(find(dialog, QLabel, "doneLabel").isVisible, timeout=20_000)

    archive = bd.read_archive(target, ARCHIVE_PASSPHRASE)
    assert archive["scope"] == "group"
    assert [g["name"] for g in archive["groups"]] == ["Health Leaders Group"]
    assert PRIVATE not in _texts(archive)


def test_passphrases_that_differ_block_the_archive(
    qtbot: QtBot,
    start_app: Callable[..., AppController],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    _, dialog = _open_archive_window(qtbot, start_app)
    chooser = Chooser(None)
    monkeypatch.setattr(save_path, "choose_save_path", chooser)
    _type_passphrases(qtbot, dialog, ARCHIVE_PASSPHRASE, "otter meadow 91")
    mismatch = find(dialog, QLabel, "mismatchLabel")
    qtbot.waitUntil(mismatch.isVisible)
    qtbot.mouseClick(find(dialog, QPushButton, "saveButton"), Qt.MouseButton.LeftButton)
    assert chooser.asked == []  # never got as far as asking where
    assert mismatch.isVisible()
    assert dialog.isVisible()
    assert dialog.focusWidget() is find(dialog, QLineEdit, "confirmEdit")

    # Too short is refused too, with the reason.
    find(dialog, QLineEdit, "passphraseEdit").setText("short")
    find(dialog, QLineEdit, "confirmEdit").setText("short")
    qtbot.mouseClick(find(dialog, QPushButton, "saveButton"), Qt.MouseButton.LeftButton)
    assert "at least 8 characters" in find(dialog, QLabel, "errorLabel").text()
    assert chooser.asked == []


def test_a_failed_write_shows_the_error_and_keeps_the_window_and_passphrases(
    qtbot: QtBot,
    start_app: Callable[..., AppController],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    _, dialog = _open_archive_window(qtbot, start_app)
    chooser = Chooser(tmp_path / "unplugged drive" / "a.balintarchive")
    monkeypatch.setattr(save_path, "choose_save_path", chooser)
    _type_passphrases(qtbot, dialog, ARCHIVE_PASSPHRASE, ARCHIVE_PASSPHRASE)
    save = find(dialog, QPushButton, "saveButton")
    qtbot.mouseClick(save, Qt.MouseButton.LeftButton)
    error = find(dialog, QLabel, "errorLabel")
    qtbot.waitUntil(error.isVisible, timeout=20_000)
    assert "could not be saved there (no such file or directory)" in error.text()
    assert ARCHIVE_PASSPHRASE not in error.text()
    assert dialog.isVisible()
    assert find(dialog, QLineEdit, "passphraseEdit").text() == ARCHIVE_PASSPHRASE
    assert find(dialog, QLineEdit, "confirmEdit").text() == ARCHIVE_PASSPHRASE
    assert not find(dialog, QLabel, "doneLabel").isVisible()
    assert list(tmp_path.glob("**/*.balintarchive")) == []

    # Another folder, same passphrases: it works.
    chooser.answer = tmp_path / "b.balintarchive"
    assert save.isEnabled()
    qtbot.mouseClick(save, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(find(dialog, QLabel, "doneLabel").isVisible, timeout=20_000)
    assert not error.isVisible()
    assert bd.read_archive(chooser.answer, ARCHIVE_PASSPHRASE)["scope"] == "vault"


def test_cancel_writes_nothing(
    qtbot: QtBot,
    start_app: Callable[..., AppController],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    _, dialog = _open_archive_window(qtbot, start_app)
    chooser = Chooser(None)  # the leader cancels the file question
    monkeypatch.setattr(save_path, "choose_save_path", chooser)
    _type_passphrases(qtbot, dialog, ARCHIVE_PASSPHRASE, ARCHIVE_PASSPHRASE)
    qtbot.mouseClick(find(dialog, QPushButton, "saveButton"), Qt.MouseButton.LeftButton)
    assert len(chooser.asked) == 1
    assert dialog.isVisible()
    assert not find(dialog, QProgressBar, "busyIndicator").isVisible()

    qtbot.mouseClick(find(dialog, QPushButton, "cancelButton"), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not dialog.isVisible())
    assert list(tmp_path.glob("**/*.balintarchive")) == []


def test_the_window_shows_progress_and_stays_open_while_writing(
    qtbot: QtBot,
    start_app: Callable[..., AppController],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    _, dialog = _open_archive_window(qtbot, start_app)
    target = tmp_path / "slow.balintarchive"
    monkeypatch.setattr(save_path, "choose_save_path", Chooser(target))
    release = threading.Event()
    write = ArchiveSnapshot.write

    def slow_write(self: ArchiveSnapshot, *args: Any, **kwargs: Any) -> Path:
        assert threading.current_thread() is not threading.main_thread()
        release.wait(20)  # a key derivation that takes its time
        return write(self, *args, **kwargs)

    monkeypatch.setattr(ArchiveSnapshot, "write", slow_write)
    _type_passphrases(qtbot, dialog, ARCHIVE_PASSPHRASE, ARCHIVE_PASSPHRASE)
    qtbot.mouseClick(find(dialog, QPushButton, "saveButton"), Qt.MouseButton.LeftButton)
    busy = find(dialog, QProgressBar, "busyIndicator")
    try:
        qtbot.waitUntil(busy.isVisible)
        assert find(dialog, QLabel, "busyLabel").isVisible()
        assert not find(dialog, QPushButton, "saveButton").isEnabled()
        assert not find(dialog, QPushButton, "cancelButton").isEnabled()
        assert not find(dialog, QLineEdit, "passphraseEdit").isEnabled()
        qtbot.keyClick(dialog, Qt.Key.Key_Escape)  # cannot be stopped halfway
        dialog.close()
        assert dialog.isVisible()
    finally:
        release.set()
    qtbot.waitUntil(find(dialog, QLabel, "doneLabel").isVisible, timeout=20_000)
    assert not busy.isVisible()
    assert bd.read_archive(target, ARCHIVE_PASSPHRASE)["groups"]


def test_the_default_name_says_nothing_about_the_notes() -> None:
    from balint_desktop.views.archive_dialog import suggested_name

    assert suggested_name(dt.date(2026, 11, 27)) == "balint-archive-2026-11-27.balintarchive"
