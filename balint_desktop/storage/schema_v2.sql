-- Schema version 2: the full-text index, inside the encrypted database.
-- One row per reflection section; triggers keep it in step with every insert,
-- update and delete, so a deleted note is never found again (T14).

CREATE VIRTUAL TABLE section_fts USING fts5(
    body,
    content = 'reflection_sections',
    content_rowid = 'id',
    tokenize = 'unicode61 remove_diacritics 2'
);

CREATE TRIGGER reflection_sections_ai AFTER INSERT ON reflection_sections BEGIN
    INSERT INTO section_fts(rowid, body) VALUES (new.id, new.body);
END;

CREATE TRIGGER reflection_sections_ad AFTER DELETE ON reflection_sections BEGIN
    INSERT INTO section_fts(section_fts, rowid, body) VALUES ('delete', old.id, old.body);
END;

CREATE TRIGGER reflection_sections_au AFTER UPDATE OF body ON reflection_sections BEGIN
    INSERT INTO section_fts(section_fts, rowid, body) VALUES ('delete', old.id, old.body);
    INSERT INTO section_fts(rowid, body) VALUES (new.id, new.body);
END;

INSERT INTO section_fts(section_fts) VALUES ('rebuild');
