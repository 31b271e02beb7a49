"""Footprint: the vault's size on disk and the memory a search process needs."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from bench.build import BuiltVault
from bench.measure import mib, peak_rss_bytes
from bench.rows import Row, size_label
from bench.search_speed import QUERY_MIX


def size_rows(built: BuiltVault) -> list[Row]:
    """Compare the cached vault's file size with its plain twin's."""
    vault_size = (built.vault_dir / "vault.db").stat().st_size
    plain_size = built.plain_db.stat().st_size
    return [
        Row(
            "file size of vault.db (after checkpoint)",
            size_label(built.size),
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
            size_label(size),
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
