"""Case presentations, links between them and case threads (storage.practice via Vault)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

import balint_desktop as bd
from balint_desktop.core.models import DEFAULT_OTHER_KIND, GROUP_KINDS
from tests.unit.conftest import Practice, count_rows

# -- case presentations ----------------------------------------------------


def test_positions_fill_up_to_three_and_renumber_after_delete(practice: Practice) -> None:
    vault, session = practice.vault, practice.sessions[0]
    added = [vault.add_presentation(session.id, summary=f"case {n}") for n in (1, 2, 3)]
    assert [p.position for p in added] == [1, 2, 3]
    with pytest.raises(bd.InvalidInput, match="at most three cases"):
        vault.add_presentation(session.id, summary="case 4")
    assert vault.presentations(session.id) == added

    vault.delete_presentation(added[1].id)
    left = vault.presentations(session.id)
    assert [(p.id, p.position) for p in left] == [(added[0].id, 1), (added[2].id, 2)]
    fourth = vault.add_presentation(session.id, summary="case 4")
    assert fourth.position == 3
    vault.delete_presentation(added[0].id)
    assert [(p.summary, p.position) for p in vault.presentations(session.id)] == [
        ("case 3", 1),
        ("case 4", 2),
    ]
    with pytest.raises(bd.InvalidInput, match="presentation does not exist"):
        vault.delete_presentation(added[0].id)


def test_a_presentation_keeps_its_fields(practice: Practice) -> None:
    vault, session = practice.vault, practice.sessions[0]
    bea = practice.members[1]
    made = vault.add_presentation(
        session.id,
        presenter_id=bea.id,
        other_pseudonym="Mrs\tQ",
        other_kind="team",
        summary="A long\nrelationship  ending",
    )
    assert made == bd.Presentation(
        id=made.id,
        session_id=session.id,
        position=1,
        presenter_id=bea.id,
        other_pseudonym="Mrs Q",
        other_kind="team",
        summary="A long relationship ending",
        follows_id=None,
    )
    assert vault.presentation(made.id) == made
    assert vault.add_presentation(session.id).other_pseudonym == ""


@pytest.mark.parametrize("kind", GROUP_KINDS)
def test_other_kind_defaults_to_the_groups_word(vault: bd.Vault, kind: Any) -> None:
    group = vault.add_group("G", kind=kind)
    session = vault.add_session(group.id, dt.date(2026, 1, 5))
    assert vault.add_presentation(session.id).other_kind == DEFAULT_OTHER_KIND[kind]
    assert vault.add_presentation(session.id, other_kind="organisation").other_kind == (
        "organisation"
    )


def test_named_defaults_per_group_kind() -> None:
    assert DEFAULT_OTHER_KIND["clinician"] == "patient"
    assert DEFAULT_OTHER_KIND["coaches_consultants"] == "client"
    assert DEFAULT_OTHER_KIND["health_leaders"] == "colleague"


def test_a_presenter_is_marked_present_and_presented(practice: Practice) -> None:
    vault, session = practice.vault, practice.sessions[0]
    al, bea, cy = practice.members
    vault.set_attendance(session.id, bea.id, "apology")
    vault.set_attendance(session.id, cy.id, "present")
    vault.add_presentation(session.id, presenter_id=al.id)  # nothing recorded yet
    vault.add_presentation(session.id, presenter_id=bea.id)  # recorded as an apology
    third = vault.add_presentation(session.id)
    assert vault.attendance(session.id) == [
        bd.Attendance(session.id, al.id, "present", presented=True),
        bd.Attendance(session.id, bea.id, "present", presented=True),
        bd.Attendance(session.id, cy.id, "present", presented=False),
    ]
    vault.update_presentation(third.id, presenter_id=cy.id)
    assert vault.attendance(session.id)[2] == bd.Attendance(session.id, cy.id, "present", True)
    # Saving again without changing the presenter leaves a later correction alone.
    vault.set_attendance(session.id, cy.id, "absent")
    vault.update_presentation(third.id, presenter_id=cy.id, summary="edited")
    assert vault.attendance(session.id)[2] == bd.Attendance(session.id, cy.id, "absent")


def test_add_presentation_refusals(practice: Practice) -> None:
    vault = practice.vault
    jan, feb, mar, _ = practice.sessions
    earlier = vault.add_presentation(jan.id)
    later = vault.add_presentation(mar.id)
    same = vault.add_presentation(feb.id)
    elsewhere = vault.add_presentation(practice.other_session.id)
    refusals: list[tuple[dict[str, Any], str]] = [
        ({"presenter_id": practice.stranger.id}, "not in this session's group"),
        ({"presenter_id": 10_000}, "member does not exist"),
        ({"presenter_id": "1"}, "whole number"),
        ({"follows_id": later.id}, "earlier session of the same group"),
        ({"follows_id": same.id}, "earlier session of the same group"),
        ({"follows_id": elsewhere.id}, "earlier session of the same group"),
        ({"follows_id": 10_000}, "earlier presentation does not exist"),
        ({"other_kind": "patients"}, "kind of other"),
        ({"summary": "x" * 501}, "summary is too long"),
        ({"summary": None}, "summary must be text"),
        ({"other_pseudonym": "x" * 201}, "pseudonym is too long"),
    ]
    for fields, message in refusals:
        with pytest.raises(bd.InvalidInput, match=message):
            vault.add_presentation(feb.id, **fields)
    with pytest.raises(bd.InvalidInput, match="session does not exist"):
        vault.add_presentation(10_000)
    with pytest.raises(TypeError):
        vault.add_presentation(feb.id, colour="red")  # type: ignore[call-arg]
    assert vault.presentations(feb.id) == [same]
    assert vault.attendance(feb.id) == []
    assert vault.add_presentation(feb.id, follows_id=earlier.id).follows_id == earlier.id


def test_update_presentation(practice: Practice) -> None:
    vault = practice.vault
    jan, feb, *_ = practice.sessions
    root = vault.add_presentation(jan.id)
    made = vault.add_presentation(feb.id, other_pseudonym="Mr B", summary="first telling")
    changed = vault.update_presentation(
        made.id, follows_id=root.id, other_kind="client", summary="second telling"
    )
    assert changed == bd.Presentation(
        id=made.id,
        session_id=feb.id,
        position=1,
        other_pseudonym="Mr B",
        other_kind="client",
        summary="second telling",
        follows_id=root.id,
    )
    unlinked = vault.update_presentation(made.id, follows_id=None, other_kind=None)
    assert (unlinked.follows_id, unlinked.other_kind) == (None, "patient")
    al = practice.members[0]
    assert vault.update_presentation(made.id, presenter_id=al.id).presenter_id == al.id
    assert vault.update_presentation(made.id, presenter_id=None).presenter_id is None


def test_update_presentation_refusals(practice: Practice) -> None:
    vault = practice.vault
    _, feb, mar, _ = practice.sessions
    made = vault.add_presentation(feb.id, summary="kept")
    later = vault.add_presentation(mar.id)
    elsewhere = vault.add_presentation(practice.other_session.id)
    with pytest.raises(bd.InvalidInput, match="Unknown case presentation field: position"):
        vault.update_presentation(made.id, position=2)
    with pytest.raises(bd.InvalidInput, match="not in this session's group"):
        vault.update_presentation(made.id, presenter_id=practice.stranger.id)
    with pytest.raises(bd.InvalidInput, match="earlier session of the same group"):
        vault.update_presentation(made.id, follows_id=later.id)
    with pytest.raises(bd.InvalidInput, match="earlier session of the same group"):
        vault.update_presentation(made.id, follows_id=made.id)
    with pytest.raises(bd.InvalidInput, match="earlier session of the same group"):
        vault.update_presentation(made.id, follows_id=elsewhere.id)
    with pytest.raises(bd.InvalidInput, match="presentation does not exist"):
        vault.update_presentation(10_000, summary="x")
    # Moving sessions around could otherwise close a loop: March follows
    # February, then February is moved after March and asked to follow it.
    vault.update_presentation(later.id, follows_id=made.id)
    vault.update_session(feb.id, dt.date(2026, 3, 20))
    with pytest.raises(bd.InvalidInput, match="follow itself"):
        vault.update_presentation(made.id, follows_id=later.id)
    assert vault.presentation(made.id).summary == "kept"
    assert vault.presentation(made.id).follows_id is None
    assert vault.attendance(feb.id) == []


def test_earlier_presentations_are_the_groups_newest_first(practice: Practice) -> None:
    vault = practice.vault
    jan, feb, mar, apr = practice.sessions
    j1, j2 = vault.add_presentation(jan.id), vault.add_presentation(jan.id)
    f1 = vault.add_presentation(feb.id)
    vault.add_presentation(mar.id)
    vault.add_presentation(practice.other_session.id)  # January, another group
    earlier = vault.earlier_presentations(mar.id)
    assert [(s.id, p.id) for s, p in earlier] == [(feb.id, f1.id), (jan.id, j1.id), (jan.id, j2.id)]
    assert earlier[0][0] == feb
    assert vault.earlier_presentations(jan.id) == []
    assert len(vault.earlier_presentations(apr.id)) == 4
    with pytest.raises(bd.InvalidInput, match="session does not exist"):
        vault.earlier_presentations(10_000)


def _branching_case(practice: Practice) -> dict[str, bd.Presentation]:
    """a1 → a2 → (a3, a3b) and a3 → a4; b1 is another case in January."""
    vault = practice.vault
    jan, feb, mar, apr = practice.sessions
    a1 = vault.add_presentation(jan.id, other_pseudonym="Mrs A")
    b1 = vault.add_presentation(jan.id, other_pseudonym="Mr B")
    a2 = vault.add_presentation(feb.id, follows_id=a1.id)
    a3 = vault.add_presentation(mar.id, follows_id=a2.id)
    a3b = vault.add_presentation(mar.id, follows_id=a2.id)
    a4 = vault.add_presentation(apr.id, follows_id=a3.id)
    return {"a1": a1, "b1": b1, "a2": a2, "a3": a3, "a3b": a3b, "a4": a4}


def test_case_thread_follows_links_and_branches(practice: Practice) -> None:
    vault = practice.vault
    case = _branching_case(practice)
    expected = [case[k].id for k in ("a1", "a2", "a3", "a3b", "a4")]
    for key in ("a1", "a2", "a3", "a3b", "a4"):
        thread = vault.case_thread(case[key].id)
        assert [p.id for _, p in thread] == expected
        assert [s.id for s, _ in thread] == [practice.sessions[i].id for i in (0, 1, 2, 2, 3)]
    assert [p.id for _, p in vault.case_thread(case["b1"].id)] == [case["b1"].id]
    with pytest.raises(bd.InvalidInput, match="presentation does not exist"):
        vault.case_thread(10_000)


def test_case_thread_ends_even_if_the_data_has_a_cycle(practice: Practice) -> None:
    vault = practice.vault
    case = _branching_case(practice)
    # Only a damaged or hand-edited vault could hold this loop.
    vault.repository.connection.execute(
        "UPDATE case_presentations SET follows_presentation_id = ? WHERE id = ?",
        (case["a4"].id, case["a1"].id),
    )
    ids = {p.id for _, p in vault.case_thread(case["a2"].id)}
    assert ids == {case[k].id for k in ("a1", "a2", "a3", "a3b", "a4")}


def test_deleting_a_presentation_unlinks_what_followed_it(practice: Practice) -> None:
    vault = practice.vault
    case = _branching_case(practice)
    vault.delete_presentation(case["a2"].id)
    assert vault.presentation(case["a3"].id).follows_id is None
    assert vault.presentation(case["a3b"].id).follows_id is None
    assert [p.id for _, p in vault.case_thread(case["a1"].id)] == [case["a1"].id]
    assert [p.id for _, p in vault.case_thread(case["a4"].id)] == [case["a3"].id, case["a4"].id]


def test_deleting_a_session_removes_its_presentations_and_attendance(practice: Practice) -> None:
    vault = practice.vault
    case = _branching_case(practice)
    feb = practice.sessions[1]
    al = practice.members[0]
    vault.set_attendance(feb.id, al.id, "present", presented=True)
    vault.update_presentation(case["a2"].id, presenter_id=al.id)
    assert count_rows(vault, "case_presentations", feb.id) == 1
    vault.delete_session(feb.id)
    assert count_rows(vault, "case_presentations", feb.id) == 0
    assert count_rows(vault, "attendance", feb.id) == 0
    with pytest.raises(bd.InvalidInput, match="session does not exist"):
        vault.presentations(feb.id)
    with pytest.raises(bd.InvalidInput, match="presentation does not exist"):
        vault.presentation(case["a2"].id)
    assert vault.presentation(case["a3"].id).follows_id is None
    assert vault.member(al.id) == al


def test_deleting_a_group_removes_its_roster(practice: Practice) -> None:
    vault = practice.vault
    vault.delete_group(practice.group.id)
    with pytest.raises(bd.InvalidInput, match="member does not exist"):
        vault.member(practice.members[0].id)
    assert vault.members(practice.other_group.id) == [practice.stranger]
