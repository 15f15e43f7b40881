/* SPDX-License-Identifier: MIT
 *
 * recommend.c -- the cheapest plans for a subscriber's real usage: every
 * plan on sale that the subscriber may take is priced on each of its last
 * cycles (monthly fee + overage at that plan's prices, packs left out so
 * every plan is priced alike), ranked by the mean, ties broken by headroom,
 * and explained in one Chinese line.
 */
#include "tariff/tariff_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/base.h"

static void price(const struct kf_item *plan, const struct kf_usage *u, int n, struct kf_rec *r)
{
    int64_t sum = 0;

    memset(r, 0, sizeof *r);
    r->plan = plan;
    r->covers = 1;
    for (int k = 0; k < n; k++) {
        int64_t over = kf_plan_overage(plan, NULL, &u[k], NULL);
        r->cost_fen[k] = plan->fee_fen + over;
        sum += r->cost_fen[k];
        if (over > 0)
            r->covers = 0;
        for (int t = 0; t < KF_USE_N; t++)
            if (u[k].amount[t] > plan->incl[t])
                r->covers = 0;
    }
    r->mean_fen = (sum + n / 2) / n;
}

/* Spare allowance in the worst cycle, data first: the tie-break. */
static int64_t headroom(const struct kf_rec *r, int t, const struct kf_usage *u, int n)
{
    int64_t worst = 0;
    for (int k = 0; k < n; k++)
        if (u[k].amount[t] > worst)
            worst = u[k].amount[t];
    return r->plan->incl[t] - worst;
}

struct rank_ctx {
    const struct kf_usage *u;
    int n;
};

static int cmp_rec(const void *a, const void *b, void *arg)
{
    const struct kf_rec *x = a, *y = b;
    const struct rank_ctx *rank_ctx = arg;
    static const int order[KF_USE_N] = {KF_USE_DATA, KF_USE_VOICE, KF_USE_SMS};

    if (x->mean_fen != y->mean_fen)
        return x->mean_fen < y->mean_fen ? -1 : 1;
    for (int i = 0; i < KF_USE_N; i++) {
        int64_t hx = headroom(x, order[i], rank_ctx->u, rank_ctx->n);
        int64_t hy = headroom(y, order[i], rank_ctx->u, rank_ctx->n);
        if (hx != hy)
            return hx > hy ? -1 : 1;
    }
    return strcmp(x->plan->id, y->plan->id);
}

static void explain(struct kf_rec *r, int is_current, int n)
{
    char save[32], mean[32];

    kf_fen_text(save, sizeof save, r->saving_fen);
    kf_fen_text(mean, sizeof mean, r->mean_fen);
    if (is_current)
        snprintf(r->reason, sizeof r->reason, "按近%d个月的实际用量，您现在的套餐月均%s，已是较省的选择",
                 n, mean);
    else if (r->saving_fen <= 0)
        snprintf(r->reason, sizeof r->reason, "按近%d个月的实际用量月均%s，与现套餐相比不省钱，但套餐内用量更充裕",
                 n, mean);
    else if (r->covers)
        snprintf(r->reason, sizeof r->reason, "近%d个月的通话、流量和短信都在套餐内，每月预计可省%s", n,
                 save);
    else
        snprintf(r->reason, sizeof r->reason, "按近%d个月的实际用量（含少量超出部分）月均%s，每月预计可省%s",
                 n, mean, save);
}

static int may_take(const kf_catalog *c, const struct kf_item *it, const struct kf_sub_profile *p,
                    int64_t now_ms)
{
    int chk;
    int datacard = p->family && strcmp(p->family, "datacard") == 0;

    if (it->kind != KF_ITEM_PLAN)
        return 0;
    if ((strcmp(it->family, "datacard") == 0) != datacard)
        return 0; /* a data card cannot make calls; a phone needs voice */
    chk = kf_item_check_order(c, it, p, now_ms, NULL);
    return chk == KF_ORDER_OK || chk == KF_ORDER_HELD;
}

int kf_recommend(const kf_catalog *c, const struct kf_sub_profile *p, const struct kf_usage *u,
                 int ncycles, int64_t now_ms, struct kf_rec *out, int max)
{
    struct kf_rec *all = kf_xcalloc(c->n ? c->n : 1, sizeof *all), cur;
    const struct kf_item *cp = p->plan_id ? kf_catalog_get(c, p->plan_id) : NULL;
    size_t n = 0;
    int k;

    if (ncycles < 1 || ncycles > KF_REC_CYCLES) {
        free(all);
        return 0;
    }
    if (cp)
        price(cp, u, ncycles, &cur);
    for (size_t i = 0; i < c->n; i++)
        if (&c->items[i] == cp || may_take(c, &c->items[i], p, now_ms))
            price(&c->items[i], u, ncycles, &all[n++]);
    struct rank_ctx rc = {u, ncycles};
    qsort_r(all, n, sizeof *all, cmp_rec, &rc);
    for (k = 0; k < max && (size_t)k < n; k++) {
        out[k] = all[k];
        out[k].saving_fen = cp ? cur.mean_fen - out[k].mean_fen : 0;
        explain(&out[k], out[k].plan == cp, ncycles);
    }
    free(all);
    return k;
}
