"""Templates: each kind's wording, a group's own versions, and sessions keep theirs."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest

import balint_desktop as bd
from balint_desktop.core.templates import template_for_kind


def prompt(template: bd.Template, key: str) -> str:
    return next(s.prompt for s in template.sections if s.key == key)


def test_each_kind_of_group_gets_its_wording(vault: bd.Vault) -> None:
    clinicians = vault.add_group("Clinician Group")
    coaches = vault.add_group("Coaches", kind="coaches_consultants")
    leaders = vault.add_group("Health Leaders", kind="health_leaders")
    assert "the patient" in prompt(vault.group_template(clinicians.id), "case")
    assert "the client" in prompt(vault.group_template(coaches.id), "case")
    assert "colleague, team or organisation" in prompt(vault.group_template(leaders.id), "case")
    # The same nine sections everywhere, so search and exports treat them alike.
    keys = {vault.group_template(g.id).keys for g in (clinicians, coaches, leaders)}
    assert keys == {bd.SECTION_KEYS}
    session = vault.add_session(coaches.id, dt.date(2026, 3, 1))
    assert "the client" in prompt(vault.template(session.id), "case")


def test_a_group_that_changes_kind_follows_it_unless_reworded(vault: bd.Vault) -> None:
    group = vault.add_group("Mixed")
    vault.update_group(group.id, kind="coaches_consultants")
    assert "the client" in prompt(vault.group_template(group.id), "case")
    vault.save_group_template(group.id, template_for_kind("coaches_consultants"))  # no change
    assert vault.template_versions(group.id) == []
    own = dataclasses.replace(vault.group_template(group.id), name="Our prompts")
    assert vault.save_group_template(group.id, own) == 1
    vault.update_group(group.id, kind="health_leaders")
    assert vault.group_template(group.id).name == "Our prompts"


def test_an_edit_is_a_new_version_and_old_sessions_keep_theirs(vault: bd.Vault) -> None:
    group = vault.add_group("Clinician Group")
    before = vault.add_session(group.id, dt.date(2026, 1, 10))
    vault.save_reflection(before.id, {"atmosphere": "quiet start", "case": "a GP and Mr B"})

    current = vault.group_template(group.id)
    sections = [
        dataclasses.replace(s, title="Who was there") if s.key == "atmosphere" else s
        for s in current.sections
        if s.key != "presenter_return"
    ]
    edited = bd.Template(name="Clinicians, our way", sections=tuple(sections))
    assert vault.save_group_template(group.id, edited) == 1
    after = vault.add_session(group.id, dt.date(2026, 2, 10))

    old = vault.template(before.id)
    assert old.sections[0].title == "Arrival and atmosphere"
    assert "presenter_return" in old.keys
    new = vault.template(after.id)
    assert new.sections[0].title == "Who was there"
    assert "presenter_return" not in new.keys
    assert vault.reflection(before.id).sections["atmosphere"] == "quiet start"
    with pytest.raises(bd.InvalidInput, match="no such section"):
        vault.save_reflection(after.id, {"presenter_return": "x"})

    assert vault.reset_group_template(group.id) == 2
    assert vault.group_template(group.id) == template_for_kind("clinician")
    versions = vault.template_versions(group.id)
    assert [(v.version, v.sessions) for v in versions] == [(2, 0), (1, 1)]
    assert versions[1].name == "Clinicians, our way"


def test_bad_edits_are_refused_and_privacy_is_kept(vault: bd.Vault) -> None:
    group = vault.add_group("Clinician Group")
    spec = bd.SectionSpec
    cases = [
        (bd.Template("x", ()), "at least one section"),
        (bd.Template("x", (spec("diary", "Diary", ""),)), "known sections"),
        (bd.Template("x", (spec("case", "A", ""), spec("case", "B", ""))), "known sections"),
        (bd.Template("x", (spec("case", "   ", ""),)), "needs a title"),
        (bd.Template("x", (spec("case", "t" * 81, ""),)), "at most 80"),
        (bd.Template("x", (spec("case", "The case (private)", ""),)), "Only your own responses"),
    ]
    for template, message in cases:
        with pytest.raises(bd.InvalidInput, match=message):
            vault.save_group_template(group.id, template)
    assert vault.template_versions(group.id) == []
    # A leader cannot make their own responses public by retitling them.
    public = bd.Template("x", (spec("my_responses", "Shared notes", "", private=False),))
    vault.save_group_template(group.id, public)
    assert vault.group_template(group.id).sections[0].private


def test_a_deleted_group_s_template_does_not_haunt_the_next(vault: bd.Vault) -> None:
    first = vault.add_group("First")
    short = vault.group_template(first.id)
    without = bd.Template("Short", tuple(s for s in short.sections if s.key != "follow_up"))
    vault.save_group_template(first.id, without)
    session = vault.add_session(first.id, dt.date(2026, 1, 5))
    vault.save_reflection(session.id, {"case": "x"})
    vault.delete_group(first.id)

    # The next group's own version may get the same row id; its keys are its own.
    second = vault.add_group("Second")
    vault.save_group_template(second.id, bd.Template("Full", short.sections))
    later = vault.add_session(second.id, dt.date(2026, 2, 5))
    vault.save_reflection(later.id, {"follow_up": "ask in supervision"})
    assert vault.reflection(later.id).sections == {"follow_up": "ask in supervision"}
