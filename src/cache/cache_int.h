/* SPDX-License-Identifier: MIT
 *
 * cache_int.h -- what only src/cache/ sees: the backend ops table.
 *
 * cache.c owns the public handle (struct kf_cache = an ops table + the
 * backend's state) and dispatches every kf_cache_* call through it. A
 * backend is one .c file with static functions and one constructor that
 * hands back its state and its ops; cache.c lists the constructors by name.
 * Each op has the contract of the public call of the same name in cache.h,
 * with `impl` (the backend's state) in place of the handle.
 */
#ifndef KF_CACHE_CACHE_INT_H
#define KF_CACHE_CACHE_INT_H

#include "cache/cache.h"

struct kf_cache_ops {
    int (*sender_add)(void *impl, const char *key, const char *rcpt, int64_t now_ms,
                      struct kf_cache_sender *out);
    int (*sender_get)(void *impl, const char *key, int64_t now_ms, struct kf_cache_sender *out);
    int (*text_add)(void *impl, uint64_t simhash, const char *sender, int max_bits, int64_t now_ms,
                    uint32_t *copies, uint32_t *senders);
    int (*verdict_put)(void *impl, uint64_t simhash, int verdict, int64_t until_ms);
    int (*verdict_get)(void *impl, uint64_t simhash, int max_bits, int64_t now_ms, int *verdict);
    size_t (*size)(const void *impl);
    /* Frees the state; never called with NULL. */
    void (*free)(void *impl);
};

/* A backend constructor: returns the backend's state (released through
 * (*ops)->free) and sets *ops, or returns NULL with *err set (caller frees
 * *err). */
typedef void *(*kf_cache__new_fn)(size_t max_keys, const struct kf_cache_ops **ops, char **err);

/* The "mem" backend (mem.c): in-process, bounded by max_keys per table
 * (0 counts as 1). Never fails (it aborts on out-of-memory, like kf_xmalloc). */
void *kf_cache__mem_new(size_t max_keys, const struct kf_cache_ops **ops, char **err);

#endif
