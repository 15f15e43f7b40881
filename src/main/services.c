/* SPDX-License-Identifier: MIT
 *
 * services.c -- the built-in handlers of the internal service numbers until
 * their own modules land: 10086 answers with the list of what the SMS
 * service offers today, 12580 explains the information service. (10086999,
 * spam reports, is served by src/review/.)
 */
#include "main/services.h"

#include <string.h>

#include "base/base.h"

static void reply1(struct kf_svc_reply *r, const char *text)
{
    r->text[r->n++] = kf_xstrdup(text);
}

static void svc_10086(void *ctx, const char *from, const char *to, const char *text,
                      int64_t now_ms, struct kf_svc_reply *r)
{
    (void)ctx, (void)from, (void)to, (void)now_ms;
    if (strstr(text, "我爱你"))
        reply1(r, "世界到处充满爱，真美好！中国移动感谢您的一直陪伴。【10086】");
    else
        reply1(r, "【10086】您好，您的短信已收到。短信自助服务（余额、流量、套餐查询与办理）"
                  "即将开通，敬请期待。");
}

static void svc_12580(void *ctx, const char *from, const char *to, const char *text,
                      int64_t now_ms, struct kf_svc_reply *r)
{
    (void)ctx, (void)from, (void)to, (void)now_ms, (void)text;
    reply1(r, "【12580】您好，12580信息服务（酒店、餐饮、挂号查询）即将开通，敬请期待。");
}

static const struct kf_service s10086 = {"10086", svc_10086};
static const struct kf_service s12580 = {"12580", svc_12580};

void kf_main_services_register(kf_hub *h)
{
    kf_hub_add_service(h, "10086", &s10086, NULL);
    kf_hub_add_service(h, "12580", &s12580, NULL);
}
