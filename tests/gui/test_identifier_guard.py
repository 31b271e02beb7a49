"""The de-identification guard while writing: marks, a list, one-click replace."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtGui import QTextCharFormat
from PySide6.QtWidgets import QLabel
from pytestqt.qtbot import QtBot

from balint_desktop.app.controller import AppController
from tests.gui.helpers import find
from tests.gui.test_lock_and_save import unlocked_with_session


def test_identifiers_are_marked_after_a_pause_and_replaced_in_one_click(
    qtbot: QtBot, start_app: Callable[..., AppController]
) -> None:
    controller, session_id = unlocked_with_session(qtbot, start_app)
    notes = controller.notes
    notes.vault.add_member(notes.session(session_id).group_id, "P1")
    window = controller.main_window
    assert window is not None
    panel = window.session_panel
    label = find(window, QLabel, "identifierLabel")
    assert not label.isVisible()

    case = panel.editor.editors["case"]
    qtbot.keyClicks(case, "P1 presented Mrs Jane Citizen, who rang him on 0412 345 678.")
    qtbot.waitUntil(label.isVisible, timeout=3000)
    kinds = [(key, span.kind, span.text) for key, span in panel.guard.hits]
    assert kinds == [("case", "name", "Jane Citizen"), ("case", "phone", "0412 345 678")]
    assert "Jane Citizen" in label.text()
    assert "replace with [phone]" in label.text()
    marks = case.extraSelections()
    assert len(marks) == 2
    assert marks[0].format.underlineStyle() == QTextCharFormat.UnderlineStyle.WaveUnderline

    # One click on "replace with [phone]": replaced as an undoable edit, then saved.
    label.linkActivated.emit("1")
    assert case.toPlainText() == "P1 presented Mrs Jane Citizen, who rang him on [phone]."
    assert [span.kind for _, span in panel.guard.hits] == ["name"]
    qtbot.waitUntil(
        lambda: "[phone]" in notes.reflection(session_id).sections.get("case", ""), timeout=5000
    )
    label.linkActivated.emit("0")
    assert case.toPlainText() == "P1 presented Mrs [name], who rang him on [phone]."
    qtbot.waitUntil(lambda: not label.isVisible())
    assert case.extraSelections() == []
    case.undo()
    assert "Jane Citizen" in case.toPlainText()


def test_a_stale_link_checks_again_instead_of_replacing(
    qtbot: QtBot, start_app: Callable[..., AppController]
) -> None:
    controller, _ = unlocked_with_session(qtbot, start_app)
    window = controller.main_window
    assert window is not None
    panel = window.session_panel
    case = panel.editor.editors["case"]
    qtbot.keyClicks(case, "Her email is jc@example.com.")
    panel.guard.check()
    case.setPlainText("Nothing identifying here.")  # changed before the next pause
    assert not panel.guard.replace(0)
    assert case.toPlainText() == "Nothing identifying here."
    assert panel.guard.hits == []


def test_locking_empties_the_list(qtbot: QtBot, start_app: Callable[..., AppController]) -> None:
    controller, _ = unlocked_with_session(qtbot, start_app)
    window = controller.main_window
    assert window is not None
    label = find(window, QLabel, "identifierLabel")
    qtbot.keyClicks(window.session_panel.editor.editors["case"], "Call 0412 345 678.")
    qtbot.waitUntil(label.isVisible, timeout=3000)
    window.ui.lockAction.trigger()
    qtbot.waitUntil(lambda: not controller.is_unlocked)
    assert label.text() == ""
    assert not label.isVisible()
