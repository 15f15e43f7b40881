/* SPDX-License-Identifier: MIT
 *
 * utf8.c -- a small strict UTF-8 decoder and encoder for the sms module.
 *
 * Strict means RFC 3629: no overlong forms, no encoded surrogates, nothing
 * above U+10FFFF, no truncated sequences. The table-free decoder follows the
 * well-formed byte sequence table of Unicode chapter 3 (Table 3-7), which
 * narrows the second byte's range after E0, ED, F0 and F4 so every rule is a
 * range check. Not a general text library: normalisation lives in text/.
 */
#include "sms/sms_int.h"

#include "base/base.h"

/* Allowed range of the second byte for each lead byte (Unicode Table 3-7);
 * all later continuation bytes are 0x80..0xBF. */
static int second_byte_ok(uint8_t lead, uint8_t b)
{
    switch (lead) {
    case 0xE0:
        return b >= 0xA0 && b <= 0xBF; /* else overlong */
    case 0xED:
        return b >= 0x80 && b <= 0x9F; /* else a surrogate */
    case 0xF0:
        return b >= 0x90 && b <= 0xBF; /* else overlong */
    case 0xF4:
        return b >= 0x80 && b <= 0x8F; /* else > U+10FFFF */
    default:
        return b >= 0x80 && b <= 0xBF;
    }
}

/* Number of bytes a sequence starting with `lead` has, or 0 when `lead`
 * cannot start one (continuation byte, C0/C1 overlong leads, F5..FF). */
static size_t seq_len(uint8_t lead)
{
    if (lead < 0x80)
        return 1;
    if (lead >= 0xC2 && lead <= 0xDF)
        return 2;
    if (lead >= 0xE0 && lead <= 0xEF)
        return 3;
    if (lead >= 0xF0 && lead <= 0xF4)
        return 4;
    return 0;
}

int kf_sms__utf8_next(const uint8_t *s, size_t len, size_t *pos, uint32_t *cp)
{
    size_t i = *pos, n, k;
    uint32_t v;
    uint8_t lead;

    KF_ASSERT(i < len);
    lead = s[i];
    n = seq_len(lead);
    if (n == 0 || n > len - i)
        return KF_EINVAL;
    if (n == 1) {
        *cp = lead;
        *pos = i + 1;
        return 0;
    }
    if (!second_byte_ok(lead, s[i + 1]))
        return KF_EINVAL;
    v = lead & (0x7Fu >> n); /* 2: 0x1F, 3: 0x0F, 4: 0x07 */
    for (k = 1; k < n; k++) {
        uint8_t b = s[i + k];
        if ((b & 0xC0) != 0x80)
            return KF_EINVAL;
        v = (v << 6) | (b & 0x3Fu);
    }
    *cp = v;
    *pos = i + n;
    return 0;
}

size_t kf_sms__utf8_put(uint32_t cp, uint8_t out[4])
{
    KF_ASSERT(cp <= 0x10FFFF && (cp < 0xD800 || cp > 0xDFFF));
    if (cp < 0x80) {
        out[0] = (uint8_t)cp;
        return 1;
    }
    if (cp < 0x800) {
        out[0] = (uint8_t)(0xC0 | (cp >> 6));
        out[1] = (uint8_t)(0x80 | (cp & 0x3F));
        return 2;
    }
    if (cp < 0x10000) {
        out[0] = (uint8_t)(0xE0 | (cp >> 12));
        out[1] = (uint8_t)(0x80 | ((cp >> 6) & 0x3F));
        out[2] = (uint8_t)(0x80 | (cp & 0x3F));
        return 3;
    }
    out[0] = (uint8_t)(0xF0 | (cp >> 18));
    out[1] = (uint8_t)(0x80 | ((cp >> 12) & 0x3F));
    out[2] = (uint8_t)(0x80 | ((cp >> 6) & 0x3F));
    out[3] = (uint8_t)(0x80 | (cp & 0x3F));
    return 4;
}

int kf_sms__buf_put_cp(struct kf_buf *b, uint32_t cp)
{
    uint8_t tmp[4];
    size_t n = kf_sms__utf8_put(cp, tmp);

    return kf_buf_append(b, tmp, n);
}

void kf_sms__buf_truncate(struct kf_buf *b, size_t len)
{
    KF_ASSERT(len <= b->len);
    b->len = len;
    if (b->data)
        b->data[len] = '\0';
}
