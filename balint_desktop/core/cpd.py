"""CPD attendance statements: which sessions a member attended, and for how long.

A statement says who attended which group, led by whom, on which dates, for
how many hours and in which mode. It never holds case content, a reflection,
a presentation or "the other". The member's real name is typed at export time
and never stored in the vault (the roster holds pseudonyms only).
"""

from __future__ import annotations

import datetime as dt
import html
from dataclasses import dataclass

from balint_desktop.core.errors import InvalidInput
from balint_desktop.core.models import Group, Member, Mode, Session

MODE_WORDS: dict[Mode, str] = {"online": "online", "in_person": "in person", "hybrid": "hybrid"}
MAX_NAME = 120


@dataclass(frozen=True, slots=True)
class AttendedSession:
    """One session on a statement."""

    held_on: dt.date
    minutes: int
    mode: Mode


@dataclass(frozen=True, slots=True)
class CpdStatement:
    """A member's attendance at one group over a period."""

    group_name: str
    member_name: str
    profession: str
    leaders: tuple[str, ...]
    start: dt.date
    end: dt.date
    sessions: tuple[AttendedSession, ...]

    @property
    def hours(self) -> float:
        """Return the hours attended, to the quarter hour."""
        return round(sum(s.minutes for s in self.sessions) / 15) / 4


def _line(value: str, what: str) -> str:
    text = " ".join(value.split())
    if len(text) > MAX_NAME:
        raise InvalidInput(f"The {what} must be at most {MAX_NAME} characters.")
    return text


def build_statement(
    group: Group,
    member: Member,
    attended: list[Session],
    start: dt.date,
    end: dt.date,
    member_name: str = "",
    leaders: tuple[str, ...] = (),
) -> CpdStatement:
    """Assemble a statement from held sessions the member was present at.

    Args:
        group: the member's group.
        member: the member (by pseudonym; `member_name` is printed if given).
        attended: sessions of the group the member was recorded present at.
        start: first day of the period (inclusive).
        end: last day of the period (inclusive).
        member_name: the name to print, typed by the leader; not stored.
        leaders: the leaders' names as they should appear.
    """
    if start > end:
        raise InvalidInput("The period must start before it ends.")
    name = _line(member_name, "name on the statement") or member.pseudonym
    names = tuple(n for n in (_line(x, "leader's name") for x in leaders) if n)
    if not names and group.co_leader:
        names = (group.co_leader,)
    chosen = sorted(
        (
            AttendedSession(s.held_on, s.duration_minutes, s.mode)
            for s in attended
            if s.status != "cancelled" and start <= s.held_on <= end
        ),
        key=lambda s: s.held_on,
    )
    return CpdStatement(group.name, name, member.profession, names, start, end, tuple(chosen))


def _day(day: dt.date) -> str:
    return f"{day.day} {day:%B %Y}"


def statement_html(statement: CpdStatement, issued_on: dt.date) -> str:
    """Return the statement as simple HTML for a PDF (every value escaped)."""
    e = html.escape
    who = e(statement.member_name)
    if statement.profession:
        who += f" ({e(statement.profession)})"
    rows = "".join(
        f"<tr><td>{_day(s.held_on)}</td><td align='right'>{s.minutes / 60:g}</td>"
        f"<td>{MODE_WORDS[s.mode]}</td></tr>"
        for s in statement.sessions
    )
    leaders = e(" and ".join(statement.leaders)) or "—"
    return (
        "<h2>Statement of attendance</h2>"
        f"<p>This is to confirm that <b>{who}</b> attended the Balint group "
        f"<b>{e(statement.group_name)}</b>, led by {leaders}, on "
        f"{len(statement.sessions)} occasion(s) between {_day(statement.start)} and "
        f"{_day(statement.end)}, for a total of <b>{statement.hours:g} hours</b>.</p>"
        "<table border='1' cellspacing='0' cellpadding='4'>"
        "<tr><th>Date</th><th>Hours</th><th>Mode</th></tr>"
        f"{rows}</table>"
        "<p>Balint groups are case-based reflective practice. In keeping with the "
        "group's confidentiality, this statement records attendance only.</p>"
        f"<p>Issued on {_day(issued_on)}.</p>"
    )
