"""Search as you type: the results list, its filters, and opening a hit."""

from __future__ import annotations

import datetime as dt
import html
import re

from PySide6.QtCore import QDate, QObject, Qt, QTimer, Signal, Slot
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QLabel, QLineEdit, QListWidgetItem

from balint_desktop.app.search_service import SearchService
from balint_desktop.core.models import Group, SearchHit, SearchResults
from balint_desktop.search.parse import parse
from balint_desktop.views import labels
from balint_desktop.views.forms.ui_main_window import Ui_MainWindow

DEBOUNCE_MS = 120
HIT_ROLE = Qt.ItemDataRole.UserRole


class SearchPanel(QObject):
    """Drives `searchEdit`, the filters and `searchResults`.

    Signals:
        opened: (session_id, group_id, section, terms) the leader chose a hit.
        active_changed: (bool) searching started or ended.
    """

    opened = Signal(int, int, str, list)
    active_changed = Signal(bool)

    def __init__(self, ui: Ui_MainWindow, edit: QLineEdit, service: SearchService) -> None:
        """Wire the search page of the main window."""
        super().__init__(ui.searchPage)
        self._ui = ui
        self._edit = edit
        self._service = service
        self._groups: dict[int, str] = {}
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(DEBOUNCE_MS)
        self._timer.timeout.connect(self.run)
        edit.textChanged.connect(self._typed)
        edit.returnPressed.connect(self._open_first)
        escape = QShortcut(QKeySequence(Qt.Key.Key_Escape), edit)
        escape.setContext(Qt.ShortcutContext.WidgetShortcut)
        escape.activated.connect(self.end_search)
        service.results_ready.connect(self._show_results)
        service.failed.connect(self._show_failure)
        ui.searchGroupCombo.currentIndexChanged.connect(self.run)
        ui.dateFilterCheck.toggled.connect(self._dates_toggled)
        ui.sinceEdit.dateChanged.connect(self.run)
        ui.untilEdit.dateChanged.connect(self.run)
        ui.searchResults.itemActivated.connect(self._open)
        ui.searchResults.itemClicked.connect(self._open)
        self._dates_toggled(False)

    def set_groups(self, groups: list[Group], today: dt.date) -> None:
        """Offer these groups in the filter and default the date range."""
        self._groups = {g.id: g.name for g in groups}
        combo = self._ui.searchGroupCombo
        current = combo.currentData()
        combo.blockSignals(True)
        combo.clear()
        combo.addItem(self.tr("All groups"), None)
        for group in groups:
            combo.addItem(group.name, group.id)
        combo.setCurrentIndex(max(0, combo.findData(current)))
        combo.blockSignals(False)
        if not self._ui.dateFilterCheck.isChecked():
            self._ui.untilEdit.setDate(labels.to_qdate(today))
            self._ui.sinceEdit.setDate(QDate(today.year - 1, today.month, 1))

    @Slot()
    def run(self) -> None:
        """Search now for the text in `searchEdit` with the current filters."""
        self._timer.stop()
        query = self._edit.text()
        if not query.strip():
            self._clear_results()
            self._ui.searchStatusLabel.clear()
            self.active_changed.emit(False)
            return
        self.active_changed.emit(True)
        since = until = None
        if self._ui.dateFilterCheck.isChecked():
            since = labels.to_date(self._ui.sinceEdit.date())
            until = labels.to_date(self._ui.untilEdit.date())
        self._ui.searchStatusLabel.setText(self.tr("Searching…"))
        self._service.search(query, self._ui.searchGroupCombo.currentData(), since, until)

    @Slot()
    def end_search(self) -> None:
        """Leave the search and show the sessions again (Escape)."""
        self._edit.setText("")
        self.run()

    def clear(self) -> None:
        """Empty the search box, results and filters (on lock)."""
        self._timer.stop()
        self._edit.blockSignals(True)
        self._edit.setText("")  # setText also empties the undo history
        self._edit.blockSignals(False)
        self._clear_results()
        self._ui.searchStatusLabel.clear()
        self._ui.searchGroupCombo.clear()
        self._groups = {}
        self.active_changed.emit(False)

    def _clear_results(self) -> None:
        # The hit labels are deleted later by Qt; empty them now (T5).
        results = self._ui.searchResults
        for row in range(results.count()):
            label = results.itemWidget(results.item(row))
            if isinstance(label, QLabel):
                label.setText("")
        results.clear()

    def terms(self) -> list[str]:
        """Return what the current query looks for, for highlighting."""
        return [term.text for term in parse(self._edit.text()).terms]

    @Slot(str)
    def _typed(self, text: str) -> None:
        if text.strip():
            self._timer.start()
        else:
            self.run()

    @Slot(bool)
    def _dates_toggled(self, on: bool) -> None:
        self._ui.sinceEdit.setEnabled(on)
        self._ui.untilEdit.setEnabled(on)
        if self._edit.text().strip():
            self.run()

    @Slot(int, object, bool)
    def _show_results(self, _generation: int, found: SearchResults, final: bool) -> None:
        hits = found.hits
        results = self._ui.searchResults
        keep = results.currentRow() if not final else -1
        self._clear_results()
        for hit in hits:
            item = QListWidgetItem()
            item.setData(HIT_ROLE, hit)
            group = html.escape(self._groups.get(hit.group_id, ""))
            heading = f"<b>{labels.short_date(hit.held_on)}</b> · {group}"
            label = QLabel(f"{heading}<br>{hit.snippet}")
            label.setWordWrap(True)
            label.setTextFormat(Qt.TextFormat.RichText)
            label.setObjectName("searchHitLabel")
            label.setContentsMargins(6, 6, 6, 6)
            plain = re.sub(r"<[^>]+>", "", hit.snippet)
            item.setText("")  # the label draws it; the accessible text is below
            item.setData(
                Qt.ItemDataRole.AccessibleTextRole, f"{hit.held_on}: {html.unescape(plain)}"
            )
            results.addItem(item)
            results.setItemWidget(item, label)
            item.setSizeHint(label.sizeHint().grownBy(label.contentsMargins()))
        count = len(hits)
        if not hits:
            status = self.tr("Nothing found.")
        elif count == 1:
            status = self.tr("1 result")
        else:
            status = self.tr("%1 results").replace("%1", str(count))
        if hits:
            status += (
                self.tr(", best first") if final else self.tr(", latest written first — ranking…")
            )
            results.setCurrentRow(max(0, keep))
        if found.partial:
            status += self.tr(" (some match part of a word)")
        self._ui.searchStatusLabel.setText("\n".join([status, *found.messages]))

    @Slot(int, str)
    def _show_failure(self, _generation: int, message: str) -> None:
        self._clear_results()
        self._ui.searchStatusLabel.setText(message)

    @Slot()
    def _open_first(self) -> None:
        self.run()
        if self._ui.searchResults.count():
            self._open(self._ui.searchResults.item(0))

    @Slot(QListWidgetItem)
    def _open(self, item: QListWidgetItem | None) -> None:
        if item is None:
            return
        hit = item.data(HIT_ROLE)
        if isinstance(hit, SearchHit):
            self.opened.emit(hit.session_id, hit.group_id, hit.section, self.terms())
