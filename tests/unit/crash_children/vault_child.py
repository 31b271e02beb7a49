"""A vault user that the crash-safety tests kill with SIGKILL.

Run by path, never imported for its side effects::

    python vault_child.py change-passphrase DIR MODE N   (stdin: old, new)
    python vault_child.py save-loop DIR SESSION_ID START (stdin: passphrase)

`change-passphrase` replaces the `os` seen by `balint_desktop.storage.files`
with a tripwire that prints `step <name>` before each primitive that
`atomic_write` uses and, on the Nth one, SIGKILLs this process: in mode
`before` instead of making the Nth call of any primitive, in mode
`half-write` after writing only half the buffer of the Nth `os.write`.
Prints `done` if the change returned.

`save-loop` prints `ready` once the vault is open, then saves
`save <i> <PADDING>` for i = START, START+1, ... and prints `i` only after
`save_reflection` returned: each line is an acknowledged save.
"""

from __future__ import annotations

import os
import signal
import sys
from typing import Any, NoReturn
from unittest import mock

import balint_desktop as bd
from balint_desktop.storage import files

#: Words after the counter, so each save rewrites a few pages and index rows.
PADDING = " ".join(f"filler{k}" for k in range(400))
#: A bound in case the parent dies without killing us.
MAX_SAVES = 100_000
KILL_MODES = ("before", "half-write")


def _say(line: str) -> None:
    sys.stdout.write(line + "\n")
    sys.stdout.flush()


def _die() -> NoReturn:
    os.kill(os.getpid(), signal.SIGKILL)
    raise SystemExit("SIGKILL did not end the process")


class TripwireOs:
    """Stands in for `os` inside `balint_desktop.storage.files`."""

    def __init__(self, mode: str, kill_at: int) -> None:
        self._mode = mode
        self._kill_at = kill_at
        self._calls = 0
        self._writes = 0

    def __getattr__(self, name: str) -> Any:
        return getattr(os, name)

    def _step(self, name: str) -> None:
        self._calls += 1
        _say(f"step {name}")
        if self._mode == "before" and self._calls == self._kill_at:
            _die()

    def open(self, path: Any, flags: int, mode: int = 0o777) -> int:
        self._step("open")
        return os.open(path, flags, mode)

    def write(self, fd: int, data: Any) -> int:
        self._step("write")
        self._writes += 1
        if self._mode == "half-write" and self._writes == self._kill_at:
            view = memoryview(data)
            half = view[: len(view) // 2]
            while half:
                half = half[os.write(fd, half) :]
            _die()
        return os.write(fd, data)

    def fsync(self, fd: int) -> None:
        self._step("fsync")
        os.fsync(fd)

    def close(self, fd: int) -> None:
        self._step("close")
        os.close(fd)

    def replace(self, src: Any, dst: Any) -> None:
        self._step("replace")
        os.replace(src, dst)


def change_passphrase(directory: str, mode: str, kill_at: int) -> int:
    """Open the vault and change its passphrase, dying at the chosen step."""
    if mode not in KILL_MODES:
        raise SystemExit(f"unknown kill mode {mode!r}")
    old = sys.stdin.readline().rstrip("\n")
    new = sys.stdin.readline().rstrip("\n")
    vault = bd.Vault.open(directory, old)
    with mock.patch.object(files, "os", TripwireOs(mode, kill_at)):
        vault.change_passphrase(old, new)
    vault.close()
    _say("done")
    return 0


def save_loop(directory: str, session_id: int, start: int) -> int:
    """Save numbered reflections until killed, acknowledging each one."""
    passphrase = sys.stdin.readline().rstrip("\n")
    vault = bd.Vault.open(directory, passphrase)
    _say("ready")
    for i in range(start, start + MAX_SAVES):
        vault.save_reflection(session_id, {"case": f"save {i} {PADDING}"})
        _say(str(i))
    vault.close()
    return 0


def main(argv: list[str]) -> int:
    """Dispatch on the first argument."""
    match argv:
        case ["change-passphrase", directory, mode, kill_at]:
            return change_passphrase(directory, mode, int(kill_at))
        case ["save-loop", directory, session_id, start]:
            return save_loop(directory, int(session_id), int(start))
    raise SystemExit(__doc__)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
