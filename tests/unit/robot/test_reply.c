/* SPDX-License-Identifier: MIT
 * test_reply.c -- the robot's account answers carry the tag and the real
 * figures of the account view; 0000 numbers only the monthly items held
 * and active, and remembers which number is which. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "robot/robot.h"

#define TZ (8 * 3600)
#define OVER "\"overage\":{\"voice\":0.19,\"sms\":0.1,\"data\":{\"price\":0.29,\"cap\":60,\"block\":1024}}"

static const char cat_text[] =
    "{\"id\":\"P128\",\"kind\":\"plan\",\"name\":\"5G智享套餐128元\",\"family\":\"5g\",\"fee\":128,"
    "\"include\":{\"voice\":500,\"data\":30720}," OVER "}\n"
    "{\"id\":\"CL\",\"kind\":\"vas\",\"name\":\"彩铃\",\"fee\":5}\n"
    "{\"id\":\"TQ\",\"kind\":\"vas\",\"name\":\"天气预报\",\"fee\":3}\n"
    "{\"id\":\"LL10\",\"kind\":\"addon\",\"name\":\"流量加油包\",\"fee\":10,\"include\":{\"data\":1024}}\n";

static void view(kf_catalog *c, struct kf_account_view *v)
{
    memset(v, 0, sizeof *v);
    snprintf(v->sub.number, sizeof v->sub.number, "13800138001");
    v->sub.balance_fen = 8650;
    v->sub.points = 1234;
    v->plan = kf_catalog_get(c, "P128");
    v->incl[KF_USE_DATA] = 30720LL * 1024;
    v->cycle.used[KF_USE_DATA] = 9LL * 1024 * 1024 + 512 * 1024;
    v->cycle.fees_fen = 12800;
    v->cycle.overage_fen = 95;
    v->spend_fen = 12895;
    static const char *const held[] = {"CL", "LL10", "TQ"};
    for (int i = 0; i < 3; i++) {
        snprintf(v->items[i].item_id, sizeof v->items[i].item_id, "%s", held[i]);
        v->items[i].state = KF_SITEM_ACTIVE;
    }
    v->nitems = 3;
}

static void answers(void **state)
{
    char *err = NULL, out[600], ids[8][24];
    kf_catalog *c = kf_catalog_parse(cat_text, strlen(cat_text), "t", TZ, &err);
    struct kf_account_view v;
    int64_t now = kf_civil_to_ms(2026, 11, 25, TZ) + 10 * 3600000;
    (void)state;
    assert_non_null(c);
    view(c, &v);
    kf_robot_reply_balance(&v, now, TZ, out, sizeof out);
    assert_string_equal(out, "【余额查询】尊敬的客户，截至11月25日10时，您的账户可用余额为86.5元。");
    v.sub.balance_fen = -320;
    kf_robot_reply_balance(&v, now, TZ, out, sizeof out);
    assert_non_null(strstr(out, "您已欠费3.2元"));
    kf_robot_reply_data(&v, now, TZ, out, sizeof out);
    assert_non_null(strstr(out, "共30.00GB，已使用9.50GB，剩余20.50GB"));
    kf_robot_reply_plan(&v, out, sizeof out);
    assert_non_null(strstr(out, "5G智享套餐128元，月费128元，含国内通用流量30.00GB、国内主叫500分钟"));
    kf_robot_reply_bill(&v, now, TZ, out, sizeof out);
    assert_non_null(strstr(out, "已消费128.95元，其中套餐及业务月费128元，套餐外费用0.95元"));
    kf_robot_reply_points(&v, out, sizeof out);
    assert_non_null(strstr(out, "1234分"));
    /* 0000: the monthly VAS only (the one-off pack is not listed) */
    assert_int_equal(kf_robot_reply_vas(c, &v, out, sizeof out, ids, 8), 2);
    assert_non_null(strstr(out, "1.彩铃（5元/月）；2.天气预报（3元/月）"));
    assert_string_equal(ids[1], "TQ");
    v.nitems = 0;
    assert_int_equal(kf_robot_reply_vas(c, &v, out, sizeof out, ids, 8), 0);
    assert_non_null(strstr(out, "没有订购包月业务"));
    kf_robot_reply_help(out, sizeof out);
    assert_non_null(strstr(out, "0000"));
    kf_catalog_free(c);
}

int main(void)
{
    const struct CMUnitTest tests[] = {cmocka_unit_test(answers)};
    return cmocka_run_group_tests(tests, NULL, NULL);
}
