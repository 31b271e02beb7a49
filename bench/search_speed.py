"""Search speed: `Vault.search` and its quick first page against a LIKE scan.

Nothing here asserts on time; it only measures and reports.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

import balint_desktop as bd
from balint_desktop.search.parse import fts_expression, parse
from bench.build import PASSPHRASE, Connection, borrow_connection
from bench.measure import Sample, repeat
from bench.rows import Row, pair, size_label, times

#: Fixed query mix: two queries per kind, the same every run.
QUERY_MIX: dict[str, tuple[str, ...]] = {
    "rare word": ("vertigo", "interpreter"),
    "common word": ("patient", "felt"),
    "two words": ("nurse silence", "family daughter"),
    "phrase": ('"parallel process"', '"holding frame"'),
    "prefix": ("pati*", "interp*"),
    "filtered": ('group:"Clinician Group" felt', "after:2015 before:2020 patient"),
}


_LIKE_SQL = """
SELECT rs.id, s.id, s.group_id, s.held_on, rs.section_key
FROM reflection_sections AS rs
JOIN reflections AS rf ON rf.id = rs.reflection_id
JOIN sessions AS s ON s.id = rf.session_id
WHERE {conditions}
ORDER BY s.starts_at DESC
LIMIT 50
"""


def like_scan(conn: Connection, query: str) -> list[tuple[Any, ...]]:
    """Return the newest 50 sections containing every word as a substring (the baseline).

    The same filters apply (group by name, dates); a phrase is one substring.
    """
    parsed = parse(query)
    terms = [group[0].text for group in parsed.must]
    conditions = ["rs.body LIKE ?" for _ in terms]
    params: list[Any] = [f"%{t}%" for t in terms]
    for name in parsed.groups:
        conditions.append("s.group_id IN (SELECT id FROM groups WHERE name LIKE ?)")
        params.append(f"%{name}%")
    if parsed.since is not None:
        conditions.append("s.held_on >= ?")
        params.append(parsed.since.isoformat())
    if parsed.until is not None:
        conditions.append("s.held_on <= ?")
        params.append(parsed.until.isoformat())
    sql = _LIKE_SQL.format(conditions=" AND ".join(conditions))
    rows: list[tuple[Any, ...]] = conn.execute(sql, params).fetchall()
    return rows


def search_rows(vault_dir: Path, size: int, notes: list[str]) -> list[Row]:
    """Time `Vault.search` (ranked top 50 with snippets) against a LIKE scan.

    Slow queries stop at a time budget (never below 20 runs, 10 for LIKE),
    so queries may get different run counts. Every row that pools queries
    uses the same number of runs from each (the first k), so a fast query
    with more runs cannot pull a pooled percentile down.
    """
    found: dict[str, Sample] = {}
    first: dict[str, Sample] = {}
    scanned: dict[str, Sample] = {}
    counts: list[str] = []
    with bd.Vault.open(vault_dir, PASSPHRASE) as vault:
        conn = borrow_connection(vault)
        for query in (q for queries in QUERY_MIX.values() for q in queries):
            match = fts_expression(parse(query))
            matches = conn.execute(
                "SELECT count(*) FROM session_fts WHERE session_fts MATCH ?", (match,)
            ).fetchone()[0]
            hits = len(vault.search(query, limit=50))
            counts.append(f"{query!r} {matches} ({hits} shown)")
            first[query] = repeat(
                functools.partial(vault.search_results, query, limit=20, newest=True),
                reps=60,
                warmup=5,
                budget_s=4.0,
                min_reps=20,
            )
            found[query] = repeat(
                functools.partial(vault.search, query, limit=50),
                reps=60,
                warmup=5,
                budget_s=8.0,
                min_reps=20,
            )
            scanned[query] = repeat(
                functools.partial(like_scan, conn, query),
                reps=50,
                warmup=2,
                budget_s=3.0,
                min_reps=10,
            )
        total = vault.repository.counts()
        sections = conn.execute("SELECT count(*) FROM reflection_sections").fetchone()[0]
    rows = [
        _search_row(f"search: {kind}", size, _pool(found, queries), _pool(scanned, queries), None)
        for kind, queries in QUERY_MIX.items()
    ]
    rows.append(
        _search_row("search: whole mix", size, _pool(found, found), _pool(scanned, scanned), size)
    )
    quick = _pool(first, first)
    rows.append(
        Row(
            f"search: first results, newest 20, whole mix (p50 / p95, n={quick.n})",
            size_label(size),
            pair(quick),
            f"ranked top 50 {pair(_pool(found, found))}",
            "",
            "50k: p95 ≤ 16 ms",
        )
    )
    notes.append(
        f"{size_label(size)}: {total['sessions']} sessions, {sections} sections; matching sessions "
        "per query: " + "; ".join(counts)
    )
    return rows


def _pool(samples: Mapping[str, Sample], queries: Iterable[str]) -> Sample:
    """Return the first k runs of each query, k being the fewest any of them had."""
    chosen = [samples[query] for query in queries]
    k = min(sample.n for sample in chosen)
    return Sample(tuple(t for sample in chosen for t in sample.seconds[:k]))


def _search_row(
    label: str, size: int, found: Sample, scanned: Sample, target_size: int | None
) -> Row:
    if target_size is None:
        target = ""
    elif target_size <= 1000:
        target = "p95 ≤ 10 ms"
    elif target_size >= 50_000:
        target = "p95 ≤ 100 ms, ≥ 20x LIKE"
    else:
        target = "(1k ≤ 10 ms; 50k ≤ 100 ms)"
    return Row(
        f"{label} (p50 / p95, n={found.n})",
        size_label(size),
        pair(found),
        f"LIKE {pair(scanned)} (n={scanned.n})",
        f"{times(scanned.p50 / found.p50)} / {times(scanned.p95 / found.p95)}",
        target,
    )
