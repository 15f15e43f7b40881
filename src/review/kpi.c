/* SPDX-License-Identifier: MIT
 *
 * kpi.c -- the handling KPIs over a period, per kind of item and overall:
 *   processing rate 处理率  handled / received
 *   timeliness rate 及时率  handled within the SLA / items due (handled, plus
 *                           open items already past their SLA)
 *   accuracy rate   准确率  audited correct / audited
 * "Received" are the items created in the period. Also the labelled texts
 * export for retraining.
 */
#include "review/review_int.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>

struct tally {
    int64_t received, handled, in_time, overdue_open, audited, correct;
};

struct kpi_ctx {
    kf_review *r;
    int64_t now, last;
    int n;
    struct tally t[2];
};

static int count_one(void *arg, const struct kf_review_item *it)
{
    struct kpi_ctx *c = arg;
    struct tally *t = &c->t[it->kind == KF_REVIEW_HELD ? 0 : 1];
    int64_t sla = it->kind == KF_REVIEW_HELD ? c->r->conf.held_sla_ms : c->r->conf.report_sla_ms;

    c->last = it->id;
    c->n++;
    t->received++;
    if (it->state) {
        t->handled++;
        t->in_time += it->handled_ms - it->created_ms <= sla;
    } else if (c->now - it->created_ms > sla) {
        t->overdue_open++;
    }
    if (it->audit >= 0) {
        t->audited++;
        t->correct += it->audit == 1;
    }
    return 0;
}

static json_t *rate(int64_t num, int64_t den)
{
    return den ? json_real((double)num / (double)den) : json_null();
}

static json_t *tally_obj(const struct tally *t)
{
    json_t *o = json_object();
    json_object_set_new(o, "received", json_integer(t->received));
    json_object_set_new(o, "handled", json_integer(t->handled));
    json_object_set_new(o, "handled_in_time", json_integer(t->in_time));
    json_object_set_new(o, "open_overdue", json_integer(t->overdue_open));
    json_object_set_new(o, "audited", json_integer(t->audited));
    json_object_set_new(o, "audited_correct", json_integer(t->correct));
    json_object_set_new(o, "processing_rate", rate(t->handled, t->received));
    json_object_set_new(o, "timeliness_rate", rate(t->in_time, t->handled + t->overdue_open));
    json_object_set_new(o, "accuracy_rate", rate(t->correct, t->audited));
    return o;
}

int kf_review_kpi_json(kf_review *r, int64_t from_ms, int64_t to_ms, int64_t now_ms,
                       struct kf_buf *out)
{
    struct kpi_ctx c;
    struct tally all;
    json_t *o;
    char *s;
    int rc;

    memset(&c, 0, sizeof c);
    c.r = r;
    c.now = now_ms;
    do { /* in pages, so a month of items does not sit in one statement */
        c.n = 0;
        rc = kf_store_review_each(r->store, -1, from_ms, to_ms, c.last, 10000, count_one, &c);
    } while (rc == 0 && c.n == 10000);
    if (rc)
        return rc;
    all.received = c.t[0].received + c.t[1].received;
    all.handled = c.t[0].handled + c.t[1].handled;
    all.in_time = c.t[0].in_time + c.t[1].in_time;
    all.overdue_open = c.t[0].overdue_open + c.t[1].overdue_open;
    all.audited = c.t[0].audited + c.t[1].audited;
    all.correct = c.t[0].correct + c.t[1].correct;
    o = json_object();
    json_object_set_new(o, "from_ms", json_integer(from_ms));
    json_object_set_new(o, "to_ms", json_integer(to_ms));
    json_object_set_new(o, "held_sla_ms", json_integer(r->conf.held_sla_ms));
    json_object_set_new(o, "report_sla_ms", json_integer(r->conf.report_sla_ms));
    json_object_set_new(o, "held", tally_obj(&c.t[0]));
    json_object_set_new(o, "reported", tally_obj(&c.t[1]));
    json_object_set_new(o, "all", tally_obj(&all));
    s = json_dumps(o, JSON_COMPACT);
    json_decref(o);
    if (s)
        kf_buf_puts(out, s);
    free(s);
    return 0;
}

static int label_line(void *arg, int label, const char *text)
{
    struct kf_buf *out = arg;
    kf_buf_puts(out, label ? "spam\t" : "ham\t");
    for (; *text; text++) /* one line per example */
        kf_buf_putc(out, *text == '\n' || *text == '\t' || *text == '\r' ? ' ' : *text);
    kf_buf_putc(out, '\n');
    return 0;
}

int kf_review_labels(kf_review *r, struct kf_buf *out)
{
    return kf_store_label_each(r->store, label_line, out);
}
