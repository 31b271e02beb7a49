"""Dialogs the controller opens over the main window: history, settings, first-run groups.

Each is opened non-modally and deletes itself on close; what it changes goes
through the notes service or the settings, never straight to the vault's tables.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt

from balint_desktop.app.autosave import Autosaver
from balint_desktop.app.notes import NotesService
from balint_desktop.core import sync_folders
from balint_desktop.core.errors import VaultError
from balint_desktop.core.models import Revision

if TYPE_CHECKING:
    from balint_desktop.app.controller import AppController
    from balint_desktop.views.main_window import MainWindow


def offer_suggestions(window: MainWindow, notes: NotesService) -> None:
    """Offer a first set of groups to a new vault; open the first one added."""
    from balint_desktop.views.group_dialog import system_time_zone
    from balint_desktop.views.suggestions_dialog import SuggestionsDialog

    dialog = SuggestionsDialog(window)
    dialog.setObjectName("suggestionsDialog")

    def add_chosen() -> None:
        zone = system_time_zone()
        first = None
        for name, kind in dialog.chosen():
            try:
                group = notes.add_group(name, kind=kind, time_zone=zone)
            except VaultError:
                continue  # a bad name is skipped; groups can be added later
            first = first or group.id
        window.load(first, None)

    dialog.accepted.connect(add_chosen)
    dialog.open()


def show_history(
    window: MainWindow, notes: NotesService, autosaver: Autosaver, session_id: int
) -> None:
    """Show a session's saved revisions; restoring one reloads the session."""
    from balint_desktop.views.history_dialog import HistoryDialog
    from balint_desktop.views.labels import clock, long_date

    autosaver.flush()
    zone = dt.datetime.now().astimezone().tzinfo

    def describe(revision: Revision) -> str:
        saved = revision.saved_at.astimezone(zone)
        # Seconds: autosaves a minute apart must be told apart.
        return f"{long_date(saved.date())}, {clock(saved, seconds=True)}"

    dialog = HistoryDialog(
        notes.revisions(session_id), notes.template(session_id), describe, window
    )
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)

    def restore(revision_id: int) -> None:
        try:
            notes.restore_revision(session_id, revision_id)
        except VaultError as error:
            window.session_panel.error.emit(str(error))
            return
        window.session_panel.reload()

    dialog.restore_requested.connect(restore)
    dialog.open()


def show_settings(controller: AppController, changed: Callable[[], None]) -> None:
    """Show the settings; the backup folder is saved in the open vault (if any)."""
    from balint_desktop.views.settings_dialog import SettingsDialog

    vault = controller.vault
    last = vault.last_backup() if vault is not None else None
    folder = vault.backup_folder if vault is not None else None

    def save_folder(text: str) -> str | None:
        current = controller.vault
        if current is None:
            return None
        try:
            current.set_backup_folder(text or None)
        except VaultError as error:
            return str(error)
        controller.settings.backup_folder = str(current.backup_folder) if text else ""
        controller.sync_warning = sync_folders.warning(controller.vault_dir, current.backup_folder)
        return None

    dialog = SettingsDialog(
        controller.settings,
        controller.vault_dir,
        controller.main_window,
        last,
        backup_folder=folder,
        save_backup_folder=save_folder if vault is not None else None,
    )
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.changed.connect(changed)
    dialog.open()
