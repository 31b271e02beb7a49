"""The main window: groups, their sessions, the session, and search.

It composes three small panels and owns the actions; it never touches the
vault itself, only the app layer's services.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtGui import QCloseEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QLabel,
    QLineEdit,
    QListWidgetItem,
    QMainWindow,
    QMessageBox,
    QSizePolicy,
    QToolButton,
    QWidget,
)

from balint_desktop.app.autosave import Autosaver
from balint_desktop.app.notes import NotesService
from balint_desktop.app.search_service import SearchService
from balint_desktop.core.errors import VaultError
from balint_desktop.search.parse import HELP as SEARCH_HELP
from balint_desktop.views import labels
from balint_desktop.views.about_dialog import AboutDialog
from balint_desktop.views.forms.ui_main_window import Ui_MainWindow
from balint_desktop.views.group_dialog import GroupDialog
from balint_desktop.views.leadership_dialog import LeadershipDialog
from balint_desktop.views.practice_panel import PracticePanel
from balint_desktop.views.search_panel import SearchPanel
from balint_desktop.views.session_dialog import SessionDialog
from balint_desktop.views.session_panel import SessionPanel
from balint_desktop.views.share_menu import ShareMenu
from balint_desktop.views.widgets.confirm import confirm_destructive
from balint_desktop.views.widgets.modal import opened, preformatted, warn

ID_ROLE = Qt.ItemDataRole.UserRole


class MainWindow(QMainWindow):
    """The `mainWindow`.

    Signals:
        lock_requested: Ctrl+L or the Lock button.
        settings_requested: the Settings action.
        restore_requested: File ▸ Restore from a backup.
        history_requested: (session_id) the History action.
        quit_requested: the window is closing or Quit was chosen.
    """

    lock_requested = Signal()
    settings_requested = Signal()
    restore_requested = Signal()
    history_requested = Signal(int)
    quit_requested = Signal()

    def __init__(
        self,
        notes: NotesService,
        search: SearchService,
        autosaver: Autosaver,
        today: Callable[[], dt.date] = dt.date.today,
        title: str | None = None,
        parent: QWidget | None = None,
    ) -> None:
        """Build the window; call `load()` once the vault is unlocked."""
        super().__init__(parent)
        self.ui = Ui_MainWindow()
        self.ui.setupUi(self)
        # Group names are the leader's text: never read as markup.
        self.ui.sessionsHeading.setTextFormat(Qt.TextFormat.PlainText)
        self.ui.sessionTitleLabel.setWordWrap(True)
        self.ui.bannerLabel.setProperty("kind", "warning")
        self.ui.sessionTitleLabel.setSizePolicy(
            QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred
        )
        self._notes = notes
        self._today = today
        #: Asked before the window closes; False keeps it open (unsaved text).
        self.close_guard: Callable[[], bool] | None = None
        if title:
            self.setWindowTitle(title)
        self.search_edit = QLineEdit(self)
        self.search_edit.setObjectName("searchEdit")
        self.search_edit.setPlaceholderText(self.tr("Search all notes  (Ctrl+F)"))
        self.search_edit.setAccessibleName(self.tr("Search all notes"))
        self.search_edit.setClearButtonEnabled(True)
        self.search_edit.setMaximumWidth(420)
        spacer = QWidget(self)
        spacer.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        self.ui.mainToolBar.addWidget(spacer)
        self.ui.mainToolBar.addWidget(self.search_edit)
        self.search_help = QToolButton(self)
        self.search_help.setObjectName("searchHelpButton")
        self.search_help.setText("?")
        self.search_help.setToolTip(self.tr("How to search (F1 in the search box)"))
        self.search_help.setAccessibleName(self.tr("How to search"))
        self.ui.mainToolBar.addWidget(self.search_help)
        self.ui.mainToolBar.addAction(self.ui.lockAction)
        self.save_status = QLabel(self)
        self.save_status.setObjectName("saveStatusLabel")
        self.save_status.setAccessibleName(self.tr("Save status"))
        self.ui.statusBar.addPermanentWidget(self.save_status)
        self.ui.mainSplitter.setSizes([220, 300, 680])
        self.ui.mainSplitter.setStretchFactor(2, 1)

        self.session_panel = SessionPanel(self.ui, self.save_status, notes, autosaver)
        self.search_panel = SearchPanel(self.ui, self.search_edit, search)
        self.practice_panel = PracticePanel(self.ui, notes, today, self)
        self.share_menu = ShareMenu(self.ui, notes, self.place, today, self, autosaver.flush)
        self._connect()

    def _connect(self) -> None:
        ui = self.ui
        ui.newGroupAction.triggered.connect(self.new_group)
        ui.addGroupButton.clicked.connect(self.new_group)
        ui.newSessionAction.triggered.connect(self.new_session)
        ui.addSessionButton.clicked.connect(self.new_session)
        ui.editGroupAction.triggered.connect(self.edit_group)
        ui.editSessionAction.triggered.connect(self.edit_session)
        ui.editSessionButton.clicked.connect(self.edit_session)
        ui.historyAction.triggered.connect(self._history)
        ui.historyButton.clicked.connect(self._history)
        ui.lockAction.triggered.connect(self.lock_requested)
        ui.settingsAction.triggered.connect(self.settings_requested)
        ui.restoreAction.triggered.connect(self.restore_requested)
        ui.leadershipAction.triggered.connect(self.show_leadership)
        ui.quitAction.triggered.connect(self.close)
        ui.findAction.triggered.connect(self.focus_search)
        self.search_help.clicked.connect(self.show_search_help)
        help_shortcut = QShortcut(
            QKeySequence(QKeySequence.StandardKey.HelpContents), self.search_edit
        )
        help_shortcut.setContext(Qt.ShortcutContext.WidgetShortcut)
        help_shortcut.activated.connect(self.show_search_help)
        ui.findAction.setShortcut(QKeySequence(QKeySequence.StandardKey.Find))
        ui.groupList.currentItemChanged.connect(self._group_chosen)
        # Choosing a group means "show me its sessions": leave any search.
        ui.groupList.itemClicked.connect(lambda _item: self.search_panel.end_search())
        ui.sessionList.currentItemChanged.connect(self._session_chosen)
        self._notes.groups_changed.connect(self._reload_groups)
        self._notes.sessions_changed.connect(self._reload_sessions)
        self.search_panel.opened.connect(self.open_hit)
        self.search_panel.active_changed.connect(self._search_active)
        self.session_panel.error.connect(self._show_error)
        self.session_panel.session_shown.connect(self.practice_panel.show_session)
        self.practice_panel.error.connect(self._show_error)
        self.practice_panel.open_session.connect(self.open_session)
        ui.membersAction.triggered.connect(self.edit_members)
        ui.templateAction.triggered.connect(self.edit_template)
        ui.deleteSessionAction.triggered.connect(self.delete_session)
        ui.deleteGroupAction.triggered.connect(self.delete_group)
        ui.destroyNotesAction.triggered.connect(self.destroy_notes)
        ui.aboutAction.triggered.connect(lambda: opened(AboutDialog(self)))

    # -- loading and clearing ---------------------------------------------

    def load(self, group_id: int | None = None, session_id: int | None = None) -> None:
        """Fill the lists from the vault and go to a place (after unlocking)."""
        self._reload_groups(select=group_id)
        if session_id is not None:
            self._select(self.ui.sessionList, session_id)
        self._update_actions()

    def clear(self) -> None:
        """Empty every list, editor and field, with their undo history (lock)."""
        self.show_banner(None)
        self.session_panel.clear()
        self.practice_panel.clear()
        self.search_panel.clear()
        for widget in (self.ui.groupList, self.ui.sessionList):
            widget.blockSignals(True)
            widget.clear()
            widget.blockSignals(False)
        self.ui.sessionsHeading.setText(self.tr("Sessions"))
        self.ui.middleStack.setCurrentWidget(self.ui.sessionsPage)
        self._update_actions()

    def show_banner(self, message: str | None) -> None:
        """Show a notice above the panes (None hides it)."""
        self.ui.bannerLabel.setText(message or "")
        self.ui.bannerFrame.setVisible(bool(message))

    def place(self) -> tuple[int | None, int | None]:
        """Return the group and session shown, to come back to after unlocking."""
        return self.current_group_id(), self.session_panel.session_id

    def current_group_id(self) -> int | None:
        """Return the selected group's id."""
        item = self.ui.groupList.currentItem()
        return None if item is None else int(item.data(ID_ROLE))

    # -- actions ----------------------------------------------------------

    @Slot()
    def focus_search(self) -> None:
        """Put the cursor in the search box (Ctrl+F)."""
        self.search_edit.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search_edit.selectAll()

    @Slot()
    def show_search_help(self) -> QMessageBox:
        """Explain the search language in a small window."""
        return preformatted(self, "searchHelp", SEARCH_HELP)

    @Slot()
    def show_leadership(self) -> LeadershipDialog:
        """Open the leadership log."""
        dialog = LeadershipDialog(self._notes, self._today(), self)
        return opened(dialog)

    @Slot()
    def new_group(self) -> GroupDialog:
        """Open the new-group dialog."""
        dialog = GroupDialog(self._save_new_group, None, self)
        return opened(dialog)

    @Slot()
    def edit_group(self) -> GroupDialog | None:
        """Open the settings of the selected group."""
        group_id = self.current_group_id()
        if group_id is None:
            return None
        group = self._notes.group(group_id)
        dialog = GroupDialog(
            lambda name, fields: self._save_group(group_id, name, fields), group, self
        )
        return opened(dialog)

    @Slot()
    def edit_members(self) -> QWidget | None:
        """Open the roster of the selected group."""
        group_id = self.current_group_id()
        return None if group_id is None else self.practice_panel.edit_members(group_id)

    @Slot()
    def edit_template(self) -> QWidget | None:
        """Open the reflection template of the selected group."""
        group_id = self.current_group_id()
        return None if group_id is None else self.practice_panel.edit_template(group_id)

    @Slot()
    def delete_session(self) -> QMessageBox | None:
        """Ask, then delete the shown session with its reflection and history."""
        session_id = self.session_panel.session_id
        if session_id is None:
            return None
        when = labels.long_date(self._notes.session(session_id).held_on)
        text = self.tr(
            "Delete the session of %1, with its reflection, its history, attendance "
            "and cases? This cannot be undone; the words are removed from search too."
        ).replace("%1", when)
        return self._confirm(text, lambda: self._notes.delete_session(session_id))

    @Slot()
    def delete_group(self) -> QMessageBox | None:
        """Ask, then delete the selected group with every session in it."""
        group_id = self.current_group_id()
        if group_id is None:
            return None
        count = len(self._notes.sessions(group_id))
        text = self.tr(
            "Delete this group with its %1 session(s), their reflections, members, "
            "attendance and cases? This cannot be undone."
        ).replace("%1", str(count))
        return self._confirm(text, lambda: self._notes.delete_group(group_id))

    @Slot()
    def destroy_notes(self) -> QMessageBox | None:
        """Ask, then destroy the reflections of the selected group (retention)."""
        group_id = self.current_group_id()
        if group_id is None:
            return None
        text = self.tr(
            "Destroy every reflection, its history and the case details of this group? "
            "Session dates, attendance and members stay, for your records. This cannot "
            "be undone; a note of when it was done (without any content) is kept."
        )

        def destroy() -> None:
            self._notes.destroy_notes(group_id)
            self.session_panel.reload()

        return self._confirm(text, destroy)

    def _confirm(self, text: str, action: Callable[[], None]) -> QMessageBox:
        def run() -> None:
            error = self._call(action)
            if error is not None:
                self._show_error(error)

        return confirm_destructive(self, text, run)

    @Slot()
    def new_session(self) -> SessionDialog | None:
        """Open the new-session dialog for the selected group."""
        group_id = self.current_group_id()
        if group_id is None:
            self.new_group()
            return None
        group = self._notes.group(group_id)

        def save(day: dt.date, fields: dict[str, Any]) -> str | None:
            return self._call(
                lambda: self._open_new(self._notes.add_session(group_id, day, **fields))
            )

        dialog = SessionDialog(save, group, None, self._today(), self)
        return opened(dialog)

    @Slot()
    def edit_session(self) -> SessionDialog | None:
        """Open the details of the shown session."""
        session_id = self.session_panel.session_id
        if session_id is None:
            return None
        session = self._notes.session(session_id)
        group = self._notes.group(session.group_id)

        def save(day: dt.date, fields: dict[str, Any]) -> str | None:
            return self._call(lambda: self._notes.update_session(session_id, day, **fields))

        dialog = SessionDialog(save, group, session, self._today(), self)
        dialog.finished.connect(lambda _result: self.session_panel.refresh_header())
        return opened(dialog)

    @Slot(int)
    def open_session(self, session_id: int) -> None:
        """Go to a session: its group, the session in the list, the session shown."""
        self.search_panel.end_search()
        self._select(self.ui.groupList, self._notes.session(session_id).group_id)
        self._select(self.ui.sessionList, session_id)
        self.session_panel.show_session(session_id)

    @Slot(int, int, str, list)
    def open_hit(self, session_id: int, group_id: int, section: str, terms: list[str]) -> None:
        """Open a search hit's session with the hit highlighted and in view."""
        self._select(self.ui.groupList, group_id)
        self._select(self.ui.sessionList, session_id)
        self.session_panel.show_session(session_id)
        self.session_panel.highlight(section, terms)

    def closeEvent(self, event: QCloseEvent) -> None:
        """Save and close the vault first; stay open if text could not be saved."""
        if self.isVisible() and self.close_guard is not None and not self.close_guard():
            event.ignore()
            return
        self.quit_requested.emit()
        super().closeEvent(event)

    # -- internals ----------------------------------------------------------

    def _save_new_group(self, name: str, fields: dict[str, Any]) -> str | None:
        def create() -> None:
            group = self._notes.add_group(name, **fields)
            self._select(self.ui.groupList, group.id)

        return self._call(create)

    def _save_group(self, group_id: int, name: str, fields: dict[str, Any]) -> str | None:
        return self._call(lambda: self._notes.update_group(group_id, name=name, **fields))

    def _open_new(self, session: Any) -> None:
        self._select(self.ui.sessionList, session.id)
        self.session_panel.editor.focus_first()

    @staticmethod
    def _call(action: Callable[[], object]) -> str | None:
        try:
            action()
        except VaultError as error:
            return str(error)
        return None

    def _reload_groups(self, select: int | None = None) -> None:
        keep = select if select is not None else self.current_group_id()
        try:
            groups = self._notes.groups()
        except VaultError as error:
            self._show_error(str(error))
            return
        listing = self.ui.groupList
        listing.blockSignals(True)
        listing.clear()
        for group in groups:
            item = QListWidgetItem(group.name)  # list items are always plain text
            item.setData(ID_ROLE, group.id)
            listing.addItem(item)
        listing.blockSignals(False)
        self.search_panel.set_groups(groups, self._today())
        if groups:
            self._select(listing, keep if keep is not None else groups[0].id)
            if listing.currentItem() is None:
                listing.setCurrentRow(0)
        else:
            self._group_chosen(None)
        self.ui.emptyLabel.setText(self.session_panel.empty_text(has_groups=bool(groups)))
        self._update_actions()

    def _reload_sessions(self, group_id: int | None = None) -> None:
        current = self.current_group_id()
        if group_id is not None and group_id != current:
            return
        keep = self.session_panel.session_id
        listing = self.ui.sessionList
        listing.blockSignals(True)
        listing.clear()
        if current is not None:
            for session in self._notes.sessions(current):
                text = labels.short_date(session.held_on)
                if session.status != "held":
                    text += f" · {labels.label_for(labels.statuses(), session.status)}"
                item = QListWidgetItem(text)
                item.setData(ID_ROLE, session.id)
                item.setData(Qt.ItemDataRole.AccessibleTextRole, labels.long_date(session.held_on))
                listing.addItem(item)
        listing.blockSignals(False)
        if keep is not None:
            self._select(listing, keep)
        if listing.currentItem() is None:
            # The session shown is gone (deleted): show the newest, or none.
            if listing.count():
                listing.setCurrentRow(0)
            else:
                self.session_panel.show_session(None)
        self._update_actions()

    @Slot(QListWidgetItem, QListWidgetItem)
    def _group_chosen(self, item: QListWidgetItem | None, _previous: Any = None) -> None:
        if item is None:
            self.ui.sessionsHeading.setText(self.tr("Sessions"))
            self.ui.sessionList.clear()
            self.session_panel.show_session(None)
        else:
            self.ui.sessionsHeading.setText(self.tr("Sessions of %1").replace("%1", item.text()))
            self._reload_sessions()
            if self.ui.sessionList.currentItem() is None:
                if self.ui.sessionList.count():
                    self.ui.sessionList.setCurrentRow(0)  # the newest session
                else:
                    self.session_panel.show_session(None)
        self._update_actions()

    @Slot(QListWidgetItem, QListWidgetItem)
    def _session_chosen(self, item: QListWidgetItem | None, _previous: Any = None) -> None:
        self.session_panel.show_session(None if item is None else int(item.data(ID_ROLE)))
        self._update_actions()

    @Slot(bool)
    def _search_active(self, active: bool) -> None:
        page = self.ui.searchPage if active else self.ui.sessionsPage
        self.ui.middleStack.setCurrentWidget(page)

    @Slot()
    def _history(self) -> None:
        if self.session_panel.session_id is not None:
            self.history_requested.emit(self.session_panel.session_id)

    def _update_actions(self) -> None:
        has_group = self.ui.groupList.currentItem() is not None
        has_session = self.session_panel.session_id is not None
        for action in (
            self.ui.newSessionAction,
            self.ui.editGroupAction,
            self.ui.membersAction,
            self.ui.templateAction,
        ):
            action.setEnabled(has_group)
        self.ui.addSessionButton.setEnabled(has_group)
        self.ui.deleteGroupAction.setEnabled(has_group)
        self.ui.destroyNotesAction.setEnabled(has_group)
        for action in (
            self.ui.editSessionAction,
            self.ui.historyAction,
            self.ui.deleteSessionAction,
        ):
            action.setEnabled(has_session)
        self.share_menu.update_actions()

    @staticmethod
    def _select(listing: Any, item_id: int) -> None:
        for row in range(listing.count()):
            if listing.item(row).data(ID_ROLE) == item_id:
                listing.setCurrentRow(row)
                return

    @Slot(str)
    def _show_error(self, message: str) -> None:
        warn(self, message)
