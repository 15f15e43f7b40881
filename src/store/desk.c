/* SPDX-License-Identifier: MIT
 *
 * desk.c -- the service-desk tables (schema v5) on the admin connection:
 * the hand-over queue, the robot's question log and 12580 bookings. These
 * writes are rare next to messages (a hand-over, a booking) or batched (the
 * log, one transaction per flush), so statements are prepared per call.
 */
#include "store/store_int.h"

#include <stdio.h>
#include <string.h>

#include "base/base.h"
#include "store/desk.h"
#include "store/subs.h"

#define COL(st, i, field) kf_store__col_text(st, i, field, sizeof field)

static void text(sqlite3_stmt *st, int i, const char *s)
{
    sqlite3_bind_text(st, i, s ? s : "", -1, SQLITE_TRANSIENT);
}

/* A UNIQUE request id, or NULL when empty (NULLs never collide). */
static void request_id(sqlite3_stmt *st, int i, const char *s)
{
    if (s && *s)
        sqlite3_bind_text(st, i, s, -1, SQLITE_TRANSIENT);
    else
        sqlite3_bind_null(st, i);
}

/* ------------------------------------------------------- hand-over */

#define HO_COLS                                                                                    \
    "id, request_id, number, service, question, context, reason, intent, score, "                  \
    "created_ms, state, handled_by, handled_ms, answer, msg_id"

static void row_handover(sqlite3_stmt *st, struct kf_handover *h)
{
    memset(h, 0, sizeof *h);
    h->id = sqlite3_column_int64(st, 0);
    COL(st, 1, h->request_id);
    COL(st, 2, h->number);
    COL(st, 3, h->service);
    COL(st, 4, h->question);
    COL(st, 5, h->context);
    COL(st, 6, h->reason);
    COL(st, 7, h->intent);
    h->score = sqlite3_column_double(st, 8);
    h->created_ms = sqlite3_column_int64(st, 9);
    h->state = sqlite3_column_int(st, 10);
    COL(st, 11, h->handled_by);
    h->handled_ms = sqlite3_column_int64(st, 12);
    COL(st, 13, h->answer);
    h->msg_id = sqlite3_column_int64(st, 14);
}

static int handover_by(kf_store *s, const char *where, sqlite3_int64 id, const char *key,
                       struct kf_handover *out)
{
    char sql[256];
    sqlite3_stmt *st;
    int rc;

    snprintf(sql, sizeof sql, "SELECT " HO_COLS " FROM handover WHERE %s", where);
    if ((st = kf_store__prep(s, sql)) == NULL)
        return KF_ESTORE;
    if (key)
        text(st, 1, key);
    else
        sqlite3_bind_int64(st, 1, id);
    rc = sqlite3_step(st);
    if (rc == SQLITE_ROW)
        row_handover(st, out);
    sqlite3_finalize(st);
    return rc == SQLITE_ROW ? 0 : rc == SQLITE_DONE ? KF_ENOENT : KF_ESTORE;
}

int kf_store_handover_add(kf_store *s, struct kf_handover *h)
{
    sqlite3_stmt *st;

    if (h->request_id[0] && handover_by(s, "request_id=?1", 0, h->request_id, h) == 0)
        return KF_EEXIST;
    st = kf_store__prep(
        s, "INSERT INTO handover (request_id, number, service, question, context, reason,"
           " intent, score, created_ms) VALUES (?1,?2,?3,?4,?5,?6,?7,?8,?9)");
    if (st == NULL)
        return KF_ESTORE;
    request_id(st, 1, h->request_id);
    text(st, 2, h->number);
    text(st, 3, h->service[0] ? h->service : "10086");
    text(st, 4, h->question);
    text(st, 5, h->context);
    text(st, 6, h->reason);
    text(st, 7, h->intent);
    sqlite3_bind_double(st, 8, h->score);
    sqlite3_bind_int64(st, 9, h->created_ms);
    if (kf_store__run(st))
        return KF_ESTORE;
    h->id = sqlite3_last_insert_rowid(s->admin);
    h->state = KF_HO_OPEN;
    return 0;
}

int kf_store_handover_get(kf_store *s, int64_t id, struct kf_handover *out)
{
    return handover_by(s, "id=?1", id, NULL, out);
}

int kf_store_handover_list(kf_store *s, int state, int64_t before_id, struct kf_handover *out,
                           int max)
{
    sqlite3_stmt *st =
        kf_store__prep(s, "SELECT " HO_COLS " FROM handover WHERE (?1<0 OR state=?1) AND "
                          "(?2=0 OR id<?2) ORDER BY id DESC LIMIT ?3");
    int n = 0;

    if (st == NULL)
        return KF_ESTORE;
    sqlite3_bind_int(st, 1, state);
    sqlite3_bind_int64(st, 2, before_id);
    sqlite3_bind_int(st, 3, max);
    while (n < max && sqlite3_step(st) == SQLITE_ROW)
        row_handover(st, &out[n++]);
    sqlite3_finalize(st);
    return n;
}

int64_t kf_store_handover_open(kf_store *s)
{
    sqlite3_stmt *st = kf_store__prep(s, "SELECT COUNT(*) FROM handover WHERE state=0");
    int64_t n = KF_ESTORE;

    if (st == NULL)
        return KF_ESTORE;
    if (sqlite3_step(st) == SQLITE_ROW)
        n = sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
    return n;
}

/* A claim stands this long: an answer whose SMS never got stored (kefud
 * stopped in between) does not block the item for ever. */
#define CLAIM_MS 60000

int kf_store_handover_set(kf_store *s, int64_t id, int state, const char *actor, const char *answer,
                          int64_t now_ms)
{
    static const char *const sql[] = {
        [KF_HO_OPEN] = "UPDATE handover SET handled_by='', answer='', handled_ms=0 "
                       "WHERE id=?1 AND state=0",
        [KF_HO_ANSWERED] = "UPDATE handover SET handled_by=?2, answer=?3, handled_ms=?4 "
                           "WHERE id=?1 AND state=0 AND (answer='' OR handled_ms<?4-?5)",
        [KF_HO_CLOSED] = "UPDATE handover SET state=2, handled_by=?2, handled_ms=?4 "
                         "WHERE id=?1 AND state=0 AND (answer='' OR handled_ms<?4-?5)",
    };
    sqlite3_stmt *st;
    int rc;

    if (state < KF_HO_OPEN || state > KF_HO_CLOSED)
        return KF_EINVAL;
    if ((st = kf_store__prep(s, sql[state])) == NULL)
        return KF_ESTORE;
    sqlite3_bind_int64(st, 1, id);
    if (state != KF_HO_OPEN) {
        text(st, 2, actor);
        text(st, 3, answer);
        sqlite3_bind_int64(st, 4, now_ms);
        sqlite3_bind_int64(st, 5, CLAIM_MS);
    }
    rc = kf_store__run(st);
    if (rc)
        return rc;
    return sqlite3_changes(s->admin) > 0 ? 0 : KF_ENOENT;
}

void kf_store_op_handover_sent(struct kf_store_op *op, int64_t id, int64_t sent_ms)
{
    memset(op, 0, sizeof *op);
    op->type = KF_STORE_HANDOVER_SENT;
    op->id = id;
    op->done_ms = sent_ms;
}

/* ------------------------------------------------------- robot log */

#define LOG_COLS                                                                                   \
    "id, request_id, number, service, text, intent, runner_up, score, margin, answered, "          \
    "created_ms"

int kf_store_robot_log_add(kf_store *s, const struct kf_robot_log *rows, size_t n)
{
    sqlite3_stmt *st;
    int rc = 0;

    if (n == 0)
        return 0;
    if (kf_store_begin(s))
        return KF_ESTORE;
    st = kf_store__prep(
        s, "INSERT OR IGNORE INTO robot_log (request_id, number, service, text, intent, "
           "runner_up, score, margin, answered, created_ms) VALUES "
           "(?1,?2,?3,?4,?5,?6,?7,?8,?9,?10)");
    for (size_t i = 0; st && rc == 0 && i < n; i++) {
        const struct kf_robot_log *r = &rows[i];
        sqlite3_reset(st);
        request_id(st, 1, r->request_id);
        text(st, 2, r->number);
        text(st, 3, r->service);
        text(st, 4, r->text);
        text(st, 5, r->intent);
        text(st, 6, r->runner_up);
        sqlite3_bind_double(st, 7, r->score);
        sqlite3_bind_double(st, 8, r->margin);
        sqlite3_bind_int(st, 9, r->answered);
        sqlite3_bind_int64(st, 10, r->created_ms);
        if (sqlite3_step(st) != SQLITE_DONE)
            rc = KF_ESTORE;
    }
    sqlite3_finalize(st);
    if (st == NULL || rc) {
        kf_store_rollback(s);
        return KF_ESTORE;
    }
    return kf_store_commit(s);
}

int kf_store_robot_log_list(kf_store *s, int which, int64_t before_id, struct kf_robot_log *out,
                            int max)
{
    sqlite3_stmt *st =
        kf_store__prep(s, "SELECT " LOG_COLS " FROM robot_log WHERE (?1<0 OR answered=?1)"
                          " AND (?2=0 OR id<?2) ORDER BY id DESC LIMIT ?3");
    int n = 0;

    if (st == NULL)
        return KF_ESTORE;
    sqlite3_bind_int(st, 1, which);
    sqlite3_bind_int64(st, 2, before_id);
    sqlite3_bind_int(st, 3, max);
    while (n < max && sqlite3_step(st) == SQLITE_ROW) {
        struct kf_robot_log *r = &out[n++];
        memset(r, 0, sizeof *r);
        r->id = sqlite3_column_int64(st, 0);
        COL(st, 1, r->request_id);
        COL(st, 2, r->number);
        COL(st, 3, r->service);
        COL(st, 4, r->text);
        COL(st, 5, r->intent);
        COL(st, 6, r->runner_up);
        r->score = sqlite3_column_double(st, 7);
        r->margin = sqlite3_column_double(st, 8);
        r->answered = sqlite3_column_int(st, 9);
        r->created_ms = sqlite3_column_int64(st, 10);
    }
    sqlite3_finalize(st);
    return n;
}

/* --------------------------------------------------------- bookings */

#define BOOK_COLS "id, request_id, number, slot_key, slot_text, state, created_ms"

static void row_booking(sqlite3_stmt *st, struct kf_booking *b)
{
    memset(b, 0, sizeof *b);
    b->id = sqlite3_column_int64(st, 0);
    COL(st, 1, b->request_id);
    COL(st, 2, b->number);
    COL(st, 3, b->slot_key);
    COL(st, 4, b->slot_text);
    b->state = sqlite3_column_int(st, 5);
    b->created_ms = sqlite3_column_int64(st, 6);
}

int kf_store_booking_count(kf_store *s, const char *slot_key)
{
    sqlite3_stmt *st =
        kf_store__prep(s, "SELECT COUNT(*) FROM bookings WHERE slot_key=?1 AND state=0");
    int n = KF_ESTORE;

    if (st == NULL)
        return KF_ESTORE;
    text(st, 1, slot_key);
    if (sqlite3_step(st) == SQLITE_ROW)
        n = sqlite3_column_int(st, 0);
    sqlite3_finalize(st);
    return n;
}

static int booking_by_request(kf_store *s, const char *rid, struct kf_booking *out)
{
    sqlite3_stmt *st = kf_store__prep(s, "SELECT " BOOK_COLS " FROM bookings WHERE request_id=?1");
    int rc;

    if (st == NULL)
        return KF_ESTORE;
    text(st, 1, rid);
    rc = sqlite3_step(st);
    if (rc == SQLITE_ROW)
        row_booking(st, out);
    sqlite3_finalize(st);
    return rc == SQLITE_ROW ? 0 : rc == SQLITE_DONE ? KF_ENOENT : KF_ESTORE;
}

static int booking_insert(kf_store *s, struct kf_booking *b, int capacity)
{
    sqlite3_stmt *st;
    int held = kf_store_booking_count(s, b->slot_key);

    if (held < 0)
        return KF_ESTORE;
    if (held >= capacity)
        return KF_EBUSY;
    st = kf_store__prep(s, "INSERT INTO bookings (request_id, number, slot_key, slot_text, state, "
                           "created_ms) VALUES (?1,?2,?3,?4,0,?5)");
    if (st == NULL)
        return KF_ESTORE;
    request_id(st, 1, b->request_id);
    text(st, 2, b->number);
    text(st, 3, b->slot_key);
    text(st, 4, b->slot_text);
    sqlite3_bind_int64(st, 5, b->created_ms);
    if (kf_store__run(st))
        return KF_ESTORE;
    b->id = sqlite3_last_insert_rowid(s->admin);
    b->state = KF_BOOK_OK;
    return 0;
}

int kf_store_booking_add(kf_store *s, struct kf_booking *b, int capacity)
{
    int rc;

    if (b->request_id[0] && booking_by_request(s, b->request_id, b) == 0)
        return KF_EEXIST;
    if (kf_store_begin(s))
        return KF_ESTORE;
    rc = booking_insert(s, b, capacity);
    if (rc) {
        kf_store_rollback(s);
        return rc;
    }
    return kf_store_commit(s) ? KF_ESTORE : 0;
}

int kf_store_booking_list(kf_store *s, const char *number, struct kf_booking *out, int max)
{
    sqlite3_stmt *st = kf_store__prep(s, "SELECT " BOOK_COLS " FROM bookings WHERE number=?1 "
                                         "ORDER BY id DESC LIMIT ?2");
    int n = 0;

    if (st == NULL)
        return KF_ESTORE;
    text(st, 1, number);
    sqlite3_bind_int(st, 2, max);
    while (n < max && sqlite3_step(st) == SQLITE_ROW)
        row_booking(st, &out[n++]);
    sqlite3_finalize(st);
    return n;
}
