"""A read-only connection to an open vault, for a search thread."""

from __future__ import annotations

import datetime as dt

import sqlcipher3

from balint_desktop.core.errors import VaultClosed
from balint_desktop.core.models import SearchResults
from balint_desktop.search import engine
from balint_desktop.storage.connection import Connection
from balint_desktop.storage.repository import translate_error


class VaultReader:
    """A read-only connection to an open vault, for one worker thread.

    `cancel()` may be called from any thread to stop the running query.
    """

    def __init__(self, conn: Connection) -> None:
        """Wrap a read-only connection."""
        self._conn: Connection | None = conn

    def search(
        self,
        query: str,
        group_id: int | None = None,
        limit: int = 50,
        *,
        since: dt.date | None = None,
        until: dt.date | None = None,
        newest: bool = False,
    ) -> SearchResults:
        """Search as `Vault.search_results` does; a cancelled search finds nothing."""
        if self._conn is None:
            raise VaultClosed()
        try:
            return engine.search(
                self._conn, query, group_id, limit, since=since, until=until, newest=newest
            )
        except sqlcipher3.OperationalError as error:
            if "interrupt" in str(error).lower():
                return SearchResults()
            raise translate_error(error) from None
        except sqlcipher3.Error as error:
            raise translate_error(error) from None

    def cancel(self) -> None:
        """Interrupt the running query, if any (safe from any thread)."""
        conn = self._conn
        if conn is not None:
            conn.interrupt()

    def close(self) -> None:
        """Close the connection."""
        conn, self._conn = self._conn, None
        if conn is not None:
            conn.close()
