/* SPDX-License-Identifier: MIT
 *
 * stage.c -- the shield as a stage of the hub's submit pipeline, its
 * explanations and its metrics. Messages judged: from industry ports to
 * subscribers (MT) and, with inspect_links, subscriber to subscriber (P2P,
 * including other networks' traffic arriving on network links). Receipts,
 * messages to ports (MO) and to service numbers, and the platform's own
 * sends are not judged.
 */
#include "shield/shield_int.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/clock.h"

void kf_shield__lat_add(kf_shield *sh, uint64_t us)
{
    int b = 0;
    while (b < 15 && us >= (1ull << b))
        b++;
    sh->lat_hist[b]++;
    sh->lat_us_sum += us;
}

/* The registered signatures of a port, parsed once per account change. */
static const struct port_sigs *sigs_of(kf_shield *sh, const struct kf_account *a)
{
    struct port_sigs *ps = kf_map_get(&sh->port_sigs, (uint64_t)a->id);
    json_t *arr, *v;
    size_t i;

    if (ps && ps->updated_ms == a->updated_ms)
        return ps;
    if (ps == NULL) {
        ps = kf_xcalloc(1, sizeof *ps);
        kf_map_put(&sh->port_sigs, (uint64_t)a->id, ps);
    }
    for (int k = 0; k < ps->n; k++)
        free(ps->sigs[k]);
    free(ps->sigs);
    ps->sigs = NULL;
    ps->n = 0;
    ps->updated_ms = a->updated_ms;
    arr = json_loads(a->signatures, 0, NULL);
    if (json_is_array(arr)) {
        ps->sigs = kf_xcalloc(json_array_size(arr) + 1, sizeof *ps->sigs);
        json_array_foreach(arr, i, v) if (json_is_string(v)) ps->sigs[ps->n++] =
            kf_xstrdup(json_string_value(v));
    }
    json_decref(arr);
    return ps;
}

static int stage_active(void *ctx)
{
    return ((kf_shield *)ctx)->conf.enabled;
}

/* The reasons line stored with the message: score and every signal. */
static void summarise(const struct kf_shield_decision *d, struct kf_stage_result *res)
{
    size_t off = 0;
    int top = -1;

    off += (size_t)snprintf(res->reason, sizeof res->reason, "风险分 %d：", d->score);
    for (int i = 0; i < d->nsig && off < sizeof res->reason; i++) {
        int n = snprintf(res->reason + off, sizeof res->reason - off, "%s%s(%+d)",
                         i ? "；" : "", d->sig[i].reason, d->sig[i].points);
        if (n < 0 || (size_t)n >= sizeof res->reason - off) {
            res->reason[off] = '\0'; /* whole signals only */
            break;
        }
        off += (size_t)n;
        if (top < 0 || d->sig[i].points > d->sig[top].points)
            top = i;
    }
    snprintf(res->code, sizeof res->code, "%s", top >= 0 ? d->sig[top].code : "shield");
    off = 0;
    for (int i = 0; i < d->nsig; i++) {
        int n = snprintf(res->signals + off, sizeof res->signals - off, "%s%s:%+d", i ? "," : "",
                         d->sig[i].code, d->sig[i].points);
        if (n < 0 || (size_t)n >= sizeof res->signals - off) {
            res->signals[off] = '\0';
            break;
        }
        off += (size_t)n;
    }
    res->verdict = d->verdict;
    res->score = d->score;
}

static void stage_check(void *ctx, const struct kf_stage_msg *m, int64_t now_ms,
                        struct kf_stage_result *res)
{
    kf_shield *sh = ctx;
    struct kf_shield_input in;
    struct kf_shield_decision d;
    const struct port_sigs *ps = NULL;
    uint64_t t0;

    if (m->msg->kind == KF_MSGK_MT && m->origin && m->origin->kind == KF_ACCT_PORT)
        ps = sigs_of(sh, m->origin);
    else if (m->msg->kind != KF_MSGK_P2P || !sh->conf.inspect_links || m->origin == NULL)
        return;
    if (m->msg->data_coding == 0x04 || m->msg->data_coding == 0x02)
        return; /* binary: nothing to read */
    t0 = kf_clock_mono_us();
    memset(&in, 0, sizeof in);
    in.text = m->text;
    in.len = m->text_len;
    in.src = m->msg->src;
    in.dst = m->msg->dst;
    in.count = 1;
    if (ps) {
        in.from_port = 1;
        in.realname = m->origin->realname;
        in.port_number = m->origin->number;
        in.sigs = (const char *const *)ps->sigs;
        in.nsigs = ps->n;
    }
    kf_shield_judge(sh, &in, now_ms, &d);
    sh->judged++;
    if (d.verdict == KF_HOLD)
        sh->held++;
    else if (d.verdict == KF_BLOCK)
        sh->blocked++;
    else if (d.score > 0)
        sh->delivered_flagged++;
    if (d.verdict != KF_DELIVER || d.score > 0) /* a clean delivery stores nothing */
        summarise(&d, res);
    kf_shield__lat_add(sh, kf_clock_mono_us() - t0);
}

static const struct kf_stage shield_stage = {"shield", stage_check, stage_active};

void kf_shield_attach(kf_shield *sh, kf_hub *h)
{
    kf_hub_add_stage(h, &shield_stage, sh);
}

/* ---------------------------------------------------------- explain */

static void json_append(struct kf_buf *out, json_t *j)
{
    char *s = json_dumps(j, JSON_COMPACT);
    if (s)
        kf_buf_puts(out, s);
    free(s);
    json_decref(j);
}

void kf_shield_explain_json(kf_shield *sh, const struct kf_shield_input *in,
                            const struct kf_shield_decision *d, struct kf_buf *out)
{
    static const char *const names[] = {"deliver", "hold", "block"};
    json_t *o = json_object(), *sigs = json_array(), *feats = json_array();
    char fp[17], buf[4096];
    const char *fn[10];
    float contrib[10];
    struct kf_buf norm;
    int k;

    snprintf(fp, sizeof fp, "%016llx", (unsigned long long)d->fp);
    json_object_set_new(o, "verdict", json_string(names[d->verdict]));
    json_object_set_new(o, "score", json_integer(d->score));
    json_object_set_new(o, "hold_score", json_integer(sh->conf.hold_score));
    json_object_set_new(o, "block_score", json_integer(sh->conf.block_score));
    json_object_set_new(o, "fingerprint", json_string(fp));
    if (d->p_spam >= 0)
        json_object_set_new(o, "p_spam", json_real(d->p_spam));
    for (int i = 0; i < d->nsig; i++)
        json_array_append_new(sigs, json_pack("{s:s,s:i,s:s}", "code", d->sig[i].code, "points",
                                              d->sig[i].points, "reason", d->sig[i].reason));
    json_object_set_new(o, "signals", sigs);
    kf_buf_init(&norm, 64 * 1024);
    kf_text_normalize(sh->text, in->text, in->len, &norm);
    k = kf_classify_explain(sh->c->model, kf_buf_str(&norm), norm.len, 10, fn, contrib, buf,
                            sizeof buf);
    for (int i = 0; i < k; i++)
        json_array_append_new(feats, json_pack("{s:s,s:f}", "feature", fn[i], "weight",
                                               (double)contrib[i]));
    json_object_set_new(o, "model_features", feats);
    json_object_set_new(o, "normalized", json_stringn(kf_buf_str(&norm), norm.len));
    kf_buf_deinit(&norm);
    json_append(out, o);
}

/* ---------------------------------------------------------- metrics */

void kf_shield_metrics(kf_shield *sh, struct kf_buf *out)
{
    uint64_t cum = 0;

    kf_buf_printf(out,
                  "# HELP kefu_shield_judged_total Messages the shield judged.\n"
                  "# TYPE kefu_shield_judged_total counter\nkefu_shield_judged_total %llu\n"
                  "# HELP kefu_shield_verdicts_total Shield verdicts other than a clean "
                  "deliver.\n# TYPE kefu_shield_verdicts_total counter\n"
                  "kefu_shield_verdicts_total{verdict=\"hold\"} %llu\n"
                  "kefu_shield_verdicts_total{verdict=\"block\"} %llu\n"
                  "kefu_shield_verdicts_total{verdict=\"deliver_flagged\"} %llu\n"
                  "# HELP kefu_shield_verdict_cache_hits_total Texts a reviewer had decided.\n"
                  "# TYPE kefu_shield_verdict_cache_hits_total counter\n"
                  "kefu_shield_verdict_cache_hits_total %llu\n"
                  "# HELP kefu_shield_suspensions_total Automatic sender suspensions.\n"
                  "# TYPE kefu_shield_suspensions_total counter\n"
                  "kefu_shield_suspensions_total %llu\n"
                  "# HELP kefu_shield_cache_entries Entries in the real-time cache.\n"
                  "# TYPE kefu_shield_cache_entries gauge\nkefu_shield_cache_entries %zu\n"
                  "# HELP kefu_shield_rules Compiled keyword and regex rules.\n"
                  "# TYPE kefu_shield_rules gauge\nkefu_shield_rules %zu\n"
                  "# HELP kefu_shield_judge_seconds Time to judge one message.\n"
                  "# TYPE kefu_shield_judge_seconds histogram\n",
                  (unsigned long long)sh->judged, (unsigned long long)sh->held,
                  (unsigned long long)sh->blocked, (unsigned long long)sh->delivered_flagged,
                  (unsigned long long)sh->cache_hits, (unsigned long long)sh->suspended,
                  kf_cache_size(sh->cache), kf_rules_count(sh->c->rules));
    for (int b = 0; b < 16; b++) {
        cum += sh->lat_hist[b];
        if (b < 15)
            kf_buf_printf(out, "kefu_shield_judge_seconds_bucket{le=\"%g\"} %llu\n",
                          (double)(1ull << b) / 1e6, (unsigned long long)cum);
    }
    kf_buf_printf(out,
                  "kefu_shield_judge_seconds_bucket{le=\"+Inf\"} %llu\n"
                  "kefu_shield_judge_seconds_sum %g\nkefu_shield_judge_seconds_count %llu\n",
                  (unsigned long long)cum, (double)sh->lat_us_sum / 1e6,
                  (unsigned long long)cum);
}
