/* SPDX-License-Identifier: MIT
 *
 * subs.c -- the self-service tables (schema v4) on the admin connection:
 * subscribers, cycles, held items, usage records, operations, pending SMS
 * orders, reminders, channel contacts, web codes and sessions. Statements
 * are prepared once and kept (rating calls some of them 200,000 times a
 * second); each function resets what it used, so no statement stays open.
 */
#include "store/store_int.h"

#include <stdio.h>
#include <string.h>

#include "base/base.h"
#include "store/subs.h"

enum {
    Q_SUB_PUT, Q_SUB_GET, Q_SUB_COUNT, Q_SUB_EACH, Q_SUB_SCAN,
    Q_CYC_PUT, Q_CYC_GET, Q_CYC_RECENT, Q_SUB_BAL, Q_CYC_USE,
    Q_ITEM_INS, Q_ITEM_UPD, Q_ITEM_LIST,
    Q_USE_ADD, Q_USE_GET, Q_JOURNAL_ADD, Q_JOURNAL_EACH, Q_JOURNAL_CLEAR,
    Q_OP_ADD, Q_OP_BYREQ, Q_OP_LIST,
    Q_PEND_REPLACE, Q_PEND_ADD, Q_PEND_GET, Q_PEND_SET,
    Q_REM_ADD, Q_REM_DUE, Q_REM_SET, Q_REM_LIST,
    Q_CONTACT_ADD, Q_CONTACT_LIST,
    Q_CODE_PUT, Q_CODE_GET, Q_CODE_TRIED,
    Q_SESS_PUT, Q_SESS_GET, Q_SESS_DEL,
    Q_COUNT
};

#define SUB_COLS                                                                       \
    "number, name, status, balance_fen, plan_id, plan_since_ms, pending_plan_id, "     \
    "joined_ms, remind_flags, spend_limit_fen, points, updated_ms, pending_at_ms"
#define CYC_COLS                                                                        \
    "number, cycle, plan_id, voice, sms, data_kb, extra_voice, extra_sms, extra_data, " \
    "fees_fen, overage_fen, records, opened_ms"
#define ITEM_COLS "id, number, item_id, kind, start_ms, end_ms, state, channel, op_id"
#define OP_COLS \
    "id, number, op, item_id, channel, actor, at_ms, before, after, result, request_id"
#define PEND_COLS "id, number, op, item_id, channel, created_ms, expires_ms, state"
#define REM_COLS \
    "id, number, cycle, kind, threshold, created_ms, due_ms, state, sent_ms, msg_id, text"

static const char *const sql[Q_COUNT] = {
    [Q_SUB_PUT] = "INSERT OR REPLACE INTO subscribers (" SUB_COLS
                  ") VALUES (?1,?2,?3,?4,?5,?6,?7,?8,?9,?10,?11,?12,?13)",
    [Q_SUB_GET] = "SELECT " SUB_COLS " FROM subscribers WHERE number=?1",
    [Q_SUB_COUNT] = "SELECT COUNT(*) FROM subscribers",
    [Q_SUB_EACH] = "SELECT " SUB_COLS " FROM subscribers WHERE number>?1 ORDER BY number LIMIT ?2",
    [Q_SUB_SCAN] = "SELECT s.number, s.name, s.status, s.balance_fen, s.plan_id, "
                   "s.plan_since_ms, s.pending_plan_id, s.joined_ms, s.remind_flags, "
                   "s.spend_limit_fen, s.points, s.updated_ms, s.pending_at_ms, c.number, "
                   "c.cycle, c.plan_id, c.voice, c.sms, c.data_kb, c.extra_voice, c.extra_sms, "
                   "c.extra_data, c.fees_fen, c.overage_fen, c.records, c.opened_ms "
                   "FROM subscribers s LEFT JOIN sub_cycles c ON c.number=s.number AND "
                   "c.cycle=?3 WHERE s.number>?1 ORDER BY s.number LIMIT ?2",
    [Q_CYC_PUT] = "INSERT OR REPLACE INTO sub_cycles (" CYC_COLS
                  ") VALUES (?1,?2,?3,?4,?5,?6,?7,?8,?9,?10,?11,?12,?13)",
    [Q_SUB_BAL] = "UPDATE subscribers SET balance_fen=?2, updated_ms=?3 WHERE number=?1",
    [Q_CYC_USE] = "UPDATE sub_cycles SET voice=?3, sms=?4, data_kb=?5, extra_voice=?6, "
                  "extra_sms=?7, extra_data=?8, fees_fen=?9, overage_fen=?10, records=?11 "
                  "WHERE number=?1 AND cycle=?2",
    [Q_CYC_GET] = "SELECT " CYC_COLS " FROM sub_cycles WHERE number=?1 AND cycle=?2",
    [Q_CYC_RECENT] = "SELECT " CYC_COLS " FROM sub_cycles WHERE number=?1 AND cycle<?2 "
                     "ORDER BY cycle DESC LIMIT ?3",
    [Q_ITEM_INS] = "INSERT INTO sub_items (number, item_id, kind, start_ms, end_ms, state, "
                   "channel, op_id) VALUES (?2,?3,?4,?5,?6,?7,?8,?9)",
    [Q_ITEM_UPD] = "UPDATE sub_items SET number=?2, item_id=?3, kind=?4, start_ms=?5, "
                   "end_ms=?6, state=?7, channel=?8, op_id=?9 WHERE id=?1",
    [Q_ITEM_LIST] = "SELECT " ITEM_COLS " FROM sub_items WHERE number=?1 AND ((?2<0 AND state<>2) OR state=?2)"
                    " AND start_ms<?4 AND (end_ms=0 OR end_ms>?3) ORDER BY id LIMIT ?5",
    [Q_USE_ADD] = "INSERT OR IGNORE INTO usage_records (record_id, number, type, amount, ts_ms,"
                  " cycle, charge_fen) VALUES (?1,?2,?3,?4,?5,?6,?7)",
    [Q_USE_GET] = "SELECT record_id, number, type, amount, ts_ms, cycle, charge_fen FROM "
                  "usage_records WHERE record_id=?1",
    [Q_JOURNAL_ADD] = "INSERT INTO rating_journal (deltas) VALUES (?1)",
    [Q_JOURNAL_EACH] = "SELECT deltas FROM rating_journal ORDER BY id",
    [Q_JOURNAL_CLEAR] = "DELETE FROM rating_journal",
    [Q_OP_ADD] = "INSERT INTO operations (number, op, item_id, channel, actor, at_ms, before,"
                 " after, result, request_id) VALUES (?1,?2,?3,?4,?5,?6,?7,?8,?9,?10)",
    [Q_OP_BYREQ] = "SELECT " OP_COLS " FROM operations WHERE request_id=?1",
    [Q_OP_LIST] = "SELECT " OP_COLS " FROM operations WHERE number=?1 AND (?2=0 OR id<?2) "
                  "ORDER BY id DESC LIMIT ?3",
    [Q_PEND_REPLACE] = "UPDATE pending_orders SET state=3 WHERE number=?1 AND state=0",
    [Q_PEND_ADD] = "INSERT INTO pending_orders (number, op, item_id, channel, created_ms, "
                   "expires_ms, state) VALUES (?1,?2,?3,?4,?5,?6,0)",
    [Q_PEND_GET] = "SELECT " PEND_COLS " FROM pending_orders WHERE number=?1 AND state=0 "
                   "ORDER BY id DESC LIMIT 1",
    [Q_PEND_SET] = "UPDATE pending_orders SET state=?2 WHERE id=?1",
    [Q_REM_ADD] = "INSERT OR IGNORE INTO reminders (number, cycle, kind, threshold, created_ms,"
                  " due_ms, state, text) VALUES (?1,?2,?3,?4,?5,?6,?8,?7)",
    [Q_REM_DUE] = "SELECT " REM_COLS " FROM reminders WHERE state=0 AND due_ms<=?1 "
                  "ORDER BY due_ms, id LIMIT ?2",
    [Q_REM_SET] = "UPDATE reminders SET state=?2, due_ms=?3 WHERE id=?1",
    [Q_REM_LIST] = "SELECT " REM_COLS " FROM reminders WHERE number=?1 ORDER BY id DESC LIMIT ?2",
    [Q_CONTACT_ADD] = "INSERT INTO channel_contacts (number, channel, at_ms, what) "
                      "VALUES (?1,?2,?3,?4)",
    [Q_CONTACT_LIST] = "SELECT id, number, channel, at_ms, what FROM channel_contacts WHERE "
                       "number=?1 ORDER BY id DESC LIMIT ?2",
    [Q_CODE_PUT] = "INSERT OR REPLACE INTO web_codes (number, code_hash, created_ms, "
                   "expires_ms, tries, day, sent) VALUES (?1,?2,?3,?4,?5,?6,?7)",
    [Q_CODE_GET] = "SELECT number, code_hash, created_ms, expires_ms, tries, day, sent FROM "
                   "web_codes WHERE number=?1",
    [Q_CODE_TRIED] = "UPDATE web_codes SET tries=CASE WHEN ?2<0 THEN 1000000 ELSE tries+1 END "
                     "WHERE number=?1",
    [Q_SESS_PUT] = "INSERT OR REPLACE INTO web_sessions (token_hash, number, created_ms, "
                   "last_ms, expires_ms) VALUES (?1,?2,?3,?4,?5)",
    [Q_SESS_GET] = "SELECT token_hash, number, created_ms, last_ms, expires_ms FROM "
                   "web_sessions WHERE token_hash=?1",
    [Q_SESS_DEL] = "DELETE FROM web_sessions WHERE token_hash=?1",
};

_Static_assert(Q_COUNT <= (int)(sizeof(((kf_store *)0)->a_stmt) / sizeof(sqlite3_stmt *)),
               "a_stmt too small");

/* The prepared statement q, reset and unbound; NULL on failure (logged). */
static sqlite3_stmt *q(kf_store *s, int which)
{
    sqlite3_stmt **st = &s->a_stmt[which];

    if (*st == NULL && sqlite3_prepare_v3(s->admin, sql[which], -1, SQLITE_PREPARE_PERSISTENT,
                                          st, NULL) != SQLITE_OK) {
        KF_ERR("store", "ev=prepare_fail q=%d err=\"%s\"", which, sqlite3_errmsg(s->admin));
        *st = NULL;
        return NULL;
    }
    return *st;
}

/* Steps a statement that returns no rows, then resets it. */
static int done(sqlite3_stmt *st)
{
    int rc = sqlite3_step(st);
    sqlite3_reset(st);
    sqlite3_clear_bindings(st);
    return rc == SQLITE_DONE ? 0 : KF_ESTORE;
}

static void finish(sqlite3_stmt *st)
{
    sqlite3_reset(st);
    sqlite3_clear_bindings(st);
}

static void text(sqlite3_stmt *st, int i, const char *v)
{
    sqlite3_bind_text(st, i, v, -1, SQLITE_STATIC);
}

#define COL(st, i, field) kf_store__col_text(st, i, field, sizeof field)

/* ----------------------------------------------------- transactions */

int kf_store_begin(kf_store *s)
{
    return kf_store__exec(s->admin, "BEGIN IMMEDIATE", NULL);
}

int kf_store_commit(kf_store *s)
{
    if (kf_store__exec(s->admin, "COMMIT", NULL) == 0)
        return 0;
    kf_store_rollback(s);
    return KF_ESTORE;
}

void kf_store_rollback(kf_store *s)
{
    if (!sqlite3_get_autocommit(s->admin))
        kf_store__exec(s->admin, "ROLLBACK", NULL);
}

/* ------------------------------------------------------ subscribers */

int kf_store_sub_put(kf_store *s, const struct kf_sub *u)
{
    sqlite3_stmt *st = q(s, Q_SUB_PUT);

    if (st == NULL)
        return KF_ESTORE;
    text(st, 1, u->number);
    text(st, 2, u->name);
    sqlite3_bind_int(st, 3, u->status);
    sqlite3_bind_int64(st, 4, u->balance_fen);
    text(st, 5, u->plan_id);
    sqlite3_bind_int64(st, 6, u->plan_since_ms);
    text(st, 7, u->pending_plan_id);
    sqlite3_bind_int64(st, 8, u->joined_ms);
    sqlite3_bind_int(st, 9, u->remind_flags);
    sqlite3_bind_int64(st, 10, u->spend_limit_fen);
    sqlite3_bind_int64(st, 11, u->points);
    sqlite3_bind_int64(st, 12, u->updated_ms);
    sqlite3_bind_int64(st, 13, u->pending_at_ms);
    return done(st);
}

int kf_store_sub_set_balance(kf_store *s, const char *number, int64_t balance_fen,
                             int64_t updated_ms)
{
    sqlite3_stmt *st = q(s, Q_SUB_BAL);

    if (st == NULL)
        return KF_ESTORE;
    text(st, 1, number);
    sqlite3_bind_int64(st, 2, balance_fen);
    sqlite3_bind_int64(st, 3, updated_ms);
    return done(st);
}

int kf_store_cycle_set_usage(kf_store *s, const struct kf_sub_cycle *c)
{
    sqlite3_stmt *st = q(s, Q_CYC_USE);

    if (st == NULL)
        return KF_ESTORE;
    text(st, 1, c->number);
    sqlite3_bind_int(st, 2, c->cycle);
    for (int t = 0; t < 3; t++) {
        sqlite3_bind_int64(st, 3 + t, c->used[t]);
        sqlite3_bind_int64(st, 6 + t, c->extra[t]);
    }
    sqlite3_bind_int64(st, 9, c->fees_fen);
    sqlite3_bind_int64(st, 10, c->overage_fen);
    sqlite3_bind_int64(st, 11, c->records);
    return done(st);
}

static void row_sub(sqlite3_stmt *st, struct kf_sub *u)
{
    memset(u, 0, sizeof *u);
    COL(st, 0, u->number);
    COL(st, 1, u->name);
    u->status = sqlite3_column_int(st, 2);
    u->balance_fen = sqlite3_column_int64(st, 3);
    COL(st, 4, u->plan_id);
    u->plan_since_ms = sqlite3_column_int64(st, 5);
    COL(st, 6, u->pending_plan_id);
    u->joined_ms = sqlite3_column_int64(st, 7);
    u->remind_flags = sqlite3_column_int(st, 8);
    u->spend_limit_fen = sqlite3_column_int64(st, 9);
    u->points = sqlite3_column_int64(st, 10);
    u->updated_ms = sqlite3_column_int64(st, 11);
    u->pending_at_ms = sqlite3_column_int64(st, 12);
}

/* Runs a one-row look-up bound to a number: 0 (row read by fn), KF_ENOENT. */
static int get_one(kf_store *s, int which, const char *key, void (*row)(sqlite3_stmt *, void *),
                   void *out)
{
    sqlite3_stmt *st = q(s, which);
    int rc;

    if (st == NULL)
        return KF_ESTORE;
    text(st, 1, key);
    rc = sqlite3_step(st);
    if (rc == SQLITE_ROW)
        row(st, out);
    finish(st);
    return rc == SQLITE_ROW ? 0 : rc == SQLITE_DONE ? KF_ENOENT : KF_ESTORE;
}

static void row_sub_v(sqlite3_stmt *st, void *out)
{
    row_sub(st, out);
}

int kf_store_sub_get(kf_store *s, const char *number, struct kf_sub *out)
{
    return get_one(s, Q_SUB_GET, number, row_sub_v, out);
}

int64_t kf_store_sub_count(kf_store *s)
{
    sqlite3_stmt *st = q(s, Q_SUB_COUNT);
    int64_t n = KF_ESTORE;

    if (st && sqlite3_step(st) == SQLITE_ROW)
        n = sqlite3_column_int64(st, 0);
    if (st)
        finish(st);
    return n;
}

int kf_store_sub_each(kf_store *s, const char *after, int limit,
                      int (*fn)(void *arg, const struct kf_sub *sub), void *arg)
{
    sqlite3_stmt *st = q(s, Q_SUB_EACH);
    struct kf_sub u;
    int n = 0, rc;

    if (st == NULL)
        return KF_ESTORE;
    text(st, 1, after ? after : "");
    sqlite3_bind_int(st, 2, limit);
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        row_sub(st, &u);
        n++;
        if (fn(arg, &u))
            break;
    }
    finish(st);
    return rc == SQLITE_ROW || rc == SQLITE_DONE ? n : KF_ESTORE;
}

/* ---------------------------------------------------- billing cycles */

int kf_store_cycle_put(kf_store *s, const struct kf_sub_cycle *c)
{
    sqlite3_stmt *st = q(s, Q_CYC_PUT);

    if (st == NULL)
        return KF_ESTORE;
    text(st, 1, c->number);
    sqlite3_bind_int(st, 2, c->cycle);
    text(st, 3, c->plan_id);
    for (int t = 0; t < 3; t++) {
        sqlite3_bind_int64(st, 4 + t, c->used[t]);
        sqlite3_bind_int64(st, 7 + t, c->extra[t]);
    }
    sqlite3_bind_int64(st, 10, c->fees_fen);
    sqlite3_bind_int64(st, 11, c->overage_fen);
    sqlite3_bind_int64(st, 12, c->records);
    sqlite3_bind_int64(st, 13, c->opened_ms);
    return done(st);
}

/* A cycle row whose columns start at column k. */
static void row_cycle_at(sqlite3_stmt *st, int k, struct kf_sub_cycle *c)
{
    memset(c, 0, sizeof *c);
    COL(st, k, c->number);
    c->cycle = sqlite3_column_int(st, k + 1);
    COL(st, k + 2, c->plan_id);
    for (int t = 0; t < 3; t++) {
        c->used[t] = sqlite3_column_int64(st, k + 3 + t);
        c->extra[t] = sqlite3_column_int64(st, k + 6 + t);
    }
    c->fees_fen = sqlite3_column_int64(st, k + 9);
    c->overage_fen = sqlite3_column_int64(st, k + 10);
    c->records = sqlite3_column_int64(st, k + 11);
    c->opened_ms = sqlite3_column_int64(st, k + 12);
}

static void row_cycle(sqlite3_stmt *st, struct kf_sub_cycle *c)
{
    row_cycle_at(st, 0, c);
}

int kf_store_sub_scan(kf_store *s, int cycle, const char *after, int limit,
                      int (*fn)(void *arg, const struct kf_sub *sub,
                                const struct kf_sub_cycle *c),
                      void *arg)
{
    sqlite3_stmt *st = q(s, Q_SUB_SCAN);
    struct kf_sub u;
    struct kf_sub_cycle c;
    int n = 0, rc;

    if (st == NULL)
        return KF_ESTORE;
    text(st, 1, after ? after : "");
    sqlite3_bind_int(st, 2, limit);
    sqlite3_bind_int(st, 3, cycle);
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        int open = sqlite3_column_type(st, 13) != SQLITE_NULL;
        row_sub(st, &u);
        if (open)
            row_cycle_at(st, 13, &c);
        n++;
        if (fn(arg, &u, open ? &c : NULL))
            break;
    }
    finish(st);
    return rc == SQLITE_ROW || rc == SQLITE_DONE ? n : KF_ESTORE;
}

int kf_store_cycle_get(kf_store *s, const char *number, int cycle, struct kf_sub_cycle *out)
{
    sqlite3_stmt *st = q(s, Q_CYC_GET);
    int rc;

    if (st == NULL)
        return KF_ESTORE;
    text(st, 1, number);
    sqlite3_bind_int(st, 2, cycle);
    rc = sqlite3_step(st);
    if (rc == SQLITE_ROW)
        row_cycle(st, out);
    finish(st);
    return rc == SQLITE_ROW ? 0 : rc == SQLITE_DONE ? KF_ENOENT : KF_ESTORE;
}

int kf_store_cycle_recent(kf_store *s, const char *number, int before, struct kf_sub_cycle *out,
                          int max)
{
    sqlite3_stmt *st = q(s, Q_CYC_RECENT);
    int n = 0, rc;

    if (st == NULL)
        return KF_ESTORE;
    text(st, 1, number);
    sqlite3_bind_int(st, 2, before);
    sqlite3_bind_int(st, 3, max);
    while (n < max && (rc = sqlite3_step(st)) == SQLITE_ROW)
        row_cycle(st, &out[n++]);
    finish(st);
    return n;
}

/* ------------------------------------------------------ held items */

int kf_store_item_put(kf_store *s, struct kf_sub_item *it)
{
    sqlite3_stmt *st = q(s, it->id ? Q_ITEM_UPD : Q_ITEM_INS);
    int rc;

    if (st == NULL)
        return KF_ESTORE;
    if (it->id)
        sqlite3_bind_int64(st, 1, it->id);
    text(st, 2, it->number);
    text(st, 3, it->item_id);
    sqlite3_bind_int(st, 4, it->kind);
    sqlite3_bind_int64(st, 5, it->start_ms);
    sqlite3_bind_int64(st, 6, it->end_ms);
    sqlite3_bind_int(st, 7, it->state);
    text(st, 8, it->channel);
    sqlite3_bind_int64(st, 9, it->op_id);
    rc = done(st);
    if (rc == 0 && it->id == 0)
        it->id = sqlite3_last_insert_rowid(s->admin);
    return rc;
}

int kf_store_item_list(kf_store *s, const char *number, int state, int64_t from_ms,
                       int64_t to_ms, struct kf_sub_item *out, int max)
{
    sqlite3_stmt *st = q(s, Q_ITEM_LIST);
    int n = 0;

    if (st == NULL)
        return KF_ESTORE;
    text(st, 1, number);
    sqlite3_bind_int(st, 2, state);
    sqlite3_bind_int64(st, 3, from_ms);
    sqlite3_bind_int64(st, 4, to_ms ? to_ms : INT64_MAX);
    sqlite3_bind_int(st, 5, max);
    while (n < max && sqlite3_step(st) == SQLITE_ROW) {
        struct kf_sub_item *it = &out[n++];
        memset(it, 0, sizeof *it);
        it->id = sqlite3_column_int64(st, 0);
        COL(st, 1, it->number);
        COL(st, 2, it->item_id);
        it->kind = sqlite3_column_int(st, 3);
        it->start_ms = sqlite3_column_int64(st, 4);
        it->end_ms = sqlite3_column_int64(st, 5);
        it->state = sqlite3_column_int(st, 6);
        COL(st, 7, it->channel);
        it->op_id = sqlite3_column_int64(st, 8);
    }
    finish(st);
    return n;
}

/* ---------------------------------------------------- usage records */

int kf_store_usage_add(kf_store *s, const struct kf_usage_rec *r)
{
    sqlite3_stmt *st = q(s, Q_USE_ADD);

    if (st == NULL)
        return KF_ESTORE;
    text(st, 1, r->record_id);
    text(st, 2, r->number);
    sqlite3_bind_int(st, 3, r->type);
    sqlite3_bind_int64(st, 4, r->amount);
    sqlite3_bind_int64(st, 5, r->ts_ms);
    sqlite3_bind_int(st, 6, r->cycle);
    sqlite3_bind_int64(st, 7, r->charge_fen);
    if (done(st))
        return KF_ESTORE;
    return sqlite3_changes(s->admin) > 0;
}

static void row_usage(sqlite3_stmt *st, void *out)
{
    struct kf_usage_rec *r = out;
    memset(r, 0, sizeof *r);
    COL(st, 0, r->record_id);
    COL(st, 1, r->number);
    r->type = sqlite3_column_int(st, 2);
    r->amount = sqlite3_column_int64(st, 3);
    r->ts_ms = sqlite3_column_int64(st, 4);
    r->cycle = sqlite3_column_int(st, 5);
    r->charge_fen = sqlite3_column_int64(st, 6);
}

int kf_store_usage_get(kf_store *s, const char *record_id, struct kf_usage_rec *out)
{
    return get_one(s, Q_USE_GET, record_id, row_usage, out);
}

/* ------------------------------------------------------------ journal */

int kf_store_journal_add(kf_store *s, const void *data, size_t len)
{
    sqlite3_stmt *st = q(s, Q_JOURNAL_ADD);

    if (st == NULL)
        return KF_ESTORE;
    sqlite3_bind_blob64(st, 1, data, len, SQLITE_STATIC);
    return done(st);
}

int kf_store_journal_each(kf_store *s, int (*fn)(void *arg, const uint8_t *data, size_t len),
                          void *arg)
{
    sqlite3_stmt *st = q(s, Q_JOURNAL_EACH);
    int rc = 0, step;

    if (st == NULL)
        return KF_ESTORE;
    while (rc == 0 && (step = sqlite3_step(st)) == SQLITE_ROW)
        rc = fn(arg, sqlite3_column_blob(st, 0), (size_t)sqlite3_column_bytes(st, 0));
    finish(st);
    return rc ? rc : (step == SQLITE_DONE || step == SQLITE_ROW) ? 0 : KF_ESTORE;
}

int kf_store_journal_clear(kf_store *s)
{
    sqlite3_stmt *st = q(s, Q_JOURNAL_CLEAR);
    return st ? done(st) : KF_ESTORE;
}

/* ------------------------------------------------------- operations */

static void row_op(sqlite3_stmt *st, void *out)
{
    struct kf_sub_op *o = out;
    memset(o, 0, sizeof *o);
    o->id = sqlite3_column_int64(st, 0);
    COL(st, 1, o->number);
    COL(st, 2, o->op);
    COL(st, 3, o->item_id);
    COL(st, 4, o->channel);
    COL(st, 5, o->actor);
    o->at_ms = sqlite3_column_int64(st, 6);
    COL(st, 7, o->before);
    COL(st, 8, o->after);
    COL(st, 9, o->result);
    COL(st, 10, o->request_id);
}

int kf_store_op_add(kf_store *s, struct kf_sub_op *op)
{
    sqlite3_stmt *st = q(s, Q_OP_ADD);
    int rc;

    if (op->request_id[0] && get_one(s, Q_OP_BYREQ, op->request_id, row_op, op) == 0)
        return KF_EEXIST;
    if (st == NULL)
        return KF_ESTORE;
    text(st, 1, op->number);
    text(st, 2, op->op);
    text(st, 3, op->item_id);
    text(st, 4, op->channel);
    text(st, 5, op->actor);
    sqlite3_bind_int64(st, 6, op->at_ms);
    text(st, 7, op->before[0] ? op->before : "{}");
    text(st, 8, op->after[0] ? op->after : "{}");
    text(st, 9, op->result);
    if (op->request_id[0])
        text(st, 10, op->request_id);
    rc = done(st);
    if (rc == 0)
        op->id = sqlite3_last_insert_rowid(s->admin);
    return rc;
}

int kf_store_op_get_req(kf_store *s, const char *request_id, struct kf_sub_op *out)
{
    return get_one(s, Q_OP_BYREQ, request_id, row_op, out);
}

int kf_store_op_list(kf_store *s, const char *number, int64_t before_id, struct kf_sub_op *out,
                     int max)
{
    sqlite3_stmt *st = q(s, Q_OP_LIST);
    int n = 0;

    if (st == NULL)
        return KF_ESTORE;
    text(st, 1, number);
    sqlite3_bind_int64(st, 2, before_id);
    sqlite3_bind_int(st, 3, max);
    while (n < max && sqlite3_step(st) == SQLITE_ROW)
        row_op(st, &out[n++]);
    finish(st);
    return n;
}

/* -------------------------------------------------- pending orders */

int kf_store_pending_add(kf_store *s, struct kf_pending *p)
{
    sqlite3_stmt *rep = q(s, Q_PEND_REPLACE), *st = q(s, Q_PEND_ADD);

    if (rep == NULL || st == NULL)
        return KF_ESTORE;
    text(rep, 1, p->number);
    if (done(rep))
        return KF_ESTORE;
    text(st, 1, p->number);
    text(st, 2, p->op);
    text(st, 3, p->item_id);
    text(st, 4, p->channel);
    sqlite3_bind_int64(st, 5, p->created_ms);
    sqlite3_bind_int64(st, 6, p->expires_ms);
    if (done(st))
        return KF_ESTORE;
    p->id = sqlite3_last_insert_rowid(s->admin);
    p->state = KF_PEND_WAITING;
    return 0;
}

static void row_pending(sqlite3_stmt *st, void *out)
{
    struct kf_pending *p = out;
    memset(p, 0, sizeof *p);
    p->id = sqlite3_column_int64(st, 0);
    COL(st, 1, p->number);
    COL(st, 2, p->op);
    COL(st, 3, p->item_id);
    COL(st, 4, p->channel);
    p->created_ms = sqlite3_column_int64(st, 5);
    p->expires_ms = sqlite3_column_int64(st, 6);
    p->state = sqlite3_column_int(st, 7);
}

int kf_store_pending_get(kf_store *s, const char *number, struct kf_pending *out)
{
    return get_one(s, Q_PEND_GET, number, row_pending, out);
}

int kf_store_pending_set(kf_store *s, int64_t id, int state)
{
    sqlite3_stmt *st = q(s, Q_PEND_SET);

    if (st == NULL)
        return KF_ESTORE;
    sqlite3_bind_int64(st, 1, id);
    sqlite3_bind_int(st, 2, state);
    return done(st);
}

/* ------------------------------------------------------- reminders */

int kf_store_reminder_add(kf_store *s, struct kf_reminder *r)
{
    sqlite3_stmt *st = q(s, Q_REM_ADD);

    if (st == NULL)
        return KF_ESTORE;
    text(st, 1, r->number);
    sqlite3_bind_int(st, 2, r->cycle);
    text(st, 3, r->kind);
    sqlite3_bind_int64(st, 4, r->threshold);
    sqlite3_bind_int64(st, 5, r->created_ms);
    sqlite3_bind_int64(st, 6, r->due_ms);
    text(st, 7, r->text);
    sqlite3_bind_int(st, 8, r->state);
    if (done(st))
        return KF_ESTORE;
    if (sqlite3_changes(s->admin) == 0)
        return 0;
    r->id = sqlite3_last_insert_rowid(s->admin);
    return 1;
}

static void row_reminder(sqlite3_stmt *st, struct kf_reminder *r)
{
    memset(r, 0, sizeof *r);
    r->id = sqlite3_column_int64(st, 0);
    COL(st, 1, r->number);
    r->cycle = sqlite3_column_int(st, 2);
    COL(st, 3, r->kind);
    r->threshold = sqlite3_column_int64(st, 4);
    r->created_ms = sqlite3_column_int64(st, 5);
    r->due_ms = sqlite3_column_int64(st, 6);
    r->state = sqlite3_column_int(st, 7);
    r->sent_ms = sqlite3_column_int64(st, 8);
    r->msg_id = sqlite3_column_int64(st, 9);
    COL(st, 10, r->text);
}

int kf_store_reminder_due(kf_store *s, int64_t now_ms, struct kf_reminder *out, int max)
{
    sqlite3_stmt *st = q(s, Q_REM_DUE);
    int n = 0;

    if (st == NULL)
        return KF_ESTORE;
    sqlite3_bind_int64(st, 1, now_ms);
    sqlite3_bind_int(st, 2, max);
    while (n < max && sqlite3_step(st) == SQLITE_ROW)
        row_reminder(st, &out[n++]);
    finish(st);
    return n;
}

int kf_store_reminder_set(kf_store *s, int64_t id, int state, int64_t due_ms)
{
    sqlite3_stmt *st = q(s, Q_REM_SET);

    if (st == NULL)
        return KF_ESTORE;
    sqlite3_bind_int64(st, 1, id);
    sqlite3_bind_int(st, 2, state);
    sqlite3_bind_int64(st, 3, due_ms);
    return done(st);
}

void kf_store_op_reminder_sent(struct kf_store_op *op, int64_t id, int64_t sent_ms)
{
    memset(op, 0, sizeof *op);
    op->type = KF_STORE_REMINDER_SENT;
    op->id = id;
    op->done_ms = sent_ms;
}

int kf_store_reminder_list(kf_store *s, const char *number, struct kf_reminder *out, int max)
{
    sqlite3_stmt *st = q(s, Q_REM_LIST);
    int n = 0;

    if (st == NULL)
        return KF_ESTORE;
    text(st, 1, number);
    sqlite3_bind_int(st, 2, max);
    while (n < max && sqlite3_step(st) == SQLITE_ROW)
        row_reminder(st, &out[n++]);
    finish(st);
    return n;
}

/* ------------------------------------------------ channel contacts */

int kf_store_contact_add(kf_store *s, const char *number, const char *channel, int64_t at_ms,
                         const char *what)
{
    sqlite3_stmt *st = q(s, Q_CONTACT_ADD);

    if (st == NULL)
        return KF_ESTORE;
    text(st, 1, number);
    text(st, 2, channel);
    sqlite3_bind_int64(st, 3, at_ms);
    text(st, 4, what);
    return done(st);
}

int kf_store_contact_list(kf_store *s, const char *number, struct kf_contact *out, int max)
{
    sqlite3_stmt *st = q(s, Q_CONTACT_LIST);
    int n = 0;

    if (st == NULL)
        return KF_ESTORE;
    text(st, 1, number);
    sqlite3_bind_int(st, 2, max);
    while (n < max && sqlite3_step(st) == SQLITE_ROW) {
        struct kf_contact *c = &out[n++];
        memset(c, 0, sizeof *c);
        c->id = sqlite3_column_int64(st, 0);
        COL(st, 1, c->number);
        COL(st, 2, c->channel);
        c->at_ms = sqlite3_column_int64(st, 3);
        COL(st, 4, c->what);
    }
    finish(st);
    return n;
}

/* --------------------------------------------- web codes, sessions */

static void col_hash(sqlite3_stmt *st, int i, uint8_t out[KF_WEB_HASH])
{
    const void *b = sqlite3_column_blob(st, i);
    memset(out, 0, KF_WEB_HASH);
    if (b && sqlite3_column_bytes(st, i) == KF_WEB_HASH)
        memcpy(out, b, KF_WEB_HASH);
}

int kf_store_webcode_put(kf_store *s, const struct kf_web_code *c)
{
    sqlite3_stmt *st = q(s, Q_CODE_PUT);

    if (st == NULL)
        return KF_ESTORE;
    text(st, 1, c->number);
    sqlite3_bind_blob(st, 2, c->hash, KF_WEB_HASH, SQLITE_STATIC);
    sqlite3_bind_int64(st, 3, c->created_ms);
    sqlite3_bind_int64(st, 4, c->expires_ms);
    sqlite3_bind_int(st, 5, c->tries);
    sqlite3_bind_int(st, 6, c->day);
    sqlite3_bind_int(st, 7, c->sent);
    return done(st);
}

static void row_code(sqlite3_stmt *st, void *out)
{
    struct kf_web_code *c = out;
    memset(c, 0, sizeof *c);
    COL(st, 0, c->number);
    col_hash(st, 1, c->hash);
    c->created_ms = sqlite3_column_int64(st, 2);
    c->expires_ms = sqlite3_column_int64(st, 3);
    c->tries = sqlite3_column_int(st, 4);
    c->day = sqlite3_column_int(st, 5);
    c->sent = sqlite3_column_int(st, 6);
}

int kf_store_webcode_get(kf_store *s, const char *number, struct kf_web_code *out)
{
    return get_one(s, Q_CODE_GET, number, row_code, out);
}

int kf_store_webcode_tried(kf_store *s, const char *number, int tries)
{
    sqlite3_stmt *st = q(s, Q_CODE_TRIED);
    if (st == NULL)
        return KF_ESTORE;
    text(st, 1, number);
    sqlite3_bind_int(st, 2, tries);
    return done(st);
}

int kf_store_session_put(kf_store *s, const struct kf_web_session *ws)
{
    sqlite3_stmt *st = q(s, Q_SESS_PUT);

    if (st == NULL)
        return KF_ESTORE;
    sqlite3_bind_blob(st, 1, ws->hash, KF_WEB_HASH, SQLITE_STATIC);
    text(st, 2, ws->number);
    sqlite3_bind_int64(st, 3, ws->created_ms);
    sqlite3_bind_int64(st, 4, ws->last_ms);
    sqlite3_bind_int64(st, 5, ws->expires_ms);
    return done(st);
}

int kf_store_session_get(kf_store *s, const uint8_t hash[KF_WEB_HASH],
                         struct kf_web_session *out)
{
    sqlite3_stmt *st = q(s, Q_SESS_GET);
    int rc;

    if (st == NULL)
        return KF_ESTORE;
    sqlite3_bind_blob(st, 1, hash, KF_WEB_HASH, SQLITE_STATIC);
    rc = sqlite3_step(st);
    if (rc == SQLITE_ROW) {
        memset(out, 0, sizeof *out);
        col_hash(st, 0, out->hash);
        COL(st, 1, out->number);
        out->created_ms = sqlite3_column_int64(st, 2);
        out->last_ms = sqlite3_column_int64(st, 3);
        out->expires_ms = sqlite3_column_int64(st, 4);
    }
    finish(st);
    return rc == SQLITE_ROW ? 0 : rc == SQLITE_DONE ? KF_ENOENT : KF_ESTORE;
}

int kf_store_session_del(kf_store *s, const uint8_t hash[KF_WEB_HASH])
{
    sqlite3_stmt *st = q(s, Q_SESS_DEL);

    if (st == NULL)
        return KF_ESTORE;
    sqlite3_bind_blob(st, 1, hash, KF_WEB_HASH, SQLITE_STATIC);
    return done(st);
}

int kf_store_web_prune(kf_store *s, int64_t now_ms)
{
    static const char *const tables[] = {"web_sessions WHERE expires_ms",
                                         "web_codes WHERE created_ms"};
    static const int64_t keep[] = {0, 86400000};
    char text_[128];
    int n = 0;

    for (size_t i = 0; i < KF_ARRAY_LEN(tables); i++) {
        snprintf(text_, sizeof text_, "DELETE FROM %s<%lld", tables[i],
                 (long long)(now_ms - keep[i]));
        if (kf_store__exec(s->admin, text_, NULL))
            return KF_ESTORE;
        n += sqlite3_changes(s->admin);
    }
    return n;
}
