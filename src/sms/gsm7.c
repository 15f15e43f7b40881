/* SPDX-License-Identifier: MIT
 *
 * gsm7.c -- the GSM 03.38 (3GPP TS 23.038) default alphabet and its
 * extension table as Unicode, and 7-bit packing.
 *
 * Only the default tables: national language shift tables (TS 23.038 6.2.1.2
 * and annex A) are not supported, so a message that needs them is sent as
 * UCS-2. Decoding indexes the forward tables; encoding binary-searches a
 * sorted reverse table (O(log n) per non-ASCII character). Conversion of whole
 * texts lives in charset.c; the mapping is drawn in docs/internals/sms.md.
 */
#include "sms/sms.h"

#include <limits.h>

#include "base/base.h"
#include "sms/sms_int.h"

/* Default alphabet, indexed by septet. 0x1B is the escape (no character). */
static const uint16_t gsm7_base[128] = {
    /* 0x00 */ 0x0040, 0x00A3, 0x0024, 0x00A5, 0x00E8, 0x00E9, 0x00F9, 0x00EC,
    /* 0x08 */ 0x00F2, 0x00C7, 0x000A, 0x00D8, 0x00F8, 0x000D, 0x00C5, 0x00E5,
    /* 0x10 */ 0x0394, 0x005F, 0x03A6, 0x0393, 0x039B, 0x03A9, 0x03A0, 0x03A8,
    /* 0x18 */ 0x03A3, 0x0398, 0x039E, 0x0000, 0x00C6, 0x00E6, 0x00DF, 0x00C9,
    /* 0x20 */ 0x0020, 0x0021, 0x0022, 0x0023, 0x00A4, 0x0025, 0x0026, 0x0027,
    /* 0x28 */ 0x0028, 0x0029, 0x002A, 0x002B, 0x002C, 0x002D, 0x002E, 0x002F,
    /* 0x30 */ 0x0030, 0x0031, 0x0032, 0x0033, 0x0034, 0x0035, 0x0036, 0x0037,
    /* 0x38 */ 0x0038, 0x0039, 0x003A, 0x003B, 0x003C, 0x003D, 0x003E, 0x003F,
    /* 0x40 */ 0x00A1, 0x0041, 0x0042, 0x0043, 0x0044, 0x0045, 0x0046, 0x0047,
    /* 0x48 */ 0x0048, 0x0049, 0x004A, 0x004B, 0x004C, 0x004D, 0x004E, 0x004F,
    /* 0x50 */ 0x0050, 0x0051, 0x0052, 0x0053, 0x0054, 0x0055, 0x0056, 0x0057,
    /* 0x58 */ 0x0058, 0x0059, 0x005A, 0x00C4, 0x00D6, 0x00D1, 0x00DC, 0x00A7,
    /* 0x60 */ 0x00BF, 0x0061, 0x0062, 0x0063, 0x0064, 0x0065, 0x0066, 0x0067,
    /* 0x68 */ 0x0068, 0x0069, 0x006A, 0x006B, 0x006C, 0x006D, 0x006E, 0x006F,
    /* 0x70 */ 0x0070, 0x0071, 0x0072, 0x0073, 0x0074, 0x0075, 0x0076, 0x0077,
    /* 0x78 */ 0x0078, 0x0079, 0x007A, 0x00E4, 0x00F6, 0x00F1, 0x00FC, 0x00E0,
};

/* Extension table: the septet that follows 0x1B, and what it means. */
static const struct {
    uint8_t septet;
    uint16_t cp;
} gsm7_ext[] = {
    {0x0A, 0x000C}, /* FORM FEED (page break) */
    {0x14, 0x005E}, /* ^ */
    {0x28, 0x007B}, /* { */
    {0x29, 0x007D}, /* } */
    {0x2F, 0x005C}, /* \ */
    {0x3C, 0x005B}, /* [ */
    {0x3D, 0x007E}, /* ~ */
    {0x3E, 0x005D}, /* ] */
    {0x40, 0x007C}, /* | */
    {0x65, 0x20AC}, /* EURO SIGN */
};

/* Reverse map for every character not at its own ASCII position (see
 * ascii_identity), sorted by code point for binary search: code point ->
 * septet, or 0x100 | septet for the extension table. It restates the two
 * tables above; the unit tests check every position both ways and the fuzz
 * driver checks the round trip, so a disagreement cannot go unnoticed. */
static const struct {
    uint16_t cp;
    uint16_t code;
} gsm7_rev[] = {
    {0x000A, 0x00A}, {0x000C, 0x10A}, {0x000D, 0x00D}, {0x0024, 0x002}, {0x0040, 0x000},
    {0x005B, 0x13C}, {0x005C, 0x12F}, {0x005D, 0x13E}, {0x005E, 0x114}, {0x005F, 0x011},
    {0x007B, 0x128}, {0x007C, 0x140}, {0x007D, 0x129}, {0x007E, 0x13D}, {0x00A1, 0x040},
    {0x00A3, 0x001}, {0x00A4, 0x024}, {0x00A5, 0x003}, {0x00A7, 0x05F}, {0x00BF, 0x060},
    {0x00C4, 0x05B}, {0x00C5, 0x00E}, {0x00C6, 0x01C}, {0x00C7, 0x009}, {0x00C9, 0x01F},
    {0x00D1, 0x05D}, {0x00D6, 0x05C}, {0x00D8, 0x00B}, {0x00DC, 0x05E}, {0x00DF, 0x01E},
    {0x00E0, 0x07F}, {0x00E4, 0x07B}, {0x00E5, 0x00F}, {0x00E6, 0x01D}, {0x00E8, 0x004},
    {0x00E9, 0x005}, {0x00EC, 0x007}, {0x00F1, 0x07D}, {0x00F2, 0x008}, {0x00F6, 0x07C},
    {0x00F8, 0x00C}, {0x00F9, 0x006}, {0x00FC, 0x07E}, {0x0393, 0x013}, {0x0394, 0x010},
    {0x0398, 0x019}, {0x039B, 0x014}, {0x039E, 0x01A}, {0x03A0, 0x016}, {0x03A3, 0x018},
    {0x03A6, 0x012}, {0x03A8, 0x017}, {0x03A9, 0x015}, {0x20AC, 0x165},
};

/* Highest code point either table holds (the euro sign): anything above is
 * rejected without a search, which keeps CJK text cheap to classify. */
#define GSM7_MAX_CP 0x20AC

uint32_t kf_sms__gsm7_base(uint8_t c)
{
    return c < 128 ? gsm7_base[c] : 0;
}

uint32_t kf_sms__gsm7_ext(uint8_t c)
{
    size_t i;

    for (i = 0; i < KF_ARRAY_LEN(gsm7_ext); i++)
        if (gsm7_ext[i].septet == c)
            return gsm7_ext[i].cp;
    return 0;
}

/* Letters, digits and most ASCII punctuation sit at their ASCII positions;
 * the exceptions are '$' (0x24 is the currency sign there), '@' (0x40 is
 * the inverted exclamation mark) and the positions 0x5B..0x60, 0x7B..0x7F,
 * which hold national letters. */
static int ascii_identity(uint32_t cp)
{
    if (cp >= 0x20 && cp <= 0x3F)
        return cp != 0x24;
    return (cp >= 'A' && cp <= 'Z') || (cp >= 'a' && cp <= 'z');
}

int kf_sms__gsm7_lookup(uint32_t cp)
{
    size_t lo = 0, hi = KF_ARRAY_LEN(gsm7_rev);

    if (ascii_identity(cp))
        return (int)cp;
    if (cp > GSM7_MAX_CP)
        return -1;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;

        if (gsm7_rev[mid].cp == cp)
            return gsm7_rev[mid].code;
        if (gsm7_rev[mid].cp < cp)
            lo = mid + 1;
        else
            hi = mid;
    }
    return -1; /* including U+0000: position 0 is '@' */
}

/* ------------------------------------------------------------- packing */

/* Octets needed for n septets after fill_bits padding bits. */
static size_t packed_len(size_t n, unsigned fill_bits)
{
    return (fill_bits + 7 * n + 7) / 8;
}

/* sms.h. fill_bits 0..7 (else KF_EINVAL); the high bit of each septet byte
 * is ignored; padding bits are zero. Pure, any thread. */
int kf_sms_gsm7_pack(const uint8_t *septets, size_t n, unsigned fill_bits, uint8_t *out, size_t cap)
{
    size_t need, i;

    if (fill_bits > 7)
        return KF_EINVAL;
    if (n > ((size_t)INT_MAX - 7) / 7)
        return KF_ETOOBIG;
    need = packed_len(n, fill_bits);
    if (need > cap)
        return KF_ETOOBIG;
    for (i = 0; i < need; i++)
        out[i] = 0;
    /* Septet i occupies bits [fill + 7i, fill + 7i + 7), least significant
     * bit first (TS 23.038 6.1.2.1.1); a septet may straddle two octets. */
    for (i = 0; i < n; i++) {
        size_t bit = fill_bits + 7 * i;
        unsigned shift = (unsigned)(bit % 8);
        unsigned v = septets[i] & 0x7Fu;

        out[bit / 8] |= (uint8_t)(v << shift);
        if (shift > 1)
            out[bit / 8 + 1] |= (uint8_t)(v >> (8 - shift));
    }
    return (int)need;
}

/* sms.h. Writes nseptets bytes (0..0x7F) to out. KF_EINVAL for fill_bits
 * above 7, KF_ETOOBIG when out is smaller than nseptets, KF_EPROTO when in
 * holds fewer septets than asked for. Pure, any thread. */
int kf_sms_gsm7_unpack(const uint8_t *in, size_t len, unsigned fill_bits, size_t nseptets,
                       uint8_t *out, size_t cap)
{
    size_t i;

    if (fill_bits > 7)
        return KF_EINVAL;
    if (nseptets > ((size_t)INT_MAX - 7) / 7 || nseptets > cap)
        return KF_ETOOBIG;
    if (packed_len(nseptets, fill_bits) > len)
        return KF_EPROTO; /* the peer claimed more septets than it sent */
    for (i = 0; i < nseptets; i++) {
        size_t bit = fill_bits + 7 * i;
        unsigned shift = (unsigned)(bit % 8);
        unsigned v = (unsigned)in[bit / 8] >> shift;

        if (shift > 1)
            v |= (unsigned)in[bit / 8 + 1] << (8 - shift);
        out[i] = (uint8_t)(v & 0x7F);
    }
    return (int)nseptets;
}
