"""T10: the app and the command line run with core dumps off."""

from __future__ import annotations

import subprocess
import sys

import pytest

PROBE = """
import resource, sys
from balint_desktop.core.process import disable_core_dumps, is_dumpable
try:
    # Start from "dumps allowed" where we may (this test process may already
    # have lowered its own limit: the CLI tests run in it).
    soft, hard = resource.getrlimit(resource.RLIMIT_CORE)
    resource.setrlimit(resource.RLIMIT_CORE, (hard, hard))
except (ValueError, OSError):
    pass
before = (resource.getrlimit(resource.RLIMIT_CORE), is_dumpable())
problems = disable_core_dumps()
after = (resource.getrlimit(resource.RLIMIT_CORE), is_dumpable())
print(before, after, problems)
"""


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="Linux prctl and rlimits")
def test_core_dumps_are_turned_off_in_a_child_process() -> None:
    result = subprocess.run(
        [sys.executable, "-c", PROBE], capture_output=True, text=True, check=True, timeout=60
    )
    before, _ = result.stdout.strip().rsplit(") ((", 1)
    assert before.endswith("True")  # dumpable at first (reset by exec), so this can fail
    assert result.stdout.strip().endswith("((0, 0), False) []")


def test_the_command_line_disables_core_dumps_before_anything_else() -> None:
    code = (
        "import resource, sys\n"
        "from balint_desktop import cli\n"
        "from balint_desktop.core import process\n"
        "cli.main(['info', '--vault', '/nonexistent', '--passphrase-stdin'], "
        "stdin=__import__('io').StringIO('x'))\n"
        "print(resource.getrlimit(resource.RLIMIT_CORE), process.is_dumpable())\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=60
    )
    assert result.stdout.strip().endswith("(0, 0) False")
