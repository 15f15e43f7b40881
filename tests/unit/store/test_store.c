/* SPDX-License-Identifier: MIT
 * test_store.c -- the store against a real SQLite file: group commit with
 * callbacks after the commit, state updates with reasons, reopen and
 * recovery of pending messages, account ids never reused, refusal of a
 * newer schema. */
#include <poll.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>
#include <sqlite3.h>

#include "base/err.h"
#include "smpp/smpp.h"
#include "store/store.h"

static char dir[64], path[128];
static const struct kf_store_conf conf = {1, 4096, 5000, 0};
static int done_calls, done_rc;

static void on_done(void *arg, int rc)
{
    (void)arg;
    done_calls++;
    done_rc = rc;
}

/* Waits for the notify fd and runs callbacks until `want` have run. */
static void complete(kf_store *s, int want)
{
    while (done_calls < want) {
        struct pollfd p = {kf_store_notify_fd(s), POLLIN, 0};
        assert_true(poll(&p, 1, 5000) == 1);
        kf_store_complete(s);
    }
}

static struct kf_msg *msg(int64_t id, const char *dst)
{
    struct kf_msg *m = kf_store_msg_new();
    m->id = id;
    m->state = KF_MSG_ENROUTE;
    snprintf(m->src, sizeof m->src, "1065755501");
    snprintf(m->dst, sizeof m->dst, "%s", dst);
    m->sm = (uint8_t *)strdup("hello");
    m->sm_len = 5;
    m->submit_ms = 1000;
    m->expire_ms = 2000;
    return m;
}

static int setup(void **st)
{
    (void)st;
    snprintf(dir, sizeof dir, "/tmp/kefu-store-XXXXXX");
    assert_non_null(mkdtemp(dir));
    snprintf(path, sizeof path, "%s/kefu.db", dir);
    done_calls = 0;
    return 0;
}

static int teardown(void **st)
{
    char cmd[200];
    (void)st;
    snprintf(cmd, sizeof cmd, "%s/kefu.db", dir);
    unlink(cmd);
    snprintf(cmd, sizeof cmd, "%s/kefu.db-wal", dir);
    unlink(cmd);
    snprintf(cmd, sizeof cmd, "%s/kefu.db-shm", dir);
    unlink(cmd);
    rmdir(dir);
    return 0;
}

static void insert_update_recover(void **st)
{
    char *err = NULL;
    kf_store *s = kf_store_open(path, &conf, &err);
    struct kf_msg *a = msg(1, "13800138001"), *b = msg(2, "13800138002"), *got = NULL;
    struct kf_store_op ops[2];
    int64_t counts[256];
    (void)st;

    assert_non_null(s);
    memset(ops, 0, sizeof ops);
    ops[0].type = ops[1].type = KF_STORE_INSERT;
    ops[0].msg = a;
    ops[1].msg = b;
    assert_int_equal(kf_store_submit(s, ops, 2, on_done, NULL), 0);
    assert_int_equal(done_calls, 0); /* never called before it returns */
    complete(s, 1);
    assert_int_equal(done_rc, 0);
    assert_int_equal(kf_store_msg_get(s, 2, &got), 0);
    assert_string_equal(got->dst, "13800138002");
    assert_int_equal(got->sm_len, 5);
    assert_memory_equal(got->sm, "hello", 5);
    kf_store_msg_free(got);

    memset(ops, 0, sizeof ops);
    ops[0].type = KF_STORE_STATE;
    ops[0].id = 1;
    ops[0].state = KF_MSG_REJECTED;
    ops[0].reasons = strdup("[{\"code\":\"x\"}]");
    ops[0].verdict = 2;
    kf_store_submit_always(s, ops, 1, on_done, NULL);
    complete(s, 2);
    assert_int_equal(kf_store_msg_get(s, 1, &got), 0);
    assert_int_equal(got->state, KF_MSG_REJECTED);
    assert_string_equal(got->reasons, "[{\"code\":\"x\"}]");
    kf_store_msg_free(got);
    assert_int_equal(kf_store_msg_max_id(s), 2);
    assert_int_equal(kf_store_msg_count_states(s, counts), 0);
    assert_int_equal(counts[KF_MSG_ENROUTE], 1);
    kf_store_close(s);
    kf_store_msg_free(a);
    kf_store_msg_free(b);

    /* Reopen: only the ENROUTE one is pending. */
    s = kf_store_open(path, &conf, &err);
    assert_non_null(s);
    assert_int_equal(kf_store_msg_get(s, 3, &got), KF_ENOENT);
    kf_store_close(s);
}

static int count_pending(void *arg, const struct kf_msg *m)
{
    (void)m;
    (*(int *)arg)++;
    return 0;
}

static void by_number(void **st)
{
    char *err = NULL;
    kf_store *s = kf_store_open(path, &conf, &err);
    struct kf_store_op op;
    int n = 0;
    (void)st;

    for (int i = 1; i <= 30; i++) {
        struct kf_msg *m = msg(i, i % 3 ? "13800138001" : "13800138009");
        memset(&op, 0, sizeof op);
        op.type = KF_STORE_INSERT;
        op.msg = m;
        assert_int_equal(kf_store_submit(s, &op, 1, on_done, NULL), 0);
        complete(s, i);
        kf_store_msg_free(m);
    }
    assert_int_equal(kf_store_msg_by_number(s, "13800138009", 100, count_pending, &n), 0);
    assert_int_equal(n, 10);
    n = 0;
    assert_int_equal(kf_store_msg_by_number(s, "1065755501", 7, count_pending, &n), 0);
    assert_int_equal(n, 7);
    kf_store_close(s);
}

static void account_ids_not_reused(void **st)
{
    char *err = NULL;
    kf_store *s = kf_store_open(path, &conf, &err);
    struct kf_account a, b;
    (void)st;

    memset(&a, 0, sizeof a);
    snprintf(a.system_id, sizeof a.system_id, "p1");
    snprintf(a.pw_hash, sizeof a.pw_hash, "x");
    assert_int_equal(kf_store_account_put(s, &a), 0);
    assert_int_equal(kf_store_account_delete(s, "p1"), 0);
    assert_int_equal(kf_store_account_delete(s, "p1"), KF_ENOENT);
    b = a;
    snprintf(b.system_id, sizeof b.system_id, "p2");
    assert_int_equal(kf_store_account_put(s, &b), 0);
    assert_true(b.id > a.id);
    kf_store_close(s);
}

/* A database made by a version-1 kefud is migrated in place. */
static void migrates_version_1(void **st)
{
    char schema[4096 * 4], v1path[512], *err = NULL;
    const char *srcdir = getenv("KF_SRC_DIR");
    FILE *f;
    size_t n;
    sqlite3 *db;
    kf_store *s;
    struct kf_account a;
    struct kf_msg *m = msg(1, "13800138001"), *got = NULL;
    struct kf_store_op op;
    (void)st;

    assert_non_null(srcdir);
    snprintf(v1path, sizeof v1path, "%s/src/store/schema.sql", srcdir);
    f = fopen(v1path, "r");
    assert_non_null(f);
    n = fread(schema, 1, sizeof schema - 1, f);
    fclose(f);
    schema[n] = 0;
    assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
    assert_int_equal(sqlite3_exec(db, schema, NULL, NULL, NULL), SQLITE_OK);
    assert_int_equal(sqlite3_exec(db,
        "INSERT INTO accounts (id, kind, system_id, pw_hash, created_ms, updated_ms) VALUES (5, 0, 'old', 'h', 1, 1);"
        "INSERT INTO messages (id, kind, state, route_kind, origin_acct, route_acct, src, dst, submit_ms, expire_ms)"
        " VALUES (7, 0, 1, 0, 9, 0, '1065755501', '13800138001', 1, 2);", NULL, NULL, NULL), SQLITE_OK);
    sqlite3_close(db);

    s = kf_store_open(path, &conf, &err);
    assert_non_null(s);
    assert_int_equal(kf_store_account_get(s, "old", &a), 0);
    assert_int_equal(a.id, 5);
    memset(&a, 0, sizeof a);
    snprintf(a.system_id, sizeof a.system_id, "new");
    snprintf(a.pw_hash, sizeof a.pw_hash, "h");
    assert_int_equal(kf_store_account_put(s, &a), 0);
    assert_true(a.id > 9); /* above every id a message refers to */
    m->id = 8;
    m->smpp_id = 7;
    memset(&op, 0, sizeof op);
    op.type = KF_STORE_INSERT;
    op.msg = m;
    assert_int_equal(kf_store_submit(s, &op, 1, on_done, NULL), 0);
    complete(s, 1);
    assert_int_equal(done_rc, 0);
    assert_int_equal(kf_store_msg_get(s, 8, &got), 0);
    assert_int_equal(got->smpp_id, 7);
    kf_store_msg_free(got);
    assert_int_equal(kf_store_msg_get(s, 7, &got), 0);
    assert_int_equal(got->smpp_id, 0);
    kf_store_msg_free(got);
    kf_store_close(s);
    kf_store_msg_free(m);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(insert_update_recover, setup, teardown),
        cmocka_unit_test_setup_teardown(by_number, setup, teardown),
        cmocka_unit_test_setup_teardown(account_ids_not_reused, setup, teardown),
        cmocka_unit_test_setup_teardown(migrates_version_1, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
