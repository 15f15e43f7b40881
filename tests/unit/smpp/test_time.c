/* SPDX-License-Identifier: MIT
 * test_time.c -- SMPP absolute and relative times against epoch values
 * computed independently (Python datetime), the strings that must be
 * refused, and formatting. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "base/err.h"
#include "smpp/smpp.h"

static int64_t parse(const char *s, int64_t now)
{
    int64_t ms = -1;

    assert_int_equal(kf_smpp_time_parse(s, now, &ms), 0);
    return ms;
}

static void absolute_times(void **state)
{
    (void)state;
    assert_int_equal(parse("000101000000000+", 0), 946684800000LL);
    /* 2024-03-15 10:15:30.3 at UTC+03:00 (12 quarters) is 07:15:30.3 UTC */
    assert_int_equal(parse("240315101530312+", 0), 1710486930300LL);
    /* ... at UTC+00:45 is 09:30:30.3 UTC */
    assert_int_equal(parse("240315101530303+", 0), 1710495030300LL);
    /* ... at UTC-01:00 is 11:15:30.3 UTC */
    assert_int_equal(parse("240315101530304-", 0), 1710501330300LL);
    assert_int_equal(parse("991231235959000+", 0), 4102444799000LL);
    /* UTC+12:00 pushes 2000-01-01 12:00 back to 1999-12-31 */
    assert_int_equal(parse("000101000000048+", 0), 946684800000LL - 12 * 3600000LL);
    assert_int_equal(parse("000101120000048-", 0), 946728000000LL + 12 * 3600000LL);
    /* now_ms does not matter for absolute times */
    assert_int_equal(parse("000101000000000-", 123456789), 946684800000LL);
}

static void leap_days(void **state)
{
    int64_t ms;
    (void)state;

    assert_int_equal(parse("240229000000000+", 0), 1709164800000LL);
    assert_int_equal(kf_smpp_time_parse("000229000000000+", 0, &ms), 0); /* 2000 */
    assert_int_equal(kf_smpp_time_parse("230229000000000+", 0, &ms), KF_EINVAL);
    assert_int_equal(kf_smpp_time_parse("240230000000000+", 0, &ms), KF_EINVAL);
    assert_int_equal(kf_smpp_time_parse("240431000000000+", 0, &ms), KF_EINVAL);
}

static void relative_times(void **state)
{
    const int64_t jan1 = 1704067200000LL;       /* 2024-01-01 00:00 */
    const int64_t jan31_noon = 1706702400000LL; /* 2024-01-31 12:00 */
    (void)state;

    assert_int_equal(parse("000000000000000R", jan1), jan1);
    assert_int_equal(parse("000002030405000R", jan1), 1704251045000LL);
    /* Jan 31 + 1 month = "Feb 31" = Mar 2 in a leap year */
    assert_int_equal(parse("000100000000000R", jan31_noon), 1709380800000LL);
    /* Feb 29 2024 + 1 year = "Feb 29 2025" = Mar 1 2025 */
    assert_int_equal(parse("010000000000000R", 1709164800000LL), 1740787200000LL);
    /* 12 months is a year, 99 hours is 4 days 3 hours */
    assert_int_equal(parse("001200000000000R", jan1), parse("010000000000000R", jan1));
    assert_int_equal(parse("000000990000000R", jan1), jan1 + 99 * 3600000LL);
    /* before the epoch too */
    assert_int_equal(parse("000001000000000R", -86400000LL), 0);
}

static void empty_is_unset(void **state)
{
    int64_t ms = 77;
    (void)state;

    assert_int_equal(kf_smpp_time_parse("", 5, &ms), 0);
    assert_int_equal(ms, 0);
}

static void refused(void **state)
{
    static const char *const bad[] = {
        "0",
        "24031510153031+",   /* 15 chars */
        "2403151015303120+", /* 17 chars */
        "240315101530312",   /* no sign */
        "240315101530312X",
        "240315101530312r",
        "24031510153a312+",
        "2403151015303 2+",
        "-40315101530312+",
        "241315101530312+", /* month 13 */
        "240015101530312+", /* month 0 */
        "240300101530312+", /* day 0 */
        "240315241530312+", /* hour 24 */
        "240315106030312+", /* minute 60 */
        "240315101560312+", /* second 60 */
        "240315101530349+", /* 49 quarter hours */
        "2403151015303a2R",
    };
    size_t i;
    int64_t ms;
    (void)state;

    for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
        if (kf_smpp_time_parse(bad[i], 0, &ms) != KF_EINVAL)
            fail_msg("accepted \"%s\"", bad[i]);
    /* a relative time from a clock that cannot be right */
    assert_int_equal(kf_smpp_time_parse("000001000000000R", INT64_MAX, &ms), KF_EINVAL);
}

static void format(void **state)
{
    char out[KF_SMPP_TIME_MAX];
    (void)state;

    memset(out, 'x', sizeof(out));
    kf_smpp_time_format(1710495030300LL, out);
    assert_string_equal(out, "240315093030000+");
    kf_smpp_time_format(946684800000LL, out);
    assert_string_equal(out, "000101000000000+");
    kf_smpp_time_format(4102444799999LL, out);
    assert_string_equal(out, "991231235959000+");
    kf_smpp_time_format(0, out);
    assert_string_equal(out, "700101000000000+");
    kf_smpp_time_format(-1, out); /* 1969-12-31 23:59:59.999 */
    assert_string_equal(out, "691231235959000+");
}

/* format then parse gives the time back, to the second, for 2000..2099. */
static void format_parse_roundtrip(void **state)
{
    char out[KF_SMPP_TIME_MAX];
    int64_t t;
    (void)state;

    for (t = 946684800000LL; t < 4102444800000LL; t += 86400000LL * 37 + 3723456) {
        kf_smpp_time_format(t, out);
        assert_int_equal(parse(out, 0), t - t % 1000);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(absolute_times),
        cmocka_unit_test(leap_days),
        cmocka_unit_test(relative_times),
        cmocka_unit_test(empty_is_unset),
        cmocka_unit_test(refused),
        cmocka_unit_test(format),
        cmocka_unit_test(format_parse_roundtrip),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
