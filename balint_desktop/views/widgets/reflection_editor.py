"""The structured reflection editor: one growing text box per template prompt."""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Mapping

from PySide6.QtCore import QMimeData, QObject, QSize, Qt, QTimer, Signal, Slot
from PySide6.QtGui import (
    QColor,
    QResizeEvent,
    QShowEvent,
    QTextCharFormat,
    QTextCursor,
    QTextDocument,
)
from PySide6.QtWidgets import (
    QFrame,
    QLabel,
    QPlainTextEdit,
    QScrollArea,
    QTextEdit,
    QVBoxLayout,
    QWidget,
)

from balint_desktop.app.clipboard_guard import add_privacy_hints
from balint_desktop.core.exchange import SharedReflection
from balint_desktop.core.templates import SectionSpec, Template
from balint_desktop.views import labels

HIGHLIGHT = QColor("#f6d365")


class SectionEdit(QPlainTextEdit):
    """A plain-text box that grows with its text instead of scrolling.

    Signals:
        copied: (text) note text was put on the clipboard (copy or cut).
    """

    copied = Signal(str)

    MIN_LINES = 3

    def __init__(self, spec: SectionSpec, parent: QWidget | None = None) -> None:
        """Build the editor for one prompt."""
        super().__init__(parent)
        self.spec = spec
        self.setObjectName(f"section_{spec.key}")
        self.setPlaceholderText(spec.prompt)
        self.setAccessibleName(spec.title)
        self.setAccessibleDescription(spec.prompt)
        self.setTabChangesFocus(True)
        # Normally the box grows and never scrolls; if a measurement lags a
        # layout change, a scroll bar appears rather than text being hidden.
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAsNeeded)
        self.setLineWrapMode(QPlainTextEdit.LineWrapMode.WidgetWidth)
        self.document().documentLayout().documentSizeChanged.connect(self._fit)
        self._fit()

    def sizeHint(self) -> QSize:
        """Ask for room for every line of text."""
        lines = max(self.MIN_LINES, int(self.document().documentLayout().documentSize().height()))
        margins = self.contentsMargins()
        height = (
            lines * self.fontMetrics().lineSpacing()
            + 2 * int(self.document().documentMargin())
            + margins.top()
            + margins.bottom()
            + 4
        )
        return QSize(super().sizeHint().width(), height)

    def createMimeDataFromSelection(self) -> QMimeData:
        """Copy as plain text with "don't keep" hints, and say so (T7)."""
        data = add_privacy_hints(super().createMimeDataFromSelection())
        self.copied.emit(data.text())
        return data

    def resizeEvent(self, event: QResizeEvent) -> None:
        """Re-measure: a new width re-wraps the lines (once the layout has run)."""
        super().resizeEvent(event)
        self._fit()
        QTimer.singleShot(0, self._fit)

    def showEvent(self, event: QShowEvent) -> None:
        """Re-measure once shown: lines wrap only at the real width."""
        super().showEvent(event)
        QTimer.singleShot(0, self._fit)

    @Slot()
    def _fit(self) -> None:
        self.setFixedHeight(self.sizeHint().height())


class ReflectionEditor(QObject):
    """Fills the `reflectionEditor` scroll area with one `SectionEdit` per prompt.

    Signals:
        edited: (section key, full text) whenever the leader changes a section.
        copied: (text) note text was copied to the clipboard.
    """

    edited = Signal(str, str)
    copied = Signal(str)

    def __init__(self, area: QScrollArea, private_caption: str) -> None:
        """Manage the editors inside `area`."""
        super().__init__(area)
        self._area = area
        self._private_caption = private_caption
        self._template: Template | None = None
        self._editors: dict[str, SectionEdit] = {}
        self._section_boxes: dict[str, QVBoxLayout] = {}
        #: Co-leaders' read-only texts, by object name; rebuilt for each session.
        self._shared: dict[str, SectionEdit] = {}
        self._shared_frames: list[QWidget] = []
        # Marks by layer ("search", "guard"), then by section, shown together.
        self._marks: dict[str, dict[str, list[QTextEdit.ExtraSelection]]] = {}
        self._contents = QWidget()
        self._contents.setObjectName("reflectionContents")
        self._layout = QVBoxLayout(self._contents)
        self._layout.setSpacing(14)
        self._layout.addStretch(1)
        area.setWidget(self._contents)

    @property
    def editors(self) -> dict[str, SectionEdit]:
        """Return the editors by section key."""
        return dict(self._editors)

    @property
    def shared(self) -> dict[str, SectionEdit]:
        """Return the co-leaders' read-only texts shown, by object name."""
        return dict(self._shared)

    def load(self, template: Template, sections: Mapping[str, str]) -> None:
        """Show `sections` in the editors of `template`, with empty undo history."""
        self.show_shared([])
        if template != self._template:
            self._build(template)
        self._marks.clear()
        for key, editor in self._editors.items():
            editor.blockSignals(True)
            editor.setPlainText(sections.get(key, ""))  # also clears undo/redo
            editor.document().setModified(False)
            editor.setExtraSelections([])
            editor.blockSignals(False)
        self._area.verticalScrollBar().setValue(0)

    def show_shared(self, reflections: list[SharedReflection]) -> None:
        """Show co-leaders' sections read-only under the leader's own.

        A section the leader's template has no place for is shown at the end.
        Each is attributed and never editable; an empty list removes them.

        Args:
            reflections: the session's co-leader reflections.
        """
        for widget in self._shared_frames:
            for label in widget.findChildren(QLabel):
                label.clear()  # the name and date go now, not at the next event loop turn
            widget.hide()
            widget.deleteLater()
        for edit in self._shared.values():
            edit.clear()
        self._shared_frames.clear()
        self._shared.clear()
        for reflection in reflections:
            for section in reflection.sections:
                box = self._section_boxes.get(section.key)
                if box is None:
                    box = self._extra_section(section.title)
                frame = self._shared_block(reflection, section.key, section.title, section.body)
                box.addWidget(frame)

    def _extra_section(self, title: str) -> QVBoxLayout:
        frame = QFrame(self._contents)
        frame.setObjectName("sectionFrame")
        box = QVBoxLayout(frame)
        box.setContentsMargins(0, 6, 6, 6)
        heading = QLabel(title, frame)
        heading.setObjectName("sectionTitle")
        heading.setTextFormat(Qt.TextFormat.PlainText)
        box.addWidget(heading)
        self._layout.insertWidget(self._layout.count() - 1, frame)
        self._shared_frames.append(frame)
        return box

    def _shared_block(
        self, reflection: SharedReflection, key: str, title: str, body: str
    ) -> QWidget:
        frame = QFrame(self._contents)
        frame.setObjectName("sharedSection")
        frame.setProperty("shared", True)
        frame.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        box = QVBoxLayout(frame)
        box.setContentsMargins(10, 6, 6, 6)
        caption = QLabel(
            self.tr("{name} (co-leader), read only · written {day}").format(
                name=reflection.co_leader_name,
                day=labels.short_date(reflection.written_at.astimezone().date()),
            ),
            frame,
        )
        caption.setObjectName("sharedCaption")
        caption.setTextFormat(Qt.TextFormat.PlainText)
        caption.setProperty("muted", True)
        caption.setWordWrap(True)
        edit = SectionEdit(SectionSpec(key, title, ""), frame)
        name = f"shared_{key}_{reflection.co_leader_id}"
        edit.setObjectName(name)
        edit.setReadOnly(True)
        edit.MIN_LINES = 1  # as tall as their text, no empty lines below it
        edit.setPlainText(body)
        edit.setAccessibleName(
            self.tr("{title}: {name}'s reflection, read only").format(
                title=title, name=reflection.co_leader_name
            )
        )
        edit.copied.connect(self.copied)
        box.addWidget(caption)
        box.addWidget(edit)
        self._shared[name] = edit
        self._shared_frames.append(frame)
        return frame

    def clear(self) -> None:
        """Remove every editor and its text and history (on lock)."""
        self.show_shared([])
        for editor in self._editors.values():
            editor.blockSignals(True)
            editor.clear()
            editor.document().clearUndoRedoStacks()
            editor.setExtraSelections([])
        while self._layout.count() > 1:
            item = self._layout.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None:
                widget.hide()
                widget.deleteLater()
        self._editors.clear()
        self._section_boxes.clear()
        self._marks.clear()
        self._template = None

    def focus_first(self) -> None:
        """Put the cursor in the first section."""
        if self._editors:
            next(iter(self._editors.values())).setFocus()

    def highlight(self, key: str, terms: Iterable[str]) -> bool:
        """Mark `terms` in every section; scroll to the first one in section `key`.

        Returns:
            True when the term was found in that section.
        """
        words = [term for term in terms if term]
        fmt = QTextCharFormat()
        fmt.setBackground(HIGHLIGHT)
        fmt.setForeground(QColor("#1b1b1b"))
        found: dict[str, list[QTextEdit.ExtraSelection]] = {}
        for section, editor in self._editors.items():
            found[section] = _find_all(editor.document(), words, fmt)
            self.set_marks("search", section, found[section])
        target = self._editors.get(key)
        if target is None:
            return False
        hits = found[key]
        if not hits:
            self._area.ensureWidgetVisible(target)
            return False
        first = min(hits, key=lambda s: s.cursor.position())
        cursor = QTextCursor(first.cursor)
        cursor.clearSelection()  # a selection would paint over the highlight
        target.setTextCursor(cursor)
        target.setFocus()
        rect = target.cursorRect()
        point = target.viewport().mapTo(self._contents, rect.center())
        self._area.ensureVisible(point.x(), point.y(), 20, 120)
        return True

    def set_marks(self, layer: str, key: str, selections: list[QTextEdit.ExtraSelection]) -> None:
        """Show `selections` in section `key`, beside the other layers' marks."""
        self._marks.setdefault(layer, {})[key] = selections
        editor = self._editors.get(key)
        if editor is not None:
            editor.setExtraSelections(
                [mark for marks in self._marks.values() for mark in marks.get(key, [])]
            )

    def _build(self, template: Template) -> None:
        self.clear()
        self._template = template
        for spec in template.sections:
            frame = QFrame(self._contents)
            frame.setObjectName("sectionFrame")
            frame.setProperty("private", spec.private)
            box = QVBoxLayout(frame)
            box.setContentsMargins(10 if spec.private else 0, 6, 6, 6)
            title = QLabel(spec.title, frame)
            title.setObjectName("sectionTitle")
            title.setTextFormat(Qt.TextFormat.PlainText)  # leaders write their own titles
            editor = SectionEdit(spec, frame)
            title.setBuddy(editor)
            box.addWidget(title)
            if spec.private:
                caption = QLabel(self._private_caption, frame)
                caption.setObjectName("privateCaption")
                caption.setWordWrap(True)
                box.addWidget(caption)
            box.addWidget(editor)
            editor.textChanged.connect(lambda key=spec.key, e=editor: self._changed(key, e))
            editor.copied.connect(self.copied)
            # After the box has grown (its size is updated on the same change).
            editor.cursorPositionChanged.connect(
                lambda e=editor: QTimer.singleShot(0, e, lambda: self._follow_caret(e))
            )
            self._layout.insertWidget(self._layout.count() - 1, frame)
            self._editors[spec.key] = editor
            self._section_boxes[spec.key] = box
        # Tab moves from one section to the next, in template order.
        editors = list(self._editors.values())
        for first, second in itertools.pairwise(editors):
            QWidget.setTabOrder(first, second)

    def _follow_caret(self, editor: SectionEdit) -> None:
        # The boxes grow instead of scrolling, so the page must follow the
        # caret, or typing at the bottom of a long section happens out of sight.
        if editor.hasFocus() or editor.document().isModified():
            rect = editor.cursorRect()
            point = editor.viewport().mapTo(self._contents, rect.center())
            self._area.ensureVisible(point.x(), point.y(), 20, rect.height() + 24)

    def _changed(self, key: str, editor: SectionEdit) -> None:
        self.edited.emit(key, editor.toPlainText())


def _find_all(
    document: QTextDocument, words: list[str], fmt: QTextCharFormat
) -> list[QTextEdit.ExtraSelection]:
    selections = []
    for word in words:
        cursor = QTextCursor(document)
        while True:
            cursor = document.find(word, cursor, QTextDocument.FindFlag(0))
            if cursor.isNull():
                break
            selection = QTextEdit.ExtraSelection()
            selection.cursor = cursor
            selection.format = fmt
            selections.append(selection)
    return selections
