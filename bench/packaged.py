"""The packaged app (`make dist`) starts as fast as the venv one.

Both are started as a leader's double-click would, each a fresh process, with
`--report-startup`: the program prints the wall clock at its first window
paint and quits; the parent subtracts the time it started it. The build is
cached under bench/.cache/dist and rebuilt when the sources change.
"""

from __future__ import annotations

import hashlib
import os
import statistics
import subprocess
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path

from bench.scenarios import Row

ROOT = Path(__file__).resolve().parents[1]
SPEC = ROOT / "packaging" / "balint-desktop.spec"
RUNS = 9


def _sources_hash() -> str:
    digest = hashlib.sha256()
    for path in sorted([SPEC, ROOT / "requirements.lock", *ROOT.glob("balint_desktop/**/*")]):
        if path.is_file() and "__pycache__" not in path.parts:
            digest.update(str(path.relative_to(ROOT)).encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()


def ensure_build(cache: Path, log: Callable[[str], None]) -> Path:
    """Return the packaged executable, building it first if the sources changed."""
    program = cache / "dist" / "balint-desktop" / "balint-desktop"
    stamp = cache / "sources.sha256"
    wanted = _sources_hash()
    if program.exists() and stamp.exists() and stamp.read_text() == wanted:
        return program
    log("building the packaged app with PyInstaller (about 90 s)")
    subprocess.run(
        [
            str(Path(sys.executable).with_name("pyinstaller")),
            "--noconfirm",
            "--log-level",
            "ERROR",
            "--distpath",
            str(cache / "dist"),
            "--workpath",
            str(cache / "work"),
            str(SPEC),
        ],
        check=True,
        timeout=1800,
    )
    stamp.write_text(wanted)
    return program


def _one(command: Sequence[str], env: dict[str, str]) -> float:
    started = time.time()
    result = subprocess.run(
        command, capture_output=True, text=True, check=True, timeout=60, env=env
    )
    return float(result.stdout.strip().splitlines()[-1]) - started


def packaged_rows(
    vault_dir: Path, settings_home: Path, cache: Path, log: Callable[[str], None]
) -> list[Row]:
    """Median start-to-paint of the packaged app beside the venv app, same vault."""
    program = ensure_build(cache, log)
    env = dict(os.environ)
    env.setdefault("QT_QPA_PLATFORM", "offscreen")
    env["XDG_CONFIG_HOME"] = str(settings_home)
    args = ["--report-startup", "--vault", str(vault_dir)]
    venv = [sys.executable, "-m", "balint_desktop", *args]
    built = [str(program), *args]
    _one(venv, env)  # warm the file cache for both
    _one(built, env)
    venv_times, built_times = [], []
    for _ in range(RUNS):
        venv_times.append(_one(venv, env))
        built_times.append(_one(built, env))
    venv_ms = statistics.median(venv_times) * 1000
    built_ms = statistics.median(built_times) * 1000
    return [
        Row(
            "packaged app: start to painted unlock window, median",
            "-",
            f"{built_ms:.0f} ms",
            f"venv app {venv_ms:.0f} ms",
            f"{built_ms / venv_ms:.2f}x",
            "as fast as the venv (<= 1.2x)",
        )
    ]
