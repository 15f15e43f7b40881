/* SPDX-License-Identifier: MIT
 *
 * review.c -- the spam shield's durable state (schema v3): staff-edited
 * lists, the review queue with its action log, subscriber reports and the
 * labelled texts for retraining. All on the admin connection (loop thread):
 * these writes are rare (staff actions, reports) and synchronous.
 */
#include "store/store_int.h"

#include <string.h>

#include "base/base.h"

static int changed_or_enoent(kf_store *s, int rc)
{
    if (rc)
        return rc;
    return sqlite3_changes(s->admin) > 0 ? 0 : KF_ENOENT;
}

/* --------------------------------------------------------------- lists */

#define LIST_COLS "id, list, value, note, actor, created_ms, until_ms"

static void row_list(sqlite3_stmt *st, struct kf_list_entry *e)
{
    memset(e, 0, sizeof *e);
    e->id = sqlite3_column_int64(st, 0);
    kf_store__col_text(st, 1, e->list, sizeof e->list);
    kf_store__col_text(st, 2, e->value, sizeof e->value);
    kf_store__col_text(st, 3, e->note, sizeof e->note);
    kf_store__col_text(st, 4, e->actor, sizeof e->actor);
    e->created_ms = sqlite3_column_int64(st, 5);
    e->until_ms = sqlite3_column_int64(st, 6);
}

int kf_store_list_put(kf_store *s, struct kf_list_entry *e)
{
    sqlite3_stmt *st =
        kf_store__prep(s, "INSERT INTO shield_lists (list, value, note, actor, created_ms,"
                          " until_ms) VALUES (?1, ?2, ?3, ?4, ?5, ?6)"
                          " ON CONFLICT (list, value) DO UPDATE SET note = ?3, actor = ?4,"
                          " created_ms = ?5, until_ms = ?6 RETURNING id");
    int rc;

    if (st == NULL)
        return KF_ESTORE;
    sqlite3_bind_text(st, 1, e->list, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 2, e->value, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 3, e->note, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 4, e->actor, -1, SQLITE_STATIC);
    sqlite3_bind_int64(st, 5, e->created_ms);
    sqlite3_bind_int64(st, 6, e->until_ms);
    rc = sqlite3_step(st);
    if (rc == SQLITE_ROW) {
        e->id = sqlite3_column_int64(st, 0);
        rc = sqlite3_step(st);
    }
    sqlite3_finalize(st);
    return rc == SQLITE_DONE ? 0 : KF_ESTORE;
}

int kf_store_list_del(kf_store *s, const char *list, const char *value)
{
    sqlite3_stmt *st = kf_store__prep(s, "DELETE FROM shield_lists WHERE list = ?1 AND value = ?2");
    if (st == NULL)
        return KF_ESTORE;
    sqlite3_bind_text(st, 1, list, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 2, value, -1, SQLITE_STATIC);
    return changed_or_enoent(s, kf_store__run(st));
}

int kf_store_list_each(kf_store *s, const char *list,
                       int (*fn)(void *arg, const struct kf_list_entry *e), void *arg)
{
    sqlite3_stmt *st = kf_store__prep(s, "SELECT " LIST_COLS " FROM shield_lists"
                                         " WHERE ?1 IS NULL OR list = ?1 ORDER BY id");
    struct kf_list_entry e;
    int rc;

    if (st == NULL)
        return KF_ESTORE;
    if (list)
        sqlite3_bind_text(st, 1, list, -1, SQLITE_STATIC);
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        row_list(st, &e);
        if (fn(arg, &e))
            break;
    }
    sqlite3_finalize(st);
    return rc == SQLITE_ROW || rc == SQLITE_DONE ? 0 : KF_ESTORE;
}

/* -------------------------------------------------------- review items */

#define ITEM_COLS                                                                                  \
    "id, kind, msg_id, sender, rcpt, fp, reports, created_ms, state, action, actor, "              \
    "handled_ms, label, audit, auditor, audited_ms"

static void row_item(sqlite3_stmt *st, struct kf_review_item *it)
{
    memset(it, 0, sizeof *it);
    it->id = sqlite3_column_int64(st, 0);
    it->kind = sqlite3_column_int(st, 1);
    it->msg_id = sqlite3_column_int64(st, 2);
    kf_store__col_text(st, 3, it->sender, sizeof it->sender);
    kf_store__col_text(st, 4, it->rcpt, sizeof it->rcpt);
    it->fp = (uint64_t)sqlite3_column_int64(st, 5);
    it->reports = sqlite3_column_int(st, 6);
    it->created_ms = sqlite3_column_int64(st, 7);
    it->state = sqlite3_column_int(st, 8);
    kf_store__col_text(st, 9, it->action, sizeof it->action);
    kf_store__col_text(st, 10, it->actor, sizeof it->actor);
    it->handled_ms = sqlite3_column_int64(st, 11);
    it->label = sqlite3_column_int(st, 12);
    it->audit = sqlite3_column_int(st, 13);
    kf_store__col_text(st, 14, it->auditor, sizeof it->auditor);
    it->audited_ms = sqlite3_column_int64(st, 15);
}

/* Runs a prepared one-row item query. */
static int one_item(sqlite3_stmt *st, struct kf_review_item *out)
{
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW)
        row_item(st, out);
    sqlite3_finalize(st);
    return rc == SQLITE_ROW ? 0 : rc == SQLITE_DONE ? KF_ENOENT : KF_ESTORE;
}

int kf_store_review_each(kf_store *s, int state, int64_t from_ms, int64_t to_ms, int64_t after_id,
                         int limit, int (*fn)(void *arg, const struct kf_review_item *it),
                         void *arg)
{
    sqlite3_stmt *st = kf_store__prep(s, "SELECT " ITEM_COLS " FROM review_items WHERE id > ?1"
                                         " AND created_ms >= ?2 AND created_ms < ?3"
                                         " AND (?4 < 0 OR state = ?4) ORDER BY id LIMIT ?5");
    struct kf_review_item it;
    int rc;

    if (st == NULL)
        return KF_ESTORE;
    sqlite3_bind_int64(st, 1, after_id);
    sqlite3_bind_int64(st, 2, from_ms);
    sqlite3_bind_int64(st, 3, to_ms);
    sqlite3_bind_int(st, 4, state);
    sqlite3_bind_int(st, 5, limit);
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        row_item(st, &it);
        if (fn(arg, &it))
            break;
    }
    sqlite3_finalize(st);
    return rc == SQLITE_ROW || rc == SQLITE_DONE ? 0 : KF_ESTORE;
}

int kf_store_review_get(kf_store *s, int64_t id, struct kf_review_item *out)
{
    sqlite3_stmt *st = kf_store__prep(s, "SELECT " ITEM_COLS " FROM review_items WHERE id = ?1");
    if (st == NULL)
        return KF_ESTORE;
    sqlite3_bind_int64(st, 1, id);
    return one_item(st, out);
}

int kf_store_review_get_msg(kf_store *s, int64_t msg_id, struct kf_review_item *out)
{
    sqlite3_stmt *st =
        kf_store__prep(s, "SELECT " ITEM_COLS " FROM review_items WHERE kind = 0 AND msg_id = ?1");
    if (st == NULL)
        return KF_ESTORE;
    sqlite3_bind_int64(st, 1, msg_id);
    return one_item(st, out);
}

int kf_store_review_open_sender(kf_store *s, const char *sender, struct kf_review_item *out)
{
    sqlite3_stmt *st = kf_store__prep(s, "SELECT " ITEM_COLS " FROM review_items"
                                         " WHERE kind = 1 AND state = 0 AND sender = ?1");
    if (st == NULL)
        return KF_ESTORE;
    sqlite3_bind_text(st, 1, sender, -1, SQLITE_STATIC);
    return one_item(st, out);
}

int kf_store_review_report_item(kf_store *s, struct kf_review_item *it)
{
    sqlite3_stmt *st = kf_store__prep(
        s, "INSERT INTO review_items (kind, msg_id, sender, rcpt, fp, reports, created_ms)"
           " VALUES (1, ?1, ?2, ?3, ?4, ?5, ?6)"
           " ON CONFLICT (sender) WHERE kind = 1 AND state = 0 DO UPDATE SET"
           " msg_id = ?1, rcpt = ?3, fp = ?4, reports = ?5 RETURNING id");
    int rc;

    if (st == NULL)
        return KF_ESTORE;
    sqlite3_bind_int64(st, 1, it->msg_id);
    sqlite3_bind_text(st, 2, it->sender, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 3, it->rcpt, -1, SQLITE_STATIC);
    sqlite3_bind_int64(st, 4, (int64_t)it->fp);
    sqlite3_bind_int(st, 5, it->reports);
    sqlite3_bind_int64(st, 6, it->created_ms);
    rc = sqlite3_step(st);
    if (rc == SQLITE_ROW) {
        it->id = sqlite3_column_int64(st, 0);
        rc = sqlite3_step(st);
    }
    sqlite3_finalize(st);
    return rc == SQLITE_DONE ? 0 : KF_ESTORE;
}

int kf_store_review_log(kf_store *s, int64_t id, const char *action, const char *actor,
                        const char *note, int64_t now_ms)
{
    sqlite3_stmt *st =
        kf_store__prep(s, "INSERT INTO review_actions (item_id, action, actor, at_ms, note)"
                          " VALUES (?1, ?2, ?3, ?4, ?5)");
    if (st == NULL)
        return KF_ESTORE;
    sqlite3_bind_int64(st, 1, id);
    sqlite3_bind_text(st, 2, action, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 3, actor, -1, SQLITE_STATIC);
    sqlite3_bind_int64(st, 4, now_ms);
    sqlite3_bind_text(st, 5, note ? note : "", -1, SQLITE_STATIC);
    return kf_store__run(st);
}

int kf_store_review_handle(kf_store *s, int64_t id, const char *action, const char *actor,
                           int label, uint64_t fp, int64_t now_ms)
{
    sqlite3_stmt *st;
    int rc;

    if (kf_store__exec(s->admin, "BEGIN IMMEDIATE", NULL))
        return KF_ESTORE;
    st = kf_store__prep(s, "UPDATE review_items SET state = 1, action = ?2, actor = ?3, label = ?4,"
                           " fp = CASE WHEN ?5 <> 0 THEN ?5 ELSE fp END, handled_ms = ?6"
                           " WHERE id = ?1 AND state = 0");
    if (st == NULL) {
        kf_store__exec(s->admin, "ROLLBACK", NULL);
        return KF_ESTORE;
    }
    sqlite3_bind_int64(st, 1, id);
    sqlite3_bind_text(st, 2, action, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 3, actor, -1, SQLITE_STATIC);
    sqlite3_bind_int(st, 4, label);
    sqlite3_bind_int64(st, 5, (int64_t)fp);
    sqlite3_bind_int64(st, 6, now_ms);
    rc = kf_store__run(st);
    if (rc == 0 && sqlite3_changes(s->admin) == 0)
        rc = KF_EEXIST;
    if (rc == 0)
        rc = kf_store_review_log(s, id, action, actor, NULL, now_ms);
    if (rc) {
        kf_store__exec(s->admin, "ROLLBACK", NULL);
        return rc;
    }
    return kf_store__exec(s->admin, "COMMIT", NULL) ? KF_ESTORE : 0;
}

int kf_store_review_audit(kf_store *s, int64_t id, int correct, const char *auditor, int64_t now_ms)
{
    struct kf_review_item it;
    sqlite3_stmt *st;
    int rc = kf_store_review_get(s, id, &it);

    if (rc)
        return rc;
    if (it.state != 1)
        return KF_EINVAL;
    st = kf_store__prep(s, "UPDATE review_items SET audit = ?2, auditor = ?3, audited_ms = ?4"
                           " WHERE id = ?1");
    if (st == NULL)
        return KF_ESTORE;
    sqlite3_bind_int64(st, 1, id);
    sqlite3_bind_int(st, 2, correct ? 1 : 0);
    sqlite3_bind_text(st, 3, auditor, -1, SQLITE_STATIC);
    sqlite3_bind_int64(st, 4, now_ms);
    rc = kf_store__run(st);
    if (rc == 0)
        rc = kf_store_review_log(s, id, correct ? "audit.correct" : "audit.wrong", auditor, NULL,
                                 now_ms);
    return rc;
}

int kf_store_review_actions(kf_store *s, int64_t id,
                            int (*fn)(void *arg, const char *action, const char *actor,
                                      int64_t at_ms, const char *note),
                            void *arg)
{
    sqlite3_stmt *st = kf_store__prep(s, "SELECT action, actor, at_ms, note FROM review_actions"
                                         " WHERE item_id = ?1 ORDER BY id");
    int rc;

    if (st == NULL)
        return KF_ESTORE;
    sqlite3_bind_int64(st, 1, id);
    while ((rc = sqlite3_step(st)) == SQLITE_ROW)
        if (fn(arg, (const char *)sqlite3_column_text(st, 0),
               (const char *)sqlite3_column_text(st, 1), sqlite3_column_int64(st, 2),
               (const char *)sqlite3_column_text(st, 3)))
            break;
    sqlite3_finalize(st);
    return rc == SQLITE_ROW || rc == SQLITE_DONE ? 0 : KF_ESTORE;
}

/* ------------------------------------------------------------- reports */

int kf_store_report_add(kf_store *s, struct kf_report *r)
{
    sqlite3_stmt *st =
        kf_store__prep(s, "INSERT INTO reports (reporter, sender, fp, msg_id, format, text,"
                          " created_ms, item_id) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)");
    int rc;

    if (st == NULL)
        return KF_ESTORE;
    sqlite3_bind_text(st, 1, r->reporter, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 2, r->sender, -1, SQLITE_STATIC);
    sqlite3_bind_int64(st, 3, (int64_t)r->fp);
    sqlite3_bind_int64(st, 4, r->msg_id);
    sqlite3_bind_int(st, 5, r->format);
    sqlite3_bind_text(st, 6, r->text, -1, SQLITE_STATIC);
    sqlite3_bind_int64(st, 7, r->created_ms);
    sqlite3_bind_int64(st, 8, r->item_id);
    rc = kf_store__run(st);
    if (rc == 0)
        r->id = sqlite3_last_insert_rowid(s->admin);
    return rc;
}

/* Runs a prepared "SELECT COUNT(*), COUNT(DISTINCT reporter)" statement. */
static int count_reports(sqlite3_stmt *st, int *reports, int *reporters)
{
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW) {
        *reports = sqlite3_column_int(st, 0);
        *reporters = sqlite3_column_int(st, 1);
    }
    sqlite3_finalize(st);
    return rc == SQLITE_ROW ? 0 : KF_ESTORE;
}

int kf_store_report_count(kf_store *s, const char *sender, int64_t since_ms, int *reports,
                          int *reporters)
{
    sqlite3_stmt *st = kf_store__prep(s, "SELECT COUNT(*), COUNT(DISTINCT reporter) FROM reports"
                                         " WHERE sender = ?1 AND created_ms >= ?2");

    *reports = *reporters = 0;
    if (st == NULL)
        return KF_ESTORE;
    sqlite3_bind_text(st, 1, sender, -1, SQLITE_STATIC);
    sqlite3_bind_int64(st, 2, since_ms);
    return count_reports(st, reports, reporters);
}

int kf_store_report_count_fp(kf_store *s, uint64_t fp, int64_t since_ms, int *reports,
                             int *reporters)
{
    sqlite3_stmt *st = kf_store__prep(s, "SELECT COUNT(*), COUNT(DISTINCT reporter) FROM reports"
                                         " WHERE fp = ?1 AND created_ms >= ?2");

    *reports = *reporters = 0;
    if (st == NULL)
        return KF_ESTORE;
    sqlite3_bind_int64(st, 1, (int64_t)fp);
    sqlite3_bind_int64(st, 2, since_ms);
    return count_reports(st, reports, reporters);
}

int kf_store_report_fps(kf_store *s, int64_t since_ms,
                        int (*fn)(void *arg, uint64_t fp, int reporters), void *arg)
{
    sqlite3_stmt *st = kf_store__prep(s, "SELECT fp, COUNT(DISTINCT reporter) FROM reports"
                                         " WHERE created_ms >= ?1 AND fp <> 0 GROUP BY fp");
    int rc;

    if (st == NULL)
        return KF_ESTORE;
    sqlite3_bind_int64(st, 1, since_ms);
    while ((rc = sqlite3_step(st)) == SQLITE_ROW)
        if (fn(arg, (uint64_t)sqlite3_column_int64(st, 0), sqlite3_column_int(st, 1)))
            break;
    sqlite3_finalize(st);
    return rc == SQLITE_ROW || rc == SQLITE_DONE ? 0 : KF_ESTORE;
}

int kf_store_report_link(kf_store *s, const char *sender, int64_t since_ms, int64_t item_id)
{
    sqlite3_stmt *st = kf_store__prep(s, "UPDATE reports SET item_id = ?3 WHERE sender = ?1"
                                         " AND created_ms >= ?2 AND item_id = 0");
    if (st == NULL)
        return KF_ESTORE;
    sqlite3_bind_text(st, 1, sender, -1, SQLITE_STATIC);
    sqlite3_bind_int64(st, 2, since_ms);
    sqlite3_bind_int64(st, 3, item_id);
    return kf_store__run(st);
}

int kf_store_report_each_item(kf_store *s, int64_t item_id,
                              int (*fn)(void *arg, const struct kf_report *r), void *arg)
{
    sqlite3_stmt *st =
        kf_store__prep(s, "SELECT id, reporter, sender, fp, msg_id, format, text,"
                          " created_ms, item_id FROM reports WHERE item_id = ?1 ORDER BY id");
    struct kf_report r;
    int rc;

    if (st == NULL)
        return KF_ESTORE;
    sqlite3_bind_int64(st, 1, item_id);
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        memset(&r, 0, sizeof r);
        r.id = sqlite3_column_int64(st, 0);
        kf_store__col_text(st, 1, r.reporter, sizeof r.reporter);
        kf_store__col_text(st, 2, r.sender, sizeof r.sender);
        r.fp = (uint64_t)sqlite3_column_int64(st, 3);
        r.msg_id = sqlite3_column_int64(st, 4);
        r.format = sqlite3_column_int(st, 5);
        kf_store__col_text(st, 6, r.text, sizeof r.text);
        r.created_ms = sqlite3_column_int64(st, 7);
        r.item_id = sqlite3_column_int64(st, 8);
        if (fn(arg, &r))
            break;
    }
    sqlite3_finalize(st);
    return rc == SQLITE_ROW || rc == SQLITE_DONE ? 0 : KF_ESTORE;
}

int kf_store_report_senders(kf_store *s, int64_t since_ms,
                            int (*fn)(void *arg, const char *sender, int reports), void *arg)
{
    sqlite3_stmt *st =
        kf_store__prep(s, "SELECT sender, COUNT(DISTINCT reporter) FROM reports"
                          " WHERE created_ms >= ?1 AND sender <> '' GROUP BY sender");
    int rc;

    if (st == NULL)
        return KF_ESTORE;
    sqlite3_bind_int64(st, 1, since_ms);
    while ((rc = sqlite3_step(st)) == SQLITE_ROW)
        if (fn(arg, (const char *)sqlite3_column_text(st, 0), sqlite3_column_int(st, 1)))
            break;
    sqlite3_finalize(st);
    return rc == SQLITE_ROW || rc == SQLITE_DONE ? 0 : KF_ESTORE;
}

/* -------------------------------------------------------------- labels */

int kf_store_label_add(kf_store *s, int label, const char *text, const char *source,
                       int64_t item_id, int64_t now_ms)
{
    sqlite3_stmt *st =
        kf_store__prep(s, "INSERT INTO labels (label, text, source, item_id, created_ms)"
                          " VALUES (?1, ?2, ?3, ?4, ?5)");
    if (st == NULL)
        return KF_ESTORE;
    sqlite3_bind_int(st, 1, label);
    sqlite3_bind_text(st, 2, text, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 3, source, -1, SQLITE_STATIC);
    sqlite3_bind_int64(st, 4, item_id);
    sqlite3_bind_int64(st, 5, now_ms);
    return kf_store__run(st);
}

int kf_store_label_each(kf_store *s, int (*fn)(void *arg, int label, const char *text), void *arg)
{
    sqlite3_stmt *st = kf_store__prep(s, "SELECT label, text FROM labels ORDER BY id");
    int rc;

    if (st == NULL)
        return KF_ESTORE;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW)
        if (fn(arg, sqlite3_column_int(st, 0), (const char *)sqlite3_column_text(st, 1)))
            break;
    sqlite3_finalize(st);
    return rc == SQLITE_ROW || rc == SQLITE_DONE ? 0 : KF_ESTORE;
}
