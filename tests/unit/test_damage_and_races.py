"""Damage found after unlocking, full disks, empty files and racing creators."""

from __future__ import annotations

import datetime as dt
import multiprocessing
from pathlib import Path

import pytest
import sqlcipher3

import balint_desktop as bd
from balint_desktop.storage.connection import opening_error
from balint_desktop.storage.lock import VaultLock
from tests.conftest import PASSPHRASE

TINY = bd.KdfParams.for_tests()


def damaged_after_page_one(vault_dir: Path) -> None:
    with bd.Vault.create(vault_dir, PASSPHRASE, kdf=TINY) as vault:
        group = vault.add_group("Clinician Group")
        for day in range(1, 20):
            session = vault.add_session(group.id, dt.date(2026, 1, day))
            vault.save_reflection(session.id, {"case": "words " * 400})
    db = vault_dir / "vault.db"
    data = bytearray(db.read_bytes())
    # Flip a byte in the later pages (the notes), not in the schema's.
    pages = len(data) // 4096
    for page in range(pages // 2, pages):
        data[page * 4096 + 200] ^= 0x01
    db.write_bytes(bytes(data))


def test_damage_found_on_a_later_read_is_damage_not_a_crash(vault_dir: Path) -> None:
    damaged_after_page_one(vault_dir)
    with bd.Vault.open(vault_dir, PASSPHRASE) as vault:
        [group] = vault.groups()
        sessions = vault.sessions(group.id)
        sessions = vault.sessions(group.id)
        with pytest.raises(bd.VaultCorrupt, match="backup"):
            [vault.reflection(later.id) for later in sessions]
        with pytest.raises(bd.VaultCorrupt):
            vault.search("words")


@pytest.mark.parametrize(
    ("code", "kind"),
    [
        (13, bd.StorageFull),  # SQLITE_FULL
        (10 | (3 << 8), bd.StorageFull),  # SQLITE_IOERR_WRITE
        (14, bd.StorageFull),  # SQLITE_CANTOPEN
        (8, bd.StorageFull),  # SQLITE_READONLY
        (5, bd.VaultInUse),  # SQLITE_BUSY
        (26, bd.VaultCorrupt),  # SQLITE_NOTADB
        (11, bd.VaultCorrupt),  # SQLITE_CORRUPT
    ],
)
def test_opening_errors_say_what_happened(code: int, kind: type[bd.VaultError]) -> None:
    error = sqlcipher3.OperationalError("disk trouble")
    error.sqlite_errorcode = code
    translated = opening_error(error)
    assert type(translated) is kind


def test_a_full_disk_is_not_called_damage(vault_dir: Path) -> None:
    full = opening_error(_with_code(sqlcipher3.OperationalError("database or disk is full"), 13))
    assert "damaged" not in str(full)
    assert "Nothing was changed" in str(full)


def _with_code(error: sqlcipher3.Error, code: int) -> sqlcipher3.Error:
    error.sqlite_errorcode = code
    return error


def test_an_empty_database_file_is_damage_not_a_new_vault(vault_dir: Path) -> None:
    bd.Vault.create(vault_dir, PASSPHRASE, kdf=TINY).close()
    (vault_dir / "vault.db").write_bytes(b"")
    with pytest.raises(bd.VaultCorrupt, match="empty"):
        bd.Vault.open(vault_dir, PASSPHRASE)
    assert (vault_dir / "vault.db").stat().st_size == 0  # left as found


def test_a_huge_key_file_is_refused_without_reading_it_all(vault_dir: Path) -> None:
    bd.Vault.create(vault_dir, PASSPHRASE, kdf=TINY).close()
    with (vault_dir / "vault.key").open("wb") as handle:
        handle.truncate(512 * 1024 * 1024)  # sparse: costs no disk
    with pytest.raises(bd.VaultCorrupt):
        bd.Vault.open(vault_dir, PASSPHRASE)


def _hold_lock(
    folder: str, ready: multiprocessing.synchronize.Event, done: multiprocessing.synchronize.Event
) -> None:
    lock = VaultLock(Path(folder) / "vault.lock")
    ready.set()
    done.wait(30)
    lock.release()


def test_create_while_another_process_holds_the_folder_writes_nothing(vault_dir: Path) -> None:
    vault_dir.mkdir()
    context = multiprocessing.get_context("spawn")
    ready, done = context.Event(), context.Event()
    holder = context.Process(target=_hold_lock, args=(str(vault_dir), ready, done))
    holder.start()
    try:
        assert ready.wait(30)
        with pytest.raises(bd.VaultInUse):
            bd.Vault.create(vault_dir, PASSPHRASE, kdf=TINY)
        assert not (vault_dir / "vault.key").exists()
        assert not (vault_dir / "vault.db").exists()
    finally:
        done.set()
        holder.join(30)


def test_a_create_that_fails_half_way_leaves_no_half_vault(
    vault_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from balint_desktop.core import vault as vault_module

    def broken(*_args: object, **_kwargs: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(vault_module, "migrate", broken)
    with pytest.raises(OSError, match="No space"):
        bd.Vault.create(vault_dir, PASSPHRASE, kdf=TINY)
    monkeypatch.undo()
    assert not (vault_dir / "vault.key").exists()
    assert not (vault_dir / "vault.db").exists()
    bd.Vault.create(vault_dir, PASSPHRASE, kdf=TINY).close()  # and a new try works
