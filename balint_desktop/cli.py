"""`balint-vault`: check, back up, restore and re-key a vault from a terminal.

Never prints note text. Exit codes (DESIGN.md §5): 0 ok, 1 usage or other
error, 2 wrong passphrase, 3 damaged, 4 in use.
"""

from __future__ import annotations

import argparse
import datetime as dt
import getpass
import os
import shutil
import sys
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
from balint_desktop.core.vault import DB_NAME, KEY_NAME, LOCK_NAME, Vault
from balint_desktop.storage.files import make_private_dir, private_umask
from balint_desktop.storage.lock import VaultLock

OK, ERROR, WRONG_PASSPHRASE, DAMAGED, IN_USE = 0, 1, 2, 3, 4


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
        line = self._stdin.readline()
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
        if not args.passphrase_stdin and pw.read("New passphrase again") != new:
            raise UsageError("the new passphrases did not match; nothing was changed")
        vault.change_passphrase(old, new)
    print("Passphrase changed. Older backups still open with the old passphrase.", file=out)
    return OK


def _restore(args: argparse.Namespace, folder: Path, pw: Passphrases, out: TextIO) -> int:
    source: Path = args.backup
    if not (source / DB_NAME).is_file() or not (source / KEY_NAME).is_file():
        raise UsageError(f"{source} is not a backup folder (it needs vault.db and vault.key)")
    passphrase = pw.read("Passphrase of the backup")
    # Check the backup opens and is sound before touching the vault.
    with Vault.open(source, passphrase) as backup:
        if backup.check_integrity():
            raise VaultCorrupt("The backup is damaged too; try an older one.")
    make_private_dir(folder)
    with private_umask():
        lock = VaultLock(folder / LOCK_NAME)  # refuses while the app has the vault open
    try:
        moved = _move_aside(folder)
        with private_umask():
            for name in (KEY_NAME, DB_NAME):
                shutil.copyfile(source / name, folder / name)
                os.chmod(folder / name, 0o600)
    finally:
        lock.release()
    with Vault.open(folder, passphrase) as vault:
        if vault.check_integrity():
            raise VaultCorrupt("The restored vault failed its check.")
    print(f"Restored from {source}.", file=out)
    for path in moved:
        print(f"The previous file was kept as {path}.", file=out)
    return OK


def _move_aside(folder: Path) -> list[Path]:
    """Rename the current vault files to `<name>.damaged-<UTC time>`; never delete."""
    stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%SZ")
    moved = []
    for name in (DB_NAME, f"{DB_NAME}-wal", f"{DB_NAME}-shm", KEY_NAME):
        path = folder / name
        if path.exists():
            target = path.with_name(f"{name}.damaged-{stamp}")
            path.rename(target)
            moved.append(target)
    return moved


COMMANDS: dict[str, Callable[[argparse.Namespace, Path, Passphrases, TextIO], int]] = {
    "verify": _verify,
    "backup": _backup,
    "info": _info,
    "change-passphrase": _change_passphrase,
    "restore": _restore,
}


if __name__ == "__main__":
    sys.exit(main())
