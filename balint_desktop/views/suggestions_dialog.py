"""First run: offer the three groups of a typical practice to keep, rename or skip."""

from __future__ import annotations

from PySide6.QtWidgets import QCheckBox, QDialog, QDialogButtonBox, QLineEdit, QWidget

from balint_desktop.core.models import GroupKind
from balint_desktop.views.forms.ui_suggestions_dialog import Ui_SuggestionsDialog

SUGGESTIONS: tuple[tuple[str, GroupKind], ...] = (
    ("Clinician Group", "clinician"),
    ("Coaches & Consultants Group", "coaches_consultants"),
    ("Health Leaders Group", "health_leaders"),
)


class SuggestionsDialog(QDialog):
    """The `suggestionsDialog`: ticked rows become groups, with the names as typed."""

    def __init__(self, parent: QWidget | None = None) -> None:
        """Build one row per suggestion, all ticked."""
        super().__init__(parent)
        self.ui = Ui_SuggestionsDialog()
        self.ui.setupUi(self)
        self.rows: list[tuple[QCheckBox, QLineEdit, GroupKind]] = []
        for row, (name, kind) in enumerate(SUGGESTIONS):
            check = QCheckBox(self)
            check.setChecked(True)
            check.setObjectName(f"keepCheck{row}")
            check.setAccessibleName(self.tr("Keep %1").replace("%1", name))
            edit = QLineEdit(name, self)
            edit.setObjectName(f"nameEdit{row}")
            edit.setAccessibleName(
                self.tr("Name of suggested group %1").replace("%1", str(row + 1))
            )
            check.toggled.connect(edit.setEnabled)
            self.ui.rowsLayout.addWidget(check, row, 0)
            self.ui.rowsLayout.addWidget(edit, row, 1)
            self.rows.append((check, edit, kind))
        ok = self.ui.buttonBox.button(QDialogButtonBox.StandardButton.Ok)
        ok.setText(self.tr("Add these groups"))
        # Cancel (not Ignore, which Qt gives the accept role) reads "Skip".
        skip = self.ui.buttonBox.button(QDialogButtonBox.StandardButton.Cancel)
        skip.setText(self.tr("Skip"))
        self.ui.buttonBox.rejected.connect(self.reject)
        self.ui.buttonBox.accepted.connect(self.accept)

    def chosen(self) -> list[tuple[str, GroupKind]]:
        """Return the (name, kind) of every ticked row with a name."""
        return [
            (edit.text().strip(), kind)
            for check, edit, kind in self.rows
            if check.isChecked() and edit.text().strip()
        ]
