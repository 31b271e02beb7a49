"""Creating or editing a session: date and time in the group's home zone."""

from __future__ import annotations

import datetime as dt
import zoneinfo
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QTime
from PySide6.QtWidgets import QDialog, QWidget

from balint_desktop.core.models import Group, Session
from balint_desktop.views import labels
from balint_desktop.views.forms.ui_session_dialog import Ui_SessionDialog

#: Called with the date and fields; returns an error message, or None when saved.
SaveSession = Callable[[dt.date, dict[str, Any]], str | None]


class SessionDialog(QDialog):
    """The `sessionDialog`; saves through `save` and closes only when it worked."""

    def __init__(
        self,
        save: SaveSession,
        group: Group,
        session: Session | None,
        today: dt.date,
        parent: QWidget | None = None,
    ) -> None:
        """Build the dialog for a new session of `group`, or to edit `session`."""
        super().__init__(parent)
        self.ui = Ui_SessionDialog()
        self.ui.setupUi(self)
        self._save = save
        for mode_value, mode_label in labels.modes():
            self.ui.modeCombo.addItem(mode_label, mode_value)
        for status_value, status_label in labels.statuses():
            self.ui.statusCombo.addItem(status_label, status_value)
        self.ui.errorLabel.hide()
        self.ui.zoneHintLabel.setText(
            self.tr("Times are in the group's home time zone, %1.").replace("%1", group.time_zone)
        )
        self.ui.buttonBox.accepted.connect(self._accept)
        self.ui.buttonBox.rejected.connect(self.reject)
        if session is None:
            self.ui.headingLabel.setText(f"<h3>{self.tr('New session')}</h3>")
            day, start = today, group.start_time
            duration, mode, status = group.duration_minutes, str(group.mode), "held"
        else:
            self.ui.headingLabel.setText(f"<h3>{self.tr('Session details')}</h3>")
            local = session.starts_at.astimezone(zoneinfo.ZoneInfo(group.time_zone))
            day, start = session.held_on, local.time()
            duration, mode, status = (
                session.duration_minutes,
                str(session.mode),
                str(session.status),
            )
        self.ui.dateEdit.setDate(labels.to_qdate(day))
        self.ui.startTimeEdit.setTime(QTime(start.hour, start.minute))
        self.ui.durationSpin.setValue(duration)
        self.ui.modeCombo.setCurrentIndex(max(0, self.ui.modeCombo.findData(mode)))
        self.ui.statusCombo.setCurrentIndex(max(0, self.ui.statusCombo.findData(status)))

    def values(self) -> tuple[dt.date, dict[str, Any]]:
        """Return the date and the fields as chosen."""
        day = self.ui.dateEdit.date()
        start = self.ui.startTimeEdit.time()
        return labels.to_date(day), {
            "start_time": dt.time(start.hour(), start.minute()),
            "duration_minutes": self.ui.durationSpin.value(),
            "mode": self.ui.modeCombo.currentData(),
            "status": self.ui.statusCombo.currentData(),
        }

    def _accept(self) -> None:
        day, fields = self.values()
        error = self._save(day, fields)
        if error is None:
            self.accept()
        else:
            self.ui.errorLabel.setText(error)
            self.ui.errorLabel.show()
