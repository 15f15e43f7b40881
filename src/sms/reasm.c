/* SPDX-License-Identifier: MIT
 *
 * reasm.c -- reassembly of concatenated short messages (sms.h).
 *
 * Incomplete messages ("groups") live in a small chained hash table keyed by
 * (source, destination, ref, total) and, at the same time, in a list ordered
 * by arrival of their first part. The list gives the oldest group in O(1)
 * for both TTL expiry and eviction when a bound is hit, so every call costs
 * O(1) plus the groups it drops. Parts are kept raw and decoded once on
 * completion, so a GSM escape pair or surrogate pair that a sender split
 * across parts still decodes. Bounds are drawn in docs/internals/sms.md.
 *
 * Not thread-safe: one owner (the hub's loop thread). Never reads the clock.
 */
#include "sms/sms.h"

#include <stdlib.h>
#include <string.h>

#include "base/base.h"
#include "sms/sms_int.h"

/* Longest source or destination address accepted (SMPP allows 21 octets
 * including the NUL; leave room for gateways that add prefixes). */
#define ADDR_MAX 64

struct part {
    uint8_t *data; /* owned; NULL when not received */
    size_t len;    /* bytes */
};

struct group {
    struct group *hnext;         /* hash chain */
    struct group *older, *newer; /* arrival list */
    uint32_t hash;
    char *src, *dst; /* owned copies */
    uint16_t ref;
    uint8_t total, ref16;
    enum kf_sms_charset cs;
    int64_t created_ms;  /* arrival of the first part */
    unsigned have;       /* parts received */
    size_t bytes;        /* sum of the parts' lengths */
    uint8_t got[32];     /* bitmap by seq (1..255) */
    struct part parts[]; /* total entries, index seq - 1 */
};

struct kf_sms_reasm {
    struct group **buckets;
    size_t nbuckets;               /* a power of two */
    struct group *oldest, *newest; /* arrival list ends */
    size_t count, bytes;           /* groups held, part bytes held */
    size_t max_groups, max_bytes;
    int64_t ttl_ms; /* <= 0: no expiry */
};

/* ---------------------------------------------------------- hash table */

/* FNV-1a over the key; the NUL after each address keeps ("ab","c") and
 * ("a","bc") apart. */
static uint32_t fnv(uint32_t h, const void *p, size_t n)
{
    const uint8_t *s = p;
    size_t i;

    for (i = 0; i < n; i++) {
        h ^= s[i];
        h *= 16777619u;
    }
    return h;
}

static uint32_t key_hash(const char *src, const char *dst, uint16_t ref, uint8_t total)
{
    uint8_t tail[3] = {(uint8_t)(ref >> 8), (uint8_t)ref, total};
    uint32_t h = 2166136261u;

    h = fnv(h, src, strlen(src) + 1);
    h = fnv(h, dst, strlen(dst) + 1);
    return fnv(h, tail, sizeof(tail));
}

static struct group **bucket(kf_sms_reasm *r, uint32_t hash)
{
    return &r->buckets[hash & (r->nbuckets - 1)];
}

static struct group *find(kf_sms_reasm *r, uint32_t hash, const char *src, const char *dst,
                          uint16_t ref, uint8_t total)
{
    struct group *g;

    for (g = *bucket(r, hash); g; g = g->hnext)
        if (g->hash == hash && g->ref == ref && g->total == total && strcmp(g->src, src) == 0 &&
            strcmp(g->dst, dst) == 0)
            return g;
    return NULL;
}

/* Unlinks g from its chain and the arrival list, then frees it. */
static void drop(kf_sms_reasm *r, struct group *g)
{
    struct group **pp = bucket(r, g->hash);
    unsigned i;

    while (*pp != g)
        pp = &(*pp)->hnext;
    *pp = g->hnext;
    if (g->older)
        g->older->newer = g->newer;
    else
        r->oldest = g->newer;
    if (g->newer)
        g->newer->older = g->older;
    else
        r->newest = g->older;
    for (i = 0; i < g->total; i++)
        free(g->parts[i].data);
    r->count--;
    r->bytes -= g->bytes;
    free(g->src);
    free(g->dst);
    free(g);
}

static struct group *group_new(kf_sms_reasm *r, uint32_t hash, const char *src, const char *dst,
                               const struct kf_sms_concat *c, enum kf_sms_charset cs,
                               int64_t now_ms)
{
    struct group *g = kf_xcalloc(1, sizeof(*g) + c->total * sizeof(struct part));
    struct group **b = bucket(r, hash);

    g->hash = hash;
    g->src = kf_xstrdup(src);
    g->dst = kf_xstrdup(dst);
    g->ref = c->ref;
    g->total = c->total;
    g->ref16 = c->ref16;
    g->cs = cs;
    g->created_ms = now_ms;
    g->hnext = *b;
    *b = g;
    g->older = r->newest;
    if (r->newest)
        r->newest->newer = g;
    else
        r->oldest = g;
    r->newest = g;
    r->count++;
    return g;
}

/* ------------------------------------------------------------ lifecycle */

/* sms.h. Caller frees with kf_sms_reasm_free. max_groups 0 counts as 1;
 * ttl_ms <= 0 disables expiry. Aborts only on OOM of its own fixed-size
 * table (xalloc.h). */
kf_sms_reasm *kf_sms_reasm_new(size_t max_groups, size_t max_bytes, int64_t ttl_ms)
{
    kf_sms_reasm *r = kf_xcalloc(1, sizeof(*r));

    r->max_groups = max_groups ? max_groups : 1;
    r->max_bytes = max_bytes;
    r->ttl_ms = ttl_ms;
    r->nbuckets = 16;
    while (r->nbuckets < r->max_groups && r->nbuckets < 65536)
        r->nbuckets *= 2;
    r->buckets = kf_xcalloc(r->nbuckets, sizeof(*r->buckets));
    return r;
}

/* sms.h. Frees every held group; NULL is a no-op. */
void kf_sms_reasm_free(kf_sms_reasm *r)
{
    if (r == NULL)
        return;
    while (r->oldest)
        drop(r, r->oldest);
    free(r->buckets);
    free(r);
}

/* now_ms - t0 > ttl without signed overflow, whatever clock values the
 * caller passes. */
static int older_than(int64_t now_ms, int64_t t0, int64_t ttl)
{
    return now_ms > t0 && (uint64_t)now_ms - (uint64_t)t0 > (uint64_t)ttl;
}

/* sms.h. Drops groups whose first part is more than ttl_ms older than
 * now_ms (strictly); now_ms must not go backwards (monotonic clock). */
size_t kf_sms_reasm_expire(kf_sms_reasm *r, int64_t now_ms)
{
    size_t n = 0;

    if (r->ttl_ms <= 0)
        return 0;
    /* The list is in arrival order, so with a non-decreasing now_ms the
     * expired groups are a prefix of it. */
    while (r->oldest && older_than(now_ms, r->oldest->created_ms, r->ttl_ms)) {
        drop(r, r->oldest);
        n++;
    }
    return n;
}

/* sms.h. Incomplete groups held. */
size_t kf_sms_reasm_count(const kf_sms_reasm *r)
{
    return r->count;
}

/* -------------------------------------------------------------- adding */

static int got(const struct group *g, uint8_t seq)
{
    return g->got[seq / 8] & (1u << (seq % 8));
}

/* Concatenates the stored parts with the completing one (seq, p, len) and
 * decodes the whole message into out (all or nothing). */
static int assemble(const struct group *g, uint8_t seq, const uint8_t *p, size_t len,
                    struct kf_buf *out)
{
    struct kf_buf raw;
    unsigned i;
    int rc = 0;

    kf_buf_init(&raw, g->bytes + len);
    for (i = 1; i <= g->total && rc == 0; i++) {
        if (i == seq)
            rc = kf_buf_append(&raw, p, len);
        else
            rc = kf_buf_append(&raw, g->parts[i - 1].data, g->parts[i - 1].len);
    }
    KF_ASSERT(rc == 0); /* sized exactly */
    rc = kf_sms_to_utf8(g->cs, raw.data, raw.len, out);
    kf_buf_deinit(&raw);
    return rc;
}

/* Makes room for len more bytes in g without evicting g itself. Returns
 * KF_ETOOBIG when g alone would pass max_bytes (g is then dropped: it could
 * never complete within the bound). */
static int make_room(kf_sms_reasm *r, struct group *g, size_t len)
{
    if (len > r->max_bytes || g->bytes > r->max_bytes - len) {
        drop(r, g);
        return KF_ETOOBIG;
    }
    while (r->bytes > r->max_bytes - len) {
        struct group *v = r->oldest == g ? g->newer : r->oldest;
        KF_ASSERT(v != NULL); /* g alone fits, so someone else holds bytes */
        drop(r, v);
    }
    return 0;
}

static int store(kf_sms_reasm *r, struct group *g, uint8_t seq, const uint8_t *p, size_t len)
{
    int rc = make_room(r, g, len);

    if (rc)
        return rc;
    g->parts[seq - 1].data = kf_xmemdup(p, len);
    g->parts[seq - 1].len = len;
    g->got[seq / 8] |= (uint8_t)(1u << (seq % 8));
    g->have++;
    g->bytes += len;
    r->bytes += len;
    return 0;
}

static int bad_args(const char *src, const char *dst, const struct kf_sms_concat *c)
{
    return c == NULL || c->total == 0 || c->seq == 0 || c->seq > c->total ||
           strnlen(src, ADDR_MAX + 1) > ADDR_MAX || strnlen(dst, ADDR_MAX + 1) > ADDR_MAX;
}

/* sms.h. Borrows src, dst (NULL counts as ""; > 64 bytes is KF_EINVAL), c
 * and payload (copied when kept). KF_EINVAL also for total 0, seq 0 or
 * seq > total. Expires old groups first. On KF_ETOOBIG (the group alone
 * would pass max_bytes, or out is too small for the text) the group is
 * dropped and out is untouched. Owner thread only. */
int kf_sms_reasm_add(kf_sms_reasm *r, const char *src, const char *dst,
                     const struct kf_sms_concat *c, enum kf_sms_charset cs, const uint8_t *payload,
                     size_t len, int64_t now_ms, struct kf_buf *out)
{
    struct group *g;
    uint32_t hash;
    int rc;

    src = src ? src : "";
    dst = dst ? dst : "";
    if (bad_args(src, dst, c))
        return KF_EINVAL;
    kf_sms_reasm_expire(r, now_ms);
    if (c->total == 1) {
        rc = kf_sms_to_utf8(cs, payload, len, out);
        return rc ? rc : 1;
    }
    hash = key_hash(src, dst, c->ref, c->total);
    g = find(r, hash, src, dst, c->ref, c->total);
    if (g && (g->cs != cs || g->ref16 != c->ref16))
        return KF_EINVAL;
    if (g && got(g, c->seq))
        return 0; /* duplicate: the first copy stands */
    if (g && g->have + 1 == g->total) {
        rc = assemble(g, c->seq, payload, len, out);
        drop(r, g);
        return rc ? rc : 1;
    }
    if (g == NULL) {
        if (r->count >= r->max_groups)
            drop(r, r->oldest);
        g = group_new(r, hash, src, dst, c, cs, now_ms);
    }
    return store(r, g, c->seq, payload, len);
}
