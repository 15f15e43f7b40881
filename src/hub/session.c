/* SPDX-License-Identifier: MIT
 *
 * session.c -- one SMPP session on a TCP connection: framing and decoding,
 * the bind, enquire_link keep-alive and dead-peer detection, unbind,
 * sequence numbers both ways, the outgoing window and response timeouts.
 * Submits go to submit.c; responses to our deliver_sm go to deliver.c.
 *
 * A session is in the hub's session list from accept to free. It is freed
 * when its connection is gone and no store callback refers to it.
 */
#include "hub/hub_int.h"

#include <arpa/inet.h>
#include <sodium.h>
#include <string.h>
#include <unistd.h>

#include "auth/auth.h"

static void sess_close(struct sess *s, const char *why);
static void sess_free(struct sess *s);

uint32_t kf_hub__sess_seq(struct sess *s)
{
    uint32_t seq = s->next_seq++;
    if (s->next_seq > 0x7FFFFFFFu)
        s->next_seq = 1;
    return seq;
}

int kf_hub__sess_send(struct sess *s, struct kf_smpp_pdu *p)
{
    kf_hub *h = s->hub;
    int n, idx;

    if (s->closed)
        return KF_ECLOSED;
    n = kf_smpp_encode(p, h->obuf, sizeof h->obuf);
    if (n < 0) {
        KF_WARN("hub", "ev=encode_fail sid=%llu cmd=%s err=%s", (unsigned long long)s->sid,
                kf_smpp_cmd_name(p->cmd) ? kf_smpp_cmd_name(p->cmd) : "?", kf_strerror(n));
        return n;
    }
    idx = kf_hub__cmd_index(p->cmd);
    h->met.pdu_out[idx][p->status & 0xff]++;
    return kf_conn_write(s->conn, h->obuf, (size_t)n);
}

int kf_hub__sess_window_free(const struct sess *s)
{
    uint32_t win = s->acct ? (uint32_t)s->acct->a.window : 1;
    if (win < 1)
        win = 1;
    return !s->closed && !s->unbinding && s->nout < win;
}

static void send_resp(struct sess *s, uint32_t cmd, uint32_t seq, uint32_t status)
{
    struct kf_smpp_pdu *p = &s->hub->opdu;
    kf_smpp_pdu_init(p, cmd, seq);
    p->status = status;
    kf_hub__sess_send(s, p);
}

/* The answer to a request that failed to decode or is not allowed: its own
 * _resp, or generic_nack for an unknown or response command id. */
static void send_error(struct sess *s, uint32_t cmd, uint32_t seq, uint32_t status)
{
    uint32_t resp = cmd | KF_SMPP_RESP_BIT;
    if (kf_smpp_cmd_name(cmd) == NULL || (cmd & KF_SMPP_RESP_BIT) ||
        kf_smpp_cmd_name(resp) == NULL)
        resp = KF_SMPP_GENERIC_NACK;
    send_resp(s, resp, seq, status);
}

/* ---------------------------------------------------------------- bind */

static int ip_allowed(const char *list, const char *peer)
{
    char item[64];
    const char *p = list;

    if (list[0] == '\0')
        return 1;
    while (*p) {
        const char *comma = strchr(p, ',');
        size_t len = comma ? (size_t)(comma - p) : strlen(p);
        while (len && (*p == ' '))
            p++, len--;
        if (len && len < sizeof item) {
            memcpy(item, p, len);
            item[len] = '\0';
            char *slash = strchr(item, '/');
            if (slash == NULL) {
                if (strcmp(item, peer) == 0)
                    return 1;
            } else {
                struct in_addr net, addr;
                long bits = strtol(slash + 1, NULL, 10);
                *slash = '\0';
                if (bits >= 0 && bits <= 32 && inet_pton(AF_INET, item, &net) == 1 &&
                    inet_pton(AF_INET, peer, &addr) == 1) {
                    uint32_t mask = bits ? htonl(~0u << (32 - bits)) : 0;
                    if ((net.s_addr & mask) == (addr.s_addr & mask))
                        return 1;
                }
            }
        }
        if (!comma)
            break;
        p = comma + 1;
    }
    return 0;
}

/* Keyed digest of a password, remembered after a successful check so that
 * reconnect storms do not each cost an Argon2 run. */
static void pw_digest(const struct acct *a, const char *pw, uint8_t d[32])
{
    size_t klen = strlen(a->a.pw_hash);
    crypto_generichash(d, 32, (const uint8_t *)pw, strlen(pw), (const uint8_t *)a->a.pw_hash,
                       klen > 64 ? 64 : klen);
}

static int bindt_bit(int bind)
{
    return bind == KF_BIND_TX ? KF_BINDT_TX : bind == KF_BIND_RX ? KF_BINDT_RX : KF_BINDT_TRX;
}

/* The checks after the password, on the account as it is now. */
static uint32_t check_account(struct sess *s, struct acct *a, int bind, const char **why)
{
    if (a->a.status != KF_ACCT_ACTIVE) {
        *why = "account suspended";
        return KF_ESME_RBINDFAIL;
    }
    if (!(a->a.bind_types & bindt_bit(bind))) {
        *why = "bind type not allowed";
        return KF_ESME_RBINDFAIL;
    }
    if (a->a.kind == KF_ACCT_PORT && !a->a.realname && bind != KF_BIND_RX) {
        *why = "port not real-name verified";
        return KF_ESME_RBINDFAIL;
    }
    if (a->nbinds >= a->a.max_binds) {
        *why = "max binds reached";
        return KF_ESME_RBINDFAIL;
    }
    if (!ip_allowed(a->a.allowed_ips, s->peer)) {
        *why = "client address not allowed";
        return KF_ESME_RBINDFAIL;
    }
    return KF_ESME_ROK;
}

/* A bind waiting for its password check. */
struct bind_pend {
    struct sess *s;
    uint32_t cmd, seq;
    uint8_t interface_version;
    char system_id[KF_SMPP_SYSTEM_ID_MAX];
    uint8_t digest[32];
};

/* Answers a bind: status from the password check (pw_ok) then the account. */
static void finish_bind(struct sess *s, const struct bind_pend *bp, int pw_ok)
{
    kf_hub *h = s->hub;
    struct kf_smpp_pdu *r = &h->opdu;
    struct acct *a = kf_hub__acct_by_sysid(h, bp->system_id);
    int bind = kf_smpp_bind_of_cmd(bp->cmd);
    const char *why = "";
    uint32_t st;
    uint8_t ver = 0x34;

    if (a == NULL) {
        why = "unknown system_id";
        st = KF_ESME_RINVSYSID;
    } else if (!pw_ok) {
        why = "bad password";
        st = KF_ESME_RINVPASWD;
    } else {
        memcpy(a->pw_digest, bp->digest, sizeof a->pw_digest);
        a->pw_digest_set = 1;
        st = check_account(s, a, bind, &why);
    }
    kf_smpp_pdu_init(r, bp->cmd | KF_SMPP_RESP_BIT, bp->seq);
    r->status = st;
    snprintf(r->system_id, sizeof r->system_id, "%.15s", h->conf.system_id);
    if (st != KF_ESME_ROK) {
        h->met.bind_failures++;
        KF_INFO("hub", "ev=bind_refused sid=%llu peer=%s system_id=%s status=%s why=\"%s\"",
                (unsigned long long)s->sid, s->peer, bp->system_id, kf_smpp_status_name(st),
                why);
        kf_hub__sess_send(s, r);
        return;
    }
    if (bp->interface_version >= 0x34)
        kf_smpp_tlv_add(r, KF_TLV_SC_INTERFACE_VERSION, &ver, 1);
    s->bind = bind;
    s->acct = a;
    s->bound_ms = h->now_ms;
    a->nbinds++;
    h->met.binds_total++;
    if (bind != KF_BIND_TX) {
        s->rxq = a->a.kind == KF_ACCT_LINK ? &h->subs : &a->dq;
        kf_hub__dq_add_sess(s->rxq, s);
    }
    KF_INFO("hub", "ev=bind sid=%llu peer=%s system_id=%s kind=%s bind=%s",
            (unsigned long long)s->sid, s->peer, a->a.system_id,
            a->a.kind == KF_ACCT_LINK ? "link" : "port",
            bind == KF_BIND_TX ? "tx" : bind == KF_BIND_RX ? "rx" : "trx");
    kf_hub__sess_send(s, r);
    kf_hub__sess_kick(s);
}

static void on_data(kf_conn *c, void *arg);

static void on_password_checked(void *arg, int ok)
{
    struct bind_pend *bp = arg;
    struct sess *s = bp->s;

    if (ok < 0) { /* cancelled at shutdown: the session goes away too */
        free(bp);
        return;
    }
    s->binding = 0;
    if (!s->closed) {
        finish_bind(s, bp, ok);
        if (!s->closed && !s->unbinding) {
            kf_conn_pause(s->conn, 0);
            on_data(s->conn, s); /* PDUs that arrived while we waited */
        }
    }
    free(bp);
    kf_hub__sess_unref(s);
}

static void on_bind(struct sess *s, const struct kf_smpp_pdu *p)
{
    kf_hub *h = s->hub;
    struct acct *a = kf_hub__acct_by_sysid(h, p->system_id);
    struct bind_pend *bp = kf_xcalloc(1, sizeof *bp);

    bp->s = s;
    bp->cmd = p->cmd;
    bp->seq = p->seq;
    bp->interface_version = p->interface_version;
    snprintf(bp->system_id, sizeof bp->system_id, "%s", p->system_id);
    if (a == NULL) {
        finish_bind(s, bp, 0);
        free(bp);
        return;
    }
    pw_digest(a, p->password, bp->digest);
    if (a->pw_digest_set && sodium_memcmp(bp->digest, a->pw_digest, sizeof bp->digest) == 0) {
        finish_bind(s, bp, 1);
        free(bp);
        return;
    }
    /* Argon2 takes tens of ms: check off the loop thread, and read nothing
     * more from this peer until the answer is out (PDU order is kept). */
    s->binding = 1;
    s->refs++;
    kf_conn_pause(s->conn, 1);
    kf_auth_verify_async(h->verifier, a->a.pw_hash, p->password, on_password_checked, bp);
}

/* ------------------------------------------------------------- dispatch */

static struct inflight *find_inflight(struct sess *s, uint32_t seq, uint32_t *idx)
{
    for (uint32_t i = 0; i < s->nout; i++)
        if (s->out[i].seq == seq) {
            *idx = i;
            return &s->out[i];
        }
    return NULL;
}

static void remove_inflight(struct sess *s, uint32_t idx)
{
    s->out[idx] = s->out[--s->nout];
}

static void on_response(struct sess *s, const struct kf_smpp_pdu *p)
{
    struct inflight *f, copy;
    uint32_t idx;

    if (p->cmd == KF_SMPP_UNBIND_RESP) {
        sess_close(s, "unbind_resp");
        return;
    }
    f = find_inflight(s, p->seq, &idx);
    if (f == NULL) {
        KF_INFO("hub", "ev=unexpected_resp sid=%llu cmd=%s seq=%u", (unsigned long long)s->sid,
                kf_smpp_cmd_name(p->cmd), p->seq);
        return;
    }
    copy = *f;
    remove_inflight(s, idx);
    s->timeouts = 0;
    if (copy.it == NULL) { /* enquire_link: its window slot is free again */
        s->enquire_sent_ms = 0;
        kf_hub__sess_kick(s);
        return;
    }
    kf_hub__on_deliver_resp(s, &copy, p->cmd == KF_SMPP_GENERIC_NACK && p->status == 0
                                          ? KF_ESME_RSYSERR
                                          : p->status);
}

static void handle_pdu(struct sess *s, const struct kf_smpp_pdu *p, uint32_t status)
{
    uint32_t allowed;

    s->last_rx_ms = s->hub->now_ms;
    s->hub->met.pdu_in[kf_hub__cmd_index(p->cmd)][status & 0xff]++;
    if (p->cmd & KF_SMPP_RESP_BIT) {
        if (s->bind != KF_BIND_NONE || p->cmd == KF_SMPP_GENERIC_NACK)
            on_response(s, p);
        return;
    }
    allowed = kf_smpp_bind_allows(s->bind, p->cmd);
    if (allowed != KF_ESME_ROK) {
        send_error(s, p->cmd, p->seq, allowed);
        return;
    }
    if (status != KF_ESME_ROK) {
        KF_INFO("hub", "ev=bad_pdu sid=%llu cmd=%s status=%s", (unsigned long long)s->sid,
                kf_smpp_cmd_name(p->cmd) ? kf_smpp_cmd_name(p->cmd) : "unknown",
                kf_smpp_status_name(status));
        send_error(s, p->cmd, p->seq, status);
        return;
    }
    switch (p->cmd) {
    case KF_SMPP_BIND_RECEIVER:
    case KF_SMPP_BIND_TRANSMITTER:
    case KF_SMPP_BIND_TRANSCEIVER:
        on_bind(s, p);
        break;
    case KF_SMPP_ENQUIRE_LINK:
        send_resp(s, KF_SMPP_ENQUIRE_LINK_RESP, p->seq, KF_ESME_ROK);
        break;
    case KF_SMPP_UNBIND:
        send_resp(s, KF_SMPP_UNBIND_RESP, p->seq, KF_ESME_ROK);
        s->unbinding = 1;
        kf_conn_close_after_flush(s->conn);
        break;
    case KF_SMPP_SUBMIT_SM:
    case KF_SMPP_DATA_SM:
    case KF_SMPP_SUBMIT_MULTI:
        kf_hub__on_submit(s, p);
        break;
    case KF_SMPP_QUERY_SM:
        kf_hub__on_query(s, p);
        break;
    case KF_SMPP_CANCEL_SM:
        kf_hub__on_cancel(s, p);
        break;
    case KF_SMPP_REPLACE_SM:
        kf_hub__on_replace(s, p);
        break;
    default:
        send_error(s, p->cmd, p->seq, KF_ESME_RINVCMDID);
        break;
    }
}

static uint32_t be32(const uint8_t *p)
{
    return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

/* A broken frame cannot be resynchronised: nack and close. */
static void bad_frame(struct sess *s, uint32_t len, uint32_t seq)
{
    KF_INFO("hub", "ev=bad_frame sid=%llu peer=%s len=%u", (unsigned long long)s->sid, s->peer,
            len);
    send_resp(s, KF_SMPP_GENERIC_NACK, seq, KF_ESME_RINVCMDLEN);
    s->unbinding = 1;
    kf_conn_close_after_flush(s->conn);
}

static void on_data(kf_conn *c, void *arg)
{
    struct sess *s = arg;
    kf_hub *h = s->hub;

    (void)c;
    h->now_ms = kf_loop_now_ms(h->loop);
    s->busy = 1;
    while (!s->closed && !s->unbinding && !s->binding) {
        size_t avail = kf_conn_in_len(s->conn);
        const uint8_t *buf;
        uint32_t len, status = 0;
        int n;

        if (avail < 4)
            break;
        len = be32(kf_conn_pullup(s->conn, 4));
        if (len < KF_SMPP_HEADER_LEN || len > KF_SMPP_PDU_MAX) {
            buf = avail >= KF_SMPP_HEADER_LEN ? kf_conn_pullup(s->conn, KF_SMPP_HEADER_LEN) : NULL;
            bad_frame(s, len, buf ? be32(buf + 12) : 0);
            break;
        }
        if (avail < len)
            break;
        buf = kf_conn_pullup(s->conn, len);
        n = kf_smpp_decode(buf, len, &h->pdu, &status);
        if (n < 0) {
            bad_frame(s, len, be32(buf + 12));
            break;
        }
        handle_pdu(s, &h->pdu, status);
        if (!s->closed)
            kf_conn_drain(s->conn, (size_t)n);
    }
    s->busy = 0;
    if (s->closed && s->refs == 0)
        sess_free(s);
}

/* -------------------------------------------------------------- closing */

static void sess_free(struct sess *s)
{
    kf_hub *h = s->hub;
    if (s->prev_all)
        s->prev_all->next_all = s->next_all;
    else
        h->sessions = s->next_all;
    if (s->next_all)
        s->next_all->prev_all = s->prev_all;
    h->nsessions--;
    free(s->out);
    free(s);
}

void kf_hub__sess_unref(struct sess *s)
{
    if (--s->refs == 0 && s->closed && !s->busy)
        sess_free(s);
}

static void sess_close(struct sess *s, const char *why)
{
    kf_hub *h = s->hub;

    if (s->closed)
        return;
    s->closed = 1;
    KF_INFO("hub", "ev=close sid=%llu peer=%s system_id=%s why=\"%s\"",
            (unsigned long long)s->sid, s->peer, s->acct ? s->acct->a.system_id : "-", why);
    if (s->acct)
        s->acct->nbinds--;
    if (s->rxq) {
        kf_hub__dq_del_sess(s->rxq, s);
        s->rxq = NULL;
    }
    kf_conn_free(s->conn);
    s->conn = NULL;
    /* Messages we sent and that were never answered go back to their queue;
     * the peer may have delivered them, so this is at-least-once. */
    for (uint32_t i = 0; i < s->nout; i++)
        if (s->out[i].it)
            kf_hub__requeue(h, s->out[i].it, KF_ESME_RSYSERR, 1);
    s->nout = 0;
    if (s->refs == 0 && !s->busy)
        sess_free(s);
}

static void on_close(kf_conn *c, void *arg, int err)
{
    struct sess *s = arg;
    (void)c;
    sess_close(s, err == 0 ? "closed" : err == KF_ECLOSED ? "peer closed" : kf_strerror(err));
}

void kf_hub__sess_pause(struct sess *s)
{
    if (!s->closed)
        kf_conn_pause(s->conn, 1);
}

void kf_hub__sess_unbind(struct sess *s)
{
    struct kf_smpp_pdu *p = &s->hub->opdu;

    if (s->closed || s->unbinding)
        return;
    if (s->bind == KF_BIND_NONE) {
        sess_close(s, "not bound");
        return;
    }
    kf_smpp_pdu_init(p, KF_SMPP_UNBIND, kf_hub__sess_seq(s));
    kf_hub__sess_send(s, p);
    s->unbinding = 1;
    kf_conn_close_after_flush(s->conn);
}

/* ------------------------------------------------------------ keepalive */

void kf_hub__sess_tick(struct sess *s, int64_t now)
{
    kf_hub *h = s->hub;
    const struct kf_hub_conf *c = &h->conf;

    if (s->closed)
        return;
    if (s->bind == KF_BIND_NONE) {
        if (now - s->opened_ms > c->bind_timeout_ms)
            sess_close(s, "no bind in time");
        return;
    }
    /* Response timeouts: the message goes back to the queue. */
    for (uint32_t i = 0; i < s->nout;) {
        struct inflight *f = &s->out[i];
        if (now - f->sent_ms <= c->response_timeout_ms) {
            i++;
            continue;
        }
        if (f->it == NULL) {
            sess_close(s, "enquire_link not answered");
            return;
        }
        KF_INFO("hub", "ev=resp_timeout sid=%llu msg=%lld", (unsigned long long)s->sid,
                (long long)f->it->m->id);
        kf_hub__requeue(h, f->it, KF_ESME_RSYSERR, 1);
        remove_inflight(s, i);
        if (++s->timeouts >= 3) {
            sess_close(s, "peer stopped answering");
            return;
        }
        kf_hub__sess_kick(s);
    }
    if (now - s->last_rx_ms > c->idle_timeout_ms) {
        sess_close(s, "idle timeout");
        return;
    }
    if (s->enquire_sent_ms == 0 && now - s->last_rx_ms >= c->enquire_link_ms && !s->unbinding) {
        struct kf_smpp_pdu *p = &h->opdu;
        uint32_t seq = kf_hub__sess_seq(s);
        kf_smpp_pdu_init(p, KF_SMPP_ENQUIRE_LINK, seq);
        if (s->nout == s->capout) {
            s->capout = s->capout ? s->capout * 2 : 8;
            s->out = kf_xrealloc(s->out, s->capout * sizeof *s->out);
        }
        s->out[s->nout++] = (struct inflight){seq, NULL, now};
        s->enquire_sent_ms = now;
        kf_hub__sess_send(s, p);
    }
}

/* --------------------------------------------------------------- accept */

void kf_hub__accept(void *arg, int fd, const char *peer)
{
    static const struct kf_conn_cbs cbs = {on_data, on_close, NULL};
    kf_hub *h = arg;
    struct sess *s;

    if (h->draining || (int64_t)h->nsessions >= h->conf.max_sessions) {
        KF_WARN("hub", "ev=accept_refused peer=%s sessions=%zu", peer, h->nsessions);
        close(fd);
        return;
    }
    s = kf_xcalloc(1, sizeof *s);
    s->hub = h;
    s->sid = ++h->next_sid;
    snprintf(s->peer, sizeof s->peer, "%s", peer);
    s->next_seq = 1;
    s->opened_ms = s->last_rx_ms = kf_loop_now_ms(h->loop);
    s->conn = kf_conn_new(h->loop, fd, &cbs, s);
    if (s->conn == NULL) {
        free(s);
        return;
    }
    s->next_all = h->sessions;
    if (h->sessions)
        h->sessions->prev_all = s;
    h->sessions = s;
    h->nsessions++;
    KF_DBG("hub", "ev=accept sid=%llu peer=%s", (unsigned long long)s->sid, peer);
}
