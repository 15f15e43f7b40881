/* SPDX-License-Identifier: MIT
 *
 * ops.c -- the operations on an account, the same for every channel:
 * order (add-ons, VAS, promotions: at once, first-month rule, balance
 * check), change plan (from the next cycle; contract terms), unsubscribe
 * (monthly items end with the cycle; one-off packs cannot be returned),
 * cancel a pending change. Each runs in one transaction that also records
 * it -- who, channel, when, before and after, result -- and a retry with the
 * same request id returns the first result without doing anything again.
 * Refusals are recorded too.
 */
#include "selfcare/selfcare_int.h"

#include <jansson.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/base.h"

static const char *const kind_names[] = {"order", "change", "unsubscribe", "cancel-change"};

const char *kf_op_kind_name(int kind)
{
    return kind >= 0 && kind < (int)KF_ARRAY_LEN(kind_names) ? kind_names[kind] : "?";
}

int kf_op_kind_parse(const char *s)
{
    for (size_t i = 0; i < KF_ARRAY_LEN(kind_names); i++)
        if (strcmp(kind_names[i], s) == 0)
            return (int)i;
    return -1;
}

/* One operation in progress. */
struct op {
    kf_selfcare *sc;
    const struct kf_op_req *r;
    struct kf_op_result *out;
    struct kf_sub sub;
    struct kf_sub_cycle cyc;
    struct kf_sub_item held[KF_SC_MAX_HELD];
    int nheld;
    const struct kf_item *item;
};

static int refuse(struct op *o, int rc, const char *code, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

static int refuse(struct op *o, int rc, const char *code, const char *fmt, ...)
{
    va_list ap;

    o->out->rc = rc;
    snprintf(o->out->code, sizeof o->out->code, "%s", code);
    va_start(ap, fmt);
    vsnprintf(o->out->text, sizeof o->out->text, fmt, ap);
    va_end(ap);
    return rc;
}

static void ok(struct op *o, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void ok(struct op *o, const char *fmt, ...)
{
    va_list ap;

    o->out->rc = 0;
    snprintf(o->out->code, sizeof o->out->code, "ok");
    va_start(ap, fmt);
    vsnprintf(o->out->text, sizeof o->out->text, fmt, ap);
    va_end(ap);
}

/* The account's state as JSON for the operation log. */
static void snapshot(const struct op *o, char *out, size_t cap, const char *text)
{
    json_t *j = json_pack("{s:s, s:s, s:I}", "plan", o->sub.plan_id, "pending",
                          o->sub.pending_plan_id, "balance", (json_int_t)o->sub.balance_fen);
    json_t *items = json_array();
    char *s;

    for (int i = 0; i < o->nheld; i++)
        if (o->held[i].state == KF_SITEM_ACTIVE)
            json_array_append_new(items, json_string(o->held[i].item_id));
    json_object_set_new(j, "items", items);
    if (text)
        json_object_set_new(j, "text", json_string(text));
    s = json_dumps(j, JSON_COMPACT);
    if (s == NULL || strlen(s) >= cap) { /* drop the list rather than cut JSON */
        json_object_del(j, "items");
        free(s);
        s = json_dumps(j, JSON_COMPACT);
    }
    snprintf(out, cap, "%s", s && strlen(s) < cap ? s : "{}");
    free(s);
    json_decref(j);
}

static const char *validity_text(const struct kf_item *it, char *buf, size_t cap)
{
    switch (it->validity) {
    case KF_VALID_CYCLE:
        return "当月有效";
    case KF_VALID_DAYS:
        snprintf(buf, cap, "%d天内有效", it->days);
        return buf;
    case KF_VALID_CYCLES:
        snprintf(buf, cap, "%d个月内有效", it->cycles);
        return buf;
    default:
        return "按月收费，退订后次月生效";
    }
}

static int64_t item_end(const struct op *o, const struct kf_item *it)
{
    int cycle = kf_cycle_of(o->r->now_ms, o->sc->tz);

    switch (it->validity) {
    case KF_VALID_CYCLE:
        return kf_cycle_start_ms(kf_cycle_next(cycle), o->sc->tz);
    case KF_VALID_DAYS:
        return o->r->now_ms + (int64_t)it->days * 86400000;
    case KF_VALID_CYCLES:
        for (int i = 0; i < it->cycles; i++)
            cycle = kf_cycle_next(cycle);
        return kf_cycle_start_ms(cycle, o->sc->tz);
    default:
        return 0;
    }
}

static void profile(struct op *o, struct kf_sub_profile *p, const char **held)
{
    int n = 0;
    for (int i = 0; i < o->nheld; i++)
        if (o->held[i].state == KF_SITEM_ACTIVE)
            held[n++] = o->held[i].item_id;
    p->plan_id = o->sub.plan_id;
    p->family = kf_selfcare__family(o->sc, &o->sub);
    p->joined_ms = o->sub.joined_ms;
    p->held = held;
    p->nheld = n;
}

static int check_rules(struct op *o)
{
    const char *held[KF_SC_MAX_HELD];
    const struct kf_item *conflict = NULL;
    struct kf_sub_profile p;
    int chk;

    profile(o, &p, held);
    chk = kf_item_check_order(o->sc->cat, o->item, &p, o->r->now_ms, &conflict);
    if (chk == KF_ORDER_EXCLUDED && conflict)
        return refuse(o, KF_EPERM, "excluded", "%s与您已办理的%s互斥，不能同时办理", o->item->name,
                      conflict->name);
    if (chk != KF_ORDER_OK)
        return refuse(o, KF_EPERM, chk == KF_ORDER_HELD ? "held" : "not_eligible", "%s",
                      kf_order_check_text(chk));
    return 0;
}

/* The plan fee charged in the current cycle (for a promotion's discount). */
static int64_t plan_fee_now(const struct op *o)
{
    const struct kf_item *plan = kf_catalog_get(o->sc->cat, o->sub.plan_id);
    int64_t start = kf_cycle_start_ms(o->cyc.cycle, o->sc->tz);

    if (plan == NULL)
        return 0;
    return o->sub.joined_ms >= start ? kf_item_first_fee(plan, o->sub.joined_ms, o->sc->tz)
                                     : plan->fee_fen;
}

static int do_order(struct op *o)
{
    const struct kf_item *it = o->item;
    struct kf_sub_item h;
    char price[32], valid[32];
    int64_t fee, refund;

    if (it->kind == KF_ITEM_PLAN)
        return refuse(o, KF_EINVAL, "is_plan", "%s是套餐，请办理套餐变更", it->name);
    if (check_rules(o))
        return o->out->rc;
    fee = it->validity == KF_VALID_MONTHLY ? kf_item_first_fee(it, o->r->now_ms, o->sc->tz)
                                           : it->fee_fen;
    if (fee > 0 && o->sub.balance_fen < fee) {
        kf_fen_text(price, sizeof price, fee);
        return refuse(o, KF_EPERM, "insufficient_balance",
                      "办理%s需%s，您的余额不足，请充值后再办理", it->name, price);
    }
    if (o->r->dry_run)
        return 0;
    memset(&h, 0, sizeof h);
    snprintf(h.number, sizeof h.number, "%s", o->sub.number);
    snprintf(h.item_id, sizeof h.item_id, "%s", it->id);
    snprintf(h.channel, sizeof h.channel, "%s", o->r->channel);
    h.kind = it->kind;
    h.start_ms = o->r->now_ms;
    h.end_ms = item_end(o, it);
    if (kf_store_item_put(o->sc->store, &h))
        return KF_ESTORE;
    for (int t = 0; t < KF_USE_N; t++)
        o->cyc.extra[t] += it->incl[t];
    refund = plan_fee_now(o) * it->discount_pct / 100;
    o->cyc.fees_fen += fee - refund;
    o->sub.balance_fen -= fee - refund;
    o->out->charged_fen = fee - refund;
    o->out->effective_ms = o->r->now_ms;
    kf_fen_text(price, sizeof price, fee);
    if (refund > 0) {
        char r[32];
        kf_fen_text(r, sizeof r, refund);
        ok(o, "【订购成功】您已成功办理%s，本月套餐费已优惠%s，%s。", it->name, r,
           validity_text(it, valid, sizeof valid));
    } else
        ok(o, "【订购成功】您已成功订购%s，资费%s，立即生效，%s。", it->name, price,
           validity_text(it, valid, sizeof valid));
    return 0;
}

static int months_on_plan(const struct op *o)
{
    struct kf_civil a, b;
    kf_civil_from_ms(o->sub.plan_since_ms, o->sc->tz, &a);
    kf_civil_from_ms(o->r->now_ms, o->sc->tz, &b);
    return (b.year * 12 + b.month) - (a.year * 12 + a.month);
}

static int do_change(struct op *o)
{
    const struct kf_item *it = o->item, *cur = kf_catalog_get(o->sc->cat, o->sub.plan_id);
    int next = kf_cycle_next(kf_cycle_of(o->r->now_ms, o->sc->tz));

    if (it->kind != KF_ITEM_PLAN)
        return refuse(o, KF_EINVAL, "not_plan", "%s不是套餐", it->name);
    if (strcmp(it->id, o->sub.plan_id) == 0)
        return refuse(o, KF_EPERM, "held", "您当前已是%s，无需变更", it->name);
    if (strcmp(it->id, o->sub.pending_plan_id) == 0)
        return refuse(o, KF_EPERM, "already_pending", "您已申请下月变更为%s，无需重复办理", it->name);
    if (cur && cur->contract_months && months_on_plan(o) < cur->contract_months)
        return refuse(o, KF_EPERM, "in_contract", "您的%s合约期为%d个月，合约期内不能变更套餐", cur->name,
                      cur->contract_months);
    if (check_rules(o))
        return o->out->rc;
    if (o->r->dry_run)
        return 0;
    snprintf(o->sub.pending_plan_id, sizeof o->sub.pending_plan_id, "%s", it->id);
    o->sub.pending_at_ms = o->r->now_ms;
    o->out->effective_ms = kf_cycle_start_ms(next, o->sc->tz);
    ok(o, "【套餐变更】您已成功申请变更为%s，将于%d年%d月1日生效，本月仍按原套餐计费。", it->name,
       next / 100, next % 100);
    return 0;
}

static int do_unsubscribe(struct op *o)
{
    struct kf_sub_item *h = NULL;

    for (int i = 0; i < o->nheld; i++)
        if (strcmp(o->held[i].item_id, o->item->id) == 0)
            h = &o->held[i];
    if (h == NULL)
        return refuse(o, KF_ENOENT, "not_held", "您未订购%s，无需退订", o->item->name);
    if (h->state == KF_SITEM_CANCELLED)
        return refuse(o, KF_EPERM, "already_cancelled", "您已退订%s，本月底失效", o->item->name);
    if (o->item->validity == KF_VALID_CYCLE || o->item->validity == KF_VALID_DAYS)
        return refuse(o, KF_EPERM, "not_cancellable", "%s为一次性业务，办理后在有效期内使用，不能退订",
                      o->item->name);
    if (o->r->dry_run)
        return 0;
    h->state = KF_SITEM_CANCELLED;
    h->end_ms = kf_cycle_start_ms(kf_cycle_next(o->cyc.cycle), o->sc->tz);
    if (kf_store_item_put(o->sc->store, h))
        return KF_ESTORE;
    o->out->effective_ms = h->end_ms;
    ok(o, "【退订成功】您已退订%s，本月底前仍可使用，下月起不再收费。", o->item->name);
    return 0;
}

static int do_cancel_change(struct op *o)
{
    if (o->sub.pending_plan_id[0] == '\0')
        return refuse(o, KF_ENOENT, "no_pending", "您没有待生效的套餐变更");
    if (o->r->dry_run)
        return 0;
    o->sub.pending_plan_id[0] = '\0';
    o->sub.pending_at_ms = 0;
    ok(o, "【套餐变更】已取消您的套餐变更申请，下月继续使用当前套餐。");
    return 0;
}

/* The first result of a request id, without doing anything again. */
static int replay(const struct kf_sub_op *rec, struct kf_op_result *out)
{
    json_t *j = json_loads(rec->after, 0, NULL);
    const char *text = json_string_value(json_object_get(j, "text"));

    out->replayed = 1;
    out->op_id = rec->id;
    out->rc = strcmp(rec->result, "ok") == 0 ? 0 : KF_EPERM;
    snprintf(out->code, sizeof out->code, "%s", rec->result);
    snprintf(out->text, sizeof out->text, "%s", text ? text : "");
    json_decref(j);
    return out->rc;
}

/* Records the operation (refused ones too) with before and after. */
static int record(struct op *o, const char *before)
{
    struct kf_sub_op rec;
    const struct kf_op_req *r = o->r;

    memset(&rec, 0, sizeof rec);
    snprintf(rec.number, sizeof rec.number, "%s", r->number);
    snprintf(rec.op, sizeof rec.op, "%s", kf_op_kind_name(r->kind));
    snprintf(rec.item_id, sizeof rec.item_id, "%s", r->item_id ? r->item_id : "");
    snprintf(rec.channel, sizeof rec.channel, "%s", r->channel ? r->channel : "");
    snprintf(rec.actor, sizeof rec.actor, "%s", r->actor ? r->actor : "");
    snprintf(rec.result, sizeof rec.result, "%s", o->out->code);
    snprintf(rec.request_id, sizeof rec.request_id, "%s", r->request_id ? r->request_id : "");
    snprintf(rec.before, sizeof rec.before, "%s", before);
    snapshot(o, rec.after, sizeof rec.after, o->out->text);
    rec.at_ms = r->now_ms;
    if (kf_store_op_add(o->sc->store, &rec))
        return KF_ESTORE;
    o->out->op_id = rec.id;
    return 0;
}

static int apply(struct op *o)
{
    static int (*const fns[])(struct op *) = {do_order, do_change, do_unsubscribe,
                                              do_cancel_change};
    const struct kf_op_req *r = o->r;

    if (r->kind != KF_OP_CANCEL_CHANGE) {
        o->item = r->item_id ? kf_catalog_get(o->sc->cat, r->item_id) : NULL;
        if (o->item == NULL)
            return refuse(o, KF_ENOENT, "unknown_item", "没有找到该业务，请核对业务代码");
    }
    if (o->sub.status != KF_SUB_ACTIVE)
        return refuse(o, KF_EPERM, "not_active", "您的号码当前不能办理业务，请咨询10086");
    return fns[r->kind](o);
}

/* Loads the account, opens the cycle, applies and records. In a transaction. */
static int run(struct op *o)
{
    char before[512];
    int opened = 0, rc;

    rc = kf_store_sub_get(o->sc->store, o->r->number, &o->sub);
    if (rc == KF_ENOENT)
        return refuse(o, KF_ENOENT, "unknown_number", "该号码不是本网用户");
    if (rc || kf_selfcare__cycle(o->sc, &o->sub, kf_cycle_of(o->r->now_ms, o->sc->tz),
                                 o->r->now_ms, &o->cyc, &opened))
        return KF_ESTORE;
    o->nheld = kf_selfcare__held(o->sc, o->r->number, o->r->now_ms, o->held, KF_SC_MAX_HELD);
    if (o->nheld < 0)
        return KF_ESTORE;
    snapshot(o, before, sizeof before, NULL);
    rc = apply(o);
    if (rc == KF_ESTORE || o->r->dry_run)
        return rc == KF_ESTORE ? rc : 0;
    o->sub.updated_ms = o->r->now_ms;
    if (kf_store_sub_put(o->sc->store, &o->sub) || kf_store_cycle_put(o->sc->store, &o->cyc) ||
        record(o, before) ||
        kf_store_contact_add(o->sc->store, o->r->number, o->r->channel ? o->r->channel : "",
                             o->r->now_ms, kf_op_kind_name(o->r->kind)))
        return KF_ESTORE;
    if (o->r->pending_id &&
        kf_store_pending_set(o->sc->store, o->r->pending_id, KF_PEND_CONFIRMED))
        return KF_ESTORE;
    return 0;
}

int kf_selfcare_do(kf_selfcare *sc, const struct kf_op_req *r, struct kf_op_result *out)
{
    struct op o = {.sc = sc, .r = r, .out = out};
    struct kf_sub_op prev;
    int rc;

    memset(out, 0, sizeof *out);
    if (r->number == NULL || r->kind < 0 || r->kind > KF_OP_CANCEL_CHANGE)
        return refuse(&o, KF_EINVAL, "bad_request", "请求无效");
    if (r->request_id && r->request_id[0] && !r->dry_run &&
        kf_store_op_get_req(sc->store, r->request_id, &prev) == 0)
        return replay(&prev, out);
    if (kf_selfcare_settle(sc, r->now_ms) || kf_store_begin(sc->store))
        return refuse(&o, KF_ESTORE, "store", "系统繁忙，请稍后再试");
    rc = run(&o);
    if (rc == KF_ESTORE || r->dry_run || out->code[0] == '\0' ||
        strcmp(out->code, "unknown_number") == 0) {
        kf_store_rollback(sc->store);
        if (rc == KF_ESTORE)
            return refuse(&o, KF_ESTORE, "store", "系统繁忙，请稍后再试");
        return out->rc;
    }
    if (kf_store_commit(sc->store))
        return refuse(&o, KF_ESTORE, "store", "系统繁忙，请稍后再试");
    KF_INFO("selfcare", "ev=op op=%s item=%s channel=%s result=%s", kf_op_kind_name(r->kind),
            r->item_id ? r->item_id : "", r->channel ? r->channel : "", out->code);
    return out->rc;
}
