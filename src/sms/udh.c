/* SPDX-License-Identifier: MIT
 *
 * udh.c -- parsing of the TP-User-Data-Header (TS 23.040 9.2.3.24) at the
 * start of a short_message: concatenation (IEI 0x00, 0x08) and application
 * port addressing (IEI 0x04, 0x05). Other IEs are skipped.
 *
 * Structure errors (header or an IE running past the end) are KF_EPROTO;
 * a well-framed IE with unusable content (wrong IEDL, total 0, seq 0 or
 * seq > total) is ignored, as handsets do. When an IE repeats, the last
 * usable one wins (TS 23.040 9.2.3.24). Building headers is split.c's job.
 * Byte layouts are drawn in docs/internals/sms.md.
 */
#include "sms/sms.h"

#include <string.h>

#include "base/base.h"

enum {
    IEI_CONCAT8 = 0x00,  /* ref(1) total(1) seq(1) */
    IEI_PORT8 = 0x04,    /* dst(1) src(1) */
    IEI_PORT16 = 0x05,   /* dst(2) src(2) */
    IEI_CONCAT16 = 0x08, /* ref(2) total(1) seq(1) */
};

static void take_concat(struct kf_sms_udh *udh, uint16_t ref, uint8_t total, uint8_t seq,
                        uint8_t ref16)
{
    if (total == 0 || seq == 0 || seq > total)
        return;
    udh->concat.ref = ref;
    udh->concat.total = total;
    udh->concat.seq = seq;
    udh->concat.ref16 = ref16;
}

/* Applies one framed IE (d points at its iedl data bytes). */
static void take_ie(struct kf_sms_udh *udh, uint8_t iei, const uint8_t *d, uint8_t iedl)
{
    switch (iei) {
    case IEI_CONCAT8:
        if (iedl == 3)
            take_concat(udh, d[0], d[1], d[2], 0);
        break;
    case IEI_CONCAT16:
        if (iedl == 4)
            take_concat(udh, (uint16_t)(d[0] << 8 | d[1]), d[2], d[3], 1);
        break;
    case IEI_PORT8:
        if (iedl == 2) {
            udh->dst_port = d[0];
            udh->src_port = d[1];
        }
        break;
    case IEI_PORT16:
        if (iedl == 4) {
            udh->dst_port = (uint16_t)(d[0] << 8 | d[1]);
            udh->src_port = (uint16_t)(d[2] << 8 | d[3]);
        }
        break;
    default:
        break;
    }
}

/* sms.h. Borrows sm; fills *udh (zeroed first, and zeroed again on
 * KF_EPROTO). len 0 is KF_EPROTO: a UDHI message needs at least UDHL.
 * Pure, any thread. */
int kf_sms_udh_parse(const uint8_t *sm, size_t len, struct kf_sms_udh *udh)
{
    size_t hlen, pos = 1;

    memset(udh, 0, sizeof(*udh));
    if (len < 1)
        return KF_EPROTO;
    hlen = (size_t)sm[0] + 1; /* UDHL counts the bytes after itself */
    if (hlen > len)
        return KF_EPROTO;
    while (pos < hlen) {
        uint8_t iei, iedl;

        if (hlen - pos < 2)
            goto bad; /* IEI without IEDL */
        iei = sm[pos];
        iedl = sm[pos + 1];
        pos += 2;
        if (iedl > hlen - pos)
            goto bad; /* IE data past the header */
        take_ie(udh, iei, sm + pos, iedl);
        pos += iedl;
    }
    udh->len = hlen;
    return 0;
bad:
    memset(udh, 0, sizeof(*udh));
    return KF_EPROTO;
}
