/* SPDX-License-Identifier: MIT
 *
 * mem.c -- the in-process backend of the real-time cache (cache.h).
 *
 * Senders: a hash map to entries kept in LRU order (the least recently seen
 * sender is evicted past max_keys). Each entry has three rings of counters
 * (60 one-second, 60 one-minute, 24 one-hour buckets), an exact set of up to
 * DISTINCT_CAP recipient hashes with their last time, and its last 64
 * recipient numbers for the sequential-run check.
 *
 * Texts and verdicts: entries indexed by the four 16-bit bands of their
 * SimHash. Two hashes within 3 bits share at least one band exactly
 * (pigeonhole), so a lookup only compares the entries of four buckets.
 * Entries live in a ring in creation order; the oldest is reused past
 * max_keys, and entries idle for an hour no longer count.
 *
 * Only its ops table and constructor are visible (cache_int.h); cache.c
 * dispatches the public calls here.
 */
#include "cache/cache_int.h"

#include <stdlib.h>
#include <string.h>

#include "base/base.h"
#include "base/map.h"

#define DISTINCT_CAP 512
#define SEQ_N 64
#define HOUR_MS 3600000LL

/* ------------------------------------------------------------- senders */

struct ring {
    uint32_t count[60];
    int64_t slot[60]; /* which time slot each bucket holds */
};

struct sender {
    char key[32];
    uint64_t h;
    struct sender *prev, *next; /* LRU, most recent first */
    struct ring sec, min;
    uint32_t hour_count[24];
    int64_t hour_slot[24];
    uint64_t rcpt[DISTINCT_CAP];
    int64_t rcpt_ms[DISTINCT_CAP];
    uint32_t nrcpt;
    uint64_t seq[SEQ_N];
    uint32_t nseq;
};

/* ---------------------------------------------------------------- texts */

struct text {
    uint64_t sh;
    int live;
    int64_t first_ms, last_ms;
    uint32_t copies;
    uint64_t senders[32]; /* distinct sender hashes, exact up to 32 */
    uint32_t nsenders;    /* beyond 32, every sender not among the first 32
                           * counts as new: an upper bound, enough to cross a
                           * "many senders" threshold */
    int verdict;          /* 0 = none */
    int64_t verdict_until;
};

struct band {
    uint32_t *idx; /* text indices */
    uint32_t n, cap;
};

/* The backend's state: the `impl` of a "mem" kf_cache. */
struct mem {
    size_t max_keys;
    struct kf_map senders; /* hash(key) -> struct sender* */
    struct sender *lru_head, *lru_tail;
    size_t nsenders;
    struct text *texts; /* ring of max_keys */
    size_t text_next, ntexts;
    struct kf_map bands[4]; /* band value + 1 -> struct band* */
};

static void free_band_map(struct kf_map *m)
{
    for (size_t i = 0; i < m->cap; i++)
        if (m->slots[i].key) {
            struct band *b = m->slots[i].val;
            free(b->idx);
            free(b);
        }
    kf_map_deinit(m);
}

static void mem_free(void *impl)
{
    struct mem *c = impl;
    struct sender *s, *next;
    for (s = c->lru_head; s; s = next) {
        next = s->next;
        free(s);
    }
    kf_map_deinit(&c->senders);
    for (int b = 0; b < 4; b++)
        free_band_map(&c->bands[b]);
    free(c->texts);
    free(c);
}

static size_t mem_size(const void *impl)
{
    const struct mem *c = impl;
    return c->nsenders + c->ntexts;
}

static void lru_unlink(struct mem *c, struct sender *s)
{
    if (s->prev)
        s->prev->next = s->next;
    else
        c->lru_head = s->next;
    if (s->next)
        s->next->prev = s->prev;
    else
        c->lru_tail = s->prev;
    s->prev = s->next = NULL;
}

static void lru_front(struct mem *c, struct sender *s)
{
    s->next = c->lru_head;
    s->prev = NULL;
    if (c->lru_head)
        c->lru_head->prev = s;
    c->lru_head = s;
    if (c->lru_tail == NULL)
        c->lru_tail = s;
}

static struct sender *find_sender(struct mem *c, const char *key, int create)
{
    size_t len = strlen(key);
    uint64_t h = kf_map_hash_str(key, len);
    struct sender *s = kf_map_get(&c->senders, h);

    if (s && strncmp(s->key, key, sizeof s->key - 1) == 0) {
        lru_unlink(c, s);
        lru_front(c, s);
        return s;
    }
    if (!create)
        return NULL;
    if (s) { /* a hash collision: the newer key takes the slot */
        lru_unlink(c, s);
        kf_map_del(&c->senders, h);
        free(s);
        c->nsenders--;
    }
    if (c->nsenders >= c->max_keys) {
        struct sender *old = c->lru_tail;
        lru_unlink(c, old);
        kf_map_del(&c->senders, old->h);
        free(old);
        c->nsenders--;
    }
    s = kf_xcalloc(1, sizeof *s);
    snprintf(s->key, sizeof s->key, "%s", key);
    s->h = h;
    kf_map_put(&c->senders, h, s);
    lru_front(c, s);
    c->nsenders++;
    return s;
}

/* Adds n to the bucket of `slot` in a ring of `size` buckets and returns the
 * sum of the buckets whose slot is within the last `size` slots. */
static uint32_t ring_add(uint32_t *count, int64_t *slots, int size, int64_t slot, uint32_t n)
{
    int i = (int)(slot % size);
    uint32_t sum = 0;
    if (slots[i] != slot) {
        slots[i] = slot;
        count[i] = 0;
    }
    count[i] += n;
    for (int k = 0; k < size; k++)
        if (slots[k] > slot - size && slots[k] <= slot)
            sum += count[k];
    return sum;
}

static uint64_t number_of(const char *s)
{
    uint64_t v = 0;
    if (s == NULL)
        return 0;
    if (*s == '+')
        s++;
    for (; *s >= '0' && *s <= '9'; s++)
        v = v * 10 + (uint64_t)(*s - '0');
    return v;
}

static int cmp_u64(const void *a, const void *b)
{
    uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
    return x < y ? -1 : x > y;
}

/* Longest run of consecutive numbers among the recent recipients. */
static uint32_t seq_run(const struct sender *s)
{
    uint64_t v[SEQ_N];
    uint32_t n = s->nseq < SEQ_N ? s->nseq : SEQ_N, best = n ? 1 : 0, run = 1;
    memcpy(v, s->seq, n * sizeof *v);
    qsort(v, n, sizeof *v, cmp_u64);
    for (uint32_t i = 1; i < n; i++) {
        if (v[i] == v[i - 1])
            continue;
        run = v[i] == v[i - 1] + 1 ? run + 1 : 1;
        if (run > best)
            best = run;
    }
    return best;
}

static void figures(const struct sender *s, int64_t now, struct kf_cache_sender *out)
{
    uint32_t d = 0;
    for (uint32_t i = 0; i < s->nrcpt; i++)
        d += now - s->rcpt_ms[i] < HOUR_MS;
    out->distinct_hour = d;
    out->seq_run = seq_run(s);
}

static int mem_sender_add(void *impl, const char *key, const char *rcpt, int64_t now_ms,
                          struct kf_cache_sender *out)
{
    struct mem *c = impl;
    struct sender *s = find_sender(c, key, 1);
    memset(out, 0, sizeof *out);
    out->rates.minute = ring_add(s->sec.count, s->sec.slot, 60, now_ms / 1000, 1);
    out->rates.hour = ring_add(s->min.count, s->min.slot, 60, now_ms / 60000, 1);
    out->rates.day = ring_add(s->hour_count, s->hour_slot, 24, now_ms / HOUR_MS, 1);
    if (rcpt && *rcpt) {
        uint64_t h = kf_map_hash_str(rcpt, strlen(rcpt));
        uint32_t i, oldest = 0;
        for (i = 0; i < s->nrcpt && s->rcpt[i] != h; i++)
            if (s->rcpt_ms[i] < s->rcpt_ms[oldest])
                oldest = i;
        if (i < s->nrcpt)
            s->rcpt_ms[i] = now_ms;
        else if (s->nrcpt < DISTINCT_CAP) {
            s->rcpt[s->nrcpt] = h;
            s->rcpt_ms[s->nrcpt++] = now_ms;
        } else { /* full: replace the least recent */
            s->rcpt[oldest] = h;
            s->rcpt_ms[oldest] = now_ms;
        }
        s->seq[s->nseq++ % SEQ_N] = number_of(rcpt);
    }
    figures(s, now_ms, out);
    return 0;
}

static int mem_sender_get(void *impl, const char *key, int64_t now_ms, struct kf_cache_sender *out)
{
    struct mem *c = impl;
    struct sender *s = find_sender(c, key, 0);
    memset(out, 0, sizeof *out);
    if (s == NULL)
        return 0;
    out->rates.minute = ring_add(s->sec.count, s->sec.slot, 60, now_ms / 1000, 0);
    out->rates.hour = ring_add(s->min.count, s->min.slot, 60, now_ms / 60000, 0);
    out->rates.day = ring_add(s->hour_count, s->hour_slot, 24, now_ms / HOUR_MS, 0);
    figures(s, now_ms, out);
    return 0;
}

/* --------------------------------------------------------------- texts */

static int hamming(uint64_t a, uint64_t b)
{
    return __builtin_popcountll(a ^ b);
}

static uint64_t band_key(uint64_t sh, int b)
{
    return ((sh >> (16 * b)) & 0xFFFF) + 1; /* 0 is not a map key */
}

static void band_add(struct mem *c, int b, uint64_t key, uint32_t idx)
{
    struct band *bd = kf_map_get(&c->bands[b], key);
    if (bd == NULL) {
        bd = kf_xcalloc(1, sizeof *bd);
        kf_map_put(&c->bands[b], key, bd);
    }
    if (bd->n == bd->cap) {
        bd->cap = bd->cap ? bd->cap * 2 : 4;
        bd->idx = kf_xrealloc(bd->idx, bd->cap * sizeof *bd->idx);
    }
    bd->idx[bd->n++] = idx;
}

static void band_del(struct mem *c, int b, uint64_t key, uint32_t idx)
{
    struct band *bd = kf_map_get(&c->bands[b], key);
    if (bd == NULL)
        return;
    for (uint32_t i = 0; i < bd->n; i++)
        if (bd->idx[i] == idx) {
            bd->idx[i] = bd->idx[--bd->n];
            break;
        }
    if (bd->n == 0) {
        kf_map_del(&c->bands[b], key);
        free(bd->idx);
        free(bd);
    }
}

/* The nearest live entry within max_bits, or NULL. */
static struct text *text_find(struct mem *c, uint64_t sh, int max_bits)
{
    struct text *best = NULL;
    int bestd = 65;
    for (int b = 0; b < 4; b++) {
        struct band *bd = kf_map_get(&c->bands[b], band_key(sh, b));
        for (uint32_t i = 0; bd && i < bd->n; i++) {
            struct text *t = &c->texts[bd->idx[i]];
            int d = hamming(t->sh, sh);
            if (t->live && d <= max_bits && d < bestd) {
                best = t;
                bestd = d;
            }
        }
    }
    return best;
}

static struct text *text_new(struct mem *c, uint64_t sh, int64_t now)
{
    uint32_t idx = (uint32_t)c->text_next;
    struct text *t = &c->texts[idx];

    if (t->live) { /* the ring wrapped: reuse the oldest entry */
        for (int b = 0; b < 4; b++)
            band_del(c, b, band_key(t->sh, b), idx);
        c->ntexts--;
    }
    memset(t, 0, sizeof *t);
    t->sh = sh;
    t->live = 1;
    t->first_ms = t->last_ms = now;
    for (int b = 0; b < 4; b++)
        band_add(c, b, band_key(sh, b), idx);
    c->text_next = (c->text_next + 1) % c->max_keys;
    c->ntexts++;
    return t;
}

static int mem_text_add(void *impl, uint64_t simhash, const char *sender, int max_bits,
                        int64_t now_ms, uint32_t *copies, uint32_t *senders)
{
    struct mem *c = impl;
    struct text *t = text_find(c, simhash, max_bits);
    uint64_t sh = kf_map_hash_str(sender, strlen(sender));
    uint32_t i;

    if (t && now_ms - t->last_ms >= HOUR_MS && t->verdict_until <= now_ms) {
        /* idle for an hour: counts start again */
        t->copies = 0;
        t->nsenders = 0;
        t->first_ms = now_ms;
    }
    if (t == NULL)
        t = text_new(c, simhash, now_ms);
    t->last_ms = now_ms;
    t->copies++;
    for (i = 0; i < t->nsenders && i < 32 && t->senders[i] != sh; i++)
        ;
    if (i == t->nsenders || (i == 32 && t->nsenders >= 32)) {
        if (t->nsenders < 32)
            t->senders[t->nsenders] = sh;
        t->nsenders++;
    }
    *copies = t->copies;
    *senders = t->nsenders;
    return 0;
}

static int mem_verdict_put(void *impl, uint64_t simhash, int verdict, int64_t until_ms)
{
    struct mem *c = impl;
    struct text *t = text_find(c, simhash, 0);
    if (t == NULL) {
        t = text_new(c, simhash, 0);
        t->last_ms = 0; /* a verdict alone: no copies counted yet */
    }
    t->verdict = verdict;
    t->verdict_until = until_ms;
    return 0;
}

static int mem_verdict_get(void *impl, uint64_t simhash, int max_bits, int64_t now_ms, int *verdict)
{
    struct mem *c = impl;
    for (int b = 0; b < 4; b++) {
        struct band *bd = kf_map_get(&c->bands[b], band_key(simhash, b));
        for (uint32_t i = 0; bd && i < bd->n; i++) {
            struct text *t = &c->texts[bd->idx[i]];
            if (t->live && t->verdict && t->verdict_until > now_ms &&
                hamming(t->sh, simhash) <= max_bits) {
                *verdict = t->verdict;
                return 1;
            }
        }
    }
    return 0;
}

/* ----------------------------------------------------------- the backend */

static const struct kf_cache_ops mem_ops = {
    .sender_add = mem_sender_add,
    .sender_get = mem_sender_get,
    .text_add = mem_text_add,
    .verdict_put = mem_verdict_put,
    .verdict_get = mem_verdict_get,
    .size = mem_size,
    .free = mem_free,
};

void *kf_cache__mem_new(size_t max_keys, const struct kf_cache_ops **ops, char **err)
{
    struct mem *c = kf_xcalloc(1, sizeof *c);
    (void)err; /* nothing here can fail short of abort */
    c->max_keys = max_keys ? max_keys : 1;
    kf_map_init(&c->senders);
    for (int b = 0; b < 4; b++)
        kf_map_init(&c->bands[b]);
    c->texts = kf_xcalloc(c->max_keys, sizeof *c->texts);
    *ops = &mem_ops;
    return c;
}
