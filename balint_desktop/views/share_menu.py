"""The Share menu: co-leader exchange, redacted export and print, archives.

Every way plaintext or a copy of notes leaves the vault starts here, so the
main window only forwards its actions to this object.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from PySide6.QtCore import QObject, Slot
from PySide6.QtWidgets import QMainWindow, QWidget

from balint_desktop.app.notes import NotesService
from balint_desktop.core.errors import VaultError
from balint_desktop.views.archive_dialog import ArchiveDialog
from balint_desktop.views.co_leaders_dialog import CoLeadersDialog
from balint_desktop.views.export_dialog import ExportDialog
from balint_desktop.views.forms.ui_main_window import Ui_MainWindow
from balint_desktop.views.receive_exchange_dialog import ReceiveExchangeDialog
from balint_desktop.views.send_exchange_dialog import SendExchangeDialog
from balint_desktop.views.widgets import save_path
from balint_desktop.views.widgets.modal import opened, warn


class ShareMenu(QObject):
    """Opens the dialogs of the Share menu for the main window."""

    def __init__(
        self,
        ui: Ui_MainWindow,
        notes: NotesService,
        place: Callable[[], tuple[int | None, int | None]],
        today: Callable[[], dt.date],
        window: QMainWindow,
        flush: Callable[[], bool] = lambda: True,
    ) -> None:
        """Connect the Share menu's actions.

        Args:
            ui: the main window's form.
            notes: the open vault.
            place: returns the group and session shown.
            today: the leader's date.
            window: parent of the dialogs.
            flush: saves what was typed in the last second, so that every
                copy made from here holds it.
        """
        super().__init__(window)
        self._ui = ui
        self._notes = notes
        self._place = place
        self._today = today
        self._window = window
        self._flush = flush
        ui.coLeadersAction.triggered.connect(self.co_leaders)
        ui.sendExchangeAction.triggered.connect(self.send_to_co_leader)
        ui.receiveExchangeAction.triggered.connect(self.open_from_co_leader)
        ui.exportSessionAction.triggered.connect(self.export_or_print)
        ui.exportArchiveAction.triggered.connect(self.archive)

    def update_actions(self) -> None:
        """Enable what makes sense for the group and session shown."""
        group_id, _session_id = self._place()
        self._ui.sendExchangeAction.setEnabled(group_id is not None)
        self._ui.exportSessionAction.setEnabled(group_id is not None)

    # -- co-leader exchange (owner: exchange) ------------------------------

    @Slot()
    def co_leaders(self) -> QWidget:
        """Open the identity and co-leaders window."""
        return opened(CoLeadersDialog(self._notes, self._window))

    @Slot()
    def send_to_co_leader(self) -> QWidget | None:
        """Open the send-sessions window for the group shown."""
        self._flush()
        group_id, session_id = self._place()
        if group_id is None:
            return None
        dialog = SendExchangeDialog(self._notes, group_id, session_id, self._today(), self._window)
        return opened(dialog)

    @Slot()
    def open_from_co_leader(self) -> QWidget | None:
        """Ask for a co-leader's file, check it and show what it would add."""
        path = save_path.choose_open_path(
            self._window,
            self.tr("Open a file from a co-leader"),
            self.tr("Balint exchange (*.balintx);;All files (*)"),
        )
        if path is None:
            return None
        try:
            report = self._notes.vault.preview_exchange(path)
        except VaultError as error:  # refused: foreign, damaged, changed, not for you…
            return warn(self._window, str(error))
        return opened(ReceiveExchangeDialog(self._notes, path, report, self._window))

    # -- redacted export and print (owner: export) -------------------------

    @Slot()
    def export_or_print(self) -> QWidget | None:
        """Open the export-or-print window for the session or group shown."""
        self._flush()
        group_id, session_id = self._place()
        if group_id is None:
            return None
        dialog = ExportDialog(self._notes, group_id, session_id, self._today(), self._window)
        return opened(dialog)

    # -- passphrase-protected archive (owner: archive) ---------------------

    @Slot()
    def archive(self) -> QWidget:
        """Open the archive window, offering the group shown when one group is chosen."""
        self._flush()
        group_id, _session_id = self._place()
        return opened(ArchiveDialog(self._notes, group_id, self._today(), self._window))
