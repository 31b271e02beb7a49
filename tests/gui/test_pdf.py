"""PDF exports are written whole, owner-only, or not at all."""

from __future__ import annotations

import os
import stat
import sys
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from balint_desktop.app.pdf import write_pdf


def test_a_pdf_is_written_whole_and_private(qtbot: QtBot, tmp_path: Path) -> None:
    target = tmp_path / "log.pdf"
    target.write_bytes(b"an older export")
    write_pdf("<h2>Leadership log</h2><p>12 sessions</p>", target, "Leadership log")
    content = target.read_bytes()
    assert content.startswith(b"%PDF-")
    assert content.rstrip().endswith(b"%%EOF")
    if sys.platform != "win32":
        assert stat.S_IMODE(target.stat().st_mode) == 0o600
    assert [p.name for p in tmp_path.iterdir()] == ["log.pdf"]


def test_a_failed_write_leaves_no_trace(qtbot: QtBot, tmp_path: Path) -> None:
    with pytest.raises(OSError, match="No such file"):
        write_pdf("<p>x</p>", tmp_path / "missing" / "log.pdf", "Leadership log")
    # The target is a folder: the rename fails, the temporary file is removed.
    (tmp_path / "taken.pdf").mkdir()
    with pytest.raises(OSError):  # noqa: PT011 - the platform decides which
        write_pdf("<p>x</p>", tmp_path / "taken.pdf", "Leadership log")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["taken.pdf"]
    assert os.listdir(tmp_path / "taken.pdf") == []
