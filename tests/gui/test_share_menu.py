"""The Share menu saves what was just typed before any copy is made."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from PySide6.QtWidgets import QDialog
from pytestqt.qtbot import QtBot

from balint_desktop.app.controller import AppController
from tests.gui.test_lock_and_save import unlocked_with_session


@pytest.mark.parametrize(
    "action", ["sendExchangeAction", "exportSessionAction", "exportArchiveAction"]
)
def test_text_typed_a_moment_ago_is_saved_before_a_copy_is_made(
    qtbot: QtBot, start_app: Callable[..., AppController], action: str
) -> None:
    controller, session_id = unlocked_with_session(qtbot, start_app)
    window = controller.main_window
    assert window is not None
    qtbot.keyClicks(window.session_panel.editor.editors["case"], "typed just now")
    # Autosave waits about a second after the last key; nothing is saved yet.
    assert controller.notes.reflection(session_id).sections == {}

    getattr(window.ui, action).trigger()

    assert controller.notes.reflection(session_id).sections == {"case": "typed just now"}
    for dialog in window.findChildren(QDialog):
        dialog.reject()
