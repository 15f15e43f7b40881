/* SPDX-License-Identifier: MIT
 *
 * test_split.c -- kf_sms_split (src/sms/split.c): single/concatenated
 * boundaries for GSM7 (160/161), UCS2 (70/71 Chinese characters) and
 * Latin-1, 8- and 16-bit reference UDHs, escape pairs and surrogate pairs
 * at a cut, the 255-part and max_segs limits, and error cases.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "base/err.h"
#include "sms/sms.h"

#define MAXSEG 255

/* n copies of s, as a NUL-terminated string the caller frees. */
static char *rep(const char *s, size_t n)
{
    size_t l = strlen(s), i;
    char *p = malloc(l * n + 1);

    assert_non_null(p);
    for (i = 0; i < n; i++)
        memcpy(p + i * l, s, l);
    p[l * n] = '\0';
    return p;
}

static char *cat(char *a, const char *b)
{
    size_t la = strlen(a), lb = strlen(b);
    char *p = realloc(a, la + lb + 1);

    assert_non_null(p);
    memcpy(p + la, b, lb + 1);
    return p;
}

static struct kf_buf segs[MAXSEG];

static void free_segs(int n)
{
    int i;

    for (i = 0; i < n; i++)
        kf_buf_deinit(&segs[i]);
}

/* Checks segment i's UDH and returns its payload length. */
static size_t check_udh(int i, int ref16, uint16_t ref, int total)
{
    const uint8_t *d = segs[i].data;

    if (ref16) {
        static const uint8_t h[] = {0x06, 0x08, 0x04};
        assert_memory_equal(d, h, 3);
        assert_int_equal(d[3], ref >> 8);
        assert_int_equal(d[4], ref & 0xFF);
        assert_int_equal(d[5], total);
        assert_int_equal(d[6], i + 1);
        return segs[i].len - 7;
    }
    assert_int_equal(d[0], 0x05);
    assert_int_equal(d[1], 0x00);
    assert_int_equal(d[2], 0x03);
    assert_int_equal(d[3], ref & 0xFF);
    assert_int_equal(d[4], total);
    assert_int_equal(d[5], i + 1);
    return segs[i].len - 6;
}

/* Joins the payloads of n segments (UDH stripped) and decodes them. */
static void rejoins_to(int n, int udh, enum kf_sms_charset cs, const char *want)
{
    struct kf_buf raw, text;
    int i;

    kf_buf_init(&raw, 1 << 20);
    kf_buf_init(&text, 1 << 20);
    for (i = 0; i < n; i++) {
        size_t h = udh ? (size_t)segs[i].data[0] + 1 : 0;
        assert_int_equal(kf_buf_append(&raw, segs[i].data + h, segs[i].len - h), 0);
    }
    assert_int_equal(kf_sms_to_utf8(cs, raw.data, raw.len, &text), 0);
    assert_string_equal(kf_buf_str(&text), want);
    kf_buf_deinit(&raw);
    kf_buf_deinit(&text);
}

static void test_gsm7_160_161(void **state)
{
    char *t160 = rep("a", 160), *t161 = rep("a", 161);
    int udhi = -1, n;

    (void)state;
    n = kf_sms_split(t160, 160, KF_CS_GSM7, 0x42, 0, segs, MAXSEG, &udhi);
    assert_int_equal(n, 1);
    assert_int_equal(udhi, 0);
    assert_int_equal(segs[0].len, 160);
    assert_memory_equal(segs[0].data, t160, 160);
    free_segs(n);

    n = kf_sms_split(t161, 161, KF_CS_GSM7, 0x42, 0, segs, MAXSEG, &udhi);
    assert_int_equal(n, 2);
    assert_int_equal(udhi, 1);
    assert_int_equal(check_udh(0, 0, 0x42, 2), 153);
    assert_int_equal(check_udh(1, 0, 0x42, 2), 8);
    rejoins_to(n, 1, KF_CS_GSM7, t161);
    free_segs(n);

    /* 16-bit reference: 152 per part. 8-bit reference uses the low byte. */
    n = kf_sms_split(t161, 161, KF_CS_GSM7, 0xBEEF, 1, segs, MAXSEG, &udhi);
    assert_int_equal(n, 2);
    assert_int_equal(check_udh(0, 1, 0xBEEF, 2), 152);
    assert_int_equal(check_udh(1, 1, 0xBEEF, 2), 9);
    free_segs(n);
    n = kf_sms_split(t161, 161, KF_CS_GSM7, 0xBEEF, 0, segs, MAXSEG, &udhi);
    assert_int_equal(check_udh(0, 0, 0xEF, 2), 153);
    free_segs(n);
    free(t160);
    free(t161);
}

static void test_gsm7_exact_multiples(void **state)
{
    char *t = rep("x", 306); /* 2 x 153 */
    int udhi, n;

    (void)state;
    n = kf_sms_split(t, 306, KF_CS_GSM7, 1, 0, segs, MAXSEG, &udhi);
    assert_int_equal(n, 2);
    assert_int_equal(check_udh(0, 0, 1, 2), 153);
    assert_int_equal(check_udh(1, 0, 1, 2), 153);
    free_segs(n);
    free(t);
    t = rep("x", 307);
    n = kf_sms_split(t, 307, KF_CS_GSM7, 1, 0, segs, MAXSEG, &udhi);
    assert_int_equal(n, 3);
    assert_int_equal(check_udh(2, 0, 1, 3), 1);
    free_segs(n);
    free(t);
}

static void test_gsm7_escape_counts_two(void **state)
{
    char *t = cat(rep("a", 158), "€"); /* 160 septets */
    int udhi, n;

    (void)state;
    n = kf_sms_split(t, strlen(t), KF_CS_GSM7, 9, 0, segs, MAXSEG, &udhi);
    assert_int_equal(n, 1);
    assert_int_equal(segs[0].len, 160);
    assert_int_equal(segs[0].data[158], 0x1B);
    assert_int_equal(segs[0].data[159], 0x65);
    free_segs(n);
    t = cat(t, "a"); /* 161 septets */
    n = kf_sms_split(t, strlen(t), KF_CS_GSM7, 9, 0, segs, MAXSEG, &udhi);
    assert_int_equal(n, 2);
    free_segs(n);
    free(t);
}

static void test_gsm7_escape_at_boundary(void **state)
{
    /* 152 'a' then '{': the escape would be septet 153, its pair 154. */
    char *t = cat(cat(rep("a", 152), "{"), "tail-tail!");
    int udhi, n;

    (void)state;
    n = kf_sms_split(t, strlen(t), KF_CS_GSM7, 3, 0, segs, MAXSEG, &udhi);
    assert_int_equal(n, 2);
    assert_int_equal(check_udh(0, 0, 3, 2), 152); /* moved back one */
    assert_int_not_equal(segs[0].data[segs[0].len - 1], 0x1B);
    assert_int_equal(check_udh(1, 0, 3, 2), 12);
    assert_int_equal(segs[1].data[6], 0x1B);
    assert_int_equal(segs[1].data[7], 0x28);
    rejoins_to(n, 1, KF_CS_GSM7, t);
    free_segs(n);
    free(t);

    /* 153 'a' then '{': the cut falls cleanly before the pair. */
    t = cat(cat(rep("a", 153), "{"), "0123456789");
    n = kf_sms_split(t, strlen(t), KF_CS_GSM7, 3, 0, segs, MAXSEG, &udhi);
    assert_int_equal(n, 2);
    assert_int_equal(check_udh(0, 0, 3, 2), 153);
    assert_int_equal(check_udh(1, 0, 3, 2), 12);
    assert_int_equal(segs[1].data[6], 0x1B);
    free_segs(n);
    free(t);

    /* Same with the 16-bit reference, where the limit is 152. */
    t = cat(cat(rep("a", 151), "€€"), "0123456789");
    n = kf_sms_split(t, strlen(t), KF_CS_GSM7, 3, 1, segs, MAXSEG, &udhi);
    assert_int_equal(n, 2);
    assert_int_equal(check_udh(0, 1, 3, 2), 151);
    assert_int_equal(check_udh(1, 1, 3, 2), 14);
    rejoins_to(n, 1, KF_CS_GSM7, t);
    free_segs(n);
    free(t);
}

static void test_ucs2_70_71(void **state)
{
    char *t70 = rep("中", 70), *t71 = rep("中", 71);
    int udhi, n;

    (void)state;
    n = kf_sms_split(t70, strlen(t70), KF_CS_UCS2, 7, 0, segs, MAXSEG, &udhi);
    assert_int_equal(n, 1);
    assert_int_equal(udhi, 0);
    assert_int_equal(segs[0].len, 140);
    assert_int_equal(segs[0].data[0], 0x4E);
    assert_int_equal(segs[0].data[1], 0x2D);
    free_segs(n);
    n = kf_sms_split(t71, strlen(t71), KF_CS_UCS2, 7, 0, segs, MAXSEG, &udhi);
    assert_int_equal(n, 2);
    assert_int_equal(udhi, 1);
    assert_int_equal(check_udh(0, 0, 7, 2), 134); /* 67 units */
    assert_int_equal(check_udh(1, 0, 7, 2), 8);   /* 4 units */
    rejoins_to(n, 1, KF_CS_UCS2, t71);
    free_segs(n);
    n = kf_sms_split(t71, strlen(t71), KF_CS_UCS2, 7, 1, segs, MAXSEG, &udhi);
    assert_int_equal(n, 2);
    assert_int_equal(check_udh(0, 1, 7, 2), 132); /* 66 units */
    assert_int_equal(check_udh(1, 1, 7, 2), 10);
    free_segs(n);
    free(t70);
    free(t71);
}

static void test_ucs2_surrogate_at_boundary(void **state)
{
    /* 66 CJK + emoji: the emoji's high half would be unit 67. */
    char *t = cat(cat(rep("文", 66), "😀"), "尾巴尾巴尾");
    int udhi, n;

    (void)state;
    n = kf_sms_split(t, strlen(t), KF_CS_UCS2, 1, 0, segs, MAXSEG, &udhi);
    assert_int_equal(n, 2);
    assert_int_equal(check_udh(0, 0, 1, 2), 132);
    assert_int_equal(check_udh(1, 0, 1, 2), 14);
    assert_int_equal(segs[1].data[6], 0xD8);
    assert_int_equal(segs[1].data[7], 0x3D);
    rejoins_to(n, 1, KF_CS_UCS2, t);
    free_segs(n);
    free(t);

    /* 70 units exactly with an emoji last: still one message. */
    t = cat(rep("文", 68), "😀");
    n = kf_sms_split(t, strlen(t), KF_CS_UCS2, 1, 0, segs, MAXSEG, &udhi);
    assert_int_equal(n, 1);
    assert_int_equal(segs[0].len, 140);
    free_segs(n);
    free(t);
}

static void test_latin1(void **state)
{
    char *t140 = rep("é", 140), *t141 = rep("é", 141);
    int udhi, n;

    (void)state;
    n = kf_sms_split(t140, strlen(t140), KF_CS_LATIN1, 1, 0, segs, MAXSEG, &udhi);
    assert_int_equal(n, 1);
    assert_int_equal(segs[0].len, 140);
    assert_int_equal(segs[0].data[0], 0xE9);
    free_segs(n);
    n = kf_sms_split(t141, strlen(t141), KF_CS_LATIN1, 1, 0, segs, MAXSEG, &udhi);
    assert_int_equal(n, 2);
    assert_int_equal(check_udh(0, 0, 1, 2), 134);
    assert_int_equal(check_udh(1, 0, 1, 2), 7);
    free_segs(n);
    n = kf_sms_split(t141, strlen(t141), KF_CS_LATIN1, 1, 1, segs, MAXSEG, &udhi);
    assert_int_equal(check_udh(0, 1, 1, 2), 133);
    free_segs(n);
    free(t140);
    free(t141);
}

static void test_limits(void **state)
{
    char *t = rep("z", 255 * 153);
    int udhi, n;

    (void)state;
    n = kf_sms_split(t, strlen(t), KF_CS_GSM7, 1, 0, segs, MAXSEG, &udhi);
    assert_int_equal(n, 255);
    assert_int_equal(check_udh(254, 0, 1, 255), 153);
    free_segs(n);
    t = cat(t, "z");
    udhi = -1;
    assert_int_equal(kf_sms_split(t, strlen(t), KF_CS_GSM7, 1, 0, segs, MAXSEG, &udhi), KF_ETOOBIG);
    assert_int_equal(udhi, 0);
    free(t);

    t = rep("z", 400); /* 3 parts */
    assert_int_equal(kf_sms_split(t, 400, KF_CS_GSM7, 1, 0, segs, 2, &udhi), KF_ETOOBIG);
    n = kf_sms_split(t, 400, KF_CS_GSM7, 1, 0, segs, 3, NULL);
    assert_int_equal(n, 3);
    free_segs(n);
    assert_int_equal(kf_sms_split(t, 10, KF_CS_GSM7, 1, 0, segs, 0, &udhi), KF_ETOOBIG);
    free(t);
}

static void test_errors_and_empty(void **state)
{
    int udhi, n;

    (void)state;
    assert_int_equal(kf_sms_split("中", 3, KF_CS_GSM7, 1, 0, segs, MAXSEG, &udhi), KF_ECHARSET);
    assert_int_equal(kf_sms_split("a\xC0\x80", 3, KF_CS_UCS2, 1, 0, segs, MAXSEG, &udhi),
                     KF_EINVAL);
    assert_int_equal(kf_sms_split("ab", 2, KF_CS_BINARY, 1, 0, segs, MAXSEG, &udhi), KF_EINVAL);
    assert_int_equal(kf_sms_split("ab", 2, KF_CS_UNKNOWN, 1, 0, segs, MAXSEG, &udhi), KF_EINVAL);
    n = kf_sms_split("", 0, KF_CS_GSM7, 1, 0, segs, MAXSEG, &udhi);
    assert_int_equal(n, 1);
    assert_int_equal(udhi, 0);
    assert_int_equal(segs[0].len, 0);
    free_segs(n);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_gsm7_160_161),
        cmocka_unit_test(test_gsm7_exact_multiples),
        cmocka_unit_test(test_gsm7_escape_counts_two),
        cmocka_unit_test(test_gsm7_escape_at_boundary),
        cmocka_unit_test(test_ucs2_70_71),
        cmocka_unit_test(test_ucs2_surrogate_at_boundary),
        cmocka_unit_test(test_latin1),
        cmocka_unit_test(test_limits),
        cmocka_unit_test(test_errors_and_empty),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
