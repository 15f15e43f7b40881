/* SPDX-License-Identifier: MIT
 *
 * reply.c -- the robot's answers to the account questions, with the
 * subscriber's real figures and the usual tags (【余额查询】, 【流量查询】,
 * 【套餐查询】, 【话费账单】, 【积分查询】, 【业务查询】), short enough for one
 * or two SMS. The 0000 answer numbers the value-added services and
 * monthly add-ons held, so a reply "1，3" can cancel them.
 */
#include "robot/robot.h"

#include <stdio.h>
#include <string.h>

#include "base/base.h"

static void when(int64_t now_ms, int tz, char *out, size_t cap)
{
    struct kf_civil c;
    kf_civil_from_ms(now_ms, tz, &c);
    snprintf(out, cap, "%d月%d日%d时", c.month, c.day, c.hour);
}

static void size_text(char *out, size_t cap, int64_t kb)
{
    if (kb >= 1024 * 1024)
        snprintf(out, cap, "%.2fGB", (double)kb / (1024.0 * 1024.0));
    else
        snprintf(out, cap, "%.1fMB", (double)kb / 1024.0);
}

void kf_robot_reply_balance(const struct kf_account_view *v, int64_t now_ms, int tz, char *out,
                            size_t cap)
{
    char at[32], bal[32];

    when(now_ms, tz, at, sizeof at);
    kf_fen_text(bal, sizeof bal, v->sub.balance_fen);
    if (v->sub.balance_fen < 0)
        snprintf(out, cap, "【余额查询】尊敬的客户，截至%s，您已欠费%s，请尽快充值以免停机。", at, bal + 1);
    else
        snprintf(out, cap, "【余额查询】尊敬的客户，截至%s，您的账户可用余额为%s。", at, bal);
}

void kf_robot_reply_data(const struct kf_account_view *v, int64_t now_ms, int tz, char *out,
                         size_t cap)
{
    char at[32], used[32], incl[32], left[32];
    int64_t u = v->cycle.used[KF_USE_DATA], i = v->incl[KF_USE_DATA];

    when(now_ms, tz, at, sizeof at);
    size_text(used, sizeof used, u);
    size_text(incl, sizeof incl, i);
    size_text(left, sizeof left, u < i ? i - u : 0);
    if (i <= 0)
        snprintf(out, cap, "【流量查询】截至%s，您本月已使用国内流量%s，您的套餐不含通用流量，按套餐标准计费。", at,
                 used);
    else
        snprintf(out, cap, "【流量查询】截至%s，您本月套餐内国内通用流量共%s，已使用%s，剩余%s。%s", at, incl,
                 used, left, u >= i ? "套餐内流量已用完，可发送KTLLB10办理10元1GB加油包。" : "");
}

void kf_robot_reply_plan(const struct kf_account_view *v, char *out, size_t cap)
{
    char fee[32], data[32];

    if (v->plan == NULL) {
        snprintf(out, cap, "【套餐查询】暂时无法查询您的套餐，请稍后再试或拨打10086。");
        return;
    }
    kf_fen_text(fee, sizeof fee, v->plan->fee_fen);
    size_text(data, sizeof data, v->plan->incl[KF_USE_DATA]);
    snprintf(out, cap, "【套餐查询】您当前的套餐为%s，月费%s，含国内通用流量%s、国内主叫%lld分钟。%s%s", v->plan->name,
             fee, data, (long long)v->plan->incl[KF_USE_VOICE],
             v->pending ? "下月起变更为" : "", v->pending ? v->pending->name : "");
}

void kf_robot_reply_bill(const struct kf_account_view *v, int64_t now_ms, int tz, char *out,
                         size_t cap)
{
    char at[32], total[32], fees[32], over[32];

    when(now_ms, tz, at, sizeof at);
    kf_fen_text(total, sizeof total, v->spend_fen);
    kf_fen_text(fees, sizeof fees, v->cycle.fees_fen);
    kf_fen_text(over, sizeof over, v->cycle.overage_fen);
    snprintf(out, cap, "【话费账单】截至%s，您本月已消费%s，其中套餐及业务月费%s，套餐外费用%s。", at, total, fees,
             over);
}

void kf_robot_reply_points(const struct kf_account_view *v, char *out, size_t cap)
{
    snprintf(out, cap, "【积分查询】您当前的可用积分为%lld分，可登录网上营业厅兑换话费、流量等礼品。",
             (long long)v->sub.points);
}

int kf_robot_reply_vas(const kf_catalog *c, const struct kf_account_view *v, char *out,
                       size_t cap, char ids[][24], int max)
{
    size_t n = 0;
    int k = 0;

    n += (size_t)snprintf(out, cap, "【业务查询】您已订购的包月业务：");
    for (int i = 0; i < v->nitems && k < max && n < cap; i++) {
        const struct kf_item *it = kf_catalog_get(c, v->items[i].item_id);
        char fee[32];
        if (it == NULL || v->items[i].state != KF_SITEM_ACTIVE ||
            (it->validity != KF_VALID_MONTHLY && it->validity != KF_VALID_CYCLES))
            continue;
        kf_fen_text(fee, sizeof fee, it->fee_fen);
        memcpy(ids[k], it->id, sizeof ids[k]);
        k++;
        n += (size_t)snprintf(out + n, cap - n, "%d.%s（%s/月）；", k, it->name, fee);
    }
    if (k == 0)
        snprintf(out, cap, "【业务查询】您目前没有订购包月业务。");
    else if (n < cap)
        snprintf(out + n, cap - n, "退订请在2小时内回复序号，多个序号用“，”隔开。");
    return k;
}

void kf_robot_reply_help(char *out, size_t cap)
{
    snprintf(out, cap,
             "【使用帮助】发送YE查余额，CXLL查流量，CXTC查套餐，CXZD查账单，JF查积分，0000查询和退订业务，"
             "KT加代码办理业务，TJTC推荐套餐；也可以直接用中文问我，回复“转人工”联系客服。");
}
