-- kefu store migration to version 5: the 10086 robot and 12580 (issue 5).

-- Questions handed over to a person: asked for ("转人工") or not understood
-- well enough. The console shows the open ones; staff answer by SMS.
CREATE TABLE handover (
    id          INTEGER PRIMARY KEY,
    request_id  TEXT UNIQUE,                      -- the SMS that asked: once per message
    number      TEXT NOT NULL,
    service     TEXT NOT NULL DEFAULT '10086',
    question    TEXT NOT NULL,
    context     TEXT NOT NULL DEFAULT '',          -- the robot's last answer, if any
    reason      TEXT NOT NULL,                     -- asked, low_confidence, complaint
    intent      TEXT NOT NULL DEFAULT '',          -- the robot's best guess
    score       REAL NOT NULL DEFAULT 0,
    created_ms  INTEGER NOT NULL,
    state       INTEGER NOT NULL DEFAULT 0,        -- 0 open, 1 answered, 2 closed
    handled_by  TEXT NOT NULL DEFAULT '',
    handled_ms  INTEGER NOT NULL DEFAULT 0,
    answer      TEXT NOT NULL DEFAULT '',           -- written before sending
    msg_id      INTEGER NOT NULL DEFAULT 0          -- the answer SMS (set in its transaction)
);
CREATE INDEX handover_state ON handover(state, id);
CREATE INDEX handover_number ON handover(number, id);

-- Free-text questions and how the robot understood them, for the knowledge
-- base's owners (unanswered and low-confidence ones first).
CREATE TABLE robot_log (
    id          INTEGER PRIMARY KEY,
    request_id  TEXT UNIQUE,
    number      TEXT NOT NULL,
    service     TEXT NOT NULL,
    text        TEXT NOT NULL,
    intent      TEXT NOT NULL DEFAULT '',
    runner_up   TEXT NOT NULL DEFAULT '',
    score       REAL NOT NULL DEFAULT 0,
    margin      REAL NOT NULL DEFAULT 0,
    answered    INTEGER NOT NULL,                  -- 0 handed over / not understood
    created_ms  INTEGER NOT NULL
);
CREATE INDEX robot_log_answered ON robot_log(answered, id);

-- 12580 appointment bookings: a slot of the directory (its key names the
-- entry, the slot and the date) taken by a subscriber.
CREATE TABLE bookings (
    id          INTEGER PRIMARY KEY,
    request_id  TEXT UNIQUE,
    number      TEXT NOT NULL,
    slot_key    TEXT NOT NULL,
    slot_text   TEXT NOT NULL,
    state       INTEGER NOT NULL DEFAULT 0,        -- 0 booked, 1 cancelled
    created_ms  INTEGER NOT NULL
);
CREATE INDEX bookings_slot ON bookings(slot_key, state);
CREATE INDEX bookings_number ON bookings(number, id);

INSERT INTO schema_version (version) VALUES (5);
