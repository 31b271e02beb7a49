"""Building the main window: private from screen capture, watched for copies, themed.

The controller connects the window's requests (lock, settings, restore,
history, close) to itself; everything else the window needs is set here.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import TYPE_CHECKING

from balint_desktop.app.autosave import Autosaver
from balint_desktop.app.clipboard_guard import ClipboardGuard
from balint_desktop.app.notes import NotesService
from balint_desktop.app.os_lock import LockSignals, WindowsLockWatcher
from balint_desktop.app.search_service import SearchService
from balint_desktop.app.window_privacy import exclude_from_capture

if TYPE_CHECKING:
    from balint_desktop.app.theme import Theme
    from balint_desktop.views.main_window import MainWindow


def new_main_window(
    notes: NotesService,
    search: SearchService,
    autosaver: Autosaver,
    *,
    today: Callable[[], dt.date],
    title: str,
    os_lock: LockSignals | None,
    clipboard_guard: ClipboardGuard | None,
    theme: Theme | None,
) -> MainWindow:
    """Return a new main window, hidden, with nothing of the vault loaded yet."""
    from balint_desktop.views.main_window import MainWindow

    window = MainWindow(notes, search, autosaver, today=today, title=title)
    if isinstance(os_lock, WindowsLockWatcher):  # pragma: no cover - Windows
        os_lock.register(int(window.winId()))
    exclude_from_capture(int(window.winId()))
    if clipboard_guard is not None:
        window.session_panel.editor.copied.connect(clipboard_guard.copied)
    if theme is not None:
        for action, icon in (
            (window.ui.newGroupAction, "new-group"),
            (window.ui.newSessionAction, "new-session"),
            (window.ui.lockAction, "lock"),
            (window.ui.findAction, "search"),
            (window.ui.historyAction, "history"),
            (window.ui.settingsAction, "settings"),
        ):
            theme.bind_icon(action, icon)
    return window
