"""The passphrase-protected archive (T13): round trips, refusals, hostile files, the script."""

from __future__ import annotations

import ast
import base64
import dataclasses
import datetime as dt
import hashlib
import json
import os
import random
import secrets
import signal
import stat
import subprocess
import sys
import zlib
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.argon2 import Argon2id

import balint_desktop as bd
from balint_desktop.core import archive_api
from balint_desktop.crypto import archive as sealed
from balint_desktop.crypto.kdf import calibrate
from tests.conftest import PASSPHRASE

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = ROOT / "docs" / "decrypt_archive.py"
ARCHIVE_PASSPHRASE = "heron quarry velvet 42 lanterns"
TINY = bd.KdfParams.for_tests()
PREFIX = len(sealed.MAGIC) + 1 + 4
#: DOMAIN.md: "My own responses (private) … never exported or shared".
PRIVATE_KEY = "my_responses"


def _canary(prefix: str = "zq") -> str:
    return f"{prefix}{secrets.token_hex(10)}"


def _encodings(text: str) -> list[bytes]:
    return [text.encode("utf-8"), text.encode("utf-16-le"), text.encode("utf-16-be")]


class Filled:
    """A vault with two groups and every kind of record, canaries in every text.

    `canaries` are what an archive of their scope must hold; `private` are the
    canaries of the private section, which no archive may hold.
    """

    def __init__(self, vault: bd.Vault) -> None:
        self.vault = vault
        self.canaries: dict[int, list[str]] = {}
        self.private: dict[int, list[str]] = {}
        self.groups = [self._group("Clinician Group", "clinician"), self._group("Coaches", "other")]
        self.loose_entry = vault.add_log_entry(
            "training_day", dt.date(2026, 2, 1), 6, description=self._note(0, "log")
        )

    def _note(self, group_id: int, label: str) -> str:
        canary = _canary(f"{label}-")
        self.canaries.setdefault(group_id, []).append(canary)
        return canary

    def _group(self, name: str, kind: str) -> bd.Group:
        vault = self.vault
        group = vault.add_group(name, kind=kind)
        vault.update_group(group.id, name=f"{name} {_canary()}", co_leader="Dr Co")
        self.canaries.setdefault(group.id, []).append(vault.group(group.id).name)
        vault.update_group(group.id, co_leader=self._note(group.id, "co"))
        members = [
            vault.add_member(group.id, self._note(group.id, "P"), profession="GP") for _ in range(2)
        ]
        earlier: bd.Presentation | None = None
        for day in (5, 19):
            session = vault.add_session(group.id, dt.date(2026, 3, day), duration_minutes=75)
            keys = vault.template(session.id).keys
            assert PRIVATE_KEY in keys
            private = _canary("private-")
            self.private.setdefault(group.id, []).append(private)
            vault.save_reflection(
                session.id,
                {
                    key: f"Notes {private if key == PRIVATE_KEY else self._note(group.id, key)}."
                    for key in keys
                },
            )
            vault.set_attendance(session.id, members[1].id, "apology")
            earlier = vault.add_presentation(
                session.id,
                presenter_id=members[0].id,
                other_pseudonym=self._note(group.id, "other"),
                summary=f"Summary {self._note(group.id, 'summary')}",
                follows_id=None if earlier is None else earlier.id,
            )
        vault.add_log_entry(
            "supervision", dt.date(2026, 3, 1), 1.5, group.id, self._note(group.id, "log")
        )
        return vault.group(group.id)

    def all_canaries(self) -> list[str]:
        return [c for group in self.canaries.values() for c in group]

    def all_private(self) -> list[str]:
        return [c for group in self.private.values() for c in group]


@pytest.fixture
def filled(vault: bd.Vault) -> Filled:
    return Filled(vault)


@pytest.fixture
def out(tmp_path: Path) -> Path:
    """Return an empty folder for archives, apart from the vault's."""
    folder = tmp_path / "out"
    folder.mkdir()
    return folder


def _expected_group(vault: bd.Vault, group: bd.Group) -> dict[str, Any]:
    """What an archive must say about a group, read through the public API."""
    sessions = sorted(vault.sessions(group.id), key=lambda s: s.held_on)
    return {
        "name": group.name,
        "co_leader": group.co_leader,
        "members": [(m.id, m.pseudonym, m.profession) for m in vault.members(group.id)],
        "sessions": [
            {
                "held_on": s.held_on.isoformat(),
                "duration_minutes": s.duration_minutes,
                "sections": {
                    key: text
                    for key, text in vault.reflection(s.id).sections.items()
                    if key != PRIVATE_KEY
                },
                "attendance": [
                    (a.member_id, a.status, a.presented) for a in vault.attendance(s.id)
                ],
                "cases": [
                    (p.id, p.presenter_id, p.other_pseudonym, p.summary, p.follows_id)
                    for p in vault.presentations(s.id)
                ],
            }
            for s in sessions
        ],
    }


def _archived_group(group: dict[str, Any]) -> dict[str, Any]:
    return {
        "name": group["name"],
        "co_leader": group["co_leader"],
        "members": [(m["id"], m["pseudonym"], m["profession"]) for m in group["members"]],
        "sessions": [
            {
                "held_on": s["held_on"],
                "duration_minutes": s["duration_minutes"],
                "sections": s["reflection"]["sections"],
                "attendance": [
                    (a["member_id"], a["status"], a["presented"]) for a in s["attendance"]
                ],
                "cases": [
                    (
                        c["id"],
                        c["presenter_id"],
                        c["other_pseudonym"],
                        c["summary"],
                        c["follows_id"],
                    )
                    for c in s["cases"]
                ],
            }
            for s in group["sessions"]
        ],
    }


# -- round trips -------------------------------------------------------------


def test_whole_vault_round_trip_holds_everything_but_the_private_section(
    filled: Filled, tmp_path: Path
) -> None:
    vault = filled.vault
    path = vault.export_archive(tmp_path / "all.balintarchive", ARCHIVE_PASSPHRASE, kdf=TINY)
    assert path == tmp_path / "all.balintarchive"
    data = bd.read_archive(path, ARCHIVE_PASSPHRASE)

    assert data["scope"] == "vault"
    assert [_archived_group(g) for g in data["groups"]] == [
        _expected_group(vault, g) for g in vault.groups()
    ]
    sections = [s["reflection"]["sections"] for g in data["groups"] for s in g["sessions"]]
    assert len(sections) == 4
    assert all(PRIVATE_KEY not in s and s["case"].startswith("Notes ") for s in sections)
    # Every session names a template that is in the archive; the template
    # still says which section is private, and that section's text is absent.
    templates = {t["ref"]: t for t in data["templates"]}
    for group in data["groups"]:
        for session in group["sessions"]:
            template = templates[session["template"]]
            assert list(session["reflection"]["sections"]) == [
                s["key"] for s in template["sections"] if not s["private"]
            ]
            assert {s["key"] for s in template["sections"] if s["private"]} == {PRIVATE_KEY}
    assert sorted(e["description"] for e in data["leadership_log"]) == sorted(
        e.description for e in vault.log_entries()
    )
    text = json.dumps(data, ensure_ascii=False)
    assert all(canary in text for canary in filled.all_canaries())
    assert [c for c in filled.all_private() if c in text] == []


def test_one_group_archive_holds_that_group_only(filled: Filled, tmp_path: Path) -> None:
    vault = filled.vault
    chosen, other = filled.groups
    path = vault.export_archive(
        tmp_path / "one.balintarchive", ARCHIVE_PASSPHRASE, chosen.id, kdf=TINY
    )
    data = bd.read_archive(path, ARCHIVE_PASSPHRASE)

    assert data["scope"] == "group"
    assert [_archived_group(g) for g in data["groups"]] == [_expected_group(vault, chosen)]
    assert [e["group_id"] for e in data["leadership_log"]] == [chosen.id]
    text = json.dumps(data, ensure_ascii=False)
    assert all(canary in text for canary in filled.canaries[chosen.id])
    leaked = [c for c in filled.canaries[other.id] + filled.canaries[0] if c in text]
    assert leaked == []
    header = _header(path.read_bytes())
    assert header["payload"]["scope"] == "group"
    assert other.name not in path.read_bytes().decode("latin-1")


def test_unknown_group_is_refused_and_nothing_written(vault: bd.Vault, out: Path) -> None:
    with pytest.raises(bd.InvalidInput, match="group does not exist"):
        vault.export_archive(out / "a.balintarchive", ARCHIVE_PASSPHRASE, 999, kdf=TINY)
    assert list(out.iterdir()) == []


def _header_kdf(path: Path) -> bd.KdfParams:
    kdf = _header(path.read_bytes())["kdf"]
    return bd.KdfParams(kdf["memory_kib"], kdf["iterations"], kdf["lanes"], kdf["for_testing"])


def test_a_test_settings_vault_archives_with_real_settings_by_default(
    vault: bd.Vault, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """T2: a vault made with test settings (64 KiB, 1 pass) never passes them on silently."""
    assert vault.kdf.for_testing
    assert not vault.kdf.meets_floor()
    calibrations: list[float] = []

    def quick(target_seconds: float = 1.0) -> bd.KdfParams:
        # The real calibration, on a small time budget to keep the test fast.
        calibrations.append(target_seconds)
        return calibrate(0.05)

    monkeypatch.setattr(archive_api, "calibrate", quick)
    path = vault.export_archive(tmp_path / "a.balintarchive", ARCHIVE_PASSPHRASE)
    params = _header_kdf(path)
    assert params.meets_floor()
    assert params.within_ceiling()
    assert not params.for_testing
    assert calibrations == [1.0]  # about a second, like the vault's own unlock


def test_archive_uses_real_vault_settings_or_explicit_ones_without_calibrating(
    vault: bd.Vault, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def refuse(target_seconds: float = 1.0) -> bd.KdfParams:
        raise AssertionError("calibrated although settings were given")

    monkeypatch.setattr(archive_api, "calibrate", refuse)
    # Only an explicit argument gives an archive test settings.
    path = vault.export_archive(tmp_path / "a.balintarchive", ARCHIVE_PASSPHRASE, kdf=TINY)
    assert _header_kdf(path) == TINY
    other = bd.KdfParams(memory_kib=256, iterations=2, lanes=2, for_testing=True)
    path = vault.export_archive(tmp_path / "b.balintarchive", ARCHIVE_PASSPHRASE, kdf=other)
    assert _header_kdf(path) == other
    assert bd.read_archive(path, ARCHIVE_PASSPHRASE)["groups"] == []
    # A vault with real settings lends them to its archives as they are.
    real = dataclasses.replace(vault.archive_snapshot(), kdf=bd.KdfParams.floor())
    path = real.write(tmp_path / "c.balintarchive", ARCHIVE_PASSPHRASE)
    assert _header_kdf(path) == bd.KdfParams.floor()


def test_weak_settings_not_made_for_tests_and_empty_passphrases_are_refused(
    vault: bd.Vault, out: Path
) -> None:
    weak = bd.KdfParams(memory_kib=1024, iterations=1, lanes=1)
    with pytest.raises(bd.InvalidInput):
        vault.export_archive(out / "a.balintarchive", ARCHIVE_PASSPHRASE, kdf=weak)
    with pytest.raises(bd.InvalidInput, match="cannot be empty"):
        vault.export_archive(out / "a.balintarchive", "", kdf=TINY)
    assert list(out.iterdir()) == []


def test_the_derived_key_is_wiped_after_sealing_and_opening(
    vault: bd.Vault, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    keys: list[bytearray] = []
    derive = sealed._derive

    def keep(passphrase: str, salt: bytes, params: bd.KdfParams) -> bytearray:
        key = derive(passphrase, salt, params)
        keys.append(key)
        return key

    monkeypatch.setattr(sealed, "_derive", keep)
    path = vault.export_archive(tmp_path / "a.balintarchive", ARCHIVE_PASSPHRASE, kdf=TINY)
    bd.read_archive(path, ARCHIVE_PASSPHRASE)
    with pytest.raises(bd.ArchiveWrongPassphrase):
        bd.read_archive(path, "not it")
    assert len(keys) == 3
    assert all(len(key) == 32 and not any(key) for key in keys)


# -- T13: no plaintext, only its own passphrase, private file --------------------


def test_t13_archive_holds_no_canary_and_opens_only_with_its_passphrase(
    filled: Filled, tmp_path: Path
) -> None:
    vault = filled.vault
    folder = tmp_path / "exports"
    folder.mkdir()
    path = vault.export_archive(folder / "archive.balintarchive", ARCHIVE_PASSPHRASE, kdf=TINY)
    data = path.read_bytes()
    needles = [*filled.all_canaries(), *filled.all_private(), ARCHIVE_PASSPHRASE, PASSPHRASE]
    found = [i for i, n in enumerate(needles) for e in _encodings(n) if e in data]
    assert found == []
    assert b"my_responses" not in data  # not even which sections were written
    # The scan is not vacuous: the same bytes hold every canary, encrypted.
    opened = json.dumps(bd.read_archive(path, ARCHIVE_PASSPHRASE), ensure_ascii=False)
    assert all(canary in opened for canary in filled.all_canaries())
    for wrong in (PASSPHRASE, ARCHIVE_PASSPHRASE.upper(), ARCHIVE_PASSPHRASE + " ", ""):
        with pytest.raises(bd.ArchiveWrongPassphrase):
            bd.read_archive(path, wrong)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert sorted(p.name for p in folder.iterdir()) == ["archive.balintarchive"]  # no temporaries


def _decrypted_payload(path: Path, passphrase: str) -> bytes:
    """Decrypt an archive by hand, as docs/archive-format.md shows, without the app's reader."""
    data = path.read_bytes()
    length = int.from_bytes(data[9:13], "big")
    aad, ciphertext = data[: 13 + length], data[13 + length : -32]
    header = json.loads(aad[13:])
    kdf = header["kdf"]
    key = Argon2id(
        salt=base64.b64decode(kdf["salt"]),
        length=32,
        iterations=kdf["iterations"],
        lanes=kdf["lanes"],
        memory_cost=kdf["memory_kib"],
    ).derive(passphrase.encode("utf-8"))
    nonce = base64.b64decode(header["cipher"]["nonce"])
    return zlib.decompress(AESGCM(key).decrypt(nonce, ciphertext, aad))


@pytest.mark.parametrize("scope", ["vault", "group"])
def test_t13_private_sections_are_never_archived(
    filled: Filled, tmp_path: Path, scope: str
) -> None:
    """T13: "private sections never exported" holds inside the encryption too.

    The file is encrypted, so a scan of its bytes cannot find the private
    canary either way; this looks at what the passphrase opens.
    """
    vault = filled.vault
    group = filled.groups[0]
    # A session whose only text is private, and one with the flag dropped
    # from its group's template: "my_responses" stays private regardless.
    relaxed = vault.group_template(group.id)
    vault.save_group_template(
        group.id,
        dataclasses.replace(
            relaxed,
            sections=tuple(dataclasses.replace(s, private=False) for s in relaxed.sections),
        ),
    )
    only_private = vault.add_session(group.id, dt.date(2026, 4, 2))
    lone = _canary("private-")
    vault.save_reflection(only_private.id, {PRIVATE_KEY: f"Only {lone} tonight."})
    private = [*filled.private[group.id], lone]
    if scope == "vault":
        private += filled.all_private()
    group_id = None if scope == "vault" else group.id

    snapshot = vault.archive_snapshot(group_id)
    sealed_text = json.dumps(snapshot.payload, ensure_ascii=False)  # what gets encrypted
    path = vault.export_archive(
        tmp_path / "a.balintarchive", ARCHIVE_PASSPHRASE, group_id, kdf=TINY
    )
    payload = _decrypted_payload(path, ARCHIVE_PASSPHRASE)
    returned = json.dumps(bd.read_archive(path, ARCHIVE_PASSPHRASE), ensure_ascii=False)
    script = _run_script(str(path), "--passphrase-stdin", stdin=ARCHIVE_PASSPHRASE + "\n")
    assert script.returncode == 0, script.stderr

    for name, text in (
        ("snapshot", sealed_text.encode("utf-8")),
        ("decrypted payload", payload),
        ("read_archive", returned.encode("utf-8")),
        ("decrypt_archive.py", script.stdout.encode("utf-8")),
    ):
        leaked = [c for c in private for e in _encodings(c) if e in text]
        assert leaked == [], name
        # Not vacuous: the same text holds the group's other sections.
        assert all(c.encode("utf-8") in text for c in filled.canaries[group.id]), name
        assert f'"{PRIVATE_KEY}": "'.encode() not in text, name
    archived = json.loads(payload)
    sessions = {s["id"]: s for g in archived["groups"] for s in g["sessions"]}
    assert sessions[only_private.id]["reflection"]["sections"] == {}
    # The templates may still say which section is private; only its text is gone.
    assert all(any(s["key"] == PRIVATE_KEY for s in t["sections"]) for t in archived["templates"])


def test_a_failed_write_says_so_plainly_and_leaves_nothing(vault: bd.Vault, out: Path) -> None:
    target = out / "no such folder" / "a.balintarchive"
    with pytest.raises(bd.StorageFull) as info:
        vault.export_archive(target, ARCHIVE_PASSPHRASE, kdf=TINY)
    assert "could not be saved there (no such file or directory)" in str(info.value)
    assert ARCHIVE_PASSPHRASE not in str(info.value)
    assert list(out.iterdir()) == []


def test_an_existing_file_is_replaced_whole(vault: bd.Vault, tmp_path: Path) -> None:
    target = tmp_path / "a.balintarchive"
    target.write_bytes(b"old contents " * 10_000)
    target.chmod(0o644)
    vault.export_archive(target, ARCHIVE_PASSPHRASE, kdf=TINY)
    assert bd.read_archive(target, ARCHIVE_PASSPHRASE)["scope"] == "vault"
    assert stat.S_IMODE(target.stat().st_mode) == 0o600


# -- refusals ----------------------------------------------------------------


@pytest.fixture
def archive(vault: bd.Vault, tmp_path: Path) -> Path:
    group = vault.add_group("G")
    session = vault.add_session(group.id, dt.date(2026, 3, 12))
    vault.save_reflection(session.id, {"case": "a case", "my_responses": "mine"})
    return vault.export_archive(tmp_path / "a.balintarchive", ARCHIVE_PASSPHRASE, kdf=TINY)


def _header(data: bytes) -> dict[str, Any]:
    length = int.from_bytes(data[len(sealed.MAGIC) + 1 : PREFIX], "big")
    header: dict[str, Any] = json.loads(data[PREFIX : PREFIX + length])
    return header


def _rebuild(data: bytes, header: dict[str, Any] | bytes, checksum: bool) -> bytes:
    """Return the archive with another header; with `checksum`, a matching checksum."""
    length = int.from_bytes(data[len(sealed.MAGIC) + 1 : PREFIX], "big")
    raw = header if isinstance(header, bytes) else json.dumps(header, sort_keys=True).encode()
    rest = data[PREFIX + length : -sealed.CHECKSUM_BYTES]
    body = data[: len(sealed.MAGIC) + 1] + len(raw).to_bytes(4, "big") + raw + rest
    return body + (hashlib.sha256(body).digest() if checksum else data[-sealed.CHECKSUM_BYTES :])


def _refusal(path: Path, data: bytes, passphrase: str = ARCHIVE_PASSPHRASE) -> bd.ArchiveRefused:
    path.write_bytes(data)
    with pytest.raises(bd.ArchiveRefused) as info:
        bd.read_archive(path, passphrase)
    assert passphrase not in str(info.value)
    return info.value


def test_wrong_passphrase_is_refused_clearly(archive: Path) -> None:
    with pytest.raises(bd.WrongPassphrase) as info:
        bd.read_archive(archive, "heron quarry velvet 42 lantern")
    assert isinstance(info.value, bd.ArchiveRefused)
    assert str(info.value).startswith("That passphrase does not open this archive.")
    assert bd.read_archive(archive, ARCHIVE_PASSPHRASE)["scope"] == "vault"


TAMPERED = [
    (("kdf", "salt"), "AAAAAAAAAAAAAAAAAAAAAA=="),
    (("kdf", "memory_kib"), 128),
    (("kdf", "iterations"), 2),
    (("kdf", "lanes"), 2),
    (("kdf", "for_testing"), False),
    (("kdf", "algorithm"), "argon2i"),
    (("cipher", "nonce"), "AAAAAAAAAAAAAAAA"),
    (("cipher", "algorithm"), "chacha20-poly1305"),
    (("compression",), "none"),
    (("created",), "2020-01-01T00:00:00Z"),
    (("payload", "content"), "something else"),
    (("payload", "schema"), 2),
    (("payload", "scope"), "group"),
    (("payload", "media_type"), "text/plain"),
]


@pytest.mark.parametrize("checksum", [False, True], ids=["damaged", "checksum-forged"])
@pytest.mark.parametrize(("field", "value"), TAMPERED, ids=[".".join(f) for f, _ in TAMPERED])
def test_every_header_field_tampered_is_refused(
    archive: Path, field: tuple[str, ...], value: object, checksum: bool
) -> None:
    data = archive.read_bytes()
    header = _header(data)
    place = header
    for key in field[:-1]:
        place = place[key]
    assert place[field[-1]] != value
    place[field[-1]] = value
    error = _refusal(archive, _rebuild(data, header, checksum))
    if not checksum:
        # A changed byte without a matching checksum is damage, told before any key work.
        assert str(error) == sealed.DAMAGED
    else:
        # The AES-GCM associated data (or a refusal before it) stops a forger.
        assert str(error) in {
            sealed.DAMAGED,
            sealed.NEWER,
            sealed.IMPOSSIBLE,
            bd.ArchiveWrongPassphrase.default_message,
        }


def test_magic_version_and_length_changes_are_refused(archive: Path) -> None:
    data = archive.read_bytes()
    version = len(sealed.MAGIC)
    assert str(_refusal(archive, b"BALINTAX" + data[8:])) == sealed.NOT_AN_ARCHIVE
    newer = data[:version] + bytes([2]) + data[version + 1 :]
    assert str(_refusal(archive, newer)) == sealed.NEWER
    older = data[:version] + bytes([0]) + data[version + 1 :]
    assert str(_refusal(archive, older)) == sealed.DAMAGED
    for length in (0, 1, 0xFFFFFFFF, len(data)):
        changed = data[: version + 1] + length.to_bytes(4, "big") + data[PREFIX:]
        assert str(_refusal(archive, changed)) == sealed.DAMAGED


@pytest.mark.parametrize("where", ["ciphertext-start", "ciphertext-middle", "tag", "checksum"])
def test_a_flipped_bit_is_refused_as_damage(archive: Path, where: str) -> None:
    data = archive.read_bytes()
    start = PREFIX + len(json.dumps(_header(data), separators=(",", ":")))
    position = {
        "ciphertext-start": start,
        "ciphertext-middle": (start + len(data) - 48) // 2,
        "tag": len(data) - sealed.CHECKSUM_BYTES - 3,
        "checksum": len(data) - 1,
    }[where]
    flipped = bytearray(data)
    flipped[position] ^= 0x10
    assert str(_refusal(archive, bytes(flipped))) == sealed.DAMAGED


def test_a_flipped_ciphertext_bit_with_a_forged_checksum_still_fails(archive: Path) -> None:
    data = bytearray(archive.read_bytes())
    data[-sealed.CHECKSUM_BYTES - 40] ^= 0x01
    body = bytes(data[: -sealed.CHECKSUM_BYTES])
    error = _refusal(archive, body + hashlib.sha256(body).digest())
    assert isinstance(error, bd.ArchiveWrongPassphrase)


def test_random_damage_anywhere_is_refused_never_a_crash(archive: Path) -> None:
    data = archive.read_bytes()
    chance = random.Random(7)  # fixed seed: the same damage every run
    for _ in range(150):
        damaged = bytearray(data)
        for _ in range(chance.randint(1, 3)):
            damaged[chance.randrange(len(data))] ^= 1 << chance.randrange(8)
        if bytes(damaged) != data:
            _refusal(archive, bytes(damaged))


def test_truncated_empty_and_padded_files_are_refused(archive: Path) -> None:
    data = archive.read_bytes()
    assert str(_refusal(archive, b"")) == sealed.NOT_AN_ARCHIVE
    for length in (1, 8, 9, 12, PREFIX, PREFIX + 40, len(data) // 2, len(data) - 1):
        error = _refusal(archive, data[:length])
        assert str(error) in {sealed.NOT_AN_ARCHIVE, sealed.DAMAGED}
    assert str(_refusal(archive, data + b"\0")) == sealed.DAMAGED


def test_foreign_files_are_not_archives(archive: Path, vault: bd.Vault) -> None:
    key_file = (vault.directory / "vault.key").read_bytes()
    database = (vault.directory / "vault.db").read_bytes()[:4096]
    for foreign in (
        b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n",
        key_file,
        database,
        json.dumps({"kdf": {}, "cipher": {}}).encode(),
        os.urandom(4096),
        "Notes in plain text, ünïcode".encode(),
    ):
        assert str(_refusal(archive, foreign)) == sealed.NOT_AN_ARCHIVE


def test_a_missing_or_unreadable_file_is_said_plainly(tmp_path: Path) -> None:
    with pytest.raises(bd.ArchiveRefused, match=r"could not be read \(no such file"):
        bd.read_archive(tmp_path / "gone.balintarchive", ARCHIVE_PASSPHRASE)
    with pytest.raises(bd.ArchiveRefused, match=r"could not be read \(is a directory\)"):
        bd.read_archive(tmp_path, ARCHIVE_PASSPHRASE)


# -- hostile files -----------------------------------------------------------


@pytest.fixture
def no_derivation(archive: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Fail the test if any key is derived once the archive is made."""

    def refuse(*_: object, **__: object) -> None:
        raise AssertionError("a key was derived for a file that should have been refused")

    monkeypatch.setattr(sealed, "Argon2id", refuse)


HOSTILE_KDF = [
    {"memory_kib": 4 * 1024 * 1024},  # 4 GiB
    {"memory_kib": 1024 * 1024, "iterations": 64},  # 64 passes over 1 GiB
    {"iterations": 10**9},
    {"lanes": 0},
    {"lanes": 1 << 24},
    {"memory_kib": -1},
    {"for_testing": False},  # tiny settings not made for tests: below the floor
]


@pytest.mark.usefixtures("no_derivation")
@pytest.mark.parametrize("change", HOSTILE_KDF, ids=[str(c) for c in HOSTILE_KDF])
def test_hostile_kdf_settings_are_refused_without_deriving(
    archive: Path, change: dict[str, Any]
) -> None:
    data = archive.read_bytes()
    header = _header(data)
    header["kdf"].update(change)
    assert str(_refusal(archive, _rebuild(data, header, checksum=True))) == sealed.IMPOSSIBLE


@pytest.mark.usefixtures("no_derivation")
@pytest.mark.parametrize(
    "raw",
    [
        b"[" * 3000 + b"]" * 1000,  # nesting too deep for the parser
        b'{"kdf": 1}',
        b"\xff\xfe not ascii",
        b" " * (sealed.MAX_HEADER_BYTES + 1),
    ],
    ids=["deep", "wrong-shape", "not-ascii", "oversized"],
)
def test_malformed_headers_are_refused_without_deriving(archive: Path, raw: bytes) -> None:
    data = archive.read_bytes()
    assert str(_refusal(archive, _rebuild(data, raw, checksum=True))) == sealed.DAMAGED


def test_files_over_the_size_limit_are_refused(
    archive: Path, monkeypatch: pytest.MonkeyPatch, no_derivation: None
) -> None:
    monkeypatch.setattr(sealed, "MAX_ARCHIVE_BYTES", 1000)
    data = archive.read_bytes()
    assert len(data) > 1000
    assert str(_refusal(archive, data)) == sealed.NOT_AN_ARCHIVE


def test_a_decompression_bomb_is_refused(
    vault: bd.Vault, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    group = vault.add_group("G")
    session = vault.add_session(group.id, dt.date(2026, 3, 12))
    vault.save_reflection(session.id, {"case": "a" * 90_000})
    path = vault.export_archive(tmp_path / "a.balintarchive", ARCHIVE_PASSPHRASE, kdf=TINY)
    assert path.stat().st_size < 5_000  # it compresses well
    monkeypatch.setattr(sealed, "MAX_PAYLOAD_BYTES", 50_000)
    with pytest.raises(bd.ArchiveRefused) as info:
        bd.read_archive(path, ARCHIVE_PASSPHRASE)
    assert str(info.value) == sealed.DAMAGED
    assert not isinstance(info.value, bd.ArchiveWrongPassphrase)


def _reseal(data: bytes, plaintext: bytes) -> bytes:
    """Return the archive `data` with `plaintext` (the compressed payload) sealed in its place.

    Made as a hostile writer would: valid header, tag and checksum around any bytes.
    """
    length = int.from_bytes(data[len(sealed.MAGIC) + 1 : PREFIX], "big")
    aad = data[: PREFIX + length]
    header = json.loads(aad[PREFIX:])
    kdf = header["kdf"]
    key = Argon2id(
        salt=base64.b64decode(kdf["salt"]),
        length=32,
        iterations=kdf["iterations"],
        lanes=kdf["lanes"],
        memory_cost=kdf["memory_kib"],
    ).derive(ARCHIVE_PASSPHRASE.encode("utf-8"))
    nonce = base64.b64decode(header["cipher"]["nonce"])
    body = aad + AESGCM(key).encrypt(nonce, plaintext, aad)
    return body + hashlib.sha256(body).digest()


NOTES = b'{"content": "balint-desktop-notes", "schema": 1}'
#: Compressed payloads a hostile archive could hold; the app and the script refuse each.
HOSTILE_PAYLOADS = {
    # 64 KB on disk, 64 MiB + 1 inflated: under the old 1 GiB cap a 90 KB file
    # became 1 GiB of JSON, ~25 GB of memory while parsing.
    "bomb": lambda: zlib.compress(NOTES + b" " * (64 << 20), 9),
    "deep": lambda: zlib.compress(b"[" * 200_000 + b"]" * 200_000),
    "trailing-bytes": lambda: zlib.compress(NOTES) + b"more after the zlib stream",
    "not-an-object": lambda: zlib.compress(b'["balint-desktop-notes"]'),
}


def test_the_payload_limit_is_64_mib() -> None:
    # A decade of notes is about 15 MB (docs/archive-format.md).
    assert sealed.MAX_PAYLOAD_BYTES == 64 * 1024 * 1024


@pytest.mark.parametrize("name", list(HOSTILE_PAYLOADS))
def test_hostile_payloads_are_refused_as_damage(archive: Path, name: str) -> None:
    data = _reseal(archive.read_bytes(), HOSTILE_PAYLOADS[name]())
    error = _refusal(archive, data)
    assert str(error) == sealed.DAMAGED
    assert not isinstance(error, bd.ArchiveWrongPassphrase)


def test_a_payload_at_the_limit_opens_and_the_writer_refuses_one_byte_more(
    vault: bd.Vault, out: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The app never writes an archive it cannot open again."""
    monkeypatch.setattr(sealed, "MAX_PAYLOAD_BYTES", 2000)
    frame = len(json.dumps({"content": sealed.PAYLOAD_CONTENT, "x": ""}))
    at_limit = {"content": sealed.PAYLOAD_CONTENT, "x": "é" * ((2000 - frame) // 2)}
    assert len(json.dumps(at_limit, ensure_ascii=False).encode("utf-8")) == 2000
    created = dt.datetime(2026, 3, 12, tzinfo=dt.UTC)
    data = sealed.seal(at_limit, ARCHIVE_PASSPHRASE, TINY, created=created, scope="vault")
    assert sealed.unseal(data, ARCHIVE_PASSPHRASE) == at_limit

    over = {**at_limit, "x": at_limit["x"] + "a"}
    with pytest.raises(bd.InvalidInput, match="too large for one archive"):
        sealed.seal(over, ARCHIVE_PASSPHRASE, TINY, created=created, scope="vault")
    # Through the vault: a plain message, and nothing written.
    group = vault.add_group("G")
    session = vault.add_session(group.id, dt.date(2026, 3, 12))
    vault.save_reflection(session.id, {"case": "a" * 2000})
    with pytest.raises(bd.InvalidInput, match="Archive one group at a time") as info:
        vault.export_archive(out / "a.balintarchive", ARCHIVE_PASSPHRASE, kdf=TINY)
    assert ARCHIVE_PASSPHRASE not in str(info.value)
    assert list(out.iterdir()) == []


def test_the_writer_refuses_notes_beyond_the_real_limit() -> None:
    notes = {"content": sealed.PAYLOAD_CONTENT, "x": " " * sealed.MAX_PAYLOAD_BYTES}
    created = dt.datetime(2026, 3, 12, tzinfo=dt.UTC)
    with pytest.raises(bd.InvalidInput, match="too large for one archive"):
        sealed.seal(notes, ARCHIVE_PASSPHRASE, TINY, created=created, scope="vault")


# -- the standalone script ---------------------------------------------------


def _run_script(
    *args: str, stdin: str, preexec_fn: Callable[[], None] | None = None
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, str(SCRIPT), *args],
        input=stdin,
        preexec_fn=preexec_fn,  # only ever to set a file-size limit
        capture_output=True,
        text=True,
        check=False,
        timeout=60,
        env={"PATH": "/usr/bin:/bin", "PYTHONIOENCODING": "utf-8"},
    )


def test_the_script_decrypts_an_app_archive_to_the_same_data(
    filled: Filled, tmp_path: Path
) -> None:
    path = filled.vault.export_archive(tmp_path / "a.balintarchive", ARCHIVE_PASSPHRASE, kdf=TINY)
    result = _run_script(str(path), "--passphrase-stdin", stdin=ARCHIVE_PASSPHRASE + "\n")
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == bd.read_archive(path, ARCHIVE_PASSPHRASE)

    out = tmp_path / "notes.json"
    result = _run_script(
        str(path), "--passphrase-stdin", "-o", str(out), stdin=ARCHIVE_PASSPHRASE + "\n"
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout == ""
    assert json.loads(out.read_text("utf-8")) == bd.read_archive(path, ARCHIVE_PASSPHRASE)
    assert stat.S_IMODE(out.stat().st_mode) == 0o600
    # It never overwrites: plaintext must not land on a file chosen by mistake.
    again = _run_script(
        str(path), "--passphrase-stdin", "-o", str(out), stdin=ARCHIVE_PASSPHRASE + "\n"
    )
    assert again.returncode == 1
    assert "already exists" in again.stderr


@pytest.mark.parametrize(
    ("spoil", "code", "words"),
    [
        (lambda d: d, 2, "passphrase does not open"),
        (lambda d: d[:-1] + bytes([d[-1] ^ 1]), 3, "damaged"),
        (lambda d: b"%PDF-1.7 not an archive", 3, "not a Balint Desktop archive"),
        (lambda d: b"", 3, "not a Balint Desktop archive"),
    ],
    ids=["wrong-passphrase", "damaged", "foreign", "empty"],
)
def test_the_script_refuses_with_a_clear_message_and_exit_code(
    archive: Path, spoil: Callable[[bytes], bytes], code: int, words: str
) -> None:
    archive.write_bytes(spoil(archive.read_bytes()))
    passphrase = "not the passphrase" if code == 2 else ARCHIVE_PASSPHRASE
    result = _run_script(str(archive), "--passphrase-stdin", stdin=passphrase + "\n")
    assert result.returncode == code
    assert words in result.stderr
    assert "Traceback" not in result.stderr
    assert result.stdout == ""


def test_the_script_refuses_hostile_settings_quickly(archive: Path) -> None:
    data = archive.read_bytes()
    header = _header(data)
    header["kdf"]["memory_kib"] = 64 * 1024 * 1024  # 64 GiB
    archive.write_bytes(_rebuild(data, header, checksum=True))
    result = _run_script(str(archive), "--passphrase-stdin", stdin=ARCHIVE_PASSPHRASE + "\n")
    assert result.returncode == 3
    assert "impossible" in result.stderr


@pytest.mark.parametrize("name", list(HOSTILE_PAYLOADS))
def test_the_script_refuses_hostile_payloads_as_damage(archive: Path, name: str) -> None:
    archive.write_bytes(_reseal(archive.read_bytes(), HOSTILE_PAYLOADS[name]()))
    result = _run_script(str(archive), "--passphrase-stdin", stdin=ARCHIVE_PASSPHRASE + "\n")
    assert (result.returncode, result.stdout) == (3, "")
    assert "damaged" in result.stderr
    assert "Traceback" not in result.stderr


@pytest.mark.skipif(not hasattr(signal, "SIGXFSZ"), reason="needs POSIX file-size limits")
def test_the_script_deletes_its_output_when_writing_fails_part_way(
    filled: Filled, tmp_path: Path, out: Path
) -> None:
    path = filled.vault.export_archive(tmp_path / "a.balintarchive", ARCHIVE_PASSPHRASE, kdf=TINY)
    import resource  # POSIX only

    def small_files() -> None:
        # Writing past 1000 bytes fails with EFBIG, as on a full disk.
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, (1000, 1000))

    result = _run_script(
        str(path),
        "--passphrase-stdin",
        "-o",
        str(out / "notes.json"),
        stdin=ARCHIVE_PASSPHRASE + "\n",
        preexec_fn=small_files,
    )
    assert result.returncode == 1
    assert "File too large" in result.stderr
    assert "Traceback" not in result.stderr
    assert list(out.iterdir()) == []  # no half-written plaintext left behind


def test_the_script_needs_only_the_standard_library_and_cryptography() -> None:
    tree = ast.parse(SCRIPT.read_text("utf-8"))
    modules = {
        (node.module or "").split(".")[0]
        for node in ast.walk(tree)
        if isinstance(node, ast.ImportFrom)
    } | {
        alias.name.split(".")[0]
        for node in ast.walk(tree)
        if isinstance(node, ast.Import)
        for alias in node.names
    }
    assert "cryptography" in modules
    assert {m for m in modules if m not in sys.stdlib_module_names} == {"cryptography"}
    assert len(SCRIPT.read_text("utf-8").splitlines()) < 150  # short enough to read


def test_running_out_of_memory_while_deriving_is_said_plainly(
    archive: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def exhausted(*_: object) -> bytearray:
        raise MemoryError

    monkeypatch.setattr(sealed, "_derive", exhausted)
    error = _refusal(archive, archive.read_bytes())
    assert "more memory than this computer could give" in str(error)
    assert not isinstance(error, bd.ArchiveWrongPassphrase)
