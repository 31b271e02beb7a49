"""Ask where to save or which file to open (tests replace `choose_save_path`, `choose_open_path`).

Qt's own file dialog remembers the folders it visited in the shared
``QtProject.conf``. A folder name can say more than it should ("Jane Doe
CPD"), so the history this dialog adds is taken out again, and whatever
other Qt programs had stored there is put back as it was (DESIGN.md §8).
"""

from __future__ import annotations

from pathlib import Path

import shiboken6
from PySide6.QtCore import QSettings, QStandardPaths
from PySide6.QtWidgets import QDialog, QFileDialog, QWidget

FILE_DIALOG_GROUP = "FileDialog"


def choose_save_path(parent: QWidget, title: str, suggested: str, pattern: str) -> Path | None:
    """Return the path the leader chose, or None if they cancelled.

    Args:
        parent: the window the question belongs to.
        title: the question's title.
        suggested: a file name to start with (no note content).
        pattern: the file filter, e.g. "PDF (*.pdf)".
    """
    folder = start_folder()
    with forgotten_file_dialog_history():
        dialog = QFileDialog(parent, title, str(folder / suggested), pattern)
        # Native dialogs keep their own recent-files lists (GTK's
        # recently-used.xbel, Windows' MRU), which this module cannot clean.
        dialog.setOption(QFileDialog.Option.DontUseNativeDialog, True)
        dialog.setObjectName("saveFileDialog")
        dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
        dialog.setFileMode(QFileDialog.FileMode.AnyFile)
        dialog.setDefaultSuffix(Path(suggested).suffix.lstrip("."))
        accepted = dialog.exec() == QDialog.DialogCode.Accepted
        files = dialog.selectedFiles()
        shiboken6.delete(dialog)  # the destructor is what writes the history
    if not accepted or not files:
        return None
    path = Path(files[0])
    if not path.suffix:
        path = path.with_suffix(Path(suggested).suffix)
    return path


def choose_open_path(parent: QWidget, title: str, pattern: str) -> Path | None:
    """Return the existing file the leader chose to open, or None if they cancelled.

    Args:
        parent: the window the question belongs to.
        title: the question's title.
        pattern: the file filter, e.g. "Balint exchange (*.balintx)".
    """
    folder = start_folder()
    with forgotten_file_dialog_history():
        dialog = QFileDialog(parent, title, str(folder), pattern)
        # Native dialogs keep their own recent-files lists (GTK's
        # recently-used.xbel, Windows' MRU), which this module cannot clean.
        dialog.setOption(QFileDialog.Option.DontUseNativeDialog, True)
        dialog.setObjectName("openFileDialog")
        dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptOpen)
        dialog.setFileMode(QFileDialog.FileMode.ExistingFile)
        accepted = dialog.exec() == QDialog.DialogCode.Accepted
        files = dialog.selectedFiles()
        shiboken6.delete(dialog)  # the destructor is what writes the history
    if not accepted or not files:
        return None
    return Path(files[0])


def start_folder() -> Path:
    """Return the folder file questions open in: Documents if it exists, else home.

    A missing Documents folder would otherwise be taken as a file name, and
    the dialog would open in the program's working folder.
    """
    documents = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    if documents and Path(documents).is_dir():
        return Path(documents)
    return Path.home()


class forgotten_file_dialog_history:  # noqa: N801 - used as a context manager
    """Put Qt's file-dialog history back as it was before the block."""

    def __enter__(self) -> None:
        """Remember what is stored now (usually nothing)."""
        settings = QSettings(QSettings.Scope.UserScope, "QtProject")
        self._file = Path(settings.fileName())
        self._existed = self._file.exists()
        settings.beginGroup(FILE_DIALOG_GROUP)
        self._before = {key: settings.value(key) for key in settings.allKeys()}
        settings.endGroup()

    def __exit__(self, *_: object) -> None:
        """Drop what the dialog added; restore what others had; remove an empty file."""
        settings = QSettings(QSettings.Scope.UserScope, "QtProject")
        settings.remove(FILE_DIALOG_GROUP)
        for key, value in self._before.items():
            settings.setValue(f"{FILE_DIALOG_GROUP}/{key}", value)
        settings.sync()
        empty = not settings.allKeys()
        del settings
        if not self._existed and empty and self._file.exists():
            self._file.unlink()


def save_error(error: OSError) -> str:
    """Say in plain words why a file could not be saved."""
    reason = error.strerror or "the system refused"
    return f"The file could not be saved there ({reason.lower()}). Choose another folder."
