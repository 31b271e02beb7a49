"""Choosing the section to show for a hit and the best window of it, highlighted.

Snippets are made in Python from the stored text of the rows shown only
(the index is contentless). Words are compared as the index compares them:
letters and digits, accents removed, case folded. The work is done by
regular expressions on a folded copy of the text that keeps every
character's position, so a page of long reflections costs milliseconds.
"""

from __future__ import annotations

import html
import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache

#: How much each section counts when ranking and choosing what to show: the
#: case and the relationship say most about what a session was about.
SECTION_WEIGHTS: dict[str, float] = {
    "atmosphere": 0.7,
    "case": 3.0,
    "relationship": 3.0,
    "group_process": 1.5,
    "leadership": 1.5,
    "presenter_return": 1.5,
    "my_responses": 1.2,
    "co_leader_debrief": 1.0,
    "follow_up": 1.0,
    "other": 1.0,
}
_TOKEN = re.compile(r"[^\W_]+")
_WORD_END = r"(?![^\W_])"
_GAP = r"[\W_]+"


@dataclass(frozen=True, slots=True)
class Needle:
    """One thing to highlight: a word, a prefix, or a phrase of words."""

    words: tuple[str, ...]
    prefix: bool = False

    def pattern(self, partial: bool) -> re.Pattern[str]:
        """Return the regex finding this needle in folded text."""
        return _pattern(self.words, self.prefix, partial)


@lru_cache(maxsize=256)
def _pattern(words: tuple[str, ...], prefix: bool, partial: bool) -> re.Pattern[str]:
    # Starting with the literal word lets the regex engine skip ahead fast;
    # the start-of-word check is done by `_spans` (a look-behind at every
    # position made a page of results ten times slower).
    body = _GAP.join(re.escape(word) for word in words)
    if partial:
        return re.compile(body)
    tail = r"[^\W_]*" if prefix else ""
    return re.compile(f"{body}{tail}{_WORD_END}")


def normalise(word: str) -> str:
    """Return a word as the index sees it: no accents, case folded."""
    decomposed = unicodedata.normalize("NFKD", word)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch)).casefold()


@lru_cache(maxsize=4096)
def _fold_char(ch: str) -> str:
    folded = normalise(ch)
    # Keep positions: a character that folds to several (ß → ss) stays as it
    # is; the index keeps it whole too.
    return folded if len(folded) == 1 else ch


def fold(text: str) -> str:
    """Return `text` without accents and case, character for character."""
    lowered = text.lower()
    if len(lowered) != len(text):  # a rare letter lowers to two (İ)
        lowered = "".join(c.lower() if len(c.lower()) == 1 else c for c in text)
    if lowered.isascii():
        return lowered
    table = {ord(ch): _fold_char(ch) for ch in set(lowered) if not ch.isascii()}
    return lowered.translate(table)


def needles(terms: Iterable[tuple[str, bool]]) -> list[Needle]:
    """Turn (text, prefix) terms into needles of folded words."""
    result = []
    for text, prefix in terms:
        words = tuple(normalise(w) for w in _TOKEN.findall(text))
        if words:
            result.append(Needle(words, prefix))
    return result


def _spans(folded: str, needle: Needle, partial: bool) -> list[tuple[int, int]]:
    """Where a needle occurs: whole words (or prefixes), or inside longer words."""
    spans = []
    for match in needle.pattern(partial).finditer(folded):
        start, end = match.span()
        if partial:
            # Show the whole word that holds the part.
            while start > 0 and folded[start - 1].isalnum():
                start -= 1
            while end < len(folded) and folded[end].isalnum():
                end += 1
        elif start > 0 and folded[start - 1].isalnum():
            continue  # inside a longer word: not a whole-word match
        spans.append((start, end))
    return spans


def _matches(folded: str, found: Sequence[Needle], partial: bool) -> list[tuple[int, int, int]]:
    """Return (start, end, needle index) of every match, by character offset."""
    return [
        (start, end, index)
        for index, needle in enumerate(found)
        for start, end in _spans(folded, needle, partial)
    ]


def best_section(
    sections: Mapping[str, str], found: Sequence[Needle], allowed: Sequence[str] = ()
) -> str | None:
    """Return the section whose text matches best, weighing the case highest.

    Whole words anywhere beat partial matches anywhere.
    """
    folded = {key: fold(text) for key, text in sections.items() if not allowed or key in allowed}
    for partial in (False, True):
        best: tuple[float, str] | None = None
        for key, text in folded.items():
            counts = [len(_spans(text, needle, partial)) for needle in found]
            total = sum(counts)
            if not total:
                continue
            distinct = sum(1 for count in counts if count)
            score = (distinct * 10 + total) * SECTION_WEIGHTS.get(key, 1.0)
            if best is None or score > best[0]:
                best = (score, key)
        if best is not None:
            return best[1]
    return None


#: About how many characters a snippet shows (WINDOW_TOKENS words of prose).
WINDOW_CHARS = 200


def snippet_html(text: str, found: Sequence[Needle], window: int = WINDOW_CHARS) -> str:
    """Return the best window of `text` as HTML with every match in <b>.

    The window holds as many different search words as possible, then as
    many matches; it starts and ends on whole words; note text is escaped,
    so "<b>" in a note shows literally.
    """
    folded = fold(text)
    hits = _matches(folded, found, partial=False) or _matches(folded, found, partial=True)
    hits.sort()
    begin = _best_start(hits, window)
    # A little before the first hit, snapped to the start of a word.
    begin = max(0, min(begin - window // 4, len(text) - window))
    # Start and end between words (at white space), never inside one.
    while 0 < begin < len(text) and not text[begin - 1].isspace():
        begin -= 1
    end = min(len(text), begin + window)
    while end < len(text) and not text[end].isspace():
        end += 1
    shown = [(s, e) for s, e, _ in hits if s >= begin and e <= end]
    parts = ["…"] if begin > 0 else []
    cursor = begin
    for start, stop in _merged(shown):
        parts.append(html.escape(text[cursor:start], quote=False))
        parts.append(f"<b>{html.escape(text[start:stop], quote=False)}</b>")
        cursor = stop
    parts.append(html.escape(text[cursor:end], quote=False))
    if end < len(text):
        parts.append("…")
    return "".join(parts).strip()


def _merged(spans: Sequence[tuple[int, int]]) -> list[tuple[int, int]]:
    """Join overlapping spans, and spans separated by one space only."""
    merged: list[tuple[int, int]] = []
    for start, stop in spans:
        if merged and start <= merged[-1][1] + 1:
            merged[-1] = (merged[-1][0], max(stop, merged[-1][1]))
        else:
            merged.append((start, stop))
    return merged


def _best_start(hits: Sequence[tuple[int, int, int]], window: int) -> int:
    """Offset of the hit that starts the window with the most different needles."""
    if not hits:
        return 0
    best, best_score = hits[0][0], (-1, -1)
    last = 0
    for first, (start, _, _) in enumerate(hits):
        # Two pointers: hits[first:last] fit in [start, start + window).
        last = max(last, first)
        while last < len(hits) and hits[last][1] <= start + window:
            last += 1
        inside = hits[first:last]
        score = (len({needle for _, _, needle in inside}), len(inside))
        if score > best_score:
            best, best_score = start, score
    return best
