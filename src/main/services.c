/* SPDX-License-Identifier: MIT
 *
 * services.c -- the internal service numbers inside kefud: every complete
 * SMS to 10086 or 12580 is answered by the robot (robot/) on the loop
 * thread, and its reply goes back through the hub in the transaction that
 * stores the incoming message. A timer writes the robot's buffered
 * question log once a second.
 */
#include "main/services.h"

#include <stdlib.h>

#include "base/base.h"

#define FLUSH_EVERY 1000

struct kf_services {
    kf_robot *robot;
    kf_timer *t_flush;
};

static void reply(struct kf_svc_reply *r, const char *text)
{
    if (r->n < KF_SVC_MAX_REPLIES)
        r->text[r->n++] = kf_xstrdup(text);
}

static void svc_10086(void *ctx, const char *from, const char *to, const char *text, int64_t now_ms,
                      struct kf_svc_reply *r)
{
    struct kf_services *sv = ctx;
    char out[2048]; /* robot.reply_max (at most 670 characters) in UTF-8 */

    (void)to;
    if (kf_robot_10086(sv->robot, from, text, r->msg_id, now_ms, out, sizeof out))
        reply(r, out);
}

static void svc_12580(void *ctx, const char *from, const char *to, const char *text, int64_t now_ms,
                      struct kf_svc_reply *r)
{
    struct kf_services *sv = ctx;
    char out[2048]; /* robot.reply_max (at most 670 characters) in UTF-8 */

    (void)to;
    if (kf_robot_12580(sv->robot, from, text, r->msg_id, now_ms, out, sizeof out))
        reply(r, out);
}

static void on_flush(void *arg)
{
    struct kf_services *sv = arg;
    kf_robot_flush(sv->robot);
    kf_timer_start(sv->t_flush, FLUSH_EVERY);
}

static const struct kf_service s10086 = {"10086", svc_10086};
static const struct kf_service s12580 = {"12580", svc_12580};

struct kf_services *kf_services_new(kf_loop *l, kf_hub *h, kf_robot *robot)
{
    struct kf_services *sv = kf_xcalloc(1, sizeof *sv);

    sv->robot = robot;
    kf_hub_add_service(h, "10086", &s10086, sv);
    kf_hub_add_service(h, "12580", &s12580, sv);
    sv->t_flush = kf_timer_new(l, on_flush, sv);
    kf_timer_start(sv->t_flush, FLUSH_EVERY);
    return sv;
}

void kf_services_free(struct kf_services *sv)
{
    if (sv == NULL)
        return;
    kf_timer_free(sv->t_flush);
    kf_robot_flush(sv->robot);
    free(sv);
}
