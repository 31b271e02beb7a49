"""`balint-vault restore`: never loses a file, never writes to the backup (review M3)."""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import os
import shutil
import types
from pathlib import Path

import pytest

import balint_desktop as bd
from balint_desktop import cli
from balint_desktop.core import restore as restore_module
from tests.conftest import PASSPHRASE

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"


def run(*argv: str, stdin: str = PASSPHRASE) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = cli.main(list(argv), stdin=io.StringIO(stdin + "\n"), stdout=out, stderr=err)
    return code, out.getvalue(), err.getvalue()


def restore(backup: Path, vault: Path, passphrase: str = PASSPHRASE) -> tuple[int, str, str]:
    return run(
        "restore", str(backup), "--vault", str(vault), "--passphrase-stdin", stdin=passphrase
    )


def snapshot(folder: Path) -> dict[str, tuple[str, int, int]]:
    """Return every file under `folder` with its hash, mode and modification time."""
    return {
        str(path.relative_to(folder)): (
            hashlib.sha256(path.read_bytes()).hexdigest(),
            path.stat().st_mode,
            path.stat().st_mtime_ns,
        )
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture
def vault_and_backup(vault_dir: Path, tmp_path: Path) -> tuple[Path, Path]:
    with bd.Vault.create(vault_dir, PASSPHRASE, kdf=bd.KdfParams.for_tests()) as vault:
        vault.add_group("In the backup")
        backup = vault.backup(tmp_path / "bk")
        vault.add_group("Written after the backup")
    return vault_dir, backup


# -- (a) the vault folder is not a backup of itself ---------------------------


@pytest.mark.parametrize("spelling", ["same", "dotted", "symlink"])
def test_restore_refuses_the_vault_folder_itself(
    vault_and_backup: tuple[Path, Path], tmp_path: Path, spelling: str
) -> None:
    vault, _ = vault_and_backup
    source = {
        "same": vault,
        "dotted": vault.parent / "vault" / ".." / "vault",
        "symlink": tmp_path / "link",
    }[spelling]
    if spelling == "symlink":
        source.symlink_to(vault)
    before = snapshot(vault)
    code, _out, err = restore(source, vault)
    assert code == cli.ERROR
    assert "is the vault folder itself" in err
    assert "Nothing was changed" in err
    assert "Traceback" not in err
    assert snapshot(vault) == before
    assert not list(vault.glob("*.damaged-*"))
    with bd.Vault.open(vault, PASSPHRASE) as opened:
        assert len(opened.groups()) == 2


# -- (b) the backup is checked in a private copy, never written to -----------


def test_restore_never_writes_into_the_backup_folder(
    vault_and_backup: tuple[Path, Path],
) -> None:
    vault, backup = vault_and_backup
    before = snapshot(backup)
    names = sorted(p.name for p in backup.iterdir())
    code, _out, err = restore(backup, vault)
    assert code == cli.OK, err
    assert sorted(p.name for p in backup.iterdir()) == names  # no lock, no -wal, no -shm
    assert snapshot(backup) == before
    with bd.Vault.open(vault, PASSPHRASE) as opened:
        assert [g.name for g in opened.groups()] == ["In the backup"]


def test_an_old_backup_is_migrated_in_the_copy_not_in_place(tmp_path: Path) -> None:
    backup = tmp_path / "old-backup"
    shutil.copytree(FIXTURES / "vault-v1", backup)
    before = snapshot(backup)
    code, _, err = restore(backup, tmp_path / "vault", "fixture passphrase v1")
    assert code == cli.OK, err
    assert snapshot(backup) == before
    assert sorted(p.name for p in backup.iterdir()) == ["vault.db", "vault.key"]
    bd.Vault.open(tmp_path / "vault", "fixture passphrase v1").close()


def test_the_private_copy_is_removed_afterwards(
    vault_and_backup: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    vault, backup = vault_and_backup
    staging_root = tmp_path / "tmp"
    staging_root.mkdir()
    monkeypatch.setattr("tempfile.tempdir", str(staging_root))
    assert restore(backup, vault)[0] == cli.OK
    assert list(staging_root.iterdir()) == []
    assert restore(backup, vault, "the wrong passphrase")[0] == cli.WRONG_PASSPHRASE
    assert list(staging_root.iterdir()) == []


# -- (c) nothing set aside is ever overwritten; new files arrive whole ------


class _FrozenDatetime(dt.datetime):
    @classmethod
    def now(cls, tz: dt.tzinfo | None = None) -> _FrozenDatetime:
        return cls(2026, 1, 1, 12, 0, 0, tzinfo=tz)


def test_two_restores_in_the_same_second_keep_every_set_aside_file(
    vault_and_backup: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    vault, backup = vault_and_backup
    original_db, original_key = digest(vault / "vault.db"), digest(vault / "vault.key")
    monkeypatch.setattr(
        restore_module, "dt", types.SimpleNamespace(datetime=_FrozenDatetime, UTC=dt.UTC)
    )
    for _ in range(2):
        code, _, err = restore(backup, vault)
        assert code == cli.OK, err
    kept_dbs = sorted(vault.glob("vault.db.damaged-*"))
    kept_keys = sorted(vault.glob("vault.key.damaged-*"))
    assert len(kept_dbs) == 2
    assert len(kept_keys) == 2
    assert original_db in {digest(path) for path in kept_dbs}
    assert original_key in {digest(path) for path in kept_keys}
    # The original can still be put back by hand: it opens with all its groups.
    rescued = vault.parent / "rescued"
    rescued.mkdir()
    for name, kept in (("vault.db", kept_dbs), ("vault.key", kept_keys)):
        wanted = original_db if name == "vault.db" else original_key
        path = next(p for p in kept if digest(p) == wanted)
        shutil.copyfile(path, rescued / name)
    with bd.Vault.open(rescued, PASSPHRASE) as opened:
        assert len(opened.groups()) == 2


def test_restore_leaves_no_temporaries_and_private_files(
    vault_and_backup: tuple[Path, Path],
) -> None:
    vault, backup = vault_and_backup
    code, out, err = restore(backup, vault)
    assert code == cli.OK, err
    assert not list(vault.glob("*.restoring"))
    for name in ("vault.db", "vault.key"):
        assert (vault / name).stat().st_mode & 0o777 == 0o600
    assert "kept as" in out


def test_a_full_disk_during_restore_changes_nothing(
    vault_and_backup: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The new files are written and flushed as `*.restoring` before any old file moves."""
    vault, backup = vault_and_backup
    before = snapshot(vault)

    def no_space(fd: int) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "fsync", no_space)
    code, _out, err = restore(backup, vault)
    monkeypatch.undo()
    assert code == cli.ERROR
    assert "not changed" in err
    assert "Traceback" not in err
    assert not list(vault.glob("*.restoring"))
    assert not list(vault.glob("*.damaged-*"))
    assert snapshot(vault) == before
    with bd.Vault.open(vault, PASSPHRASE) as opened:
        assert len(opened.groups()) == 2
