/* SPDX-License-Identifier: MIT
 *
 * submit.c -- the submit path: submit_sm, data_sm and submit_multi from a
 * bound peer are checked (bind rights, source range, destination route,
 * throughput and window, times), judged by the pipeline stages, stored, and
 * answered only after the store committed them. Also query_sm, cancel_sm
 * and replace_sm, which act on stored or queued messages.
 */
#include "hub/hub_int.h"

#include <inttypes.h>
#include <string.h>

/* A submit waiting for its commit. */
struct pend {
    struct sess *s;
    uint32_t resp_cmd, seq;
    uint32_t status_ok; /* status to answer when committed (0, or RSUBMITFAIL for blocks) */
    int64_t t0_us;
    int n;
    struct kf_msg **msgs;
    int nrcpt;
    struct kf_msg **rcpts; /* REJECTD receipts of silent blocks, same transaction */
    uint8_t nfail;
    struct kf_smpp_unsuccess *fail; /* submit_multi only */
};

const uint8_t *kf_hub__raw_tlv(const uint8_t *raw, size_t len, uint16_t tag, uint16_t *vlen)
{
    size_t i = 0;
    while (i + 4 <= len) {
        uint16_t t = (uint16_t)(raw[i] << 8 | raw[i + 1]);
        uint16_t l = (uint16_t)(raw[i + 2] << 8 | raw[i + 3]);
        if (i + 4 + l > len)
            return NULL;
        if (t == tag) {
            *vlen = l;
            return raw + i + 4;
        }
        i += 4u + l;
    }
    return NULL;
}

void kf_hub__text_of(const struct kf_msg *m, struct kf_buf *out)
{
    const uint8_t *p = m->sm;
    size_t len = m->sm_len;
    uint16_t vlen;

    if (len == 0 && m->tlv_len) {
        p = kf_hub__raw_tlv(m->tlvs, m->tlv_len, KF_TLV_MESSAGE_PAYLOAD, &vlen);
        len = p ? vlen : 0;
    }
    if (p && (m->esm_class & KF_ESM_UDHI)) {
        struct kf_sms_udh udh;
        if (kf_sms_udh_parse(p, len, &udh) == 0) {
            p += udh.len;
            len -= udh.len;
        }
    }
    if (p)
        kf_sms_to_utf8(kf_sms_charset_of(m->data_coding), p, len, out);
}

/* ------------------------------------------------------------- checks */

static int all_digits(const char *s)
{
    if (*s == '+')
        s++;
    if (*s == '\0')
        return 0;
    for (; *s; s++)
        if (*s < '0' || *s > '9')
            return 0;
    return 1;
}

/* Checks and fills the source address for an account. */
static uint32_t check_source(const struct acct *a, struct kf_smpp_addr *src)
{
    if (strlen(src->addr) > 20) /* more than a deliver_sm or receipt can carry */
        return KF_ESME_RINVSRCADR;
    if (a->a.kind == KF_ACCT_LINK)
        return all_digits(src->addr) ? KF_ESME_ROK : KF_ESME_RINVSRCADR;
    if (src->addr[0] == '\0') { /* SMSC default: the port's own number */
        snprintf(src->addr, sizeof src->addr, "%s", a->a.number);
        return KF_ESME_ROK;
    }
    const char *range = a->a.src_range[0] ? a->a.src_range : a->a.number;
    if (range[0] == '\0' || strncmp(src->addr, range, strlen(range)) != 0 ||
        !all_digits(src->addr))
        return KF_ESME_RINVSRCADR;
    return KF_ESME_ROK;
}

/* Validity and schedule: fills expire/next or returns a status. */
static uint32_t check_times(kf_hub *h, const struct kf_smpp_pdu *p, struct kf_msg *m)
{
    int64_t now = h->now_ms, v = 0, sched = 0;
    uint32_t ttl;

    if (p->cmd == KF_SMPP_DATA_SM) {
        if (kf_smpp_tlv_uint(p, KF_TLV_QOS_TIME_TO_LIVE, &ttl) == 0)
            v = now + (int64_t)ttl * 1000;
    } else {
        if (kf_smpp_time_parse(p->validity_period, now, &v))
            return KF_ESME_RINVEXPIRY;
        if (kf_smpp_time_parse(p->schedule_delivery_time, now, &sched))
            return KF_ESME_RINVSCHED;
    }
    if (v == 0)
        v = now + h->conf.default_validity_ms;
    if (v <= now)
        return KF_ESME_RINVEXPIRY;
    if (v > now + h->conf.max_validity_ms)
        v = now + h->conf.max_validity_ms;
    if (sched && sched >= v)
        return KF_ESME_RINVSCHED;
    m->expire_ms = v;
    m->next_ms = sched > now ? sched : 0;
    return KF_ESME_ROK;
}

static int msg_kind(int origin_kind, int route_kind)
{
    if (route_kind == KF_ROUTE_SERVICE)
        return KF_MSGK_SERVICE;
    if (origin_kind == KF_ACCT_PORT)
        return KF_MSGK_MT;
    return route_kind == KF_ROUTE_PORT ? KF_MSGK_MO : KF_MSGK_P2P;
}

/* Builds a message row for one destination of a submit. */
static struct kf_msg *msg_from_pdu(kf_hub *h, const struct sess *s, const struct kf_smpp_pdu *p,
                                   const struct kf_smpp_addr *dst, const struct route *r)
{
    struct kf_msg *m = kf_store_msg_new();

    m->id = ++h->next_id;
    m->kind = (uint8_t)msg_kind(s->acct->a.kind, r->kind);
    m->state = KF_MSG_ENROUTE;
    m->route_kind = (uint8_t)r->kind;
    m->route_acct = r->port ? r->port->a.id : 0;
    m->origin_acct = s->acct->a.id;
    m->src_ton = p->src.ton;
    m->src_npi = p->src.npi;
    snprintf(m->src, sizeof m->src, "%s", p->src.addr);
    m->dst_ton = dst->ton;
    m->dst_npi = dst->npi;
    snprintf(m->dst, sizeof m->dst, "%s", dst->addr);
    snprintf(m->service_type, sizeof m->service_type, "%s", p->service_type);
    m->esm_class = p->esm_class;
    m->protocol_id = p->protocol_id;
    m->priority = p->priority_flag;
    m->data_coding = p->data_coding;
    m->registered_delivery = p->registered_delivery;
    if (p->sm_length) {
        m->sm = kf_xmemdup(p->short_message, p->sm_length);
        m->sm_len = p->sm_length;
    }
    if (p->tlv_raw_len && p->tlv_raw_len <= 65535) {
        m->tlvs = kf_xmemdup(p->tlv_raw, p->tlv_raw_len);
        m->tlv_len = (uint16_t)p->tlv_raw_len;
    }
    m->submit_ms = h->now_ms;
    return m;
}

/* Runs the pipeline on a single (not concatenated) message; sets
 * m->state/verdict/reasons. Parts of a long message are judged together
 * once complete (assemble.c). */
static void run_pipeline(kf_hub *h, const struct sess *s, struct kf_msg *m)
{
    struct kf_buf text;
    int verdict;

    if (!kf_hub__inspecting(h))
        return;
    kf_buf_init(&text, 64 * 1024);
    kf_hub__text_of(m, &text);
    verdict = kf_hub__judge(h, m, kf_buf_str(&text), text.len, 1, s->acct, &m->reasons);
    kf_hub__apply_verdict(h, m, verdict);
    kf_buf_deinit(&text);
}

/* --------------------------------------------------------- commit path */

static void answer(struct pend *pd, uint32_t status, int64_t first_id)
{
    struct sess *s = pd->s;
    kf_hub *h = s->hub;
    struct kf_smpp_pdu *r = &h->opdu;

    if (s->closed)
        return;
    kf_smpp_pdu_init(r, pd->resp_cmd, pd->seq);
    r->status = status;
    if (status == KF_ESME_ROK && first_id)
        kf_hub__fmt_id(first_id, r->message_id);
    if (pd->resp_cmd == KF_SMPP_SUBMIT_MULTI_RESP) {
        r->no_unsuccess = pd->nfail;
        memcpy(r->unsuccess, pd->fail, pd->nfail * sizeof *pd->fail);
    }
    kf_hub__sess_send(s, r);
}

static void on_committed(void *arg, int rc)
{
    struct pend *pd = arg;
    struct sess *s = pd->s;
    kf_hub *h = s->hub;
    int64_t first = pd->n ? pd->msgs[0]->id : 0;

    h->now_ms = kf_loop_now_ms(h->loop);
    s->in_outstanding--;
    if (rc) {
        KF_ERR("hub", "ev=store_fail sid=%llu err=%s", (unsigned long long)s->sid,
               kf_strerror(rc));
        answer(pd, KF_ESME_RSYSERR, 0);
        for (int i = 0; i < pd->n; i++)
            kf_store_msg_free(pd->msgs[i]);
        for (int i = 0; i < pd->nrcpt; i++)
            kf_store_msg_free(pd->rcpts[i]);
    } else {
        answer(pd, pd->status_ok, first);
        kf_hub__lat_add(h->met.submit_lat, &h->met.submit_lat_sum_us,
                        kf_clock_mono_us() - pd->t0_us);
        for (int i = 0; i < pd->n; i++) {
            struct kf_msg *m = pd->msgs[i];
            if (m->state == KF_MSG_ENROUTE && kf_hub__assemble_wanted(h, m))
                kf_hub__assemble_add(h, m); /* judged when all parts are in */
            else if (m->state == KF_MSG_ENROUTE)
                kf_hub__enqueue(h, m);
            else
                kf_store_msg_free(m); /* HELD: the review queue reloads it; REJECTED: done */
        }
        for (int i = 0; i < pd->nrcpt; i++) {
            h->met.receipts++;
            kf_hub__enqueue(h, pd->rcpts[i]);
        }
    }
    free(pd->rcpts);
    free(pd->msgs);
    free(pd->fail);
    kf_hub__sess_unref(s);
    free(pd);
}

static void answer_now(struct sess *s, const struct kf_smpp_pdu *p, uint32_t status)
{
    struct pend pd = {s, p->cmd | KF_SMPP_RESP_BIT, p->seq, 0, 0, 0, NULL, 0, NULL, 0, NULL};
    answer(&pd, status, 0);
}

/* Admission: window, throughput and queue room. */
static uint32_t admit(struct sess *s, int ndest)
{
    kf_hub *h = s->hub;
    uint32_t win = s->acct->a.window > 0 ? (uint32_t)s->acct->a.window : 1;

    if (s->acct->a.status != KF_ACCT_ACTIVE || s->acct->gone)
        return KF_ESME_RSUBMITFAIL;
    if (s->acct->a.kind == KF_ACCT_PORT && !s->acct->a.realname)
        return KF_ESME_RSUBMITFAIL;
    if (s->in_outstanding >= win)
        return KF_ESME_RTHROTTLED;
    if ((int64_t)(h->pending + kf_store_backlog(h->store)) + ndest > h->conf.max_pending)
        return KF_ESME_RMSGQFUL;
    if (!kf_hub__acct_take_token(s->acct, h->now_ms))
        return KF_ESME_RTHROTTLED;
    return KF_ESME_ROK;
}

void kf_hub__on_submit(struct sess *s, const struct kf_smpp_pdu *cp)
{
    kf_hub *h = s->hub;
    struct kf_smpp_pdu *p = (struct kf_smpp_pdu *)cp; /* we fill src defaults */
    int ndest = p->cmd == KF_SMPP_SUBMIT_MULTI ? p->number_of_dests : 1;
    uint32_t st;
    struct kf_msg tmpl;
    struct pend *pd;
    struct kf_store_op *ops;
    int blocked = 0;

    st = admit(s, ndest);
    if (st == KF_ESME_ROK)
        st = check_source(s->acct, &p->src);
    if (st == KF_ESME_ROK && s->acct->a.kind == KF_ACCT_PORT &&
        (p->esm_class & KF_ESM_TYPE_MASK) != 0)
        st = KF_ESME_RINVESMCLASS;
    memset(&tmpl, 0, sizeof tmpl);
    if (st == KF_ESME_ROK)
        st = check_times(h, p, &tmpl);
    if (st != KF_ESME_ROK) {
        answer_now(s, p, st);
        return;
    }

    pd = kf_xcalloc(1, sizeof *pd);
    pd->s = s;
    pd->resp_cmd = p->cmd | KF_SMPP_RESP_BIT;
    pd->seq = p->seq;
    pd->t0_us = kf_clock_mono_us();
    pd->msgs = kf_xcalloc((size_t)ndest, sizeof *pd->msgs);
    if (p->cmd == KF_SMPP_SUBMIT_MULTI)
        pd->fail = kf_xcalloc((size_t)ndest, sizeof *pd->fail);

    for (int i = 0; i < ndest; i++) {
        const struct kf_smpp_addr *dst = p->cmd == KF_SMPP_SUBMIT_MULTI ? &p->dests[i].addr : &p->dst;
        struct route r;
        uint32_t rst;

        if (p->cmd == KF_SMPP_SUBMIT_MULTI && p->dests[i].flag != 1)
            rst = KF_ESME_RINVDLNAME; /* no distribution lists */
        else
            rst = kf_hub__route(h, dst->addr, &r);
        if (rst == KF_ESME_ROK && s->acct->a.kind == KF_ACCT_PORT && r.kind != KF_ROUTE_SUBSCRIBER)
            rst = KF_ESME_RINVDSTADR;
        if (rst != KF_ESME_ROK) {
            if (p->cmd != KF_SMPP_SUBMIT_MULTI) {
                answer_now(s, p, rst);
                free(pd->msgs);
                free(pd);
                return;
            }
            pd->fail[pd->nfail].addr = *dst;
            pd->fail[pd->nfail++].error_status = rst;
            continue;
        }
        struct kf_msg *m = msg_from_pdu(h, s, p, dst, &r);
        m->expire_ms = tmpl.expire_ms;
        m->next_ms = tmpl.next_ms;
        if (!kf_hub__assemble_wanted(h, m))
            run_pipeline(h, s, m);
        if (m->state == KF_MSG_REJECTED) {
            blocked++;
            m->done_ms = h->now_ms;
            if (h->conf.block_mode == 1 && kf_hub__wants_receipt(m, KF_MSG_REJECTED)) {
                /* silent: accepted, then a REJECTD receipt, in the same commit */
                if (pd->rcpts == NULL)
                    pd->rcpts = kf_xcalloc((size_t)ndest, sizeof *pd->rcpts);
                pd->rcpts[pd->nrcpt++] = kf_hub__make_receipt(h, m, KF_MSG_REJECTED, 0);
            } else if (h->conf.block_mode == 0 && p->cmd == KF_SMPP_SUBMIT_MULTI) {
                pd->fail[pd->nfail].addr = *dst;
                pd->fail[pd->nfail++].error_status = KF_ESME_RSUBMITFAIL;
            }
        }
        if (pd->n > 0 && p->cmd == KF_SMPP_SUBMIT_MULTI)
            m->smpp_id = pd->msgs[0]->id; /* one message_id for all copies */
        pd->msgs[pd->n++] = m;
    }
    if (pd->n == 0) { /* every destination of a submit_multi failed */
        answer(pd, KF_ESME_RSUBMITFAIL, 0);
        free(pd->msgs);
        free(pd->fail);
        free(pd);
        return;
    }
    if (blocked == pd->n && h->conf.block_mode == 0)
        pd->status_ok = KF_ESME_RSUBMITFAIL;

    ops = kf_xcalloc((size_t)(pd->n + pd->nrcpt), sizeof *ops);
    for (int i = 0; i < pd->n; i++) {
        ops[i].type = KF_STORE_INSERT;
        ops[i].msg = pd->msgs[i];
    }
    for (int i = 0; i < pd->nrcpt; i++) {
        ops[pd->n + i].type = KF_STORE_INSERT;
        ops[pd->n + i].msg = pd->rcpts[i];
    }
    if (kf_store_submit(h->store, ops, (size_t)(pd->n + pd->nrcpt), on_committed, pd) != 0) {
        answer(pd, KF_ESME_RMSGQFUL, 0);
        for (int i = 0; i < pd->n; i++)
            kf_store_msg_free(pd->msgs[i]);
        for (int i = 0; i < pd->nrcpt; i++)
            kf_store_msg_free(pd->rcpts[i]);
        free(pd->rcpts);
        free(pd->msgs);
        free(pd->fail);
        free(pd);
    } else {
        s->in_outstanding++;
        s->refs++;
    }
    free(ops);
}

/* ------------------------------------------------- query/cancel/replace */

static int parse_id(const char *s, int64_t *id)
{
    char *end;
    long long v;
    if (*s == '\0')
        return -1;
    errno = 0;
    v = strtoll(s, &end, 10);
    if (errno || *end != '\0' || v <= 0)
        return -1;
    *id = v;
    return 0;
}

void kf_hub__on_query(struct sess *s, const struct kf_smpp_pdu *p)
{
    kf_hub *h = s->hub;
    struct kf_smpp_pdu *r = &h->opdu;
    struct kf_msg *m = NULL;
    struct item *it;
    int64_t id;
    uint8_t state;

    if (parse_id(p->message_id, &id)) {
        answer_now(s, p, KF_ESME_RINVMSGID);
        return;
    }
    if (kf_store_msg_get(h->store, id, &m) != 0 || m->origin_acct != s->acct->a.id) {
        kf_store_msg_free(m);
        answer_now(s, p, KF_ESME_RQUERYFAIL);
        return;
    }
    it = kf_map_get(&h->items, (uint64_t)id);
    state = it ? it->m->state : m->state;
    kf_smpp_pdu_init(r, KF_SMPP_QUERY_SM_RESP, p->seq);
    snprintf(r->message_id, sizeof r->message_id, "%s", p->message_id);
    r->message_state = state == KF_MSG_HELD ? KF_MSG_ENROUTE : state;
    r->error_code = (uint8_t)(m->err & 0xff);
    if (state != KF_MSG_ENROUTE && state != KF_MSG_HELD && m->done_ms)
        kf_smpp_time_format(m->done_ms, r->final_date);
    kf_hub__sess_send(s, r);
    kf_store_msg_free(m);
}

/* A queued (not in-flight) message of this session's account, or NULL. */
static struct item *own_queued(struct sess *s, const char *msgid)
{
    int64_t id;
    struct item *it;

    if (parse_id(msgid, &id))
        return NULL;
    it = kf_map_get(&s->hub->items, (uint64_t)id);
    if (it == NULL || it->m->origin_acct != s->acct->a.id || it->dq == NULL)
        return NULL;
    return it;
}

void kf_hub__on_cancel(struct sess *s, const struct kf_smpp_pdu *p)
{
    struct item *it = own_queued(s, p->message_id);

    if (it == NULL) {
        answer_now(s, p, KF_ESME_RCANCELFAIL);
        return;
    }
    kf_hub__finish(s->hub, it, KF_MSG_DELETED, 0);
    answer_now(s, p, KF_ESME_ROK);
}

void kf_hub__on_replace(struct sess *s, const struct kf_smpp_pdu *p)
{
    kf_hub *h = s->hub;
    struct item *it = own_queued(s, p->message_id);
    struct kf_store_op op;
    struct kf_msg tmp;
    struct kf_smpp_pdu q;

    if (it == NULL || strcmp(it->m->src, p->src.addr) != 0) {
        answer_now(s, p, KF_ESME_RREPLACEFAIL);
        return;
    }
    memset(&tmp, 0, sizeof tmp);
    memset(&q, 0, sizeof q);
    q.cmd = KF_SMPP_SUBMIT_SM;
    memcpy(q.validity_period, p->validity_period, sizeof q.validity_period);
    memcpy(q.schedule_delivery_time, p->schedule_delivery_time, sizeof q.schedule_delivery_time);
    uint32_t st = check_times(h, &q, &tmp);
    if (st != KF_ESME_ROK) {
        answer_now(s, p, st);
        return;
    }
    free(it->m->sm);
    it->m->sm = p->sm_length ? kf_xmemdup(p->short_message, p->sm_length) : NULL;
    it->m->sm_len = p->sm_length;
    it->m->registered_delivery = p->registered_delivery;
    if (p->validity_period[0])
        it->m->expire_ms = tmp.expire_ms;
    if (p->schedule_delivery_time[0])
        it->m->next_ms = tmp.next_ms;
    memset(&op, 0, sizeof op);
    op.type = KF_STORE_REPLACE;
    op.id = it->m->id;
    op.sm = it->m->sm_len ? kf_xmemdup(it->m->sm, it->m->sm_len) : NULL;
    op.sm_len = it->m->sm_len;
    op.registered_delivery = it->m->registered_delivery;
    op.expire_ms = it->m->expire_ms;
    op.next_ms = it->m->next_ms;
    kf_store_submit_always(h->store, &op, 1, NULL, NULL);
    answer_now(s, p, KF_ESME_ROK);
    /* Last: its place in the queue or heap may change, and a kick may
     * deliver (and free) it at once. */
    kf_hub__reschedule(h, it);
}
