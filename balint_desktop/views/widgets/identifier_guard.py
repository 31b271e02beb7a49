"""The de-identification guard in the editor: mark likely identifiers, replace in one click.

A short pause after typing (debounced), every section is checked with
`find_identifiers`; hits get a wavy underline and are listed above the
editor, each with a link that replaces it by a placeholder ("[name]",
"[phone]" …). Nothing is blocked and nothing is changed without a click.
The list holds note text, so it is emptied with the editor on lock.
"""

from __future__ import annotations

import html
from collections.abc import Callable, Sequence

from PySide6.QtCore import QObject, Qt, QTimer, Slot
from PySide6.QtGui import QColor, QTextCharFormat, QTextCursor
from PySide6.QtWidgets import QLabel, QTextEdit

from balint_desktop.core.deidentify import IdentifierSpan, find_identifiers, suggest_pseudonym
from balint_desktop.views.widgets import identifier_words
from balint_desktop.views.widgets.reflection_editor import ReflectionEditor

PAUSE_MS = 600
SHOWN = 5


class IdentifierGuard(QObject):
    """Watches a `ReflectionEditor` and fills `label` with what it finds."""

    def __init__(
        self,
        editor: ReflectionEditor,
        label: QLabel,
        pseudonyms: Callable[[], Sequence[str]],
    ) -> None:
        """Check `editor`'s sections; roster codes from `pseudonyms` are never flagged."""
        super().__init__(label)
        self._editor = editor
        self._label = label
        self._pseudonyms = pseudonyms
        self._hits: list[tuple[str, IdentifierSpan]] = []
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(PAUSE_MS)
        self._timer.timeout.connect(self.check)
        editor.edited.connect(lambda *_: self._timer.start())
        label.setTextFormat(Qt.TextFormat.RichText)
        label.linkActivated.connect(self._replace_link)
        label.hide()

    @property
    def hits(self) -> list[tuple[str, IdentifierSpan]]:
        """Return (section key, span) of every likely identifier, in section order."""
        return list(self._hits)

    @Slot()
    def check(self) -> None:
        """Check every section now and show the result."""
        self._timer.stop()
        codes = tuple(self._pseudonyms())
        fmt = QTextCharFormat()
        fmt.setUnderlineStyle(QTextCharFormat.UnderlineStyle.WaveUnderline)
        fmt.setUnderlineColor(QColor("#c0392b"))
        self._hits = []
        for key, box in self._editor.editors.items():
            spans = find_identifiers(box.toPlainText(), pseudonyms=codes)
            marks = []
            for span in spans:
                self._hits.append((key, span))
                mark = QTextEdit.ExtraSelection()
                cursor = QTextCursor(box.document())
                cursor.setPosition(span.start)
                cursor.setPosition(span.end, QTextCursor.MoveMode.KeepAnchor)
                mark.cursor = cursor
                mark.format = fmt
                marks.append(mark)
            self._editor.set_marks("guard", key, marks)
        self._show()

    def clear(self) -> None:
        """Forget every hit and empty the list (on lock, or another session)."""
        self._timer.stop()
        self._hits = []
        self._label.clear()
        self._label.hide()

    def replace(self, index: int) -> bool:
        """Replace hit `index` by its placeholder, as one undoable edit.

        Returns False (and checks again) if the text changed under the hit.
        """
        if not 0 <= index < len(self._hits):
            return False
        key, span = self._hits[index]
        box = self._editor.editors.get(key)
        if box is None or box.toPlainText()[span.start : span.end] != span.text:
            self.check()
            return False
        cursor = QTextCursor(box.document())
        cursor.setPosition(span.start)
        cursor.setPosition(span.end, QTextCursor.MoveMode.KeepAnchor)
        cursor.insertText(suggest_pseudonym(span))  # emits edited: saved like typing
        self.check()
        return True

    @Slot(str)
    def _replace_link(self, link: str) -> None:
        if link.isdigit():
            self.replace(int(link))

    def _show(self) -> None:
        if not self._hits:
            self._label.clear()
            self._label.hide()
            return
        items = [
            f"<b>{html.escape(span.text)}</b> ({identifier_words.word(span.kind)}) "
            f"<a href='{index}'>replace with {html.escape(suggest_pseudonym(span))}</a>"
            for index, (_, span) in enumerate(self._hits[:SHOWN])
        ]
        more = len(self._hits) - SHOWN
        tail = f"; and {more} more" if more > 0 else ""
        self._label.setText(
            self.tr("Possibly identifying: ") + "; ".join(items) + html.escape(tail)
        )
        self._label.show()
