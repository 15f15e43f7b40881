/* SPDX-License-Identifier: MIT
 *
 * accounts.c -- industry ports and network links (the accounts table), on
 * the admin connection (loop thread). Writes here are rare and synchronous.
 */
#include "store/store_int.h"

#include <string.h>

#include "base/base.h"

#define ACCT_COLS                                                                       \
    "id, kind, system_id, pw_hash, name, number, realname, signatures, src_range, "   \
    "bind_types, max_binds, allowed_ips, tps, win, status, created_ms, updated_ms"

static void row_account(sqlite3_stmt *st, struct kf_account *a)
{
    memset(a, 0, sizeof *a);
    a->id = sqlite3_column_int64(st, 0);
    a->kind = sqlite3_column_int(st, 1);
    kf_store__col_text(st, 2, a->system_id, sizeof a->system_id);
    kf_store__col_text(st, 3, a->pw_hash, sizeof a->pw_hash);
    kf_store__col_text(st, 4, a->name, sizeof a->name);
    kf_store__col_text(st, 5, a->number, sizeof a->number);
    a->realname = sqlite3_column_int(st, 6);
    kf_store__col_text(st, 7, a->signatures, sizeof a->signatures);
    kf_store__col_text(st, 8, a->src_range, sizeof a->src_range);
    a->bind_types = sqlite3_column_int(st, 9);
    a->max_binds = sqlite3_column_int(st, 10);
    kf_store__col_text(st, 11, a->allowed_ips, sizeof a->allowed_ips);
    a->tps = sqlite3_column_int(st, 12);
    a->window = sqlite3_column_int(st, 13);
    a->status = sqlite3_column_int(st, 14);
    a->created_ms = sqlite3_column_int64(st, 15);
    a->updated_ms = sqlite3_column_int64(st, 16);
}

int kf_store_account_put(kf_store *s, struct kf_account *a)
{
    static const char *sql =
        "INSERT INTO accounts (kind, system_id, pw_hash, name, number, realname, signatures,"
        " src_range, bind_types, max_binds, allowed_ips, tps, win, status, created_ms,"
        " updated_ms) VALUES (?1,?2,?3,?4,?5,?6,?7,?8,?9,?10,?11,?12,?13,?14,?15,?16)"
        " ON CONFLICT(system_id) DO UPDATE SET kind=?1, pw_hash=?3, name=?4, number=?5,"
        " realname=?6, signatures=?7, src_range=?8, bind_types=?9, max_binds=?10,"
        " allowed_ips=?11, tps=?12, win=?13, status=?14, updated_ms=?16"
        " RETURNING id";
    sqlite3_stmt *st = NULL;
    int rc = KF_ESTORE;

    if (sqlite3_prepare_v2(s->admin, sql, -1, &st, NULL) != SQLITE_OK)
        return KF_ESTORE;
    sqlite3_bind_int(st, 1, a->kind);
    sqlite3_bind_text(st, 2, a->system_id, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 3, a->pw_hash, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 4, a->name, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 5, a->number, -1, SQLITE_STATIC);
    sqlite3_bind_int(st, 6, a->realname);
    sqlite3_bind_text(st, 7, a->signatures[0] ? a->signatures : "[]", -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 8, a->src_range, -1, SQLITE_STATIC);
    sqlite3_bind_int(st, 9, a->bind_types);
    sqlite3_bind_int(st, 10, a->max_binds);
    sqlite3_bind_text(st, 11, a->allowed_ips, -1, SQLITE_STATIC);
    sqlite3_bind_int(st, 12, a->tps);
    sqlite3_bind_int(st, 13, a->window);
    sqlite3_bind_int(st, 14, a->status);
    sqlite3_bind_int64(st, 15, a->created_ms);
    sqlite3_bind_int64(st, 16, a->updated_ms);
    if (sqlite3_step(st) == SQLITE_ROW) {
        a->id = sqlite3_column_int64(st, 0);
        rc = 0;
    }
    sqlite3_finalize(st);
    return rc;
}

static int get_one(kf_store *s, const char *sql, const char *key, int64_t id,
                   struct kf_account *out)
{
    sqlite3_stmt *st = NULL;
    int rc;

    if (sqlite3_prepare_v2(s->admin, sql, -1, &st, NULL) != SQLITE_OK)
        return KF_ESTORE;
    if (key)
        sqlite3_bind_text(st, 1, key, -1, SQLITE_STATIC);
    else
        sqlite3_bind_int64(st, 1, id);
    rc = sqlite3_step(st);
    if (rc == SQLITE_ROW) {
        row_account(st, out);
        rc = 0;
    } else {
        rc = rc == SQLITE_DONE ? KF_ENOENT : KF_ESTORE;
    }
    sqlite3_finalize(st);
    return rc;
}

int kf_store_account_get(kf_store *s, const char *system_id, struct kf_account *out)
{
    return get_one(s, "SELECT " ACCT_COLS " FROM accounts WHERE system_id = ?1", system_id, 0,
                   out);
}

int kf_store_account_get_id(kf_store *s, int64_t id, struct kf_account *out)
{
    return get_one(s, "SELECT " ACCT_COLS " FROM accounts WHERE id = ?1", NULL, id, out);
}

int kf_store_account_delete(kf_store *s, const char *system_id)
{
    sqlite3_stmt *st = NULL;
    int rc;

    if (sqlite3_prepare_v2(s->admin, "DELETE FROM accounts WHERE system_id = ?1", -1, &st,
                           NULL) != SQLITE_OK)
        return KF_ESTORE;
    sqlite3_bind_text(st, 1, system_id, -1, SQLITE_STATIC);
    rc = sqlite3_step(st) == SQLITE_DONE ? 0 : KF_ESTORE;
    if (rc == 0 && sqlite3_changes(s->admin) == 0)
        rc = KF_ENOENT;
    sqlite3_finalize(st);
    return rc;
}

int kf_store_account_each(kf_store *s, int (*fn)(void *arg, const struct kf_account *a),
                          void *arg)
{
    sqlite3_stmt *st = NULL;
    struct kf_account a;
    int rc;

    if (sqlite3_prepare_v2(s->admin, "SELECT " ACCT_COLS " FROM accounts ORDER BY id", -1, &st,
                           NULL) != SQLITE_OK)
        return KF_ESTORE;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        row_account(st, &a);
        if (fn(arg, &a))
            break;
    }
    sqlite3_finalize(st);
    return rc == SQLITE_ROW || rc == SQLITE_DONE ? 0 : KF_ESTORE;
}
