"""A group's members: initials or codes, profession, when they joined and left."""

from __future__ import annotations

import datetime as dt
import html

from PySide6.QtCore import Qt, Slot
from PySide6.QtWidgets import QDialog, QListWidgetItem, QWidget

from balint_desktop.app.notes import NotesService
from balint_desktop.core.errors import VaultError
from balint_desktop.core.models import Member
from balint_desktop.views import labels
from balint_desktop.views.cpd_dialog import CpdDialog
from balint_desktop.views.forms.ui_roster_dialog import Ui_RosterDialog
from balint_desktop.views.widgets.modal import opened

MEMBER_ROLE = Qt.ItemDataRole.UserRole


class RosterDialog(QDialog):
    """The `rosterDialog`: pick a member on the left, edit on the right."""

    def __init__(
        self, notes: NotesService, group_id: int, today: dt.date, parent: QWidget | None = None
    ) -> None:
        """List the group's members."""
        super().__init__(parent)
        self.ui = Ui_RosterDialog()
        self.ui.setupUi(self)
        self._notes = notes
        self._group_id = group_id
        self._today = today
        group = notes.group(group_id)
        self.ui.headingLabel.setText(
            "<h3>" + self.tr("Members of %1").replace("%1", html.escape(group.name)) + "</h3>"
        )
        self.ui.errorLabel.hide()
        self.ui.joinedCheck.toggled.connect(self.ui.joinedEdit.setEnabled)
        self.ui.leftCheck.toggled.connect(self.ui.leftEdit.setEnabled)
        self.ui.memberList.currentItemChanged.connect(self._show_member)
        self.ui.newMemberButton.clicked.connect(self.new_member)
        self.ui.saveMemberButton.clicked.connect(self.save_member)
        self.ui.cpdButton.clicked.connect(self.show_cpd)
        self.ui.pseudonymEdit.returnPressed.connect(self.save_member)
        self.ui.buttonBox.rejected.connect(self.reject)
        self._reload()
        self.new_member()

    @Slot()
    def new_member(self) -> None:
        """Clear the form for a new member joining today."""
        self.ui.memberList.setCurrentItem(None)
        self._fill(None)
        self.ui.pseudonymEdit.setFocus()

    @Slot()
    def save_member(self) -> None:
        """Add the member in the form, or save changes to the chosen one."""
        fields = {
            "profession": self.ui.professionEdit.text().strip(),
            "joined_on": labels.to_date(self.ui.joinedEdit.date())
            if self.ui.joinedCheck.isChecked()
            else None,
        }
        chosen = self._chosen()
        try:
            if chosen is None:
                member = self._notes.add_member(
                    self._group_id, self.ui.pseudonymEdit.text(), **fields
                )
            else:
                left = (
                    labels.to_date(self.ui.leftEdit.date())
                    if self.ui.leftCheck.isChecked()
                    else None
                )
                member = self._notes.update_member(
                    chosen.id, pseudonym=self.ui.pseudonymEdit.text(), left_on=left, **fields
                )
        except VaultError as error:
            self.ui.errorLabel.setText(str(error))
            self.ui.errorLabel.show()
            return
        self.ui.errorLabel.hide()
        self._reload(select=member.id)
        if chosen is None:
            self.new_member()

    def _reload(self, select: int | None = None) -> None:
        listing = self.ui.memberList
        listing.blockSignals(True)
        listing.clear()
        for member in self._notes.members(self._group_id):
            text = member.pseudonym
            if member.profession:
                text += f" — {member.profession}"
            if member.left_on is not None:
                text += self.tr(" (left %1)").replace("%1", labels.short_date(member.left_on))
            item = QListWidgetItem(text)
            item.setData(MEMBER_ROLE, member)
            listing.addItem(item)
            if member.id == select:
                listing.setCurrentItem(item)
        listing.blockSignals(False)

    def _chosen(self) -> Member | None:
        item = self.ui.memberList.currentItem()
        value = None if item is None else item.data(MEMBER_ROLE)
        return value if isinstance(value, Member) else None

    @Slot()
    def _show_member(self) -> None:
        self._fill(self._chosen())

    def _fill(self, member: Member | None) -> None:
        self.ui.pseudonymEdit.setText("" if member is None else member.pseudonym)
        self.ui.professionEdit.setText("" if member is None else member.profession)
        joined = None if member is None else member.joined_on
        left = None if member is None else member.left_on
        # Unknown joining dates are the norm when a leader starts recording an
        # existing group: such members count for every session.
        self.ui.joinedCheck.setChecked(joined is not None)
        self.ui.joinedEdit.setDate(labels.to_qdate(joined or self._today))
        self.ui.joinedEdit.setEnabled(self.ui.joinedCheck.isChecked())
        self.ui.leftCheck.setChecked(left is not None)
        self.ui.leftCheck.setEnabled(member is not None)
        self.ui.leftEdit.setDate(labels.to_qdate(left or self._today))
        self.ui.leftEdit.setEnabled(left is not None)
        self.ui.saveMemberButton.setText(
            self.tr("&Add member") if member is None else self.tr("&Save member")
        )
        self.ui.cpdButton.setEnabled(member is not None)

    @Slot()
    def show_cpd(self) -> CpdDialog | None:
        """Open the CPD statement of the chosen member."""
        member = self._chosen()
        if member is None:
            return None
        return opened(CpdDialog(self._notes, member.id, self._today, self))
