/* SPDX-License-Identifier: MIT
 *
 * text.h -- text normalisation for inspection, extraction of contact and
 * money features, and SimHash fingerprints: the whole public interface of
 * src/text/ (the only module that includes utf8proc.h and opencc.h).
 *
 * The original message is never changed: these functions produce a separate
 * normalised copy that the spam shield and the robot inspect. Normalisation:
 * NFKC + case folding + accents stripped (utf8proc), traditional → simplified
 * Chinese (a character table built from OpenCC's t2s at start-up), default-
 * ignorable and zero-width characters removed, Cyrillic/Greek look-alikes
 * folded to Latin, spaces and filler symbols inside Chinese text removed
 * ("加 微 信", "加-微-信" → "加微信"), whitespace collapsed.
 *
 * Thread-safety: a kf_text is read-only after kf_text_new and may be shared.
 */
#ifndef KF_TEXT_TEXT_H
#define KF_TEXT_TEXT_H

#include <stddef.h>
#include <stdint.h>

#include "base/buf.h"

typedef struct kf_text kf_text;

/* Builds the folding tables (OpenCC t2s: ~100 ms). opencc_config may be NULL
 * for the default "t2s.json"; when OpenCC cannot be loaded, traditional
 * characters are left as they are and *err says why (the table is still
 * usable). Returns NULL only on allocation failure. */
kf_text *kf_text_new(const char *opencc_config, char **err);
void kf_text_free(kf_text *t);
/* 1 when the traditional → simplified table is loaded. */
int kf_text_has_t2s(const kf_text *t);

/* Appends the normalised form of UTF-8 `in` to out. Invalid UTF-8 bytes are
 * dropped. Returns 0 or KF_ETOOBIG. */
int kf_text_normalize(const kf_text *t, const char *in, size_t len, struct kf_buf *out);

/* -------------------------------------------------------------- features */

enum kf_text_kind {
    KF_TX_URL = 0,    /* a URL or bare domain; `aux` spans its host */
    KF_TX_MOBILE = 1, /* an 11-digit mainland mobile number */
    KF_TX_PHONE = 2,  /* landline or 400/800 hotline */
    KF_TX_QQ = 3,     /* a QQ number given as contact */
    KF_TX_WECHAT = 4, /* a WeChat id given as contact */
    KF_TX_AMOUNT = 5, /* a money amount (¥ / 元 / 万 / 块) */
};

struct kf_text_item {
    int kind;
    uint32_t off, len;         /* span in the normalised text */
    uint32_t aux_off, aux_len; /* URL: the host; others: the digits or id */
};

/* Finds features in normalised text (as produced by kf_text_normalize).
 * Writes at most max items, in text order; returns how many were found
 * (which may exceed max: then only max were written). */
int kf_text_extract(const char *norm, size_t len, struct kf_text_item *items, int max);

/* 64-bit SimHash of normalised text over character 3-grams (shorter texts:
 * the whole text). Near-duplicates differ in few bits. */
uint64_t kf_text_simhash(const char *norm, size_t len);
/* Number of differing bits. */
int kf_text_hamming(uint64_t a, uint64_t b);

#endif
