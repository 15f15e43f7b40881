/* SPDX-License-Identifier: MIT
 *
 * simhash.c -- 64-bit SimHash over character 3-grams of normalised text
 * (Charikar). Texts that differ by a few characters differ in a few bits;
 * the shield counts a text "the same" within a Hamming distance of 3.
 */
#include "text/text.h"

#include <string.h>

/* Byte length of the UTF-8 character starting with c (1 on a stray byte). */
static size_t cp_len(uint8_t c)
{
    return c < 0x80 ? 1 : c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC0 ? 2 : 1;
}

static uint64_t mix(uint64_t h)
{
    h ^= h >> 33;
    h *= 0xff51afd7ed558ccdull;
    h ^= h >> 33;
    h *= 0xc4ceb9fe1a85ec53ull;
    h ^= h >> 33;
    return h;
}

static uint64_t hash_bytes(const char *p, size_t n)
{
    uint64_t h = 0xcbf29ce484222325ull;
    for (size_t i = 0; i < n; i++) {
        h ^= (uint8_t)p[i];
        h *= 0x100000001b3ull;
    }
    return mix(h);
}

uint64_t kf_text_simhash(const char *norm, size_t len)
{
    int32_t v[64];
    size_t starts[3] = {0, 0, 0}, seen = 0, i = 0;
    uint64_t out = 0;

    memset(v, 0, sizeof v);
    if (len == 0)
        return 0;
    while (i < len) {
        starts[seen % 3] = i;
        seen++;
        i += cp_len((uint8_t)norm[i]);
        if (seen >= 3) {
            size_t from = starts[(seen - 3) % 3];
            uint64_t h = hash_bytes(norm + from, (i > len ? len : i) - from);
            for (int b = 0; b < 64; b++)
                v[b] += (h >> b) & 1 ? 1 : -1;
        }
    }
    if (seen < 3)
        return hash_bytes(norm, len);
    for (int b = 0; b < 64; b++)
        if (v[b] > 0)
            out |= 1ull << b;
    return out;
}

int kf_text_hamming(uint64_t a, uint64_t b)
{
    return __builtin_popcountll(a ^ b);
}
