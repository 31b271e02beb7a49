"""A reflection's saved versions: read any of them, restore one."""

from __future__ import annotations

import html
from collections.abc import Callable

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtWidgets import QDialog, QListWidgetItem, QMessageBox, QWidget

from balint_desktop.core.models import Revision
from balint_desktop.core.templates import Template
from balint_desktop.views.forms.ui_history_dialog import Ui_HistoryDialog

REVISION_ROLE = Qt.ItemDataRole.UserRole


class HistoryDialog(QDialog):
    """The `historyDialog`.

    Signals:
        restore_requested: (revision_id) the leader chose to restore a version.
    """

    restore_requested = Signal(int)

    def __init__(
        self,
        revisions: list[Revision],
        template: Template,
        describe: Callable[[Revision], str],
        parent: QWidget | None = None,
    ) -> None:
        """List `revisions` (newest first); `describe` words each one's time."""
        super().__init__(parent)
        self.ui = Ui_HistoryDialog()
        self.ui.setupUi(self)
        self._template = template
        self.ui.buttonBox.rejected.connect(self.reject)
        self.ui.restoreButton.clicked.connect(self._restore)
        self.ui.splitter.setStretchFactor(1, 1)
        self.ui.layout.setStretchFactor(self.ui.splitter, 1)
        self.ui.revisionList.currentItemChanged.connect(self._preview)
        for index, revision in enumerate(revisions):
            text = describe(revision)
            if index == 0:
                text += self.tr(" (current)")
            item = QListWidgetItem(text)
            item.setData(REVISION_ROLE, revision)
            self.ui.revisionList.addItem(item)
        if revisions:
            self.ui.revisionList.setCurrentRow(0)
        else:
            self.ui.previewBrowser.setPlainText(self.tr("Nothing has been saved yet."))
        self._update_button()

    def clear(self) -> None:
        """Drop every version's text (on lock)."""
        self.ui.revisionList.clear()
        self.ui.previewBrowser.clear()

    @Slot()
    def _preview(self) -> None:
        revision = self._current()
        if revision is None:
            self.ui.previewBrowser.clear()
        else:
            parts = []
            for spec in self._template.sections:
                text = revision.sections.get(spec.key, "")
                if text:
                    body = html.escape(text).replace("\n", "<br>")
                    parts.append(f"<h4>{html.escape(spec.title)}</h4><p>{body}</p>")
            self.ui.previewBrowser.setHtml("".join(parts) or self.tr("(empty)"))
        self._update_button()

    def _current(self) -> Revision | None:
        item = self.ui.revisionList.currentItem()
        value = None if item is None else item.data(REVISION_ROLE)
        return value if isinstance(value, Revision) else None

    def _update_button(self) -> None:
        self.ui.restoreButton.setEnabled(self.ui.revisionList.currentRow() > 0)

    @Slot()
    def _restore(self) -> None:
        revision = self._current()
        if revision is None:
            return
        box = QMessageBox(
            QMessageBox.Icon.Question,
            self.windowTitle(),
            self.tr(
                "Make the version of %1 the current text? Today's text stays in the "
                "history, so this can be undone by restoring it."
            ).replace("%1", self.ui.revisionList.currentItem().text()),
            parent=self,
        )
        box.setObjectName("confirmRestore")
        restore = box.addButton(self.tr("Restore"), QMessageBox.ButtonRole.AcceptRole)
        box.addButton(QMessageBox.StandardButton.Cancel)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)

        def done(button: object) -> None:
            if button is restore:
                self.restore_requested.emit(revision.id)
                self.accept()

        box.buttonClicked.connect(done)
        box.open()
