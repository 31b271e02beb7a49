"""Redacted copies of sessions for export and print (no Qt).

A leader sometimes needs a session on paper: for supervision, for their own
records, for a co-leader who does not use the app. Whatever leaves the vault
this way is plaintext, so the copy carries as little as it can by default:

* private sections (the template's ``private`` flag, and ``my_responses``
  whatever a template says) are always left out entirely, heading included:
  there is no option to keep them (T13);
* members' names — the group's roster pseudonyms, so also the presenters of
  cases — and the group's ``co_leader`` field are replaced in every text by
  ``[member]`` and ``[co-leader]`` unless asked for: whole words, any case,
  longest names first; the single words of a multi-word name ("Anna" of
  "Anna Smith") when written with a capital; a one-letter name only as
  written (so the roster's "A" leaves the word "a" alone);
* attendance is then shown as counts only;
* the group's name, the leader's own label, is kept by default (a leader
  filing copies needs to know which group they are from) but can be left
  out: a name such as "Tuesday GPs, Royal Perth" names a workplace.

Co-leaders' imported reflections are never part of this copy.

`build_document` collects the redacted text once; `to_markdown` and
`to_html` render it (every piece of the leader's text escaped), and
`identifiers` runs the de-identification guard over it.
"""

from __future__ import annotations

import datetime as dt
import html
import re
import unicodedata
import zoneinfo
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field

from balint_desktop.core.deidentify import IdentifierSpan, find_identifiers
from balint_desktop.core.deidentify_rules import PARTICLES, TITLES
from balint_desktop.core.errors import InvalidInput
from balint_desktop.core.models import (
    Attendance,
    Group,
    Member,
    Presentation,
    Reflection,
    Session,
)
from balint_desktop.core.templates import Template, is_private

MEMBER_PLACEHOLDER = "[member]"
CO_LEADER_PLACEHOLDER = "[co-leader]"

_MODES = {"online": "Online", "in_person": "In person", "hybrid": "Hybrid"}
_STATUSES = {"planned": "planned", "cancelled": "cancelled"}
_CO_LEADER_SPLIT = re.compile(r"\s*(?:[,;&/+]|\band\b)\s*", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class RedactionOptions:
    """What a redacted copy may contain beyond the notes themselves.

    The private sections are never part of a copy, so nothing here keeps them.

    Attributes:
        include_names: keep members' and the co-leader's names.
        include_group_name: head the copy with the group's name.
    """

    include_names: bool = False
    include_group_name: bool = True


@dataclass(frozen=True, slots=True)
class SessionRecord:
    """Everything the vault holds about one session that a copy may show."""

    session: Session
    template: Template
    reflection: Reflection
    attendance: Sequence[Attendance] = ()
    presentations: Sequence[Presentation] = ()


@dataclass(frozen=True, slots=True)
class RedactedSection:
    """One written section: its template title and its (redacted) text."""

    key: str
    title: str
    text: str


@dataclass(frozen=True, slots=True)
class RedactedSession:
    """One session as the copy shows it (all text already redacted).

    Attributes:
        held_on: the date in the group's home time zone.
        when: the local start time, the length and the mode, in words.
        attendance: lines such as "5 present, 1 apology", or with names.
        cases: one line per case presented.
        sections: the written sections, in the template's order.
    """

    held_on: dt.date
    when: str
    attendance: tuple[str, ...]
    cases: tuple[str, ...]
    sections: tuple[RedactedSection, ...]


@dataclass(frozen=True, slots=True)
class RedactedDocument:
    """A redacted copy of a group's sessions, oldest first.

    Attributes:
        title: "Session notes", followed by the group's name if kept.
        sessions: the sessions.
        options: what was kept.
        names: the roster and co-leader names (for the guard; never rendered
            unless `options.include_names`).
        pseudonyms: names of "the other" the leader recorded as pseudonyms.
    """

    title: str
    sessions: tuple[RedactedSession, ...]
    options: RedactionOptions
    names: tuple[str, ...] = field(default=(), repr=False)
    pseudonyms: tuple[str, ...] = field(default=(), repr=False)

    def notice(self) -> str:
        """Say what was left out and that the copy is not encrypted."""
        # Always: private sections never leave the vault; co-leaders' texts are theirs.
        left_out = ["private reflections and co-leaders' reflections left out"]
        if not self.options.include_names:
            left_out.insert(
                0,
                f"names on the roster replaced by {MEMBER_PLACEHOLDER}, "
                f"co-leaders' by {CO_LEADER_PLACEHOLDER} (other names written in the "
                "notes are not: read them before sharing)",
            )
        said = "; ".join(left_out).capitalize() + ". "
        return said + "This copy is not encrypted: keep it safe and destroy it when done."

    def plain_text(self) -> str:
        """Return every text of the copy, unescaped, for the guard."""
        parts = [self.title]
        for session in self.sessions:
            parts += [session.when, *session.attendance, *session.cases]
            for section in session.sections:
                parts += [section.title, section.text]
        return "\n\n".join(parts)


class NameRedactor:
    """Replaces members' and the co-leader's names with neutral placeholders."""

    def __init__(
        self, members: Iterable[str], co_leader: str = "", keep: Iterable[str] = ()
    ) -> None:
        """Prepare one pattern for all names, longest first.

        Args:
            members: roster pseudonyms (initials, codes or names).
            co_leader: the group's co-leader field ("Dr B. Co, Sam Lee").
            keep: pseudonyms of "the other" to leave whole, so the roster's
                initial "A" does not turn "Mrs A" into "Mrs [member]"; a
                pseudonym that is also a member's name is still replaced.
        """
        placeholders: dict[str, str | None] = {}
        patterns: dict[str, str] = {}
        co_leaders = [p for p in _CO_LEADER_SPLIT.split(co_leader) if p.strip()]
        members = list(members)
        for names, placeholder in (
            (keep, None),
            (co_leaders, CO_LEADER_PLACEHOLDER),
            (members, MEMBER_PLACEHOLDER),
        ):
            for raw in names:
                name = " ".join(unicodedata.normalize("NFC", raw).split())
                if not name.strip(".,"):
                    continue
                variants = _variants(name) if placeholder else [(name, f"(?i:{_words(name)})")]
                for variant, pattern in variants:
                    key = _APOSTROPHES.sub("'", variant).casefold()
                    placeholders[key] = placeholder  # members win a clash
                    patterns.setdefault(variant, pattern)
        self.names = tuple(sorted({" ".join(n.split()) for n in (*co_leaders, *members)} - {""}))
        self._placeholders = placeholders
        body = "|".join(patterns[v] for v in sorted(patterns, key=lambda v: (-len(v), v)))
        self._pattern = re.compile(rf"(?<!\w)(?:{body})(?!\w)") if body else None

    def __call__(self, text: str) -> str:
        """Return `text` with every name replaced (the text in NFC form)."""
        if self._pattern is None or not text:
            return text
        return self._pattern.sub(self._placeholder, unicodedata.normalize("NFC", text))

    def _placeholder(self, match: re.Match[str]) -> str:
        found = _APOSTROPHES.sub("'", " ".join(match.group().split())).casefold()
        placeholder = self._placeholders.get(found, MEMBER_PLACEHOLDER)
        return match.group() if placeholder is None else placeholder


#: Straight and typographic apostrophes are the same letter in a name (O'Brien).
_APOSTROPHES = re.compile("['\u2019\u02bc]")


def _escape(word: str) -> str:
    return "".join("['\u2019\u02bc]" if _APOSTROPHES.match(c) else re.escape(c) for c in word)


def _words(name: str) -> str:
    return r"\s+".join(_escape(word) for word in name.split())


def _variants(name: str) -> list[tuple[str, str]]:
    """The name itself (any case; one letter: as written) and the words of a longer name.

    A single word of a name ("Anna" of "Anna Smith") is matched when written
    with a capital ("Anna", "ANNA"), however the roster spells it, so that
    common words ("rose", "field") in the notes are left alone.
    """
    whole = _words(name)
    found = [(name, whole if len(name) == 1 else f"(?i:{whole})")]
    words = name.split()
    if len(words) > 1:
        for word in (w.strip(".,") for w in words):
            capitalised = word[:1].upper() + word[1:].lower()
            if len(word) >= 2 and capitalised not in TITLES and word.lower() not in PARTICLES:
                first = re.escape(word[0].upper())
                found.append((word, f"{first}(?i:{_escape(word[1:])})"))
    return found


def build_document(
    group: Group,
    members: Sequence[Member],
    records: Sequence[SessionRecord],
    options: RedactionOptions | None = None,
    co_leaders: Iterable[str] = (),
) -> RedactedDocument:
    """Return the redacted copy of `records`, all from `group`, oldest first.

    `co_leaders` are the names of the leader's co-leaders (Share > Co-leaders),
    replaced like the group's own co-leader field.

    Raises:
        InvalidInput: no sessions, or a session of another group.
    """
    options = options or RedactionOptions()
    if not records:
        raise InvalidInput("Choose at least one session to export.")
    if any(record.session.group_id != group.id for record in records):
        raise InvalidInput("A copy holds the sessions of one group.")
    pseudonyms = tuple(
        dict.fromkeys(
            p.other_pseudonym for r in records for p in r.presentations if p.other_pseudonym
        )
    )
    co_leader = ", ".join([group.co_leader, *co_leaders])
    redactor = NameRedactor((m.pseudonym for m in members), co_leader, keep=pseudonyms)
    redact: Callable[[str], str] = _unchanged if options.include_names else redactor
    names = {member.id: member.pseudonym for member in members}
    title = "Session notes"
    if options.include_group_name and group.name.strip():
        title += f" — {redact(group.name.strip())}"
    ordered = sorted(records, key=lambda r: (r.session.held_on, r.session.starts_at, r.session.id))
    sessions = tuple(
        RedactedSession(
            held_on=record.session.held_on,
            when=_when(record.session, group),
            attendance=_attendance(record.attendance, names, options.include_names),
            cases=tuple(
                redact(_case(p, names, options.include_names)) for p in record.presentations
            ),
            sections=_sections(record, redact),
        )
        for record in ordered
    )
    return RedactedDocument(title, sessions, options, redactor.names, pseudonyms)


def _when(session: Session, group: Group) -> str:
    try:
        local = session.starts_at.astimezone(zoneinfo.ZoneInfo(group.time_zone))
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        local = session.starts_at
    hour = local.hour % 12 or 12
    clock = f"{hour}:{local.minute:02d} {'am' if local.hour < 12 else 'pm'} {local.tzname() or ''}"
    parts = [clock.strip(), f"{session.duration_minutes} minutes", _MODES.get(session.mode, "")]
    if session.status in _STATUSES:
        parts.append(_STATUSES[session.status])
    return " · ".join(part for part in parts if part)


def _attendance(
    rows: Sequence[Attendance], names: dict[int, str], include_names: bool
) -> tuple[str, ...]:
    if not rows:
        return ()
    by_status: dict[str, list[str]] = {"present": [], "apology": [], "absent": []}
    for row in rows:
        name = names.get(row.member_id, MEMBER_PLACEHOLDER)
        by_status[row.status].append(f"{name} (presented)" if row.presented else name)
    if not include_names:
        counts = [
            f"{len(by_status['present'])} present",
            _plural(len(by_status["apology"]), "apology", "apologies"),
            f"{len(by_status['absent'])} absent",
        ]
        return ("Attendance: " + ", ".join(c for c in counts if not c.startswith("0 ")),)
    words = {"present": "Present", "apology": "Apologies", "absent": "Absent"}
    return tuple(f"{words[status]}: {', '.join(who)}" for status, who in by_status.items() if who)


def _case(presentation: Presentation, names: dict[int, str], include_names: bool) -> str:
    kind = presentation.other_kind
    line = f"Case {presentation.position}"
    if presentation.presenter_id is not None:
        presenter = names.get(presentation.presenter_id, "") if include_names else ""
        line += f", presented by {presenter or MEMBER_PLACEHOLDER}"
    if presentation.other_pseudonym:
        line += f": the {kind} “{presentation.other_pseudonym}”"
    else:
        line += f": the {kind}"
    if presentation.summary:
        line += f" — {presentation.summary}"
    return line


def _sections(record: SessionRecord, redact: Callable[[str], str]) -> tuple[RedactedSection, ...]:
    kept = []
    for spec in record.template.sections:
        text = record.reflection.sections.get(spec.key, "").strip()
        if not text or is_private(spec):
            continue  # a private section never leaves the vault (T13)
        kept.append(RedactedSection(spec.key, spec.title, redact(text)))
    # Sections the template no longer lists are left out: nothing says they are not private.
    return tuple(kept)


def _unchanged(text: str) -> str:
    return text


def _plural(count: int, one: str, many: str) -> str:
    return f"{count} {one if count == 1 else many}"


def identifiers(document: RedactedDocument, today: dt.date | None = None) -> list[IdentifierSpan]:
    """Return what the de-identification guard finds in the copy's text.

    The roster and co-leader names are passed to the guard, so a leader who
    chose to keep names is still told about them.
    """
    return find_identifiers(
        document.plain_text(), document.names, pseudonyms=document.pseudonyms, today=today
    )


# -- Rendering ------------------------------------------------------------------


def long_date(day: dt.date) -> str:
    """Return e.g. "Thursday 12 March 2026"."""
    return f"{day.strftime('%A')} {day.day} {day.strftime('%B %Y')}"


_MD_SPECIAL = re.compile(r"([\\`*_<>#|~])")


def markdown_escape(text: str) -> str:
    """Escape the leader's text so no Markdown viewer reads it as markup.

    Emphasis, headings, tables, raw HTML and code are escaped; brackets stay
    readable ("[member]") but form no link, image or link reference
    ("[member]: http://…" would turn every placeholder into a link), so a
    viewer fetches nothing a note names. A viewer may still show a bare
    address as a link to click; it fetches nothing by itself.
    """
    escaped = _MD_SPECIAL.sub(r"\\\1", text)
    for opening, safe in (("![", "!\\["), ("](", "]\\("), ("]:", "]\\:"), ("][", "]\\[")):
        escaped = escaped.replace(opening, safe)
    return escaped


def to_markdown(document: RedactedDocument) -> str:
    """Render the copy as Markdown."""
    out = [f"# {markdown_escape(document.title)}", "", f"_{document.notice()}_", ""]
    for session in document.sessions:
        out += [f"## {long_date(session.held_on)}", ""]
        for line in (session.when, *session.attendance):
            out += [markdown_escape(line), ""]
        if session.cases:
            out += ["### Cases", "", *(f"- {markdown_escape(c)}" for c in session.cases), ""]
        for section in session.sections:
            out += [f"### {markdown_escape(section.title)}", "", markdown_escape(section.text), ""]
        if not session.sections:
            out += ["_Nothing written._", ""]
    return "\n".join(out)


def to_html(document: RedactedDocument) -> str:
    """Render the copy as simple HTML for a PDF or the printer; all text escaped."""
    esc = html.escape
    out = [
        f"<h1>{esc(document.title)}</h1>",
        f"<p><i>{esc(document.notice())}</i></p>",
    ]
    for index, session in enumerate(document.sessions):
        # Each session on a page of its own, so pages can be filed or shredded separately.
        style = ' style="page-break-before: always"' if index else ""
        out.append(f"<h2{style}>{esc(long_date(session.held_on))}</h2>")
        out.append(
            "<p>" + "<br>".join(esc(line) for line in (session.when, *session.attendance)) + "</p>"
        )
        if session.cases:
            out.append(
                "<h3>Cases</h3><ul>"
                + "".join(f"<li>{esc(c)}</li>" for c in session.cases)
                + "</ul>"
            )
        for section in session.sections:
            out.append(f"<h3>{esc(section.title)}</h3>")
            out.append(_html_paragraphs(section.text))
        if not session.sections:
            out.append("<p><i>Nothing written.</i></p>")
    return "<html><body>" + "\n".join(out) + "</body></html>"


def _html_paragraphs(text: str) -> str:
    paragraphs = re.split(r"\n\s*\n", text)
    return "".join(
        "<p>" + "<br>".join(html.escape(line) for line in p.splitlines()) + "</p>"
        for p in paragraphs
        if p.strip()
    )
