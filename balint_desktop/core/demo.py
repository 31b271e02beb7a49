"""Fictional sample data for `balint-desktop --demo` and the README screenshots.

`populate_demo` fills an empty vault with the three reference groups of
DOMAIN.md, a year of monthly sessions each, and a reflection for every
session. The notes are built from hand-written fragments (`demo_text`) picked
by a seeded random generator, so the same seed and `today` always give the
same vault. Everything is invented and de-identified: presenters are codes,
the other in each case is a pseudonym or a role, and no text holds a name,
date of birth, address, phone number or workplace.

This module never imports Qt.
"""

from __future__ import annotations

import datetime as dt
import itertools
import random
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from balint_desktop.core import demo_text as txt
from balint_desktop.core.demo_text import Case
from balint_desktop.core.errors import InvalidInput
from balint_desktop.core.models import GroupKind
from balint_desktop.core.templates import SECTION_KEYS
from balint_desktop.core.vault import Vault

#: Sessions written for each group, one a month up to `today`.
SESSIONS_PER_GROUP = 12

#: Roster sizes are at most ten.
_WORDS = ("none", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten")

_PRONOUNS = {"she": ("she", "her", "her", "herself"), "he": ("he", "him", "his", "himself")}

#: Sections a leader sometimes leaves empty, with how often each is the one.
_SKIPPABLE: tuple[tuple[str, int], ...] = (
    ("group_process", 3),
    ("leadership", 3),
    ("co_leader_debrief", 3),
    ("presenter_return", 2),
    ("follow_up", 2),
    ("my_responses", 1),
    ("atmosphere", 1),
)

#: Saved first as a draft, the rest added later, as leaders do after the debrief.
_WRITTEN_LATER = ("co_leader_debrief", "follow_up")


@dataclass(frozen=True, slots=True)
class _GroupSpec:
    """A reference group: its settings, members' codes and case material."""

    name: str
    kind: GroupKind
    time_zone: str
    co_leader: str
    start_time: dt.time
    duration_minutes: int
    weekday: int  # Monday is 0
    week: int  # the group meets on this occurrence of `weekday` each month
    roster: tuple[str, ...]
    arcs: tuple[tuple[Case, ...], ...]
    singles: tuple[Case, ...]
    second_cases: tuple[str, ...]


_GROUPS: tuple[_GroupSpec, ...] = (
    _GroupSpec(
        name="Clinician Group",
        kind="clinician",
        time_zone="Australia/Sydney",
        co_leader="RM",
        start_time=dt.time(19, 0),
        duration_minutes=90,
        weekday=1,  # second Tuesday
        week=2,
        roster=("P1", "P2", "P3", "P4", "P5", "P6", "P7", "P8", "Dr K.", "Dr M."),
        arcs=txt.CLINICIAN_ARCS,
        singles=txt.CLINICIAN_SINGLES,
        second_cases=txt.CLINICIAN_SECOND,
    ),
    _GroupSpec(
        name="Coaches & Consultants Group",
        kind="coaches_consultants",
        time_zone="Pacific/Auckland",
        co_leader="AH",
        start_time=dt.time(18, 30),
        duration_minutes=120,
        weekday=2,  # first Wednesday
        week=1,
        roster=tuple(f"C{number}" for number in range(1, 10)),
        arcs=txt.COACHES_ARCS,
        singles=txt.COACHES_SINGLES,
        second_cases=txt.COACHES_SECOND,
    ),
    _GroupSpec(
        name="Health Leaders Group",
        kind="health_leaders",
        time_zone="Australia/Perth",
        co_leader="KB",
        start_time=dt.time(18, 0),
        duration_minutes=90,
        weekday=3,  # third Thursday
        week=3,
        roster=tuple(f"H{number}" for number in range(1, 9)),
        arcs=txt.HEALTH_ARCS,
        singles=txt.HEALTH_SINGLES,
        second_cases=txt.HEALTH_SECOND,
    ),
)


@dataclass(frozen=True, slots=True)
class DemoSession:
    """One demo session and its reflection.

    Attributes:
        held_on: the group's local date.
        sections: section key → text; sections left empty are absent.
        presenter: the main case's presenter (a roster code).
        other: "the other" of the main case.
        noun: the word for the other (patient, client, board…).
        arc: which recurring case this is (-1: a one-off).
        absent: roster codes of members who sent apologies.
    """

    held_on: dt.date
    sections: dict[str, str]
    presenter: str = ""
    other: str = ""
    noun: str = ""
    arc: int = -1
    absent: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class DemoGroup:
    """One demo group with its sessions.

    Attributes:
        name: the group's name.
        fields: keyword fields for `Vault.add_group`.
        sessions: oldest first.
        roster: the members' codes.
    """

    name: str
    fields: dict[str, object]
    sessions: tuple[DemoSession, ...]
    roster: tuple[str, ...] = ()


#: The demo's words for the other, as the kinds the vault records.
_OTHER_KIND = {
    "patient": "patient",
    "client": "client",
    "team": "team",
    "colleague": "colleague",
    "staff member": "colleague",
    "board": "organisation",
    "organisation": "organisation",
    "system": "organisation",
}


def populate_demo(vault: Vault, *, today: dt.date, seed: int = 7) -> None:
    """Fill an empty vault with the fictional demo groups, sessions and notes.

    Args:
        vault: an open vault with no groups yet.
        today: the last day a demo session may fall on.
        seed: picks the fragments; the same seed and `today` give the same notes.

    Raises:
        InvalidInput: the vault already holds groups.
    """
    if vault.groups():
        raise InvalidInput("Demo data can only be added to an empty vault.")
    for group in build_demo(today, seed):
        created = vault.add_group(group.name, **group.fields)
        members = {code: vault.add_member(created.id, code).id for code in group.roster}
        last_of_arc: dict[int, int] = {}
        for index, demo in enumerate(group.sessions):
            session = vault.add_session(created.id, demo.held_on)
            for code, member_id in members.items():
                status = "apology" if code in demo.absent else "present"
                vault.set_attendance(session.id, member_id, status)
            case = vault.add_presentation(
                session.id,
                presenter_id=members.get(demo.presenter),
                other_pseudonym=demo.other[:1].upper() + demo.other[1:],
                other_kind=_OTHER_KIND.get(demo.noun),
                follows_id=last_of_arc.get(demo.arc) if demo.arc != -1 else None,
            )
            if demo.arc != -1:
                last_of_arc[demo.arc] = case.id
            if index % 3 == 1:  # some notes have a history: a draft, then the debrief
                draft = {k: v for k, v in demo.sections.items() if k not in _WRITTEN_LATER}
                vault.save_reflection(session.id, draft)
            vault.save_reflection(session.id, demo.sections)


def build_demo(today: dt.date, seed: int = 7) -> tuple[DemoGroup, ...]:
    """Return the demo groups and notes without touching a vault.

    Args:
        today: the last day a demo session may fall on.
        seed: picks the fragments.
    """
    rng = random.Random(seed)  # noqa: S311 - chooses sample text, nothing secret
    return tuple(_build_group(spec, today, rng) for spec in _GROUPS)


def meeting_dates(weekday: int, week: int, today: dt.date, count: int) -> list[dt.date]:
    """Return the last `count` monthly meeting dates up to `today`, oldest first.

    Args:
        weekday: the meeting weekday, Monday being 0.
        week: which occurrence of that weekday in the month (1 to 4).
        today: no date falls after it.
        count: how many dates.
    """
    dates: list[dt.date] = []
    year, month = today.year, today.month
    while len(dates) < count:
        first = dt.date(year, month, 1)
        day = first + dt.timedelta(days=(weekday - first.weekday()) % 7 + 7 * (week - 1))
        if day.month == 1 and day.day <= 7:
            day += dt.timedelta(days=7)  # early January is holidays: a week later
        if day <= today:
            dates.append(day)
        year, month = (year, month - 1) if month > 1 else (year - 1, 12)
    return dates[::-1]


class _Deck:
    """Draws fragments in shuffled order, reshuffling only when all are used."""

    def __init__(self, pool: Sequence[str], rng: random.Random) -> None:
        self._pool = list(pool)
        self._rng = rng
        self._left: list[str] = []
        self._last = ""

    def draw(self) -> str:
        """Return the next fragment."""
        if not self._left:
            self._left = self._pool[:]
            self._rng.shuffle(self._left)
            if len(self._left) > 1 and self._left[-1] == self._last:
                self._left.insert(0, self._left.pop())  # never the same twice running
        self._last = self._left.pop()
        return self._last


class _Writer:
    """Fills fragments with one session's placeholder values."""

    def __init__(
        self, decks: Mapping[str, _Deck], values: Mapping[str, str], rng: random.Random
    ) -> None:
        self._decks = decks
        self._values = values
        self._rng = rng

    def fill(self, fragment: str) -> str:
        """Return `fragment` with its placeholders filled."""
        return fragment.format_map(self._values)

    def pick(self, deck: str) -> str:
        """Return the next fragment of `deck`, filled."""
        return self.fill(self._decks[deck].draw())

    def fill_up(
        self, deck: str, parts: Sequence[str] = (), *, minimum: int = 20, extra: float = 0.0
    ) -> list[str]:
        """Return `parts` plus fragments of `deck` until there are `minimum` words.

        With chance `extra`, a short result gets one fragment more.
        """
        result = [part for part in parts if part]
        while _word_count(result) < minimum:
            result.append(self.pick(deck))
        if _word_count(result) < 45 and self._rng.random() < extra:
            result.append(self.pick(deck))
        return result


def _plan(spec: _GroupSpec, rng: random.Random) -> list[tuple[Case, int, bool]]:
    """Order the cases of a year: each arc's presentations in order, spread out.

    Returns:
        One (case, arc index or -1, last presentation of its arc) per session.
    """
    arc_labels = [index for index, arc in enumerate(spec.arcs) for _ in arc]
    if len(arc_labels) + len(spec.singles) != SESSIONS_PER_GROUP:
        raise ValueError(f"{spec.name}: the demo needs one main case per session")
    labels = arc_labels + [-1] * len(spec.singles)
    while True:  # a group starts with a case that will recur, and no arc twice running
        rng.shuffle(labels)
        adjacent = any(a == b != -1 for a, b in itertools.pairwise(labels))
        if labels[0] != -1 and not adjacent:
            break
    singles = list(spec.singles)
    rng.shuffle(singles)
    seen = [0] * len(spec.arcs)
    plan: list[tuple[Case, int, bool]] = []
    for label in labels:
        if label == -1:
            plan.append((singles.pop(), -1, True))
        else:
            arc = spec.arcs[label]
            plan.append((arc[seen[label]], label, seen[label] == len(arc) - 1))
            seen[label] += 1
    return plan


def _build_group(spec: _GroupSpec, today: dt.date, rng: random.Random) -> DemoGroup:
    """Write a year of reflections for one group."""
    dates = meeting_dates(spec.weekday, spec.week, today, SESSIONS_PER_GROUP)
    decks = {
        name: _Deck(pool, rng)
        for name, pool in (
            ("arrival", txt.ARRIVALS),
            ("detail", txt.ARRIVAL_DETAILS),
            ("full", txt.FULL_HOUSE),
            ("mood", txt.MOODS),
            ("carry", txt.CARRY_OVERS),
            ("left_out", txt.LEFT_OUT),
            ("process", txt.GROUP_PROCESS),
            ("leadership", txt.LEADERSHIP),
            ("return", txt.RETURNS),
            ("close", txt.RETURN_CLOSES),
            ("mine", txt.MY_RESPONSES),
            ("debrief", txt.DEBRIEFS),
            ("next", txt.FOLLOW_NEXT),
            ("done", txt.FOLLOW_DONE),
            ("pending", txt.FOLLOW_PENDING),
            ("single", txt.FOLLOW_SINGLE),
            ("supervision", txt.SUPERVISION),
        )
    }
    seconds = list(spec.second_cases)
    rng.shuffle(seconds)
    sessions: list[DemoSession] = []
    previous: Case | None = None
    open_arcs: dict[int, Case] = {}
    for index, (held_on, (case, arc, last)) in enumerate(zip(dates, _plan(spec, rng), strict=True)):
        second = _second_case(seconds, case.presenter) if rng.random() < 0.6 else ""
        values = _values(spec, case, second, rng)
        if previous is not None:
            values.update(prev_p=previous.presenter, prev_o=previous.other)
        waiting = [c for key, c in sorted(open_arcs.items()) if key != arc]
        if waiting:
            pending = rng.choice(waiting)
            values.update(q_p=pending.presenter, q_o=pending.other)
        writer = _Writer(decks, values, rng)
        first = index == 0
        atmosphere = [
            writer.fill(txt.FIRST_MEETING[0])
            if first
            else writer.pick("arrival" if values["absent"] else "full"),
            ("" if first else txt.SEASONS.get(held_on.month, "")) or writer.pick("mood"),
            writer.pick("carry") if not first and rng.random() < 0.4 else "",
        ]
        while _word_count(atmosphere) < 30:
            atmosphere.insert(1, writer.pick("detail"))
        if arc == -1:
            follow = [writer.pick("single") if rng.random() < 0.4 else ""]
        else:
            follow = [writer.pick("done" if last else "next")]
        follow.append(writer.pick("pending") if waiting and rng.random() < 0.5 else "")
        if rng.random() < 0.65:
            follow.append(writer.pick("supervision"))
        texts = {
            "atmosphere": atmosphere,
            "case": [case.text, second],
            "relationship": [case.images, writer.pick("left_out")],
            "group_process": writer.fill_up("process", extra=0.2),
            "leadership": writer.fill_up("leadership", extra=0.2),
            "presenter_return": writer.fill_up(
                "close", [writer.fill(case.shift) if case.shift else writer.pick("return")]
            ),
            "my_responses": writer.fill_up("mine", [case.note], extra=0.15),
            "co_leader_debrief": writer.fill_up("debrief", extra=0.15),
            "follow_up": writer.fill_up("supervision", follow),
        }
        skipped = _skipped(rng)
        sections = {key: _tidy(" ".join(texts[key])) for key in SECTION_KEYS if key in texts}
        sessions.append(
            DemoSession(
                held_on,
                {k: v for k, v in sections.items() if v and k not in skipped},
                presenter=case.presenter,
                other=case.other,
                noun=case.noun,
                arc=arc,
                absent=tuple(values["absent_codes"].split("|")) if values["absent_codes"] else (),
            )
        )
        previous = case
        if arc != -1:
            if last:
                open_arcs.pop(arc, None)
            else:
                open_arcs[arc] = case
    fields: dict[str, object] = {
        "kind": spec.kind,
        "time_zone": spec.time_zone,
        "cadence": "monthly",
        "mode": "online",
        "co_leader": spec.co_leader,
        "start_time": spec.start_time,
        "duration_minutes": spec.duration_minutes,
        "started_on": dates[0],
    }
    return DemoGroup(spec.name, fields, tuple(sessions), spec.roster)


def _values(spec: _GroupSpec, case: Case, second: str, rng: random.Random) -> dict[str, str]:
    """Return the placeholder values for one session: who came, who is who."""
    presenting = {case.presenter} | {code for code in spec.roster if code in second}
    others = [code for code in spec.roster if code not in presenting]
    absent = sorted(rng.sample(others, rng.choice((0, 1, 1, 2, 2, 2, 3))), key=spec.roster.index)
    present = [code for code in others if code not in absent]
    m1, m2 = rng.sample(present, 2)
    they, them, their, themself = _PRONOUNS[case.pronoun]
    came = _WORDS[len(spec.roster) - len(absent)]
    return {
        "p": case.presenter,
        "o": case.other,
        "O": case.other[:1].upper() + case.other[1:],
        "other": case.noun,
        "others": case.noun + "s",
        "they": they,
        "them": them,
        "their": their,
        "themself": themself,
        "co": spec.co_leader,
        "m1": m1,
        "m2": m2,
        "n": came,
        "N": came.capitalize(),
        "m": _WORDS[len(spec.roster)],
        "absent_codes": "|".join(absent),
        "absent": " and ".join([", ".join(absent[:-1]), absent[-1]] if len(absent) > 1 else absent),
        "prev_p": "",
        "prev_o": "",
        "q_p": "",
        "q_o": "",
    }


def _second_case(unused: list[str], presenter: str) -> str:
    """Take a second case not yet used and not from the main presenter."""
    for index, line in enumerate(unused):
        if presenter not in line:
            return unused.pop(index)
    return ""


def _skipped(rng: random.Random) -> set[str]:
    """Return the sections left empty this time (none, one or, rarely, two)."""
    roll = rng.random()
    count = 2 if roll < 0.1 else 1 if roll < 0.45 else 0
    keys = [key for key, _ in _SKIPPABLE]
    weights = [weight for _, weight in _SKIPPABLE]
    skipped: set[str] = set()
    while len(skipped) < count:
        skipped.add(rng.choices(keys, weights)[0])
    return skipped


def _word_count(parts: Sequence[str]) -> int:
    """Return how many words the parts hold together."""
    return sum(len(part.split()) for part in parts)


def _tidy(text: str) -> str:
    """Collapse spaces and the double full stop after a code such as "Dr K."."""
    return re.sub(r"(?<=\.)\.(?!\.)", "", " ".join(text.split()))
