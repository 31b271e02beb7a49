"""The roster and case fixture shared by the practice tests."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pytest

import balint_desktop as bd


@dataclass
class Practice:
    vault: bd.Vault
    group: bd.Group
    sessions: list[bd.Session]  # January to April 2026, oldest first
    members: list[bd.Member]  # "al", "Bea", "cy"
    other_group: bd.Group
    other_session: bd.Session
    stranger: bd.Member  # a member of the other group


@pytest.fixture
def practice(vault: bd.Vault) -> Practice:
    group = vault.add_group("Clinician Group", time_zone="Australia/Sydney")
    sessions = [vault.add_session(group.id, dt.date(2026, month, 5)) for month in (1, 2, 3, 4)]
    members = [vault.add_member(group.id, name) for name in ("cy", "al", "Bea")]
    other = vault.add_group("Coaches", kind="coaches_consultants")
    return Practice(
        vault=vault,
        group=group,
        sessions=sessions,
        members=sorted(members, key=lambda m: m.pseudonym.casefold()),
        other_group=other,
        other_session=vault.add_session(other.id, dt.date(2026, 1, 20)),
        stranger=vault.add_member(other.id, "X1"),
    )


def count_rows(vault: bd.Vault, table: str, session_id: int) -> int:
    conn = vault.repository.connection
    query = f"SELECT count(*) FROM {table} WHERE session_id = ?"  # noqa: S608 - fixed names
    return int(conn.execute(query, (session_id,)).fetchone()[0])
