"""Two co-leaders exchange sessions through files, both ways, without a cloud."""

from __future__ import annotations

import datetime as dt
import os
import stat
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

import balint_desktop as bd
from tests.conftest import PASSPHRASE

DAY = dt.date(2026, 3, 5)


@dataclass
class Leader:
    vault: bd.Vault
    group: bd.Group
    session: bd.Session


def _leader(folder: Path, group_name: str, start: str) -> Leader:
    vault = bd.Vault.create(folder, PASSPHRASE, kdf=bd.KdfParams.for_tests())
    group = vault.add_group(group_name, time_zone="Australia/Melbourne")
    session = vault.add_session(group.id, DAY, start_time=dt.time.fromisoformat(start))
    return Leader(vault, group, session)


@pytest.fixture
def pair(tmp_path: Path) -> Iterator[tuple[Leader, Leader]]:
    """Ana and Ben lead the same group, each with a vault of their own."""
    ana = _leader(tmp_path / "ana", "Thursday GPs", "18:00")
    ben = _leader(tmp_path / "ben", "thursday gps", "18:05")
    ana.vault.add_co_leader(ben.vault.identity().public_bytes(), "Ben")
    ben.vault.add_co_leader(ana.vault.identity().public_bytes(), "Ana")
    try:
        yield ana, ben
    finally:
        ana.vault.close()
        ben.vault.close()


def _co_leader_id(vault: bd.Vault) -> int:
    (only,) = vault.co_leaders()
    return only.id


def _sent(ana: Leader, path: Path, sections: dict[str, str]) -> Path:
    """Ana saves these sections of her session and exports it for Ben."""
    ana.vault.save_reflection(ana.session.id, sections)
    return ana.vault.export_exchange(_co_leader_id(ana.vault), [ana.session.id], path)


def _snapshot(vault: bd.Vault) -> list[tuple[object, ...]]:
    conn = vault.repository.connection
    rows: list[tuple[object, ...]] = []
    for table in (
        "groups",
        "sessions",
        "reflection_sections",
        "shared_reflections",
        "exchange_receipts",
        "co_leader_groups",
    ):
        rows += [(table, *row) for row in conn.execute(f"SELECT * FROM {table}")]  # noqa: S608
    return rows


def test_two_vaults_exchange_sessions_both_ways(
    pair: tuple[Leader, Leader], tmp_path: Path
) -> None:
    ana, ben = pair
    ana.vault.save_reflection(
        ana.session.id,
        {"case": "Ana: the GP felt cornered", "my_responses": "ANA-PRIVATE-zqx"},
    )
    ben.vault.save_reflection(
        ben.session.id,
        {"group_process": "Ben: the group went quiet", "my_responses": "BEN-PRIVATE-zqy"},
    )

    to_ben = ana.vault.export_exchange(_co_leader_id(ana.vault), [ana.session.id], tmp_path / "a")
    to_ana = ben.vault.export_exchange(_co_leader_id(ben.vault), [ben.session.id], tmp_path / "b")
    assert b"ANA-PRIVATE" not in to_ben.read_bytes()
    assert b"Ana: the GP" not in to_ben.read_bytes()  # encrypted, not just signed
    assert stat.S_IMODE(to_ben.stat().st_mode) == 0o600

    got_ben = ben.vault.import_exchange(to_ben)
    got_ana = ana.vault.import_exchange(to_ana)

    # Each sees the other's shared sections beside their own, attributed.
    (from_ana,) = ben.vault.shared_reflections(ben.session.id)
    assert from_ana.co_leader_name == "Ana"
    assert [(s.key, s.body) for s in from_ana.sections] == [("case", "Ana: the GP felt cornered")]
    (from_ben,) = ana.vault.shared_reflections(ana.session.id)
    assert [(s.key, s.body) for s in from_ben.sections] == [
        ("group_process", "Ben: the group went quiet")
    ]
    # ... and never the private ones; their own notes are untouched.
    for vault in (ana.vault, ben.vault):
        texts = [
            s.body
            for r in vault.shared_reflections(
                ana.session.id if vault is ana.vault else ben.session.id
            )
            for s in r.sections
        ]
        assert not any("PRIVATE" in text for text in texts)
    assert ben.vault.reflection(ben.session.id).sections == {
        "group_process": "Ben: the group went quiet",
        "my_responses": "BEN-PRIVATE-zqy",
    }
    # Matched by group name (case aside) and date: no new group, no new session.
    assert got_ben.group_id == ben.group.id
    assert not got_ben.new_group
    assert [(i.session_id, i.outcome) for i in got_ben.items] == [(ben.session.id, "added")]
    assert got_ana.merged == 1
    assert len(ana.vault.groups()) == 1
    assert len(ana.vault.sessions(ana.group.id)) == 1


def test_importing_the_same_file_twice_changes_nothing(
    pair: tuple[Leader, Leader], tmp_path: Path
) -> None:
    ana, ben = pair
    path = _sent(ana, tmp_path / "x", {"case": "first words"})
    ben.vault.import_exchange(path)
    before = _snapshot(ben.vault)

    again = ben.vault.import_exchange(path)

    assert again.already_imported
    assert again.merged == 0
    assert _snapshot(ben.vault) == before


def test_a_newer_file_updates_and_an_older_one_does_not_undo_it(
    pair: tuple[Leader, Leader], tmp_path: Path
) -> None:
    ana, ben = pair
    old = _sent(ana, tmp_path / "old", {"case": "draft"})
    new = _sent(ana, tmp_path / "new", {"case": "final words"})

    ben.vault.import_exchange(old)
    updated = ben.vault.import_exchange(new)
    stale = ben.vault.import_exchange(old)  # already imported: nothing

    assert [i.outcome for i in updated.items] == ["updated"]
    assert stale.already_imported
    (shared,) = ben.vault.shared_reflections(ben.session.id)
    assert shared.sections[0].body == "final words"


def test_an_older_file_imported_last_keeps_the_newer_text(
    pair: tuple[Leader, Leader], tmp_path: Path
) -> None:
    ana, ben = pair
    old = _sent(ana, tmp_path / "old", {"case": "draft"})
    new = _sent(ana, tmp_path / "new", {"case": "final words"})

    ben.vault.import_exchange(new)
    late = ben.vault.import_exchange(old)

    assert [i.outcome for i in late.items] == ["unchanged"]
    assert ben.vault.shared_reflections(ben.session.id)[0].sections[0].body == "final words"


def test_preview_says_what_will_merge_and_changes_nothing(
    pair: tuple[Leader, Leader], tmp_path: Path
) -> None:
    ana, ben = pair
    later = ana.vault.add_session(ana.group.id, dt.date(2026, 4, 2))
    ana.vault.save_reflection(ana.session.id, {"case": "one", "atmosphere": "warm"})
    ana.vault.save_reflection(later.id, {"case": "two"})
    path = ana.vault.export_exchange(
        _co_leader_id(ana.vault), [later.id, ana.session.id], tmp_path / "x"
    )
    before = _snapshot(ben.vault)

    preview = ben.vault.preview_exchange(path)

    assert _snapshot(ben.vault) == before
    assert not preview.applied
    assert preview.co_leader.name == "Ana"
    assert [(i.held_on, i.outcome) for i in preview.items] == [
        (DAY, "added"),
        (dt.date(2026, 4, 2), "new session"),
    ]
    assert preview.items[0].sections == ("Arrival and atmosphere", "The case")
    done = ben.vault.import_exchange(path)
    new_session = done.items[1].session_id
    assert new_session is not None
    assert ben.vault.session(new_session).held_on == dt.date(2026, 4, 2)
    assert ben.vault.session(new_session).group_id == ben.group.id


def test_an_unmatched_group_is_created_or_goes_where_the_leader_says(
    pair: tuple[Leader, Leader], tmp_path: Path
) -> None:
    ana, ben = pair
    ben.vault.update_group(ben.group.id, name="GPs (Ben's name for it)")
    path = _sent(ana, tmp_path / "x", {"case": "words"})

    assert ben.vault.preview_exchange(path).new_group
    chosen = ben.vault.import_exchange(path, group_id=ben.group.id)

    assert chosen.group_id == ben.group.id
    assert len(ben.vault.groups()) == 1
    # The choice is remembered for the next file from Ana.
    second = _sent(ana, tmp_path / "y", {"case": "more words"})
    assert ben.vault.preview_exchange(second).group_id == ben.group.id


def test_a_new_group_is_made_when_nothing_matches(
    pair: tuple[Leader, Leader], tmp_path: Path
) -> None:
    ana, ben = pair
    ben.vault.update_group(ben.group.id, name="Something else")
    path = _sent(ana, tmp_path / "x", {"case": "words"})

    report = ben.vault.import_exchange(path)

    assert report.new_group
    made = ben.vault.group(report.group_id or 0)
    assert made.name == "Thursday GPs"
    assert made.time_zone == "Australia/Melbourne"
    (session,) = ben.vault.sessions(made.id)
    assert session.held_on == DAY


def test_identity_is_stable_and_named_by_eight_words(vault: bd.Vault) -> None:
    first = vault.identity()
    words = first.fingerprint.split()
    assert len(words) == 8
    assert all(w.isalpha() and w.islower() for w in words)
    assert vault.identity().public_bytes() == first.public_bytes()
    assert bd.NotAnIdentity.__mro__[1] is bd.InvalidInput


def test_adding_a_co_leader_refuses_own_identity_duplicates_and_junk(
    pair: tuple[Leader, Leader],
) -> None:
    ana, ben = pair
    with pytest.raises(bd.InvalidInput, match="your own identity"):
        ana.vault.add_co_leader(ana.vault.identity().public_bytes(), "Me")
    with pytest.raises(bd.InvalidInput, match="already one of your co-leaders \\(Ben\\)"):
        ana.vault.add_co_leader(ben.vault.identity().public.as_text(), "Ben again")
    for junk in (b"", b"BALINTID", b"hello", os.urandom(73), "balint-identity-v1:!!"):
        with pytest.raises(bd.NotAnIdentity):
            ana.vault.add_co_leader(junk, "Junk")
    assert len(ana.vault.co_leaders()) == 1


def test_sending_nothing_shareable_is_refused_plainly(
    pair: tuple[Leader, Leader], tmp_path: Path
) -> None:
    ana, _ben = pair
    ana.vault.save_reflection(ana.session.id, {"my_responses": "only private"})
    with pytest.raises(bd.InvalidInput, match="private responses are never sent"):
        ana.vault.export_exchange(_co_leader_id(ana.vault), [ana.session.id], tmp_path / "x")
    assert not (tmp_path / "x").exists()


def test_a_section_made_private_by_an_edited_template_is_never_sent(
    pair: tuple[Leader, Leader], tmp_path: Path
) -> None:
    ana, ben = pair
    path = _sent(ana, tmp_path / "x", {"case": "shared", "my_responses": "secret-zq1"})
    ben.vault.import_exchange(path)
    stored = ben.vault.repository.connection.execute(
        "SELECT group_concat(sections_json) FROM shared_reflections"
    ).fetchone()[0]
    assert "secret-zq1" not in stored
    assert "my_responses" not in stored


def test_destroying_a_group_s_notes_destroys_the_co_leader_s_too(
    pair: tuple[Leader, Leader], tmp_path: Path
) -> None:
    ana, ben = pair
    path = _sent(ana, tmp_path / "x", {"case": "words to destroy"})
    ben.vault.import_exchange(path)
    assert ben.vault.shared_reflections(ben.session.id)

    ben.vault.destroy_notes(ben.group.id)

    assert ben.vault.shared_reflections(ben.session.id) == []
    conn = ben.vault.repository.connection
    assert conn.execute("SELECT count(*) FROM shared_reflections").fetchone()[0] == 0


def test_removing_a_co_leader_removes_what_they_shared(
    pair: tuple[Leader, Leader], tmp_path: Path
) -> None:
    ana, ben = pair
    path = _sent(ana, tmp_path / "x", {"case": "words"})
    ben.vault.import_exchange(path)

    ben.vault.remove_co_leader(_co_leader_id(ben.vault))

    assert ben.vault.shared_reflections(ben.session.id) == []
    assert ben.vault.co_leaders() == []
    with pytest.raises(bd.UnknownSender):
        ben.vault.import_exchange(path)


def test_of_two_sessions_that_day_the_one_at_the_same_local_time_is_chosen(
    pair: tuple[Leader, Leader], tmp_path: Path
) -> None:
    """Ben's group (Melbourne) met at 09:00 and at 18:00; Ana sends her 18:00 one."""
    ana, ben = pair
    morning = ben.vault.add_session(ben.group.id, DAY, start_time=dt.time(9, 0))
    path = _sent(ana, tmp_path / "x", {"case": "evening words"})

    report = ben.vault.import_exchange(path)

    assert [item.session_id for item in report.items] == [ben.session.id]
    assert ben.vault.shared_reflections(morning.id) == []


def test_an_update_names_only_the_sections_that_changed(
    pair: tuple[Leader, Leader], tmp_path: Path
) -> None:
    ana, ben = pair
    first = _sent(ana, tmp_path / "a", {"atmosphere": "warm", "case": "draft"})
    ben.vault.import_exchange(first)
    ana.vault.save_reflection(
        ana.session.id, {"case": "final words", "atmosphere": "", "follow_up": "ring"}
    )
    second = ana.vault.export_exchange(_co_leader_id(ana.vault), [ana.session.id], tmp_path / "b")

    preview = ben.vault.preview_exchange(second)

    (item,) = preview.items
    assert item.outcome == "updated"
    assert item.sections == ("The case", "Follow-up and supervision", "Arrival and atmosphere")
