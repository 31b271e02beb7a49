"""Send sessions to a co-leader (Share ▸ Send sessions to a co-leader…).

The file leaves the computer, so the steps are: tick the sessions, let the
de-identification guard look at exactly the text that would be sent (it says
which kinds it found in which session, never the text; go back or send
anyway), then choose where to save. Nothing is written before the path is
chosen. The file is encrypted to the one co-leader chosen and signed by this
vault, so it may travel by email or USB stick.
"""

from __future__ import annotations

import datetime as dt
import html

from PySide6.QtCore import Qt, Slot
from PySide6.QtWidgets import QDialog, QLabel, QListWidgetItem, QWidget

from balint_desktop.app.notes import NotesService
from balint_desktop.core.deidentify import find_identifiers
from balint_desktop.core.errors import VaultError
from balint_desktop.views import labels
from balint_desktop.views.co_leaders_dialog import CoLeadersDialog
from balint_desktop.views.forms.ui_send_exchange_dialog import Ui_SendExchangeDialog
from balint_desktop.views.widgets import identifier_words, save_path
from balint_desktop.views.widgets.modal import opened

SESSION_ROLE = Qt.ItemDataRole.UserRole
EXCHANGE_SUFFIX = ".balintx"


class SendExchangeDialog(QDialog):
    """The `sendExchangeDialog`: a co-leader, the group's sessions, then the file."""

    def __init__(
        self,
        notes: NotesService,
        group_id: int,
        session_id: int | None,
        today: dt.date,
        parent: QWidget | None = None,
    ) -> None:
        """Offer the sessions of `group_id`, with `session_id` (the one shown) ticked."""
        super().__init__(parent)
        self.ui = Ui_SendExchangeDialog()
        self.ui.setupUi(self)
        self._notes = notes
        self._group_id = group_id
        self._today = today
        self._pending: list[int] = []
        self._shareable = False
        group = notes.group(group_id)
        self.ui.headingLabel.setText(
            "<h3>"
            + self.tr("Send sessions of %1 to a co-leader").replace("%1", html.escape(group.name))
            + "</h3>"
        )
        for label in (self.ui.errorLabel, self.ui.doneLabel):
            label.hide()
        self.ui.guardPanel.hide()
        self._fill_sessions(session_id)
        ui = self.ui
        ui.coLeaderCombo.currentIndexChanged.connect(self._update_privacy)
        ui.sessionList.itemChanged.connect(self._ticks_changed)
        ui.openCoLeadersButton.clicked.connect(self.open_co_leaders)
        ui.sendButton.clicked.connect(self.send)
        ui.goBackButton.clicked.connect(self.go_back)
        ui.sendAnywayButton.clicked.connect(self.send_anyway)
        ui.buttonBox.rejected.connect(self.reject)
        self.reload_co_leaders()

    # -- what can be sent ----------------------------------------------------

    def _fill_sessions(self, shown: int | None) -> None:
        listing = self.ui.sessionList
        for session in self._notes.sessions(self._group_id):
            day = labels.long_date(session.held_on)
            titles = [section.title for section in self._notes.vault.shared_sections(session.id)]
            item = QListWidgetItem()
            item.setData(SESSION_ROLE, session.id)
            if titles:
                count = (
                    self.tr("1 shared section")
                    if len(titles) == 1
                    else self.tr("%1 shared sections").replace("%1", str(len(titles)))
                )
                item.setText(f"{day} — {count}")
                item.setToolTip(self.tr("Would send: %1").replace("%1", ", ".join(titles)))
                item.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsUserCheckable)
                ticked = session.id == shown
                item.setCheckState(Qt.CheckState.Checked if ticked else Qt.CheckState.Unchecked)
            else:
                item.setText(self.tr("%1 — nothing to share yet").replace("%1", day))
                item.setFlags(Qt.ItemFlag.ItemIsUserCheckable)  # shown, but disabled
                item.setCheckState(Qt.CheckState.Unchecked)
                item.setToolTip(
                    self.tr(
                        "Nothing to share yet: only the shared sections of a reflection are "
                        "sent, never your private responses."
                    )
                )
            listing.addItem(item)
            if session.id == shown:
                listing.setCurrentItem(item)
        self._shareable = any(
            listing.item(row).flags() & Qt.ItemFlag.ItemIsEnabled for row in range(listing.count())
        )
        if not listing.count():
            empty = QListWidgetItem(self.tr("This group has no sessions yet."))
            empty.setFlags(Qt.ItemFlag.NoItemFlags)
            listing.addItem(empty)
        elif not self._shareable:
            self._show(
                self.ui.errorLabel,
                self.tr(
                    "None of these sessions has shared reflections yet. Write them up "
                    "first; your private responses are never sent."
                ),
            )
        if listing.currentItem() is None and listing.count():
            listing.setCurrentRow(0)

    def ticked(self) -> list[int]:
        """Return the ids of the ticked sessions, newest first."""
        listing = self.ui.sessionList
        return [
            int(item.data(SESSION_ROLE))
            for item in (listing.item(row) for row in range(listing.count()))
            if item.checkState() == Qt.CheckState.Checked
        ]

    @Slot()
    def reload_co_leaders(self) -> None:
        """Fill the co-leader list (again, after the co-leaders window closes)."""
        combo = self.ui.coLeaderCombo
        chosen = combo.currentData()
        combo.blockSignals(True)
        combo.clear()
        for co_leader in self._notes.vault.co_leaders():
            combo.addItem(co_leader.name, co_leader.id)
        index = combo.findData(chosen)
        combo.setCurrentIndex(max(index, 0))
        combo.blockSignals(False)
        has_any = combo.count() > 0
        self.ui.noCoLeaderPanel.setVisible(not has_any)
        self.ui.sendPanel.setVisible(has_any)
        self.ui.sendButton.setEnabled(has_any and self._shareable)
        self._update_privacy()
        (self.ui.sessionList if has_any else self.ui.openCoLeadersButton).setFocus()

    @Slot()
    def _update_privacy(self) -> None:
        name = self.ui.coLeaderCombo.currentText()
        self.ui.privacyLabel.setText(
            self.tr("Your private responses are never sent. Only %1 can open the file.").replace(
                "%1", name
            )
        )

    @Slot()
    def _ticks_changed(self) -> None:
        # What the guard looked at is no longer what would be sent.
        if self.ui.guardPanel.isVisible():
            self.go_back()

    @Slot()
    def open_co_leaders(self) -> CoLeadersDialog:
        """Open the co-leaders window on top; come back to a fresh list."""
        dialog = CoLeadersDialog(self._notes, self)
        dialog.finished.connect(self.reload_co_leaders)
        return opened(dialog)

    # -- sending -------------------------------------------------------------

    @Slot()
    def send(self) -> None:
        """Check the text that would be sent, then ask where to save the file."""
        self.ui.doneLabel.hide()
        ids = self.ticked()
        if self.ui.coLeaderCombo.currentData() is None:
            self._show(self.ui.errorLabel, self.tr("Add your co-leader first."))
            return
        if not ids:
            self._show(self.ui.errorLabel, self.tr("Tick at least one session to send."))
            return
        self.ui.errorLabel.hide()
        findings = self._findings(ids)
        if findings:
            self._pending = ids
            self.ui.guardLabel.setText(
                self.tr(
                    "Before you send: the de-identification guard found what may identify "
                    "someone.\n%1\nUntick the session, or close this window and edit it, "
                    "or send anyway."
                ).replace("%1", "\n".join(f"• {line}" for line in findings))
            )
            self.ui.guardPanel.show()
            self.ui.sendButton.setEnabled(False)
            self.ui.goBackButton.setFocus()
            return
        self._write(ids)

    @Slot()
    def go_back(self) -> None:
        """Leave the guard's notice without sending."""
        self._pending = []
        self.ui.guardPanel.hide()
        self.ui.sendButton.setEnabled(True)
        self.ui.sessionList.setFocus()

    @Slot()
    def send_anyway(self) -> None:
        """The leader read the guard's notice and sends all the same."""
        ids = self._pending
        self.go_back()
        if ids:
            self._write(ids)

    def _findings(self, ids: list[int]) -> list[str]:
        """Return "date, section: kinds" for each shared section the guard flags."""
        vault = self._notes.vault
        names = [member.pseudonym for member in vault.members(self._group_id)]
        lines = []
        for session_id in sorted(ids, key=lambda i: vault.session(i).starts_at):
            others = [p.other_pseudonym for p in vault.presentations(session_id)]
            day = labels.short_date(vault.session(session_id).held_on)
            for section in vault.shared_sections(session_id):
                spans = find_identifiers(
                    section.body, names, pseudonyms=[p for p in others if p], today=self._today
                )
                kinds = dict.fromkeys(identifier_words.with_article(s.kind) for s in spans)
                if kinds:
                    lines.append(f"{day}, {section.title}: {', '.join(kinds)}")
        return lines

    def _write(self, ids: list[int]) -> None:
        co_leader_id = self.ui.coLeaderCombo.currentData()
        name = self.ui.coLeaderCombo.currentText()
        path = save_path.choose_save_path(
            self,
            # Window titles never name a person (they show in task switchers).
            self.tr("Save the file for your co-leader"),
            f"balint-exchange-{self._today.isoformat()}{EXCHANGE_SUFFIX}",
            self.tr("Balint exchange (*.balintx)"),
        )
        if path is None:
            return
        try:
            written = self._notes.vault.export_exchange(int(co_leader_id), ids, path)
        except VaultError as error:
            self._show(self.ui.errorLabel, str(error))
            return
        self.ui.errorLabel.hide()
        self._show(
            self.ui.doneLabel,
            self.tr(
                "Saved as %1. You can send it by email or on a USB stick: it is encrypted, "
                "and only %2 can open it."
            )
            .replace("%1", written.name)
            .replace("%2", name),
        )

    def _show(self, label: QLabel, message: str) -> None:
        label.setText(message)
        label.show()
