"""Reading and writing each session's reflection and its saved revisions.

A companion of `Repository`, like `practice` and `templates_store`: it
shares the repository's connection, clock and `write()` transaction, so
every save is one immediate, durable transaction.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import TYPE_CHECKING

from balint_desktop.core import validate
from balint_desktop.core.clock import from_db
from balint_desktop.core.errors import InvalidInput
from balint_desktop.core.models import Reflection, Revision
from balint_desktop.storage.index import purge_index

if TYPE_CHECKING:
    from balint_desktop.storage.connection import Connection
    from balint_desktop.storage.repository import Repository


class ReflectionStore:
    """A session's reflection, its sections and its history of revisions."""

    def __init__(self, repo: Repository) -> None:
        """Share `repo`'s connection, clock and transactions."""
        self._repo = repo
        self._conn = repo.connection

    def save(self, session_id: int, sections: Mapping[str, str]) -> Reflection:
        """Merge `sections` into the session's reflection and record a revision.

        An empty text clears that section. Keys must belong to the session's
        template. A save that changes nothing records no revision.
        """
        repo = self._repo
        repo.session(session_id)
        if not isinstance(sections, Mapping):
            raise InvalidInput("The reflection must be given as section → text.")
        allowed = repo.template_keys(repo.session_template_id(session_id))
        cleaned = {}
        for key, body in sections.items():
            if key not in allowed:
                # The key is not echoed: a caller's mistake could put note text there.
                raise InvalidInput("This session's template has no such section.")
            cleaned[key] = validate.section_text(body)
        sections = cleaned
        now = repo.now()
        with repo.write() as conn:
            reflection_id = self._ensure_reflection(conn, session_id)
            before = conn.total_changes
            for key, body in sections.items():
                if body == "":
                    conn.execute(
                        "DELETE FROM reflection_sections "
                        "WHERE reflection_id = ? AND section_key = ?",
                        (reflection_id, key),
                    )
                else:
                    conn.execute(
                        "INSERT INTO reflection_sections"
                        "(reflection_id, section_key, body, updated_at) "
                        "VALUES (?, ?, ?, ?) ON CONFLICT(reflection_id, section_key) DO UPDATE SET "
                        "body = excluded.body, updated_at = excluded.updated_at "
                        "WHERE body IS NOT excluded.body",
                        (reflection_id, key, body, now),
                    )
            if conn.total_changes != before:
                current = _sections(conn, reflection_id)
                conn.execute(
                    "INSERT INTO reflection_revisions(reflection_id, saved_at, sections_json) "
                    "VALUES (?, ?, ?)",
                    (reflection_id, now, json.dumps(current, ensure_ascii=False)),
                )
                conn.execute(
                    "UPDATE reflections SET updated_at = ? WHERE id = ?", (now, reflection_id)
                )
        return self.reflection(session_id)

    def reflection(self, session_id: int) -> Reflection:
        """Return the current reflection of a session (empty if never written)."""
        self._repo.session(session_id)
        row = self._conn.execute(
            "SELECT r.id, r.updated_at, (SELECT count(*) FROM reflection_revisions "
            "WHERE reflection_id = r.id) FROM reflections AS r WHERE r.session_id = ?",
            (session_id,),
        ).fetchone()
        if row is None:
            return Reflection(session_id=session_id)
        reflection_id, updated_at, revisions = row
        return Reflection(
            session_id=session_id,
            sections=_sections(self._conn, reflection_id),
            updated_at=from_db(updated_at),
            revision_count=int(revisions),
        )

    def revisions(self, session_id: int) -> list[Revision]:
        """Return a reflection's saved states, newest first."""
        self._repo.session(session_id)
        rows = self._conn.execute(
            "SELECT v.id, v.saved_at, v.sections_json FROM reflection_revisions AS v "
            "JOIN reflections AS r ON r.id = v.reflection_id WHERE r.session_id = ? "
            "ORDER BY v.id DESC",
            (session_id,),
        ).fetchall()
        return [
            Revision(id=rid, session_id=session_id, saved_at=from_db(at), sections=json.loads(body))
            for rid, at, body in rows
        ]

    def restore_revision(self, session_id: int, revision_id: int) -> Reflection:
        """Make an earlier revision current again, as a new save."""
        for revision in self.revisions(session_id):
            if revision.id == revision_id:
                current = self.reflection(session_id).sections
                restored = {key: "" for key in current} | revision.sections
                return self.save(session_id, restored)
        raise InvalidInput("That revision does not belong to this session.")

    def delete(self, session_id: int) -> None:
        """Delete a reflection, its history and its index entries."""
        self._repo.session(session_id)
        with self._repo.write() as conn:
            conn.execute("DELETE FROM reflections WHERE session_id = ?", (session_id,))
            purge_index(conn)

    def _ensure_reflection(self, conn: Connection, session_id: int) -> int:
        row = conn.execute(
            "SELECT id FROM reflections WHERE session_id = ?", (session_id,)
        ).fetchone()
        if row is not None:
            return int(row[0])
        now = self._repo.now()
        cursor = conn.execute(
            "INSERT INTO reflections(session_id, template_id, created_at, updated_at) "
            "VALUES (?, ?, ?, ?)",
            (session_id, self._repo.session_template_id(session_id), now, now),
        )
        return int(cursor.lastrowid)


def _sections(conn: Connection, reflection_id: int) -> dict[str, str]:
    rows = conn.execute(
        "SELECT section_key, body FROM reflection_sections WHERE reflection_id = ?",
        (reflection_id,),
    ).fetchall()
    return {key: body for key, body in rows}
