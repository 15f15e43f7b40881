/* SPDX-License-Identifier: MIT
 *
 * buf.h -- a growable byte buffer with a hard cap (curl's dynbuf idea).
 *
 * Used for everything sized by outside input. Appending past `max` fails with
 * KF_ETOOBIG and leaves the buffer as it was. The buffer owns `data`; the
 * contents are always followed by a NUL byte (not counted in len) so text can
 * be used as a C string.
 */
#ifndef KF_BASE_BUF_H
#define KF_BASE_BUF_H

#include <stddef.h>
#include <stdint.h>

struct kf_buf {
    uint8_t *data; /* NULL until the first append */
    size_t len;    /* bytes used */
    size_t cap;    /* bytes allocated */
    size_t max;    /* hard cap on len */
};

void kf_buf_init(struct kf_buf *b, size_t max);
/* Frees the storage; the buffer may be reused after kf_buf_init(). */
void kf_buf_deinit(struct kf_buf *b);
/* Empties the buffer, keeping its storage. */
void kf_buf_reset(struct kf_buf *b);
/* Returns 0 or KF_ETOOBIG. */
int kf_buf_append(struct kf_buf *b, const void *p, size_t n);
int kf_buf_putc(struct kf_buf *b, uint8_t c);
int kf_buf_puts(struct kf_buf *b, const char *s);
/* printf-style append; KF_ETOOBIG or KF_EINVAL on a format error. */
int kf_buf_printf(struct kf_buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Returns the contents as a NUL-terminated string ("" when empty). Borrowed. */
const char *kf_buf_str(const struct kf_buf *b);
/* Hands the storage to the caller (caller frees) and re-inits the buffer. */
uint8_t *kf_buf_steal(struct kf_buf *b, size_t *len);

#endif
