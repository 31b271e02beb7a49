"""Turning what a person typed into a safe FTS5 MATCH expression.

User text never reaches FTS5 as syntax: every word becomes a quoted string,
so quotes, `*`, `NEAR(`, `AND`, parentheses and the like are searched for as
text and can never raise a syntax error.
"""

from __future__ import annotations

#: Words beyond this many add nothing a person meant and only cost time.
MAX_TERMS = 64


def split_terms(text: str) -> list[str]:
    """Return the words of a query that the tokenizer can index.

    A run of punctuation alone (`"`, `*`, `(`) can match nothing, so it is
    dropped rather than turned into an empty phrase.
    """
    # Lone surrogates cannot be encoded for SQLite; they match nothing anyway.
    text = text.encode("utf-8", "replace").decode("utf-8")
    terms = [word for word in text.split() if any(ch.isalnum() for ch in word)]
    return terms[:MAX_TERMS]


def quote(term: str) -> str:
    """Return `term` as an FTS5 string literal."""
    return '"' + term.replace("\x00", " ").replace('"', '""') + '"'


def match_expression(text: str) -> str | None:
    """Return an FTS5 expression in which every word must match.

    Returns:
        The expression, or None when the query has nothing searchable.
    """
    terms = split_terms(text)
    if not terms:
        return None
    return " ".join(quote(term) for term in terms)
