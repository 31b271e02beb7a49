"""The first-launch window: where the vault lives, and choosing its passphrase."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QEvent, QObject, Qt, Signal, Slot
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QDialog, QLabel, QWidget

from balint_desktop.app.passphrase_strength import PassphraseStrength, evaluate
from balint_desktop.views.forms.ui_setup_dialog import Ui_SetupDialog
from balint_desktop.views.unlock_dialog import attach_visibility_toggle, emphasise_heading
from balint_desktop.views.widgets.new_passphrase import refuse_unusable


class SetupDialog(QDialog):
    """Explains that the notes stay on this computer and asks for a passphrase.

    A passphrase shorter than `MIN_LENGTH` is refused; two entries that differ
    are pointed out; a weak one is warned about on the first click and
    accepted on a second, deliberate click. The dialog marks itself busy as
    soon as it asks, so a double click cannot ask twice; the controller ends
    that with `show_error` or by closing the dialog. Closing it is left to
    the controller (its `rejected` signal), busy or not.

    Signals:
        create_requested(str): the leader chose this passphrase for a new vault.
    """

    create_requested = Signal(str)

    def __init__(self, vault_dir: Path, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ui = Ui_SetupDialog()
        self.ui.setupUi(self)
        self._busy = False
        self._strength = evaluate("")
        self._weak_warned = False
        # The second half of a double click is not a second, deliberate click:
        # it must not turn the weak-passphrase warning and the consent into one.
        self.ui.createButton.installEventFilter(self)

        emphasise_heading(self.ui.headingLabel)
        self.ui.vaultPathEdit.setText(str(vault_dir))
        self.ui.vaultPathEdit.setCursorPosition(0)
        self.ui.vaultPathEdit.setToolTip(str(vault_dir))
        attach_visibility_toggle(self.ui.passphraseEdit, self.ui.showPassphraseAction)
        attach_visibility_toggle(self.ui.confirmEdit, self.ui.showConfirmAction)
        for label in (self.ui.mismatchLabel, self.ui.warningLabel, self.ui.errorLabel):
            label.hide()
        self.ui.busyIndicator.hide()
        self.ui.busyLabel.hide()

        self.ui.passphraseEdit.textChanged.connect(self._passphrase_changed)
        self.ui.confirmEdit.textChanged.connect(self._confirm_changed)
        self.ui.createButton.clicked.connect(self._create_clicked)
        self._update_button()
        self.ui.passphraseEdit.setFocus()

    @Slot(bool)
    def set_busy(self, busy: bool) -> None:
        """Show that the vault is being created, with every input disabled, or end that.

        Args:
            busy: whether the key derivation and vault creation are running.
        """
        self._busy = busy
        self.ui.passphraseEdit.setEnabled(not busy)
        self.ui.confirmEdit.setEnabled(not busy)
        self.ui.busyIndicator.setVisible(busy)
        self.ui.busyLabel.setVisible(busy)
        if busy:
            self._show(self.ui.errorLabel, "")
        self._update_button()

    def show_error(self, message: str) -> None:
        """Show why the vault could not be created; keep what was typed.

        Args:
            message: a message for the leader, shown as plain text.
        """
        self.set_busy(False)
        self._show(self.ui.errorLabel, message)
        self.ui.passphraseEdit.setFocus()

    def strength(self) -> PassphraseStrength:
        """Return the verdict on the passphrase as currently typed."""
        return self._strength

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Swallow double clicks on Create (see `__init__`)."""
        if watched is self.ui.createButton and event.type() == QEvent.Type.MouseButtonDblClick:
            return True
        return super().eventFilter(watched, event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        """Ignore a held-down Return: its repeats are not deliberate presses."""
        if event.isAutoRepeat() and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            event.accept()
            return
        super().keyPressEvent(event)

    def event(self, event: QEvent) -> bool:
        """Refit the height whenever the layout changed (see `_fit_height`)."""
        handled = super().event(event)
        if event.type() == QEvent.Type.LayoutRequest:
            self._fit_height()
        return handled

    @Slot(str)
    def _passphrase_changed(self, passphrase: str) -> None:
        self._strength = evaluate(passphrase)
        self.ui.strengthMeter.set_strength(self._strength)
        self._weak_warned = False
        self.ui.createButton.setText(self.tr("Create vault"))
        self._show(self.ui.warningLabel, "")
        self._show(self.ui.errorLabel, "")
        self._confirm_changed(self.ui.confirmEdit.text())

    @Slot(str)
    def _confirm_changed(self, confirm: str) -> None:
        passphrase = self.ui.passphraseEdit.text()
        # Say so as soon as the confirmation has gone astray, not while it is
        # still a correct beginning.
        astray = bool(confirm) and confirm != passphrase and not passphrase.startswith(confirm)
        if astray or confirm == passphrase:
            self.ui.mismatchLabel.setVisible(astray)
        self._update_button()

    @Slot()
    def _create_clicked(self) -> None:
        passphrase = self.ui.passphraseEdit.text()
        confirm = self.ui.confirmEdit.text()
        if self._busy or not passphrase or not confirm:
            return
        if refuse_unusable(self.ui, self._show):
            return
        if not self._strength.acceptable and not self._weak_warned:
            self._warn_weak()
            return
        self.set_busy(True)
        self.create_requested.emit(passphrase)

    def _warn_weak(self) -> None:
        self._weak_warned = True
        self._show(
            self.ui.warningLabel,
            self.tr(
                "This passphrase is weak: someone with a copy of the vault could "
                "guess it. Adding a few more words makes it much stronger. "
                "You can still use it if you choose."
            ),
        )
        self.ui.createButton.setText(self.tr("Create with a weak passphrase"))

    @Slot()
    def _update_button(self) -> None:
        filled = bool(self.ui.passphraseEdit.text()) and bool(self.ui.confirmEdit.text())
        self.ui.createButton.setEnabled(filled and not self._busy)

    def _show(self, label: QLabel, text: str) -> None:
        label.setText(text)
        label.setVisible(bool(text))

    def _fit_height(self) -> None:
        # The width is fixed by the form; the height follows the content, so
        # a message appearing or going neither squeezes text nor leaves a gap.
        height = self.heightForWidth(self.width())
        self.setFixedHeight(height if height > 0 else self.sizeHint().height())
