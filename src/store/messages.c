/* SPDX-License-Identifier: MIT
 *
 * messages.c -- message rows: allocation, binding to the insert statement,
 * reading rows back, and the admin-connection look-ups (by id, by number,
 * pending messages for recovery, counts by state).
 */
#include "store/store_int.h"

#include <stdlib.h>
#include <string.h>

#include "base/base.h"

struct kf_msg *kf_store_msg_new(void)
{
    return kf_xcalloc(1, sizeof(struct kf_msg));
}

void kf_store_msg_free(struct kf_msg *m)
{
    if (m == NULL)
        return;
    free(m->sm);
    free(m->tlvs);
    free(m->reasons);
    free(m);
}

int kf_store__bind_msg(sqlite3_stmt *st, const struct kf_msg *m)
{
    int i = 1;
    sqlite3_bind_int64(st, i++, m->id);
    sqlite3_bind_int(st, i++, m->kind);
    sqlite3_bind_int(st, i++, m->state);
    sqlite3_bind_int(st, i++, m->route_kind);
    sqlite3_bind_int(st, i++, m->verdict);
    sqlite3_bind_int64(st, i++, m->origin_acct);
    sqlite3_bind_int64(st, i++, m->route_acct);
    sqlite3_bind_int(st, i++, m->src_ton);
    sqlite3_bind_int(st, i++, m->src_npi);
    sqlite3_bind_text(st, i++, m->src, -1, SQLITE_STATIC);
    sqlite3_bind_int(st, i++, m->dst_ton);
    sqlite3_bind_int(st, i++, m->dst_npi);
    sqlite3_bind_text(st, i++, m->dst, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, i++, m->service_type, -1, SQLITE_STATIC);
    sqlite3_bind_int(st, i++, m->esm_class);
    sqlite3_bind_int(st, i++, m->protocol_id);
    sqlite3_bind_int(st, i++, m->priority);
    sqlite3_bind_int(st, i++, m->data_coding);
    sqlite3_bind_int(st, i++, m->registered_delivery);
    sqlite3_bind_blob(st, i++, m->sm ? (const void *)m->sm : "", m->sm_len, SQLITE_STATIC);
    if (m->tlv_len)
        sqlite3_bind_blob(st, i++, m->tlvs, m->tlv_len, SQLITE_STATIC);
    else
        sqlite3_bind_null(st, i++);
    sqlite3_bind_int64(st, i++, m->submit_ms);
    sqlite3_bind_int64(st, i++, m->expire_ms);
    sqlite3_bind_int64(st, i++, m->next_ms);
    sqlite3_bind_int64(st, i++, m->done_ms);
    sqlite3_bind_int64(st, i++, m->attempts);
    sqlite3_bind_int64(st, i++, m->err);
    sqlite3_bind_int64(st, i++, m->receipted_id);
    if (m->reasons)
        sqlite3_bind_text(st, i++, m->reasons, -1, SQLITE_STATIC);
    else
        sqlite3_bind_null(st, i++);
    sqlite3_bind_int64(st, i++, m->smpp_id);
    return 0;
}

void kf_store__col_text(sqlite3_stmt *st, int i, char *out, size_t cap)
{
    const unsigned char *t = sqlite3_column_text(st, i);
    size_t n = t ? (size_t)sqlite3_column_bytes(st, i) : 0;
    if (n >= cap)
        n = cap - 1;
    if (n)
        memcpy(out, t, n);
    out[n] = '\0';
}

static uint8_t *col_blob(sqlite3_stmt *st, int i, uint16_t *len)
{
    const void *b = sqlite3_column_blob(st, i);
    int n = sqlite3_column_bytes(st, i);
    if (b == NULL || n <= 0) {
        *len = 0;
        return NULL;
    }
    if (n > 65535)
        n = 65535;
    *len = (uint16_t)n;
    return kf_xmemdup(b, (size_t)n);
}

struct kf_msg *kf_store__row_msg(sqlite3_stmt *st)
{
    struct kf_msg *m = kf_store_msg_new();
    int i = 0;
    const unsigned char *r;

    m->id = sqlite3_column_int64(st, i++);
    m->kind = (uint8_t)sqlite3_column_int(st, i++);
    m->state = (uint8_t)sqlite3_column_int(st, i++);
    m->route_kind = (uint8_t)sqlite3_column_int(st, i++);
    m->verdict = (uint8_t)sqlite3_column_int(st, i++);
    m->origin_acct = sqlite3_column_int64(st, i++);
    m->route_acct = sqlite3_column_int64(st, i++);
    m->src_ton = (uint8_t)sqlite3_column_int(st, i++);
    m->src_npi = (uint8_t)sqlite3_column_int(st, i++);
    kf_store__col_text(st, i++, m->src, sizeof m->src);
    m->dst_ton = (uint8_t)sqlite3_column_int(st, i++);
    m->dst_npi = (uint8_t)sqlite3_column_int(st, i++);
    kf_store__col_text(st, i++, m->dst, sizeof m->dst);
    kf_store__col_text(st, i++, m->service_type, sizeof m->service_type);
    m->esm_class = (uint8_t)sqlite3_column_int(st, i++);
    m->protocol_id = (uint8_t)sqlite3_column_int(st, i++);
    m->priority = (uint8_t)sqlite3_column_int(st, i++);
    m->data_coding = (uint8_t)sqlite3_column_int(st, i++);
    m->registered_delivery = (uint8_t)sqlite3_column_int(st, i++);
    m->sm = col_blob(st, i++, &m->sm_len);
    m->tlvs = col_blob(st, i++, &m->tlv_len);
    m->submit_ms = sqlite3_column_int64(st, i++);
    m->expire_ms = sqlite3_column_int64(st, i++);
    m->next_ms = sqlite3_column_int64(st, i++);
    m->done_ms = sqlite3_column_int64(st, i++);
    m->attempts = (uint32_t)sqlite3_column_int64(st, i++);
    m->err = (uint32_t)sqlite3_column_int64(st, i++);
    m->receipted_id = sqlite3_column_int64(st, i++);
    r = sqlite3_column_text(st, i++);
    m->reasons = r ? kf_xstrdup((const char *)r) : NULL;
    m->smpp_id = sqlite3_column_int64(st, i++);
    return m;
}

int64_t kf_store_msg_max_id(kf_store *s)
{
    sqlite3_stmt *st = NULL;
    int64_t id = 0;

    if (sqlite3_prepare_v2(s->admin, "SELECT MAX(id) FROM messages", -1, &st, NULL) != SQLITE_OK)
        return 0;
    if (sqlite3_step(st) == SQLITE_ROW)
        id = sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
    return id;
}

int kf_store_msg_get(kf_store *s, int64_t id, struct kf_msg **out)
{
    sqlite3_stmt *st = NULL;
    int rc;

    *out = NULL;
    if (sqlite3_prepare_v2(s->admin, "SELECT " KF_STORE_MSG_COLS " FROM messages WHERE id = ?1",
                           -1, &st, NULL) != SQLITE_OK)
        return KF_ESTORE;
    sqlite3_bind_int64(st, 1, id);
    rc = sqlite3_step(st);
    if (rc == SQLITE_ROW) {
        *out = kf_store__row_msg(st);
        rc = 0;
    } else {
        rc = rc == SQLITE_DONE ? KF_ENOENT : KF_ESTORE;
    }
    sqlite3_finalize(st);
    return rc;
}

int kf_store_msg_by_number(kf_store *s, const char *number, int limit,
                           int (*fn)(void *arg, const struct kf_msg *m), void *arg)
{
    static const char *sql = "SELECT " KF_STORE_MSG_COLS " FROM messages WHERE id IN ("
                             " SELECT id FROM messages WHERE src = ?1"
                             " UNION SELECT id FROM messages WHERE dst = ?1)"
                             " ORDER BY id DESC LIMIT ?2";
    sqlite3_stmt *st = NULL;
    int rc;

    if (sqlite3_prepare_v2(s->admin, sql, -1, &st, NULL) != SQLITE_OK)
        return KF_ESTORE;
    sqlite3_bind_text(st, 1, number, -1, SQLITE_STATIC);
    sqlite3_bind_int(st, 2, limit);
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        struct kf_msg *m = kf_store__row_msg(st);
        int stop = fn(arg, m);
        kf_store_msg_free(m);
        if (stop)
            break;
    }
    sqlite3_finalize(st);
    return rc == SQLITE_ROW || rc == SQLITE_DONE ? 0 : KF_ESTORE;
}

int kf_store_msg_each_pending(kf_store *s, void (*fn)(void *arg, struct kf_msg *m), void *arg)
{
    sqlite3_stmt *st = NULL;
    int rc;

    if (sqlite3_prepare_v2(s->admin,
                           "SELECT " KF_STORE_MSG_COLS
                           " FROM messages WHERE state IN (1, 6) ORDER BY id",
                           -1, &st, NULL) != SQLITE_OK)
        return KF_ESTORE;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW)
        fn(arg, kf_store__row_msg(st));
    sqlite3_finalize(st);
    return rc == SQLITE_DONE ? 0 : KF_ESTORE;
}

int kf_store_msg_count_states(kf_store *s, int64_t counts[256])
{
    sqlite3_stmt *st = NULL;
    int rc;

    memset(counts, 0, 256 * sizeof counts[0]);
    if (sqlite3_prepare_v2(s->admin, "SELECT state, COUNT(*) FROM messages GROUP BY state", -1,
                           &st, NULL) != SQLITE_OK)
        return KF_ESTORE;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW)
        counts[sqlite3_column_int(st, 0) & 0xff] = sqlite3_column_int64(st, 1);
    sqlite3_finalize(st);
    return rc == SQLITE_DONE ? 0 : KF_ESTORE;
}
