/* SPDX-License-Identifier: MIT
 *
 * xalloc.c -- aborting allocators for fixed-size internal objects (xalloc.h).
 */
#include "base/xalloc.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void oom(size_t n)
{
    fprintf(stderr, "kefu: out of memory allocating %zu bytes\n", n);
    abort();
}

void *kf_xmalloc(size_t n)
{
    void *p = malloc(n ? n : 1);
    if (p == NULL)
        oom(n);
    return p;
}

void *kf_xcalloc(size_t nmemb, size_t size)
{
    void *p = calloc(nmemb ? nmemb : 1, size ? size : 1);
    if (p == NULL)
        oom(nmemb * size);
    return p;
}

void *kf_xrealloc(void *p, size_t n)
{
    void *q = realloc(p, n ? n : 1);
    if (q == NULL)
        oom(n);
    return q;
}

char *kf_xstrdup(const char *s)
{
    return s ? kf_xstrndup(s, strlen(s)) : NULL;
}

char *kf_xstrndup(const char *s, size_t n)
{
    char *d;
    size_t len = 0;

    if (s == NULL)
        return NULL;
    while (len < n && s[len])
        len++;
    d = kf_xmalloc(len + 1);
    memcpy(d, s, len);
    d[len] = '\0';
    return d;
}

void *kf_xmemdup(const void *p, size_t n)
{
    void *d = kf_xmalloc(n);
    if (n)
        memcpy(d, p, n);
    return d;
}

char *kf_xasprintf(const char *fmt, ...)
{
    char tmp[1024];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(tmp, sizeof tmp, fmt, ap);
    va_end(ap);
    return kf_xstrdup(tmp);
}
