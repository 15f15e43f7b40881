/* SPDX-License-Identifier: MIT
 *
 * held.c -- messages held for review: reading their whole text and carrying
 * out a reviewer's decision. A held message is not in any queue (the store
 * has it in state HELD); releasing it commits the ENROUTE state and then
 * queues it, rejecting it ends it as REJECTED with a receipt when asked.
 * The other held parts of the same long message go with it.
 */
#include "hub/hub_int.h"

#include <inttypes.h>
#include <string.h>

#define GROUP_MAX 255

struct group {
    const struct kf_msg *first;     /* the message asked for */
    struct kf_sms_concat c;
    int concat;
    struct kf_msg *parts[GROUP_MAX]; /* owned; by seq - 1, or [0] for a short one */
    int n;
};

static int same_group(void *arg, const struct kf_msg *m)
{
    struct group *g = arg;
    struct kf_sms_concat c;

    if (m->state != KF_MSG_HELD || strcmp(m->src, g->first->src) != 0 ||
        strcmp(m->dst, g->first->dst) != 0 || m->origin_acct != g->first->origin_acct)
        return 0;
    if (!kf_hub__concat_of(m, &c) || c.ref != g->c.ref || c.total != g->c.total ||
        c.ref16 != g->c.ref16 || c.seq == 0 || g->parts[c.seq - 1])
        return 0;
    g->parts[c.seq - 1] = kf_store_msg_new();
    *g->parts[c.seq - 1] = *m;
    /* deep copies of the owned buffers */
    g->parts[c.seq - 1]->sm = m->sm ? kf_xmemdup(m->sm, m->sm_len) : NULL;
    g->parts[c.seq - 1]->tlvs = m->tlvs ? kf_xmemdup(m->tlvs, m->tlv_len) : NULL;
    g->parts[c.seq - 1]->reasons = m->reasons ? kf_xstrdup(m->reasons) : NULL;
    g->n++;
    return 0;
}

static void group_free(struct group *g)
{
    for (int i = 0; i < GROUP_MAX; i++)
        kf_store_msg_free(g->parts[i]);
}

/* Loads held message id and its held sibling parts. */
static int load_group(kf_hub *h, int64_t id, struct group *g)
{
    struct kf_msg *m = NULL;
    int rc = kf_store_msg_get(h->store, id, &m);

    memset(g, 0, sizeof *g);
    if (rc)
        return rc;
    g->first = m;
    g->concat = kf_hub__concat_of(m, &g->c);
    if (!g->concat) {
        g->parts[0] = m;
        g->n = 1;
        return 0;
    }
    rc = kf_store_msg_by_number(h->store, m->dst, 1024, same_group, g);
    if (g->n == 0) { /* it was not held itself */
        g->parts[0] = m;
        g->n = 1;
        return rc;
    }
    kf_store_msg_free(m);
    g->first = NULL;
    return rc;
}

int kf_hub_msg_text(kf_hub *h, int64_t id, struct kf_buf *out)
{
    struct group g;
    int rc = load_group(h, id, &g);

    if (rc == 0)
        for (int i = 0; i < GROUP_MAX; i++)
            if (g.parts[i])
                kf_hub__text_of(g.parts[i], out);
    group_free(&g);
    return rc;
}

int kf_hub_decide_held(kf_hub *h, int64_t id, int verdict, int64_t *ids, int max)
{
    struct group g;
    struct kf_store_op ops[GROUP_MAX];
    struct kf_msg *msgs[GROUP_MAX];
    size_t n = 0;
    int rc = load_group(h, id, &g), count = 0;

    if (rc)
        return rc;
    h->now_ms = kf_loop_now_ms(h->loop);
    for (int i = 0; i < GROUP_MAX; i++) {
        struct kf_msg *m = g.parts[i];
        if (m == NULL || m->state != KF_MSG_HELD || kf_map_get(&h->items, (uint64_t)m->id))
            continue;
        g.parts[i] = NULL;
        if (count < max)
            ids[count] = m->id;
        count++;
        m->verdict = (uint8_t)verdict;
        if (verdict != KF_DELIVER) {
            m->state = KF_MSG_REJECTED;
            h->met.rejected++;
            kf_hub__enqueue(h, m); /* ends it: REJECTED, receipt when asked */
            continue;
        }
        m->state = KF_MSG_ENROUTE;
        m->next_ms = 0;
        memset(&ops[n], 0, sizeof ops[n]);
        ops[n].type = KF_STORE_STATE;
        ops[n].id = m->id;
        ops[n].state = KF_MSG_ENROUTE;
        ops[n].attempts = m->attempts;
        ops[n].reasons = kf_xstrdup(m->reasons ? m->reasons : "[]");
        ops[n].verdict = KF_DELIVER;
        msgs[n++] = m;
    }
    if (n)
        kf_hub__commit_then_queue(h, ops, n, msgs, n);
    group_free(&g);
    KF_INFO("hub", "ev=held_decided msg=%" PRId64 " verdict=%d parts=%d", id, verdict, count);
    return count ? count : KF_ENOENT;
}
