"""The app stays safe when things go wrong: damage, failing saves, clocks."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication, QLabel, QPushButton
from pytestqt.qtbot import QtBot

import balint_desktop as bd
from balint_desktop.app.controller import AppController
from balint_desktop.app.idle import IdleWatcher
from tests.gui.helpers import find
from tests.gui.test_lock_and_save import unlocked_with_session
from tests.unit.test_damage_and_races import damaged_after_page_one

PASSPHRASE = "correct horse battery staple"


def test_damage_found_after_unlock_offers_restore_and_closes_the_vault(
    qtbot: QtBot,
    start_app: Callable[..., AppController],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    vault_dir = tmp_path / "vault"
    damaged_after_page_one(vault_dir)
    controller = start_app(vault_dir)

    def damaged_groups(self: object) -> list[bd.Group]:
        raise bd.VaultCorrupt()

    # The first read of the main window meets the damage.
    monkeypatch.setattr(bd.Vault, "groups", damaged_groups)
    controller.unlock(PASSPHRASE)
    unlock = controller.unlock_dialog
    assert unlock is not None
    restore = find(unlock, QPushButton, "restoreButton")
    qtbot.waitUntil(restore.isVisible, timeout=10_000)
    assert "damaged" in find(unlock, QLabel, "errorLabel").text()
    assert not controller.is_unlocked
    assert not controller.idle.armed
    monkeypatch.undo()
    # The vault was closed again: a second try is not "already open".
    bd.Vault.open(vault_dir, PASSPHRASE).close()


def test_lock_happens_even_if_the_last_save_blows_up(
    qtbot: QtBot, start_app: Callable[..., AppController], monkeypatch: pytest.MonkeyPatch
) -> None:
    controller, _ = unlocked_with_session(qtbot, start_app)

    def bug() -> bool:
        raise RuntimeError("a bug in saving")

    monkeypatch.setattr(controller.autosaver, "flush", bug)
    controller.lock()
    assert not controller.is_unlocked
    window = controller.main_window
    assert window is not None
    assert not window.isVisible()


def test_search_results_are_emptied_by_lock(
    qtbot: QtBot, start_app: Callable[..., AppController]
) -> None:
    controller, session_id = unlocked_with_session(qtbot, start_app)
    controller.notes.save_reflection(session_id, {"case": "lighthousekeeper canary"})
    window = controller.main_window
    assert window is not None
    qtbot.keyClicks(window.search_edit, "lighthousekeeper")
    qtbot.waitUntil(lambda: window.ui.searchResults.count() == 1, timeout=5000)
    controller.lock()
    labels = [w for w in QApplication.allWidgets() if isinstance(w, QLabel)]
    assert all("lighthousekeeper" not in label.text() for label in labels)


def test_idle_lock_is_not_fooled_by_a_clock_set_back(qtbot: QtBot) -> None:
    wall = [1_000_000.0]
    steady = [50.0]
    watcher = IdleWatcher(300, clock=lambda: wall[0], monotonic=lambda: steady[0])
    watcher.arm()
    wall[0] -= 3600  # someone sets the clock back an hour
    steady[0] += 301
    with qtbot.waitSignal(watcher.expired, timeout=1000):
        watcher.check()


def test_notes_without_a_key_file_offer_restore_not_setup(
    qtbot: QtBot, start_app: Callable[..., AppController], tmp_path: Path
) -> None:
    vault_dir = tmp_path / "vault"
    bd.Vault.create(vault_dir, PASSPHRASE, kdf=bd.KdfParams.for_tests()).close()
    (vault_dir / "vault.key").unlink()
    controller = start_app(vault_dir)
    assert controller.setup_dialog is None
    unlock = controller.unlock_dialog
    assert unlock is not None
    assert find(unlock, QPushButton, "restoreButton").isVisible()
    assert "key file is missing" in find(unlock, QLabel, "errorLabel").text()
