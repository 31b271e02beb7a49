"""CPD attendance statements: who attended what, for how long — never case content."""

from __future__ import annotations

import datetime as dt

import pytest

import balint_desktop as bd
from balint_desktop.core.cpd import statement_html
from tests.unit.conftest import Practice


def test_a_statement_lists_present_sessions_in_the_period(practice: Practice) -> None:
    vault = practice.vault
    al, bea, _ = practice.members
    january, february, march, april = practice.sessions
    vault.set_attendance(january.id, al.id, "present")
    vault.set_attendance(february.id, al.id, "apology")
    vault.set_attendance(march.id, al.id, "present", presented=True)
    vault.set_attendance(april.id, al.id, "present")
    vault.set_attendance(march.id, bea.id, "present")
    vault.update_session(april.id, april.held_on, status="cancelled")

    statement = vault.cpd_statement(al.id, dt.date(2026, 1, 1), dt.date(2026, 12, 31))
    assert [s.held_on for s in statement.sessions] == [dt.date(2026, 1, 5), dt.date(2026, 3, 5)]
    assert statement.hours == 3  # two sessions of 90 minutes
    assert statement.member_name == "al"  # the pseudonym unless a name is typed
    assert statement.group_name == "Clinician Group"

    # The period bounds are inclusive.
    only_march = vault.cpd_statement(al.id, dt.date(2026, 3, 5), dt.date(2026, 3, 5))
    assert [s.held_on for s in only_march.sessions] == [dt.date(2026, 3, 5)]


def test_the_statement_names_the_co_leader_unless_leaders_are_given(practice: Practice) -> None:
    vault = practice.vault
    vault.update_group(practice.group.id, co_leader="Dr B. Co")
    al = practice.members[0]
    start, end = dt.date(2026, 1, 1), dt.date(2026, 6, 30)
    assert vault.cpd_statement(al.id, start, end).leaders == ("Dr B. Co",)
    given = vault.cpd_statement(al.id, start, end, leaders=(" Dr A.  Lead ", "", "Dr B. Co"))
    assert given.leaders == ("Dr A. Lead", "Dr B. Co")


def test_bad_periods_and_names_are_refused(practice: Practice) -> None:
    vault = practice.vault
    al = practice.members[0]
    with pytest.raises(bd.InvalidInput, match="start before it ends"):
        vault.cpd_statement(al.id, dt.date(2026, 5, 1), dt.date(2026, 4, 1))
    with pytest.raises(bd.InvalidInput, match="at most"):
        vault.cpd_statement(al.id, dt.date(2026, 1, 1), dt.date(2026, 2, 1), member_name="x" * 121)
    with pytest.raises(bd.InvalidInput):
        vault.cpd_statement(9999, dt.date(2026, 1, 1), dt.date(2026, 2, 1))


def test_the_statement_html_holds_no_case_content_and_escapes_names(practice: Practice) -> None:
    vault = practice.vault
    al = practice.members[0]
    session = practice.sessions[0]
    vault.set_attendance(session.id, al.id, "present", presented=True)
    vault.save_reflection(session.id, {"case": "canaryreflection about despair"})
    vault.add_presentation(
        session.id, presenter_id=al.id, other_pseudonym="Mrs Canary", summary="canarysummary"
    )
    statement = vault.cpd_statement(
        al.id, dt.date(2026, 1, 1), dt.date(2026, 1, 31), member_name="Dr <Al> Smith"
    )
    text = statement_html(statement, dt.date(2026, 2, 1))
    assert "canary" not in text.lower()
    assert "Dr &lt;Al&gt; Smith" in text
    assert "5 January 2026" in text
    assert "1.5 hours" in text
    assert "Issued on 1 February 2026" in text


def test_the_typed_name_is_not_kept(practice: Practice) -> None:
    vault = practice.vault
    al = practice.members[0]
    start, end = dt.date(2026, 1, 1), dt.date(2026, 1, 31)
    vault.cpd_statement(al.id, start, end, member_name="Alison Realname")
    assert vault.cpd_statement(al.id, start, end).member_name == "al"
    conn = vault.repository.connection
    tables = [row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")]
    for table in tables:
        for row in conn.execute(f'SELECT * FROM "{table}"'):  # noqa: S608 - names from the schema
            assert "Realname" not in repr(row), table


def test_the_leadership_html_holds_no_note_text(vault: bd.Vault) -> None:
    group = vault.add_group("Clinician Group")
    session = vault.add_session(group.id, dt.date(2026, 3, 12))
    vault.save_reflection(session.id, {"case": "canarysecret"})
    vault.add_presentation(session.id, other_pseudonym="Mrs Canary", summary="canarysummary")
    vault.add_log_entry("intensive", dt.date(2026, 3, 20), hours=16, description="Hobart <2026>")
    text = vault.leadership_html(dt.date(2026, 4, 1))
    assert "canary" not in text.lower()
    assert "1 group session(s) led or co-led, 1.5 hours, 1 case discussion(s)" in text
    assert "Hobart &lt;2026&gt;" in text
    assert "leadership intensives in 3 years" in text
