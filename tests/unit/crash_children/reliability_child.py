"""Vault users for the reliability tests: a real "full disk" and a backup loop.

Run by path, never imported for its side effects::

    python reliability_child.py full-save DIR SESSION_ID PRE_SAVES MARGIN  (stdin: passphrase)
    python reliability_child.py full-backup DIR DEST                      (stdin: passphrase)
    python reliability_child.py backup-loop DIR SESSION_ID                (stdin: passphrase)
    python reliability_child.py rotate-kill DIR SESSION_ID                (stdin: passphrase)

The "full disk" is real, not a mock: `RLIMIT_FSIZE` makes the kernel refuse
(EFBIG) any write that would take a file of this process past the limit,
exactly where SQLite, SQLCipher and Python write. SIGXFSZ is ignored so the
write fails instead of killing the process. The limit covers every file
this process writes (vault.db, its -wal, the backup copy) but never pipes.

`full-save` opens the vault, saves PRE_SAVES small edits, sets the limit to
the size of `vault.db` plus MARGIN bytes, and tries: a save of a few MB
(`BIG`), then a tiny save, then, with the limit raised back, a small edit.
`full-backup` sets the limit to the size of `vault.db` (the copy cannot fit:
its WAL carries a header per page) and tries `backup(DEST)` and
`auto_backup()`, then raises the limit and tries a save and a backup again.
Both print one JSON line: each step's outcome ("ok" or the exception's
class name) and what was seen on disk.

`backup-loop` prints `ready` once the vault is open, then forever saves
`loop <i>` into the session's case section, prints `saved <i>`, writes a
backup into the vault's `backups/` and prints `backup <i> <folder>`.

`rotate-kill` runs `auto_backup` a day apart (so rotation deletes old
backups) and SIGKILLs itself inside the first deletion of a finished backup,
after one of its files is gone: the moment a crash or a power cut can hit.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import resource
import shutil
import signal
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any, NoReturn
from unittest import mock

import balint_desktop as bd
from balint_desktop.storage import backup as backup_copy

#: A word in every section of the oversized save and nowhere else.
BIG_MARKER = "quokkaoverflow"
#: Sections filled by the oversized save, each just under the 1,000,000 limit.
BIG_SECTIONS = ("case", "group_process", "leadership", "my_responses")
#: Words per section: ~940,000 characters each, ~3.8 MB in all.
BIG_WORDS = 43_000
#: The text of the small edit made once the limit is raised again.
AFTER_TEXT = "written after space was freed"
#: Where the backup loop's fake clock starts.
LOOP_START = dt.datetime(2026, 1, 1, 9, 0, tzinfo=dt.UTC)
#: A bound in case the parent dies without killing us.
MAX_LOOPS = 10_000


def big_sections() -> dict[str, str]:
    """Return the oversized save: distinct words, so the index grows too."""
    return {
        key: " ".join(f"{BIG_MARKER}{key[:2]}{i}" for i in range(BIG_WORDS)) for key in BIG_SECTIONS
    }


def _say(line: str) -> None:
    sys.stdout.write(line + "\n")
    sys.stdout.flush()


def _die() -> NoReturn:
    os.kill(os.getpid(), signal.SIGKILL)
    raise SystemExit("SIGKILL did not end the process")


def _outcome(action: Callable[[], object]) -> str:
    """Run `action`; return "ok" or the class name of what it raised."""
    try:
        action()
    except Exception as error:
        return type(error).__name__
    return "ok"


def _size(path: Path) -> int | None:
    return path.stat().st_size if path.exists() else None


def _open(directory: str) -> bd.Vault:
    return bd.Vault.open(directory, sys.stdin.readline().rstrip("\n"))


class FileSizeLimit:
    """Sets and lifts this process's soft RLIMIT_FSIZE (the hard limit stays)."""

    def __init__(self) -> None:
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        self._soft, self._hard = resource.getrlimit(resource.RLIMIT_FSIZE)

    def set(self, limit: int) -> None:
        """Refuse writes that would take any file past `limit` bytes."""
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, self._hard))

    def lift(self) -> None:
        """Allow files to grow as before."""
        resource.setrlimit(resource.RLIMIT_FSIZE, (self._soft, self._hard))


def full_save(directory: str, session_id: int, pre_saves: int, margin: int) -> int:
    """Save a few MB past the file-size limit, then a tiny edit, then lift it."""
    vault = _open(directory)
    folder = Path(directory)
    for i in range(pre_saves):
        vault.save_reflection(session_id, {"follow_up": f"committed before the limit {i}"})
    before = vault.reflection(session_id).sections
    limit = FileSizeLimit()
    db_size = (folder / "vault.db").stat().st_size
    wal_before = _size(folder / "vault.db-wal")
    limit.set(db_size + margin)
    report: dict[str, Any] = {
        "limit": db_size + margin,
        "db_size": db_size,
        "wal_before": wal_before,
        "big": _outcome(lambda: vault.save_reflection(session_id, big_sections())),
        "wal_after_big": _size(folder / "vault.db-wal"),
        "db_after_big": _size(folder / "vault.db"),
        # The same connection must not show the refused text either.
        "unchanged_after_big": vault.reflection(session_id).sections == before,
        "search_after_big": len(vault.search(f"{BIG_MARKER}ca1*")),
        "tiny": _outcome(
            lambda: vault.save_reflection(session_id, {"atmosphere": "tiny edit at the limit"})
        ),
    }
    limit.lift()
    report["after"] = _outcome(
        lambda: vault.save_reflection(session_id, {"atmosphere": AFTER_TEXT})
    )
    report["close"] = _outcome(vault.close)
    report["wal_after_close"] = _size(folder / "vault.db-wal")
    _say(json.dumps(report))
    return 0


def full_backup(directory: str, destination: str) -> int:
    """Back up with the file-size limit at the vault's size, then without it."""
    vault = _open(directory)
    folder = Path(directory)
    dest = Path(destination)
    limit = FileSizeLimit()
    db_size = (folder / "vault.db").stat().st_size
    limit.set(db_size)
    report: dict[str, Any] = {
        "limit": db_size,
        "backup": _outcome(lambda: vault.backup(dest)),
        "dest_after": sorted(os.listdir(dest)) if dest.exists() else None,
        "auto": _outcome(vault.auto_backup),
        "own_backups_after": sorted(os.listdir(folder / "backups")),
        "last_backup_after": None if vault.last_backup() is None else "set",
    }
    limit.lift()
    report["save_after"] = _outcome(
        lambda: vault.add_group("Made after the failed backups")  # any small write
    )
    made: list[Path] = []
    report["backup_after"] = _outcome(lambda: made.append(vault.backup(dest)))
    report["backup_path"] = str(made[0]) if made else None
    report["close"] = _outcome(vault.close)
    _say(json.dumps(report))
    return 0


def backup_loop(directory: str, session_id: int) -> int:
    """Save, back up, acknowledge; until killed."""
    vault = _open(directory)
    _say("ready")
    for i in range(MAX_LOOPS):
        vault.save_reflection(session_id, {"case": f"loop {i}"})
        _say(f"saved {i}")
        path = vault.backup()
        _say(f"backup {i} {path}")
    vault.close()
    return 0


class RmtreeTripwire:
    """Stands in for `shutil` inside `storage.backup`: dies while deleting a backup."""

    def __getattr__(self, name: str) -> Any:
        return getattr(shutil, name)

    @staticmethod
    def rmtree(path: Any, ignore_errors: bool = False) -> None:
        folder = Path(path)
        # A finished backup, however it is named while being deleted; not a
        # failed copy being cleaned up.
        if backup_copy.BACKUP_PREFIX not in folder.name or folder.name.startswith(".incomplete-"):
            shutil.rmtree(folder, ignore_errors=ignore_errors)
            return
        with os.scandir(folder) as entries:
            first = next(entry for entry in entries if entry.is_file())  # as rmtree goes
        os.unlink(first.path)
        _say(f"killed deleting {folder.name} after {first.name}")
        _die()


def rotate_kill(directory: str, session_id: int) -> int:
    """Back up daily until rotation deletes a backup, and die half-way through that."""
    vault = _open(directory)
    with mock.patch.object(backup_copy, "shutil", RmtreeTripwire()):
        for day in range(60):
            vault.save_reflection(session_id, {"case": f"day {day}"})
            vault.auto_backup(now=LOOP_START + dt.timedelta(days=day))
            _say(f"backup {day}")
    _say("rotation never deleted a backup")
    vault.close()
    return 1


def main(argv: list[str]) -> int:
    """Dispatch on the first argument."""
    match argv:
        case ["full-save", directory, session_id, pre_saves, margin]:
            return full_save(directory, int(session_id), int(pre_saves), int(margin))
        case ["full-backup", directory, destination]:
            return full_backup(directory, destination)
        case ["backup-loop", directory, session_id]:
            return backup_loop(directory, int(session_id))
        case ["rotate-kill", directory, session_id]:
            return rotate_kill(directory, int(session_id))
    raise SystemExit(__doc__)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
