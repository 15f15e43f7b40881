/* SPDX-License-Identifier: MIT
 * test_review.c -- the shield's durable state (schema v3) on a real SQLite
 * file: a held message opens its review item in the same commit (trigger),
 * handling is once only and logged, reported-sender items are one open per
 * sender, reports are counted by distinct reporter, lists upsert. */
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
#include "smpp/smpp.h"
#include "store/store.h"

static char dir[64], path[128];
static const struct kf_store_conf conf = {1, 4096, 5000, 0};
static int done_calls, want;

static void on_done(void *arg, int rc)
{
    (void)arg;
    assert_int_equal(rc, 0);
    done_calls++;
}

static void complete(kf_store *s, int target)
{
    while (done_calls < target) {
        struct pollfd p = {kf_store_notify_fd(s), POLLIN, 0};
        assert_true(poll(&p, 1, 5000) == 1);
        kf_store_complete(s);
    }
}

static int setup(void **st)
{
    char *err = NULL;
    snprintf(dir, sizeof dir, "/tmp/kefu-review-XXXXXX");
    assert_non_null(mkdtemp(dir));
    snprintf(path, sizeof path, "%s/kefu.db", dir);
    *st = kf_store_open(path, &conf, &err);
    assert_non_null(*st);
    done_calls = want = 0;
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

static void insert(kf_store *s, int64_t id, uint8_t state, int64_t submit_ms)
{
    struct kf_msg *m = kf_store_msg_new();
    struct kf_store_op op = {.type = KF_STORE_INSERT};
    m->id = id;
    m->state = state;
    snprintf(m->src, sizeof m->src, "13800000001");
    snprintf(m->dst, sizeof m->dst, "13900000002");
    m->submit_ms = submit_ms;
    op.msg = m;
    assert_int_equal(kf_store_submit(s, &op, 1, on_done, NULL), 0);
    complete(s, ++want);
    kf_store_msg_free(m);
}

static int count_items(void *arg, const struct kf_review_item *it)
{
    (void)it;
    (*(int *)arg)++;
    return 0;
}

static void held_message_opens_item(void **st)
{
    kf_store *s = *st;
    struct kf_review_item it;
    struct kf_store_op op = {.type = KF_STORE_STATE};
    int n = 0;

    insert(s, 1, KF_MSG_HELD, 1000);
    insert(s, 2, KF_MSG_ENROUTE, 1000);
    assert_int_equal(kf_store_review_get_msg(s, 1, &it), 0);
    assert_int_equal(it.kind, KF_REVIEW_HELD);
    assert_int_equal(it.state, 0);
    assert_int_equal(it.created_ms, 1000);
    assert_string_equal(it.sender, "13800000001");
    assert_int_equal(kf_store_review_get_msg(s, 2, &it), KF_ENOENT);
    /* a long message's part held after its insert gets one too */
    op.id = 2;
    op.state = KF_MSG_HELD;
    op.reasons = strdup("[]");
    op.verdict = 1;
    assert_int_equal(kf_store_submit(s, &op, 1, on_done, NULL), 0);
    complete(s, ++want);
    assert_int_equal(kf_store_review_get_msg(s, 2, &it), 0);
    assert_int_equal(kf_store_review_each(s, 0, 0, INT64_MAX, 0, 100, count_items, &n), 0);
    assert_int_equal(n, 2);
}

static int count_actions(void *arg, const char *action, const char *actor, int64_t at,
                         const char *note)
{
    (void)action, (void)actor, (void)at, (void)note;
    (*(int *)arg)++;
    return 0;
}

static void handled_once_and_logged(void **st)
{
    kf_store *s = *st;
    struct kf_review_item it;
    int n = 0;

    insert(s, 7, KF_MSG_HELD, 5000);
    assert_int_equal(kf_store_review_get_msg(s, 7, &it), 0);
    assert_int_equal(kf_store_review_audit(s, it.id, 1, "auditor", 6000), KF_EINVAL);
    assert_int_equal(kf_store_review_handle(s, it.id, "release", "alice", 0, 0xabcdef, 6000), 0);
    assert_int_equal(kf_store_review_handle(s, it.id, "block", "bob", 1, 0, 7000), KF_EEXIST);
    assert_int_equal(kf_store_review_get(s, it.id, &it), 0);
    assert_int_equal(it.state, 1);
    assert_string_equal(it.action, "release");
    assert_string_equal(it.actor, "alice");
    assert_int_equal(it.fp, 0xabcdef);
    assert_int_equal(it.handled_ms, 6000);
    assert_int_equal(kf_store_review_audit(s, it.id, 0, "carol", 8000), 0);
    assert_int_equal(kf_store_review_get(s, it.id, &it), 0);
    assert_int_equal(it.audit, 0);
    assert_int_equal(kf_store_review_actions(s, it.id, count_actions, &n), 0);
    assert_int_equal(n, 2); /* release, audit.wrong */
}

static void reports_and_sender_items(void **st)
{
    kf_store *s = *st;
    struct kf_report r;
    struct kf_review_item it, again;
    int reports, reporters;
    const char *who[] = {"13900000001", "13900000002", "13900000001"};

    for (int i = 0; i < 3; i++) {
        memset(&r, 0, sizeof r);
        snprintf(r.reporter, sizeof r.reporter, "%s", who[i]);
        snprintf(r.sender, sizeof r.sender, "13800000009");
        r.created_ms = 1000 + i;
        assert_int_equal(kf_store_report_add(s, &r), 0);
        assert_true(r.id > 0);
    }
    assert_int_equal(kf_store_report_count(s, "13800000009", 0, &reports, &reporters), 0);
    assert_int_equal(reports, 3);
    assert_int_equal(reporters, 2);
    assert_int_equal(kf_store_report_count(s, "13800000009", 1002, &reports, &reporters), 0);
    assert_int_equal(reports, 1);

    memset(&it, 0, sizeof it);
    it.kind = KF_REVIEW_REPORTED;
    snprintf(it.sender, sizeof it.sender, "13800000009");
    it.reports = 2;
    it.created_ms = 2000;
    assert_int_equal(kf_store_review_report_item(s, &it), 0);
    again = it;
    again.reports = 3;
    assert_int_equal(kf_store_review_report_item(s, &again), 0);
    assert_int_equal(again.id, it.id); /* one open item per sender */
    assert_int_equal(kf_store_review_open_sender(s, "13800000009", &it), 0);
    assert_int_equal(it.reports, 3);
    assert_int_equal(kf_store_report_link(s, "13800000009", 0, it.id), 0);
    assert_int_equal(kf_store_review_handle(s, it.id, "confirm", "alice", 1, 0, 3000), 0);
    assert_int_equal(kf_store_review_open_sender(s, "13800000009", &it), KF_ENOENT);
    again.id = 0;
    assert_int_equal(kf_store_review_report_item(s, &again), 0);
    assert_true(again.id != it.id); /* handled: a new report opens a new item */
}

static int count_list(void *arg, const struct kf_list_entry *e)
{
    (void)e;
    (*(int *)arg)++;
    return 0;
}

static void lists_upsert(void **st)
{
    kf_store *s = *st;
    struct kf_list_entry e;
    int n = 0;

    memset(&e, 0, sizeof e);
    snprintf(e.list, sizeof e.list, "sender.black");
    snprintf(e.value, sizeof e.value, "13800000009");
    snprintf(e.actor, sizeof e.actor, "alice");
    assert_int_equal(kf_store_list_put(s, &e), 0);
    snprintf(e.note, sizeof e.note, "again");
    assert_int_equal(kf_store_list_put(s, &e), 0);
    assert_int_equal(kf_store_list_each(s, "sender.black", count_list, &n), 0);
    assert_int_equal(n, 1);
    assert_int_equal(kf_store_list_del(s, "sender.black", "13800000009"), 0);
    assert_int_equal(kf_store_list_del(s, "sender.black", "13800000009"), KF_ENOENT);
    assert_int_equal(kf_store_label_add(s, 1, "spam text", "review", 1, 1), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(held_message_opens_item, setup, teardown),
        cmocka_unit_test_setup_teardown(handled_once_and_logged, setup, teardown),
        cmocka_unit_test_setup_teardown(reports_and_sender_items, setup, teardown),
        cmocka_unit_test_setup_teardown(lists_upsert, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
