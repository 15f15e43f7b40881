/* SPDX-License-Identifier: MIT
 *
 * time.c -- SMPP time strings (section 7.1.1) to and from epoch milliseconds,
 * and the UTC calendar arithmetic behind them and the receipt dates.
 *
 * Absolute: "YYMMDDhhmmsstnnp" -- local time, t = tenths of a second,
 * nn = distance from UTC in quarter hours (00..48), p = '+' (ahead of UTC)
 * or '-'. Relative: "YYMMDDhhmmss000R" -- an offset from now, added field by
 * field on the calendar (years, then months, then days and the clock part).
 * Years are 20YY: SMPP has no century and every date we handle is in this
 * one. Pure: "now" is a parameter, never read from a clock.
 */
#include "smpp/smpp_int.h"

#include <string.h>

#include "base/err.h"

#define MS_PER_DAY 86400000LL
/* |now_ms| beyond ~142 000 years is no clock: refusing it keeps the
 * arithmetic far from int64 overflow. */
#define NOW_LIMIT (1LL << 52)

/* ============================================================ calendar */

/* Howard Hinnant's days_from_civil / civil_from_days algorithms: exact for
 * any int64 year, no tables, no libc time functions (timegm is not C11 and
 * gmtime_r reads the TZ database for nothing). */
int64_t kf_smpp__days_from_civil(int64_t y, unsigned m, unsigned d)
{
    int64_t era;
    unsigned yoe, doy, doe;

    y -= m <= 2;
    era = (y >= 0 ? y : y - 399) / 400;
    yoe = (unsigned)(y - era * 400);
    doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
    doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + (int64_t)doe - 719468;
}

void kf_smpp__civil_from_days(int64_t z, int64_t *y, unsigned *m, unsigned *d)
{
    int64_t era;
    unsigned doe, yoe, doy, mp;

    z += 719468;
    era = (z >= 0 ? z : z - 146096) / 146097;
    doe = (unsigned)(z - era * 146097);
    yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    mp = (5 * doy + 2) / 153;
    *d = doy - (153 * mp + 2) / 5 + 1;
    *m = mp < 10 ? mp + 3 : mp - 9;
    *y = (int64_t)yoe + era * 400 + (*m <= 2);
}

/* Gregorian leap years; m outside 1..12 is a programmer error and wraps. */
unsigned kf_smpp__days_in_month(int64_t y, unsigned m)
{
    static const unsigned char dim[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    int leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;

    if (m == 2)
        return 28u + (unsigned)leap;
    return dim[(m - 1) % 12];
}

/* Stops at the first non-digit, including a NUL, so it never reads past a
 * short string. */
int kf_smpp__digits(const char *s, size_t n, unsigned *out)
{
    unsigned v = 0;
    size_t i;

    for (i = 0; i < n; i++) {
        if (s[i] < '0' || s[i] > '9')
            return -1;
        v = v * 10 + (unsigned)(s[i] - '0');
    }
    *out = v;
    return 0;
}

static int64_t floor_div(int64_t a, int64_t b)
{
    return a / b - (a % b != 0 && (a < 0) != (b < 0));
}

/* ============================================================== parsing */

/* v[] = YY MM DD hh mm ss as read from the string. */
static int parse_abs(const unsigned v[6], unsigned t, unsigned nn, char sign, int64_t *out)
{
    int64_t y = 2000 + (int64_t)v[0], days, ms, off;

    if (v[1] < 1 || v[1] > 12 || v[2] < 1 || v[2] > kf_smpp__days_in_month(y, v[1]))
        return KF_EINVAL;
    if (v[3] > 23 || v[4] > 59 || v[5] > 59 || nn > 48)
        return KF_EINVAL;
    days = kf_smpp__days_from_civil(y, v[1], v[2]);
    ms = days * MS_PER_DAY + (((int64_t)v[3] * 60 + v[4]) * 60 + v[5]) * 1000 + t * 100;
    /* Local = UTC + offset for '+', so UTC = local - offset. */
    off = (int64_t)nn * 15 * 60 * 1000;
    *out = sign == '+' ? ms - off : ms + off;
    return 0;
}

static int parse_rel(const unsigned v[6], int64_t now_ms, int64_t *out)
{
    int64_t days, msofday, y;
    unsigned m, d, months;

    if (now_ms > NOW_LIMIT || now_ms < -NOW_LIMIT)
        return KF_EINVAL;
    days = floor_div(now_ms, MS_PER_DAY);
    msofday = now_ms - days * MS_PER_DAY;
    kf_smpp__civil_from_days(days, &y, &m, &d);
    months = (m - 1) + v[1];
    y += (int64_t)v[0] + months / 12;
    m = months % 12 + 1;
    /* A day past the month's end rolls over (Jan 31 + 1 month = Mar 3). */
    days = kf_smpp__days_from_civil(y, m, d) + v[2];
    *out = days * MS_PER_DAY + msofday + (((int64_t)v[3] * 60 + v[4]) * 60 + v[5]) * 1000;
    return 0;
}

/* Accepts exactly "" or 16 characters: twelve digits, three digits of
 * tenths and quarter hours (ignored in the relative form) and '+', '-' or
 * 'R'. Absolute times must be real dates and times with nn <= 48;
 * relative fields may each be 00..99. Returns 0 or KF_EINVAL. */
int kf_smpp_time_parse(const char *s, int64_t now_ms, int64_t *out_ms)
{
    unsigned v[6], t, nn, i;

    *out_ms = 0;
    if (s[0] == '\0')
        return 0;
    if (strnlen(s, KF_SMPP_TIME_MAX) != KF_SMPP_TIME_MAX - 1)
        return KF_EINVAL;
    for (i = 0; i < 6; i++)
        if (kf_smpp__digits(s + 2 * i, 2, &v[i]) != 0)
            return KF_EINVAL;
    if (kf_smpp__digits(s + 12, 1, &t) != 0 || kf_smpp__digits(s + 13, 2, &nn) != 0)
        return KF_EINVAL;
    switch (s[15]) {
    case '+':
    case '-':
        return parse_abs(v, t, nn, s[15], out_ms);
    case 'R':
        return parse_rel(v, now_ms, out_ms);
    default:
        return KF_EINVAL;
    }
}

/* =========================================================== formatting */

static void put2(char *p, unsigned v)
{
    p[0] = (char)('0' + v / 10 % 10);
    p[1] = (char)('0' + v % 10);
}

void kf_smpp__format_ymdhms(int64_t ms, char out[12])
{
    int64_t days = floor_div(ms, MS_PER_DAY), y;
    int64_t secs = (ms - days * MS_PER_DAY) / 1000;
    unsigned m, d;

    kf_smpp__civil_from_days(days, &y, &m, &d);
    put2(out, (unsigned)(((y % 100) + 100) % 100));
    put2(out + 2, m);
    put2(out + 4, d);
    put2(out + 6, (unsigned)(secs / 3600));
    put2(out + 8, (unsigned)(secs / 60 % 60));
    put2(out + 10, (unsigned)(secs % 60));
}

/* Sub-second precision is dropped: the tenths digit is always 0, as
 * smpp.h documents. */
void kf_smpp_time_format(int64_t ms, char out[KF_SMPP_TIME_MAX])
{
    kf_smpp__format_ymdhms(ms, out);
    memcpy(out + 12, "000+", 5);
}
