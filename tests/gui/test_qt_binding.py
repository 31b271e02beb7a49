"""The Qt binding itself must not corrupt the interpreter.

PySide6 6.12.0 under Python 3.11 dropped a reference to None on every call
that returns nothing; a few thousand calls later Python aborted with
"none_dealloc". The lock file pins a release without the bug; this test
fails if an update brings it back.
"""

from __future__ import annotations

import sys

from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot


def test_void_calls_keep_none_alive(qtbot: QtBot) -> None:
    widget = QWidget()
    qtbot.addWidget(widget)
    before = sys.getrefcount(None)
    for _ in range(2000):
        widget.setEnabled(True)
        widget.update()
        widget.setObjectName("probe")
    # Other threads may hold a few references more or less; a leak is -6000.
    assert abs(sys.getrefcount(None) - before) < 100
