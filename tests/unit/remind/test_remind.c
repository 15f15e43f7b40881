/* SPDX-License-Identifier: MIT
 * test_remind.c -- reminders on a real SQLite file with a controlled clock:
 * data thresholds (a jump sends only the highest), once per cycle and
 * threshold even across a restart, quiet hours (created at night, sent at
 * 08:00), the in-flight guard (never handed over twice before the commit),
 * the sent mark committed with the message (a failed send is retried),
 * switched-off kinds dropped, balance and spend reminders, a new cycle
 * starting again. The send function stores the "message" through the
 * store's writer with the reminder's op, as the hub does. */
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

#include "base/base.h"
#include "remind/remind.h"

#define TZ (8 * 3600)
#define OVER "\"overage\":{\"voice\":0.19,\"sms\":0.1,\"data\":{\"price\":0.29,\"cap\":60,\"block\":1024}}"

static char dir[64], db[128], cat[128];
static kf_store *st;
static kf_selfcare *sc;
static kf_remind *rm;
static struct kf_remind_conf rconf;

/* the "SMS path" */
static char sent_to[64][22], sent_text[64][512];
static int nsent, fail_next;
static struct { kf_remind_done_fn done; void *arg; struct kf_store_op op; } pend[64];
static int npend;

static int fake_send(void *ctx, const char *from, const char *to, const char *text,
                     const struct kf_store_op *op, kf_remind_done_fn done, void *arg)
{
    (void)ctx, (void)from;
    if (fail_next) {
        fail_next--;
        return KF_EBUSY;
    }
    snprintf(sent_to[nsent], sizeof sent_to[nsent], "%s", to);
    snprintf(sent_text[nsent], sizeof sent_text[nsent], "%s", text);
    nsent++;
    pend[npend].done = done;
    pend[npend].arg = arg;
    pend[npend].op = *op;
    pend[npend].op.link_id = 1000 + nsent;
    npend++;
    return 0;
}

static void on_commit(void *arg, int rc)
{
    int i = (int)(intptr_t)arg;
    pend[i].done(pend[i].arg, rc);
}

/* Commits the handed-over messages' ops (the hub's transaction). */
static void commit_sends(void)
{
    for (int i = 0; i < npend; i++)
        kf_store_submit_always(st, &pend[i].op, 1, on_commit, (void *)(intptr_t)i);
    while (kf_remind_in_flight(rm) > 0) {
        struct pollfd p = {kf_store_notify_fd(st), POLLIN, 0};
        assert_true(poll(&p, 1, 5000) == 1);
        kf_store_complete(st);
    }
    npend = 0;
}

static int64_t at(int m, int d, int h, int mi)
{
    return kf_civil_to_ms(2026, m, d, TZ) + (int64_t)h * 3600000 + (int64_t)mi * 60000;
}

static void open_all(void)
{
    struct kf_store_conf sconf = {0, 4096, 5000, 0};
    struct kf_selfcare_conf conf = {.tz_offset_min = 480, .confirm_window_ms = 600000,
                                    .chunk = 100, .rate_cache = 1024, .code_ttl_ms = 300000, .code_tries = 3,
                                    .session_idle_ms = 1800000, .session_max_ms = 43200000};
    char *err = NULL;
    snprintf(conf.catalog, sizeof conf.catalog, "%s", cat);
    st = kf_store_open(db, &sconf, &err);
    assert_non_null(st);
    sc = kf_selfcare_new(st, &conf, NULL, &err);
    assert_non_null(sc);
    rm = kf_remind_new(sc, st, &rconf, fake_send, NULL, &err);
    if (rm == NULL)
        fail_msg("%s", err);
}

static void close_all(void)
{
    kf_remind_free(rm);
    kf_selfcare_free(sc);
    kf_store_close(st);
}

static int setup(void **state)
{
    FILE *f;
    (void)state;
    snprintf(dir, sizeof dir, "/tmp/kefu-rm-XXXXXX");
    assert_non_null(mkdtemp(dir));
    snprintf(db, sizeof db, "%s/kefu.db", dir);
    snprintf(cat, sizeof cat, "%s/catalog.jsonl", dir);
    f = fopen(cat, "w");
    fputs("{\"id\":\"P38\",\"kind\":\"plan\",\"name\":\"4G 38\",\"family\":\"4g\",\"fee\":38,"
          "\"include\":{\"voice\":300,\"data\":1000}," OVER "}\n"
          "{\"id\":\"LL10\",\"kind\":\"addon\",\"name\":\"加油包\",\"fee\":10,"
          "\"include\":{\"data\":1000}}\n",
          f);
    fclose(f);
    memset(&rconf, 0, sizeof rconf);
    snprintf(rconf.data_thresholds, sizeof rconf.data_thresholds, "50,80,100");
    rconf.low_balance = 10;
    snprintf(rconf.quiet_start, sizeof rconf.quiet_start, "22:00");
    snprintf(rconf.quiet_end, sizeof rconf.quiet_end, "08:00");
    rconf.send_batch = 100;
    rconf.enabled = 1;
    snprintf(rconf.from, sizeof rconf.from, "10086");
    nsent = npend = fail_next = 0;
    open_all();
    return 0;
}

static int teardown(void **state)
{
    char p[200];
    static const char *const f[] = {"/kefu.db", "/kefu.db-wal", "/kefu.db-shm", "/catalog.jsonl"};
    (void)state;
    close_all();
    for (int i = 0; i < 4; i++) {
        snprintf(p, sizeof p, "%s%s", dir, f[i]);
        unlink(p);
    }
    rmdir(dir);
    return 0;
}

static void use(const char *number, int64_t kb, const char *id, int64_t ts, int64_t now)
{
    struct kf_usage_line u = {0};
    struct kf_rate_stats s = {0};
    snprintf(u.number, sizeof u.number, "%s", number);
    u.type = KF_USE_DATA;
    u.amount = kb;
    u.ts_ms = ts;
    snprintf(u.record_id, sizeof u.record_id, "%s", id);
    assert_int_equal(kf_selfcare_rate(sc, &u, 1, now, &s, NULL), 0);
}

static void thresholds_once(void **state)
{
    (void)state;
    assert_int_equal(kf_selfcare_create(sc, "13800138001", "张三", "P38", 100000, at(11, 1, 9, 0)), 0);
    /* 40 %: nothing; 55 %: the 50 % one */
    use("13800138001", 400 * 1024, "a", at(11, 3, 10, 0), at(11, 3, 10, 5));
    assert_int_equal(kf_remind_send_due(rm, at(11, 3, 10, 6)), 0);
    use("13800138001", 150 * 1024, "b", at(11, 3, 11, 0), at(11, 3, 11, 5));
    assert_int_equal(kf_remind_send_due(rm, at(11, 3, 11, 6)), 1);
    assert_non_null(strstr(sent_text[0], "已使用50%"));
    /* not handed over twice while its commit is pending */
    assert_int_equal(kf_remind_send_due(rm, at(11, 3, 11, 7)), 0);
    commit_sends();
    assert_int_equal(kf_remind_send_due(rm, at(11, 3, 11, 8)), 0);
    /* a jump from 55 % to 120 % sends only "used up" */
    use("13800138001", 650 * 1024, "c", at(11, 3, 12, 0), at(11, 3, 12, 5));
    assert_int_equal(kf_remind_send_due(rm, at(11, 3, 12, 6)), 1);
    assert_non_null(strstr(sent_text[1], "已用完"));
    commit_sends();
    /* the same file again, a scan, a restart: nothing more */
    use("13800138001", 650 * 1024, "c", at(11, 3, 12, 0), at(11, 3, 13, 0));
    char cursor[22] = "";
    while (kf_remind_scan(rm, at(11, 3, 13, 1), cursor, 10) > 0)
        ;
    close_all();
    open_all();
    cursor[0] = '\0';
    while (kf_remind_scan(rm, at(11, 3, 13, 2), cursor, 10) > 0)
        ;
    assert_int_equal(kf_remind_send_due(rm, at(11, 3, 13, 3)), 0);
    assert_int_equal(nsent, 2);
    struct kf_reminder list[8];
    int n = kf_store_reminder_list(st, "13800138001", list, 8);
    assert_int_equal(n, 3); /* 50 sent, 80 dropped (jumped over), 100 sent */
    for (int i = 0; i < n; i++)
        assert_int_equal(list[i].state, list[i].threshold == 80 ? KF_REM_DROPPED : KF_REM_SENT);
    assert_true(list[0].msg_id > 1000);
    /* December starts again */
    use("13800138001", 600 * 1024, "d", at(12, 2, 10, 0), at(12, 2, 10, 1));
    assert_int_equal(kf_remind_send_due(rm, at(12, 2, 10, 2)), 1);
    commit_sends();
}

static void quiet_hours(void **state)
{
    (void)state;
    assert_int_equal(kf_remind_next_allowed(rm, at(11, 3, 21, 59)), at(11, 3, 21, 59));
    assert_int_equal(kf_remind_next_allowed(rm, at(11, 3, 22, 0)), at(11, 4, 8, 0));
    assert_int_equal(kf_remind_next_allowed(rm, at(11, 4, 7, 59) + 30000), at(11, 4, 8, 0));
    assert_int_equal(kf_remind_next_allowed(rm, at(11, 4, 8, 0)), at(11, 4, 8, 0));
    assert_int_equal(kf_selfcare_create(sc, "13800138002", "李四", "P38", 10000, at(11, 1, 9, 0)), 0);
    /* usage rated at 23:30 creates the reminder due at 08:00 */
    use("13800138002", 900 * 1024, "n1", at(11, 5, 23, 0), at(11, 5, 23, 30));
    assert_int_equal(kf_remind_send_due(rm, at(11, 5, 23, 31)), 0);
    assert_int_equal(kf_remind_send_due(rm, at(11, 6, 7, 59)), 0);
    assert_int_equal(kf_remind_send_due(rm, at(11, 6, 8, 0)), 1);
    commit_sends();
    /* a failed hand-over is retried, not lost */
    use("13800138002", 200 * 1024, "n2", at(11, 6, 9, 0), at(11, 6, 9, 1));
    fail_next = 1;
    assert_int_equal(kf_remind_send_due(rm, at(11, 6, 9, 2)), 0);
    assert_int_equal(kf_remind_send_due(rm, at(11, 6, 9, 3)), 1);
    commit_sends();
    assert_int_equal(nsent, 2);
}

static void money_and_switches(void **state)
{
    (void)state;
    assert_int_equal(kf_selfcare_create(sc, "13800138003", "王五", "P38", 4000, at(11, 1, 9, 0)), 0);
    /* balance 40 - 38 = 2 yuan < 10: found by the scan */
    char cursor[22] = "";
    while (kf_remind_scan(rm, at(11, 2, 9, 0), cursor, 10) > 0)
        ;
    assert_int_equal(kf_remind_send_due(rm, at(11, 2, 9, 1)), 1);
    assert_non_null(strstr(sent_text[0], "余额提醒"));
    commit_sends();
    /* switched off data reminders: created nothing; the spend limit of 30 yuan fires */
    assert_int_equal(kf_selfcare_set_reminders(sc, "13800138003", KF_REMIND_SPEND, 3000, "sms",
                                               at(11, 2, 10, 0)), 0);
    use("13800138003", 950 * 1024, "m1", at(11, 2, 11, 0), at(11, 2, 11, 1));
    assert_int_equal(kf_remind_send_due(rm, at(11, 2, 11, 2)), 1);
    assert_non_null(strstr(sent_text[1], "消费提醒"));
    commit_sends();
    /* a due reminder whose kind was switched off before sending is dropped */
    assert_int_equal(kf_selfcare_create(sc, "13800138004", "赵六", "P38", 10000, at(11, 1, 9, 0)), 0);
    use("13800138004", 600 * 1024, "z1", at(11, 3, 23, 0), at(11, 3, 23, 1));
    assert_int_equal(kf_selfcare_set_reminders(sc, "13800138004", 0, 0, "web", at(11, 3, 23, 2)), 0);
    assert_int_equal(kf_remind_send_due(rm, at(11, 4, 9, 0)), 0);
    struct kf_reminder list[2];
    assert_int_equal(kf_store_reminder_list(st, "13800138004", list, 2), 1);
    assert_int_equal(list[0].state, KF_REM_DROPPED);
}

static void bad_conf(void **state)
{
    struct kf_remind_conf c = rconf;
    char *err = NULL;
    (void)state;
    snprintf(c.data_thresholds, sizeof c.data_thresholds, "80,50");
    assert_null(kf_remind_new(sc, st, &c, fake_send, NULL, &err));
    assert_non_null(strstr(err, "remind.data_thresholds"));
    free(err);
    c = rconf;
    snprintf(c.quiet_end, sizeof c.quiet_end, "25:00");
    assert_null(kf_remind_new(sc, st, &c, fake_send, NULL, &err));
    free(err);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(thresholds_once, setup, teardown),
        cmocka_unit_test_setup_teardown(quiet_hours, setup, teardown),
        cmocka_unit_test_setup_teardown(money_and_switches, setup, teardown),
        cmocka_unit_test_setup_teardown(bad_conf, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
