"""Timing helpers: warm-up, repetitions, nearest-rank percentiles.

Percentiles are nearest-rank on the observed values (p95 of 60 runs is the
57th fastest), so every figure printed is a time that actually happened.
The garbage collector stays on: the app runs with it on too.
"""

from __future__ import annotations

import math
import os
import resource
import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Sample:
    """Wall-clock durations of repeated runs, in seconds."""

    seconds: tuple[float, ...]

    @property
    def n(self) -> int:
        """Return the number of runs."""
        return len(self.seconds)

    def percentile(self, p: float) -> float:
        """Return the nearest-rank percentile `p` (0-100)."""
        ordered = sorted(self.seconds)
        rank = max(1, math.ceil(p / 100 * len(ordered)))
        return ordered[rank - 1]

    @property
    def p50(self) -> float:
        """Return the median (nearest rank)."""
        return self.percentile(50)

    @property
    def p95(self) -> float:
        """Return the 95th percentile (nearest rank)."""
        return self.percentile(95)

    @property
    def median(self) -> float:
        """Return the statistical median (mean of the middle two when even)."""
        return statistics.median(self.seconds)

    def __add__(self, other: Sample) -> Sample:
        return Sample(self.seconds + other.seconds)


def repeat(
    run: Callable[[], object],
    *,
    reps: int,
    warmup: int = 3,
    budget_s: float | None = None,
    min_reps: int = 5,
) -> Sample:
    """Time `run` after `warmup` untimed calls.

    Args:
        run: the operation; its result is discarded.
        reps: the number of timed runs wanted.
        warmup: untimed runs first (caches, statement cache, page cache).
        budget_s: stop early once this much time was spent timing, but
            never before `min_reps` runs.
        min_reps: the least number of timed runs.
    """
    for _ in range(warmup):
        run()
    times: list[float] = []
    spent = 0.0
    for _ in range(reps):
        start = time.perf_counter()
        run()
        elapsed = time.perf_counter() - start
        times.append(elapsed)
        spent += elapsed
        if budget_s is not None and spent > budget_s and len(times) >= min_reps:
            break
    return Sample(tuple(times))


def timed(run: Callable[[], object]) -> float:
    """Return how long one call of `run` took, in seconds."""
    start = time.perf_counter()
    run()
    return time.perf_counter() - start


def peak_rss_bytes() -> int:
    """Return this process's peak resident set size (Linux reports KiB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024


def current_rss_bytes() -> int | None:
    """Return this process's current resident set size, where /proc tells it."""
    try:
        with open(f"/proc/{os.getpid()}/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1]) * 1024
    except OSError:
        return None
    return None


def ms(seconds: float) -> str:
    """Return a duration in milliseconds with sensible precision."""
    value = seconds * 1000
    if value < 10:
        return f"{value:.2f} ms"
    if value < 100:
        return f"{value:.1f} ms"
    return f"{value:.0f} ms"


def mib(size: int) -> str:
    """Return a byte count in MiB."""
    return f"{size / 2**20:.1f} MiB"
