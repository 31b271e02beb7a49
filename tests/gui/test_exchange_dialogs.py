"""Co-leaders, sending and receiving through the Share menu, driven as a leader would."""

from __future__ import annotations

import datetime as dt
import re
import stat
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings, Qt, QTimer
from PySide6.QtWidgets import (
    QApplication,
    QCheckBox,
    QComboBox,
    QDialog,
    QFileDialog,
    QLabel,
    QLineEdit,
    QListWidget,
    QMessageBox,
    QPushButton,
    QWidget,
)
from pytestqt.qtbot import QtBot

import balint_desktop as bd
from balint_desktop.app.controller import AppController
from balint_desktop.core.exchange_api import fingerprint_of
from balint_desktop.views.main_window import MainWindow
from balint_desktop.views.widgets import save_path
from tests.gui.helpers import find, find_open
from tests.gui.test_lock_and_save import unlocked_with_session

CO_PASSPHRASE = "a different passphrase for the co-leader's vault"
PRIVATE = "PRIVATE-never-sent-qz7"


@pytest.fixture
def co(tmp_path: Path) -> Iterator[bd.Vault]:
    """The co-leader's own vault, on "their" computer."""
    vault = bd.Vault.create(tmp_path / "co", CO_PASSPHRASE, kdf=bd.KdfParams.for_tests())
    yield vault
    vault.close()


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


def _window(controller: AppController) -> MainWindow:
    window = controller.main_window
    assert window is not None
    return window


def _click(qtbot: QtBot, widget: QWidget) -> None:
    qtbot.mouseClick(widget, Qt.MouseButton.LeftButton)


def _pair(controller: AppController, co: bd.Vault) -> None:
    """Both leaders added each other (after comparing words)."""
    controller.notes.vault.add_co_leader(co.identity().public_bytes(), "Sam")
    co.add_co_leader(controller.notes.vault.identity().public_bytes(), "Me")


def _open_co_leaders(qtbot: QtBot, controller: AppController) -> QDialog:
    window = _window(controller)
    window.ui.coLeadersAction.trigger()
    dialog = find_open(window, QDialog, "coLeadersDialog")
    qtbot.waitUntil(dialog.isVisible)
    return dialog


# -- co-leaders and identity ---------------------------------------------------


def test_a_co_leader_is_added_from_their_file_only_once_the_words_are_confirmed(
    qtbot: QtBot,
    start_app: Callable[..., AppController],
    tmp_path: Path,
    co: bd.Vault,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    controller, _ = unlocked_with_session(qtbot, start_app)
    vault = controller.notes.vault
    dialog = _open_co_leaders(qtbot, controller)
    own = find(dialog, QLabel, "ownWordsLabel").text()
    assert all(word in own for word in vault.identity().fingerprint.split())
    assert find(dialog, QLabel, "emptyLabel").isVisible()
    for kind in (QLineEdit, QCheckBox, QListWidget):
        for widget in dialog.findChildren(kind):
            assert widget.accessibleName(), widget.objectName()

    _click(qtbot, find(dialog, QPushButton, "addButton"))
    choose = find(dialog, QPushButton, "chooseFileButton")
    qtbot.waitUntil(choose.isVisible)
    add = find(dialog, QPushButton, "confirmAddButton")
    error = find(dialog, QLabel, "addErrorLabel")

    # Junk: refused in plain words, nothing to confirm, nothing added.
    junk = tmp_path / "holiday.jpg"
    junk.write_bytes(b"\xff\xd8\xff\xe0 not an identity at all")
    monkeypatch.setattr(save_path, "choose_open_path", Chooser(junk))
    _click(qtbot, choose)
    qtbot.waitUntil(error.isVisible)
    assert "not a Balint Desktop identity file" in error.text()
    assert not find(dialog, QWidget, "candidatePanel").isVisible()
    assert not add.isEnabled()

    # Pasting one's own identity is refused too.
    qtbot.keyClicks(find(dialog, QLineEdit, "pasteEdit"), vault.identity().public.as_text())
    qtbot.waitUntil(lambda: "your own identity" in error.text())
    assert vault.co_leaders() == []

    # Their file: their words shown large; Add waits for a name and the tick.
    theirs = tmp_path / "sam.balintid"
    theirs.write_bytes(co.identity().public_bytes())
    monkeypatch.setattr(save_path, "choose_open_path", Chooser(theirs))
    _click(qtbot, choose)
    words = find(dialog, QLabel, "theirWordsLabel")
    qtbot.waitUntil(words.isVisible)
    assert not error.isVisible()
    assert all(word in words.text() for word in co.identity().fingerprint.split())
    assert find(dialog, QLineEdit, "pasteEdit").text() == ""
    qtbot.keyClicks(find(dialog, QLineEdit, "nameEdit"), "Sam")
    match = find(dialog, QCheckBox, "matchCheck")
    assert match.text().replace("&", "") == "I read these words with Sam and they match"
    assert not add.isEnabled()  # the box is not ticked
    qtbot.keyClick(find(dialog, QLineEdit, "nameEdit"), Qt.Key.Key_Return)
    assert vault.co_leaders() == []  # Return does not skip the comparison
    qtbot.keyClick(match, Qt.Key.Key_Space)  # tick it from the keyboard
    qtbot.waitUntil(add.isEnabled)
    find(dialog, QLineEdit, "nameEdit").clear()
    assert not add.isEnabled()  # nor without a name
    qtbot.keyClicks(find(dialog, QLineEdit, "nameEdit"), "Sam")
    _click(qtbot, add)

    listing = find(dialog, QListWidget, "coLeaderList")
    qtbot.waitUntil(listing.isVisible)
    assert listing.count() == 1
    assert listing.item(0).text().startswith(f"Sam — {co.identity().fingerprint} — added ")
    (added,) = vault.co_leaders()
    assert (added.name, added.fingerprint) == ("Sam", co.identity().fingerprint)
    assert "Added Sam." in find(dialog, QLabel, "statusLabel").text()

    # The same person a second time: refused before anything is asked.
    _click(qtbot, find(dialog, QPushButton, "addButton"))
    _click(qtbot, choose)
    qtbot.waitUntil(error.isVisible)
    assert error.text() == "This identity is already one of your co-leaders (Sam)."
    assert len(vault.co_leaders()) == 1


def test_my_identity_file_is_saved_and_the_co_leader_can_add_it(
    qtbot: QtBot,
    start_app: Callable[..., AppController],
    tmp_path: Path,
    co: bd.Vault,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    controller, _ = unlocked_with_session(qtbot, start_app)
    mine = controller.notes.vault.identity()
    dialog = _open_co_leaders(qtbot, controller)
    target = tmp_path / "for-sam.balintid"
    chooser = Chooser(target)
    monkeypatch.setattr(save_path, "choose_save_path", chooser)

    _click(qtbot, find(dialog, QPushButton, "saveIdentityButton"))
    qtbot.waitUntil(target.exists)
    ((_title, suggested, _pattern),) = chooser.asked
    assert suggested == "my-balint-identity.balintid"
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    assert "Saved as for-sam.balintid." in find(dialog, QLabel, "statusLabel").text()
    added = co.add_co_leader(target.read_bytes(), "My co-leader")
    assert added.fingerprint == mine.fingerprint

    _click(qtbot, find(dialog, QPushButton, "copyIdentityButton"))
    copied = QApplication.clipboard().text()
    assert copied == mine.public.as_text()
    assert fingerprint_of(copied) == mine.fingerprint
    assert "Copied." in find(dialog, QLabel, "statusLabel").text()


def test_removing_a_co_leader_asks_first_and_says_their_reflections_go(
    qtbot: QtBot, start_app: Callable[..., AppController], co: bd.Vault
) -> None:
    controller, _ = unlocked_with_session(qtbot, start_app)
    _pair(controller, co)
    dialog = _open_co_leaders(qtbot, controller)
    listing = find(dialog, QListWidget, "coLeaderList")
    remove = find(dialog, QPushButton, "removeButton")
    assert not remove.isEnabled()  # nobody chosen yet
    listing.setCurrentRow(0)
    qtbot.waitUntil(remove.isEnabled)
    _click(qtbot, remove)
    confirm = find_open(dialog, QMessageBox, "confirmRemoveCoLeader")
    assert "shared reflections will be removed from this vault too" in confirm.text()
    confirm.button(QMessageBox.StandardButton.Cancel).click()
    assert len(controller.notes.vault.co_leaders()) == 1

    _click(qtbot, remove)
    confirm = find_open(dialog, QMessageBox, "confirmRemoveCoLeader")
    (accept,) = [b for b in confirm.buttons() if b.text() == "Remove"]
    accept.click()
    qtbot.waitUntil(lambda: controller.notes.vault.co_leaders() == [])
    assert find(dialog, QLabel, "emptyLabel").isVisible()


# -- sending -------------------------------------------------------------------


def _three_sessions(controller: AppController, session_id: int, case: str) -> tuple[int, int]:
    """12 March (shown; `case` and a private note), 5 March (shared), 19 March (empty)."""
    notes = controller.notes
    group_id = notes.session(session_id).group_id
    notes.save_reflection(session_id, {"case": case, "my_responses": PRIVATE})
    earlier = notes.add_session(group_id, dt.date(2026, 3, 5))
    notes.save_reflection(earlier.id, {"group_process": "The group went quiet early"})
    later = notes.add_session(group_id, dt.date(2026, 3, 19))
    notes.save_reflection(later.id, {"my_responses": "only private so far"})
    return earlier.id, later.id


def _open_send(qtbot: QtBot, controller: AppController) -> QDialog:
    window = _window(controller)
    window.ui.sendExchangeAction.trigger()
    dialog = find_open(window, QDialog, "sendExchangeDialog")
    qtbot.waitUntil(dialog.isVisible)
    return dialog


def test_sessions_are_sent_only_after_the_path_is_chosen_and_carry_no_private_text(
    qtbot: QtBot,
    start_app: Callable[..., AppController],
    tmp_path: Path,
    co: bd.Vault,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    controller, session_id = unlocked_with_session(qtbot, start_app)
    _three_sessions(controller, session_id, "The GP felt cornered")
    _pair(controller, co)
    dialog = _open_send(qtbot, controller)

    listing = find(dialog, QListWidget, "sessionList")
    rows = [listing.item(i) for i in range(listing.count())]
    assert [r.text() for r in rows] == [
        "Thursday 19 March 2026 — nothing to share yet",
        "Thursday 12 March 2026 — 1 shared section",
        "Thursday 5 March 2026 — 1 shared section",
    ]
    assert rows[1].toolTip() == "Would send: The case"
    assert not rows[0].flags() & Qt.ItemFlag.ItemIsEnabled
    assert "never your private responses" in rows[0].toolTip()
    assert rows[1].checkState() == Qt.CheckState.Checked  # the session shown
    assert rows[2].checkState() == Qt.CheckState.Unchecked
    assert find(dialog, QComboBox, "coLeaderCombo").currentText() == "Sam"
    assert (
        find(dialog, QLabel, "privacyLabel").text()
        == "Your private responses are never sent. Only Sam can open the file."
    )
    # Tick 5 March from the keyboard.
    listing.setFocus()
    listing.setCurrentRow(2)
    qtbot.keyClick(listing, Qt.Key.Key_Space)
    assert rows[2].checkState() == Qt.CheckState.Checked

    target = tmp_path / "outbox" / "to-sam.balintx"
    target.parent.mkdir()
    chooser = Chooser(target)
    monkeypatch.setattr(save_path, "choose_save_path", chooser)
    _click(qtbot, find(dialog, QPushButton, "sendButton"))
    done = find(dialog, QLabel, "doneLabel")
    qtbot.waitUntil(done.isVisible)
    assert chooser.existed_when_asked == [False]
    ((_title, suggested, _pattern),) = chooser.asked
    assert re.fullmatch(r"balint-exchange-\d{4}-\d{2}-\d{2}\.balintx", str(suggested))
    assert done.text() == (
        "Saved as to-sam.balintx. You can send it by email or on a USB stick: "
        "it is encrypted, and only Sam can open it."
    )
    assert dialog.isVisible()
    raw = target.read_bytes()
    assert b"cornered" not in raw
    assert PRIVATE.encode() not in raw

    report = co.import_exchange(target)
    assert report.merged == 2
    texts = [
        section.body
        for item in report.items
        for shared in co.shared_reflections(item.session_id or 0)
        for section in shared.sections
    ]
    assert sorted(texts) == ["The GP felt cornered", "The group went quiet early"]
    assert all(PRIVATE not in text for text in texts)


def test_the_guard_names_kinds_and_sessions_before_anything_is_sent(
    qtbot: QtBot,
    start_app: Callable[..., AppController],
    tmp_path: Path,
    co: bd.Vault,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    controller, session_id = unlocked_with_session(qtbot, start_app)
    _three_sessions(controller, session_id, "Her husband rang me on 0412 345 678 that night.")
    _pair(controller, co)
    dialog = _open_send(qtbot, controller)
    target = tmp_path / "to-sam.balintx"
    chooser = Chooser(target)
    monkeypatch.setattr(save_path, "choose_save_path", chooser)
    send = find(dialog, QPushButton, "sendButton")

    _click(qtbot, send)
    guard = find(dialog, QLabel, "guardLabel")
    qtbot.waitUntil(guard.isVisible)
    assert "12 Mar 2026, The case: a phone number" in guard.text()
    assert "0412" not in guard.text()
    assert chooser.asked == []
    assert not send.isEnabled()

    _click(qtbot, find(dialog, QPushButton, "goBackButton"))
    qtbot.waitUntil(lambda: not guard.isVisible())
    assert send.isEnabled()
    assert chooser.asked == []
    assert not target.exists()

    _click(qtbot, send)
    qtbot.waitUntil(guard.isVisible)
    _click(qtbot, find(dialog, QPushButton, "sendAnywayButton"))
    qtbot.waitUntil(target.exists)
    assert co.preview_exchange(target).merged == 1


def test_without_a_co_leader_the_send_window_leads_to_adding_one(
    qtbot: QtBot, start_app: Callable[..., AppController], co: bd.Vault
) -> None:
    controller, session_id = unlocked_with_session(qtbot, start_app)
    controller.notes.save_reflection(session_id, {"case": "Something to share"})
    dialog = _open_send(qtbot, controller)
    assert find(dialog, QLabel, "noCoLeaderLabel").isVisible()
    assert not find(dialog, QPushButton, "sendButton").isEnabled()
    _click(qtbot, find(dialog, QPushButton, "openCoLeadersButton"))
    co_leaders = find_open(dialog, QDialog, "coLeadersDialog")
    controller.notes.vault.add_co_leader(co.identity().public_bytes(), "Sam")
    co_leaders.reject()
    combo = find(dialog, QComboBox, "coLeaderCombo")
    qtbot.waitUntil(combo.isVisible)
    assert combo.currentText() == "Sam"
    assert find(dialog, QPushButton, "sendButton").isEnabled()


# -- receiving -----------------------------------------------------------------


def _file_from_sam(controller: AppController, co: bd.Vault, tmp_path: Path) -> Path:
    """Sam writes up 12 and 5 March in a group called Tuesday GPs and sends both."""
    me = next(c for c in co.co_leaders() if c.name == "Me")
    group = co.add_group("Tuesday GPs")
    first = co.add_session(group.id, dt.date(2026, 3, 5))
    co.save_reflection(first.id, {"group_process": "Sam: a long silence", "my_responses": "x"})
    second = co.add_session(group.id, dt.date(2026, 3, 12))
    co.save_reflection(second.id, {"case": "Sam saw the GP's tiredness"})
    return co.export_exchange(me.id, [first.id, second.id], tmp_path / "from-sam.balintx")


def _open_receive(
    qtbot: QtBot, controller: AppController, path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(save_path, "choose_open_path", Chooser(path))
    _window(controller).ui.receiveExchangeAction.trigger()


def _rows(dialog: QDialog) -> list[str]:
    listing = find(dialog, QListWidget, "itemList")
    return [listing.item(i).text() for i in range(listing.count())]


def test_a_file_from_the_co_leader_is_previewed_then_merged_into_a_new_group(
    qtbot: QtBot,
    start_app: Callable[..., AppController],
    tmp_path: Path,
    co: bd.Vault,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    controller, _ = unlocked_with_session(qtbot, start_app)
    _pair(controller, co)
    path = _file_from_sam(controller, co, tmp_path)
    window = _window(controller)
    _open_receive(qtbot, controller, path, monkeypatch)
    dialog = find_open(window, QDialog, "receiveExchangeDialog")
    qtbot.waitUntil(dialog.isVisible)

    assert "From <b>Sam</b>" in find(dialog, QLabel, "fromLabel").text()
    words = find(dialog, QLabel, "wordsLabel").text()
    assert all(word in words for word in co.identity().fingerprint.split())
    combo = find(dialog, QComboBox, "groupCombo")
    assert combo.currentText() == "A new group called “Tuesday GPs”"
    assert [combo.itemText(i) for i in range(combo.count())] == [
        "A new group called “Tuesday GPs”",
        "Clinician Group",
    ]
    assert _rows(dialog) == [
        "Thursday 5 March 2026: creates the session of 5 March and adds Group process",
        "Thursday 12 March 2026: creates the session of 12 March and adds The case",
    ]
    # Into the leader's own group: 12 March is there already, 5 March is not.
    combo.setCurrentIndex(1)
    qtbot.waitUntil(lambda: "beside your notes" in " ".join(_rows(dialog)))
    assert _rows(dialog) == [
        "Thursday 5 March 2026: creates the session of 5 March and adds Group process",
        "Thursday 12 March 2026: adds The case beside your notes",
    ]
    assert len(controller.notes.groups()) == 1  # a preview changes nothing

    combo.setCurrentIndex(0)
    _click(qtbot, find(dialog, QPushButton, "mergeButton"))
    notice = find_open(window, QMessageBox, "mergedNotice")
    assert notice.text() == "2 sessions gained Sam's reflection."
    qtbot.waitUntil(lambda: not dialog.isVisible())

    groups = window.ui.groupList
    qtbot.waitUntil(lambda: groups.count() == 2)
    assert sorted(groups.item(i).text() for i in range(groups.count())) == [
        "Clinician Group",
        "Tuesday GPs",
    ]
    notes = controller.notes
    new_group = next(g for g in notes.groups() if g.name == "Tuesday GPs")
    sessions = notes.sessions(new_group.id)
    assert [s.held_on for s in sessions] == [dt.date(2026, 3, 12), dt.date(2026, 3, 5)]
    (theirs,) = notes.vault.shared_reflections(sessions[0].id)
    assert theirs.co_leader_name == "Sam"
    assert [(s.title, s.body) for s in theirs.sections] == [
        ("The case", "Sam saw the GP's tiredness")
    ]
    notice.accept()

    # The same file again: said plainly, nothing to merge.
    _open_receive(qtbot, controller, path, monkeypatch)
    again = find_open(window, QDialog, "receiveExchangeDialog")
    qtbot.waitUntil(again.isVisible)
    assert find(again, QLabel, "alreadyLabel").isVisible()
    assert not find(again, QPushButton, "mergeButton").isEnabled()


def test_a_changed_file_is_refused_with_its_reason_and_changes_nothing(
    qtbot: QtBot,
    start_app: Callable[..., AppController],
    tmp_path: Path,
    co: bd.Vault,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    controller, _ = unlocked_with_session(qtbot, start_app)
    _pair(controller, co)
    path = _file_from_sam(controller, co, tmp_path)
    data = bytearray(path.read_bytes())
    data[-70] ^= 0x01  # inside the encrypted part, just before the signature
    path.write_bytes(bytes(data))
    window = _window(controller)
    before = [(g.name, len(controller.notes.sessions(g.id))) for g in controller.notes.groups()]

    _open_receive(qtbot, controller, path, monkeypatch)
    warning = find_open(window, QMessageBox, "")
    assert "has been changed since your co-leader made it" in warning.text()
    assert not window.findChildren(QDialog, "receiveExchangeDialog")
    after = [(g.name, len(controller.notes.sessions(g.id))) for g in controller.notes.groups()]
    assert after == before


# -- the open-file question ----------------------------------------------------


@pytest.fixture
def qt_settings_in(tmp_path: Path) -> Iterator[Path]:
    """Point Qt's user settings (where QtProject.conf lives) at a fresh folder."""
    original = Path(QSettings(QSettings.Scope.UserScope, "QtProject").fileName()).parent
    folder = tmp_path / "config"
    folder.mkdir()
    QSettings.setPath(QSettings.Format.NativeFormat, QSettings.Scope.UserScope, str(folder))
    yield folder
    QSettings.setPath(QSettings.Format.NativeFormat, QSettings.Scope.UserScope, str(original))


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
