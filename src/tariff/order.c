/* SPDX-License-Identifier: MIT
 *
 * order.c -- may this subscriber order this item now: sale window,
 * eligibility (family, plan, tenure, newness), already held, exclusive
 * groups and exclusions in both directions. The rules that need the
 * subscriber's history (contract terms, balance) live in selfcare/.
 */
#include "tariff/tariff_int.h"

#include <string.h>

#include "base/base.h"

static const char *const check_texts[] = {
    [KF_ORDER_OK] = "可以办理",
    [KF_ORDER_NOT_ORDERABLE] = "该业务已停止受理",
    [KF_ORDER_NOT_YET] = "该业务尚未开始受理",
    [KF_ORDER_EXPIRED] = "该业务已过办理期限",
    [KF_ORDER_NOT_ELIGIBLE] = "您的号码不符合该业务的办理条件",
    [KF_ORDER_HELD] = "您已办理该业务，无需重复办理",
    [KF_ORDER_EXCLUDED] = "该业务与您已办理的业务互斥",
};

const char *kf_order_check_text(int check)
{
    return check >= 0 && check < (int)KF_ARRAY_LEN(check_texts) ? check_texts[check] : "无法办理";
}

static int in_list(const char (*list)[KF_ITEM_ID_MAX], int n, const char *s)
{
    for (int i = 0; i < n; i++)
        if (strcmp(list[i], s) == 0)
            return 1;
    return 0;
}

static int family_in(const struct kf_item *it, const char *family)
{
    for (int i = 0; i < it->nelig_families; i++)
        if (family && strcmp(it->elig_families[i], family) == 0)
            return 1;
    return 0;
}

/* Whole months from a to b (b >= a) in the catalogue's zone. */
static int months_between(int64_t a, int64_t b, int tz)
{
    struct kf_civil x, y;
    kf_civil_from_ms(a, tz, &x);
    kf_civil_from_ms(b, tz, &y);
    return (y.year * 12 + y.month) - (x.year * 12 + x.month) - (y.day < x.day);
}

static int eligible(const kf_catalog *c, const struct kf_item *it,
                    const struct kf_sub_profile *p, int64_t now_ms)
{
    if (it->nelig_families && !family_in(it, p->family))
        return 0;
    if (it->nelig_plans && !(p->plan_id && in_list(it->elig_plans, it->nelig_plans, p->plan_id)))
        return 0;
    if (it->new_within_days && now_ms - p->joined_ms > (int64_t)it->new_within_days * 86400000)
        return 0;
    if (it->min_tenure_months && months_between(p->joined_ms, now_ms, c->tz) <
                                     it->min_tenure_months)
        return 0;
    return 1;
}

/* 1 when a excludes b (by id or by b's group). */
static int excludes(const struct kf_item *a, const struct kf_item *b)
{
    for (int i = 0; i < a->nexcludes; i++) {
        const char *r = a->excludes[i];
        if (strncmp(r, "group:", 6) == 0 ? b->group[0] && strcmp(r + 6, b->group) == 0
                                         : strcmp(r, b->id) == 0)
            return 1;
    }
    return 0;
}

static int conflicts(const struct kf_item *it, const struct kf_item *h)
{
    if (it->kind != KF_ITEM_PLAN && h->kind != KF_ITEM_PLAN && it->group[0] &&
        strcmp(it->group, h->group) == 0)
        return 1;
    return excludes(it, h) || excludes(h, it);
}

int kf_item_check_order(const kf_catalog *c, const struct kf_item *it,
                        const struct kf_sub_profile *p, int64_t now_ms,
                        const struct kf_item **conflict)
{
    const struct kf_item *cur = p->plan_id ? kf_catalog_get(c, p->plan_id) : NULL;

    if (conflict)
        *conflict = NULL;
    if (!it->orderable)
        return KF_ORDER_NOT_ORDERABLE;
    if (it->valid_from_ms && now_ms < it->valid_from_ms)
        return KF_ORDER_NOT_YET;
    if (it->valid_to_ms && now_ms >= it->valid_to_ms)
        return KF_ORDER_EXPIRED;
    if (!eligible(c, it, p, now_ms))
        return KF_ORDER_NOT_ELIGIBLE;
    if (cur == it)
        return KF_ORDER_HELD;
    for (int i = 0; i < p->nheld; i++)
        if (strcmp(p->held[i], it->id) == 0)
            return KF_ORDER_HELD;
    for (int i = -1; i < p->nheld; i++) {
        const struct kf_item *h = i < 0 ? cur : kf_catalog_get(c, p->held[i]);
        if (h == NULL || (i < 0 && it->kind == KF_ITEM_PLAN))
            continue; /* a new plan replaces the current one */
        if (conflicts(it, h)) {
            if (conflict)
                *conflict = h;
            return KF_ORDER_EXCLUDED;
        }
    }
    return KF_ORDER_OK;
}
