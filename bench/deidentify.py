"""How long the de-identification guard takes on a 2,000-word reflection.

Baseline: the phonenumbers library's own matcher (one region) over the same
text — the part of the guard no hand-written code can make cheaper.
"""

from __future__ import annotations

import datetime as dt
import itertools

import phonenumbers

from balint_desktop.core.deidentify import find_identifiers
from balint_desktop.core.demo import build_demo
from bench.measure import ms, repeat
from bench.scenarios import Row

TODAY = dt.date(2026, 11, 20)
IDENTIFIERS = (
    "Mrs Jane Citizen rang on 0412 345 678 about her mother, born 3 March 1941.",
    "Her address is 14 Wattle Street and her email jane.citizen@example.com.",
)


def reflection(words: int = 2000) -> tuple[str, tuple[str, ...]]:
    """Return demo prose of `words` words with a few identifiers, and a roster."""
    groups = build_demo(TODAY)
    prose = " ".join(
        text for group in groups for session in group.sessions for text in session.sections.values()
    ).split()
    body = list(itertools.islice(itertools.cycle(prose), words))
    step = len(body) // (len(IDENTIFIERS) * 4)
    for n, position in enumerate(range(step, len(body), step)):
        body.insert(position, IDENTIFIERS[n % len(IDENTIFIERS)])
    return " ".join(body), groups[0].roster


def deidentify_rows() -> list[Row]:
    """Time the guard and the phone matcher alone on the same text."""
    text, roster = reflection()
    guard = repeat(lambda: find_identifiers(text, roster, today=TODAY), reps=40)
    phones = repeat(lambda: list(phonenumbers.PhoneNumberMatcher(text, "AU")), reps=40)
    return [
        Row(
            "de-identification guard, 2,000 words (p50 / p95)",
            "-",
            f"{ms(guard.p50)} / {ms(guard.p95)}",
            f"{ms(phones.p50)} / {ms(phones.p95)} (phone matcher, AU only)",
            f"{guard.p50 / phones.p50:.1f}x",
            "well under the 600 ms typing pause",
        )
    ]
