"""Automatic backups: when something changed, or daily; rotated; verified."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest

import balint_desktop as bd
from balint_desktop.storage.backup import backups_in
from tests.conftest import PASSPHRASE

NOW = dt.datetime(2026, 11, 27, 9, 0, tzinfo=dt.UTC)


class Clock:
    def __init__(self) -> None:
        self.now = NOW

    def __call__(self) -> dt.datetime:
        return self.now


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def timed(vault_dir: Path, clock: Clock) -> Iterator[bd.Vault]:
    vault = bd.Vault.create(vault_dir, PASSPHRASE, kdf=bd.KdfParams.for_tests(), clock=clock)
    yield vault
    vault.close()


def test_backs_up_after_a_change_and_daily_otherwise(timed: bd.Vault, clock: Clock) -> None:
    vault = timed
    group = vault.add_group("Clinician Group")
    first = vault.auto_backup()
    assert first is not None
    assert vault.last_backup() == NOW
    # Nothing changed and less than a day passed: no new backup.
    clock.now = NOW + dt.timedelta(hours=2)
    assert vault.auto_backup() is None
    # A change: a new backup at once.
    clock.now = NOW + dt.timedelta(hours=3)
    session = vault.add_session(group.id, dt.date(2026, 11, 20))
    vault.save_reflection(session.id, {"case": "new words"})
    second = vault.auto_backup()
    assert second is not None
    # A day later even without changes.
    clock.now = NOW + dt.timedelta(days=1, hours=4)
    assert vault.auto_backup() is not None
    with bd.Vault.open(second, PASSPHRASE) as copy:
        assert copy.reflection(session.id).sections == {"case": "new words"}
        assert copy.check_integrity() == []


def test_changes_from_a_session_that_ended_without_backup_are_noticed(
    vault_dir: Path, clock: Clock
) -> None:
    with bd.Vault.create(vault_dir, PASSPHRASE, kdf=bd.KdfParams.for_tests(), clock=clock) as v:
        assert v.auto_backup() is not None
    clock.now = NOW + dt.timedelta(hours=1)
    with bd.Vault.open(vault_dir, PASSPHRASE, clock=clock) as vault:
        vault.add_group("Written, then the app died")
    clock.now = NOW + dt.timedelta(hours=2)
    with bd.Vault.open(vault_dir, PASSPHRASE, clock=clock) as vault:
        assert vault.auto_backup() is not None
        assert vault.auto_backup() is None


def test_rotation_keeps_at_most_seven_daily_four_weekly_twelve_monthly(
    timed: bd.Vault, vault_dir: Path, clock: Clock
) -> None:
    for day in range(40):
        clock.now = NOW + dt.timedelta(days=day)
        timed.add_group(f"Group {day}")  # a change every day
        assert timed.auto_backup() is not None
    kept = backups_in(vault_dir / "backups")
    assert 7 <= len(kept) <= 23
    assert len(kept) < 40


def test_rotation_never_touches_other_folders(
    timed: bd.Vault, vault_dir: Path, clock: Clock
) -> None:
    mine = vault_dir / "backups" / "my own notes"
    mine.mkdir(parents=True)
    (mine / "keep.txt").write_text("not a backup")
    for day in range(12):
        clock.now = NOW + dt.timedelta(days=day)
        timed.add_group(f"Group {day}")
        timed.auto_backup()
    assert (mine / "keep.txt").exists()


def test_backups_go_to_the_chosen_folder(timed: bd.Vault, tmp_path: Path, clock: Clock) -> None:
    elsewhere = tmp_path / "usb" / "backups"
    timed.set_backup_folder(elsewhere)
    assert timed.backup_folder == elsewhere
    timed.add_group("Clinician Group")
    made = timed.auto_backup()
    assert made is not None
    assert made.parent == elsewhere
    with pytest.raises(bd.InvalidInput, match="full path"):
        timed.set_backup_folder("relative/folder")
    timed.set_backup_folder(None)
    assert timed.backup_folder.name == "backups"
    assert timed.backup_folder.parent == timed.directory
