"""Building and caching the synthetic vaults and their plain-SQLite twins.

A cache entry is a folder under `bench/.cache/` named by size, seed, schema
version, corpus version and build mode. It holds:

* `vault/` — a real vault (`Vault.create` with `KdfParams.for_tests()`):
  groups through the public API; sessions and reflections either through the
  public API (`--build api`, one transaction per call as the app does it) or
  through `vault.repository.write()` in batches (`fast`, the default), with
  the same rows the API writes. The index triggers fire in both cases.
* `plain.db` — stdlib `sqlite3`, unencrypted, the same schema minus the FTS
  objects, the same rows; the baseline for writes and file size.
* `manifest.json` — counts and build facts.

Before a `fast` build is trusted, `check_fast_path` builds a small vault both
ways with the same clock and requires identical rows and search results.
Benchmarks never touch the cache itself: they work on a copy.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
import sqlite3
import tempfile
import time
import zoneinfo
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

import balint_desktop as bd
from balint_desktop.core.clock import to_db
from balint_desktop.storage.migrations import LATEST_VERSION, MIGRATIONS
from bench.corpus import CORPUS_VERSION, GROUPS, Corpus, GroupSpec, SessionSpec, word_count

PASSPHRASE = "bench passphrase, fictional notes only"
CACHE_ROOT = Path(__file__).resolve().parent / ".cache"
BATCH = 250  # sessions per transaction in the fast path (bounds the WAL)
VAULT_START = dt.datetime(2000, 1, 1, 9, 0, tzinfo=dt.UTC)

#: Pragmas of the plain baseline: the vault's, minus everything SQLCipher.
PLAIN_PRAGMAS = (
    "PRAGMA journal_mode = WAL",
    "PRAGMA synchronous = FULL",
    "PRAGMA temp_store = MEMORY",
    "PRAGMA secure_delete = ON",
    "PRAGMA foreign_keys = ON",
)

Connection = Any  # sqlcipher3 ships no types; stdlib sqlite3 connections pass too


class SettableClock:
    """A clock the builder moves to each session's evening."""

    def __init__(self, moment: dt.datetime) -> None:
        self.moment = moment

    def __call__(self) -> dt.datetime:
        return self.moment


@dataclass(frozen=True, slots=True)
class BuiltVault:
    """A cache entry."""

    root: Path
    size: int
    seed: int
    mode: str
    manifest: dict[str, Any]

    @property
    def vault_dir(self) -> Path:
        """Return the vault folder."""
        return self.root / "vault"

    @property
    def plain_db(self) -> Path:
        """Return the plain-SQLite baseline database."""
        return self.root / "plain.db"


def cache_key(size: int, seed: int, mode: str) -> str:
    """Return the cache folder name for one vault."""
    return f"n{size}-seed{seed}-schema{LATEST_VERSION}-corpus{CORPUS_VERSION}-{mode}"


def ensure_vault(
    size: int, seed: int, mode: str = "fast", *, rebuild: bool = False, log: Any = print
) -> BuiltVault:
    """Return the cached vault for (size, seed, mode), building it if missing."""
    CACHE_ROOT.mkdir(exist_ok=True)
    final = CACHE_ROOT / cache_key(size, seed, mode)
    if rebuild and final.exists():
        shutil.rmtree(final)
    if not (final / "manifest.json").is_file():
        if mode == "fast":
            check_fast_path(seed)
        log(f"building {final.name} ...")
        work = CACHE_ROOT / f".building-{final.name}-{os.getpid()}"
        shutil.rmtree(work, ignore_errors=True)
        work.mkdir()
        try:
            started = time.perf_counter()
            manifest = build(work, size, seed, mode)
            manifest["build_seconds"] = round(time.perf_counter() - started, 1)
            (work / "manifest.json").write_text(json.dumps(manifest, indent=2) + "\n")
            shutil.rmtree(final, ignore_errors=True)
            os.replace(work, final)
        except BaseException:
            shutil.rmtree(work, ignore_errors=True)
            raise
        log(f"built {final.name} in {manifest['build_seconds']} s")
    manifest = json.loads((final / "manifest.json").read_text())
    return BuiltVault(final, size, seed, mode, manifest)


def build(folder: Path, size: int, seed: int, mode: str) -> dict[str, Any]:
    """Write `vault/` and `plain.db` for one corpus into `folder`; return the manifest."""
    if mode not in ("fast", "api"):
        raise ValueError(f"unknown build mode {mode!r}")
    corpus = Corpus(size, seed)
    clock = SettableClock(VAULT_START)
    vault = bd.Vault.create(folder / "vault", PASSPHRASE, kdf=bd.KdfParams.for_tests(), clock=clock)
    words = 0
    try:
        group_ids = [add_group(vault, spec) for spec in GROUPS]
        conn = borrow_connection(vault)
        plain = open_plain(folder / "plain.db")
        try:
            copy_setup_rows(conn, plain)
            for batch in _batches(corpus.sessions(), BATCH):
                if mode == "api":
                    for spec in batch:
                        clock.moment = written_at(spec)
                        add_via_api(vault, group_ids, spec)
                else:
                    with vault.repository.write() as wconn:
                        for spec in batch:
                            insert_session(wconn, group_ids, spec)
                plain.execute("BEGIN IMMEDIATE")
                for spec in batch:
                    insert_session(plain, group_ids, spec)
                plain.execute("COMMIT")
                words += sum(word_count(body) for spec in batch for body in spec.sections.values())
            fts_check = "ok"
            for table in ("session_fts", "session_tri"):
                conn.execute(
                    f"INSERT INTO {table}({table}, rank) VALUES ('integrity-check', 1)"  # noqa: S608
                )
            counts = vault.repository.counts()
            plain_counts = {
                table: plain.execute(f"SELECT count(*) FROM {table}").fetchone()[0]  # noqa: S608
                for table in counts
            }
            if counts != plain_counts:
                raise RuntimeError(f"vault and plain twin differ: {counts} vs {plain_counts}")
            plain.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        finally:
            plain.close()
    finally:
        vault.close()
    return {
        "size": size,
        "seed": seed,
        "mode": mode,
        "schema_version": LATEST_VERSION,
        "corpus_version": CORPUS_VERSION,
        "counts": counts,
        "sections": _count_sections(folder / "plain.db"),
        "words": words,
        "fts_integrity_check": fts_check,
    }


def add_group(vault: bd.Vault, spec: GroupSpec) -> int:
    """Create one group through the public API."""
    group = vault.add_group(
        spec.name,
        kind=spec.kind,
        time_zone=spec.time_zone,
        cadence=spec.cadence,
        mode=spec.mode,
        co_leader=spec.co_leader,
        start_time=spec.start_time,
    )
    return group.id


def add_via_api(vault: bd.Vault, group_ids: list[int], spec: SessionSpec) -> None:
    """Write one session and its reflection exactly as a user of the API would."""
    session = vault.add_session(group_ids[spec.group_index], spec.held_on)
    vault.save_reflection(session.id, spec.sections)


def starts_at(spec: SessionSpec) -> dt.datetime:
    """Return the UTC start of a session at its group's usual local time."""
    group = GROUPS[spec.group_index]
    local = dt.datetime.combine(
        spec.held_on, group.start_time, tzinfo=zoneinfo.ZoneInfo(group.time_zone)
    )
    return local.astimezone(dt.UTC)


def written_at(spec: SessionSpec) -> dt.datetime:
    """Return when the leader wrote the reflection: two hours after the start."""
    return starts_at(spec) + dt.timedelta(hours=2)


def insert_session(conn: Connection, group_ids: list[int], spec: SessionSpec) -> None:
    """Insert one session and reflection with the rows `add_session` + `save_reflection` make.

    Runs inside the caller's transaction. Works on the vault's connection
    (where the FTS triggers index the sections) and on the plain twin.
    """
    group_id = group_ids[spec.group_index]
    now = to_db(written_at(spec))
    template_id = conn.execute(
        "SELECT template_id FROM groups WHERE id = ?", (group_id,)
    ).fetchone()[0]
    session_id = conn.execute(
        "INSERT INTO sessions(group_id, held_on, starts_at, duration_minutes, status, "
        "mode, template_id, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (
            group_id,
            spec.held_on.isoformat(),
            to_db(starts_at(spec)),
            90,
            "held",
            GROUPS[spec.group_index].mode,
            template_id,
            now,
            now,
        ),
    ).lastrowid
    reflection_id = conn.execute(
        "INSERT INTO reflections(session_id, template_id, created_at, updated_at) "
        "VALUES (?, ?, ?, ?)",
        (session_id, template_id, now, now),
    ).lastrowid
    conn.executemany(
        "INSERT INTO reflection_sections(reflection_id, section_key, body, updated_at) "
        "VALUES (?, ?, ?, ?)",
        [(reflection_id, key, body, now) for key, body in spec.sections.items()],
    )
    current = dict(
        conn.execute(
            "SELECT section_key, body FROM reflection_sections WHERE reflection_id = ?",
            (reflection_id,),
        ).fetchall()
    )
    conn.execute(
        "INSERT INTO reflection_revisions(reflection_id, saved_at, sections_json) VALUES (?, ?, ?)",
        (reflection_id, now, json.dumps(current, ensure_ascii=False)),
    )


def borrow_connection(vault: bd.Vault) -> Connection:
    """Return the vault's own connection: the object `repository.write()` yields.

    Bench-only. The LIKE baseline and the builder's checks run on the very
    connection `Vault.search` uses (same page cache, same cipher settings).
    """
    with vault.repository.write() as conn:
        return conn


def plain_schema() -> list[str]:
    """Return the vault's schema statements minus the FTS index and its triggers."""
    statements: list[str] = []
    for name in MIGRATIONS:
        sql = resources.files("balint_desktop.storage").joinpath(name).read_text("utf-8")
        pending = ""
        for line in sql.splitlines(keepends=True):
            if not pending and line.lstrip().startswith("--"):
                continue
            pending += line
            if sqlite3.complete_statement(pending):
                fts = ("section_fts", "session_fts", "session_tri", "fts5", "reflection_sections_a")
                if not any(word in pending.lower() for word in fts):
                    statements.append(pending.strip())
                pending = ""
    return statements


def open_plain(path: Path) -> sqlite3.Connection:
    """Open (or create) the plain baseline database with the vault's non-cipher settings."""
    new = not path.exists()
    conn = sqlite3.connect(str(path), isolation_level=None, check_same_thread=True)
    for pragma in PLAIN_PRAGMAS:
        conn.execute(pragma)
    if new:
        conn.execute("BEGIN IMMEDIATE")
        for statement in plain_schema():
            conn.execute(statement)
        conn.execute(f"PRAGMA user_version = {LATEST_VERSION:d}")
        conn.execute("COMMIT")
    return conn


def copy_setup_rows(source: Connection, plain: sqlite3.Connection) -> None:
    """Copy meta, templates and groups from the vault into the plain twin."""
    plain.execute("BEGIN IMMEDIATE")
    for table in ("meta", "templates", "template_sections", "groups"):
        rows = source.execute(f"SELECT * FROM {table}").fetchall()  # noqa: S608
        if rows:
            marks = ", ".join("?" * len(rows[0]))
            plain.executemany(f"INSERT INTO {table} VALUES ({marks})", rows)  # noqa: S608
    plain.execute("COMMIT")


def check_fast_path(seed: int, size: int = 24) -> None:
    """Build a small vault through the API and through the fast path; require equal rows.

    Raises:
        RuntimeError: the fast path no longer writes what the API writes
            (the package changed); rebuild with `--build api` or update this module.
    """
    CACHE_ROOT.mkdir(exist_ok=True)
    with tempfile.TemporaryDirectory(dir=CACHE_ROOT) as tmp:
        dumps = {}
        for mode in ("api", "fast"):
            build(Path(tmp) / mode, size, seed, mode)
            vault = bd.Vault.open(Path(tmp) / mode / "vault", PASSPHRASE)
            try:
                dumps[mode] = _dump(vault)
            finally:
                vault.close()
    for what, api_rows in dumps["api"].items():
        if dumps["fast"][what] != api_rows:
            raise RuntimeError(f"fast build differs from the API build in {what}")


def _dump(vault: bd.Vault) -> dict[str, list[tuple[Any, ...]]]:
    conn = borrow_connection(vault)
    dump: dict[str, list[tuple[Any, ...]]] = {}
    for table in (
        "groups",
        "templates",
        "template_sections",
        "sessions",
        "reflections",
        "reflection_sections",
        "reflection_revisions",
    ):
        dump[table] = conn.execute(f"SELECT * FROM {table} ORDER BY 1, 2").fetchall()  # noqa: S608
    for query in ("patient", "felt stuck", "parallel process", "vertigo"):
        hits = vault.search(query, limit=1000)
        dump[f"search {query!r}"] = [(h.session_id, h.section, h.snippet, h.score) for h in hits]
    return dump


def working_copy(built: BuiltVault, destination: Path) -> tuple[Path, Path]:
    """Copy a cached vault and its plain twin for a run that may write; return both paths."""
    vault_dir = destination / "vault"
    vault_dir.mkdir(mode=0o700, parents=True)
    for name in ("vault.db", "vault.key"):
        shutil.copy2(built.vault_dir / name, vault_dir / name)
    plain = destination / "plain.db"
    shutil.copy2(built.plain_db, plain)
    os.sync()  # write the copies back now, not inside a timed fsync later
    return vault_dir, plain


def _count_sections(plain_path: Path) -> int:
    conn = sqlite3.connect(str(plain_path))
    try:
        return int(conn.execute("SELECT count(*) FROM reflection_sections").fetchone()[0])
    finally:
        conn.close()


def _batches(items: Iterable[SessionSpec], size: int) -> Iterator[list[SessionSpec]]:
    batch: list[SessionSpec] = []
    for item in items:
        batch.append(item)
        if len(batch) == size:
            yield batch
            batch = []
    if batch:
        yield batch
