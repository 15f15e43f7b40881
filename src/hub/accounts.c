/* SPDX-License-Identifier: MIT
 *
 * accounts.c -- the in-memory account table: every industry port and
 * network link, indexed by id and (ports) by number for MO routing, with the
 * per-account token bucket that enforces the registered throughput.
 */
#include "hub/hub_int.h"

#include <string.h>

struct acct *kf_hub__acct_by_id(kf_hub *h, int64_t id)
{
    return kf_map_get(&h->acct_by_id, (uint64_t)id);
}

struct acct *kf_hub__acct_by_sysid(kf_hub *h, const char *system_id)
{
    for (struct acct *a = h->accts; a; a = a->next_all)
        if (!a->gone && strcmp(a->a.system_id, system_id) == 0)
            return a;
    return NULL;
}

void kf_hub__acct_index(kf_hub *h, struct acct *a)
{
    size_t len = strlen(a->a.number);

    kf_map_put(&h->acct_by_id, (uint64_t)a->a.id, a);
    if (a->a.kind != KF_ACCT_PORT || len == 0 || a->gone)
        return;
    kf_map_put(&h->port_by_number, kf_map_hash_str(a->a.number, len), a);
    if (h->port_len_min == 0 || len < h->port_len_min)
        h->port_len_min = len;
    if (len > h->port_len_max)
        h->port_len_max = len;
}

struct acct *kf_hub__port_for_dst(kf_hub *h, const char *dst)
{
    size_t len = strlen(dst);
    size_t top = len < h->port_len_max ? len : h->port_len_max;

    for (size_t n = top; n >= h->port_len_min && n > 0; n--) {
        struct acct *a = kf_map_get(&h->port_by_number, kf_map_hash_str(dst, n));
        if (a && !a->gone && strlen(a->a.number) == n && strncmp(a->a.number, dst, n) == 0)
            return a;
    }
    return NULL;
}

int kf_hub__acct_take_token(struct acct *a, int64_t now)
{
    double rate = a->a.tps > 0 ? (double)a->a.tps : 1.0;

    if (a->tokens_ms == 0) {
        a->tokens = rate;
        a->tokens_ms = now;
    }
    if (now > a->tokens_ms) {
        a->tokens += rate * (double)(now - a->tokens_ms) / 1000.0;
        /* Burst up to one second's worth. */
        if (a->tokens > rate)
            a->tokens = rate;
        a->tokens_ms = now;
    }
    if (a->tokens < 1.0)
        return 0;
    a->tokens -= 1.0;
    return 1;
}

static int load_one(void *arg, const struct kf_account *src)
{
    kf_hub *h = arg;
    struct acct *a = kf_xcalloc(1, sizeof *a);

    a->a = *src;
    a->dq.label = "port";
    kf_hub__acct_parse_sigs(a);
    a->next_all = h->accts;
    h->accts = a;
    kf_hub__acct_index(h, a);
    return 0;
}

int kf_hub__accounts_load(kf_hub *h, char **err)
{
    if (kf_store_account_each(h->store, load_one, h) != 0) {
        *err = kf_xstrdup("cannot read accounts from the store");
        return KF_ESTORE;
    }
    return 0;
}

void kf_hub_account_changed(kf_hub *h, const char *system_id)
{
    struct kf_account fresh;
    struct acct *a = kf_hub__acct_by_sysid(h, system_id);
    int found = kf_store_account_get(h->store, system_id, &fresh) == 0;

    if (a == NULL && !found)
        return;
    if (a == NULL) {
        load_one(h, &fresh);
        return;
    }
    /* Re-index: the number may have changed. */
    if (a->a.kind == KF_ACCT_PORT && a->a.number[0])
        kf_map_del(&h->port_by_number, kf_map_hash_str(a->a.number, strlen(a->a.number)));
    int rebind = 0;
    if (!found) {
        a->gone = 1;
    } else {
        if (strcmp(a->a.pw_hash, fresh.pw_hash) != 0)
            a->pw_digest_set = 0;
        /* A session drains the queue of the account's kind: a new kind (or
         * number) means new sessions. */
        rebind = a->a.kind != fresh.kind || strcmp(a->a.number, fresh.number) != 0;
        a->a = fresh;
        kf_hub__acct_parse_sigs(a);
    }
    kf_hub__acct_index(h, a);
    if (a->gone || rebind || a->a.status != KF_ACCT_ACTIVE) {
        struct sess *s, *next;
        for (s = h->sessions; s; s = next) {
            next = s->next_all;
            if (s->acct == a)
                kf_hub__sess_unbind(s);
        }
    }
}
