"""Locking after a period without input, on two clocks.

A monotonic clock may stop while the machine sleeps; the wall clock does
not, so a laptop closed for an hour is locked when it wakes (THREAT-MODEL.md
T5). The wall clock can be set back (NTP, by hand); the monotonic clock
cannot. The vault locks when either says the limit has passed.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, QTimer, Signal, Slot

_ACTIVITY = {
    QEvent.Type.KeyPress,
    QEvent.Type.MouseButtonPress,
    QEvent.Type.MouseMove,
    QEvent.Type.Wheel,
    QEvent.Type.TouchBegin,
}


class IdleWatcher(QObject):
    """Emits `expired` once no input has arrived for `limit_seconds`.

    Install it as an event filter on the application. It checks every
    `check_interval_ms` and again whenever input arrives, so a wake from
    sleep after the limit locks before the first keystroke is handled.

    Signals:
        expired: the idle limit passed while armed.
    """

    expired = Signal()

    def __init__(
        self,
        limit_seconds: float,
        clock: Callable[[], float] = time.time,
        check_interval_ms: int = 5000,
        parent: QObject | None = None,
        monotonic: Callable[[], float] = time.monotonic,
    ) -> None:
        """Start disarmed; call `arm()` once the vault is unlocked."""
        super().__init__(parent)
        self._limit = limit_seconds
        self._clock = clock
        self._monotonic = monotonic
        self._last_activity = clock()
        self._last_activity_monotonic = monotonic()
        self._armed = False
        self._timer = QTimer(self)
        self._timer.setInterval(check_interval_ms)
        self._timer.timeout.connect(self.check)

    def set_limit(self, seconds: float) -> None:
        """Change the idle limit."""
        self._limit = seconds

    def arm(self) -> None:
        """Start watching from now."""
        self._touch()
        self._armed = True
        self._timer.start()

    def disarm(self) -> None:
        """Stop watching (while locked)."""
        self._armed = False
        self._timer.stop()

    @property
    def armed(self) -> bool:
        """Return whether the watcher is counting."""
        return self._armed

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Note user input; never consumes an event."""
        if self._armed and event.type() in _ACTIVITY:
            # A wake from sleep past the limit must lock, not count as activity.
            self.check()
            if self._armed:
                self._touch()
        return False

    @Slot()
    def check(self) -> None:
        """Emit `expired` if the limit has passed."""
        if not self._armed:
            return
        wall = self._clock() - self._last_activity
        steady = self._monotonic() - self._last_activity_monotonic
        if wall >= self._limit or steady >= self._limit:
            self.disarm()
            self.expired.emit()

    def _touch(self) -> None:
        self._last_activity = self._clock()
        self._last_activity_monotonic = self._monotonic()
