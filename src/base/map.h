/* SPDX-License-Identifier: MIT
 *
 * map.h -- a hash map from 64-bit keys to pointers (open addressing, linear
 * probing, backward-shift deletion, so no tombstones). Key 0 is reserved.
 * The map borrows the values. Not thread-safe. For string keys, hash the
 * string with kf_map_hash_str and check the value's own key on lookup.
 */
#ifndef KF_BASE_MAP_H
#define KF_BASE_MAP_H

#include <stddef.h>
#include <stdint.h>

struct kf_map_slot {
    uint64_t key; /* 0 = empty */
    void *val;
};

struct kf_map {
    struct kf_map_slot *slots;
    size_t cap; /* power of two */
    size_t len;
};

void kf_map_init(struct kf_map *m);
void kf_map_deinit(struct kf_map *m);
/* Sets key -> val (replacing). key must not be 0. */
void kf_map_put(struct kf_map *m, uint64_t key, void *val);
void *kf_map_get(const struct kf_map *m, uint64_t key);
/* Removes key; returns its value or NULL. */
void *kf_map_del(struct kf_map *m, uint64_t key);
/* FNV-1a 64, never 0. */
uint64_t kf_map_hash_str(const char *s, size_t len);

#endif
