"""Write the leader's public identity file whole, owner-only, or not at all.

The file is public (it holds no secret), but views may not touch storage,
and a half-written identity would show the co-leader different words, so
it is written like every other file the app saves: a private temporary
file beside the target, fsync, read back, rename over the target.
"""

from __future__ import annotations

from pathlib import Path

from balint_desktop.storage.files import atomic_write


def write_identity(data: bytes, path: Path) -> None:
    """Write `data` to `path` atomically with mode 0600; raise OSError on failure."""
    atomic_write(path, data)
