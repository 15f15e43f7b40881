/* SPDX-License-Identifier: MIT
 *
 * test_charset.c -- data_coding mapping and the UTF-8 conversions of
 * src/sms/charset.c: Latin-1, ASCII and UCS-2 (UTF-16BE, with Chinese text
 * and an emoji), invalid UTF-8, all-or-nothing output, unit counting.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "base/err.h"
#include "sms/sms.h"

/* U+FFFD REPLACEMENT CHARACTER in UTF-8. */
#define FFFD "\xEF\xBF\xBD"

/* "中文短信😀": four CJK characters and U+1F600 as UTF-16BE. */
static const char zh[] = "中文短信😀";
static const uint8_t zh_ucs2[] = {0x4E, 0x2D, 0x65, 0x87, 0x77, 0xED,
                                  0x4F, 0xE1, 0xD8, 0x3D, 0xDE, 0x00};

static void decodes_to(enum kf_sms_charset cs, const uint8_t *in, size_t len, const char *want)
{
    struct kf_buf b;

    kf_buf_init(&b, 4096);
    assert_int_equal(kf_sms_to_utf8(cs, in, len, &b), 0);
    assert_int_equal(b.len, strlen(want));
    assert_memory_equal(kf_buf_str(&b), want, strlen(want));
    kf_buf_deinit(&b);
}

/* ------------------------------------------------------ data_coding map */

static void test_smpp_values(void **state)
{
    (void)state;
    assert_int_equal(kf_sms_charset_of(0x00), KF_CS_GSM7);
    assert_int_equal(kf_sms_charset_of(0x01), KF_CS_ASCII);
    assert_int_equal(kf_sms_charset_of(0x02), KF_CS_BINARY);
    assert_int_equal(kf_sms_charset_of(0x03), KF_CS_LATIN1);
    assert_int_equal(kf_sms_charset_of(0x04), KF_CS_BINARY);
    assert_int_equal(kf_sms_charset_of(0x05), KF_CS_UNKNOWN);
    assert_int_equal(kf_sms_charset_of(0x06), KF_CS_UNKNOWN);
    assert_int_equal(kf_sms_charset_of(0x07), KF_CS_UNKNOWN);
    assert_int_equal(kf_sms_charset_of(0x08), KF_CS_UCS2);
    assert_int_equal(kf_sms_charset_of(0x09), KF_CS_UNKNOWN);
    assert_int_equal(kf_sms_charset_of(0x0A), KF_CS_UNKNOWN);
    assert_int_equal(kf_sms_charset_of(0x0D), KF_CS_UNKNOWN);
    assert_int_equal(kf_sms_charset_of(0x0E), KF_CS_UNKNOWN);
    assert_int_equal(kf_sms_charset_of(0x0F), KF_CS_UNKNOWN);
}

static void test_general_coding_groups(void **state)
{
    unsigned cls;

    (void)state;
    /* 0001 xxxx: uncompressed with message class; bits 3..2 alphabet. */
    for (cls = 0; cls < 4; cls++) {
        assert_int_equal(kf_sms_charset_of((uint8_t)(0x10 | cls)), KF_CS_GSM7);
        assert_int_equal(kf_sms_charset_of((uint8_t)(0x14 | cls)), KF_CS_BINARY);
        assert_int_equal(kf_sms_charset_of((uint8_t)(0x18 | cls)), KF_CS_UCS2);
        assert_int_equal(kf_sms_charset_of((uint8_t)(0x1C | cls)), KF_CS_UNKNOWN);
        /* 01xx xxxx: the same, marked for automatic deletion. */
        assert_int_equal(kf_sms_charset_of((uint8_t)(0x50 | cls)), KF_CS_GSM7);
        assert_int_equal(kf_sms_charset_of((uint8_t)(0x58 | cls)), KF_CS_UCS2);
    }
    /* Compressed (bit 5): opaque. */
    assert_int_equal(kf_sms_charset_of(0x20), KF_CS_UNKNOWN);
    assert_int_equal(kf_sms_charset_of(0x38), KF_CS_UNKNOWN);
    assert_int_equal(kf_sms_charset_of(0x68), KF_CS_UNKNOWN);
    /* Reserved groups 1000..1011. */
    assert_int_equal(kf_sms_charset_of(0x80), KF_CS_UNKNOWN);
    assert_int_equal(kf_sms_charset_of(0xBF), KF_CS_UNKNOWN);
    /* Message waiting indication groups. */
    assert_int_equal(kf_sms_charset_of(0xC0), KF_CS_GSM7);
    assert_int_equal(kf_sms_charset_of(0xD8), KF_CS_GSM7);
    assert_int_equal(kf_sms_charset_of(0xE0), KF_CS_UCS2);
    assert_int_equal(kf_sms_charset_of(0xEF), KF_CS_UCS2);
}

static void test_class_group_f0_ff(void **state)
{
    unsigned dc;

    (void)state;
    for (dc = 0xF0; dc <= 0xFF; dc++)
        assert_int_equal(kf_sms_charset_of((uint8_t)dc), (dc & 0x04) ? KF_CS_BINARY : KF_CS_GSM7);
    assert_int_equal(kf_sms_charset_of(0xF0), KF_CS_GSM7);   /* class 0, flash */
    assert_int_equal(kf_sms_charset_of(0xF4), KF_CS_BINARY); /* class 0, 8-bit */
    assert_int_equal(kf_sms_charset_of(0xF5), KF_CS_BINARY); /* class 1 (e.g. WAP push) */
    assert_int_equal(kf_sms_charset_of(0xF6), KF_CS_BINARY); /* class 2 (SIM OTA) */
    assert_int_equal(kf_sms_charset_of(0xF3), KF_CS_GSM7);
}

static void test_data_coding_inverse(void **state)
{
    (void)state;
    assert_int_equal(kf_sms_data_coding(KF_CS_GSM7), 0x00);
    assert_int_equal(kf_sms_data_coding(KF_CS_ASCII), 0x01);
    assert_int_equal(kf_sms_data_coding(KF_CS_LATIN1), 0x03);
    assert_int_equal(kf_sms_data_coding(KF_CS_BINARY), 0x04);
    assert_int_equal(kf_sms_data_coding(KF_CS_UCS2), 0x08);
    assert_int_equal(kf_sms_data_coding(KF_CS_UNKNOWN), 0x04);
    assert_int_equal(kf_sms_charset_of(kf_sms_data_coding(KF_CS_GSM7)), KF_CS_GSM7);
    assert_int_equal(kf_sms_charset_of(kf_sms_data_coding(KF_CS_ASCII)), KF_CS_ASCII);
    assert_int_equal(kf_sms_charset_of(kf_sms_data_coding(KF_CS_LATIN1)), KF_CS_LATIN1);
    assert_int_equal(kf_sms_charset_of(kf_sms_data_coding(KF_CS_UCS2)), KF_CS_UCS2);
}

/* ------------------------------------------------------------- Latin-1 */

static void test_latin1_round_trip(void **state)
{
    const char *text = "Grüße, café ÿ £5 ¿qué? \xC2\x80"; /* U+0080 is Latin-1 too */
    static const uint8_t want[] = {'G', 'r',  0xFC, 0xDF, 'e',  ',', ' ',  'c',
                                   'a', 'f',  0xE9, ' ',  0xFF, ' ', 0xA3, '5',
                                   ' ', 0xBF, 'q',  'u',  0xE9, '?', ' ',  0x80};
    struct kf_buf b;
    uint8_t all[256];
    unsigned i;

    (void)state;
    kf_buf_init(&b, 256);
    assert_int_equal(kf_sms_from_utf8(KF_CS_LATIN1, text, strlen(text), &b), 0);
    assert_int_equal(b.len, sizeof(want));
    assert_memory_equal(b.data, want, sizeof(want));
    assert_int_equal(kf_sms_units(KF_CS_LATIN1, text, strlen(text)), (long)sizeof(want));
    decodes_to(KF_CS_LATIN1, b.data, b.len, text);
    kf_buf_deinit(&b);

    /* Every byte decodes to its own code point and back. */
    for (i = 0; i < 256; i++)
        all[i] = (uint8_t)i;
    kf_buf_init(&b, 1024);
    assert_int_equal(kf_sms_to_utf8(KF_CS_LATIN1, all, 256, &b), 0);
    assert_int_equal(b.len, 128 + 2 * 128);
    {
        struct kf_buf back;
        kf_buf_init(&back, 256);
        assert_int_equal(kf_sms_from_utf8(KF_CS_LATIN1, (char *)b.data, b.len, &back), 0);
        assert_int_equal(back.len, 256);
        assert_memory_equal(back.data, all, 256);
        kf_buf_deinit(&back);
    }
    kf_buf_deinit(&b);
}

static void test_latin1_and_ascii_reject(void **state)
{
    struct kf_buf b;

    (void)state;
    kf_buf_init(&b, 256);
    assert_int_equal(kf_sms_from_utf8(KF_CS_LATIN1, "a€", strlen("a€"), &b), KF_ECHARSET);
    assert_int_equal(kf_sms_from_utf8(KF_CS_LATIN1, zh, strlen(zh), &b), KF_ECHARSET);
    assert_int_equal(kf_sms_from_utf8(KF_CS_ASCII, "café", strlen("café"), &b), KF_ECHARSET);
    assert_int_equal(b.len, 0);
    assert_int_equal(kf_sms_from_utf8(KF_CS_ASCII, "a[b]`~", 6, &b), 0);
    assert_memory_equal(b.data, "a[b]`~", 6);
    kf_buf_deinit(&b);
}

static void test_ascii_decode(void **state)
{
    static const uint8_t in[] = {'O', 'K', 0x7F, 0x80, 0xE9};

    (void)state;
    decodes_to(KF_CS_ASCII, in, sizeof(in), "OK\x7F" FFFD FFFD);
}

/* --------------------------------------------------------------- UCS-2 */

static void test_ucs2_chinese_and_emoji(void **state)
{
    struct kf_buf b;

    (void)state;
    kf_buf_init(&b, 256);
    assert_int_equal(kf_sms_from_utf8(KF_CS_UCS2, zh, strlen(zh), &b), 0);
    assert_int_equal(b.len, sizeof(zh_ucs2));
    assert_memory_equal(b.data, zh_ucs2, sizeof(zh_ucs2));
    assert_int_equal(kf_sms_units(KF_CS_UCS2, zh, strlen(zh)), 6); /* emoji = 2 */
    decodes_to(KF_CS_UCS2, zh_ucs2, sizeof(zh_ucs2), zh);
    assert_int_equal(kf_sms_best_charset(zh, strlen(zh)), KF_CS_UCS2);
    kf_buf_deinit(&b);
}

static void test_ucs2_bad_input(void **state)
{
    static const uint8_t lone_high[] = {0xD8, 0x3D, 0x00, 0x41};
    static const uint8_t lone_low[] = {0x00, 0x41, 0xDE, 0x00};
    static const uint8_t high_high[] = {0xD8, 0x3D, 0xD8, 0x3D, 0xDE, 0x00};
    static const uint8_t high_at_end[] = {0x00, 0x41, 0xD8, 0x3D};
    static const uint8_t odd[] = {0x00, 0x41, 0x42};
    static const uint8_t high_then_odd[] = {0xD8, 0x3D, 0xDE};

    (void)state;
    decodes_to(KF_CS_UCS2, lone_high, sizeof(lone_high), FFFD "A");
    decodes_to(KF_CS_UCS2, lone_low, sizeof(lone_low), "A" FFFD);
    decodes_to(KF_CS_UCS2, high_high, sizeof(high_high), FFFD "😀");
    decodes_to(KF_CS_UCS2, high_at_end, sizeof(high_at_end), "A" FFFD);
    decodes_to(KF_CS_UCS2, odd, sizeof(odd), "A" FFFD);
    decodes_to(KF_CS_UCS2, high_then_odd, sizeof(high_then_odd), FFFD FFFD);
    decodes_to(KF_CS_UCS2, (const uint8_t *)"", 0, "");
}

static void test_binary_is_hex(void **state)
{
    static const uint8_t in[] = {0x00, 0x0A, 0xAB, 0xFF};
    struct kf_buf b;

    (void)state;
    decodes_to(KF_CS_BINARY, in, sizeof(in), "000aabff");
    decodes_to(KF_CS_UNKNOWN, in, sizeof(in), "000aabff");
    kf_buf_init(&b, 64);
    assert_int_equal(kf_sms_from_utf8(KF_CS_BINARY, "ab", 2, &b), KF_EINVAL);
    assert_int_equal(kf_sms_from_utf8(KF_CS_UNKNOWN, "", 0, &b), KF_EINVAL);
    assert_int_equal(kf_sms_units(KF_CS_BINARY, "", 0), -1);
    kf_buf_deinit(&b);
}

/* --------------------------------------------------------- invalid UTF-8 */

static void test_invalid_utf8(void **state)
{
    static const char *const bad[] = {
        "abc\xC0\xAF",      /* overlong '/' */
        "\xE0\x80\xAF",     /* overlong */
        "x\xED\xA0\x80y",   /* surrogate U+D800 */
        "\xED\xBF\xBF",     /* surrogate U+DFFF */
        "\xF4\x90\x80\x80", /* U+110000 */
        "\xF5\x80\x80\x80", /* lead beyond range */
        "ok\x80",           /* stray continuation */
        "\xE4\xB8",         /* truncated */
        "\xFF",
    };
    static const enum kf_sms_charset cs[] = {KF_CS_GSM7, KF_CS_ASCII, KF_CS_LATIN1, KF_CS_UCS2};
    size_t i, j;

    (void)state;
    for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        for (j = 0; j < 4; j++) {
            struct kf_buf b;

            kf_buf_init(&b, 64);
            assert_int_equal(kf_sms_from_utf8(cs[j], bad[i], strlen(bad[i]), &b), KF_EINVAL);
            assert_int_equal(b.len, 0);
            assert_int_equal(kf_sms_units(cs[j], bad[i], strlen(bad[i])), -1);
            kf_buf_deinit(&b);
        }
    }
    /* Invalid UTF-8 wins over an unrepresentable character before it. */
    {
        struct kf_buf b;
        kf_buf_init(&b, 64);
        assert_int_equal(kf_sms_from_utf8(KF_CS_GSM7, "中\xFF", 4, &b), KF_EINVAL);
        kf_buf_deinit(&b);
    }
}

/* ------------------------------------------------ bounds, choice, units */

static void test_all_or_nothing_toobig(void **state)
{
    static const uint8_t gsm[] = {'h', 'e', 'l', 'l', 'o', 0x1B, 0x65};
    struct kf_buf b;

    (void)state;
    kf_buf_init(&b, 8);
    assert_int_equal(kf_buf_puts(&b, "ab"), 0);
    /* "hello€" needs 8 bytes of UTF-8; only 6 left. */
    assert_int_equal(kf_sms_to_utf8(KF_CS_GSM7, gsm, sizeof(gsm), &b), KF_ETOOBIG);
    assert_int_equal(b.len, 2);
    assert_string_equal(kf_buf_str(&b), "ab");
    /* UCS2 of 4 characters is 8 bytes; only 6 left. */
    assert_int_equal(kf_sms_from_utf8(KF_CS_UCS2, "abcd", 4, &b), KF_ETOOBIG);
    assert_int_equal(b.len, 2);
    assert_int_equal(kf_sms_from_utf8(KF_CS_UCS2, "abc", 3, &b), 0);
    assert_int_equal(b.len, 8);
    assert_int_equal(kf_sms_to_utf8(KF_CS_BINARY, gsm, 1, &b), KF_ETOOBIG);
    kf_buf_deinit(&b);
}

static void test_best_charset_and_units(void **state)
{
    (void)state;
    assert_int_equal(kf_sms_best_charset("", 0), KF_CS_GSM7);
    assert_int_equal(kf_sms_best_charset("Hello {world} €5", strlen("Hello {world} €5")),
                     KF_CS_GSM7);
    assert_int_equal(kf_sms_best_charset("Hello ç", strlen("Hello ç")), KF_CS_UCS2);
    assert_int_equal(kf_sms_best_charset("😀", strlen("😀")), KF_CS_UCS2);
    assert_int_equal(kf_sms_best_charset("\xC0\x80", 2), KF_CS_UCS2);
    assert_int_equal(kf_sms_units(KF_CS_GSM7, "a{b}€", strlen("a{b}€")), 8);
    assert_int_equal(kf_sms_units(KF_CS_UCS2, "a{b}€", strlen("a{b}€")), 5);
    assert_int_equal(kf_sms_units(KF_CS_LATIN1, "aé", strlen("aé")), 2);
    assert_int_equal(kf_sms_units(KF_CS_UCS2, "😀😀", strlen("😀😀")), 4);
    assert_int_equal(kf_sms_units(KF_CS_UCS2, "", 0), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_smpp_values),
        cmocka_unit_test(test_general_coding_groups),
        cmocka_unit_test(test_class_group_f0_ff),
        cmocka_unit_test(test_data_coding_inverse),
        cmocka_unit_test(test_latin1_round_trip),
        cmocka_unit_test(test_latin1_and_ascii_reject),
        cmocka_unit_test(test_ascii_decode),
        cmocka_unit_test(test_ucs2_chinese_and_emoji),
        cmocka_unit_test(test_ucs2_bad_input),
        cmocka_unit_test(test_binary_is_hex),
        cmocka_unit_test(test_invalid_utf8),
        cmocka_unit_test(test_all_or_nothing_toobig),
        cmocka_unit_test(test_best_charset_and_units),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
