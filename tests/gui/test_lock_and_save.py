"""Idle lock on the wall clock, failed saves that keep the text, history."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping

import pytest
from PySide6.QtCore import QEvent, QPointF, Qt
from PySide6.QtGui import QMouseEvent
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QLabel,
    QListWidget,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QTextBrowser,
)
from pytestqt.qtbot import QtBot

import balint_desktop as bd
from balint_desktop.app.controller import AppController
from tests.gui.helpers import find
from tests.gui.test_journey import create_vault


class FakeClock:
    def __init__(self) -> None:
        self.now = 1_000_000.0

    def __call__(self) -> float:
        return self.now


def unlocked_with_session(
    qtbot: QtBot, start_app: Callable[..., AppController]
) -> tuple[AppController, int]:
    controller = start_app()
    create_vault(qtbot, controller)
    window = controller.main_window
    assert window is not None
    for dialog in window.findChildren(QDialog):
        dialog.reject()
    group = controller.notes.add_group("Clinician Group")
    session = controller.notes.add_session(group.id, dt.date(2026, 3, 12))
    window.load(group.id, session.id)
    qtbot.waitUntil(lambda: window.session_panel.session_id == session.id)
    return controller, session.id


def test_idle_lock_follows_the_wall_clock(
    qtbot: QtBot, start_app: Callable[..., AppController]
) -> None:
    controller, _ = unlocked_with_session(qtbot, start_app)
    clock = FakeClock()
    controller.idle._clock = clock  # the watcher's clock is injectable
    controller.idle.set_limit(5 * 60)
    controller.idle.arm()
    clock.now += 4 * 60
    controller.idle.check()
    assert controller.is_unlocked
    # Activity restarts the count.
    window = controller.main_window
    assert window is not None
    move = QMouseEvent(
        QEvent.Type.MouseMove,
        QPointF(5, 5),
        QPointF(5, 5),
        Qt.MouseButton.NoButton,
        Qt.MouseButton.NoButton,
        Qt.KeyboardModifier.NoModifier,
    )
    QApplication.sendEvent(window, move)
    clock.now += 4 * 60
    controller.idle.check()
    assert controller.is_unlocked
    # A laptop asleep for an hour: the wall clock jumps, the vault locks.
    clock.now += 60 * 60
    with qtbot.waitSignal(controller.locked, timeout=2000):
        controller.idle.check()
    assert not controller.is_unlocked


def test_waking_after_the_limit_locks_before_the_first_keystroke(
    qtbot: QtBot, start_app: Callable[..., AppController]
) -> None:
    controller, _ = unlocked_with_session(qtbot, start_app)
    clock = FakeClock()
    controller.idle._clock = clock
    controller.idle.arm()
    clock.now += controller.settings.idle_lock_minutes * 60 + 1
    window = controller.main_window
    assert window is not None
    editor = find(window.ui.reflectionEditor, QPlainTextEdit, "section_case")
    with qtbot.waitSignal(controller.locked, timeout=2000):
        qtbot.keyClick(editor, Qt.Key.Key_A)
    assert not controller.is_unlocked


def test_failed_save_keeps_the_text_and_says_so(
    qtbot: QtBot, start_app: Callable[..., AppController], monkeypatch: pytest.MonkeyPatch
) -> None:
    controller, session_id = unlocked_with_session(qtbot, start_app)
    window = controller.main_window
    assert window is not None
    assert controller.vault is not None
    real_save = controller.vault.save_reflection

    def disk_full(session: int, sections: Mapping[str, str]) -> bd.Reflection:
        raise bd.StorageFull()

    monkeypatch.setattr(controller.vault, "save_reflection", disk_full)
    editor = find(window.ui.reflectionEditor, QPlainTextEdit, "section_case")
    qtbot.keyClicks(editor, "words that must not be lost")
    status = find(window, QLabel, "saveStatusLabel")
    qtbot.waitUntil(lambda: status.text().startswith("Not saved"), timeout=5000)
    assert "disk is full" in status.text()
    assert editor.toPlainText() == "words that must not be lost"
    assert controller.autosaver.has_pending()

    # Space is freed: the next edit saves everything typed.
    monkeypatch.setattr(controller.vault, "save_reflection", real_save)
    qtbot.keyClicks(editor, "!")
    qtbot.waitUntil(lambda: status.text() == "Saved", timeout=5000)
    assert controller.notes.reflection(session_id).sections == {
        "case": "words that must not be lost!"
    }


def test_quit_with_unsaved_text_stays_open(
    qtbot: QtBot, start_app: Callable[..., AppController], monkeypatch: pytest.MonkeyPatch
) -> None:
    controller, _ = unlocked_with_session(qtbot, start_app)
    window = controller.main_window
    assert window is not None

    def disk_full(session: int, sections: Mapping[str, str]) -> bd.Reflection:
        raise bd.StorageFull()

    monkeypatch.setattr(controller.vault, "save_reflection", disk_full)
    editor = find(window.ui.reflectionEditor, QPlainTextEdit, "section_case")
    qtbot.keyClicks(editor, "unsaved")
    assert not window.close()
    assert window.isVisible()
    assert controller.is_unlocked
    assert editor.toPlainText() == "unsaved"


def test_history_lists_saves_and_restores_one(
    qtbot: QtBot, start_app: Callable[..., AppController]
) -> None:
    controller, session_id = unlocked_with_session(qtbot, start_app)
    window = controller.main_window
    assert window is not None
    controller.notes.save_reflection(session_id, {"case": "first draft"})
    controller.notes.save_reflection(session_id, {"case": "second thoughts"})
    window.session_panel.reload()
    window.ui.historyAction.trigger()
    dialog = find(window, QDialog, "historyDialog")
    qtbot.waitUntil(dialog.isVisible)
    revisions = find(dialog, QListWidget, "revisionList")
    assert revisions.count() == 2
    assert "(current)" in revisions.item(0).text()
    revisions.setCurrentRow(1)
    assert "first draft" in find(dialog, QTextBrowser, "previewBrowser").toPlainText()
    qtbot.mouseClick(find(dialog, QPushButton, "restoreButton"), Qt.MouseButton.LeftButton)
    confirm = find(dialog, QMessageBox, "confirmRestore")
    next(b for b in confirm.buttons() if b.text() == "Restore").click()
    editor = find(window.ui.reflectionEditor, QPlainTextEdit, "section_case")
    qtbot.waitUntil(lambda: editor.toPlainText() == "first draft")
    assert len(controller.notes.revisions(session_id)) == 3
    assert not editor.document().isUndoAvailable()


def test_every_action_has_its_shortcut(
    qtbot: QtBot, start_app: Callable[..., AppController]
) -> None:
    controller, _ = unlocked_with_session(qtbot, start_app)
    ui = controller.main_window.ui  # type: ignore[union-attr]
    expected = {
        ui.newGroupAction: "Ctrl+Shift+N",
        ui.newSessionAction: "Ctrl+N",
        ui.lockAction: "Ctrl+L",
        ui.findAction: "Ctrl+F",
        ui.quitAction: "Ctrl+Q",
    }
    for action, keys in expected.items():
        assert action.shortcut().toString() == keys, action.objectName()
    for widget in QApplication.allWidgets():
        focusable = widget.isVisible() and widget.focusPolicy() != Qt.FocusPolicy.NoFocus
        if focusable and isinstance(widget, QPlainTextEdit | QListWidget):
            assert widget.accessibleName(), widget.objectName()


def test_a_failed_save_is_retried_without_another_keystroke(qtbot: QtBot) -> None:
    from balint_desktop.app.autosave import Autosaver

    attempts: list[dict[str, str]] = []

    def flaky(session_id: int, sections: Mapping[str, str]) -> None:
        attempts.append(dict(sections))
        if len(attempts) == 1:
            raise bd.StorageFull()

    saver = Autosaver(flaky, delay_ms=10, retry_ms=50)
    saver.edited(1, "case", "kept while the disk was full")
    qtbot.waitUntil(lambda: saver.state == "failed", timeout=2000)
    qtbot.waitUntil(lambda: saver.state == "saved", timeout=2000)
    assert attempts == [{"case": "kept while the disk was full"}] * 2
    assert not saver.has_pending()
