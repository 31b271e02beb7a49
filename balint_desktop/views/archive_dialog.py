"""The archive window: the whole vault or one group, sealed with a passphrase of its own."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import shiboken6
from PySide6.QtCore import QEvent, Signal, Slot
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import QDialog, QLabel, QWidget

from balint_desktop.app.notes import NotesService
from balint_desktop.app.passphrase_strength import evaluate
from balint_desktop.app.workers import BackgroundOp
from balint_desktop.core.errors import VaultError
from balint_desktop.views.forms.ui_archive_dialog import Ui_ArchiveDialog
from balint_desktop.views.unlock_dialog import attach_visibility_toggle, emphasise_heading
from balint_desktop.views.widgets import save_path
from balint_desktop.views.widgets.new_passphrase import refuse_unusable


def suggested_name(today: dt.date) -> str:
    """Return the default file name: a date, never a group or a person."""
    return f"balint-archive-{today.isoformat()}.balintarchive"


class ArchiveDialog(QDialog):
    """The `archiveDialog`: scope, the archive's passphrase twice, then where to save.

    Reading the notes is quick and happens on the GUI thread (the vault's
    connection lives there); deriving the key (about a second) and writing
    run on a worker and touch no database. While that runs the inputs are
    disabled and the window cannot be closed; a failure is shown with
    everything typed kept, so the leader can choose another folder.

    Signals:
        saved(Path): the archive was written and checked.
    """

    saved = Signal(object)

    def __init__(
        self,
        notes: NotesService,
        group_id: int | None,
        today: dt.date,
        parent: QWidget | None = None,
    ) -> None:
        """Offer the whole vault, or the group shown (`group_id`) from a list."""
        super().__init__(parent)
        self.ui = Ui_ArchiveDialog()
        self.ui.setupUi(self)
        self._notes = notes
        self._today = today
        self._busy = False
        self._strength = evaluate("")
        self._weak_warned = False

        emphasise_heading(self.ui.headingLabel)
        attach_visibility_toggle(self.ui.passphraseEdit, self.ui.showPassphraseAction)
        attach_visibility_toggle(self.ui.confirmEdit, self.ui.showConfirmAction)
        for group in notes.groups():
            self.ui.groupCombo.addItem(group.name, group.id)
        shown = self.ui.groupCombo.findData(group_id)
        self.ui.groupCombo.setCurrentIndex(max(shown, 0))
        has_groups = self.ui.groupCombo.count() > 0
        self.ui.oneGroupRadio.setEnabled(has_groups)
        self.ui.groupCombo.setEnabled(False)
        for label in (
            self.ui.mismatchLabel,
            self.ui.warningLabel,
            self.ui.errorLabel,
            self.ui.doneLabel,
            self.ui.busyLabel,
        ):
            label.hide()
        self.ui.busyIndicator.hide()

        self.ui.oneGroupRadio.toggled.connect(self._scope_changed)
        self.ui.groupCombo.activated.connect(lambda _index: self.ui.oneGroupRadio.setChecked(True))
        self.ui.passphraseEdit.textChanged.connect(self._passphrase_changed)
        self.ui.confirmEdit.textChanged.connect(self._confirm_changed)
        self.ui.saveButton.clicked.connect(self.save)
        self.ui.cancelButton.clicked.connect(self.reject)
        self._update_button()
        self.ui.passphraseEdit.setFocus()

    def group_id(self) -> int | None:
        """Return the group chosen, or None for the whole vault."""
        if not self.ui.oneGroupRadio.isChecked():
            return None
        value = self.ui.groupCombo.currentData()
        return None if value is None else int(value)

    def is_busy(self) -> bool:
        """Return whether an archive is being sealed and written."""
        return self._busy

    @Slot()
    def save(self) -> None:
        """Check the passphrase, ask where, then seal and write off the GUI thread."""
        passphrase = self.ui.passphraseEdit.text()
        confirm = self.ui.confirmEdit.text()
        if self._busy or not passphrase or not confirm:
            return
        self._show(self.ui.doneLabel, "")
        if refuse_unusable(self.ui, self._show):
            return
        if not self._strength.acceptable and not self._weak_warned:
            self._warn_weak()
            return
        path = save_path.choose_save_path(
            self,
            self.tr("Save the archive"),
            suggested_name(self._today),
            self.tr("Balint Desktop archive (*.balintarchive)"),
        )
        if path is None:
            return
        try:
            snapshot = self._notes.vault.archive_snapshot(self.group_id())
        except VaultError as error:
            self._show(self.ui.errorLabel, str(error))
            return
        self._set_busy(True)
        # The op's owner is the notes service, which outlives this window:
        # a lock may close the window while the key is still being derived.
        BackgroundOp(self._notes, lambda: snapshot.write(path, passphrase)).success(
            self._written
        ).failure(self._failed).run()

    def reject(self) -> None:
        """Close, unless an archive is being written (it cannot be stopped halfway)."""
        if self._busy:
            return
        super().reject()

    def closeEvent(self, event: QCloseEvent) -> None:
        """Stay open while an archive is being written."""
        if self._busy:
            event.ignore()
            return
        super().closeEvent(event)

    def event(self, event: QEvent) -> bool:
        """Refit the height whenever the layout changed (messages come and go)."""
        handled = super().event(event)
        if event.type() == QEvent.Type.LayoutRequest:
            height = self.heightForWidth(self.width())
            self.setFixedHeight(height if height > 0 else self.sizeHint().height())
        return handled

    # -- outcomes -----------------------------------------------------------

    def _written(self, path: Path) -> None:
        if not shiboken6.isValid(self):
            return  # locked meanwhile: the archive is written, the window gone
        self._set_busy(False)
        # The passphrase is no longer needed here; nothing should keep it.
        self.ui.passphraseEdit.setText("")
        self.ui.confirmEdit.setText("")
        self._show(
            self.ui.doneLabel,
            self.tr(
                "Archive saved as %1 in %2. Only its passphrase opens it; keep that "
                "passphrase somewhere safe."
            )
            .replace("%1", path.name)
            .replace("%2", str(path.parent)),
        )
        self.ui.cancelButton.setText(self.tr("Close"))
        self.ui.cancelButton.setFocus()
        self.saved.emit(path)

    def _failed(self, error: BaseException) -> None:
        if not shiboken6.isValid(self):
            return
        self._set_busy(False)
        if isinstance(error, VaultError):
            message = str(error)
        elif isinstance(error, OSError):
            message = save_path.save_error(error)
        else:
            message = self.tr("The archive could not be saved. Nothing was written.")
        self._show(self.ui.errorLabel, message)
        self.ui.saveButton.setFocus()

    # -- state --------------------------------------------------------------

    def _set_busy(self, busy: bool) -> None:
        self._busy = busy
        for widget in (
            self.ui.wholeVaultRadio,
            self.ui.passphraseEdit,
            self.ui.confirmEdit,
            self.ui.cancelButton,
        ):
            widget.setEnabled(not busy)
        self.ui.oneGroupRadio.setEnabled(not busy and self.ui.groupCombo.count() > 0)
        self.ui.groupCombo.setEnabled(not busy and self.ui.oneGroupRadio.isChecked())
        self.ui.busyIndicator.setVisible(busy)
        self.ui.busyLabel.setVisible(busy)
        if busy:
            self._show(self.ui.errorLabel, "")
        self._update_button()

    @Slot(bool)
    def _scope_changed(self, one_group: bool) -> None:
        self.ui.groupCombo.setEnabled(one_group)

    @Slot(str)
    def _passphrase_changed(self, passphrase: str) -> None:
        self._strength = evaluate(passphrase)
        self.ui.strengthMeter.set_strength(self._strength)
        self._weak_warned = False
        self.ui.saveButton.setText(self.tr("&Save archive…"))
        self._show(self.ui.warningLabel, "")
        self._show(self.ui.errorLabel, "")
        self._confirm_changed(self.ui.confirmEdit.text())

    @Slot(str)
    def _confirm_changed(self, confirm: str) -> None:
        passphrase = self.ui.passphraseEdit.text()
        # Said as soon as the confirmation has gone astray, not while it is
        # still a correct beginning (as in the setup window).
        astray = bool(confirm) and confirm != passphrase and not passphrase.startswith(confirm)
        if astray or confirm == passphrase:
            self.ui.mismatchLabel.setVisible(astray)
        self._update_button()

    def _warn_weak(self) -> None:
        self._weak_warned = True
        self._show(
            self.ui.warningLabel,
            self.tr(
                "This passphrase is weak: anyone who finds the archive could guess "
                "it. Adding a few more words makes it much stronger. You can still "
                "use it if you choose."
            ),
        )
        self.ui.saveButton.setText(self.tr("Save with a &weak passphrase…"))

    def _update_button(self) -> None:
        filled = bool(self.ui.passphraseEdit.text()) and bool(self.ui.confirmEdit.text())
        self.ui.saveButton.setEnabled(filled and not self._busy)

    @staticmethod
    def _show(label: QLabel, text: str) -> None:
        label.setText(text)
        label.setVisible(bool(text))
