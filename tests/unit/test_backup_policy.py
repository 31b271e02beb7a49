"""Rotation keeps 7 daily, 4 weekly and 12 monthly backups, never the wrong ones."""

from __future__ import annotations

import datetime as dt

from hypothesis import given, settings
from hypothesis import strategies as st

from balint_desktop.core.backup_policy import to_keep

START = dt.datetime(2026, 1, 1, 9, 0, tzinfo=dt.UTC)


def test_a_year_of_daily_backups_keeps_at_most_23() -> None:
    backups = [(day, START + dt.timedelta(days=day)) for day in range(365)]
    kept = to_keep(backups)
    assert 364 in kept  # the newest
    assert set(range(358, 365)) <= kept  # the last 7 days
    assert len(kept) <= 7 + 4 + 12
    months = {(START + dt.timedelta(days=d)).month for d in kept}
    assert len(months) == 12  # one for each month


def test_several_backups_a_day_keep_the_newest_of_the_day() -> None:
    backups = [(hour, START + dt.timedelta(hours=hour)) for hour in range(5)]
    assert to_keep(backups) == {4}


@settings(max_examples=500, deadline=None)
@given(st.lists(st.integers(min_value=0, max_value=3 * 365 * 24), max_size=200, unique=True))
def test_the_newest_is_always_kept_and_the_count_is_bounded(hours: list[int]) -> None:
    backups = [(h, START + dt.timedelta(hours=h)) for h in hours]
    kept = to_keep(backups)
    if hours:
        assert max(hours) in kept
    assert len(kept) <= 23
    assert kept <= set(hours)
