/* SPDX-License-Identifier: MIT
 *
 * url.c -- URL and domain intelligence for the spam shield (url.h): loads
 * data/shield/domains.txt (format in its header and data/shield/README.md)
 * and judges hosts: official, look-alike, shortener, risky TLD, IP literal,
 * punycode. It does not fetch or resolve anything, and it does not follow
 * shortened links: it only reads the host name.
 *
 * Everything the check needs sits in one hash map (base/map.h) keyed by
 * (kind, string): official domains, shorteners, risky TLDs, public suffixes,
 * affixes, short brand tokens, and the folded registrable labels of official
 * domains with their one-edit variants. Long brand tokens are matched as
 * substrings through a table indexed by their first two folded letters.
 * A check copies the host onto the stack, hashes each of its label suffixes
 * once and does a few dozen lookups: no allocation, well under a microsecond.
 *
 * Folding (both for tokens and hosts) maps characters that look alike to one
 * canonical letter: 0->o, 1/i->l, 2->z, 3->e, 4->a, 5->s, 6->b, 7->t, 9->g,
 * and "rn"->m, "vv"->w; so 1cbc, icbc and lcbc compare equal, and so do
 * 10086 and 1OO86. The digits map one-to-one, so digit tokens (95566,
 * 95588) stay distinct.
 */
#include "shield/url.h"

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/base.h"
#include "base/map.h"

#define MAX_FILE (1u << 20) /* bytes in domains.txt */
#define MAX_WORDS 64        /* words on one line */
#define MAX_HOST 253        /* a DNS name */
#define MAX_LABELS 128      /* labels in MAX_HOST bytes */
#define MAX_TOKEN 32        /* bytes in a brand token */
#define SHORT_TOKEN 4       /* tokens shorter than this match whole label parts */
#define EQ_LABEL_MIN 3      /* folded registrable label length for an equality match */
#define EDIT_LABEL_MIN 6    /* ... and for a one-edit match */
#define NBUCKET (27 * 27)   /* token index by two folded letters (a-z + other) */

enum ent_kind {
    E_OFFICIAL = 1, /* official domain -> brand */
    E_SHORTENER,    /* shortener host */
    E_TLD,          /* risky TLD -> points */
    E_SUFFIX,       /* multi-label public suffix */
    E_AFFIX,        /* word glued to short tokens */
    E_SHORTTOK,     /* folded short token -> brand */
    E_LABEL,        /* folded registrable label of an official domain -> brand */
    E_DEL,          /* that label with one character deleted -> brand */
};

struct ent {
    char *s; /* owned, NUL-terminated */
    uint16_t len;
    uint8_t kind;   /* enum ent_kind */
    uint8_t points; /* E_TLD */
    int16_t brand;  /* index into brands, or -1 */
};

struct tok {
    char f[MAX_TOKEN + 1]; /* folded, '-' removed */
    uint8_t len;
    int16_t brand;
};

struct kf_urlintel {
    struct kf_map map; /* ekey(kind, s) -> (void *)(index + 1) into ents */
    struct ent *ents;
    size_t nents, capents;
    char (*brands)[48];
    size_t nbrands;
    struct tok *toks; /* long tokens, sorted by bucket */
    size_t ntoks;
    uint32_t bucket[NBUCKET + 1]; /* toks[bucket[b] .. bucket[b + 1]) */
    int pt_lookalike, pt_shortener, pt_ip, pt_punycode;
};

/* ------------------------------------------------------------ hashing, folding */

static uint64_t fnv(uint64_t h, const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        h ^= (uint8_t)s[i];
        h *= 0x100000001b3ull;
    }
    return h;
}

#define FNV0 0xcbf29ce484222325ull

static uint64_t ekey_h(int kind, uint64_t h)
{
    uint64_t k = (h ^ ((uint64_t)kind * 0x9E3779B97F4A7C15ull)) * 0xff51afd7ed558ccdull;
    k ^= k >> 33;
    return k ? k : 1;
}

static const struct ent *lookup_h(const kf_urlintel *u, int kind, uint64_t h, const char *s,
                                  size_t n)
{
    void *v = kf_map_get(&u->map, ekey_h(kind, h));
    const struct ent *e;

    if (v == NULL)
        return NULL;
    e = &u->ents[(uintptr_t)v - 1];
    if (e->kind != kind || e->len != n || memcmp(e->s, s, n) != 0)
        return NULL;
    return e;
}

static const struct ent *lookup(const kf_urlintel *u, int kind, const char *s, size_t n)
{
    return lookup_h(u, kind, fnv(FNV0, s, n), s, n);
}

static char fold1(char c)
{
    switch (c) {
    case '0':
        return 'o';
    case '1':
    case 'i':
        return 'l';
    case '2':
        return 'z';
    case '3':
        return 'e';
    case '4':
        return 'a';
    case '5':
        return 's';
    case '6':
        return 'b';
    case '7':
        return 't';
    case '9':
        return 'g';
    default:
        return c;
    }
}

/* Folds s[0..n) into out (room for n bytes), dropping '-' and '.' unless
 * keep_sep; joins "rn" and "vv" unless per_char (which keeps positions
 * aligned with s). Returns the folded length. */
static size_t fold(const char *s, size_t n, char *out, int keep_sep, int per_char)
{
    size_t o = 0;
    for (size_t i = 0; i < n; i++) {
        char c = s[i];
        if (!keep_sep && (c == '-' || c == '.'))
            continue;
        if (!per_char && i + 1 < n &&
            ((c == 'r' && s[i + 1] == 'n') || (c == 'v' && s[i + 1] == 'v'))) {
            out[o++] = c == 'r' ? 'm' : 'w';
            i++;
            continue;
        }
        out[o++] = fold1(c);
    }
    return o;
}

static int bucket_of(const char *f)
{
    int a = f[0] >= 'a' && f[0] <= 'z' ? f[0] - 'a' : 26;
    int b = f[1] >= 'a' && f[1] <= 'z' ? f[1] - 'a' : 26;
    return a * 27 + b;
}

/* ------------------------------------------------------------------ loading */

struct parse {
    kf_urlintel *u;
    const char *name;
    int line;
    char **err;
};

static int fail(struct parse *p, const char *what, const char *word)
{
    if (word)
        *p->err = kf_xasprintf("%s:%d: %s '%.64s'", p->name, p->line, what, word);
    else
        *p->err = kf_xasprintf("%s:%d: %s", p->name, p->line, what);
    return -1;
}

/* Adds (kind, s). A second identical key keeps the first entry and returns
 * 1 (the caller decides whether that is an error); 0 when added. */
static int add_ent(kf_urlintel *u, int kind, const char *s, size_t n, int points, int brand)
{
    uint64_t key = ekey_h(kind, fnv(FNV0, s, n));
    void *v = kf_map_get(&u->map, key);
    struct ent *e;

    if (v != NULL)
        return 1; /* same string, or a 64-bit collision: both keep the first */
    if (u->nents == u->capents) {
        u->capents = u->capents ? u->capents * 2 : 256;
        u->ents = kf_xrealloc(u->ents, u->capents * sizeof *u->ents);
    }
    e = &u->ents[u->nents++];
    e->s = kf_xstrndup(s, n);
    e->len = (uint16_t)n;
    e->kind = (uint8_t)kind;
    e->points = (uint8_t)points;
    e->brand = (int16_t)brand;
    kf_map_put(&u->map, key, (void *)(uintptr_t)u->nents);
    return 0;
}

/* A host name in the data file: lower-case letters, digits, '-', '.', no
 * empty label, at most MAX_HOST bytes; with at least one dot unless tld. */
static int valid_domain(const char *s, int tld)
{
    size_t n = strlen(s), dots = 0;
    if (n == 0 || n > MAX_HOST || s[0] == '.' || s[n - 1] == '.')
        return 0;
    for (size_t i = 0; i < n; i++) {
        char c = s[i];
        if (c == '.') {
            if (s[i + 1] == '.')
                return 0;
            dots++;
        } else if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-')) {
            return 0;
        }
    }
    return tld || dots > 0;
}

static int parse_points(struct parse *p, const char *s, int *out)
{
    char *end;
    long v;
    errno = 0;
    v = strtol(s, &end, 10);
    if (errno || end == s || *end || v < 1 || v > 100)
        return fail(p, "points must be a number 1..100, not", s);
    *out = (int)v;
    return 0;
}

/* The label before the public suffix of an official domain, or NULL when the
 * domain is itself a public suffix (gov.cn). */
static const char *reg_label(const kf_urlintel *u, const char *d, size_t *len)
{
    size_t n = strlen(d), start[MAX_LABELS], nl = 0, k = 1;

    start[nl++] = 0;
    for (size_t i = 0; i < n && nl < MAX_LABELS; i++)
        if (d[i] == '.')
            start[nl++] = i + 1;
    for (size_t j = 2; j <= nl; j++)
        if (lookup(u, E_SUFFIX, d + start[nl - j], n - start[nl - j]))
            k = j;
    if (k >= nl)
        return NULL;
    *len = start[nl - k] - 1 - start[nl - k - 1];
    return d + start[nl - k - 1];
}

/* Records the folded registrable label of an official domain and, for long
 * labels, its variants with one character deleted (not the first: "icloud"
 * minus 'i' is the ordinary word "cloud"). */
static void add_label(kf_urlintel *u, const char *d, int brand)
{
    char f[MAX_HOST + 1], v[MAX_HOST + 1];
    size_t n, fl;
    const char *l = reg_label(u, d, &n);

    if (l == NULL)
        return;
    fl = fold(l, n, f, 0, 0);
    if (fl < EQ_LABEL_MIN)
        return;
    add_ent(u, E_LABEL, f, fl, 0, brand);
    if (fl < EDIT_LABEL_MIN)
        return;
    for (size_t i = 1; i < fl; i++) {
        memcpy(v, f, i);
        memcpy(v + i, f + i + 1, fl - i - 1);
        add_ent(u, E_DEL, v, fl - 1, 0, brand);
    }
}

static int add_token(struct parse *p, const char *t, int brand, struct tok **toks, size_t *ntoks,
                     size_t *captoks)
{
    char raw[MAX_TOKEN + 1], f[MAX_TOKEN + 1];
    size_t n = 0, fl;

    for (const char *c = t; *c; c++) {
        if (*c == '-')
            continue;
        if (!((*c >= 'a' && *c <= 'z') || (*c >= '0' && *c <= '9')) || n == MAX_TOKEN)
            return fail(p, "token must be 2-32 lower-case letters or digits:", t);
        raw[n++] = *c;
    }
    if (n < 2)
        return fail(p, "token must be 2-32 lower-case letters or digits:", t);
    if (n < SHORT_TOKEN) {
        fl = fold(raw, n, f, 0, 1);
        if (add_ent(p->u, E_SHORTTOK, f, fl, 0, brand))
            return fail(p, "token listed twice (or folds like another):", t);
        return 0;
    }
    fl = fold(raw, n, f, 0, 0);
    for (size_t i = 0; i < *ntoks; i++)
        if ((*toks)[i].len == fl && memcmp((*toks)[i].f, f, fl) == 0)
            return fail(p, "token listed twice (or folds like another):", t);
    if (*ntoks == *captoks) {
        *captoks = *captoks ? *captoks * 2 : 64;
        *toks = kf_xrealloc(*toks, *captoks * sizeof **toks);
    }
    memcpy((*toks)[*ntoks].f, f, fl);
    (*toks)[*ntoks].f[fl] = 0;
    (*toks)[*ntoks].len = (uint8_t)fl;
    (*toks)[*ntoks].brand = (int16_t)brand;
    (*ntoks)++;
    return 0;
}

static int cmp_tok(const void *a, const void *b)
{
    const struct tok *x = a, *y = b;
    int bx = bucket_of(x->f), by = bucket_of(y->f);
    if (bx != by)
        return bx < by ? -1 : 1;
    return (int)y->len - (int)x->len; /* longest first inside a bucket */
}

/* Splits line (modified in place) into words; '#' starts a comment. */
static int split(char *line, char **w, int max)
{
    int n = 0;
    char *s = line;
    for (;;) {
        while (*s == ' ' || *s == '\t' || *s == '\r')
            s++;
        if (*s == 0 || *s == '#')
            return n;
        if (n == max)
            return -1;
        w[n++] = s;
        while (*s && *s != ' ' && *s != '\t' && *s != '\r')
            s++;
        if (*s)
            *s++ = 0;
    }
}

/* Brand lines are read in a second pass, after every suffix line, so that the
 * registrable label of an official domain does not depend on line order. */
static int parse_line(struct parse *p, char **w, int nw, int pass, struct tok **toks, size_t *ntoks,
                      size_t *captoks)
{
    kf_urlintel *u = p->u;
    int pts;

    if (strcmp(w[0], "brand") == 0) {
        int b, ndom = 0, ntok = 0;
        if (pass == 0)
            return 0;
        if (nw < 3)
            return fail(p, "brand needs a name and at least one domain or token:", w[0]);
        if (strlen(w[1]) >= sizeof u->brands[0] || strncmp(w[1], "token:", 6) == 0)
            return fail(p, "bad brand name (1-47 bytes, first word after 'brand'):", w[1]);
        b = (int)u->nbrands;
        if (b >= INT16_MAX)
            return fail(p, "too many brands", NULL);
        u->brands = kf_xrealloc(u->brands, (u->nbrands + 1) * sizeof u->brands[0]);
        memcpy(u->brands[b], w[1], strlen(w[1]) + 1);
        u->nbrands++;
        for (int i = 2; i < nw; i++) {
            if (strncmp(w[i], "token:", 6) == 0) {
                if (add_token(p, w[i] + 6, b, toks, ntoks, captoks))
                    return -1;
                ntok++;
                continue;
            }
            if (ntok)
                return fail(p, "official domains go before the tokens:", w[i]);
            if (!valid_domain(w[i], 0))
                return fail(p, "bad domain (lower-case ASCII, punycode for IDNs):", w[i]);
            if (add_ent(u, E_OFFICIAL, w[i], strlen(w[i]), 0, b))
                return fail(p, "official domain listed twice:", w[i]);
            add_label(u, w[i], b);
            ndom++;
        }
        return 0;
    }
    if (pass == 1)
        return 0; /* everything else was read in the first pass */
    if (strcmp(w[0], "points") == 0) {
        int *dst = NULL;
        if (nw != 3)
            return fail(p, "usage: points lookalike|shortener|ip|punycode <1..100>", NULL);
        if (strcmp(w[1], "lookalike") == 0)
            dst = &u->pt_lookalike;
        else if (strcmp(w[1], "shortener") == 0)
            dst = &u->pt_shortener;
        else if (strcmp(w[1], "ip") == 0)
            dst = &u->pt_ip;
        else if (strcmp(w[1], "punycode") == 0)
            dst = &u->pt_punycode;
        else
            return fail(p, "unknown finding", w[1]);
        return parse_points(p, w[2], dst);
    }
    if (strcmp(w[0], "suffix") == 0 || strcmp(w[0], "affix") == 0 ||
        strcmp(w[0], "shortener") == 0) {
        int kind = w[0][0] == 'a' ? E_AFFIX : w[0][1] == 'u' ? E_SUFFIX : E_SHORTENER;
        if (nw < 2)
            return fail(p, "nothing listed after", w[0]);
        for (int i = 1; i < nw; i++) {
            if (!valid_domain(w[i], kind != E_SHORTENER))
                return fail(p, kind == E_AFFIX ? "bad affix" : "bad domain", w[i]);
            if (kind == E_SUFFIX && strchr(w[i], '.') == NULL)
                return fail(p, "a suffix line lists multi-label suffixes (com.cn), not", w[i]);
            add_ent(u, kind, w[i], strlen(w[i]), 0, -1);
        }
        return 0;
    }
    if (strcmp(w[0], "risky_tld") == 0) {
        const char *t;
        if (nw != 3)
            return fail(p, "usage: risky_tld <tld> <1..100>", NULL);
        t = w[1][0] == '.' ? w[1] + 1 : w[1];
        if (!valid_domain(t, 1))
            return fail(p, "bad top-level domain", w[1]);
        if (parse_points(p, w[2], &pts))
            return -1;
        if (add_ent(u, E_TLD, t, strlen(t), pts, -1))
            return fail(p, "top-level domain listed twice:", w[1]);
        return 0;
    }
    return fail(p, "unknown line kind", w[0]);
}

kf_urlintel *kf_urlintel_parse(const char *name, const char *text, size_t len, char **err)
{
    kf_urlintel *u = kf_xcalloc(1, sizeof *u);
    struct parse p = {u, name, 0, err};
    struct tok *toks = NULL;
    size_t ntoks = 0, captoks = 0;
    char *copy = NULL;

    *err = NULL;
    kf_map_init(&u->map);
    u->pt_lookalike = 70;
    u->pt_shortener = 30;
    u->pt_ip = 50;
    u->pt_punycode = 50;
    for (int pass = 0; pass < 2; pass++) {
        const char *s = text, *end = text + len;
        p.line = 0;
        while (s < end) {
            const char *nl = memchr(s, '\n', (size_t)(end - s));
            size_t n = nl ? (size_t)(nl - s) : (size_t)(end - s);
            char *w[MAX_WORDS];
            int nw;

            p.line++;
            if (memchr(s, 0, n) != NULL) {
                fail(&p, "NUL byte in line", NULL);
                goto fail;
            }
            copy = kf_xstrndup(s, n);
            nw = split(copy, w, MAX_WORDS);
            if (nw < 0) {
                fail(&p, "too many words on one line", NULL);
                goto fail;
            }
            if (nw > 0 && parse_line(&p, w, nw, pass, &toks, &ntoks, &captoks))
                goto fail;
            free(copy);
            copy = NULL;
            s += n + 1;
        }
    }
    if (u->nbrands == 0) {
        *err = kf_xasprintf("%s: no brand lines", name);
        goto fail;
    }
    if (ntoks) /* qsort wants a valid pointer even for zero elements */
        qsort(toks, ntoks, sizeof *toks, cmp_tok);
    u->toks = toks;
    u->ntoks = ntoks;
    for (size_t i = 0, b = 0; b <= NBUCKET; b++) {
        while (i < ntoks && (size_t)bucket_of(toks[i].f) < b)
            i++;
        u->bucket[b] = (uint32_t)i;
    }
    return u;
fail:
    free(copy);
    free(toks);
    kf_urlintel_free(u);
    return NULL;
}

kf_urlintel *kf_urlintel_load(const char *path, char **err)
{
    FILE *f = fopen(path, "rb");
    char *text = NULL;
    size_t n;
    kf_urlintel *u = NULL;

    *err = NULL;
    if (f == NULL) {
        *err = kf_xasprintf("%s: %s", path, strerror(errno));
        return NULL;
    }
    text = kf_xmalloc(MAX_FILE + 1);
    n = fread(text, 1, MAX_FILE + 1, f);
    if (ferror(f))
        *err = kf_xasprintf("%s: %s", path, strerror(errno));
    else if (n > MAX_FILE)
        *err = kf_xasprintf("%s: larger than %u bytes", path, MAX_FILE);
    else
        u = kf_urlintel_parse(path, text, n, err);
    fclose(f);
    free(text);
    return u;
}

void kf_urlintel_free(kf_urlintel *u)
{
    if (u == NULL)
        return;
    for (size_t i = 0; i < u->nents; i++)
        free(u->ents[i].s);
    free(u->ents);
    free(u->brands);
    free(u->toks);
    kf_map_deinit(&u->map);
    free(u);
}

size_t kf_urlintel_nbrands(const kf_urlintel *u)
{
    return u->nbrands;
}

/* ------------------------------------------------------------------ checking */

struct finding {
    int cls, points, brand;
};

static void consider(struct finding *best, int cls, int points, int brand)
{
    if (points > best->points || (points == best->points && cls > best->cls)) {
        best->cls = cls;
        best->points = points;
        best->brand = brand;
    }
}

static int is_digits(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (s[i] < '0' || s[i] > '9')
            return 0;
    return 1;
}

/* Dotted-quad IPv4 (each part 0..255) or anything with a colon left after
 * the port was taken off (IPv6). */
static int is_ip(const char *h, size_t n)
{
    size_t parts = 0, i = 0;

    if (memchr(h, ':', n) != NULL)
        return 1;
    while (i < n) {
        size_t j = i;
        long v = 0;
        while (j < n && h[j] != '.') {
            if (h[j] < '0' || h[j] > '9' || j - i >= 3)
                return 0;
            v = v * 10 + (h[j] - '0');
            j++;
        }
        if (j == i || v > 255)
            return 0;
        parts++;
        i = j + 1;
    }
    return parts == 4 && h[n - 1] != '.';
}

/* Is rest (raw) glue around a short token: digits, an affix, or an affix
 * followed by digits? */
static int glue(const kf_urlintel *u, const char *r, size_t n)
{
    size_t a = n;
    if (n == 0 || is_digits(r, n))
        return 1;
    while (a > 0 && r[a - 1] >= '0' && r[a - 1] <= '9')
        a--;
    return lookup(u, E_AFFIX, r, a) != NULL;
}

/* Short tokens (ccb, boc, etc): a label part between separators equals one,
 * or is one glued to digits or an affix on either side. Returns a brand or -1. */
static int short_tokens(const kf_urlintel *u, const char *body, size_t n)
{
    size_t i = 0;
    while (i < n) {
        size_t j = i, len;
        char f[MAX_HOST];
        const struct ent *e;

        while (j < n && body[j] != '-' && body[j] != '.')
            j++;
        len = j - i;
        if (len >= 2 && len <= 24) {
            fold(body + i, len, f, 1, 1);
            if ((e = lookup(u, E_SHORTTOK, f, len)) != NULL)
                return e->brand;
            for (size_t k = 2; k < SHORT_TOKEN && k < len; k++) {
                if ((e = lookup(u, E_SHORTTOK, f, k)) != NULL && glue(u, body + i + k, len - k))
                    return e->brand;
                if ((e = lookup(u, E_SHORTTOK, f + len - k, k)) != NULL &&
                    glue(u, body + i, len - k))
                    return e->brand;
            }
        }
        i = j + 1;
    }
    return -1;
}

/* Long tokens anywhere in the folded body (separators removed); the longest
 * match wins. Returns a brand or -1. */
static int long_tokens(const kf_urlintel *u, const char *f, size_t n)
{
    int brand = -1;
    size_t best = 0;
    for (size_t i = 0; i + 1 < n; i++) {
        int b = bucket_of(f + i);
        for (uint32_t t = u->bucket[b]; t < u->bucket[b + 1]; t++) {
            const struct tok *k = &u->toks[t];
            if (k->len <= best)
                break; /* sorted longest first */
            if (i + k->len <= n && memcmp(f + i, k->f, k->len) == 0) {
                best = k->len;
                brand = k->brand;
                break;
            }
        }
    }
    return brand;
}

/* The registrable label (folded) equals an official one, or is one insertion,
 * deletion or adjacent transposition away from a long one. Returns a brand
 * or -1. Substitutions are left out on purpose: apple/apply and
 * alipay/alipan are different real sites. */
static int near_label(const kf_urlintel *u, const char *l, size_t n)
{
    char f[MAX_HOST + 1], v[MAX_HOST + 1];
    size_t fl = fold(l, n, f, 0, 0);
    const struct ent *e;

    if (fl < EQ_LABEL_MIN)
        return -1;
    if ((e = lookup(u, E_LABEL, f, fl)) != NULL)
        return e->brand;
    if (fl + 1 < EDIT_LABEL_MIN || fl > 40)
        return -1;
    if ((e = lookup(u, E_DEL, f, fl)) != NULL) /* one character missing */
        return e->brand;
    for (size_t i = 0; i < fl && fl - 1 >= EDIT_LABEL_MIN; i++) { /* one extra */
        uint64_t h = fnv(fnv(FNV0, f, i), f + i + 1, fl - i - 1);
        memcpy(v, f, i);
        memcpy(v + i, f + i + 1, fl - i - 1);
        if ((e = lookup_h(u, E_LABEL, h, v, fl - 1)) != NULL)
            return e->brand;
    }
    if (fl < EDIT_LABEL_MIN)
        return -1;
    memcpy(v, f, fl);
    for (size_t i = 0; i + 1 < fl; i++) { /* two neighbours swapped */
        if (f[i] == f[i + 1])
            continue;
        v[i] = f[i + 1];
        v[i + 1] = f[i];
        if ((e = lookup(u, E_LABEL, v, fl)) != NULL)
            return e->brand;
        v[i] = f[i];
        v[i + 1] = f[i + 1];
    }
    return -1;
}

static void verdict(const kf_urlintel *u, const struct finding *b, const char *tld, size_t tlen,
                    struct kf_url_verdict *out)
{
    const char *brand = b->brand >= 0 ? u->brands[b->brand] : "";

    out->cls = b->cls;
    out->points = b->points;
    snprintf(out->brand, sizeof out->brand, "%s", brand);
    switch (b->cls) {
    case KF_URL_OFFICIAL:
        snprintf(out->code, sizeof out->code, "url.official");
        snprintf(out->reason, sizeof out->reason, "%s的官方域名", brand);
        break;
    case KF_URL_SHORTENER:
        snprintf(out->code, sizeof out->code, "url.shortener");
        snprintf(out->reason, sizeof out->reason, "短链接，真实网址被隐藏");
        break;
    case KF_URL_RISKY_TLD:
        snprintf(out->code, sizeof out->code, "url.risky_tld");
        snprintf(out->reason, sizeof out->reason, "网址使用滥用率高的顶级域名 .%.*s",
                 (int)(tlen > 24 ? 24 : tlen), tld);
        break;
    case KF_URL_LOOKALIKE:
        snprintf(out->code, sizeof out->code, "url.lookalike");
        snprintf(out->reason, sizeof out->reason, "网址疑似仿冒「%s」，但不是其官方域名", brand);
        break;
    case KF_URL_IP:
        snprintf(out->code, sizeof out->code, "url.ip");
        snprintf(out->reason, sizeof out->reason, "链接直接使用IP地址，没有域名");
        break;
    case KF_URL_PUNYCODE:
        snprintf(out->code, sizeof out->code, "url.punycode");
        snprintf(out->reason, sizeof out->reason, "国际化域名（xn--），可能用形近字符仿冒");
        break;
    default:
        break;
    }
}

/* Copies the host part of s into h (lower case): drops a scheme, a path,
 * user@, a port and a trailing dot. Returns its length (0: nothing left). */
static size_t clean_host(const char *s, size_t len, char *h)
{
    const char *end = s + len, *p;
    size_t n;

    for (p = s; p + 2 < end; p++)
        if (p[0] == ':' && p[1] == '/' && p[2] == '/') {
            s = p + 3;
            break;
        }
    for (p = s; p < end; p++)
        if (*p == '/' || *p == '?' || *p == '#' || *p == '\\')
            break;
    end = p;
    for (p = end; p > s; p--)
        if (p[-1] == '@') {
            s = p;
            break;
        }
    if (s < end && *s == '[') { /* [v6]:port */
        p = memchr(s, ']', (size_t)(end - s));
        end = p ? p : end;
        s++;
    } else {
        p = memchr(s, ':', (size_t)(end - s));
        if (p != NULL && memchr(p + 1, ':', (size_t)(end - p - 1)) == NULL)
            end = p; /* host:port (one colon); more colons: bare IPv6 */
    }
    while (end > s && end[-1] == '.')
        end--;
    if ((size_t)(end - s) > MAX_HOST) { /* keep the right end, from a label start */
        s = end - MAX_HOST;
        while (s < end && *s != '.')
            s++;
        if (s < end)
            s++;
    }
    n = (size_t)(end - s);
    for (size_t i = 0; i < n; i++) {
        char c = s[i];
        h[i] = c >= 'A' && c <= 'Z' ? (char)(c - 'A' + 'a') : c;
    }
    h[n] = 0;
    return n;
}

void kf_urlintel_check(const kf_urlintel *u, const char *host, size_t len,
                       struct kf_url_verdict *out)
{
    char h[MAX_HOST + 1], f[MAX_HOST + 1];
    size_t n, start[MAX_LABELS], nl = 0, k = 1, body;
    uint64_t hs[MAX_LABELS];
    struct finding best = {KF_URL_PLAIN, 0, -1};
    const struct ent *e;
    const char *tld = "";
    size_t tlen = 0;
    int b;

    memset(out, 0, sizeof *out);
    n = clean_host(host, len, h);
    if (n == 0)
        return;
    if (h[0] == '[' || is_ip(h, n)) {
        consider(&best, KF_URL_IP, u->pt_ip, -1);
        verdict(u, &best, tld, tlen, out);
        return;
    }
    start[nl++] = 0;
    for (size_t i = 0; i < n && nl < MAX_LABELS; i++)
        if (h[i] == '.' && i + 1 < n)
            start[nl++] = i + 1;
    for (size_t i = 0; i < nl; i++)
        hs[i] = fnv(FNV0, h + start[i], n - start[i]);

    /* Official and shortener: the longest matching suffix names the owner. */
    for (size_t i = 0; i < nl; i++) {
        if (lookup_h(u, E_SHORTENER, hs[i], h + start[i], n - start[i])) {
            consider(&best, KF_URL_SHORTENER, u->pt_shortener, -1);
            break;
        }
    }
    for (size_t i = 0; i < nl && best.cls == KF_URL_PLAIN; i++) {
        if ((e = lookup_h(u, E_OFFICIAL, hs[i], h + start[i], n - start[i])) != NULL) {
            best.cls = KF_URL_OFFICIAL;
            best.brand = e->brand;
            verdict(u, &best, tld, tlen, out);
            return;
        }
    }

    /* Public suffix (the longest listed; one label by default) and TLD. */
    for (size_t j = 2; j <= nl; j++)
        if (lookup_h(u, E_SUFFIX, hs[nl - j], h + start[nl - j], n - start[nl - j]))
            k = j;
    for (size_t j = 1; j <= nl && j <= k; j++) {
        size_t s = start[nl - j];
        if ((e = lookup_h(u, E_TLD, hs[nl - j], h + s, n - s)) != NULL) {
            tld = h + s;
            tlen = n - s;
            consider(&best, KF_URL_RISKY_TLD, e->points, -1);
        }
    }
    for (size_t i = 0; i < nl; i++)
        if (n - start[i] >= 4 && memcmp(h + start[i], "xn--", 4) == 0) {
            consider(&best, KF_URL_PUNYCODE, u->pt_punycode, -1);
            break;
        }

    /* Look-alikes, in what comes before the public suffix. */
    if (k < nl) {
        body = start[nl - k] - 1;
        b = long_tokens(u, f, fold(h, body, f, 0, 0));
        if (b < 0)
            b = short_tokens(u, h, body);
        if (b < 0)
            b = near_label(u, h + start[nl - k - 1], body - start[nl - k - 1]);
        if (b >= 0)
            consider(&best, KF_URL_LOOKALIKE, u->pt_lookalike, b);
    }
    verdict(u, &best, tld, tlen, out);
}
