"""A co-leader's reflections appear beside the leader's own: attributed, read-only."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

from PySide6.QtWidgets import QLabel, QPlainTextEdit
from pytestqt.qtbot import QtBot

import balint_desktop as bd
from balint_desktop.app.controller import AppController
from tests.gui.test_lock_and_save import unlocked_with_session

CO_PASSPHRASE = "correct horse battery staple for the co-leader"


def _file_from_co_leader(controller: AppController, tmp_path: Path, **sections: str) -> Path:
    """The co-leader writes up 12 March in their own vault and sends it."""
    with bd.Vault.create(tmp_path / "co", CO_PASSPHRASE, kdf=bd.KdfParams.for_tests()) as co:
        mine = controller.notes.vault
        co_leader = mine.add_co_leader(co.identity().public_bytes(), "Sam")
        assert co_leader.name == "Sam"
        me = co.add_co_leader(mine.identity().public_bytes(), "Me")
        group = co.add_group("Clinician Group")
        session = co.add_session(group.id, dt.date(2026, 3, 12))
        co.save_reflection(session.id, sections)
        return co.export_exchange(me.id, [session.id], tmp_path / "from-sam.balintx")


def test_merged_reflections_show_under_the_leader_s_sections_read_only(
    qtbot: QtBot, start_app: Callable[..., AppController], tmp_path: Path
) -> None:
    controller, session_id = unlocked_with_session(qtbot, start_app)
    window = controller.main_window
    assert window is not None
    editor = window.session_panel.editor
    qtbot.keyClicks(editor.editors["case"], "My view of the case")
    path = _file_from_co_leader(
        controller, tmp_path, case="Sam saw the GP's tiredness", my_responses="Sam's own"
    )

    report = controller.notes.import_exchange(path)

    assert report.merged == 1
    co_leader_id = report.co_leader.id
    name = f"shared_case_{co_leader_id}"
    qtbot.waitUntil(lambda: name in editor.shared)
    theirs = window.findChild(QPlainTextEdit, name)
    assert theirs is not None
    assert theirs.toPlainText() == "Sam saw the GP's tiredness"
    assert theirs.isReadOnly()
    assert "Sam" in theirs.accessibleName()
    block = theirs.parentWidget()
    assert block is not None
    caption = block.findChild(QLabel, "sharedCaption")
    assert caption is not None
    assert caption.text().startswith("Sam (co-leader), read only")
    # Their private section never arrives; only their one shared section shows.
    assert list(editor.shared) == [name]
    # Typing there changes nothing; the leader's own text stays theirs.
    theirs.setFocus()
    qtbot.keyClicks(theirs, "edit attempt")
    assert theirs.toPlainText() == "Sam saw the GP's tiredness"
    assert editor.editors["case"].toPlainText() == "My view of the case"
    window.session_panel._autosaver.flush()
    own = controller.notes.reflection(session_id).sections
    assert own == {"case": "My view of the case"}


def test_shared_texts_are_gone_after_locking(
    qtbot: QtBot, start_app: Callable[..., AppController], tmp_path: Path
) -> None:
    controller, _session_id = unlocked_with_session(qtbot, start_app)
    window = controller.main_window
    assert window is not None
    path = _file_from_co_leader(controller, tmp_path, group_process="zq-shared-canary")
    controller.notes.import_exchange(path)
    editor = window.session_panel.editor
    qtbot.waitUntil(lambda: bool(editor.shared))
    edit = next(iter(editor.shared.values()))

    controller.lock()

    assert not editor.shared
    assert edit.toPlainText() == ""
    texts = [w.toPlainText() for w in window.findChildren(QPlainTextEdit)]
    assert not any("zq-shared-canary" in text for text in texts)
    labels = [w.text() for w in window.findChildren(QLabel)]
    assert not any("Sam (co-leader)" in text for text in labels if text)
