"""Autosave speed: saving an edited reflection, vault against plain sqlite3.

Nothing here asserts on time; it only measures and reports.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import random
import sqlite3
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import balint_desktop as bd
from balint_desktop.core.clock import to_db, utc_now
from bench.build import PASSPHRASE, open_plain
from bench.corpus import DEFAULT_SEED, END_DATE, Corpus, autosave_reflection, word_count
from bench.measure import repeat
from bench.rows import Row, pair, size_label, times


class PlainNotes:
    """The same statements `Repository.save_reflection` runs, on plain sqlite3.

    A hand-kept mirror of storage/reflections.py (validation is the same
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
            size_label(size),
            pair(vault_sample),
            f"plain sqlite3 {pair(plain_sample)}",
            f"{times(vault_sample.p95 / plain_sample.p95)} plain (p95)",
            "p95 ≤ 10 ms",
        )
    ]
