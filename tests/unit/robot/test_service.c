/* SPDX-License-Identifier: MIT
 * test_service.c -- the 10086 and 12580 robots as services, on a real
 * SQLite file with the shipped catalogue, robot files and directory and a
 * controlled clock: commands with real figures, the same questions in
 * words, a follow-up, 0000 then "1，3", an order with its confirmation and
 * one left to expire, a hand-over queued once per message, varied chit-
 * chat, the rate limit, the question log, a 12580 look-up and a booking
 * that never exceeds the slot's seats. */
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
#include "robot/robot.h"
#include "store/desk.h"
#include "store/subs.h"

#define TZ_MIN 480

static char dir[64], db[128], share[512];
static kf_store *st;
static kf_selfcare *sc;
static kf_robot *rb;
static int64_t now;
static int64_t msg = 1000;

static const char *sub = "13900000001";

static int setup(void **state)
{
    struct kf_store_conf sconf = {0, 4096, 5000, 0};
    struct kf_selfcare_conf conf = {.tz_offset_min = TZ_MIN, .confirm_window_ms = 600000,
                                    .chunk = 1000, .rate_cache = 4096};
    struct kf_robot_conf rc = {.dir = "robot", .directory = "info/directory.jsonl",
                               .context_ms = 600000, .max_contexts = 1000,
                               .min_score_pm = 100, .min_coverage_pm = 100, .rate_minute = 10, .rate_day = 300,
                               .reply_max = 201};
    const char *src = getenv("KF_SRC_DIR");
    char *err = NULL;

    (void)state;
    snprintf(share, sizeof share, "%s/data", src ? src : "..");
    snprintf(conf.catalog, sizeof conf.catalog, "tariff/catalog.jsonl");
    snprintf(dir, sizeof dir, "/tmp/kf-robot-XXXXXX");
    assert_non_null(mkdtemp(dir));
    snprintf(db, sizeof db, "%s/kefu.db", dir);
    st = kf_store_open(db, &sconf, &err);
    assert_non_null(st);
    sc = kf_selfcare_new(st, &conf, share, &err);
    if (sc == NULL)
        fail_msg("%s", err);
    rb = kf_robot_new(st, sc, &rc, share, &err);
    if (rb == NULL)
        fail_msg("%s", err);
    now = kf_civil_to_ms(2026, 12, 7, TZ_MIN * 60) + 10 * 3600000LL; /* Mon 10:00 */
    assert_int_equal(
        kf_selfcare_create(sc, sub, "测试", "P5G-ZX128", 100000, now - 40 * 86400000LL), 0);
    for (int i = 0; i < 3; i++) {
        static const char *const items[] = {"V-CL", "V-TQ", "A-LL-BY20"};
        struct kf_op_req r = {.number = sub, .kind = KF_OP_ORDER, .item_id = items[i],
                              .channel = "system", .actor = "test", .now_ms = now - 86400000LL};
        struct kf_op_result out;
        assert_int_equal(kf_selfcare_do(sc, &r, &out), 0);
    }
    assert_int_equal(kf_store_sub_set_balance(st, sub, 8650, now), 0);
    return 0;
}

static int teardown(void **state)
{
    static const char *const files[] = {"kefu.db", "kefu.db-wal", "kefu.db-shm"};
    char p[192];
    (void)state;
    kf_robot_free(rb);
    kf_selfcare_free(sc);
    kf_store_close(st);
    for (size_t i = 0; i < KF_ARRAY_LEN(files); i++) {
        snprintf(p, sizeof p, "%s/%s", dir, files[i]);
        unlink(p);
    }
    return rmdir(dir);
}

/* Sends text to 10086 a few seconds after the previous message. */
static const char *ask(const char *text)
{
    static char reply[1024];
    now += 7000;
    assert_int_equal(kf_robot_10086(rb, sub, text, ++msg, now, reply, sizeof reply), 1);
    return reply;
}

static void has(const char *reply, const char *want)
{
    if (strstr(reply, want) == NULL)
        fail_msg("reply \"%s\" lacks \"%s\"", reply, want);
}

static void test_commands(void **state)
{
    (void)state;
    has(ask("YE"), "【余额查询】");
    has(ask("ye"), "86.5元");
    has(ask("ＣＸＹＥ"), "86.5元");
    has(ask("CXLL"), "【流量查询】");
    has(ask("CXTC"), "5G智享套餐128元");
    has(ask("CXZD"), "【话费账单】");
    has(ask("JF"), "【积分查询】");
    has(ask("帮助"), "【使用帮助】");
    has(ask("KTLLTX"), "【提醒设置】");
    has(ask("TJTC"), "【套餐推荐】");
}

static void test_words_and_follow_up(void **state)
{
    (void)state;
    has(ask("我还剩多少话费"), "86.5元");
    has(ask("那流量呢？"), "【流量查询】");
    has(ask("我现在用的什么套餐"), "【套餐查询】");
    has(ask("手机丢了怎么办"), "挂失");
}

static void test_0000_cancel(void **state)
{
    const char *r;
    struct kf_account_view v;
    int active = 0;

    (void)state;
    r = ask("0000");
    has(r, "1.彩铃");
    has(r, "2.天气预报");
    has(r, "3.流量包月20元5GB");
    has(ask("4"), "不在列表中");
    r = ask("1，3");
    has(r, "彩铃：已退订");
    has(r, "流量包月20元5GB：已退订");
    assert_int_equal(kf_selfcare_view(sc, sub, now, &v), 0);
    for (int i = 0; i < v.nitems; i++)
        active += v.items[i].state == KF_SITEM_ACTIVE && v.items[i].end_ms == 0;
    assert_int_equal(active, 1); /* 天气预报 stays; the other two end with the cycle */
    /* the list was used: a lone "2" is now just a message */
    r = ask("2");
    assert_null(strstr(r, "已退订"));
}

static void test_order_confirm_and_expire(void **state)
{
    struct kf_account_view v;
    int64_t before;

    (void)state;
    assert_int_equal(kf_selfcare_view(sc, sub, now, &v), 0);
    before = v.sub.balance_fen;
    has(ask("KTLLB10"), "是");
    has(ask("是"), "成功");
    assert_int_equal(kf_selfcare_view(sc, sub, now, &v), 0);
    assert_int_equal(v.sub.balance_fen, before - 1000);
    /* in words: the item is found by name and asked back */
    has(ask("帮我开通来电提醒"), "来电提醒");
    now += 11 * 60000; /* the confirmation window passes */
    ask("是");
    assert_int_equal(kf_selfcare_view(sc, sub, now, &v), 0);
    for (int i = 0; i < v.nitems; i++)
        assert_string_not_equal(v.items[i].item_id, "V-LDTX");
}

static void test_handover(void **state)
{
    struct kf_handover h[4];
    char reply[1024];
    int n;

    (void)state;
    n = kf_store_handover_list(st, KF_HO_OPEN, 0, h, 4);
    ask("宽带怎么办理");
    has(ask("转人工"), "人工客服");
    assert_int_equal(kf_store_handover_list(st, KF_HO_OPEN, 0, h, 4), ++n);
    has(h[0].question, "转人工");
    has(h[0].question, "宽带"); /* the open question travels with it */
    assert_string_equal(h[0].reason, "asked");
    /* the same message handled again (a crash before its reply) adds nothing */
    now += 1000;
    assert_int_equal(kf_robot_10086(rb, sub, "转人工", msg, now, reply, sizeof reply), 1);
    assert_int_equal(kf_store_handover_list(st, KF_HO_OPEN, 0, h, 4), n);
    /* a question about something else entirely goes to a person too */
    has(ask("薛定谔方程的哈密顿算符本征值"), "人工客服"); /* nothing the robot knows */
    assert_int_equal(kf_store_handover_list(st, KF_HO_OPEN, 0, h, 4), n + 1);
    assert_string_equal(h[0].reason, "low_confidence");
}

static void test_chitchat_varies(void **state)
{
    char first[1024];
    (void)state;
    snprintf(first, sizeof first, "%s", ask("我爱你"));
    for (int i = 0; i < 3; i++) {
        const char *r = ask("我爱你");
        assert_string_not_equal(r, first);
        snprintf(first, sizeof first, "%s", r);
    }
}

static void test_rate_limit_and_log(void **state)
{
    char reply[1024];
    const char *other = "13900000002";
    struct kf_robot_log rows[50];
    int answered = 0, silent = 0, n;

    (void)state;
    for (int i = 0; i < 14; i++) {
        int rc = kf_robot_10086(rb, other, "查一下话费", ++msg, now + i, reply, sizeof reply);
        answered += rc == 1 && strstr(reply, "频繁") == NULL;
        silent += rc == 0;
    }
    assert_int_equal(answered, 10);
    assert_int_equal(silent, 3); /* one notice, then nothing */
    kf_robot_flush(rb);
    n = kf_store_robot_log_list(st, -1, 0, rows, 50);
    assert_true(n >= 10);
    kf_robot_flush(rb); /* nothing twice */
    assert_int_equal(kf_store_robot_log_list(st, -1, 0, rows, 50), n);
}

static void test_fit(void **state)
{
    char s[1024];
    size_t chars = 0;
    (void)state;
    for (int i = 0; i < 250; i++)
        memcpy(s + 3 * i, "话", 3);
    s[750] = '\0';
    kf_robot_fit(s, 201);
    for (size_t i = 0; s[i]; i++)
        chars += ((unsigned char)s[i] & 0xC0) != 0x80;
    assert_int_equal(chars, 201);
    assert_non_null(strstr(s, "…"));
    snprintf(s, sizeof s, "short");
    kf_robot_fit(s, 201);
    assert_string_equal(s, "short");
}

static const char *ask12580(const char *text)
{
    static char reply[1024];
    now += 7000;
    assert_int_equal(kf_robot_12580(rb, sub, text, ++msg, now, reply, sizeof reply), 1);
    return reply;
}

static void test_12580(void **state)
{
    const char *r;
    struct kf_booking b[4];
    char key[48];
    int n;

    (void)state;
    has(ask12580("酒店 长沙"), "【12580】");
    has(ask12580("长沙 湘菜"), "【12580】");
    r = ask12580("湘江医学院附属第一医院 心内科");
    has(r, "1.");
    has(ask12580("1"), "确认请在10分钟内回复“是”");
    r = ask12580("是");
    has(r, "预约成功");
    n = kf_store_booking_list(st, sub, b, 4);
    assert_int_equal(n, 1);
    snprintf(key, sizeof key, "%s", b[0].slot_key);
    /* the confirming message handled again books nothing more */
    assert_int_equal(kf_store_booking_count(st, key), 1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_commands),
        cmocka_unit_test(test_words_and_follow_up),
        cmocka_unit_test(test_0000_cancel),
        cmocka_unit_test(test_order_confirm_and_expire),
        cmocka_unit_test(test_handover),
        cmocka_unit_test(test_chitchat_varies),
        cmocka_unit_test(test_rate_limit_and_log),
        cmocka_unit_test(test_fit),
        cmocka_unit_test(test_12580),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
