/* SPDX-License-Identifier: MIT
 *
 * assemble.c -- long messages are judged whole. When pipeline stages are
 * active, each stored part of a concatenated message (UDH or SAR) waits here
 * until its siblings arrive; the joined text then goes through the pipeline
 * once and the verdict applies to every part: all are delivered, held or
 * blocked together. A group not complete after hub.concat_wait is judged on
 * the parts present. Parts are already stored (ENROUTE) while they wait, so
 * a restart loses nothing: recovery puts them back here.
 */
#include "hub/hub_int.h"

#include <inttypes.h>
#include <string.h>

struct asm_group {
    struct asm_group *next;
    int64_t origin_acct;
    char src[66], dst[66];
    struct kf_sms_concat c;
    uint8_t data_coding;
    int64_t first_ms;
    int have;
    struct kf_msg *parts[255]; /* by seq - 1; owned */
};

int kf_hub__assemble_wanted(kf_hub *h, const struct kf_msg *m)
{
    int inspecting = kf_hub__inspecting(h);
    if (m->kind == KF_MSGK_RECEIPT || !kf_hub__concat_of(m, NULL))
        return 0;
    return inspecting || m->route_kind == KF_ROUTE_SERVICE;
}

static int same_group(const struct asm_group *g, const struct kf_msg *m,
                      const struct kf_sms_concat *c)
{
    return g->origin_acct == m->origin_acct && g->c.ref == c->ref && g->c.total == c->total &&
           g->c.ref16 == c->ref16 && strcmp(g->src, m->src) == 0 && strcmp(g->dst, m->dst) == 0;
}

/* Joins the payload bytes of the parts present, in order, and decodes them
 * once (so a character split across two parts still decodes). */
static void group_text(const struct asm_group *g, struct kf_buf *out)
{
    struct kf_buf raw;
    kf_buf_init(&raw, 255 * 160);
    for (int i = 0; i < g->c.total; i++) {
        const struct kf_msg *m = g->parts[i];
        struct kf_sms_udh udh;
        size_t skip = 0;
        if (m == NULL)
            continue;
        if ((m->esm_class & KF_ESM_UDHI) && kf_sms_udh_parse(m->sm, m->sm_len, &udh) == 0)
            skip = udh.len;
        if (m->sm_len > skip)
            kf_buf_append(&raw, m->sm + skip, m->sm_len - skip);
    }
    kf_sms_to_utf8(kf_sms_charset_of(g->data_coding), raw.data ? raw.data : (const uint8_t *)"",
                   raw.len, out);
    kf_buf_deinit(&raw);
}

static void hold_part(kf_hub *h, struct kf_msg *m)
{
    struct kf_store_op op;
    memset(&op, 0, sizeof op);
    op.type = KF_STORE_STATE;
    op.id = m->id;
    op.state = KF_MSG_HELD;
    op.reasons = kf_xstrdup(m->reasons ? m->reasons : "[]");
    op.verdict = m->verdict;
    if (kf_store_submit(h->store, &op, 1, NULL, NULL) != 0)
        free(op.reasons);
    kf_store_msg_free(m); /* the review queue reloads held messages */
}

/* Judges a group and hands its parts on; frees the group. */
static void judge_group(kf_hub *h, struct asm_group *g)
{
    struct kf_buf text;
    struct kf_msg *first = NULL;
    char *reasons = NULL;
    int verdict;

    for (int i = 0; i < g->c.total && !first; i++)
        first = g->parts[i];
    kf_buf_init(&text, 255 * 320);
    group_text(g, &text);
    verdict = kf_hub__judge(h, first, kf_buf_str(&text), text.len, g->have,
                            kf_hub__acct_by_id(h, g->origin_acct), &reasons);
    h->pending -= (size_t)g->have; /* counted again where the parts go next */
    if (verdict == KF_DELIVER && kf_hub__svc_for(h, first)) {
        struct kf_msg *parts[255];
        int n = 0;
        for (int i = 0; i < g->c.total; i++)
            if (g->parts[i])
                parts[n++] = g->parts[i];
        kf_hub__service_handle(h, kf_hub__svc_for(h, first), parts, n, kf_buf_str(&text));
        kf_buf_deinit(&text);
        free(reasons);
        free(g);
        return;
    }
    kf_buf_deinit(&text);
    for (int i = 0; i < g->c.total; i++) {
        struct kf_msg *m = g->parts[i];
        if (m == NULL)
            continue;
        if (verdict != KF_DELIVER) {
            m->reasons = kf_xstrdup(reasons);
            m->verdict = (uint8_t)verdict;
            m->state = verdict == KF_HOLD ? KF_MSG_HELD : KF_MSG_REJECTED;
        }
        if (m->state == KF_MSG_HELD)
            hold_part(h, m);
        else
            kf_hub__enqueue(h, m);
    }
    if (verdict == KF_HOLD)
        h->met.held++;
    else if (verdict == KF_BLOCK)
        h->met.rejected++;
    free(reasons);
    free(g);
}

static void unlink_group(kf_hub *h, struct asm_group *g)
{
    struct asm_group **pp = &h->groups;
    while (*pp && *pp != g)
        pp = &(*pp)->next;
    if (*pp) {
        *pp = g->next;
        h->ngroups--;
    }
}

void kf_hub__assemble_add(kf_hub *h, struct kf_msg *m)
{
    struct kf_sms_concat c;
    struct asm_group *g;

    if (!kf_hub__concat_of(m, &c)) {
        kf_hub__enqueue(h, m);
        return;
    }
    for (g = h->groups; g; g = g->next)
        if (same_group(g, m, &c))
            break;
    if (g && g->parts[c.seq - 1]) {
        /* The same part again (a resubmission): judge what we have, start over. */
        unlink_group(h, g);
        judge_group(h, g);
        g = NULL;
    }
    if (g == NULL) {
        g = kf_xcalloc(1, sizeof *g);
        g->origin_acct = m->origin_acct;
        memcpy(g->src, m->src, sizeof g->src);
        memcpy(g->dst, m->dst, sizeof g->dst);
        g->c = c;
        g->data_coding = m->data_coding;
        g->first_ms = h->now_ms;
        g->next = h->groups;
        h->groups = g;
        h->ngroups++;
    }
    g->parts[c.seq - 1] = m;
    g->have++;
    h->pending++; /* waiting here counts against hub.max_pending too */
    if (g->have == g->c.total) {
        unlink_group(h, g);
        judge_group(h, g);
    }
}

void kf_hub__assemble_expire(kf_hub *h, int64_t now, int all)
{
    struct asm_group *g = h->groups, *next;
    for (; g; g = next) {
        next = g->next;
        if (all || now - g->first_ms >= h->conf.concat_wait_ms) {
            KF_INFO("hub", "ev=concat_incomplete parts=%d total=%d", g->have, g->c.total);
            unlink_group(h, g);
            judge_group(h, g);
        }
    }
}

void kf_hub__assemble_free(kf_hub *h)
{
    struct asm_group *g = h->groups, *next;
    for (; g; g = next) {
        next = g->next;
        for (int i = 0; i < g->c.total; i++)
            kf_store_msg_free(g->parts[i]);
        h->pending -= (size_t)g->have;
        free(g);
    }
    h->groups = NULL;
    h->ngroups = 0;
}
