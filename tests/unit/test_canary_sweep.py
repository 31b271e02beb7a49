"""T1 and T9 (THREAT-MODEL.md): no note text on disk, in logs or in error messages.

T1: random canaries go into every section of the default template, a group's
name and a co-leader field; then every byte of every file under the vault
folder is scanned while the vault is open (WAL present), inside an open write
transaction whose pages have spilled to the WAL, after a checkpoint, after a
backup and after close. Every scan looks for each canary in UTF-8, UTF-16-LE
and UTF-16-BE, and for the plaintext SQLite header.

T9: a DEBUG-level caplog over a whole journey with its error paths; no
canary, passphrase or key in any record or exception text. A static check
forbids SQL tracing and any way of keying other than `conn.set_key`.
"""

from __future__ import annotations

import datetime as dt
import logging
import re
import secrets
import traceback
from collections.abc import Callable, Iterable
from pathlib import Path

import pytest

import balint_desktop as bd
from balint_desktop.storage.index import reindex_queued

PLAINTEXT_HEADER = b"SQLite format 3"
PACKAGE_DIR = Path(bd.__file__).resolve().parent


def _canary(prefix: str = "zq") -> str:
    return f"{prefix}{secrets.token_hex(12)}"


def _encodings(text: str) -> list[bytes]:
    return [text.encode("utf-8"), text.encode("utf-16-le"), text.encode("utf-16-be")]


def _scan(root: Path, needles: Iterable[str]) -> tuple[list[str], dict[str, int]]:
    """Return (problems, {relative path: size}) for every file under `root`."""
    patterns = [(i, enc) for i, needle in enumerate(needles) for enc in _encodings(needle)]
    problems: list[str] = []
    seen: dict[str, int] = {}
    for path in sorted(root.rglob("*")):
        if not path.is_file():
            continue
        data = path.read_bytes()
        name = path.relative_to(root).as_posix()
        seen[name] = len(data)
        if data.startswith(PLAINTEXT_HEADER):
            problems.append(f"{name} starts with the plaintext SQLite header")
        for needle, encoded in patterns:
            if encoded in data:
                # Name the file and the canary's index, never print the canary.
                problems.append(f"{name} contains canary #{needle}")
    return problems, seen


def _exception_texts(error: BaseException) -> list[str]:
    """Return str, repr and the formatted traceback of an error and its chain."""
    texts = ["".join(traceback.format_exception(error))]
    current: BaseException | None = error
    while current is not None:
        texts += [str(current), repr(current)]
        current = current.__cause__ or current.__context__
    return texts


class _Journey:
    """A vault filled with distinct canaries in every place note text can go."""

    def __init__(self, directory: Path, passphrase: str) -> None:
        self.directory = directory
        self.passphrase = passphrase
        self.vault = bd.Vault.create(directory, passphrase, kdf=bd.KdfParams.for_tests())
        self.group_name = f"Gruppe {_canary()}"
        self.co_leader = f"Dr {_canary()}"
        self.group = self.vault.add_group(self.group_name, co_leader=self.co_leader)
        # (session id, section key, canary): current section texts, and first
        # drafts that were overwritten and now live on only as revisions.
        self.placed: list[tuple[int, str, str]] = []
        self.drafts: list[str] = []
        for day in (3, 10, 17):
            session = self.vault.add_session(self.group.id, dt.date(2024, 5, day))
            first = {key: f"Draft {_canary()} words" for key in bd.SECTION_KEYS}
            self.vault.save_reflection(session.id, first)
            self.drafts += [body.split()[1] for body in first.values()]
            second: dict[str, str] = {}
            for index, key in enumerate(bd.SECTION_KEYS):
                canary = _canary("Übertragung-") if index % 3 == 0 else _canary()
                second[key] = f"Notes {canary} and more text."
                self.placed.append((session.id, key, canary))
            self.vault.save_reflection(session.id, second)

    @property
    def canaries(self) -> list[str]:
        placed = [canary for _, _, canary in self.placed]
        return [self.group_name, self.co_leader, *placed, *self.drafts]


def test_canaries_never_reach_the_disk_in_plaintext(tmp_path: Path) -> None:
    passphrase = f"Übertragung horse {secrets.token_hex(8)}"
    directory = tmp_path / "vault"
    journey = _Journey(directory, passphrase)
    vault = journey.vault
    conn = vault._connection()
    needles = [*journey.canaries, passphrase]

    # Not vacuous: every section canary is findable, in its own session and
    # section; overwritten drafts are kept by the revision history.
    assert {key for _, key, _ in journey.placed} == set(bd.SECTION_KEYS)
    assert len(journey.placed) == 3 * len(bd.SECTION_KEYS)
    for session_id, key, canary in journey.placed:
        hits = vault.search(canary)
        assert [(h.session_id, h.section) for h in hits] == [(session_id, key)]
    for draft in journey.drafts:
        assert vault.search(draft) == []
    history = [
        r.sections for sid in {s for s, _, _ in journey.placed} for r in vault.revisions(sid)
    ]
    assert set(journey.drafts) <= {
        body.split()[1] for sections in history for body in sections.values()
    }
    assert [(g.name, g.co_leader) for g in vault.groups()] == [
        (journey.group_name, journey.co_leader)
    ]

    # 1. Open, after saves, WAL present and holding the new pages.
    problems, seen = _scan(directory, needles)
    assert problems == []
    assert seen.get("vault.db-wal", 0) > 0
    assert {"vault.db", "vault.key"} <= seen.keys()

    # 2. Inside an open write transaction whose dirty pages spill into the WAL.
    in_transaction = _canary("Übertragung-")
    cache_size = conn.execute("PRAGMA cache_size").fetchone()[0]
    wal_before = (directory / "vault.db-wal").stat().st_size
    conn.execute("PRAGMA cache_size = 5")
    conn.execute("BEGIN IMMEDIATE")
    try:
        filler = " ".join(secrets.token_hex(4) for _ in range(20_000))
        section_id = conn.execute("SELECT min(id) FROM reflection_sections").fetchone()[0]
        conn.execute(
            "UPDATE reflection_sections SET body = ? WHERE id = ?",
            (f"{in_transaction} {filler}", section_id),
        )
        reindex_queued(conn)  # as every repository write does before it commits
        assert len(vault.search(in_transaction)) == 1  # visible to the open transaction
        assert (directory / "vault.db-wal").stat().st_size > wal_before  # pages spilled
        problems, _ = _scan(directory, [*needles, in_transaction])
        assert problems == []
    finally:
        conn.execute("ROLLBACK")
        conn.execute(f"PRAGMA cache_size = {int(cache_size)}")
    assert vault.search(in_transaction) == []

    # 3. After a checkpoint.
    conn.execute("PRAGMA wal_checkpoint")
    problems, _ = _scan(directory, needles)
    assert problems == []

    # 4. After a backup into the vault's own backups/ folder, and an archive
    # of the whole vault (which never holds a private section), sealed with
    # its own passphrase (T13).
    backup = vault.backup()
    assert backup.parent == directory / "backups"
    archive_passphrase = f"archive {secrets.token_hex(8)}"
    archive = vault.export_archive(
        directory / "notes.balintarchive", archive_passphrase, kdf=bd.KdfParams.for_tests()
    )
    problems, seen = _scan(directory, [*needles, archive_passphrase])
    assert problems == []
    backup_files = {name for name in seen if name.startswith("backups/")}
    assert {f"backups/{backup.name}/vault.db", f"backups/{backup.name}/vault.key"} <= backup_files
    assert seen["notes.balintarchive"] > 0

    # 5. After close, and after reopening the vault and the backup (proving
    # the scanned files really hold the canaries, encrypted).
    sample_session, sample_key, sample = journey.placed[-1]
    vault.close()
    problems, _ = _scan(directory, needles)
    assert problems == []
    for folder in (directory, backup):
        with bd.Vault.open(folder, passphrase) as reopened:
            assert [(h.session_id, h.section) for h in reopened.search(sample)] == [
                (sample_session, sample_key)
            ]
    archived = bd.read_archive(archive, archive_passphrase)
    texts = [
        text
        for group in archived["groups"]
        for session in group["sessions"]
        for text in session["reflection"]["sections"].values()
    ]
    private = {canary for _, key, canary in journey.placed if key == "my_responses"}
    assert private  # the journey wrote private text, and the archive left it out
    assert all(
        any(canary in text for text in texts) == (canary not in private)
        for _, _, canary in journey.placed
    )
    problems, _ = _scan(directory, needles)
    assert problems == []


def _expect(
    errors: list[BaseException], kind: type[BaseException], action: Callable[[], object]
) -> None:
    with pytest.raises(kind) as info:
        action()
    errors.append(info.value)


def test_no_note_text_passphrase_or_key_in_logs_or_errors(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    passphrase = f"Übertragung horse {secrets.token_hex(8)}"
    wrong = passphrase[:-1] + ("x" if passphrase[-1] != "x" else "y")
    new_passphrase = f"second {secrets.token_hex(8)}"
    directory = tmp_path / "vault"
    errors: list[BaseException] = []

    journey = _Journey(directory, passphrase)
    vault = journey.vault
    key_hex = bytes(vault._key).hex()
    session_id = journey.placed[0][0]
    canary = journey.placed[0][2]
    assert vault.search(canary)
    hostile = [
        f'"{canary}',
        f"{canary}*",
        f"NEAR({canary} {canary})",
        f"body:{canary}",
        f"({canary} OR NOT {canary}",
        f"{canary}\x00{canary}",
        canary * 500,
    ]
    for query in hostile:
        assert isinstance(vault.search(query), list)
    texts = [repr(vault), repr(vault.info())]

    _expect(errors, bd.VaultInUse, lambda: bd.Vault.open(directory, passphrase))
    _expect(errors, bd.VaultInUse, lambda: bd.Vault.open(directory, wrong))
    _expect(
        errors,
        bd.InvalidInput,
        lambda: vault.save_reflection(session_id, {"no_such_section": f"text {canary}"}),
    )
    _expect(
        errors,
        bd.InvalidInput,
        lambda: vault.save_reflection(session_id, {"case": canary * 50_000}),
    )
    _expect(errors, bd.InvalidInput, lambda: vault.save_reflection(10_000, {"case": canary}))
    _expect(errors, bd.InvalidInput, lambda: vault.add_group(canary * 20))
    _expect(errors, bd.WrongPassphrase, lambda: vault.change_passphrase(wrong, new_passphrase))
    _expect(errors, bd.VaultExists, lambda: bd.Vault.create(directory, passphrase))
    archive = vault.export_archive(
        tmp_path / "notes.balintarchive", passphrase, kdf=bd.KdfParams.for_tests()
    )
    _expect(errors, bd.ArchiveWrongPassphrase, lambda: bd.read_archive(archive, wrong))
    _expect(errors, bd.ArchiveRefused, lambda: bd.read_archive(directory / "vault.key", passphrase))
    vault.change_passphrase(passphrase, new_passphrase)
    vault.close()
    _expect(errors, bd.VaultClosed, lambda: vault.search(canary))
    _expect(errors, bd.WrongPassphrase, lambda: bd.Vault.open(directory, wrong))
    _expect(errors, bd.WrongPassphrase, lambda: bd.Vault.open(directory, passphrase))
    _expect(errors, bd.VaultNotFound, lambda: bd.Vault.open(tmp_path / "elsewhere", passphrase))
    with bd.Vault.open(directory, new_passphrase) as reopened:
        assert reopened.search(canary)

    for error in errors:
        texts += _exception_texts(error)
    texts.append(caplog.text)
    for record in caplog.records:
        texts += [record.getMessage(), repr(record.args), record.exc_text or ""]
    secrets_ = [*journey.canaries, passphrase, wrong, new_passphrase, key_hex, key_hex.upper()]
    leaks = [
        (index, which)
        for index, text in enumerate(texts)
        for which, secret in enumerate(secrets_)
        if secret in text
    ]
    assert leaks == []


def test_unencodable_section_text_is_refused_without_echoing_it(vault: bd.Vault) -> None:
    group = vault.add_group("G")
    session = vault.add_session(group.id, dt.date(2024, 5, 3))
    canary = _canary()
    with pytest.raises(bd.InvalidInput) as info:
        vault.save_reflection(session.id, {"case": f"{canary} \ud800"})
    assert all(canary not in text for text in _exception_texts(info.value))


def test_package_never_traces_sql_or_keys_outside_set_key() -> None:
    forbidden = {
        "set_trace_callback": re.compile(r"set_trace_callback"),
        "ATTACH ... KEY ''": re.compile(r"ATTACH\b.{0,400}?\bKEY\s*(''|\"\")", re.I | re.S),
        "PRAGMA key": re.compile(r"PRAGMA\s+(\w+\.)?key\b", re.I),
    }
    files = [
        path
        for path in PACKAGE_DIR.rglob("*")
        if path.is_file() and "__pycache__" not in path.parts
    ]
    assert PACKAGE_DIR / "storage" / "connection.py" in files
    found = [
        (path.relative_to(PACKAGE_DIR).as_posix(), what)
        for path in files
        for what, pattern in forbidden.items()
        if pattern.search(path.read_text("utf-8", errors="replace"))
    ]
    assert found == []
    # The one way the key reaches SQLCipher.
    connection_source = (PACKAGE_DIR / "storage" / "connection.py").read_text("utf-8")
    assert "conn.set_key(raw_key_literal(key))" in connection_source
