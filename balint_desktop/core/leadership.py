"""The leader's own record: sessions led, supervision, intensives, thresholds.

The accreditation thresholds are those of DOMAIN.md ("Records leaders must
keep"). Sessions already in the vault count by themselves; the rest are log
entries. Nothing here ever holds note text.
"""

from __future__ import annotations

import csv
import datetime as dt
import html
import io
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

LogKind = Literal["supervision", "intensive", "workshop", "observed", "training_day", "other"]
LOG_KINDS: tuple[LogKind, ...] = (
    "supervision",
    "intensive",
    "workshop",
    "observed",
    "training_day",
    "other",
)


@dataclass(frozen=True, slots=True)
class LogEntry:
    """Something the leader did for their own development, with its hours."""

    id: int
    kind: LogKind
    occurred_on: dt.date
    hours: float = 0.0
    group_id: int | None = None
    description: str = ""


@dataclass(frozen=True, slots=True)
class LedSession:
    """One held session as the record sees it: when, how long, how many cases."""

    held_on: dt.date
    minutes: int
    cases: int
    debriefed: bool


@dataclass(frozen=True, slots=True)
class Requirement:
    """One threshold of an accreditation body and how far the leader is."""

    body: str
    what: str
    have: float
    need: float

    @property
    def met(self) -> bool:
        """Return whether the threshold is reached."""
        return self.have >= self.need


def _within(day: dt.date, today: dt.date, years: int) -> bool:
    try:
        start = today.replace(year=today.year - years)
    except ValueError:  # 29 February
        start = today.replace(year=today.year - years, day=28)
    return start < day <= today


def progress(
    sessions: Sequence[LedSession], entries: Sequence[LogEntry], today: dt.date
) -> list[Requirement]:
    """Return progress towards the BSANZ, UK and American Balint Society thresholds.

    The thresholds are those DOMAIN.md states.

    Args:
        sessions: held sessions the leader led or co-led.
        entries: log entries (supervision, intensives, training days …).
        today: the date the windows are counted back from.
    """
    last3 = [s for s in sessions if _within(s.held_on, today, 3)]
    last2 = [s for s in sessions if _within(s.held_on, today, 2)]

    def count(kind: str, years: int) -> int:
        return sum(1 for e in entries if e.kind == kind and _within(e.occurred_on, today, years))

    months_led = len({(s.held_on.year, s.held_on.month) for s in last2})
    debriefed = sum(1 for s in sessions if s.debriefed)
    return [
        Requirement("BSANZ", "case discussions in 3 years", sum(s.cases for s in last3), 30),
        Requirement("BSANZ", "meetings led or co-led in 3 years", len(last3), 20),
        Requirement("BSANZ", "supervision sessions in the last year", count("supervision", 1), 10),
        Requirement("BSANZ", "leadership intensives in 3 years", count("intensive", 3), 2),
        Requirement("UK Balint Society", "co-led sessions", len(sessions), 20),
        Requirement("UK Balint Society", "training days", count("training_day", 100), 1),
        Requirement("American Balint Society", "months led in the last 2 years", months_led, 24),
        Requirement(
            "American Balint Society", "supervised sessions", count("supervision", 100), 12
        ),
        Requirement("American Balint Society", "intensives", count("intensive", 100), 3),
        Requirement(
            "American Balint Society", "sessions followed by a debrief", debriefed, len(sessions)
        ),
    ]


def to_csv(sessions: Sequence[LedSession], entries: Sequence[LogEntry]) -> str:
    """Return the log as CSV: dates, kinds, hours, case counts — never note text.

    A log entry's own description is the leader's label for it (e.g. "Intensive,
    Hobart") and is included; no reflection text ever is.
    """
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["date", "kind", "hours", "cases", "description"])
    rows: list[tuple[dt.date, str, float, str, str]] = [
        (s.held_on, "group session led", round(s.minutes / 60, 2), str(s.cases), "")
        for s in sessions
    ] + [(e.occurred_on, e.kind, e.hours, "", e.description) for e in entries]
    for day, kind, hours, cases, description in sorted(rows, key=lambda r: (r[0], r[1])):
        writer.writerow([day.isoformat(), kind.replace("_", " "), f"{hours:g}", cases, description])
    return out.getvalue()


def to_html(
    sessions: Sequence[LedSession],
    entries: Sequence[LogEntry],
    requirements: Sequence[Requirement],
    today: dt.date,
) -> str:
    """Return the log and progress as simple HTML for a PDF — never note text."""
    e = html.escape
    progress_rows = "".join(
        f"<tr><td>{e(r.body)}</td><td>{e(r.what)}</td>"
        f"<td align='right'>{r.have:g} of {r.need:g}</td><td>{'yes' if r.met else ''}</td></tr>"
        for r in requirements
    )
    entry_rows = "".join(
        f"<tr><td>{x.occurred_on.isoformat()}</td><td>{x.kind.replace('_', ' ')}</td>"
        f"<td align='right'>{x.hours:g}</td><td>{e(x.description)}</td></tr>"
        for x in entries
    )
    hours = sum(s.minutes for s in sessions) / 60
    cases = sum(s.cases for s in sessions)
    return (
        "<h2>Leadership log</h2>"
        f"<p>As of {today.isoformat()}: {len(sessions)} group session(s) led or co-led, "
        f"{hours:g} hours, {cases} case discussion(s).</p>"
        "<h3>Progress towards accreditation</h3>"
        "<table border='1' cellspacing='0' cellpadding='4'>"
        "<tr><th>Body</th><th>Requirement</th><th>Progress</th><th>Met</th></tr>"
        f"{progress_rows}</table>"
        "<h3>Supervision, intensives, workshops and training</h3>"
        "<table border='1' cellspacing='0' cellpadding='4'>"
        "<tr><th>Date</th><th>Kind</th><th>Hours</th><th>Description</th></tr>"
        f"{entry_rows}</table>"
    )
