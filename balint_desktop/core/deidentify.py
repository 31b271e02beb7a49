"""The de-identification guard: find likely identifiers in a leader's notes.

`find_identifiers` runs on every pause in typing and before any export; it
never blocks anything, it only highlights, and `replace` swaps a highlighted
span for a neutral placeholder (`suggest_pseudonym`). It is pure Python with
the `phonenumbers` library: no network, no model, no Qt.

What it flags (`IdentifierSpan.kind`):

* ``name``: roster names (each name given, whole words, case-insensitive; the
  single words of a multi-word roster name only when capitalised); a title and
  a capitalised word ("Dr Chen" flags "Chen": titles stay, so a replacement
  reads "Dr [name]"); a common given name followed by a capitalised word
  ("Rebecca Thornton"); a lone common given name right after a relation word
  ("her husband Greg", "his partner, Mitchell", "her real name is Charlotte").
  A lone given name anywhere else is treated as a pseudonym and not flagged,
  nor are place and institution names ("Alice Springs", "Alfred Hospital")
  or authors a group cites ("Enid Balint", "Winnicott").
* ``phone``: `phonenumbers.PhoneNumberMatcher` for AU, NZ, GB and US with
  leniency VALID, merged; plus numbers written with a leading 0 or + that are
  only *possible* (drama ranges such as 07700 900xxx, or a digit wrong), and
  numbers written side by side with only a space between them. Public
  helplines (Lifeline 13 11 14, Samaritans 116 123, 000, 911…) are not
  identifiers; runs of more than 40 digits (a pasted table) are not examined.
* ``email`` and ``url``: by pattern.
* ``birth_date``: a date with day, month and a four-digit year ≥ 1900
  ("12/03/1954", "1954-03-12", "12 March 1954", "March 12, 1954"), when a
  birth word (born, DOB, d.o.b., date of birth, birthday, aged) is within 40
  characters before or 30 after it, or when its year is at least 15 years ago
  (an old full date in a reflection is most likely someone's birth date, and
  identifying whatever it is). Next to a birth word, two-digit years
  ("DOB 4/5/54") and month-and-year ("born in March 1962") count too. Meeting
  dates ("12 March", "12 March 2026") and years alone are not identifiers.
* ``medicare`` (AU), ``nhs`` (UK), ``nhi`` (NZ): numbers that pass their check
  digit (see `deidentify_rules`). A Medicare number must be written 4-5-1
  ("2123 45670 1") or have "Medicare" nearby; an NHS number 3-3-4 with spaces
  (not starting with 0) or have "NHS" nearby, so a US phone number that
  happens to pass mod 11 stays a phone. NHI numbers need only their checksum.
* ``address``: a street number (optionally "Unit 3," / "3/" / "Level 4,"),
  one to three capitalised words and a street type ("14 Rosella Street",
  "52 Queen St"); "PO Box 123", "Private Bag 3015", "Locked Bag 9".

Pseudonyms are never flagged: a single capital after a title ("Mrs A",
"Dr K."), codes ("P3"), initials ("RM"), anything passed in `pseudonyms`, and
names the text itself declares: "a client I'll call Sam", "let's call him
Ben", "Ruth (not her real name)", "her pseudonym here is Grace". Roster
entries that are themselves codes or initials are skipped.

Spans are sorted and never overlap: when candidates collide the more specific
kind wins (checked numbers, then e-mail, link, address, date of birth, phone,
name), and within a kind the longer span.

Cost: a 2,000-word reflection takes about 3 ms, plus about 0.4 ms for each
phone-like run of digits (the matcher is the slow part).
"""

from __future__ import annotations

import bisect
import datetime as dt
import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass

import phonenumbers

from balint_desktop.core import deidentify_rules as rules

#: Every kind `find_identifiers` reports.
KINDS = ("name", "phone", "email", "birth_date", "medicare", "nhi", "nhs", "address", "url")

_PLACEHOLDERS = {
    "name": "[name]",
    "phone": "[phone]",
    "email": "[email]",
    "birth_date": "[date of birth]",
    "medicare": "[Medicare number]",
    "nhi": "[NHI number]",
    "nhs": "[NHS number]",
    "address": "[address]",
    "url": "[link]",
}

#: Which kind wins an overlap (lower first); within a kind the longer span wins.
_RANK = {
    "medicare": 0,
    "nhs": 0,
    "nhi": 0,
    "email": 1,
    "url": 2,
    "address": 3,
    "birth_date": 4,
    "phone": 5,
    "name": 6,
}

Candidate = tuple[int, int, str]
Window = tuple[int, int]


@dataclass(frozen=True, slots=True)
class IdentifierSpan:
    """One likely identifier: ``text[start:end]``, of a kind in `KINDS`."""

    start: int
    end: int
    kind: str
    text: str


def find_identifiers(
    text: str,
    names: Iterable[str] = (),
    *,
    pseudonyms: Iterable[str] = (),
    today: dt.date | None = None,
) -> list[IdentifierSpan]:
    """Return the likely identifiers in `text`, sorted by position and non-overlapping.

    Args:
        text: a reflection or any part of one.
        names: roster names to flag wherever they appear.
        pseudonyms: names the leader has declared as pseudonyms (never flagged).
        today: the day that decides which years are "old"; today by default.
    """
    if not text:
        return []
    today = today or dt.date.today()
    folded = text.casefold()
    runs = [m.span() for m in rules.DIGIT_RUN.finditer(text)]
    candidates: list[Candidate] = [
        *_numbers(text, runs),
        *_emails_and_links(text, folded),
        *_addresses(text, runs),
        *_dates(text, runs, today),
    ]
    candidates += _phones(text, [(s, e) for s, e, _ in candidates])
    candidates += _names(text, folded, tuple(names), pseudonyms)
    chosen: list[Candidate] = []  # sorted by start, never overlapping
    for start, end, kind in sorted(set(candidates), key=lambda c: (_RANK[c[2]], c[0] - c[1], c[0])):
        index = bisect.bisect(chosen, (start, end, kind))
        if (index == 0 or chosen[index - 1][1] <= start) and (
            index == len(chosen) or end <= chosen[index][0]
        ):
            chosen.insert(index, (start, end, kind))
    return [IdentifierSpan(s, e, k, text[s:e]) for s, e, k in chosen]


def suggest_pseudonym(span: IdentifierSpan) -> str:
    """Return the neutral placeholder for `span`'s kind, e.g. "[name]"."""
    return _PLACEHOLDERS.get(span.kind, "[removed]")


def replace(text: str, spans: Sequence[IdentifierSpan]) -> str:
    """Return `text` with each span replaced by its `suggest_pseudonym`.

    Raises:
        ValueError: a span is out of bounds, overlaps another, or no longer
            matches the text (it was found in an earlier version of it).
    """
    parts: list[str] = []
    position = 0
    for span in sorted(spans, key=lambda s: (s.start, s.end)):
        if not 0 <= span.start <= span.end <= len(text) or span.start < position:
            raise ValueError(f"span {span.start}:{span.end} is out of bounds or overlaps")
        if text[span.start : span.end] != span.text:
            raise ValueError(f"span {span.start}:{span.end} no longer matches the text")
        parts += [text[position : span.start], suggest_pseudonym(span)]
        position = span.end
    parts.append(text[position:])
    return "".join(parts)


# -- Scanning only where it can matter ------------------------------------------
#
# Most patterns need digits, an "@" or a keyword, so they run only in windows
# around those: a 2,000-word reflection is scanned in a few milliseconds.


def _windows(spans: Iterable[Window], before: int, after: int, length: int) -> list[Window]:
    """Merge the spans, each widened by `before` and `after` characters."""
    merged: list[Window] = []
    for start, end in sorted(spans):
        start, end = max(0, start - before), min(length, end + after)
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


def _scan(pattern: re.Pattern[str], text: str, windows: list[Window]) -> Iterator[re.Match[str]]:
    """Matches inside the windows; lookbehinds see the whole text, lookaheads 2 characters."""
    for start, end in windows:
        for match in pattern.finditer(text, start, end):
            if match.end() + 2 <= end or end == len(text):
                yield match


def _near(text: str, start: int, end: int, pattern: re.Pattern[str], before: int = 40) -> bool:
    """Whether `pattern` occurs up to `before` characters before a span or 30 after it."""
    return bool(
        pattern.search(text, max(0, start - before), start)
        or pattern.search(text, end, min(len(text), end + 30))
    )


def _find_all(haystack: str, needle: str) -> Iterator[int]:
    index = haystack.find(needle)
    while index >= 0:
        yield index
        index = haystack.find(needle, index + 1)


def _digits(value: str) -> str:
    return "".join(c for c in value if c.isdecimal())


# -- Numbers with check digits --------------------------------------------------


def _numbers(text: str, runs: list[Window]) -> Iterator[Candidate]:
    windows = _windows((r for r in runs if r[1] - r[0] >= 2), 4, 16, len(text))
    for match in _scan(rules.MEDICARE, text, windows):
        spaced = match.group(1) == " " and len(match.group()) in (12, 14)
        if rules.medicare_valid(match.group()) and (
            spaced or _near(text, match.start(), match.end(), rules.MEDICARE_WORD)
        ):
            yield match.start(), match.end(), "medicare"
    for match in _scan(rules.NHS, text, windows):
        spaced = match.group(1) == " " and not match.group().startswith("0")
        if rules.nhs_valid(match.group()) and (
            spaced or _near(text, match.start(), match.end(), rules.NHS_WORD)
        ):
            yield match.start(), match.end(), "nhs"
    for match in _scan(rules.NHI, text, windows):
        if rules.nhi_valid(match.group()):
            yield match.start(), match.end(), "nhi"


# -- E-mail, links and addresses ----------------------------------------------


def _emails_and_links(text: str, folded: str) -> Iterator[Candidate]:
    if "@" in text:
        ats = [(i, i + 1) for i in _find_all(text, "@")]
        for match in _scan(rules.EMAIL, text, _windows(ats, 64, 256, len(text))):
            yield match.start(), match.end(), "email"
    if "http" in folded or "www." in folded:
        for match in rules.URL.finditer(text):
            end = match.end()
            while text[end - 1] in ".,;:!?":
                end -= 1
            if end - match.start() > 4:
                yield match.start(), end, "url"


def _addresses(text: str, runs: list[Window]) -> Iterator[Candidate]:
    for match in _scan(rules.ADDRESS, text, _windows(runs, 14, 80, len(text))):
        yield match.start(), match.end(), "address"
    for match in _scan(rules.PO_BOX, text, _windows(runs, 24, 8, len(text))):
        yield match.start(), match.end(), "address"


# -- Dates of birth --------------------------------------------------------------


def _valid_day(year: int, month: int, day: int) -> bool:
    try:
        dt.date(year, month, day)
    except ValueError:
        return False
    return True


def _dates(text: str, runs: list[Window], today: dt.date) -> Iterator[Candidate]:
    """Full dates that are (or may well be) dates of birth; see the module's rules."""
    years = [
        (start, end)
        for start, end in runs
        if (end - start == 4 and 1900 <= int(text[start:end]) <= today.year)
        or (end - start == 2 and start >= 2 and text[start - 1] in "/.-")
    ]
    windows = _windows(years, 32, 12, len(text))
    for pattern in rules.DATES:
        for match in _scan(pattern, text, windows):
            start, end = match.span()
            context = _near(text, start, end, rules.BIRTH_WORD)
            raw_year = match.group("y")
            if len(raw_year) == 2:
                if not rules.BIRTH_WORD.search(text, max(0, start - 15), start):
                    continue
                year = int(raw_year) + (1900 if int(raw_year) > today.year % 100 else 2000)
            else:
                year = int(raw_year)
            if not 1900 <= year <= (today.year if context else today.year - 15):
                continue
            day = int(match.group("a"))
            if "m" in match.groupdict():
                if _valid_day(year, rules.MONTH_NUMBER[match.group("m").casefold()], day):
                    yield start, end, "birth_date"
            else:
                other = int(match.group("b"))
                if _valid_day(year, other, day) or _valid_day(year, day, other):
                    yield start, end, "birth_date"
    for match in _scan(rules.MONTH_YEAR, text, windows):
        year = int(match.group("y"))
        if 1900 <= year <= today.year and _near(text, *match.span(), rules.BIRTH_WORD, 20):
            yield match.start(), match.end(), "birth_date"


# -- Phone numbers ---------------------------------------------------------------


def _phones(text: str, taken: list[Window]) -> Iterator[Candidate]:
    """Phone numbers, looked for only around runs of six or more digits.

    Runs inside a span already `taken` by a more specific kind (a date, a
    Medicare number) are skipped: they would lose the overlap anyway, and so
    are runs of more than 40 digits (a table of numbers, not prose). A window
    stops trying regions once every run in it is part of a valid number.
    """
    clusters = [
        m
        for m in rules.PHONE_CLUSTER.finditer(text)
        if 6 <= len(_digits(m.group())) <= 40
        and not any(s <= m.start() and m.end() <= e for s, e in taken)
    ]
    found: list[Window] = []
    for start, end in _windows((m.span() for m in clusters), 8, 8, len(text)):
        inside = [m for m in clusters if start <= m.start() and m.end() <= end]
        regions = dict.fromkeys(r for m in inside for r in rules.phone_regions(m.group()))
        for region in regions:
            for match in phonenumbers.PhoneNumberMatcher(
                text[start:end], region, leniency=phonenumbers.Leniency.VALID
            ):
                found.append((start + match.start, start + match.end))
            if all(any(s < m.end() and m.start() < e for s, e in found) for m in inside):
                break
    for cluster in clusters:
        raw = cluster.group().strip(" \t.-")
        if len(_digits(raw)) > 13:
            # Numbers side by side ("0491 570 156 0491 570 157") read as one by the matcher.
            found += _split(text, cluster)
        elif any(s < cluster.end() and cluster.start() < e for s, e in found):
            continue
        elif raw[:1] in "+0" and len(_digits(raw)) >= 9 and rules.possible_phone(raw):
            # Numbers that are only possible: drama ranges (07700 900xxx) or a digit wrong.
            start = cluster.start() + cluster.group().index(raw)
            found.append((start, start + len(raw)))
    for start, end in set(found):
        if text[start] == "(" and ")" not in text[start:end]:
            start += 1  # "(0491 570 158, ...)": the bracket belongs to the sentence
        raw = text[start:end]
        if _digits(raw) not in rules.HELPLINES and not rules.DATE_LIKE.fullmatch(raw):
            yield start, end, "phone"


def _split(text: str, cluster: re.Match[str]) -> list[Window]:
    """Numbers among the space-separated groups of a long run of digits, longest first.

    A number of several groups must start with "+", "0" or "(" (a US number
    written "617-555-0162" is one group), so that the end of one number and the
    start of the next are not read as a third.
    """
    groups = [
        (cluster.start() + m.start(), cluster.start() + m.end())
        for m in rules.PHONE_GROUP.finditer(cluster.group())
    ]
    found: list[Window] = []
    first = 0
    while first < len(groups):
        start = groups[first][0]
        for last in range(min(len(groups), first + 5) - 1, first - 1, -1):
            raw = text[start : groups[last][1]]
            count = len(_digits(raw))
            if not 6 <= count <= 15 or (last > first and raw[0] not in "+0("):
                continue
            if rules.valid_phone(raw) or (
                raw[0] in "+0" and 9 <= count <= 13 and rules.possible_phone(raw)
            ):
                found.append((start, groups[last][1]))
                first = last
                break
        first += 1
    return found


# -- Names -----------------------------------------------------------------------


def _names(
    text: str, folded: str, roster: tuple[str, ...], pseudonyms: Iterable[str]
) -> Iterator[Candidate]:
    declared = {" ".join(p.split()).casefold() for p in pseudonyms}
    aligned = len(folded) == len(text)  # casefolding kept every offset
    for keyword, before, after, pattern in rules.DECLARATIONS:
        if keyword not in folded:
            continue
        if aligned:
            cues = [(i, i + len(keyword)) for i in _find_all(folded, keyword)]
            matches: Iterable[re.Match[str]] = _scan(
                pattern, text, _windows(cues, before, after, len(text))
            )
        else:
            matches = pattern.finditer(text)
        declared.update(" ".join(m.group("name").split()).casefold() for m in matches)
    found: list[Window] = []
    full, parts, first_words = rules.roster_patterns(roster)
    if first_words:
        # Only where a roster word occurs at all (found by plain, fast substring search).
        longest = max(len(name) for name in roster)
        windows = (
            _windows(
                ((i, i + len(word)) for word in first_words for i in _find_all(folded, word)),
                0,
                longest + 2,
                len(text),
            )
            if aligned
            else [(0, len(text))]
        )
        if full is not None:
            found += (m.span() for m in _scan(full, text, windows))
        if parts is not None:
            found += (m.span() for m in _scan(parts, text, windows) if text[m.start()].isupper())
    for match in rules.AFTER_TITLE.finditer(text):
        found += _person(match.start("name"), list(rules.TOKEN.finditer(match.group("name"))), 1)
    for match in rules.NAME_RUN.finditer(text):
        tokens = list(rules.TOKEN.finditer(match.group()))
        for index, token in enumerate(tokens[:-1]):
            if _given(token.group()):
                found += _person(match.start(), tokens[index:], 2)
                break
    for match in rules.CAPITALISED.finditer(text):
        if _given(match.group()) and rules.RELATION_BEFORE.search(
            text, max(0, match.start() - 30), match.start()
        ):
            found.append(match.span())
    for start, end in set(found):
        name = " ".join(text[start:end].split())
        if name in rules.CITED_FIGURES or name.casefold() in declared:
            continue
        title = rules.TITLE_BEFORE.search(text, max(0, start - 12), start)
        if title and f"{title.group().strip()} {name}".casefold() in declared:
            continue
        yield start, end, "name"


def _given(word: str) -> bool:
    return word.casefold() in rules.GIVEN_NAMES and word not in rules.STOP_WORDS


def _person(offset: int, tokens: list[re.Match[str]], least: int) -> list[Window]:
    """The name in a run of capitalised tokens: up to the first stop word, `least` words."""
    kept: list[re.Match[str]] = []
    for token in tokens:
        word = token.group()
        if kept and (word in rules.INSTITUTION_WORDS or word in rules.PLACE_WORDS):
            return []  # "Alfred Hospital", "Victoria Park"
        if word in rules.STOP_WORDS and (kept or word not in rules.PLACE_WORDS):
            break  # but "Dr Park" is a person
        kept.append(token)
    while kept and kept[-1].group() in rules.PARTICLES:
        kept.pop()
    if len([t for t in kept if t.group() not in rules.PARTICLES]) < least:
        return []
    return [(offset + kept[0].start(), offset + kept[-1].end())]
