"""Harmless UI preferences, and nothing else (DESIGN.md §8).

No note text, group name, passphrase or path a note could be inferred from
is ever written here.
"""

from __future__ import annotations

from PySide6.QtCore import QSettings

THEMES = ("system", "light", "dark")
DEFAULT_IDLE_MINUTES = 5
MIN_IDLE_MINUTES = 1
MAX_IDLE_MINUTES = 120


class Settings:
    """Typed access to the app's QSettings.

    Args:
        store: the QSettings to use (tests pass one in a temporary folder).
    """

    def __init__(self, store: QSettings) -> None:
        """Wrap a settings store."""
        self._store = store

    @property
    def idle_lock_minutes(self) -> int:
        """Minutes without input before the vault locks itself."""
        value = self._store.value("lock/idle_minutes", DEFAULT_IDLE_MINUTES)
        try:
            minutes = int(str(value))
        except ValueError:
            return DEFAULT_IDLE_MINUTES
        return max(MIN_IDLE_MINUTES, min(MAX_IDLE_MINUTES, minutes))

    @idle_lock_minutes.setter
    def idle_lock_minutes(self, minutes: int) -> None:
        self._store.setValue(
            "lock/idle_minutes", max(MIN_IDLE_MINUTES, min(MAX_IDLE_MINUTES, minutes))
        )

    @property
    def theme(self) -> str:
        """The colour theme: system, light or dark."""
        value = str(self._store.value("appearance/theme", "system"))
        return value if value in THEMES else "system"

    @theme.setter
    def theme(self, value: str) -> None:
        self._store.setValue("appearance/theme", value if value in THEMES else "system")

    @property
    def default_template(self) -> str:
        """The template new groups start with (only the Balint template so far)."""
        return str(self._store.value("templates/default", "balint"))

    @default_template.setter
    def default_template(self, value: str) -> None:
        self._store.setValue("templates/default", value)

    @property
    def backup_folder(self) -> str:
        """Where the leader asked backups to go ("" for the vault's own folder).

        Also kept inside the vault; this copy lets a damaged vault, which
        cannot be read, still find its backups.
        """
        return str(self._store.value("backups/folder", ""))

    @backup_folder.setter
    def backup_folder(self, value: str) -> None:
        self._store.setValue("backups/folder", value)

    def sync(self) -> None:
        """Write pending changes to disk."""
        self._store.sync()
