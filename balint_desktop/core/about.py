"""What the About window and `--version` say about this build: versions and formats.

No Qt here; the window adds the Qt and PySide6 versions itself.
"""

from __future__ import annotations

import platform
from dataclasses import dataclass

import sqlcipher3

from balint_desktop import __version__
from balint_desktop.crypto.keyfile import FORMAT_VERSION as KEY_FILE_FORMAT
from balint_desktop.storage.migrations import LATEST_VERSION


@dataclass(frozen=True, slots=True)
class VaultFormat:
    """The on-disk formats this build writes and reads.

    Attributes:
        schema: the database schema version (`PRAGMA user_version`); it is
            what "vault format" means to a leader, because it changes when
            a newer app upgrades a vault.
        key_file: the version of the `vault.key` document.
    """

    schema: int
    key_file: int


def vault_format() -> VaultFormat:
    """Return the vault format of this build."""
    return VaultFormat(schema=LATEST_VERSION, key_file=KEY_FILE_FORMAT)


def version_line(prog: str = "balint-desktop") -> str:
    """Return the `--version` line, e.g. "balint-desktop 0.1.0 (vault format 4)"."""
    return f"{prog} {__version__} (vault format {vault_format().schema})"


def sqlcipher_versions() -> tuple[str, str]:
    """Return the SQLCipher and SQLite versions compiled into sqlcipher3.

    `PRAGMA cipher_version` needs no key, so an empty in-memory database
    answers it without touching any vault.
    """
    conn = sqlcipher3.connect(":memory:")
    try:
        row = conn.execute("PRAGMA cipher_version").fetchone()
    finally:
        conn.close()
    cipher = str(row[0]) if row else ""
    return cipher, str(sqlcipher3.sqlite_version)


def python_version() -> str:
    """Return the version of the Python running the app."""
    return platform.python_version()
