"""The window a leader meets on every launch: the passphrase, then the notes.

Also home to two small helpers the setup dialog shares, because this module
is imported on every start anyway and the setup dialog's is not.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QEvent, QPointF, QRectF, Qt, QTimer, Signal, Slot
from PySide6.QtGui import (
    QAction,
    QFontMetrics,
    QIcon,
    QPainter,
    QPainterPath,
    QPalette,
    QPen,
    QPixmap,
    QResizeEvent,
)
from PySide6.QtWidgets import QDialog, QLabel, QLineEdit, QWidget

from balint_desktop.views.forms.ui_unlock_dialog import Ui_UnlockDialog

MAX_RETRY_DELAY = 30.0
"""Seconds; the longest wait between two wrong passphrases."""

_TICK_MS = 200


def retry_delay(failures: int) -> float:
    """Return how long to wait after the `failures`-th wrong passphrase in a row.

    0 s after the first (a typo should cost nothing), then 1, 2, 4, 8… s,
    never more than `MAX_RETRY_DELAY`. The KDF already makes each guess cost
    about a second; this only slows a person or a script at the keyboard.

    Args:
        failures: wrong passphrases so far, counting the one just reported.
    """
    if failures <= 1:
        return 0.0
    return min(2.0 ** (failures - 2), MAX_RETRY_DELAY)


def attach_visibility_toggle(edit: QLineEdit, action: QAction) -> None:
    """Put a checkable eye `action` inside the end of `edit`: checked shows the text.

    Args:
        edit: a password field.
        action: a checkable action, its text and shortcut set in the form.
    """
    show_icon = _eye_icon(edit, crossed=False)
    hide_icon = _eye_icon(edit, crossed=True)
    action.setIcon(show_icon)
    edit.addAction(action, QLineEdit.ActionPosition.TrailingPosition)

    def show_text(shown: bool) -> None:
        edit.setEchoMode(QLineEdit.EchoMode.Normal if shown else QLineEdit.EchoMode.Password)
        action.setIcon(hide_icon if shown else show_icon)

    action.toggled.connect(show_text)


def emphasise_heading(label: QLabel) -> None:
    """Make `label` a heading relative to the theme's font, whatever its size."""
    font = label.font()
    font.setPointSizeF(font.pointSizeF() * 1.45)
    font.setWeight(font.Weight.DemiBold)
    label.setFont(font)


def _eye_icon(widget: QWidget, *, crossed: bool) -> QIcon:
    """Draw an eye (struck through when `crossed`) in the widget's text colour.

    Drawn rather than shipped as SVG so it follows the theme's text colour.
    """
    ratio = max(widget.devicePixelRatioF(), 2.0)
    pixmap = QPixmap(round(16 * ratio), round(16 * ratio))
    pixmap.setDevicePixelRatio(ratio)
    pixmap.fill(Qt.GlobalColor.transparent)
    colour = widget.palette().color(QPalette.ColorRole.Text)
    colour.setAlphaF(0.7)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setPen(QPen(colour, 1.3))
    outline = QPainterPath(QPointF(1.5, 8.0))
    outline.quadTo(QPointF(8.0, 1.0), QPointF(14.5, 8.0))
    outline.quadTo(QPointF(8.0, 15.0), QPointF(1.5, 8.0))
    painter.drawPath(outline)
    painter.setBrush(colour)
    painter.drawEllipse(QRectF(5.8, 5.8, 4.4, 4.4))
    if crossed:
        painter.drawLine(QPointF(3.0, 13.5), QPointF(13.0, 2.5))
    painter.end()
    return QIcon(pixmap)


class UnlockDialog(QDialog):
    """Asks for the passphrase and shows what became of each try.

    The controller listens, runs the unlock off the GUI thread, and answers
    with `set_busy`, `show_wrong_passphrase`, `show_damaged` or `show_in_use`.
    The dialog marks itself busy as soon as it asks, so a double press of
    Return cannot ask twice. Closing it is left to the controller (its
    `rejected` signal), busy or not.

    Signals:
        unlock_requested(str): the leader asked to unlock with this passphrase.
        restore_requested(): the leader asked to restore the latest backup.
    """

    unlock_requested = Signal(str)
    restore_requested = Signal()

    def __init__(
        self,
        vault_dir: Path,
        parent: QWidget | None = None,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        super().__init__(parent)
        self.ui = Ui_UnlockDialog()
        self.ui.setupUi(self)
        self._clock = clock
        self._busy = False
        self._failures = 0
        self._retry_at: float | None = None
        self._message = ""
        self._vault_text = self.tr("Vault: %1").replace("%1", str(vault_dir))
        self._timer = QTimer(self)
        self._timer.setInterval(_TICK_MS)
        self._timer.timeout.connect(self.tick)

        emphasise_heading(self.ui.headingLabel)
        small = self.ui.vaultLabel.font()
        small.setPointSizeF(small.pointSizeF() * 0.9)
        self.ui.vaultLabel.setFont(small)
        self.ui.vaultLabel.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        self.ui.vaultLabel.setToolTip(str(vault_dir))
        self.ui.vaultLabel.setText(self._vault_text)
        attach_visibility_toggle(self.ui.passphraseEdit, self.ui.showPassphraseAction)

        self.ui.passphraseEdit.textChanged.connect(self._update_controls)
        self.ui.unlockButton.clicked.connect(self._request_unlock)
        self.ui.restoreButton.clicked.connect(self.restore_requested)
        self.reset()

    @Slot(bool)
    def set_busy(self, busy: bool) -> None:
        """Show that an unlock is running, with every input disabled, or end that.

        Args:
            busy: whether the KDF and the opening of the vault are running.
        """
        self._busy = busy
        if busy:
            self._set_message("", "wrong")
        self.ui.passphraseEdit.setEnabled(not busy)
        self.ui.restoreButton.setEnabled(not busy)
        self.ui.busyIndicator.setVisible(busy)
        self.ui.busyLabel.setVisible(busy)
        self._update_controls()
        if not busy:
            self.ui.passphraseEdit.setFocus()

    def show_wrong_passphrase(self) -> None:
        """Say calmly that the passphrase was wrong, clear it, and wait a little.

        Each wrong try in a row waits longer before the next (`retry_delay`);
        meanwhile the field stays usable and Unlock counts down.
        """
        self._failures += 1
        delay = retry_delay(self._failures)
        self._retry_at = self._clock() + delay if delay > 0 else None
        self.ui.restoreButton.hide()
        self.set_busy(False)
        self._set_message(
            self.tr(
                "That passphrase did not unlock the vault. Nothing was changed. "
                "Check Caps Lock and the keyboard layout, then try again."
            ),
            "wrong",
        )
        self._wipe_passphrase()
        self.ui.passphraseEdit.setFocus()
        if self._retry_at is not None:
            self._timer.start()
        self.tick()

    def show_damaged(self, message: str) -> None:
        """Say the vault is damaged (not a wrong passphrase) and offer a restore.

        Args:
            message: the vault error's own message, shown as plain text.
        """
        self.set_busy(False)
        self._set_message(message, "damaged")
        self.ui.restoreButton.show()
        self.ui.restoreButton.setFocus()

    def show_in_use(self, message: str) -> None:
        """Say another window or program has the vault open; no delay follows.

        Args:
            message: the vault error's own message, shown as plain text.
        """
        self.ui.restoreButton.hide()
        self.set_busy(False)
        self._set_message(message, "in-use")

    @Slot()
    def reset(self) -> None:
        """Empty the field, the messages and the wait, as on a fresh launch."""
        self._timer.stop()
        self._failures = 0
        self._retry_at = None
        self.ui.showPassphraseAction.setChecked(False)
        self._wipe_passphrase()
        self.ui.restoreButton.hide()
        self.set_busy(False)
        self._set_message("", "wrong")

    @Slot()
    def tick(self) -> None:
        """Update the countdown after a wrong passphrase; end the wait when due."""
        remaining = self.seconds_until_retry()
        if remaining <= 0:
            self._timer.stop()
            self._retry_at = None
        self._render_message()
        self._update_controls()

    def seconds_until_retry(self) -> float:
        """Return how long until Unlock may be used again (0 when it may now)."""
        if self._retry_at is None:
            return 0.0
        return max(0.0, self._retry_at - self._clock())

    def resizeEvent(self, event: QResizeEvent) -> None:
        """Re-elide the vault folder to the new width."""
        super().resizeEvent(event)
        self._elide_vault_label()

    def event(self, event: QEvent) -> bool:
        """Refit the height whenever the layout changed (see `_fit_height`)."""
        handled = super().event(event)
        if event.type() == QEvent.Type.LayoutRequest:
            self._fit_height()
        return handled

    @Slot()
    def _request_unlock(self) -> None:
        passphrase = self.ui.passphraseEdit.text()
        if not passphrase or self._busy or self.seconds_until_retry() > 0:
            return
        self.set_busy(True)
        self.unlock_requested.emit(passphrase)

    @Slot()
    def _update_controls(self) -> None:
        waiting = self._retry_at is not None
        ready = bool(self.ui.passphraseEdit.text()) and not self._busy and not waiting
        self.ui.unlockButton.setEnabled(ready)

    def _wipe_passphrase(self) -> None:
        # setText(""), unlike clear(), also drops the undo history, which would
        # otherwise give the passphrase back on Ctrl+Z once it is shown.
        self.ui.passphraseEdit.setText("")

    def _set_message(self, message: str, kind: str) -> None:
        self._message = message
        label = self.ui.errorLabel
        if label.property("kind") != kind:
            label.setProperty("kind", kind)
            # Style sheet rules on dynamic properties apply only after a
            # re-polish, and unpolish()/polish() on the label alone keeps the
            # old padding when a kind gains or loses a rule; setting the
            # dialog's sheet again re-polishes fully.
            self.setStyleSheet(self.styleSheet())
        self._render_message()

    def _render_message(self) -> None:
        text = self._message
        remaining = self.seconds_until_retry()
        if self._message and remaining > 0:
            countdown = self.tr("Try again in %1 s").replace("%1", str(math.ceil(remaining)))
            text = f"{text}\n{countdown}"
        self.ui.errorLabel.setText(text)
        self.ui.errorLabel.setVisible(bool(text))
        self.ui.errorLabel.setAccessibleDescription(text)

    def _elide_vault_label(self) -> None:
        # A long folder has no spaces to wrap at; elide its middle instead
        # (the tooltip holds the whole path).
        label = self.ui.vaultLabel
        metrics = QFontMetrics(label.font())
        label.setText(
            metrics.elidedText(self._vault_text, Qt.TextElideMode.ElideMiddle, label.width())
        )

    def _fit_height(self) -> None:
        # The width is fixed by the form; the height follows the content, so
        # a message appearing or going neither squeezes text nor leaves a gap.
        height = self.heightForWidth(self.width())
        self.setFixedHeight(height if height > 0 else self.sizeHint().height())
