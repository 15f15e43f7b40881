/* SPDX-License-Identifier: MIT
 *
 * receipt.c -- SMSC delivery receipt text (SMPP 3.4 Appendix B):
 *
 *   id:IIIIIIIIII sub:SSS dlvrd:DDD submit date:YYMMDDhhmm
 *   done date:YYMMDDhhmm stat:DDDDDDD err:E text:...
 *
 * The format is "SMSC vendor specific" in the specification's own words, so
 * the parser is forgiving: keys are matched case-insensitively at word starts
 * in any order, dates may carry seconds (YYMMDDhhmmss), stat: may use the
 * long words (DELIVERED, UNDELIVERABLE...), and whatever is missing is left
 * zero. Only "id:" is required. The formatter writes exactly the Appendix B
 * layout. Dates are UTC. Pure and allocation-free.
 */
#include "smpp/smpp_int.h"

#include <stdio.h>
#include <string.h>

#include "base/err.h"

#define MS_PER_MIN 60000LL

/* ============================================================ formatting */

static unsigned clamp999(unsigned v)
{
    return v > 999 ? 999 : v;
}

/* sub, dlvrd and err above 999 are written as 999 (three digits is all the
 * layout has); an unknown state is written UNKNOWN. */
int kf_smpp_receipt_format(const struct kf_smpp_receipt *r, char *out, size_t cap)
{
    char sub_d[12], done_d[12];
    int n;

    kf_smpp__format_ymdhms(r->submit_ms, sub_d);
    kf_smpp__format_ymdhms(r->done_ms, done_d);
    n = snprintf(out, cap,
                 "id:%.64s sub:%03u dlvrd:%03u submit date:%.10s done date:%.10s stat:%s "
                 "err:%03u text:%.20s",
                 r->id, clamp999(r->sub), clamp999(r->dlvrd), sub_d, done_d,
                 kf_smpp_state_stat(r->state), clamp999(r->err), r->text);
    if (n < 0 || (size_t)n >= cap)
        return KF_ETOOBIG;
    return n;
}

/* =============================================================== parsing */

static int lower(int c)
{
    return c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c;
}

/* Offset of the first `key` (lower case) in s[0..len) that starts the text
 * or follows a space, or `len` if there is none. */
static size_t find_key(const uint8_t *s, size_t len, const char *key)
{
    size_t klen = strlen(key), i, j;

    for (i = 0; i + klen <= len; i++) {
        if (i > 0 && s[i - 1] != ' ')
            continue;
        for (j = 0; j < klen && lower(s[i + j]) == key[j]; j++)
            ;
        if (j == klen)
            return i;
    }
    return len;
}

/* The value after `key`: a view up to the next space or NUL (or the end of
 * the region). Returns 0 or -1 when the key is absent. */
static int value_of(const uint8_t *s, size_t len, const char *key, const uint8_t **v, size_t *vlen)
{
    size_t at = find_key(s, len, key), n = 0;

    if (at == len)
        return -1;
    at += strlen(key);
    while (at + n < len && s[at + n] != ' ' && s[at + n] != '\0')
        n++;
    *v = s + at;
    *vlen = n;
    return 0;
}

/* Leading decimal digits of a value, capped at 999. */
static unsigned parse_num(const uint8_t *v, size_t n)
{
    unsigned x = 0;
    size_t i;

    for (i = 0; i < n && v[i] >= '0' && v[i] <= '9'; i++)
        x = clamp999(x * 10 + (unsigned)(v[i] - '0'));
    return x;
}

/* YYMMDDhhmm or YYMMDDhhmmss, UTC; anything else leaves *out alone. */
static void parse_date(const uint8_t *v, size_t n, int64_t *out)
{
    unsigned f[6] = {0, 0, 0, 0, 0, 0};
    size_t i;
    int64_t y;

    if (n != 10 && n != 12)
        return;
    for (i = 0; i < n / 2; i++)
        if (kf_smpp__digits((const char *)v + 2 * i, 2, &f[i]) != 0)
            return;
    y = 2000 + (int64_t)f[0];
    if (f[1] < 1 || f[1] > 12 || f[2] < 1 || f[2] > kf_smpp__days_in_month(y, f[1]) || f[3] > 23 ||
        f[4] > 59 || f[5] > 59)
        return;
    *out = (kf_smpp__days_from_civil(y, f[1], f[2]) * 1440 + f[3] * 60 + f[4]) * MS_PER_MIN +
           (int64_t)f[5] * 1000;
}

static const struct {
    const char *word; /* lower case */
    uint8_t state;
} stat_words[] = {
    {"delivrd", KF_MSG_DELIVERED},     {"delivered", KF_MSG_DELIVERED},
    {"expired", KF_MSG_EXPIRED},       {"deleted", KF_MSG_DELETED},
    {"undeliv", KF_MSG_UNDELIVERABLE}, {"undeliverable", KF_MSG_UNDELIVERABLE},
    {"acceptd", KF_MSG_ACCEPTED},      {"accepted", KF_MSG_ACCEPTED},
    {"unknown", KF_MSG_UNKNOWN},       {"rejectd", KF_MSG_REJECTED},
    {"rejected", KF_MSG_REJECTED},     {"enroute", KF_MSG_ENROUTE},
};

/* A stat: word we do not know is KF_MSG_UNKNOWN. */
static uint8_t parse_stat(const uint8_t *v, size_t n)
{
    size_t i, j;

    for (i = 0; i < sizeof(stat_words) / sizeof(stat_words[0]); i++) {
        const char *w = stat_words[i].word;

        if (strlen(w) != n)
            continue;
        for (j = 0; j < n && lower(v[j]) == w[j]; j++)
            ;
        if (j == n)
            return stat_words[i].state;
    }
    return KF_MSG_UNKNOWN;
}

/* Copies at most `max - 1` bytes of a value, stopping at a NUL. */
static void copy_str(char *dst, size_t max, const uint8_t *v, size_t n)
{
    size_t i;

    for (i = 0; i < n && i < max - 1 && v[i] != '\0'; i++)
        dst[i] = (char)v[i];
    dst[i] = '\0';
}

/* Keys other than text: are searched only before "text:", so message text
 * that happens to contain "stat:" cannot override the real fields. An id
 * longer than 64 bytes is truncated. */
int kf_smpp_receipt_parse(const uint8_t *text, size_t len, struct kf_smpp_receipt *r)
{
    size_t head = find_key(text, len, "text:"), n;
    const uint8_t *v;

    memset(r, 0, sizeof(*r));
    if (value_of(text, head, "id:", &v, &n) != 0)
        return KF_EINVAL;
    copy_str(r->id, sizeof(r->id), v, n);
    if (value_of(text, head, "sub:", &v, &n) == 0)
        r->sub = parse_num(v, n);
    if (value_of(text, head, "dlvrd:", &v, &n) == 0)
        r->dlvrd = parse_num(v, n);
    if (value_of(text, head, "submit date:", &v, &n) == 0)
        parse_date(v, n, &r->submit_ms);
    if (value_of(text, head, "done date:", &v, &n) == 0)
        parse_date(v, n, &r->done_ms);
    if (value_of(text, head, "stat:", &v, &n) == 0)
        r->state = parse_stat(v, n);
    if (value_of(text, head, "err:", &v, &n) == 0)
        r->err = parse_num(v, n);
    if (head < len) {
        head += strlen("text:");
        copy_str(r->text, sizeof(r->text), text + head, len - head);
    }
    return 0;
}
