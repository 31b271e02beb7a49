"""The key file: passphrases of every shape, tampering, the KDF floor."""

from __future__ import annotations

import datetime as dt
import json
import os
import unicodedata
from pathlib import Path
from typing import Any

import pytest

import balint_desktop as bd
from balint_desktop.crypto import kdf
from balint_desktop.crypto.keyfile import parse_keyfile, unwrap_key, wrap_key
from tests.conftest import PASSPHRASE

TINY = bd.KdfParams.for_tests()

AWKWARD_PASSPHRASES = [
    "it's \"quoted\" and 'single'",
    "back\\slash\\\\and \\n not a newline",
    "emoji 🔐🧠 and ümlauts and 漢字",
    "x" * 1000,
    "  leading and trailing spaces  ",
    "'; DROP TABLE groups; --",
    "x'00112233'",
]


@pytest.mark.parametrize("passphrase", AWKWARD_PASSPHRASES)
def test_awkward_passphrases_create_reopen_and_change(vault_dir: Path, passphrase: str) -> None:
    with bd.Vault.create(vault_dir, passphrase, kdf=TINY) as vault:
        vault.add_group("Clinician Group")
    with bd.Vault.open(vault_dir, passphrase) as vault:
        vault.change_passphrase(passphrase, passphrase[::-1] + "!")
    with pytest.raises(bd.WrongPassphrase):
        bd.Vault.open(vault_dir, passphrase)
    with bd.Vault.open(vault_dir, passphrase[::-1] + "!") as vault:
        assert [g.name for g in vault.groups()] == ["Clinician Group"]


def test_spaces_are_significant(vault_dir: Path) -> None:
    bd.Vault.create(vault_dir, " pass phrase ", kdf=TINY).close()
    with pytest.raises(bd.WrongPassphrase):
        bd.Vault.open(vault_dir, "pass phrase")


def test_composed_and_decomposed_accents_open_alike(vault_dir: Path) -> None:
    composed = unicodedata.normalize("NFC", "Übertragung café")
    decomposed = unicodedata.normalize("NFD", composed)
    assert composed != decomposed
    bd.Vault.create(vault_dir, composed, kdf=TINY).close()
    bd.Vault.open(vault_dir, decomposed).close()


def test_change_passphrase_needs_the_old_one(vault: bd.Vault, vault_dir: Path) -> None:
    with pytest.raises(bd.WrongPassphrase):
        vault.change_passphrase("not the old one", "new passphrase")
    with pytest.raises(bd.InvalidInput):
        vault.change_passphrase(PASSPHRASE, "")
    vault.close()
    bd.Vault.open(vault_dir, PASSPHRASE).close()


def test_change_passphrase_keeps_notes_and_old_backups_open(
    vault: bd.Vault, vault_dir: Path
) -> None:
    group = vault.add_group("Clinician Group")
    session = vault.add_session(group.id, dt.date(2026, 5, 1))
    vault.save_reflection(session.id, {"relationship": "a sense of being stuck"})
    backup = vault.backup()
    vault.change_passphrase(PASSPHRASE, "a brand new passphrase")
    assert [h.session_id for h in vault.search("stuck")] == [session.id]
    vault.close()
    with bd.Vault.open(vault_dir, "a brand new passphrase") as reopened:
        assert reopened.reflection(session.id).sections["relationship"].endswith("stuck")
    # A backup keeps the key file it was made with.
    with bd.Vault.open(backup, PASSPHRASE) as old:
        assert old.reflection(session.id).sections


def rewrite_keyfile(vault_dir: Path, change: Any, *, checksum: str = "keep") -> None:
    """Edit the first slot; `checksum` is "keep" (stale), "recompute" or "drop"."""
    path = vault_dir / "vault.key"
    document = json.loads(path.read_text())
    change(document["slots"][0])
    if checksum != "keep":
        slot = document["slots"][0]
        del slot["checksum"]
        if checksum == "recompute":
            slot["checksum"] = (
                parse_keyfile(json.dumps(document).encode()).slots[0].to_json()["checksum"]
            )
    path.write_text(json.dumps(document))


TAMPERED_HEADERS = [
    ("memory_kib", 128),
    ("iterations", 2),
    ("lanes", 2),
    ("salt", "AAAAAAAAAAAAAAAAAAAAAA=="),
]


@pytest.mark.parametrize(("field", "value"), TAMPERED_HEADERS)
def test_tampered_header_does_not_unlock(vault_dir: Path, field: str, value: object) -> None:
    """Decision (M1): an edited header whose checksum no longer matches is damage.

    It is refused before any derivation as `VaultCorrupt`, never as a wrong
    passphrase. Someone who also recomputes (or removes) the public checksum
    is still stopped by the AES-GCM associated data: `WrongPassphrase`.
    """
    bd.Vault.create(vault_dir, PASSPHRASE, kdf=TINY).close()
    rewrite_keyfile(vault_dir, lambda slot: slot["kdf"].__setitem__(field, value))
    with pytest.raises(bd.VaultCorrupt, match="key file is damaged"):
        bd.Vault.open(vault_dir, PASSPHRASE)


@pytest.mark.parametrize("checksum", ["recompute", "drop"])
@pytest.mark.parametrize(("field", "value"), TAMPERED_HEADERS)
def test_tampered_header_with_a_forged_checksum_still_does_not_unlock(
    vault_dir: Path, field: str, value: object, checksum: str
) -> None:
    bd.Vault.create(vault_dir, PASSPHRASE, kdf=TINY).close()
    rewrite_keyfile(
        vault_dir, lambda slot: slot["kdf"].__setitem__(field, value), checksum=checksum
    )
    with pytest.raises(bd.WrongPassphrase):
        bd.Vault.open(vault_dir, PASSPHRASE)


def test_real_vault_header_below_the_floor_is_refused_before_deriving(vault_dir: Path) -> None:
    floor = bd.KdfParams.floor()
    bd.Vault.create(vault_dir, PASSPHRASE, kdf=floor).close()
    bd.Vault.open(vault_dir, PASSPHRASE).close()

    def weaken(slot: dict[str, Any]) -> None:
        slot["kdf"]["memory_kib"] = 8 * 1024

    rewrite_keyfile(vault_dir, weaken)
    with pytest.raises(bd.WeakKeyFile, match="weaker protection"):
        bd.Vault.open(vault_dir, PASSPHRASE)


def test_unbounded_parameters_are_refused(vault_dir: Path) -> None:
    bd.Vault.create(vault_dir, PASSPHRASE, kdf=TINY).close()
    rewrite_keyfile(vault_dir, lambda slot: slot["kdf"].__setitem__("iterations", 10**9))
    with pytest.raises(bd.WeakKeyFile):
        bd.Vault.open(vault_dir, PASSPHRASE)


def test_create_refuses_weak_parameters_not_made_for_tests(vault_dir: Path) -> None:
    weak = bd.KdfParams(memory_kib=1024, iterations=1, lanes=1)
    with pytest.raises(bd.WeakKeyFile):
        bd.Vault.create(vault_dir, PASSPHRASE, kdf=weak)


@pytest.mark.parametrize(
    "content",
    [b"", b"not json", b"[]", b'{"format": "other"}', b"\xff\xfe", b"{" * 100_000],
)
def test_garbage_key_file_is_damaged(vault_dir: Path, content: bytes) -> None:
    bd.Vault.create(vault_dir, PASSPHRASE, kdf=TINY).close()
    (vault_dir / "vault.key").write_bytes(content)
    with pytest.raises(bd.VaultCorrupt):
        bd.Vault.open(vault_dir, PASSPHRASE)


def test_newer_key_file_version_asks_for_an_update(vault_dir: Path) -> None:
    bd.Vault.create(vault_dir, PASSPHRASE, kdf=TINY).close()
    path = vault_dir / "vault.key"
    document = json.loads(path.read_text())
    document["version"] = 99
    path.write_text(json.dumps(document))
    with pytest.raises(bd.VaultCorrupt, match="newer"):
        bd.Vault.open(vault_dir, PASSPHRASE)


def test_key_file_holds_no_secret_in_clear() -> None:
    key = bytes(range(32))
    slot = wrap_key(key, PASSPHRASE, TINY)
    data = json.dumps(slot.to_json()).encode()
    assert key.hex().encode() not in data
    assert PASSPHRASE.encode() not in data
    document = b'{"format":"balint-desktop-vault-key","version":1,"slots":[' + data + b"]}"
    assert unwrap_key(parse_keyfile(document).passphrase_slot, PASSPHRASE) == key


@pytest.mark.slow
def test_calibration_meets_the_floor_and_the_time_budget() -> None:
    params = kdf.calibrate(target_seconds=0.3)
    assert params.meets_floor()
    assert not params.for_testing
    assert params.memory_kib <= kdf.MAX_MEMORY_KIB


def test_passphrase_change_on_a_full_disk_keeps_the_old_passphrase(
    vault: bd.Vault, vault_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def no_space(fd: int) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "fsync", no_space)
    with pytest.raises(bd.StorageFull, match="old passphrase still opens"):
        vault.change_passphrase(PASSPHRASE, "never saved")
    monkeypatch.undo()
    assert not list(vault_dir.glob("vault.key.tmp-*"))
    vault.close()
    bd.Vault.open(vault_dir, PASSPHRASE).close()


def test_failed_directory_flush_after_replace_still_counts_as_changed(
    vault: bd.Vault, vault_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from balint_desktop.storage import files

    def broken(path: Path) -> None:
        raise OSError(5, "Input/output error")

    monkeypatch.setattr(files, "fsync_dir", broken)
    vault.change_passphrase(PASSPHRASE, "the new one")
    monkeypatch.undo()
    backup = vault.backup()
    vault.close()
    bd.Vault.open(vault_dir, "the new one").close()
    bd.Vault.open(backup, "the new one").close()
