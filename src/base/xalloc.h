/* SPDX-License-Identifier: MIT
 *
 * xalloc.h -- allocation of fixed-size internal objects.
 *
 * These abort the process on out-of-memory (like Redis zmalloc): they are for
 * objects whose size we choose. Anything sized from outside input (a PDU, an
 * HTTP body, a config line) goes through a capped kf_buf (buf.h) instead, so
 * hostile input gets KF_ETOOBIG and never reaches abort().
 */
#ifndef KF_BASE_XALLOC_H
#define KF_BASE_XALLOC_H

#include <stddef.h>

void *kf_xmalloc(size_t n);
void *kf_xcalloc(size_t nmemb, size_t size);
void *kf_xrealloc(void *p, size_t n);
/* Caller frees. NULL in gives NULL out. */
char *kf_xstrdup(const char *s);
char *kf_xstrndup(const char *s, size_t n);
void *kf_xmemdup(const void *p, size_t n);
/* printf into a new string (caller frees), cut at 1 KiB: for error messages. */
char *kf_xasprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

#endif
