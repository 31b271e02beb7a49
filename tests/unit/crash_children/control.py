"""Starting and reaping the child processes the crash tests kill."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

CHILD_TIMEOUT = 30


def start_child(script: Path, *args: str) -> subprocess.Popen[str]:
    """Run a child script with piped stdin, stdout and stderr."""
    return subprocess.Popen(
        [sys.executable, str(script), *args],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def reap(proc: subprocess.Popen[str], timeout: float = CHILD_TIMEOUT) -> None:
    """Make sure a child is dead and waited for, whatever happened."""
    if proc.poll() is None:
        proc.kill()
    proc.wait(timeout=timeout)
