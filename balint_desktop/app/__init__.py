"""The Qt application layer: the controller, workers and watchers; no widgets.

`start()` is the entry point for `main()` and for tests (DESIGN.md §5).
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Callable
    from pathlib import Path

    from PySide6.QtCore import QSettings

    from balint_desktop.app.controller import AppController
    from balint_desktop.crypto.kdf import KdfParams


def start(
    vault_dir: Path,
    kdf: KdfParams | None = None,
    *,
    settings: QSettings | None = None,
    title: str | None = None,
    today: Callable[[], dt.date] | None = None,
) -> AppController:
    """Build and show the first window without entering the event loop.

    Uses the running QApplication if there is one (tests create it) and
    creates the app's own otherwise.

    Args:
        vault_dir: the vault folder.
        kdf: Argon2id parameters for a new vault; None calibrates.
        settings: where preferences live (tests pass a temporary file).
        title: the window title; "Balint Desktop" unless this is the demo.
        today: the date new sessions default to (pictures use a fixed one).

    Returns:
        The controller, with its first window shown.
    """
    from PySide6.QtCore import QSettings
    from PySide6.QtGui import QIcon
    from PySide6.QtWidgets import QApplication

    from balint_desktop.app.controller import APP_TITLE, AppController
    from balint_desktop.app.settings import Settings
    from balint_desktop.app.theme import Theme
    from balint_desktop.views.forms import balint_rc  # noqa: F401 - registers :/ resources

    existing = QApplication.instance()
    app = existing if isinstance(existing, QApplication) else QApplication([])
    app.setOrganizationName("BalintDesktop")
    app.setApplicationName("Balint Desktop")
    app.setDesktopFileName("balint-desktop")  # Wayland app id; packaging/linux/*.desktop
    app.setWindowIcon(QIcon(":/icons/balint-desktop.svg"))
    prefs = Settings(settings if settings is not None else QSettings())
    theme = Theme(app, parent=app)
    theme.apply(prefs.theme)
    controller = AppController(
        vault_dir,
        prefs,
        kdf=kdf,
        theme=theme,
        title=title or APP_TITLE,
        today=today or dt.date.today,
        parent=app,
    )
    controller.start()
    return controller
