"""The launch window: unlocking, wrong passphrases, a damaged or busy vault (T3, T4, T6)."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLineEdit, QWidget
from pytestqt.qtbot import QtBot

from balint_desktop.views.unlock_dialog import MAX_RETRY_DELAY, UnlockDialog, retry_delay

CLICK = Qt.MouseButton.LeftButton
DAMAGED = (
    "The vault is damaged and could not be opened. Your passphrase was not the "
    "problem. Restore the latest backup to continue."
)
IN_USE = "This vault is already open in another Balint Desktop window or program."


class FakeClock:
    """A monotonic clock that moves only when told to."""

    def __init__(self) -> None:
        self.now = 1_000.0

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds


def focus_chain(start: QWidget) -> list[QWidget]:
    """Return the widgets in Tab order, starting at `start`."""
    chain: list[QWidget] = []
    widget: QWidget | None = start
    while widget is not None and widget not in chain:
        chain.append(widget)
        widget = widget.nextInFocusChain()
    return chain


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def dialog(qtbot: QtBot, vault_dir: Path, clock: FakeClock) -> UnlockDialog:
    dialog = UnlockDialog(vault_dir, clock=clock)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    return dialog


def try_passphrase(qtbot: QtBot, dialog: UnlockDialog, passphrase: str) -> None:
    """Type a passphrase and press Unlock, checking it is asked for."""
    qtbot.keyClicks(dialog.ui.passphraseEdit, passphrase)
    with qtbot.waitSignal(dialog.unlock_requested, timeout=2000) as blocker:
        qtbot.mouseClick(dialog.ui.unlockButton, CLICK)
    assert blocker.args == [passphrase]


def test_names_title_and_folder(dialog: UnlockDialog, vault_dir: Path) -> None:
    assert dialog.objectName() == "unlockDialog"
    assert dialog.windowTitle() == "Balint Desktop"
    assert dialog.ui.vaultLabel.text() == f"Vault: {vault_dir}"
    assert dialog.ui.vaultLabel.toolTip() == str(vault_dir)
    assert not dialog.ui.errorLabel.isVisible()
    assert not dialog.ui.restoreButton.isVisible()
    assert dialog.ui.unlockButton.isDefault()
    assert dialog.width() == 480


def test_long_folder_is_elided_not_clipped(qtbot: QtBot, tmp_path: Path) -> None:
    deep = tmp_path.joinpath(*(["a-rather-long-folder-name"] * 12), "vault")
    dialog = UnlockDialog(deep)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    assert dialog.width() == 480
    assert "…" in dialog.ui.vaultLabel.text()
    assert dialog.ui.vaultLabel.toolTip() == str(deep)


def test_return_asks_to_unlock_with_the_exact_passphrase(
    qtbot: QtBot, dialog: UnlockDialog
) -> None:
    assert not dialog.ui.unlockButton.isEnabled()
    passphrase = "  tamarind lantern orbit  "
    qtbot.keyClicks(dialog.ui.passphraseEdit, passphrase)
    assert dialog.ui.unlockButton.isEnabled()
    emitted: list[str] = []
    dialog.unlock_requested.connect(emitted.append)
    qtbot.keyClick(dialog.ui.passphraseEdit, Qt.Key.Key_Return)
    qtbot.keyClick(dialog.ui.passphraseEdit, Qt.Key.Key_Return)
    assert emitted == [passphrase]
    assert not dialog.ui.unlockButton.isEnabled()


def test_retry_delay_grows_and_is_capped() -> None:
    delays = [retry_delay(n) for n in range(1, 10)]
    assert delays == [0, 1, 2, 4, 8, 16, MAX_RETRY_DELAY, MAX_RETRY_DELAY, MAX_RETRY_DELAY]
    assert MAX_RETRY_DELAY == 30


def test_wrong_passphrase_clears_the_field_and_waits_longer_each_time(
    qtbot: QtBot, dialog: UnlockDialog, clock: FakeClock
) -> None:
    edit, button, label = dialog.ui.passphraseEdit, dialog.ui.unlockButton, dialog.ui.errorLabel

    # 1st wrong try: a calm message, the field emptied and focused, no wait.
    try_passphrase(qtbot, dialog, "first guess")
    dialog.show_wrong_passphrase()
    assert label.isVisible()
    assert "did not unlock" in label.text()
    assert "Nothing was changed" in label.text()
    assert edit.text() == ""
    assert dialog.focusWidget() is edit
    assert dialog.seconds_until_retry() == 0
    assert "Try again in" not in label.text()
    qtbot.keyClicks(edit, "second guess")
    assert button.isEnabled()

    # 2nd: one second, counted down; typing is allowed, unlocking is not.
    with qtbot.waitSignal(dialog.unlock_requested, timeout=2000):
        qtbot.mouseClick(button, CLICK)
    dialog.show_wrong_passphrase()
    assert dialog.seconds_until_retry() == 1
    qtbot.keyClicks(edit, "third guess")
    assert edit.isEnabled()
    assert not button.isEnabled()
    assert label.text().endswith("Try again in 1 s")
    with qtbot.assertNotEmitted(dialog.unlock_requested):
        qtbot.keyClick(edit, Qt.Key.Key_Return)
    clock.advance(0.5)
    dialog.tick()
    assert not button.isEnabled()
    clock.advance(0.5)
    dialog.tick()
    assert button.isEnabled()
    assert "Try again in" not in label.text()
    assert "did not unlock" in label.text()

    # 3rd: two seconds.
    with qtbot.waitSignal(dialog.unlock_requested, timeout=2000):
        qtbot.mouseClick(button, CLICK)
    dialog.show_wrong_passphrase()
    qtbot.keyClicks(edit, "fourth guess")
    assert dialog.seconds_until_retry() == 2
    assert label.text().endswith("Try again in 2 s")
    clock.advance(1.2)
    dialog.tick()
    assert label.text().endswith("Try again in 1 s")
    assert not button.isEnabled()
    clock.advance(0.8)
    dialog.tick()
    assert button.isEnabled()

    # 4th: four seconds, ended by the dialog's own timer this time.
    with qtbot.waitSignal(dialog.unlock_requested, timeout=2000):
        qtbot.mouseClick(button, CLICK)
    dialog.show_wrong_passphrase()
    qtbot.keyClicks(edit, "fifth guess")
    assert label.text().endswith("Try again in 4 s")
    clock.advance(4)
    qtbot.waitUntil(button.isEnabled, timeout=2000)
    assert dialog.windowTitle() == "Balint Desktop"


def test_a_cleared_passphrase_cannot_be_undone_back(qtbot: QtBot, dialog: UnlockDialog) -> None:
    edit = dialog.ui.passphraseEdit
    dialog.ui.showPassphraseAction.setChecked(True)
    try_passphrase(qtbot, dialog, "a near miss")
    dialog.show_wrong_passphrase()
    assert not edit.isUndoAvailable()
    qtbot.keyClick(edit, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert edit.text() == ""
    qtbot.keyClicks(edit, "typed before locking")
    dialog.reset()
    dialog.ui.showPassphraseAction.setChecked(True)
    assert not edit.isUndoAvailable()
    qtbot.keyClick(edit, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert edit.text() == ""


def test_damaged_vault_says_so_differently_and_offers_a_restore(
    qtbot: QtBot, dialog: UnlockDialog
) -> None:
    try_passphrase(qtbot, dialog, "the right one")
    dialog.show_wrong_passphrase()
    wrong_kind = dialog.ui.errorLabel.property("kind")
    wrong_margins = dialog.ui.errorLabel.contentsMargins()
    wrong_text = dialog.ui.errorLabel.text()

    try_passphrase(qtbot, dialog, "the right one")
    dialog.show_damaged(DAMAGED)
    label = dialog.ui.errorLabel
    assert label.text() == DAMAGED != wrong_text
    assert label.textFormat() == Qt.TextFormat.PlainText
    assert label.property("kind") == "damaged" != wrong_kind
    assert label.contentsMargins() != wrong_margins  # the style sheet applied
    assert dialog.ui.restoreButton.isVisible()
    assert dialog.ui.restoreButton.text() == "Restore from backup…"
    assert dialog.ui.passphraseEdit.text() == "the right one"
    with qtbot.waitSignal(dialog.restore_requested, timeout=2000):
        qtbot.mouseClick(dialog.ui.restoreButton, CLICK)
    # It has the focus, so Return restores rather than retrying the unlock.
    assert dialog.focusWidget() is dialog.ui.restoreButton
    with (
        qtbot.assertNotEmitted(dialog.unlock_requested),
        qtbot.waitSignal(dialog.restore_requested, timeout=2000),
    ):
        qtbot.keyClick(dialog.ui.restoreButton, Qt.Key.Key_Return)


def test_vault_in_use_has_its_own_message_and_no_wait(qtbot: QtBot, dialog: UnlockDialog) -> None:
    try_passphrase(qtbot, dialog, "the right one")
    dialog.show_in_use(IN_USE)
    assert dialog.ui.errorLabel.text() == IN_USE
    assert dialog.ui.errorLabel.property("kind") == "in-use"
    assert not dialog.ui.restoreButton.isVisible()
    assert dialog.seconds_until_retry() == 0
    assert dialog.ui.unlockButton.isEnabled()


def test_busy_disables_everything_and_shows_progress(qtbot: QtBot, dialog: UnlockDialog) -> None:
    qtbot.keyClicks(dialog.ui.passphraseEdit, "the right one")
    dialog.set_busy(True)
    assert not dialog.ui.passphraseEdit.isEnabled()
    assert not dialog.ui.unlockButton.isEnabled()
    assert dialog.ui.busyIndicator.isVisible()
    assert dialog.ui.busyIndicator.maximum() == dialog.ui.busyIndicator.minimum() == 0
    assert dialog.ui.busyLabel.text() == "Unlocking…"
    dialog.set_busy(False)
    assert dialog.ui.passphraseEdit.isEnabled()
    assert dialog.ui.unlockButton.isEnabled()
    assert not dialog.ui.busyIndicator.isVisible()


def test_reset_clears_field_messages_and_wait(
    qtbot: QtBot, dialog: UnlockDialog, clock: FakeClock
) -> None:
    for _ in range(3):
        try_passphrase(qtbot, dialog, "guess")
        dialog.show_wrong_passphrase()
        clock.advance(60)
        dialog.tick()
    try_passphrase(qtbot, dialog, "guess")
    dialog.show_wrong_passphrase()
    dialog.show_damaged(DAMAGED)
    dialog.ui.showPassphraseAction.trigger()
    qtbot.keyClicks(dialog.ui.passphraseEdit, "typed before locking")

    dialog.reset()
    assert dialog.ui.passphraseEdit.text() == ""
    assert dialog.ui.passphraseEdit.echoMode() == QLineEdit.EchoMode.Password
    assert dialog.ui.errorLabel.text() == ""
    assert not dialog.ui.errorLabel.isVisible()
    assert not dialog.ui.restoreButton.isVisible()
    assert dialog.seconds_until_retry() == 0
    # The count starts again: the next wrong try costs no wait.
    try_passphrase(qtbot, dialog, "guess")
    dialog.show_wrong_passphrase()
    assert dialog.seconds_until_retry() == 0


def test_show_toggle_and_accessible_names(dialog: UnlockDialog) -> None:
    edit = dialog.ui.passphraseEdit
    assert edit.accessibleName() == "Passphrase"
    assert edit.echoMode() == QLineEdit.EchoMode.Password
    dialog.ui.showPassphraseAction.trigger()
    assert edit.echoMode() == QLineEdit.EchoMode.Normal
    dialog.ui.showPassphraseAction.trigger()
    assert edit.echoMode() == QLineEdit.EchoMode.Password
    chain = focus_chain(edit)
    order = [edit, dialog.ui.unlockButton, dialog.ui.restoreButton]
    assert [w for w in chain if w in order] == order
    assert dialog.focusWidget() is edit


def test_renders_in_every_state(qtbot: QtBot, dialog: UnlockDialog, tmp_path: Path) -> None:
    try_passphrase(qtbot, dialog, "guess")
    dialog.show_wrong_passphrase()
    assert not dialog.grab().isNull()
    dialog.show_damaged(DAMAGED)
    assert dialog.grab().save(str(tmp_path / "damaged.png"))
    assert dialog.width() == 480
