"""Who came to a session: present, sent apologies, or absent; who presented."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtWidgets import QCheckBox, QComboBox, QDialog, QHeaderView, QTableWidgetItem, QWidget

from balint_desktop.core.models import Attendance, Member
from balint_desktop.views.forms.ui_attendance_dialog import Ui_AttendanceDialog

#: Called with (member id, status or None, presented) rows; returns an error or None.
SaveAttendance = Callable[[list[tuple[int, str | None, bool]]], str | None]


class AttendanceDialog(QDialog):
    """The `attendanceDialog`: one row per member of the group on that date.

    Signals:
        members_requested: the leader wants to edit the roster first.
    """

    members_requested = Signal()

    def __init__(
        self,
        members: list[Member],
        recorded: list[Attendance],
        save: SaveAttendance,
        parent: QWidget | None = None,
    ) -> None:
        """Show `members` with what was `recorded` for them."""
        super().__init__(parent)
        self.ui = Ui_AttendanceDialog()
        self.ui.setupUi(self)
        self._save = save
        self._members = members
        self._combos: list[QComboBox] = []
        self._checks: list[QCheckBox] = []
        by_member = {a.member_id: a for a in recorded}
        table = self.ui.attendanceTable
        table.setRowCount(len(members))
        choices = [
            (self.tr("—"), None),
            (self.tr("Present"), "present"),
            (self.tr("Apology"), "apology"),
            (self.tr("Absent"), "absent"),
        ]
        for row, member in enumerate(members):
            name = QTableWidgetItem(member.pseudonym)
            name.setFlags(Qt.ItemFlag.ItemIsEnabled)
            table.setItem(row, 0, name)
            combo = QComboBox(table)
            combo.setAccessibleName(self.tr("Did %1 come?").replace("%1", member.pseudonym))
            for label, value in choices:
                combo.addItem(label, value)
            record = by_member.get(member.id)
            combo.setCurrentIndex(max(0, combo.findData(record.status if record else None)))
            table.setCellWidget(row, 1, combo)
            self._combos.append(combo)
            presented = QCheckBox(table)
            presented.setAccessibleName(self.tr("%1 presented").replace("%1", member.pseudonym))
            presented.setChecked(bool(record and record.presented))
            table.setCellWidget(row, 2, presented)
            self._checks.append(presented)
            # Only someone who came can have presented.
            combo.currentIndexChanged.connect(
                lambda _index, c=combo, p=presented: self._sync_presented(c, p)
            )
            self._sync_presented(combo, presented)
        table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        table.setVisible(bool(members))
        self.ui.emptyLabel.setVisible(not members)
        self.ui.allPresentButton.setEnabled(bool(members))
        self.ui.errorLabel.hide()
        self.ui.allPresentButton.clicked.connect(self.mark_all_present)
        self.ui.membersButton.clicked.connect(self._members_clicked)
        self.ui.buttonBox.accepted.connect(self._accept)
        self.ui.buttonBox.rejected.connect(self.reject)

    def rows(self) -> list[tuple[int, str | None, bool]]:
        """Return (member id, status or None, presented) for every row."""
        return [
            (member.id, combo.currentData(), check.isChecked())
            for member, combo, check in zip(self._members, self._combos, self._checks, strict=True)
        ]

    @Slot()
    def mark_all_present(self) -> None:
        """Set every member without a choice to present."""
        for combo in self._combos:
            if combo.currentData() is None:
                combo.setCurrentIndex(combo.findData("present"))

    @staticmethod
    def _sync_presented(combo: QComboBox, presented: QCheckBox) -> None:
        came = combo.currentData() == "present"
        presented.setEnabled(came)
        if not came:
            presented.setChecked(False)

    @Slot()
    def _members_clicked(self) -> None:
        self.members_requested.emit()
        self.reject()

    @Slot()
    def _accept(self) -> None:
        error = self._save(self.rows())
        if error is None:
            self.accept()
        else:
            self.ui.errorLabel.setText(error)
            self.ui.errorLabel.show()
