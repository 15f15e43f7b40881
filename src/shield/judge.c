/* SPDX-License-Identifier: MIT
 *
 * judge.c -- one message in, a verdict with its signals out. The signals
 * are independent and add up (shield.h lists them); the policy is the two
 * thresholds hold_score and block_score, plus suspension of a subscriber
 * number over its daily limit. No I/O here except the rare write of an
 * automatic suspension.
 */
#include "shield/shield_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/mask.h"

/* Copies src into dst[cap], cut at a UTF-8 character boundary. */
static void copy_utf8(char *dst, size_t cap, const char *src)
{
    size_t n = strlen(src);
    if (n >= cap) {
        n = cap - 1;
        while (n && ((unsigned char)src[n] & 0xC0) == 0x80)
            n--;
    }
    memcpy(dst, src, n);
    dst[n] = '\0';
}

static void signal_add(struct kf_shield_decision *d, const char *code, int points,
                       const char *reason)
{
    d->score += points;
    if (d->nsig == KF_SHIELD_MAX_SIGNALS)
        return;
    copy_utf8(d->sig[d->nsig].code, sizeof d->sig[d->nsig].code, code);
    copy_utf8(d->sig[d->nsig].reason, sizeof d->sig[d->nsig].reason, reason);
    d->sig[d->nsig++].points = points;
}

/* ------------------------------------------------------------- lists */

/* White lists: 1 when the sender is trusted outright. */
static int whitelisted(kf_shield *sh, const struct kf_shield_input *in, int64_t now)
{
    if (in->from_port && in->port_number &&
        kf_shield__in(sh, L_PORT_WHITE, in->port_number, strlen(in->port_number), now))
        return 1;
    return !in->from_port && kf_shield__in(sh, L_SENDER_WHITE, in->src, strlen(in->src), now);
}

static void check_lists(kf_shield *sh, const struct kf_shield_input *in, int64_t now,
                        struct kf_shield_decision *d)
{
    int block = (int)sh->conf.block_score;
    const char *sender = in->from_port && in->port_number ? in->port_number : in->src;
    char key[160];

    if (in->from_port && in->port_number &&
        kf_shield__in(sh, L_PORT_BLACK, in->port_number, strlen(in->port_number), now))
        signal_add(d, "list.port", block, "发送端口在黑名单");
    if (kf_shield__in(sh, L_SENDER_BLACK, in->src, strlen(in->src), now))
        signal_add(d, "list.sender", block, "发送号码在黑名单");
    if (kf_shield__in(sh, L_SENDER_SUSPENDED, sender, strlen(sender), now))
        signal_add(d, "sender.suspended", block, "发送方已被暂停发送");
    if (in->from_port && kf_shield__in(sh, L_OPTOUT, in->dst, strlen(in->dst), now))
        signal_add(d, "list.optout", block, "接收方已退订端口短信");
    if (in->from_port && in->port_number) {
        int n = snprintf(key, sizeof key, "%s@%s", in->dst, in->port_number);
        if (n > 0 && (size_t)n < sizeof key && kf_shield__in(sh, L_OPTOUT, key, (size_t)n, now))
            signal_add(d, "list.optout", block, "接收方已退订该端口短信");
    }
}

/* ---------------------------------------------------------------- urls */

/* 1 when host or one of its parent domains is in list. */
static int domain_in(kf_shield *sh, int list, const char *host, size_t len, int64_t now)
{
    for (;;) {
        const char *dot;
        if (kf_shield__in(sh, list, host, len, now))
            return 1;
        dot = memchr(host, '.', len);
        if (dot == NULL)
            return 0;
        len -= (size_t)(dot + 1 - host);
        host = dot + 1;
    }
}

static void check_urls(kf_shield *sh, const char *norm, const struct kf_text_item *items, int n,
                       int64_t now, struct kf_shield_decision *d)
{
    int best = 0, flagged = 0;
    struct kf_url_verdict v, top;

    memset(&top, 0, sizeof top);
    for (int i = 0; i < n; i++) {
        const char *host = norm + items[i].aux_off;
        size_t len = items[i].aux_len;
        const char *colon = memchr(host, ':', len);
        if (items[i].kind != KF_TX_URL || len == 0)
            continue;
        if (colon)
            len = (size_t)(colon - host);
        if (domain_in(sh, L_DOMAIN_WHITE, host, len, now))
            continue;
        if (domain_in(sh, L_DOMAIN_BLACK, host, len, now)) {
            signal_add(d, "list.domain", (int)sh->conf.block_score, "链接域名在黑名单");
            continue;
        }
        kf_urlintel_check(sh->c->urls, host, len, &v);
        if (v.points > best) {
            best = v.points;
            top = v;
        }
        flagged += v.points > 0;
    }
    if (best > 0) {
        char why[200];
        snprintf(why, sizeof why, "%s%s", top.reason, flagged > 1 ? "（多个可疑链接）" : "");
        signal_add(d, top.code[0] ? top.code : "url.risk", best + (flagged > 1 ? 10 : 0), why);
    }
}

/* --------------------------------------------------------------- model */

static int signed_by_port(const struct kf_shield_input *in);

static void check_model(kf_shield *sh, const struct kf_shield_input *in, const char *norm,
                        size_t len, struct kf_shield_decision *d)
{
    const struct kf_shield_conf *c = &sh->conf;
    double t = kf_model_threshold(sh->c->model), p;
    char why[160];
    int pts = 0;

    kf_model_features(sh->c->model, norm, len, &sh->fv);
    p = kf_model_score(sh->c->model, &sh->fv);
    d->p_spam = p;
    if (p >= t)
        pts = (int)(c->model_points + (double)(c->model_max_points - c->model_points) *
                                          (t < 1 ? (p - t) / (1 - t) : 1));
    else if (p >= t / 2)
        pts = (int)c->model_weak_points;
    if (pts > 0 && in->realname && signed_by_port(in))
        pts = (int)(pts * c->trusted_model_share / 100);
    if (pts == 0)
        return;
    snprintf(why, sizeof why, "内容模型判为%s（概率 %.3f）", p >= t ? "垃圾短信" : "疑似垃圾短信",
             p);
    signal_add(d, p >= t ? "model.spam" : "model.suspect", pts, why);
}

/* --------------------------------------------------------------- rules */

static void check_rules(kf_rules *rules, const char *norm, size_t len,
                        struct kf_shield_decision *d)
{
    int hits[16];
    int n = kf_rules_scan(rules, norm, len, hits, 16);

    for (int i = 0; i < n; i++) {
        const struct kf_rule *r = kf_rules_get(rules, hits[i]);
        char code[48];
        snprintf(code, sizeof code, "%s%s", strncmp(r->code, "list.", 5) ? "rule." : "",
                 r->code);
        signal_add(d, code, r->points, r->reason);
    }
}

/* ---------------------------------------------------------------- port */

/* A 【signature】 at the start or end of the text (trailing blanks ignored). */
static int has_sig(const char *text, size_t len, const char *sig)
{
    size_t n = strlen(sig);
    while (len && (text[len - 1] == ' ' || text[len - 1] == '\n' || text[len - 1] == '\r'))
        len--;
    if (n == 0 || n > len)
        return 0;
    return memcmp(text, sig, n) == 0 || memcmp(text + len - n, sig, n) == 0;
}

/* 1 when an industry port sends it with one of its registered signatures. */
static int signed_by_port(const struct kf_shield_input *in)
{
    for (int i = 0; in->from_port && i < in->nsigs; i++)
        if (has_sig(in->text, in->len, in->sigs[i]))
            return 1;
    return 0;
}

static void check_port(kf_shield *sh, const struct kf_shield_input *in, const char *norm,
                       size_t len, struct kf_shield_decision *d)
{
    int signed_ok = signed_by_port(in);

    if (!in->from_port)
        return;
    if (!in->realname)
        signal_add(d, "port.unverified", (int)sh->conf.unverified_port_points,
                   "端口未通过实名认证");
    if (!signed_ok)
        signal_add(d, "port.signature", (int)sh->conf.unregistered_signature_points,
                   "短信签名不是该端口已报备的签名");
    else if (in->realname)
        signal_add(d, "port.trusted", (int)sh->conf.trusted_port_points,
                   "实名端口，带已报备签名");
    switch (kf_shield__templates_match(sh, in->port_number, norm, len)) {
    case 1:
        signal_add(d, "port.template", (int)sh->conf.template_points, "符合该端口报备的短信模板");
        break;
    case 0:
        signal_add(d, "port.off_template", (int)sh->conf.off_template_points,
                   "不符合该端口报备的任何短信模板");
        break;
    }
}

/* ----------------------------------------------------------- behaviour */

static void suspend(kf_shield *sh, const char *sender, int64_t now, struct kf_shield_decision *d)
{
    struct kf_list_entry e;
    char *err = NULL;

    memset(&e, 0, sizeof e);
    snprintf(e.list, sizeof e.list, "sender.suspended");
    snprintf(e.value, sizeof e.value, "%s", sender);
    snprintf(e.note, sizeof e.note, "超过每日发送上限，自动暂停");
    snprintf(e.actor, sizeof e.actor, "shield");
    e.created_ms = now;
    e.until_ms = now + sh->conf.suspend_ms;
    if (kf_shield_list_put(sh, &e, &err) == 0) {
        char masked[KF_MASK_MAX];
        sh->suspended++;
        d->suspend = 1;
        KF_WARN("shield", "ev=suspend sender=%s until=%lld", kf_mask_msisdn(sender, masked),
                (long long)e.until_ms);
    }
    free(err);
}

static void check_limits(kf_shield *sh, const struct kf_shield_input *in, const char *sender,
                         const struct kf_cache_sender *cs, int64_t now,
                         struct kf_shield_decision *d)
{
    const struct kf_shield_conf *c = &sh->conf;
    int64_t hl = in->from_port ? c->port_hour_limit : c->sender_hour_limit;
    int64_t dl = in->from_port ? c->port_day_limit : c->sender_day_limit;
    char why[160];

    if (dl && cs->rates.day > (uint64_t)dl) {
        snprintf(why, sizeof why, "24小时内已发送 %u 条，超过每日上限 %lld", cs->rates.day,
                 (long long)dl);
        signal_add(d, "behaviour.day_limit", (int)c->limit_points, why);
        if (c->auto_suspend && !in->from_port &&
            !kf_shield__in(sh, L_SENDER_SUSPENDED, sender, strlen(sender), now))
            suspend(sh, sender, now, d);
    } else if (hl && cs->rates.hour > (uint64_t)hl) {
        snprintf(why, sizeof why, "1小时内已发送 %u 条，超过每小时上限 %lld", cs->rates.hour,
                 (long long)hl);
        signal_add(d, "behaviour.hour_limit", (int)c->limit_points, why);
    }
}

static void check_behaviour(kf_shield *sh, const struct kf_shield_input *in, int64_t now,
                            struct kf_shield_decision *d)
{
    const struct kf_shield_conf *c = &sh->conf;
    const char *sender = in->from_port && in->port_number ? in->port_number : in->src;
    struct kf_cache_sender cs;
    uint32_t copies = 0, senders = 0;
    char why[160];

    if (in->count) /* ports send to many by design: no recipient tracking */
        kf_cache_sender_add(sh->cache, sender, in->from_port ? NULL : in->dst, now, &cs);
    else
        kf_cache_sender_get(sh->cache, sender, now, &cs);
    check_limits(sh, in, sender, &cs, now, d);
    if (in->from_port)
        return; /* ports send to many by design: limits only */
    if (cs.distinct_hour >= (uint32_t)c->burst_recipients) {
        snprintf(why, sizeof why, "1小时内向 %u 个不同号码发送", cs.distinct_hour);
        signal_add(d, "behaviour.burst", (int)c->burst_points, why);
    }
    if (cs.seq_run >= (uint32_t)c->sequential_run) {
        snprintf(why, sizeof why, "按号段连续向 %u 个相邻号码发送", cs.seq_run);
        signal_add(d, "behaviour.sequential", (int)c->sequential_points, why);
    }
    if (in->count)
        kf_cache_text_add(sh->cache, d->fp, in->src, 3, now, &copies, &senders);
    KF_DBG("shield", "ev=campaign_count fp=%016llx copies=%u senders=%u", (unsigned long long)d->fp, copies, senders);
    if (senders >= (uint32_t)c->campaign_senders) {
        snprintf(why, sizeof why, "相同或相近内容1小时内由 %u 个号码发出", senders);
        signal_add(d, "behaviour.campaign", (int)c->campaign_points, why);
    }
}

/* Points for n distinct reporters, capped. */
static int report_pts(const kf_shield *sh, int64_t n)
{
    int64_t pts = sh->conf.report_points * n;
    return (int)(pts > sh->conf.report_max_points ? sh->conf.report_max_points : pts);
}

static void check_reports(kf_shield *sh, const struct kf_shield_input *in,
                          struct kf_shield_decision *d)
{
    const char *sender = in->from_port && in->port_number ? in->port_number : in->src;
    const struct sentry *e;
    char why[160];
    intptr_t n;

    if (sh->reported_fp.len && (n = (intptr_t)kf_map_get(&sh->reported_fp, d->fp)) > 0) {
        snprintf(why, sizeof why, "相同内容72小时内被 %lld 位用户举报", (long long)n);
        signal_add(d, "report.text", report_pts(sh, n), why);
    }
    if (sh->reported.m.len && (e = kf_shield__set_find(&sh->reported, sender, strlen(sender)))) {
        snprintf(why, sizeof why, "72小时内被 %lld 位用户举报", (long long)e->until_ms);
        signal_add(d, "report.sender", report_pts(sh, e->until_ms), why);
    }
}

/* -------------------------------------------------------------- policy */

static int verdict_cached(kf_shield *sh, int64_t now, struct kf_shield_decision *d)
{
    int v;

    if (!kf_cache_verdict_get(sh->cache, d->fp, 3, now, &v))
        return -1;
    sh->cache_hits++;
    if (v == KF_BLOCK)
        signal_add(d, "verdict.block", (int)sh->conf.block_score, "与已确认的垃圾短信内容相同");
    return v;
}

/* Appends the skeleton of normalised text: the letters that carry its
 * meaning, without digits, punctuation, spaces (and, in Chinese text,
 * without the ASCII parts: links, ids, codes). Copies of a campaign that
 * differ in their numbers, links or punctuation share a skeleton. */
static void skeleton(const char *norm, size_t len, struct kf_buf *out)
{
    size_t cjk = 0;

    for (size_t i = 0; i < len; i++)
        cjk += ((unsigned char)norm[i] & 0xF0) == 0xE0; /* 3-byte sequences */
    for (size_t i = 0; i < len;) {
        unsigned char c = (unsigned char)norm[i];
        size_t n = c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
        int keep;
        if (i + n > len)
            break;
        if (c < 0x80)
            keep = cjk < 8 && ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'));
        else /* drop CJK punctuation (U+3000..U+303F) and general punctuation */
            keep = !(n == 3 && ((c == 0xE3 && (unsigned char)norm[i + 1] == 0x80) ||
                                (c == 0xE2 && (unsigned char)norm[i + 1] <= 0x81)));
        if (keep)
            kf_buf_append(out, norm + i, n);
        i += n;
    }
}

uint64_t kf_shield__fingerprint(kf_shield *sh, const char *norm, size_t len)
{
    uint64_t fp;

    kf_buf_reset(&sh->skel);
    skeleton(norm, len, &sh->skel);
    fp = sh->skel.len >= 12 ? kf_text_simhash(kf_buf_str(&sh->skel), sh->skel.len)
                            : kf_text_simhash(norm, len);
    return fp ? fp : 1;
}

int kf_shield_judge(kf_shield *sh, const struct kf_shield_input *in, int64_t now_ms,
                    struct kf_shield_decision *d)
{
    struct kf_text_item items[16];
    const char *norm;
    size_t len;
    int n, cached;

    memset(d, 0, sizeof *d);
    d->p_spam = -1;
    kf_buf_reset(&sh->norm);
    kf_text_normalize(sh->text, in->text, in->len, &sh->norm);
    norm = kf_buf_str(&sh->norm);
    len = sh->norm.len;
    d->fp = kf_shield__fingerprint(sh, norm, len);
    if (whitelisted(sh, in, now_ms))
        return d->verdict = KF_DELIVER;
    check_lists(sh, in, now_ms, d);
    check_rules(sh->lrules, norm, len, d);
    cached = verdict_cached(sh, now_ms, d);
    if (cached != KF_DELIVER) { /* a text a reviewer released skips the content checks */
        n = kf_text_extract(norm, len, items, 16);
        check_urls(sh, norm, items, n < 16 ? n : 16, now_ms, d);
        check_rules(sh->c->rules, norm, len, d);
        check_model(sh, in, norm, len, d);
        check_port(sh, in, norm, len, d);
    }
    check_behaviour(sh, in, now_ms, d);
    check_reports(sh, in, d);
    if (d->score >= sh->conf.block_score)
        d->verdict = KF_BLOCK;
    else if (d->score >= sh->conf.hold_score)
        d->verdict = KF_HOLD;
    return d->verdict;
}
