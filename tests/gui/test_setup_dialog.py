"""The first-launch window: choosing a passphrase for a new vault."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication, QLineEdit, QWidget
from pytestqt.qtbot import QtBot

from balint_desktop.views.setup_dialog import SetupDialog

STRONG = "kia ora 🌿 the tide turns slowly"
WEAK = "bluebird7"  # zxcvbn score 1: "similar to a commonly used password"
CLICK = Qt.MouseButton.LeftButton


def type_text(qtbot: QtBot, widget: QWidget, text: str) -> None:
    """Type `text` key by key; QTest.keyClicks only knows ASCII, so other
    characters (an emoji) arrive as a key press carrying that text, as an
    input method would deliver them."""
    for char in text:
        if char.isascii():
            qtbot.keyClicks(widget, char)
        else:
            for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
                event = QKeyEvent(kind, Qt.Key.Key_unknown, Qt.KeyboardModifier.NoModifier, char)
                QApplication.sendEvent(widget, event)


def focus_chain(start: QWidget) -> list[QWidget]:
    """Return the widgets in Tab order, starting at `start`."""
    chain: list[QWidget] = []
    widget: QWidget | None = start
    while widget is not None and widget not in chain:
        chain.append(widget)
        widget = widget.nextInFocusChain()
    return chain


@pytest.fixture
def dialog(qtbot: QtBot, vault_dir: Path) -> SetupDialog:
    dialog = SetupDialog(vault_dir)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    return dialog


def fill(qtbot: QtBot, dialog: SetupDialog, passphrase: str, confirm: str | None = None) -> None:
    type_text(qtbot, dialog.ui.passphraseEdit, passphrase)
    type_text(qtbot, dialog.ui.confirmEdit, passphrase if confirm is None else confirm)


def test_names_title_and_folder(dialog: SetupDialog, vault_dir: Path) -> None:
    assert dialog.objectName() == "setupDialog"
    assert dialog.windowTitle() == "Balint Desktop"
    assert dialog.ui.vaultPathEdit.text() == str(vault_dir)
    assert dialog.ui.vaultPathEdit.isReadOnly()
    assert dialog.width() == 480
    explanation = " ".join(
        label.text() for label in (dialog.ui.storageLabel, dialog.ui.recoveryLabel)
    )
    assert "only on this computer" in explanation
    assert "cloud" in explanation
    assert "write it down" in explanation


def test_button_stays_disabled_until_both_fields_are_filled(
    qtbot: QtBot, dialog: SetupDialog
) -> None:
    button = dialog.ui.createButton
    assert not button.isEnabled()
    type_text(qtbot, dialog.ui.passphraseEdit, STRONG)
    assert not button.isEnabled()
    type_text(qtbot, dialog.ui.confirmEdit, STRONG)
    assert button.isEnabled()
    assert button.isDefault()


def test_strong_passphrase_is_emitted_exactly_once_with_its_exact_text(
    qtbot: QtBot, dialog: SetupDialog
) -> None:
    emitted: list[str] = []
    dialog.create_requested.connect(emitted.append)
    fill(qtbot, dialog, STRONG)
    assert dialog.ui.passphraseEdit.text() == STRONG
    assert dialog.ui.strengthMeter.text() == "Strong"
    assert dialog.ui.strengthMeter.filled_steps() == 5
    qtbot.mouseClick(dialog.ui.createButton, CLICK)
    # A double click, or Return straight after, must not ask a second time.
    qtbot.mouseClick(dialog.ui.createButton, CLICK)
    qtbot.keyClick(dialog.ui.confirmEdit, Qt.Key.Key_Return)
    assert emitted == [STRONG]
    assert not dialog.ui.createButton.isEnabled()


def test_return_in_the_confirmation_creates(qtbot: QtBot, dialog: SetupDialog) -> None:
    fill(qtbot, dialog, STRONG)
    with qtbot.waitSignal(dialog.create_requested, timeout=2000) as blocker:
        qtbot.keyClick(dialog.ui.confirmEdit, Qt.Key.Key_Return)
    assert blocker.args == [STRONG]


def test_short_passphrase_is_refused_with_a_message(qtbot: QtBot, dialog: SetupDialog) -> None:
    fill(qtbot, dialog, "wom 42")
    assert dialog.ui.strengthMeter.text().startswith("Too short")
    with qtbot.assertNotEmitted(dialog.create_requested):
        qtbot.mouseClick(dialog.ui.createButton, CLICK)
        qtbot.mouseClick(dialog.ui.createButton, CLICK)
    assert dialog.ui.errorLabel.isVisible()
    assert "at least 8 characters" in dialog.ui.errorLabel.text()


def test_differing_confirmation_blocks(qtbot: QtBot, dialog: SetupDialog) -> None:
    fill(qtbot, dialog, STRONG, STRONG.replace("tide", "tied"))
    assert dialog.ui.mismatchLabel.isVisible()
    assert dialog.ui.mismatchLabel.text() == "The two passphrases differ"
    with qtbot.assertNotEmitted(dialog.create_requested):
        qtbot.mouseClick(dialog.ui.createButton, CLICK)
    assert dialog.ui.mismatchLabel.isVisible()


def test_unfinished_confirmation_is_pointed_out_only_on_create(
    qtbot: QtBot, dialog: SetupDialog
) -> None:
    fill(qtbot, dialog, STRONG, STRONG[:12])
    assert not dialog.ui.mismatchLabel.isVisible()
    with qtbot.assertNotEmitted(dialog.create_requested):
        qtbot.mouseClick(dialog.ui.createButton, CLICK)
    assert dialog.ui.mismatchLabel.isVisible()
    # The confirmation is selected, ready to be typed again.
    assert dialog.ui.confirmEdit.hasSelectedText()
    assert dialog.ui.confirmEdit.selectedText() == STRONG[:12]
    type_text(qtbot, dialog.ui.confirmEdit, STRONG)
    assert not dialog.ui.mismatchLabel.isVisible()
    with qtbot.waitSignal(dialog.create_requested, timeout=2000):
        qtbot.mouseClick(dialog.ui.createButton, CLICK)


def test_weak_passphrase_is_warned_then_accepted_on_a_second_click(
    qtbot: QtBot, dialog: SetupDialog
) -> None:
    fill(qtbot, dialog, WEAK)
    assert not dialog.strength().acceptable
    assert dialog.ui.strengthMeter.text().startswith(("Weak", "Very weak"))
    button = dialog.ui.createButton
    with qtbot.assertNotEmitted(dialog.create_requested):
        qtbot.mouseClick(button, CLICK)
    assert dialog.ui.warningLabel.isVisible()
    assert "weak" in dialog.ui.warningLabel.text()
    assert button.text() == "Create with a weak passphrase"
    assert button.isEnabled()
    with qtbot.waitSignal(dialog.create_requested, timeout=2000) as blocker:
        qtbot.mouseClick(button, CLICK)
    assert blocker.args == [WEAK]


def test_a_double_click_does_not_consent_to_a_weak_passphrase(
    qtbot: QtBot, dialog: SetupDialog
) -> None:
    fill(qtbot, dialog, WEAK)
    button = dialog.ui.createButton
    with qtbot.assertNotEmitted(dialog.create_requested):
        # A real double click: press, release, double-click press, release.
        qtbot.mouseClick(button, CLICK)
        qtbot.mouseDClick(button, CLICK)
        qtbot.mouseRelease(button, CLICK)
        held = QKeyEvent(
            QEvent.Type.KeyPress, Qt.Key.Key_Return, Qt.KeyboardModifier.NoModifier, "", True
        )
        QApplication.sendEvent(dialog.ui.confirmEdit, held)
    assert dialog.ui.warningLabel.isVisible()
    with qtbot.waitSignal(dialog.create_requested, timeout=2000):
        qtbot.keyClick(dialog.ui.confirmEdit, Qt.Key.Key_Return)


def test_changing_the_passphrase_withdraws_the_weak_consent(
    qtbot: QtBot, dialog: SetupDialog
) -> None:
    fill(qtbot, dialog, WEAK)
    qtbot.mouseClick(dialog.ui.createButton, CLICK)
    type_text(qtbot, dialog.ui.passphraseEdit, "!")
    type_text(qtbot, dialog.ui.confirmEdit, "!")
    assert not dialog.ui.warningLabel.isVisible()
    assert dialog.ui.createButton.text() == "Create vault"
    with qtbot.assertNotEmitted(dialog.create_requested):
        qtbot.mouseClick(dialog.ui.createButton, CLICK)
    assert dialog.ui.warningLabel.isVisible()


def test_busy_disables_inputs_and_shows_progress(qtbot: QtBot, dialog: SetupDialog) -> None:
    fill(qtbot, dialog, STRONG)
    dialog.set_busy(True)
    assert not dialog.ui.passphraseEdit.isEnabled()
    assert not dialog.ui.confirmEdit.isEnabled()
    assert not dialog.ui.createButton.isEnabled()
    assert dialog.ui.busyIndicator.isVisible()
    assert dialog.ui.busyIndicator.maximum() == dialog.ui.busyIndicator.minimum() == 0
    assert dialog.ui.busyLabel.text() == "Creating your vault…"
    dialog.set_busy(False)
    assert dialog.ui.passphraseEdit.isEnabled()
    assert dialog.ui.createButton.isEnabled()
    assert not dialog.ui.busyIndicator.isVisible()


def test_error_is_plain_text_and_keeps_what_was_typed(qtbot: QtBot, dialog: SetupDialog) -> None:
    fill(qtbot, dialog, STRONG)
    qtbot.mouseClick(dialog.ui.createButton, CLICK)
    dialog.show_error("<b>The disk</b> is full.")
    assert dialog.ui.errorLabel.isVisible()
    assert dialog.ui.errorLabel.text() == "<b>The disk</b> is full."
    assert dialog.ui.errorLabel.textFormat() == Qt.TextFormat.PlainText
    assert dialog.ui.passphraseEdit.text() == STRONG
    assert dialog.ui.confirmEdit.text() == STRONG
    assert dialog.ui.passphraseEdit.isEnabled()
    assert dialog.ui.createButton.isEnabled()
    assert not dialog.ui.busyIndicator.isVisible()


def test_show_toggle_reveals_and_hides_each_field(dialog: SetupDialog) -> None:
    for edit, action in (
        (dialog.ui.passphraseEdit, dialog.ui.showPassphraseAction),
        (dialog.ui.confirmEdit, dialog.ui.showConfirmAction),
    ):
        assert edit.echoMode() == QLineEdit.EchoMode.Password
        action.trigger()
        assert edit.echoMode() == QLineEdit.EchoMode.Normal
        action.trigger()
        assert edit.echoMode() == QLineEdit.EchoMode.Password


def test_inputs_are_named_and_in_tab_order(dialog: SetupDialog) -> None:
    for widget in (
        dialog.ui.passphraseEdit,
        dialog.ui.confirmEdit,
        dialog.ui.vaultPathEdit,
        dialog.ui.strengthMeter,
    ):
        assert widget.accessibleName()
    chain = focus_chain(dialog.ui.passphraseEdit)
    order = [dialog.ui.passphraseEdit, dialog.ui.confirmEdit, dialog.ui.createButton]
    assert [w for w in chain if w in order] == order
    assert dialog.focusWidget() is dialog.ui.passphraseEdit


def test_title_never_shows_what_was_typed(qtbot: QtBot, dialog: SetupDialog) -> None:
    fill(qtbot, dialog, STRONG)
    dialog.show_error("The disk is full.")
    assert dialog.windowTitle() == "Balint Desktop"


def test_renders_in_every_state(qtbot: QtBot, dialog: SetupDialog, tmp_path: Path) -> None:
    fill(qtbot, dialog, WEAK)
    qtbot.mouseClick(dialog.ui.createButton, CLICK)
    warned = dialog.grab()
    dialog.set_busy(True)
    busy = dialog.grab()
    assert not warned.isNull()
    assert busy.save(str(tmp_path / "busy.png"))
    assert dialog.width() == 480
