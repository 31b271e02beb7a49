"""The leadership log: sessions count by themselves; thresholds; CSV without notes."""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Sequence

import pytest

import balint_desktop as bd
from balint_desktop.core.leadership import LedSession, LogEntry, Requirement, progress

TODAY = dt.date(2026, 11, 27)


def requirement(reqs: Sequence[Requirement], body: str, what: str) -> tuple[float, float, bool]:
    for req in reqs:
        if req.body == body and what in req.what:
            return req.have, req.need, req.met
    raise LookupError(what)


def test_sessions_count_by_themselves(vault: bd.Vault) -> None:
    group = vault.add_group("Clinician Group", duration_minutes=90)
    member = vault.add_member(group.id, "P1")
    for month in range(1, 13):
        session = vault.add_session(group.id, dt.date(2026, month, 10))
        vault.add_presentation(session.id, presenter_id=member.id, other_pseudonym="Mrs A")
        vault.add_presentation(session.id, presenter_id=member.id, other_pseudonym="Mr B")
        if month % 2:
            vault.save_reflection(session.id, {"co_leader_debrief": "we agreed", "case": "secret"})
    planned = vault.add_session(group.id, dt.date(2026, 12, 8), status="planned")
    assert planned.status == "planned"
    reqs = vault.leadership_progress(TODAY)
    # 11 sessions up to today, two cases each (December's is still to come).
    assert requirement(reqs, "BSANZ", "case discussions") == (22, 30, False)
    assert requirement(reqs, "BSANZ", "meetings") == (11, 20, False)
    assert requirement(reqs, "UK Balint Society", "co-led") == (12, 20, False)
    assert requirement(reqs, "American Balint Society", "debrief") == (6, 12, False)


def test_log_entries_and_their_thresholds(vault: bd.Vault) -> None:
    for month in range(1, 11):
        vault.add_log_entry("supervision", dt.date(2026, month, 20), hours=1.5)
    vault.add_log_entry("intensive", dt.date(2025, 5, 1), hours=16, description="Intensive, Hobart")
    vault.add_log_entry("intensive", dt.date(2026, 5, 1), hours=16)
    reqs = vault.leadership_progress(TODAY)
    assert requirement(reqs, "BSANZ", "supervision") == (10, 10, True)
    assert requirement(reqs, "BSANZ", "intensives") == (2, 2, True)
    assert requirement(reqs, "American Balint Society", "intensives") == (2, 3, False)
    entries = vault.log_entries()
    assert len(entries) == 12
    vault.delete_log_entry(entries[0].id)
    assert len(vault.log_entries()) == 11


def test_bad_entries_are_refused(vault: bd.Vault) -> None:
    with pytest.raises(bd.InvalidInput):
        vault.add_log_entry("party", dt.date(2026, 1, 1))
    with pytest.raises(bd.InvalidInput):
        vault.add_log_entry("supervision", dt.date(2026, 1, 1), hours=-1)
    with pytest.raises(bd.InvalidInput):
        vault.add_log_entry("supervision", dt.date(2026, 1, 1), group_id=999)


def test_the_csv_holds_no_note_text(vault: bd.Vault) -> None:
    group = vault.add_group("Clinician Group")
    session = vault.add_session(group.id, dt.date(2026, 3, 12))
    vault.save_reflection(session.id, {"case": "canarysecret the presenter's despair"})
    vault.add_presentation(session.id, other_pseudonym="Mrs Canary", summary="canarysummary")
    vault.add_log_entry("supervision", dt.date(2026, 3, 20), hours=1)
    text = vault.leadership_csv()
    assert "canary" not in text.lower()
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0] == ["date", "kind", "hours", "cases", "description"]
    assert rows[1] == ["2026-03-12", "group session led", "1.5", "1", ""]
    assert rows[2] == ["2026-03-20", "supervision", "1", "", ""]


def test_windows_count_back_from_today() -> None:
    old = [LedSession(dt.date(2020, 1, 1), 90, 3, True)]
    recent = [LedSession(dt.date(2026, 1, 1), 90, 2, True)]
    entries = [LogEntry(1, "supervision", dt.date(2025, 1, 1))]
    reqs = progress(old + recent, entries, TODAY)
    assert requirement(reqs, "BSANZ", "case discussions") == (2, 30, False)
    assert requirement(reqs, "BSANZ", "supervision") == (0, 10, False)  # older than a year
    assert requirement(reqs, "UK Balint Society", "co-led") == (2, 20, False)
