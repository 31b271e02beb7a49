"""The database is opened with exactly the settings DESIGN.md §3 requires."""

from __future__ import annotations

import inspect
from pathlib import Path

import pytest

import balint_desktop as bd
from balint_desktop.storage import connection


def test_required_pragmas_are_in_force(vault: bd.Vault) -> None:
    conn = vault._connection()
    assert conn.execute("PRAGMA temp_store").fetchone()[0] == 2  # MEMORY
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert conn.execute("PRAGMA synchronous").fetchone()[0] == 2  # FULL
    assert conn.execute("PRAGMA secure_delete").fetchone()[0] == 1
    assert conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    assert conn.execute("PRAGMA cipher_log_level").fetchone()[0] == "NONE"
    assert conn.execute("PRAGMA cipher_page_size").fetchone()[0] == "4096"
    assert conn.execute("PRAGMA cipher_hmac_algorithm").fetchone()[0] == "HMAC_SHA512"
    assert conn.execute("PRAGMA cipher_plaintext_header_size").fetchone()[0] == "0"


def test_the_key_goes_only_through_set_key() -> None:
    source = inspect.getsource(connection)
    assert "conn.set_key(raw_key_literal(key))" in source
    assert "PRAGMA key" not in source


def test_raw_key_literal_shape() -> None:
    literal = connection.raw_key_literal(bytes(range(32)))
    assert literal == b"x'" + bytes(range(32)).hex().encode() + b"'"
    with pytest.raises(ValueError, match="32 bytes"):
        connection.raw_key_literal(b"short")


def test_another_key_cannot_read_the_database(vault: bd.Vault, vault_dir: Path) -> None:
    vault.close()
    with pytest.raises(bd.VaultCorrupt):
        connection.open_database(vault_dir / "vault.db", bytes(32))
