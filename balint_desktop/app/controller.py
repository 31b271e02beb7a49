"""The app's one controller: setup, unlock, the main window, lock, quit.

It alone holds the open `Vault`. Opening and creating run on a worker
thread (Argon2id takes about a second); everything else runs on the GUI
thread, which is the only thread that ever uses the vault's connection.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

import sqlcipher3
from PySide6.QtCore import QObject, Qt, QTimer, Signal, Slot
from PySide6.QtWidgets import QApplication, QWidget

from balint_desktop.app.autosave import Autosaver
from balint_desktop.app.clipboard_guard import ClipboardGuard
from balint_desktop.app.idle import IdleWatcher
from balint_desktop.app.index_tidy import TIDY_AFTER_MS, IndexTidier
from balint_desktop.app.main_window_setup import new_main_window
from balint_desktop.app.messages import backup_warning, os_message, retention_notice
from balint_desktop.app.notes import NotesService
from balint_desktop.app.os_lock import LockSignals, WindowsLockWatcher, create_lock_watcher
from balint_desktop.app.restore_flow import offer_restore
from balint_desktop.app.search_service import SearchService
from balint_desktop.app.settings import Settings
from balint_desktop.app.window_dialogs import offer_suggestions, show_history, show_settings
from balint_desktop.app.wipe import close_child_dialogs, wipe_everything, wipe_fields
from balint_desktop.app.workers import BackgroundOp
from balint_desktop.core import sync_folders
from balint_desktop.core.errors import VaultCorrupt, VaultError, VaultInUse, WrongPassphrase
from balint_desktop.core.vault import BACKUP_DIR, DB_NAME, KEY_NAME, Vault
from balint_desktop.crypto.kdf import KdfParams, calibrate

if TYPE_CHECKING:
    from balint_desktop.app.theme import Theme
    from balint_desktop.views.main_window import MainWindow
    from balint_desktop.views.setup_dialog import SetupDialog
    from balint_desktop.views.unlock_dialog import UnlockDialog

APP_TITLE = "Balint Desktop"


class AppController(QObject):
    """Moves the app between its states: setup → unlocked ⇄ locked → quit.

    Signals:
        unlocked: the vault is open and the main window shows it.
        locked: the vault is closed and every view emptied.
        failed: (message) creating or opening failed (the dialog says so too).
    """

    unlocked = Signal()
    locked = Signal()
    failed = Signal(str)

    def __init__(
        self,
        vault_dir: Path,
        settings: Settings,
        *,
        kdf: KdfParams | None = None,
        theme: Theme | None = None,
        clock: Callable[[], float] = time.time,
        today: Callable[[], dt.date] = dt.date.today,
        title: str = APP_TITLE,
        parent: QObject | None = None,
        lock_watcher: LockSignals | None = None,
    ) -> None:
        """Prepare the services; nothing is shown until `start()`.

        `lock_watcher` reports screen locks and suspends (tests pass a fake;
        by default the platform's watcher is set up just after start-up).
        """
        super().__init__(parent)
        self.vault_dir = vault_dir
        self.settings = settings
        self.title = title
        self._kdf = kdf
        self._theme = theme
        self._today = today
        self._vault: Vault | None = None
        self._place: tuple[int | None, int | None] = (None, None)
        #: How far down the session shown the leader had scrolled when it locked.
        self._reading_position = 0
        self._first_run = False
        self.notes = NotesService(self)
        self.search = SearchService(self)
        self.autosaver = Autosaver(self.notes.save_reflection, parent=self)
        self.idle = IdleWatcher(settings.idle_lock_minutes * 60, clock=clock, parent=self)
        self.idle.expired.connect(self.lock)
        self._index_tidier = IndexTidier(self.autosaver, lambda: self._vault, self)
        self.notes.damaged.connect(self._damaged, Qt.ConnectionType.QueuedConnection)
        app = QApplication.instance()
        if app is not None:
            app.installEventFilter(self.idle)
            # However the app ends, the vault is closed and the thread stopped.
            app.aboutToQuit.connect(self._final_shutdown)
        self.clipboard_guard: ClipboardGuard | None = None
        if isinstance(app, QApplication):
            self.clipboard_guard = ClipboardGuard(app.clipboard(), parent=self)
        self.setup_dialog: SetupDialog | None = None
        self.unlock_dialog: UnlockDialog | None = None
        self.main_window: MainWindow | None = None
        self.hint: str | None = None  # shown in the unlock dialog (demo only)
        #: A sync folder is a risk the leader should know of (THREAT-MODEL.md).
        self.sync_warning = sync_folders.warning(vault_dir, vault_dir / BACKUP_DIR)
        self.os_lock: LockSignals | None = None
        if lock_watcher is not None:
            self.watch_os_lock(lock_watcher)
        else:
            # After the first window is painted: connecting to D-Bus can wait.
            QTimer.singleShot(0, self, lambda: self.watch_os_lock(create_lock_watcher()))

    def watch_os_lock(self, watcher: LockSignals) -> None:
        """Lock whenever `watcher` says the computer locks or sleeps."""
        watcher.setParent(self)
        watcher.lock_now.connect(lambda _reason: self.lock())
        app = QApplication.instance()
        if isinstance(watcher, WindowsLockWatcher) and app is not None:  # pragma: no cover
            app.installNativeEventFilter(watcher.filter)
        self.os_lock = watcher

    # -- states -------------------------------------------------------------

    @property
    def vault(self) -> Vault | None:
        """Return the open vault (None while locked)."""
        return self._vault

    @property
    def is_unlocked(self) -> bool:
        """Return whether the vault is open."""
        return self._vault is not None

    def start(self) -> QWidget:
        """Show the setup window on first run, else the unlock window."""
        if (self.vault_dir / KEY_NAME).exists():
            return self._show_unlock()
        if (self.vault_dir / DB_NAME).exists():
            # Notes without their key file: not a first launch. Offer the
            # restore instead of a setup that could only fail.
            unlock = self._show_unlock()
            unlock.show_damaged(
                self.tr(
                    "The vault's key file is missing, so the notes cannot be opened. "
                    "Restore the latest backup."
                )
            )
            return unlock
        from balint_desktop.views.setup_dialog import SetupDialog

        dialog = SetupDialog(self.vault_dir)
        dialog.setWindowTitle(self.title)
        dialog.create_requested.connect(self.create)
        dialog.rejected.connect(self._quit_app)
        self.setup_dialog = dialog
        if self.sync_warning:
            dialog.show_error(self.sync_warning)
        dialog.show()
        return dialog

    def open_vault(self, vault: Vault) -> None:
        """Show an already open vault (the demo opens one itself)."""
        self._opened(vault)

    @Slot(str)
    def create(self, passphrase: str) -> None:
        """Create the vault off the GUI thread."""
        dialog = self.setup_dialog
        if dialog is not None:
            dialog.set_busy(True)
        folder, kdf = self.vault_dir, self._kdf
        BackgroundOp(self, lambda: Vault.create(folder, passphrase, kdf)).success(
            self._created
        ).failure(self._create_failed).run()

    @Slot(str)
    def unlock(self, passphrase: str) -> None:
        """Open the vault off the GUI thread."""
        dialog = self.unlock_dialog
        if dialog is not None:
            dialog.set_busy(True)
        folder = self.vault_dir
        upgrade = self._kdf is None  # the real app, not a test or the demo

        def open_vault() -> Vault:
            vault = Vault.open(folder, passphrase)
            if upgrade and vault.kdf.for_testing:
                # A key file made with test settings is cheap to guess: give
                # it real ones now that we know the passphrase (T2).
                try:
                    vault.change_passphrase(passphrase, passphrase, calibrate())
                except BaseException:
                    vault.close()
                    raise
            return vault

        BackgroundOp(self, open_vault).success(self._opened).failure(self._unlock_failed).run()

    @Slot()
    def lock(self) -> None:
        """Save, close the vault, drop the key, empty every view (T5)."""
        if self._vault is None:
            return
        # A failed save stays pending in memory and is retried on unlock;
        # whatever else goes wrong while saving, the lock must still happen.
        with contextlib.suppress(Exception):
            self.autosaver.flush()
        if self.clipboard_guard is not None:
            self.clipboard_guard.clear_now()
        window = self.main_window
        if window is not None:
            self._place = window.place()
            self._reading_position = window.session_panel.reading_position()
            close_child_dialogs(window)
            window.clear()
            window.hide()
        self._close_vault(backup=True)
        self._show_unlock()
        self.locked.emit()

    def _close_vault(self, backup: bool = False) -> None:
        """Stop searching, forget the vault, back it up if asked, close it, drop its key."""
        if backup and self._vault is not None:
            self._auto_backup(self._vault)
        vault, self._vault = self._vault, None
        self._index_tidier.stop()
        self.search.detach()
        self.notes.detach()
        self.idle.disarm()
        if vault is not None:
            vault.close()

    def shutdown(self, force: bool = False) -> bool:
        """Save and close everything.

        Args:
            force: close even if the last save failed (the app is ending anyway).

        Returns:
            False, with nothing closed, when unsaved text would be lost.
        """
        if not self.autosaver.flush() and not force:
            return False
        if self._vault is not None:
            self._auto_backup(self._vault)
        vault, self._vault = self._vault, None
        self.search.shutdown()
        self.notes.detach()
        self.idle.disarm()
        if vault is not None:
            vault.close()
        return True

    def _auto_backup(self, vault: Vault) -> None:
        """Back up after a change (or daily); a failure never stops a lock or quit."""
        # If it fails, the banner after the next unlock says the backup is old.
        with contextlib.suppress(VaultError):
            vault.auto_backup()

    @Slot(str)
    def _damaged(self, message: str) -> None:
        """Damage met while working: close the vault, show why, offer the restore."""
        if self._vault is None:
            return
        window = self.main_window
        if window is not None:
            self._place = (None, None)
            close_child_dialogs(window)
            window.clear()
            window.hide()
        self._close_vault()
        self._show_unlock().show_damaged(message)
        self.locked.emit()

    @Slot()
    def _final_shutdown(self) -> None:
        self.shutdown(force=True)

    # -- outcomes -----------------------------------------------------------

    def _created(self, vault: Vault) -> None:
        self._first_run = True
        dialog, self.setup_dialog = self.setup_dialog, None
        if dialog is not None:
            # The typed passphrase must not outlive the dialog, nor its undo history.
            dialog.set_busy(False)
            wipe_everything(dialog)
            dialog.hide()
            dialog.deleteLater()
        self._opened(vault)

    def _create_failed(self, error: BaseException) -> None:
        message = str(error) if isinstance(error, VaultError) else os_message(error)
        if self.setup_dialog is not None:
            self.setup_dialog.set_busy(False)
            self.setup_dialog.show_error(message)
        self.failed.emit(message)

    def _opened(self, vault: Vault) -> None:
        self._vault = vault
        try:
            self._show_opened(vault)
        except Exception as error:
            # A page damaged beyond page 1 surfaces here, on the first reads:
            # close everything again and say so, with the restore on offer.
            self._close_vault()
            window = self.main_window
            if window is not None:
                window.clear()
                window.hide()
            self._show_unlock()
            self._unlock_failed(error)

    def _show_opened(self, vault: Vault) -> None:
        self.notes.attach(vault)
        self.search.attach(vault.reader())
        if self.unlock_dialog is not None:
            self.unlock_dialog.set_busy(False)
            self.unlock_dialog.reset()
            wipe_fields(self.unlock_dialog)
            self.unlock_dialog.hide()
        window = self._ensure_main_window()
        group_id, session_id = self._place
        window.load(group_id, session_id)
        window.show()
        if session_id is not None:
            window.session_panel.return_to(self._reading_position)
        window.raise_()
        window.activateWindow()
        self.idle.arm()
        notices = [
            self.sync_warning,
            backup_warning(vault.last_backup(), vault.repository.latest_change()),
            retention_notice(vault.due_for_destruction(self._today())),
        ]
        window.show_banner("\n".join(n for n in notices if n) or None)
        if self.autosaver.has_pending():
            self.autosaver.flush()
        self.unlocked.emit()
        if self._first_run and not self.notes.groups():
            self._first_run = False
            offer_suggestions(window, self.notes)

    def _unlock_failed(self, error: BaseException) -> None:
        dialog = self.unlock_dialog
        if dialog is None:
            return
        dialog.set_busy(False)
        if isinstance(error, WrongPassphrase):
            dialog.show_wrong_passphrase()
        elif isinstance(error, VaultCorrupt):
            dialog.show_damaged(str(error))
        elif isinstance(error, sqlcipher3.DatabaseError):
            dialog.show_damaged(VaultCorrupt.default_message)
        elif isinstance(error, VaultInUse | VaultError):
            dialog.show_in_use(str(error))
        else:
            dialog.show_in_use(os_message(error))
        self.failed.emit(str(error) if isinstance(error, VaultError) else "")

    # -- windows ------------------------------------------------------------

    def _show_unlock(self) -> UnlockDialog:
        if self.unlock_dialog is None:
            from balint_desktop.views.unlock_dialog import UnlockDialog

            dialog = UnlockDialog(self.vault_dir)
            dialog.setWindowTitle(self.title)
            dialog.unlock_requested.connect(self.unlock)
            dialog.restore_requested.connect(self._offer_restore)
            dialog.rejected.connect(self._quit_app)
            self.unlock_dialog = dialog
        if self.hint:
            self.unlock_dialog.ui.passphraseEdit.setPlaceholderText(self.hint)
        self.unlock_dialog.show()
        self.unlock_dialog.raise_()
        self.unlock_dialog.activateWindow()
        return self.unlock_dialog

    def _ensure_main_window(self) -> MainWindow:
        if self.main_window is None:
            window = new_main_window(
                self.notes,
                self.search,
                self.autosaver,
                today=self._today,
                title=self.title,
                os_lock=self.os_lock,
                clipboard_guard=self.clipboard_guard,
                theme=self._theme,
            )
            window.lock_requested.connect(self.lock)
            window.settings_requested.connect(self._show_settings)
            window.restore_requested.connect(self._restore_from_menu)
            window.history_requested.connect(self._show_history)
            window.close_guard = self._may_close
            self.main_window = window
        return self.main_window

    @Slot(int)
    def _show_history(self, session_id: int) -> None:
        window = self.main_window
        if window is None or not self.notes.attached:
            return
        show_history(window, self.notes, self.autosaver, session_id)

    @Slot()
    def _show_settings(self) -> None:
        show_settings(self, self._settings_changed)

    @Slot()
    def _settings_changed(self) -> None:
        self.idle.set_limit(self.settings.idle_lock_minutes * 60)
        if self._theme is not None:
            self._theme.apply(self.settings.theme)

    @Slot()
    def _offer_restore(self) -> QWidget:
        """Show the backups to restore from (the damaged-vault message's button)."""
        return offer_restore(self)

    @Slot()
    def _restore_from_menu(self) -> None:
        """Restoring replaces the open vault's files: lock first, then choose."""
        self.lock()
        self._offer_restore()

    def _may_close(self) -> bool:
        if self.shutdown():
            return True
        window = self.main_window
        if window is not None:
            window.session_panel.error.emit(
                self.tr(
                    "Your latest changes could not be saved, so Balint Desktop stays open. "
                    "Free some disk space, then quit again."
                )
            )
        return False

    @Slot()
    def _quit_app(self) -> None:
        if not self.is_unlocked:
            self.search.shutdown()
            app = QApplication.instance()
            if app is not None:
                app.quit()


__all__ = [
    "APP_TITLE",
    "TIDY_AFTER_MS",
    "AppController",
    "backup_warning",
    "retention_notice",
    "wipe_everything",
    "wipe_fields",
]
