"""The search calls of the automation API (mixed into `Vault`).

Searches run on the vault's connection; `reader` gives a read-only view
with its own connection for searching on another thread.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import sqlcipher3

from balint_desktop.core.errors import InvalidInput, StorageFull
from balint_desktop.core.guard import translate_database_errors
from balint_desktop.core.models import SearchHit, SearchResults
from balint_desktop.core.vault_files import DB_NAME
from balint_desktop.core.vault_reader import VaultReader
from balint_desktop.search import engine
from balint_desktop.storage.connection import Connection, open_reader
from balint_desktop.storage.index import tidy_index
from balint_desktop.storage.repository import Repository, translate_error


@translate_database_errors
class SearchApi:
    """Full-text search over every reflection, and upkeep of its index."""

    # Provided by the vault: its folder and database key.
    _directory: Path
    _key: bytearray

    @property
    def repository(self) -> Repository:
        """Return the tables (provided by the vault)."""
        raise NotImplementedError

    def _connection(self) -> Connection:
        raise NotImplementedError  # provided by the vault

    def search(
        self,
        query: str,
        group_id: int | None = None,
        limit: int = 50,
        *,
        since: dt.date | None = None,
        until: dt.date | None = None,
    ) -> list[SearchHit]:
        """Search every reflection; best sessions first, one hit per session.

        Any text is safe to pass: it is read in the query language of
        `balint_desktop.search.parse` (words, "phrases", prefix*, -excluded,
        OR, group: tag: presenter: section: after: before: on:), never run as
        index syntax. `since` and `until` limit the sessions' dates (inclusive).
        """
        return self.search_results(query, group_id, limit, since=since, until=until).hits

    def search_results(
        self,
        query: str,
        group_id: int | None = None,
        limit: int = 50,
        *,
        since: dt.date | None = None,
        until: dt.date | None = None,
        newest: bool = False,
    ) -> SearchResults:
        """Search as `search` does, with notes on the query and a quick mode.

        Args:
            query: what the person typed.
            group_id: only this group's sessions, if given.
            limit: at most this many hits.
            since: only sessions held on or after this date.
            until: only sessions held on or before this date.
            newest: the most recently written matches at once, unranked (a
                first look; the ranked page puts dates right).
        """
        if not isinstance(query, str):
            raise InvalidInput("The search must be text.")
        try:
            return engine.search(
                self._connection(),
                query,
                group_id,
                limit,
                since=since,
                until=until,
                newest=newest,
            )
        except sqlcipher3.Error as error:
            raise translate_error(error) from None

    def reader(self) -> VaultReader:
        """Return a read-only view for searching on another thread.

        The reader has its own connection; close it before the vault.
        """
        self._connection()
        return VaultReader(open_reader(self._directory / DB_NAME, bytes(self._key)))

    def tidy_index(self, pages: int = 300) -> None:
        """Merge search-index segments; the app calls this when the leader pauses."""
        try:
            with self.repository.write() as conn:
                tidy_index(conn, pages)
        except StorageFull:
            pass  # tidying is optional; the next quiet moment tries again
