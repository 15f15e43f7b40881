-- The version-1 schema exactly as kefud 0.1 created it (test fixture for
-- the migration test; the live copy is src/store/schema.sql).
-- kefu store schema, version 1. Applied by store.c when schema_version is
-- absent; later versions add migrations, never edit this one in place.
CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL);

CREATE TABLE accounts (
    id          INTEGER PRIMARY KEY,
    kind        INTEGER NOT NULL,              -- 0 industry port, 1 network link
    system_id   TEXT NOT NULL UNIQUE,
    pw_hash     TEXT NOT NULL,
    name        TEXT NOT NULL DEFAULT '',
    number      TEXT NOT NULL DEFAULT '',
    realname    INTEGER NOT NULL DEFAULT 0,
    signatures  TEXT NOT NULL DEFAULT '[]',
    src_range   TEXT NOT NULL DEFAULT '',
    bind_types  INTEGER NOT NULL DEFAULT 7,
    max_binds   INTEGER NOT NULL DEFAULT 4,
    allowed_ips TEXT NOT NULL DEFAULT '',
    tps         INTEGER NOT NULL DEFAULT 100,
    win         INTEGER NOT NULL DEFAULT 64,
    status      INTEGER NOT NULL DEFAULT 0,    -- 0 active, 1 suspended
    created_ms  INTEGER NOT NULL,
    updated_ms  INTEGER NOT NULL
);

CREATE TABLE messages (
    id            INTEGER PRIMARY KEY,
    kind          INTEGER NOT NULL,
    state         INTEGER NOT NULL,
    route_kind    INTEGER NOT NULL,
    verdict       INTEGER NOT NULL DEFAULT 0,
    origin_acct   INTEGER NOT NULL,
    route_acct    INTEGER NOT NULL,
    src_ton INTEGER, src_npi INTEGER, src TEXT NOT NULL,
    dst_ton INTEGER, dst_npi INTEGER, dst TEXT NOT NULL,
    service_type  TEXT NOT NULL DEFAULT '',
    esm_class INTEGER, protocol_id INTEGER, priority INTEGER,
    data_coding INTEGER, registered_delivery INTEGER,
    sm            BLOB,
    tlvs          BLOB,
    submit_ms     INTEGER NOT NULL,
    expire_ms     INTEGER NOT NULL,
    next_ms       INTEGER NOT NULL DEFAULT 0,
    done_ms       INTEGER NOT NULL DEFAULT 0,
    attempts      INTEGER NOT NULL DEFAULT 0,
    err           INTEGER NOT NULL DEFAULT 0,
    receipted_id  INTEGER NOT NULL DEFAULT 0,
    reasons       TEXT
);
CREATE INDEX messages_src ON messages (src, id);
CREATE INDEX messages_dst ON messages (dst, id);
-- Recovery reads only what is still moving: ENROUTE (1) and ACCEPTED (6).
CREATE INDEX messages_pending ON messages (state) WHERE state IN (1, 6);

INSERT INTO schema_version (version) VALUES (1);
