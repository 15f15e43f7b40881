/* SPDX-License-Identifier: MIT
 *
 * sms_int.h -- what only src/sms/ (and its unit tests and fuzz driver) may
 * see: the UTF-8 codec, GSM 03.38 table look-ups and shared limits.
 *
 * The public interface is sms.h; the design (charset mapping, segment sizes,
 * UDH byte layouts, reassembly bounds) is drawn in docs/internals/sms.md.
 */
#ifndef KF_SMS_SMS_INT_H
#define KF_SMS_SMS_INT_H

#include <stddef.h>
#include <stdint.h>

#include "base/buf.h"

#define KF_SMS_GSM7_ESC 0x1B /* escape to the extension table */
#define KF_SMS_REPLACEMENT 0xFFFDu

/* Largest short_message SMPP carries (octets); each segment kf_sms_split
 * produces is a kf_buf capped at this. */
#define KF_SMS_SEG_MAX 254
/* A concatenated message has at most 255 parts (8-bit total in the UDH). */
#define KF_SMS_MAX_PARTS 255

/* ---------------------------------------------------------------- UTF-8 */

/* Decodes one code point from s[*pos..len). Rejects truncated sequences,
 * stray continuation bytes, overlong forms, UTF-16 surrogates (U+D800..DFFF)
 * and values above U+10FFFF with KF_EINVAL (*pos is then unchanged).
 * On success stores the code point, advances *pos and returns 0. */
int kf_sms__utf8_next(const uint8_t *s, size_t len, size_t *pos, uint32_t *cp);

/* Writes `cp` (a valid scalar value, KF_ASSERTed) as UTF-8 into out[4];
 * returns the number of bytes (1..4). */
size_t kf_sms__utf8_put(uint32_t cp, uint8_t out[4]);

/* Appends `cp` as UTF-8 to b; 0 or KF_ETOOBIG. */
int kf_sms__buf_put_cp(struct kf_buf *b, uint32_t cp);

/* Cuts b back to `len` bytes (len <= b->len), keeping the trailing NUL.
 * Used to undo a partial append so outputs are all-or-nothing. */
void kf_sms__buf_truncate(struct kf_buf *b, size_t len);

/* ------------------------------------------------------------ GSM 03.38 */

/* Code point of default-alphabet septet c (0..127). Position 0x1B (the
 * escape) has none and gives 0. */
uint32_t kf_sms__gsm7_base(uint8_t c);

/* Code point of extension-table septet c (the byte after 0x1B), or 0 when
 * the extension table has nothing there. */
uint32_t kf_sms__gsm7_ext(uint8_t c);

/* Reverse look-up: the default-alphabet septet for cp (0..127), or
 * 0x100 | septet for an extension character (sent as 0x1B septet, two
 * units), or -1 when cp has no GSM 03.38 representation. */
int kf_sms__gsm7_lookup(uint32_t cp);

#endif
