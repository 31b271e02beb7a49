"""Process hardening: no core dumps of a process that holds notes and keys (T10).

A core dump writes the whole memory — the database key, decrypted pages,
what is on screen — to a file in plain text. Balint Desktop turns core dumps
off at start: RLIMIT_CORE = 0 everywhere it exists, and on Linux also
PR_SET_DUMPABLE = 0, which stops other processes of the same user from
attaching a debugger or reading /proc/<pid>/mem. Nothing is promised about
swap: full-disk encryption covers that.
"""

from __future__ import annotations

import ctypes
import sys

PR_SET_DUMPABLE = 4
PR_GET_DUMPABLE = 3


def disable_core_dumps() -> list[str]:
    """Turn core dumps off for this process; return what could not be done.

    Returns:
        Plain-language notes on any step this platform does not allow
        (empty when everything was applied).
    """
    problems = []
    try:
        import resource

        resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
    except (ImportError, ValueError, OSError):
        problems.append("core-dump size limit")
    if sys.platform.startswith("linux"):
        try:
            libc = ctypes.CDLL(None, use_errno=True)
            if libc.prctl(PR_SET_DUMPABLE, 0, 0, 0, 0) != 0:
                problems.append("non-dumpable flag")
        except (OSError, AttributeError):
            problems.append("non-dumpable flag")
    return problems


def is_dumpable() -> bool | None:
    """Return the Linux dumpable flag (None on other platforms)."""
    if not sys.platform.startswith("linux"):
        return None
    libc = ctypes.CDLL(None, use_errno=True)
    return bool(libc.prctl(PR_GET_DUMPABLE, 0, 0, 0, 0))
