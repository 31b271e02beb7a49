"""Saving what the leader types, about a second after they stop.

Typing only records the text and restarts a timer; the save itself is one
short transaction. A failed save (disk full) keeps the changes pending and
says so; nothing typed is dropped.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

from PySide6.QtCore import QObject, QTimer, Signal, Slot

from balint_desktop.core.errors import VaultError

SaveFunction = Callable[[int, Mapping[str, str]], object]

IDLE, PENDING, SAVING, SAVED, FAILED = "idle", "pending", "saving", "saved", "failed"


class Autosaver(QObject):
    """Collects edits per session and saves them after a quiet moment.

    Signals:
        state_changed: (state, message) — state is one of pending, saving,
            saved, failed; message is a sentence for people (never note text).
    """

    state_changed = Signal(str, str)

    def __init__(
        self,
        save: SaveFunction,
        delay_ms: int = 1000,
        parent: QObject | None = None,
        retry_ms: int = 10_000,
    ) -> None:
        """Save through `save(session_id, sections)` after `delay_ms` of quiet.

        After a failed save it tries again every `retry_ms`, so the text is
        saved as soon as space is freed, without another keystroke.
        """
        super().__init__(parent)
        self._save = save
        self._pending: dict[int, dict[str, str]] = {}
        self._state = IDLE
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(delay_ms)
        self._timer.timeout.connect(self.flush)
        self._retry = QTimer(self)
        self._retry.setSingleShot(True)
        self._retry.setInterval(retry_ms)
        self._retry.timeout.connect(self.flush)

    @property
    def state(self) -> str:
        """Return the last state reported."""
        return self._state

    def has_pending(self) -> bool:
        """Return whether any typed text is not yet saved."""
        return bool(self._pending)

    def pending_for(self, session_id: int) -> dict[str, str]:
        """Return the unsaved sections of one session."""
        return dict(self._pending.get(session_id, {}))

    def edited(self, session_id: int, key: str, text: str) -> None:
        """Record an edit and restart the quiet-time timer."""
        self._pending.setdefault(session_id, {})[key] = text
        self._set_state(PENDING, "")
        self._timer.start()

    @Slot()
    def flush(self) -> bool:
        """Save everything pending now; return True when nothing is left unsaved."""
        self._timer.stop()
        self._retry.stop()
        if not self._pending:
            return True
        self._set_state(SAVING, self.tr("Saving…"))
        for session_id in list(self._pending):
            sections = self._pending[session_id]
            try:
                self._save(session_id, sections)
            except VaultError as error:
                self._set_state(FAILED, str(error))
                self._retry.start()
                return False
            # Edits typed during the save (none today: it is synchronous) would
            # have replaced this dict; only drop what was saved.
            if self._pending.get(session_id) is sections:
                del self._pending[session_id]
        self._set_state(SAVED, self.tr("Saved"))
        return True

    def discard(self) -> None:
        """Forget pending edits (only after they were saved or deliberately dropped)."""
        self._timer.stop()
        self._retry.stop()
        self._pending.clear()
        self._set_state(IDLE, "")

    def _set_state(self, state: str, message: str) -> None:
        self._state = state
        self.state_changed.emit(state, message)
