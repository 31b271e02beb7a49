"""Forward-only schema migrations, tracked with `PRAGMA user_version`."""

from __future__ import annotations

from importlib import resources

from balint_desktop.core.errors import VaultCorrupt
from balint_desktop.storage.connection import Connection

#: One SQL file per schema version, in order. Append only: never edit a
#: released migration, add the next one.
MIGRATIONS: tuple[str, ...] = (
    "schema_v1.sql",
    "schema_v2.sql",
    "schema_v3.sql",
    "schema_v4.sql",
)
LATEST_VERSION = len(MIGRATIONS)


def schema_version(conn: Connection) -> int:
    """Return the schema version recorded in the database."""
    return int(conn.execute("PRAGMA user_version").fetchone()[0])


def migrate(conn: Connection, target: int = LATEST_VERSION) -> int:
    """Bring the schema up to `target`, one version per transaction.

    Args:
        conn: an open, keyed connection.
        target: the version to stop at (tests build older vaults with it).

    Returns:
        The version the database is at afterwards.

    Raises:
        VaultCorrupt: the database is newer than this app understands.
    """
    current = schema_version(conn)
    if current > LATEST_VERSION:
        raise VaultCorrupt(
            "This vault was written by a newer Balint Desktop. Update the app to open it."
        )
    for version in range(current + 1, target + 1):
        sql = resources.files(__package__).joinpath(MIGRATIONS[version - 1]).read_text("utf-8")
        try:
            # One script, one transaction: a crash leaves the previous version.
            conn.executescript(
                f"BEGIN IMMEDIATE;\n{sql}\nPRAGMA user_version = {version:d};\nCOMMIT;"
            )
        except BaseException:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            raise
    return schema_version(conn)
