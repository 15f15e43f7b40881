/* SPDX-License-Identifier: MIT
 * test_desk.c -- the service-desk tables (schema v5) on a real SQLite file:
 * a hand-over is queued once per request id; an answer claims it, so a
 * second answer or a close cannot slip in while its SMS is being stored,
 * and the writer marks it answered in the transaction of that SMS; the
 * question log keeps each request once; a booking never goes beyond the
 * seats and is made once per confirming message. */
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
#include "store/desk.h"
#include "store/store.h"

static char dir[64], path[128];

static int setup(void **st)
{
    static const struct kf_store_conf conf = {1, 4096, 5000, 0};
    char *err = NULL;

    snprintf(dir, sizeof dir, "/tmp/kefu-desk-XXXXXX");
    assert_non_null(mkdtemp(dir));
    snprintf(path, sizeof path, "%s/kefu.db", dir);
    *st = kf_store_open(path, &conf, &err);
    assert_non_null(*st);
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

static void on_done(void *arg, int rc)
{
    *(int *)arg = rc == 0 ? 1 : -1;
}

static void handover_claim(void **state)
{
    kf_store *s = *state;
    struct kf_handover h = {0}, got;
    struct kf_store_op op;
    int fired = 0;

    snprintf(h.request_id, sizeof h.request_id, "sms:7");
    snprintf(h.number, sizeof h.number, "13800138001");
    snprintf(h.question, sizeof h.question, "宽带掉线");
    snprintf(h.reason, sizeof h.reason, "asked");
    h.created_ms = 1000;
    assert_int_equal(kf_store_handover_add(s, &h), 0);
    assert_int_equal(kf_store_handover_add(s, &h), KF_EEXIST); /* the same message again */
    assert_int_equal(kf_store_handover_open(s), 1);
    /* an answer claims it: a second answer and a close are refused meanwhile */
    assert_int_equal(kf_store_handover_set(s, h.id, KF_HO_ANSWERED, "a1", "答一", 2000), 0);
    assert_int_equal(kf_store_handover_set(s, h.id, KF_HO_ANSWERED, "a2", "答二", 2001), KF_ENOENT);
    assert_int_equal(kf_store_handover_set(s, h.id, KF_HO_CLOSED, "a2", "", 2002), KF_ENOENT);
    /* a claim whose SMS was never stored lapses after a minute */
    assert_int_equal(kf_store_handover_set(s, h.id, KF_HO_ANSWERED, "a2", "答二", 62001), 0);
    /* ...or is dropped when the SMS could not be sent */
    assert_int_equal(kf_store_handover_set(s, h.id, KF_HO_OPEN, "", "", 0), 0);
    assert_int_equal(kf_store_handover_set(s, h.id, KF_HO_ANSWERED, "a3", "答三", 63000), 0);
    /* the writer marks it answered with the message that carries the answer */
    kf_store_op_handover_sent(&op, h.id, 63001);
    op.link_id = 99;
    kf_store_submit_always(s, &op, 1, on_done, &fired);
    while (!fired) {
        struct pollfd p = {kf_store_notify_fd(s), POLLIN, 0};
        assert_true(poll(&p, 1, 5000) == 1);
        kf_store_complete(s);
    }
    assert_int_equal(kf_store_handover_get(s, h.id, &got), 0);
    assert_int_equal(got.state, KF_HO_ANSWERED);
    assert_int_equal(got.msg_id, 99);
    assert_string_equal(got.handled_by, "a3");
    assert_string_equal(got.answer, "答三");
    assert_int_equal(kf_store_handover_open(s), 0);
    assert_int_equal(kf_store_handover_set(s, h.id, KF_HO_CLOSED, "a1", "", 70000), KF_ENOENT);
}

static void robot_log_once(void **state)
{
    kf_store *s = *state;
    struct kf_robot_log rows[2] = {{0}}, out[4];

    for (int i = 0; i < 2; i++) {
        snprintf(rows[i].request_id, sizeof rows[i].request_id, "sms:%d", i + 1);
        snprintf(rows[i].number, sizeof rows[i].number, "13800138002");
        snprintf(rows[i].service, sizeof rows[i].service, "10086");
        snprintf(rows[i].text, sizeof rows[i].text, "问题%d", i);
        rows[i].answered = i;
    }
    assert_int_equal(kf_store_robot_log_add(s, rows, 2), 0);
    assert_int_equal(kf_store_robot_log_add(s, rows, 2), 0); /* written again: kept once */
    assert_int_equal(kf_store_robot_log_list(s, -1, 0, out, 4), 2);
    assert_int_equal(kf_store_robot_log_list(s, 0, 0, out, 4), 1);
    assert_string_equal(out[0].text, "问题0");
}

static void bookings_seats(void **state)
{
    kf_store *s = *state;
    struct kf_booking b = {0};

    snprintf(b.number, sizeof b.number, "13800138003");
    snprintf(b.slot_key, sizeof b.slot_key, "hp-cs-01#3@20261208");
    snprintf(b.slot_text, sizeof b.slot_text, "心内科 张主任");
    for (int i = 0; i < 2; i++) {
        snprintf(b.request_id, sizeof b.request_id, "sms:%d", 10 + i);
        assert_int_equal(kf_store_booking_add(s, &b, 2), 0);
    }
    snprintf(b.request_id, sizeof b.request_id, "sms:12");
    assert_int_equal(kf_store_booking_add(s, &b, 2), KF_EBUSY); /* two seats, both taken */
    snprintf(b.request_id, sizeof b.request_id, "sms:11");
    assert_int_equal(kf_store_booking_add(s, &b, 2), KF_EEXIST); /* that message booked already */
    assert_int_equal(kf_store_booking_count(s, "hp-cs-01#3@20261208"), 2);
    assert_int_equal(kf_store_booking_count(s, "hp-cs-01#4@20261208"), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(handover_claim, setup, teardown),
        cmocka_unit_test_setup_teardown(robot_log_once, setup, teardown),
        cmocka_unit_test_setup_teardown(bookings_seats, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
