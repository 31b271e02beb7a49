"""Note text copied to the clipboard does not linger there (THREAT-MODEL.md T7).

Copies from the reflection editor carry "don't keep this" hints that
clipboard managers honour (KDE's password-manager hint, Windows' history
and cloud-clipboard exclusions), and thirty seconds later the clipboard is
emptied, if it still holds what we put there. A newer copy, ours or
another program's, is left alone.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from PySide6.QtCore import QByteArray, QMimeData, QObject, QTimer, Slot
from PySide6.QtGui import QClipboard

CLEAR_AFTER_SECONDS = 30.0

#: Clipboard formats that ask clipboard managers and history not to keep a copy.
PRIVACY_HINTS: dict[str, bytes] = {
    "x-kde-passwordManagerHint": b"secret",
    "ExcludeClipboardContentFromMonitorProcessing": b"\x01\x00\x00\x00",
    "CanIncludeInClipboardHistory": b"\x00\x00\x00\x00",
    "CanUploadToCloudClipboard": b"\x00\x00\x00\x00",
}


def add_privacy_hints(data: QMimeData) -> QMimeData:
    """Mark clipboard data as not to be kept in clipboard histories."""
    for name, value in PRIVACY_HINTS.items():
        data.setData(name, QByteArray(value))
    return data


class ClipboardGuard(QObject):
    """Empties the clipboard a while after the app copied note text to it.

    Args:
        clipboard: the application's clipboard.
        clock: seconds, monotonic (tests pass a fake).
        check_interval_ms: how often to look.
    """

    def __init__(
        self,
        clipboard: QClipboard,
        clock: Callable[[], float] = time.monotonic,
        check_interval_ms: int = 1000,
        parent: QObject | None = None,
    ) -> None:
        """Watch nothing until `copied()` is called."""
        super().__init__(parent)
        self._clipboard = clipboard
        self._clock = clock
        self._text: str | None = None
        self._copied_at = 0.0
        self._timer = QTimer(self)
        self._timer.setInterval(check_interval_ms)
        self._timer.timeout.connect(self.check)

    def copied(self, text: str) -> None:
        """Remember that we just put `text` on the clipboard."""
        self._text = text
        self._copied_at = self._clock()
        self._timer.start()

    @Slot()
    def check(self) -> None:
        """Clear the clipboard if our copy has been there long enough."""
        if self._text is None:
            self._timer.stop()
            return
        if self._clipboard.text() != self._text:
            self._forget()  # someone copied something newer: theirs now
            return
        if self._clock() - self._copied_at >= CLEAR_AFTER_SECONDS:
            self._clipboard.clear()
            self._forget()

    def clear_now(self) -> None:
        """Clear our copy at once (on lock), leaving anyone else's alone."""
        if self._text is not None and self._clipboard.text() == self._text:
            self._clipboard.clear()
        self._forget()

    def _forget(self) -> None:
        self._text = None
        self._timer.stop()
