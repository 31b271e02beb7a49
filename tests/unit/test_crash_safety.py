"""Crash safety with real processes killed by SIGKILL (THREAT-MODEL.md reliability).

1. A passphrase change killed at each step of `atomic_write` leaves exactly
   one of the old and new passphrases working, and the notes intact.
2. A save acknowledged by `save_reflection` returning survives SIGKILL at
   a random moment, and the database and its search index stay sound.

The child process is `crash_children/vault_child.py`; passphrases reach it
on stdin, paths and counters as arguments.
"""

from __future__ import annotations

import datetime as dt
import random
import shutil
import signal
import subprocess
import sys
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import IO

import pytest

import balint_desktop as bd
from tests.unit.crash_children.control import reap, start_child
from tests.unit.crash_children.vault_child import PADDING

CHILD = Path(__file__).parent / "crash_children" / "vault_child.py"
#: Bound on any single wait for a child; a healthy child needs well under 1 s.
CHILD_TIMEOUT = 30.0
OLD = "old passphrase before the change"
NEW = "new passphrase after the change"
KILLED = -signal.SIGKILL

pytestmark = [
    pytest.mark.slow,
    pytest.mark.timeout(180),
    pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL is POSIX only"),
]


def _child(*args: str) -> subprocess.Popen[str]:
    return start_child(CHILD, *args)


def _reap(proc: subprocess.Popen[str]) -> None:
    reap(proc, CHILD_TIMEOUT)


def _try_open(directory: Path, passphrase: str) -> bd.Vault | None:
    """Return the opened vault, or None when the passphrase is refused."""
    try:
        return bd.Vault.open(directory, passphrase)
    except bd.WrongPassphrase:
        return None


# -- 1. passphrase change killed at each step ------------------------------

NOTES = {
    "atmosphere": "Seven came; the lighthouse keeper joined late.",
    "case": "Presenter B, the other called Marguerite; a refused referral.",
}


@dataclass(frozen=True)
class ChangeRun:
    """What one `change-passphrase` child did before it ended."""

    returncode: int
    steps: list[str]
    finished: bool
    stderr: str


def _run_change(directory: Path, mode: str, kill_at: int) -> ChangeRun:
    proc = _child("change-passphrase", str(directory), mode, str(kill_at))
    try:
        out, err = proc.communicate(f"{OLD}\n{NEW}\n", timeout=CHILD_TIMEOUT)
    finally:
        _reap(proc)
    lines = out.splitlines()
    steps = [line.removeprefix("step ") for line in lines if line.startswith("step ")]
    return ChangeRun(proc.returncode, steps, "done" in lines, err)


def _make_notes_vault(directory: Path) -> int:
    with bd.Vault.create(directory, OLD, kdf=bd.KdfParams.for_tests()) as vault:
        group = vault.add_group("Thursday clinicians")
        session = vault.add_session(group.id, dt.date(2024, 3, 7))
        vault.save_reflection(session.id, {"atmosphere": NOTES["atmosphere"]})
        vault.save_reflection(session.id, {"case": NOTES["case"]})
        return session.id


def _assert_notes_intact(vault: bd.Vault, session_id: int) -> None:
    assert vault.check_integrity() == []
    assert [g.name for g in vault.groups()] == ["Thursday clinicians"]
    reflection = vault.reflection(session_id)
    assert reflection.sections == NOTES
    assert reflection.revision_count == 2
    assert [hit.session_id for hit in vault.search("lighthouse keeper")] == [session_id]


def _check_after_change(directory: Path, session_id: int, run: ChangeRun) -> str:
    """Open the vault with each passphrase; return which one works."""
    working = []
    for passphrase in (OLD, NEW):
        vault = _try_open(directory, passphrase)
        if vault is None:
            continue
        with vault:
            working.append(passphrase)
            _assert_notes_intact(vault, session_id)
        # A successful open clears what the interrupted write left behind.
        assert list(directory.glob("vault.key.tmp-*")) == []
    assert len(working) == 1, f"after {run.steps}: working passphrases {working}"
    return working[0]


def test_passphrase_change_killed_at_each_step_leaves_one_passphrase(tmp_path: Path) -> None:
    template = tmp_path / "template"
    session_id = _make_notes_vault(template)

    kill_points: list[tuple[str, int, str]] = []
    runs_with_leftovers = 0
    for mode in ("before", "half-write"):
        for kill_at in range(1, 50):
            directory = tmp_path / f"{mode}-{kill_at}"
            shutil.copytree(template, directory)
            run = _run_change(directory, mode, kill_at)
            if run.returncode == 0:
                assert run.finished, run.stderr
                assert "replace" in run.steps, "atomic_write no longer uses os.replace"
                assert _check_after_change(directory, session_id, run) == NEW
                break
            assert run.returncode == KILLED, run.stderr
            assert not run.finished
            assert run.steps, f"{mode} {kill_at}: killed before atomic_write began"
            # The last step printed is the one the child died in (before
            # making it, or half-way through a write): it did not complete.
            completed = run.steps[:-1]
            if list(directory.glob("vault.key.tmp-*")):
                runs_with_leftovers += 1
            working = _check_after_change(directory, session_id, run)
            expected = NEW if "replace" in completed else OLD
            assert working == expected, f"{mode} {kill_at}: died in {run.steps[-1]}"
            kill_points.append((mode, kill_at, run.steps[-1]))
        else:
            pytest.fail(f"the change never completed in mode {mode}")

    assert len(kill_points) >= 5, kill_points
    assert {step for mode, _, step in kill_points if mode == "before"} == {
        "open",
        "write",
        "fsync",
        "close",
        "replace",
    }
    assert any(mode == "half-write" for mode, _, _ in kill_points)
    assert runs_with_leftovers >= 1


# -- 2. acknowledged saves survive SIGKILL -----------------------------------

RUNS = 30
SEED = 20240307


class AckReader(threading.Thread):
    """Collects a save-loop child's stdout: `ready`, then one counter per save."""

    def __init__(self, stream: IO[str]) -> None:
        super().__init__(daemon=True)
        self._stream = stream
        self.ready = threading.Event()
        self.first_ack = threading.Event()
        self.acks: list[int] = []
        self.unexpected: list[str] = []

    def run(self) -> None:
        for line in self._stream:
            if not line.endswith("\n"):
                break  # cut off by the kill: not an acknowledgement
            text = line.rstrip("\n")
            if text == "ready":
                self.ready.set()
            elif text.isdigit():
                self.acks.append(int(text))
                self.first_ack.set()
            else:
                self.unexpected.append(text)


@dataclass(frozen=True)
class SaveRun:
    """One save-loop child, killed."""

    returncode: int
    acks: list[int]
    unexpected: list[str]
    stderr: str


def _run_saves_and_kill(
    directory: Path, session_id: int, start: int, rng: random.Random, early: bool
) -> SaveRun:
    proc = _child("save-loop", str(directory), str(session_id), str(start))
    assert proc.stdin is not None
    assert proc.stdout is not None
    assert proc.stderr is not None
    reader = AckReader(proc.stdout)
    reader.start()
    try:
        proc.stdin.write(f"{NEW}\n")
        proc.stdin.close()
        if early:
            # Very early: around the first save, right after the vault opened.
            started = reader.ready.wait(CHILD_TIMEOUT)
            delay = rng.uniform(0.0, 0.003)
        else:
            started = reader.first_ack.wait(CHILD_TIMEOUT)
            delay = rng.choice(
                (rng.uniform(0.0, 0.005), rng.uniform(0.005, 0.05), rng.uniform(0.05, 0.25))
            )
        if started:
            time.sleep(delay)  # the random moment of the crash, not synchronisation
        proc.send_signal(signal.SIGKILL)
    finally:
        _reap(proc)
        reader.join(CHILD_TIMEOUT)
        stderr = proc.stderr.read()
        proc.stdout.close()
        proc.stderr.close()
    assert not reader.is_alive()
    assert started, f"the child never got going: {stderr}"
    return SaveRun(proc.returncode, reader.acks, reader.unexpected, stderr)


def _stored_counter(vault: bd.Vault, session_id: int) -> int:
    """Return the counter of the stored text, -1 if nothing was ever saved."""
    text = vault.reflection(session_id).sections.get("case")
    if text is None:
        return -1
    word, counter, rest = text.split(" ", 2)
    # A torn or mixed save would not read back as exactly one save's text.
    assert (word, rest) == ("save", PADDING)
    return int(counter)


def _assert_vault_sound(vault: bd.Vault, session_id: int, stored: int) -> None:
    assert vault.check_integrity() == []
    reflection = vault.reflection(session_id)
    # Every committed save added one revision, in the same transaction.
    assert reflection.revision_count == stored + 1
    if stored >= 0:
        assert vault.revisions(session_id)[0].sections == reflection.sections
        assert session_id in {hit.session_id for hit in vault.search("save")}
        assert session_id in {hit.session_id for hit in vault.search(f'"save {stored}"')}
    if stored >= 1:
        # Quoted: a phrase, so "save 118" cannot match part of "filler118".
        stale = vault.search(f'"save {stored - 1}"')
        assert stale == [], "the index still has an old save"
    # FTS5's own check, comparing the index with the table it indexes.
    vault._connection().execute(
        "INSERT INTO session_fts(session_fts, rank) VALUES('integrity-check', 1)"
    )


def test_acknowledged_saves_survive_sigkill(tmp_path: Path) -> None:
    directory = tmp_path / "vault"
    with bd.Vault.create(directory, NEW, kdf=bd.KdfParams.for_tests()) as vault:
        group = vault.add_group("Monday residents")
        session_id = vault.add_session(group.id, dt.date(2024, 3, 4)).id

    rng = random.Random(SEED)
    stored = -1  # the counter of the text on disk; -1 before any save
    mid_loop_kills = 0
    for run_index in range(RUNS):
        start = stored + 1
        run = _run_saves_and_kill(directory, session_id, start, rng, early=run_index % 5 == 0)
        assert run.returncode == KILLED, run.stderr
        assert run.unexpected == [], run.stderr
        assert run.acks == list(range(start, start + len(run.acks)))
        if run.acks:
            mid_loop_kills += 1
        acknowledged = run.acks[-1] if run.acks else stored

        with bd.Vault.open(directory, NEW) as vault:
            stored = _stored_counter(vault, session_id)
            # Nothing acknowledged is lost; at most the save in flight is extra.
            assert stored in (acknowledged, acknowledged + 1), (run_index, run.acks[-3:])
            _assert_vault_sound(vault, session_id, stored)

    assert mid_loop_kills >= 20
