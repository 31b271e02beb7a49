"""Ranked search over whole sessions, with filters and HTML-safe snippets.

Two indexes inside the encrypted database (schema v3): `session_fts`, one row
per session with a column per section, ranked by BM25 with section weights;
and `session_tri`, a trigram index that finds partial words when whole words
alone leave the page short. Neither stores text: snippets are made from the
reflection sections of the rows shown, and only of those.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from balint_desktop.core.clock import from_db
from balint_desktop.core.models import SearchHit, SearchResults
from balint_desktop.search import snippets
from balint_desktop.search.parse import Query, Term, fts_expression, parse
from balint_desktop.storage.connection import Connection

SECTIONS = tuple(snippets.SECTION_WEIGHTS)
COLUMNS = tuple(f"s_{key}" for key in SECTIONS)
_WEIGHTS = ", ".join(str(snippets.SECTION_WEIGHTS[key]) for key in SECTIONS)
#: Extra rows fetched beyond the limit so equal scores can be ordered newest first.
_TIE_MARGIN = 10


def search(
    conn: Connection,
    text: str,
    group_id: int | None = None,
    limit: int = 50,
    *,
    since: dt.date | None = None,
    until: dt.date | None = None,
    newest: bool = False,
) -> SearchResults:
    """Search every session's reflection.

    Args:
        conn: an open vault connection.
        text: what the person typed, in the query language of `parse`.
        group_id: only this group's sessions, if given.
        limit: at most this many hits, one per session.
        since: only sessions held on or after this date.
        until: only sessions held on or before this date.
        newest: skip ranking and return the most recently written matches
            (session ids grow as sessions are entered): a first look that
            costs well under a frame even in a huge vault.
    """
    query = parse(text)
    if limit <= 0:
        return SearchResults(messages=query.messages)
    lower = max((d for d in (since, query.since) if d is not None), default=None)
    upper = min((d for d in (until, query.until) if d is not None), default=None)
    where, params = _filter_sql(conn, query, group_id, lower, upper)
    if where is None:
        return SearchResults(messages=query.messages)
    columns = [f"s_{key}" for key in query.sections] or None
    expression = fts_expression(query, columns)
    if expression is None:
        if where and not query.must and not query.exclude:
            # Filters alone ("presenter:P3", "on:2025-03") list their sessions, newest first.
            listed = _filtered(conn, where, params, limit)
            return SearchResults(_hits(conn, query, listed, limit, newest=True), query.messages)
        return SearchResults(messages=query.messages)
    scored = _ranked(conn, expression, where, params, limit, newest)
    partial = False
    if len(scored) < limit:
        extra = _partial_words(conn, query, columns, where, params, limit - len(scored), scored)
        partial = bool(extra)
        scored += extra
    hits = _hits(conn, query, scored, limit, newest)
    return SearchResults(hits, query.messages, partial)


def _ranked(
    conn: Connection,
    expression: str,
    where: str,
    params: dict[str, Any],
    limit: int,
    newest: bool,
) -> list[tuple[int, float]]:
    if newest:
        sql = (
            f"SELECT rowid, 0.0 FROM session_fts WHERE session_fts MATCH :match {where} "
            "ORDER BY rowid DESC LIMIT :limit"
        )
    else:
        sql = (
            f"SELECT rowid, bm25(session_fts, {_WEIGHTS}) AS r FROM session_fts "
            f"WHERE session_fts MATCH :match {where} ORDER BY r LIMIT :limit"
        )
    fetch = limit + _TIE_MARGIN
    while True:
        rows = conn.execute(sql, {**params, "match": expression, "limit": fetch}).fetchall()
        # Sessions tied with the last one shown may lie beyond what was
        # fetched; fetch more until the tie is broken, so the newest of them
        # can win its place (ties are rare in real notes).
        if newest or len(rows) < fetch or rows[-1][1] != rows[min(limit, len(rows)) - 1][1]:
            return [(int(rowid), -float(rank)) for rowid, rank in rows]
        fetch *= 4


def _filtered(
    conn: Connection, where: str, params: dict[str, Any], limit: int
) -> list[tuple[int, float]]:
    """Sessions that pass the filters, newest first (no words to rank by)."""
    subquery = where.removeprefix("AND +rowid IN (").removesuffix(")")
    rows = conn.execute(
        f"SELECT s2.id FROM sessions AS s2 WHERE s2.id IN ({subquery}) "
        "ORDER BY s2.starts_at DESC, s2.id DESC LIMIT :limit",
        {**params, "limit": limit},
    ).fetchall()
    return [(int(row[0]), 0.0) for row in rows]


def _partial_words(
    conn: Connection,
    query: Query,
    columns: Sequence[str] | None,
    where: str,
    params: dict[str, Any],
    room: int,
    found: list[tuple[int, float]],
) -> list[tuple[int, float]]:
    """Sessions where the words appear only inside longer words (trigram index)."""
    expression = _trigram_expression(query, columns)
    if expression is None:
        return []
    seen = {rowid for rowid, _ in found}
    # Exclusions too short for trigrams are applied through the word index.
    short = tuple(t for t in query.exclude if len(t.text.strip()) < 3)
    excluded = fts_expression(Query(must=(short,)), columns) if short else None
    unless = (
        "AND +rowid NOT IN (SELECT rowid FROM session_fts WHERE session_fts MATCH :excluded)"
        if excluded
        else ""
    )
    rows = conn.execute(
        f"SELECT rowid FROM session_tri WHERE session_tri MATCH :match {where} {unless} "
        "ORDER BY rowid DESC LIMIT :limit",
        {**params, "match": expression, "excluded": excluded, "limit": room + len(seen)},
    ).fetchall()
    # Below every whole-word match: bm25 scores are positive after negation.
    extra = [(int(r[0]), -1.0) for r in rows if int(r[0]) not in seen]
    return extra[:room]


def _trigram_expression(query: Query, columns: Sequence[str] | None) -> str | None:
    """Every group needs one term of three or more characters to look inside words."""
    groups = []
    for group in query.must:
        usable = [t for t in group if len(t.text.strip()) >= 3]
        if len(usable) != len(group):
            return None
        groups.append(usable)
    if not groups:
        return None
    trimmed = Query(
        must=tuple(tuple(Term(t.text, phrase=t.phrase) for t in g) for g in groups),
        exclude=tuple(t for t in query.exclude if len(t.text.strip()) >= 3),
        groups=(),
        tags=(),
        presenters=(),
        sections=(),
        since=None,
        until=None,
        messages=(),
    )
    return fts_expression(trimmed, columns)


def _filter_sql(
    conn: Connection,
    query: Query,
    group_id: int | None,
    since: dt.date | None,
    until: dt.date | None,
) -> tuple[str | None, dict[str, Any]]:
    """Return an `AND +rowid IN (…)` clause for the filters, or None if nothing can match.

    The unary plus keeps SQLite from probing the index once per allowed
    session: the subquery is built once and each match is checked against it.
    """
    conditions: list[str] = []
    params: dict[str, Any] = {}
    if group_id is not None:
        conditions.append("s.group_id = :group_id")
        params["group_id"] = group_id
    if query.groups:
        ids = _group_ids(conn, query.groups)
        if not ids:
            return None, params
        conditions.append(f"s.group_id IN ({', '.join(map(str, ids))})")
    if since is not None:
        conditions.append("s.held_on >= :since")
        params["since"] = since.isoformat()
    if until is not None:
        conditions.append("s.held_on <= :until")
        params["until"] = until.isoformat()
    if query.tags:
        tags = _matching_ids(conn, "SELECT id, name FROM tags", query.tags)
        conditions.append(
            f"s.id IN (SELECT session_id FROM session_tags WHERE tag_id IN ({_ids(tags)}))"
        )
    if query.presenters:
        members = _ids(_matching_ids(conn, "SELECT id, pseudonym FROM members", query.presenters))
        conditions.append(
            "(s.id IN (SELECT session_id FROM case_presentations "
            f"WHERE presenter_id IN ({members})) "
            "OR s.id IN (SELECT session_id FROM attendance WHERE presented = 1 "
            f"AND member_id IN ({members})))"
        )
    if since is not None and until is not None and since > until:
        return None, params
    if not conditions:
        return "", params
    return (
        f"AND +rowid IN (SELECT s.id FROM sessions AS s WHERE {' AND '.join(conditions)})",
        params,
    )


def _matching_ids(conn: Connection, sql: str, wanted: Sequence[str]) -> list[int]:
    """Ids whose name equals one of `wanted`, ignoring case and accents."""
    keys = {snippets.normalise(" ".join(name.split())) for name in wanted}
    return [int(rid) for rid, name in conn.execute(sql) if snippets.normalise(name) in keys]


def _ids(ids: Sequence[int]) -> str:
    # Integers from the database, joined for an IN list; never user text.
    return ", ".join(str(int(i)) for i in ids) or "NULL"


def _group_ids(conn: Connection, names: Sequence[str]) -> list[int]:
    """Groups whose name matches any of `names` (whole name first, else a part)."""
    groups = conn.execute("SELECT id, name FROM groups").fetchall()
    ids: set[int] = set()
    for wanted in names:
        key = snippets.normalise(wanted.strip())
        exact = [gid for gid, name in groups if snippets.normalise(name) == key]
        ids.update(
            exact or [gid for gid, name in groups if key and key in snippets.normalise(name)]
        )
    return sorted(ids)


def _first_section(sections: dict[str, str], allowed: Sequence[str]) -> str:
    """The section to show when no word was searched: the case first."""
    for key in (*allowed, "case", *snippets.SECTION_WEIGHTS):
        if key in sections:
            return key
    return next(iter(sections), "")


def _hits(
    conn: Connection,
    query: Query,
    scored: list[tuple[int, float]],
    limit: int,
    newest: bool,
) -> list[SearchHit]:
    if not scored:
        return []
    ids = [rowid for rowid, _ in scored]
    placeholders = ", ".join("?" * len(ids))
    sessions = {
        row[0]: row
        for row in conn.execute(
            f"SELECT id, group_id, held_on, starts_at FROM sessions WHERE id IN ({placeholders})",
            ids,
        )
    }
    texts: dict[int, dict[str, str]] = {}
    for session_id, key, body in conn.execute(
        "SELECT r.session_id, rs.section_key, rs.body FROM reflections AS r "
        "JOIN reflection_sections AS rs ON rs.reflection_id = r.id "
        f"WHERE r.session_id IN ({placeholders})",
        ids,
    ):
        bucket = texts.setdefault(session_id, {})
        slot = key if key in snippets.SECTION_WEIGHTS else "other"
        bucket[slot] = f"{bucket[slot]}\n{body}" if slot in bucket else body
    if newest:
        order = scored  # most recently written first, as fetched
    else:
        # Equal scores: the newer session first.
        order = sorted(
            scored,
            key=lambda item: (-round(item[1], 9), -from_db(sessions[item[0]][3]).timestamp()),
        )
    found = snippets.needles((t.text, t.prefix) for t in query.terms)
    hits = []
    for session_id, score in order[:limit]:
        if session_id not in sessions:
            continue
        sections = texts.get(session_id, {})
        section = snippets.best_section(sections, found, query.sections) or _first_section(
            sections, query.sections
        )
        _, group, held_on, _ = sessions[session_id]
        hits.append(
            SearchHit(
                session_id=session_id,
                group_id=group,
                held_on=dt.date.fromisoformat(held_on),
                section=section,
                snippet=snippets.snippet_html(sections.get(section, ""), found),
                score=score,
            )
        )
    return hits
