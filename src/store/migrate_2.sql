-- kefu store migration to version 2 (applied by store.c in one transaction):
--  * account ids are never reused (AUTOINCREMENT), so a deleted port's
--    messages and receipts can never reach a new port with the same id;
--  * the copies of a submit_multi share the message_id the ESME was given
--    (messages.smpp_id; 0 = the row's own id).
CREATE TABLE accounts_v2 (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    kind        INTEGER NOT NULL,
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
    status      INTEGER NOT NULL DEFAULT 0,
    created_ms  INTEGER NOT NULL,
    updated_ms  INTEGER NOT NULL
);
INSERT INTO accounts_v2 SELECT * FROM accounts;
-- Ids of accounts deleted before this migration are not known; start above
-- every id any message refers to.
INSERT INTO sqlite_sequence (name, seq) SELECT 'accounts_v2', 0
    WHERE NOT EXISTS (SELECT 1 FROM sqlite_sequence WHERE name = 'accounts_v2');
UPDATE sqlite_sequence SET seq = (
    SELECT COALESCE(MAX(m), 0) FROM (
        SELECT MAX(id) AS m FROM accounts_v2
        UNION ALL SELECT MAX(origin_acct) FROM messages
        UNION ALL SELECT MAX(route_acct) FROM messages))
    WHERE name = 'accounts_v2';
DROP TABLE accounts;
ALTER TABLE accounts_v2 RENAME TO accounts;
ALTER TABLE messages ADD COLUMN smpp_id INTEGER NOT NULL DEFAULT 0;
INSERT INTO schema_version (version) VALUES (2);
