"""Tidying the search index in quiet moments: a while after a save, never while typing."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, QTimer, Slot

from balint_desktop.app.autosave import SAVED, Autosaver
from balint_desktop.core.vault import Vault

#: Quiet time after a save before the search index is tidied.
TIDY_AFTER_MS = 8000


class IndexTidier(QObject):
    """Merges search-index segments once the leader has paused after a save.

    Args:
        autosaver: whose state says whether the leader is typing or saved.
        vault: returns the open vault, or None while locked.
        parent: the owning QObject.
    """

    def __init__(
        self, autosaver: Autosaver, vault: Callable[[], Vault | None], parent: QObject
    ) -> None:
        """Start listening to the autosaver; nothing is tidied until a save."""
        super().__init__(parent)
        self._vault = vault
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(TIDY_AFTER_MS)
        self._timer.timeout.connect(self._tidy)
        autosaver.state_changed.connect(self._saved_or_typing)

    def stop(self) -> None:
        """Forget a pending tidy (the vault is closing)."""
        self._timer.stop()

    @Slot(str, str)
    def _saved_or_typing(self, state: str, _message: str) -> None:
        if state == SAVED:
            self._timer.start()
        else:
            self._timer.stop()

    @Slot()
    def _tidy(self) -> None:
        vault = self._vault()
        if vault is not None:
            vault.tidy_index()
