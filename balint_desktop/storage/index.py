"""Keeping the session search index in step with the reflections.

Triggers put every session whose sections changed into `index_queue`;
`reindex_queued` runs at the end of each write transaction and indexes each
queued session once, in both the word and the trigram index. After a delete,
`purge_index` drops the deleted words at once; `tidy_index` merges segments
in quiet moments.
"""

from __future__ import annotations

from balint_desktop.storage.connection import Connection

SECTION_KEYS = (
    "atmosphere",
    "case",
    "relationship",
    "group_process",
    "leadership",
    "presenter_return",
    "my_responses",
    "co_leader_debrief",
    "follow_up",
)
COLUMNS = ", ".join(f"s_{key}" for key in SECTION_KEYS) + ", s_other"
_KEY_LIST = ", ".join(f"'{key}'" for key in SECTION_KEYS)
_VALUES = ",\n       ".join(
    [f"max(CASE WHEN rs.section_key = '{key}' THEN rs.body END)" for key in SECTION_KEYS]
    + [f"group_concat(CASE WHEN rs.section_key NOT IN ({_KEY_LIST}) THEN rs.body END, ' ')"]
)
_SELECT = (
    f"SELECT r.session_id, {_VALUES} "  # noqa: S608 - fixed section keys only
    "FROM reflections AS r JOIN reflection_sections AS rs ON rs.reflection_id = r.id "
    "WHERE r.session_id = :session GROUP BY r.session_id"
)


def reindex_queued(conn: Connection) -> int:
    """Re-index every queued session and empty the queue; return how many.

    Must run inside the write transaction that queued them.
    """
    queued = [row[0] for row in conn.execute("SELECT session_id FROM index_queue")]
    for session_id in queued:
        params = {"session": session_id}
        for table in ("session_fts", "session_tri"):
            conn.execute(f"DELETE FROM {table} WHERE rowid = :session", params)  # noqa: S608
            conn.execute(f"INSERT INTO {table}(rowid, {COLUMNS}) {_SELECT}", params)
    if queued:
        conn.execute("DELETE FROM index_queue")
    return len(queued)


def purge_index(conn: Connection) -> None:
    """Remove deleted sessions' words from the index pages now (run after a delete)."""
    # FTS5 records deletions as tombstones until segments merge; merging now
    # removes the deleted words from the index pages (THREAT-MODEL.md T14).
    for table in ("session_fts", "session_tri"):
        conn.execute(f"INSERT INTO {table}({table}) VALUES ('optimize')")  # noqa: S608


def tidy_index(conn: Connection, pages: int) -> None:
    """Merge index segments, writing about `pages` pages (run in quiet moments)."""
    for table in ("session_fts", "session_tri"):
        conn.execute(f"INSERT INTO {table}({table}, rank) VALUES ('merge', ?)", (pages,))  # noqa: S608
