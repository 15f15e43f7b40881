/* SPDX-License-Identifier: MIT
 *
 * selfsvc.c -- self-service inside kefud: creates selfcare/ and remind/,
 * sends reminders through the hub (the sent mark commits with the message),
 * runs the timers (reminder pick-up, the scan over every subscriber, the
 * month-start roll-over, pruning expired web sessions) in budgeted steps so
 * the loop never stalls, and seeds the demo subscribers with three months
 * of usage (record ids are fixed, so seeding again changes nothing).
 */
#include "main/selfsvc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/base.h"

#define SCAN_STEP 5000     /* subscribers per scan step */
#define ROLL_STEP 2000     /* subscribers per roll-over step */
#define ROLL_CHECK 60000   /* how often the month is checked */
#define PRUNE_EVERY 3600000
#define SETTLE_EVERY 1000  /* most time rated accounts wait to be written */

struct kf_selfsvc {
    kf_loop *loop;
    kf_store *store;
    kf_hub *hub;
    kf_selfcare *sc;
    kf_remind *rm;
    struct kf_remind_conf rconf;
    kf_timer *t_send, *t_scan, *t_roll, *t_prune;
    char scan_cursor[22], roll_cursor[22];
    int rolled_cycle, rolling;
    int64_t last_settle_ms;
};

/* ------------------------------------------------------------ sending */

struct sent {
    kf_remind_done_fn done;
    void *arg;
};

static void on_hub_sent(void *arg, int rc, const int64_t *ids, int n)
{
    struct sent *s = arg;
    (void)ids, (void)n;
    s->done(s->arg, rc);
    free(s);
}

static int send_via_hub(void *ctx, const char *from, const char *to, const char *text,
                        const struct kf_store_op *op, kf_remind_done_fn done, void *arg)
{
    struct kf_selfsvc *ss = ctx;
    struct sent *s = kf_xcalloc(1, sizeof *s);
    int rc;

    s->done = done;
    s->arg = arg;
    rc = kf_hub_send_with(ss->hub, from, to, text, op, 1, on_hub_sent, s);
    if (rc)
        free(s);
    return rc;
}

/* ------------------------------------------------------------- timers */

static void on_send(void *arg)
{
    struct kf_selfsvc *ss = arg;
    int64_t now = kf_loop_now_ms(ss->loop);

    /* usage uploads leave accounts to be written; do it while things are quiet */
    if (kf_selfcare_unsettled(ss->sc) && now - ss->last_settle_ms >= SETTLE_EVERY) {
        if (kf_selfcare_settle(ss->sc, now))
            KF_WARN("selfsvc", "ev=settle_fail (retried)");
        ss->last_settle_ms = now;
    }
    kf_remind_send_due(ss->rm, now);
    kf_timer_start(ss->t_send, ss->rconf.send_interval_ms);
}

static void on_scan(void *arg)
{
    struct kf_selfsvc *ss = arg;
    int n = kf_remind_scan(ss->rm, kf_loop_now_ms(ss->loop), ss->scan_cursor, SCAN_STEP);

    if (n > 0) {
        kf_timer_start(ss->t_scan, 0); /* next step after other work */
        return;
    }
    if (n < 0)
        KF_WARN("selfsvc", "ev=scan_fail");
    ss->scan_cursor[0] = '\0';
    kf_timer_start(ss->t_scan, ss->rconf.scan_interval_ms);
}

static void on_roll(void *arg)
{
    struct kf_selfsvc *ss = arg;
    int64_t now = kf_loop_now_ms(ss->loop);
    int cycle = kf_cycle_of(now, kf_selfcare_tz(ss->sc)), n;

    if (!ss->rolling && cycle != ss->rolled_cycle) {
        ss->rolling = 1;
        ss->roll_cursor[0] = '\0';
        KF_INFO("selfsvc", "ev=rollover_start cycle=%d", cycle);
    }
    if (ss->rolling) {
        n = kf_selfcare_rollover(ss->sc, now, ss->roll_cursor, ROLL_STEP);
        if (n > 0) {
            kf_timer_start(ss->t_roll, 0);
            return;
        }
        if (n == 0) {
            ss->rolling = 0;
            ss->rolled_cycle = cycle;
            KF_INFO("selfsvc", "ev=rollover_done cycle=%d", cycle);
        }
    }
    kf_timer_start(ss->t_roll, ROLL_CHECK);
}

static void on_prune(void *arg)
{
    struct kf_selfsvc *ss = arg;
    kf_store_web_prune(ss->store, kf_loop_now_ms(ss->loop));
    kf_timer_start(ss->t_prune, PRUNE_EVERY);
}

/* --------------------------------------------------------------- life */

struct kf_selfsvc *kf_selfsvc_new(kf_loop *l, kf_store *s, kf_hub *h,
                                  const struct kf_selfcare_conf *sconf,
                                  const struct kf_remind_conf *rconf, const char *share_dir,
                                  char **err)
{
    struct kf_selfsvc *ss = kf_xcalloc(1, sizeof *ss);

    ss->loop = l;
    ss->store = s;
    ss->hub = h;
    ss->rconf = *rconf;
    ss->sc = kf_selfcare_new(s, sconf, share_dir, err);
    if (ss->sc == NULL)
        goto fail;
    ss->rm = kf_remind_new(ss->sc, s, rconf, send_via_hub, ss, err);
    if (ss->rm == NULL)
        goto fail;
    ss->t_send = kf_timer_new(l, on_send, ss);
    ss->t_scan = kf_timer_new(l, on_scan, ss);
    ss->t_roll = kf_timer_new(l, on_roll, ss);
    ss->t_prune = kf_timer_new(l, on_prune, ss);
    return ss;
fail:
    kf_selfsvc_free(ss);
    return NULL;
}

void kf_selfsvc_start(struct kf_selfsvc *ss)
{
    kf_timer_start(ss->t_roll, 0);
    kf_timer_start(ss->t_scan, 1000);
    kf_timer_start(ss->t_send, 500);
    kf_timer_start(ss->t_prune, PRUNE_EVERY);
}

int kf_selfsvc_reload(struct kf_selfsvc *ss, const struct kf_selfcare_conf *sconf,
                      const struct kf_remind_conf *rconf, const char *share_dir, char **err)
{
    if (kf_remind_reload(ss->rm, rconf, err) != 0)
        return KF_EINVAL;
    ss->rconf = *rconf;
    return kf_selfcare_reload(ss->sc, sconf, share_dir, err);
}

kf_selfcare *kf_selfsvc_selfcare(struct kf_selfsvc *ss)
{
    return ss->sc;
}

void kf_selfsvc_free(struct kf_selfsvc *ss)
{
    if (ss == NULL)
        return;
    kf_timer_free(ss->t_send);
    kf_timer_free(ss->t_scan);
    kf_timer_free(ss->t_roll);
    kf_timer_free(ss->t_prune);
    kf_remind_free(ss->rm);
    kf_selfcare_free(ss->sc);
    free(ss);
}

/* --------------------------------------------------------------- demo */

struct demo_sub {
    const char *number, *name, *plan;
    int joined_months_ago;
    int64_t balance_fen;              /* after seeding */
    int64_t data_mb, voice_min, sms;  /* a typical month */
    int64_t now_data_pct;             /* this cycle so far, % of a typical month */
    const char *items[3];
};

static const struct demo_sub demo_subs[] = {
    {"13800138001", "张伟", "P5G-ZX128", 14, 8650, 9000, 210, 12, 60, {"V-CL", "A-LL-BY20", NULL}},
    {"13800138002", "李娜", "P4G-D30-V18", 30, 3520, 2600, 140, 30, 75, {"V-TQ", NULL, NULL}},
    {"13800138003", "王芳", "PGA-18", 40, 5200, 300, 260, 5, 40, {NULL, NULL, NULL}},
    {"13800138004", "刘洋", "PYTH-28-1", 8, 600, 12000, 60, 40, 50, {NULL, NULL, NULL}},
    {"13800138005", "陈静", "PSWK-30", 20, 4500, 15000, 0, 0, 50, {NULL, NULL, NULL}},
};

static void demo_item(struct kf_selfsvc *ss, const char *number, const char *id, int64_t at)
{
    struct kf_op_req r = {.number = number, .kind = KF_OP_ORDER, .item_id = id,
                          .channel = "system", .actor = "demo", .now_ms = at};
    struct kf_op_result out;
    char rid[64];

    snprintf(rid, sizeof rid, "demo:%s:%s", number, id);
    r.request_id = rid;
    kf_selfcare_do(ss->sc, &r, &out);
}

/* Daily usage records of one cycle: pct % of a typical month spread over
 * its days, or (current cycle) over the days so far, all before `until`. */
static size_t demo_cycle(const struct demo_sub *d, int cycle, int tz, int pct, int64_t until,
                         struct kf_usage_line *out)
{
    int64_t start = kf_cycle_start_ms(cycle, tz), end = kf_cycle_start_ms(kf_cycle_next(cycle), tz);
    int64_t span = (until < end ? until : end) - start;
    int days = (int)(span / 86400000) + 1, k = 0;
    uint32_t seed = (uint32_t)(cycle * 31 + d->number[10]);

    for (int day = 0; day < days && span > 0; day++) {
        int64_t t = start + span * (day + 1) / (days + 1);
        seed = seed * 1103515245u + 12345u;
        int wobble = 70 + (int)((seed >> 16) % 60); /* 70..129 % of the mean */
        for (int type = 0; type < KF_USE_N; type++) {
            int64_t month = type == KF_USE_DATA    ? d->data_mb * 1024
                            : type == KF_USE_VOICE ? d->voice_min * 60
                                                   : d->sms;
            int64_t amount = month * pct / 100 * wobble / 100 / days;
            struct kf_usage_line *u = &out[k];
            if (amount <= 0)
                continue;
            memset(u, 0, sizeof *u);
            snprintf(u->number, sizeof u->number, "%s", d->number);
            u->type = type;
            u->amount = amount;
            u->ts_ms = t + type * 60000;
            u->line = k + 1;
            snprintf(u->record_id, sizeof u->record_id, "demo-%s-%d-%02d-%d", d->number, cycle,
                     day + 1, type);
            k++;
        }
    }
    return (size_t)k;
}

static void seed_one(struct kf_selfsvc *ss, const struct demo_sub *d, int64_t now)
{
    int tz = kf_selfcare_tz(ss->sc), cur = kf_cycle_of(now, tz), c0 = cur;
    struct kf_usage_line *recs = kf_xcalloc(4 * 31 * KF_USE_N, sizeof *recs);
    struct kf_rate_stats st = {0};
    struct kf_sub sub;
    size_t n = 0;
    int64_t joined;

    for (int i = 0; i < d->joined_months_ago; i++)
        c0 = kf_cycle_prev(c0);
    joined = kf_cycle_start_ms(c0, tz) + 5LL * 86400000;
    if (kf_selfcare_create(ss->sc, d->number, d->name, d->plan, 100000, joined) == 0) {
        for (int i = 0; i < 3 && d->items[i]; i++)
            demo_item(ss, d->number, d->items[i], joined + 86400000);
    }
    for (int back = 3, c = kf_cycle_prev(kf_cycle_prev(kf_cycle_prev(cur))); back >= 0;
         back--, c = kf_cycle_next(c))
        n += demo_cycle(d, c, tz, back ? 100 : (int)d->now_data_pct, now - 3600000, recs + n);
    kf_selfcare_rate(ss->sc, recs, n, now, &st, NULL);
    if (st.rated > 0 && kf_store_sub_get(ss->store, d->number, &sub) == 0) {
        sub.balance_fen = d->balance_fen; /* the demo's "recharge" */
        kf_store_sub_put(ss->store, &sub);
    }
    KF_INFO("selfsvc", "ev=demo_seed number=%.3s****%s rated=%lld", d->number, d->number + 7,
            (long long)st.rated);
    free(recs);
}

void kf_selfsvc_seed_demo(struct kf_selfsvc *ss, int64_t now_ms)
{
    for (size_t i = 0; i < KF_ARRAY_LEN(demo_subs); i++)
        seed_one(ss, &demo_subs[i], now_ms);
}
