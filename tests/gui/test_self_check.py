"""`balint-desktop --self-check`: the installation check a leader (or CI) can run."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from balint_desktop.__main__ import parse_args
from balint_desktop.app import self_check


def test_the_self_check_walks_the_whole_journey_and_passes(qtbot: QtBot) -> None:
    out = io.StringIO()

    assert self_check.run_self_check(out) == 0

    lines = out.getvalue().splitlines()
    assert lines[:5] == [
        "ok: created an encrypted vault",
        "ok: wrote and saved a note",
        "ok: locked and unlocked; the note came back",
        "ok: found the note by search",
        lines[4],
    ]
    assert lines[4].startswith("ok: quit;")
    assert "none readable without the passphrase" in lines[4]
    assert lines[-1] == "Self-check passed: this installation works."


def test_a_failing_step_is_named_and_fails_the_check(
    qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    """If the vault file were readable without the passphrase, the check says so."""
    real = Path.read_bytes

    def as_if_unencrypted(path: Path) -> bytes:
        data = real(path)
        return b"SQLite format 3\x00" + data if path.name == "vault.db" else data

    monkeypatch.setattr(Path, "read_bytes", as_if_unencrypted)
    out = io.StringIO()

    assert self_check.run_self_check(out) == 1

    assert out.getvalue().splitlines()[-1] == (
        "Self-check FAILED: vault.db holds the note in plain text"
    )


def test_the_option_is_on_the_command_line() -> None:
    assert parse_args(["--self-check"]).self_check
    assert not parse_args([]).self_check
