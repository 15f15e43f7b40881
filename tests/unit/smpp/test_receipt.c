/* SPDX-License-Identifier: MIT
 * test_receipt.c -- Appendix B delivery receipts: the exact text we write,
 * the receipts real SMSCs send (case, seconds, long stat words, missing
 * fields), and format/parse round trips. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "base/err.h"
#include "smpp/smpp.h"

/* 2024-03-15 10:15 and 10:16 UTC */
#define T1015 1710497700000LL
#define T1016 1710497760000LL

static struct kf_smpp_receipt r;

static int parse_str(const char *s)
{
    return kf_smpp_receipt_parse((const uint8_t *)s, strlen(s), &r);
}

static void format_exact(void **state)
{
    char out[255];
    int n;
    (void)state;

    memset(&r, 0, sizeof(r));
    memcpy(r.id, "1234567890", 11);
    r.sub = 1;
    r.dlvrd = 1;
    r.submit_ms = T1015;
    r.done_ms = T1016 + 59999; /* seconds are not shown */
    r.state = KF_MSG_DELIVERED;
    r.err = 0;
    memcpy(r.text, "Hello world, this is", 21);
    n = kf_smpp_receipt_format(&r, out, sizeof(out));
    assert_int_equal(n, (int)strlen(out));
    assert_string_equal(out, "id:1234567890 sub:001 dlvrd:001 submit date:2403151015 done "
                             "date:2403151016 stat:DELIVRD err:000 text:Hello world, this is");
}

static void format_clamps_and_unknown_state(void **state)
{
    char out[255];
    (void)state;

    memset(&r, 0, sizeof(r));
    memcpy(r.id, "x", 2);
    r.sub = 1000;
    r.err = 12345;
    r.state = 42;
    r.submit_ms = T1015;
    r.done_ms = T1015;
    assert_true(kf_smpp_receipt_format(&r, out, sizeof(out)) > 0);
    assert_string_equal(out, "id:x sub:999 dlvrd:000 submit date:2403151015 done date:2403151015 "
                             "stat:UNKNOWN err:999 text:");
}

/* The longest receipt fits in 254 bytes; a short buffer is KF_ETOOBIG. */
static void format_sizes(void **state)
{
    char out[300];
    int n;
    (void)state;

    memset(&r, 0, sizeof(r));
    memset(r.id, 'i', sizeof(r.id)); /* unterminated: 64 are used */
    memset(r.text, 't', sizeof(r.text));
    r.state = KF_MSG_UNDELIVERABLE;
    n = kf_smpp_receipt_format(&r, out, sizeof(out));
    assert_true(n > 0 && n <= 254);
    assert_int_equal(strlen(out), n);
    assert_int_equal(kf_smpp_receipt_format(&r, out, (size_t)n), KF_ETOOBIG);
    assert_int_equal(kf_smpp_receipt_format(&r, out, (size_t)n + 1), n);
    assert_int_equal(kf_smpp_receipt_format(&r, out, 0), KF_ETOOBIG);
}

static void parse_standard(void **state)
{
    (void)state;
    assert_int_equal(parse_str("id:0911897980 sub:001 dlvrd:000 submit date:1201121551 done "
                               "date:1201121552 stat:UNDELIV err:075 text:-PROFILE"),
                     0);
    assert_string_equal(r.id, "0911897980");
    assert_int_equal(r.sub, 1);
    assert_int_equal(r.dlvrd, 0);
    assert_int_equal(r.submit_ms, 1326383460000LL); /* 2012-01-12 15:51 UTC */
    assert_int_equal(r.done_ms, 1326383520000LL);
    assert_int_equal(r.state, KF_MSG_UNDELIVERABLE);
    assert_int_equal(r.err, 75);
    assert_string_equal(r.text, "-PROFILE");
}

static void parse_variants(void **state)
{
    (void)state;
    /* "Text:" capitalised, dates with seconds, long stat word */
    assert_int_equal(parse_str("id:AB12 sub:1 dlvrd:1 submit date:240315101500 done "
                               "date:240315101642 stat:DELIVERED err:0 Text:hi"),
                     0);
    assert_string_equal(r.id, "AB12");
    assert_int_equal(r.submit_ms, T1015);
    assert_int_equal(r.done_ms, T1016 + 42000);
    assert_int_equal(r.state, KF_MSG_DELIVERED);
    assert_string_equal(r.text, "hi");
    /* order does not matter, missing fields stay zero */
    assert_int_equal(parse_str("stat:REJECTD id:z9"), 0);
    assert_string_equal(r.id, "z9");
    assert_int_equal(r.state, KF_MSG_REJECTED);
    assert_int_equal(r.sub, 0);
    assert_int_equal(r.submit_ms, 0);
    assert_string_equal(r.text, "");
    /* an unknown word is UNKNOWN; a bad date is left unset */
    assert_int_equal(parse_str("id:1 stat:WEIRD submit date:2413011200 done date:24"), 0);
    assert_int_equal(r.state, KF_MSG_UNKNOWN);
    assert_int_equal(r.submit_ms, 0);
    assert_int_equal(r.done_ms, 0);
}

static void parse_every_stat_word(void **state)
{
    static const char *const words[] = {"ENROUTE", "DELIVRD", "EXPIRED", "DELETED",
                                        "UNDELIV", "ACCEPTD", "UNKNOWN", "REJECTD"};
    char buf[64];
    unsigned i;
    (void)state;

    for (i = 0; i < 8; i++) {
        assert_string_equal(kf_smpp_state_stat((uint8_t)(i + 1)), words[i]);
        memcpy(buf, "id:1 stat:", 10);
        memcpy(buf + 10, words[i], 8);
        assert_int_equal(parse_str(buf), 0);
        assert_int_equal(r.state, i + 1);
    }
}

/* Keys inside text: do not override the real fields. */
static void text_cannot_spoof(void **state)
{
    (void)state;
    assert_int_equal(parse_str("id:real stat:DELIVRD err:000 text:id:fake stat:REJECTD"), 0);
    assert_string_equal(r.id, "real");
    assert_int_equal(r.state, KF_MSG_DELIVERED);
    assert_string_equal(r.text, "id:fake stat:REJECTD");
    /* and "id:" must start a word */
    assert_int_equal(parse_str("msgid:1 stat:DELIVRD"), KF_EINVAL);
}

static void parse_limits(void **state)
{
    char buf[200];
    static const uint8_t nul_text[] = "id:a text:ab\0cd";
    (void)state;

    assert_int_equal(parse_str(""), KF_EINVAL);
    assert_int_equal(parse_str("sub:001 dlvrd:001 stat:DELIVRD"), KF_EINVAL);
    /* An id of 80 bytes is cut to 64; text to 20 bytes. */
    memcpy(buf, "id:", 3);
    memset(buf + 3, 'q', 80);
    memcpy(buf + 83, " sub:1234 text:0123456789012345678901234", 41);
    assert_int_equal(parse_str(buf), 0);
    assert_int_equal(strlen(r.id), 64);
    assert_int_equal(r.sub, 999);
    assert_string_equal(r.text, "01234567890123456789");
    /* text stops at a NUL byte */
    assert_int_equal(kf_smpp_receipt_parse(nul_text, sizeof(nul_text) - 1, &r), 0);
    assert_string_equal(r.text, "ab");
    /* never reads beyond len: "id:abc" cut to "id:a" */
    assert_int_equal(kf_smpp_receipt_parse((const uint8_t *)"id:abc", 4, &r), 0);
    assert_string_equal(r.id, "a");
}

static void roundtrip(void **state)
{
    struct kf_smpp_receipt a;
    char out[255];
    (void)state;

    memset(&a, 0, sizeof(a));
    memcpy(a.id, "5f3c-11ee", 10);
    a.sub = 3;
    a.dlvrd = 2;
    a.submit_ms = T1015;
    a.done_ms = T1016;
    a.state = KF_MSG_EXPIRED;
    a.err = 27;
    memcpy(a.text, "text with spaces", 17);
    assert_true(kf_smpp_receipt_format(&a, out, sizeof(out)) > 0);
    assert_int_equal(parse_str(out), 0);
    assert_memory_equal(&a, &r, sizeof(a));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(format_exact),      cmocka_unit_test(format_clamps_and_unknown_state),
        cmocka_unit_test(format_sizes),      cmocka_unit_test(parse_standard),
        cmocka_unit_test(parse_variants),    cmocka_unit_test(parse_every_stat_word),
        cmocka_unit_test(text_cannot_spoof), cmocka_unit_test(parse_limits),
        cmocka_unit_test(roundtrip),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
