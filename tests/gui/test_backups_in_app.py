"""Backups the leader never has to think about: made at lock, shown, overdue banner."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QListWidget,
    QPushButton,
)
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


def test_restore_a_damaged_vault_from_the_app(
    qtbot: QtBot, start_app: Callable[..., AppController], tmp_path: Path
) -> None:
    vault_dir = tmp_path / "vault"
    with bd.Vault.create(vault_dir, STRONG, kdf=bd.KdfParams.for_tests()) as vault:
        group = vault.add_group("Clinician Group")
        session = vault.add_session(group.id, dt.date(2026, 3, 12))
        vault.save_reflection(session.id, {"case": "what must survive"})
        vault.auto_backup()
    db = vault_dir / "vault.db"
    data = bytearray(db.read_bytes())
    data[100:200] = bytes(100)  # page 1 destroyed
    db.write_bytes(bytes(data))

    controller = start_app(vault_dir)
    controller.unlock(STRONG)
    unlock = controller.unlock_dialog
    assert unlock is not None
    restore_button = find(unlock, QPushButton, "restoreButton")
    qtbot.waitUntil(restore_button.isVisible, timeout=10_000)
    qtbot.mouseClick(restore_button, Qt.MouseButton.LeftButton)
    dialog = find(unlock, QDialog, "restoreDialog")
    qtbot.waitUntil(dialog.isVisible)
    assert find(dialog, QListWidget, "backupList").count() == 1
    qtbot.keyClicks(find(dialog, QLineEdit, "passphraseEdit"), STRONG)
    buttons = find(dialog, QDialogButtonBox, "buttonBox")
    qtbot.mouseClick(buttons.button(QDialogButtonBox.StandardButton.Ok), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: controller.is_unlocked, timeout=20_000)
    assert controller.notes.reflection(session.id).sections == {"case": "what must survive"}
    kept = list(vault_dir.glob("vault.db.damaged-*"))
    assert len(kept) == 1
    assert kept[0].read_bytes() == bytes(data)  # never deleted


def test_restore_with_the_wrong_passphrase_changes_nothing(
    qtbot: QtBot, start_app: Callable[..., AppController], tmp_path: Path
) -> None:
    vault_dir = tmp_path / "vault"
    with bd.Vault.create(vault_dir, STRONG, kdf=bd.KdfParams.for_tests()) as vault:
        vault.add_group("Clinician Group")
        vault.auto_backup()
    controller = start_app(vault_dir)
    dialog = controller._offer_restore()
    assert isinstance(dialog, QDialog)
    qtbot.keyClicks(find(dialog, QLineEdit, "passphraseEdit"), "not the passphrase")
    buttons = find(dialog, QDialogButtonBox, "buttonBox")
    qtbot.mouseClick(buttons.button(QDialogButtonBox.StandardButton.Ok), Qt.MouseButton.LeftButton)
    error = find(dialog, QLabel, "errorLabel")
    qtbot.waitUntil(error.isVisible, timeout=10_000)
    assert "did not unlock" in error.text()
    assert not list(vault_dir.glob("*.damaged-*"))


def test_notes_past_their_retention_date_are_flagged_and_destroyed_on_request(
    qtbot: QtBot, start_app: Callable[..., AppController]
) -> None:
    controller, session_id = unlocked_with_session(qtbot, start_app)
    controller.notes.save_reflection(session_id, {"case": "oldcanary words"})
    group_id = controller.notes.session(session_id).group_id
    controller.notes.update_group(group_id, closed_on=dt.date(2019, 1, 31), retention_years=2)
    controller.lock()
    controller.unlock(STRONG)
    qtbot.waitUntil(lambda: controller.is_unlocked, timeout=10_000)
    window = controller.main_window
    assert window is not None
    assert "past the date you set" in window.ui.bannerLabel.text()
    box = window.destroy_notes()
    assert box is not None
    next(b for b in box.buttons() if b.text() == "Delete").click()
    assert controller.notes.reflection(session_id).sections == {}
    assert controller.notes.vault.search("oldcanary") == []
    assert controller.notes.session(session_id)  # the session's date stays


def test_a_vault_in_a_sync_folder_is_warned_about(
    qtbot: QtBot, tmp_path: Path, settings_store: QSettings, monkeypatch: pytest.MonkeyPatch
) -> None:
    from balint_desktop import app as gui

    home = tmp_path / "home"
    vault_dir = home / "Dropbox" / "notes"
    vault_dir.mkdir(parents=True)
    monkeypatch.setenv("HOME", str(home))
    controller = gui.start(vault_dir, bd.KdfParams.for_tests(), settings=settings_store)
    try:
        assert controller.sync_warning is not None
        assert "Dropbox" in controller.sync_warning
        setup = controller.setup_dialog
        assert setup is not None
        assert "Dropbox" in find(setup, QLabel, "errorLabel").text()
    finally:
        controller.shutdown()
        if controller.setup_dialog is not None:
            controller.setup_dialog.hide()


def test_restore_from_the_menu_locks_first_and_brings_back_the_older_text(
    qtbot: QtBot,
    start_app: Callable[..., AppController],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    controller, session_id = unlocked_with_session(qtbot, start_app)
    window = controller.main_window
    assert window is not None
    elsewhere = tmp_path / "usb-backups"
    window.ui.settingsAction.trigger()
    settings = find(window, QDialog, "settingsDialog")
    qtbot.keyClicks(find(settings, QLineEdit, "backupFolderEdit"), str(elsewhere))
    buttons = find(settings, QDialogButtonBox, "buttonBox")
    qtbot.mouseClick(
        buttons.button(QDialogButtonBox.StandardButton.Save), Qt.MouseButton.LeftButton
    )
    controller.notes.save_reflection(session_id, {"case": "the first version"})
    controller.lock()  # backs up into the chosen folder
    assert len(backups_in(elsewhere)) == 1
    controller.unlock(STRONG)
    qtbot.waitUntil(lambda: controller.is_unlocked, timeout=10_000)
    controller.notes.save_reflection(session_id, {"case": "a later version"})
    # Rotation keeps one backup a day, so the lock's own backup would replace
    # the morning's; this lock makes none, as if the disk were full.
    monkeypatch.setattr(bd.Vault, "auto_backup", lambda self, *a, **k: None)
    window.ui.restoreAction.trigger()
    assert not controller.is_unlocked  # locked before anything is replaced
    unlock = controller.unlock_dialog
    assert unlock is not None
    dialog = find(unlock, QDialog, "restoreDialog")
    assert find(dialog, QListWidget, "backupList").count() == 1
    qtbot.keyClicks(find(dialog, QLineEdit, "passphraseEdit"), STRONG)
    ok = find(dialog, QDialogButtonBox, "buttonBox").button(QDialogButtonBox.StandardButton.Ok)
    qtbot.mouseClick(ok, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: controller.is_unlocked, timeout=20_000)
    assert controller.notes.reflection(session_id).sections == {"case": "the first version"}
