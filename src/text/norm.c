/* SPDX-License-Identifier: MIT
 *
 * norm.c -- normalisation for inspection (text.h): utf8proc does NFKC, case
 * folding, mark stripping and removes default-ignorable characters; then each
 * code point goes through our folds (traditional → simplified, look-alikes),
 * and spaces or filler symbols standing between two Chinese characters are
 * dropped, so that "加 微 信" and "加·微·信" read as "加微信".
 *
 * Fast path: for the blocks Chinese SMS are written in (ASCII, Latin-1,
 * general punctuation, CJK symbols and ideographs, full-width forms) the
 * utf8proc result of each character is tabled at start-up. A text made only
 * of those characters (none of them combines with a neighbour) maps
 * character by character with no allocation; any other character sends the
 * whole text through utf8proc. Both give the same output.
 */
#include "text/text.h"

#include <opencc/opencc.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

#include "base/base.h"

/* The traditional → simplified table covers the CJK blocks where OpenCC's
 * character dictionary has entries. */
#define T2S_LO 0x3400
#define T2S_HI 0xA000

struct kf_text {
    uint32_t *t2s; /* [T2S_HI - T2S_LO], 0 = unchanged */
    uint32_t *fast; /* [0x10000]: 0 = slow path, FAST_DROP, else mapped code point + 1 */
};

#define FAST_DROP 0xFFFFFFFFu

/* The blocks the fast path covers. */
static int fast_block(uint32_t cp)
{
    return cp < 0x100 || (cp >= 0x2000 && cp < 0x2070) || (cp >= 0x3000 && cp < 0x3040) ||
           (cp >= 0x3400 && cp < 0x4DC0) || (cp >= 0x4E00 && cp < 0xA000) ||
           (cp >= 0xFF00 && cp < 0xFFF0);
}

/* Tables what utf8proc makes of each fast-block character on its own; those
 * that combine or expand to several characters stay on the slow path. */
static void build_fast(kf_text *t, int opts)
{
    t->fast = kf_xcalloc(0x10000, sizeof *t->fast);
    for (uint32_t cp = 1; cp < 0x10000; cp++) {
        uint8_t in[4], *out = NULL;
        utf8proc_ssize_t n, k;
        utf8proc_int32_t c;
        if (!fast_block(cp) || utf8proc_get_property((utf8proc_int32_t)cp)->combining_class)
            continue;
        n = utf8proc_encode_char((utf8proc_int32_t)cp, in);
        n = utf8proc_map(in, n, &out, (utf8proc_option_t)opts);
        if (n == 0)
            t->fast[cp] = FAST_DROP;
        else if (n > 0 && (k = utf8proc_iterate(out, n, &c)) == n && c > 0)
            t->fast[cp] = (uint32_t)c + 1;
        free(out);
    }
}

/* Asks OpenCC for every ideograph once; phrase-level conversion is not needed
 * for inspection, and a table lookup keeps the hot path in nanoseconds. */
static int build_t2s(kf_text *t, const char *config, char **err)
{
    opencc_t cc = opencc_open(config ? config : OPENCC_DEFAULT_CONFIG_TRAD_TO_SIMP);
    uint8_t in[8];

    if (cc == (opencc_t)-1) {
        *err = kf_xasprintf("OpenCC: cannot open %s: %s", config ? config : "t2s.json",
                            opencc_error());
        return -1;
    }
    t->t2s = kf_xcalloc(T2S_HI - T2S_LO, sizeof *t->t2s);
    for (uint32_t cp = T2S_LO; cp < T2S_HI; cp++) {
        utf8proc_ssize_t n = utf8proc_encode_char((utf8proc_int32_t)cp, in);
        char *out = opencc_convert_utf8(cc, (const char *)in, (size_t)n);
        utf8proc_int32_t sc;
        if (out && utf8proc_iterate((const uint8_t *)out, -1, &sc) == (utf8proc_ssize_t)strlen(out) &&
            sc > 0 && (uint32_t)sc != cp)
            t->t2s[cp - T2S_LO] = (uint32_t)sc;
        opencc_convert_utf8_free(out);
    }
    opencc_close(cc);
    return 0;
}

static const int NORM_OPTS = UTF8PROC_COMPOSE | UTF8PROC_COMPAT | UTF8PROC_CASEFOLD |
                             UTF8PROC_IGNORE | UTF8PROC_STRIPCC | UTF8PROC_STRIPMARK |
                             UTF8PROC_LUMP;

kf_text *kf_text_new(const char *opencc_config, char **err)
{
    kf_text *t = kf_xcalloc(1, sizeof *t);
    *err = NULL;
    build_t2s(t, opencc_config, err);
    build_fast(t, NORM_OPTS);
    return t;
}

void kf_text_free(kf_text *t)
{
    if (t == NULL)
        return;
    free(t->t2s);
    free(t->fast);
    free(t);
}

int kf_text_has_t2s(const kf_text *t)
{
    return t->t2s != NULL;
}

/* Cyrillic and Greek letters that look like Latin ones (after case folding),
 * used to dodge keyword filters ("wеixin" with a Cyrillic е). */
static uint32_t fold_lookalike(uint32_t cp)
{
    switch (cp) {
    case 0x0430: return 'a'; /* а */
    case 0x0435: return 'e'; /* е */
    case 0x043E: return 'o'; /* о */
    case 0x0440: return 'p'; /* р */
    case 0x0441: return 'c'; /* с */
    case 0x0443: return 'y'; /* у */
    case 0x0445: return 'x'; /* х */
    case 0x0456: return 'i'; /* і */
    case 0x0455: return 's'; /* ѕ */
    case 0x0458: return 'j'; /* ј */
    case 0x043A: return 'k'; /* к */
    case 0x043C: return 'm'; /* м */
    case 0x043D: return 'h'; /* н */
    case 0x0442: return 't'; /* т */
    case 0x0432: return 'b'; /* в */
    case 0x03BF: return 'o'; /* ο */
    case 0x03B1: return 'a'; /* α */
    case 0x03BD: return 'v'; /* ν */
    case 0x03C1: return 'p'; /* ρ */
    case 0x03C4: return 't'; /* τ */
    case 0x03B9: return 'i'; /* ι */
    case 0x03BA: return 'k'; /* κ */
    case 0x03C5: return 'u'; /* υ */
    case 0x03C7: return 'x'; /* χ */
    case 0x03B5: return 'e'; /* ε */
    default: return cp;
    }
}

static int is_cjk(uint32_t cp)
{
    return (cp >= 0x3400 && cp < 0xA000) || (cp >= 0x20000 && cp < 0x30000) ||
           (cp >= 0xF900 && cp < 0xFB00);
}

/* Symbols spammers put between characters to split keywords. */
static int is_filler(uint32_t cp)
{
    switch (cp) {
    case ' ': case '.': case '*': case '-': case '_': case '|': case '/': case '\\':
    case '~': case '^': case '`': case '\'': case '"': case '+': case '=': case '#':
    case 0x00B7: /* · */ case 0x2022: /* • */ case 0x30FB: /* ・ */ case 0x2027:
        return 1;
    default:
        return 0;
    }
}

static void put_cp(struct kf_buf *out, uint32_t cp, int *rc)
{
    uint8_t b[4];
    utf8proc_ssize_t n = utf8proc_encode_char((utf8proc_int32_t)cp, b);
    if (n > 0 && *rc == 0)
        *rc = kf_buf_append(out, b, (size_t)n);
}

/* Our folds on one code point after utf8proc. */
static uint32_t fold(const kf_text *t, uint32_t cp)
{
    if (t->t2s && cp >= T2S_LO && cp < T2S_HI && t->t2s[cp - T2S_LO])
        cp = t->t2s[cp - T2S_LO];
    return fold_lookalike(cp);
}

/* Slow path: utf8proc over the whole text (dropping invalid bytes first when
 * there are any). Returns the folded code points (caller frees), *ncp. */
static uint32_t *decode_slow(const kf_text *t, const char *in, size_t len, size_t *ncp)
{
    utf8proc_uint8_t *mapped = NULL;
    utf8proc_ssize_t n, i;
    uint32_t *cps;

    *ncp = 0;
    n = utf8proc_map((const utf8proc_uint8_t *)in, (utf8proc_ssize_t)len, &mapped, NORM_OPTS);
    if (n < 0) {
        /* Invalid UTF-8: keep the valid characters only, then normalise. */
        struct kf_buf clean;
        kf_buf_init(&clean, len + 1);
        for (i = 0; i < (utf8proc_ssize_t)len;) {
            utf8proc_int32_t c;
            utf8proc_ssize_t k = utf8proc_iterate((const uint8_t *)in + i, (utf8proc_ssize_t)len - i, &c);
            if (k < 0) {
                i++;
                continue;
            }
            kf_buf_append(&clean, in + i, (size_t)k);
            i += k;
        }
        n = utf8proc_map(clean.data ? clean.data : (const uint8_t *)"", (utf8proc_ssize_t)clean.len,
                         &mapped, NORM_OPTS);
        kf_buf_deinit(&clean);
        if (n < 0)
            return NULL;
    }
    cps = kf_xmalloc(((size_t)n + 1) * sizeof *cps);
    for (i = 0; i < n;) {
        utf8proc_int32_t c;
        utf8proc_ssize_t k = utf8proc_iterate(mapped + i, n - i, &c);
        if (k <= 0)
            break;
        cps[(*ncp)++] = fold(t, (uint32_t)c);
        i += k;
    }
    free(mapped);
    return cps;
}

/* Fast path into cps (room for len code points); returns 0 when a
 * character needs the slow path. */
static int decode_fast(const kf_text *t, const char *in, size_t len, uint32_t *cps, size_t *ncp)
{
    const uint8_t *p = (const uint8_t *)in, *end = p + len;

    *ncp = 0;
    while (p < end) {
        uint32_t cp, m;
        if (p[0] < 0x80) {
            cp = *p++;
        } else if ((p[0] & 0xE0) == 0xC0 && p + 1 < end && (p[1] & 0xC0) == 0x80) {
            cp = (uint32_t)(p[0] & 0x1F) << 6 | (p[1] & 0x3F);
            if (cp < 0x80)
                return 0;
            p += 2;
        } else if ((p[0] & 0xF0) == 0xE0 && p + 2 < end && (p[1] & 0xC0) == 0x80 &&
                   (p[2] & 0xC0) == 0x80) {
            cp = (uint32_t)(p[0] & 0x0F) << 12 | (uint32_t)(p[1] & 0x3F) << 6 | (p[2] & 0x3F);
            if (cp < 0x800)
                return 0;
            p += 3;
        } else {
            return 0; /* 4-byte, stray or truncated: utf8proc decides */
        }
        m = t->fast[cp];
        if (m == 0)
            return 0;
        if (m != FAST_DROP)
            cps[(*ncp)++] = fold(t, m - 1);
    }
    return 1;
}

int kf_text_normalize(const kf_text *t, const char *in, size_t len, struct kf_buf *out)
{
    uint32_t stack[512], *cps = len <= 512 ? stack : kf_xmalloc(len * sizeof *cps);
    size_t ncp = 0;
    int rc = 0;
    uint32_t prev = 0; /* last code point written (0 at start) */

    if (!decode_fast(t, in, len, cps, &ncp)) {
        if (cps != stack)
            free(cps);
        cps = decode_slow(t, in, len, &ncp);
        if (cps == NULL)
            return 0;
    }
    for (size_t j = 0; j < ncp && rc == 0; j++) {
        uint32_t cp = (uint32_t)cps[j];
        if (cp == 0x3002 && j > 0 && j + 1 < ncp && cps[j - 1] < 0x80 && cps[j + 1] < 0x80 &&
            utf8proc_category(cps[j - 1]) <= UTF8PROC_CATEGORY_LO &&
            utf8proc_category(cps[j + 1]) <= UTF8PROC_CATEGORY_LO) {
            put_cp(out, '.', &rc); /* "www。example。com" */
            prev = '.';
            continue;
        }
        if (cp == ' ' || is_filler(cp)) {
            size_t k = j, m;
            while (k < ncp && (cps[k] == ' ' || is_filler((uint32_t)cps[k])))
                k++;
            /* A run of spaces and fillers between two Chinese characters
             * goes; elsewhere spaces collapse to one and symbols stay. */
            if (!(is_cjk(prev) && k < ncp && is_cjk((uint32_t)cps[k]))) {
                for (m = j; m < k; m++) {
                    if (cps[m] != ' ') {
                        put_cp(out, (uint32_t)cps[m], &rc);
                        prev = (uint32_t)cps[m];
                    } else if (prev != 0 && prev != ' ' && k < ncp) {
                        put_cp(out, ' ', &rc);
                        prev = ' ';
                    }
                }
            }
            j = k - 1;
            continue;
        }
        put_cp(out, cp, &rc);
        prev = cp;
    }
    if (cps != stack)
        free(cps);
    return rc;
}
