"""`balint-desktop --report-startup` prints when its first window was painted, then quits."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path


def test_the_first_paint_time_is_printed_and_the_app_quits(tmp_path: Path) -> None:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", XDG_CONFIG_HOME=str(tmp_path / "config"))
    started = time.time()
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "balint_desktop",
            "--report-startup",
            "--vault",
            str(tmp_path / "v"),
        ],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
        check=False,
    )
    finished = time.time()
    assert result.returncode == 0, result.stderr
    painted = float(result.stdout.strip().splitlines()[-1])
    assert started < painted < finished
    assert not (tmp_path / "v").exists()  # showing the setup window creates nothing
