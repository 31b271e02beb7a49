"""A case presented in a session: presenter, "the other", one line, its thread."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtWidgets import QDialog, QWidget

from balint_desktop.core.models import OTHER_KINDS, Member, OtherKind, Presentation, Session
from balint_desktop.views import labels
from balint_desktop.views.forms.ui_case_dialog import Ui_CaseDialog

#: Called with the fields; returns an error message, or None when saved.
SaveCase = Callable[[dict[str, Any]], str | None]


def other_kind_labels() -> dict[OtherKind, str]:
    """Return the word shown for each kind of "other"."""
    return {
        "patient": "patient",
        "client": "client",
        "colleague": "colleague",
        "team": "team",
        "organisation": "organisation",
        "other": "other",
    }


class CaseDialog(QDialog):
    """The `caseDialog`; saves through `save` and closes only when it worked."""

    def __init__(
        self,
        save: SaveCase,
        members: list[Member],
        earlier: list[tuple[Session, Presentation]],
        default_kind: OtherKind,
        case: Presentation | None = None,
        parent: QWidget | None = None,
    ) -> None:
        """Build the dialog for a new case, or to edit `case`."""
        super().__init__(parent)
        self.ui = Ui_CaseDialog()
        self.ui.setupUi(self)
        self._save = save
        names = {m.id: m.pseudonym for m in members}
        self.ui.presenterCombo.addItem(self.tr("— not recorded —"), None)
        for member in members:
            self.ui.presenterCombo.addItem(member.pseudonym, member.id)
        words = other_kind_labels()
        for other_kind in OTHER_KINDS:
            self.ui.otherKindCombo.addItem(self.tr(words[other_kind]), other_kind)
        self.ui.followsCombo.addItem(self.tr("A new case"), None)
        for session, earlier_case in earlier:
            text = f"{labels.short_date(session.held_on)} — {earlier_case.other_pseudonym or '?'}"
            presenter = names.get(earlier_case.presenter_id or -1)
            if presenter:
                text += f" ({presenter})"
            if earlier_case.summary:
                text += f": {earlier_case.summary}"
            self.ui.followsCombo.addItem(text, earlier_case.id)
        self.ui.errorLabel.hide()
        self.ui.buttonBox.accepted.connect(self._accept)
        self.ui.buttonBox.rejected.connect(self.reject)
        self.ui.followsCombo.currentIndexChanged.connect(self._follow_chosen)
        self._earlier = {p.id: p for _, p in earlier}
        kind: str = default_kind
        if case is None:
            self.ui.headingLabel.setText(f"<h3>{self.tr('New case')}</h3>")
        else:
            self.ui.headingLabel.setText(f"<h3>{self.tr('Case')}</h3>")
            self._select(self.ui.presenterCombo, case.presenter_id)
            self.ui.otherEdit.setText(case.other_pseudonym)
            self.ui.summaryEdit.setText(case.summary)
            self._select(self.ui.followsCombo, case.follows_id)
            kind = case.other_kind
        self._select(self.ui.otherKindCombo, kind)

    def values(self) -> dict[str, Any]:
        """Return the fields as chosen."""
        return {
            "presenter_id": self.ui.presenterCombo.currentData(),
            "other_pseudonym": self.ui.otherEdit.text().strip(),
            "other_kind": self.ui.otherKindCombo.currentData(),
            "summary": self.ui.summaryEdit.text().strip(),
            "follows_id": self.ui.followsCombo.currentData(),
        }

    def _follow_chosen(self) -> None:
        # Following a case carries its pseudonym over, so a thread reads as one.
        earlier = self._earlier.get(self.ui.followsCombo.currentData() or -1)
        if earlier is not None and not self.ui.otherEdit.text().strip():
            self.ui.otherEdit.setText(earlier.other_pseudonym)
            self._select(self.ui.otherKindCombo, earlier.other_kind)

    def _accept(self) -> None:
        error = self._save(self.values())
        if error is None:
            self.accept()
        else:
            self.ui.errorLabel.setText(error)
            self.ui.errorLabel.show()

    @staticmethod
    def _select(combo: Any, value: object) -> None:
        index = combo.findData(value)
        if index >= 0:
            combo.setCurrentIndex(index)
