"""Running slow work (key derivation, opening, backups) off the GUI thread.

The shape follows Anki's CollectionOp: one expression names the work and
what to do with its result, and the callbacks run back on the GUI thread::

    BackgroundOp(self, lambda: Vault.open(folder, pw)).success(opened).failure(refused).run()
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Generic, TypeVar

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal, Slot

T = TypeVar("T")


class _Relay(QObject):
    """Carries the outcome from the worker thread to the GUI thread.

    It is a child of the op's owner, so Qt keeps it alive until it reports;
    then it deletes itself.

    Signals:
        succeeded: the work returned (the value).
        failed: the work raised (the exception).
    """

    succeeded = Signal(object)
    failed = Signal(object)

    def __init__(
        self,
        owner: QObject,
        on_success: Callable[[Any], None],
        on_failure: Callable[[BaseException], None] | None,
    ) -> None:
        super().__init__(owner)
        self._on_success = on_success
        self._on_failure = on_failure
        self.succeeded.connect(self._deliver_success)
        self.failed.connect(self._deliver_failure)

    @Slot(object)
    def _deliver_success(self, result: object) -> None:
        self.deleteLater()
        try:
            self._on_success(result)
        except Exception as error:
            # A failure while using the result must not leave the GUI waiting.
            if self._on_failure is None:
                raise
            self._on_failure(error)

    @Slot(object)
    def _deliver_failure(self, error: BaseException) -> None:
        self.deleteLater()
        if self._on_failure is None:
            raise error
        self._on_failure(error)


class _Task(QRunnable):
    def __init__(self, work: Callable[[], Any], relay: _Relay) -> None:
        super().__init__()
        self._work = work
        self._relay = relay

    def run(self) -> None:
        try:
            result = self._work()
        except BaseException as error:  # every failure goes back to the GUI thread
            self._relay.failed.emit(error)
        else:
            self._relay.succeeded.emit(result)


class BackgroundOp(Generic[T]):
    """One piece of work on the thread pool with callbacks on the GUI thread.

    Args:
        owner: a QObject on the GUI thread that outlives the work.
        work: what to run on the worker thread.
        pool: the thread pool (the global one by default).
    """

    def __init__(
        self, owner: QObject, work: Callable[[], T], pool: QThreadPool | None = None
    ) -> None:
        """Describe the work; nothing runs until `run()`."""
        self._owner = owner
        self._work = work
        self._pool = pool or QThreadPool.globalInstance()
        self._on_success: Callable[[T], None] = lambda _result: None
        self._on_failure: Callable[[BaseException], None] | None = None

    def success(self, callback: Callable[[T], None]) -> BackgroundOp[T]:
        """Call `callback(result)` on the GUI thread when the work returns."""
        self._on_success = callback
        return self

    def failure(self, callback: Callable[[BaseException], None]) -> BackgroundOp[T]:
        """Call `callback(error)` on the GUI thread when the work raises."""
        self._on_failure = callback
        return self

    def run(self) -> None:
        """Start the work on the pool."""
        relay = _Relay(self._owner, self._on_success, self._on_failure)
        self._pool.start(_Task(self._work, relay))
