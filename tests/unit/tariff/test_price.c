/* SPDX-License-Identifier: MIT
 * test_price.c -- tariff arithmetic: civil dates and cycles in UTC+8,
 * overage with caps and blocks (the ¥0.29/MB to ¥60 per GB rule), the
 * per-record delta summing to the cycle's cost whatever the record order,
 * first-month proration, and the recommendation on constructed histories. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "tariff/tariff.h"

#define TZ (8 * 3600)

static void test_civil(void **state)
{
    struct kf_civil c;
    (void)state;
    /* 2026-11-30T16:30:00Z is 2026-12-01 00:30 in Beijing */
    int64_t ms = 1796056200000LL;
    kf_civil_from_ms(ms, TZ, &c);
    assert_int_equal(c.year, 2026);
    assert_int_equal(c.month, 12);
    assert_int_equal(c.day, 1);
    assert_int_equal(c.hour, 0);
    assert_int_equal(c.minute, 30);
    assert_int_equal(c.wday, 2); /* a Tuesday */
    assert_int_equal(kf_cycle_of(ms, TZ), 202612);
    assert_int_equal(kf_cycle_of(ms, 0), 202611);
    assert_true(kf_civil_to_ms(2026, 12, 1, TZ) == ms - 30 * 60000);
    assert_true(kf_cycle_start_ms(202612, TZ) == ms - 30 * 60000);
    assert_true(kf_civil_to_ms(2026, 13, 1, TZ) == kf_cycle_start_ms(202701, TZ));
    assert_int_equal(kf_cycle_next(202612), 202701);
    assert_int_equal(kf_cycle_prev(202701), 202612);
    assert_int_equal(kf_cycle_days(202602), 28);
    assert_int_equal(kf_cycle_days(202802), 29);
    assert_int_equal(kf_cycle_days(210002), 28);
    assert_int_equal(kf_cycle_days(200002), 29);
    kf_civil_from_ms(0, 0, &c);
    assert_int_equal(c.year * 10000 + c.month * 100 + c.day, 19700101);
    assert_int_equal(c.wday, 4);
    kf_civil_from_ms(-1, 0, &c); /* floor, not truncation */
    assert_int_equal(c.year * 10000 + c.month * 100 + c.day, 19691231);
    assert_int_equal(c.hour * 3600 + c.minute * 60 + c.second, 86399);
}

static const struct kf_overage data_std = {29, 1024, 6000, 1024 * 1024};

static void test_overage(void **state)
{
    struct kf_overage voice = {19, 1, 0, 0};
    (void)state;
    assert_int_equal(kf_overage_cost(&voice, 0), 0);
    assert_int_equal(kf_overage_cost(&voice, -5), 0);
    assert_int_equal(kf_overage_cost(&voice, 10), 190);
    /* started MB: 1 KB costs a whole MB */
    assert_int_equal(kf_overage_cost(&data_std, 1), 29);
    assert_int_equal(kf_overage_cost(&data_std, 1024), 29);
    assert_int_equal(kf_overage_cost(&data_std, 1025), 58);
    /* 206 MB reach the cap (206 x 0.29 = 59.74, 207 x 0.29 = 60.03 -> 60) */
    assert_int_equal(kf_overage_cost(&data_std, 206 * 1024), 5974);
    assert_int_equal(kf_overage_cost(&data_std, 207 * 1024), 6000);
    /* then free to 1 GB */
    assert_int_equal(kf_overage_cost(&data_std, 1024 * 1024), 6000);
    /* then it starts again */
    assert_int_equal(kf_overage_cost(&data_std, 1024 * 1024 + 1), 6029);
    assert_int_equal(kf_overage_cost(&data_std, 3 * 1024 * 1024 + 10 * 1024), 18290);
    /* a cap without blocks caps the whole cycle */
    struct kf_overage capped = {10, 1, 500, 0};
    assert_int_equal(kf_overage_cost(&capped, 10000), 500);
}

static uint32_t rnd(uint32_t *s)
{
    *s = *s * 1103515245u + 12345u;
    return *s >> 8;
}

/* Records rated one by one add up to the cost of the total, in any order. */
static void test_delta_sums(void **state)
{
    int64_t amounts[300], incl = 2 * 1024 * 1024;
    uint32_t seed = 7;
    (void)state;
    for (int round = 0; round < 20; round++) {
        int64_t used = 0, charged = 0;
        for (int i = 0; i < 300; i++)
            amounts[i] = rnd(&seed) % 40000;
        for (int i = 299; i > 0; i--) { /* shuffle */
            int j = (int)(rnd(&seed) % (uint32_t)(i + 1));
            int64_t t = amounts[i];
            amounts[i] = amounts[j];
            amounts[j] = t;
        }
        for (int i = 0; i < 300; i++) {
            int64_t d = kf_rate_delta(&data_std, incl, used, amounts[i]);
            assert_true(d >= 0);
            charged += d;
            used += amounts[i];
        }
        assert_int_equal(charged, kf_overage_cost(&data_std, used - incl));
    }
}

static void test_proration(void **state)
{
    struct kf_item it;
    (void)state;
    memset(&it, 0, sizeof it);
    it.fee_fen = 12800;
    it.first_month = KF_FIRST_PRORATE;
    /* taken on 16 November (30 days): 15 days left -> half */
    assert_int_equal(kf_item_first_fee(&it, kf_civil_to_ms(2026, 11, 16, TZ) + 3600000, TZ),
                     6400);
    /* on the 1st: everything; on the last day: 1/30, rounded to the fen */
    assert_int_equal(kf_item_first_fee(&it, kf_civil_to_ms(2026, 11, 1, TZ), TZ), 12800);
    assert_int_equal(kf_item_first_fee(&it, kf_civil_to_ms(2026, 11, 30, TZ), TZ), 427);
    /* the day is the local one: 23:59 on 15 Nov UTC is 16 Nov in Beijing */
    assert_int_equal(kf_item_first_fee(&it, kf_civil_to_ms(2026, 11, 16, 0) - 60000, TZ), 6400);
    it.first_month = KF_FIRST_FREE;
    assert_int_equal(kf_item_first_fee(&it, kf_civil_to_ms(2026, 11, 16, TZ), TZ), 0);
    it.first_month = KF_FIRST_FULL;
    assert_int_equal(kf_item_first_fee(&it, kf_civil_to_ms(2026, 11, 16, TZ), TZ), 12800);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_civil),
        cmocka_unit_test(test_overage),
        cmocka_unit_test(test_delta_sums),
        cmocka_unit_test(test_proration),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
