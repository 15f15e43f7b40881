/* SPDX-License-Identifier: MIT
 *
 * sms.h -- short-message text: character sets, user data headers, SAR and
 * reassembly of long messages. The whole public interface of src/sms/.
 *
 * Pure: no I/O, no clock (callers pass now_ms). Used by the hub (to show and
 * inspect text, to build receipts and service replies), by internal services
 * (the 10086 robot reads the reassembled UTF-8 text) and later by the spam
 * shield's normaliser. Messages are always passed on to peers intact; these
 * functions only produce views and copies for inspection.
 *
 * Output text is UTF-8 in a capped kf_buf (base/buf.h): hostile input gets
 * KF_ETOOBIG, never an abort.
 */
#ifndef KF_SMS_SMS_H
#define KF_SMS_SMS_H

#include <stddef.h>
#include <stdint.h>

#include "base/buf.h"

/* ------------------------------------------------------------- charsets */

enum kf_sms_charset {
    KF_CS_GSM7 = 0,   /* GSM 03.38 default alphabet + extension table */
    KF_CS_ASCII,      /* IA5 / ASCII (data_coding 1) */
    KF_CS_LATIN1,     /* ISO-8859-1 (data_coding 3) */
    KF_CS_BINARY,     /* 8-bit data (2, 4, and class 0xF4..) */
    KF_CS_UCS2,       /* UCS-2 / UTF-16BE (data_coding 8) */
    KF_CS_UNKNOWN,    /* anything else (e.g. 5, 6, 7, 0x0D, 0x0E): shown as hex */
};

/* Maps SMPP data_coding to a charset, including the GSM 03.38 coding-group
 * forms (0xF0..0xFF message class: bit 2 = 8-bit data else GSM7; 0x1x/0x2x..
 * general data coding with its alphabet bits). data_coding 0 ("SMSC default")
 * is GSM 03.38 here. */
enum kf_sms_charset kf_sms_charset_of(uint8_t data_coding);
/* data_coding value to send for a charset (GSM7 -> 0, UCS2 -> 8, ...). */
uint8_t kf_sms_data_coding(enum kf_sms_charset cs);

/* Decodes text in `cs` to UTF-8, appending to out. GSM7 input is unpacked
 * (one septet per octet, as SMPP carries it); escape 0x1B selects the
 * extension table; an unknown escape gives the base character (03.38 rule);
 * bytes > 0x7F are replaced by U+FFFD. UCS-2 accepts surrogate pairs
 * (UTF-16BE) and replaces lone surrogates or an odd trailing byte with
 * U+FFFD. BINARY/UNKNOWN produce lowercase hex. Returns 0 or KF_ETOOBIG. */
int kf_sms_to_utf8(enum kf_sms_charset cs, const uint8_t *in, size_t len, struct kf_buf *out);

/* Encodes UTF-8 into `cs` (GSM7 unpacked, LATIN1, ASCII, UCS2 as UTF-16BE),
 * appending to out. Returns 0, KF_ECHARSET if a character has no
 * representation (nothing is appended then), KF_EINVAL for invalid UTF-8,
 * KF_ETOOBIG. */
int kf_sms_from_utf8(enum kf_sms_charset cs, const char *utf8, size_t len, struct kf_buf *out);

/* The cheapest charset that can carry the text: GSM7 when every character is
 * in the default alphabet or extension table, else UCS2. */
enum kf_sms_charset kf_sms_best_charset(const char *utf8, size_t len);

/* Length in encoded units: GSM7 septets (extension characters count 2),
 * UCS2 16-bit units, or bytes. Returns -1 on invalid UTF-8 or an
 * unrepresentable character. */
long kf_sms_units(enum kf_sms_charset cs, const char *utf8, size_t len);

/* GSM 7-bit packing for interfaces that need packed septets (e.g. the TP
 * layer). fill_bits = padding bits before the first septet (for UDH
 * alignment). Returns bytes written or KF_ETOOBIG. */
int kf_sms_gsm7_pack(const uint8_t *septets, size_t n, unsigned fill_bits, uint8_t *out, size_t cap);
int kf_sms_gsm7_unpack(const uint8_t *in, size_t len, unsigned fill_bits, size_t nseptets,
                       uint8_t *out, size_t cap);

/* -------------------------------------------------------- UDH and concat */

/* Concatenation info found in a UDH (IEI 0x00 8-bit ref, 0x08 16-bit ref)
 * or in SAR TLVs. total == 0 means "not part of a concatenated message". */
struct kf_sms_concat {
    uint16_t ref;
    uint8_t total;
    uint8_t seq;   /* 1-based */
    uint8_t ref16; /* 1 when the reference is 16-bit */
};

struct kf_sms_udh {
    size_t len;                  /* whole header including the UDHL byte */
    struct kf_sms_concat concat; /* total == 0 if none */
    uint16_t dst_port, src_port; /* application port IEs (0x04/0x05), 0 if none */
};

/* Parses the UDH at the start of a short_message (esm_class has UDHI).
 * Returns 0, or KF_EPROTO when the header is longer than the message or an
 * IE overruns it; concat with total 0 or seq 0 or seq > total is ignored
 * (treated as none), as handsets do. */
int kf_sms_udh_parse(const uint8_t *sm, size_t len, struct kf_sms_udh *udh);

/* Splits UTF-8 text into SMS segments in `cs` (GSM7 or UCS2; LATIN1 too).
 * A text that fits one message (160 septets / 140 bytes / 70 UCS-2 units)
 * gives one segment without UDH. Otherwise each segment starts with a 6-byte
 * UDH (8-bit ref) or 7-byte (16-bit ref when ref16), and carries 153 septets /
 * 134 bytes / 67 units; a GSM7 escape pair or a UTF-16 surrogate pair is never
 * split. Segments are appended to out[] (each an owned kf_buf, caller calls
 * kf_buf_deinit) up to max_segs. Returns the segment count, KF_ETOOBIG when
 * more than max_segs (or 255) would be needed, KF_ECHARSET/KF_EINVAL as in
 * kf_sms_from_utf8. *udhi_out is set to 1 when segments carry a UDH. */
int kf_sms_split(const char *utf8, size_t len, enum kf_sms_charset cs, uint16_t ref, int ref16,
                 struct kf_buf *out, int max_segs, int *udhi_out);

/* -------------------------------------------------------------- reassembly */

/* Collects the parts of concatenated messages until complete. Keyed by
 * (source, destination, ref, total). Bounded: at most max_groups incomplete
 * groups and max_bytes of part data; beyond that the oldest group is dropped.
 * Groups older than ttl_ms at the time of a call are dropped. Not
 * thread-safe; one owner. */
typedef struct kf_sms_reasm kf_sms_reasm;

kf_sms_reasm *kf_sms_reasm_new(size_t max_groups, size_t max_bytes, int64_t ttl_ms);
void kf_sms_reasm_free(kf_sms_reasm *r);

/* Adds one part (its payload without UDH, already in the charset `cs`).
 * Returns 1 when this part completed the message: `out` then receives the
 * concatenated UTF-8 text of all parts in order (appended) and the group is
 * forgotten; 0 when more parts are awaited; a duplicate part is ignored
 * (returns 0); KF_EINVAL for a concat that does not match the group (e.g.
 * different charset); KF_ETOOBIG from out. */
int kf_sms_reasm_add(kf_sms_reasm *r, const char *src, const char *dst,
                     const struct kf_sms_concat *c, enum kf_sms_charset cs,
                     const uint8_t *payload, size_t len, int64_t now_ms, struct kf_buf *out);
/* Drops expired groups; returns how many were dropped. */
size_t kf_sms_reasm_expire(kf_sms_reasm *r, int64_t now_ms);
/* Incomplete groups held now. */
size_t kf_sms_reasm_count(const kf_sms_reasm *r);

#endif
