"""Plain records returned by the vault. No behaviour, no database handles."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Literal

GroupKind = Literal["clinician", "coaches_consultants", "health_leaders", "other"]
Cadence = Literal["weekly", "fortnightly", "monthly", "other"]
Mode = Literal["online", "in_person", "hybrid"]
SessionStatus = Literal["planned", "held", "cancelled"]

GROUP_KINDS: tuple[GroupKind, ...] = ("clinician", "coaches_consultants", "health_leaders", "other")
CADENCES: tuple[Cadence, ...] = ("weekly", "fortnightly", "monthly", "other")
MODES: tuple[Mode, ...] = ("online", "in_person", "hybrid")
SESSION_STATUSES: tuple[SessionStatus, ...] = ("planned", "held", "cancelled")


@dataclass(frozen=True, slots=True)
class Group:
    """A Balint group the leader runs.

    Attributes:
        id: database id.
        name: the group's name as the leader calls it.
        kind: decides the word for "the other" and the default template.
        time_zone: IANA name of the group's home time zone.
        cadence: how often it meets.
        mode: online, in person or hybrid.
        co_leader: the co-leader's name or initials as the leader writes it.
        start_time: the usual local start time of a session.
        duration_minutes: the usual length of a session.
        started_on: when the group began, if recorded.
        closed_on: when it ended, if it has.
        retention_years: destroy its notes this many years after it closed
            (None: keep them until the leader decides).
    """

    id: int
    name: str
    kind: GroupKind = "clinician"
    time_zone: str = "UTC"
    cadence: Cadence = "monthly"
    mode: Mode = "online"
    co_leader: str = ""
    start_time: dt.time = dt.time(18, 0)
    duration_minutes: int = 90
    started_on: dt.date | None = None
    closed_on: dt.date | None = None
    retention_years: int | None = None

    def destroy_after(self) -> dt.date | None:
        """Return the day from which the notes are due for destruction, if set."""
        if self.closed_on is None or self.retention_years is None:
            return None
        try:
            return self.closed_on.replace(year=self.closed_on.year + self.retention_years)
        except ValueError:  # 29 February
            return self.closed_on.replace(year=self.closed_on.year + self.retention_years, day=28)


@dataclass(frozen=True, slots=True)
class Session:
    """One meeting of a group.

    Attributes:
        id: database id.
        group_id: the group it belongs to.
        held_on: the date in the group's home time zone.
        starts_at: the start as an aware UTC datetime.
        duration_minutes: how long it ran.
        status: planned, held or cancelled.
        mode: online, in person or hybrid.
    """

    id: int
    group_id: int
    held_on: dt.date
    starts_at: dt.datetime
    duration_minutes: int
    status: SessionStatus
    mode: Mode


@dataclass(frozen=True, slots=True)
class Reflection:
    """A leader's write-up of one session, one text per template section.

    Attributes:
        session_id: the session written about.
        sections: section key → text; sections never written are absent.
        updated_at: the last save (UTC), or None if nothing was saved yet.
        revision_count: how many saves are kept in the history.
    """

    session_id: int
    sections: dict[str, str] = field(default_factory=dict)
    updated_at: dt.datetime | None = None
    revision_count: int = 0


@dataclass(frozen=True, slots=True)
class Revision:
    """One saved state of a reflection, for history and restore."""

    id: int
    session_id: int
    saved_at: dt.datetime
    sections: dict[str, str]


@dataclass(frozen=True, slots=True)
class SearchHit:
    """One ranked search result.

    Attributes:
        session_id: the session the hit is in.
        group_id: that session's group.
        held_on: that session's date.
        section: the section key the text was found in.
        snippet: HTML: the note text escaped, matched words in <b>…</b>.
        score: higher is better.
    """

    session_id: int
    group_id: int
    held_on: dt.date
    section: str
    snippet: str
    score: float


AttendanceStatus = Literal["present", "apology", "absent"]
OtherKind = Literal["patient", "client", "colleague", "team", "organisation", "other"]

ATTENDANCE_STATUSES: tuple[AttendanceStatus, ...] = ("present", "apology", "absent")
OTHER_KINDS: tuple[OtherKind, ...] = (
    "patient",
    "client",
    "colleague",
    "team",
    "organisation",
    "other",
)
#: The usual word for "the other" in each kind of group (DOMAIN.md).
DEFAULT_OTHER_KIND: dict[GroupKind, OtherKind] = {
    "clinician": "patient",
    "coaches_consultants": "client",
    "health_leaders": "colleague",
    "other": "other",
}
MAX_PRESENTATIONS = 3


@dataclass(frozen=True, slots=True)
class Member:
    """A group member, recorded by pseudonym or initials only.

    Attributes:
        id: database id.
        group_id: the group they belong to.
        pseudonym: initials or a code ("P3", "Dr K."), never required to be a name.
        profession: e.g. "GP registrar", "executive coach".
        joined_on: when they joined, if recorded.
        left_on: when they left, if they have.
    """

    id: int
    group_id: int
    pseudonym: str
    profession: str = ""
    joined_on: dt.date | None = None
    left_on: dt.date | None = None


@dataclass(frozen=True, slots=True)
class Attendance:
    """Whether a member came to a session, and whether they presented."""

    session_id: int
    member_id: int
    status: AttendanceStatus
    presented: bool = False


@dataclass(frozen=True, slots=True)
class Presentation:
    """A case presented in a session (at most three per session).

    Attributes:
        id: database id.
        session_id: the session it was presented in.
        position: 1, 2 or 3, in the order presented.
        presenter_id: the presenting member, if recorded.
        other_pseudonym: "the other", by pseudonym only.
        other_kind: patient, client, colleague, team, organisation or other.
        summary: one de-identified line.
        follows_id: an earlier presentation of the same case, if any.
    """

    id: int
    session_id: int
    position: int
    presenter_id: int | None = None
    other_pseudonym: str = ""
    other_kind: OtherKind = "other"
    summary: str = ""
    follows_id: int | None = None


@dataclass(frozen=True, slots=True)
class SearchResults:
    """What a search found and what it has to say about the query.

    Attributes:
        hits: best first (or newest first for a quick first look).
        messages: plain-language notes on the query (a filter that was ignored…).
        partial: some hits matched only part of a word.
    """

    hits: list[SearchHit] = field(default_factory=list)
    messages: tuple[str, ...] = ()
    partial: bool = False
