"""T5: a screen lock or suspend reported by the system locks the vault."""

from __future__ import annotations

from collections.abc import Callable

from pytestqt.qtbot import QtBot

from balint_desktop.app.controller import AppController
from balint_desktop.app.os_lock import LockSignals
from tests.gui.test_lock_and_save import unlocked_with_session


def test_a_screen_lock_locks_the_vault(
    qtbot: QtBot, start_app: Callable[..., AppController]
) -> None:
    controller, _ = unlocked_with_session(qtbot, start_app)
    fake = LockSignals()
    controller.watch_os_lock(fake)
    with qtbot.waitSignal(controller.locked, timeout=2000):
        fake.lock_now.emit("screen locked")
    assert not controller.is_unlocked
