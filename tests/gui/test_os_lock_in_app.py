"""T5 and T2 in the app: system locks lock the vault; weak test settings are upgraded."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings
from pytestqt.qtbot import QtBot

import balint_desktop as bd
from balint_desktop.app.controller import AppController
from balint_desktop.app.os_lock import LockSignals
from tests.gui.conftest import STRONG
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


@pytest.mark.slow
def test_a_vault_made_with_test_settings_gets_real_ones_at_unlock(
    qtbot: QtBot, tmp_path: Path, settings_store: QSettings
) -> None:
    from balint_desktop import app as gui

    vault_dir = tmp_path / "vault"
    bd.Vault.create(vault_dir, STRONG, kdf=bd.KdfParams.for_tests()).close()
    controller = gui.start(vault_dir, None, settings=settings_store)  # the real app
    try:
        controller.unlock(STRONG)
        qtbot.waitUntil(lambda: controller.is_unlocked, timeout=60_000)
        assert controller.vault is not None
        assert not controller.vault.kdf.for_testing
        assert controller.vault.kdf.meets_floor()
    finally:
        controller.shutdown()
        for widget in (controller.main_window, controller.unlock_dialog):
            if widget is not None:
                widget.hide()
    bd.Vault.open(vault_dir, STRONG).close()  # the same passphrase still opens it
