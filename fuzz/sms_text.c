/* SPDX-License-Identifier: MIT
 *
 * sms_text.c -- libFuzzer driver for src/sms/: UDH parsing, decoding in
 * every charset, encoding/splitting of the input taken as UTF-8, GSM 7-bit
 * packing, and the reassembler (fed both the split segments in a shuffled
 * order with duplicates, and arbitrary parts derived from the input).
 *
 * Besides "no crash, no sanitizer report" it checks properties: decoders
 * always succeed and produce valid UTF-8, outputs are all-or-nothing,
 * from_utf8 then to_utf8 gives the input back, segments respect the sizes in
 * docs/internals/sms.md and never end inside an escape or surrogate pair,
 * and reassembling the segments gives the text again. A failed property
 * aborts so libFuzzer keeps the input.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/base.h"
#include "sms/sms.h"
#include "sms/sms_int.h"

#define CHECK(e)                                                                                   \
    do {                                                                                           \
        if (!(e)) {                                                                                \
            fprintf(stderr, "%s:%d: property failed: %s\n", __FILE__, __LINE__, #e);               \
            abort();                                                                               \
        }                                                                                          \
    } while (0)

static const enum kf_sms_charset all_cs[] = {KF_CS_GSM7,   KF_CS_ASCII, KF_CS_LATIN1,
                                             KF_CS_BINARY, KF_CS_UCS2,  KF_CS_UNKNOWN};
static const enum kf_sms_charset text_cs[] = {KF_CS_GSM7, KF_CS_ASCII, KF_CS_LATIN1, KF_CS_UCS2};

static int valid_utf8(const uint8_t *s, size_t len)
{
    size_t pos = 0;
    uint32_t cp;

    while (pos < len)
        if (kf_sms__utf8_next(s, len, &pos, &cp))
            return 0;
    return 1;
}

/* Byte-equal, tolerating NULL data when empty (an unused kf_buf). */
static int same(const uint8_t *a, size_t alen, const uint8_t *b, size_t blen)
{
    return alen == blen && (alen == 0 || memcmp(a, b, alen) == 0);
}

/* Even length and every surrogate properly paired. */
static int valid_utf16be(const uint8_t *s, size_t len)
{
    size_t i;

    if (len % 2)
        return 0;
    for (i = 0; i < len; i += 2) {
        unsigned u = (unsigned)s[i] << 8 | s[i + 1];
        if (u >= 0xDC00 && u <= 0xDFFF)
            return 0;
        if (u >= 0xD800 && u <= 0xDBFF) {
            unsigned lo;
            if (i + 3 >= len)
                return 0;
            lo = (unsigned)s[i + 2] << 8 | s[i + 3];
            if (lo < 0xDC00 || lo > 0xDFFF)
                return 0;
            i += 2;
        }
    }
    return 1;
}

/* ------------------------------------------------------------- decoding */

static void fuzz_udh(const uint8_t *d, size_t n)
{
    struct kf_sms_udh u;
    int rc = kf_sms_udh_parse(d, n, &u);

    CHECK(rc == 0 || rc == KF_EPROTO);
    if (rc == 0) {
        CHECK(u.len >= 1 && u.len <= n && u.len == (size_t)d[0] + 1);
        CHECK(u.concat.total == 0 || (u.concat.seq >= 1 && u.concat.seq <= u.concat.total));
    } else {
        CHECK(u.len == 0 && u.concat.total == 0);
    }
}

static void fuzz_decode(const uint8_t *d, size_t n)
{
    size_t i;

    for (i = 0; i < KF_ARRAY_LEN(all_cs); i++) {
        struct kf_buf out, small;
        int rc;

        kf_buf_init(&out, 8 * n + 16);
        rc = kf_sms_to_utf8(all_cs[i], d, n, &out);
        CHECK(rc == 0);
        CHECK(valid_utf8(out.data, out.len));
        /* A tight cap: either the same text or nothing at all. */
        kf_buf_init(&small, n / 2 + 1);
        rc = kf_sms_to_utf8(all_cs[i], d, n, &small);
        CHECK(rc == 0 || rc == KF_ETOOBIG);
        CHECK(rc ? small.len == 0 : same(small.data, small.len, out.data, out.len));
        /* Latin-1 and well-formed UTF-16 decode losslessly. */
        if (all_cs[i] == KF_CS_LATIN1 || (all_cs[i] == KF_CS_UCS2 && valid_utf16be(d, n))) {
            struct kf_buf back;
            kf_buf_init(&back, n + 1);
            CHECK(kf_sms_from_utf8(all_cs[i], (char *)out.data, out.len, &back) == 0);
            CHECK(same(back.data, back.len, d, n));
            kf_buf_deinit(&back);
        }
        kf_buf_deinit(&small);
        kf_buf_deinit(&out);
    }
}

static void fuzz_pack(const uint8_t *d, size_t n)
{
    uint8_t sept[256], packed[256], back[256];
    unsigned fill = n ? d[0] % 8 : 0;
    size_t k = n < 256 ? n : 256, i;
    int p, u;

    for (i = 0; i < k; i++)
        sept[i] = d[i] & 0x7F;
    p = kf_sms_gsm7_pack(sept, k > 200 ? 200 : k, fill, packed, sizeof(packed));
    CHECK(p >= 0);
    u = kf_sms_gsm7_unpack(packed, (size_t)p, fill, k > 200 ? 200 : k, back, sizeof(back));
    CHECK(u == (int)(k > 200 ? 200 : k));
    CHECK(same(back, (size_t)u, sept, (size_t)u));
    /* Unpacking arbitrary octets never reads past them. */
    u = kf_sms_gsm7_unpack(d, n, fill, (n * 8 - (n ? fill : 0)) / 7, back, sizeof(back));
    CHECK(u >= 0 || u == KF_ETOOBIG);
}

/* ------------------------------------------------------------- encoding */

static void fuzz_encode(const uint8_t *d, size_t n, int valid)
{
    size_t i;

    for (i = 0; i < KF_ARRAY_LEN(text_cs); i++) {
        enum kf_sms_charset cs = text_cs[i];
        struct kf_buf enc, dec;
        long units = kf_sms_units(cs, (const char *)d, n);
        int rc;

        kf_buf_init(&enc, 4 * n + 16);
        rc = kf_sms_from_utf8(cs, (const char *)d, n, &enc);
        CHECK(valid || rc == KF_EINVAL);
        CHECK(rc == 0 || rc == KF_EINVAL || rc == KF_ECHARSET);
        if (rc) {
            CHECK(enc.len == 0 && units == -1);
            kf_buf_deinit(&enc);
            continue;
        }
        CHECK(units >= 0 && (size_t)units * (cs == KF_CS_UCS2 ? 2 : 1) == enc.len);
        kf_buf_init(&dec, n + 1);
        CHECK(kf_sms_to_utf8(cs, enc.data, enc.len, &dec) == 0);
        CHECK(same(dec.data, dec.len, d, n));
        kf_buf_deinit(&dec);
        kf_buf_deinit(&enc);
    }
    if (valid) {
        enum kf_sms_charset best = kf_sms_best_charset((const char *)d, n);
        CHECK(best == KF_CS_GSM7 || best == KF_CS_UCS2);
        CHECK((best == KF_CS_GSM7) == (kf_sms_units(KF_CS_GSM7, (const char *)d, n) >= 0));
    }
}

/* ------------------------------------------------- splitting + reassembly */

static size_t seg_limit(enum kf_sms_charset cs, int concat, int ref16)
{
    if (!concat)
        return cs == KF_CS_GSM7 ? 160 : 140;
    if (cs == KF_CS_GSM7)
        return ref16 ? 152 : 153;
    if (cs == KF_CS_UCS2)
        return ref16 ? 132 : 134;
    return ref16 ? 133 : 134;
}

/* Feeds the segments to a reassembler in a shuffled order with a
 * duplicate; the last new part must give the text back. */
static void reassemble_segments(struct kf_buf *segs, int nseg, enum kf_sms_charset cs,
                                const uint8_t *d, size_t n, uint32_t seed)
{
    kf_sms_reasm *r = kf_sms_reasm_new(4, 1 << 16, 1000);
    int order[KF_SMS_MAX_PARTS], i, done = 0;
    struct kf_buf out;

    for (i = 0; i < nseg; i++)
        order[i] = i;
    for (i = nseg - 1; i > 0; i--) { /* Fisher-Yates with a tiny LCG */
        int j, t;
        seed = seed * 1103515245u + 12345u;
        j = (int)((seed >> 8) % (uint32_t)(i + 1));
        t = order[i];
        order[i] = order[j];
        order[j] = t;
    }
    kf_buf_init(&out, 4 * n + 16);
    for (i = 0; i <= nseg; i++) {
        /* One extra round: a duplicate of the first part sent. */
        int k = i < nseg ? order[i] : order[0];
        struct kf_sms_udh u;
        int rc;

        CHECK(kf_sms_udh_parse(segs[k].data, segs[k].len, &u) == 0);
        rc = kf_sms_reasm_add(r, "src", "dst", &u.concat, cs, segs[k].data + u.len,
                              segs[k].len - u.len, i, &out);
        if (i == nseg - 1) {
            CHECK(rc == 1);
            CHECK(same(out.data, out.len, d, n));
            done = 1;
        } else if (i < nseg) {
            CHECK(rc == 0);
        } else {
            CHECK(rc == 0); /* the late duplicate starts a new group */
        }
    }
    CHECK(done);
    kf_buf_deinit(&out);
    kf_sms_reasm_free(r);
}

static void check_segments(struct kf_buf *segs, int nseg, int udhi, enum kf_sms_charset cs,
                           int ref16, uint16_t ref, const uint8_t *d, size_t n)
{
    struct kf_buf raw, dec;
    int i;

    CHECK(udhi == (nseg > 1));
    kf_buf_init(&raw, 1 << 20);
    for (i = 0; i < nseg; i++) {
        size_t h = 0, pl;
        const uint8_t *p;

        if (udhi) {
            struct kf_sms_udh u;
            CHECK(kf_sms_udh_parse(segs[i].data, segs[i].len, &u) == 0);
            CHECK(u.len == (ref16 ? 7u : 6u));
            CHECK(u.concat.total == nseg && u.concat.seq == i + 1);
            CHECK(u.concat.ref == (ref16 ? ref : (ref & 0xFF)) && u.concat.ref16 == !!ref16);
            h = u.len;
        }
        p = segs[i].data + h;
        pl = segs[i].len - h;
        CHECK(pl <= seg_limit(cs, udhi, ref16));
        CHECK(segs[i].len <= KF_SMS_SEG_MAX);
        if (i + 1 < nseg && pl > 0) {
            CHECK(!(cs == KF_CS_GSM7 && p[pl - 1] == KF_SMS_GSM7_ESC));
            CHECK(!(cs == KF_CS_UCS2 && pl >= 2 && p[pl - 2] >= 0xD8 && p[pl - 2] <= 0xDB));
        }
        CHECK(kf_buf_append(&raw, p, pl) == 0);
    }
    kf_buf_init(&dec, 4 * n + 16);
    CHECK(kf_sms_to_utf8(cs, raw.data, raw.len, &dec) == 0);
    CHECK(same(dec.data, dec.len, d, n));
    kf_buf_deinit(&dec);
    kf_buf_deinit(&raw);
}

static void fuzz_split(const uint8_t *d, size_t n)
{
    static const enum kf_sms_charset cs_list[] = {KF_CS_GSM7, KF_CS_UCS2, KF_CS_LATIN1};
    static struct kf_buf segs[KF_SMS_MAX_PARTS];
    uint16_t ref = n >= 2 ? (uint16_t)(d[0] << 8 | d[n - 1]) : 0x1234;
    int ref16 = n ? d[n / 2] & 1 : 0;
    size_t i;

    for (i = 0; i < KF_ARRAY_LEN(cs_list); i++) {
        enum kf_sms_charset cs = cs_list[i];
        long units = kf_sms_units(cs, (const char *)d, n);
        int udhi = -1, nseg, k;

        nseg = kf_sms_split((const char *)d, n, cs, ref, ref16, segs, KF_SMS_MAX_PARTS, &udhi);
        if (units < 0) {
            CHECK(nseg == KF_EINVAL || nseg == KF_ECHARSET);
            continue;
        }
        if (nseg == KF_ETOOBIG)
            continue; /* only for texts far beyond 255 parts of fuzz input */
        CHECK(nseg >= 1);
        check_segments(segs, nseg, udhi, cs, ref16, ref, d, n);
        if (nseg > 1)
            reassemble_segments(segs, nseg, cs, d, n, (uint32_t)n * 2654435761u);
        for (k = 0; k < nseg; k++)
            kf_buf_deinit(&segs[k]);
    }
}

/* Arbitrary parts: each 3-byte record picks a group, seq and a slice of the
 * input; time moves forward so TTL and both bounds get exercised. */
static void fuzz_reasm_parts(const uint8_t *d, size_t n)
{
    kf_sms_reasm *r = kf_sms_reasm_new(3, 48, 40);
    int64_t now = 0;
    size_t i;

    for (i = 0; i + 3 <= n; i += 3) {
        struct kf_sms_concat c;
        struct kf_buf out;
        size_t off = d[i + 2] % (n + 1), len = (size_t)(d[i + 1] >> 4) * 2;
        enum kf_sms_charset cs = all_cs[(d[i] >> 6) % KF_ARRAY_LEN(all_cs)];
        char src[2] = {(char)('a' + (d[i] & 1)), 0};
        int rc;

        if (len > n - off)
            len = n - off;
        c.ref = (uint16_t)((d[i] >> 1) & 3);
        c.total = (uint8_t)((d[i] >> 3) & 3);
        c.seq = (uint8_t)(d[i + 1] & 3);
        c.ref16 = (uint8_t)(d[i + 1] >> 2 & 1);
        now += d[i + 1] & 8 ? 7 : 0;
        kf_buf_init(&out, (size_t)(d[i + 2] & 0x3F) * 4);
        rc = kf_sms_reasm_add(r, src, "d", &c, cs, d + off, len, now, &out);
        CHECK(rc == 0 || rc == 1 || rc == KF_EINVAL || rc == KF_ETOOBIG);
        CHECK(rc == 1 || out.len == 0);
        CHECK(kf_sms_reasm_count(r) <= 3);
        kf_buf_deinit(&out);
    }
    kf_sms_reasm_expire(r, now + 1000);
    CHECK(kf_sms_reasm_count(r) == 0);
    kf_sms_reasm_free(r);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    int valid;

    if (size > 64 * 1024)
        return 0;
    valid = valid_utf8(data, size);
    fuzz_udh(data, size);
    fuzz_decode(data, size);
    fuzz_pack(data, size);
    fuzz_encode(data, size, valid);
    fuzz_split(data, size);
    fuzz_reasm_parts(data, size);
    return 0;
}
