"""Backups the leader never has to think about: made at lock, shown, overdue banner."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest
from PySide6.QtWidgets import QDialog, QLabel
from pytestqt.qtbot import QtBot

import balint_desktop as bd
from balint_desktop.app.controller import AppController, backup_warning
from balint_desktop.core.clock import to_db
from balint_desktop.storage.backup import backups_in
from tests.gui.conftest import STRONG
from tests.gui.helpers import find
from tests.gui.test_lock_and_save import unlocked_with_session


def test_lock_after_a_change_makes_a_verified_backup(
    qtbot: QtBot, start_app: Callable[..., AppController]
) -> None:
    controller, session_id = unlocked_with_session(qtbot, start_app)
    controller.notes.save_reflection(session_id, {"case": "backed up at lock"})
    controller.lock()
    made = backups_in(controller.vault_dir / "backups")
    assert len(made) == 1
    controller.unlock(STRONG)
    qtbot.waitUntil(lambda: controller.is_unlocked, timeout=10_000)
    window = controller.main_window
    assert window is not None
    assert not window.ui.bannerFrame.isVisible()
    window.ui.settingsAction.trigger()
    settings = find(window, QDialog, "settingsDialog")
    text = find(settings, QLabel, "lastBackupLabel").text()
    assert "None yet" not in text
    assert "backups" in text


def test_an_overdue_backup_shows_a_banner(
    qtbot: QtBot, start_app: Callable[..., AppController], monkeypatch: pytest.MonkeyPatch
) -> None:
    controller, _ = unlocked_with_session(qtbot, start_app)
    vault = controller.vault
    assert vault is not None
    vault.repository.set_meta(
        "last_backup_at", to_db(dt.datetime.now(dt.UTC) - dt.timedelta(days=9))
    )

    def disk_full(self: bd.Vault, *args: object, **kwargs: object) -> None:
        raise bd.StorageFull()

    monkeypatch.setattr(bd.Vault, "auto_backup", disk_full)
    controller.lock()  # the backup fails, quietly: the lock still happens
    assert not controller.is_unlocked
    controller.unlock(STRONG)
    qtbot.waitUntil(lambda: controller.is_unlocked, timeout=10_000)
    window = controller.main_window
    assert window is not None
    assert window.ui.bannerFrame.isVisible()
    assert "9 days old" in window.ui.bannerLabel.text()
    controller.lock()
    assert window.ui.bannerLabel.text() == ""


def test_backup_warning_words() -> None:
    now = dt.datetime(2026, 11, 27, tzinfo=dt.UTC)
    assert backup_warning(now - dt.timedelta(days=3), None, now) is None
    text = backup_warning(now - dt.timedelta(days=9), None, now)
    assert text is not None
    assert "9 days" in text
    assert backup_warning(None, to_db(now - dt.timedelta(days=1)), now) is None
    assert "no verified backup" in (
        backup_warning(None, to_db(now - dt.timedelta(days=8)), now) or ""
    )
