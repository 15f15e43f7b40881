/* SPDX-License-Identifier: MIT
 *
 * remind.c -- reminders: the thresholds, their texts, the quiet hours, the
 * scan over every subscriber and the sender that hands due reminders to
 * the SMS path exactly once (an in-flight set covers the time between the
 * hand-over and the commit that marks them sent).
 */
#include "remind/remind.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/base.h"
#include "base/map.h"

#define MAX_THRESHOLDS 8
#define MAX_BATCH 1000

struct kf_remind {
    kf_selfcare *sc;
    kf_store *st;
    struct kf_remind_conf conf;
    int thresholds[MAX_THRESHOLDS]; /* ascending percent */
    int nthresholds;
    int quiet_start, quiet_end;     /* minute of the day */
    kf_remind_send_fn send;
    void *send_ctx;
    struct kf_map in_flight;        /* reminder id -> (void *)1 */
    int nflight;
};

#define C(f) offsetof(struct kf_remind_conf, f)

const struct kf_conf_key kf_remind_keys[] = {
    {"enabled", KF_CONF_BOOL, C(enabled), "yes", 0, 0, NULL, "", 1,
     "Send reminders at all (they are still created when off, and go out when it is on)."},
    {"data_thresholds", KF_CONF_STR, C(data_thresholds), "50,80,100", 0, 0, NULL, "percent",
     1, "Data reminders at these shares of the cycle's included data (plan, packs and "
        "promotions), ascending, at most 8. Each is sent once per cycle; when usage jumps "
        "over several at once only the highest is sent."},
    {"low_balance", KF_CONF_INT, C(low_balance), "10", 0, 100000, NULL, "yuan", 1,
     "A balance reminder when the balance falls below this (once per cycle)."},
    {"quiet_start", KF_CONF_STR, C(quiet_start), "22:00", 0, 0, NULL, "HH:MM", 1,
     "Start of the quiet hours (local time, [selfcare] tz_offset): no reminder is sent "
     "from here ..."},
    {"quiet_end", KF_CONF_STR, C(quiet_end), "08:00", 0, 0, NULL, "HH:MM", 1,
     "... to here; what falls due in between goes out at this time. Equal to quiet_start: "
     "no quiet hours."},
    {"scan_interval", KF_CONF_DURATION, C(scan_interval_ms), "10m", 1000, 86400000, NULL, "",
     1, "How often every subscriber is checked (balance and spend change without usage, "
        "e.g. by monthly fees)."},
    {"send_interval", KF_CONF_DURATION, C(send_interval_ms), "2s", 100, 3600000, NULL, "", 1,
     "How often due reminders are picked up for sending."},
    {"send_batch", KF_CONF_INT, C(send_batch), "200", 1, MAX_BATCH, NULL, "messages", 1,
     "Most reminders handed to the hub per pick-up."},
    {"from", KF_CONF_STR, C(from), "10086", 0, 0, NULL, "", 1,
     "The number reminders are sent from."},
};
const size_t kf_remind_nkeys = KF_ARRAY_LEN(kf_remind_keys);

/* ------------------------------------------------------------ config */

static int parse_hhmm(const char *s, int *minute)
{
    int h, m, n = 0;
    if (sscanf(s, "%2d:%2d%n", &h, &m, &n) != 2 || s[n] != '\0' || h < 0 || h > 23 || m < 0 ||
        m > 59)
        return -1;
    *minute = h * 60 + m;
    return 0;
}

static int parse_thresholds(const char *s, int *out, int *n)
{
    const char *p = s;

    *n = 0;
    while (*p) {
        char *end;
        long v = strtol(p, &end, 10);
        if (end == p || v < 1 || v > 1000 || *n == MAX_THRESHOLDS ||
            (*n > 0 && v <= out[*n - 1]))
            return -1;
        out[(*n)++] = (int)v;
        p = end;
        if (*p == ',')
            p++;
        else if (*p)
            return -1;
    }
    return *n > 0 ? 0 : -1;
}

static int apply_conf(kf_remind *r, const struct kf_remind_conf *conf, char **err)
{
    int th[MAX_THRESHOLDS], n, qs, qe;

    if (parse_thresholds(conf->data_thresholds, th, &n)) {
        *err = kf_xasprintf("remind.data_thresholds: \"%s\" is not ascending percentages "
                            "1..1000 separated by commas (at most %d)",
                            conf->data_thresholds, MAX_THRESHOLDS);
        return KF_EINVAL;
    }
    if (parse_hhmm(conf->quiet_start, &qs) || parse_hhmm(conf->quiet_end, &qe)) {
        *err = kf_xasprintf("remind.quiet_start/quiet_end: want HH:MM (\"%s\", \"%s\")",
                            conf->quiet_start, conf->quiet_end);
        return KF_EINVAL;
    }
    r->conf = *conf;
    memcpy(r->thresholds, th, sizeof th);
    r->nthresholds = n;
    r->quiet_start = qs;
    r->quiet_end = qe;
    return 0;
}

static void on_rated(void *ctx, const struct kf_sub *sub, const struct kf_sub_cycle *c,
                     int64_t now_ms)
{
    kf_remind_evaluate(ctx, sub, c, now_ms);
}

kf_remind *kf_remind_new(kf_selfcare *sc, kf_store *st, const struct kf_remind_conf *conf,
                         kf_remind_send_fn send, void *send_ctx, char **err)
{
    kf_remind *r = kf_xcalloc(1, sizeof *r);

    if (apply_conf(r, conf, err)) {
        free(r);
        return NULL;
    }
    r->sc = sc;
    r->st = st;
    r->send = send;
    r->send_ctx = send_ctx;
    kf_map_init(&r->in_flight);
    kf_selfcare_on_rated(sc, on_rated, r);
    return r;
}

int kf_remind_reload(kf_remind *r, const struct kf_remind_conf *conf, char **err)
{
    return apply_conf(r, conf, err);
}

void kf_remind_free(kf_remind *r)
{
    if (r == NULL)
        return;
    kf_selfcare_on_rated(r->sc, NULL, NULL);
    kf_map_deinit(&r->in_flight);
    free(r);
}

/* -------------------------------------------------------- quiet hours */

int64_t kf_remind_next_allowed(const kf_remind *r, int64_t t)
{
    struct kf_civil c;
    int tz = kf_selfcare_tz(r->sc), m, wait;

    if (r->quiet_start == r->quiet_end)
        return t;
    kf_civil_from_ms(t, tz, &c);
    m = c.hour * 60 + c.minute;
    if (r->quiet_start < r->quiet_end ? (m < r->quiet_start || m >= r->quiet_end)
                                      : (m < r->quiet_start && m >= r->quiet_end))
        return t;
    wait = (r->quiet_end - m + 1440) % 1440;
    return t - (int64_t)c.second * 1000 - t % 1000 + (int64_t)wait * 60000;
}

/* --------------------------------------------------------- the texts */

static void size_text(char *out, size_t cap, int64_t kb)
{
    if (kb >= 1024 * 1024)
        snprintf(out, cap, "%.1fGB", (double)kb / (1024.0 * 1024.0));
    else
        snprintf(out, cap, "%.0fMB", (double)kb / 1024.0);
}

static void when_text(const kf_remind *r, int64_t now_ms, char *out, size_t cap)
{
    struct kf_civil c;
    kf_civil_from_ms(now_ms, kf_selfcare_tz(r->sc), &c);
    snprintf(out, cap, "%d月%d日%d时", c.month, c.day, c.hour);
}

static void data_text(const kf_remind *r, int pct, int64_t used, int64_t incl, int64_t now_ms,
                      char *out, size_t cap)
{
    char u[32], i[32], left[32], when[32];

    size_text(u, sizeof u, used);
    size_text(i, sizeof i, incl);
    size_text(left, sizeof left, used < incl ? incl - used : 0);
    when_text(r, now_ms, when, sizeof when);
    if (pct >= 100)
        snprintf(out, cap,
                 "【流量提醒】尊敬的客户，截至%s，您本月套餐内国内通用流量%s已用完（已用%s）。超出部分按套餐"
                 "标准计费，可发送KTLLB10办理10元1GB流量加油包，当月有效。回复QXLLTX关闭流量提醒。"
                 "【中国移动】",
                 when, i, u);
    else
        snprintf(out, cap,
                 "【流量提醒】尊敬的客户，截至%s，您本月套餐内国内通用流量已使用%d%%（已用%s，共%s），剩余%s。"
                 "回复QXLLTX关闭流量提醒。【中国移动】",
                 when, pct, u, i, left);
}

/* ------------------------------------------------------------ checks */

static int add(kf_remind *r, const struct kf_sub *sub, int cycle, const char *kind,
               int64_t threshold, int state, const char *text, int64_t now_ms)
{
    struct kf_reminder rem;

    memset(&rem, 0, sizeof rem);
    snprintf(rem.number, sizeof rem.number, "%s", sub->number);
    rem.cycle = cycle;
    snprintf(rem.kind, sizeof rem.kind, "%s", kind);
    rem.threshold = threshold;
    rem.created_ms = now_ms;
    rem.due_ms = kf_remind_next_allowed(r, now_ms);
    rem.state = state;
    snprintf(rem.text, sizeof rem.text, "%s", text);
    return kf_store_reminder_add(r->st, &rem);
}

static int check_data(kf_remind *r, const struct kf_sub *sub, const struct kf_sub_cycle *c,
                      int64_t now_ms)
{
    const struct kf_item *plan = kf_catalog_get(kf_selfcare_catalog(r->sc), c->plan_id);
    int64_t incl = (plan ? plan->incl[KF_USE_DATA] : 0) + c->extra[KF_USE_DATA];
    int64_t used = c->used[KF_USE_DATA];
    char text[512];
    int top = -1, made = 0;

    if (!(sub->remind_flags & KF_REMIND_DATA) || incl <= 0)
        return 0;
    for (int i = 0; i < r->nthresholds; i++)
        if (used * 100 >= incl * r->thresholds[i])
            top = i;
    for (int i = 0; i <= top; i++) {
        int pct = r->thresholds[i], rc;
        data_text(r, pct, used, incl, now_ms, text, sizeof text);
        rc = add(r, sub, c->cycle, "data", pct, i == top ? KF_REM_DUE : KF_REM_DROPPED, text,
                 now_ms);
        if (rc < 0)
            return rc;
        made += rc && i == top;
    }
    return made;
}

static int check_money(kf_remind *r, const struct kf_sub *sub, const struct kf_sub_cycle *c,
                       int64_t now_ms)
{
    char text[512], a[32], b[32];
    int64_t low = r->conf.low_balance * 100, spend = c->fees_fen + c->overage_fen;
    int made = 0, rc;

    if ((sub->remind_flags & KF_REMIND_BALANCE) && low > 0 && sub->balance_fen < low) {
        kf_fen_text(a, sizeof a, sub->balance_fen);
        kf_fen_text(b, sizeof b, low);
        snprintf(text, sizeof text,
                 "【余额提醒】尊敬的客户，您的账户余额为%s，已低于%s，请及时充值以免影响使用。回复QXYETX关闭"
                 "余额提醒。【中国移动】",
                 a, b);
        rc = add(r, sub, c->cycle, "balance", low, KF_REM_DUE, text, now_ms);
        if (rc < 0)
            return rc;
        made += rc;
    }
    if ((sub->remind_flags & KF_REMIND_SPEND) && sub->spend_limit_fen > 0 &&
        spend >= sub->spend_limit_fen) {
        kf_fen_text(a, sizeof a, spend);
        kf_fen_text(b, sizeof b, sub->spend_limit_fen);
        snprintf(text, sizeof text,
                 "【消费提醒】尊敬的客户，您本月已消费%s，已达到您设置的%s提醒额度。回复QXHFTX关闭消费提醒。"
                 "【中国移动】",
                 a, b);
        rc = add(r, sub, c->cycle, "spend", sub->spend_limit_fen, KF_REM_DUE, text, now_ms);
        if (rc < 0)
            return rc;
        made += rc;
    }
    return made;
}

int kf_remind_evaluate(kf_remind *r, const struct kf_sub *sub, const struct kf_sub_cycle *c,
                       int64_t now_ms)
{
    int a, b;

    if (sub->status == KF_SUB_CLOSED || c->cycle != kf_cycle_of(now_ms, kf_selfcare_tz(r->sc)))
        return 0; /* a past cycle's late records remind nobody */
    a = check_data(r, sub, c, now_ms);
    b = check_money(r, sub, c, now_ms);
    if (a < 0 || b < 0)
        return KF_ESTORE;
    return a + b;
}

/* -------------------------------------------------------------- scan */

struct scan {
    kf_remind *r;
    int64_t now_ms;
    char last[22];
    int fail;
};

static int scan_one(void *arg, const struct kf_sub *sub, const struct kf_sub_cycle *c)
{
    struct scan *s = arg;

    memcpy(s->last, sub->number, sizeof s->last);
    if (c && kf_remind_evaluate(s->r, sub, c, s->now_ms) < 0) {
        s->fail = 1;
        return 1;
    }
    return 0;
}

int kf_remind_scan(kf_remind *r, int64_t now_ms, char cursor[22], int budget)
{
    struct scan s = {.r = r, .now_ms = now_ms};
    int n;

    if (kf_selfcare_settle(r->sc, now_ms) || kf_store_begin(r->st))
        return KF_ESTORE;
    n = kf_store_sub_scan(r->st, kf_cycle_of(now_ms, kf_selfcare_tz(r->sc)), cursor, budget,
                          scan_one, &s);
    if (n < 0 || s.fail || kf_store_commit(r->st)) {
        kf_store_rollback(r->st);
        return KF_ESTORE;
    }
    if (n > 0)
        memcpy(cursor, s.last, 22);
    return n;
}

/* -------------------------------------------------------------- send */

struct flight {
    kf_remind *r;
    int64_t id;
};

static void on_sent(void *arg, int rc)
{
    struct flight *f = arg;

    kf_map_del(&f->r->in_flight, (uint64_t)f->id);
    f->r->nflight--;
    if (rc)
        KF_WARN("remind", "ev=send_fail id=%lld rc=%d (retried later)", (long long)f->id, rc);
    free(f);
}

int kf_remind_in_flight(const kf_remind *r)
{
    return r->nflight;
}

/* 1 when the subscriber still wants this kind of reminder. */
static int still_wanted(kf_remind *r, const struct kf_reminder *rem)
{
    struct kf_sub sub;
    int flag = strcmp(rem->kind, "data") == 0      ? KF_REMIND_DATA
               : strcmp(rem->kind, "balance") == 0 ? KF_REMIND_BALANCE
                                                   : KF_REMIND_SPEND;

    if (kf_store_sub_get(r->st, rem->number, &sub) != 0 || sub.status == KF_SUB_CLOSED)
        return 0;
    return (sub.remind_flags & flag) != 0;
}

static int send_one(kf_remind *r, const struct kf_reminder *rem, int64_t now_ms)
{
    struct kf_store_op op;
    struct flight *f;

    if (!still_wanted(r, rem) || rem->cycle != kf_cycle_of(now_ms, kf_selfcare_tz(r->sc))) {
        kf_store_reminder_set(r->st, rem->id, KF_REM_DROPPED, rem->due_ms);
        return 0;
    }
    kf_store_op_reminder_sent(&op, rem->id, now_ms);
    f = kf_xcalloc(1, sizeof *f);
    f->r = r;
    f->id = rem->id;
    kf_map_put(&r->in_flight, (uint64_t)rem->id, (void *)1);
    r->nflight++;
    if (r->send(r->send_ctx, r->conf.from, rem->number, rem->text, &op, on_sent, f) != 0) {
        kf_map_del(&r->in_flight, (uint64_t)rem->id);
        r->nflight--;
        free(f);
        return -1; /* the SMS path is busy: try again next time */
    }
    return 1;
}

int kf_remind_send_due(kf_remind *r, int64_t now_ms)
{
    struct kf_reminder *due;
    int n, sent = 0;
    int64_t next = kf_remind_next_allowed(r, now_ms);

    if (!r->conf.enabled)
        return 0;
    due = kf_xcalloc((size_t)r->conf.send_batch + (size_t)r->nflight, sizeof *due);
    n = kf_store_reminder_due(r->st, now_ms, due, (int)r->conf.send_batch + r->nflight);
    for (int i = 0; i < n && sent < r->conf.send_batch; i++) {
        int rc;
        if (kf_map_get(&r->in_flight, (uint64_t)due[i].id))
            continue;
        if (next != now_ms) { /* quiet hours: move it to their end */
            kf_store_reminder_set(r->st, due[i].id, KF_REM_DUE, next);
            continue;
        }
        rc = send_one(r, &due[i], now_ms);
        if (rc < 0)
            break;
        sent += rc;
    }
    free(due);
    return sent;
}
