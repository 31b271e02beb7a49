"""Backup speed: `vault.backup()` against a plain file copy.

Nothing here asserts on time; it only measures and reports.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import balint_desktop as bd
from bench.build import PASSPHRASE
from bench.measure import Sample, ms, timed
from bench.rows import Row, size_label, times


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
            size_label(size),
            ms(backup_time),
            f"file copy + fsync {ms(copy_time)}",
            times(backup_time / copy_time),
            "50k: ≤ 3 s",
        )
    ]
