"""`python -m bench [--sizes 1000,10000] [--seed N] [--build api|fast] [--rebuild]`.

Builds (or reuses) the cached synthetic vaults, works on copies of them, and
prints one table: each figure beside a baseline measured in the same run and
the target from DESIGN.md §7. Measurement only: nothing here passes or fails.
"""

from __future__ import annotations

import argparse
import os
import platform
import sqlite3
import sys
import time
from collections.abc import Sequence
from pathlib import Path

import sqlcipher3

from bench import scenarios
from bench.build import CACHE_ROOT, ensure_vault, working_copy
from bench.corpus import DEFAULT_SEED
from bench.deidentify import deidentify_rows
from bench.packaged import packaged_rows
from bench.scenarios import Row
from bench.startup import startup_rows


def parse_args(argv: Sequence[str]) -> argparse.Namespace:
    """Read the command line."""
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__)
    parser.add_argument(
        "--sizes",
        default="1000",
        help="comma-separated session counts (default 1000; e.g. 1000,10000 or 50000)",
    )
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED, help="corpus seed")
    parser.add_argument(
        "--build",
        choices=("api", "fast"),
        default="api",
        help="fill vaults through the public API (default; one transaction per call, "
        "as in the app) or through repository.write() in batches (fast; checked "
        "against the API on a small sample first)",
    )
    parser.add_argument("--rebuild", action="store_true", help="ignore the cache")
    args = parser.parse_args(argv)
    try:
        args.size_list = [int(part) for part in args.sizes.split(",") if part.strip()]
    except ValueError:
        parser.error("--sizes takes whole numbers separated by commas")
    if not args.size_list or min(args.size_list) < 30:
        parser.error("--sizes needs at least one size of 30 sessions or more")
    return args


def machine() -> list[str]:
    """Return a few lines about where this ran."""
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    probe = sqlcipher3.connect(":memory:")
    try:
        cipher = probe.execute("PRAGMA cipher_version").fetchone()[0]
        cipher_sqlite = probe.execute("SELECT sqlite_version()").fetchone()[0]
    finally:
        probe.close()
    load = ", ".join(f"{value:.2f}" for value in os.getloadavg())
    return [
        f"machine: {cpu}, {os.cpu_count()} CPUs, {platform.system()} {platform.release()}; "
        f"load average at the end {load} (other work on the machine skews timings)",
        f"python {platform.python_version()}; SQLCipher {cipher} (SQLite {cipher_sqlite}); "
        f"baseline stdlib sqlite3 (SQLite {sqlite3.sqlite_version})",
    ]


def render(rows: Sequence[Row]) -> str:
    """Return the rows as one aligned text table."""
    header = Row("measure", "size", "Balint Desktop", "baseline (same run)", "ratio", "target")
    table = [header, *rows]
    columns = list(
        zip(
            *((r.measure, r.size, r.figure, r.baseline, r.ratio, r.target) for r in table),
            strict=True,
        )
    )
    widths = [max(len(cell) for cell in column) for column in columns]
    lines = []
    for index, row in enumerate(table):
        cells = (row.measure, row.size, row.figure, row.baseline, row.ratio, row.target)
        lines.append(
            " | ".join(
                cell.ljust(width) for cell, width in zip(cells, widths, strict=True)
            ).rstrip()
        )
        if index == 0:
            lines.append("-+-".join("-" * width for width in widths))
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    """Build what is missing, measure, print the table."""
    args = parse_args(sys.argv[1:] if argv is None else argv)
    started = time.perf_counter()

    def log(message: str) -> None:
        print(f"[{time.perf_counter() - started:6.1f} s] {message}", file=sys.stderr, flush=True)

    rows: list[Row] = []
    notes: list[str] = []
    built = [
        ensure_vault(size, args.seed, args.build, rebuild=args.rebuild, log=log)
        for size in args.size_list
    ]
    with scenarios.scratch_dir(CACHE_ROOT) as scratch_name:
        scratch = Path(scratch_name)
        tiny = scenarios.tiny_vault(scratch)
        for entry in built:
            label = f"{entry.size} sessions"
            run_dir = scratch / f"n{entry.size}"
            vault_dir, plain = working_copy(entry, run_dir)
            log(f"{label}: search")
            rows += scenarios.search_rows(vault_dir, entry.size, notes)
            log(f"{label}: backup")
            rows += scenarios.backup_rows(vault_dir, run_dir, entry.size)
            log(f"{label}: open and passphrase change")
            rows += scenarios.open_rows(vault_dir, tiny, entry.size)
            rows += scenarios.passphrase_rows(vault_dir, tiny, entry.size)
            log(f"{label}: autosave")
            rows += scenarios.autosave_rows(vault_dir, plain, entry.size, notes)
            rows += scenarios.size_rows(entry)
            log(f"{label}: memory")
            rows += scenarios.rss_rows(vault_dir, entry.size)
        log("unlock with the floor KDF")
        rows += scenarios.unlock_rows(scratch)
        log("de-identification guard")
        rows += deidentify_rows()
        log("start-up: process start to painted unlock window")
        rows += startup_rows(tiny, scratch / "startup-config")
        log("start-up of the packaged app (make dist) beside the venv app")
        rows += packaged_rows(tiny, scratch / "startup-config", CACHE_ROOT / "dist", log)
    rows.append(scenarios.process_rss_row())
    log("done")

    print()
    for line in machine():
        print(line)
    builds = ", ".join(f"{b.size}: {b.mode} build, {b.manifest['words']:,} words" for b in built)
    print(f"corpus seed {args.seed}; vaults ({builds}); cache {CACHE_ROOT}")
    print()
    print(render(rows))
    print()
    print("Notes:")
    print(
        "- search = Vault.search(query, limit=50): bm25-ranked top 50 with snippets. "
        "Baseline: the newest 50 sections whose body LIKE '%word%' for every word, "
        "on the same connection (no ranking, no snippets). ratio = LIKE / search, at p50 and p95."
    )
    print(
        "- plain sqlite3 = stdlib, unencrypted, WAL, synchronous=FULL, secure_delete=ON, "
        "foreign_keys=ON, the vault's schema minus the FTS table and triggers, the same rows; "
        "its save runs the same statements as Repository.save_reflection."
    )
    print(
        "- unlock: each run times derive_key with the vault's slot parameters, then "
        "Vault.open; figure = median of (open - KDF). Vault.open with the test KDF shows the "
        "same cost on the sized vault."
    )
    print(
        "- passphrase change uses the test KDF on both vaults, so it shows only what depends "
        "on size; with real parameters it adds about 3 KDF runs (unwrap, wrap, verify)."
    )
    for note in dict.fromkeys(notes):  # in order, each once
        print(f"- {note}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
