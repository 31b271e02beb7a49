"""T5: the vault locks with the screen and before sleep."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from balint_desktop.app.os_lock import (
    PBT_APMSUSPEND,
    WM_POWERBROADCAST,
    WM_WTSSESSION_CHANGE,
    WTS_SESSION_LOCK,
    WindowsLockWatcher,
)

ROOT = Path(__file__).resolve().parents[2]


def test_windows_messages_are_read_right(qtbot: QtBot) -> None:
    watcher = WindowsLockWatcher()
    heard: list[str] = []
    watcher.lock_now.connect(heard.append)
    watcher.handle(WM_WTSSESSION_CHANGE, WTS_SESSION_LOCK)
    watcher.handle(WM_WTSSESSION_CHANGE, 0x8)  # unlock: nothing to do
    watcher.handle(WM_POWERBROADCAST, PBT_APMSUSPEND)
    watcher.handle(WM_POWERBROADCAST, 0x12)  # resume: nothing to do
    assert heard == ["screen locked", "going to sleep"]


@pytest.mark.skipif(shutil.which("dbus-run-session") is None, reason="needs a D-Bus daemon")
def test_the_desktop_signals_reach_the_watcher_over_d_bus() -> None:
    runner = shutil.which("dbus-run-session")
    assert runner is not None
    result = subprocess.run(
        [runner, "--", sys.executable, "-m", "tests.e2e.dbus_lock_child"],
        capture_output=True,
        text=True,
        timeout=60,
        cwd=ROOT,
        check=False,
    )
    assert "active True" in result.stdout, result.stdout + result.stderr
    assert "heard screen locked|going to sleep" in result.stdout, result.stdout + result.stderr
