/* SPDX-License-Identifier: MIT
 *
 * selfcare.c -- the self-service module's life (configuration keys, the
 * catalogue and its reload), account views, new subscribers, reminder
 * switches, channel history and the recommendation over real history.
 */
#include "selfcare/selfcare_int.h"

#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/base.h"

#define C(f) offsetof(struct kf_selfcare_conf, f)

const struct kf_conf_key kf_selfcare_keys[] = {
    {"catalog", KF_CONF_STR, C(catalog), "tariff/catalog.jsonl", 0, 0, NULL, "", 1,
     "The tariff catalogue (docs/internals/tariff.md); a relative path is taken from the "
     "share directory. SIGHUP or POST /api/v1/catalog/reload re-reads it; a file with errors "
     "is refused and the running catalogue stays."},
    {"tz_offset", KF_CONF_INT, C(tz_offset_min), "480", -720, 840, NULL, "minutes", 0,
     "The operator's time zone, minutes east of UTC (480 = Beijing). Billing cycles are "
     "calendar months and quiet hours are local times in this zone."},
    {"confirm_window", KF_CONF_DURATION, C(confirm_window_ms), "10m", 1000, 86400000, NULL,
     "", 1,
     "An order by SMS is done only when the subscriber answers 是 or Y within this time; "
     "nothing is charged before."},
    {"chunk", KF_CONF_INT, C(chunk), "20000", 1, 1000000, NULL, "records", 1,
     "Usage records rated per transaction. Bigger is faster (the accounts a transaction "
     "touches are written once) but holds the store's write lock longer."},
    {"rate_cache", KF_CONF_INT, C(rate_cache), "262144", 1024, 16777216, NULL, "accounts", 0,
     "Accounts rating keeps in memory between two writes of the accounts (about 400 bytes "
     "each). Each account is written once per settle, however many records it had: the "
     "more of a file's subscribers fit, the faster a big file is rated."},
    {"code_ttl", KF_CONF_DURATION, C(code_ttl_ms), "5m", 30000, 3600000, NULL, "", 1,
     "How long a web login code sent by SMS stays valid."},
    {"code_interval", KF_CONF_DURATION, C(code_interval_ms), "60s", 0, 3600000, NULL, "", 1,
     "Least time between two login codes for one number."},
    {"code_tries", KF_CONF_INT, C(code_tries), "5", 1, 100, NULL, "", 1,
     "Wrong answers allowed per login code."},
    {"code_daily", KF_CONF_INT, C(code_daily), "10", 1, 1000, NULL, "codes", 1,
     "Most login codes sent to one number per day."},
    {"session_idle", KF_CONF_DURATION, C(session_idle_ms), "30m", 60000, 86400000, NULL, "",
     1, "A web session ends after this long without a request."},
    {"session_max", KF_CONF_DURATION, C(session_max_ms), "12h", 60000, 604800000, NULL, "", 1,
     "A web session ends this long after login, however busy."},
};
const size_t kf_selfcare_nkeys = KF_ARRAY_LEN(kf_selfcare_keys);

static kf_catalog *load_catalog(const struct kf_selfcare_conf *conf, const char *share_dir,
                                char **err)
{
    char path[2 * KF_CONF_STR_MAX + 2];

    if (conf->catalog[0] == '/' || share_dir == NULL)
        snprintf(path, sizeof path, "%s", conf->catalog);
    else
        snprintf(path, sizeof path, "%s/%s", share_dir, conf->catalog);
    return kf_catalog_load(path, (int)conf->tz_offset_min * 60, err);
}

kf_selfcare *kf_selfcare_new(kf_store *s, const struct kf_selfcare_conf *conf,
                             const char *share_dir, char **err)
{
    kf_selfcare *sc;
    kf_catalog *cat;

    if (sodium_init() < 0) {
        *err = kf_xstrdup("libsodium failed to initialise");
        return NULL;
    }
    cat = load_catalog(conf, share_dir, err);
    if (cat == NULL)
        return NULL;
    sc = kf_xcalloc(1, sizeof *sc);
    sc->store = s;
    sc->cat = cat;
    sc->conf = *conf;
    sc->tz = (int)conf->tz_offset_min * 60;
    randombytes_buf(sc->code_key, sizeof sc->code_key);
    kf_selfcare__rate_init(sc);
    KF_INFO("selfcare", "ev=catalog_loaded items=%zu", kf_catalog_count(cat));
    if (kf_selfcare__replay(sc, kf_clock_wall_ms()) != 0) { /* after a crash */
        *err = kf_xstrdup("cannot apply the rating journal (store failure)");
        kf_selfcare_free(sc);
        return NULL;
    }
    return sc;
}

int kf_selfcare_reload(kf_selfcare *sc, const struct kf_selfcare_conf *conf,
                       const char *share_dir, char **err)
{
    kf_catalog *cat = load_catalog(conf, share_dir, err);

    if (cat == NULL)
        return KF_EINVAL;
    kf_catalog_free(sc->cat);
    sc->cat = cat;
    kf_conf_copy_reloadable(kf_selfcare_keys, kf_selfcare_nkeys, &sc->conf, conf);
    KF_INFO("selfcare", "ev=catalog_reloaded items=%zu", kf_catalog_count(cat));
    return 0;
}

void kf_selfcare_free(kf_selfcare *sc)
{
    if (sc == NULL)
        return;
    if (sc->rate && kf_selfcare_settle(sc, kf_clock_wall_ms()) != 0)
        KF_WARN("selfcare", "ev=settle_fail at=exit (the journal is applied at next start)");
    kf_selfcare__rate_free(sc);
    kf_catalog_free(sc->cat);
    sodium_memzero(sc->code_key, sizeof sc->code_key);
    free(sc);
}

const kf_catalog *kf_selfcare_catalog(const kf_selfcare *sc)
{
    return sc->cat;
}

int kf_selfcare_tz(const kf_selfcare *sc)
{
    return sc->tz;
}

void kf_selfcare_on_rated(kf_selfcare *sc, kf_selfcare_rated_fn fn, void *ctx)
{
    sc->rated = fn;
    sc->rated_ctx = ctx;
}

const char *kf_selfcare__family(const kf_selfcare *sc, const struct kf_sub *sub)
{
    const struct kf_item *p = kf_catalog_get(sc->cat, sub->plan_id);
    return p ? p->family : "";
}

int kf_selfcare__held(kf_selfcare *sc, const char *number, int64_t at_ms,
                      struct kf_sub_item *out, int max)
{
    return kf_store_item_list(sc->store, number, -1, at_ms, at_ms + 1, out, max);
}

/* ------------------------------------------------------------ views */

void kf_selfcare_mask_name(const char *name, char *out, size_t cap)
{
    size_t n = 0, i = 0;

    if (cap == 0)
        return;
    /* keep the first UTF-8 character, then one '*' per character */
    if (name[0]) {
        size_t first = 1;
        while (name[first] && ((unsigned char)name[first] & 0xC0) == 0x80)
            first++;
        if (first < cap) {
            memcpy(out, name, first);
            n = first;
        }
        i = first;
    }
    for (; name[i]; i++)
        if (((unsigned char)name[i] & 0xC0) != 0x80 && n + 1 < cap)
            out[n++] = '*';
    out[n] = '\0';
}

int kf_selfcare_view(kf_selfcare *sc, const char *number, int64_t now_ms,
                     struct kf_account_view *out)
{
    int rc, opened = 0;

    memset(out, 0, sizeof *out);
    if (kf_selfcare_settle(sc, now_ms) || kf_store_begin(sc->store))
        return KF_ESTORE;
    rc = kf_store_sub_get(sc->store, number, &out->sub);
    if (rc == 0)
        rc = kf_selfcare__cycle(sc, &out->sub, kf_cycle_of(now_ms, sc->tz), now_ms, &out->cycle,
                                &opened);
    if (rc == 0 && opened)
        rc = kf_store_sub_put(sc->store, &out->sub);
    if (rc) {
        kf_store_rollback(sc->store);
        return rc == KF_ERANGE ? KF_ENOENT : rc;
    }
    if (kf_store_commit(sc->store))
        return KF_ESTORE;
    out->plan = kf_catalog_get(sc->cat, out->sub.plan_id);
    if (out->sub.pending_plan_id[0])
        out->pending = kf_catalog_get(sc->cat, out->sub.pending_plan_id);
    for (int t = 0; t < KF_USE_N; t++)
        out->incl[t] = (out->plan ? out->plan->incl[t] : 0) + out->cycle.extra[t];
    out->spend_fen = out->cycle.fees_fen + out->cycle.overage_fen;
    out->nitems = kf_selfcare__held(sc, number, now_ms, out->items, KF_VIEW_ITEMS);
    if (out->nitems < 0)
        out->nitems = 0;
    return 0;
}

int kf_selfcare_create(kf_selfcare *sc, const char *number, const char *name,
                       const char *plan_id, int64_t balance_fen, int64_t now_ms)
{
    const struct kf_item *p = kf_catalog_get(sc->cat, plan_id);
    struct kf_sub sub;
    struct kf_sub_cycle cyc;
    int opened, rc;

    if (p == NULL || p->kind != KF_ITEM_PLAN || strlen(number) >= sizeof sub.number)
        return KF_EINVAL;
    if (kf_selfcare_settle(sc, now_ms))
        return KF_ESTORE;
    if (kf_store_sub_get(sc->store, number, &sub) == 0)
        return KF_EEXIST;
    memset(&sub, 0, sizeof sub);
    snprintf(sub.number, sizeof sub.number, "%s", number);
    snprintf(sub.name, sizeof sub.name, "%s", name);
    snprintf(sub.plan_id, sizeof sub.plan_id, "%s", plan_id);
    sub.balance_fen = balance_fen;
    sub.plan_since_ms = sub.joined_ms = sub.updated_ms = now_ms;
    sub.remind_flags = KF_REMIND_DATA | KF_REMIND_BALANCE;
    if (kf_store_begin(sc->store))
        return KF_ESTORE;
    rc = kf_selfcare__cycle(sc, &sub, kf_cycle_of(now_ms, sc->tz), now_ms, &cyc, &opened);
    if (rc == 0)
        rc = kf_store_sub_put(sc->store, &sub);
    if (rc == 0)
        rc = kf_store_contact_add(sc->store, number, "system", now_ms, "开户");
    if (rc) {
        kf_store_rollback(sc->store);
        return KF_ESTORE;
    }
    return kf_store_commit(sc->store);
}

int kf_selfcare_set_reminders(kf_selfcare *sc, const char *number, int flags,
                              int64_t spend_limit_fen, const char *channel, int64_t now_ms)
{
    struct kf_sub sub;
    struct kf_sub_op op;
    int rc;

    if (kf_selfcare_settle(sc, now_ms) || kf_store_begin(sc->store))
        return KF_ESTORE;
    rc = kf_store_sub_get(sc->store, number, &sub);
    if (rc == 0) {
        memset(&op, 0, sizeof op);
        snprintf(op.number, sizeof op.number, "%s", number);
        snprintf(op.op, sizeof op.op, "reminders");
        snprintf(op.channel, sizeof op.channel, "%s", channel);
        snprintf(op.before, sizeof op.before, "{\"flags\":%d,\"spend_limit\":%lld}",
                 sub.remind_flags, (long long)sub.spend_limit_fen);
        sub.remind_flags = flags & (KF_REMIND_DATA | KF_REMIND_BALANCE | KF_REMIND_SPEND);
        sub.spend_limit_fen = spend_limit_fen;
        sub.updated_ms = now_ms;
        snprintf(op.after, sizeof op.after, "{\"flags\":%d,\"spend_limit\":%lld}",
                 sub.remind_flags, (long long)sub.spend_limit_fen);
        snprintf(op.result, sizeof op.result, "ok");
        op.at_ms = now_ms;
        rc = kf_store_sub_put(sc->store, &sub);
        if (rc == 0)
            rc = kf_store_op_add(sc->store, &op);
        if (rc == 0)
            rc = kf_store_contact_add(sc->store, number, channel, now_ms, "提醒设置");
    }
    if (rc) {
        kf_store_rollback(sc->store);
        return rc;
    }
    return kf_store_commit(sc->store);
}

void kf_selfcare_contact(kf_selfcare *sc, const char *number, const char *channel,
                         const char *what, int64_t now_ms)
{
    if (kf_store_contact_add(sc->store, number, channel, now_ms, what))
        KF_WARN("selfcare", "ev=contact_fail channel=%s", channel);
}

/* --------------------------------------------------- recommendation */

int kf_selfcare_recommend(kf_selfcare *sc, const char *number, int64_t now_ms,
                          struct kf_rec *out, int max)
{
    struct kf_sub sub;
    struct kf_sub_cycle cyc[KF_REC_CYCLES];
    struct kf_usage u[KF_REC_CYCLES];
    struct kf_sub_item items[KF_SC_MAX_HELD];
    const char *held[KF_SC_MAX_HELD];
    struct kf_sub_profile p;
    int n, nheld, rc;

    if (kf_selfcare_settle(sc, now_ms))
        return KF_ESTORE;
    rc = kf_store_sub_get(sc->store, number, &sub);
    if (rc)
        return rc;
    n = kf_store_cycle_recent(sc->store, number, kf_cycle_of(now_ms, sc->tz), cyc,
                              KF_REC_CYCLES);
    if (n <= 0)
        return n;
    for (int k = 0; k < n; k++)
        for (int t = 0; t < KF_USE_N; t++)
            u[k].amount[t] = cyc[k].used[t];
    nheld = kf_selfcare__held(sc, number, now_ms, items, KF_SC_MAX_HELD);
    for (int i = 0; i < nheld; i++)
        held[i] = items[i].item_id;
    p.plan_id = sub.plan_id;
    p.family = kf_selfcare__family(sc, &sub);
    p.joined_ms = sub.joined_ms;
    p.held = held;
    p.nheld = nheld > 0 ? nheld : 0;
    return kf_recommend(sc->cat, &p, u, n, now_ms, out, max);
}
