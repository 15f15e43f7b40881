/* SPDX-License-Identifier: MIT
 *
 * service.c -- internal service numbers (10086, 10086999, 12580): messages
 * routed to a service are reassembled when long, handed to the service's
 * handler as UTF-8, and the handler's replies are split, encoded and sent
 * back to the subscriber as new stored messages. Also kf_hub_send(), the
 * API's way to send a text, which shares the text-to-segments code.
 */
#include "hub/hub_int.h"

#include <inttypes.h>
#include <string.h>

#define MAX_SEGS 10

struct kf_msg *kf_hub__new_text_msg(kf_hub *h, const char *from, const char *to,
                                    enum kf_sms_charset cs, const uint8_t *sm, size_t len,
                                    int udhi, int kind)
{
    struct kf_msg *m = kf_store_msg_new();

    m->id = ++h->next_id;
    m->kind = (uint8_t)kind;
    m->state = KF_MSG_ENROUTE;
    m->route_kind = KF_ROUTE_SUBSCRIBER;
    m->src_ton = strlen(from) < 8 ? 3 : 0; /* short code: network specific */
    m->src_npi = 1;
    snprintf(m->src, sizeof m->src, "%s", from);
    m->dst_ton = 1;
    m->dst_npi = 1;
    snprintf(m->dst, sizeof m->dst, "%s", to);
    m->esm_class = udhi ? KF_ESM_UDHI : 0;
    m->data_coding = kf_sms_data_coding(cs);
    m->sm = kf_xmemdup(sm, len);
    m->sm_len = (uint16_t)len;
    m->submit_ms = h->now_ms;
    m->expire_ms = h->now_ms + h->conf.default_validity_ms;
    return m;
}

/* Splits text into stored messages; returns the count or an error. */
static int text_to_msgs(kf_hub *h, const char *from, const char *to, const char *text, int kind,
                        struct kf_msg **out)
{
    struct kf_buf segs[MAX_SEGS];
    enum kf_sms_charset cs = kf_sms_best_charset(text, strlen(text));
    int udhi = 0, n;

    for (int i = 0; i < MAX_SEGS; i++)
        kf_buf_init(&segs[i], 256);
    n = kf_sms_split(text, strlen(text), cs, (uint16_t)(h->next_id & 0xff), 0, segs, MAX_SEGS,
                     &udhi);
    for (int i = 0; i < n; i++)
        out[i] = kf_hub__new_text_msg(h, from, to, cs, segs[i].data, segs[i].len, udhi, kind);
    for (int i = 0; i < MAX_SEGS; i++)
        kf_buf_deinit(&segs[i]);
    return n;
}

struct send_pend {
    kf_hub *h;
    int n;
    struct kf_msg *msgs[MAX_SEGS];
    kf_hub_sent_fn done;
    void *arg;
};

static void on_sent(void *arg, int rc)
{
    struct send_pend *sp = arg;
    int64_t ids[MAX_SEGS];

    sp->h->now_ms = kf_loop_now_ms(sp->h->loop);
    for (int i = 0; i < sp->n; i++) {
        ids[i] = sp->msgs[i]->id;
        if (rc)
            kf_store_msg_free(sp->msgs[i]);
        else
            kf_hub__enqueue(sp->h, sp->msgs[i]);
    }
    if (sp->done)
        sp->done(sp->arg, rc, ids, rc ? 0 : sp->n);
    free(sp);
}

/* Stores (with the extra ops, in the same transaction) and then queues
 * messages; done may be NULL. */
static int store_and_queue(kf_hub *h, struct kf_msg **msgs, int n, const struct kf_store_op *extra,
                           int nextra, kf_hub_sent_fn done, void *arg)
{
    struct send_pend *sp = kf_xcalloc(1, sizeof *sp);
    struct kf_store_op ops[MAX_SEGS + KF_HUB_SEND_EXTRA];
    int rc;

    memset(ops, 0, sizeof ops);
    sp->h = h;
    sp->n = n;
    sp->done = done;
    sp->arg = arg;
    for (int i = 0; i < n; i++) {
        sp->msgs[i] = msgs[i];
        ops[i].type = KF_STORE_INSERT;
        ops[i].msg = msgs[i];
    }
    for (int i = 0; i < nextra; i++) {
        ops[n + i] = extra[i];
        ops[n + i].link_id = msgs[0]->id;
    }
    rc = kf_store_submit(h->store, ops, (size_t)(n + nextra), on_sent, sp);
    if (rc) {
        for (int i = 0; i < n; i++)
            kf_store_msg_free(msgs[i]);
        free(sp);
    }
    return rc;
}

int kf_hub_send(kf_hub *h, const char *from, const char *to, const char *text,
                kf_hub_sent_fn done, void *arg)
{
    return kf_hub_send_with(h, from, to, text, NULL, 0, done, arg);
}

int kf_hub_send_with(kf_hub *h, const char *from, const char *to, const char *text,
                     const struct kf_store_op *extra, int nextra, kf_hub_sent_fn done, void *arg)
{
    struct kf_msg *msgs[MAX_SEGS];
    struct route r;
    int n;

    h->now_ms = kf_loop_now_ms(h->loop);
    if (nextra < 0 || nextra > KF_HUB_SEND_EXTRA)
        return KF_EINVAL;
    if (!kf_hub__is_msisdn(from) || kf_hub__route(h, to, &r) != KF_ESME_ROK ||
        r.kind == KF_ROUTE_SERVICE)
        return KF_EINVAL;
    if ((int64_t)(h->pending + kf_store_backlog(h->store)) >= h->conf.max_pending)
        return KF_EBUSY;
    n = text_to_msgs(h, from, to, text, r.kind == KF_ROUTE_PORT ? KF_MSGK_MO : KF_MSGK_MT, msgs);
    if (n <= 0)
        return n < 0 ? n : KF_EINVAL;
    for (int i = 0; i < n; i++) {
        msgs[i]->route_kind = (uint8_t)r.kind;
        msgs[i]->route_acct = r.port ? r.port->a.id : 0;
    }
    return store_and_queue(h, msgs, n, extra, nextra, done, arg);
}

void kf_hub__service_handle(kf_hub *h, struct svc_entry *svc, struct kf_msg **parts, int n,
                            const char *text)
{
    struct kf_svc_reply reply;
    struct kf_msg *queue[2 * 255 + KF_SVC_MAX_REPLIES * MAX_SEGS];
    struct kf_store_op *ops;
    size_t nops = 0, nq = 0;
    char masked[KF_MASK_MAX];
    const char *subscriber = parts[0]->src;

    memset(&reply, 0, sizeof reply);
    reply.msg_id = parts[0]->id;
    KF_INFO("hub", "ev=service msg=%" PRId64 " parts=%d service=%s from=%s", parts[0]->id, n,
            svc->number, kf_mask_msisdn(subscriber, masked));
    svc->svc->on_message(svc->ctx, subscriber, svc->number, text, h->now_ms, &reply);

    ops = kf_xcalloc((size_t)(2 * n + KF_SVC_MAX_REPLIES * MAX_SEGS), sizeof *ops);
    for (int i = 0; i < reply.n && i < KF_SVC_MAX_REPLIES; i++) {
        struct kf_msg *msgs[MAX_SEGS];
        const char *from = reply.from[0] ? reply.from : svc->number;
        int k = text_to_msgs(h, from, subscriber, reply.text[i], KF_MSGK_SERVICE, msgs);
        for (int j = 0; j < k; j++) {
            ops[nops].type = KF_STORE_INSERT;
            ops[nops++].msg = msgs[j];
            queue[nq++] = msgs[j];
        }
        free(reply.text[i]);
    }
    /* The incoming parts end, and the replies start, in one transaction:
     * after a crash either both happened or the message is handled again. */
    for (int i = 0; i < n; i++) {
        struct kf_msg *r = kf_hub__final_ops(h, parts[i], KF_MSG_DELIVERED, 0, ops, &nops);
        if (r)
            queue[nq++] = r;
        kf_store_msg_free(parts[i]);
    }
    kf_hub__commit_then_queue(h, ops, nops, queue, nq);
    free(ops);
}

void kf_hub__service_deliver(kf_hub *h, struct svc_entry *svc, struct item *it)
{
    struct kf_buf text;
    struct kf_msg *m;

    kf_buf_init(&text, 16 * 1024);
    kf_hub__text_of(it->m, &text);
    m = kf_hub__item_take(h, it);
    kf_hub__service_handle(h, svc, &m, 1, kf_buf_str(&text));
    kf_buf_deinit(&text);
}
