"""Opening the SQLCipher database with the raw key and the required pragmas."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import sqlcipher3

from balint_desktop.core.errors import StorageFull, VaultCorrupt, VaultError, VaultInUse

#: Pragmas set after keying, each with the value SQLCipher must report back.
REQUIRED_PRAGMAS: tuple[tuple[str, str, object], ...] = (
    ("temp_store", "MEMORY", 2),
    ("journal_mode", "WAL", "wal"),
    ("synchronous", "FULL", 2),
    ("secure_delete", "ON", 1),
    ("foreign_keys", "ON", 1),
)

#: What `cipher_compatibility = 4` must leave in force. The pragma itself
#: reads back nothing, so its effects are what we assert.
SQLCIPHER4_SETTINGS: tuple[tuple[str, str], ...] = (
    ("cipher_page_size", "4096"),
    ("cipher_hmac_algorithm", "HMAC_SHA512"),
    ("cipher_plaintext_header_size", "0"),
)

Connection = Any  # sqlcipher3 ships no type information


def raw_key_literal(key: bytes) -> bytes:
    """Return SQLCipher's raw-key form `x'<64 hex>'` for `conn.set_key`.

    The literal is handed to `sqlite3_key` directly and never appears in SQL
    text, so it cannot reach a trace, a log or an error message.
    """
    if len(key) != 32:
        raise ValueError("the database key must be 32 bytes")
    return b"x'" + key.hex().encode("ascii") + b"'"


def open_database(path: Path, key: bytes) -> Connection:
    """Open (or create) the encrypted database and check every setting.

    Args:
        path: the `vault.db` file.
        key: the 32-byte database key.

    Returns:
        An autocommit connection; use `transaction()` for writes.

    Raises:
        VaultCorrupt: the file is not a database this key opens.
    """
    # The app opens the vault on a worker thread (the KDF takes a second) and
    # then uses the connection only from the GUI thread: one thread at a time,
    # never two, so Python's same-thread guard is relaxed.
    try:
        conn = sqlcipher3.connect(str(path), isolation_level=None, check_same_thread=False)
    except sqlcipher3.Error as error:
        raise opening_error(error) from None
    try:
        conn.execute("PRAGMA cipher_log_level = NONE")
        conn.set_key(raw_key_literal(key))
        conn.execute("PRAGMA cipher_compatibility = 4")
        # The first read decrypts page 1: a wrong key or damaged header fails here.
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
        for name, value, expected in REQUIRED_PRAGMAS:
            conn.execute(f"PRAGMA {name} = {value}")
            actual = conn.execute(f"PRAGMA {name}").fetchone()[0]
            if actual != expected:
                raise VaultCorrupt(f"The database refused a required setting ({name}).")
        for name, expected_text in SQLCIPHER4_SETTINGS:
            if str(conn.execute(f"PRAGMA {name}").fetchone()[0]) != expected_text:
                raise VaultCorrupt(f"The database is not in SQLCipher 4 format ({name}).")
        level = conn.execute("PRAGMA cipher_log_level").fetchone()[0]
        if str(level).upper() != "NONE":
            raise VaultCorrupt("The database refused a required setting (cipher_log_level).")
    except sqlcipher3.Error as error:
        conn.close()
        raise opening_error(error) from None
    except BaseException:
        conn.close()
        raise
    return conn


# SQLite's primary result codes (the low byte of an extended code).
SQLITE_PERM, SQLITE_BUSY, SQLITE_LOCKED, SQLITE_READONLY = 3, 5, 6, 8
SQLITE_IOERR, SQLITE_CORRUPT, SQLITE_FULL, SQLITE_CANTOPEN, SQLITE_NOTADB = 10, 11, 13, 14, 26
_UNUSABLE = {SQLITE_PERM, SQLITE_READONLY, SQLITE_IOERR, SQLITE_FULL, SQLITE_CANTOPEN}


def error_code(error: BaseException) -> int | None:
    """Return SQLite's primary result code of a database error, if it has one."""
    code = getattr(error, "sqlite_errorcode", None)
    return code & 0xFF if isinstance(code, int) else None


def opening_error(error: BaseException) -> VaultError:
    """Say why the database could not be opened, without calling a full disk damage.

    Only "not a database" and "corrupt" mean the file is damaged (a wrong
    key was ruled out by the key file before we got here).
    """
    code = error_code(error)
    if code in _UNUSABLE:
        return StorageFull(
            "The vault could not be opened because its folder is full, read-only or "
            "unavailable. Nothing was changed; free some space or reconnect the drive."
        )
    if code in (SQLITE_BUSY, SQLITE_LOCKED):
        return VaultInUse()
    return VaultCorrupt()


def open_reader(path: Path, key: bytes) -> Connection:
    """Open a second, read-only connection for work on another thread.

    WAL lets it read the last committed state while the main connection
    writes; `conn.interrupt()` from any thread cancels its running query.
    """
    conn = open_database(path, key)
    conn.execute("PRAGMA query_only = ON")
    return conn


def integrity_problems(conn: Connection) -> list[str]:
    """Return what `cipher_integrity_check` and `integrity_check` report.

    An empty list means every page authenticated and the b-trees are sound.
    The messages name pages, never contents.
    """
    problems = [str(row[0]) for row in conn.execute("PRAGMA cipher_integrity_check")]
    try:
        rows = [str(row[0]) for row in conn.execute("PRAGMA integrity_check")]
    except sqlcipher3.DatabaseError:
        # A page that fails authentication stops SQLite's own check outright.
        rows = ["the database structure could not be read"]
    if rows != ["ok"]:
        problems.extend(rows)
    return problems
