"""Reading and writing groups, sessions and reflections.

Every write runs in one `BEGIN IMMEDIATE` transaction and is durable when the
method returns (WAL with synchronous=FULL). Companion modules share that
transaction: `reflections` (texts and revisions), `destruction` (APP 11),
`practice`, `templates_store`, `exchange_store`, `leadership_log`.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import zoneinfo
from collections.abc import Iterator, Mapping
from typing import Any

import sqlcipher3

from balint_desktop.core import validate
from balint_desktop.core.clock import Clock, to_db
from balint_desktop.core.errors import InvalidInput, StorageFull, VaultCorrupt
from balint_desktop.core.models import MODES, SESSION_STATUSES, Group, Reflection, Revision, Session
from balint_desktop.core.templates import DEFAULT_TEMPLATE, Template
from balint_desktop.storage import destruction
from balint_desktop.storage.connection import Connection
from balint_desktop.storage.db_errors import give_back_wal_space, translate_error
from balint_desktop.storage.index import purge_index, reindex_queued
from balint_desktop.storage.reflections import ReflectionStore
from balint_desktop.storage.rows import (
    GROUP_COLUMNS,
    SESSION_COLUMNS,
    SESSION_FIELDS,
    group_from_row,
    group_values,
    row_id,
    session_from_row,
    update_row,
    utc_start,
)
from balint_desktop.storage.templates_store import (
    insert_template,
    kind_template_id,
    load_template,
)


class Repository:
    """The vault's tables, behind methods that validate their input.

    Args:
        conn: the one connection, owned by the vault.
        clock: returns the current UTC time.
    """

    def __init__(self, conn: Connection, clock: Clock) -> None:
        """Wrap an open, migrated connection."""
        self._conn = conn
        self._clock = clock
        self._writing = False
        self._template_keys: dict[int, tuple[str, ...]] = {}
        #: Something was committed since the vault was opened or last backed up.
        self.changed = False

    @property
    def connection(self) -> Connection:
        """Return the vault's connection (for companion modules such as `practice`)."""
        return self._conn

    @property
    def clock(self) -> Clock:
        """Return the source of "now"."""
        return self._clock

    # -- transactions -----------------------------------------------------

    @contextlib.contextmanager
    def write(self) -> Iterator[Connection]:
        """Run the block in one immediate transaction, mapping database errors.

        A write inside another write joins it: the outer one commits or rolls
        back everything (an import that adds a group, sessions and notes is
        all or nothing).
        """
        conn = self._conn
        if self._writing:
            yield conn
            return
        self._writing = True
        try:
            with self._transaction(conn):
                yield conn
        finally:
            self._writing = False

    @contextlib.contextmanager
    def _transaction(self, conn: Connection) -> Iterator[None]:
        try:
            conn.execute("BEGIN IMMEDIATE")
            yield
            reindex_queued(conn)
            conn.execute("COMMIT")
            self.changed = True
        except BaseException as error:
            if conn.in_transaction:
                with contextlib.suppress(sqlcipher3.Error):
                    conn.execute("ROLLBACK")
            if isinstance(error, sqlcipher3.Error):
                translated = translate_error(error)
                if isinstance(translated, StorageFull):
                    give_back_wal_space(conn)
                raise translated from None
            raise

    def now(self) -> str:
        """Return the repository clock's time as stored in the database."""
        return self._now()

    def _now(self) -> str:
        return to_db(self._clock())

    # -- meta and templates ----------------------------------------------

    def initialise(self, vault_id: str) -> None:
        """Record the vault's identity and the default template (new vaults)."""
        with self.write() as conn:
            conn.execute("INSERT INTO meta(key, value) VALUES ('vault_id', ?)", (vault_id,))
            conn.execute("INSERT INTO meta(key, value) VALUES ('created_at', ?)", (self._now(),))
            template_id = self._insert_template(conn, DEFAULT_TEMPLATE)
            conn.execute(
                "INSERT INTO meta(key, value) VALUES ('default_template_id', ?)",
                (str(template_id),),
            )

    def set_meta(self, key: str, value: str) -> None:
        """Record one bookkeeping value (not a change to the notes)."""
        changed = self.changed
        with self.write() as conn:
            conn.execute(
                "INSERT INTO meta(key, value) VALUES (?, ?) "
                "ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                (key, value),
            )
        self.changed = changed

    def latest_change(self) -> str | None:
        """Return the newest updated_at of any group, session or reflection."""
        row = self._conn.execute(
            "SELECT max(at) FROM (SELECT max(updated_at) AS at FROM groups "
            "UNION ALL SELECT max(updated_at) FROM sessions "
            "UNION ALL SELECT max(updated_at) FROM reflections)"
        ).fetchone()
        return None if row is None or row[0] is None else str(row[0])

    def meta(self, key: str) -> str | None:
        """Return one value of the meta table."""
        row = self._conn.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        return None if row is None else str(row[0])

    def _insert_template(self, conn: Connection, template: Template) -> int:
        return insert_template(conn, template, self._now())

    def default_template_id(self) -> int:
        """Return the id of the vault's default template."""
        value = self.meta("default_template_id")
        if value is None:
            raise VaultCorrupt("The vault has no default template.")
        return int(value)

    def session_template(self, session_id: int) -> Template:
        """Return the template a session is written with (kept even if edited later)."""
        self.session(session_id)
        template_id = self.session_template_id(session_id)
        if template_id is None:
            return DEFAULT_TEMPLATE
        template = load_template(self._conn, template_id)
        return DEFAULT_TEMPLATE if template is None else template

    def template_keys(self, template_id: int | None) -> tuple[str, ...]:
        """Return the section keys of a template (templates are never edited in place)."""
        if template_id is None:
            return DEFAULT_TEMPLATE.keys
        if template_id not in self._template_keys:
            rows = self._conn.execute(
                "SELECT key FROM template_sections WHERE template_id = ? ORDER BY position",
                (template_id,),
            ).fetchall()
            self._template_keys[template_id] = tuple(row[0] for row in rows)
        return self._template_keys[template_id]

    # -- groups -----------------------------------------------------------

    def add_group(self, name: str, fields: Mapping[str, Any]) -> Group:
        """Create a group; see `Group` for the fields."""
        values = group_values(fields)
        now = self._now()
        with self.write() as conn:
            template_id = kind_template_id(conn, str(values.get("kind", "clinician")), now)
            cursor = conn.execute(
                "INSERT INTO groups(name, template_id, created_at, updated_at) VALUES (?, ?, ?, ?)",
                (validate.name(name, "group name"), template_id, now, now),
            )
            group_id = int(cursor.lastrowid)
            update_row(conn, "groups", group_id, values)
        return self.group(group_id)

    def update_group(self, group_id: int, fields: Mapping[str, Any]) -> Group:
        """Change a group's name or fields."""
        self.group(group_id)
        values = group_values({k: v for k, v in fields.items() if k != "name"})
        if "name" in fields:
            values["name"] = validate.name(fields["name"], "group name")
        values["updated_at"] = self._now()
        with self.write() as conn:
            update_row(conn, "groups", group_id, values)
            if "kind" in values:
                # A group still on a kind's default follows its new kind; a
                # group with its own wording keeps it.
                own = conn.execute(
                    "SELECT t.group_id FROM groups AS g JOIN templates AS t "
                    "ON t.id = g.template_id WHERE g.id = ?",
                    (group_id,),
                ).fetchone()
                if own is None or own[0] is None:
                    template_id = kind_template_id(conn, str(values["kind"]), values["updated_at"])
                    conn.execute(
                        "UPDATE groups SET template_id = ? WHERE id = ?", (template_id, group_id)
                    )
        return self.group(group_id)

    def delete_group(self, group_id: int) -> None:
        """Delete a group with all its sessions and reflections."""
        self.group(group_id)
        with self.write() as conn:
            conn.execute("DELETE FROM groups WHERE id = ?", (group_id,))
            purge_index(conn)
        # The group's own templates went with it, and SQLite may reuse their ids.
        self._template_keys.clear()

    def groups(self) -> list[Group]:
        """Return every group, by name."""
        rows = self._conn.execute(
            f"SELECT {GROUP_COLUMNS} FROM groups ORDER BY name COLLATE NOCASE, id"  # noqa: S608
        ).fetchall()
        return [group_from_row(row) for row in rows]

    def group(self, group_id: int) -> Group:
        """Return one group or raise `InvalidInput`."""
        row = self._conn.execute(
            f"SELECT {GROUP_COLUMNS} FROM groups WHERE id = ?",  # noqa: S608
            (row_id(group_id),),
        ).fetchone()
        if row is None:
            raise InvalidInput("That group does not exist (it may have been deleted).")
        return group_from_row(row)

    # -- sessions ---------------------------------------------------------

    def add_session(self, group_id: int, held_on: dt.date, fields: Mapping[str, Any]) -> Session:
        """Create a session of a group on a local date; see `Session`."""
        group = self.group(group_id)
        validate.known_fields(fields, SESSION_FIELDS, "session")
        held_on = validate.date(held_on, "session date")
        start = validate.clock_time(fields.get("start_time", group.start_time), "start time")
        starts_at = utc_start(held_on, start, group.time_zone)
        duration = validate.minutes(fields.get("duration_minutes", group.duration_minutes))
        status = validate.choice(fields.get("status", "held"), SESSION_STATUSES, "status")
        mode = validate.choice(fields.get("mode", group.mode), MODES, "mode")
        template_id = self._conn.execute(
            "SELECT template_id FROM groups WHERE id = ?", (group_id,)
        ).fetchone()[0]
        now = self._now()
        with self.write() as conn:
            cursor = conn.execute(
                "INSERT INTO sessions(group_id, held_on, starts_at, duration_minutes, status, "
                "mode, template_id, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    group_id,
                    held_on.isoformat(),
                    to_db(starts_at),
                    duration,
                    status,
                    mode,
                    template_id,
                    now,
                    now,
                ),
            )
        return self.session(int(cursor.lastrowid))

    def update_session(
        self, session_id: int, held_on: dt.date, fields: Mapping[str, Any]
    ) -> Session:
        """Change a session's date and fields; times stay in the group's zone."""
        session = self.session(session_id)
        group = self.group(session.group_id)
        validate.known_fields(fields, SESSION_FIELDS, "session")
        held_on = validate.date(held_on, "session date")
        local_start = session.starts_at.astimezone(zoneinfo.ZoneInfo(group.time_zone)).time()
        start = validate.clock_time(fields.get("start_time", local_start), "start time")
        values = {
            "held_on": held_on.isoformat(),
            "starts_at": to_db(utc_start(held_on, start, group.time_zone)),
            "duration_minutes": validate.minutes(
                fields.get("duration_minutes", session.duration_minutes)
            ),
            "status": validate.choice(
                fields.get("status", session.status), SESSION_STATUSES, "status"
            ),
            "mode": validate.choice(fields.get("mode", session.mode), MODES, "mode"),
            "updated_at": self._now(),
        }
        with self.write() as conn:
            update_row(conn, "sessions", session_id, values)
        return self.session(session_id)

    def destroy_notes(self, group_id: int) -> int:
        """Destroy a group's notes for good; see `destruction.destroy_notes`."""
        return destruction.destroy_notes(self, group_id)

    def audit_log(self) -> list[tuple[dt.datetime, str, int]]:
        """Return the content-free record of deliberate destruction."""
        return destruction.audit_log(self)

    def sessions(self, group_id: int) -> list[Session]:
        """Return a group's sessions, newest first."""
        self.group(group_id)
        rows = self._conn.execute(
            f"SELECT {SESSION_COLUMNS} FROM sessions WHERE group_id = ? "  # noqa: S608
            "ORDER BY starts_at DESC, id DESC",
            (group_id,),
        ).fetchall()
        return [session_from_row(row) for row in rows]

    def session(self, session_id: int) -> Session:
        """Return one session or raise `InvalidInput`."""
        row = self._conn.execute(
            f"SELECT {SESSION_COLUMNS} FROM sessions WHERE id = ?",  # noqa: S608
            (row_id(session_id),),
        ).fetchone()
        if row is None:
            raise InvalidInput("That session does not exist (it may have been deleted).")
        return session_from_row(row)

    def delete_session(self, session_id: int) -> None:
        """Delete a session with its reflection and history."""
        self.session(session_id)
        with self.write() as conn:
            conn.execute("DELETE FROM sessions WHERE id = ?", (session_id,))
            purge_index(conn)

    # -- reflections ------------------------------------------------------

    def save_reflection(self, session_id: int, sections: Mapping[str, str]) -> Reflection:
        """Merge `sections` into the session's reflection and record a revision.

        An empty text clears that section. Keys must belong to the session's
        template. A save that changes nothing records no revision.
        """
        return ReflectionStore(self).save(session_id, sections)

    def reflection(self, session_id: int) -> Reflection:
        """Return the current reflection of a session (empty if never written)."""
        return ReflectionStore(self).reflection(session_id)

    def revisions(self, session_id: int) -> list[Revision]:
        """Return a reflection's saved states, newest first."""
        return ReflectionStore(self).revisions(session_id)

    def restore_revision(self, session_id: int, revision_id: int) -> Reflection:
        """Make an earlier revision current again, as a new save."""
        return ReflectionStore(self).restore_revision(session_id, revision_id)

    def delete_reflection(self, session_id: int) -> None:
        """Delete a reflection, its history and its index entries."""
        ReflectionStore(self).delete(session_id)

    def session_template_id(self, session_id: int) -> int | None:
        """Return the id of the template a session is written with (None: the default)."""
        row = self._conn.execute(
            "SELECT template_id FROM sessions WHERE id = ?", (session_id,)
        ).fetchone()
        return None if row is None or row[0] is None else int(row[0])

    def counts(self) -> dict[str, int]:
        """Return how many groups, sessions, reflections, revisions, co-leaders … there are."""
        result = {}
        for table in (
            "groups",
            "sessions",
            "reflections",
            "reflection_revisions",
            "members",
            "co_leaders",
            "shared_reflections",
        ):
            query = f"SELECT count(*) FROM {table}"  # noqa: S608 - fixed table names
            result[table] = int(self._conn.execute(query).fetchone()[0])
        return result


__all__ = ["Repository", "translate_error"]
