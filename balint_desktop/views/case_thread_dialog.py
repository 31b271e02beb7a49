"""A case followed across sessions: "what happened since"."""

from __future__ import annotations

import html
from collections.abc import Callable, Mapping

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtWidgets import QDialog, QListWidgetItem, QWidget

from balint_desktop.core.models import Presentation, Session
from balint_desktop.core.templates import Template
from balint_desktop.views import labels
from balint_desktop.views.forms.ui_case_thread_dialog import Ui_CaseThreadDialog

SESSION_ROLE = Qt.ItemDataRole.UserRole
#: The sections that tell the story of a case from one session to the next.
THREAD_SECTIONS = ("case", "relationship", "presenter_return", "follow_up")


class CaseThreadDialog(QDialog):
    """The `caseThreadDialog`.

    Signals:
        open_session: (session id) the leader wants to go to that session.
    """

    open_session = Signal(int)

    def __init__(
        self,
        thread: list[tuple[Session, Presentation]],
        presenters: Mapping[int, str],
        sections_of: Callable[[int], dict[str, str]],
        template: Template,
        parent: QWidget | None = None,
    ) -> None:
        """List the thread, oldest first; the newest is chosen."""
        super().__init__(parent)
        self.ui = Ui_CaseThreadDialog()
        self.ui.setupUi(self)
        self._sections_of = sections_of
        self._titles = {spec.key: spec.title for spec in template.sections}
        self._cases = {session.id: case for session, case in thread}
        self._presenters = presenters
        for session, case in thread:
            who = presenters.get(case.presenter_id or -1, "")
            text = f"{labels.short_date(session.held_on)} — {case.other_pseudonym}"
            if who:
                text += f" ({who})"
            item = QListWidgetItem(text)
            item.setData(SESSION_ROLE, session.id)
            self.ui.threadList.addItem(item)
        self.ui.threadList.currentItemChanged.connect(self._show)
        self.ui.openSessionButton.clicked.connect(self._open)
        self.ui.threadList.itemActivated.connect(lambda _item: self._open())
        self.ui.buttonBox.rejected.connect(self.reject)
        self.ui.splitter.setStretchFactor(1, 1)
        self.ui.threadList.setCurrentRow(self.ui.threadList.count() - 1)

    def _current(self) -> int | None:
        item = self.ui.threadList.currentItem()
        return None if item is None else int(item.data(SESSION_ROLE))

    @Slot()
    def _show(self) -> None:
        session_id = self._current()
        if session_id is None:
            self.ui.detailBrowser.clear()
            return
        case = self._cases[session_id]
        parts = []
        if case.summary:
            parts.append(f"<p><i>{html.escape(case.summary)}</i></p>")
        sections = self._sections_of(session_id)
        for key in THREAD_SECTIONS:
            text = sections.get(key, "")
            if text:
                title = html.escape(self._titles.get(key, key))
                body = html.escape(text).replace("\n", "<br>")
                parts.append(f"<h4>{title}</h4><p>{body}</p>")
        self.ui.detailBrowser.setHtml("".join(parts) or self.tr("Nothing written yet."))

    @Slot()
    def _open(self) -> None:
        session_id = self._current()
        if session_id is not None:
            self.open_session.emit(session_id)
            self.accept()
