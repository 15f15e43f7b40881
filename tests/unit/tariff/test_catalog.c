/* SPDX-License-Identifier: MIT
 * test_catalog.c -- the catalogue loader (every error with line, item and
 * field; refs checked across the file), look-ups, the order rules
 * (windows, eligibility, groups, exclusions both ways), the recommendation
 * on constructed usage histories, and the shipped demo catalogue. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "tariff/tariff.h"

#define TZ (8 * 3600)
#define OVER "\"overage\":{\"voice\":0.19,\"sms\":0.1,\"data\":{\"price\":0.29,\"cap\":60,\"block\":1024}}"

static const char good[] =
    "# a small shop\n"
    "\n"
    "{\"id\":\"P58\",\"kind\":\"plan\",\"name\":\"畅享58\",\"family\":\"5g\",\"fee\":58,"
    "\"include\":{\"voice\":100,\"data\":10240}," OVER "}\n"
    "{\"id\":\"P128\",\"kind\":\"plan\",\"name\":\"智享128\",\"family\":\"5g\",\"fee\":128,"
    "\"include\":{\"voice\":500,\"data\":30720}," OVER ",\"first_month\":\"prorate\"}\n"
    "{\"id\":\"P38\",\"kind\":\"plan\",\"name\":\"4G 38\",\"family\":\"4g\",\"fee\":38,"
    "\"include\":{\"voice\":300,\"data\":2048}," OVER "}\n"
    "{\"id\":\"PCARD\",\"kind\":\"plan\",\"name\":\"上网卡\",\"family\":\"datacard\",\"fee\":20,"
    "\"include\":{\"data\":10240}," OVER "}\n"
    "{\"id\":\"POLD\",\"kind\":\"plan\",\"name\":\"旧\",\"family\":\"4g\",\"fee\":8,"
    "\"orderable\":false," OVER "}\n"
    "{\"id\":\"LL10\",\"kind\":\"addon\",\"name\":\"加油包\",\"code\":\"llb10\",\"fee\":10,"
    "\"include\":{\"data\":1024}}\n"
    "{\"id\":\"YJ\",\"kind\":\"addon\",\"name\":\"夜间包\",\"code\":\"YJ\",\"fee\":5,"
    "\"validity\":\"monthly\",\"group\":\"night\",\"excludes\":[\"CL\"]}\n"
    "{\"id\":\"YJ2\",\"kind\":\"addon\",\"name\":\"夜间包2\",\"fee\":8,\"validity\":\"monthly\","
    "\"group\":\"night\"}\n"
    "{\"id\":\"CL\",\"kind\":\"vas\",\"name\":\"彩铃\",\"code\":\"CL\",\"fee\":5}\n"
    "{\"id\":\"NEW\",\"kind\":\"promo\",\"name\":\"新人\",\"fee\":0,\"discount_pct\":50,"
    "\"validity\":{\"cycles\":1},\"valid_from\":\"2026-01-01\",\"valid_to\":\"2026-12-31\","
    "\"eligible\":{\"families\":[\"5g\"],\"new_within_days\":30}}\n"
    "{\"id\":\"OLDIE\",\"kind\":\"promo\",\"name\":\"老友\",\"fee\":0,\"include\":{\"data\":5120},"
    "\"validity\":{\"cycles\":6},\"eligible\":{\"plans\":[\"P58\",\"P128\"],"
    "\"min_tenure_months\":12},\"excludes\":[\"NEW\"]}\n";

static kf_catalog *load_good(void)
{
    char *err = NULL;
    kf_catalog *c = kf_catalog_parse(good, strlen(good), "good.jsonl", TZ, &err);
    if (c == NULL)
        fail_msg("%s", err);
    return c;
}

static void test_lookups(void **state)
{
    kf_catalog *c = load_good();
    (void)state;
    assert_int_equal(kf_catalog_count(c), 11);
    assert_string_equal(kf_catalog_at(c, 0)->id, "CL"); /* sorted by id */
    const struct kf_item *p = kf_catalog_get(c, "P128");
    assert_non_null(p);
    assert_int_equal(p->fee_fen, 12800);
    assert_int_equal(p->incl[KF_USE_DATA], 30720 * 1024);
    assert_int_equal(p->over[KF_USE_DATA].unit, 1024);
    assert_int_equal(p->over[KF_USE_DATA].cap_fen, 6000);
    assert_int_equal(p->over[KF_USE_DATA].block, 1024 * 1024);
    assert_int_equal(p->first_month, KF_FIRST_PRORATE);
    assert_int_equal(p->line, 4);
    assert_null(kf_catalog_get(c, "P129"));
    assert_ptr_equal(kf_catalog_by_code(c, "LLB10"), kf_catalog_get(c, "LL10"));
    assert_ptr_equal(kf_catalog_by_code(c, "cl"), kf_catalog_get(c, "CL"));
    assert_null(kf_catalog_by_code(c, ""));
    assert_int_equal(kf_catalog_get(c, "LL10")->validity, KF_VALID_CYCLE);
    assert_int_equal(kf_catalog_get(c, "CL")->validity, KF_VALID_MONTHLY);
    assert_int_equal(kf_catalog_get(c, "OLDIE")->cycles, 6);
    /* POLD is withdrawn; NEW is on sale in 2026 only */
    assert_int_equal(kf_catalog_count_orderable(c, kf_civil_to_ms(2026, 6, 1, TZ)), 10);
    assert_int_equal(kf_catalog_count_orderable(c, kf_civil_to_ms(2027, 1, 1, TZ)), 9);
    assert_int_equal(kf_catalog_count_orderable(c, kf_civil_to_ms(2027, 1, 1, TZ) - 1), 10);
    kf_catalog_free(c);
}

static void expect_error(const char *text, const char *want)
{
    char *err = NULL;
    kf_catalog *c = kf_catalog_parse(text, strlen(text), "t.jsonl", TZ, &err);
    assert_null(c);
    assert_non_null(err);
    if (strstr(err, want) == NULL)
        fail_msg("wanted \"%s\" in:\n%s", want, err);
    free(err);
}

static void test_errors(void **state)
{
    (void)state;
    expect_error("", "t.jsonl:0: item ?: file: no items");
    expect_error("{\"id\":\"A\",\"kind\":\"addon\",\"name\":\"x\",\"fee\":1}\nnot json\n",
                 "t.jsonl:2: item ?: JSON:");
    expect_error("[1]\n", "t.jsonl:1: item ?: JSON: each line must be one object");
    expect_error("{\"id\":\"A\",\"kind\":\"addon\",\"name\":\"x\",\"fee\":1.005}",
                 "t.jsonl:1: item A: fee: more than two decimals");
    expect_error("{\"id\":\"A\",\"kind\":\"addon\",\"name\":\"x\",\"fee\":-1}",
                 "item A: fee: must be between 0 and");
    expect_error("{\"id\":\"A\",\"kind\":\"addon\",\"name\":\"x\"}", "item A: fee: missing");
    expect_error("{\"id\":\"A\",\"kind\":\"addon\",\"name\":\"x\",\"fee\":1,\"fe\":2}",
                 "item A: fe: unknown field");
    expect_error("{\"id\":\"A\",\"kind\":\"plan\",\"name\":\"x\",\"family\":\"6g\",\"fee\":1}",
                 "item A: family: \"6g\" is not a family");
    expect_error("{\"id\":\"A\",\"kind\":\"plan\",\"name\":\"x\",\"family\":\"5g\",\"fee\":1}",
                 "item A: overage: missing");
    expect_error("{\"id\":\"A\",\"kind\":\"addon\",\"name\":\"x\",\"fee\":1," OVER "}",
                 "item A: overage: only plans have overage prices");
    expect_error("{\"id\":\"A\",\"kind\":\"plan\",\"name\":\"x\",\"family\":\"5g\",\"fee\":1,"
                 "\"overage\":{\"voice\":0.19,\"sms\":0.1,\"data\":{\"price\":0.29,\"block\":1}}}",
                 "item A: overage.block: a block needs a cap");
    expect_error("{\"id\":\"A\",\"kind\":\"promo\",\"name\":\"x\",\"fee\":0}",
                 "item A: validity: missing");
    expect_error("{\"id\":\"A\",\"kind\":\"addon\",\"name\":\"x\",\"fee\":1,\"valid_from\":"
                 "\"2026-02-29\"}",
                 "item A: valid_from: \"2026-02-29\" is not a date");
    expect_error("{\"id\":\"A\",\"kind\":\"addon\",\"name\":\"x\",\"fee\":1,\"valid_from\":"
                 "\"2026-03-01\",\"valid_to\":\"2026-02-01\"}",
                 "item A: valid_to: before valid_from");
    expect_error("{\"id\":\"A\",\"kind\":\"addon\",\"name\":\"x\",\"fee\":1,\"excludes\":[\"B\"]}",
                 "t.jsonl:1: item A: excludes: \"B\" is not in the catalogue");
    expect_error("{\"id\":\"A\",\"kind\":\"addon\",\"name\":\"x\",\"fee\":1,\"excludes\":"
                 "[\"group:zz\"]}",
                 "excludes: \"group:zz\" is not in the catalogue");
    expect_error("{\"id\":\"A\",\"kind\":\"addon\",\"name\":\"x\",\"fee\":1}\n"
                 "{\"id\":\"A\",\"kind\":\"addon\",\"name\":\"y\",\"fee\":1}",
                 "t.jsonl:2: item A: id: also used on line 1");
    expect_error("{\"id\":\"A\",\"kind\":\"addon\",\"name\":\"x\",\"fee\":1,\"code\":\"K\"}\n"
                 "{\"id\":\"B\",\"kind\":\"addon\",\"name\":\"y\",\"fee\":1,\"code\":\"k\"}",
                 "code: \"k\" is also the code of A");
    expect_error("{\"id\":\"A\",\"kind\":\"addon\",\"name\":\"x\",\"fee\":1,\"eligible\":"
                 "{\"plans\":[\"A\"]}}",
                 "eligible.plans: \"A\" is not a plan");
    expect_error("{\"id\":\"A B\",\"kind\":\"addon\",\"name\":\"x\",\"fee\":1}",
                 "id: use letters, digits");
    expect_error("{\"id\":\"A\",\"id\":\"B\",\"kind\":\"addon\",\"name\":\"x\",\"fee\":1}",
                 "JSON: duplicate object key");
    /* every error is reported, not just the first */
    char *err = NULL;
    const char *two = "{\"id\":\"A\",\"kind\":\"addon\",\"name\":\"x\",\"fee\":1,\"q\":1}\n"
                      "{\"id\":\"B\",\"kind\":\"addon\",\"name\":\"x\",\"fee\":1,\"r\":1}\n";
    assert_null(kf_catalog_parse(two, strlen(two), "t.jsonl", TZ, &err));
    assert_non_null(strstr(err, "t.jsonl:1: item A: q: unknown field"));
    assert_non_null(strstr(err, "t.jsonl:2: item B: r: unknown field"));
    free(err);
}

static void test_order_rules(void **state)
{
    kf_catalog *c = load_good();
    int64_t now = kf_civil_to_ms(2026, 11, 25, TZ);
    const char *held[4];
    struct kf_sub_profile p = {"P58", "5g", now - 10LL * 86400000, held, 0};
    const struct kf_item *conflict;
    (void)state;

    assert_int_equal(kf_item_check_order(c, kf_catalog_get(c, "LL10"), &p, now, NULL),
                     KF_ORDER_OK);
    assert_int_equal(kf_item_check_order(c, kf_catalog_get(c, "P58"), &p, now, NULL),
                     KF_ORDER_HELD);
    assert_int_equal(kf_item_check_order(c, kf_catalog_get(c, "POLD"), &p, now, NULL),
                     KF_ORDER_NOT_ORDERABLE);
    /* new subscriber of the 5G family: the newcomer promotion, not the loyalty one */
    assert_int_equal(kf_item_check_order(c, kf_catalog_get(c, "NEW"), &p, now, NULL),
                     KF_ORDER_OK);
    assert_int_equal(kf_item_check_order(c, kf_catalog_get(c, "OLDIE"), &p, now, NULL),
                     KF_ORDER_NOT_ELIGIBLE);
    assert_int_equal(kf_item_check_order(c, kf_catalog_get(c, "NEW"), &p,
                                         kf_civil_to_ms(2027, 1, 2, TZ), NULL),
                     KF_ORDER_EXPIRED);
    p.joined_ms = kf_civil_to_ms(2025, 11, 25, TZ); /* exactly 12 months */
    assert_int_equal(kf_item_check_order(c, kf_catalog_get(c, "OLDIE"), &p, now, NULL),
                     KF_ORDER_OK);
    assert_int_equal(kf_item_check_order(c, kf_catalog_get(c, "OLDIE"), &p, now - 86400000, NULL),
                     KF_ORDER_NOT_ELIGIBLE);
    assert_int_equal(kf_item_check_order(c, kf_catalog_get(c, "NEW"), &p, now, NULL),
                     KF_ORDER_NOT_ELIGIBLE);
    p.family = "4g";
    p.plan_id = "P38";
    assert_int_equal(kf_item_check_order(c, kf_catalog_get(c, "OLDIE"), &p, now, NULL),
                     KF_ORDER_NOT_ELIGIBLE);
    /* one per exclusive group; exclusions hold both ways */
    held[0] = "YJ";
    p.nheld = 1;
    assert_int_equal(kf_item_check_order(c, kf_catalog_get(c, "YJ2"), &p, now, &conflict),
                     KF_ORDER_EXCLUDED);
    assert_string_equal(conflict->id, "YJ");
    assert_int_equal(kf_item_check_order(c, kf_catalog_get(c, "CL"), &p, now, &conflict),
                     KF_ORDER_EXCLUDED);
    assert_string_equal(conflict->id, "YJ");
    assert_int_equal(kf_item_check_order(c, kf_catalog_get(c, "YJ"), &p, now, NULL),
                     KF_ORDER_HELD);
    held[0] = "CL";
    assert_int_equal(kf_item_check_order(c, kf_catalog_get(c, "YJ"), &p, now, NULL),
                     KF_ORDER_EXCLUDED);
    assert_int_equal(kf_item_check_order(c, kf_catalog_get(c, "YJ2"), &p, now, NULL),
                     KF_ORDER_OK);
    /* a new plan is never blocked by the plan it replaces */
    assert_int_equal(kf_item_check_order(c, kf_catalog_get(c, "P128"), &p, now, NULL),
                     KF_ORDER_OK);
    kf_catalog_free(c);
}

static void usage(struct kf_usage *u, int64_t voice, int64_t sms, int64_t data_mb)
{
    u->amount[KF_USE_VOICE] = voice;
    u->amount[KF_USE_SMS] = sms;
    u->amount[KF_USE_DATA] = data_mb * 1024;
}

static void test_recommend(void **state)
{
    kf_catalog *c = load_good();
    int64_t now = kf_civil_to_ms(2026, 11, 25, TZ);
    struct kf_sub_profile p = {"P128", "5g", kf_civil_to_ms(2020, 1, 1, TZ), NULL, 0};
    struct kf_usage u[3];
    struct kf_rec r[5];
    int n;
    (void)state;

    /* light use on a 128 plan: the 38 (4G) plan covers it -> saves 90 a month */
    usage(&u[0], 80, 0, 1500);
    usage(&u[1], 120, 0, 1800);
    usage(&u[2], 60, 0, 1000);
    n = kf_recommend(c, &p, u, 3, now, r, 5);
    assert_int_equal(n, 3); /* P38, P58, P128; not the data card, not withdrawn POLD */
    assert_string_equal(r[0].plan->id, "P38");
    assert_int_equal(r[0].mean_fen, 3800);
    assert_int_equal(r[0].saving_fen, 12800 - 3800);
    assert_true(r[0].covers);
    assert_non_null(strstr(r[0].reason, "每月预计可省90元"));
    /* heavy data in one month: P38 pays overage (6 GB over -> 6 x 60 = 360) */
    usage(&u[1], 90, 0, 8 * 1024);
    n = kf_recommend(c, &p, u, 3, now, r, 5);
    assert_string_equal(r[0].plan->id, "P58");
    assert_int_equal(r[0].mean_fen, 5800);
    assert_string_equal(r[1].plan->id, "P128");
    assert_int_equal(r[1].saving_fen, 0);
    assert_non_null(strstr(r[1].reason, "已是较省的选择"));
    /* a data card is only offered data-card plans */
    p.plan_id = "PCARD";
    p.family = "datacard";
    n = kf_recommend(c, &p, u, 1, now, r, 5);
    assert_int_equal(n, 1);
    assert_string_equal(r[0].plan->id, "PCARD");
    assert_int_equal(kf_recommend(c, &p, u, 0, now, r, 5), 0);
    kf_catalog_free(c);
}

/* The shipped demo catalogue loads, is large enough and behaves. */
static void test_demo_catalog(void **state)
{
    char path[512], *err = NULL;
    const char *src = getenv("KF_SRC_DIR");
    kf_catalog *c;
    (void)state;
    snprintf(path, sizeof path, "%s/data/tariff/catalog.jsonl", src ? src : ".");
    c = kf_catalog_load(path, TZ, &err);
    if (c == NULL)
        fail_msg("%s", err);
    assert_true(kf_catalog_count_orderable(c, kf_civil_to_ms(2026, 11, 25, TZ)) >= 600);
    const struct kf_item *p = kf_catalog_get(c, "P5G-ZX128");
    assert_non_null(p);
    assert_int_equal(p->fee_fen, 12800);
    assert_non_null(kf_catalog_by_code(c, "LLB10"));
    kf_catalog_free(c);
    assert_null(kf_catalog_load("/nonexistent/catalog.jsonl", TZ, &err));
    assert_non_null(strstr(err, "/nonexistent/catalog.jsonl: cannot open"));
    free(err);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_lookups),     cmocka_unit_test(test_errors),
        cmocka_unit_test(test_order_rules), cmocka_unit_test(test_recommend),
        cmocka_unit_test(test_demo_catalog),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
