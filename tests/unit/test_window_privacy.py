"""The capture exclusion is Windows-only and says so elsewhere."""

from __future__ import annotations

import sys

import pytest

from balint_desktop.app.window_privacy import exclude_from_capture


@pytest.mark.skipif(sys.platform == "win32", reason="elsewhere only")
def test_other_systems_report_that_they_cannot_exclude_a_window() -> None:
    assert exclude_from_capture(12345) is False
