"""One line of the bench's results table, and the ways its figures are written."""

from __future__ import annotations

from dataclasses import dataclass

from bench.measure import Sample, ms


@dataclass(frozen=True, slots=True)
class Row:
    """One line of the results table."""

    measure: str
    size: str
    figure: str
    baseline: str
    ratio: str
    target: str


def size_label(n: int) -> str:
    """Return a vault size such as "1k" or "1500"."""
    return f"{n // 1000}k" if n % 1000 == 0 else str(n)


def times(factor: float) -> str:
    """Return a ratio such as "0.8x" or "23x"."""
    return f"{factor:.1f}x" if factor < 10 else f"{factor:.0f}x"


def pair(sample: Sample) -> str:
    """Return a sample's "p50 / p95" in milliseconds."""
    return f"{ms(sample.p50)} / {ms(sample.p95)}"
