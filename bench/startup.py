"""Process start to painted unlock window, beside a bare PySide6 window.

Each run is a fresh interpreter (as a leader's double-click is): the parent
notes the wall clock, starts the child, and the child prints the wall clock
at the first paint of its window. Both run on the same Qt platform.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

from bench.scenarios import Row

RUNS = 9

_PAINT_PROBE = """
import sys, time
from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QApplication

class FirstPaint(QObject):
    def eventFilter(self, watched, event):
        if event.type() == QEvent.Type.Paint:
            print(repr(time.time()), flush=True)
            QApplication.instance().exit(0)
        return False
"""

_APP = (
    _PAINT_PROBE
    + """
from pathlib import Path
app = QApplication(sys.argv[:1])
from balint_desktop import app as gui
controller = gui.start(Path(sys.argv[1]))
probe = FirstPaint()
controller.unlock_dialog.installEventFilter(probe)
app.exec()
"""
)

_BARE = (
    _PAINT_PROBE
    + """
from PySide6.QtWidgets import QWidget
app = QApplication(sys.argv[:1])
window = QWidget()
window.resize(480, 250)
probe = FirstPaint()
window.installEventFilter(probe)
window.show()
app.exec()
"""
)


def _one(code: str, argument: str, env: dict[str, str]) -> float:
    started = time.time()
    result = subprocess.run(
        [sys.executable, "-c", code, argument],
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
        env=env,
    )
    painted = float(result.stdout.strip().splitlines()[-1])
    return painted - started


def startup_rows(vault_dir: Path, settings_home: Path) -> list[Row]:
    """Median start-to-paint of the unlock window and of a bare window."""
    env = dict(os.environ)
    env.setdefault("QT_QPA_PLATFORM", "offscreen")
    # Keep the app's preferences away from the benchmarking user's own.
    env["XDG_CONFIG_HOME"] = str(settings_home)
    app_times, bare_times = [], []
    _one(_BARE, "", env)  # warm the file cache for both
    _one(_APP, str(vault_dir), env)
    for _ in range(RUNS):
        bare_times.append(_one(_BARE, "", env))
        app_times.append(_one(_APP, str(vault_dir), env))
    app = statistics.median(app_times)
    bare = statistics.median(bare_times)
    return [
        Row(
            "start to painted unlock window, median",
            "-",
            f"{app * 1000:.0f} ms",
            f"bare PySide6 window {bare * 1000:.0f} ms",
            f"{app / bare:.2f}x",
            "<= 450 ms",
        )
    ]
