"""How database errors become vault errors a leader understands."""

from __future__ import annotations

import contextlib

import sqlcipher3

from balint_desktop.core.errors import InvalidInput, StorageFull, VaultCorrupt, VaultError
from balint_desktop.storage.connection import (
    SQLITE_CANTOPEN,
    SQLITE_CORRUPT,
    SQLITE_FULL,
    SQLITE_IOERR,
    SQLITE_NOTADB,
    SQLITE_PERM,
    SQLITE_READONLY,
    Connection,
    error_code,
)


def give_back_wal_space(conn: Connection) -> None:
    """Shrink the WAL after a refused write: its pages stay in the file otherwise.

    A save refused by a full disk leaves the WAL as large as the disk allowed
    (the pages are uncommitted and ignored, but the space stays taken) until
    the vault is closed, so the backup at lock time would fail too.
    """
    with contextlib.suppress(sqlcipher3.Error):
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")


def translate_error(error: Exception) -> Exception:
    """Return the vault error for a database error.

    SQLite's own message is dropped: it never holds note text, but a leader
    needs words about what to do, not about b-trees. Errors that mean a bug
    in this program (a misused API) are returned unchanged: telling a leader
    their vault is damaged would be false.
    """
    if isinstance(error, sqlcipher3.ProgrammingError | sqlcipher3.InterfaceError):
        return error  # type: ignore[no-any-return]  # sqlcipher3 has no type information
    if isinstance(error, sqlcipher3.IntegrityError):
        return InvalidInput("That change conflicts with what is already in the vault.")
    code = error_code(error)
    if code in (SQLITE_FULL, SQLITE_IOERR, SQLITE_READONLY, SQLITE_CANTOPEN, SQLITE_PERM):
        return StorageFull()
    if code in (SQLITE_CORRUPT, SQLITE_NOTADB):
        return VaultCorrupt()
    text = str(error).lower()
    if any(word in text for word in ("full", "disk i/o", "readonly", "read-only", "too big")):
        return StorageFull()
    if isinstance(error, sqlcipher3.OperationalError):
        return VaultError("The vault could not complete that change. Nothing was changed.")
    return VaultCorrupt()
