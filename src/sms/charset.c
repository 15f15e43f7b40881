/* SPDX-License-Identifier: MIT
 *
 * charset.c -- data_coding mapping and text conversion between UTF-8 and
 * the SMS character sets (GSM 03.38 unpacked septets, IA5/ASCII, Latin-1,
 * UCS-2 as UTF-16BE), plus unit counting and charset choice.
 *
 * Decoding (to UTF-8) never fails on peer data: bad units become U+FFFD, so
 * the hub can always show something. Encoding (from UTF-8) is strict and
 * all-or-nothing: the whole input is checked and sized before a byte is
 * appended. The tables are in gsm7.c; the mapping is drawn in
 * docs/internals/sms.md.
 */
#include "sms/sms.h"

#include "base/base.h"
#include "sms/sms_int.h"

/* ------------------------------------------------------ data_coding map */

/* SMPP 3.4 table 5-6 for 0x00..0x0F: these values are SMPP's own, not the
 * GSM 03.38 coding groups (0x01 is IA5 in SMPP but GSM7 in 03.38). */
static enum kf_sms_charset smpp_low(uint8_t dc)
{
    switch (dc) {
    case 0x00:
        return KF_CS_GSM7; /* "SMSC default alphabet": GSM 03.38 here */
    case 0x01:
        return KF_CS_ASCII;
    case 0x02: /* octet unspecified (8-bit binary) */
    case 0x04: /* octet unspecified (8-bit binary) */
        return KF_CS_BINARY;
    case 0x03:
        return KF_CS_LATIN1;
    case 0x08:
        return KF_CS_UCS2;
    default: /* 5 JIS, 6 Cyrillic, 7 Hebrew, 9 pictogram, 0x0A ISO-2022-JP,
              * 0x0D extended kanji, 0x0E KS C 5601, reserved values */
        return KF_CS_UNKNOWN;
    }
}

/* Alphabet bits 3..2 of the general data coding groups (TS 23.038 4). */
static enum kf_sms_charset alphabet_bits(uint8_t dc)
{
    switch ((dc >> 2) & 3) {
    case 0:
        return KF_CS_GSM7;
    case 1:
        return KF_CS_BINARY;
    case 2:
        return KF_CS_UCS2;
    default:
        return KF_CS_UNKNOWN; /* reserved */
    }
}

/* sms.h. Total over all 256 values (table in docs/internals/sms.md); pure,
 * any thread. */
enum kf_sms_charset kf_sms_charset_of(uint8_t dc)
{
    if (dc < 0x10)
        return smpp_low(dc);
    if (dc < 0x80) {
        /* 00xx xxxx general data coding, 01xx xxxx the same marked for
         * automatic deletion. Bit 5 = compressed (TS 23.042): we cannot
         * decompress, so the text is opaque and shown as hex. */
        if (dc & 0x20)
            return KF_CS_UNKNOWN;
        return alphabet_bits(dc);
    }
    if (dc < 0xC0)
        return KF_CS_UNKNOWN; /* 1000..1011: reserved coding groups */
    if (dc < 0xE0)
        return KF_CS_GSM7; /* 1100/1101: message waiting, discard/store, GSM7 */
    if (dc < 0xF0)
        return KF_CS_UCS2; /* 1110: message waiting, store, UCS2 */
    /* 1111: data coding/message class; bit 2 = 8-bit data, else GSM7. */
    return (dc & 0x04) ? KF_CS_BINARY : KF_CS_GSM7;
}

/* sms.h. BINARY and UNKNOWN both give 0x04 (opaque octets); pure. */
uint8_t kf_sms_data_coding(enum kf_sms_charset cs)
{
    switch (cs) {
    case KF_CS_GSM7:
        return 0x00;
    case KF_CS_ASCII:
        return 0x01;
    case KF_CS_LATIN1:
        return 0x03;
    case KF_CS_UCS2:
        return 0x08;
    case KF_CS_BINARY:
    case KF_CS_UNKNOWN:
    default:
        return 0x04; /* opaque octets */
    }
}

/* ------------------------------------------------------------ decoding */

static int gsm7_to_utf8(const uint8_t *in, size_t len, struct kf_buf *out)
{
    size_t i;
    int rc = 0;

    for (i = 0; i < len && rc == 0; i++) {
        uint8_t c = in[i];
        uint32_t cp;

        if (c == KF_SMS_GSM7_ESC) {
            if (i + 1 == len) {
                cp = ' '; /* trailing escape: nothing to extend */
            } else {
                c = in[++i];
                if (c == KF_SMS_GSM7_ESC)
                    cp = ' '; /* reserved for another table: show a space */
                else if ((cp = kf_sms__gsm7_ext(c)) == 0)
                    cp = c < 128 ? kf_sms__gsm7_base(c) : KF_SMS_REPLACEMENT;
            }
        } else {
            cp = c < 128 ? kf_sms__gsm7_base(c) : KF_SMS_REPLACEMENT;
        }
        rc = kf_sms__buf_put_cp(out, cp);
    }
    return rc;
}

/* ASCII (max 0x7F) and Latin-1 (max 0xFF) map bytes to code points. */
static int bytes_to_utf8(const uint8_t *in, size_t len, uint8_t max, struct kf_buf *out)
{
    size_t i;
    int rc = 0;

    for (i = 0; i < len && rc == 0; i++)
        rc = kf_sms__buf_put_cp(out, in[i] <= max ? in[i] : KF_SMS_REPLACEMENT);
    return rc;
}

static int is_high(uint32_t u)
{
    return u >= 0xD800 && u <= 0xDBFF;
}

static int is_low(uint32_t u)
{
    return u >= 0xDC00 && u <= 0xDFFF;
}

static int ucs2_to_utf8(const uint8_t *in, size_t len, struct kf_buf *out)
{
    size_t i = 0;
    int rc = 0;

    while (i + 1 < len && rc == 0) {
        uint32_t u = (uint32_t)in[i] << 8 | in[i + 1];
        i += 2;
        if (is_high(u) && i + 1 < len) {
            uint32_t lo = (uint32_t)in[i] << 8 | in[i + 1];
            if (is_low(lo)) {
                u = 0x10000 + ((u - 0xD800) << 10) + (lo - 0xDC00);
                i += 2;
            }
        }
        if (is_high(u) || is_low(u))
            u = KF_SMS_REPLACEMENT; /* lone surrogate */
        rc = kf_sms__buf_put_cp(out, u);
    }
    if (rc == 0 && i < len)
        rc = kf_sms__buf_put_cp(out, KF_SMS_REPLACEMENT); /* odd trailing byte */
    return rc;
}

static int hex_to_utf8(const uint8_t *in, size_t len, struct kf_buf *out)
{
    static const char digits[] = "0123456789abcdef";
    size_t i;
    int rc = 0;

    for (i = 0; i < len && rc == 0; i++) {
        char two[2] = {digits[in[i] >> 4], digits[in[i] & 0x0F]};
        rc = kf_buf_append(out, two, 2);
    }
    return rc;
}

/* sms.h. Borrows in; appends to out (caller owns it) or, on KF_ETOOBIG,
 * leaves out exactly as it was. Pure, any thread. */
int kf_sms_to_utf8(enum kf_sms_charset cs, const uint8_t *in, size_t len, struct kf_buf *out)
{
    size_t start = out->len;
    int rc;

    switch (cs) {
    case KF_CS_GSM7:
        rc = gsm7_to_utf8(in, len, out);
        break;
    case KF_CS_ASCII:
        rc = bytes_to_utf8(in, len, 0x7F, out);
        break;
    case KF_CS_LATIN1:
        rc = bytes_to_utf8(in, len, 0xFF, out);
        break;
    case KF_CS_UCS2:
        rc = ucs2_to_utf8(in, len, out);
        break;
    case KF_CS_BINARY:
    case KF_CS_UNKNOWN:
    default:
        rc = hex_to_utf8(in, len, out);
        break;
    }
    if (rc)
        kf_sms__buf_truncate(out, start); /* all or nothing */
    return rc;
}

/* ------------------------------------------------------------ encoding */

/* Units one code point takes in cs (septets, octets or UTF-16 units), or
 * -1 when cs cannot carry it (or cs has no text encoding at all). */
static int cp_units(enum kf_sms_charset cs, uint32_t cp)
{
    int g;

    switch (cs) {
    case KF_CS_GSM7:
        g = kf_sms__gsm7_lookup(cp);
        return g < 0 ? -1 : (g & 0x100) ? 2 : 1;
    case KF_CS_ASCII:
        return cp <= 0x7F ? 1 : -1;
    case KF_CS_LATIN1:
        return cp <= 0xFF ? 1 : -1;
    case KF_CS_UCS2:
        return cp >= 0x10000 ? 2 : 1;
    default:
        return -1;
    }
}

/* Checks the whole text: KF_EINVAL for invalid UTF-8 anywhere (this wins
 * over an unrepresentable character, since the input itself is bad), else
 * KF_ECHARSET for a character cs cannot carry. *units gets the total. */
static int measure(enum kf_sms_charset cs, const char *utf8, size_t len, size_t *units)
{
    const uint8_t *s = (const uint8_t *)utf8;
    size_t pos = 0, total = 0;
    int unrepresentable = 0;

    while (pos < len) {
        uint32_t cp;
        int n;

        if (kf_sms__utf8_next(s, len, &pos, &cp))
            return KF_EINVAL;
        n = cp_units(cs, cp);
        if (n < 0)
            unrepresentable = 1;
        else
            total += (size_t)n;
    }
    *units = total;
    return unrepresentable ? KF_ECHARSET : 0;
}

static int emit_cp(enum kf_sms_charset cs, uint32_t cp, struct kf_buf *out)
{
    uint8_t b[4];
    size_t n = 0;
    int g;

    switch (cs) {
    case KF_CS_GSM7:
        g = kf_sms__gsm7_lookup(cp);
        if (g & 0x100)
            b[n++] = KF_SMS_GSM7_ESC;
        b[n++] = (uint8_t)(g & 0x7F);
        break;
    case KF_CS_UCS2:
        if (cp >= 0x10000) {
            uint32_t v = cp - 0x10000;
            uint32_t hi = 0xD800 + (v >> 10), lo = 0xDC00 + (v & 0x3FF);
            b[n++] = (uint8_t)(hi >> 8);
            b[n++] = (uint8_t)hi;
            b[n++] = (uint8_t)(lo >> 8);
            b[n++] = (uint8_t)lo;
        } else {
            b[n++] = (uint8_t)(cp >> 8);
            b[n++] = (uint8_t)cp;
        }
        break;
    default: /* ASCII, LATIN1: measure() checked the range */
        b[n++] = (uint8_t)cp;
        break;
    }
    return kf_buf_append(out, b, n);
}

/* Binary and unknown data have no text encoding. */
static int is_text(enum kf_sms_charset cs)
{
    return cs == KF_CS_GSM7 || cs == KF_CS_ASCII || cs == KF_CS_LATIN1 || cs == KF_CS_UCS2;
}

/* sms.h. Errors in this order: KF_EINVAL (cs without a text encoding, or
 * invalid UTF-8 anywhere), KF_ECHARSET, KF_ETOOBIG; on any error out is
 * untouched. Pure, any thread. */
int kf_sms_from_utf8(enum kf_sms_charset cs, const char *utf8, size_t len, struct kf_buf *out)
{
    const uint8_t *s = (const uint8_t *)utf8;
    size_t units, bytes, pos = 0;
    int rc;

    if (!is_text(cs))
        return KF_EINVAL;
    rc = measure(cs, utf8, len, &units);
    if (rc)
        return rc;
    bytes = cs == KF_CS_UCS2 ? 2 * units : units;
    if (bytes > out->max - out->len)
        return KF_ETOOBIG;
    while (pos < len) {
        uint32_t cp;

        rc = kf_sms__utf8_next(s, len, &pos, &cp);
        KF_ASSERT(rc == 0); /* measure() walked the same bytes */
        rc = emit_cp(cs, cp, out);
        KF_ASSERT(rc == 0); /* sized above */
    }
    return 0;
}

/* sms.h. Empty text is GSM7. Pure, any thread. */
enum kf_sms_charset kf_sms_best_charset(const char *utf8, size_t len)
{
    size_t units;

    /* Invalid UTF-8 gives UCS2 too: kf_sms_from_utf8 rejects it either way,
     * and UCS2 is the charset that carries anything valid. */
    return measure(KF_CS_GSM7, utf8, len, &units) == 0 ? KF_CS_GSM7 : KF_CS_UCS2;
}

/* sms.h. Matches what kf_sms_from_utf8 would write (UCS2: bytes / 2); -1
 * also for BINARY and UNKNOWN. Pure, any thread. */
long kf_sms_units(enum kf_sms_charset cs, const char *utf8, size_t len)
{
    size_t units;

    if (!is_text(cs) || measure(cs, utf8, len, &units))
        return -1;
    return (long)units;
}
