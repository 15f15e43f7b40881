/* SPDX-License-Identifier: MIT
 *
 * rate.c -- usage rating, exactly once per record id, and fast.
 *
 * The truth is usage_records: one row per record id, with the charge it was
 * rated at. Subscribers' cycle counters and balances are a projection of
 * it, written in bulk:
 *
 *  - each chunk (selfcare.chunk records) is one transaction holding the new
 *    records and one rating_journal row with the chunk's changes per
 *    (number, cycle) -- a record already known changes nothing;
 *  - kf_selfcare_settle writes every account rated since the last settle
 *    once, calls the reminder hook, and deletes the journal, in one
 *    transaction. A subscriber touched by many chunks is written once:
 *    random page writes are where the time goes, not the records.
 *  - after a crash, the journal rows left are applied at start
 *    (kf_selfcare__replay), before anything reads an account.
 *
 * While accounts are unsettled the in-memory cache is their truth, so every
 * other entry point of selfcare/ (and remind/'s scan) settles first.
 *
 * The charge of a record is the difference of the cycle's cumulative cost
 * before and after it (tariff.h kf_rate_delta), so caps are exact.
 */
#include "selfcare/selfcare_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/base.h"
#include "base/map.h"

#define CYCLES_PER_SUB 2    /* cycles cached per subscriber (more: settle first) */
#define ENTRY 74            /* bytes of one journal entry (below) */

struct delta {
    int64_t used[KF_USE_N], over, recs;
    int any;
};

/* A subscriber rated since the last settle: what rating needs of it. */
struct acct {
    char number[22];
    int64_t balance_fen;            /* with every charge rated so far */
    int64_t row_balance;            /* what the stored row holds (settled) */
    struct kf_sub_cycle cyc[CYCLES_PER_SUB];
    struct delta d[CYCLES_PER_SUB]; /* since the last journal row */
    int ncyc;
    int64_t dbal;                   /* balance change since the last journal row */
    int changed;                    /* rated since the last settle */
    struct acct *next;
};

struct kf_rate_cache {
    struct kf_map map; /* number hash -> acct */
    struct acct *list;
    struct acct *pool;
    size_t n, cap;
    int stale;         /* must settle before the next record (no slot, collision) */
};

void kf_selfcare__rate_init(kf_selfcare *sc)
{
    struct kf_rate_cache *c = kf_xcalloc(1, sizeof *c);
    c->cap = (size_t)sc->conf.rate_cache;
    c->pool = kf_xcalloc(c->cap, sizeof *c->pool);
    kf_map_init(&c->map);
    sc->rate = c;
}

void kf_selfcare__rate_free(kf_selfcare *sc)
{
    if (sc->rate == NULL)
        return;
    kf_map_deinit(&sc->rate->map);
    free(sc->rate->pool);
    free(sc->rate);
    sc->rate = NULL;
}

static void cache_reset(struct kf_rate_cache *c)
{
    kf_map_deinit(&c->map);
    kf_map_init(&c->map);
    c->list = NULL;
    c->n = 0;
    c->stale = 0;
}

size_t kf_selfcare_unsettled(const kf_selfcare *sc)
{
    return sc->rate->n;
}

/* ------------------------------------------------------- journal codec */

static uint8_t *put64(uint8_t *p, int64_t v)
{
    for (int i = 0; i < 8; i++)
        *p++ = (uint8_t)((uint64_t)v >> (8 * i));
    return p;
}

static const uint8_t *get64(const uint8_t *p, int64_t *v)
{
    uint64_t x = 0;
    for (int i = 0; i < 8; i++)
        x |= (uint64_t)p[i] << (8 * i);
    *v = (int64_t)x;
    return p + 8;
}

/* number[22] cycle(4) used[3] over recs balance (8 each), little-endian. */
static void entry_put(struct kf_buf *b, const char *number, int cycle, const struct delta *d,
                      int64_t dbal)
{
    uint8_t e[ENTRY], *p = e;

    memset(e, 0, sizeof e);
    memcpy(p, number, strnlen(number, 21));
    p += 22;
    for (int i = 0; i < 4; i++)
        *p++ = (uint8_t)((uint32_t)cycle >> (8 * i));
    for (int t = 0; t < KF_USE_N; t++)
        p = put64(p, d->used[t]);
    p = put64(p, d->over);
    p = put64(p, d->recs);
    put64(p, dbal);
    kf_buf_append(b, e, sizeof e);
}

static void entry_get(const uint8_t *e, char number[22], int *cycle, struct delta *d,
                      int64_t *dbal)
{
    const uint8_t *p = e + 22;
    uint32_t c = 0;

    memcpy(number, e, 21);
    number[21] = '\0';
    for (int i = 0; i < 4; i++)
        c |= (uint32_t)p[i] << (8 * i);
    p += 4;
    *cycle = (int)c;
    for (int t = 0; t < KF_USE_N; t++)
        p = get64(p, &d->used[t]);
    p = get64(p, &d->over);
    p = get64(p, &d->recs);
    get64(p, dbal);
}

/* The journal row of a chunk: every account's changes since the last one. */
static int journal_chunk(kf_selfcare *sc)
{
    struct kf_buf b;
    int rc = 0, n = 0;

    kf_buf_init(&b, (size_t)ENTRY * CYCLES_PER_SUB * sc->rate->cap + 1);
    for (struct acct *a = sc->rate->list; a; a = a->next) {
        int64_t dbal = a->dbal;
        for (int i = 0; i < a->ncyc; i++) {
            if (!a->d[i].any && dbal == 0)
                continue;
            entry_put(&b, a->number, a->cyc[i].cycle, &a->d[i], dbal);
            memset(&a->d[i], 0, sizeof a->d[i]);
            dbal = 0;
            n++;
        }
        a->dbal = 0;
    }
    if (n)
        rc = kf_store_journal_add(sc->store, b.data, b.len);
    kf_buf_deinit(&b);
    return rc;
}

/* ------------------------------------------------------------- rating */

/* The account of number (loaded on first use); NULL with *err KF_ENOENT
 * (unknown), KF_EBUSY (no room or a hash collision: settle first), or
 * KF_ESTORE. */
static struct acct *account(kf_selfcare *sc, const char *number, int *err)
{
    struct kf_rate_cache *c = sc->rate;
    uint64_t key = kf_map_hash_str(number, strlen(number));
    struct acct *a = kf_map_get(&c->map, key);
    struct kf_sub sub;
    int rc;

    if (a) {
        if (strcmp(a->number, number) == 0)
            return a;
        *err = KF_EBUSY;
        return NULL;
    }
    if (c->n == c->cap) {
        *err = KF_EBUSY;
        return NULL;
    }
    rc = kf_store_sub_get(sc->store, number, &sub);
    if (rc) {
        *err = rc;
        return NULL;
    }
    a = &c->pool[c->n++];
    memset(a, 0, sizeof *a);
    memcpy(a->number, sub.number, sizeof a->number);
    a->balance_fen = a->row_balance = sub.balance_fen;
    kf_map_put(&c->map, key, a);
    a->next = c->list;
    c->list = a;
    return a;
}

/* The cached cycle (opening it in the store when new: fees, plan change). */
static int cycle_slot(kf_selfcare *sc, struct acct *a, int cycle, int64_t now_ms, int *slot)
{
    struct kf_sub sub;
    int opened = 0, rc;

    for (int i = 0; i < a->ncyc; i++)
        if (a->cyc[i].cycle == cycle) {
            *slot = i;
            return 0;
        }
    if (a->ncyc == CYCLES_PER_SUB)
        return KF_EBUSY;
    if (kf_store_sub_get(sc->store, a->number, &sub))
        return KF_ESTORE;
    rc = kf_selfcare__cycle(sc, &sub, cycle, now_ms, &a->cyc[a->ncyc], &opened);
    if (rc)
        return rc;
    if (opened) { /* fees, a plan change: in the row now, not in the journal */
        a->balance_fen -= a->row_balance - sub.balance_fen;
        a->row_balance = sub.balance_fen;
        if (kf_store_sub_put(sc->store, &sub))
            return KF_ESTORE;
    }
    *slot = a->ncyc++;
    return 0;
}

/* Counter units of a record: a call's seconds round up to a started minute. */
static int64_t units(const struct kf_usage_line *u)
{
    return u->type == KF_USE_VOICE ? (u->amount + 59) / 60 : u->amount;
}

static void reject(struct kf_buf *errs, struct kf_rate_stats *st, const struct kf_usage_line *u,
                   const char *why)
{
    st->rejected++;
    if (errs && st->rejected <= 100)
        kf_buf_printf(errs, "%srecord %s (line %d): %s", errs->len ? "\n" : "", u->record_id,
                      u->line, why);
}

static int store_record(kf_selfcare *sc, const struct kf_usage_line *u, int cycle, int64_t charge)
{
    struct kf_usage_rec rec;

    memcpy(rec.record_id, u->record_id, sizeof rec.record_id);
    memcpy(rec.number, u->number, sizeof rec.number);
    rec.type = u->type;
    rec.amount = u->amount;
    rec.ts_ms = u->ts_ms;
    rec.cycle = cycle;
    rec.charge_fen = charge;
    return kf_store_usage_add(sc->store, &rec);
}

/* Rates one record. 0, KF_EBUSY (settle, then this record again), KF_ESTORE. */
static int rate_one(kf_selfcare *sc, const struct kf_usage_line *u, int64_t now_ms,
                    struct kf_rate_stats *st, struct kf_buf *errs)
{
    struct kf_sub_cycle *c;
    const struct kf_item *plan;
    struct acct *a;
    int err = 0, slot, isnew;
    int64_t add = units(u), charge = 0;

    a = account(sc, u->number, &err);
    if (a == NULL) {
        if (err != KF_ENOENT)
            return err == KF_EBUSY ? KF_EBUSY : KF_ESTORE;
        st->unknown_number++;
        reject(errs, st, u, "unknown number");
        return 0;
    }
    err = cycle_slot(sc, a, kf_cycle_of(u->ts_ms, sc->tz), now_ms, &slot);
    if (err == KF_ERANGE) {
        reject(errs, st, u, "before the subscriber joined");
        return 0;
    }
    if (err)
        return err == KF_EBUSY ? KF_EBUSY : KF_ESTORE;
    c = &a->cyc[slot];
    plan = kf_catalog_get(sc->cat, c->plan_id);
    if (plan)
        charge = kf_rate_delta(&plan->over[u->type], plan->incl[u->type] + c->extra[u->type],
                               c->used[u->type], add);
    isnew = store_record(sc, u, c->cycle, charge);
    if (isnew < 0)
        return KF_ESTORE;
    if (isnew == 0) {
        st->duplicates++;
        return 0;
    }
    c->used[u->type] += add;
    c->overage_fen += charge;
    c->records++;
    a->balance_fen -= charge;
    a->d[slot].used[u->type] += add;
    a->d[slot].over += charge;
    a->d[slot].recs++;
    a->d[slot].any = 1;
    a->dbal -= charge;
    a->changed = 1;
    st->rated++;
    st->charged_fen += charge;
    return 0;
}

/* Rates up to n records in one transaction; *done = how many were taken. */
static int rate_chunk(kf_selfcare *sc, const struct kf_usage_line *recs, size_t n,
                      int64_t now_ms, size_t *done, struct kf_rate_stats *st,
                      struct kf_buf *errs)
{
    struct kf_rate_stats before = *st;
    size_t i = 0;
    int rc = 0;

    if (kf_store_begin(sc->store))
        return KF_ESTORE;
    for (; i < n; i++) {
        rc = rate_one(sc, &recs[i], now_ms, st, errs);
        if (rc)
            break;
    }
    if (rc == KF_EBUSY) {
        sc->rate->stale = 1; /* this chunk ends here; settle, then go on */
        rc = 0;
    }
    if (rc == 0)
        rc = journal_chunk(sc);
    if (rc || kf_store_commit(sc->store)) {
        kf_store_rollback(sc->store);
        *st = before;
        /* the cache holds what was rolled back: rebuild the accounts from
         * the store and the journal of the chunks that did commit */
        cache_reset(sc->rate);
        kf_selfcare__replay(sc, now_ms);
        return KF_ESTORE;
    }
    st->transactions++;
    *done = i;
    return 0;
}

int kf_selfcare_rate_defer(kf_selfcare *sc, const struct kf_usage_line *recs, size_t n,
                           int64_t now_ms, struct kf_rate_stats *st, struct kf_buf *errs)
{
    size_t at = 0, chunk = (size_t)sc->conf.chunk;

    st->lines += (int64_t)n;
    while (at < n) {
        size_t done = 0;
        if (sc->rate->stale && kf_selfcare_settle(sc, now_ms))
            return KF_ESTORE;
        if (rate_chunk(sc, recs + at, n - at < chunk ? n - at : chunk, now_ms, &done, st, errs)) {
            KF_ERR("selfcare", "ev=rate_fail at=%zu of=%zu", at, n);
            return KF_ESTORE;
        }
        at += done;
    }
    return 0;
}

int kf_selfcare_rate(kf_selfcare *sc, const struct kf_usage_line *recs, size_t n,
                     int64_t now_ms, struct kf_rate_stats *st, struct kf_buf *errs)
{
    if (kf_selfcare_rate_defer(sc, recs, n, now_ms, st, errs))
        return KF_ESTORE;
    return kf_selfcare_settle(sc, now_ms);
}

/* ---------------------------------------------------------- settling */

int kf_selfcare_settle(kf_selfcare *sc, int64_t now_ms)
{
    struct kf_rate_cache *c = sc->rate;
    int rc = 0;

    if (c->n == 0)
        return 0;
    if (kf_store_begin(sc->store))
        return KF_ESTORE;
    for (struct acct *a = c->list; a && rc == 0; a = a->next) {
        if (!a->changed)
            continue;
        struct kf_sub sub;
        rc = kf_store_sub_get(sc->store, a->number, &sub); /* the hook wants it whole */
        sub.balance_fen = a->balance_fen;
        if (rc == 0)
            rc = kf_store_sub_set_balance(sc->store, a->number, a->balance_fen, now_ms);
        for (int i = 0; i < a->ncyc && rc == 0; i++) {
            rc = kf_store_cycle_set_usage(sc->store, &a->cyc[i]);
            if (rc == 0 && sc->rated)
                sc->rated(sc->rated_ctx, &sub, &a->cyc[i], now_ms);
        }
    }
    if (rc == 0)
        rc = kf_store_journal_clear(sc->store);
    if (rc || kf_store_commit(sc->store)) {
        kf_store_rollback(sc->store);
        return KF_ESTORE; /* the journal still holds it all: nothing is lost */
    }
    cache_reset(c);
    return 0;
}

/* Applies one journal entry to the stored account. */
static int replay_entry(kf_selfcare *sc, const uint8_t *e, int64_t now_ms)
{
    char number[22];
    struct kf_sub sub;
    struct kf_sub_cycle cyc;
    struct delta d;
    int cycle;
    int64_t dbal;

    entry_get(e, number, &cycle, &d, &dbal);
    if (kf_store_sub_get(sc->store, number, &sub) ||
        kf_store_cycle_get(sc->store, number, cycle, &cyc)) {
        KF_ERR("selfcare", "ev=replay_skip cycle=%d (account or cycle missing)", cycle);
        return 0;
    }
    for (int t = 0; t < KF_USE_N; t++)
        cyc.used[t] += d.used[t];
    cyc.overage_fen += d.over;
    cyc.records += d.recs;
    if (kf_store_cycle_set_usage(sc->store, &cyc) ||
        (dbal && kf_store_sub_set_balance(sc->store, number, sub.balance_fen + dbal, now_ms)))
        return KF_ESTORE;
    return 0;
}

struct replay {
    kf_selfcare *sc;
    int64_t now_ms;
    int rc;
    size_t entries;
};

static int replay_row(void *arg, const uint8_t *blob, size_t len)
{
    struct replay *r = arg;

    for (size_t off = 0; off + ENTRY <= len && r->rc == 0; off += ENTRY) {
        r->rc = replay_entry(r->sc, blob + off, r->now_ms);
        r->entries++;
    }
    return r->rc;
}

int kf_selfcare__replay(kf_selfcare *sc, int64_t now_ms)
{
    struct replay r = {sc, now_ms, 0, 0};

    if (kf_store_begin(sc->store))
        return KF_ESTORE;
    if (kf_store_journal_each(sc->store, replay_row, &r) || r.rc ||
        kf_store_journal_clear(sc->store) || kf_store_commit(sc->store)) {
        kf_store_rollback(sc->store);
        return KF_ESTORE;
    }
    if (r.entries)
        KF_WARN("selfcare", "ev=journal_replayed entries=%zu", r.entries);
    return 0;
}
