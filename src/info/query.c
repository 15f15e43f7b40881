/* SPDX-License-Identifier: MIT
 *
 * query.c -- reading a subscriber's look-up: "长沙湘菜馆", "芙蓉区 经济型酒店",
 * "附一 儿科 明天". The text is normalised (full-width folded, separators
 * made spaces), then scanned left to right taking the longest known word
 * at each position (words.c); what no word covers is free text. The words
 * fill struct kf_info__q: city, kind, department, day, price order, and the
 * soft terms (district, cuisine, tag, free text of two characters or more)
 * the reply ranks entries by. Free text is also kept whole as a possible
 * part of a hospital's name, which reply.c matches by character overlap.
 *
 * Chinese has no spaces, so "长沙湘菜馆" reads 长沙 (city) 湘菜 (cuisine)
 * 馆 (one character of free text, dropped as a term). Separators may be
 * spaces, commas (full-width too) or none.
 */
#include "info/info_int.h"

#include <string.h>

#include "base/base.h"

#define MAX_TEXT 600 /* bytes of an SMS read; the rest is ignored */

/* ------------------------------------------------------ normalising */

size_t kf_info__u8len(const char *s)
{
    const unsigned char *p = (const unsigned char *)s;
    size_t n;

    if (p[0] < 0x80)
        return 1;
    if (p[0] >= 0xC2 && p[0] <= 0xDF)
        n = 2;
    else if (p[0] >= 0xE0 && p[0] <= 0xEF)
        n = 3;
    else if (p[0] >= 0xF0 && p[0] <= 0xF4)
        n = 4;
    else
        return 1;
    for (size_t i = 1; i < n; i++)
        if ((p[i] & 0xC0) != 0x80)
            return 1;
    return n;
}

int kf_info__nchars(const char *s)
{
    int n = 0;

    for (; *s; s += kf_info__u8len(s))
        n++;
    return n;
}

/* The code point of a valid sequence of n bytes. */
static uint32_t decode(const unsigned char *p, size_t n)
{
    if (n == 1)
        return p[0];
    if (n == 2)
        return (uint32_t)(p[0] & 0x1F) << 6 | (p[1] & 0x3F);
    if (n == 3)
        return (uint32_t)(p[0] & 0x0F) << 12 | (uint32_t)(p[1] & 0x3F) << 6 | (p[2] & 0x3F);
    return (uint32_t)(p[0] & 0x07) << 18 | (uint32_t)(p[1] & 0x3F) << 12 |
           (uint32_t)(p[2] & 0x3F) << 6 | (p[3] & 0x3F);
}

static int is_separator(uint32_t c)
{
    static const uint32_t seps[] = {
        ' ',    ',',    '.',    '!',    ';',    ':',    '/',    '|',    '"',    '\'',
        '(',    ')',    '[',    ']',    '<',    '>',    '~',    '+',    '=',    '*',
        '#',    '&',    0x3001, 0x3002, 0x201C, 0x201D, 0x2018, 0x2019, 0x300A, 0x300B,
        0x3010, 0x3011, 0x300C, 0x300D, 0x00B7, 0x2026, 0x2014, 0xFF5E, 0x3000, 0x2022,
    };

    if (c < 0x20 || c == 0x7F)
        return 1;
    for (size_t i = 0; i < KF_ARRAY_LEN(seps); i++)
        if (seps[i] == c)
            return 1;
    return 0;
}

void kf_info__norm(const char *s, size_t len, char *out, size_t cap)
{
    size_t o = 0;
    int space = 1; /* no leading space */

    KF_ASSERT(cap > 0);
    for (size_t i = 0; i < len && s[i] != '\0';) {
        size_t n = kf_info__u8len(s + i);
        const char *src = s + i;
        char c;
        uint32_t cp;

        if (i + n > len)
            n = 1;
        cp = n == 1 && (unsigned char)s[i] >= 0x80 ? 0 : decode((const unsigned char *)src, n);
        i += n;
        if (cp >= 0xFF01 && cp <= 0xFF5E) /* full-width ASCII */
            cp -= 0xFEE0;
        if (cp == 0 || is_separator(cp)) {
            if (!space && o + 1 < cap)
                out[o++] = ' ';
            space = 1;
            continue;
        }
        if (cp < 0x80) {
            c = (char)(cp >= 'A' && cp <= 'Z' ? cp + 32 : cp);
            src = &c;
            n = 1;
        }
        if (o + n >= cap)
            break;
        memcpy(out + o, src, n);
        o += n;
        space = 0;
    }
    if (o > 0 && out[o - 1] == ' ')
        o--;
    out[o] = '\0';
}

/* ----------------------------------------------------------- dates */

static int is_digit(char c)
{
    return c >= '0' && c <= '9';
}

/* Up to 4 digits at *s; advances. -1 when there are none. */
static int number(const char **s)
{
    int v = 0, n = 0;

    while (is_digit(**s) && n < 4) {
        v = v * 10 + (**s - '0');
        (*s)++;
        n++;
    }
    return n ? v : -1;
}

static int days_in_month(int y, int m)
{
    return (int)(kf_info__days(m == 12 ? y + 1 : y, m == 12 ? 1 : m + 1, 1) -
                 kf_info__days(y, m, 1));
}

/* Sets the day of the query from a date (month 0: this month or the next). */
static void set_date(struct kf_info__q *q, int64_t today, int month, int day)
{
    int y, m, d;
    int64_t when;

    kf_info__civil(today, &y, &m, &d);
    if (month == 0) {
        month = day >= d ? m : m % 12 + 1;
        if (month < m)
            y++;
    } else if (month >= 1 && month <= 12 && (month < m || (month == m && day < d))) {
        y++;
    }
    if (month < 1 || month > 12 || day < 1 || day > days_in_month(y, month)) {
        q->daynote = KF_DAYNOTE_RANGE;
        return;
    }
    when = kf_info__days(y, month, day) - today;
    q->day = 0;
    if (when == 0)
        q->daynote = KF_DAYNOTE_TODAY;
    else if (when >= 1 && when <= 7)
        q->day = (int)when, q->daynote = KF_DAYNOTE_NONE;
    else
        q->daynote = KF_DAYNOTE_RANGE;
}

/* "12月9日", "12月9号", "9号", "9日" at *s: advances past it and sets the
 * day; 0 when *s is not a date (s unchanged). */
static int read_date(struct kf_info__q *q, int64_t today, const char **s)
{
    const char *p = *s;
    int a = number(&p), b = -1;

    if (a < 0)
        return 0;
    if (strncmp(p, "年", strlen("年")) == 0) { /* the year is implied */
        p += strlen("年");
        if ((a = number(&p)) < 0 || strncmp(p, "月", strlen("月")) != 0)
            return 0;
    }
    if (strncmp(p, "月", strlen("月")) == 0) {
        p += strlen("月");
        b = number(&p);
        if (b < 0)
            return 0;
    }
    if (strncmp(p, "日", strlen("日")) == 0)
        p += strlen("日");
    else if (strncmp(p, "号", strlen("号")) == 0)
        p += strlen("号");
    else if (b < 0)
        return 0;
    if (b < 0)
        set_date(q, today, 0, a);
    else
        set_date(q, today, a, b);
    *s = p;
    return 1;
}

/* 周三 (val 3) or 下周三 (val 10) -> days from today. */
static void set_weekday(struct kf_info__q *q, int64_t today, int val)
{
    int cur = kf_info__wday(today), wd = val % 7, when;

    if (val < 7) {
        when = (wd - cur + 7) % 7;
        if (when == 0)
            when = 7;
    } else {
        int to_monday = (8 - cur) % 7;
        when = (to_monday ? to_monday : 7) + (wd + 6) % 7;
    }
    q->day = 0;
    q->daynote = KF_DAYNOTE_NONE;
    if (when <= 7)
        q->day = when;
    else
        q->daynote = KF_DAYNOTE_RANGE;
}

/* ----------------------------------------------------------- terms */

static void add_term(struct kf_info__q *q, const char *s, int type)
{
    for (int i = 0; i < q->nterms; i++)
        if (strcmp(q->terms[i].s, s) == 0)
            return;
    if (q->nterms == KF_INFO__TERMS || strlen(s) >= sizeof q->terms[0].s)
        return;
    memcpy(q->terms[q->nterms].s, s, strlen(s) + 1);
    q->terms[q->nterms].type = type;
    q->nterms++;
}

/* Appends s[0..n) to buf[cap] if it fits whole. */
static void append(char *buf, size_t cap, const char *s, size_t n)
{
    size_t len = strlen(buf);

    if (len + n < cap) {
        memcpy(buf + len, s, n);
        buf[len + n] = '\0';
    }
}

/* Reading state: the current run of free text and the current chunk
 * (text between separators). */
struct reader {
    const struct kf_info *info;
    struct kf_info__q *q;
    int64_t today;
    char run[KF_INFO__FREE_MAX];   /* free text since the last word */
    char chunk[KF_INFO__FREE_MAX]; /* free text and district words of the chunk */
    int chunk_free;                /* free characters in the chunk */
    int tagmask;                   /* kinds all tags so far occur in; -1 none */
    int cuisine;
    int implied; /* kinds everyday words imply (mask) */
};

static int all_digits(const char *s)
{
    for (; *s; s++)
        if (!is_digit(*s))
            return 0;
    return 1;
}

static void end_run(struct reader *r)
{
    struct kf_info__q *q = r->q;

    if (r->run[0] == '\0')
        return;
    if (kf_info__nchars(r->run) >= 2 && !all_digits(r->run))
        add_term(q, r->run, -1);
    if (q->said[0])
        append(q->said, sizeof q->said, " ", 1);
    append(q->said, sizeof q->said, r->run, strlen(r->run));
    r->run[0] = '\0';
}

static void end_chunk(struct reader *r)
{
    end_run(r);
    if (r->chunk_free > 0)
        append(r->q->name, sizeof r->q->name, r->chunk, strlen(r->chunk));
    r->chunk[0] = '\0';
    r->chunk_free = 0;
}

static void set_city(struct kf_info__q *q, int city, int said)
{
    if (city < 0 || (q->city_said == 2 && said < 2))
        return;
    q->city = city;
    q->city_said = said;
}

/* Applies one recognised word. */
static void apply(struct reader *r, const struct kf_info__word *w)
{
    struct kf_info__q *q = r->q;

    q->understood = 1;
    switch (w->type) {
    case KF_W_CITY:
        set_city(q, w->val, 2);
        break;
    case KF_W_DISTRICT:
        add_term(q, r->info->districts[w->val].name, KF_W_DISTRICT);
        set_city(q, r->info->districts[w->val].city, 1);
        append(r->chunk, sizeof r->chunk, w->w, w->len);
        break;
    case KF_W_KIND:
        q->kind = w->val;
        q->kind_said = 1;
        break;
    case KF_W_CUISINE:
        add_term(q, w->w, KF_W_CUISINE);
        r->cuisine = 1;
        break;
    case KF_W_TAG:
        add_term(q, w->w, KF_W_TAG);
        r->tagmask &= w->val;
        break;
    case KF_W_DEPT:
        q->dept = w->val;
        break;
    case KF_W_DAYREL:
        q->day = w->val;
        q->daynote = KF_DAYNOTE_NONE;
        break;
    case KF_W_WEEKDAY:
        set_weekday(q, r->today, w->val);
        break;
    case KF_W_TODAY:
        q->day = 0;
        q->daynote = KF_DAYNOTE_TODAY;
        break;
    case KF_W_HALF:
        q->half = w->val;
        break;
    case KF_W_CHEAP:
        q->cheap = 1;
        break;
    case KF_W_UPSCALE:
        q->upscale = w->val;
        break;
    case KF_W_SYN:
        add_term(q, kf_info__syns[w->val].to, kf_info__syns[w->val].type);
        r->implied |= 1 << kf_info__syns[w->val].kind;
        break;
    case KF_W_HOSPITAL:
        q->hospital = w->val;
        set_city(q, r->info->e[w->val].city, 1);
        break;
    case KF_W_HELP:
        q->help = 1;
        break;
    default:
        break;
    }
}

/* The kind when no kind word was given: a hospital or a department means
 * a hospital, a cuisine a restaurant, tags that only one kind has that
 * kind, 高档/豪华 a hotel. */
static void infer_kind(struct reader *r)
{
    struct kf_info__q *q = r->q;

    if (q->kind >= 0)
        return;
    if (q->hospital >= 0 || q->dept >= 0)
        q->kind = KF_INFO_HOSPITAL;
    else if (r->cuisine || r->implied == 1 << KF_INFO_RESTAURANT)
        q->kind = KF_INFO_RESTAURANT;
    else if (r->implied == 1 << KF_INFO_HOTEL)
        q->kind = KF_INFO_HOTEL;
    else if (r->tagmask > 0 && (r->tagmask & (r->tagmask - 1)) == 0)
        q->kind = r->tagmask == 1 ? 0 : r->tagmask == 2 ? 1 : 2;
    else if (q->upscale)
        q->kind = KF_INFO_HOTEL;
}

static void scan(struct reader *r, const char *s)
{
    while (*s) {
        const struct kf_info__word *w;
        size_t n;

        if (*s == ' ') {
            end_chunk(r);
            s++;
            continue;
        }
        if (is_digit(*s) && read_date(r->q, r->today, &s)) {
            end_run(r);
            r->q->understood = 1;
            continue;
        }
        w = kf_info__word_at(r->info, s, strlen(s));
        if (w != NULL) {
            end_run(r);
            apply(r, w);
            s += w->len;
            continue;
        }
        n = kf_info__u8len(s);
        append(r->run, sizeof r->run, s, n);
        append(r->chunk, sizeof r->chunk, s, n);
        r->chunk_free++;
        s += n;
    }
    end_chunk(r);
}

void kf_info__read(const struct kf_info *info, const char *text, int64_t today,
                   struct kf_info__q *q)
{
    char norm[MAX_TEXT + 1];
    struct reader r = {.info = info, .q = q, .today = today, .tagmask = -1};

    memset(q, 0, sizeof *q);
    q->city = q->kind = q->dept = q->hospital = -1;
    kf_info__norm(text, strnlen(text, MAX_TEXT), norm, sizeof norm);
    q->empty = norm[0] == '\0';
    scan(&r, norm);
    infer_kind(&r);
    q->help = q->help && q->city < 0 && q->kind < 0 && q->nterms == 0 && q->said[0] == '\0' &&
              q->day == 0 && q->daynote == KF_DAYNOTE_NONE && !q->cheap;
}
