"""A five-step bar and one line of advice showing how guessable a passphrase is."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QPainter, QPaintEvent, QPalette
from PySide6.QtWidgets import QLabel, QSizePolicy, QVBoxLayout, QWidget

from balint_desktop.app.passphrase_strength import MIN_LENGTH, PassphraseStrength

STEPS = 5

# Mid-tone colours that read on light and dark themes alike; the text beside
# the bar says the same thing, so colour is never the only cue.
_LEVEL_COLOURS = ("#c0392b", "#c0392b", "#c98a1b", "#3f8f5a", "#2f7d4a")


class _SegmentBar(QWidget):
    """The bar itself: `STEPS` rounded segments, the first `filled` coloured."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.filled = 0
        self.colour = QColor(_LEVEL_COLOURS[0])
        self.setFixedHeight(6)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)

    def sizeHint(self) -> QSize:
        return QSize(200, 6)

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(Qt.PenStyle.NoPen)
        empty = self.palette().color(QPalette.ColorRole.Mid)
        empty.setAlphaF(0.35)
        gap = 4.0
        width = (self.width() - gap * (STEPS - 1)) / STEPS
        for step in range(STEPS):
            rect = QRectF(step * (width + gap), 0.0, width, float(self.height()))
            painter.setBrush(self.colour if step < self.filled else empty)
            painter.drawRoundedRect(rect, 3.0, 3.0)
        painter.end()


class StrengthMeter(QWidget):
    """Shows a `PassphraseStrength` as a bar of five steps and a short verdict.

    The meter only displays; the dialog that owns it scores the passphrase
    (see `balint_desktop.app.passphrase_strength`) and decides what to allow.
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._bar = _SegmentBar(self)
        self._bar.setObjectName("strengthBar")
        self._label = QLabel(self)
        self._label.setObjectName("strengthLabel")
        self._label.setTextFormat(Qt.TextFormat.PlainText)
        self._label.setWordWrap(True)
        self._hint = QLabel(self)
        self._hint.setObjectName("strengthHint")
        self._hint.setTextFormat(Qt.TextFormat.PlainText)
        self._hint.setWordWrap(True)
        self._hint.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        self._hint.setProperty("muted", True)  # the theme's hook for secondary text
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        layout.addWidget(self._bar)
        layout.addWidget(self._label)
        layout.addWidget(self._hint)
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)
        self.set_strength(None)

    def set_strength(self, strength: PassphraseStrength | None) -> None:
        """Show a verdict, or an empty bar and general advice for `None` or "".

        Args:
            strength: the verdict on the passphrase as currently typed.
        """
        if strength is None or strength.length == 0:
            self._bar.filled = 0
            self._bar.update()
            self._label.clear()
            self._label.hide()
            idle = self.tr(
                "At least %n characters. A few unrelated words work well.", "", MIN_LENGTH
            )
            self._hint.setText(idle)
            self._hint.show()
            self.setAccessibleDescription(idle)
            return
        score = max(0, min(strength.score, STEPS - 1))
        self._bar.filled = 1 if strength.too_short else score + 1
        self._bar.colour = QColor(_LEVEL_COLOURS[0 if strength.too_short else score])
        self._bar.update()
        verdict = self._verdict(strength)
        self._label.setText(verdict)
        self._label.show()
        hint = ""
        if not strength.acceptable and strength.warning:
            # zxcvbn's own English sentences; translators may supply them
            # under the "zxcvbn" context.
            hint = QCoreApplication.translate("zxcvbn", strength.warning)
        self._hint.setText(hint)
        self._hint.setVisible(bool(hint))
        self.setAccessibleDescription(f"{verdict} {hint}".strip())

    def text(self) -> str:
        """Return the verdict currently shown, such as "Strong"."""
        return self._label.text()

    def hint(self) -> str:
        """Return the muted line under the verdict: zxcvbn's warning, advice, or ""."""
        return self._hint.text()

    def filled_steps(self) -> int:
        """Return how many of the five steps are coloured (0 when empty)."""
        return self._bar.filled

    def _verdict(self, strength: PassphraseStrength) -> str:
        """Return the one-line verdict for a non-empty passphrase."""
        if strength.too_short:
            return self.tr("Too short — use at least %n characters", "", MIN_LENGTH)
        verdicts = (
            self.tr("Very weak — add a few more words"),
            self.tr("Weak — add a few more words"),
            self.tr("Fair — one or two more words would make it strong"),
            self.tr("Good — hard to guess"),
            self.tr("Strong"),
        )
        return verdicts[max(0, min(strength.score, STEPS - 1))]
