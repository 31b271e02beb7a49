"""Searching on the worker thread: newest wins, stale results never shown."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import pytest
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

import balint_desktop as bd
from balint_desktop.app.search_service import SearchService


@pytest.fixture
def service(vault: bd.Vault, qtbot: QtBot) -> Iterator[SearchService]:
    group = vault.add_group("Clinician Group")
    for day in range(1, 21):
        session = vault.add_session(group.id, dt.date(2026, 1, day))
        vault.save_reflection(session.id, {"case": f"rescue fantasy {day}", "atmosphere": "calm"})
    search = SearchService()
    search.attach(vault.reader())
    yield search
    search.shutdown()


def final(generation: int, _results: object, is_final: bool) -> bool:
    return is_final


def test_results_arrive_for_the_newest_query_only(service: SearchService, qtbot: QtBot) -> None:
    delivered: list[tuple[int, int, bool]] = []
    service.results_ready.connect(
        lambda gen, results, is_final: delivered.append((gen, len(results.hits), is_final))
    )
    for query in ("r", "re", "res", "resc", "rescue"):
        latest = service.search(query)
    with qtbot.waitSignal(service.results_ready, timeout=5000, check_params_cb=final) as blocker:
        latest = service.search("calm")
    assert blocker.args is not None
    assert blocker.args[0] == latest
    assert len(blocker.args[1].hits) == 20
    # First the newest matches at once, then the ranked page; nothing older.
    assert [(gen, final) for gen, _, final in delivered] == [(latest, False), (latest, True)]


def test_filters_reach_the_worker(service: SearchService, qtbot: QtBot) -> None:
    with qtbot.waitSignal(service.results_ready, timeout=5000, check_params_cb=final) as blocker:
        service.search("rescue", since=dt.date(2026, 1, 10), until=dt.date(2026, 1, 12))
    assert blocker.args is not None
    assert sorted(hit.held_on.day for hit in blocker.args[1].hits) == [10, 11, 12]


def test_detach_stops_searching(service: SearchService, qtbot: QtBot) -> None:
    service.detach()
    with qtbot.assertNotEmitted(service.results_ready):
        service.search("rescue")
        QApplication.processEvents()
