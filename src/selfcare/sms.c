/* SPDX-License-Identifier: MIT
 *
 * sms.c -- ordering by SMS with the second confirmation the 2006 rules
 * require: a request (KT<code>, TD<code>, a plan change) is checked and
 * answered with a question; only a reply of 是 / Y / 确认 within the
 * confirmation window carries it out, and nothing is charged before. An
 * order left unanswered expires without effect; a new request replaces the
 * one waiting. The reply's message id is the request id, so a confirmation
 * handled again after a crash is not carried out twice.
 */
#include "selfcare/selfcare_int.h"

#include <stdio.h>
#include <string.h>

#include "base/base.h"

int kf_selfcare_is_yes(const char *text)
{
    static const char *const yes[] = {"是", "Y", "y", "YES", "yes", "Yes", "确认", "是的", "好",
                                      "确定"};
    char t[32];
    size_t a = 0, b = strlen(text);

    while (a < b && (text[a] == ' ' || text[a] == '\t' || text[a] == '\r' || text[a] == '\n'))
        a++;
    while (b > a && (text[b - 1] == ' ' || text[b - 1] == '\r' || text[b - 1] == '\n' ||
                     text[b - 1] == '.' || text[b - 1] == '!'))
        b--;
    if (b - a >= sizeof t)
        return 0;
    memcpy(t, text + a, b - a);
    t[b - a] = '\0';
    /* a full-width stop or exclamation mark after the word */
    if (b - a > 3 && (strcmp(t + (b - a - 3), "。") == 0 || strcmp(t + (b - a - 3), "！") == 0))
        t[b - a - 3] = '\0';
    for (size_t i = 0; i < KF_ARRAY_LEN(yes); i++)
        if (strcmp(t, yes[i]) == 0)
            return 1;
    return 0;
}

static void question(kf_selfcare *sc, int kind, const struct kf_item *it, char *out, size_t cap)
{
    char price[32];
    int mins = (int)(sc->conf.confirm_window_ms / 60000);

    kf_fen_text(price, sizeof price, it ? it->fee_fen : 0);
    switch (kind) {
    case KF_OP_ORDER:
        snprintf(out, cap,
                 "【订购确认】您正在订购%s，资费%s%s。确认办理请在%d分钟内回复“是”，不回复则不办理、"
                 "不收费。",
                 it->name, price, it->validity == KF_VALID_MONTHLY ? "/月" : "", mins);
        break;
    case KF_OP_CHANGE:
        snprintf(out, cap,
                 "【套餐变更确认】您正在申请将套餐变更为%s（月费%s），下月1日生效。确认请在%d分钟内回复"
                 "“是”。",
                 it->name, price, mins);
        break;
    case KF_OP_UNSUBSCRIBE:
        snprintf(out, cap, "【退订确认】您正在退订%s，确认请在%d分钟内回复“是”。", it->name, mins);
        break;
    default:
        snprintf(out, cap, "【确认】确认取消套餐变更申请请在%d分钟内回复“是”。", mins);
    }
}

int kf_selfcare_sms_request(kf_selfcare *sc, const char *number, int kind, const char *item_id,
                            int64_t now_ms, struct kf_op_result *out)
{
    struct kf_op_req r = {.number = number, .kind = kind, .item_id = item_id, .channel = "sms",
                          .now_ms = now_ms, .dry_run = 1};
    struct kf_pending p;

    if (kf_selfcare_do(sc, &r, out))
        return out->rc; /* refused: out->text says why */
    memset(&p, 0, sizeof p);
    snprintf(p.number, sizeof p.number, "%s", number);
    snprintf(p.op, sizeof p.op, "%s", kf_op_kind_name(kind));
    snprintf(p.item_id, sizeof p.item_id, "%s", item_id ? item_id : "");
    snprintf(p.channel, sizeof p.channel, "sms");
    p.created_ms = now_ms;
    p.expires_ms = now_ms + sc->conf.confirm_window_ms;
    if (kf_store_pending_add(sc->store, &p)) {
        out->rc = KF_ESTORE;
        snprintf(out->text, sizeof out->text, "系统繁忙，请稍后再试。");
        return out->rc;
    }
    snprintf(out->code, sizeof out->code, "confirm");
    question(sc, kind, item_id ? kf_catalog_get(sc->cat, item_id) : NULL, out->text,
             sizeof out->text);
    return 0;
}

int kf_selfcare_sms_confirm(kf_selfcare *sc, const char *number, const char *request_id,
                            int64_t now_ms, struct kf_op_result *out)
{
    struct kf_pending p;
    struct kf_sub_op prev;
    struct kf_op_req r;

    memset(out, 0, sizeof *out);
    if (request_id && request_id[0] && kf_store_op_get_req(sc->store, request_id, &prev) == 0) {
        r = (struct kf_op_req){.number = number, .request_id = request_id, .now_ms = now_ms};
        return kf_selfcare_do(sc, &r, out); /* replays the first result */
    }
    if (kf_store_pending_get(sc->store, number, &p) != 0) {
        out->rc = KF_ENOENT;
        snprintf(out->code, sizeof out->code, "nothing_waiting");
        snprintf(out->text, sizeof out->text, "您当前没有待确认的业务。");
        return out->rc;
    }
    if (now_ms > p.expires_ms) {
        kf_store_pending_set(sc->store, p.id, KF_PEND_EXPIRED);
        out->rc = KF_ETIMEDOUT;
        snprintf(out->code, sizeof out->code, "expired");
        snprintf(out->text, sizeof out->text,
                 "您的业务办理请求已超过确认时间，未办理、未收费。如需办理请重新发送。");
        return out->rc;
    }
    r = (struct kf_op_req){.number = number, .kind = kf_op_kind_parse(p.op),
                           .item_id = p.item_id, .channel = "sms", .request_id = request_id,
                           .now_ms = now_ms, .pending_id = p.id};
    return kf_selfcare_do(sc, &r, out);
}
