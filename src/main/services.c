/* SPDX-License-Identifier: MIT
 *
 * services.c -- the built-in handlers of the internal service numbers until
 * their own modules land: 10086 answers with the list of what the SMS
 * service offers today, 12580 explains the information service. (10086999,
 * spam reports, is served by src/review/.) 10086 hands the account commands
 * (orders, confirmations, reminder switches) to self-service first.
 */
#include "main/services.h"

#include <string.h>

#include "base/base.h"
#include "main/selfsvc.h"

static void reply1(struct kf_svc_reply *r, const char *text)
{
    r->text[r->n++] = kf_xstrdup(text);
}

static void svc_10086(void *ctx, const char *from, const char *to, const char *text,
                      int64_t now_ms, struct kf_svc_reply *r)
{
    char reply[600];

    (void)to;
    if (ctx && kf_selfsvc_sms(ctx, from, text, r->msg_id, now_ms, reply, sizeof reply))
        reply1(r, reply);
    else if (strstr(text, "我爱你"))
        reply1(r, "世界到处充满爱，真美好！中国移动感谢您的一直陪伴。【10086】");
    else
        reply1(r, "【10086】您好，发送KT加业务代码办理，TD加业务代码退订，TJTC获取套餐推荐。");
}

static void svc_12580(void *ctx, const char *from, const char *to, const char *text,
                      int64_t now_ms, struct kf_svc_reply *r)
{
    (void)ctx, (void)from, (void)to, (void)now_ms, (void)text;
    reply1(r, "【12580】您好，12580信息服务（酒店、餐饮、挂号查询）即将开通，敬请期待。");
}

static const struct kf_service s10086 = {"10086", svc_10086};
static const struct kf_service s12580 = {"12580", svc_12580};

void kf_main_services_register(kf_hub *h, struct kf_selfsvc *ss)
{
    kf_hub_add_service(h, "10086", &s10086, ss);
    kf_hub_add_service(h, "12580", &s12580, NULL);
}
