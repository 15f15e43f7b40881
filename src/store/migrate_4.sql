-- kefu store migration to version 4: self-service accounts (issue 4).
-- Money in fen, voice in minutes, data in KB, cycles as YYYYMM (local).

-- A subscriber's account. The name is stored whole and masked in every view.
CREATE TABLE subscribers (
    number          TEXT PRIMARY KEY,
    name            TEXT NOT NULL DEFAULT '',
    status          INTEGER NOT NULL DEFAULT 0,    -- 0 active, 1 suspended, 2 closed
    balance_fen     INTEGER NOT NULL DEFAULT 0,
    plan_id         TEXT NOT NULL,
    plan_since_ms   INTEGER NOT NULL,
    pending_plan_id TEXT NOT NULL DEFAULT '',      -- takes effect next cycle
    pending_at_ms   INTEGER NOT NULL DEFAULT 0,    -- when the change was asked for
    joined_ms       INTEGER NOT NULL,
    remind_flags    INTEGER NOT NULL DEFAULT 3,    -- bit 0 data, 1 balance, 2 spend
    spend_limit_fen INTEGER NOT NULL DEFAULT 0,    -- KTHFTX threshold, 0 = none
    points          INTEGER NOT NULL DEFAULT 0,
    updated_ms      INTEGER NOT NULL
) WITHOUT ROWID;

-- Usage counters and charges of one billing cycle.
CREATE TABLE sub_cycles (
    number       TEXT NOT NULL,
    cycle        INTEGER NOT NULL,
    plan_id      TEXT NOT NULL,
    voice        INTEGER NOT NULL DEFAULT 0,
    sms          INTEGER NOT NULL DEFAULT 0,
    data_kb      INTEGER NOT NULL DEFAULT 0,
    extra_voice  INTEGER NOT NULL DEFAULT 0,       -- added by packs and promotions
    extra_sms    INTEGER NOT NULL DEFAULT 0,
    extra_data   INTEGER NOT NULL DEFAULT 0,
    fees_fen     INTEGER NOT NULL DEFAULT 0,       -- monthly fees and packs
    overage_fen  INTEGER NOT NULL DEFAULT 0,
    records      INTEGER NOT NULL DEFAULT 0,
    opened_ms    INTEGER NOT NULL,
    PRIMARY KEY (number, cycle)
) WITHOUT ROWID;

-- Add-ons, value-added services and promotions held (and held before).
CREATE TABLE sub_items (
    id        INTEGER PRIMARY KEY,
    number    TEXT NOT NULL,
    item_id   TEXT NOT NULL,
    kind      INTEGER NOT NULL,
    start_ms  INTEGER NOT NULL,
    end_ms    INTEGER NOT NULL DEFAULT 0,          -- 0 = until cancelled
    state     INTEGER NOT NULL DEFAULT 0,          -- 0 active, 1 cancelled, 2 ended
    channel   TEXT NOT NULL DEFAULT '',
    op_id     INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX sub_items_number ON sub_items (number, state);

-- Every rated usage record once: the key makes ingestion idempotent.
CREATE TABLE usage_records (
    record_id  TEXT PRIMARY KEY,
    number     TEXT NOT NULL,
    type       INTEGER NOT NULL,
    amount     INTEGER NOT NULL,
    ts_ms      INTEGER NOT NULL,
    cycle      INTEGER NOT NULL,
    charge_fen INTEGER NOT NULL
) WITHOUT ROWID;

-- Every operation on an account: who, channel, when, before / after.
CREATE TABLE operations (
    id          INTEGER PRIMARY KEY,
    number      TEXT NOT NULL,
    op          TEXT NOT NULL,
    item_id     TEXT NOT NULL DEFAULT '',
    channel     TEXT NOT NULL,
    actor       TEXT NOT NULL DEFAULT '',
    at_ms       INTEGER NOT NULL,
    before      TEXT NOT NULL DEFAULT '{}',
    after       TEXT NOT NULL DEFAULT '{}',
    result      TEXT NOT NULL,
    request_id  TEXT UNIQUE                         -- a retry with the same id is the same operation
);
CREATE INDEX operations_number ON operations (number, id);

-- Orders by SMS waiting for the subscriber's second confirmation.
CREATE TABLE pending_orders (
    id          INTEGER PRIMARY KEY,
    number      TEXT NOT NULL,
    op          TEXT NOT NULL,
    item_id     TEXT NOT NULL,
    channel     TEXT NOT NULL,
    created_ms  INTEGER NOT NULL,
    expires_ms  INTEGER NOT NULL,
    state       INTEGER NOT NULL DEFAULT 0          -- 0 waiting, 1 confirmed, 2 expired, 3 replaced
);
CREATE INDEX pending_orders_number ON pending_orders (number, state);

-- Reminders: created once per (number, cycle, kind, threshold), sent once.
CREATE TABLE reminders (
    id          INTEGER PRIMARY KEY,
    number      TEXT NOT NULL,
    cycle       INTEGER NOT NULL,
    kind        TEXT NOT NULL,
    threshold   INTEGER NOT NULL,
    created_ms  INTEGER NOT NULL,
    due_ms      INTEGER NOT NULL,
    state       INTEGER NOT NULL DEFAULT 0,         -- 0 due, 1 sent, 2 dropped
    sent_ms     INTEGER NOT NULL DEFAULT 0,
    msg_id      INTEGER NOT NULL DEFAULT 0,
    text        TEXT NOT NULL,
    UNIQUE (number, cycle, kind, threshold)
);
CREATE INDEX reminders_due ON reminders (due_ms) WHERE state = 0;

-- Which channel each contact came through (channel diversion needs it).
CREATE TABLE channel_contacts (
    id      INTEGER PRIMARY KEY,
    number  TEXT NOT NULL,
    channel TEXT NOT NULL,
    at_ms   INTEGER NOT NULL,
    what    TEXT NOT NULL
);
CREATE INDEX channel_contacts_number ON channel_contacts (number, id);

-- Web login: one-time codes and sessions, both stored as keyed hashes.
CREATE TABLE web_codes (
    number      TEXT PRIMARY KEY,
    code_hash   BLOB NOT NULL,
    created_ms  INTEGER NOT NULL,                  -- when the last code was sent
    expires_ms  INTEGER NOT NULL,
    tries       INTEGER NOT NULL DEFAULT 0,        -- wrong answers (a used code: spent)
    day         INTEGER NOT NULL DEFAULT 0,        -- local YYYYMMDD of `sent`
    sent        INTEGER NOT NULL DEFAULT 0         -- codes sent that day
) WITHOUT ROWID;
CREATE TABLE web_sessions (
    token_hash  BLOB PRIMARY KEY,
    number      TEXT NOT NULL,
    created_ms  INTEGER NOT NULL,
    last_ms     INTEGER NOT NULL,
    expires_ms  INTEGER NOT NULL
) WITHOUT ROWID;

-- Rating's journal: each chunk of usage records commits with one row of
-- its changes per (number, cycle); the rows go when the accounts are
-- written (selfcare/rate.c), and are applied at start after a crash.
CREATE TABLE rating_journal (
    id      INTEGER PRIMARY KEY,
    deltas  BLOB NOT NULL
);

INSERT INTO schema_version (version) VALUES (4);
