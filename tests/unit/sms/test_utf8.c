/* SPDX-License-Identifier: MIT
 *
 * test_utf8.c -- the sms module's strict UTF-8 decoder and encoder
 * (src/sms/utf8.c): boundaries of each sequence length, and rejection of
 * overlongs, surrogates, values above U+10FFFF, truncation and stray bytes.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "base/err.h"
#include "sms/sms.h"
#include "sms/sms_int.h"

/* Decodes exactly one code point that must use all of s. */
static uint32_t one(const char *s, size_t len)
{
    size_t pos = 0;
    uint32_t cp = 0;

    assert_int_equal(kf_sms__utf8_next((const uint8_t *)s, len, &pos, &cp), 0);
    assert_int_equal(pos, len);
    return cp;
}

static void bad(const char *s, size_t len)
{
    size_t pos = 0;
    uint32_t cp = 0xABCD;

    assert_int_equal(kf_sms__utf8_next((const uint8_t *)s, len, &pos, &cp), KF_EINVAL);
    assert_int_equal(pos, 0); /* unchanged on error */
    assert_int_equal(cp, 0xABCD);
}

static void test_boundaries(void **state)
{
    (void)state;
    assert_int_equal(one("\x00", 1), 0x0);
    assert_int_equal(one("\x7F", 1), 0x7F);
    assert_int_equal(one("\xC2\x80", 2), 0x80);
    assert_int_equal(one("\xDF\xBF", 2), 0x7FF);
    assert_int_equal(one("\xE0\xA0\x80", 3), 0x800);
    assert_int_equal(one("\xED\x9F\xBF", 3), 0xD7FF);
    assert_int_equal(one("\xEE\x80\x80", 3), 0xE000);
    assert_int_equal(one("\xEF\xBF\xBF", 3), 0xFFFF);
    assert_int_equal(one("\xF0\x90\x80\x80", 4), 0x10000);
    assert_int_equal(one("\xF0\x9F\x98\x80", 4), 0x1F600); /* grinning face */
    assert_int_equal(one("\xF4\x8F\xBF\xBF", 4), 0x10FFFF);
    assert_int_equal(one("\xE4\xB8\xAD", 3), 0x4E2D); /* 中 */
}

static void test_overlong(void **state)
{
    (void)state;
    bad("\xC0\x80", 2);             /* U+0000 */
    bad("\xC0\xAF", 2);             /* '/' */
    bad("\xC1\xBF", 2);             /* U+007F */
    bad("\xE0\x80\x80", 3);         /* U+0000 */
    bad("\xE0\x9F\xBF", 3);         /* U+07FF */
    bad("\xF0\x80\x80\x80", 4);     /* U+0000 */
    bad("\xF0\x8F\xBF\xBF", 4);     /* U+FFFF */
    bad("\xF8\x88\x80\x80\x80", 5); /* 5-byte form */
}

static void test_surrogates_and_range(void **state)
{
    (void)state;
    bad("\xED\xA0\x80", 3);     /* U+D800 */
    bad("\xED\xAD\xBF", 3);     /* U+DB7F */
    bad("\xED\xB0\x80", 3);     /* U+DC00 */
    bad("\xED\xBF\xBF", 3);     /* U+DFFF */
    bad("\xF4\x90\x80\x80", 4); /* U+110000 */
    bad("\xF5\x80\x80\x80", 4);
    bad("\xF7\xBF\xBF\xBF", 4);
    bad("\xFE", 1);
    bad("\xFF", 1);
}

static void test_truncated_and_stray(void **state)
{
    (void)state;
    bad("\x80", 1); /* continuation without lead */
    bad("\xBF", 1);
    bad("\xC3", 1); /* lead at end */
    bad("\xE4\xB8", 2);
    bad("\xF0\x9F\x98", 3);
    bad("\xC3\x41", 2);         /* non-continuation second byte */
    bad("\xE4\xB8\x41", 3);     /* non-continuation third byte */
    bad("\xF0\x9F\x98\xC0", 4); /* non-continuation fourth byte */
}

static void test_put_round_trip(void **state)
{
    static const uint32_t cps[] = {0,      0x7F,   0x80,   0x7FF,   0x800,   0xD7FF,
                                   0xE000, 0xFFFD, 0xFFFF, 0x10000, 0x1F600, 0x10FFFF};
    size_t i;

    (void)state;
    for (i = 0; i < sizeof(cps) / sizeof(cps[0]); i++) {
        uint8_t b[4];
        size_t n = kf_sms__utf8_put(cps[i], b), pos = 0;
        uint32_t cp;

        assert_int_equal(n, cps[i] < 0x80 ? 1 : cps[i] < 0x800 ? 2 : cps[i] < 0x10000 ? 3 : 4);
        assert_int_equal(kf_sms__utf8_next(b, n, &pos, &cp), 0);
        assert_int_equal(cp, cps[i]);
        assert_int_equal(pos, n);
    }
}

static void test_buf_helpers(void **state)
{
    struct kf_buf b;

    (void)state;
    kf_buf_init(&b, 5);
    assert_int_equal(kf_sms__buf_put_cp(&b, 0x20AC), 0); /* 3 bytes */
    assert_int_equal(kf_sms__buf_put_cp(&b, 0x4E2D), KF_ETOOBIG);
    assert_int_equal(b.len, 3);
    assert_string_equal(kf_buf_str(&b), "\xE2\x82\xAC");
    kf_sms__buf_truncate(&b, 1);
    assert_int_equal(b.len, 1);
    assert_string_equal(kf_buf_str(&b), "\xE2");
    kf_buf_deinit(&b);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_boundaries),           cmocka_unit_test(test_overlong),
        cmocka_unit_test(test_surrogates_and_range), cmocka_unit_test(test_truncated_and_stray),
        cmocka_unit_test(test_put_round_trip),       cmocka_unit_test(test_buf_helpers),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
