"""Keeping windows out of screen captures and shares, where the system allows (T6).

Windows 10 2004 and later can exclude a window from screenshots, screen
recording and screen sharing (SetWindowDisplayAffinity with
WDA_EXCLUDEFROMCAPTURE); the window then shows as black in a shared screen.
No such switch exists for X11, Wayland or macOS apps we can reach without
extra dependencies, so there the promise is what the titles and
notifications never show (tested), and a leader shares a single other
window rather than the whole screen. Best effort: this cannot be tested on
Linux, and says so by returning False.
"""

from __future__ import annotations

import ctypes
import sys

WDA_EXCLUDEFROMCAPTURE = 0x00000011


def exclude_from_capture(window_id: int) -> bool:
    """Ask the system to leave this window out of captures; return whether it agreed."""
    platform = str(sys.platform)
    if platform != "win32":
        return False
    try:  # pragma: no cover - Windows only
        user32 = ctypes.WinDLL("user32")  # type: ignore[attr-defined]
        return bool(user32.SetWindowDisplayAffinity(window_id, WDA_EXCLUDEFROMCAPTURE))
    except (OSError, AttributeError):  # pragma: no cover - older Windows
        return False
