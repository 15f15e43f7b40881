/* SPDX-License-Identifier: MIT
 *
 * shield.c -- the shield's life: configuration keys, loading the model,
 * rules and domain lists (and swapping them on reload), the cache, and the
 * small services the review side uses (fingerprints, verdicts, reports).
 */
#include "shield/shield_int.h"

#include "base/clock.h"

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define SH_KEY(name, type, field, def, min, max, unit, reload, help) \
    {name, type, offsetof(struct kf_shield_conf, field), def, min, max, NULL, unit, reload, help}

const struct kf_conf_key kf_shield_keys[] = {
    SH_KEY("enabled", KF_CONF_BOOL, enabled, "yes", 0, 0, "", 1,
           "Judge every message to a subscriber (from industry ports and, with inspect_links, "
           "from network links)."),
    SH_KEY("model", KF_CONF_STR, model, "", 0, 0, "", 1,
           "Classifier model file (kefu-train); empty = the shipped data/model.bin."),
    SH_KEY("rules", KF_CONF_STR, rules, "", 0, 0, "", 1,
           "Fraud and spam pattern file; empty = the shipped data/shield/rules.txt."),
    SH_KEY("domains", KF_CONF_STR, domains, "", 0, 0, "", 1,
           "Brand domains, shorteners and risky TLDs; empty = data/shield/domains.txt."),
    SH_KEY("inspect_links", KF_CONF_BOOL, inspect_links, "yes", 0, 0, "", 1,
           "Also judge messages arriving from network links (subscribers of other networks "
           "and of ours texting our subscribers)."),
    SH_KEY("hold_score", KF_CONF_INT, hold_score, "60", 1, 10000, "points", 1,
           "A message whose risk score reaches this is held for review."),
    SH_KEY("block_score", KF_CONF_INT, block_score, "100", 1, 10000, "points", 1,
           "A message whose risk score reaches this is blocked."),
    SH_KEY("model_points", KF_CONF_INT, model_points, "60", 0, 1000, "points", 1,
           "Points when the classifier's spam probability reaches the model's threshold."),
    SH_KEY("model_max_points", KF_CONF_INT, model_max_points, "90", 0, 1000, "points", 1,
           "Points at probability 1 (linear from the threshold)."),
    SH_KEY("model_weak_points", KF_CONF_INT, model_weak_points, "25", 0, 1000, "points", 1,
           "Points when the probability is at least half the threshold."),
    SH_KEY("trusted_model_share", KF_CONF_INT, trusted_model_share, "50", 0, 100, "%", 1,
           "Share of the classifier's points counted for a trusted port (real-name, "
           "registered signature present): registered marketing with an opt-out is legal, and "
           "the classifier cannot tell it from spam; fraud still shows in rules and URLs."),
    SH_KEY("trusted_port_points", KF_CONF_INT, trusted_port_points, "-35", -1000, 0, "points",
           1,
           "Points (negative) for a real-name port whose message carries one of its "
           "registered signatures."),
    SH_KEY("unregistered_signature_points", KF_CONF_INT, unregistered_signature_points, "40", 0,
           1000, "points", 1,
           "Points for an industry-port message without one of the port's registered "
           "signatures."),
    SH_KEY("template_points", KF_CONF_INT, template_points, "-20", -1000, 0, "points", 1,
           "Points (negative) for a port message that follows one of the port's filed "
           "templates (port.template list)."),
    SH_KEY("off_template_points", KF_CONF_INT, off_template_points, "20", 0, 1000, "points", 1,
           "Points for a message from a port that filed templates but follows none of them."),
    SH_KEY("unverified_port_points", KF_CONF_INT, unverified_port_points, "30", 0, 1000,
           "points", 1, "Points for a port without real-name verification."),
    SH_KEY("sender_hour_limit", KF_CONF_INT, sender_hour_limit, "200", 0, 1000000, "msgs", 1,
           "Messages a subscriber number may send per hour (the published 200/h rule); "
           "0 = no limit."),
    SH_KEY("sender_day_limit", KF_CONF_INT, sender_day_limit, "1000", 0, 10000000, "msgs", 1,
           "Messages a subscriber number may send per day; 0 = no limit."),
    SH_KEY("port_hour_limit", KF_CONF_INT, port_hour_limit, "0", 0, 100000000, "msgs", 1,
           "Messages an industry port may send per hour; 0 = no limit (ports have TPS)."),
    SH_KEY("port_day_limit", KF_CONF_INT, port_day_limit, "0", 0, 1000000000, "msgs", 1,
           "Messages an industry port may send per day; 0 = no limit."),
    SH_KEY("limit_points", KF_CONF_INT, limit_points, "100", 0, 1000, "points", 1,
           "Points for a sender over its hourly or daily limit."),
    SH_KEY("burst_recipients", KF_CONF_INT, burst_recipients, "50", 2, 100000, "numbers", 1,
           "A subscriber number texting this many distinct numbers within an hour is "
           "bursting."),
    SH_KEY("burst_points", KF_CONF_INT, burst_points, "60", 0, 1000, "points", 1,
           "Points for a burst."),
    SH_KEY("sequential_run", KF_CONF_INT, sequential_run, "8", 2, 64, "numbers", 1,
           "A subscriber number texting this many consecutive numbers (按号段) is "
           "scanning."),
    SH_KEY("sequential_points", KF_CONF_INT, sequential_points, "60", 0, 1000, "points", 1,
           "Points for sequential recipients."),
    SH_KEY("campaign_senders", KF_CONF_INT, campaign_senders, "10", 2, 100000, "senders", 1,
           "The same or a near-same text from this many subscriber numbers within an hour is "
           "a campaign."),
    SH_KEY("campaign_points", KF_CONF_INT, campaign_points, "40", 0, 1000, "points", 1,
           "Points for a campaign text (not enough alone to hold: greetings spread too)."),
    SH_KEY("report_points", KF_CONF_INT, report_points, "25", 0, 1000, "points", 1,
           "Points per subscriber who reported the sender to 10086999 in the last 72 h."),
    SH_KEY("report_max_points", KF_CONF_INT, report_max_points, "75", 0, 1000, "points", 1,
           "Most points reports can add."),
    SH_KEY("auto_suspend", KF_CONF_BOOL, auto_suspend, "yes", 0, 0, "", 1,
           "Suspend a subscriber number that goes over its daily limit (sender.suspended "
           "list, for suspend_time)."),
    SH_KEY("suspend_time", KF_CONF_DURATION, suspend_ms, "24h", 60000, 0, "", 1,
           "How long an automatic suspension lasts."),
    SH_KEY("verdict_ttl", KF_CONF_DURATION, verdict_ttl_ms, "72h", 60000, 0, "", 1,
           "How long a reviewer's verdict on a text stops (or lets through) its copies."),
    SH_KEY("cache_keys", KF_CONF_INT, cache_keys, "1000000", 1000, 100000000, "keys", 0,
           "Most senders (and texts, and verdicts) the real-time cache keeps; the least "
           "recently seen are evicted."),
};
const size_t kf_shield_nkeys = KF_ARRAY_LEN(kf_shield_keys);

/* conf path, or the shipped file under share_dir. */
static char *path_of(const kf_shield *sh, const char *conf, const char *rel)
{
    return conf[0] ? kf_xstrdup(conf) : kf_xasprintf("%s/%s", sh->share_dir, rel);
}

void kf_shield__content_free(struct content *c)
{
    if (c == NULL)
        return;
    kf_model_free(c->model);
    kf_urlintel_free(c->urls);
    kf_rules_free(c->rules);
    free(c);
}

struct content *kf_shield__content_load(kf_shield *sh, const struct kf_shield_conf *conf,
                                        char **err)
{
    struct content *c = kf_xcalloc(1, sizeof *c);
    struct kf_rule_list l = {0};
    char *p = path_of(sh, conf->model, "model.bin");

    c->model = kf_model_load(p, err);
    free(p);
    if (c->model == NULL)
        goto fail;
    p = path_of(sh, conf->domains, "shield/domains.txt");
    c->urls = kf_urlintel_load(p, err);
    free(p);
    if (c->urls == NULL)
        goto fail;
    p = path_of(sh, conf->rules, "shield/rules.txt");
    if (kf_rules_parse_file(&l, p, err) == 0)
        c->rules = kf_rules_compile(&l, p, err);
    kf_rules_list_free(&l);
    free(p);
    if (c->rules == NULL)
        goto fail;
    return c;
fail:
    kf_shield__content_free(c);
    return NULL;
}

static int load_reported(void *arg, const char *sender, int reporters)
{
    kf_shield_set_reported(arg, sender, reporters);
    return 0;
}

static int load_reported_fp(void *arg, uint64_t fp, int reporters)
{
    kf_shield_set_reported_fp(arg, fp, reporters);
    return 0;
}

kf_shield *kf_shield_new(const struct kf_shield_conf *conf, const char *share_dir,
                         kf_store *store, char **err)
{
    kf_shield *sh = kf_xcalloc(1, sizeof *sh);
    char *why = NULL;

    *err = NULL;
    sh->conf = *conf;
    sh->share_dir = kf_xstrdup(share_dir);
    sh->store = store;
    sh->text = kf_text_new(NULL, &why);
    if (why) { /* works without t2s; say so once */
        KF_WARN("shield", "ev=opencc_missing err=\"%s\"", why);
        free(why);
    }
    sh->cache = kf_cache_mem_new((size_t)conf->cache_keys);
    kf_buf_init(&sh->norm, 64 * 1024);
    kf_buf_init(&sh->skel, 64 * 1024);
    kf_fvec_init(&sh->fv);
    kf_map_init(&sh->reported.m);
    kf_map_init(&sh->reported_fp);
    kf_map_init(&sh->port_sigs);
    kf_map_init(&sh->templates);
    kf_shield__sets_init(sh);
    if (store && kf_shield__lists_load(sh)) {
        *err = kf_xstrdup("shield: cannot read the lists from the store");
        goto fail;
    }
    if (kf_shield__list_rules_build(sh, err))
        goto fail;
    kf_shield__templates_build(sh);
    sh->c = kf_shield__content_load(sh, conf, err);
    if (sh->c == NULL)
        goto fail;
    if (store) { /* reports of the last 72 h raise risk from the start */
        int64_t since = kf_clock_wall_ms() - 72 * 3600000LL;
        kf_store_report_senders(store, since, load_reported, sh);
        kf_store_report_fps(store, since, load_reported_fp, sh);
    }
    return sh;
fail:
    kf_shield_free(sh);
    return NULL;
}

void kf_shield_free(kf_shield *sh)
{
    if (sh == NULL)
        return;
    kf_shield__content_free(sh->c);
    kf_rules_free(sh->lrules);
    kf_shield__templates_free(sh);
    kf_map_deinit(&sh->templates);
    kf_shield__sets_free(sh);
    kf_shield__set_free(&sh->reported);
    kf_map_deinit(&sh->reported_fp);
    for (size_t i = 0; i < sh->port_sigs.cap; i++) {
        struct port_sigs *ps = sh->port_sigs.slots[i].val;
        if (sh->port_sigs.slots[i].key == 0)
            continue;
        for (int k = 0; k < ps->n; k++)
            free(ps->sigs[k]);
        free(ps->sigs);
        free(ps);
    }
    kf_map_deinit(&sh->port_sigs);
    kf_cache_free(sh->cache);
    kf_text_free(sh->text);
    kf_buf_deinit(&sh->norm);
    kf_buf_deinit(&sh->skel);
    kf_fvec_deinit(&sh->fv);
    free(sh->share_dir);
    free(sh);
}

int kf_shield_reload(kf_shield *sh, const struct kf_shield_conf *conf, char **err)
{
    struct content *c = kf_shield__content_load(sh, conf, err);

    if (c == NULL)
        return KF_EINVAL;
    kf_shield__content_free(sh->c);
    sh->c = c;
    kf_conf_copy_reloadable(kf_shield_keys, kf_shield_nkeys, &sh->conf, conf);
    KF_INFO("shield", "ev=reloaded rules=%zu", kf_rules_count(c->rules));
    return 0;
}

void kf_shield_normalize(kf_shield *sh, const char *text, size_t len, struct kf_buf *out)
{
    kf_text_normalize(sh->text, text, len, out);
}

uint64_t kf_shield_fingerprint(kf_shield *sh, const char *text, size_t len)
{
    struct kf_buf b;
    uint64_t fp;

    kf_buf_init(&b, 64 * 1024);
    kf_text_normalize(sh->text, text, len, &b);
    fp = kf_shield__fingerprint(sh, kf_buf_str(&b), b.len);
    kf_buf_deinit(&b);
    return fp;
}

void kf_shield_verdict_put(kf_shield *sh, uint64_t fp, int verdict, int64_t now_ms)
{
    if (fp)
        kf_cache_verdict_put(sh->cache, fp, verdict, now_ms + sh->conf.verdict_ttl_ms);
}

void kf_shield_set_reported_fp(kf_shield *sh, uint64_t fp, int reporters)
{
    if (fp == 0)
        return;
    if (reporters > 0)
        kf_map_put(&sh->reported_fp, fp, (void *)(intptr_t)reporters);
    else
        kf_map_del(&sh->reported_fp, fp);
}

void kf_shield_set_reported(kf_shield *sh, const char *sender, int reporters)
{
    if (reporters > 0)
        kf_shield__set_add(&sh->reported, sender, reporters);
    else
        kf_shield__set_del(&sh->reported, sender);
}
