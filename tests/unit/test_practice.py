"""The roster and attendance (storage.practice via Vault)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest

import balint_desktop as bd
from tests.conftest import PASSPHRASE
from tests.unit.conftest import Practice, count_rows

# -- members ---------------------------------------------------------------


def test_add_member_and_read_it_back(vault: bd.Vault) -> None:
    group = vault.add_group("Clinician Group")
    member = vault.add_member(
        group.id, "  Dr\n K. ", profession="GP registrar", joined_on=dt.date(2025, 3, 1)
    )
    assert member == bd.Member(
        id=member.id,
        group_id=group.id,
        pseudonym="Dr K.",
        profession="GP registrar",
        joined_on=dt.date(2025, 3, 1),
        left_on=None,
    )
    assert vault.member(member.id) == member
    assert vault.members(group.id) == [member]


def test_members_are_ordered_by_pseudonym_ignoring_case(practice: Practice) -> None:
    names = [m.pseudonym for m in practice.vault.members(practice.group.id)]
    assert names == ["al", "Bea", "cy"]
    assert [m.pseudonym for m in practice.vault.members(practice.other_group.id)] == ["X1"]


@pytest.mark.parametrize("pseudonym", ["", "   ", "\n", None, 7, "x" * 201])
def test_add_member_refuses_a_bad_pseudonym(vault: bd.Vault, pseudonym: Any) -> None:
    group = vault.add_group("G")
    with pytest.raises(bd.InvalidInput, match="pseudonym"):
        vault.add_member(group.id, pseudonym)
    assert vault.members(group.id) == []


def test_add_member_refuses_bad_fields_without_echoing_them(vault: bd.Vault) -> None:
    group = vault.add_group("G")
    canary = "zqcanary" * 30
    with pytest.raises(bd.InvalidInput) as caught:
        vault.add_member(group.id, canary)
    assert "zqcanary" not in str(caught.value)
    with pytest.raises(bd.InvalidInput, match="profession") as caught:
        vault.add_member(group.id, "P1", profession=canary)
    assert "zqcanary" not in str(caught.value)
    with pytest.raises(bd.InvalidInput, match="joining date"):
        vault.add_member(group.id, "P1", joined_on=dt.datetime(2026, 1, 1, tzinfo=dt.UTC))
    with pytest.raises(bd.InvalidInput, match="joining date"):
        vault.add_member(group.id, "P1", joined_on="2026-01-01")  # type: ignore[arg-type]
    with pytest.raises(bd.InvalidInput, match="group does not exist"):
        vault.add_member(group.id + 99, "P1")
    with pytest.raises(bd.InvalidInput, match="whole number"):
        vault.add_member(True, "P1")
    assert vault.members(group.id) == []


def test_update_member(practice: Practice) -> None:
    vault, al = practice.vault, practice.members[0]
    changed = vault.update_member(
        al.id, pseudonym="Al", profession="counsellor", joined_on=dt.date(2025, 1, 1)
    )
    assert (changed.pseudonym, changed.profession, changed.joined_on) == (
        "Al",
        "counsellor",
        dt.date(2025, 1, 1),
    )
    left = vault.update_member(al.id, left_on=dt.date(2026, 2, 28))
    assert left.left_on == dt.date(2026, 2, 28)
    assert left.pseudonym == "Al"
    assert vault.update_member(al.id, left_on=None).left_on is None
    assert vault.member(al.id).joined_on == dt.date(2025, 1, 1)


def test_update_member_refusals(practice: Practice) -> None:
    vault, al = practice.vault, practice.members[0]
    with pytest.raises(bd.InvalidInput, match="Unknown member field: group_id"):
        vault.update_member(al.id, group_id=practice.other_group.id)
    with pytest.raises(bd.InvalidInput, match="pseudonym cannot be empty"):
        vault.update_member(al.id, pseudonym=" ")
    with pytest.raises(bd.InvalidInput, match="leaving date"):
        vault.update_member(al.id, left_on="soon")
    vault.update_member(al.id, joined_on=dt.date(2026, 3, 1))
    with pytest.raises(bd.InvalidInput, match="cannot leave before"):
        vault.update_member(al.id, left_on=dt.date(2026, 2, 1))
    with pytest.raises(bd.InvalidInput, match="cannot leave before"):
        vault.update_member(al.id, joined_on=dt.date(2026, 5, 1), left_on=dt.date(2026, 4, 1))
    with pytest.raises(bd.InvalidInput, match="member does not exist"):
        vault.update_member(10_000, pseudonym="Z")
    with pytest.raises(bd.InvalidInput, match="member does not exist"):
        vault.member(10_000)
    assert vault.member(al.id) == bd.Member(
        id=al.id, group_id=practice.group.id, pseudonym="al", joined_on=dt.date(2026, 3, 1)
    )


def test_members_on_a_date_follow_joining_and_leaving(vault: bd.Vault) -> None:
    group = vault.add_group("G")
    always = vault.add_member(group.id, "A-always")
    joined = vault.add_member(group.id, "B-joined-feb", joined_on=dt.date(2026, 2, 1))
    leaver = vault.update_member(
        vault.add_member(group.id, "C-left-mar").id, left_on=dt.date(2026, 3, 1)
    )
    later = vault.add_member(group.id, "D-joins-jun", joined_on=dt.date(2026, 6, 1))

    def on(day: dt.date) -> list[int]:
        return [m.id for m in vault.members(group.id, on=day)]

    assert on(dt.date(2026, 1, 15)) == [always.id, leaver.id]
    assert on(dt.date(2026, 2, 1)) == [always.id, joined.id, leaver.id]  # joined that day
    assert on(dt.date(2026, 3, 1)) == [always.id, joined.id, leaver.id]  # left that day
    assert on(dt.date(2026, 3, 2)) == [always.id, joined.id]
    assert on(dt.date(2026, 6, 1)) == [always.id, joined.id, later.id]
    assert [m.id for m in vault.members(group.id)] == [always.id, joined.id, leaver.id, later.id]
    with pytest.raises(bd.InvalidInput, match="date"):
        vault.members(group.id, on="2026-01-01")  # type: ignore[arg-type]
    with pytest.raises(bd.InvalidInput, match="group does not exist"):
        vault.members(group.id + 99)


# -- attendance ------------------------------------------------------------


def test_set_attendance_upserts(practice: Practice) -> None:
    vault, session = practice.vault, practice.sessions[0]
    al, bea, cy = practice.members
    assert vault.attendance(session.id) == []
    first = vault.set_attendance(session.id, cy.id, "present")
    assert first == bd.Attendance(session.id, cy.id, "present", presented=False)
    vault.set_attendance(session.id, al.id, "apology")
    changed = vault.set_attendance(session.id, cy.id, "present", presented=True)
    assert changed == bd.Attendance(session.id, cy.id, "present", presented=True)
    vault.set_attendance(session.id, bea.id, "absent")
    assert vault.attendance(session.id) == [
        bd.Attendance(session.id, al.id, "apology"),
        bd.Attendance(session.id, bea.id, "absent"),
        bd.Attendance(session.id, cy.id, "present", presented=True),
    ]
    vault.set_attendance(session.id, cy.id, "absent")
    assert count_rows(vault, "attendance", session.id) == 3
    assert vault.attendance(session.id)[2] == bd.Attendance(session.id, cy.id, "absent")
    assert vault.attendance(practice.sessions[1].id) == []


def test_clear_attendance(practice: Practice) -> None:
    vault, session = practice.vault, practice.sessions[0]
    al, bea, _ = practice.members
    vault.set_attendance(session.id, al.id, "present")
    vault.set_attendance(session.id, bea.id, "present")
    vault.clear_attendance(session.id, al.id)
    assert [a.member_id for a in vault.attendance(session.id)] == [bea.id]
    vault.clear_attendance(session.id, al.id)  # nothing recorded: nothing to do
    assert [a.member_id for a in vault.attendance(session.id)] == [bea.id]
    with pytest.raises(bd.InvalidInput, match="not in this session's group"):
        vault.clear_attendance(session.id, practice.stranger.id)
    with pytest.raises(bd.InvalidInput, match="session does not exist"):
        vault.clear_attendance(10_000, al.id)


def test_set_attendance_refusals(practice: Practice) -> None:
    vault, session = practice.vault, practice.sessions[0]
    al = practice.members[0]
    with pytest.raises(bd.InvalidInput, match="present, apology, absent"):
        vault.set_attendance(session.id, al.id, "late")
    with pytest.raises(bd.InvalidInput, match="not in this session's group"):
        vault.set_attendance(session.id, practice.stranger.id, "present")
    with pytest.raises(bd.InvalidInput, match="session does not exist"):
        vault.set_attendance(10_000, al.id, "present")
    with pytest.raises(bd.InvalidInput, match="member does not exist"):
        vault.set_attendance(session.id, 10_000, "present")
    with pytest.raises(bd.InvalidInput, match="yes or no"):
        vault.set_attendance(session.id, al.id, "present", presented=1)  # type: ignore[arg-type]
    with pytest.raises(bd.InvalidInput, match="Only a member who was present"):
        vault.set_attendance(session.id, al.id, "apology", presented=True)
    with pytest.raises(bd.InvalidInput, match="session does not exist"):
        vault.attendance(10_000)
    assert vault.attendance(session.id) == []


def test_practice_calls_need_an_open_vault(vault_dir: Path) -> None:
    vault = bd.Vault.create(vault_dir, PASSPHRASE, kdf=bd.KdfParams.for_tests())
    group = vault.add_group("G")
    vault.close()
    with pytest.raises(bd.VaultClosed):
        vault.members(group.id)
    with pytest.raises(bd.VaultClosed):
        vault.add_presentation(1)
