"""Realistic searches against the demo vault (tests/fixtures/search_queries.py).

Each search names the sessions that must be on its first page, worked out
by reading the demo notes. A failure shows the query, why the sessions were
expected, what is missing, and the page that came back.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass

import pytest

import balint_desktop as bd
from balint_desktop.core.demo import build_demo, populate_demo
from tests.fixtures.search_queries import (
    DEMO_TODAY,
    ONLY,
    QUERIES,
    WITH_MESSAGES,
    SearchCase,
)

PASSPHRASE = "correct horse battery staple"
#: The score of a hit found only inside longer words (ranked after every whole word).
PARTIAL_SCORE = -1.0

SessionKey = tuple[str, str]


@dataclass
class Demo:
    vault: bd.Vault
    keys: dict[int, SessionKey]  # session id -> (group name, held on)


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Demo]:
    """The demo vault, built once for every query here (read only)."""
    vault = bd.Vault.create(
        tmp_path_factory.mktemp("demo") / "vault", PASSPHRASE, kdf=bd.KdfParams.for_tests()
    )
    try:
        populate_demo(vault, today=DEMO_TODAY)
        keys = {
            session.id: (group.name, session.held_on.isoformat())
            for group in vault.groups()
            for session in vault.sessions(group.id)
        }
        yield Demo(vault, keys)
    finally:
        vault.close()


def _case_id(index: int, case: SearchCase) -> str:
    folded = unicodedata.normalize("NFKD", case.query).encode("ascii", "ignore").decode()
    readable = re.sub(r"\s+", " ", folded.replace('"', "'")).strip()
    return f"{index:02d} {readable} top{case.limit}"


IDS = [_case_id(index, case) for index, case in enumerate(QUERIES)]


def _page(demo: Demo, hits: list[bd.SearchHit]) -> str:
    return "\n".join(
        f"  {demo.keys[h.session_id][0]:<28} {demo.keys[h.session_id][1]}  "
        f"{h.section:<18} {h.score:8.3f}"
        for h in hits
    )


@pytest.mark.parametrize("case", QUERIES, ids=IDS)
def test_first_page_holds_the_expected_sessions(demo: Demo, case: SearchCase) -> None:
    results = demo.vault.search_results(case.query, limit=case.limit)
    found = [demo.keys[hit.session_id] for hit in results.hits]
    expected = set(case.expected)
    missing = sorted(expected - set(found))
    context = f"{case.query!r} (top {case.limit}): {case.note}\npage:\n{_page(demo, results.hits)}"
    assert not missing, f"missing {missing} for {context}"
    whole = {demo.keys[h.session_id] for h in results.hits if h.score != PARTIAL_SCORE}
    if case.query in ONLY:
        assert whole == expected, f"whole-word hits should be exactly {sorted(expected)}: {context}"
    assert bool(results.messages) == (case.query in WITH_MESSAGES), context
    # One hit per session, whole words before partial ones, flagged as such.
    assert len(set(found)) == len(found), context
    scores = [hit.score for hit in results.hits]
    partial = [score == PARTIAL_SCORE for score in scores]
    assert partial == sorted(partial), f"a partial hit outranks a whole word: {context}"
    assert results.partial == any(partial), context
    assert len(results.hits) <= case.limit


def test_the_table_is_big_enough_and_names_real_sessions() -> None:
    assert len(QUERIES) >= 50
    assert {case.query for case in QUERIES} >= ONLY | WITH_MESSAGES
    real = {
        (group.name, session.held_on.isoformat())
        for group in build_demo(DEMO_TODAY)
        for session in group.sessions
    }
    for case in QUERIES:
        assert case.expected, case
        assert set(case.expected) <= real, case
        assert len(case.expected) <= case.limit, case
        assert dt.date.fromisoformat(case.expected[0][1]) <= DEMO_TODAY
