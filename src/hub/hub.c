/* SPDX-License-Identifier: MIT
 *
 * hub.c -- the hub's life: configuration keys, creation, start (accounts,
 * recovery of pending messages, listener), the periodic tick (keep-alive,
 * timeouts, retries, expiry), graceful drain and free.
 */
#include "hub/hub_int.h"

#include <stddef.h>
#include <string.h>

#define SMPP_KEY(name, type, field, def, min, max, unit, reload, help) \
    {name, type, offsetof(struct kf_hub_conf, field), def, min, max, NULL, unit, reload, help}

const struct kf_conf_key kf_hub_smpp_keys[] = {
    SMPP_KEY("listen", KF_CONF_STR, listen, "127.0.0.1", 0, 0, "", 0,
             "Address the SMPP server listens on (numeric IPv4 or IPv6)."),
    SMPP_KEY("port", KF_CONF_INT, port, "2775", 0, 65535, "", 0,
             "SMPP TCP port; 0 picks a free port (tests)."),
    SMPP_KEY("system_id", KF_CONF_STR, system_id, "kefu", 0, 0, "", 0,
             "system_id this SMSC puts in bind responses."),
    SMPP_KEY("bind_timeout", KF_CONF_DURATION, bind_timeout_ms, "10s", 1000, 600000, "", 1,
             "A connection that has not bound within this time is closed."),
    SMPP_KEY("enquire_link_interval", KF_CONF_DURATION, enquire_link_ms, "30s", 1000, 3600000,
             "", 1, "Send enquire_link after this much silence from a bound peer."),
    SMPP_KEY("response_timeout", KF_CONF_DURATION, response_timeout_ms, "10s", 100, 600000, "",
             1,
             "A request we sent (deliver_sm, enquire_link) unanswered for this long has "
             "failed: the message is retried; three in a row or an unanswered enquire_link "
             "close the session."),
    SMPP_KEY("idle_timeout", KF_CONF_DURATION, idle_timeout_ms, "5m", 2000, 86400000, "", 1,
             "A bound peer silent for this long (no PDU at all) is disconnected."),
    SMPP_KEY("max_sessions", KF_CONF_INT, max_sessions, "1000", 1, 100000, "connections", 0,
             "Most simultaneous SMPP connections."),
};
const size_t kf_hub_smpp_nkeys = KF_ARRAY_LEN(kf_hub_smpp_keys);

#define HUB_KEY(name, type, field, def, min, max, choices, unit, reload, help) \
    {name, type, offsetof(struct kf_hub_conf, field), def, min, max, choices, unit, reload, help}

const struct kf_conf_key kf_hub_keys[] = {
    HUB_KEY("default_validity", KF_CONF_DURATION, default_validity_ms, "48h", 60000, 0, NULL, "",
            1, "Validity of a message whose submit gives none."),
    HUB_KEY("max_validity", KF_CONF_DURATION, max_validity_ms, "72h", 60000, 0, NULL, "", 1,
            "Longer validity periods asked by a submit are cut to this."),
    HUB_KEY("retry_base", KF_CONF_DURATION, retry_base_ms, "2s", 100, 3600000, NULL, "", 1,
            "First retry delay after a failed delivery; doubles at each attempt."),
    HUB_KEY("retry_max", KF_CONF_DURATION, retry_max_ms, "10m", 100, 86400000, NULL, "", 1,
            "Longest delay between delivery attempts."),
    HUB_KEY("max_pending", KF_CONF_INT, max_pending, "2000000", 100, 100000000, NULL, "messages",
            1,
            "Messages held in memory for delivery; beyond this, submits get ESME_RMSGQFUL."),
    HUB_KEY("block_mode", KF_CONF_ENUM, block_mode, "reject", 0, 0, "reject|silent", "", 1,
            "A message a pipeline stage blocks: reject answers ESME_RSUBMITFAIL; silent "
            "accepts it and sends a REJECTD receipt when one is asked."),
    HUB_KEY("signature_check", KF_CONF_ENUM, signature_check, "off", 0, 0, "off|hold|block", "",
            1,
            "Industry-port messages must start or end with one of the port's registered "
            "signatures 【…】: off, hold the others for review, or block them."),
    HUB_KEY("concat_wait", KF_CONF_DURATION, concat_wait_ms, "30s", 1000, 600000, NULL, "", 1,
            "When pipeline stages are active, the parts of a long message wait until all "
            "have arrived so the whole text is judged once; after this long the parts "
            "present are judged alone."),
    HUB_KEY("services", KF_CONF_STR, services, "10086,10086999,12580", 0, 0, NULL, "", 0,
            "Internal service numbers (comma-separated): messages to them go to the "
            "platform's own handlers."),
    HUB_KEY("receipt_validity", KF_CONF_DURATION, receipt_validity_ms, "72h", 60000, 0, NULL,
            "", 1, "How long a delivery receipt waits for its receiver to bind."),
};
const size_t kf_hub_nkeys = KF_ARRAY_LEN(kf_hub_keys);

kf_hub *kf_hub_new(kf_loop *l, kf_store *s, const struct kf_hub_conf *conf, char **err)
{
    kf_hub *h = kf_xcalloc(1, sizeof *h);
    const char *p = conf->services;

    h->loop = l;
    h->store = s;
    h->conf = *conf;
    h->subs.label = "subscribers";
    kf_map_init(&h->acct_by_id);
    kf_map_init(&h->port_by_number);
    kf_map_init(&h->items);
    while (*p && h->nsvcs < KF_ARRAY_LEN(h->svcs)) {
        const char *comma = strchr(p, ',');
        size_t len = comma ? (size_t)(comma - p) : strlen(p);
        if (len && len < sizeof h->svcs[0].number) {
            memcpy(h->svcs[h->nsvcs].number, p, len);
            h->svcs[h->nsvcs].number[len] = '\0';
            h->svcs[h->nsvcs].dq.label = "service";
            h->nsvcs++;
        }
        if (!comma)
            break;
        p = comma + 1;
    }
    kf_hub__stages_builtin(h);
    h->verifier = kf_auth_verifier_new();
    if (h->verifier == NULL) {
        *err = kf_xstrdup("cannot start the password verifier thread");
        kf_hub_free(h);
        return NULL;
    }
    return h;
}

int kf_hub_add_stage(kf_hub *h, const struct kf_stage *st, void *ctx)
{
    if (h->nstages == KF_ARRAY_LEN(h->stages))
        return KF_ETOOBIG;
    h->stages[h->nstages].st = st;
    h->stages[h->nstages++].ctx = ctx;
    return 0;
}

/* Answers on behalf of a service number that has no handler yet. */
static void no_handler(void *ctx, const char *from, const char *to, const char *text,
                       int64_t now_ms, struct kf_svc_reply *reply)
{
    (void)ctx, (void)from, (void)to, (void)text, (void)now_ms, (void)reply;
}

static const struct kf_service null_service = {"none", no_handler};

int kf_hub_add_service(kf_hub *h, const char *number, const struct kf_service *svc, void *ctx)
{
    for (size_t i = 0; i < h->nsvcs; i++)
        if (strcmp(h->svcs[i].number, number) == 0) {
            h->svcs[i].svc = svc;
            h->svcs[i].ctx = ctx;
            return 0;
        }
    return KF_ENOENT;
}

static void on_store_done(void *arg)
{
    kf_hub *h = arg;
    kf_store_complete(h->store);
    if (h->draining && h->nsessions == 0 && kf_store_backlog(h->store) == 0) {
        /* The writer may still hold a batch whose completion is not yet
         * signalled; kf_store_backlog counts it, so zero means all done. */
        kf_loop_fn fn = h->drain_done;
        h->drain_done = NULL;
        if (fn)
            fn(h->drain_arg);
    }
}

static void on_verified(void *arg)
{
    kf_hub *h = arg;
    h->now_ms = kf_loop_now_ms(h->loop);
    kf_auth_verifier_complete(h->verifier);
}

static void on_tick(void *arg)
{
    kf_hub *h = arg;
    int64_t now;
    static int64_t last_sweep;
    struct sess *s, *next;

    kf_loop_update_time(h->loop);
    now = h->now_ms = kf_loop_now_ms(h->loop);
    for (s = h->sessions; s; s = next) {
        next = s->next_all;
        /* Draining: unbind each session once its submits are answered (or
         * the drain takes too long), so no acknowledgement is dropped. */
        if (h->draining && (s->in_outstanding == 0 || now > h->drain_deadline))
            kf_hub__sess_unbind(s);
        else
            kf_hub__sess_tick(s, now);
    }
    kf_hub__retry_due(h, now);
    if (now - last_sweep >= 1000) {
        last_sweep = now;
        kf_hub__expire_sweep(h, now);
        kf_hub__assemble_expire(h, now, 0);
    }
    if (h->draining && h->nsessions == 0 && kf_store_backlog(h->store) == 0 && h->drain_done)
        on_store_done(h);
    kf_timer_start(h->tick, 100);
}

static void recover_one(void *arg, struct kf_msg *m)
{
    kf_hub *h = arg;
    if (m->id > h->next_id)
        h->next_id = m->id;
    if (kf_hub__assemble_wanted(h, m))
        kf_hub__assemble_add(h, m);
    else
        kf_hub__enqueue(h, m);
}

int kf_hub_start(kf_hub *h, char **err)
{
    size_t recovered;

    for (size_t i = 0; i < h->nsvcs; i++)
        if (h->svcs[i].svc == NULL)
            h->svcs[i].svc = &null_service;
    if (kf_hub__accounts_load(h, err))
        return KF_ESTORE;
    h->next_id = kf_store_msg_max_id(h->store);
    h->now_ms = kf_loop_now_ms(h->loop);
    if (kf_store_msg_each_pending(h->store, recover_one, h) != 0) {
        *err = kf_xstrdup("cannot read pending messages from the store");
        return KF_ESTORE;
    }
    recovered = h->pending;
    h->store_watch = kf_watch_fd(h->loop, kf_store_notify_fd(h->store), on_store_done, h);
    h->verifier_watch = kf_watch_fd(h->loop, kf_auth_verifier_fd(h->verifier), on_verified, h);
    h->listener = kf_listener_new(h->loop, h->conf.listen, (int)h->conf.port, kf_hub__accept, h,
                                  err);
    if (h->listener == NULL)
        return KF_EIO;
    h->tick = kf_timer_new(h->loop, on_tick, h);
    kf_timer_start(h->tick, 100);
    KF_INFO("hub", "ev=start smpp=%s:%d recovered=%zu next_id=%lld", h->conf.listen,
            kf_listener_port(h->listener), recovered, (long long)h->next_id);
    return 0;
}

int kf_hub_port(const kf_hub *h)
{
    return h->listener ? kf_listener_port(h->listener) : 0;
}

void kf_hub_drain(kf_hub *h, kf_loop_fn done, void *arg)
{
    struct sess *s, *next;

    h->draining = 1;
    h->drain_done = done;
    h->drain_arg = arg;
    h->drain_deadline = kf_loop_now_ms(h->loop) + 10000;
    kf_listener_free(h->listener);
    h->listener = NULL;
    for (s = h->sessions; s; s = next) {
        next = s->next_all;
        kf_hub__sess_pause(s); /* no new requests; pending ones get answered */
    }
    KF_INFO("hub", "ev=drain sessions=%zu store_backlog=%zu", h->nsessions,
            kf_store_backlog(h->store));
}

void kf_hub_reload(kf_hub *h, const struct kf_hub_conf *conf)
{
    /* Exactly the keys the tables mark [reload]; the others need a restart. */
    kf_conf_copy_reloadable(kf_hub_smpp_keys, kf_hub_smpp_nkeys, &h->conf, conf);
    kf_conf_copy_reloadable(kf_hub_keys, kf_hub_nkeys, &h->conf, conf);
}

static void free_queue(kf_hub *h, struct dq *q)
{
    struct item *it, *next;
    (void)h;
    for (it = q->head; it; it = next) {
        next = it->next;
        kf_store_msg_free(it->m);
        free(it);
    }
    free(q->sess);
}

void kf_hub_free(kf_hub *h)
{
    struct sess *s, *snext;
    struct acct *a, *anext;

    if (h == NULL)
        return;
    kf_listener_free(h->listener);
    kf_timer_free(h->tick);
    kf_watch_free(h->store_watch);
    kf_watch_free(h->verifier_watch);
    /* Stop the verifier first: its pending callbacks refer to sessions. */
    kf_auth_verifier_free(h->verifier);
    for (s = h->sessions; s; s = snext) {
        snext = s->next_all;
        for (uint32_t i = 0; i < s->nout; i++)
            if (s->out[i].it) {
                kf_store_msg_free(s->out[i].it->m);
                free(s->out[i].it);
            }
        kf_conn_free(s->conn);
        free(s->out);
        free(s);
    }
    for (size_t i = 0; i < h->nheap; i++) {
        kf_store_msg_free(h->heap[i]->m);
        free(h->heap[i]);
    }
    free(h->heap);
    free_queue(h, &h->subs);
    for (size_t i = 0; i < h->nsvcs; i++)
        free_queue(h, &h->svcs[i].dq);
    for (a = h->accts; a; a = anext) {
        anext = a->next_all;
        free_queue(h, &a->dq);
        for (size_t i = 0; i < a->nsigs; i++)
            free(a->sigs[i]);
        free(a->sigs);
        free(a);
    }
    kf_map_deinit(&h->acct_by_id);
    kf_map_deinit(&h->port_by_number);
    kf_map_deinit(&h->items);
    kf_hub__assemble_free(h);
    free(h);
}
