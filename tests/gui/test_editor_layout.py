"""The reflection editor shows all of every section and follows the caret."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QPlainTextEdit
from pytestqt.qtbot import QtBot

from balint_desktop.app.controller import AppController
from tests.gui.conftest import STRONG
from tests.gui.helpers import find
from tests.gui.test_lock_and_save import unlocked_with_session

LONG = " ".join(f"sentence {n} about the presenter and the other." for n in range(60))


def test_typing_at_the_bottom_stays_in_view(
    qtbot: QtBot, start_app: Callable[..., AppController]
) -> None:
    controller, _ = unlocked_with_session(qtbot, start_app)
    window = controller.main_window
    assert window is not None
    window.resize(1100, 700)
    window.show()
    area = window.ui.reflectionEditor
    follow = find(area, QPlainTextEdit, "section_follow_up")
    follow.setFocus()
    for line in range(25):
        qtbot.keyClicks(follow, f"line {line}")
        qtbot.keyClick(follow, Qt.Key.Key_Return)

    def caret_in_view() -> bool:
        caret = follow.viewport().mapTo(area.viewport(), follow.cursorRect().center())
        return bool(area.viewport().rect().contains(caret))

    qtbot.waitUntil(caret_in_view, timeout=3000)
    assert area.verticalScrollBar().value() > 0


def test_long_sections_are_shown_whole_after_reopening(
    qtbot: QtBot, start_app: Callable[..., AppController]
) -> None:
    controller, session_id = unlocked_with_session(qtbot, start_app)
    controller.notes.save_reflection(session_id, {"case": LONG, "relationship": LONG})
    window = controller.main_window
    assert window is not None
    window.resize(1000, 700)
    window.session_panel.reload()
    case = find(window.ui.reflectionEditor, QPlainTextEdit, "section_case")
    # Grown to fit: nothing hidden inside the box once it is laid out.
    qtbot.waitUntil(lambda: case.verticalScrollBar().maximum() == 0, timeout=3000)
    assert case.height() > 10 * case.fontMetrics().lineSpacing()


def test_unlocking_returns_to_where_the_leader_was_reading(
    qtbot: QtBot, start_app: Callable[..., AppController]
) -> None:
    controller, session_id = unlocked_with_session(qtbot, start_app)
    window = controller.main_window
    assert window is not None
    long_text = "\n".join(f"line {n} of a long reflection" for n in range(60))
    controller.notes.save_reflection(session_id, {"case": long_text, "relationship": long_text})
    window.session_panel.reload()
    bar = window.ui.reflectionEditor.verticalScrollBar()
    qtbot.waitUntil(lambda: bar.maximum() > 1200)
    bar.setValue(900)

    controller.lock()
    assert window.session_panel.editor.editors == {}
    controller.unlock(STRONG)
    qtbot.waitUntil(lambda: controller.is_unlocked, timeout=10_000)

    qtbot.waitUntil(lambda: bar.value() == 900)
    assert window.session_panel.session_id == session_id
