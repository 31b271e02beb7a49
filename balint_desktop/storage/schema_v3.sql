-- Schema version 3: search over whole sessions.
-- One row per session (rowid = session id) with one column per section of the
-- default template (s_other holds the sections of edited templates), so that
-- BM25 can weigh the case above the atmosphere, and a common word is ranked
-- over sessions rather than over every section. A trigram index alongside
-- finds partial words ("kamera" in "videokamera"). Both are contentless: the
-- text itself stays only in reflection_sections; snippets are made from it.
--
-- (No INSERT OR IGNORE in the triggers: the firing statement's conflict
-- policy would override it.)
-- Triggers record every insert, update and delete of a section in
-- index_queue; each write transaction re-indexes the queued sessions once
-- before it commits (storage/index.py), so a save that touches nine sections
-- indexes the session once, not nine times, and a deleted note is never
-- found again (T14).

DROP TRIGGER reflection_sections_ai;
DROP TRIGGER reflection_sections_ad;
DROP TRIGGER reflection_sections_au;
DROP TABLE section_fts;

CREATE VIRTUAL TABLE session_fts USING fts5(
    s_atmosphere, s_case, s_relationship, s_group_process, s_leadership, s_presenter_return, s_my_responses, s_co_leader_debrief, s_follow_up, s_other,
    content = '',
    contentless_delete = 1,
    tokenize = 'unicode61 remove_diacritics 2'
);

CREATE VIRTUAL TABLE session_tri USING fts5(
    s_atmosphere, s_case, s_relationship, s_group_process, s_leadership, s_presenter_return, s_my_responses, s_co_leader_debrief, s_follow_up, s_other,
    content = '',
    contentless_delete = 1,
    tokenize = 'trigram remove_diacritics 1'
);

-- Merging index segments while the leader types would make an occasional
-- autosave take tens of milliseconds; the app merges in quiet moments instead
-- (Vault.tidy_index). Crisis merges still bound the number of segments.
INSERT INTO session_fts(session_fts, rank) VALUES ('automerge', 0);
INSERT INTO session_tri(session_tri, rank) VALUES ('automerge', 0);

CREATE TABLE index_queue (
    session_id INTEGER PRIMARY KEY
) STRICT;

CREATE TRIGGER session_index_ai AFTER INSERT ON reflection_sections BEGIN
    INSERT INTO index_queue(session_id)
    SELECT r.session_id FROM reflections AS r
    WHERE r.id = new.reflection_id
      AND NOT EXISTS (SELECT 1 FROM index_queue AS q WHERE q.session_id = r.session_id);
END;

CREATE TRIGGER session_index_au AFTER UPDATE OF body ON reflection_sections BEGIN
    INSERT INTO index_queue(session_id)
    SELECT r.session_id FROM reflections AS r
    WHERE r.id = new.reflection_id
      AND NOT EXISTS (SELECT 1 FROM index_queue AS q WHERE q.session_id = r.session_id);
END;

CREATE TRIGGER session_index_ad AFTER DELETE ON reflection_sections BEGIN
    INSERT INTO index_queue(session_id)
    SELECT r.session_id FROM reflections AS r
    WHERE r.id = old.reflection_id
      AND NOT EXISTS (SELECT 1 FROM index_queue AS q WHERE q.session_id = r.session_id);
END;

-- A cascade from a deleted session removes the reflection before its
-- sections, so the sections' trigger can no longer find the session.
CREATE TRIGGER session_index_reflection_ad AFTER DELETE ON reflections BEGIN
    DELETE FROM session_fts WHERE rowid = old.session_id;
    DELETE FROM session_tri WHERE rowid = old.session_id;
    DELETE FROM index_queue WHERE session_id = old.session_id;
END;

INSERT INTO session_fts(rowid, s_atmosphere, s_case, s_relationship, s_group_process, s_leadership, s_presenter_return, s_my_responses, s_co_leader_debrief, s_follow_up, s_other)
SELECT r.session_id,
       max(CASE WHEN rs.section_key = 'atmosphere' THEN rs.body END),
       max(CASE WHEN rs.section_key = 'case' THEN rs.body END),
       max(CASE WHEN rs.section_key = 'relationship' THEN rs.body END),
       max(CASE WHEN rs.section_key = 'group_process' THEN rs.body END),
       max(CASE WHEN rs.section_key = 'leadership' THEN rs.body END),
       max(CASE WHEN rs.section_key = 'presenter_return' THEN rs.body END),
       max(CASE WHEN rs.section_key = 'my_responses' THEN rs.body END),
       max(CASE WHEN rs.section_key = 'co_leader_debrief' THEN rs.body END),
       max(CASE WHEN rs.section_key = 'follow_up' THEN rs.body END),
       group_concat(CASE WHEN rs.section_key NOT IN ('atmosphere', 'case', 'relationship', 'group_process', 'leadership', 'presenter_return', 'my_responses', 'co_leader_debrief', 'follow_up') THEN rs.body END, ' ')
FROM reflections AS r JOIN reflection_sections AS rs ON rs.reflection_id = r.id
GROUP BY r.session_id;

INSERT INTO session_tri(rowid, s_atmosphere, s_case, s_relationship, s_group_process, s_leadership, s_presenter_return, s_my_responses, s_co_leader_debrief, s_follow_up, s_other)
SELECT r.session_id,
       max(CASE WHEN rs.section_key = 'atmosphere' THEN rs.body END),
       max(CASE WHEN rs.section_key = 'case' THEN rs.body END),
       max(CASE WHEN rs.section_key = 'relationship' THEN rs.body END),
       max(CASE WHEN rs.section_key = 'group_process' THEN rs.body END),
       max(CASE WHEN rs.section_key = 'leadership' THEN rs.body END),
       max(CASE WHEN rs.section_key = 'presenter_return' THEN rs.body END),
       max(CASE WHEN rs.section_key = 'my_responses' THEN rs.body END),
       max(CASE WHEN rs.section_key = 'co_leader_debrief' THEN rs.body END),
       max(CASE WHEN rs.section_key = 'follow_up' THEN rs.body END),
       group_concat(CASE WHEN rs.section_key NOT IN ('atmosphere', 'case', 'relationship', 'group_process', 'leadership', 'presenter_return', 'my_responses', 'co_leader_debrief', 'follow_up') THEN rs.body END, ' ')
FROM reflections AS r JOIN reflection_sections AS rs ON rs.reflection_id = r.id
GROUP BY r.session_id;
