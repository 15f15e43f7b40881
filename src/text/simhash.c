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

/* The 8 bits of x spread to the 8 bytes of a word (bit i to byte 7 - i). */
static uint64_t spread(uint64_t x)
{
    return ((x * 0x8040201008040201ull) & 0x8080808080808080ull) >> 7;
}

/* Per-bit counts of ones, kept as 8 x 8 byte lanes (8 additions per
 * shingle instead of 64) and flushed before a lane can overflow. */
struct bitcount {
    uint64_t lanes[8];
    uint32_t ones[64];
    unsigned pending;
};

static void bc_flush(struct bitcount *bc)
{
    for (int k = 0; k < 8; k++) {
        for (int j = 0; j < 8; j++)
            bc->ones[8 * k + 7 - j] += (uint32_t)(bc->lanes[k] >> (8 * j)) & 0xff;
        bc->lanes[k] = 0;
    }
    bc->pending = 0;
}

static void bc_add(struct bitcount *bc, uint64_t h)
{
    for (int k = 0; k < 8; k++)
        bc->lanes[k] += spread((h >> (8 * k)) & 0xff);
    if (++bc->pending == 255)
        bc_flush(bc);
}

uint64_t kf_text_simhash(const char *norm, size_t len)
{
    struct bitcount bc;
    size_t starts[3] = {0, 0, 0}, seen = 0, i = 0;
    uint64_t out = 0;

    if (len == 0)
        return 0;
    memset(&bc, 0, sizeof bc);
    while (i < len) {
        starts[seen % 3] = i;
        seen++;
        i += cp_len((uint8_t)norm[i]);
        if (seen >= 3) {
            size_t from = starts[(seen - 3) % 3];
            bc_add(&bc, hash_bytes(norm + from, (i > len ? len : i) - from));
        }
    }
    if (seen < 3)
        return hash_bytes(norm, len);
    bc_flush(&bc);
    for (int b = 0; b < 64; b++) /* a bit is set when most shingles set it */
        if (2 * (uint64_t)bc.ones[b] > seen - 2)
            out |= 1ull << b;
    return out;
}

int kf_text_hamming(uint64_t a, uint64_t b)
{
    return __builtin_popcountll(a ^ b);
}
