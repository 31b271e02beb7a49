"""The search language: what a person types, parsed, and turned into safe FTS5.

Pure Python: no database, no Qt. `parse` never raises; anything it cannot use
becomes a plain-words message in `Query.messages` and the rest still runs.
`fts_expression` builds the MATCH string, in which every typed word is a
double-quoted FTS5 string, so NEAR, AND, NOT, ^, +, {}, : and brackets are
always searched for as text and never act as syntax.

How to search (this part can be shown to people as help):

- Words: every word must appear. Capitals and accents don't matter.
- "Exact phrase": words in double quotes must appear together, in that order.
  A quote with no closing quote runs to the end of the search.
- Prefix: a star at the end finds words that start with what comes before it
  (proj* finds project and projection). It needs at least two letters first.
- Leave out: a minus in front of a word or a quoted phrase leaves out notes
  that contain it. A search of only left-out words finds nothing.
- OR: OR in capitals between two words finds either. shame OR guilt rescue
  finds (shame or guilt) and rescue; a OR b OR c finds any of the three.
  OR joins only the words right beside it. An OR at the start or end, or
  twice in a row, is ignored; "or" in small letters is an ordinary word.
- Filters, written name:value or name:"value with spaces" (the name may be in
  any case):
  - group:, tag:, presenter: only notes of that group, tag or presenter.
    Several of one kind find any of them.
  - section: only that part of the reflection, by its name (group_process)
    or a word of its heading (process, debrief, private, return). Several
    find any of them.
  - after:, before:, on: take 2025, 2025-03 or 2025-03-14 (2025/3/14 works
    too). after: starts on the first day of the period; before: ends the day
    before the period begins; on: is the whole period. Several are combined.
  - Anything else with a colon, such as note:this, is searched as text.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field

from balint_desktop.core.templates import DEFAULT_TEMPLATE, SECTION_KEYS

#: Words beyond this many add nothing a person meant and only cost time.
MAX_TERMS = 64

HELP = """\
Searching your notes

  transference rescue    both words, in any case, with or without accents
  "parallel process"     these words together, in this order
  proj*                  words starting with proj: project, projection
  shame -guilt           shame but not guilt; -"bad day" leaves out a phrase
  shame OR guilt rescue  shame or guilt, and rescue (OR in capitals)
  group:Tuesday          only that group; also tag:grief and presenter:"Dr A"
  section:process        only that part: case, relationship, process,
                         leadership, return, private, debrief, follow-up,
                         atmosphere
  after:2025-03          from 1 March 2025 on
  before:2025            up to 31 December 2024
  on:2025-03-14          only that day (on:2025-03 is the whole month)

Search looks through your own reflections. Co-leaders' reflections that
you merged are shown with each session but are not searched.
"""

#: Filter names a person can type before a colon.
_FILTERS = frozenset({"group", "tag", "presenter", "section", "after", "before", "on"})
#: Heading words too common or too short to name one section.
_FILLER = frozenset({"the", "and", "own", "my", "co", "up", "s", "of", "a"})
_DATE = re.compile(r"([0-9]{4})(?:[-/]([0-9]{1,2})(?:[-/]([0-9]{1,2}))?)?")
_COLUMN = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
_FTS5_KEYWORDS = frozenset({"AND", "OR", "NOT", "NEAR"})
_ONE_DAY = dt.timedelta(days=1)


def normalise(word: str) -> str:
    """Return `word` without accents and in folded case, for highlighting.

    NFKD splits accented letters into base letter and combining mark; the
    marks are dropped and the rest casefolded ("Übertragung" -> "ubertragung",
    "Straße" -> "strasse").
    """
    for _ in range(2):  # casefolding can make new combining marks ("İ")
        decomposed = unicodedata.normalize("NFKD", word)
        word = "".join(ch for ch in decomposed if not unicodedata.combining(ch)).casefold()
    return word


def _words(text: str) -> list[str]:
    return re.findall(r"[^\W_]+", normalise(text))


def _section_aliases() -> dict[str, str]:
    aliases: dict[str, str] = {}
    ambiguous: set[str] = set()
    for spec in DEFAULT_TEMPLATE.sections:
        names = {spec.key, spec.key.replace("_", "")}
        names.update(w for w in _words(spec.title) if w not in _FILLER and len(w) > 2)
        # Hyphenated heading words also without the hyphen: "co-leader" -> "coleader".
        names.update(m.replace("-", "") for m in re.findall(r"\w+(?:-\w+)+", normalise(spec.title)))
        for name in names:
            if aliases.setdefault(name, spec.key) != spec.key:
                ambiguous.add(name)
    return {name: key for name, key in aliases.items() if name not in ambiguous}


#: Word -> section key: every key, its key without underscores and each
#: distinctive word of its heading ("process" -> "group_process").
SECTION_ALIASES: dict[str, str] = _section_aliases()


def resolve_section(value: str) -> str | None:
    """Return the section key `value` names, or None if it names none.

    Accepts a key ("group_process"), a heading word ("process", "debrief"),
    or several words that all point at one section ("group process",
    "co-leader debrief"), in any case and with or without accents.
    """
    words = _words(value)
    if not words:
        return None
    direct = SECTION_ALIASES.get("_".join(words)) or SECTION_ALIASES.get("".join(words))
    if direct is not None:
        return direct
    keys = {SECTION_ALIASES.get(w) for w in words if w not in _FILLER}
    if len(keys) == 1:
        return keys.pop()  # None when no word named a section
    return None


@dataclass(frozen=True, slots=True)
class Term:
    """One thing to look for.

    Attributes:
        text: what was typed, without the leading minus or trailing star.
        prefix: match words starting with the last word of `text`.
        phrase: typed in double quotes (all its words, in order).
    """

    text: str
    prefix: bool = False
    phrase: bool = False


@dataclass(frozen=True, slots=True)
class Query:
    """A parsed search.

    Attributes:
        must: groups that must all match; a group matches if any of its terms does.
        exclude: terms a matching note must not contain.
        groups: group names, as typed; a note of any of them matches.
        tags: tag names, as typed; any of them.
        presenters: presenter names or codes, as typed; any of them.
        sections: section keys to search in; empty means every section.
        since: first day included, if limited.
        until: last day included, if limited. since > until means no day can
            match (a message then says so).
        messages: notes for the person about what was ignored, in plain words.
    """

    must: tuple[tuple[Term, ...], ...] = ()
    exclude: tuple[Term, ...] = ()
    groups: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()
    presenters: tuple[str, ...] = ()
    sections: tuple[str, ...] = ()
    since: dt.date | None = None
    until: dt.date | None = None
    messages: tuple[str, ...] = ()

    @property
    def terms(self) -> tuple[Term, ...]:
        """Return every positive term once, in order, for highlighting."""
        return tuple(dict.fromkeys(term for group in self.must for term in group))


def _clean(text: str) -> str:
    """Drop what SQLite cannot take: lone surrogates become "?", NUL a space."""
    return text.encode("utf-8", "replace").decode("utf-8").replace("\x00", " ")


def _has_alnum(text: str) -> bool:
    return any(ch.isalnum() for ch in text)


def _period(value: str) -> tuple[dt.date, dt.date] | None:
    """Return the first and last day of "2025", "2025-03" or "2025-03-14"."""
    match = _DATE.fullmatch(value)
    if match is None:
        return None
    year = int(match[1])
    try:
        if match[2] is None:
            return dt.date(year, 1, 1), dt.date(year, 12, 31)
        month = int(match[2])
        if match[3] is None:
            last = calendar.monthrange(year, month)[1]
            return dt.date(year, month, 1), dt.date(year, month, last)
        first = dt.date(year, month, int(match[3]))
    except ValueError:
        return None
    return first, first


@dataclass
class _Builder:
    """Collects a query while `parse` walks the text."""

    must: list[list[Term]] = field(default_factory=list)
    exclude: list[Term] = field(default_factory=list)
    values: dict[str, list[str]] = field(default_factory=dict)
    since: dt.date | None = None
    until: dt.date | None = None
    no_days: bool = False
    messages: list[str] = field(default_factory=list)
    seen: set[Term] = field(default_factory=set)
    capped: bool = False
    after_term: bool = False  # the last thing kept was a positive term
    pending_or: bool = False  # ... followed by OR

    def _room(self, term: Term) -> bool:
        if term in self.seen or len(self.seen) < MAX_TERMS:
            self.seen.add(term)
            return True
        self.capped = True
        return False

    def term(self, term: Term, negate: bool) -> None:
        if not _has_alnum(term.text) or not self._room(term):
            return
        if negate:
            self.exclude.append(term)
            self.after_term = self.pending_or = False
            return
        if self.pending_or and self.must:
            self.must[-1].append(term)
        else:
            self.must.append([term])
        self.after_term, self.pending_or = True, False

    def word(self, word: str) -> None:
        negate = word.startswith("-")
        if negate:
            word = word[1:]
        stem = word.rstrip("*")
        prefix = stem != word and sum(ch.isalnum() for ch in stem) >= 2
        self.term(Term(stem, prefix=prefix), negate)

    def or_(self) -> None:
        if self.after_term:
            self.pending_or = True

    def phrase(self, text: str, negate: bool) -> None:
        self.term(Term(" ".join(text.split()), phrase=True), negate)

    def filter(self, name: str, value: str, negate: bool) -> None:
        self.after_term = self.pending_or = False
        if negate:
            self.messages.append(f"A minus can't leave out a filter; {name}: was ignored.")
            return
        value = value.strip()
        if name in ("group", "tag", "presenter"):
            if value:
                self.values.setdefault(name, []).append(value)
            else:
                self.messages.append(f"{name}: needs a name — it was ignored.")
        elif name == "section":
            key = resolve_section(value)
            if key is None:
                names = ", ".join(SECTION_KEYS)
                self.messages.append(f"section: needs one of {names} — it was ignored.")
            else:
                self.values.setdefault(name, []).append(key)
        else:
            self.date(name, value)

    def date(self, name: str, value: str) -> None:
        period = _period(value)
        if period is None:
            self.messages.append(
                f"{name}: needs a date such as 2025, 2025-03 or 2025-03-14 — it was ignored."
            )
            return
        first, last = period
        if name in ("after", "on"):
            self.since = first if self.since is None else max(self.since, first)
        if name == "on":
            self.until = last if self.until is None else min(self.until, last)
        if name == "before":
            if first == dt.date.min:
                self.no_days = True
            else:
                end = first - _ONE_DAY
                self.until = end if self.until is None else min(self.until, end)

    def build(self) -> Query:
        since, until = self.since, self.until
        if self.no_days or (since is not None and until is not None and since > until):
            self.messages.append("No day fits all the date filters, so nothing can match.")
            if self.no_days:  # "before:0001" has no last day to give
                since, until = dt.date.max, dt.date.min
        if self.capped:
            self.messages.append(f"Only the first {MAX_TERMS} words were searched.")
        must = tuple(dict.fromkeys(tuple(dict.fromkeys(group)) for group in self.must))
        if not must and self.exclude:
            self.messages.append("Add a word to search for; - only excludes.")

        def values(name: str) -> tuple[str, ...]:
            return tuple(dict.fromkeys(self.values.get(name, ())))

        return Query(
            must=must,
            exclude=tuple(dict.fromkeys(self.exclude)),
            groups=values("group"),
            tags=values("tag"),
            presenters=values("presenter"),
            sections=values("section"),
            since=since,
            until=until,
            messages=tuple(dict.fromkeys(self.messages)),
        )


def _quoted(text: str, start: int) -> tuple[str, int]:
    """Return the text inside the quote at `start` and the index after it."""
    end = text.find('"', start + 1)
    if end < 0:
        return text[start + 1 :], len(text)
    return text[start + 1 : end], end + 1


def parse(text: str) -> Query:
    """Return the query `text` describes; never raises.

    See the module docstring for the language.
    """
    text = _clean(text)
    builder = _Builder()
    i, n = 0, len(text)
    while i < n:
        ch = text[i]
        if ch.isspace():
            i += 1
            continue
        if ch == '"' or text.startswith('-"', i):
            negate = ch == "-"
            phrase, i = _quoted(text, i + 1 if negate else i)
            builder.phrase(phrase, negate)
            continue
        j = i
        while j < n and text[j] != '"' and not text[j].isspace():
            j += 1
        word = text[i:j]
        negate = word.startswith("-")
        name, colon, value = word.removeprefix("-").partition(":")
        name = name.casefold()
        if colon and name in _FILTERS:
            if not value and text.startswith('"', j):
                value, j = _quoted(text, j)
            builder.filter(name, value, negate)
        elif word == "OR":
            builder.or_()
        else:
            builder.word(word)
        i = j
    return builder.build()


def _fts_string(term: Term) -> str | None:
    text = _clean(term.text)
    if not _has_alnum(text):
        return None
    quoted = '"' + text.replace('"', '""') + '"'
    return quoted + " *" if term.prefix else quoted


def fts_expression(query: Query, columns: Sequence[str] | None = None) -> str | None:
    """Return the FTS5 MATCH expression for `query`, or None if nothing positive remains.

    Every term is a double-quoted FTS5 string, so nothing typed is syntax.
    Groups are joined by AND, the terms of a group by OR, and excluded terms
    follow NOT. At most MAX_TERMS terms are used, positive ones first. A
    column filter covers the whole expression, exclusions included: a note is
    left out only if the excluded word is in one of those columns.

    Args:
        query: a parsed query; its filters other than text are the caller's.
        columns: FTS5 column names of the table, to search only in those (the
            caller maps `query.sections` to them); None or empty: every column.

    Raises:
        ValueError: a column name is not a plain identifier.
    """
    budget = MAX_TERMS
    parts: list[str] = []
    for group in query.must:
        alternatives = []
        for term in group:
            quoted = _fts_string(term) if budget > 0 else None
            if quoted is not None:
                alternatives.append(quoted)
                budget -= 1
        if len(alternatives) == 1:
            parts.append(alternatives[0])
        elif alternatives:
            parts.append("(" + " OR ".join(alternatives) + ")")
    if not parts:
        return None
    expression = " AND ".join(parts)
    excluded = []
    for term in query.exclude:
        quoted = _fts_string(term) if budget > 0 else None
        if quoted is not None:
            excluded.append(quoted)
            budget -= 1
    if excluded:
        expression = f"({expression}) NOT ({' OR '.join(excluded)})"
    if columns:
        for column in columns:
            if not _COLUMN.fullmatch(column) or column.upper() in _FTS5_KEYWORDS:
                raise ValueError(f"not an FTS5 column name: {column!r}")
        expression = "{" + " ".join(columns) + "} : (" + expression + ")"
    return expression
