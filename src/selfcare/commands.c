/* SPDX-License-Identifier: MIT
 *
 * commands.c -- the self-service SMS commands to 10086 that change an
 * account: KT<code> orders and TD<code> / QX<code> cancels (both asked
 * back for a second confirmation), 是 / Y confirms, the reminder switches
 * (KTLLTX / QXLLTX data, KTYETX / QXYETX balance, KTHFTX<yuan> / QXHFTX
 * spend) and TJTC for the plan recommendation. Full-width letters and
 * digits are folded and case is ignored. The 10086 robot (issue 5) sits in
 * front and adds queries and free text; these are the commands it hands on.
 */
#include "selfcare/selfcare_int.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/base.h"

/* ASCII upper-case copy of text with full-width ASCII (U+FF01..FF5E) and the
 * ideographic space folded, spaces dropped. */
static void fold(const char *text, char *out, size_t cap)
{
    const unsigned char *s = (const unsigned char *)text;
    size_t n = 0;

    while (*s && n + 4 < cap) {
        if (s[0] == 0xEF && (s[1] == 0xBC || s[1] == 0xBD) && s[2] >= 0x80 && s[2] <= 0xBF) {
            unsigned cp = 0xFF00 + (unsigned)(s[1] - 0xBC) * 64 + (unsigned)(s[2] - 0x80);
            if (cp >= 0xFF01 && cp <= 0xFF5E) {
                out[n++] = (char)toupper((int)(cp - 0xFEE0));
                s += 3;
                continue;
            }
        }
        if (s[0] == 0xE3 && s[1] == 0x80 && s[2] == 0x80) { /* U+3000 */
            s += 3;
            continue;
        }
        if (*s == ' ' || *s == '\t' || *s == '\r' || *s == '\n') {
            s++;
            continue;
        }
        out[n++] = (char)(*s < 0x80 ? toupper(*s) : *s);
        s++;
    }
    out[n] = '\0';
}

static int switch_reminder(kf_selfcare *sc, const char *number, int flag, int on,
                           int64_t limit_fen, int64_t now_ms, char *reply, size_t cap)
{
    static const char *const names[] = {"", "流量提醒", "余额提醒", "", "消费提醒"};
    struct kf_sub sub;
    int flags;
    int64_t lim;

    if (kf_store_sub_get(sc->store, number, &sub) != 0) {
        snprintf(reply, cap, "【提醒设置】您的号码不是本网用户，无法设置提醒。");
        return 1;
    }
    flags = on ? sub.remind_flags | flag : sub.remind_flags & ~flag;
    lim = flag == KF_REMIND_SPEND ? (on ? limit_fen : 0) : sub.spend_limit_fen;
    if (kf_selfcare_set_reminders(sc, number, flags, lim, "sms", now_ms)) {
        snprintf(reply, cap, "系统繁忙，请稍后再试。");
        return 1;
    }
    if (flag == KF_REMIND_SPEND && on)
        snprintf(reply, cap, "【提醒设置】已为您开通消费提醒：本月消费达到%lld元时短信提醒您。发送QXHFTX可关闭。",
                 (long long)(limit_fen / 100));
    else
        snprintf(reply, cap, "【提醒设置】已为您%s%s，免费。%s", on ? "开通" : "关闭", names[flag],
                 on ? "" : "如需恢复请发送KT加原指令代码。");
    return 1;
}

static int recommend_reply(kf_selfcare *sc, const char *number, int64_t now_ms, char *reply,
                           size_t cap)
{
    struct kf_rec r[3];
    char fee[32];
    int n = kf_selfcare_recommend(sc, number, now_ms, r, 3);

    if (n <= 0) {
        snprintf(reply, cap, "【套餐推荐】您的号码在网时间较短，暂无足够的用量记录，下月再来看看吧。");
        return 1;
    }
    kf_fen_text(fee, sizeof fee, r[0].plan->fee_fen);
    snprintf(reply, cap, "【套餐推荐】为您推荐%s（月费%s）：%s。办理请登录网上营业厅“套餐推荐”。", r[0].plan->name,
             fee, r[0].reason);
    return 1;
}

/* KT<code> / TD<code> / QX<code>: an item by its order code. */
static int item_command(kf_selfcare *sc, const char *number, int kind, const char *code,
                        int64_t now_ms, char *reply, size_t cap)
{
    const struct kf_item *it = kf_catalog_by_code(sc->cat, code);
    struct kf_op_result r;

    if (it == NULL) {
        snprintf(reply, cap, "【业务办理】没有找到业务代码%s，请核对后重新发送。", code);
        return 1;
    }
    kf_selfcare_sms_request(sc, number, kind, it->id, now_ms, &r);
    snprintf(reply, cap, "%s", r.text);
    return 1;
}

int kf_selfcare_sms_command(kf_selfcare *sc, const char *number, const char *text,
                            const char *request_id, int64_t now_ms, char *reply, size_t cap)
{
    char t[96];
    struct kf_op_result r;

    if (kf_selfcare_is_yes(text)) {
        kf_selfcare_sms_confirm(sc, number, request_id, now_ms, &r);
        snprintf(reply, cap, "%s", r.text);
        return 1;
    }
    fold(text, t, sizeof t);
    if (strcmp(t, "KTLLTX") == 0 || strcmp(t, "QXLLTX") == 0)
        return switch_reminder(sc, number, KF_REMIND_DATA, t[0] == 'K', 0, now_ms, reply, cap);
    if (strcmp(t, "KTYETX") == 0 || strcmp(t, "QXYETX") == 0)
        return switch_reminder(sc, number, KF_REMIND_BALANCE, t[0] == 'K', 0, now_ms, reply, cap);
    if (strcmp(t, "QXHFTX") == 0)
        return switch_reminder(sc, number, KF_REMIND_SPEND, 0, 0, now_ms, reply, cap);
    if (strncmp(t, "KTHFTX", 6) == 0) {
        char *end;
        long y = strtol(t + 6, &end, 10);
        if (end == t + 6 || *end || y < 10 || y > 10000) {
            snprintf(reply, cap, "【提醒设置】请发送KTHFTX加金额，例如KTHFTX100（本月消费达到100元时提醒）。");
            return 1;
        }
        return switch_reminder(sc, number, KF_REMIND_SPEND, 1, (int64_t)y * 100, now_ms, reply,
                               cap);
    }
    if (strcmp(t, "TJTC") == 0 || strcmp(text, "套餐推荐") == 0)
        return recommend_reply(sc, number, now_ms, reply, cap);
    if (strncmp(t, "KT", 2) == 0 && t[2])
        return item_command(sc, number, KF_OP_ORDER, t + 2, now_ms, reply, cap);
    if ((strncmp(t, "TD", 2) == 0 || strncmp(t, "QX", 2) == 0) && t[2])
        return item_command(sc, number, KF_OP_UNSUBSCRIBE, t + 2, now_ms, reply, cap);
    return 0;
}
