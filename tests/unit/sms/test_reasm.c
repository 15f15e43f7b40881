/* SPDX-License-Identifier: MIT
 *
 * test_reasm.c -- the reassembler (src/sms/reasm.c): parts in and out of
 * order, duplicates, keys, mismatches, TTL expiry, eviction by group count
 * and by bytes, pairs split across parts, and output limits.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "base/err.h"
#include "sms/sms.h"

static struct kf_sms_concat cc(uint16_t ref, uint8_t total, uint8_t seq)
{
    struct kf_sms_concat c = {ref, total, seq, 0};
    return c;
}

/* Adds a GSM7 text part from "A" to "B". */
static int add(kf_sms_reasm *r, uint16_t ref, uint8_t total, uint8_t seq, const char *s,
               int64_t now, struct kf_buf *out)
{
    struct kf_sms_concat c = cc(ref, total, seq);
    return kf_sms_reasm_add(r, "A", "B", &c, KF_CS_GSM7, (const uint8_t *)s, strlen(s), now, out);
}

static void test_in_order(void **state)
{
    kf_sms_reasm *r = kf_sms_reasm_new(8, 4096, 60000);
    struct kf_buf out;

    (void)state;
    kf_buf_init(&out, 1024);
    assert_int_equal(add(r, 7, 3, 1, "Hello ", 0, &out), 0);
    assert_int_equal(kf_sms_reasm_count(r), 1);
    assert_int_equal(add(r, 7, 3, 2, "long ", 1, &out), 0);
    assert_int_equal(out.len, 0);
    assert_int_equal(add(r, 7, 3, 3, "world", 2, &out), 1);
    assert_string_equal(kf_buf_str(&out), "Hello long world");
    assert_int_equal(kf_sms_reasm_count(r), 0);
    kf_buf_deinit(&out);
    kf_sms_reasm_free(r);
}

static void test_out_of_order_and_duplicates(void **state)
{
    kf_sms_reasm *r = kf_sms_reasm_new(8, 4096, 60000);
    struct kf_buf out;

    (void)state;
    kf_buf_init(&out, 1024);
    assert_int_equal(add(r, 9, 3, 3, "C", 0, &out), 0);
    assert_int_equal(add(r, 9, 3, 1, "A", 0, &out), 0);
    assert_int_equal(add(r, 9, 3, 1, "X", 0, &out), 0); /* duplicate: first copy stands */
    assert_int_equal(add(r, 9, 3, 3, "Y", 0, &out), 0);
    assert_int_equal(kf_sms_reasm_count(r), 1);
    assert_int_equal(add(r, 9, 3, 2, "B", 0, &out), 1);
    assert_string_equal(kf_buf_str(&out), "ABC");
    /* A late duplicate of a completed message starts a new group. */
    assert_int_equal(add(r, 9, 3, 2, "B", 0, &out), 0);
    assert_int_equal(kf_sms_reasm_count(r), 1);
    kf_buf_deinit(&out);
    kf_sms_reasm_free(r); /* frees held groups (ASan checks) */
}

static void test_keys_are_separate(void **state)
{
    kf_sms_reasm *r = kf_sms_reasm_new(8, 4096, 60000);
    struct kf_sms_concat c1 = cc(5, 2, 1), c2 = cc(5, 2, 2), c3 = cc(5, 3, 2);
    struct kf_buf out;

    (void)state;
    kf_buf_init(&out, 1024);
    assert_int_equal(
        kf_sms_reasm_add(r, "1380", "10086", &c1, KF_CS_GSM7, (const uint8_t *)"x1", 2, 0, &out),
        0);
    /* Same ref: other source, other destination, other total. */
    assert_int_equal(
        kf_sms_reasm_add(r, "1390", "10086", &c2, KF_CS_GSM7, (const uint8_t *)"y2", 2, 0, &out),
        0);
    assert_int_equal(
        kf_sms_reasm_add(r, "1380", "10010", &c2, KF_CS_GSM7, (const uint8_t *)"z2", 2, 0, &out),
        0);
    assert_int_equal(
        kf_sms_reasm_add(r, "1380", "10086", &c3, KF_CS_GSM7, (const uint8_t *)"w2", 2, 0, &out),
        0);
    /* Address concatenation ambiguity: ("13","80") is not ("1","380"). */
    assert_int_equal(
        kf_sms_reasm_add(r, "13", "8010086", &c2, KF_CS_GSM7, (const uint8_t *)"v2", 2, 0, &out),
        0);
    assert_int_equal(kf_sms_reasm_count(r), 5);
    assert_int_equal(
        kf_sms_reasm_add(r, "1380", "10086", &c2, KF_CS_GSM7, (const uint8_t *)"x2", 2, 0, &out),
        1);
    assert_string_equal(kf_buf_str(&out), "x1x2");
    assert_int_equal(kf_sms_reasm_count(r), 4);
    kf_buf_deinit(&out);
    kf_sms_reasm_free(r);
}

static void test_mismatch_and_bad_args(void **state)
{
    kf_sms_reasm *r = kf_sms_reasm_new(8, 4096, 60000);
    struct kf_sms_concat c = cc(1, 2, 2), c16 = {1, 2, 2, 1};
    struct kf_sms_concat bad[] = {cc(1, 0, 0), cc(1, 2, 0), cc(1, 2, 3)};
    char longaddr[80];
    struct kf_buf out;
    size_t i;

    (void)state;
    kf_buf_init(&out, 1024);
    assert_int_equal(add(r, 1, 2, 1, "a", 0, &out), 0);
    assert_int_equal(
        kf_sms_reasm_add(r, "A", "B", &c, KF_CS_UCS2, (const uint8_t *)"\0b", 2, 0, &out),
        KF_EINVAL);
    assert_int_equal(
        kf_sms_reasm_add(r, "A", "B", &c16, KF_CS_GSM7, (const uint8_t *)"b", 1, 0, &out),
        KF_EINVAL);
    assert_int_equal(kf_sms_reasm_count(r), 1); /* the group survives */
    for (i = 0; i < 3; i++)
        assert_int_equal(
            kf_sms_reasm_add(r, "A", "B", &bad[i], KF_CS_GSM7, (const uint8_t *)"b", 1, 0, &out),
            KF_EINVAL);
    assert_int_equal(
        kf_sms_reasm_add(r, "A", "B", NULL, KF_CS_GSM7, (const uint8_t *)"b", 1, 0, &out),
        KF_EINVAL);
    memset(longaddr, '9', sizeof(longaddr) - 1);
    longaddr[sizeof(longaddr) - 1] = '\0';
    assert_int_equal(
        kf_sms_reasm_add(r, longaddr, "B", &c, KF_CS_GSM7, (const uint8_t *)"b", 1, 0, &out),
        KF_EINVAL);
    assert_int_equal(out.len, 0);
    assert_int_equal(add(r, 1, 2, 2, "b", 0, &out), 1);
    assert_string_equal(kf_buf_str(&out), "ab");
    kf_buf_deinit(&out);
    kf_sms_reasm_free(r);
    kf_sms_reasm_free(NULL);
}

static void test_single_part(void **state)
{
    kf_sms_reasm *r = kf_sms_reasm_new(8, 4096, 60000);
    struct kf_buf out;

    (void)state;
    kf_buf_init(&out, 1024);
    assert_int_equal(add(r, 1, 1, 1, "solo", 0, &out), 1);
    assert_string_equal(kf_buf_str(&out), "solo");
    assert_int_equal(kf_sms_reasm_count(r), 0);
    kf_buf_deinit(&out);
    kf_sms_reasm_free(r);
}

static void test_ttl(void **state)
{
    kf_sms_reasm *r = kf_sms_reasm_new(8, 4096, 1000);
    struct kf_buf out;

    (void)state;
    kf_buf_init(&out, 1024);
    assert_int_equal(add(r, 1, 2, 1, "old", 0, &out), 0);
    assert_int_equal(add(r, 2, 2, 1, "new", 500, &out), 0);
    assert_int_equal(kf_sms_reasm_expire(r, 1000), 0); /* exactly ttl: not older */
    assert_int_equal(kf_sms_reasm_count(r), 2);
    assert_int_equal(kf_sms_reasm_expire(r, 1001), 1);
    assert_int_equal(kf_sms_reasm_count(r), 1);
    /* Expiry also runs on add: group 1's second part now starts afresh. */
    assert_int_equal(add(r, 1, 2, 2, "late", 1200, &out), 0);
    assert_int_equal(kf_sms_reasm_count(r), 2);
    assert_int_equal(add(r, 2, 2, 2, "er", 1400, &out), 1);
    assert_string_equal(kf_buf_str(&out), "newer");
    kf_buf_reset(&out);
    assert_int_equal(add(r, 3, 2, 1, "x", 1501, &out), 0); /* group 2 would be gone anyway */
    assert_int_equal(kf_sms_reasm_expire(r, 2201), 1);     /* "late" from 1200 */
    assert_int_equal(kf_sms_reasm_count(r), 1);
    assert_int_equal(kf_sms_reasm_expire(r, 1000000), 1);
    assert_int_equal(kf_sms_reasm_count(r), 0);
    kf_buf_deinit(&out);
    kf_sms_reasm_free(r);

    /* Extreme clock values do not overflow. */
    r = kf_sms_reasm_new(8, 4096, 1000);
    kf_buf_init(&out, 1024);
    assert_int_equal(add(r, 1, 2, 1, "a", INT64_MIN, &out), 0);
    assert_int_equal(kf_sms_reasm_expire(r, INT64_MIN + 1000), 0);
    assert_int_equal(kf_sms_reasm_expire(r, INT64_MAX), 1);
    kf_buf_deinit(&out);
    kf_sms_reasm_free(r);

    /* ttl <= 0: nothing expires. */
    r = kf_sms_reasm_new(8, 4096, 0);
    kf_buf_init(&out, 1024);
    assert_int_equal(add(r, 1, 2, 1, "a", 0, &out), 0);
    assert_int_equal(kf_sms_reasm_expire(r, INT64_MAX), 0);
    assert_int_equal(kf_sms_reasm_count(r), 1);
    kf_buf_deinit(&out);
    kf_sms_reasm_free(r);
}

static void test_evict_by_groups(void **state)
{
    kf_sms_reasm *r = kf_sms_reasm_new(2, 4096, 60000);
    struct kf_buf out;

    (void)state;
    kf_buf_init(&out, 1024);
    assert_int_equal(add(r, 1, 2, 1, "a1", 0, &out), 0);
    assert_int_equal(add(r, 2, 2, 1, "b1", 1, &out), 0);
    assert_int_equal(add(r, 3, 2, 1, "c1", 2, &out), 0); /* evicts ref 1, the oldest */
    assert_int_equal(kf_sms_reasm_count(r), 2);
    assert_int_equal(add(r, 2, 2, 2, "b2", 3, &out), 1);
    assert_string_equal(kf_buf_str(&out), "b1b2");
    kf_buf_reset(&out);
    assert_int_equal(kf_sms_reasm_count(r), 1);
    /* Ref 1 lost its first part: its second part starts a new group. */
    assert_int_equal(add(r, 1, 2, 2, "a2", 4, &out), 0);
    assert_int_equal(kf_sms_reasm_count(r), 2);
    assert_int_equal(add(r, 3, 2, 2, "c2", 5, &out), 1);
    assert_string_equal(kf_buf_str(&out), "c1c2");
    kf_buf_deinit(&out);
    kf_sms_reasm_free(r);
}

static void test_evict_by_bytes(void **state)
{
    kf_sms_reasm *r = kf_sms_reasm_new(100, 10, 60000);
    struct kf_buf out;

    (void)state;
    kf_buf_init(&out, 1024);
    assert_int_equal(add(r, 1, 3, 1, "aaaa", 0, &out), 0); /* 4 bytes */
    assert_int_equal(add(r, 2, 3, 1, "bbbb", 1, &out), 0); /* 8 */
    assert_int_equal(add(r, 2, 3, 2, "bbb", 2, &out), 0);  /* 11 > 10: evicts ref 1 */
    assert_int_equal(kf_sms_reasm_count(r), 1);
    /* The completing part is never stored, so it needs no room. */
    assert_int_equal(add(r, 2, 3, 3, "cccccccccccc", 3, &out), 1);
    assert_string_equal(kf_buf_str(&out), "bbbbbbbcccccccccccc");
    kf_buf_reset(&out);
    /* A group that alone would pass max_bytes is dropped; others stay. */
    assert_int_equal(add(r, 4, 3, 1, "dd", 4, &out), 0);
    assert_int_equal(add(r, 5, 3, 1, "eeeeee", 5, &out), 0);
    assert_int_equal(add(r, 5, 3, 2, "eeeee", 6, &out), KF_ETOOBIG);
    assert_int_equal(kf_sms_reasm_count(r), 1);
    assert_int_equal(add(r, 6, 2, 1, "fffffffffff", 7, &out), KF_ETOOBIG); /* 11 > 10 */
    assert_int_equal(kf_sms_reasm_count(r), 1);
    assert_int_equal(add(r, 4, 3, 2, "dd", 8, &out), 0); /* ref 4 untouched */
    assert_int_equal(add(r, 4, 3, 3, "dd", 9, &out), 1);
    assert_string_equal(kf_buf_str(&out), "dddddd");
    kf_buf_deinit(&out);
    kf_sms_reasm_free(r);
}

static void test_pairs_split_across_parts(void **state)
{
    kf_sms_reasm *r = kf_sms_reasm_new(8, 4096, 60000);
    struct kf_sms_concat c1 = cc(1, 2, 1), c2 = cc(1, 2, 2);
    static const uint8_t g1[] = {'a', 0x1B}, g2[] = {0x65, 'b'};
    static const uint8_t u1[] = {0x4E, 0x2D, 0xD8, 0x3D}, u2[] = {0xDE, 0x00};
    struct kf_buf out;

    (void)state;
    kf_buf_init(&out, 1024);
    assert_int_equal(kf_sms_reasm_add(r, "A", "B", &c2, KF_CS_GSM7, g2, 2, 0, &out), 0);
    assert_int_equal(kf_sms_reasm_add(r, "A", "B", &c1, KF_CS_GSM7, g1, 2, 0, &out), 1);
    assert_string_equal(kf_buf_str(&out), "a€b");
    kf_buf_reset(&out);
    assert_int_equal(kf_sms_reasm_add(r, "A", "B", &c1, KF_CS_UCS2, u1, 4, 0, &out), 0);
    assert_int_equal(kf_sms_reasm_add(r, "A", "B", &c2, KF_CS_UCS2, u2, 2, 0, &out), 1);
    assert_string_equal(kf_buf_str(&out), "中😀");
    kf_buf_deinit(&out);
    kf_sms_reasm_free(r);
}

static void test_output_too_big(void **state)
{
    kf_sms_reasm *r = kf_sms_reasm_new(8, 4096, 60000);
    struct kf_buf out;

    (void)state;
    kf_buf_init(&out, 4);
    assert_int_equal(kf_buf_puts(&out, "ab"), 0);
    assert_int_equal(add(r, 1, 2, 1, "xyz", 0, &out), 0);
    assert_int_equal(add(r, 1, 2, 2, "w", 0, &out), KF_ETOOBIG);
    assert_string_equal(kf_buf_str(&out), "ab"); /* untouched */
    assert_int_equal(kf_sms_reasm_count(r), 0);  /* and the group is forgotten */
    kf_buf_deinit(&out);
    kf_sms_reasm_free(r);
}

static void test_many_groups(void **state)
{
    kf_sms_reasm *r = kf_sms_reasm_new(1000, 1 << 20, 60000);
    struct kf_buf out;
    unsigned i;

    (void)state;
    kf_buf_init(&out, 1024);
    for (i = 0; i < 1000; i++)
        assert_int_equal(add(r, (uint16_t)i, 2, 2, "2", 0, &out), 0);
    assert_int_equal(kf_sms_reasm_count(r), 1000);
    for (i = 0; i < 1000; i += 2)
        assert_int_equal(add(r, (uint16_t)i, 2, 1, "1", 0, &out), 1);
    assert_int_equal(kf_sms_reasm_count(r), 500);
    assert_int_equal(out.len, 1000);
    assert_memory_equal(out.data, "1212", 4);
    kf_buf_deinit(&out);
    kf_sms_reasm_free(r);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_in_order),
        cmocka_unit_test(test_out_of_order_and_duplicates),
        cmocka_unit_test(test_keys_are_separate),
        cmocka_unit_test(test_mismatch_and_bad_args),
        cmocka_unit_test(test_single_part),
        cmocka_unit_test(test_ttl),
        cmocka_unit_test(test_evict_by_groups),
        cmocka_unit_test(test_evict_by_bytes),
        cmocka_unit_test(test_pairs_split_across_parts),
        cmocka_unit_test(test_output_too_big),
        cmocka_unit_test(test_many_groups),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
