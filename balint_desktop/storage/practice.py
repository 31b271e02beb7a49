"""Reading and writing a group's roster, attendance and case presentations.

A companion of `Repository`: it shares the repository's connection, clock and
`write()` transaction, so every write here is one immediate, durable
transaction and database errors become vault errors in the same way.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from typing import Any

from balint_desktop.core import validate
from balint_desktop.core.clock import from_db, to_db
from balint_desktop.core.errors import InvalidInput
from balint_desktop.core.models import (
    ATTENDANCE_STATUSES,
    DEFAULT_OTHER_KIND,
    MAX_PRESENTATIONS,
    OTHER_KINDS,
    Attendance,
    Group,
    Member,
    Presentation,
    Session,
)
from balint_desktop.storage.connection import Connection
from balint_desktop.storage.repository import Repository
from balint_desktop.storage.rows import (
    SESSION_COLUMNS,
    iso,
    parse_date,
    row_id,
    session_from_row,
    update_row,
)

MEMBER_FIELDS = ("pseudonym", "profession", "joined_on", "left_on")
PRESENTATION_FIELDS = ("presenter_id", "other_pseudonym", "other_kind", "summary", "follows_id")
MAX_SUMMARY_CHARS = 500

# Column lists are constants; the f-strings marked S608 below interpolate
# only these, never input.
_MEMBER_COLUMNS = "id, group_id, pseudonym, profession, joined_on, left_on"
_PRESENTATION_COLUMNS = (
    "p.id, p.session_id, p.position, p.presenter_id, p.other_pseudonym, p.other_kind, "
    "p.summary, p.follows_presentation_id"
)
_SESSION_JOINED = ", ".join(f"s.{column.strip()}" for column in SESSION_COLUMNS.split(","))
_SESSION_WIDTH = len(SESSION_COLUMNS.split(","))

_NO_MEMBER = "That member does not exist (they may have been removed)."
_NO_PRESENTATION = "That case presentation does not exist (it may have been deleted)."
_NOT_IN_GROUP = "That member is not in this session's group."
_EARLIER_ONLY = "A case can only follow a presentation from an earlier session of the same group."


class PracticeRepository:
    """Members, attendance and case presentations, validated like `Repository`.

    Args:
        repo: the vault's repository; its connection, clock and transactions
            are used, and its group and session look-ups.
    """

    def __init__(self, repo: Repository) -> None:
        """Work through `repo`."""
        self._repo = repo
        self._conn: Connection = repo.connection

    def _now(self) -> str:
        return to_db(self._repo.clock())

    # -- members ----------------------------------------------------------

    def add_member(
        self, group_id: int, pseudonym: str, profession: str, joined_on: dt.date | None
    ) -> Member:
        """Add a member to a group's roster."""
        self._repo.group(group_id)
        values = _member_values(
            {"pseudonym": pseudonym, "profession": profession, "joined_on": joined_on}
        )
        with self._repo.write() as conn:
            cursor = conn.execute(
                "INSERT INTO members(group_id, pseudonym, profession, joined_on, created_at) "
                "VALUES (?, ?, ?, ?, ?)",
                (
                    group_id,
                    values["pseudonym"],
                    values["profession"],
                    values["joined_on"],
                    self._now(),
                ),
            )
        return self.member(int(cursor.lastrowid))

    def update_member(self, member_id: int, fields: Mapping[str, Any]) -> Member:
        """Change a member's pseudonym, profession, joining or leaving date."""
        member = self.member(member_id)
        validate.known_fields(fields, MEMBER_FIELDS, "member")
        values = _member_values(fields)
        joined = values.get("joined_on", iso(member.joined_on))
        left = values.get("left_on", iso(member.left_on))
        if joined is not None and left is not None and left < joined:
            raise InvalidInput("A member cannot leave before the date they joined.")
        with self._repo.write() as conn:
            update_row(conn, "members", member_id, values)
        return self.member(member_id)

    def members(self, group_id: int, on: dt.date | None) -> list[Member]:
        """Return a group's members by pseudonym; with `on`, only those in the group that day."""
        self._repo.group(group_id)
        query = f"SELECT {_MEMBER_COLUMNS} FROM members WHERE group_id = ?"  # noqa: S608
        params: list[Any] = [group_id]
        if on is not None:
            day = validate.date(on, "date").isoformat()
            query += (
                " AND (joined_on IS NULL OR joined_on <= ?) AND (left_on IS NULL OR left_on >= ?)"
            )
            params += [day, day]
        rows = self._conn.execute(query, params).fetchall()
        return sorted((_member(row) for row in rows), key=lambda m: (m.pseudonym.casefold(), m.id))

    def member(self, member_id: int) -> Member:
        """Return one member or raise `InvalidInput`."""
        row = self._conn.execute(
            f"SELECT {_MEMBER_COLUMNS} FROM members WHERE id = ?",  # noqa: S608
            (row_id(member_id),),
        ).fetchone()
        if row is None:
            raise InvalidInput(_NO_MEMBER)
        return _member(row)

    def _member_of(self, session: Session, member_id: Any) -> int:
        if self.member(member_id).group_id != session.group_id:
            raise InvalidInput(_NOT_IN_GROUP)
        return int(member_id)

    # -- attendance -------------------------------------------------------

    def set_attendance(
        self, session_id: int, member_id: int, status: str, presented: bool
    ) -> Attendance:
        """Record (or change) whether a member came to a session and presented."""
        session = self._repo.session(session_id)
        self._member_of(session, member_id)
        status = validate.choice(status, ATTENDANCE_STATUSES, "attendance status")
        if not isinstance(presented, bool):
            raise InvalidInput("Whether the member presented must be yes or no.")
        if presented and status != "present":
            raise InvalidInput("Only a member who was present can have presented a case.")
        with self._repo.write() as conn:
            conn.execute(
                "INSERT INTO attendance(session_id, member_id, status, presented) "
                "VALUES (?, ?, ?, ?) ON CONFLICT(session_id, member_id) DO UPDATE SET "
                "status = excluded.status, presented = excluded.presented",
                (session_id, member_id, status, int(presented)),
            )
        return next(a for a in self.attendance(session_id) if a.member_id == member_id)

    def clear_attendance(self, session_id: int, member_id: int) -> None:
        """Forget a member's attendance at a session (nothing happens if none was recorded)."""
        session = self._repo.session(session_id)
        self._member_of(session, member_id)
        with self._repo.write() as conn:
            conn.execute(
                "DELETE FROM attendance WHERE session_id = ? AND member_id = ?",
                (session_id, member_id),
            )

    def attendance(self, session_id: int) -> list[Attendance]:
        """Return a session's recorded attendance, by member pseudonym."""
        self._repo.session(session_id)
        rows = self._conn.execute(
            "SELECT a.session_id, a.member_id, a.status, a.presented, m.pseudonym "
            "FROM attendance AS a JOIN members AS m ON m.id = a.member_id "
            "WHERE a.session_id = ?",
            (session_id,),
        ).fetchall()
        rows.sort(key=lambda row: (str(row[4]).casefold(), row[1]))
        return [
            Attendance(session_id=sid, member_id=mid, status=status, presented=bool(presented))
            for sid, mid, status, presented, _ in rows
        ]

    def group_of(self, member: Member) -> Group:
        """Return the member's group."""
        return self._repo.group(member.group_id)

    def attended_sessions(self, member_id: int) -> list[Session]:
        """Return the sessions a member was recorded present at, oldest first."""
        member = self.member(member_id)
        rows = self._conn.execute(
            f"SELECT {_SESSION_JOINED} FROM sessions AS s "  # noqa: S608
            "JOIN attendance AS a ON a.session_id = s.id "
            "WHERE a.member_id = ? AND a.status = 'present' ORDER BY s.starts_at, s.id",
            (member.id,),
        ).fetchall()
        return [session_from_row(row) for row in rows]

    # -- case presentations -----------------------------------------------

    def add_presentation(self, session_id: int, fields: Mapping[str, Any]) -> Presentation:
        """Record a case presented in a session, in the next free position."""
        session = self._repo.session(session_id)
        validate.known_fields(fields, PRESENTATION_FIELDS, "case presentation")
        values = self._presentation_values(session, {"other_kind": None, **fields}, None)
        values.setdefault("other_pseudonym", "")
        values.setdefault("summary", "")
        presenter = values.get("presenter_id")
        with self._repo.write() as conn:
            taken = {
                int(row[0])
                for row in conn.execute(
                    "SELECT position FROM case_presentations WHERE session_id = ?", (session_id,)
                )
            }
            free = [p for p in range(1, MAX_PRESENTATIONS + 1) if p not in taken]
            if not free:
                raise InvalidInput("A session can record at most three cases.")
            cursor = conn.execute(
                "INSERT INTO case_presentations(session_id, position, presenter_id, "
                "other_pseudonym, other_kind, summary, follows_presentation_id, created_at) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    session_id,
                    free[0],
                    presenter,
                    values["other_pseudonym"],
                    values["other_kind"],
                    values["summary"],
                    values.get("follows_presentation_id"),
                    self._now(),
                ),
            )
            if presenter is not None:
                _mark_presented(conn, session_id, presenter)
        return self.presentation(int(cursor.lastrowid))

    def update_presentation(self, presentation_id: int, fields: Mapping[str, Any]) -> Presentation:
        """Change a presentation's presenter, the other, summary or earlier link."""
        current = self.presentation(presentation_id)
        validate.known_fields(fields, PRESENTATION_FIELDS, "case presentation")
        session = self._repo.session(current.session_id)
        values = self._presentation_values(session, fields, presentation_id)
        presenter = values.get("presenter_id")
        with self._repo.write() as conn:
            update_row(conn, "case_presentations", presentation_id, values)
            if presenter is not None and presenter != current.presenter_id:
                _mark_presented(conn, session.id, presenter)
        return self.presentation(presentation_id)

    def delete_presentation(self, presentation_id: int) -> None:
        """Delete a presentation; the session's others are renumbered 1..n."""
        current = self.presentation(presentation_id)
        with self._repo.write() as conn:
            conn.execute("DELETE FROM case_presentations WHERE id = ?", (presentation_id,))
            rows = conn.execute(
                "SELECT id FROM case_presentations WHERE session_id = ? ORDER BY position",
                (current.session_id,),
            ).fetchall()
            # Each row moves down to a slot the rows before it have just left,
            # so the UNIQUE (session_id, position) constraint never trips.
            for position, (remaining_id,) in enumerate(rows, start=1):
                conn.execute(
                    "UPDATE case_presentations SET position = ? WHERE id = ? AND position <> ?",
                    (position, remaining_id, position),
                )

    def presentation(self, presentation_id: int) -> Presentation:
        """Return one presentation or raise `InvalidInput`."""
        row = self._conn.execute(
            f"SELECT {_PRESENTATION_COLUMNS} FROM case_presentations AS p "  # noqa: S608
            "WHERE p.id = ?",
            (row_id(presentation_id),),
        ).fetchone()
        if row is None:
            raise InvalidInput(_NO_PRESENTATION)
        return _presentation(row)

    def presentations(self, session_id: int) -> list[Presentation]:
        """Return a session's presentations by position."""
        self._repo.session(session_id)
        rows = self._conn.execute(
            f"SELECT {_PRESENTATION_COLUMNS} FROM case_presentations AS p "  # noqa: S608
            "WHERE p.session_id = ? ORDER BY p.position",
            (session_id,),
        ).fetchall()
        return [_presentation(row) for row in rows]

    def earlier_presentations(self, session_id: int) -> list[tuple[Session, Presentation]]:
        """Return the group's presentations in sessions before this one, newest first."""
        session = self._repo.session(session_id)
        return self._group_presentations(
            session.group_id,
            "AND s.starts_at < ? ORDER BY s.starts_at DESC, s.id DESC, p.position",
            (to_db(session.starts_at),),
        )

    def case_thread(self, presentation_id: int) -> list[tuple[Session, Presentation]]:
        """Return every presentation of the same case, oldest first.

        Walks `follows_id` back to the first presentation, then collects
        everything that follows it, branches included. Visited ids are
        remembered, so even a cycle in the data ends the walk.
        """
        start = self.presentation(presentation_id)
        group_id = self._repo.session(start.session_id).group_id
        pairs = self._group_presentations(group_id, "", ())
        by_id = {p.id: (s, p) for s, p in pairs}
        root, seen = start.id, {start.id}
        while True:
            parent = by_id[root][1].follows_id
            if parent is None or parent not in by_id or parent in seen:
                break
            seen.add(parent)
            root = parent
        children: dict[int, list[int]] = {}
        for _, p in pairs:
            if p.follows_id is not None:
                children.setdefault(p.follows_id, []).append(p.id)
        thread, stack = {root}, [root]
        while stack:
            for child in children.get(stack.pop(), []):
                if child not in thread:
                    thread.add(child)
                    stack.append(child)
        return sorted(
            (by_id[i] for i in thread), key=lambda sp: (sp[0].starts_at, sp[0].id, sp[1].position)
        )

    def _group_presentations(
        self, group_id: int, tail: str, params: tuple[Any, ...]
    ) -> list[tuple[Session, Presentation]]:
        # `tail` is one of the fixed SQL fragments written in this module.
        rows = self._conn.execute(
            f"SELECT {_SESSION_JOINED}, {_PRESENTATION_COLUMNS} "  # noqa: S608
            "FROM case_presentations AS p JOIN sessions AS s ON s.id = p.session_id "
            f"WHERE s.group_id = ? {tail}",
            (group_id, *params),
        ).fetchall()
        return [
            (session_from_row(row[:_SESSION_WIDTH]), _presentation(row[_SESSION_WIDTH:]))
            for row in rows
        ]

    def _presentation_values(
        self, session: Session, fields: Mapping[str, Any], presentation_id: int | None
    ) -> dict[str, Any]:
        """Return column → stored value for the given presentation fields."""
        values: dict[str, Any] = {}
        if "presenter_id" in fields:
            presenter = fields["presenter_id"]
            values["presenter_id"] = (
                None if presenter is None else self._member_of(session, presenter)
            )
        if "other_pseudonym" in fields:
            values["other_pseudonym"] = validate.line(
                fields["other_pseudonym"], "other's pseudonym"
            )
        if "other_kind" in fields:
            kind = fields["other_kind"]
            if kind is None:
                kind = DEFAULT_OTHER_KIND[self._repo.group(session.group_id).kind]
            values["other_kind"] = validate.choice(kind, OTHER_KINDS, "kind of other")
        if "summary" in fields:
            values["summary"] = validate.line(fields["summary"], "summary", MAX_SUMMARY_CHARS)
        if "follows_id" in fields:
            follows = fields["follows_id"]
            if follows is not None:
                self._check_follows(session, follows, presentation_id)
            values["follows_presentation_id"] = follows
        return values

    def _check_follows(
        self, session: Session, follows_id: Any, presentation_id: int | None
    ) -> None:
        row = self._conn.execute(
            "SELECT s.group_id, s.starts_at FROM case_presentations AS p "
            "JOIN sessions AS s ON s.id = p.session_id WHERE p.id = ?",
            (row_id(follows_id),),
        ).fetchone()
        if row is None:
            raise InvalidInput(
                "The earlier presentation does not exist (it may have been deleted)."
            )
        if row[0] != session.group_id or from_db(row[1]) >= session.starts_at:
            raise InvalidInput(_EARLIER_ONLY)
        if presentation_id is None:
            return  # a new presentation has nothing following it yet
        # Sessions can be moved to other dates after linking, so "earlier" alone
        # does not rule out a loop; walk the chain back from the new link.
        link: int | None = follows_id
        seen: set[int] = set()
        while link is not None and link not in seen:
            if link == presentation_id:
                raise InvalidInput("That link would make the case follow itself.")
            seen.add(link)
            found = self._conn.execute(
                "SELECT follows_presentation_id FROM case_presentations WHERE id = ?", (link,)
            ).fetchone()
            link = None if found is None else found[0]


def _member_values(fields: Mapping[str, Any]) -> dict[str, Any]:
    converters: dict[str, Callable[[Any], Any]] = {
        "pseudonym": lambda v: validate.name(v, "pseudonym"),
        "profession": lambda v: validate.line(v, "profession"),
        "joined_on": lambda v: iso(validate.optional_date(v, "joining date")),
        "left_on": lambda v: iso(validate.optional_date(v, "leaving date")),
    }
    return {key: converters[key](value) for key, value in fields.items()}


def _mark_presented(conn: Connection, session_id: int, member_id: int) -> None:
    conn.execute(
        "INSERT INTO attendance(session_id, member_id, status, presented) "
        "VALUES (?, ?, 'present', 1) ON CONFLICT(session_id, member_id) DO UPDATE SET "
        "status = 'present', presented = 1",
        (session_id, member_id),
    )


def _member(row: tuple[Any, ...]) -> Member:
    mid, gid, pseudonym, profession, joined, left = row
    return Member(
        id=mid,
        group_id=gid,
        pseudonym=pseudonym,
        profession=profession,
        joined_on=parse_date(joined),
        left_on=parse_date(left),
    )


def _presentation(row: tuple[Any, ...]) -> Presentation:
    pid, sid, position, presenter, other, kind, summary, follows = row
    return Presentation(
        id=pid,
        session_id=sid,
        position=position,
        presenter_id=presenter,
        other_pseudonym=other,
        other_kind=kind,
        summary=summary,
        follows_id=follows,
    )
