"""The window `make run` shows until the note-taking window lands."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QMainWindow, QWidget

from balint_desktop.views.forms.ui_placeholder_window import Ui_PlaceholderWindow


class PlaceholderWindow(QMainWindow):
    """Says where the vault lives and that the full window is coming."""

    def __init__(self, vault_dir: Path, parent: QWidget | None = None) -> None:
        """Build the window for the given vault folder."""
        super().__init__(parent)
        self.ui = Ui_PlaceholderWindow()
        self.ui.setupUi(self)
        self.ui.vaultLabel.setText(self.tr("Vault folder: %1").replace("%1", str(vault_dir)))
        self.ui.buttonBox.rejected.connect(self.close)
