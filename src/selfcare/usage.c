/* SPDX-License-Identifier: MIT
 *
 * usage.c -- the usage-record CSV decoder (outside input: fuzzed):
 *
 *   number,type,amount,timestamp,record_id
 *   13800138001,data,20480,2026-11-25T10:15:00+08:00,gw1-000017
 *
 * type voice (amount in seconds), sms (messages) or data (KB). Each bad
 * line is reported as "name:line: field: reason" and skipped; the good
 * lines go on. docs/OPERATIONS.md documents the format.
 */
#include "selfcare/selfcare_int.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "base/base.h"

#define MAX_FIELDS 5
#define MAX_AMOUNT 1000000000LL /* 1e9 s, messages or KB: far beyond one record */

struct field {
    const char *p;
    size_t n;
};

static int all_digits(const char *p, size_t n)
{
    if (n == 0)
        return 0;
    for (size_t i = 0; i < n; i++)
        if (p[i] < '0' || p[i] > '9')
            return 0;
    return 1;
}

static int64_t digits_value(const char *p, size_t n)
{
    int64_t v = 0;
    for (size_t i = 0; i < n; i++)
        v = v * 10 + (p[i] - '0');
    return v;
}

/* "nn" at p as a number in [lo, hi], or -1. */
static int two(const char *p, int lo, int hi)
{
    int v;
    if (p[0] < '0' || p[0] > '9' || p[1] < '0' || p[1] > '9')
        return -1;
    v = (p[0] - '0') * 10 + (p[1] - '0');
    return v >= lo && v <= hi ? v : -1;
}

/* ISO 8601 ("2026-11-25T10:15:00+08:00", "...Z", "2026-11-25 10:15:00" in
 * the operator's zone) or Unix seconds. Returns 0 with *ms, or -1. */
static int parse_time(const char *p, size_t n, int tz, int64_t *ms)
{
    int y, mo, d, h, mi, s, off;

    if (all_digits(p, n) && n >= 9 && n <= 11) {
        *ms = digits_value(p, n) * 1000;
        return 0;
    }
    if (n < 19 || !all_digits(p, 4) || p[4] != '-' || p[7] != '-' ||
        (p[10] != 'T' && p[10] != ' ') || p[13] != ':' || p[16] != ':')
        return -1;
    y = (int)digits_value(p, 4);
    mo = two(p + 5, 1, 12);
    d = two(p + 8, 1, 31);
    h = two(p + 11, 0, 23);
    mi = two(p + 14, 0, 59);
    s = two(p + 17, 0, 60);
    if (y < 2000 || y > 2100 || mo < 0 || d < 0 || h < 0 || mi < 0 || s < 0 ||
        d > kf_cycle_days(y * 100 + mo))
        return -1;
    if (n == 19)
        off = tz;
    else if (n == 20 && p[19] == 'Z')
        off = 0;
    else if (n == 25 && (p[19] == '+' || p[19] == '-') && p[22] == ':' && two(p + 20, 0, 14) >= 0 &&
             two(p + 23, 0, 59) >= 0)
        off = (p[19] == '-' ? -1 : 1) * (two(p + 20, 0, 14) * 3600 + two(p + 23, 0, 59) * 60);
    else
        return -1;
    *ms = kf_civil_to_ms(y, mo, d, off) + ((int64_t)h * 3600 + mi * 60 + s) * 1000;
    return 0;
}

struct line_ctx {
    const char *name;
    int line;
    struct kf_buf *errs;
    int max_errors, nbad;
};

static void bad(struct line_ctx *c, const char *field, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static void bad(struct line_ctx *c, const char *field, const char *fmt, ...)
{
    char why[160];
    va_list ap;

    if (c->nbad++ >= c->max_errors || c->errs == NULL)
        return;
    va_start(ap, fmt);
    vsnprintf(why, sizeof why, fmt, ap);
    va_end(ap);
    kf_buf_printf(c->errs, "%s%s:%d: %s: %s", c->errs->len ? "\n" : "", c->name, c->line,
                  field, why);
}

static int split(const char *s, size_t n, struct field f[MAX_FIELDS])
{
    int k = 0;
    size_t start = 0;

    for (size_t i = 0; i <= n; i++) {
        if (i < n && s[i] != ',')
            continue;
        if (k == MAX_FIELDS)
            return MAX_FIELDS + 1;
        f[k].p = s + start;
        f[k].n = i - start;
        while (f[k].n && (f[k].p[0] == ' ' || f[k].p[0] == '\t')) {
            f[k].p++;
            f[k].n--;
        }
        while (f[k].n && (f[k].p[f[k].n - 1] == ' ' || f[k].p[f[k].n - 1] == '\t'))
            f[k].n--;
        k++;
        start = i + 1;
    }
    return k;
}

static int printable_id(const char *p, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if ((unsigned char)p[i] <= ' ' || (unsigned char)p[i] >= 0x7f || p[i] == '"')
            return 0;
    return n > 0;
}

/* Decodes one line into u; returns 0 or -1 (reported). */
static int decode(struct line_ctx *c, const char *s, size_t n, int tz, struct kf_usage_line *u)
{
    struct field f[MAX_FIELDS];
    int k = split(s, n, f);

    memset(u, 0, sizeof *u);
    u->line = c->line;
    if (k != MAX_FIELDS)
        return bad(c, "line", "%d fields; want number,type,amount,timestamp,record_id", k), -1;
    if (!all_digits(f[0].p, f[0].n) || f[0].n < 5 || f[0].n >= sizeof u->number)
        return bad(c, "number", "not a phone number (5 to 21 digits)"), -1;
    memcpy(u->number, f[0].p, f[0].n);
    u->type = kf_usage_type_parse(f[1].p, f[1].n);
    if (u->type < 0)
        return bad(c, "type", "\"%.*s\" is not voice, sms or data", (int)(f[1].n > 16 ? 16 : f[1].n),
                   f[1].p), -1;
    if (!all_digits(f[2].p, f[2].n) || f[2].n > 10 || digits_value(f[2].p, f[2].n) > MAX_AMOUNT)
        return bad(c, "amount", "not a whole number from 0 to %lld", MAX_AMOUNT), -1;
    u->amount = digits_value(f[2].p, f[2].n);
    if (parse_time(f[3].p, f[3].n, tz, &u->ts_ms))
        return bad(c, "timestamp", "not ISO 8601 (2026-11-25T10:15:00+08:00) or Unix seconds"), -1;
    if (!printable_id(f[4].p, f[4].n) || f[4].n >= sizeof u->record_id)
        return bad(c, "record_id", "must be 1 to %zu printable characters", sizeof u->record_id - 1),
               -1;
    memcpy(u->record_id, f[4].p, f[4].n);
    return 0;
}

static int is_header(const char *s, size_t n)
{
    return n >= 6 && strncmp(s, "number", 6) == 0;
}

int kf_usage_parse(const char *text, size_t len, const char *name, int first_line,
                   int tz_offset_s, void (*fn)(void *arg, const struct kf_usage_line *u),
                   void *arg, struct kf_buf *errs, int max_errors)
{
    struct line_ctx c = {name, first_line - 1, errs, max_errors, 0};
    struct kf_usage_line u;
    size_t i = 0;

    while (i < len) {
        const char *s = text + i, *nl = memchr(s, '\n', len - i);
        size_t n = nl ? (size_t)(nl - s) : len - i;
        i += n + (nl != NULL);
        c.line++;
        if (n && s[n - 1] == '\r')
            n--;
        if (n == 0 || s[0] == '#' || (c.line == first_line && is_header(s, n)))
            continue;
        if (decode(&c, s, n, tz_offset_s, &u) == 0)
            fn(arg, &u);
    }
    return c.nbad;
}
