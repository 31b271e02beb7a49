"""Destroying a group's notes on schedule (APP 11), leaving a content-free record."""

from __future__ import annotations

import datetime as dt

import pytest

import balint_desktop as bd


@pytest.fixture
def closed_group(vault: bd.Vault) -> tuple[bd.Group, list[bd.Session]]:
    group = vault.add_group("Clinician Group", closed_on=dt.date(2020, 6, 30), retention_years=3)
    member = vault.add_member(group.id, "P1")
    sessions = []
    for month in (1, 2, 3):
        session = vault.add_session(group.id, dt.date(2020, month, 10))
        vault.save_reflection(session.id, {"case": f"canaryword{month} and more"})
        vault.set_attendance(session.id, member.id, "present")
        vault.add_presentation(session.id, presenter_id=member.id, other_pseudonym="Mrs A")
        sessions.append(session)
    return vault.group(group.id), sessions


def test_due_only_after_the_retention_period(
    vault: bd.Vault, closed_group: tuple[bd.Group, list[bd.Session]]
) -> None:
    group, _ = closed_group
    assert group.destroy_after() == dt.date(2023, 6, 30)
    assert vault.due_for_destruction(dt.date(2023, 6, 29)) == []
    assert [g.id for g in vault.due_for_destruction(dt.date(2023, 6, 30))] == [group.id]
    open_group = vault.add_group("Still meeting", retention_years=3)
    assert open_group.destroy_after() is None


def test_destroying_leaves_dates_and_attendance_and_a_record_without_content(
    vault: bd.Vault, closed_group: tuple[bd.Group, list[bd.Session]]
) -> None:
    group, sessions = closed_group
    assert vault.destroy_notes(group.id) == 3
    assert vault.due_for_destruction(dt.date(2030, 1, 1)) == []
    for session in sessions:
        assert vault.reflection(session.id).sections == {}
        assert vault.revisions(session.id) == []
        assert len(vault.attendance(session.id)) == 1
        [case] = vault.presentations(session.id)
        assert case.other_pseudonym == ""
    assert vault.search("canaryword1") == []
    assert vault.search("canary") == []
    [(_, event, count)] = vault.audit_log()
    assert (event, count) == ("destroyed reflections", 3)
    assert "canary" not in event
    conn = vault._connection()
    for (table,) in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'"):
        for row in conn.execute(f'SELECT * FROM "{table}"'):  # noqa: S608 - names from the schema
            assert not any(
                isinstance(value, str | bytes)
                and b"canaryword" in (value.encode() if isinstance(value, str) else value)
                for value in row
            ), table
    assert vault.check_integrity() == []


def test_retention_years_are_checked(vault: bd.Vault) -> None:
    with pytest.raises(bd.InvalidInput, match="1 to 100"):
        vault.add_group("Odd", retention_years=0)
