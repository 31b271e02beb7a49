"""Verified encrypted copies of the vault (SQLite backup API into a keyed file)."""

from __future__ import annotations

import datetime as dt
import os
import secrets
import shutil
from collections.abc import Mapping
from pathlib import Path

import sqlcipher3

from balint_desktop.core.backup_policy import to_keep
from balint_desktop.core.errors import InvalidInput, StorageFull, VaultCorrupt, VaultError
from balint_desktop.storage.connection import Connection, integrity_problems, open_database
from balint_desktop.storage.files import (
    FILE_MODE,
    atomic_write,
    ensure_dir,
    fsync_dir,
    make_new_private_dir,
    private_umask,
)

BACKUP_PREFIX = "balint-backup-"
#: A backup being written, renamed to its final name only once verified.
INCOMPLETE_PREFIX = ".incomplete-"
#: A backup being deleted by the rotation.
DELETING_PREFIX = ".deleting-"


def write_backup(
    conn: Connection,
    key: bytes,
    keyfile: bytes,
    target_root: Path,
    expected_counts: Mapping[str, int],
    made_at: dt.datetime | None = None,
) -> Path:
    """Copy the open database into a new folder under `target_root` and verify it.

    The copy is keyed with the same database key before a single page is
    written, so no plaintext ever reaches the disk. The folder is built under
    a temporary name and renamed only once verified, so a crash leaves no
    half-written backup that looks finished.

    Args:
        conn: the vault's open connection.
        key: the database key.
        keyfile: the current `vault.key` bytes (the copy opens with the same passphrase).
        target_root: where backup folders go. Created 0700 when missing; an
            existing folder is left as it is (it may be the user's own). The
            backup folder made inside it is always 0700.
        expected_counts: row counts the copy must reproduce.
        made_at: the time the folder is named after (UTC; now by default).

    Returns:
        The finished backup folder.

    Raises:
        InvalidInput: `target_root` is a file, not a folder.
        StorageFull: the folder could not be created or the copy not written.
    """
    _prepare_root(target_root)
    stamp = (made_at or dt.datetime.now(dt.UTC)).astimezone(dt.UTC).strftime("%Y%m%d-%H%M%S")
    final = target_root / f"{BACKUP_PREFIX}{stamp}-{secrets.token_hex(2)}"
    work = target_root / f"{INCOMPLETE_PREFIX}{final.name}"
    try:
        make_new_private_dir(work)
    except OSError:
        raise StorageFull(_NOT_WRITABLE) from None
    try:
        with private_umask():
            target = open_database(work / "vault.db", key)
        try:
            conn.backup(target)
            target.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        finally:
            target.close()
        os.chmod(work / "vault.db", FILE_MODE)
        atomic_write(work / "vault.key", keyfile)
        _verify(work / "vault.db", key, expected_counts)
        os.replace(work, final)
        fsync_dir(target_root)
    except BaseException as error:
        shutil.rmtree(work, ignore_errors=True)
        if isinstance(error, sqlcipher3.Error | OSError):
            raise StorageFull(_NOT_WRITABLE) from None
        raise
    return final


_NOT_WRITABLE = (
    "The backup could not be written: the disk is full or not writable. "
    "The vault itself is unchanged."
)


def _prepare_root(target_root: Path) -> None:
    """Create the backup destination if missing; never change an existing one."""
    not_a_folder = False
    try:
        ensure_dir(target_root)
    except (FileExistsError, NotADirectoryError):
        not_a_folder = True
    except OSError:
        raise StorageFull(_NOT_WRITABLE) from None
    if not_a_folder:
        raise InvalidInput(
            "The backup destination is a file, not a folder (or lies inside a "
            "file). Choose a folder to put the backup in. The vault itself is unchanged."
        )


def _verify(path: Path, key: bytes, expected_counts: Mapping[str, int]) -> None:
    copy = open_database(path, key)
    try:
        if integrity_problems(copy):
            raise VaultCorrupt("The backup failed its integrity check and was discarded.")
        for table, expected in expected_counts.items():
            # Table names come from Repository.counts, never from input.
            got = copy.execute(f"SELECT count(*) FROM {table}").fetchone()[0]  # noqa: S608
            if got != expected:
                raise VaultError("The backup did not match the vault and was discarded.")
    finally:
        copy.close()


def backups_in(root: Path) -> list[tuple[Path, dt.datetime]]:
    """Return the finished backup folders under `root` with their UTC times."""
    found: list[tuple[Path, dt.datetime]] = []
    if not root.is_dir():
        return found
    for folder in root.iterdir():
        if not folder.is_dir() or not folder.name.startswith(BACKUP_PREFIX):
            continue
        stamp = folder.name[len(BACKUP_PREFIX) : len(BACKUP_PREFIX) + 15]
        try:
            when = dt.datetime.strptime(stamp, "%Y%m%d-%H%M%S").replace(tzinfo=dt.UTC)
        except ValueError:
            continue  # not one of ours: never touched
        found.append((folder, when))
    return found


def rotate(root: Path) -> list[Path]:
    """Delete the backups the rotation policy does not keep; return them.

    A backup is first renamed to a hidden `.deleting-` name, in one atomic
    step, and only then deleted: a crash half-way through the deletion
    never leaves a damaged folder that looks like a backup. Leftovers of
    earlier crashes (`.deleting-` folders and `.incomplete-` copies) are
    deleted first. Only for the vault's own `backups/` folder: the vault's
    lock guarantees no other backup is being written there.
    """
    for pattern in (f"{DELETING_PREFIX}*", f"{INCOMPLETE_PREFIX}{BACKUP_PREFIX}*"):
        for leftover in root.glob(pattern):
            if leftover.is_dir() and not leftover.is_symlink():
                shutil.rmtree(leftover, ignore_errors=True)
    backups = backups_in(root)
    keep = to_keep(backups)
    removed = []
    for folder, _ in backups:
        if folder not in keep:
            doomed = folder.with_name(f"{DELETING_PREFIX}{folder.name}")
            try:
                os.rename(folder, doomed)
            except OSError:
                continue  # kept for now; the next rotation tries again
            shutil.rmtree(doomed, ignore_errors=True)
            removed.append(folder)
    return removed
