"""`balint-vault`: check, back up, restore and re-key a vault from a terminal.

Never prints note text. Exit codes (DESIGN.md §5): 0 ok, 1 usage or other
error, 2 wrong passphrase, 3 damaged, 4 in use.
"""

from __future__ import annotations

import argparse
import getpass
import sys
import unicodedata
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import NoReturn, TextIO

from balint_desktop.app.paths import default_vault_dir
from balint_desktop.core.about import version_line
from balint_desktop.core.errors import (
    VaultCorrupt,
    VaultError,
    VaultInUse,
    WrongPassphrase,
)
from balint_desktop.core.process import disable_core_dumps
from balint_desktop.core.restore import is_backup_folder, restore_backup, same_folder
from balint_desktop.core.vault import Vault

OK, ERROR, WRONG_PASSPHRASE, DAMAGED, IN_USE = 0, 1, 2, 3, 4
#: A new passphrase needs at least this many characters (review finding L4).
MIN_PASSPHRASE_CHARS = 8


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
    parser.add_argument("--version", action="version", version=version_line("balint-vault"))
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
    if not is_backup_folder(source):
        raise UsageError(f"{source} is not a backup folder (it needs vault.db and vault.key)")
    if same_folder(source, folder):
        raise UsageError(
            f"{source} is the vault folder itself, not a backup; choose a folder "
            "inside backups/ or on your backup drive. Nothing was changed."
        )
    passphrase = pw.read("Passphrase of the backup")
    moved = restore_backup(source, folder, passphrase)
    print(f"Restored from {source}.", file=out)
    for path in moved:
        print(f"The previous file was kept as {path}.", file=out)
    return OK


COMMANDS: dict[str, Callable[[argparse.Namespace, Path, Passphrases, TextIO], int]] = {
    "verify": _verify,
    "backup": _backup,
    "info": _info,
    "change-passphrase": _change_passphrase,
    "restore": _restore,
}


if __name__ == "__main__":
    sys.exit(main())
