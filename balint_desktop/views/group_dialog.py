"""Creating or editing a group: name, kind, home time zone, usual time."""

from __future__ import annotations

import datetime as dt
import zoneinfo
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QTime, QTimeZone
from PySide6.QtWidgets import QCompleter, QDialog, QDialogButtonBox, QWidget

from balint_desktop.core.models import Group
from balint_desktop.views import labels
from balint_desktop.views.forms.ui_group_dialog import Ui_GroupDialog

#: Called with the name and fields; returns an error message, or None when saved.
SaveGroup = Callable[[str, dict[str, Any]], str | None]


def system_time_zone() -> str:
    """Return this computer's IANA time zone, or UTC when it cannot be told."""
    name = bytes(QTimeZone.systemTimeZoneId().data()).decode("ascii", "ignore")
    try:
        zoneinfo.ZoneInfo(name)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        return "UTC"
    return name


def resolve_time_zone(typed: str) -> str:
    """Return the zone meant by `typed`: exact, or the one zone whose city matches.

    "Sydney" → "Australia/Sydney"; anything ambiguous or unknown is returned
    as typed, for the vault to refuse with its message.
    """
    text = typed.strip()
    zones = zoneinfo.available_timezones()
    if text in zones:
        return text
    wanted = text.casefold().replace(" ", "_")
    matches = [z for z in zones if z.casefold().rsplit("/", 1)[-1] == wanted]
    return matches[0] if len(matches) == 1 else text


class GroupDialog(QDialog):
    """The `groupDialog`; saves through `save` and closes only when it worked."""

    def __init__(self, save: SaveGroup, group: Group | None, parent: QWidget | None = None) -> None:
        """Build the dialog, filled from `group` when editing."""
        super().__init__(parent)
        self.ui = Ui_GroupDialog()
        self.ui.setupUi(self)
        self._save = save
        for kind, kind_label in labels.group_kinds():
            self.ui.kindCombo.addItem(kind_label, kind)
        for mode, mode_label in labels.modes():
            self.ui.modeCombo.addItem(mode_label, mode)
        zones = sorted(zoneinfo.available_timezones())
        self.ui.timeZoneCombo.addItems(zones)
        completer = QCompleter(zones, self)
        completer.setFilterMode(completer.filterMode().MatchContains)
        self.ui.timeZoneCombo.setCompleter(completer)
        self.ui.errorLabel.setObjectName("errorLabel")
        self.ui.errorLabel.hide()
        self.ui.buttonBox.accepted.connect(self._accept)
        self.ui.buttonBox.rejected.connect(self.reject)
        if group is None:
            self.ui.headingLabel.setText(f"<h3>{self.tr('New group')}</h3>")
            self._select(self.ui.timeZoneCombo, system_time_zone(), by_text=True)
            self.ui.startTimeEdit.setTime(QTime(18, 0))
        else:
            self.ui.headingLabel.setText(f"<h3>{self.tr('Group settings')}</h3>")
            self.ui.nameEdit.setText(group.name)
            self._select(self.ui.kindCombo, group.kind)
            self._select(self.ui.modeCombo, group.mode)
            self._select(self.ui.timeZoneCombo, group.time_zone, by_text=True)
            self.ui.startTimeEdit.setTime(QTime(group.start_time.hour, group.start_time.minute))
            self.ui.durationSpin.setValue(group.duration_minutes)
            self.ui.coLeaderEdit.setText(group.co_leader)
        self.ui.closedCheck.toggled.connect(self.ui.closedEdit.setEnabled)
        closed = group.closed_on if group is not None else None
        self.ui.closedCheck.setChecked(closed is not None)
        self.ui.closedEdit.setEnabled(closed is not None)
        when = closed or dt.date.today()
        self.ui.closedEdit.setDate(labels.to_qdate(when))
        self.ui.retentionSpin.setValue((group.retention_years or 0) if group is not None else 0)
        self._update_button()
        self.ui.nameEdit.textChanged.connect(self._update_button)

    def values(self) -> tuple[str, dict[str, Any]]:
        """Return the name and the fields as typed."""
        start = self.ui.startTimeEdit.time()
        return self.ui.nameEdit.text(), {
            "kind": self.ui.kindCombo.currentData(),
            "time_zone": resolve_time_zone(self.ui.timeZoneCombo.currentText()),
            "mode": self.ui.modeCombo.currentData(),
            "start_time": dt.time(start.hour(), start.minute()),
            "duration_minutes": self.ui.durationSpin.value(),
            "co_leader": self.ui.coLeaderEdit.text().strip(),
            "closed_on": labels.to_date(self.ui.closedEdit.date())
            if self.ui.closedCheck.isChecked()
            else None,
            "retention_years": self.ui.retentionSpin.value() or None,
        }

    def _update_button(self) -> None:
        button = self.ui.buttonBox.button(QDialogButtonBox.StandardButton.Save)
        button.setEnabled(bool(self.ui.nameEdit.text().strip()))

    def _accept(self) -> None:
        name, fields = self.values()
        error = self._save(name, fields)
        if error is None:
            self.accept()
        else:
            self.ui.errorLabel.setText(error)
            self.ui.errorLabel.show()
            # The message goes once the leader changes something.
            for signal in (
                self.ui.nameEdit.textChanged,
                self.ui.timeZoneCombo.currentTextChanged,
            ):
                signal.connect(self.ui.errorLabel.hide)

    @staticmethod
    def _select(combo: Any, value: str, by_text: bool = False) -> None:
        index = combo.findText(value) if by_text else combo.findData(value)
        if index >= 0:
            combo.setCurrentIndex(index)
        elif by_text:
            combo.setEditText(value)
