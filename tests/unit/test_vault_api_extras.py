"""Vault calls the app needs beyond DESIGN.md §4: readers, date filters, edits."""

from __future__ import annotations

import datetime as dt
import threading

import pytest

import balint_desktop as bd


@pytest.fixture
def filled(vault: bd.Vault) -> tuple[bd.Vault, list[bd.Session]]:
    group = vault.add_group("Clinician Group", time_zone="Australia/Sydney")
    sessions = [vault.add_session(group.id, dt.date(2026, month, 5)) for month in (1, 2, 3)]
    for session in sessions:
        vault.save_reflection(session.id, {"case": f"silence in month {session.held_on.month}"})
    return vault, sessions


def test_search_between_dates(filled: tuple[bd.Vault, list[bd.Session]]) -> None:
    vault, sessions = filled
    hits = vault.search("silence", since=dt.date(2026, 2, 1), until=dt.date(2026, 2, 28))
    assert [h.session_id for h in hits] == [sessions[1].id]
    assert len(vault.search("silence", since=dt.date(2026, 2, 5))) == 2
    assert len(vault.search("silence", until=dt.date(2026, 2, 5))) == 2


def test_reader_searches_from_another_thread(filled: tuple[bd.Vault, list[bd.Session]]) -> None:
    vault, sessions = filled
    reader = vault.reader()
    found: list[int] = []
    thread = threading.Thread(
        target=lambda: found.extend(h.session_id for h in reader.search("month").hits)
    )
    thread.start()
    thread.join(timeout=30)
    assert sorted(found) == sorted(s.id for s in sessions)
    # A save on the main connection is seen by the reader's next search.
    vault.save_reflection(sessions[0].id, {"case": "rescue fantasy"})
    assert [h.session_id for h in reader.search("rescue").hits] == [sessions[0].id]
    reader.close()
    with pytest.raises(bd.VaultClosed):
        reader.search("month")


def test_reader_cannot_write(filled: tuple[bd.Vault, list[bd.Session]]) -> None:
    vault, _ = filled
    reader = vault.reader()
    try:
        with pytest.raises(Exception, match=r"readonly|read-only|query_only"):
            reader._conn.execute("DELETE FROM groups")  # type: ignore[union-attr]
    finally:
        reader.close()


def test_cancel_without_a_running_query_is_harmless(
    filled: tuple[bd.Vault, list[bd.Session]],
) -> None:
    vault, _ = filled
    reader = vault.reader()
    reader.cancel()
    assert len(reader.search("silence").hits) == 3
    reader.close()


def test_update_session_keeps_the_local_time(vault: bd.Vault) -> None:
    group = vault.add_group("Health Leaders Group", time_zone="Australia/Perth")
    session = vault.add_session(group.id, dt.date(2026, 5, 4), start_time=dt.time(17, 30))
    moved = vault.update_session(session.id, dt.date(2026, 5, 11), duration_minutes=120)
    assert moved.held_on == dt.date(2026, 5, 11)
    assert moved.starts_at == dt.datetime(2026, 5, 11, 9, 30, tzinfo=dt.UTC)  # Perth is UTC+8
    assert moved.duration_minutes == 120
    with pytest.raises(bd.InvalidInput):
        vault.update_session(session.id, dt.date(2026, 5, 11), duration_minutes=0)


def test_session_template_is_the_default(filled: tuple[bd.Vault, list[bd.Session]]) -> None:
    vault, sessions = filled
    template = vault.template(sessions[0].id)
    assert template.keys == bd.SECTION_KEYS
    assert [s.key for s in template.sections if s.private] == ["my_responses"]


def test_database_errors_are_told_apart() -> None:
    import sqlcipher3

    from balint_desktop.storage.repository import translate_error

    bug = sqlcipher3.ProgrammingError("You did not supply a value for binding parameter :x.")
    assert translate_error(bug) is bug  # a bug in the program, not a damaged vault
    assert isinstance(
        translate_error(sqlcipher3.OperationalError("database or disk is full")), bd.StorageFull
    )
    assert isinstance(translate_error(sqlcipher3.IntegrityError("UNIQUE")), bd.InvalidInput)
    assert isinstance(
        translate_error(sqlcipher3.DatabaseError("file is not a database")), bd.VaultCorrupt
    )
