/* SPDX-License-Identifier: MIT
 *
 * price.c -- the arithmetic of tariffs: civil dates in the operator's zone,
 * billing cycles (calendar months, YYYYMM), overage with caps and blocks,
 * first-month proration, and the exact per-record charge (the difference of
 * cumulative costs, so a cap is never crossed twice and the order in which
 * records arrive never changes the bill).
 */
#include "tariff/tariff_int.h"

#include <stdio.h>
#include <string.h>

#include "base/base.h"

#define DAY_MS 86400000LL

static const char *const use_names[KF_USE_N] = {"voice", "sms", "data"};

int kf_usage_type_parse(const char *s, size_t len)
{
    for (int t = 0; t < KF_USE_N; t++)
        if (strlen(use_names[t]) == len && memcmp(use_names[t], s, len) == 0)
            return t;
    return -1;
}

const char *kf_usage_type_name(int type)
{
    return type >= 0 && type < KF_USE_N ? use_names[type] : "?";
}

void kf_fen_text(char *out, size_t cap, int64_t fen)
{
    const char *sign = fen < 0 ? "-" : "";
    if (fen < 0)
        fen = -fen;
    if (fen % 100 == 0)
        snprintf(out, cap, "%s%lld元", sign, (long long)(fen / 100));
    else if (fen % 10 == 0)
        snprintf(out, cap, "%s%lld.%lld元", sign, (long long)(fen / 100), (long long)(fen % 100 / 10));
    else
        snprintf(out, cap, "%s%lld.%02lld元", sign, (long long)(fen / 100), (long long)(fen % 100));
}

/* ------------------------------------------------------- civil dates */

/* Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's
 * days_from_civil). */
static int64_t days_from_civil(int64_t y, int m, int d)
{
    y -= m <= 2;
    int64_t era = (y >= 0 ? y : y - 399) / 400;
    int64_t yoe = y - era * 400;
    int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

static void civil_from_days(int64_t z, int *y, int *m, int *d)
{
    z += 719468;
    int64_t era = (z >= 0 ? z : z - 146096) / 146097;
    int64_t doe = z - era * 146097;
    int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    int64_t mp = (5 * doy + 2) / 153;
    *d = (int)(doy - (153 * mp + 2) / 5 + 1);
    *m = (int)(mp < 10 ? mp + 3 : mp - 9);
    *y = (int)(yoe + era * 400 + (*m <= 2));
}

static int64_t floor_div(int64_t a, int64_t b)
{
    return a / b - (a % b != 0 && (a < 0) != (b < 0));
}

void kf_civil_from_ms(int64_t ms, int tz_offset_s, struct kf_civil *out)
{
    int64_t local = ms + (int64_t)tz_offset_s * 1000;
    int64_t days = floor_div(local, DAY_MS);
    int64_t in_day = (local - days * DAY_MS) / 1000;

    civil_from_days(days, &out->year, &out->month, &out->day);
    out->hour = (int)(in_day / 3600);
    out->minute = (int)(in_day / 60 % 60);
    out->second = (int)(in_day % 60);
    out->wday = (int)((days % 7 + 11) % 7); /* 1970-01-01 was a Thursday */
}

int64_t kf_civil_to_ms(int year, int month, int day, int tz_offset_s)
{
    while (month > 12) {
        month -= 12;
        year++;
    }
    /* day may run past the month's end: days_from_civil is linear in d */
    return days_from_civil(year, month, 1) * DAY_MS + (int64_t)(day - 1) * DAY_MS -
           (int64_t)tz_offset_s * 1000;
}

/* ----------------------------------------------------------- cycles */

int kf_cycle_of(int64_t ms, int tz_offset_s)
{
    struct kf_civil c;
    kf_civil_from_ms(ms, tz_offset_s, &c);
    return c.year * 100 + c.month;
}

int kf_cycle_next(int cycle)
{
    return cycle % 100 == 12 ? (cycle / 100 + 1) * 100 + 1 : cycle + 1;
}

int kf_cycle_prev(int cycle)
{
    return cycle % 100 == 1 ? (cycle / 100 - 1) * 100 + 12 : cycle - 1;
}

int64_t kf_cycle_start_ms(int cycle, int tz_offset_s)
{
    return kf_civil_to_ms(cycle / 100, cycle % 100, 1, tz_offset_s);
}

int kf_cycle_days(int cycle)
{
    static const int days[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    int y = cycle / 100, m = cycle % 100;

    if (m < 1 || m > 12)
        return 0;
    if (m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0))
        return 29;
    return days[m - 1];
}

int64_t kf_item_first_fee(const struct kf_item *it, int64_t at_ms, int tz_offset_s)
{
    struct kf_civil c;
    int days, left;

    switch (it->first_month) {
    case KF_FIRST_FREE:
        return 0;
    case KF_FIRST_PRORATE:
        kf_civil_from_ms(at_ms, tz_offset_s, &c);
        days = kf_cycle_days(c.year * 100 + c.month);
        left = days - c.day + 1;
        return (it->fee_fen * left * 2 + days) / (2 * days); /* nearest fen */
    default:
        return it->fee_fen;
    }
}

/* ----------------------------------------------------------- overage */

static int64_t units_cost(const struct kf_overage *o, int64_t amount)
{
    int64_t unit = o->unit > 0 ? o->unit : 1;
    int64_t c = (amount + unit - 1) / unit * o->unit_fen;
    return o->cap_fen > 0 && c > o->cap_fen ? o->cap_fen : c;
}

int64_t kf_overage_cost(const struct kf_overage *o, int64_t amount)
{
    if (amount <= 0)
        return 0;
    if (o->block <= 0)
        return units_cost(o, amount);
    return amount / o->block * units_cost(o, o->block) + units_cost(o, amount % o->block);
}

int64_t kf_rate_delta(const struct kf_overage *o, int64_t incl, int64_t before, int64_t add)
{
    return kf_overage_cost(o, before + add - incl) - kf_overage_cost(o, before - incl);
}

int64_t kf_plan_overage(const struct kf_item *plan, const int64_t *extra,
                        const struct kf_usage *u, int64_t by_type[KF_USE_N])
{
    int64_t total = 0;

    for (int t = 0; t < KF_USE_N; t++) {
        int64_t incl = plan->incl[t] + (extra ? extra[t] : 0);
        int64_t c = kf_overage_cost(&plan->over[t], u->amount[t] - incl);
        if (by_type)
            by_type[t] = c;
        total += c;
    }
    return total;
}
