/* SPDX-License-Identifier: MIT
 *
 * cache.c -- the public kf_cache_* calls (cache.h): picks a backend by name
 * and dispatches every call through its ops table (cache_int.h).
 *
 * This file keeps no cache state of its own; the windows, sets and verdicts
 * live in the backends (mem.c today). Adding a backend means one more row
 * in `backends` below and one .c file, nothing here besides.
 */
#include "cache/cache_int.h"

#include <stdlib.h>
#include <string.h>

#include "base/base.h"

struct kf_cache {
    const struct kf_cache_ops *ops;
    void *impl; /* the backend's state, owned by this handle */
};

static const struct {
    const char *name;
    kf_cache__new_fn new_fn;
} backends[] = {
    {"mem", kf_cache__mem_new},
};

#define NBACKENDS (sizeof backends / sizeof backends[0])

/* "mem, redis": the names in `backends`, for the error message. */
static void backend_names(char *out, size_t size)
{
    size_t used = 0;
    out[0] = '\0';
    for (size_t i = 0; i < NBACKENDS && used < size; i++) {
        int n = snprintf(out + used, size - used, "%s%s", i ? ", " : "", backends[i].name);
        if (n < 0)
            break;
        used += (size_t)n;
    }
}

kf_cache *kf_cache_new(const char *backend, size_t max_keys, char **err)
{
    const struct kf_cache_ops *ops = NULL;
    void *impl = NULL;
    char *why = NULL;
    kf_cache *c;

    if (err)
        *err = NULL;
    if (backend == NULL)
        backend = "mem";
    for (size_t i = 0; i < NBACKENDS; i++)
        if (strcmp(backends[i].name, backend) == 0) {
            impl = backends[i].new_fn(max_keys, &ops, &why);
            if (impl == NULL) {
                if (err)
                    *err = why ? why : kf_xasprintf("cache backend '%s' failed", backend);
                else
                    free(why);
                return NULL;
            }
            c = kf_xmalloc(sizeof *c);
            c->ops = ops;
            c->impl = impl;
            return c;
        }
    if (err) {
        char names[128];
        backend_names(names, sizeof names);
        *err = kf_xasprintf("unknown cache backend '%s' (available: %s)", backend, names);
    }
    return NULL;
}

kf_cache *kf_cache_mem_new(size_t max_keys)
{
    return kf_cache_new("mem", max_keys, NULL); /* mem never fails */
}

void kf_cache_free(kf_cache *c)
{
    if (c == NULL)
        return;
    c->ops->free(c->impl);
    free(c);
}

int kf_cache_sender_add(kf_cache *c, const char *key, const char *rcpt, int64_t now_ms,
                        struct kf_cache_sender *out)
{
    return c->ops->sender_add(c->impl, key, rcpt, now_ms, out);
}

int kf_cache_sender_get(kf_cache *c, const char *key, int64_t now_ms, struct kf_cache_sender *out)
{
    return c->ops->sender_get(c->impl, key, now_ms, out);
}

int kf_cache_text_add(kf_cache *c, uint64_t simhash, const char *sender, int max_bits,
                      int64_t now_ms, uint32_t *copies, uint32_t *senders)
{
    return c->ops->text_add(c->impl, simhash, sender, max_bits, now_ms, copies, senders);
}

int kf_cache_verdict_put(kf_cache *c, uint64_t simhash, int verdict, int64_t until_ms)
{
    return c->ops->verdict_put(c->impl, simhash, verdict, until_ms);
}

int kf_cache_verdict_get(kf_cache *c, uint64_t simhash, int max_bits, int64_t now_ms, int *verdict)
{
    return c->ops->verdict_get(c->impl, simhash, max_bits, now_ms, verdict);
}

size_t kf_cache_size(const kf_cache *c)
{
    return c->ops->size(c->impl);
}
