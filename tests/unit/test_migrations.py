"""Forward-only migrations, each tested from the previous version's vault."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

import balint_desktop as bd
from balint_desktop.storage import migrations
from tests.fixtures import make_vault_v1


@pytest.fixture
def v1_vault(tmp_path: Path) -> Path:
    folder = tmp_path / "old"
    shutil.copytree(make_vault_v1.FIXTURE, folder)
    return folder


def test_fixture_is_at_version_1(v1_vault: Path) -> None:
    from balint_desktop.crypto.keyfile import parse_keyfile, unwrap_key
    from balint_desktop.storage.connection import open_database

    slot = parse_keyfile((v1_vault / "vault.key").read_bytes()).passphrase_slot
    conn = open_database(v1_vault / "vault.db", unwrap_key(slot, make_vault_v1.PASSPHRASE))
    try:
        assert migrations.schema_version(conn) == 1
    finally:
        conn.close()


def test_opening_a_v1_vault_migrates_and_keeps_every_note(v1_vault: Path) -> None:
    with bd.Vault.open(v1_vault, make_vault_v1.PASSPHRASE) as vault:
        assert vault.info().schema_version == migrations.LATEST_VERSION
        [group] = vault.groups()
        [session] = vault.sessions(group.id)
        assert vault.reflection(session.id).sections["case"] == make_vault_v1.CASE_TEXT
        # Version 2 indexed what version 1 already held.
        assert [h.session_id for h in vault.search("ubertragung")] == [session.id]
        assert vault.check_integrity() == []
    with bd.Vault.open(v1_vault, make_vault_v1.PASSPHRASE) as vault:
        assert vault.info().schema_version == migrations.LATEST_VERSION


def test_a_vault_from_a_newer_app_is_not_touched(vault: bd.Vault, vault_dir: Path) -> None:
    vault._connection().execute(f"PRAGMA user_version = {migrations.LATEST_VERSION + 1}")
    vault.close()
    before = (vault_dir / "vault.db").read_bytes()
    with pytest.raises(bd.VaultCorrupt, match="newer Balint Desktop"):
        bd.Vault.open(vault_dir, "correct horse battery staple")
    assert (vault_dir / "vault.db").read_bytes() == before


def test_a_failing_migration_leaves_the_previous_version(v1_vault: Path) -> None:
    from balint_desktop.crypto.keyfile import parse_keyfile, unwrap_key
    from balint_desktop.storage.connection import open_database

    slot = parse_keyfile((v1_vault / "vault.key").read_bytes()).passphrase_slot
    conn = open_database(v1_vault / "vault.db", unwrap_key(slot, make_vault_v1.PASSPHRASE))
    try:
        # Occupy the name version 2 creates, so its script fails half-way.
        conn.execute("CREATE TABLE section_fts(x)")
        with pytest.raises(Exception, match="already exists"):
            migrations.migrate(conn)
        assert migrations.schema_version(conn) == 1
        assert not conn.in_transaction
        names = {r[0] for r in conn.execute("SELECT name FROM sqlite_master")}
        assert "reflection_sections_ai" not in names
    finally:
        conn.close()
