/* SPDX-License-Identifier: MIT
 *
 * metrics.c -- the hub's counters and histograms in Prometheus text format:
 * PDUs by command and status in both directions, submit and delivery
 * latency histograms, queue depths, binds, message outcomes, store stats.
 */
#include "hub/hub_int.h"

#include <inttypes.h>
#include <string.h>

static const uint32_t cmds[] = {
#define KF_CMD_LIST(name, val, str) val,
    KF_SMPP_CMD_MAP(KF_CMD_LIST)
#undef KF_CMD_LIST
};

/* Latency bucket upper bounds, microseconds. */
static const int64_t lat_us[HUB_NLAT] = {250,    500,    1000,    2000,    5000,
                                         10000,  20000,  50000,   100000,  250000,
                                         500000, 1000000, 5000000, 30000000};

int kf_hub__cmd_index(uint32_t cmd)
{
    for (size_t i = 0; i < KF_ARRAY_LEN(cmds) && i < HUB_NCMD - 1; i++)
        if (cmds[i] == cmd)
            return (int)i;
    return HUB_NCMD - 1; /* unknown */
}

void kf_hub__lat_add(uint64_t *buckets, uint64_t *sum, int64_t us)
{
    int i;
    if (us < 0)
        us = 0;
    for (i = 0; i < HUB_NLAT && us > lat_us[i]; i++)
        ;
    buckets[i]++;
    *sum += (uint64_t)us;
}

static void pdu_counters(struct kf_buf *o, const char *name, uint64_t (*tab)[256])
{
    kf_buf_printf(o, "# TYPE %s counter\n", name);
    for (int c = 0; c < HUB_NCMD; c++)
        for (int s = 0; s < 256; s++) {
            const char *cn, *sn;
            if (tab[c][s] == 0)
                continue;
            cn = c < (int)KF_ARRAY_LEN(cmds) ? kf_smpp_cmd_name(cmds[c]) : "unknown";
            sn = kf_smpp_status_name((uint32_t)s);
            kf_buf_printf(o, "%s{command=\"%s\",status=\"%s\"} %" PRIu64 "\n", name,
                          cn ? cn : "unknown", sn ? sn : "other", tab[c][s]);
        }
}

static void histogram(struct kf_buf *o, const char *name, const char *help,
                      const uint64_t *b, uint64_t sum_us)
{
    uint64_t cum = 0;
    kf_buf_printf(o, "# HELP %s %s\n# TYPE %s histogram\n", name, help, name);
    for (int i = 0; i < HUB_NLAT; i++) {
        cum += b[i];
        kf_buf_printf(o, "%s_bucket{le=\"%g\"} %" PRIu64 "\n", name, (double)lat_us[i] / 1e6,
                      cum);
    }
    cum += b[HUB_NLAT];
    kf_buf_printf(o, "%s_bucket{le=\"+Inf\"} %" PRIu64 "\n%s_sum %.6f\n%s_count %" PRIu64 "\n",
                  name, cum, name, (double)sum_us / 1e6, name, cum);
}

int kf_hub_metrics(kf_hub *h, struct kf_buf *o)
{
    const struct hub_metrics *m = &h->met;
    struct kf_store_stats ss;
    size_t port_q = 0, svc_q = 0;
    int binds[2][4];

    memset(binds, 0, sizeof binds);
    for (struct sess *s = h->sessions; s; s = s->next_all)
        if (s->acct && !s->closed)
            binds[s->acct->a.kind][s->bind]++;
    for (struct acct *a = h->accts; a; a = a->next_all)
        port_q += a->dq.len;
    for (size_t i = 0; i < h->nsvcs; i++)
        svc_q += h->svcs[i].dq.len;
    kf_store_stats_get(h->store, &ss);

    pdu_counters(o, "kefu_smpp_pdus_received_total", (uint64_t(*)[256])m->pdu_in);
    pdu_counters(o, "kefu_smpp_pdus_sent_total", (uint64_t(*)[256])m->pdu_out);
    histogram(o, "kefu_submit_latency_seconds", "submit_sm received to submit_sm_resp sent",
              m->submit_lat, m->submit_lat_sum_us);
    histogram(o, "kefu_delivery_latency_seconds", "submit to deliver_sm_resp OK",
              m->deliver_lat, m->deliver_lat_sum_us);
    kf_buf_printf(o, "# TYPE kefu_binds gauge\n");
    for (int k = 0; k < 2; k++)
        for (int b = 1; b < 4; b++)
            kf_buf_printf(o, "kefu_binds{kind=\"%s\",type=\"%s\"} %d\n", k ? "link" : "port",
                          b == 1 ? "tx" : b == 2 ? "rx" : "trx", binds[k][b]);
    kf_buf_printf(o,
                  "# TYPE kefu_sessions gauge\nkefu_sessions %zu\n"
                  "# TYPE kefu_queue_depth gauge\n"
                  "kefu_queue_depth{queue=\"subscribers\"} %zu\n"
                  "kefu_queue_depth{queue=\"ports\"} %zu\n"
                  "kefu_queue_depth{queue=\"services\"} %zu\n"
                  "kefu_queue_depth{queue=\"retry\"} %zu\n"
                  "kefu_queue_depth{queue=\"store\"} %zu\n"
                  "# TYPE kefu_messages_pending gauge\nkefu_messages_pending %zu\n",
                  h->nsessions, h->subs.len, port_q, svc_q, h->nheap, kf_store_backlog(h->store),
                  h->pending);
    kf_buf_printf(o,
                  "# TYPE kefu_messages_total counter\n"
                  "kefu_messages_total{outcome=\"delivered\"} %" PRIu64 "\n"
                  "kefu_messages_total{outcome=\"expired\"} %" PRIu64 "\n"
                  "kefu_messages_total{outcome=\"undeliverable\"} %" PRIu64 "\n"
                  "kefu_messages_total{outcome=\"rejected\"} %" PRIu64 "\n"
                  "kefu_messages_total{outcome=\"held\"} %" PRIu64 "\n"
                  "# TYPE kefu_delivery_retries_total counter\nkefu_delivery_retries_total %" PRIu64 "\n"
                  "# TYPE kefu_receipts_total counter\nkefu_receipts_total %" PRIu64 "\n"
                  "# TYPE kefu_binds_total counter\nkefu_binds_total %" PRIu64 "\n"
                  "# TYPE kefu_bind_failures_total counter\nkefu_bind_failures_total %" PRIu64 "\n",
                  m->delivered, m->expired, m->undeliverable, m->rejected, m->held, m->retries,
                  m->receipts, m->binds_total, m->bind_failures);
    return kf_buf_printf(o,
                         "# TYPE kefu_store_commits_total counter\nkefu_store_commits_total %" PRIu64 "\n"
                         "# TYPE kefu_store_ops_total counter\nkefu_store_ops_total %" PRIu64 "\n"
                         "# TYPE kefu_store_failures_total counter\nkefu_store_failures_total %" PRIu64 "\n"
                         "# TYPE kefu_store_commit_seconds_total counter\nkefu_store_commit_seconds_total %.6f\n",
                         ss.commits, ss.ops, ss.failures, (double)ss.commit_us_total / 1e6);
}

void kf_hub_each_bind(kf_hub *h, void (*fn)(void *arg, const struct kf_hub_bind_info *b),
                      void *arg)
{
    for (struct sess *s = h->sessions; s; s = s->next_all) {
        struct kf_hub_bind_info b;
        if (!s->acct || s->closed)
            continue;
        memset(&b, 0, sizeof b);
        b.sid = s->sid;
        snprintf(b.system_id, sizeof b.system_id, "%s", s->acct->a.system_id);
        b.kind = s->acct->a.kind;
        b.bind = s->bind;
        snprintf(b.peer, sizeof b.peer, "%s", s->peer);
        b.since_ms = s->bound_ms;
        b.in_outstanding = s->in_outstanding;
        b.out_inflight = s->nout;
        fn(arg, &b);
    }
}
