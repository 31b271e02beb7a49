"""Private files and directories, and crash-safe replacement of small files."""

from __future__ import annotations

import contextlib
import os
import secrets
from collections.abc import Callable, Iterator
from pathlib import Path

DIR_MODE = 0o700
FILE_MODE = 0o600


@contextlib.contextmanager
def private_umask() -> Iterator[None]:
    """Create files readable by the owner only while the block runs.

    SQLite gives its -wal and -shm files the mode of the database file, so a
    0600 database keeps its companions private too.
    """
    previous = os.umask(0o077)
    try:
        yield
    finally:
        os.umask(previous)


def make_private_dir(path: Path) -> None:
    """Create `path` (and parents) and make it 0700."""
    with private_umask():
        path.mkdir(parents=True, exist_ok=True)
    os.chmod(path, DIR_MODE)


def ensure_dir(path: Path) -> bool:
    """Make sure `path` is a folder, creating it (and parents) 0700 if missing.

    An existing folder is left exactly as it is: it may be the user's own
    (a USB stick, a Documents folder), so its mode is never changed.

    Returns:
        True if this call created the folder.

    Raises:
        FileExistsError: `path` exists and is not a folder.
        OSError: the folder could not be created.
    """
    if path.is_dir():
        return False
    with private_umask():
        path.parent.mkdir(parents=True, exist_ok=True)
        try:
            path.mkdir(mode=DIR_MODE)
        except FileExistsError:
            if path.is_dir():  # made by someone else meanwhile: not ours to chmod
                return False
            raise
    os.chmod(path, DIR_MODE)
    return True


def make_new_private_dir(path: Path) -> None:
    """Create the folder `path`, which must not exist yet, with mode 0700."""
    with private_umask():
        path.mkdir(mode=DIR_MODE)
    os.chmod(path, DIR_MODE)


def copy_file_durably(source: Path, target: Path) -> None:
    """Copy `source` to a new private file `target` and fsync it.

    Raises:
        FileExistsError: `target` already exists (it is never overwritten).
    """
    fd = os.open(
        target, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0), FILE_MODE
    )
    try:
        with source.open("rb") as reader:
            while chunk := reader.read(1024 * 1024):
                view = memoryview(chunk)
                while view:
                    written = os.write(fd, view)
                    view = view[written:]
        os.fsync(fd)
    finally:
        os.close(fd)
    os.chmod(target, FILE_MODE)


def fsync_dir(path: Path) -> None:
    """Flush a directory entry so a rename survives power loss (POSIX only)."""
    if os.name != "posix":
        return
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def atomic_write(path: Path, data: bytes, verify: Callable[[bytes], None] | None = None) -> None:
    """Replace `path` with `data` so a crash leaves the old or the new file.

    Steps: write a private temporary file beside it, fsync, read it back and
    run `verify` on what was read, `os.replace`, fsync the directory.

    Args:
        path: the file to replace.
        data: the new contents.
        verify: called with the bytes read back; raises to abort.
    """
    tmp = path.with_name(f"{path.name}.tmp-{secrets.token_hex(4)}")
    try:
        fd = os.open(
            tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0), FILE_MODE
        )
        try:
            view = memoryview(data)
            while view:
                written = os.write(fd, view)
                view = view[written:]
            os.fsync(fd)
        finally:
            os.close(fd)
        readback = tmp.read_bytes()
        if readback != data:
            raise OSError("the file read back differs from what was written")
        if verify is not None:
            verify(readback)
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise
    # The new file is in place; a failed directory flush only weakens its
    # durability against power loss, so it must not report "nothing changed".
    with contextlib.suppress(OSError):
        fsync_dir(path.parent)


def remove_stale_temporaries(path: Path) -> None:
    """Delete temporary files an interrupted `atomic_write` of `path` left."""
    for stale in path.parent.glob(f"{path.name}.tmp-*"):
        with contextlib.suppress(OSError):
            stale.unlink()
