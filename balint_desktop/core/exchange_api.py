"""The co-leader identity and exchange calls of the automation API (mixed into `Vault`)."""

from __future__ import annotations

from balint_desktop.core.guard import translate_database_errors
from balint_desktop.storage.repository import Repository


@translate_database_errors
class ExchangeApi:
    """Filled in by its owner this session."""

    @property
    def repository(self) -> Repository:
        """Return the tables (provided by the vault)."""
        raise NotImplementedError
