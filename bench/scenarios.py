"""The measurements, gathered for `python -m bench`, and the folders they share.

Each measure lives in its own module (search, autosave, unlock and
passphrase, backup, footprint) and returns table rows: a figure beside a
same-run baseline. Nothing here asserts on time; it only measures and reports.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

import balint_desktop as bd
from bench.autosave_speed import PlainNotes, autosave_rows
from bench.backup_speed import backup_rows
from bench.build import PASSPHRASE
from bench.corpus import END_DATE
from bench.footprint import process_rss_row, rss_rows, size_rows
from bench.rows import Row, times
from bench.search_speed import QUERY_MIX, like_scan, search_rows
from bench.vault_speed import OTHER_PASSPHRASE, open_rows, passphrase_rows, unlock_rows


def tiny_vault(scratch: Path) -> Path:
    """Create a vault with one short reflection (test KDF) and return its folder."""
    folder = scratch / "tiny-vault"
    with bd.Vault.create(folder, PASSPHRASE, kdf=bd.KdfParams.for_tests()) as vault:
        group = vault.add_group("Clinician Group")
        session = vault.add_session(group.id, END_DATE)
        vault.save_reflection(session.id, {"atmosphere": "Quiet start; two apologies."})
    return folder


def scratch_dir(root: Path) -> tempfile.TemporaryDirectory[str]:
    """Return a temporary folder on the cache's file system (same disk as the vaults)."""
    root.mkdir(exist_ok=True)
    return tempfile.TemporaryDirectory(prefix="run-", dir=root)


__all__ = [
    "OTHER_PASSPHRASE",
    "QUERY_MIX",
    "PlainNotes",
    "Row",
    "autosave_rows",
    "backup_rows",
    "like_scan",
    "open_rows",
    "passphrase_rows",
    "process_rss_row",
    "rss_rows",
    "scratch_dir",
    "search_rows",
    "size_rows",
    "times",
    "tiny_vault",
    "unlock_rows",
]
