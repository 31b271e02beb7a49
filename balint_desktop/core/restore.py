"""Restoring a vault from a backup folder, for the app and `balint-vault restore`.

The backup is never written to: a private copy is checked (opened with the
passphrase, every page authenticated) and that checked copy is installed.
The vault's current files are set aside as `<name>.damaged-<UTC time>`,
never deleted, and only after the new files are safely on disk.
"""

from __future__ import annotations

import datetime as dt
import itertools
import os
import shutil
import tempfile
from pathlib import Path

from balint_desktop.core.errors import VaultCorrupt, VaultError
from balint_desktop.core.vault import DB_NAME, KEY_NAME, LOCK_NAME, Vault
from balint_desktop.storage.files import (
    FILE_MODE,
    copy_file_durably,
    fsync_dir,
    make_private_dir,
    private_umask,
)
from balint_desktop.storage.lock import VaultLock

RESTORING_SUFFIX = ".restoring"


def is_backup_folder(path: Path) -> bool:
    """Return whether `path` holds a vault's two files."""
    return (path / DB_NAME).is_file() and (path / KEY_NAME).is_file()


def restore_backup(source: Path, folder: Path, passphrase: str) -> list[Path]:
    """Replace the vault in `folder` with the backup in `source`.

    Args:
        source: a backup folder (vault.db and vault.key).
        folder: the vault folder; must not be open anywhere.
        passphrase: the passphrase the backup opens with.

    Returns:
        The files set aside (kept, never deleted).

    Raises:
        WrongPassphrase: the backup does not open with `passphrase`.
        VaultCorrupt: the backup is damaged too.
        VaultInUse: the vault is open in the app.
        VaultError: the backup could not be read or written.
    """
    if same_folder(source, folder):
        raise VaultError("That is the vault folder itself, not a backup. Nothing was changed.")
    # The backup is checked in a private copy: opening it may create a lock
    # file or migrate it, and a backup is never written to. The checked copy
    # is what gets installed, so a backup changed after the check (a flaky
    # drive) cannot slip in.
    staging = Path(tempfile.mkdtemp(prefix="balint-restore-"))
    try:
        _check_backup_copy(source, staging, passphrase)
        make_private_dir(folder)
        with private_umask():
            lock = VaultLock(folder / LOCK_NAME)  # refuses while the app has the vault open
        try:
            moved = _install(staging, folder)
        finally:
            lock.release()
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    with Vault.open(folder, passphrase) as vault:
        if vault.check_integrity():
            raise VaultCorrupt("The restored vault failed its check.")
    return moved


def same_folder(one: Path, other: Path) -> bool:
    """Return whether two paths name the same folder (through links too)."""
    try:
        return os.path.samefile(one, other)
    except OSError:
        return one.resolve() == other.resolve()


def _restorable_names(folder: Path) -> list[str]:
    """Return the vault files to copy from `folder`: key, database, and a WAL if any."""
    names = [KEY_NAME, DB_NAME]
    wal = folder / f"{DB_NAME}-wal"
    if wal.is_file() and wal.stat().st_size > 0:
        names.append(wal.name)
    return names


def _check_backup_copy(source: Path, staging: Path, passphrase: str) -> None:
    """Copy the backup into `staging` (private) and check that copy opens and is sound."""
    unreadable = False
    try:
        with private_umask():
            for name in _restorable_names(source):
                shutil.copyfile(source / name, staging / name)
                os.chmod(staging / name, FILE_MODE)
    except OSError:
        unreadable = True
    if unreadable:
        raise VaultError(
            "The backup could not be copied for checking: it could not be read, or "
            "there is not enough free space. The vault was not changed."
        )
    with Vault.open(staging, passphrase) as backup:
        if backup.check_integrity():
            raise VaultCorrupt("The backup is damaged too; try an older one.")


def _install(staging: Path, folder: Path) -> list[Path]:
    """Put the checked copy in place of the vault's files; return the files set aside.

    The new files are first written beside the old ones as `*.restoring` and
    flushed; only then are the old files set aside and the new ones renamed
    into place, so a full disk never leaves the vault half-replaced.
    """
    names = _restorable_names(staging)
    for stale in folder.glob(f"*{RESTORING_SUFFIX}"):
        stale.unlink()
    restoring = {name: folder / f"{name}{RESTORING_SUFFIX}" for name in names}
    failed = False
    try:
        for name, temporary in restoring.items():
            copy_file_durably(staging / name, temporary)
        fsync_dir(folder)
    except OSError:
        failed = True
    if failed:
        for temporary in restoring.values():
            temporary.unlink(missing_ok=True)
        raise VaultError(
            "The backup could not be written into the vault folder: the disk is full "
            "or not writable. The vault was not changed."
        )
    moved = _move_aside(folder)
    for name, temporary in restoring.items():
        os.replace(temporary, folder / name)
    fsync_dir(folder)
    return moved


def _move_aside(folder: Path) -> list[Path]:
    """Rename the current vault files to `<name>.damaged-<UTC time>[-n]`; never delete.

    Each new name is first claimed with an exclusive create, so a second
    restore in the same second never replaces a file set aside earlier.
    """
    stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%SZ")
    moved = []
    for name in (DB_NAME, f"{DB_NAME}-wal", f"{DB_NAME}-shm", KEY_NAME):
        path = folder / name
        if path.exists():
            target = _claim_name(folder, f"{name}.damaged-{stamp}")
            try:
                os.replace(path, target)
            except BaseException:
                target.unlink(missing_ok=True)
                raise
            moved.append(target)
    return moved


def _claim_name(folder: Path, base: str) -> Path:
    """Create an empty private file `base` (or `base-2`, `base-3`, ...) that did not exist."""
    for number in itertools.count(1):
        candidate = folder / (base if number == 1 else f"{base}-{number}")
        try:
            fd = os.open(candidate, os.O_WRONLY | os.O_CREAT | os.O_EXCL, FILE_MODE)
        except FileExistsError:
            continue
        os.close(fd)
        return candidate
    raise AssertionError("unreachable")  # pragma: no cover
