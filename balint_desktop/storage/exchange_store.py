"""The tables of co-leader exchange: identity, co-leaders, their reflections."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

from balint_desktop.core.clock import from_db
from balint_desktop.core.exchange import CoLeader, SharedReflection, SharedSection
from balint_desktop.crypto.identity import Identity, PublicIdentity

if TYPE_CHECKING:
    from balint_desktop.storage.repository import Repository


class ExchangeStore:
    """Reads and writes the exchange tables through the vault's repository."""

    def __init__(self, repo: Repository) -> None:
        """Use the vault's repository (its connection and transactions)."""
        self._repo = repo
        self._conn = repo.connection

    # -- identity ----------------------------------------------------------

    def identity(self) -> Identity:
        """Return the vault's identity, making it the first time it is asked for."""
        row = self._conn.execute(
            "SELECT box_private, sign_private FROM identity WHERE id = 1"
        ).fetchone()
        if row is not None:
            return Identity(bytes(row[0]), bytes(row[1]))
        identity = Identity.generate()
        box, sign = identity.private_bytes()
        with self._repo.write() as conn:
            conn.execute(
                "INSERT OR IGNORE INTO identity(id, box_private, sign_private, created_at) "
                "VALUES (1, ?, ?, ?)",
                (box, sign, self._repo.now()),
            )
        return self.identity()

    # -- co-leaders --------------------------------------------------------

    def add_co_leader(self, public: PublicIdentity, name: str) -> int:
        """Record a confirmed co-leader; return their id."""
        with self._repo.write() as conn:
            cursor = conn.execute(
                "INSERT INTO co_leaders(name, box_public, sign_public, added_at) "
                "VALUES (?, ?, ?, ?)",
                (name, public.box, public.sign, self._repo.now()),
            )
        return int(cursor.lastrowid)

    def rename_co_leader(self, co_leader_id: int, name: str) -> None:
        """Change the name the leader knows a co-leader by."""
        with self._repo.write() as conn:
            conn.execute("UPDATE co_leaders SET name = ? WHERE id = ?", (name, co_leader_id))

    def remove_co_leader(self, co_leader_id: int) -> None:
        """Forget a co-leader and every reflection they shared."""
        with self._repo.write() as conn:
            conn.execute("DELETE FROM co_leaders WHERE id = ?", (co_leader_id,))

    def co_leaders(self) -> list[CoLeader]:
        """Return every co-leader, by name."""
        rows = self._conn.execute(
            "SELECT id, name, box_public, sign_public, added_at FROM co_leaders "
            "ORDER BY name COLLATE NOCASE, id"
        ).fetchall()
        return [_co_leader(row) for row in rows]

    def co_leader(self, co_leader_id: int) -> CoLeader | None:
        """Return one co-leader, or None."""
        row = self._conn.execute(
            "SELECT id, name, box_public, sign_public, added_at FROM co_leaders WHERE id = ?",
            (co_leader_id,),
        ).fetchone()
        return None if row is None else _co_leader(row)

    def public_identity(self, co_leader_id: int) -> PublicIdentity | None:
        """Return a co-leader's public identity, or None."""
        row = self._conn.execute(
            "SELECT box_public, sign_public FROM co_leaders WHERE id = ?", (co_leader_id,)
        ).fetchone()
        return None if row is None else PublicIdentity(bytes(row[0]), bytes(row[1]))

    def co_leader_by_key(self, sign_public: bytes) -> tuple[int, bytes] | None:
        """Return (id, X25519 public key) of the co-leader with this signing key."""
        row = self._conn.execute(
            "SELECT id, box_public FROM co_leaders WHERE sign_public = ?", (sign_public,)
        ).fetchone()
        return None if row is None else (int(row[0]), bytes(row[1]))

    # -- groups and receipts -------------------------------------------------

    def mapped_group(self, co_leader_id: int, remote_ref: str) -> int | None:
        """Return the leader's group that a co-leader's group was merged into."""
        row = self._conn.execute(
            "SELECT group_id FROM co_leader_groups WHERE co_leader_id = ? AND remote_ref = ?",
            (co_leader_id, remote_ref),
        ).fetchone()
        return None if row is None else int(row[0])

    def map_group(self, co_leader_id: int, remote_ref: str, group_id: int) -> None:
        """Remember which group a co-leader's group goes into (inside a write)."""
        self._conn.execute(
            "INSERT INTO co_leader_groups(co_leader_id, remote_ref, group_id) VALUES (?, ?, ?) "
            "ON CONFLICT (co_leader_id, remote_ref) DO UPDATE SET group_id = excluded.group_id",
            (co_leader_id, remote_ref, group_id),
        )

    def received(self, co_leader_id: int, exchange_id: str) -> bool:
        """Return whether this exchange file was imported before."""
        row = self._conn.execute(
            "SELECT 1 FROM exchange_receipts WHERE co_leader_id = ? AND exchange_id = ?",
            (co_leader_id, exchange_id),
        ).fetchone()
        return row is not None

    def record_receipt(self, co_leader_id: int, exchange_id: str) -> None:
        """Record an imported exchange file (inside a write)."""
        self._conn.execute(
            "INSERT INTO exchange_receipts(co_leader_id, exchange_id, received_at) "
            "VALUES (?, ?, ?)",
            (co_leader_id, exchange_id, self._repo.now()),
        )

    # -- shared reflections --------------------------------------------------

    def sessions_on(self, group_id: int, held_on: str) -> list[tuple[int, str]]:
        """Return (id, starts_at) of the group's sessions on a date, earliest first."""
        rows = self._conn.execute(
            "SELECT id, starts_at FROM sessions WHERE group_id = ? AND held_on = ? "
            "ORDER BY starts_at, id",
            (group_id, held_on),
        ).fetchall()
        return [(int(row[0]), str(row[1])) for row in rows]

    def stored(self, co_leader_id: int, remote_ref: str) -> tuple[int, str, str] | None:
        """Return (session id, written_at, sections JSON) of a session already received."""
        row = self._conn.execute(
            "SELECT session_id, written_at, sections_json FROM shared_reflections "
            "WHERE co_leader_id = ? AND remote_ref = ?",
            (co_leader_id, remote_ref),
        ).fetchone()
        return None if row is None else (int(row[0]), str(row[1]), str(row[2]))

    def put_shared(
        self,
        session_id: int,
        co_leader_id: int,
        remote_ref: str,
        written_at: str,
        sections: tuple[SharedSection, ...],
    ) -> None:
        """Add or replace a co-leader's reflection of a session (inside a write)."""
        self._conn.execute(
            "INSERT INTO shared_reflections(session_id, co_leader_id, remote_ref, written_at, "
            "received_at, sections_json) VALUES (?, ?, ?, ?, ?, ?) "
            "ON CONFLICT (co_leader_id, remote_ref) DO UPDATE SET "
            "written_at = excluded.written_at, received_at = excluded.received_at, "
            "sections_json = excluded.sections_json",
            (
                session_id,
                co_leader_id,
                remote_ref,
                written_at,
                self._repo.now(),
                sections_json(sections),
            ),
        )

    def shared_reflections(self, session_id: int) -> list[SharedReflection]:
        """Return the co-leaders' reflections of a session, by co-leader name."""
        rows = self._conn.execute(
            "SELECT s.co_leader_id, c.name, s.written_at, s.received_at, s.sections_json "
            "FROM shared_reflections AS s JOIN co_leaders AS c ON c.id = s.co_leader_id "
            "WHERE s.session_id = ? ORDER BY c.name COLLATE NOCASE, s.id",
            (session_id,),
        ).fetchall()
        return [
            SharedReflection(
                co_leader_id=int(row[0]),
                co_leader_name=str(row[1]),
                written_at=from_db(str(row[2])),
                received_at=from_db(str(row[3])),
                sections=tuple(SharedSection(*entry) for entry in json.loads(row[4])),
            )
            for row in rows
        ]


def sections_json(sections: tuple[SharedSection, ...]) -> str:
    """Return sections as the JSON stored in `shared_reflections`."""
    return json.dumps([[s.key, s.title, s.body] for s in sections], ensure_ascii=False)


def _co_leader(row: tuple[object, ...]) -> CoLeader:
    public = PublicIdentity(bytes(row[2]), bytes(row[3]))  # type: ignore[call-overload]
    return CoLeader(int(row[0]), str(row[1]), public.fingerprint, from_db(str(row[4])))  # type: ignore[call-overload]
