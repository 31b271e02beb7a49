"""An advisory lock so that one vault is opened by one process at a time."""

from __future__ import annotations

import os
import sys
from pathlib import Path

from balint_desktop.core.errors import VaultInUse

if sys.platform == "win32":  # pragma: no cover - exercised on Windows only
    import msvcrt

    def _try_lock(fd: int) -> bool:
        try:
            msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
        except OSError:
            return False
        return True

else:
    import fcntl

    def _try_lock(fd: int) -> bool:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return False
        return True


class VaultLock:
    """Holds `vault.lock` locked while a vault is open.

    The lock is tied to an open file description, so the kernel releases it
    when the process dies, even by SIGKILL: no stale lock after a crash. The
    file itself is never deleted, so opening and closing changes no file in
    the vault directory.
    """

    def __init__(self, path: Path) -> None:
        """Take the lock or raise `VaultInUse`."""
        self._fd: int | None = None
        fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
        if not _try_lock(fd):
            os.close(fd)
            raise VaultInUse()
        self._fd = fd

    def release(self) -> None:
        """Release the lock (closing the descriptor unlocks it)."""
        if self._fd is not None:
            os.close(self._fd)
            self._fd = None
