"""A group's reflection template: reword, reorder or leave out prompts."""

from __future__ import annotations

import html
from collections.abc import Callable

from PySide6.QtCore import Qt, Slot
from PySide6.QtWidgets import QDialog, QListWidgetItem, QMessageBox, QWidget

from balint_desktop.app.notes import NotesService
from balint_desktop.core.errors import VaultError
from balint_desktop.core.templates import DEFAULT_TEMPLATE, SectionSpec, Template
from balint_desktop.views.forms.ui_template_dialog import Ui_TemplateDialog
from balint_desktop.views.widgets.confirm import confirm_destructive

KEY_ROLE = Qt.ItemDataRole.UserRole
PRIVATE = {s.key for s in DEFAULT_TEMPLATE.sections if s.private}


class TemplateDialog(QDialog):
    """The `templateDialog`: ticked sections, in order, with their wording."""

    def __init__(self, notes: NotesService, group_id: int, parent: QWidget | None = None) -> None:
        """Show the group's current template."""
        super().__init__(parent)
        self.ui = Ui_TemplateDialog()
        self.ui.setupUi(self)
        self._notes = notes
        self._group_id = group_id
        self._specs: dict[str, SectionSpec] = {}
        group = notes.group(group_id)
        self.ui.headingLabel.setText(
            "<h3>"
            + self.tr("Reflection template of %1").replace("%1", html.escape(group.name))
            + "</h3>"
        )
        self.ui.errorLabel.hide()
        self.ui.sectionList.currentItemChanged.connect(self._show_section)
        self.ui.titleEdit.textEdited.connect(self._title_edited)
        self.ui.promptEdit.textChanged.connect(self._prompt_edited)
        self.ui.upButton.clicked.connect(lambda: self.move_section(-1))
        self.ui.downButton.clicked.connect(lambda: self.move_section(1))
        self.ui.saveButton.clicked.connect(self.save)
        self.ui.resetButton.clicked.connect(self.reset)
        self.ui.buttonBox.rejected.connect(self.reject)
        self._load()

    def _load(self) -> None:
        vault = self._notes.vault
        template = vault.group_template(self._group_id)
        self._name = template.name
        self._saved = template
        used = list(template.sections)
        unused = [s for s in DEFAULT_TEMPLATE.sections if s.key not in template.keys]
        self._specs = {s.key: s for s in used + unused}
        listing = self.ui.sectionList
        listing.clear()
        for spec, ticked in [(s, True) for s in used] + [(s, False) for s in unused]:
            item = QListWidgetItem()
            item.setData(KEY_ROLE, spec.key)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked if ticked else Qt.CheckState.Unchecked)
            listing.addItem(item)
            self._label(item)
        listing.setCurrentRow(0)
        versions = vault.template_versions(self._group_id)
        if versions:
            text = self.tr("Version %1 of this group's own template.").replace(
                "%1", str(versions[0].version)
            )
        else:
            text = self.tr("The default wording for this kind of group.")
        self.ui.versionLabel.setText(
            text
            + " "
            + self.tr("Sessions already written keep the prompts they were written with.")
        )

    def _label(self, item: QListWidgetItem) -> None:
        spec = self._specs[str(item.data(KEY_ROLE))]
        private = spec.key in PRIVATE and "private" not in spec.title.casefold()
        item.setText(spec.title + (self.tr(" (private)") if private else ""))

    def _current(self) -> QListWidgetItem | None:
        item: QListWidgetItem | None = self.ui.sectionList.currentItem()
        return item

    @Slot()
    def _show_section(self) -> None:
        item = self._current()
        spec = None if item is None else self._specs[str(item.data(KEY_ROLE))]
        self.ui.titleEdit.setText("" if spec is None else spec.title)
        self.ui.promptEdit.blockSignals(True)
        self.ui.promptEdit.setPlainText("" if spec is None else spec.prompt)
        self.ui.promptEdit.blockSignals(False)
        self.ui.privateLabel.setVisible(spec is not None and spec.key in PRIVATE)

    def _edit(self, title: str | None = None, prompt: str | None = None) -> None:
        item = self._current()
        if item is None:
            return
        spec = self._specs[str(item.data(KEY_ROLE))]
        self._specs[spec.key] = SectionSpec(
            spec.key,
            spec.title if title is None else title,
            spec.prompt if prompt is None else prompt,
            spec.private,
        )
        self._label(item)

    @Slot(str)
    def _title_edited(self, text: str) -> None:
        self._edit(title=text)

    @Slot()
    def _prompt_edited(self) -> None:
        self._edit(prompt=self.ui.promptEdit.toPlainText())

    def move_section(self, step: int) -> None:
        """Move the chosen section up (-1) or down (+1)."""
        listing = self.ui.sectionList
        row = listing.currentRow()
        target = row + step
        if row < 0 or not 0 <= target < listing.count():
            return
        item = listing.takeItem(row)
        listing.insertItem(target, item)
        listing.setCurrentRow(target)

    def template(self) -> Template:
        """Return the template the window describes: ticked sections, in order."""
        listing = self.ui.sectionList
        sections = tuple(
            self._specs[str(listing.item(row).data(KEY_ROLE))]
            for row in range(listing.count())
            if listing.item(row).checkState() == Qt.CheckState.Checked
        )
        return Template(name=self._name, sections=sections)

    def reject(self) -> None:
        """Close; first ask whether to drop changes that were not saved."""
        if self.template() == self._saved:
            super().reject()
            return
        confirm_destructive(
            self,
            self.tr("Discard your changes to this template?"),
            super().reject,
            name="discardTemplate",
            action=self.tr("Discard"),
            icon=QMessageBox.Icon.Question,
        )

    @Slot()
    def save(self) -> None:
        """Keep the edit as the group's next version."""
        self._store(lambda: self._notes.vault.save_group_template(self._group_id, self.template()))

    @Slot()
    def reset(self) -> None:
        """Go back to the default wording of the group's kind."""
        self._store(lambda: self._notes.vault.reset_group_template(self._group_id))

    def _store(self, change: Callable[[], object]) -> None:
        try:
            change()
        except VaultError as error:
            self.ui.errorLabel.setText(str(error))
            self.ui.errorLabel.show()
            return
        self.ui.errorLabel.hide()
        self._load()
