"""Words shown for stored values (kinds, modes, statuses), in one place."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from PySide6.QtCore import QCoreApplication, QDate

from balint_desktop.core.models import Cadence, GroupKind, Mode, SessionStatus


def _tr(text: str) -> str:
    return QCoreApplication.translate("labels", text)


def group_kinds() -> list[tuple[GroupKind, str]]:
    """Return (value, label) for each kind of group."""
    return [
        ("clinician", _tr("Clinicians — cases are patients")),
        ("coaches_consultants", _tr("Coaches & consultants — clients, teams, systems")),
        ("health_leaders", _tr("Health leaders — staff, boards, organisations")),
        ("other", _tr("Other")),
    ]


def modes() -> list[tuple[Mode, str]]:
    """Return (value, label) for each way of meeting."""
    return [("online", _tr("Online")), ("in_person", _tr("In person")), ("hybrid", _tr("Hybrid"))]


def cadences() -> list[tuple[Cadence, str]]:
    """Return (value, label) for each cadence."""
    return [
        ("monthly", _tr("Monthly")),
        ("fortnightly", _tr("Fortnightly")),
        ("weekly", _tr("Weekly")),
        ("other", _tr("Other")),
    ]


def statuses() -> list[tuple[SessionStatus, str]]:
    """Return (value, label) for each session status."""
    return [("held", _tr("Held")), ("planned", _tr("Planned")), ("cancelled", _tr("Cancelled"))]


def label_for(pairs: Sequence[tuple[str, str]], value: str) -> str:
    """Return the label of `value` in `pairs`, or the value itself."""
    return next((label for key, label in pairs if key == value), value)


def long_date(day: dt.date) -> str:
    """Return e.g. "Thursday 12 March 2026"."""
    return f"{day.strftime('%A')} {day.day} {day.strftime('%B %Y')}"


def short_date(day: dt.date) -> str:
    """Return e.g. "12 Mar 2026"."""
    return f"{day.day} {day.strftime('%b %Y')}"


def clock(moment: dt.datetime, seconds: bool = False) -> str:
    """Return e.g. "7:00 pm AEDT" (or "7:00:42 pm AEDT" with seconds)."""
    hour = moment.hour % 12 or 12
    suffix = "am" if moment.hour < 12 else "pm"
    zone = moment.tzname() or ""
    second = f":{moment.second:02d}" if seconds else ""
    return f"{hour}:{moment.minute:02d}{second} {suffix} {zone}".strip()


def to_date(value: QDate) -> dt.date:
    """Return a date edit's value as a Python date."""
    return dt.date(value.year(), value.month(), value.day())


def to_qdate(value: dt.date) -> QDate:
    """Return a Python date for a date edit."""
    return QDate(value.year, value.month, value.day)
