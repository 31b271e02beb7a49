"""The measurements. Each returns table rows: a figure beside a same-run baseline.

Nothing here asserts on time; it only measures and reports.
"""

from __future__ import annotations

import datetime as dt
import functools
import json
import os
import random
import shutil
import sqlite3
import subprocess
import sys
import tempfile
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import balint_desktop as bd
from balint_desktop.core.clock import to_db, utc_now
from balint_desktop.crypto.kdf import derive_key
from balint_desktop.crypto.keyfile import parse_keyfile
from balint_desktop.search.parse import fts_expression, parse
from bench.build import PASSPHRASE, BuiltVault, Connection, borrow_connection, open_plain
from bench.corpus import DEFAULT_SEED, END_DATE, Corpus, autosave_reflection, word_count
from bench.measure import Sample, mib, ms, peak_rss_bytes, repeat, timed

OTHER_PASSPHRASE = "another bench passphrase"

#: Fixed query mix: two queries per kind, the same every run.
QUERY_MIX: dict[str, tuple[str, ...]] = {
    "rare word": ("vertigo", "interpreter"),
    "common word": ("patient", "felt"),
    "two words": ("nurse silence", "family daughter"),
    "phrase": ('"parallel process"', '"holding frame"'),
    "prefix": ("pati*", "interp*"),
    "filtered": ('group:"Clinician Group" felt', "after:2015 before:2020 patient"),
}


@dataclass(frozen=True, slots=True)
class Row:
    """One line of the results table."""

    measure: str
    size: str
    figure: str
    baseline: str
    ratio: str
    target: str


def _size(n: int) -> str:
    return f"{n // 1000}k" if n % 1000 == 0 else str(n)


def times(factor: float) -> str:
    """Return a ratio such as "0.8x" or "23x"."""
    return f"{factor:.1f}x" if factor < 10 else f"{factor:.0f}x"


def _pair(sample: Sample) -> str:
    return f"{ms(sample.p50)} / {ms(sample.p95)}"


# -- search ------------------------------------------------------------------

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
            _size(size),
            _pair(quick),
            f"ranked top 50 {_pair(_pool(found, found))}",
            "",
            "50k: p95 ≤ 16 ms",
        )
    )
    notes.append(
        f"{_size(size)}: {total['sessions']} sessions, {sections} sections; matching sessions "
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
        _size(size),
        _pair(found),
        f"LIKE {_pair(scanned)} (n={scanned.n})",
        f"{times(scanned.p50 / found.p50)} / {times(scanned.p95 / found.p95)}",
        target,
    )


# -- autosave ----------------------------------------------------------------


class PlainNotes:
    """The same statements `Repository.save_reflection` runs, on plain sqlite3.

    A hand-kept mirror of storage/repository.py (validation is the same
    cheap Python); keep it in step when that file changes.
    """

    def __init__(self, conn: sqlite3.Connection) -> None:
        self._conn = conn
        self._keys: dict[int, tuple[str, ...]] = {}

    def add_session(self, group_id: int, held_on: dt.date) -> int:
        """Insert a session the way `add_session` does."""
        template_id = self._conn.execute(
            "SELECT template_id FROM groups WHERE id = ?", (group_id,)
        ).fetchone()[0]
        now = to_db(utc_now())
        self._conn.execute("BEGIN IMMEDIATE")
        cursor = self._conn.execute(
            "INSERT INTO sessions(group_id, held_on, starts_at, duration_minutes, status, "
            "mode, template_id, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (group_id, held_on.isoformat(), now, 90, "held", "online", template_id, now, now),
        )
        self._conn.execute("COMMIT")
        return int(cursor.lastrowid or 0)

    def save_reflection(self, session_id: int, sections: Mapping[str, str]) -> dict[str, str]:
        """Merge sections, record a revision, read the reflection back."""
        conn = self._conn
        self._session(session_id)
        template_id = conn.execute(
            "SELECT template_id FROM sessions WHERE id = ?", (session_id,)
        ).fetchone()[0]
        allowed = self._template_keys(template_id)
        for key, body in sections.items():
            if key not in allowed or not isinstance(body, str) or len(body) > 1_000_000:
                raise ValueError(key)
        now = to_db(utc_now())
        conn.execute("BEGIN IMMEDIATE")
        row = conn.execute(
            "SELECT id FROM reflections WHERE session_id = ?", (session_id,)
        ).fetchone()
        reflection_id: int
        if row is None:
            reflection_id = (
                conn.execute(
                    "INSERT INTO reflections(session_id, template_id, created_at, updated_at) "
                    "VALUES (?, ?, ?, ?)",
                    (session_id, template_id, now, now),
                ).lastrowid
                or 0
            )
        else:
            reflection_id = row[0]
        before = conn.total_changes
        for key, body in sections.items():
            if body == "":
                conn.execute(
                    "DELETE FROM reflection_sections WHERE reflection_id = ? AND section_key = ?",
                    (reflection_id, key),
                )
            else:
                conn.execute(
                    "INSERT INTO reflection_sections(reflection_id, section_key, body, updated_at) "
                    "VALUES (?, ?, ?, ?) ON CONFLICT(reflection_id, section_key) DO UPDATE SET "
                    "body = excluded.body, updated_at = excluded.updated_at "
                    "WHERE body IS NOT excluded.body",
                    (reflection_id, key, body, now),
                )
        if conn.total_changes != before:
            current = self._sections(reflection_id)
            conn.execute(
                "INSERT INTO reflection_revisions(reflection_id, saved_at, sections_json) "
                "VALUES (?, ?, ?)",
                (reflection_id, now, json.dumps(current, ensure_ascii=False)),
            )
            conn.execute("UPDATE reflections SET updated_at = ? WHERE id = ?", (now, reflection_id))
        conn.execute("COMMIT")
        self._session(session_id)
        conn.execute(
            "SELECT r.id, r.updated_at, (SELECT count(*) FROM reflection_revisions "
            "WHERE reflection_id = r.id) FROM reflections AS r WHERE r.session_id = ?",
            (session_id,),
        ).fetchone()
        return self._sections(reflection_id)

    def _session(self, session_id: int) -> tuple[Any, ...]:
        row: tuple[Any, ...] = self._conn.execute(
            "SELECT id, group_id, held_on, starts_at, duration_minutes, status, mode "
            "FROM sessions WHERE id = ?",
            (session_id,),
        ).fetchone()
        return row

    def _template_keys(self, template_id: int) -> tuple[str, ...]:
        if template_id not in self._keys:
            rows = self._conn.execute(
                "SELECT key FROM template_sections WHERE template_id = ? ORDER BY position",
                (template_id,),
            ).fetchall()
            self._keys[template_id] = tuple(row[0] for row in rows)
        return self._keys[template_id]

    def _sections(self, reflection_id: int) -> dict[str, str]:
        rows = self._conn.execute(
            "SELECT section_key, body FROM reflection_sections WHERE reflection_id = ?",
            (reflection_id,),
        ).fetchall()
        return {key: body for key, body in rows}


def _edits(reflection: dict[str, str], count: int) -> list[dict[str, str]]:
    """Return `count` successive states, each changing one word of one section."""
    corpus = Corpus(0, DEFAULT_SEED)
    rng = random.Random("edits")
    keys = list(reflection)
    state = dict(reflection)
    states = []
    for n in range(count):
        key = keys[n % len(keys)]
        state[key] = corpus.edit(rng, state[key])
        states.append(dict(state))
    return states


def autosave_rows(vault_dir: Path, plain_path: Path, size: int, notes: list[str]) -> list[Row]:
    """Time saving a 2,000-word reflection, one edited section per save, vault vs plain."""
    reflection = autosave_reflection()
    words = sum(word_count(body) for body in reflection.values())
    warmup, reps = 5, 200
    states = _edits(reflection, warmup + reps)

    os.sync()  # earlier copies' write-back must not land inside these fsyncs
    with bd.Vault.open(vault_dir, PASSPHRASE) as vault:
        group_id = vault.groups()[0].id
        session = vault.add_session(group_id, END_DATE + dt.timedelta(days=7))
        vault.save_reflection(session.id, reflection)
        pending = iter(states)
        vault_sample = repeat(
            lambda: vault.save_reflection(session.id, next(pending)), reps=reps, warmup=warmup
        )
        revisions = vault.reflection(session.id).revision_count

    os.sync()
    plain_conn = open_plain(plain_path)
    try:
        plain = PlainNotes(plain_conn)
        group_id = plain_conn.execute("SELECT min(id) FROM groups").fetchone()[0]
        session_id = plain.add_session(group_id, END_DATE + dt.timedelta(days=7))
        plain.save_reflection(session_id, reflection)
        pending_plain = iter(states)
        plain_sample = repeat(
            lambda: plain.save_reflection(session_id, next(pending_plain)),
            reps=reps,
            warmup=warmup,
        )
    finally:
        plain_conn.close()
    notes.append(
        f"autosave: {words} words in {len(reflection)} sections; every save passes all 9 "
        f"sections with one word changed in one of them ({revisions} revisions recorded)."
    )
    return [
        Row(
            f"autosave 2,000 words, 1 section edited (p50 / p95, n={vault_sample.n})",
            _size(size),
            _pair(vault_sample),
            f"plain sqlite3 {_pair(plain_sample)}",
            f"{times(vault_sample.p95 / plain_sample.p95)} plain (p95)",
            "p95 ≤ 10 ms",
        )
    ]


# -- unlock, passphrase change, backup, size -----------------------------------


def unlock_rows(scratch: Path, runs: int = 9) -> list[Row]:
    """Time `Vault.open` on a floor-KDF vault minus one `derive_key` with its parameters.

    The difference is small next to the KDF's own run-to-run spread, so the
    spread is printed too; the test-KDF `Vault.open` row measures the same
    cost without the KDF in the way.
    """
    folder = scratch / "floor-vault"
    bd.Vault.create(folder, PASSPHRASE, kdf=bd.KdfParams.floor()).close()
    slot = parse_keyfile((folder / "vault.key").read_bytes()).passphrase_slot
    opens: list[float] = []
    kdfs: list[float] = []
    beyond: list[float] = []
    vaults: list[bd.Vault] = []
    for n in range(runs + 1):
        kdf = timed(lambda: derive_key(PASSPHRASE, slot.salt, slot.params))
        opened = timed(lambda: vaults.append(bd.Vault.open(folder, PASSPHRASE)))
        vaults.pop().close()
        if n:  # the first round is the warm-up
            opens.append(opened)
            kdfs.append(kdf)
            beyond.append(opened - kdf)
    p = slot.params
    kdf_sample = Sample(tuple(kdfs))
    spread = (kdf_sample.percentile(75) - kdf_sample.percentile(25)) / 2
    return [
        Row(
            f"unlock beyond the KDF, floor KDF, tiny vault (median, n={runs})",
            "tiny",
            f"{ms(Sample(tuple(beyond)).median)} (KDF IQR/2 {ms(spread)})",
            f"KDF alone {ms(kdf_sample.median)}; open {ms(Sample(tuple(opens)).median)}",
            f"m={p.memory_kib // 1024} MiB t={p.iterations} p={p.lanes}",
            "≤ 50 ms",
        )
    ]


def tiny_vault(scratch: Path) -> Path:
    """Create a vault with one short reflection (test KDF) and return its folder."""
    folder = scratch / "tiny-vault"
    with bd.Vault.create(folder, PASSPHRASE, kdf=bd.KdfParams.for_tests()) as vault:
        group = vault.add_group("Clinician Group")
        session = vault.add_session(group.id, END_DATE)
        vault.save_reflection(session.id, {"atmosphere": "Quiet start; two apologies."})
    return folder


def open_rows(vault_dir: Path, tiny: Path, size: int) -> list[Row]:
    """Time `Vault.open` + nothing else with the test KDF: all of it is beyond the KDF."""

    def sample(folder: Path) -> Sample:
        opened: list[bd.Vault] = []
        times = []
        for n in range(21):  # the first round is the warm-up; close is not timed
            elapsed = timed(lambda: opened.append(bd.Vault.open(folder, PASSPHRASE)))
            opened.pop().close()
            if n:
                times.append(elapsed)
        return Sample(tuple(times))

    big = sample(vault_dir)
    small = sample(tiny)
    return [
        Row(
            f"Vault.open with the test KDF (p50 / p95, n={big.n})",
            _size(size),
            _pair(big),
            f"tiny vault {_pair(small)}",
            f"{big.p50 / small.p50:.1f}x (p50)",
            "≤ 50 ms beyond KDF",
        )
    ]


def passphrase_rows(vault_dir: Path, tiny: Path, size: int) -> list[Row]:
    """Time `change_passphrase` (test KDF) on the sized vault and on a tiny one."""

    def sample(folder: Path) -> Sample:
        os.sync()
        with bd.Vault.open(folder, PASSPHRASE) as vault:
            flips = iter([(PASSPHRASE, OTHER_PASSPHRASE), (OTHER_PASSPHRASE, PASSPHRASE)] * 30)
            result = repeat(lambda: vault.change_passphrase(*next(flips)), reps=40, warmup=2)
            if next(flips)[0] != PASSPHRASE:
                vault.change_passphrase(OTHER_PASSPHRASE, PASSPHRASE)
        return result

    big = sample(vault_dir)
    small = sample(tiny)
    return [
        Row(
            f"passphrase change, test KDF (p50 / p95, n={big.n})",
            _size(size),
            _pair(big),
            f"tiny vault {_pair(small)}",
            f"{big.p50 / small.p50:.2f}x (p50)",
            "independent of size",
        )
    ]


def backup_rows(vault_dir: Path, scratch: Path, size: int) -> list[Row]:
    """Time `vault.backup()` (copy + integrity check + counts) against a plain file copy.

    Removing each result afterwards is not timed.
    """
    reps, warmup = (3, 1) if size <= 10_000 else (1, 0)  # tens of seconds at the stress scale
    target = scratch / "backups"
    copy = scratch / "copy-of-vault.db"

    def plain_copy() -> None:
        shutil.copyfile(vault_dir / "vault.db", copy)
        fd = os.open(copy, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)

    backed: list[float] = []
    copied: list[float] = []
    # The WAL is empty (the copy came from a closed vault), so vault.db alone
    # holds every page and the file copy copies the same data.
    with bd.Vault.open(vault_dir, PASSPHRASE) as vault:
        made: list[Path] = []
        for n in range(warmup + reps):
            os.sync()
            elapsed = timed(lambda: made.append(vault.backup(target)))
            shutil.rmtree(made.pop())
            if n >= warmup:
                backed.append(elapsed)
    for n in range(warmup + reps):
        os.sync()
        elapsed = timed(plain_copy)
        copy.unlink()
        if n >= warmup:
            copied.append(elapsed)
    backup_time = Sample(tuple(backed)).median
    copy_time = Sample(tuple(copied)).median
    return [
        Row(
            f"backup + verify (median, n={reps})",
            _size(size),
            ms(backup_time),
            f"file copy + fsync {ms(copy_time)}",
            times(backup_time / copy_time),
            "50k: ≤ 3 s",
        )
    ]


def size_rows(built: BuiltVault) -> list[Row]:
    """Compare the cached vault's file size with its plain twin's."""
    vault_size = (built.vault_dir / "vault.db").stat().st_size
    plain_size = built.plain_db.stat().st_size
    return [
        Row(
            "file size of vault.db (after checkpoint)",
            _size(built.size),
            mib(vault_size),
            f"plain sqlite3, no FTS {mib(plain_size)}",
            f"{vault_size / plain_size:.2f}x",
            "",
        )
    ]


def rss_rows(vault_dir: Path, size: int) -> list[Row]:
    """Measure RSS in a fresh process that opens and searches the vault."""
    queries = [query for group in QUERY_MIX.values() for query in group]

    def probe(args: list[str]) -> dict[str, int]:
        result = subprocess.run(
            [sys.executable, "-m", "bench.rss_probe", *args],
            check=True,
            capture_output=True,
            text=True,
            cwd=Path(__file__).resolve().parent.parent,
        )
        report: dict[str, int] = json.loads(result.stdout)
        return report

    searched = probe([str(vault_dir), *queries])
    bare = probe(["--baseline"])
    return [
        Row(
            "peak RSS, fresh process: open (test KDF) + 3x query mix",
            _size(size),
            mib(searched["peak"]),
            f"import balint_desktop only {mib(bare['peak'])}",
            f"+{mib(searched['peak'] - bare['peak'])}",
            "50k: ≤ 250 MB",
        )
    ]


def process_rss_row() -> Row:
    """Report this benchmark process's own peak RSS (getrusage)."""
    return Row(
        "peak RSS of this bench process (getrusage), at the end",
        "all",
        mib(peak_rss_bytes()),
        "",
        "",
        "",
    )


def scratch_dir(root: Path) -> tempfile.TemporaryDirectory[str]:
    """Return a temporary folder on the cache's file system (same disk as the vaults)."""
    root.mkdir(exist_ok=True)
    return tempfile.TemporaryDirectory(prefix="run-", dir=root)
