"""Which backups to keep: 7 daily, 4 weekly, 12 monthly (issue: backups).

Pure and clock-free, so it can be proven on its own: the newest backup is
always kept, and at most one per day, ISO week and month survives.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import TypeVar

T = TypeVar("T")

KEEP_DAILY = 7
KEEP_WEEKLY = 4
KEEP_MONTHLY = 12


def to_keep(backups: Iterable[tuple[T, dt.datetime]]) -> set[T]:
    """Return the backups to keep.

    The newest of each of the last 7 days that have a backup, of the last 4
    ISO weeks and of the last 12 months.

    Args:
        backups: (identifier, when it was made) pairs, in any order.
    """
    ordered = sorted(backups, key=lambda item: item[1], reverse=True)
    keep: set[T] = set()
    for period, count in (
        (lambda moment: moment.date(), KEEP_DAILY),
        (lambda moment: moment.isocalendar()[:2], KEEP_WEEKLY),
        (lambda moment: (moment.year, moment.month), KEEP_MONTHLY),
    ):
        seen: list[object] = []
        for ident, moment in ordered:
            key = period(moment)
            if key in seen:
                continue
            if len(seen) == count:
                break
            seen.append(key)
            keep.add(ident)
    return keep
