"""Choosing the section to show for a hit and the best window of it, highlighted.

Snippets are made in Python from the stored text of the rows shown only
(the index is contentless). Words are compared as the index compares them:
letters and digits, accents removed, case folded.
"""

from __future__ import annotations

import html
import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

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
WINDOW_TOKENS = 28
_TOKEN = re.compile(r"[^\W_]+")


@dataclass(frozen=True, slots=True)
class Needle:
    """One thing to highlight: a word, a prefix, or a phrase of words."""

    words: tuple[str, ...]
    prefix: bool = False


def normalise(word: str) -> str:
    """Return a word as the index sees it: no accents, case folded."""
    decomposed = unicodedata.normalize("NFKD", word)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch)).casefold()


def needles(terms: Iterable[tuple[str, bool]]) -> list[Needle]:
    """Turn (text, prefix) terms into needles of normalised words."""
    result = []
    for text, prefix in terms:
        words = tuple(normalise(w) for w in _TOKEN.findall(text))
        if words:
            result.append(Needle(words, prefix))
    return result


def _tokens(text: str) -> list[tuple[int, int, str]]:
    return [(m.start(), m.end(), normalise(m.group())) for m in _TOKEN.finditer(text)]


def _hits(
    tokens: Sequence[tuple[int, int, str]], found: Sequence[Needle], partial: bool
) -> list[tuple[int, int, int]]:
    """Return (first token, last token, needle index) for every match."""
    hits = []
    for index, needle in enumerate(found):
        size = len(needle.words)
        for start in range(len(tokens) - size + 1):
            if all(
                _word_matches(
                    tokens[start + k][2], needle.words[k], needle.prefix and k == size - 1, partial
                )
                for k in range(size)
            ):
                hits.append((start, start + size - 1, index))
    return hits


def _word_matches(token: str, word: str, prefix: bool, partial: bool) -> bool:
    if token == word or (prefix and token.startswith(word)):
        return True
    return partial and len(word) >= 3 and word in token


def best_section(
    sections: Mapping[str, str], found: Sequence[Needle], allowed: Sequence[str] = ()
) -> str | None:
    """Return the section whose text matches best, weighing the case highest."""
    best: tuple[float, str] | None = None
    tokenised = {
        key: _tokens(text) for key, text in sections.items() if not allowed or key in allowed
    }
    # Whole words anywhere beat partial matches anywhere.
    for partial in (False, True):
        for key, tokens in tokenised.items():
            hits = _hits(tokens, found, partial=partial)
            if not hits:
                continue
            distinct = len({needle for _, _, needle in hits})
            score = (distinct * 10 + len(hits)) * SECTION_WEIGHTS.get(key, 1.0)
            if best is None or score > best[0]:
                best = (score, key)
        if best is not None:
            break
    return None if best is None else best[1]


def snippet_html(text: str, found: Sequence[Needle], window: int = WINDOW_TOKENS) -> str:
    """Return the best window of `text` as HTML with every match in <b>.

    The window holds as many different search words as possible, then as
    many matches; note text is escaped, so "<b>" in a note shows literally.
    """
    tokens = _tokens(text)
    hits = _hits(tokens, found, partial=False) or _hits(tokens, found, partial=True)
    if not tokens:
        return html.escape(text[:200], quote=False)
    start = _best_start(len(tokens), hits, window)
    end = min(len(tokens), start + window) - 1
    marked: set[int] = set()
    for first, last, _ in hits:
        if first >= start and last <= end:
            marked.update(range(first, last + 1))
    parts = ["…"] if start > 0 else []
    cursor = tokens[start][0]
    for index in range(start, end + 1):
        begin, finish, _ = tokens[index]
        parts.append(html.escape(text[cursor:begin], quote=False))
        word = html.escape(text[begin:finish], quote=False)
        parts.append(f"<b>{word}</b>" if index in marked else word)
        cursor = finish
    tail = text[cursor:] if end == len(tokens) - 1 else ""
    parts.append(html.escape(tail[:40] if tail else "", quote=False))
    if end < len(tokens) - 1:
        parts.append("…")
    return "".join(parts).replace("</b> <b>", " ").strip()


def _best_start(count: int, hits: Sequence[tuple[int, int, int]], window: int) -> int:
    if not hits or count <= window:
        return 0
    best_start, best_score = 0, (-1, -1)
    for first, _, _ in hits:
        # Start a little before the hit so the words leading to it show.
        start = max(0, min(first - window // 4, count - window))
        inside = [(a, n) for a, b, n in hits if a >= start and b < start + window]
        score = (len({n for _, n in inside}), len(inside))
        if score > best_score:
            best_start, best_score = start, score
    return best_start
