/* SPDX-License-Identifier: MIT
 * test_backend.c -- choosing the cache backend by name: kf_cache_new("mem")
 * gives a working cache behind the public calls, NULL means "mem", and an
 * unknown name is refused with a message naming the backends there are. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <cmocka.h>

#include "cache/cache.h"

static void mem_by_name(void **st)
{
    char *err = (char *)"untouched";
    kf_cache *c = kf_cache_new("mem", 10, &err);
    struct kf_cache_sender f;
    uint32_t copies, senders;
    int v = 0;
    (void)st;
    assert_non_null(c);
    assert_null(err);
    assert_int_equal(kf_cache_size(c), 0);
    assert_int_equal(kf_cache_sender_add(c, "13800000001", "13900000001", 1000, &f), 0);
    assert_int_equal(f.rates.minute, 1);
    assert_int_equal(f.distinct_hour, 1);
    assert_int_equal(kf_cache_sender_get(c, "13800000001", 2000, &f), 0);
    assert_int_equal(f.rates.hour, 1);
    assert_int_equal(kf_cache_text_add(c, 0x1234, "13800000001", 3, 1000, &copies, &senders), 0);
    assert_int_equal(copies, 1);
    assert_int_equal(senders, 1);
    assert_int_equal(kf_cache_verdict_put(c, 0x1234, 2, 5000), 0);
    assert_int_equal(kf_cache_verdict_get(c, 0x1235, 3, 1000, &v), 1);
    assert_int_equal(v, 2);
    assert_int_equal(kf_cache_verdict_get(c, 0x1235, 3, 5000, &v), 0); /* expired */
    assert_int_equal(kf_cache_size(c), 2);                             /* a sender, a text */
    kf_cache_free(c);
}

static void null_means_mem(void **st)
{
    char *err = NULL;
    kf_cache *c = kf_cache_new(NULL, 1, &err);
    (void)st;
    assert_non_null(c);
    assert_null(err);
    kf_cache_free(c);
    c = kf_cache_new("mem", 0, NULL); /* err may be NULL; 0 keys counts as 1 */
    assert_non_null(c);
    kf_cache_free(c);
    kf_cache_free(NULL);
}

static void unknown_backend(void **st)
{
    char *err = NULL;
    (void)st;
    assert_null(kf_cache_new("redis", 10, &err));
    assert_non_null(err);
    assert_string_equal(err, "unknown cache backend 'redis' (available: mem)");
    free(err);
    err = NULL;
    assert_null(kf_cache_new("", 10, &err));
    assert_string_equal(err, "unknown cache backend '' (available: mem)");
    free(err);
    assert_null(kf_cache_new("memcached", 10, NULL)); /* no message asked for */
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(mem_by_name),
        cmocka_unit_test(null_means_mem),
        cmocka_unit_test(unknown_backend),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
