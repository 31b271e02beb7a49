"""`balint-desktop --report-startup`: when was the first window painted?

Prints the wall-clock time (seconds since the epoch) at the first paint of a
window, then quits. The benchmark notes the time before starting the program
and subtracts, so the same measure serves the venv and the packaged build.
"""

from __future__ import annotations

import time
from typing import TextIO

from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QApplication, QWidget


class FirstPaint(QObject):
    """An application-wide event filter that reports the first window paint."""

    def __init__(self, out: TextIO, parent: QObject | None = None) -> None:
        """Report to `out`."""
        super().__init__(parent)
        self._out = out
        self._done = False

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """On the first paint of a window: print the time and quit."""
        if (
            not self._done
            and event.type() == QEvent.Type.Paint
            and isinstance(watched, QWidget)
            and watched.isWindow()
        ):
            self._done = True
            print(repr(time.time()), file=self._out, flush=True)
            QApplication.exit(0)
        return False
