"""Ask where to save a file the leader exports (tests replace `choose_save_path`)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QStandardPaths
from PySide6.QtWidgets import QFileDialog, QWidget


def choose_save_path(parent: QWidget, title: str, suggested: str, pattern: str) -> Path | None:
    """Return the path the leader chose, or None if they cancelled.

    Args:
        parent: the window the question belongs to.
        title: the question's title.
        suggested: a file name to start with (no note content).
        pattern: the file filter, e.g. "PDF (*.pdf)".
    """
    folder = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    chosen, _ = QFileDialog.getSaveFileName(parent, title, str(Path(folder) / suggested), pattern)
    if not chosen:
        return None
    path = Path(chosen)
    if not path.suffix:
        path = path.with_suffix(Path(suggested).suffix)
    return path


def save_error(error: OSError) -> str:
    """Say in plain words why a file could not be saved."""
    reason = error.strerror or "the system refused"
    return f"The file could not be saved there ({reason.lower()}). Choose another folder."
