/* SPDX-License-Identifier: MIT
 * test_mem.c -- the in-process real-time cache: sliding-window rates,
 * distinct recipients, sequential recipient runs, near-same texts across
 * senders, verdicts by fingerprint, and bounded memory with LRU eviction. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <cmocka.h>

#include "cache/cache.h"

#define MIN 60000LL
#define HOUR 3600000LL

static void rates_slide(void **st)
{
    kf_cache *c = kf_cache_mem_new(100);
    struct kf_cache_sender f;
    int64_t t0 = 1700000000000LL;
    (void)st;
    for (int i = 0; i < 30; i++)
        kf_cache_sender_add(c, "13800000001", "13900000001", t0 + i * 1000, &f);
    assert_int_equal(f.rates.minute, 30);
    assert_int_equal(f.rates.hour, 30);
    kf_cache_sender_get(c, "13800000001", t0 + 2 * MIN, &f);
    assert_int_equal(f.rates.minute, 0); /* the minute window slid past */
    assert_int_equal(f.rates.hour, 30);
    kf_cache_sender_get(c, "13800000001", t0 + 2 * HOUR, &f);
    assert_int_equal(f.rates.hour, 0);
    assert_int_equal(f.rates.day, 30);
    kf_cache_sender_get(c, "13800000001", t0 + 25 * HOUR, &f);
    assert_int_equal(f.rates.day, 0);
    kf_cache_sender_get(c, "nobody", t0, &f);
    assert_int_equal(f.rates.day, 0);
    kf_cache_free(c);
}

static void distinct_and_sequential(void **st)
{
    kf_cache *c = kf_cache_mem_new(100);
    struct kf_cache_sender f;
    char rcpt[16];
    int64_t t0 = 1700000000000LL;
    (void)st;
    /* a burst to 500 numbers in sequence: 按号段 */
    for (int i = 0; i < 500; i++) {
        snprintf(rcpt, sizeof rcpt, "1390000%04d", i);
        kf_cache_sender_add(c, "spammer", rcpt, t0 + i, &f);
    }
    assert_int_equal(f.distinct_hour, 500);
    assert_true(f.seq_run >= 60);
    /* a normal sender: a few friends, repeatedly */
    for (int i = 0; i < 50; i++) {
        snprintf(rcpt, sizeof rcpt, "1380000%04d", (i * 37) % 5);
        kf_cache_sender_add(c, "person", rcpt, t0 + i * 60000, &f);
    }
    assert_int_equal(f.distinct_hour, 5);
    assert_true(f.seq_run <= 5);
    kf_cache_sender_get(c, "person", t0 + 3 * HOUR, &f);
    assert_int_equal(f.distinct_hour, 0);
    kf_cache_free(c);
}

static void texts_across_senders(void **st)
{
    kf_cache *c = kf_cache_mem_new(1000);
    uint32_t copies = 0, senders = 0;
    char who[16];
    uint64_t base = 0x0123456789abcdefULL;
    int64_t t0 = 1700000000000LL;
    (void)st;
    for (int i = 0; i < 50; i++) { /* one campaign, small variations, 50 senders */
        uint64_t sh = base ^ (1ULL << (i % 3)) ^ (i % 2 ? 1ULL << 40 : 0);
        snprintf(who, sizeof who, "138%08d", i);
        kf_cache_text_add(c, sh, who, 3, t0 + i * 1000, &copies, &senders);
    }
    assert_int_equal(copies, 50);
    assert_int_equal(senders, 32 + 18); /* exact to 32, then counted */
    kf_cache_text_add(c, ~base, "13800000000", 3, t0, &copies, &senders);
    assert_int_equal(copies, 1); /* a different text */
    /* verdicts stop the next copy, near-same included, until they expire */
    int v = 0;
    kf_cache_verdict_put(c, base, 2, t0 + HOUR);
    assert_int_equal(kf_cache_verdict_get(c, base ^ 0x5, 3, t0 + 1000, &v), 1);
    assert_int_equal(v, 2);
    assert_int_equal(kf_cache_verdict_get(c, base ^ 0xF0F, 3, t0 + 1000, &v), 0);
    assert_int_equal(kf_cache_verdict_get(c, base, 3, t0 + 2 * HOUR, &v), 0);
    kf_cache_free(c);
}

static void bounded(void **st)
{
    kf_cache *c = kf_cache_mem_new(64);
    struct kf_cache_sender f;
    char key[16];
    uint32_t a, b;
    (void)st;
    for (int i = 0; i < 1000; i++) {
        snprintf(key, sizeof key, "s%d", i);
        kf_cache_sender_add(c, key, "1", 1000 + i, &f);
        kf_cache_text_add(c, (uint64_t)i * 0x9E3779B97F4A7C15ULL, key, 3, 1000 + i, &a, &b);
    }
    assert_true(kf_cache_size(c) <= 128);
    kf_cache_sender_get(c, "s999", 2000, &f); /* recent: kept */
    assert_int_equal(f.rates.minute, 1);
    kf_cache_sender_get(c, "s0", 2000, &f); /* least recent: evicted */
    assert_int_equal(f.rates.minute, 0);
    kf_cache_free(c);
}

int main(void)
{
    const struct CMUnitTest tests[] = {cmocka_unit_test(rates_slide),
                                       cmocka_unit_test(distinct_and_sequential),
                                       cmocka_unit_test(texts_across_senders),
                                       cmocka_unit_test(bounded)};
    return cmocka_run_group_tests(tests, NULL, NULL);
}
