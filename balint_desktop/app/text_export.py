"""Write an exported text file (Markdown) whole, owner-only, or not at all.

Views may not touch storage, so the careful write lives here: a private
temporary file beside the target, fsync, read back, rename over the target
(see `storage.files.atomic_write`). A failure leaves any earlier file as it
was and raises OSError.
"""

from __future__ import annotations

from pathlib import Path

from balint_desktop.storage.files import atomic_write


def write_text(text: str, path: Path) -> None:
    """Write `text` as UTF-8 to `path` atomically with mode 0600; raise OSError on failure."""
    atomic_write(path, text.encode("utf-8"))
