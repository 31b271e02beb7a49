"""Co-leaders and identity: adding one only after the words are confirmed, removing, renaming."""

from __future__ import annotations

import stat
from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QApplication,
    QCheckBox,
    QInputDialog,
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
from balint_desktop.views.widgets import save_path
from tests.gui.exchange_helpers import (
    Chooser,
    click,
    open_co_leaders,
    pair,
)
from tests.gui.helpers import find, find_open
from tests.gui.test_lock_and_save import unlocked_with_session

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
    dialog = open_co_leaders(qtbot, controller)
    own = find(dialog, QLabel, "ownWordsLabel").text()
    assert all(word in own for word in vault.identity().fingerprint.split())
    assert find(dialog, QLabel, "emptyLabel").isVisible()
    for kind in (QLineEdit, QCheckBox, QListWidget):
        for widget in dialog.findChildren(kind):
            assert widget.accessibleName(), widget.objectName()

    click(qtbot, find(dialog, QPushButton, "addButton"))
    choose = find(dialog, QPushButton, "chooseFileButton")
    qtbot.waitUntil(choose.isVisible)
    add = find(dialog, QPushButton, "confirmAddButton")
    error = find(dialog, QLabel, "addErrorLabel")

    # Junk: refused in plain words, nothing to confirm, nothing added.
    junk = tmp_path / "holiday.jpg"
    junk.write_bytes(b"\xff\xd8\xff\xe0 not an identity at all")
    monkeypatch.setattr(save_path, "choose_open_path", Chooser(junk))
    click(qtbot, choose)
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
    click(qtbot, choose)
    words = find(dialog, QLabel, "theirWordsLabel")
    qtbot.waitUntil(words.isVisible)
    assert not error.isVisible()
    assert all(word in words.text() for word in co.identity().fingerprint.split())
    assert find(dialog, QLineEdit, "pasteEdit").text() == ""
    qtbot.keyClicks(find(dialog, QLineEdit, "nameEdit"), "Sam")
    match = find(dialog, QCheckBox, "matchCheck")
    assert match.text().replace("&", "") == "I read these words with Sam and they match"
    assert not add.isEnabled()  # the box is not ticked
    assert add.toolTip() == "Read your words to each other, then tick that they match."
    qtbot.keyClick(find(dialog, QLineEdit, "nameEdit"), Qt.Key.Key_Return)
    assert vault.co_leaders() == []  # Return does not skip the comparison
    qtbot.keyClick(match, Qt.Key.Key_Space)  # tick it from the keyboard
    qtbot.waitUntil(add.isEnabled)
    assert add.toolTip() == ""
    find(dialog, QLineEdit, "nameEdit").clear()
    assert not add.isEnabled()  # nor without a name
    assert add.toolTip() == "Type the name you know them by."
    qtbot.keyClicks(find(dialog, QLineEdit, "nameEdit"), "Sam")
    click(qtbot, add)

    listing = find(dialog, QListWidget, "coLeaderList")
    qtbot.waitUntil(listing.isVisible)
    assert listing.count() == 1
    assert listing.item(0).text().startswith(f"Sam — {co.identity().fingerprint} — added ")
    (added,) = vault.co_leaders()
    assert (added.name, added.fingerprint) == ("Sam", co.identity().fingerprint)
    assert "Added Sam." in find(dialog, QLabel, "statusLabel").text()

    # The same person a second time: refused before anything is asked.
    click(qtbot, find(dialog, QPushButton, "addButton"))
    click(qtbot, choose)
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
    dialog = open_co_leaders(qtbot, controller)
    target = tmp_path / "for-sam.balintid"
    chooser = Chooser(target)
    monkeypatch.setattr(save_path, "choose_save_path", chooser)

    click(qtbot, find(dialog, QPushButton, "saveIdentityButton"))
    qtbot.waitUntil(target.exists)
    ((_title, suggested, _pattern),) = chooser.asked
    assert suggested == "my-balint-identity.balintid"
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    assert "Saved as for-sam.balintid." in find(dialog, QLabel, "statusLabel").text()
    added = co.add_co_leader(target.read_bytes(), "My co-leader")
    assert added.fingerprint == mine.fingerprint

    click(qtbot, find(dialog, QPushButton, "copyIdentityButton"))
    copied = QApplication.clipboard().text()
    assert copied == mine.public.as_text()
    assert fingerprint_of(copied) == mine.fingerprint
    assert "Copied." in find(dialog, QLabel, "statusLabel").text()


def test_removing_a_co_leader_asks_first_and_says_their_reflections_go(
    qtbot: QtBot, start_app: Callable[..., AppController], co: bd.Vault
) -> None:
    controller, _ = unlocked_with_session(qtbot, start_app)
    pair(controller, co)
    dialog = open_co_leaders(qtbot, controller)
    listing = find(dialog, QListWidget, "coLeaderList")
    remove = find(dialog, QPushButton, "removeButton")
    assert not remove.isEnabled()  # nobody chosen yet
    listing.setCurrentRow(0)
    qtbot.waitUntil(remove.isEnabled)
    click(qtbot, remove)
    confirm = find_open(dialog, QMessageBox, "confirmRemoveCoLeader")
    assert "shared reflections will be removed from this vault too" in confirm.text()
    confirm.button(QMessageBox.StandardButton.Cancel).click()
    assert len(controller.notes.vault.co_leaders()) == 1

    click(qtbot, remove)
    confirm = find_open(dialog, QMessageBox, "confirmRemoveCoLeader")
    (accept,) = [b for b in confirm.buttons() if b.text() == "Remove"]
    accept.click()
    qtbot.waitUntil(lambda: controller.notes.vault.co_leaders() == [])
    assert find(dialog, QLabel, "emptyLabel").isVisible()


def test_renaming_a_co_leader_changes_the_list_and_keeps_their_words(
    qtbot: QtBot, start_app: Callable[..., AppController], co: bd.Vault
) -> None:
    controller, _ = unlocked_with_session(qtbot, start_app)
    pair(controller, co)
    words = co.identity().fingerprint
    dialog = open_co_leaders(qtbot, controller)
    listing = find(dialog, QListWidget, "coLeaderList")
    rename = find(dialog, QPushButton, "renameButton")
    assert not rename.isEnabled()
    listing.setCurrentRow(0)
    qtbot.waitUntil(rename.isEnabled)
    click(qtbot, rename)
    ask = find_open(dialog, QInputDialog, "renameCoLeaderDialog")
    assert ask.textValue() == "Sam"
    field = ask.findChild(QLineEdit)
    assert field is not None
    field.selectAll()
    qtbot.keyClicks(field, "Dr Sam Okafor")
    qtbot.keyClick(field, Qt.Key.Key_Return)

    qtbot.waitUntil(lambda: controller.notes.vault.co_leaders()[0].name == "Dr Sam Okafor")
    assert controller.notes.vault.co_leaders()[0].fingerprint == words
    assert "Dr Sam Okafor" in listing.item(0).text()


def test_an_empty_name_is_refused_and_the_old_one_kept(
    qtbot: QtBot, start_app: Callable[..., AppController], co: bd.Vault
) -> None:
    controller, _ = unlocked_with_session(qtbot, start_app)
    pair(controller, co)
    dialog = open_co_leaders(qtbot, controller)
    find(dialog, QListWidget, "coLeaderList").setCurrentRow(0)
    click(qtbot, find(dialog, QPushButton, "renameButton"))
    ask = find_open(dialog, QInputDialog, "renameCoLeaderDialog")
    ask.setTextValue("   ")
    ask.accept()

    error = find(dialog, QLabel, "errorLabel")
    qtbot.waitUntil(error.isVisible)
    assert "cannot be empty" in error.text()
    assert controller.notes.vault.co_leaders()[0].name == "Sam"
