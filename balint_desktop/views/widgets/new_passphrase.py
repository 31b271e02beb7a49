"""The checks every window that asks for a new passphrase makes before using it.

The setup window (the vault's passphrase) and the archive window (an
archive's own passphrase) share them, so the same mistake gets the same
answer in both.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Protocol

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QLabel, QLineEdit

from balint_desktop.app.passphrase_strength import MIN_LENGTH


class NewPassphraseForm(Protocol):
    """The fields a new-passphrase form has (same object names in every form)."""

    passphraseEdit: QLineEdit  # noqa: N815 - Designer object names
    confirmEdit: QLineEdit  # noqa: N815
    errorLabel: QLabel  # noqa: N815
    mismatchLabel: QLabel  # noqa: N815


def refuse_unusable(ui: NewPassphraseForm, show: Callable[[QLabel, str], None]) -> bool:
    """Say why the passphrase typed cannot be used yet; return whether it was refused.

    Too short: said in the error label, the caret back in the passphrase.
    The confirmation differs: the mismatch label shown, the confirmation
    selected for retyping. A weak but long enough passphrase is the caller's
    to warn about (it may still be used).
    """
    passphrase = ui.passphraseEdit.text()
    if len(passphrase) < MIN_LENGTH:
        show(
            ui.errorLabel,
            QCoreApplication.translate(
                "NewPassphrase",
                "A passphrase needs at least %n characters. A few unrelated words work well.",
                "",
                MIN_LENGTH,
            ),
        )
        ui.passphraseEdit.setFocus()
        return True
    if ui.confirmEdit.text() != passphrase:
        ui.mismatchLabel.show()
        ui.confirmEdit.setFocus()
        ui.confirmEdit.selectAll()
        return True
    return False
