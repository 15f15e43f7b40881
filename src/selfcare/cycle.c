/* SPDX-License-Identifier: MIT
 *
 * cycle.c -- opening a billing cycle for a subscriber (the roll-over): a
 * pending plan change takes effect, the plan's monthly fee is charged (the
 * first-month rule in the month the subscriber joined, less a promotion's
 * discount), monthly add-ons and VAS are charged and their allowances
 * added, promotions add theirs, and items whose end has come are closed.
 * Opened lazily by the first record, view or operation of a cycle, and by
 * the roll-over walk at the start of a month; always inside the caller's
 * transaction, so it happens once.
 */
#include "selfcare/selfcare_int.h"

#include <stdio.h>
#include <string.h>

#include "base/base.h"

/* A pending plan change asked for in an earlier cycle takes effect. */
static int apply_plan_change(kf_selfcare *sc, struct kf_sub *sub, int cycle, int64_t start_ms,
                             int64_t now_ms)
{
    struct kf_sub_op op;

    if (sub->pending_plan_id[0] == '\0' || kf_cycle_of(sub->pending_at_ms, sc->tz) >= cycle)
        return 0;
    memset(&op, 0, sizeof op);
    snprintf(op.number, sizeof op.number, "%s", sub->number);
    snprintf(op.op, sizeof op.op, "change-done");
    snprintf(op.item_id, sizeof op.item_id, "%s", sub->pending_plan_id);
    snprintf(op.channel, sizeof op.channel, "system");
    snprintf(op.before, sizeof op.before, "{\"plan\":\"%s\"}", sub->plan_id);
    snprintf(op.after, sizeof op.after, "{\"plan\":\"%s\",\"cycle\":%d}", sub->pending_plan_id,
             cycle);
    snprintf(op.result, sizeof op.result, "ok");
    op.at_ms = now_ms;
    memcpy(sub->plan_id, sub->pending_plan_id, sizeof sub->plan_id);
    sub->pending_plan_id[0] = '\0';
    sub->pending_at_ms = 0;
    sub->plan_since_ms = start_ms;
    return kf_store_op_add(sc->store, &op);
}

/* The largest discount of the promotions carried into the cycle (those
 * ordered in it gave theirs when they were ordered). */
static int discount_pct(kf_selfcare *sc, const struct kf_sub_item *items, int n, int64_t start)
{
    int best = 0;
    for (int i = 0; i < n; i++) {
        const struct kf_item *it = kf_catalog_get(sc->cat, items[i].item_id);
        if (items[i].state == KF_SITEM_ENDED || items[i].start_ms >= start)
            continue;
        if (it && it->discount_pct > best)
            best = it->discount_pct;
    }
    return best;
}

/* Charges and allowances of the items held into the cycle [start, end). */
static int carry_items(kf_selfcare *sc, struct kf_sub_cycle *c, struct kf_sub_item *items,
                       int n, int64_t start_ms)
{
    for (int i = 0; i < n; i++) {
        struct kf_sub_item *h = &items[i];
        const struct kf_item *it = kf_catalog_get(sc->cat, h->item_id);

        if (h->end_ms && h->end_ms <= start_ms) {
            h->state = KF_SITEM_ENDED; /* its time is over */
            if (kf_store_item_put(sc->store, h))
                return KF_ESTORE;
            continue;
        }
        if (it == NULL || h->start_ms >= start_ms)
            continue; /* ordered in this cycle: charged and added then */
        if (it->validity == KF_VALID_MONTHLY || it->validity == KF_VALID_CYCLES) {
            if (it->validity == KF_VALID_MONTHLY)
                c->fees_fen += it->fee_fen;
            for (int t = 0; t < KF_USE_N; t++)
                c->extra[t] += it->incl[t];
        }
    }
    return 0;
}

int kf_selfcare__cycle(kf_selfcare *sc, struct kf_sub *sub, int cycle, int64_t now_ms,
                       struct kf_sub_cycle *out, int *opened)
{
    int64_t start = kf_cycle_start_ms(cycle, sc->tz);
    int64_t end = kf_cycle_start_ms(kf_cycle_next(cycle), sc->tz);
    struct kf_sub_item items[KF_SC_MAX_HELD];
    const struct kf_item *plan;
    int64_t fee;
    int rc, n;

    *opened = 0;
    rc = kf_store_cycle_get(sc->store, sub->number, cycle, out);
    if (rc != KF_ENOENT)
        return rc;
    if (end <= sub->joined_ms)
        return KF_ERANGE;
    if (apply_plan_change(sc, sub, cycle, start, now_ms))
        return KF_ESTORE;
    memset(out, 0, sizeof *out);
    memcpy(out->number, sub->number, sizeof out->number);
    out->cycle = cycle;
    memcpy(out->plan_id, sub->plan_id, sizeof out->plan_id);
    out->opened_ms = now_ms;

    n = kf_store_item_list(sc->store, sub->number, -1, 0, end, items, KF_SC_MAX_HELD);
    if (n < 0)
        return KF_ESTORE;
    plan = kf_catalog_get(sc->cat, sub->plan_id);
    if (plan == NULL)
        KF_WARN("selfcare", "ev=plan_unknown plan=%s cycle=%d", sub->plan_id, cycle);
    fee = plan == NULL ? 0
          : sub->joined_ms >= start ? kf_item_first_fee(plan, sub->joined_ms, sc->tz)
                                    : plan->fee_fen;
    if (carry_items(sc, out, items, n, start))
        return KF_ESTORE;
    out->fees_fen += fee - fee * discount_pct(sc, items, n, start) / 100;
    sub->balance_fen -= out->fees_fen;
    sub->updated_ms = now_ms;
    if (kf_store_cycle_put(sc->store, out))
        return KF_ESTORE;
    *opened = 1;
    return 0;
}

/* ------------------------------------------------------ the walk */

struct walk {
    struct kf_sub *subs;
    int n, cap;
};

static int collect(void *arg, const struct kf_sub *sub)
{
    struct walk *w = arg;
    if (w->n < w->cap)
        w->subs[w->n++] = *sub;
    return 0;
}

int kf_selfcare_rollover(kf_selfcare *sc, int64_t now_ms, char cursor[22], int budget)
{
    struct walk w = {kf_xcalloc((size_t)(budget > 0 ? budget : 1), sizeof *w.subs), 0, budget};
    int cycle = kf_cycle_of(now_ms, sc->tz), rc = 0;

    if (kf_selfcare_settle(sc, now_ms) ||
        kf_store_sub_each(sc->store, cursor, budget, collect, &w) < 0 ||
        kf_store_begin(sc->store)) {
        free(w.subs);
        return KF_ESTORE;
    }
    for (int i = 0; i < w.n && rc == 0; i++) {
        struct kf_sub_cycle c;
        int opened = 0;
        rc = kf_selfcare__cycle(sc, &w.subs[i], cycle, now_ms, &c, &opened);
        if (rc == KF_ERANGE)
            rc = 0;
        else if (rc == 0 && opened)
            rc = kf_store_sub_put(sc->store, &w.subs[i]);
    }
    if (rc || kf_store_commit(sc->store)) {
        kf_store_rollback(sc->store);
        free(w.subs);
        return KF_ESTORE;
    }
    if (w.n > 0)
        memcpy(cursor, w.subs[w.n - 1].number, 22);
    rc = w.n;
    free(w.subs);
    return rc;
}
