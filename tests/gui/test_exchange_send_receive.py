"""Sending sessions to a co-leader and merging a file from one."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QLabel,
    QListWidget,
    QMessageBox,
    QPushButton,
)
from pytestqt.qtbot import QtBot

import balint_desktop as bd
from balint_desktop.app.controller import AppController
from balint_desktop.views.widgets import save_path
from tests.gui.exchange_helpers import (
    PRIVATE,
    Chooser,
    click,
    pair,
    window_of,
)
from tests.gui.helpers import find, find_open
from tests.gui.test_lock_and_save import unlocked_with_session


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
    window = window_of(controller)
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
    pair(controller, co)
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
    click(qtbot, find(dialog, QPushButton, "sendButton"))
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
    pair(controller, co)
    dialog = _open_send(qtbot, controller)
    target = tmp_path / "to-sam.balintx"
    chooser = Chooser(target)
    monkeypatch.setattr(save_path, "choose_save_path", chooser)
    send = find(dialog, QPushButton, "sendButton")

    click(qtbot, send)
    guard = find(dialog, QLabel, "guardLabel")
    qtbot.waitUntil(guard.isVisible)
    assert "12 Mar 2026, The case: a phone number" in guard.text()
    assert "0412" not in guard.text()
    assert chooser.asked == []
    assert not send.isEnabled()

    click(qtbot, find(dialog, QPushButton, "goBackButton"))
    qtbot.waitUntil(lambda: not guard.isVisible())
    assert send.isEnabled()
    assert chooser.asked == []
    assert not target.exists()

    click(qtbot, send)
    qtbot.waitUntil(guard.isVisible)
    click(qtbot, find(dialog, QPushButton, "sendAnywayButton"))
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
    click(qtbot, find(dialog, QPushButton, "openCoLeadersButton"))
    co_leaders = find_open(dialog, QDialog, "coLeadersDialog")
    controller.notes.vault.add_co_leader(co.identity().public_bytes(), "Sam")
    co_leaders.reject()
    combo = find(dialog, QComboBox, "coLeaderCombo")
    qtbot.waitUntil(combo.isVisible)
    assert combo.currentText() == "Sam"
    assert find(dialog, QPushButton, "sendButton").isEnabled()


def test_with_nothing_to_share_the_window_says_why_and_cannot_send(
    qtbot: QtBot, start_app: Callable[..., AppController], co: bd.Vault
) -> None:
    controller, session_id = unlocked_with_session(qtbot, start_app)
    pair(controller, co)
    controller.notes.save_reflection(session_id, {"my_responses": "only mine"})
    dialog = _open_send(qtbot, controller)
    error = find(dialog, QLabel, "errorLabel")
    assert error.isVisible()
    assert "None of these sessions has shared reflections yet" in error.text()
    assert not find(dialog, QPushButton, "sendButton").isEnabled()
    dialog.reject()

    empty = controller.notes.add_group("No sessions yet")
    window_of(controller).load(empty.id, None)
    qtbot.waitUntil(lambda: window_of(controller).current_group_id() == empty.id)
    dialog = _open_send(qtbot, controller)
    listing = find(dialog, QListWidget, "sessionList")
    assert [listing.item(i).text() for i in range(listing.count())] == [
        "This group has no sessions yet."
    ]
    assert not find(dialog, QPushButton, "sendButton").isEnabled()


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
    window_of(controller).ui.receiveExchangeAction.trigger()


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
    pair(controller, co)
    path = _file_from_sam(controller, co, tmp_path)
    window = window_of(controller)
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
    click(qtbot, find(dialog, QPushButton, "mergeButton"))
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


def test_a_newer_file_says_which_sections_changed_and_that_it_updated(
    qtbot: QtBot,
    start_app: Callable[..., AppController],
    tmp_path: Path,
    co: bd.Vault,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    controller, _ = unlocked_with_session(qtbot, start_app)
    pair(controller, co)
    first = _file_from_sam(controller, co, tmp_path)
    controller.notes.import_exchange(first)
    me = next(c for c in co.co_leaders() if c.name == "Me")
    group = co.groups()[0]
    march_12 = co.sessions(group.id)[0]
    co.save_reflection(march_12.id, {"follow_up": "Ring the GP next week"})
    newer = co.export_exchange(me.id, [march_12.id], tmp_path / "newer.balintx")
    window = window_of(controller)

    _open_receive(qtbot, controller, newer, monkeypatch)
    dialog = find_open(window, QDialog, "receiveExchangeDialog")
    qtbot.waitUntil(dialog.isVisible)
    assert _rows(dialog) == [
        "Thursday 12 March 2026: updates their reflection: Follow-up and supervision changed"
    ]
    click(qtbot, find(dialog, QPushButton, "mergeButton"))

    notice = find_open(window, QMessageBox, "mergedNotice")
    assert notice.text() == "1 session has Sam's newer reflection."
    notice.accept()


def test_a_changed_file_is_refused_with_its_reason_and_changes_nothing(
    qtbot: QtBot,
    start_app: Callable[..., AppController],
    tmp_path: Path,
    co: bd.Vault,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    controller, _ = unlocked_with_session(qtbot, start_app)
    pair(controller, co)
    path = _file_from_sam(controller, co, tmp_path)
    data = bytearray(path.read_bytes())
    data[-70] ^= 0x01  # inside the encrypted part, just before the signature
    path.write_bytes(bytes(data))
    window = window_of(controller)
    before = [(g.name, len(controller.notes.sessions(g.id))) for g in controller.notes.groups()]

    _open_receive(qtbot, controller, path, monkeypatch)
    warning = find_open(window, QMessageBox, "")
    assert "has been changed since your co-leader made it" in warning.text()
    assert not window.findChildren(QDialog, "receiveExchangeDialog")
    after = [(g.name, len(controller.notes.sessions(g.id))) for g in controller.notes.groups()]
    assert after == before


# -- the open-file question ----------------------------------------------------
