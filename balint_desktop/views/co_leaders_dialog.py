"""This vault's identity words and the co-leaders (Share ▸ Co-leaders and my identity…).

Adding a co-leader is the one step that decides who can send files in and
who files go out to, so their eight words are shown large before anything is
stored, and Add stays disabled until the leader says they read the words
with that person and they match.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, Slot
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QInputDialog,
    QLabel,
    QListWidgetItem,
    QWidget,
)

from balint_desktop.app.identity_file import write_identity
from balint_desktop.app.notes import NotesService
from balint_desktop.core.errors import VaultError
from balint_desktop.core.exchange import CoLeader
from balint_desktop.core.exchange_api import fingerprint_of
from balint_desktop.views import labels
from balint_desktop.views.forms.ui_co_leaders_dialog import Ui_CoLeadersDialog
from balint_desktop.views.widgets import save_path
from balint_desktop.views.widgets.confirm import confirm_destructive
from balint_desktop.views.widgets.identity_words import show_words

CO_LEADER_ROLE = Qt.ItemDataRole.UserRole
IDENTITY_SUFFIX = ".balintid"
#: An identity file is 73 bytes, its text form under 200 characters; read no more than this.
MAX_IDENTITY_READ = 4096


class CoLeadersDialog(QDialog):
    """The `coLeadersDialog`: your identity words, your co-leaders, and adding one."""

    def __init__(self, notes: NotesService, parent: QWidget | None = None) -> None:
        """Show this vault's identity and the co-leaders added so far."""
        super().__init__(parent)
        self.ui = Ui_CoLeadersDialog()
        self.ui.setupUi(self)
        self._notes = notes
        identity = notes.vault.identity()
        # Keep only the public half: the dialog has no use for the private keys.
        self._own_words = identity.fingerprint
        self._own_file = identity.public_bytes()
        self._own_text = identity.public.as_text()
        self._candidate: bytes | str | None = None
        show_words(self.ui.ownWordsLabel, self._own_words)
        for label in (self.ui.statusLabel, self.ui.errorLabel, self.ui.addErrorLabel):
            label.hide()
        ui = self.ui
        ui.saveIdentityButton.clicked.connect(self.save_identity)
        ui.copyIdentityButton.clicked.connect(self.copy_identity)
        ui.addButton.clicked.connect(self.start_adding)
        ui.removeButton.clicked.connect(self.remove)
        ui.renameButton.clicked.connect(self.rename)
        ui.coLeaderList.currentItemChanged.connect(self._update_list_buttons)
        ui.chooseFileButton.clicked.connect(self.choose_file)
        ui.pasteEdit.textChanged.connect(self._pasted)
        ui.nameEdit.textChanged.connect(self._update_add_button)
        ui.matchCheck.toggled.connect(self._update_add_button)
        ui.backButton.clicked.connect(self.back_to_list)
        ui.confirmAddButton.clicked.connect(self.add)
        ui.buttonBox.rejected.connect(self.reject)
        self.refresh()
        self._show_page(ui.listPage)

    # -- the list ------------------------------------------------------------

    def refresh(self, select: int | None = None) -> None:
        """Reload the co-leaders from the vault."""
        listing = self.ui.coLeaderList
        listing.clear()
        co_leaders = self._notes.vault.co_leaders()
        for co_leader in co_leaders:
            added = labels.short_date(co_leader.added_at.astimezone().date())
            item = QListWidgetItem(
                self.tr("%1 — %2 — added %3")
                .replace("%1", co_leader.name)
                .replace("%2", co_leader.fingerprint)
                .replace("%3", added)
            )
            item.setData(CO_LEADER_ROLE, co_leader)
            listing.addItem(item)
            if co_leader.id == select:
                listing.setCurrentItem(item)
        self.ui.emptyLabel.setVisible(not co_leaders)
        listing.setVisible(bool(co_leaders))
        self._update_list_buttons()

    def _chosen(self) -> CoLeader | None:
        item = self.ui.coLeaderList.currentItem()
        value = None if item is None else item.data(CO_LEADER_ROLE)
        return value if isinstance(value, CoLeader) else None

    @Slot()
    def _update_list_buttons(self) -> None:
        self.ui.removeButton.setEnabled(self._chosen() is not None)
        self.ui.renameButton.setEnabled(self._chosen() is not None)

    @Slot()
    def save_identity(self) -> None:
        """Ask where, then write this vault's public identity file."""
        path = save_path.choose_save_path(
            self,
            self.tr("Save my identity file"),
            "my-balint-identity" + IDENTITY_SUFFIX,
            self.tr("Balint identity (*.balintid)"),
        )
        if path is None:
            return
        try:
            write_identity(self._own_file, path)
        except OSError as error:
            self._show(self.ui.errorLabel, save_path.save_error(error))
            return
        self.ui.errorLabel.hide()
        self._show(
            self.ui.statusLabel,
            self.tr(
                "Saved as %1. Give it to your co-leader by email or USB stick (it holds "
                "nothing secret), then read your words to each other on a call."
            ).replace("%1", path.name),
        )

    @Slot()
    def copy_identity(self) -> None:
        """Put the one-line text form of this vault's identity on the clipboard (it is public)."""
        QApplication.clipboard().setText(self._own_text)
        self.ui.errorLabel.hide()
        self._show(
            self.ui.statusLabel,
            self.tr(
                "Copied. Paste it into a message to your co-leader (it holds nothing secret), "
                "then read your words to each other on a call."
            ),
        )

    @Slot()
    def rename(self) -> QInputDialog | None:
        """Ask for the name the chosen co-leader is shown by."""
        co_leader = self._chosen()
        if co_leader is None:
            return None
        ask = QInputDialog(self)
        ask.setObjectName("renameCoLeaderDialog")
        ask.setWindowTitle(self.tr("Rename co-leader"))
        ask.setLabelText(self.tr("Show this co-leader as:"))
        ask.setTextValue(co_leader.name)
        ask.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        ask.textValueSelected.connect(lambda name: self._rename(co_leader, name))
        ask.open()
        return ask

    def _rename(self, co_leader: CoLeader, name: str) -> None:
        try:
            self._notes.rename_co_leader(co_leader.id, name)
        except VaultError as error:
            self._show(self.ui.errorLabel, str(error))
            return
        self.ui.errorLabel.hide()
        self.refresh(select=co_leader.id)

    @Slot()
    def remove(self) -> None:
        """Ask, then forget the chosen co-leader and what they shared."""
        co_leader = self._chosen()
        if co_leader is None:
            return
        text = self.tr(
            "Remove %1 as a co-leader? Their shared reflections will be removed from this "
            "vault too, and files from them will no longer open. Your own notes stay as they are."
        ).replace("%1", co_leader.name)
        confirm_destructive(
            self,
            text,
            lambda: self._remove(co_leader),
            name="confirmRemoveCoLeader",
            action=self.tr("Remove"),
        )

    def _remove(self, co_leader: CoLeader) -> None:
        try:
            self._notes.remove_co_leader(co_leader.id)
        except VaultError as error:
            self._show(self.ui.errorLabel, str(error))
            return
        self.ui.errorLabel.hide()
        self.refresh()
        self._show(self.ui.statusLabel, self.tr("Removed %1.").replace("%1", co_leader.name))

    # -- adding --------------------------------------------------------------

    @Slot()
    def start_adding(self) -> None:
        """Show the add page, empty."""
        ui = self.ui
        self._candidate = None
        ui.pasteEdit.blockSignals(True)
        ui.pasteEdit.clear()
        ui.pasteEdit.blockSignals(False)
        ui.nameEdit.clear()
        ui.matchCheck.setChecked(False)
        ui.candidatePanel.hide()
        ui.addErrorLabel.hide()
        ui.errorLabel.hide()
        ui.statusLabel.hide()
        self._update_add_button()
        self._show_page(ui.addPage)
        ui.chooseFileButton.setFocus()

    @Slot()
    def back_to_list(self) -> None:
        """Leave the add page without adding."""
        self._candidate = None
        self._show_page(self.ui.listPage)
        self.ui.addButton.setFocus()

    @Slot()
    def choose_file(self) -> None:
        """Ask for the co-leader's identity file and show its words."""
        path = save_path.choose_open_path(
            self,
            self.tr("Choose your co-leader's identity file"),
            self.tr("Balint identity (*.balintid);;All files (*)"),
        )
        if path is None:
            return
        try:
            with Path(path).open("rb") as handle:
                data = handle.read(MAX_IDENTITY_READ)
        except OSError as error:
            reason = (error.strerror or "unknown error").lower()
            self._refuse(self.tr("The file could not be read (%1).").replace("%1", reason))
            return
        self.ui.pasteEdit.blockSignals(True)
        self.ui.pasteEdit.clear()
        self.ui.pasteEdit.blockSignals(False)
        self._consider(data)

    @Slot(str)
    def _pasted(self, text: str) -> None:
        if text.strip():
            self._consider(text)
        else:
            self._candidate = None
            self.ui.candidatePanel.hide()
            self.ui.addErrorLabel.hide()
            self._update_add_button()

    def _consider(self, data: bytes | str) -> None:
        """Show the words of a would-be co-leader, or say plainly why not."""
        try:
            words = fingerprint_of(data)
        except VaultError as error:
            self._refuse(str(error))
            return
        if words == self._own_words:
            self._refuse(self.tr("This is your own identity. Ask your co-leader for theirs."))
            return
        known = next((c for c in self._notes.vault.co_leaders() if c.fingerprint == words), None)
        if known is not None:
            self._refuse(
                self.tr("This identity is already one of your co-leaders (%1).").replace(
                    "%1", known.name
                )
            )
            return
        self._candidate = data
        show_words(self.ui.theirWordsLabel, words)
        self.ui.addErrorLabel.hide()
        self.ui.matchCheck.setChecked(False)
        self.ui.candidatePanel.show()
        self._update_add_button()
        self.ui.nameEdit.setFocus()

    def _refuse(self, message: str) -> None:
        self._candidate = None
        self.ui.candidatePanel.hide()
        self._show(self.ui.addErrorLabel, message)
        self._update_add_button()

    @Slot()
    def _update_add_button(self) -> None:
        name = " ".join(self.ui.nameEdit.text().split())
        shown = name.replace("&", "&&") if name else self.tr("my co-leader")
        self.ui.matchCheck.setText(
            self.tr("I read these words with %1 and they &match").replace("%1", shown)
        )
        ready = self._candidate is not None and bool(name) and self.ui.matchCheck.isChecked()
        self.ui.confirmAddButton.setEnabled(ready)
        if ready:
            why = ""
        elif self._candidate is None:
            why = self.tr("Choose their identity file, or paste its text, first.")
        elif not name:
            why = self.tr("Type the name you know them by.")
        else:
            why = self.tr("Read your words to each other, then tick that they match.")
        self.ui.confirmAddButton.setToolTip(why)
        self.ui.confirmAddButton.setAccessibleDescription(why)

    @Slot()
    def add(self) -> None:
        """Add the co-leader whose words were confirmed."""
        if self._candidate is None or not self.ui.confirmAddButton.isEnabled():
            return
        try:
            co_leader = self._notes.vault.add_co_leader(self._candidate, self.ui.nameEdit.text())
        except VaultError as error:
            self._show(self.ui.addErrorLabel, str(error))
            return
        self._candidate = None
        self._show_page(self.ui.listPage)
        self.refresh(select=co_leader.id)
        self._show(
            self.ui.statusLabel,
            self.tr(
                "Added %1. You can now send them sessions, and open the files they send you."
            ).replace("%1", co_leader.name),
        )
        self.ui.coLeaderList.setFocus()

    def _show_page(self, page: QWidget) -> None:
        # Two panels shown in turn rather than a QStackedWidget: a stack polishes its
        # pages before setupUi sets the labels' "kind" property, so the theme missed them.
        self.ui.listPage.setVisible(page is self.ui.listPage)
        self.ui.addPage.setVisible(page is self.ui.addPage)

    def _show(self, label: QLabel, message: str) -> None:
        label.setText(message)
        label.show()
