/* SPDX-License-Identifier: MIT
 *
 * test_udh.c -- UDH parsing (src/sms/udh.c): 8- and 16-bit concatenation,
 * 8- and 16-bit application ports, unknown IEs, unusable concat values, and
 * malformed headers.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "base/err.h"
#include "sms/sms.h"

static void test_concat8(void **state)
{
    static const uint8_t sm[] = {0x05, 0x00, 0x03, 0xA7, 0x03, 0x02, 'h', 'i'};
    struct kf_sms_udh u;

    (void)state;
    assert_int_equal(kf_sms_udh_parse(sm, sizeof(sm), &u), 0);
    assert_int_equal(u.len, 6);
    assert_int_equal(u.concat.ref, 0xA7);
    assert_int_equal(u.concat.total, 3);
    assert_int_equal(u.concat.seq, 2);
    assert_int_equal(u.concat.ref16, 0);
    assert_int_equal(u.dst_port, 0);
    assert_int_equal(u.src_port, 0);
}

static void test_concat16(void **state)
{
    static const uint8_t sm[] = {0x06, 0x08, 0x04, 0x12, 0x34, 0x0A, 0x0A, 0x00, 0x41};
    struct kf_sms_udh u;

    (void)state;
    assert_int_equal(kf_sms_udh_parse(sm, sizeof(sm), &u), 0);
    assert_int_equal(u.len, 7);
    assert_int_equal(u.concat.ref, 0x1234);
    assert_int_equal(u.concat.total, 10);
    assert_int_equal(u.concat.seq, 10);
    assert_int_equal(u.concat.ref16, 1);
}

static void test_ports(void **state)
{
    /* 16-bit ports (WAP push 2948 from 9200) then 8-bit concat. */
    static const uint8_t p16[] = {0x0B, 0x05, 0x04, 0x0B, 0x84, 0x23,
                                  0xF0, 0x00, 0x03, 0x01, 0x02, 0x01};
    static const uint8_t p8[] = {0x04, 0x04, 0x02, 0xF5, 0xF6};
    struct kf_sms_udh u;

    (void)state;
    assert_int_equal(kf_sms_udh_parse(p16, sizeof(p16), &u), 0);
    assert_int_equal(u.len, 12);
    assert_int_equal(u.dst_port, 2948);
    assert_int_equal(u.src_port, 9200);
    assert_int_equal(u.concat.total, 2);
    assert_int_equal(u.concat.seq, 1);
    assert_int_equal(kf_sms_udh_parse(p8, sizeof(p8), &u), 0);
    assert_int_equal(u.len, 5);
    assert_int_equal(u.dst_port, 0xF5);
    assert_int_equal(u.src_port, 0xF6);
    assert_int_equal(u.concat.total, 0);
}

static void test_unknown_and_empty(void **state)
{
    /* Special SMS indication (0x01), a zero-length unknown IE (0x70) and a
     * concat IE with IEDL 0 (unusable): all skipped. */
    static const uint8_t skip[] = {0x08, 0x01, 0x02, 0x80, 0x01, 0x70, 0x00, 0x00, 0x00, 'x'};
    /* The same unknown IEs, then a concat IE that is usable. */
    static const uint8_t found[] = {0x0B, 0x01, 0x02, 0x80, 0x01, 0x70,
                                    0x00, 0x00, 0x03, 0x05, 0x02, 0x02};
    static const uint8_t empty[] = {0x00, 'x'};
    struct kf_sms_udh u;

    (void)state;
    assert_int_equal(kf_sms_udh_parse(skip, sizeof(skip), &u), 0);
    assert_int_equal(u.len, 9);
    assert_int_equal(u.concat.total, 0);
    assert_int_equal(kf_sms_udh_parse(found, sizeof(found), &u), 0);
    assert_int_equal(u.len, 12);
    assert_int_equal(u.concat.ref, 5);
    assert_int_equal(u.concat.total, 2);
    assert_int_equal(u.concat.seq, 2);
    assert_int_equal(kf_sms_udh_parse(empty, sizeof(empty), &u), 0);
    assert_int_equal(u.len, 1);
    assert_int_equal(u.concat.total, 0);
}

static void test_unusable_concat_ignored(void **state)
{
    static const uint8_t total0[] = {0x05, 0x00, 0x03, 0x01, 0x00, 0x01};
    static const uint8_t seq0[] = {0x05, 0x00, 0x03, 0x01, 0x02, 0x00};
    static const uint8_t seq_big[] = {0x05, 0x00, 0x03, 0x01, 0x02, 0x03};
    static const uint8_t wrong_iedl[] = {0x06, 0x00, 0x04, 0x01, 0x02, 0x01, 0x00};
    static const uint8_t wrong16[] = {0x05, 0x08, 0x03, 0x01, 0x02, 0x01};
    /* A usable IE followed by an unusable repeat keeps the usable one; two
     * usable ones: the last wins. */
    static const uint8_t keep[] = {0x0A, 0x00, 0x03, 0x07, 0x02, 0x01,
                                   0x00, 0x03, 0x08, 0x00, 0x01};
    static const uint8_t last[] = {0x0B, 0x00, 0x03, 0x07, 0x02, 0x01,
                                   0x08, 0x04, 0x01, 0x00, 0x03, 0x03};
    const uint8_t *v[] = {total0, seq0, seq_big, wrong_iedl, wrong16};
    const size_t n[] = {sizeof(total0), sizeof(seq0), sizeof(seq_big), sizeof(wrong_iedl),
                        sizeof(wrong16)};
    struct kf_sms_udh u;
    size_t i;

    (void)state;
    for (i = 0; i < 5; i++) {
        assert_int_equal(kf_sms_udh_parse(v[i], n[i], &u), 0);
        assert_int_equal(u.len, n[i]);
        assert_int_equal(u.concat.total, 0);
    }
    assert_int_equal(kf_sms_udh_parse(keep, sizeof(keep), &u), 0);
    assert_int_equal(u.concat.ref, 7);
    assert_int_equal(u.concat.seq, 1);
    assert_int_equal(kf_sms_udh_parse(last, sizeof(last), &u), 0);
    assert_int_equal(u.concat.ref, 0x0100);
    assert_int_equal(u.concat.ref16, 1);
    assert_int_equal(u.concat.total, 3);
    assert_int_equal(u.concat.seq, 3);
}

static void test_malformed(void **state)
{
    static const uint8_t longer[] = {0x05, 0x00, 0x03, 0x01, 0x02}; /* UDHL past end */
    static const uint8_t overrun[] = {0x05, 0x00, 0x05, 0x01, 0x02, 0x01, 'a', 'b'};
    static const uint8_t half_ie[] = {0x04, 0x00, 0x01, 0x01, 0x00, 'a'}; /* IEI, no IEDL */
    static const uint8_t big_udhl[] = {0xFF, 0x00, 0x03};
    struct kf_sms_udh u;

    (void)state;
    assert_int_equal(kf_sms_udh_parse(longer, sizeof(longer), &u), KF_EPROTO);
    assert_int_equal(kf_sms_udh_parse(overrun, sizeof(overrun), &u), KF_EPROTO);
    assert_int_equal(u.len, 0); /* cleared on error */
    assert_int_equal(u.concat.total, 0);
    assert_int_equal(kf_sms_udh_parse(half_ie, sizeof(half_ie), &u), KF_EPROTO);
    assert_int_equal(kf_sms_udh_parse(big_udhl, sizeof(big_udhl), &u), KF_EPROTO);
    assert_int_equal(kf_sms_udh_parse(longer, 0, &u), KF_EPROTO);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_concat8),
        cmocka_unit_test(test_concat16),
        cmocka_unit_test(test_ports),
        cmocka_unit_test(test_unknown_and_empty),
        cmocka_unit_test(test_unusable_concat_ignored),
        cmocka_unit_test(test_malformed),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
