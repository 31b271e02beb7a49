"""Search as you type on a worker thread; newer queries cancel older ones.

The GUI thread never runs a search. Each request carries a generation
number; the worker skips requests that are already stale, the running query
is interrupted when a newer one arrives, and results of an older generation
are dropped on arrival, so stale results never replace newer ones.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from PySide6.QtCore import QObject, Qt, QThread, Signal, Slot

from balint_desktop.core.errors import VaultError
from balint_desktop.core.vault import VaultReader


@dataclass(frozen=True, slots=True)
class SearchRequest:
    """What to search for; `generation` orders requests."""

    generation: int
    query: str
    group_id: int | None = None
    since: dt.date | None = None
    until: dt.date | None = None
    limit: int = 50


class _Worker(QObject):
    """Lives on the search thread and owns the reader while attached.

    Signals:
        finished: (generation, SearchResults, final) — first the newest
            matches at once, then (final) the fully ranked page.
        failed: (generation, message).
    """

    finished = Signal(int, object, bool)
    failed = Signal(int, str)

    def __init__(self) -> None:
        super().__init__()
        self.reader: VaultReader | None = None
        self.latest = 0  # written by the GUI thread; an int store is atomic

    @Slot(object)
    def run(self, request: SearchRequest) -> None:
        reader = self.reader
        if reader is None or request.generation != self.latest:
            return
        try:
            for newest in (True, False):
                results = reader.search(
                    request.query,
                    request.group_id,
                    request.limit,
                    since=request.since,
                    until=request.until,
                    newest=newest,
                )
                if request.generation != self.latest:
                    return  # a newer search is waiting; don't rank this one
                self.finished.emit(request.generation, results, not newest)
        except VaultError as error:
            self.failed.emit(request.generation, str(error))

    @Slot()
    def close_reader(self) -> None:
        reader, self.reader = self.reader, None
        if reader is not None:
            reader.close()


class SearchService(QObject):
    """Runs searches on one worker thread with its own read-only connection.

    Signals:
        results_ready: (generation, SearchResults, final) for the newest request
            only: a quick unranked look first, then the ranked page (final).
        failed: (generation, message) for the newest request only.
    """

    results_ready = Signal(int, object, bool)
    failed = Signal(int, str)
    _requested = Signal(object)
    _close_requested = Signal()

    def __init__(self, parent: QObject | None = None) -> None:
        """Start the worker thread (idle until a reader is attached)."""
        super().__init__(parent)
        self._generation = 0
        self._thread = QThread(self)
        self._thread.setObjectName("search")
        self._worker = _Worker()
        self._worker.moveToThread(self._thread)
        self._requested.connect(self._worker.run)
        self._close_requested.connect(
            self._worker.close_reader, Qt.ConnectionType.BlockingQueuedConnection
        )
        self._worker.finished.connect(self._on_finished)
        self._worker.failed.connect(self._on_failed)
        # The thread starts with the first reader, not at app start-up.

    @property
    def generation(self) -> int:
        """Return the generation of the newest request."""
        return self._generation

    def attach(self, reader: VaultReader) -> None:
        """Search through `reader` from now on (after unlocking)."""
        self.detach()
        if not self._thread.isRunning():
            self._thread.start()
        self._worker.reader = reader

    def detach(self) -> None:
        """Cancel any search and close the reader (on lock); waits for the worker."""
        self._generation += 1
        self._worker.latest = self._generation
        reader = self._worker.reader
        if reader is not None:
            reader.cancel()
            if self._thread.isRunning():
                self._close_requested.emit()
            else:
                self._worker.close_reader()

    def search(
        self,
        query: str,
        group_id: int | None = None,
        since: dt.date | None = None,
        until: dt.date | None = None,
        limit: int = 50,
    ) -> int:
        """Queue a search and return its generation; older searches are cancelled."""
        self._generation += 1
        self._worker.latest = self._generation
        reader = self._worker.reader
        if reader is None:
            return self._generation
        reader.cancel()
        request = SearchRequest(self._generation, query, group_id, since, until, limit)
        self._requested.emit(request)
        return self._generation

    def shutdown(self) -> None:
        """Close the reader and stop the thread (on quit)."""
        self.detach()
        if self._thread.isRunning():
            self._thread.quit()
            self._thread.wait()

    @Slot(int, object, bool)
    def _on_finished(self, generation: int, results: object, final: bool) -> None:
        if generation == self._generation:
            self.results_ready.emit(generation, results, final)

    @Slot(int, str)
    def _on_failed(self, generation: int, message: str) -> None:
        if generation == self._generation:
            self.failed.emit(generation, message)
