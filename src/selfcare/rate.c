/* SPDX-License-Identifier: MIT
 *
 * rate.c -- usage rating, exactly once per record id. Records are taken in
 * chunks; each chunk is one transaction in which every record is offered to
 * usage_records (INSERT OR IGNORE on its id) and only a record that was new
 * changes its subscriber's cycle counters and balance. The chunk's touched
 * accounts are kept in memory and written back once, with the reminder hook
 * called for each before the commit. A crash before the commit leaves
 * nothing of the chunk; ingesting the same file again changes nothing.
 *
 * Accounts stay cached for the whole call (one caller at a time on the
 * loop thread), so a subscriber is read once however many chunks touch
 * it; each chunk writes back only what changed, with narrow UPDATEs.
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

#define CYCLES_PER_SUB 2 /* cycles a call may touch per subscriber (more: next chunk) */
#ifndef KF_RATE_CACHE
#define KF_RATE_CACHE 65536 /* accounts cached per call (~50 MB) */
#endif

/* A subscriber touched by the call. */
struct acct {
    struct kf_sub sub;
    struct kf_sub_cycle cyc[CYCLES_PER_SUB];
    int ncyc;
    int dirty;                 /* balance changed in this chunk */
    int whole;                 /* more than the balance changed: write the row */
    int cdirty[CYCLES_PER_SUB];
    struct acct *next;         /* touched list */
};

struct chunk {
    kf_selfcare *sc;
    struct kf_map map;  /* number hash -> acct */
    struct acct *touched;
    struct acct *pool;
    size_t npool, cap;
    int stale;          /* an account ran out of cycle slots (or a hash
                         * collided): start the next chunk with a fresh cache */
    int64_t now_ms;
};

static uint64_t key_of(const char *number)
{
    return kf_map_hash_str(number, strlen(number));
}

/* The account of number (loaded on first use), NULL when unknown. With a
 * hash collision the second number is read without the cache. */
static struct acct *account(struct chunk *ch, const char *number, int *err)
{
    uint64_t key = key_of(number);
    struct acct *a = kf_map_get(&ch->map, key);
    int rc;

    if (a && strcmp(a->sub.number, number) == 0)
        return a;
    if (a)
        return NULL; /* collision: handled by the caller as "not cached" */
    a = &ch->pool[ch->npool];
    memset(a, 0, sizeof *a);
    rc = kf_store_sub_get(ch->sc->store, number, &a->sub);
    if (rc) {
        *err = rc;
        return NULL;
    }
    ch->npool++;
    kf_map_put(&ch->map, key, a);
    a->next = ch->touched;
    ch->touched = a;
    return a;
}

static struct kf_sub_cycle *cycle_of(struct chunk *ch, struct acct *a, int cycle, int *err)
{
    int opened = 0;

    for (int i = 0; i < a->ncyc; i++)
        if (a->cyc[i].cycle == cycle)
            return &a->cyc[i];
    if (a->ncyc == CYCLES_PER_SUB) {
        *err = KF_EBUSY; /* rare: flush and retry in the next chunk */
        return NULL;
    }
    *err = kf_selfcare__cycle(ch->sc, &a->sub, cycle, ch->now_ms, &a->cyc[a->ncyc], &opened);
    if (*err)
        return NULL;
    if (opened)
        a->dirty = a->whole = 1; /* fees, maybe a plan change; the row is written */
    return &a->cyc[a->ncyc++];
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

/* Rates one record inside the chunk. Returns 0, KF_EBUSY (chunk full for
 * this account: stop the chunk here) or KF_ESTORE. */
static int rate_one(struct chunk *ch, const struct kf_usage_line *u, struct kf_rate_stats *st,
                    struct kf_buf *errs)
{
    struct kf_usage_rec rec;
    struct kf_sub_cycle *c;
    const struct kf_item *plan;
    struct acct *a;
    int err = 0, isnew;
    int64_t add = units(u), charge = 0;

    a = account(ch, u->number, &err);
    if (a == NULL) {
        if (err == KF_ENOENT) {
            st->unknown_number++;
            reject(errs, st, u, "unknown number");
            return 0;
        }
        return err ? KF_ESTORE : KF_EBUSY;
    }
    c = cycle_of(ch, a, kf_cycle_of(u->ts_ms, ch->sc->tz), &err);
    if (c == NULL) {
        if (err == KF_ERANGE) {
            reject(errs, st, u, "before the subscriber joined");
            return 0;
        }
        return err == KF_EBUSY ? KF_EBUSY : KF_ESTORE;
    }
    plan = kf_catalog_get(ch->sc->cat, c->plan_id);
    if (plan)
        charge = kf_rate_delta(&plan->over[u->type], plan->incl[u->type] + c->extra[u->type],
                               c->used[u->type], add);
    memset(&rec, 0, sizeof rec);
    memcpy(rec.record_id, u->record_id, sizeof rec.record_id);
    memcpy(rec.number, u->number, sizeof rec.number);
    rec.type = u->type;
    rec.amount = u->amount;
    rec.ts_ms = u->ts_ms;
    rec.cycle = c->cycle;
    rec.charge_fen = charge;
    isnew = kf_store_usage_add(ch->sc->store, &rec);
    if (isnew < 0)
        return KF_ESTORE;
    if (isnew == 0) {
        st->duplicates++;
        return 0;
    }
    c->used[u->type] += add;
    c->overage_fen += charge;
    c->records++;
    a->sub.balance_fen -= charge;
    a->dirty = 1;
    a->cdirty[c - a->cyc] = 1;
    st->rated++;
    st->charged_fen += charge;
    return 0;
}

/* Writes back what the chunk changed and calls the reminder hook. */
static int flush(struct chunk *ch)
{
    kf_store *st = ch->sc->store;

    for (struct acct *a = ch->touched; a; a = a->next) {
        if (!a->dirty)
            continue;
        a->sub.updated_ms = ch->now_ms;
        if (a->whole ? kf_store_sub_put(st, &a->sub)
                     : kf_store_sub_set_balance(st, a->sub.number, a->sub.balance_fen,
                                                ch->now_ms))
            return KF_ESTORE;
        for (int i = 0; i < a->ncyc; i++) {
            if (!a->cdirty[i])
                continue;
            if (kf_store_cycle_set_usage(st, &a->cyc[i]))
                return KF_ESTORE;
            if (ch->sc->rated)
                ch->sc->rated(ch->sc->rated_ctx, &a->sub, &a->cyc[i], ch->now_ms);
            a->cdirty[i] = 0;
        }
        a->dirty = a->whole = 0;
    }
    return 0;
}

static void chunk_reset(struct chunk *ch)
{
    kf_map_deinit(&ch->map);
    kf_map_init(&ch->map);
    ch->touched = NULL;
    ch->npool = 0;
}

/* Rates recs[0..n) in one transaction; *done = how many were taken. */
static int rate_chunk(struct chunk *ch, const struct kf_usage_line *recs, size_t n, size_t *done,
                      struct kf_rate_stats *st, struct kf_buf *errs)
{
    struct kf_rate_stats before = *st;
    size_t i = 0;
    int rc = 0;

    if (ch->stale || ch->npool + n > ch->cap) {
        chunk_reset(ch); /* start again (nothing is dirty between chunks) */
        ch->stale = 0;
    }
    if (kf_store_begin(ch->sc->store))
        return KF_ESTORE;
    for (; i < n && ch->npool < ch->cap; i++) {
        rc = rate_one(ch, &recs[i], st, errs);
        if (rc)
            break;
    }
    if (rc == KF_EBUSY) {
        rc = 0; /* stop here; the rest goes in the next chunk */
        ch->stale = 1;
    }
    if (rc == 0)
        rc = flush(ch);
    if (rc || kf_store_commit(ch->sc->store)) {
        kf_store_rollback(ch->sc->store);
        chunk_reset(ch); /* the cache holds what was rolled back */
        *st = before;
        return KF_ESTORE;
    }
    st->transactions++;
    *done = i;
    return 0;
}

int kf_selfcare_rate(kf_selfcare *sc, const struct kf_usage_line *recs, size_t n,
                     int64_t now_ms, struct kf_rate_stats *st, struct kf_buf *errs)
{
    struct chunk ch = {.sc = sc, .now_ms = now_ms};
    size_t at = 0, chunk = (size_t)sc->conf.chunk;
    int rc = 0;

    /* accounts cached across chunks: a few chunks' worth, within ~50 MB */
    ch.cap = chunk * 4 < 16384 ? 16384 : chunk * 4 > KF_RATE_CACHE ? KF_RATE_CACHE : chunk * 4;
    ch.pool = kf_xcalloc(ch.cap, sizeof *ch.pool);
    kf_map_init(&ch.map);
    st->lines += (int64_t)n;
    while (at < n) {
        size_t done = 0;
        rc = rate_chunk(&ch, recs + at, n - at < chunk ? n - at : chunk, &done, st, errs);
        if (rc)
            break;
        if (done == 0) { /* cannot happen: a chunk always takes a record */
            rc = KF_ESTORE;
            break;
        }
        at += done;
    }
    kf_map_deinit(&ch.map);
    free(ch.pool);
    if (rc)
        KF_ERR("selfcare", "ev=rate_fail at=%zu of=%zu", at, n);
    return rc;
}
