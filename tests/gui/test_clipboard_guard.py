"""T7: copied note text leaves the clipboard after 30 s, or at lock."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QApplication, QPlainTextEdit
from pytestqt.qtbot import QtBot

from balint_desktop.app.clipboard_guard import CLEAR_AFTER_SECONDS, PRIVACY_HINTS
from balint_desktop.app.controller import AppController
from tests.gui.helpers import find
from tests.gui.test_lock_and_save import unlocked_with_session


class FakeClock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def copy_from_case(controller: AppController, text: str) -> QPlainTextEdit:
    window = controller.main_window
    assert window is not None
    case = find(window.ui.reflectionEditor, QPlainTextEdit, "section_case")
    case.setPlainText(text)
    case.selectAll()
    case.copy()
    return case


def test_copied_note_text_is_cleared_after_thirty_seconds(
    qtbot: QtBot, start_app: Callable[..., AppController]
) -> None:
    controller, _ = unlocked_with_session(qtbot, start_app)
    guard = controller.clipboard_guard
    assert guard is not None
    clock = FakeClock()
    guard._clock = clock
    copy_from_case(controller, "the presenter's private doubt")
    clipboard = QApplication.clipboard()
    assert clipboard.text() == "the presenter's private doubt"
    formats = clipboard.mimeData().formats()
    assert set(PRIVACY_HINTS) <= set(formats)
    clock.now += CLEAR_AFTER_SECONDS - 1
    guard.check()
    assert clipboard.text() == "the presenter's private doubt"
    clock.now += 2
    guard.check()
    assert clipboard.text() == ""


def test_a_newer_copy_is_left_alone(qtbot: QtBot, start_app: Callable[..., AppController]) -> None:
    controller, _ = unlocked_with_session(qtbot, start_app)
    guard = controller.clipboard_guard
    assert guard is not None
    clock = FakeClock()
    guard._clock = clock
    copy_from_case(controller, "note text")
    QApplication.clipboard().setText("a shopping list")
    clock.now += CLEAR_AFTER_SECONDS + 5
    guard.check()
    assert QApplication.clipboard().text() == "a shopping list"


def test_lock_clears_our_copy(qtbot: QtBot, start_app: Callable[..., AppController]) -> None:
    controller, _ = unlocked_with_session(qtbot, start_app)
    copy_from_case(controller, "words that must not outlive the lock")
    controller.lock()
    assert QApplication.clipboard().text() == ""
