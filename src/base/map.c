/* SPDX-License-Identifier: MIT
 *
 * map.c -- open-addressing u64 -> pointer map (map.h).
 */
#include "base/map.h"

#include <stdlib.h>
#include <string.h>

#include "base/xalloc.h"

static size_t slot_of(uint64_t key, size_t cap)
{
    /* Fibonacci hashing spreads sequential ids (message ids) well. */
    return (size_t)((key * 0x9E3779B97F4A7C15ull) >> 17) & (cap - 1);
}

void kf_map_init(struct kf_map *m)
{
    m->slots = NULL;
    m->cap = 0;
    m->len = 0;
}

void kf_map_deinit(struct kf_map *m)
{
    free(m->slots);
    kf_map_init(m);
}

static void grow(struct kf_map *m)
{
    struct kf_map_slot *old = m->slots;
    size_t oldcap = m->cap, i;

    m->cap = oldcap ? oldcap * 2 : 64;
    m->slots = kf_xcalloc(m->cap, sizeof *m->slots);
    m->len = 0;
    for (i = 0; i < oldcap; i++)
        if (old[i].key)
            kf_map_put(m, old[i].key, old[i].val);
    free(old);
}

void kf_map_put(struct kf_map *m, uint64_t key, void *val)
{
    size_t i;

    if ((m->len + 1) * 4 > m->cap * 3)
        grow(m);
    for (i = slot_of(key, m->cap);; i = (i + 1) & (m->cap - 1)) {
        if (m->slots[i].key == key) {
            m->slots[i].val = val;
            return;
        }
        if (m->slots[i].key == 0) {
            m->slots[i].key = key;
            m->slots[i].val = val;
            m->len++;
            return;
        }
    }
}

void *kf_map_get(const struct kf_map *m, uint64_t key)
{
    size_t i;

    if (m->cap == 0)
        return NULL;
    for (i = slot_of(key, m->cap); m->slots[i].key; i = (i + 1) & (m->cap - 1))
        if (m->slots[i].key == key)
            return m->slots[i].val;
    return NULL;
}

void *kf_map_del(struct kf_map *m, uint64_t key)
{
    size_t i, j, k;
    void *val;

    if (m->cap == 0)
        return NULL;
    for (i = slot_of(key, m->cap); m->slots[i].key != key; i = (i + 1) & (m->cap - 1))
        if (m->slots[i].key == 0)
            return NULL;
    val = m->slots[i].val;
    /* Backward-shift: move later entries of the cluster into the hole when
     * their home slot is not between the hole and them. */
    for (j = i;;) {
        m->slots[i].key = 0;
        for (;;) {
            j = (j + 1) & (m->cap - 1);
            if (m->slots[j].key == 0) {
                m->len--;
                return val;
            }
            k = slot_of(m->slots[j].key, m->cap);
            if ((i <= j) ? (i < k && k <= j) : (i < k || k <= j))
                continue;
            break;
        }
        m->slots[i] = m->slots[j];
        i = j;
    }
}

uint64_t kf_map_hash_str(const char *s, size_t len)
{
    uint64_t h = 0xcbf29ce484222325ull;
    for (size_t i = 0; i < len; i++) {
        h ^= (uint8_t)s[i];
        h *= 0x100000001b3ull;
    }
    return h ? h : 1;
}
