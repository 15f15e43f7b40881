-- kefu store migration to version 3: the spam shield's durable state.
--  * shield_lists: white/black lists edited by staff (senders, ports,
--    opted-out recipients, URL domains, keywords, regexes, suspended senders);
--  * review_items: the review queue. A held message gets its item from a
--    trigger in the same transaction that holds it, so none is ever missed;
--    reported senders get theirs when the report threshold is reached;
--  * review_actions: every action with who and when;
--  * reports: subscriber reports to 10086999, joined to what they received;
--  * labels: handled items as labelled text for retraining.
CREATE TABLE shield_lists (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    list       TEXT NOT NULL,
    value      TEXT NOT NULL,
    note       TEXT NOT NULL DEFAULT '',
    actor      TEXT NOT NULL DEFAULT '',
    created_ms INTEGER NOT NULL,
    until_ms   INTEGER NOT NULL DEFAULT 0,   -- 0 = no end
    UNIQUE (list, value)
);
CREATE TABLE review_items (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    kind       INTEGER NOT NULL,             -- 0 held message, 1 reported sender
    msg_id     INTEGER NOT NULL DEFAULT 0,
    sender     TEXT NOT NULL DEFAULT '',
    rcpt       TEXT NOT NULL DEFAULT '',
    fp         INTEGER NOT NULL DEFAULT 0,   -- SimHash of the text (as signed 64-bit)
    reports    INTEGER NOT NULL DEFAULT 0,
    created_ms INTEGER NOT NULL,
    state      INTEGER NOT NULL DEFAULT 0,   -- 0 open, 1 handled
    action     TEXT NOT NULL DEFAULT '',
    actor      TEXT NOT NULL DEFAULT '',
    handled_ms INTEGER NOT NULL DEFAULT 0,
    label      INTEGER NOT NULL DEFAULT -1,  -- 1 spam, 0 ham, -1 none
    audit      INTEGER NOT NULL DEFAULT -1,  -- 1 correct, 0 wrong, -1 not audited
    auditor    TEXT NOT NULL DEFAULT '',
    audited_ms INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX review_items_open ON review_items (state, id);
CREATE INDEX review_items_created ON review_items (created_ms);
CREATE UNIQUE INDEX review_items_msg ON review_items (msg_id) WHERE kind = 0;
CREATE UNIQUE INDEX review_items_sender ON review_items (sender) WHERE kind = 1 AND state = 0;
CREATE TRIGGER messages_held_insert AFTER INSERT ON messages WHEN NEW.state = 64
BEGIN
    INSERT OR IGNORE INTO review_items (kind, msg_id, sender, rcpt, created_ms)
        VALUES (0, NEW.id, NEW.src, NEW.dst, NEW.submit_ms);
END;
CREATE TRIGGER messages_held_update AFTER UPDATE OF state ON messages
    WHEN NEW.state = 64 AND OLD.state <> 64
BEGIN
    INSERT OR IGNORE INTO review_items (kind, msg_id, sender, rcpt, created_ms)
        VALUES (0, NEW.id, NEW.src, NEW.dst, NEW.submit_ms);
END;
CREATE TABLE review_actions (
    id      INTEGER PRIMARY KEY AUTOINCREMENT,
    item_id INTEGER NOT NULL,
    action  TEXT NOT NULL,
    actor   TEXT NOT NULL,
    at_ms   INTEGER NOT NULL,
    note    TEXT NOT NULL DEFAULT ''
);
CREATE INDEX review_actions_item ON review_actions (item_id);
CREATE TABLE reports (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    reporter   TEXT NOT NULL,
    sender     TEXT NOT NULL,               -- '' when it could not be told
    fp         INTEGER NOT NULL DEFAULT 0,
    msg_id     INTEGER NOT NULL DEFAULT 0,  -- the message it was matched to
    format     INTEGER NOT NULL,            -- 0 number*text, 1 forwarded text, 2 number only
    text       TEXT NOT NULL DEFAULT '',
    created_ms INTEGER NOT NULL,
    item_id    INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX reports_sender ON reports (sender, created_ms);
CREATE INDEX reports_item ON reports (item_id);
CREATE INDEX reports_fp ON reports (fp, created_ms);
CREATE TABLE labels (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    label      INTEGER NOT NULL,            -- 1 spam, 0 ham
    text       TEXT NOT NULL,
    source     TEXT NOT NULL,
    item_id    INTEGER NOT NULL DEFAULT 0,
    created_ms INTEGER NOT NULL
);
INSERT INTO schema_version (version) VALUES (3);
