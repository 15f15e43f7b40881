/* SPDX-License-Identifier: MIT
 *
 * deliver.c -- store-and-forward delivery: per-target queues, dispatch to
 * bound receivers within their window, deliver_sm_resp handling, retries
 * with exponential back-off (a min-heap on next_ms), expiry, final states
 * and the delivery receipts they trigger (SMPP 3.4 Appendix B).
 *
 * Every state change is a store operation; a receipt is inserted in the
 * same transaction as the final state of the message it reports.
 */
#include "hub/hub_int.h"

#include <inttypes.h>
#include <string.h>

void kf_hub__fmt_id(int64_t id, char out[KF_SMPP_MSG_ID_MAX])
{
    snprintf(out, KF_SMPP_MSG_ID_MAX, "%" PRId64, id);
}

/* ---------------------------------------------------------------- heap */

static int heap_less(struct item *a, struct item *b)
{
    return a->m->next_ms < b->m->next_ms;
}

static void heap_swap(kf_hub *h, size_t i, size_t j)
{
    struct item *t = h->heap[i];
    h->heap[i] = h->heap[j];
    h->heap[j] = t;
    h->heap[i]->heap_idx = i;
    h->heap[j]->heap_idx = j;
}

static void heap_up(kf_hub *h, size_t i)
{
    while (i > 0 && heap_less(h->heap[i], h->heap[(i - 1) / 2])) {
        heap_swap(h, i, (i - 1) / 2);
        i = (i - 1) / 2;
    }
}

static void heap_down(kf_hub *h, size_t i)
{
    for (;;) {
        size_t l = 2 * i + 1, r = l + 1, m = i;
        if (l < h->nheap && heap_less(h->heap[l], h->heap[m]))
            m = l;
        if (r < h->nheap && heap_less(h->heap[r], h->heap[m]))
            m = r;
        if (m == i)
            return;
        heap_swap(h, i, m);
        i = m;
    }
}

static void heap_push(kf_hub *h, struct item *it)
{
    if (h->nheap == h->capheap) {
        h->capheap = h->capheap ? h->capheap * 2 : 256;
        h->heap = kf_xrealloc(h->heap, h->capheap * sizeof *h->heap);
    }
    h->heap[h->nheap] = it;
    it->heap_idx = h->nheap++;
    heap_up(h, it->heap_idx);
}

static void heap_remove(kf_hub *h, struct item *it)
{
    size_t i = it->heap_idx;
    if (i == SIZE_MAX)
        return;
    h->nheap--;
    if (i != h->nheap) {
        h->heap[i] = h->heap[h->nheap];
        h->heap[i]->heap_idx = i;
        heap_down(h, i);
        heap_up(h, i);
    }
    it->heap_idx = SIZE_MAX;
}

/* --------------------------------------------------------------- queues */

static void dq_push(struct dq *q, struct item *it)
{
    it->next = NULL;
    it->prev = q->tail;
    it->dq = q;
    it->in_dq = 1;
    if (q->tail)
        q->tail->next = it;
    else
        q->head = it;
    q->tail = it;
    q->len++;
}

static void dq_unlink(struct dq *q, struct item *it)
{
    if (!it->in_dq)
        return;
    if (it->prev)
        it->prev->next = it->next;
    else
        q->head = it->next;
    if (it->next)
        it->next->prev = it->prev;
    else
        q->tail = it->prev;
    q->len--;
    it->next = it->prev = NULL;
    it->in_dq = 0;
}

static struct item *dq_pop(struct dq *q)
{
    struct item *it = q->head;
    if (it)
        dq_unlink(q, it);
    return it;
}

void kf_hub__dq_add_sess(struct dq *q, struct sess *s)
{
    if (q->nsess == q->capsess) {
        q->capsess = q->capsess ? q->capsess * 2 : 4;
        q->sess = kf_xrealloc(q->sess, q->capsess * sizeof *q->sess);
    }
    q->sess[q->nsess++] = s;
}

void kf_hub__dq_del_sess(struct dq *q, struct sess *s)
{
    for (size_t i = 0; i < q->nsess; i++)
        if (q->sess[i] == s) {
            q->sess[i] = q->sess[--q->nsess];
            return;
        }
}

struct dq *kf_hub__dq_for(kf_hub *h, const struct kf_msg *m)
{
    if (m->route_kind == KF_ROUTE_PORT) {
        struct acct *a = kf_hub__acct_by_id(h, m->route_acct);
        return a ? &a->dq : NULL;
    }
    if (m->route_kind == KF_ROUTE_SERVICE) {
        struct svc_entry *svc = kf_hub__svc_for(h, m);
        return svc ? &svc->dq : NULL;
    }
    return &h->subs;
}

struct kf_msg *kf_hub__item_take(kf_hub *h, struct item *it)
{
    struct kf_msg *m = it->m;
    kf_map_del(&h->items, (uint64_t)m->id);
    h->pending--;
    free(it);
    return m;
}

struct svc_entry *kf_hub__svc_for(kf_hub *h, const struct kf_msg *m)
{
    if (m->route_kind != KF_ROUTE_SERVICE)
        return NULL;
    for (size_t i = 0; i < h->nsvcs; i++)
        if (strcmp(h->svcs[i].number, m->dst) == 0)
            return &h->svcs[i];
    return NULL;
}

void kf_hub__item_free(kf_hub *h, struct item *it)
{
    kf_map_del(&h->items, (uint64_t)it->m->id);
    h->pending--;
    kf_store_msg_free(it->m);
    free(it);
}

/* ------------------------------------------------------------- receipts */

int kf_hub__wants_receipt(const struct kf_msg *m, uint8_t state)
{
    int rd = m->registered_delivery & 0x03;
    if (m->kind == KF_MSGK_RECEIPT || m->origin_acct == 0)
        return 0;
    if (rd == 1)
        return 1;
    return rd == 2 && state != KF_MSG_DELIVERED;
}

static void put_tlv(uint8_t *buf, size_t *off, uint16_t tag, const void *v, uint16_t len)
{
    buf[(*off)++] = (uint8_t)(tag >> 8);
    buf[(*off)++] = (uint8_t)tag;
    buf[(*off)++] = (uint8_t)(len >> 8);
    buf[(*off)++] = (uint8_t)len;
    memcpy(buf + *off, v, len);
    *off += len;
}

struct kf_msg *kf_hub__make_receipt(kf_hub *h, const struct kf_msg *m, uint8_t state,
                                    uint32_t err)
{
    struct kf_msg *r = kf_store_msg_new();
    struct kf_smpp_receipt rc;
    struct kf_buf text;
    char txt[256];
    uint8_t tlv[128];
    size_t off = 0;
    struct acct *origin = kf_hub__acct_by_id(h, m->origin_acct);
    int n;

    memset(&rc, 0, sizeof rc);
    kf_hub__fmt_id(m->smpp_id ? m->smpp_id : m->id, rc.id);
    rc.sub = rc.dlvrd = 1;
    if (state != KF_MSG_DELIVERED)
        rc.dlvrd = 0;
    rc.submit_ms = m->submit_ms;
    rc.done_ms = h->now_ms;
    rc.state = state;
    rc.err = err > 999 ? 999 : err;
    kf_buf_init(&text, 4096);
    kf_hub__text_of(m, &text);
    /* Only the first 20 characters' bytes, ASCII-safe: non-ASCII becomes '?',
     * so the receipt text stays valid GSM 03.38 and leaks little content. */
    for (size_t i = 0, j = 0; i < text.len && j < 20; i++) {
        uint8_t c = text.data[i];
        if ((c & 0xC0) == 0x80)
            continue;
        rc.text[j++] = (c < 0x80 && c >= 0x20) ? (char)c : '?';
    }
    kf_buf_deinit(&text);
    n = kf_smpp_receipt_format(&rc, txt, sizeof txt);
    if (n < 0)
        n = 0;

    r->id = ++h->next_id;
    r->kind = KF_MSGK_RECEIPT;
    r->state = KF_MSG_ENROUTE;
    r->origin_acct = 0;
    if (origin && origin->a.kind == KF_ACCT_PORT) {
        r->route_kind = KF_ROUTE_PORT;
        r->route_acct = origin->a.id;
    } else {
        r->route_kind = KF_ROUTE_SUBSCRIBER;
    }
    r->src_ton = m->dst_ton;
    r->src_npi = m->dst_npi;
    snprintf(r->src, sizeof r->src, "%s", m->dst);
    r->dst_ton = m->src_ton;
    r->dst_npi = m->src_npi;
    snprintf(r->dst, sizeof r->dst, "%s", m->src);
    r->esm_class = KF_ESM_TYPE_RECEIPT;
    r->sm = kf_xmemdup(txt, (size_t)n);
    r->sm_len = (uint16_t)n;
    put_tlv(tlv, &off, KF_TLV_RECEIPTED_MESSAGE_ID, rc.id, (uint16_t)(strlen(rc.id) + 1));
    put_tlv(tlv, &off, KF_TLV_MESSAGE_STATE, &state, 1);
    if (err) {
        uint8_t nec[3] = {3 /* SMPP error */, (uint8_t)(err >> 8), (uint8_t)err};
        put_tlv(tlv, &off, KF_TLV_NETWORK_ERROR_CODE, nec, 3);
    }
    r->tlvs = kf_xmemdup(tlv, off);
    r->tlv_len = (uint16_t)off;
    r->submit_ms = h->now_ms;
    r->expire_ms = h->now_ms + h->conf.receipt_validity_ms;
    r->receipted_id = m->id;
    return r;
}

struct queue_pend {
    kf_hub *h;
    size_t n;
    struct kf_msg *msgs[];
};

static void on_commit_queue(void *arg, int rc)
{
    struct queue_pend *qp = arg;
    kf_hub *h = qp->h;

    h->now_ms = kf_loop_now_ms(h->loop);
    for (size_t i = 0; i < qp->n; i++) {
        if (rc) {
            KF_ERR("hub", "ev=store_fail what=follow_up msg=%" PRId64 " err=%s",
                   qp->msgs[i]->id, kf_strerror(rc));
            kf_store_msg_free(qp->msgs[i]);
            continue;
        }
        if (qp->msgs[i]->kind == KF_MSGK_RECEIPT)
            h->met.receipts++;
        kf_hub__enqueue(h, qp->msgs[i]);
    }
    free(qp);
}

void kf_hub__commit_then_queue(kf_hub *h, struct kf_store_op *ops, size_t nops,
                               struct kf_msg **msgs, size_t n)
{
    struct queue_pend *qp = NULL;

    if (n) {
        qp = kf_xmalloc(sizeof *qp + n * sizeof(struct kf_msg *));
        qp->h = h;
        qp->n = n;
        memcpy(qp->msgs, msgs, n * sizeof *msgs);
    }
    /* Never refused: the message was acknowledged, its end must be written. */
    kf_store_submit_always(h->store, ops, nops, qp ? on_commit_queue : NULL, qp);
}

struct kf_msg *kf_hub__final_ops(kf_hub *h, struct kf_msg *m, uint8_t state, uint32_t err,
                                 struct kf_store_op *ops, size_t *n)
{
    struct kf_store_op *op = &ops[(*n)++];
    struct kf_msg *r = NULL;

    memset(op, 0, sizeof *op);
    op->type = KF_STORE_STATE;
    op->id = m->id;
    op->state = state;
    op->attempts = m->attempts;
    op->err = err;
    op->done_ms = h->now_ms;
    if (m->reasons) { /* a verdict reached after the insert (long messages) */
        op->reasons = kf_xstrdup(m->reasons);
        op->verdict = m->verdict;
    }
    if (kf_hub__wants_receipt(m, state)) {
        r = kf_hub__make_receipt(h, m, state, err);
        op = &ops[(*n)++];
        memset(op, 0, sizeof *op);
        op->type = KF_STORE_INSERT;
        op->msg = r;
    }
    if (state == KF_MSG_DELIVERED) {
        h->met.delivered++;
        kf_hub__lat_add(h->met.deliver_lat, &h->met.deliver_lat_sum_us,
                        (h->now_ms - m->submit_ms) * 1000);
    } else if (state == KF_MSG_EXPIRED) {
        h->met.expired++;
    } else if (state == KF_MSG_UNDELIVERABLE) {
        h->met.undeliverable++;
    }
    return r;
}

/* Writes the final state (and a receipt when asked) and frees the item. */
void kf_hub__finish(kf_hub *h, struct item *it, uint8_t state, uint32_t err)
{
    struct kf_store_op ops[2];
    size_t n = 0;
    struct kf_msg *r;

    if (it->in_dq)
        dq_unlink(it->dq, it);
    heap_remove(h, it);
    r = kf_hub__final_ops(h, it->m, state, err, ops, &n);
    kf_hub__commit_then_queue(h, ops, n, r ? &r : NULL, r ? 1 : 0);
    kf_hub__item_free(h, it);
}

/* ------------------------------------------------------------- dispatch */

void kf_hub__build_deliver(kf_hub *h, const struct kf_msg *m, struct kf_smpp_pdu *p)
{
    size_t i = 0;

    (void)h;
    p->service_type[0] = '\0';
    snprintf(p->service_type, sizeof p->service_type, "%s", m->service_type);
    p->src.ton = m->src_ton;
    p->src.npi = m->src_npi;
    snprintf(p->src.addr, sizeof p->src.addr, "%.64s", m->src);
    p->dst.ton = m->dst_ton;
    p->dst.npi = m->dst_npi;
    snprintf(p->dst.addr, sizeof p->dst.addr, "%.64s", m->dst);
    p->esm_class = m->esm_class & (KF_ESM_UDHI | KF_ESM_REPLY_PATH | KF_ESM_TYPE_MASK);
    p->protocol_id = m->protocol_id;
    p->priority_flag = m->priority;
    p->data_coding = m->data_coding;
    p->registered_delivery = 0;
    p->sm_length = (uint8_t)(m->sm_len > KF_SMPP_SM_MAX ? 0 : m->sm_len);
    p->short_message = m->sm;
    /* Optional parameters pass through as received. */
    while (i + 4 <= m->tlv_len && p->ntlvs < KF_SMPP_MAX_TLVS) {
        uint16_t tag = (uint16_t)(m->tlvs[i] << 8 | m->tlvs[i + 1]);
        uint16_t len = (uint16_t)(m->tlvs[i + 2] << 8 | m->tlvs[i + 3]);
        if (i + 4 + len > m->tlv_len)
            break;
        if (tag != KF_TLV_QOS_TIME_TO_LIVE)
            kf_smpp_tlv_add(p, tag, m->tlvs + i + 4, len);
        i += 4u + len;
    }
}

/* Picks the next session of q with window room, round-robin. */
static struct sess *pick(struct dq *q)
{
    for (size_t k = 0; k < q->nsess; k++) {
        struct sess *s = q->sess[(q->rr + k) % q->nsess];
        if (kf_hub__sess_window_free(s)) {
            q->rr = (q->rr + k + 1) % q->nsess;
            return s;
        }
    }
    return NULL;
}

static int send_deliver(kf_hub *h, struct sess *s, struct item *it)
{
    struct kf_smpp_pdu *p = &h->opdu;
    uint32_t seq = kf_hub__sess_seq(s);
    uint32_t cmd = KF_SMPP_DELIVER_SM;
    int rc;

    kf_smpp_pdu_init(p, cmd, seq);
    kf_hub__build_deliver(h, it->m, p);
    rc = kf_hub__sess_send(s, p);
    if (rc == KF_ETOOBIG || rc == KF_EINVAL) {
        /* Cannot be written as a deliver_sm at all: retrying will not help. */
        it->dq = NULL;
        kf_hub__finish(h, it, KF_MSG_UNDELIVERABLE, KF_ESME_RSYSERR);
        return 1;
    }
    if (rc != 0)
        return -1;
    if (s->nout == s->capout) {
        s->capout = s->capout ? s->capout * 2 : 16;
        s->out = kf_xrealloc(s->out, s->capout * sizeof *s->out);
    }
    s->out[s->nout++] = (struct inflight){seq, it, h->now_ms};
    it->dq = NULL; /* in flight: owned by the session */
    it->m->attempts++;
    return 0;
}

void kf_hub__dq_kick(kf_hub *h, struct dq *q)
{
    struct item *it;
    struct sess *s;

    if (q->nsess == 0 && q != NULL) {
        /* Service queues have no sessions: handlers consume directly. */
        for (size_t i = 0; i < h->nsvcs; i++)
            if (q == &h->svcs[i].dq) {
                while ((it = dq_pop(q)) != NULL)
                    kf_hub__service_deliver(h, &h->svcs[i], it);
                return;
            }
        return;
    }
    while (q->head && (s = pick(q)) != NULL) {
        it = dq_pop(q);
        if (it->m->expire_ms && it->m->expire_ms <= h->now_ms) {
            it->dq = NULL;
            kf_hub__finish(h, it, KF_MSG_EXPIRED, 0);
            continue;
        }
        if (send_deliver(h, s, it) < 0) {
            dq_push(q, it); /* the connection is going away: try later */
            return;
        }
    }
}

void kf_hub__enqueue(kf_hub *h, struct kf_msg *m)
{
    struct item *it = kf_xcalloc(1, sizeof *it);
    struct dq *q = kf_hub__dq_for(h, m);

    it->m = m;
    it->heap_idx = SIZE_MAX;
    kf_map_put(&h->items, (uint64_t)m->id, it);
    h->pending++;
    if (q == NULL) {
        /* The target port was deleted: nobody can ever receive this. */
        it->dq = NULL;
        kf_hub__finish(h, it, KF_MSG_UNDELIVERABLE, KF_ESME_RINVDSTADR);
        return;
    }
    if (m->state == KF_MSG_REJECTED) { /* blocked after its insert (a long message) */
        it->dq = NULL;
        kf_hub__finish(h, it, KF_MSG_REJECTED, 0);
        return;
    }
    it->dq = q;
    if (m->next_ms > h->now_ms) {
        heap_push(h, it);
        return;
    }
    dq_push(q, it);
    kf_hub__dq_kick(h, q);
}

/* ------------------------------------------------------- responses, retry */

static int64_t backoff(const kf_hub *h, uint32_t attempts)
{
    int64_t d = h->conf.retry_base_ms;
    for (uint32_t i = 1; i < attempts && d < h->conf.retry_max_ms; i++)
        d *= 2;
    return d > h->conf.retry_max_ms ? h->conf.retry_max_ms : d;
}

void kf_hub__requeue(kf_hub *h, struct item *it, uint32_t err, int temporary)
{
    struct dq *q = kf_hub__dq_for(h, it->m);
    struct kf_store_op op;

    it->dq = q;
    if (!temporary || q == NULL) {
        kf_hub__finish(h, it, KF_MSG_UNDELIVERABLE, err);
        return;
    }
    it->m->next_ms = h->now_ms + backoff(h, it->m->attempts);
    if (it->m->expire_ms && it->m->next_ms >= it->m->expire_ms) {
        kf_hub__finish(h, it, KF_MSG_EXPIRED, err);
        return;
    }
    h->met.retries++;
    memset(&op, 0, sizeof op);
    op.type = KF_STORE_STATE;
    op.id = it->m->id;
    op.state = it->m->state;
    op.attempts = it->m->attempts;
    op.next_ms = it->m->next_ms;
    op.err = err;
    kf_store_submit_always(h->store, &op, 1, NULL, NULL);
    heap_push(h, it);
}

/* Permanent failures: the receiver says the message can never be taken. */
static int permanent(uint32_t status)
{
    switch (status) {
    case KF_ESME_RX_P_APPN:
    case KF_ESME_RX_R_APPN:
    case KF_ESME_RINVDSTADR:
    case KF_ESME_RINVSRCADR:
    case KF_ESME_RINVMSGLEN:
    case KF_ESME_RINVESMCLASS:
        return 1;
    default:
        return 0;
    }
}

void kf_hub__on_deliver_resp(struct sess *s, struct inflight *f, uint32_t status)
{
    kf_hub *h = s->hub;
    struct item *it = f->it;
    struct dq *q = kf_hub__dq_for(h, it->m);

    if (status == KF_ESME_ROK) {
        it->dq = NULL;
        kf_hub__finish(h, it, KF_MSG_DELIVERED, 0);
    } else {
        KF_INFO("hub", "ev=deliver_fail sid=%llu msg=%" PRId64 " status=%s",
                (unsigned long long)s->sid, it->m->id, kf_smpp_status_name(status));
        kf_hub__requeue(h, it, status, !permanent(status));
    }
    if (q)
        kf_hub__dq_kick(h, q);
}

void kf_hub__retry_due(kf_hub *h, int64_t now)
{
    while (h->nheap && h->heap[0]->m->next_ms <= now) {
        struct item *it = h->heap[0];
        heap_remove(h, it);
        if (it->m->expire_ms && it->m->expire_ms <= now) {
            kf_hub__finish(h, it, KF_MSG_EXPIRED, it->m->err);
            continue;
        }
        struct dq *q = it->dq ? it->dq : kf_hub__dq_for(h, it->m);
        dq_push(q, it);
        kf_hub__dq_kick(h, q);
    }
}

static void sweep_queue(kf_hub *h, struct dq *q, int64_t now)
{
    struct item *it = q->head, *next;
    for (; it; it = next) {
        next = it->next;
        if (it->m->expire_ms && it->m->expire_ms <= now)
            kf_hub__finish(h, it, KF_MSG_EXPIRED, 0);
    }
}

/* Expires messages waiting in any queue (a queue may have receivers whose
 * windows stay full, or none at all). */
void kf_hub__expire_sweep(kf_hub *h, int64_t now)
{
    sweep_queue(h, &h->subs, now);
    for (struct acct *a = h->accts; a; a = a->next_all)
        if (a->dq.len)
            sweep_queue(h, &a->dq, now);
}

void kf_hub__reschedule(kf_hub *h, struct item *it)
{
    struct dq *q = it->dq;

    if (q == NULL)
        return; /* in flight */
    dq_unlink(q, it);
    heap_remove(h, it);
    if (it->m->next_ms > h->now_ms) {
        heap_push(h, it);
        return;
    }
    dq_push(q, it);
    kf_hub__dq_kick(h, q);
}

void kf_hub__sess_kick(struct sess *s)
{
    if (s->rxq && !s->closed)
        kf_hub__dq_kick(s->hub, s->rxq);
}
