"""Creating, opening, closing and the errors a leader can meet on the way."""

from __future__ import annotations

import datetime as dt
import hashlib
import stat
import sys
from pathlib import Path

import pytest

import balint_desktop as bd
from tests.conftest import PASSPHRASE

TINY = bd.KdfParams.for_tests()


def file_hashes(folder: Path) -> dict[str, str]:
    return {
        str(path.relative_to(folder)): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


def test_package_root_does_not_import_qt() -> None:
    code = "import sys, balint_desktop; sys.exit(any(m.startswith('PySide6') for m in sys.modules))"
    import subprocess

    assert subprocess.run([sys.executable, "-c", code], check=False).returncode == 0


def test_create_then_reopen_keeps_everything(vault_dir: Path) -> None:
    with bd.Vault.create(vault_dir, PASSPHRASE, kdf=TINY) as vault:
        group = vault.add_group("Clinician Group", time_zone="Australia/Perth")
        session = vault.add_session(group.id, dt.date(2026, 3, 4))
        vault.save_reflection(session.id, {"case": "A registrar and a difficult patient"})
    with bd.Vault.open(vault_dir, PASSPHRASE) as vault:
        assert [g.name for g in vault.groups()] == ["Clinician Group"]
        [reopened] = vault.sessions(group.id)
        assert reopened.held_on == dt.date(2026, 3, 4)
        assert vault.reflection(session.id).sections == {
            "case": "A registrar and a difficult patient"
        }


def test_session_time_is_stored_in_utc_from_the_group_zone(vault: bd.Vault) -> None:
    group = vault.add_group("Health Leaders Group", time_zone="Pacific/Auckland")
    session = vault.add_session(group.id, dt.date(2026, 1, 15), start_time=dt.time(19, 30))
    # Auckland is UTC+13 in January (daylight time): 19:30 local is 06:30 UTC.
    assert session.starts_at == dt.datetime(2026, 1, 15, 6, 30, tzinfo=dt.UTC)
    assert session.held_on == dt.date(2026, 1, 15)


def test_sessions_are_listed_newest_first(vault: bd.Vault) -> None:
    group = vault.add_group("Coaches & Consultants Group", kind="coaches_consultants")
    for month in (3, 1, 2):
        vault.add_session(group.id, dt.date(2026, month, 10))
    assert [s.held_on.month for s in vault.sessions(group.id)] == [3, 2, 1]


def test_open_missing_folder_is_vault_not_found(tmp_path: Path) -> None:
    with pytest.raises(bd.VaultNotFound, match="No vault"):
        bd.Vault.open(tmp_path / "nowhere", PASSPHRASE)


def test_create_refuses_an_existing_vault(vault: bd.Vault, vault_dir: Path) -> None:
    with pytest.raises(bd.VaultExists):
        bd.Vault.create(vault_dir, "another passphrase", kdf=TINY)


def test_create_refuses_an_empty_passphrase(vault_dir: Path) -> None:
    with pytest.raises(bd.InvalidInput, match="cannot be empty"):
        bd.Vault.create(vault_dir, "", kdf=TINY)
    assert not (vault_dir / "vault.key").exists()


def test_second_open_is_vault_in_use(vault: bd.Vault, vault_dir: Path) -> None:
    with pytest.raises(bd.VaultInUse, match="already open"):
        bd.Vault.open(vault_dir, PASSPHRASE)


def test_in_use_is_released_on_close(vault_dir: Path) -> None:
    bd.Vault.create(vault_dir, PASSPHRASE, kdf=TINY).close()
    first = bd.Vault.open(vault_dir, PASSPHRASE)
    first.close()
    bd.Vault.open(vault_dir, PASSPHRASE).close()


def test_failed_open_releases_the_lock(vault_dir: Path) -> None:
    bd.Vault.create(vault_dir, PASSPHRASE, kdf=TINY).close()
    with pytest.raises(bd.WrongPassphrase):
        bd.Vault.open(vault_dir, "wrong")
    bd.Vault.open(vault_dir, PASSPHRASE).close()


def test_closed_vault_refuses_use(vault_dir: Path) -> None:
    vault = bd.Vault.create(vault_dir, PASSPHRASE, kdf=TINY)
    vault.close()
    vault.close()  # closing twice is harmless
    with pytest.raises(bd.VaultClosed):
        vault.groups()
    assert "key" not in repr(vault).lower() or "closed" in repr(vault)


def test_five_wrong_passphrases_change_nothing(vault_dir: Path) -> None:
    with bd.Vault.create(vault_dir, PASSPHRASE, kdf=TINY) as vault:
        vault.add_group("Clinician Group")
    before = file_hashes(vault_dir)
    for attempt in range(5):
        with pytest.raises(bd.WrongPassphrase):
            bd.Vault.open(vault_dir, f"{PASSPHRASE} {attempt}")
        assert file_hashes(vault_dir) == before
    with bd.Vault.open(vault_dir, PASSPHRASE) as vault:
        assert [g.name for g in vault.groups()] == ["Clinician Group"]


def test_corrupt_first_page_is_damaged_not_wrong_passphrase(vault_dir: Path) -> None:
    with bd.Vault.create(vault_dir, PASSPHRASE, kdf=TINY) as vault:
        vault.add_group("Clinician Group")
    db = vault_dir / "vault.db"
    data = bytearray(db.read_bytes())
    for offset in range(100, 200):
        data[offset] ^= 0xFF
    db.write_bytes(bytes(data))
    with pytest.raises(bd.VaultCorrupt) as caught:
        bd.Vault.open(vault_dir, PASSPHRASE)
    assert not isinstance(caught.value, bd.WrongPassphrase)
    assert "backup" in str(caught.value)
    with pytest.raises(bd.WrongPassphrase):
        bd.Vault.open(vault_dir, "not the passphrase")


def test_flipped_byte_later_is_reported_by_the_integrity_check(vault_dir: Path) -> None:
    with bd.Vault.create(vault_dir, PASSPHRASE, kdf=TINY) as vault:
        group = vault.add_group("Clinician Group")
        session = vault.add_session(group.id, dt.date(2026, 2, 1))
        vault.save_reflection(session.id, {"case": "words " * 3000})
        assert vault.check_integrity() == []
    db = vault_dir / "vault.db"
    data = bytearray(db.read_bytes())
    assert len(data) > 4096 * 6
    data[4096 * 5 + 300] ^= 0x01
    db.write_bytes(bytes(data))
    with bd.Vault.open(vault_dir, PASSPHRASE) as vault:
        problems = vault.check_integrity()
    assert problems
    assert all("words" not in problem for problem in problems)


def test_missing_database_is_damaged(vault_dir: Path) -> None:
    bd.Vault.create(vault_dir, PASSPHRASE, kdf=TINY).close()
    (vault_dir / "vault.db").unlink()
    with pytest.raises(bd.VaultCorrupt, match="missing"):
        bd.Vault.open(vault_dir, PASSPHRASE)
    assert not (vault_dir / "vault.db").exists()


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX file modes")
def test_folder_is_0700_and_every_file_0600(vault_dir: Path) -> None:
    with bd.Vault.create(vault_dir, PASSPHRASE, kdf=TINY) as vault:
        group = vault.add_group("Clinician Group")
        session = vault.add_session(group.id, dt.date(2026, 2, 1))
        vault.save_reflection(session.id, {"case": "text"})
        vault.backup()
        paths = list(vault_dir.rglob("*"))
        assert any(p.name == "vault.db-wal" for p in paths)  # checked while WAL exists
        for path in [vault_dir, *paths]:
            mode = stat.S_IMODE(path.stat().st_mode)
            assert mode == (0o700 if path.is_dir() else 0o600), path
