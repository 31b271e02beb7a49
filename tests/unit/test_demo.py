"""The demo vault: fictional, de-identified, varied and reproducible."""

from __future__ import annotations

import datetime as dt
import itertools
import re
import subprocess
import sys
import zoneinfo
from pathlib import Path

import pytest

import balint_desktop as bd
from balint_desktop.core.demo import SESSIONS_PER_GROUP, build_demo, populate_demo
from tests.conftest import PASSPHRASE

TODAY = dt.date(2025, 6, 20)

EXPECTED = {
    "Clinician Group": ("clinician", "Australia/Sydney"),
    "Coaches & Consultants Group": ("coaches_consultants", "Pacific/Auckland"),
    "Health Leaders Group": ("health_leaders", "Australia/Perth"),
}

IDENTIFYING = {
    "phone number": re.compile(r"\+?\(?\d[\d\s().-]{6,}\d"),
    "email address": re.compile(r"[\w.+-]+@[\w-]+(\.[\w-]+)+"),
    "date": re.compile(r"\b\d{1,2}[/.-]\d{1,2}[/.-]\d{2,4}\b"),
    "year": re.compile(r"\b(19|20)\d{2}\b"),
    "birth": re.compile(r"\bborn\b|\bbirthday\b|\bd\.?o\.?b\b", re.IGNORECASE),
    "street address": re.compile(r"\b\d+\s+\w+\s+(street|st|road|rd|avenue|ave)\b", re.I),
}
PRESENTER_CODE = re.compile(r"\b[PCH]\d\b")

Notes = dict[str, list[tuple[dt.date, dict[str, str]]]]


@pytest.fixture
def demo(vault: bd.Vault) -> bd.Vault:
    populate_demo(vault, today=TODAY)
    return vault


def notes(vault: bd.Vault) -> Notes:
    """Return group name → [(date, sections)] newest first."""
    return {
        group.name: [
            (session.held_on, vault.reflection(session.id).sections)
            for session in vault.sessions(group.id)
        ]
        for group in vault.groups()
    }


def group_text(vault: bd.Vault, name: str) -> str:
    return " ".join(text for _, sections in notes(vault)[name] for text in sections.values())


def test_three_reference_groups(demo: bd.Vault) -> None:
    groups = {group.name: group for group in demo.groups()}
    assert set(groups) == set(EXPECTED)
    for name, (kind, zone) in EXPECTED.items():
        group = groups[name]
        assert (group.kind, group.time_zone) == (kind, zone)
        assert group.mode == "online"
        assert group.cadence == "monthly"
        assert group.co_leader
        assert group.duration_minutes in (90, 120)
        assert group.started_on is not None
        assert 300 <= (TODAY - group.started_on).days <= 400


def test_a_year_of_monthly_evening_sessions(demo: bd.Vault) -> None:
    for group in demo.groups():
        sessions = demo.sessions(group.id)
        assert len(sessions) == SESSIONS_PER_GROUP
        dates = [session.held_on for session in sessions]
        assert dates == sorted(dates, reverse=True)
        assert dates[0] <= TODAY
        assert (TODAY - dates[0]).days < 35
        assert all(20 <= (a - b).days <= 45 for a, b in itertools.pairwise(dates))
        assert group.started_on == dates[-1]
        zone = zoneinfo.ZoneInfo(group.time_zone)
        for session in sessions:
            local = session.starts_at.astimezone(zone)
            assert local.date() == session.held_on
            assert local.weekday() < 5
            assert 17 <= local.hour <= 20
            assert session.status == "held"


@pytest.mark.parametrize(
    "today", [dt.date(2025, 1, 1), dt.date(2026, 1, 6), dt.date(2024, 2, 29), dt.date(2025, 12, 31)]
)
def test_dates_for_any_today(today: dt.date) -> None:
    for group in build_demo(today):
        dates = [session.held_on for session in group.sessions]
        assert len(dates) == SESSIONS_PER_GROUP
        assert dates == sorted(dates)
        assert dates[-1] <= today
        assert all(20 <= (b - a).days <= 45 for a, b in itertools.pairwise(dates))
        assert not any(day.month == 1 and day.day == 1 for day in dates)


def test_every_session_has_a_full_reflection(demo: bd.Vault) -> None:
    all_notes = [sections for rows in notes(demo).values() for _, sections in rows]
    assert len(all_notes) == 3 * SESSIONS_PER_GROUP
    for sections in all_notes:
        assert set(sections) <= set(bd.SECTION_KEYS)
        assert sum(1 for text in sections.values() if text.strip()) >= 6
        assert sections.get("case")
        assert sections.get("relationship")
    with_private = sum(1 for sections in all_notes if sections.get("my_responses"))
    assert with_private >= 0.75 * len(all_notes)
    # Real leaders leave the odd section empty.
    assert any(len(sections) < len(bd.SECTION_KEYS) for sections in all_notes)


def test_sections_are_brief(demo: bd.Vault) -> None:
    limits = {"atmosphere": 90, "case": 110, "relationship": 160}
    for rows in notes(demo).values():
        for _, sections in rows:
            for key, text in sections.items():
                assert 8 <= len(text.split()) <= limits.get(key, 90), (key, text)


def test_notes_read_varied(demo: bd.Vault) -> None:
    for rows in notes(demo).values():
        for key in ("case", "relationship", "atmosphere"):
            texts = [sections[key] for _, sections in rows if key in sections]
            assert len(set(texts)) == len(texts), key
    text = " ".join(group_text(demo, name) for name in EXPECTED)
    assert "what happened since" in text.lower()
    assert "parallel process" in text.lower()
    for word in ("shame", "rescue", "silence", "boundaries", "exhaustion"):
        assert len(re.findall(rf"\b{word}\b", text, re.IGNORECASE)) >= 5, word
    assert 1 <= text.count("Übertragung") <= 2


def test_same_seed_same_notes(demo: bd.Vault, tmp_path: Path) -> None:
    with bd.Vault.create(tmp_path / "again", PASSPHRASE, kdf=bd.KdfParams.for_tests()) as other:
        populate_demo(other, today=TODAY)
        assert notes(other) == notes(demo)
    assert build_demo(TODAY, seed=7) == build_demo(TODAY, seed=7)
    assert build_demo(TODAY, seed=7) != build_demo(TODAY, seed=8)


def test_no_identifying_details(demo: bd.Vault) -> None:
    for name in EXPECTED:
        text = group_text(demo, name)
        for what, pattern in IDENTIFYING.items():
            assert not pattern.search(text), (what, pattern.search(text))
        # The only digits are in presenter codes such as "P3".
        assert not re.search(r"\d", PRESENTER_CODE.sub("", text))


def test_word_for_the_other_follows_the_group(demo: bd.Vault) -> None:
    def has(word: str, text: str) -> bool:
        return re.search(rf"\b{word}s?\b", text, re.IGNORECASE) is not None

    clinician = group_text(demo, "Clinician Group")
    coaches = group_text(demo, "Coaches & Consultants Group")
    leaders = group_text(demo, "Health Leaders Group")
    assert has("patient", clinician)
    assert not has("client", clinician)
    assert has("client", coaches)
    assert not has("patient", coaches)
    assert all(has(word, leaders) for word in ("staff", "board", "organisation"))
    assert not has("patient", leaders)
    assert not has("client", leaders)


def test_search_finds_shame_across_groups(demo: bd.Vault) -> None:
    hits = demo.search("shame")
    assert len({hit.group_id for hit in hits}) >= 2
    assert all("<b>" in hit.snippet for hit in hits)
    assert demo.search("Übertragung")


def test_some_notes_have_a_history(demo: bd.Vault) -> None:
    group = demo.groups()[0]
    counts = [demo.reflection(s.id).revision_count for s in demo.sessions(group.id)]
    assert min(counts) >= 1
    assert max(counts) >= 2


def test_refuses_a_vault_that_has_groups(vault: bd.Vault) -> None:
    vault.add_group("My own group")
    with pytest.raises(bd.InvalidInput):
        populate_demo(vault, today=TODAY)
    assert len(vault.groups()) == 1


def test_never_imports_qt() -> None:
    code = (
        "import sys, balint_desktop.core.demo\n"
        "assert not [m for m in sys.modules if m.startswith(('PySide6', 'shiboken6'))]\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True)


def test_roster_attendance_and_case_threads(demo: bd.Vault) -> None:
    threads = 0
    for group in demo.groups():
        members = demo.members(group.id)
        assert len(members) >= 8
        assert all(len(m.pseudonym) <= 5 for m in members)  # codes, not names
        for session in demo.sessions(group.id):
            attendance = demo.attendance(session.id)
            assert len(attendance) == len(members)
            assert sum(a.presented for a in attendance) == 1
            [case] = demo.presentations(session.id)
            assert case.other_pseudonym
            presenter = next(a for a in attendance if a.member_id == case.presenter_id)
            assert presenter.status == "present"
            assert presenter.presented
            if case.follows_id is not None:
                threads += 1
                assert len(demo.case_thread(case.id)) >= 2
        kinds = {c.other_kind for s in demo.sessions(group.id) for c in demo.presentations(s.id)}
        assert ("patient" in kinds) == (group.kind == "clinician")
    assert threads >= 6
