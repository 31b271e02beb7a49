"""Templates in the vault: a default per kind of group, and each group's versions.

Templates are never edited in place. A group's edit inserts a new version
(``previous_id`` pointing back) and moves the group to it; sessions keep the
template id they were created with, so an old session always shows the
prompts it was written to.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING

from balint_desktop.core.clock import from_db
from balint_desktop.core.templates import SectionSpec, Template, checked, template_for_kind

if TYPE_CHECKING:
    from balint_desktop.storage.connection import Connection
    from balint_desktop.storage.repository import Repository


@dataclass(frozen=True, slots=True)
class TemplateVersion:
    """One version of a group's template."""

    id: int
    version: int
    name: str
    created_at: dt.datetime
    sessions: int


def insert_template(
    conn: Connection,
    template: Template,
    now: str,
    *,
    group_kind: str | None = None,
    group_id: int | None = None,
    version: int = 1,
    previous_id: int | None = None,
) -> int:
    """Insert a template with its sections and return its id."""
    cursor = conn.execute(
        "INSERT INTO templates(name, group_kind, group_id, version, previous_id, created_at) "
        "VALUES (?, ?, ?, ?, ?, ?)",
        (template.name, group_kind, group_id, version, previous_id, now),
    )
    template_id = int(cursor.lastrowid)
    conn.executemany(
        "INSERT INTO template_sections(template_id, position, key, title, prompt, private) "
        "VALUES (?, ?, ?, ?, ?, ?)",
        [
            (template_id, position, s.key, s.title, s.prompt, int(s.private))
            for position, s in enumerate(template.sections)
        ],
    )
    return template_id


def kind_template_id(conn: Connection, kind: str, now: str) -> int:
    """Return the id of the default template of `kind`, creating it the first time."""
    row = conn.execute(
        "SELECT id FROM templates WHERE group_kind = ? AND group_id IS NULL "
        "ORDER BY version DESC, id DESC LIMIT 1",
        (kind,),
    ).fetchone()
    if row is not None:
        return int(row[0])
    return insert_template(conn, template_for_kind(kind), now, group_kind=kind)


def load_template(conn: Connection, template_id: int) -> Template | None:
    """Return a stored template, or None if it is missing or empty."""
    name_row = conn.execute("SELECT name FROM templates WHERE id = ?", (template_id,)).fetchone()
    rows = conn.execute(
        "SELECT key, title, prompt, private FROM template_sections "
        "WHERE template_id = ? ORDER BY position",
        (template_id,),
    ).fetchall()
    if name_row is None or not rows:
        return None
    sections = tuple(SectionSpec(k, t, p, bool(private)) for k, t, p, private in rows)
    return Template(name=str(name_row[0]), sections=sections)


class TemplateStore:
    """A group's template: read, edit (as a new version), history, reset."""

    def __init__(self, repo: Repository) -> None:
        """Work through `repo`."""
        self._repo = repo
        self._conn = repo.connection

    def _current_id(self, group_id: int) -> int:
        self._repo.group(group_id)
        row = self._conn.execute(
            "SELECT template_id FROM groups WHERE id = ?", (group_id,)
        ).fetchone()
        if row is None or row[0] is None:
            with self._repo.write() as conn:
                template_id = kind_template_id(
                    conn, self._repo.group(group_id).kind, self._repo.now()
                )
                conn.execute(
                    "UPDATE groups SET template_id = ? WHERE id = ?", (template_id, group_id)
                )
            return template_id
        return int(row[0])

    def group_template(self, group_id: int) -> Template:
        """Return the template new sessions of the group are written with."""
        template_id = self._current_id(group_id)
        template = load_template(self._conn, template_id)
        return (
            template if template is not None else template_for_kind(self._repo.group(group_id).kind)
        )

    def save(self, group_id: int, template: Template) -> int:
        """Keep `template` as the group's next version; return the version number."""
        tidy = checked(template)
        current = self._current_id(group_id)
        if load_template(self._conn, current) == tidy:
            return self._version(current)
        row = self._conn.execute(
            "SELECT coalesce(max(version), 0) FROM templates WHERE group_id = ?", (group_id,)
        ).fetchone()
        version = int(row[0]) + 1
        with self._repo.write() as conn:
            new_id = insert_template(
                conn,
                tidy,
                self._repo.now(),
                group_id=group_id,
                version=version,
                previous_id=current,
            )
            conn.execute("UPDATE groups SET template_id = ? WHERE id = ?", (new_id, group_id))
        return version

    def reset(self, group_id: int) -> int:
        """Go back to the default wording of the group's kind (as a new version)."""
        return self.save(group_id, template_for_kind(self._repo.group(group_id).kind))

    def versions(self, group_id: int) -> list[TemplateVersion]:
        """Return the group's own versions, newest first, with how many sessions use each."""
        self._repo.group(group_id)
        rows = self._conn.execute(
            "SELECT t.id, t.version, t.name, t.created_at, "
            "(SELECT count(*) FROM sessions AS s WHERE s.template_id = t.id) "
            "FROM templates AS t WHERE t.group_id = ? ORDER BY t.version DESC, t.id DESC",
            (group_id,),
        ).fetchall()
        return [
            TemplateVersion(int(i), int(v), str(n), from_db(str(c)), int(count))
            for i, v, n, c, count in rows
        ]

    def _version(self, template_id: int) -> int:
        row = self._conn.execute(
            "SELECT group_id, version FROM templates WHERE id = ?", (template_id,)
        ).fetchone()
        return 0 if row is None or row[0] is None else int(row[1])
