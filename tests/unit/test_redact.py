"""Redacted copies for export and print: what they leave out, and how they are written."""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from pathlib import Path

import pytest

import balint_desktop as bd
from balint_desktop.core import redact
from balint_desktop.core.errors import InvalidInput
from balint_desktop.core.redact import (
    NameRedactor,
    RedactionOptions,
    markdown_escape,
    to_html,
)

PRIVATE_CANARY = "quillfeather"
CASE_CANARY = "marrowbone"


@pytest.fixture
def group(vault: bd.Vault) -> bd.Group:
    return vault.add_group(
        "Clinician Group", time_zone="Australia/Sydney", co_leader="Dr Bea Quinlan"
    )


def written(vault: bd.Vault, group: bd.Group, day: dt.date, **sections: str) -> bd.Session:
    session = vault.add_session(group.id, day)
    vault.save_reflection(session.id, sections)
    return session


@pytest.mark.parametrize("include_names", [False, True])
@pytest.mark.parametrize("include_group_name", [False, True])
def test_the_private_section_is_never_in_a_copy_whatever_the_options(
    vault: bd.Vault, group: bd.Group, include_names: bool, include_group_name: bool
) -> None:
    session = written(
        vault,
        group,
        dt.date(2026, 3, 12),
        case=f"A long case {CASE_CANARY}.",
        my_responses=f"I felt {PRIVATE_CANARY} all evening.",
    )
    options = RedactionOptions(include_names=include_names, include_group_name=include_group_name)
    document = vault.redacted_document([session.id], options)
    for text in (
        vault.redacted_markdown([session.id], options),
        vault.redacted_html([session.id], options),
        to_html(document),  # what the PDF and the printer are made from
        document.plain_text(),
    ):
        assert CASE_CANARY in text  # not vacuous: the rest of the notes is there
        assert PRIVATE_CANARY not in text
        assert "My own responses" not in text  # not even the heading
    assert all(section.key != "my_responses" for s in document.sessions for section in s.sections)
    assert "private reflections and co-leaders' reflections left out" in document.notice().lower()
    assert not any(
        PRIVATE_CANARY in span.text for span in vault.redacted_identifiers([session.id], options)
    )


def test_there_is_no_option_to_keep_the_private_section() -> None:
    with pytest.raises(TypeError):
        RedactionOptions(include_private=True)  # type: ignore[call-arg]
    assert not any("private" in f.name for f in dataclasses.fields(RedactionOptions))


def test_my_responses_stay_private_even_if_a_template_drops_the_flag(
    vault: bd.Vault, group: bd.Group
) -> None:
    template = vault.group_template(group.id)
    relaxed = dataclasses.replace(
        template,
        sections=tuple(dataclasses.replace(s, private=False) for s in template.sections),
    )
    vault.save_group_template(group.id, relaxed)
    session = written(vault, group, dt.date(2026, 3, 12), my_responses=PRIVATE_CANARY)
    assert PRIVATE_CANARY not in vault.redacted_markdown([session.id])


def test_names_are_replaced_by_default_and_kept_when_asked(
    vault: bd.Vault, group: bd.Group
) -> None:
    vault.add_member(group.id, "Anna Smith")
    presenter = vault.add_member(group.id, "P3")
    vault.add_member(group.id, "A")  # an initial: must not eat the word "a"
    session = written(
        vault,
        group,
        dt.date(2026, 3, 12),
        case="p3 presented; ANNA SMITH asked a question, then Anna again. Quinlan and I agreed.",
        atmosphere="Annabel was not a member.",
    )
    vault.add_presentation(session.id, presenter_id=presenter.id, other_pseudonym="Mrs A")
    vault.set_attendance(session.id, presenter.id, "present", presented=True)

    text = vault.redacted_markdown([session.id])
    assert (
        "[member] presented; [member] asked a question, then [member] again. "
        "[co-leader] and I agreed." in text
    )
    assert "Annabel was not a member." in text  # whole words only
    assert "presented by [member]" in text
    assert "the patient “Mrs A”" in text  # a pseudonym of the other stays
    assert "Attendance: 1 present" in text
    for name in ("Anna", "Smith", "P3", "Quinlan"):
        assert not re.search(rf"\b{name}\b", text, re.IGNORECASE), name

    kept = vault.redacted_markdown([session.id], RedactionOptions(include_names=True))
    assert "p3 presented; ANNA SMITH asked" in kept
    assert "Present: P3 (presented)" in kept
    assert "presented by P3" in kept


def test_co_leaders_added_for_the_exchange_are_replaced_too(
    vault: bd.Vault, group: bd.Group, tmp_path: Path
) -> None:
    with bd.Vault.create(tmp_path / "co", "another passphrase", kdf=bd.KdfParams.for_tests()) as co:
        vault.add_co_leader(co.identity().public_bytes(), "Ben Okafor")
    session = written(vault, group, dt.date(2026, 3, 12), co_leader_debrief="Ben and I agreed.")

    document = vault.redacted_document([session.id])

    text = redact.to_markdown(document)
    assert "[co-leader] and I agreed." in text
    assert "Ben" not in text
    assert "other names written in the notes are not" in document.notice()


def test_longest_names_are_replaced_first() -> None:
    redact = NameRedactor(["Jo", "Jo Ellen", "Ellen Park"], co_leader="Sam; Sam Lee")
    assert redact("Jo Ellen met Jo, then Sam Lee and sam.") == (
        "[member] met [member], then [co-leader] and [co-leader]."
    )
    assert redact("Joanne and Samuel") == "Joanne and Samuel"
    # A pseudonym of the other stays whole even when it holds a roster initial.
    initials = NameRedactor(["A"], keep=["Mrs A"])
    assert (
        initials("Mrs A rang. A listened, a little.") == "Mrs A rang. [member] listened, a little."
    )


def test_the_group_name_can_be_left_out(vault: bd.Vault, group: bd.Group) -> None:
    session = written(vault, group, dt.date(2026, 3, 12), case="x")
    assert vault.redacted_markdown([session.id]).startswith("# Session notes — Clinician Group\n")
    plain = vault.redacted_markdown([session.id], RedactionOptions(include_group_name=False))
    assert plain.startswith("# Session notes\n")
    assert "Clinician" not in plain


def test_hostile_text_is_escaped_in_html_and_markdown(vault: bd.Vault, group: bd.Group) -> None:
    hostile = '<script>alert("x")</script> & <img src=https://example.invalid/x.png>'
    vault.update_group(group.id, name="<b>Group</b>")
    session = written(vault, group, dt.date(2026, 3, 12), case=hostile)
    page = vault.redacted_html([session.id])
    for raw in ("<script>", "<img", "<b>Group"):
        assert raw not in page
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &lt;img" in page

    markdown = vault.redacted_markdown([session.id])
    assert re.search(r"(?<!\\)<", markdown) is None  # every < escaped: no raw HTML
    assert "\\<img src=https://example.invalid/x.png\\>" in markdown
    assert markdown_escape("![x](https://t.invalid/p.png) *bold* # h") == (
        "!\\[x]\\(https://t.invalid/p.png) \\*bold\\* \\# h"
    )


def test_template_titles_head_the_sections_in_template_order(
    vault: bd.Vault, group: bd.Group
) -> None:
    template = vault.group_template(group.id)
    renamed = dataclasses.replace(
        template,
        sections=tuple(
            dataclasses.replace(s, title="What the case was") if s.key == "case" else s
            for s in template.sections
        ),
    )
    vault.save_group_template(group.id, renamed)
    session = written(
        vault, group, dt.date(2026, 3, 12), follow_up="Later.", case="First.", atmosphere=""
    )
    text = vault.redacted_markdown([session.id])
    assert "### What the case was\n\nFirst." in text
    assert text.index("What the case was") < text.index("### Follow-up and supervision")
    assert "Arrival and atmosphere" not in text  # empty sections are not listed
    assert "6:00 pm AEDT · 90 minutes · Online" in text  # local time


def test_a_date_range_picks_exactly_its_sessions(vault: bd.Vault, group: bd.Group) -> None:
    days = [dt.date(2026, 1, 31), dt.date(2026, 2, 1), dt.date(2026, 2, 28), dt.date(2026, 3, 1)]
    sessions = [written(vault, group, day, case=f"case of {day.isoformat()}") for day in days]
    other = vault.add_group("Coaches")
    vault.add_session(other.id, dt.date(2026, 2, 10))

    chosen = vault.sessions_between(group.id, dt.date(2026, 2, 1), dt.date(2026, 2, 28))
    assert [s.id for s in chosen] == [sessions[1].id, sessions[2].id]
    assert vault.sessions_between(group.id, dt.date(2026, 3, 2), dt.date(2026, 12, 31)) == []

    text = vault.redacted_markdown(s.id for s in reversed(chosen))
    assert "case of 2026-01-31" not in text
    assert "case of 2026-03-01" not in text
    assert text.index("Sunday 1 February 2026") < text.index("Saturday 28 February 2026")


def test_a_copy_needs_sessions_of_one_group(vault: bd.Vault, group: bd.Group) -> None:
    session = vault.add_session(group.id, dt.date(2026, 3, 12))
    other = vault.add_session(vault.add_group("Coaches").id, dt.date(2026, 3, 12))
    with pytest.raises(InvalidInput, match="at least one session"):
        vault.redacted_markdown([])
    with pytest.raises(InvalidInput, match="one group"):
        vault.redacted_markdown([session.id, other.id])


def test_the_guard_sees_the_copy_and_still_flags_kept_names(
    vault: bd.Vault, group: bd.Group
) -> None:
    vault.add_member(group.id, "Anna Smith")
    session = written(
        vault, group, dt.date(2026, 3, 12), case="Anna Smith gave me 0412 345 678 to ring."
    )
    stripped = {s.kind for s in vault.redacted_identifiers([session.id])}
    assert stripped == {"phone"}
    kept = vault.redacted_identifiers([session.id], RedactionOptions(include_names=True))
    assert {(s.kind, s.text) for s in kept} == {("name", "Anna Smith"), ("phone", "0412 345 678")}


def test_html_keeps_paragraphs_and_line_breaks(vault: bd.Vault, group: bd.Group) -> None:
    session = written(vault, group, dt.date(2026, 3, 12), case="One\ntwo\n\nThree")
    document = vault.redacted_document([session.id])
    assert "<p>One<br>two</p><p>Three</p>" in to_html(document)


@pytest.mark.parametrize(
    ("roster", "text", "left"),
    [
        ("anna smith", "Anna came; SMITH spoke.", "[member] came; [member] spoke."),
        ("Anna Smith", "ANNA came, then Anna again.", "[member] came, then [member] again."),
        # The same name in another Unicode form (pasted from macOS).
        (
            "Jos\u00e9 N\u00fa\u00f1ez",
            "Jose\u0301 Nu\u0301n\u0303ez presented.",
            "[member] presented.",
        ),
        ("Sean O'Brien", "O\u2019Brien was quiet.", "[member] was quiet."),
    ],
)
def test_names_are_found_whatever_their_case_form_or_apostrophe(
    roster: str, text: str, left: str
) -> None:
    assert NameRedactor([roster])(text) == left


def test_common_words_that_are_part_of_a_name_stay_in_lower_case() -> None:
    assert NameRedactor(["Rose Field"])("a rose in the field; Rose came") == (
        "a rose in the field; [member] came"
    )


def test_note_text_cannot_define_or_use_a_link_reference() -> None:
    """ "[member]: http://…" on a line of its own would link every placeholder."""
    assert markdown_escape("[member]: http://x.example/") == "[member]\\: http://x.example/"
    assert markdown_escape("see [member][1]") == "see [member]\\[1]"
