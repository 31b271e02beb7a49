"""`balint-vault`: check, back up, restore and re-key a vault from a terminal.

Never prints note text. Exit codes (DESIGN.md §5): 0 ok, 1 usage or other
error, 2 wrong passphrase, 3 damaged, 4 in use.
"""

from __future__ import annotations

import argparse
import datetime as dt
import getpass
import itertools
import os
import shutil
import sys
import tempfile
import unicodedata
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import NoReturn, TextIO

from balint_desktop.app.paths import default_vault_dir
from balint_desktop.core.errors import (
    VaultCorrupt,
    VaultError,
    VaultInUse,
    WrongPassphrase,
)
from balint_desktop.core.process import disable_core_dumps
from balint_desktop.core.vault import DB_NAME, KEY_NAME, LOCK_NAME, Vault
from balint_desktop.storage.files import (
    FILE_MODE,
    copy_file_durably,
    fsync_dir,
    make_private_dir,
    private_umask,
)
from balint_desktop.storage.lock import VaultLock

OK, ERROR, WRONG_PASSPHRASE, DAMAGED, IN_USE = 0, 1, 2, 3, 4
#: A new passphrase needs at least this many characters (review finding L4).
MIN_PASSPHRASE_CHARS = 8
RESTORING_SUFFIX = ".restoring"


class UsageError(Exception):
    """The command line could not be understood."""


class _Parser(argparse.ArgumentParser):
    # argparse exits with 2 on bad usage, which here means "wrong passphrase".
    def error(self, message: str) -> NoReturn:
        raise UsageError(message)


def build_parser() -> argparse.ArgumentParser:
    """Return the argument parser of `balint-vault`."""
    common = _Parser(add_help=False)
    common.add_argument("--vault", type=Path, help="vault folder (default: the app's own)")
    common.add_argument(
        "--passphrase-stdin",
        action="store_true",
        help="read the passphrase as one line from standard input "
        "(change-passphrase: the old, then the new)",
    )
    parser = _Parser(prog="balint-vault", description="Look after a Balint Desktop vault.")
    commands = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)
    commands.add_parser("verify", parents=[common], help="check every page of the vault")
    backup = commands.add_parser("backup", parents=[common], help="write a verified backup")
    backup.add_argument("--to", type=Path, help="folder to put the backup in")
    restore = commands.add_parser("restore", parents=[common], help="restore from a backup folder")
    restore.add_argument("backup", type=Path, help="a backup folder (holding vault.db, vault.key)")
    commands.add_parser("info", parents=[common], help="format, KDF settings and counts")
    commands.add_parser("change-passphrase", parents=[common], help="set a new passphrase")
    return parser


class Passphrases:
    """Reads passphrases from a prompt or, with --passphrase-stdin, from stdin lines."""

    def __init__(self, from_stdin: bool, stdin: TextIO, prompt: Callable[[str], str]) -> None:
        """Choose where passphrases come from."""
        self._from_stdin = from_stdin
        self._stdin = stdin
        self._prompt = prompt

    def read(self, label: str) -> str:
        """Return one passphrase, without its line ending (spaces are kept)."""
        if not self._from_stdin:
            return self._prompt(f"{label}: ")
        undecodable = False
        try:
            line = self._stdin.readline()
        except UnicodeDecodeError:
            undecodable = True  # the error holds the bytes read: never shown
        if undecodable:
            raise UsageError(f"the {label.lower()} on standard input is not valid text")
        if not line:
            raise UsageError(f"expected the {label.lower()} on standard input")
        return line.removesuffix("\n").removesuffix("\r")


def main(
    argv: Sequence[str] | None = None,
    *,
    stdin: TextIO | None = None,
    stdout: TextIO | None = None,
    stderr: TextIO | None = None,
    prompt: Callable[[str], str] = getpass.getpass,
) -> int:
    """Run `balint-vault` and return its exit code."""
    out = stdout or sys.stdout
    err = stderr or sys.stderr
    disable_core_dumps()
    try:
        args = build_parser().parse_args(argv)
        folder = args.vault or default_vault_dir()
        passphrases = Passphrases(args.passphrase_stdin, stdin or sys.stdin, prompt)
        return COMMANDS[args.command](args, folder, passphrases, out)
    except UsageError as error:
        print(f"balint-vault: {error}", file=err)
        return ERROR
    except WrongPassphrase as error:
        print(f"balint-vault: {error}", file=err)
        return WRONG_PASSPHRASE
    except VaultCorrupt as error:
        print(f"balint-vault: {error}", file=err)
        return DAMAGED
    except VaultInUse as error:
        print(f"balint-vault: {error}", file=err)
        return IN_USE
    except VaultError as error:
        print(f"balint-vault: {error}", file=err)
        return ERROR
    except (EOFError, KeyboardInterrupt):
        print("balint-vault: cancelled", file=err)
        return ERROR
    except OSError as error:
        # Only the system's reason and the file name are shown, never
        # str(error) as a whole (review finding M5).
        where = f" ({error.filename})" if error.filename else ""
        reason = error.strerror or "the system refused"
        print(f"balint-vault: a file could not be read or written{where}: {reason}.", file=err)
        return ERROR
    except Exception as error:  # last resort: a sentence, never a traceback
        # The message of an unexpected error could hold anything (a passphrase,
        # note text), so only its kind is named.
        print(
            "balint-vault: the command stopped because of an unexpected problem "
            f"({type(error).__name__}). Run `balint-vault verify` to check the vault.",
            file=err,
        )
        return ERROR


def _verify(args: argparse.Namespace, folder: Path, pw: Passphrases, out: TextIO) -> int:
    with Vault.open(folder, pw.read("Passphrase")) as vault:
        problems = vault.check_integrity()
    if problems:
        print(f"The vault is damaged: {len(problems)} problem(s) found.", file=out)
        for problem in problems[:20]:
            print(f"  {problem}", file=out)
        return DAMAGED
    print("The vault is sound: every page checked.", file=out)
    return OK


def _backup(args: argparse.Namespace, folder: Path, pw: Passphrases, out: TextIO) -> int:
    with Vault.open(folder, pw.read("Passphrase")) as vault:
        path = vault.backup(args.to)
    print(f"Backup written and verified: {path}", file=out)
    return OK


def _info(args: argparse.Namespace, folder: Path, pw: Passphrases, out: TextIO) -> int:
    with Vault.open(folder, pw.read("Passphrase")) as vault:
        info = vault.info()
    kdf = info.kdf
    lines = [
        f"Vault folder:   {info.directory}",
        f"Schema version: {info.schema_version}",
        f"Key derivation: Argon2id, {kdf.memory_kib // 1024} MiB, {kdf.iterations} passes, "
        f"{kdf.lanes} lanes" + (" (TEST SETTINGS - not for real notes)" if kdf.for_testing else ""),
        *(f"{name.replace('_', ' ').capitalize()}: {count}" for name, count in info.counts.items()),
    ]
    print("\n".join(lines), file=out)
    return OK


def _change_passphrase(args: argparse.Namespace, folder: Path, pw: Passphrases, out: TextIO) -> int:
    old = pw.read("Current passphrase")
    with Vault.open(folder, old) as vault:
        new = pw.read("New passphrase")
        _check_new_passphrase(new)
        if not args.passphrase_stdin and pw.read("New passphrase again") != new:
            raise UsageError("the new passphrases did not match; nothing was changed")
        vault.change_passphrase(old, new)
    print("Passphrase changed. Older backups still open with the old passphrase.", file=out)
    return OK


def _check_new_passphrase(new: str) -> None:
    """Refuse a new passphrase that is too short or only spaces (review finding L4)."""
    if new.isspace():
        raise UsageError("the new passphrase cannot be only spaces; nothing was changed")
    if len(unicodedata.normalize("NFC", new)) < MIN_PASSPHRASE_CHARS:
        raise UsageError(
            f"the new passphrase needs at least {MIN_PASSPHRASE_CHARS} characters; "
            "nothing was changed"
        )


def _restore(args: argparse.Namespace, folder: Path, pw: Passphrases, out: TextIO) -> int:
    source: Path = args.backup
    if not (source / DB_NAME).is_file() or not (source / KEY_NAME).is_file():
        raise UsageError(f"{source} is not a backup folder (it needs vault.db and vault.key)")
    if _same_folder(source, folder):
        raise UsageError(
            f"{source} is the vault folder itself, not a backup; choose a folder "
            "inside backups/ or on your backup drive. Nothing was changed."
        )
    passphrase = pw.read("Passphrase of the backup")
    # The backup is checked in a private copy: opening it may create a lock
    # file or migrate it, and a backup is never written to (review M3 b).
    # The checked copy is what gets installed, so a backup changed after the
    # check (a flaky drive) cannot slip in.
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
    print(f"Restored from {source}.", file=out)
    for path in moved:
        print(f"The previous file was kept as {path}.", file=out)
    return OK


def _same_folder(one: Path, other: Path) -> bool:
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


COMMANDS: dict[str, Callable[[argparse.Namespace, Path, Passphrases, TextIO], int]] = {
    "verify": _verify,
    "backup": _backup,
    "info": _info,
    "change-passphrase": _change_passphrase,
    "restore": _restore,
}


if __name__ == "__main__":
    sys.exit(main())
