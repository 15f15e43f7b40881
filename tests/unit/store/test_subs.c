/* SPDX-License-Identifier: MIT
 * test_subs.c -- the self-service tables (schema v4) on a real SQLite file:
 * usage records are taken once per id (and a rolled-back transaction takes
 * nothing), operations are idempotent by request id, one waiting SMS order
 * per number, reminders unique per (number, cycle, kind, threshold) and
 * marked sent by the writer in the message's own transaction, web codes and
 * sessions expire, and everything survives a close and reopen. */
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

#include "base/err.h"
#include "store/store.h"
#include "store/subs.h"

static char dir[64], path[128];
static const struct kf_store_conf conf = {1, 4096, 5000, 0};

static kf_store *open_store(void)
{
    char *err = NULL;
    kf_store *s = kf_store_open(path, &conf, &err);
    if (s == NULL)
        fail_msg("%s", err);
    return s;
}

static int setup(void **st)
{
    snprintf(dir, sizeof dir, "/tmp/kefu-subs-XXXXXX");
    assert_non_null(mkdtemp(dir));
    snprintf(path, sizeof path, "%s/kefu.db", dir);
    *st = open_store();
    return 0;
}

static int teardown(void **st)
{
    static const char *const ext[] = {"", "-wal", "-shm"};
    char p[200];
    kf_store_close(*st);
    for (int i = 0; i < 3; i++) {
        snprintf(p, sizeof p, "%s%s", path, ext[i]);
        unlink(p);
    }
    rmdir(dir);
    return 0;
}

static void sub_and_cycle(void **state)
{
    kf_store *s = *state;
    struct kf_sub u = {0}, g;
    struct kf_sub_cycle c = {0}, r[3];

    snprintf(u.number, sizeof u.number, "13800138001");
    snprintf(u.name, sizeof u.name, "张三");
    snprintf(u.plan_id, sizeof u.plan_id, "P5G-ZX128");
    u.balance_fen = 5000;
    u.remind_flags = 3;
    assert_int_equal(kf_store_sub_put(s, &u), 0);
    assert_int_equal(kf_store_sub_get(s, "13800138001", &g), 0);
    assert_string_equal(g.name, "张三");
    assert_int_equal(g.balance_fen, 5000);
    assert_int_equal(kf_store_sub_get(s, "13800138002", &g), KF_ENOENT);
    assert_int_equal(kf_store_sub_count(s), 1);
    for (int cy = 202609; cy <= 202611; cy++) {
        snprintf(c.number, sizeof c.number, "13800138001");
        c.cycle = cy;
        snprintf(c.plan_id, sizeof c.plan_id, "P5G-ZX128");
        c.used[2] = cy * 10;
        assert_int_equal(kf_store_cycle_put(s, &c), 0);
    }
    assert_int_equal(kf_store_cycle_recent(s, "13800138001", 202611, r, 3), 2);
    assert_int_equal(r[0].cycle, 202610);
    assert_int_equal(r[1].used[2], 2026090);
    assert_int_equal(kf_store_cycle_get(s, "13800138001", 202611, &c), 0);
    assert_int_equal(c.used[2], 2026110);
    assert_int_equal(kf_store_cycle_get(s, "13800138001", 202612, &c), KF_ENOENT);
}

static void usage_once(void **state)
{
    kf_store *s = *state;
    struct kf_usage_rec r = {"r-1", "13800138001", 2, 1024, 1000, 202611, 29}, g;

    assert_int_equal(kf_store_usage_add(s, &r), 1);
    assert_int_equal(kf_store_usage_add(s, &r), 0);
    assert_int_equal(kf_store_usage_get(s, "r-1", &g), 0);
    assert_int_equal(g.charge_fen, 29);
    /* a rolled-back transaction leaves no trace: the record is new again */
    snprintf(r.record_id, sizeof r.record_id, "r-2");
    assert_int_equal(kf_store_begin(s), 0);
    assert_int_equal(kf_store_usage_add(s, &r), 1);
    kf_store_rollback(s);
    assert_int_equal(kf_store_usage_get(s, "r-2", &g), KF_ENOENT);
    assert_int_equal(kf_store_begin(s), 0);
    assert_int_equal(kf_store_usage_add(s, &r), 1);
    assert_int_equal(kf_store_commit(s), 0);
    assert_int_equal(kf_store_usage_add(s, &r), 0);
}

static void ops_idempotent(void **state)
{
    kf_store *s = *state;
    struct kf_sub_op op = {0}, again, list[4];

    snprintf(op.number, sizeof op.number, "13800138001");
    snprintf(op.op, sizeof op.op, "order");
    snprintf(op.item_id, sizeof op.item_id, "A-LL-M10");
    snprintf(op.channel, sizeof op.channel, "web");
    snprintf(op.result, sizeof op.result, "ok");
    snprintf(op.request_id, sizeof op.request_id, "web-abc");
    op.at_ms = 1000;
    assert_int_equal(kf_store_op_add(s, &op), 0);
    again = op;
    again.at_ms = 2000;
    snprintf(again.result, sizeof again.result, "other");
    assert_int_equal(kf_store_op_add(s, &again), KF_EEXIST);
    assert_int_equal(again.id, op.id);
    assert_int_equal(again.at_ms, 1000);
    assert_string_equal(again.result, "ok");
    op.request_id[0] = '\0'; /* no request id: every call is recorded */
    assert_int_equal(kf_store_op_add(s, &op), 0);
    assert_int_equal(kf_store_op_add(s, &op), 0);
    assert_int_equal(kf_store_op_list(s, "13800138001", 0, list, 4), 3);
    assert_true(list[0].id > list[1].id);
    assert_int_equal(kf_store_op_list(s, "13800138001", list[0].id, list, 4), 2);
}

static void pending_one(void **state)
{
    kf_store *s = *state;
    struct kf_pending p = {0}, q, g;

    snprintf(p.number, sizeof p.number, "13800138001");
    snprintf(p.op, sizeof p.op, "order");
    snprintf(p.item_id, sizeof p.item_id, "V-CL");
    p.expires_ms = 5000;
    assert_int_equal(kf_store_pending_add(s, &p), 0);
    q = p;
    snprintf(q.item_id, sizeof q.item_id, "V-TQ");
    assert_int_equal(kf_store_pending_add(s, &q), 0);
    assert_int_equal(kf_store_pending_get(s, "13800138001", &g), 0);
    assert_string_equal(g.item_id, "V-TQ");
    assert_int_equal(kf_store_pending_set(s, q.id, KF_PEND_CONFIRMED), 0);
    assert_int_equal(kf_store_pending_get(s, "13800138001", &g), KF_ENOENT);
}

static void on_done(void *arg, int rc)
{
    *(int *)arg = rc == 0 ? 1 : -1;
}

static void reminders_once(void **state)
{
    kf_store *s = *state;
    struct kf_reminder r = {0}, due[4];
    struct kf_store_op op;
    int fired = 0;

    snprintf(r.number, sizeof r.number, "13800138001");
    r.cycle = 202611;
    snprintf(r.kind, sizeof r.kind, "data");
    r.threshold = 80;
    r.due_ms = 100;
    snprintf(r.text, sizeof r.text, "您本月流量已用80%%");
    assert_int_equal(kf_store_reminder_add(s, &r), 1);
    assert_int_equal(kf_store_reminder_add(s, &r), 0);
    r.threshold = 100;
    r.due_ms = 500;
    assert_int_equal(kf_store_reminder_add(s, &r), 1);
    assert_int_equal(kf_store_reminder_due(s, 99, due, 4), 0);
    assert_int_equal(kf_store_reminder_due(s, 100, due, 4), 1);
    assert_int_equal(due[0].threshold, 80);
    /* the writer marks it sent in the transaction of its message */
    kf_store_op_reminder_sent(&op, due[0].id, 150);
    op.link_id = 4242;
    kf_store_submit_always(s, &op, 1, on_done, &fired);
    while (!fired) {
        struct pollfd p = {kf_store_notify_fd(s), POLLIN, 0};
        assert_true(poll(&p, 1, 5000) == 1);
        kf_store_complete(s);
    }
    assert_int_equal(fired, 1);
    assert_int_equal(kf_store_reminder_due(s, 1000, due, 4), 1);
    assert_int_equal(due[0].threshold, 100);
    assert_int_equal(kf_store_reminder_list(s, "13800138001", due, 4), 2);
    assert_int_equal(due[1].state, KF_REM_SENT);
    assert_int_equal(due[1].msg_id, 4242);
    assert_int_equal(due[1].sent_ms, 150);
    /* after a reopen the reminders are still there and still unique */
    kf_store_close(s);
    *state = s = open_store();
    assert_int_equal(kf_store_reminder_add(s, &r), 0);
    assert_int_equal(kf_store_reminder_due(s, 1000, due, 4), 1);
}

static void web_codes_sessions(void **state)
{
    kf_store *s = *state;
    struct kf_web_code c = {0}, g;
    struct kf_web_session ws = {0}, gs;

    snprintf(c.number, sizeof c.number, "13800138001");
    memset(c.hash, 7, sizeof c.hash);
    c.expires_ms = 1000;
    assert_int_equal(kf_store_webcode_put(s, &c), 0);
    assert_int_equal(kf_store_webcode_tried(s, "13800138001", 1), 0);
    assert_int_equal(kf_store_webcode_get(s, "13800138001", &g), 0);
    assert_int_equal(g.tries, 1);
    assert_memory_equal(g.hash, c.hash, sizeof c.hash);
    memset(ws.hash, 9, sizeof ws.hash);
    snprintf(ws.number, sizeof ws.number, "13800138001");
    ws.expires_ms = 3000;
    assert_int_equal(kf_store_session_put(s, &ws), 0);
    assert_int_equal(kf_store_session_get(s, ws.hash, &gs), 0);
    assert_string_equal(gs.number, "13800138001");
    assert_int_equal(kf_store_web_prune(s, 2000), 0); /* a code's row stays a day */
    assert_int_equal(kf_store_web_prune(s, 4000), 1); /* the session */
    assert_int_equal(kf_store_session_get(s, ws.hash, &gs), KF_ENOENT);
    assert_int_equal(kf_store_webcode_tried(s, "13800138001", -1), 0);
    assert_int_equal(kf_store_webcode_get(s, "13800138001", &g), 0);
    assert_int_equal(g.tries, 1000000);
    assert_int_equal(kf_store_web_prune(s, 86400001), 1);
    assert_int_equal(kf_store_webcode_get(s, "13800138001", &g), KF_ENOENT);
    assert_int_equal(kf_store_contact_add(s, "13800138001", "web", 5, "登录"), 0);
    struct kf_contact ct[2];
    assert_int_equal(kf_store_contact_list(s, "13800138001", ct, 2), 1);
    assert_string_equal(ct[0].what, "登录");
}

static void items(void **state)
{
    kf_store *s = *state;
    struct kf_sub_item it = {0}, l[4];

    snprintf(it.number, sizeof it.number, "13800138001");
    snprintf(it.item_id, sizeof it.item_id, "A-LL-M10");
    it.start_ms = 100;
    it.end_ms = 200;
    assert_int_equal(kf_store_item_put(s, &it), 0);
    assert_true(it.id > 0);
    it.id = 0;
    snprintf(it.item_id, sizeof it.item_id, "V-CL");
    it.start_ms = 150;
    it.end_ms = 0;
    assert_int_equal(kf_store_item_put(s, &it), 0);
    assert_int_equal(kf_store_item_list(s, "13800138001", KF_SITEM_ACTIVE, 0, 0, l, 4), 2);
    assert_int_equal(kf_store_item_list(s, "13800138001", -1, 200, 0, l, 4), 1); /* ended */
    assert_string_equal(l[0].item_id, "V-CL");
    assert_int_equal(kf_store_item_list(s, "13800138001", -1, 0, 120, l, 4), 1); /* not yet */
    it.state = KF_SITEM_CANCELLED;
    assert_int_equal(kf_store_item_put(s, &it), 0);
    assert_int_equal(kf_store_item_list(s, "13800138001", KF_SITEM_ACTIVE, 0, 0, l, 4), 1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(sub_and_cycle, setup, teardown),
        cmocka_unit_test_setup_teardown(usage_once, setup, teardown),
        cmocka_unit_test_setup_teardown(ops_idempotent, setup, teardown),
        cmocka_unit_test_setup_teardown(pending_one, setup, teardown),
        cmocka_unit_test_setup_teardown(reminders_once, setup, teardown),
        cmocka_unit_test_setup_teardown(web_codes_sessions, setup, teardown),
        cmocka_unit_test_setup_teardown(items, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
