/* SPDX-License-Identifier: MIT
 *
 * cache.h -- the real-time cache shared by the sender and receiver sides of
 * the spam shield: the whole public interface of src/cache/.
 *
 * What it keeps, per key (a sender number, a port, ...), all in sliding
 * windows of the caller's clock (now_ms):
 *  - message counts over the last minute, hour and day;
 *  - distinct recipients over the last hour (exact up to a cap, so a burst
 *    to 500 numbers reads as >= the cap);
 *  - sequential recipients: the longest run of consecutive numbers among the
 *    sender's recent recipients (按号段 sending);
 *  - near-same texts across senders: by SimHash, how many copies and how
 *    many distinct senders sent a text within 3 bits in the last hour;
 *  - verdicts by fingerprint, so a confirmed campaign stops its next copy.
 *
 * Backends. A kf_cache is an ops table (struct kf_cache_ops, cache_int.h)
 * plus the backend's state, chosen by name at creation; cache.c dispatches
 * every call below through the table, so callers never see which backend
 * they hold. Today there is "mem" (mem.c): in-process, bounded per table
 * (least recently used senders evicted past max_keys, the oldest text or
 * verdict reused past max_keys). Not thread-safe: one owner (the loop
 * thread).
 *
 * A "redis" backend, for several nodes sharing one view, would implement
 * the same seven ops (sender_add, sender_get, text_add, verdict_put,
 * verdict_get, size, free) and keep hiredis inside cache/redis.c:
 *  - sliding-window rates as a sorted set per sender (score = now_ms, trimmed
 *    with ZREMRANGEBYSCORE, counted with ZCOUNT) or as bucketed hash counters
 *    (HINCRBY on a per-second / minute / hour field), each key with an
 *    EXPIRE just past its longest window so idle senders age out;
 *  - distinct recipients in the hour as a HyperLogLog (PFADD / PFCOUNT,
 *    approximate) or a set of recipient hashes (exact, SCARD), expiring
 *    likewise; the last 64 recipients for the sequential run as a capped
 *    list (LPUSH + LTRIM);
 *  - near-same texts and verdicts indexed by the four 16-bit bands of their
 *    SimHash (one set per band value), with the verdict itself a key
 *    carrying a TTL of until_ms - now_ms, so expiry needs no sweep.
 * It would read the same clock values the caller passes (now_ms), never the
 * server's, so every node agrees on the windows.
 */
#ifndef KF_CACHE_CACHE_H
#define KF_CACHE_CACHE_H

#include <stddef.h>
#include <stdint.h>

typedef struct kf_cache kf_cache;

struct kf_cache_rates {
    uint32_t minute, hour, day;
};

/* Creates a cache on the named backend: "mem" (NULL also means "mem").
 * max_keys bounds each table (senders, fingerprints, verdicts); 0 counts as
 * 1. Returns NULL with *err set (caller frees *err; err may be NULL) for an
 * unknown name: "unknown cache backend 'x' (available: mem)". The caller
 * owns the cache and releases it with kf_cache_free(). */
kf_cache *kf_cache_new(const char *backend, size_t max_keys, char **err);
/* kf_cache_new("mem", max_keys, ...), which cannot fail. */
kf_cache *kf_cache_mem_new(size_t max_keys);
/* Frees the cache and all it holds; NULL is a no-op. */
void kf_cache_free(kf_cache *c);

/* Counts one message from `key` (at now_ms) to recipient `rcpt` (digits;
 * may be NULL) and returns the sender's rates, distinct recipients in the
 * last hour and the longest run of consecutive recipient numbers seen in
 * its last 64 recipients. */
struct kf_cache_sender {
    struct kf_cache_rates rates;
    uint32_t distinct_hour;
    uint32_t seq_run;
};
int kf_cache_sender_add(kf_cache *c, const char *key, const char *rcpt, int64_t now_ms,
                        struct kf_cache_sender *out);
/* Reads a sender's figures without counting (zeros for an unknown key). */
int kf_cache_sender_get(kf_cache *c, const char *key, int64_t now_ms, struct kf_cache_sender *out);

/* Counts one copy of a text (its SimHash) from `sender`; returns copies and
 * distinct senders of texts within `max_bits` of it in the last hour. */
int kf_cache_text_add(kf_cache *c, uint64_t simhash, const char *sender, int max_bits,
                      int64_t now_ms, uint32_t *copies, uint32_t *senders);

/* Verdicts by fingerprint (a SimHash), valid until until_ms. A lookup
 * matches a stored fingerprint within max_bits. */
int kf_cache_verdict_put(kf_cache *c, uint64_t simhash, int verdict, int64_t until_ms);
/* Returns 1 and *verdict when a live verdict matches, else 0. */
int kf_cache_verdict_get(kf_cache *c, uint64_t simhash, int max_bits, int64_t now_ms, int *verdict);

/* Entries held now (all tables), for metrics and tests. */
size_t kf_cache_size(const kf_cache *c);

#endif
