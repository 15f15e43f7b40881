/* SPDX-License-Identifier: MIT
 *
 * extract.c -- contact and money features in normalised text: URLs and bare
 * domains (with their host), mainland mobile numbers, landlines and 400/800
 * hotlines, QQ numbers and WeChat ids announced as contacts, and amounts.
 * A scanner over bytes: normalised text is lower case, NFKC, so ASCII forms
 * are all we need to match for the ASCII parts.
 */
#include "text/text.h"

#include <string.h>

struct scan {
    const char *s;
    size_t len;
    struct kf_text_item *items;
    int max, n;
};

static void add(struct scan *sc, int kind, size_t off, size_t len, size_t aoff, size_t alen)
{
    if (sc->n < sc->max) {
        struct kf_text_item *it = &sc->items[sc->n];
        it->kind = kind;
        it->off = (uint32_t)off;
        it->len = (uint32_t)len;
        it->aux_off = (uint32_t)aoff;
        it->aux_len = (uint32_t)alen;
    }
    sc->n++;
}

static int is_digit(char c)
{
    return c >= '0' && c <= '9';
}

static int is_alpha(char c)
{
    return c >= 'a' && c <= 'z';
}

static int is_host_char(char c)
{
    return is_alpha(c) || is_digit(c) || c == '-' || c == '.';
}

static int is_url_char(char c)
{
    return is_host_char(c) || strchr("/:?=&%_~#+@!$,;*()[]", c) != NULL;
}

static int starts(const struct scan *sc, size_t i, const char *w)
{
    size_t n = strlen(w);
    return i + n <= sc->len && memcmp(sc->s + i, w, n) == 0;
}

/* A host: labels of letters/digits/hyphens with a last label of 2-12
 * letters (a TLD). Returns its length or 0. */
static size_t host_len(const struct scan *sc, size_t i)
{
    size_t j = i, last_dot = 0, dots = 0;
    while (j < sc->len && is_host_char(sc->s[j]))
        j++;
    while (j > i && (sc->s[j - 1] == '.' || sc->s[j - 1] == '-'))
        j--;
    for (size_t k = i; k < j; k++)
        if (sc->s[k] == '.') {
            if (k == i || sc->s[k - 1] == '.')
                return 0;
            dots++;
            last_dot = k;
        }
    if (dots == 0 || j - last_dot - 1 < 2 || j - last_dot - 1 > 12)
        return 0;
    for (size_t k = last_dot + 1; k < j; k++)
        if (!is_alpha(sc->s[k]))
            return 0;
    return j - i;
}

/* A dotted-quad IPv4 address at i; returns its length or 0. */
static size_t ipv4_len(const struct scan *sc, size_t i)
{
    size_t j = i;
    for (int g = 0; g < 4; g++) {
        size_t d = 0;
        while (j < sc->len && is_digit(sc->s[j]) && d < 4)
            j++, d++;
        if (d == 0 || d > 3)
            return 0;
        if (g < 3) {
            if (j >= sc->len || sc->s[j] != '.')
                return 0;
            j++;
        }
    }
    return j < sc->len && (is_digit(sc->s[j]) || sc->s[j] == '.') ? 0 : j - i;
}

/* The real host of a URL whose authority starts at h: after the last '@'
 * of "user:pass@host" (http://icbc.com.cn@evil.top/ goes to evil.top). */
static size_t after_userinfo(const struct scan *sc, size_t h)
{
    size_t at = h;
    for (size_t j = h; j < sc->len && is_url_char(sc->s[j]); j++) {
        char c = sc->s[j];
        if (c == '/' || c == '?' || c == '#')
            break;
        if (c == '@')
            at = j + 1;
    }
    return at;
}

/* URL at i (scheme, www. or a bare domain); returns bytes consumed. */
static size_t try_url(struct scan *sc, size_t i)
{
    size_t h = i, hl, end, real;
    int scheme = 0;

    if (!is_alpha(sc->s[i]) && !is_digit(sc->s[i]))
        return 0; /* cheap test first: this runs at every byte */
    if (i > 0 && (is_host_char(sc->s[i - 1])))
        return 0;
    if (starts(sc, i, "http://"))
        h = i + 7, scheme = 1;
    else if (starts(sc, i, "https://"))
        h = i + 8, scheme = 1;
    real = after_userinfo(sc, h);
    if (real != h && (host_len(sc, real) || ipv4_len(sc, real)))
        h = real;
    hl = host_len(sc, h);
    if (hl == 0 && scheme) /* a bare IP address only with a scheme */
        hl = ipv4_len(sc, h);
    if (hl == 0)
        return 0;
    end = h + hl;
    while (end < sc->len && is_url_char(sc->s[end]))
        end++;
    add(sc, KF_TX_URL, i, end - i, h, hl);
    return end - i;
}

/* A digit run, allowing single '-' or ' ' between groups; returns the span
 * and copies up to 15 digits into d. */
static size_t digit_run(const struct scan *sc, size_t i, char d[16], size_t *nd)
{
    size_t j = i;
    *nd = 0;
    while (j < sc->len) {
        if (is_digit(sc->s[j])) {
            if (*nd < 15)
                d[*nd] = sc->s[j];
            (*nd)++;
            j++;
        } else if ((sc->s[j] == '-' || sc->s[j] == ' ') && j + 1 < sc->len &&
                   is_digit(sc->s[j + 1]) && j > i) {
            j++;
        } else {
            break;
        }
    }
    d[*nd < 15 ? *nd : 15] = '\0';
    return j - i;
}

/* Does one of the words end right before i (allowing ':' '：' or a space)? */
static int announced_by(const struct scan *sc, size_t i, const char *const *words)
{
    size_t j = i;
    while (j > 0 && (sc->s[j - 1] == ' ' || sc->s[j - 1] == ':'))
        j--;
    if (j >= 3 && memcmp(sc->s + j - 3, "\xef\xbc\x9a", 3) == 0) /* ： */
        j -= 3;
    if (j >= 3 && memcmp(sc->s + j - 3, "\xe5\x8f\xb7", 3) == 0) /* 号 */
        j -= 3;
    for (; *words; words++) {
        size_t n = strlen(*words);
        if (j >= n && memcmp(sc->s + j - n, *words, n) == 0)
            return 1;
    }
    return 0;
}

static const char *const qq_words[] = {"qq", "扣扣", "企鹅", NULL};
static const char *const wx_words[] = {"微信", "威信", "薇信", "徽信", "v信", "vx", "wx",
                                       "weixin", "wechat", "加v", "+v", NULL};

static size_t try_number(struct scan *sc, size_t i)
{
    char d[16];
    size_t nd, span;

    if (!is_digit(sc->s[i]) || (i > 0 && (is_digit(sc->s[i - 1]) || is_alpha(sc->s[i - 1]))))
        return 0;
    span = digit_run(sc, i, d, &nd);
    if (announced_by(sc, i, qq_words) && nd >= 5 && nd <= 11) {
        add(sc, KF_TX_QQ, i, span, i, span);
        return span;
    }
    if (nd == 11 && d[0] == '1' && d[1] >= '3' && d[1] <= '9') {
        add(sc, announced_by(sc, i, wx_words) ? KF_TX_WECHAT : KF_TX_MOBILE, i, span, i, span);
        return span;
    }
    if ((nd == 10 && (memcmp(d, "400", 3) == 0 || memcmp(d, "800", 3) == 0)) ||
        (nd >= 10 && nd <= 12 && d[0] == '0' && d[1] != '0')) {
        add(sc, KF_TX_PHONE, i, span, i, span);
        return span;
    }
    return 0;
}

static size_t try_wechat_id(struct scan *sc, size_t i)
{
    size_t j = i;
    if (!is_alpha(sc->s[i]) || (i > 0 && (is_alpha(sc->s[i - 1]) || is_digit(sc->s[i - 1]))))
        return 0;
    if (!announced_by(sc, i, wx_words))
        return 0;
    while (j < sc->len && (is_alpha(sc->s[j]) || is_digit(sc->s[j]) || sc->s[j] == '_' ||
                           sc->s[j] == '-'))
        j++;
    if (j - i < 6 || j - i > 20)
        return 0;
    add(sc, KF_TX_WECHAT, i, j - i, i, j - i);
    return j - i;
}

/* ¥123, 123元, 5万, 200块, 3.5万元 */
static size_t try_amount(struct scan *sc, size_t i)
{
    static const char *const units[] = {"元", "万", "块", "rmb", NULL};
    size_t j = i, start = i;
    int yen = 0;

    if ((uint8_t)sc->s[i] != 0xc2 && !is_digit(sc->s[i]))
        return 0; /* cheap test first */
    if (starts(sc, i, "\xc2\xa5")) { /* ¥ */
        yen = 1;
        j += 2;
    }
    if (j >= sc->len || !is_digit(sc->s[j]))
        return 0;
    if (!yen && i > 0 && (is_digit(sc->s[i - 1]) || is_alpha(sc->s[i - 1])))
        return 0;
    while (j < sc->len && (is_digit(sc->s[j]) || sc->s[j] == ',' ||
                           (sc->s[j] == '.' && j + 1 < sc->len && is_digit(sc->s[j + 1]))))
        j++;
    for (const char *const *u = units; *u; u++)
        if (starts(sc, j, *u)) {
            j += strlen(*u);
            if (starts(sc, j, "元"))
                j += 3;
            add(sc, KF_TX_AMOUNT, start, j - start, start, j - start);
            return j - start;
        }
    if (yen) {
        add(sc, KF_TX_AMOUNT, start, j - start, start, j - start);
        return j - start;
    }
    return 0;
}

int kf_text_extract(const char *norm, size_t len, struct kf_text_item *items, int max)
{
    struct scan sc = {norm, len, items, max, 0};
    size_t i = 0;

    while (i < len) {
        size_t k;
        if ((k = try_url(&sc, i)) || (k = try_amount(&sc, i)) || (k = try_number(&sc, i)) ||
            (k = try_wechat_id(&sc, i))) {
            i += k;
            continue;
        }
        i++;
    }
    return sc.n;
}
