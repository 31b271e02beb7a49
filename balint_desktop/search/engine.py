"""Ranked search with highlighted, HTML-safe snippets."""

from __future__ import annotations

import datetime as dt
import html

from balint_desktop.core.models import SearchHit
from balint_desktop.search.query import match_expression
from balint_desktop.storage.connection import Connection

# Markers FTS5 puts around matched words; no one types these pairs, and they
# survive html.escape untouched, so escaping first and marking up after is safe.
_OPEN = "\x01\ue000"
_CLOSE = "\ue001\x01"
SNIPPET_TOKENS = 24

_RANK_SQL = """
SELECT section_fts.rowid, bm25(section_fts) AS r, s.id, s.group_id, s.held_on, rs.section_key
FROM section_fts
JOIN reflection_sections AS rs ON rs.id = section_fts.rowid
JOIN reflections AS rf ON rf.id = rs.reflection_id
JOIN sessions AS s ON s.id = rf.session_id
WHERE section_fts MATCH :match
  AND (:group_id IS NULL OR s.group_id = :group_id)
  AND (:since IS NULL OR s.held_on >= :since)
  AND (:until IS NULL OR s.held_on <= :until)
ORDER BY r, s.starts_at DESC
LIMIT :limit
"""

_SNIPPET_SQL = """
SELECT snippet(section_fts, 0, :open, :close, '…', :tokens)
FROM section_fts WHERE section_fts MATCH :match AND rowid = :rowid
"""


def search(
    conn: Connection,
    query: str,
    group_id: int | None = None,
    limit: int = 50,
    *,
    since: dt.date | None = None,
    until: dt.date | None = None,
) -> list[SearchHit]:
    """Return the best-matching reflection sections, best first.

    Ranking is BM25; equal scores go newest first. Snippets are computed only
    for the rows returned.

    Args:
        conn: an open vault connection.
        query: what the person typed; every word must match.
        group_id: only this group's sessions, if given.
        limit: at most this many hits.
        since: only sessions held on or after this date.
        until: only sessions held on or before this date.
    """
    match = match_expression(query)
    if match is None or limit <= 0:
        return []
    params = {
        "match": match,
        "group_id": group_id,
        "limit": limit,
        "since": None if since is None else since.isoformat(),
        "until": None if until is None else until.isoformat(),
    }
    rows = conn.execute(_RANK_SQL, params).fetchall()
    hits = []
    for rowid, rank, session_id, gid, held_on, section in rows:
        raw = conn.execute(
            _SNIPPET_SQL,
            {
                "open": _OPEN,
                "close": _CLOSE,
                "tokens": SNIPPET_TOKENS,
                "match": match,
                "rowid": rowid,
            },
        ).fetchone()[0]
        hits.append(
            SearchHit(
                session_id=session_id,
                group_id=gid,
                held_on=dt.date.fromisoformat(held_on),
                section=section,
                snippet=snippet_html(raw),
                score=-float(rank),
            )
        )
    return hits


def snippet_html(raw: str) -> str:
    """Escape note text for display and turn the match markers into <b>."""
    return html.escape(raw, quote=False).replace(_OPEN, "<b>").replace(_CLOSE, "</b>")
