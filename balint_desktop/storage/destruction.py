"""Destroying a group's notes for good (APP 11), and the content-free record of it.

A companion of `Repository`: the destruction is one immediate, durable
transaction on the repository's connection, followed by a VACUUM.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from balint_desktop.core.clock import from_db
from balint_desktop.storage.index import purge_index

if TYPE_CHECKING:
    from balint_desktop.storage.repository import Repository


def destroy_notes(repo: Repository, group_id: int) -> int:
    """Destroy a group's reflections, histories, case details and co-leaders' texts (APP 11).

    Sessions, attendance and members stay (dates and counts for
    accreditation and CPD records); a content-free audit entry says
    what was destroyed and when. Returns the number of reflections.
    """
    repo.group(group_id)
    with repo.write() as conn:
        count = int(
            conn.execute(
                "SELECT count(*) FROM reflections WHERE session_id IN "
                "(SELECT id FROM sessions WHERE group_id = ?)",
                (group_id,),
            ).fetchone()[0]
        )
        conn.execute(
            "DELETE FROM reflections WHERE session_id IN "
            "(SELECT id FROM sessions WHERE group_id = ?)",
            (group_id,),
        )
        # Co-leaders' shared reflections of these sessions go with them.
        conn.execute(
            "DELETE FROM shared_reflections WHERE session_id IN "
            "(SELECT id FROM sessions WHERE group_id = ?)",
            (group_id,),
        )
        conn.execute(
            "UPDATE case_presentations SET other_pseudonym = '', summary = '' "
            "WHERE session_id IN (SELECT id FROM sessions WHERE group_id = ?)",
            (group_id,),
        )
        conn.execute(
            "INSERT INTO audit_log(at, event, count) VALUES (?, 'destroyed reflections', ?)",
            (repo.now(), count),
        )
        purge_index(conn)
    # Free pages are zeroed (secure_delete); VACUUM also shrinks the file.
    repo.connection.execute("VACUUM")
    return count


def audit_log(repo: Repository) -> list[tuple[dt.datetime, str, int]]:
    """Return the content-free record of deliberate destruction."""
    rows = repo.connection.execute("SELECT at, event, count FROM audit_log ORDER BY id").fetchall()
    return [(from_db(at), str(event), int(count)) for at, event, count in rows]
