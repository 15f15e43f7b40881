/* SPDX-License-Identifier: MIT
 *
 * split.c -- splitting UTF-8 text into SMS segments with concatenation
 * UDHs (TS 23.040 9.2.3.24.1 and .8).
 *
 * The text is encoded once, then cut at unit boundaries that never separate
 * a GSM escape pair or a UTF-16 surrogate pair. Segment sizes are what the
 * handset receives: for GSM7 the short_message holds unpacked septets (one
 * per byte, UDH bytes first) and the SMSC packs them, so 6 UDH octets + 1
 * fill bit + 153 septets = 140 octets on the air. Table in
 * docs/internals/sms.md. Parsing headers is udh.c's job.
 */
#include "sms/sms.h"

#include "base/base.h"
#include "sms/sms_int.h"

/* Per-segment payload limits in bytes of short_message (UCS2: 2 per unit). */
struct limits {
    size_t single; /* whole text in one message, no UDH */
    size_t concat; /* each part after the UDH */
};

static int limits_for(enum kf_sms_charset cs, int ref16, struct limits *l)
{
    switch (cs) {
    case KF_CS_GSM7:
        l->single = 160;
        l->concat = ref16 ? 152 : 153;
        return 0;
    case KF_CS_ASCII: /* counted as octets: not every SMSC packs IA5 */
    case KF_CS_LATIN1:
        l->single = 140;
        l->concat = ref16 ? 133 : 134;
        return 0;
    case KF_CS_UCS2:
        l->single = 140;
        l->concat = ref16 ? 132 : 134; /* 66 or 67 UTF-16 units */
        return 0;
    default:
        return KF_EINVAL;
    }
}

/* End of the segment starting at pos: as many bytes as `max` allows, moved
 * back so the cut does not separate a GSM7 escape from its character or a
 * high surrogate from its low half. Encoded text from kf_sms_from_utf8 has
 * 0x1B only as the first byte of a pair, and a lone surrogate never. */
static size_t seg_end(enum kf_sms_charset cs, const uint8_t *p, size_t len, size_t pos, size_t max)
{
    size_t end = len - pos <= max ? len : pos + max;

    if (end == len)
        return end;
    if (cs == KF_CS_GSM7 && p[end - 1] == KF_SMS_GSM7_ESC)
        end--;
    else if (cs == KF_CS_UCS2 && p[end - 2] >= 0xD8 && p[end - 2] <= 0xDB)
        end -= 2;
    return end;
}

static size_t count_segs(enum kf_sms_charset cs, const uint8_t *p, size_t len, size_t max)
{
    size_t pos = 0, n = 0;

    while (pos < len) {
        pos = seg_end(cs, p, len, pos, max);
        n++;
    }
    return n;
}

/* The concatenation UDH: 05 00 03 ref total seq, or 06 08 04 refhi reflo
 * total seq. Returns its length (6 or 7). */
static size_t make_udh(uint8_t h[7], uint16_t ref, int ref16, uint8_t total, uint8_t seq)
{
    size_t n = 0;

    if (ref16) {
        h[n++] = 6;
        h[n++] = 0x08;
        h[n++] = 4;
        h[n++] = (uint8_t)(ref >> 8);
    } else {
        h[n++] = 5;
        h[n++] = 0x00;
        h[n++] = 3;
    }
    h[n++] = (uint8_t)ref;
    h[n++] = total;
    h[n++] = seq;
    return n;
}

/* Writes the segments; count_segs() said there are nseg <= 255 of them
 * and every one fits KF_SMS_SEG_MAX, so nothing here can fail. */
static void write_segs(enum kf_sms_charset cs, const uint8_t *p, size_t len, size_t max,
                       uint16_t ref, int ref16, size_t nseg, struct kf_buf *out)
{
    size_t pos = 0, i;

    for (i = 0; i < nseg; i++) {
        size_t end = seg_end(cs, p, len, pos, max);
        uint8_t h[7];
        size_t hl = make_udh(h, ref, ref16, (uint8_t)nseg, (uint8_t)(i + 1));
        int rc;

        kf_buf_init(&out[i], KF_SMS_SEG_MAX);
        rc = kf_buf_append(&out[i], h, hl);
        KF_ASSERT(rc == 0);
        rc = kf_buf_append(&out[i], p + pos, end - pos);
        KF_ASSERT(rc == 0);
        (void)rc;
        pos = end;
    }
    KF_ASSERT(pos == len);
}

/* sms.h. cs is GSM7, UCS2, LATIN1 or ASCII (octet limits), else KF_EINVAL.
 * Initialises out[0..n-1] itself (each capped at KF_SMS_SEG_MAX); the
 * caller owns them and kf_buf_deinit()s each. On error nothing is left
 * allocated in out[] and *udhi_out is 0. udhi_out may be NULL. Empty text
 * gives one empty segment. Pure, any thread. */
int kf_sms_split(const char *utf8, size_t len, enum kf_sms_charset cs, uint16_t ref, int ref16,
                 struct kf_buf *out, int max_segs, int *udhi_out)
{
    struct limits lim;
    struct kf_buf enc;
    size_t nseg;
    int rc;

    if (udhi_out)
        *udhi_out = 0;
    rc = limits_for(cs, ref16, &lim);
    if (rc)
        return rc;
    /* 255 parts of at most 160 bytes bound any text that can be split. */
    kf_buf_init(&enc, KF_SMS_MAX_PARTS * 160);
    rc = kf_sms_from_utf8(cs, utf8, len, &enc);
    if (rc)
        goto out;
    if (enc.len <= lim.single) {
        rc = KF_ETOOBIG;
        if (max_segs < 1)
            goto out;
        kf_buf_init(&out[0], KF_SMS_SEG_MAX);
        rc = kf_buf_append(&out[0], enc.data, enc.len);
        KF_ASSERT(rc == 0);
        rc = 1;
        goto out;
    }
    nseg = count_segs(cs, enc.data, enc.len, lim.concat);
    if (nseg > KF_SMS_MAX_PARTS || max_segs < 0 || nseg > (size_t)max_segs) {
        rc = KF_ETOOBIG;
        goto out;
    }
    write_segs(cs, enc.data, enc.len, lim.concat, ref, ref16, nseg, out);
    if (udhi_out)
        *udhi_out = 1;
    rc = (int)nseg;
out:
    kf_buf_deinit(&enc);
    return rc;
}
