-- Schema version 4: co-leaders exchange reflections without a cloud.
--
-- identity: this vault's key pairs (X25519 to receive, Ed25519 to sign). One
-- row, made the first time it is asked for; the private keys never leave the
-- encrypted database.
CREATE TABLE identity (
    id           INTEGER PRIMARY KEY CHECK (id = 1),
    box_private  BLOB NOT NULL CHECK (length(box_private) = 32),
    sign_private BLOB NOT NULL CHECK (length(sign_private) = 32),
    created_at   TEXT NOT NULL
) STRICT;

-- The co-leaders whose public identity the leader imported and confirmed.
CREATE TABLE co_leaders (
    id          INTEGER PRIMARY KEY,
    name        TEXT NOT NULL,
    box_public  BLOB NOT NULL CHECK (length(box_public) = 32),
    sign_public BLOB NOT NULL UNIQUE CHECK (length(sign_public) = 32),
    added_at    TEXT NOT NULL
) STRICT;

-- Which of my groups a co-leader's group is (their reference for it is an
-- opaque random-looking string that says nothing about the group).
CREATE TABLE co_leader_groups (
    co_leader_id INTEGER NOT NULL REFERENCES co_leaders(id) ON DELETE CASCADE,
    remote_ref   TEXT NOT NULL,
    group_id     INTEGER NOT NULL REFERENCES groups(id) ON DELETE CASCADE,
    PRIMARY KEY (co_leader_id, remote_ref)
) STRICT;

-- A co-leader's shared sections of one session, shown read-only beside the
-- leader's own reflection and never mixed into it. Not indexed for search.
CREATE TABLE shared_reflections (
    id            INTEGER PRIMARY KEY,
    session_id    INTEGER NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
    co_leader_id  INTEGER NOT NULL REFERENCES co_leaders(id) ON DELETE CASCADE,
    remote_ref    TEXT NOT NULL,
    written_at    TEXT NOT NULL,         -- the co-leader's last change (their clock, UTC)
    received_at   TEXT NOT NULL,
    sections_json TEXT NOT NULL,         -- [[key, title, body], ...] in their order
    UNIQUE (co_leader_id, remote_ref)
) STRICT;
CREATE INDEX shared_reflections_session ON shared_reflections(session_id);

-- Every exchange file imported, so the same file twice changes nothing.
CREATE TABLE exchange_receipts (
    co_leader_id INTEGER NOT NULL REFERENCES co_leaders(id) ON DELETE CASCADE,
    exchange_id  TEXT NOT NULL,
    received_at  TEXT NOT NULL,
    PRIMARY KEY (co_leader_id, exchange_id)
) STRICT;
