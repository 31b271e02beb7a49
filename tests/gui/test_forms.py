"""Generated forms and resources are current (DESIGN.md §2)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_generated_forms_are_current() -> None:
    result = subprocess.run(
        [sys.executable, str(ROOT / "ui" / "compile_forms.py"), "--check"],
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
