-- Schema version 1: the whole data model of DOMAIN.md.
-- All timestamps are UTC ISO-8601 strings ending in "Z"; dates are ISO dates.

CREATE TABLE meta (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
) STRICT;

CREATE TABLE templates (
    id          INTEGER PRIMARY KEY,
    name        TEXT NOT NULL,
    group_kind  TEXT,                       -- the kind this is the default for
    group_id    INTEGER REFERENCES groups(id) ON DELETE CASCADE,  -- a group's own copy
    version     INTEGER NOT NULL DEFAULT 1,
    previous_id INTEGER REFERENCES templates(id) ON DELETE SET NULL,
    created_at  TEXT NOT NULL
) STRICT;

CREATE TABLE template_sections (
    template_id INTEGER NOT NULL REFERENCES templates(id) ON DELETE CASCADE,
    position    INTEGER NOT NULL,
    key         TEXT NOT NULL,
    title       TEXT NOT NULL,
    prompt      TEXT NOT NULL,
    private     INTEGER NOT NULL DEFAULT 0 CHECK (private IN (0, 1)),
    PRIMARY KEY (template_id, key)
) STRICT;

CREATE TABLE groups (
    id               INTEGER PRIMARY KEY,
    name             TEXT NOT NULL,
    kind             TEXT NOT NULL DEFAULT 'clinician'
                     CHECK (kind IN ('clinician', 'coaches_consultants', 'health_leaders', 'other')),
    time_zone        TEXT NOT NULL DEFAULT 'UTC',
    cadence          TEXT NOT NULL DEFAULT 'monthly'
                     CHECK (cadence IN ('weekly', 'fortnightly', 'monthly', 'other')),
    mode             TEXT NOT NULL DEFAULT 'online' CHECK (mode IN ('online', 'in_person', 'hybrid')),
    co_leader        TEXT NOT NULL DEFAULT '',
    start_time       TEXT NOT NULL DEFAULT '18:00',  -- usual local start, HH:MM
    duration_minutes INTEGER NOT NULL DEFAULT 90 CHECK (duration_minutes > 0),
    template_id      INTEGER REFERENCES templates(id) ON DELETE SET NULL,
    started_on       TEXT,
    closed_on        TEXT,
    retention_years  INTEGER CHECK (retention_years IS NULL OR retention_years > 0),
    created_at       TEXT NOT NULL,
    updated_at       TEXT NOT NULL
) STRICT;

CREATE TABLE members (
    id         INTEGER PRIMARY KEY,
    group_id   INTEGER NOT NULL REFERENCES groups(id) ON DELETE CASCADE,
    pseudonym  TEXT NOT NULL,               -- initials or a code, never required to be a name
    profession TEXT NOT NULL DEFAULT '',
    joined_on  TEXT,
    left_on    TEXT,
    created_at TEXT NOT NULL
) STRICT;
CREATE INDEX members_group ON members(group_id);

CREATE TABLE sessions (
    id               INTEGER PRIMARY KEY,
    group_id         INTEGER NOT NULL REFERENCES groups(id) ON DELETE CASCADE,
    held_on          TEXT NOT NULL,         -- the date in the group's home time zone
    starts_at        TEXT NOT NULL,         -- UTC
    duration_minutes INTEGER NOT NULL CHECK (duration_minutes > 0),
    status           TEXT NOT NULL DEFAULT 'held' CHECK (status IN ('planned', 'held', 'cancelled')),
    mode             TEXT NOT NULL CHECK (mode IN ('online', 'in_person', 'hybrid')),
    template_id      INTEGER REFERENCES templates(id) ON DELETE SET NULL,
    created_at       TEXT NOT NULL,
    updated_at       TEXT NOT NULL
) STRICT;
CREATE INDEX sessions_group_start ON sessions(group_id, starts_at);

CREATE TABLE attendance (
    session_id INTEGER NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
    member_id  INTEGER NOT NULL REFERENCES members(id) ON DELETE CASCADE,
    status     TEXT NOT NULL CHECK (status IN ('present', 'apology', 'absent')),
    presented  INTEGER NOT NULL DEFAULT 0 CHECK (presented IN (0, 1)),
    PRIMARY KEY (session_id, member_id)
) STRICT;

CREATE TABLE case_presentations (
    id                      INTEGER PRIMARY KEY,
    session_id              INTEGER NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
    position                INTEGER NOT NULL DEFAULT 1 CHECK (position BETWEEN 1 AND 3),
    presenter_id            INTEGER REFERENCES members(id) ON DELETE SET NULL,
    other_pseudonym         TEXT NOT NULL DEFAULT '',
    other_kind              TEXT NOT NULL DEFAULT 'patient'
                            CHECK (other_kind IN ('patient', 'client', 'colleague', 'team',
                                                  'organisation', 'other')),
    summary                 TEXT NOT NULL DEFAULT '',
    follows_presentation_id INTEGER REFERENCES case_presentations(id) ON DELETE SET NULL,
    created_at              TEXT NOT NULL,
    UNIQUE (session_id, position)
) STRICT;

CREATE TABLE reflections (
    id          INTEGER PRIMARY KEY,
    session_id  INTEGER NOT NULL UNIQUE REFERENCES sessions(id) ON DELETE CASCADE,
    template_id INTEGER REFERENCES templates(id) ON DELETE SET NULL,
    created_at  TEXT NOT NULL,
    updated_at  TEXT NOT NULL
) STRICT;

CREATE TABLE reflection_sections (
    id            INTEGER PRIMARY KEY,
    reflection_id INTEGER NOT NULL REFERENCES reflections(id) ON DELETE CASCADE,
    section_key   TEXT NOT NULL,
    body          TEXT NOT NULL,
    updated_at    TEXT NOT NULL,
    UNIQUE (reflection_id, section_key)
) STRICT;

CREATE TABLE reflection_revisions (
    id            INTEGER PRIMARY KEY,
    reflection_id INTEGER NOT NULL REFERENCES reflections(id) ON DELETE CASCADE,
    saved_at      TEXT NOT NULL,
    sections_json TEXT NOT NULL             -- the whole reflection after this save
) STRICT;
CREATE INDEX reflection_revisions_reflection ON reflection_revisions(reflection_id, id);

CREATE TABLE tags (
    id   INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE COLLATE NOCASE
) STRICT;

CREATE TABLE session_tags (
    session_id INTEGER NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
    tag_id     INTEGER NOT NULL REFERENCES tags(id) ON DELETE CASCADE,
    PRIMARY KEY (session_id, tag_id)
) STRICT;

CREATE TABLE leadership_log (
    id          INTEGER PRIMARY KEY,
    kind        TEXT NOT NULL CHECK (kind IN ('supervision', 'intensive', 'workshop',
                                              'observed', 'training_day', 'other')),
    occurred_on TEXT NOT NULL,
    hours       REAL NOT NULL DEFAULT 0 CHECK (hours >= 0),
    group_id    INTEGER REFERENCES groups(id) ON DELETE SET NULL,
    description TEXT NOT NULL DEFAULT '',
    created_at  TEXT NOT NULL
) STRICT;

-- Content-free record of deliberate destruction (APP 11): what kind of thing,
-- how many, when; never a name or note text.
CREATE TABLE audit_log (
    id    INTEGER PRIMARY KEY,
    at    TEXT NOT NULL,
    event TEXT NOT NULL,
    count INTEGER NOT NULL DEFAULT 0
) STRICT;
