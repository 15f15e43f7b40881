/* SPDX-License-Identifier: MIT
 *
 * service.c -- the robots as services: loading and reloading their files,
 * the per-subscriber rate limits, the pipeline of one SMS to 10086 (an
 * order waiting for 是, a reply to the 0000 list, the command table, the
 * classifier with follow-ups, then the answer, or a person), fitting the
 * reply into a few SMS, the buffered question log and the latency figures.
 */
#include "robot/robot_int.h"

#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/base.h"
#include "info/info.h"

#define C(f) offsetof(struct kf_robot_conf, f)

const struct kf_conf_key kf_robot_keys[] = {
    {"dir", KF_CONF_STR, C(dir), "robot", 0, 0, NULL, "", 1,
     "The robot's files (commands.tsv, examples.tsv, kb.jsonl, chitchat.jsonl, synonyms.tsv; "
     "data/robot/README.md); a relative path is taken from the share directory. SIGHUP or "
     "POST /api/v1/robot/reload re-reads them; a file with errors is refused and the running "
     "set stays."},
    {"directory", KF_CONF_STR, C(directory), "info/directory.jsonl", 0, 0, NULL, "", 1,
     "The 12580 directory (hotels, restaurants, hospitals with appointment slots; "
     "data/info/README.md). Reloaded with the robot's files."},
    {"context", KF_CONF_DURATION, C(context_ms), "10m", 10000, 86400000, NULL, "", 1,
     "How long the robot remembers a dialogue: follow-ups (\"那流量呢？\"), the numbered 0000 "
     "list, 12580 choices."},
    {"max_contexts", KF_CONF_INT, C(max_contexts), "100000", 100, 100000000, NULL, "subscribers", 0,
     "Subscribers remembered at once (about 1.5 KB each); the least recently active are "
     "forgotten first."},
    {"min_score", KF_CONF_INT, C(min_score_pm), "100", 0, 1000, NULL, "per mille", 1,
     "A free-text question whose best intent has a lower probability is handed over to a "
     "person instead of answered."},
    {"min_margin", KF_CONF_INT, C(min_margin_pm), "0", 0, 1000, NULL, "per mille", 1,
     "... or whose lead over the runner-up intent is smaller."},
    {"min_coverage", KF_CONF_INT, C(min_coverage_pm), "100", 0, 1000, NULL, "per mille", 1,
     "... or when less of its wording (weighted by rarity) occurs in the closest question "
     "the robot knows: a question about something else entirely."},
    {"rate_minute", KF_CONF_INT, C(rate_minute), "10", 1, 1000, NULL, "messages", 1,
     "Messages answered per subscriber per minute; beyond it one notice is sent, then "
     "nothing until the minute is over."},
    {"rate_day", KF_CONF_INT, C(rate_day), "300", 1, 100000, NULL, "messages", 1,
     "Messages answered per subscriber per day."},
    {"reply_max", KF_CONF_INT, C(reply_max), "201", 70, 670, NULL, "characters", 1,
     "Longest reply: 201 characters are three concatenated UCS-2 messages (3 x 67)."},
};
const size_t kf_robot_nkeys = KF_ARRAY_LEN(kf_robot_keys);

/* ------------------------------------------------------------ loading */

static void path_of(char *out, size_t cap, const char *share_dir, const char *p)
{
    if (p[0] == '/' || share_dir == NULL || share_dir[0] == '\0')
        snprintf(out, cap, "%s", p);
    else
        snprintf(out, cap, "%s/%s", share_dir, p);
}

static int load_files(kf_robot *r, const struct kf_robot_conf *conf, const char *share_dir,
                      kf_robot_nlu **nlu, struct kf_info **info, char **err)
{
    char path[2 * KF_CONF_STR_MAX + 2];

    path_of(path, sizeof path, share_dir, conf->dir);
    *nlu = kf_robot_nlu_load(path, r->text, 0, err);
    if (*nlu == NULL)
        return KF_EINVAL;
    path_of(path, sizeof path, share_dir, conf->directory);
    *info = kf_info_load(path, err);
    if (*info == NULL) {
        kf_robot_nlu_free(*nlu);
        *nlu = NULL;
        return KF_EINVAL;
    }
    return 0;
}

kf_robot *kf_robot_new(kf_store *s, kf_selfcare *sc, const struct kf_robot_conf *conf,
                       const char *share_dir, char **err)
{
    kf_robot *r = kf_xcalloc(1, sizeof *r);

    *err = NULL;
    r->store = s;
    r->sc = sc;
    r->conf = *conf;
    r->rng = 0x6b656675;
    r->text = kf_text_new(NULL, err);
    if (r->text == NULL || load_files(r, conf, share_dir, &r->nlu, &r->info, err)) {
        kf_text_free(r->text);
        free(r);
        return NULL;
    }
    kf_robot__ctxs_init(&r->ctxs, (size_t)conf->max_contexts);
    return r;
}

int kf_robot_reload(kf_robot *r, const struct kf_robot_conf *conf, const char *share_dir,
                    char **err)
{
    kf_robot_nlu *nlu;
    struct kf_info *info;

    *err = NULL;
    if (load_files(r, conf, share_dir, &nlu, &info, err))
        return KF_EINVAL;
    kf_robot_nlu_free(r->nlu);
    kf_info_free(r->info);
    r->nlu = nlu;
    r->info = info;
    kf_conf_copy_reloadable(kf_robot_keys, kf_robot_nkeys, &r->conf, conf);
    return 0;
}

void kf_robot_free(kf_robot *r)
{
    if (r == NULL)
        return;
    kf_robot_flush(r);
    kf_robot__ctxs_deinit(&r->ctxs);
    kf_robot_nlu_free(r->nlu);
    kf_info_free(r->info);
    kf_text_free(r->text);
    free(r->log);
    free(r);
}

void kf_robot__copy(char *dst, size_t cap, const char *src)
{
    size_t n = strlen(src);

    if (cap == 0)
        return;
    if (n >= cap) {
        n = cap - 1;
        while (n > 0 && ((unsigned char)src[n] & 0xC0) == 0x80) /* src[n] continues a character */
            n--;
    }
    memcpy(dst, src, n);
    dst[n] = '\0';
}

/* --------------------------------------------------------------- log */

void kf_robot__log(struct kf_robot_turn *t)
{
    kf_robot *r = t->r;
    struct kf_robot_log *l;

    if (r->nlog == r->caplog) {
        if (r->caplog >= 4096)
            return; /* the store is not keeping up: drop rather than grow */
        r->caplog = r->caplog ? r->caplog * 2 : 64;
        r->log = kf_xrealloc(r->log, r->caplog * sizeof *r->log);
    }
    l = &r->log[r->nlog++];
    memset(l, 0, sizeof *l);
    snprintf(l->request_id, sizeof l->request_id, "%s", t->rid);
    snprintf(l->number, sizeof l->number, "%s", t->from);
    snprintf(l->service, sizeof l->service, "10086");
    kf_robot__copy(l->text, sizeof l->text, t->text);
    snprintf(l->intent, sizeof l->intent, "%s", t->nlu.intent);
    snprintf(l->runner_up, sizeof l->runner_up, "%s", t->nlu.best_other);
    l->score = t->nlu.score;
    l->margin = t->nlu.margin;
    l->answered = t->answered;
    l->created_ms = t->now_ms;
}

void kf_robot_flush(kf_robot *r)
{
    if (r->nlog == 0)
        return;
    if (kf_store_robot_log_add(r->store, r->log, r->nlog))
        KF_WARN("robot", "ev=log_flush_fail rows=%zu (kept for the next flush)", r->nlog);
    else
        r->nlog = 0;
}

/* ------------------------------------------------------ rate limits */

/* 1 when the subscriber may be answered now; 0 to stay silent. A first
 * message over the limit gets a notice (*notice = 1). */
static int allow(kf_robot *r, struct kf_robot_ctx *c, int64_t now_ms, int *notice)
{
    *notice = 0;
    if (now_ms - c->day_start >= 86400000) {
        c->day_start = now_ms;
        c->day_n = 0;
        c->warned = 0;
    }
    if (now_ms - c->minute_start >= 60000) {
        c->minute_start = now_ms;
        c->minute_n = 0;
        if (c->day_n < r->conf.rate_day) /* over the day's limit: one notice a day */
            c->warned = 0;
    }
    if (c->minute_n < r->conf.rate_minute && c->day_n < r->conf.rate_day) {
        c->minute_n++;
        c->day_n++;
        return 1;
    }
    if (!c->warned) {
        c->warned = 1;
        *notice = 1;
    }
    return 0;
}

/* ------------------------------------------------------- SMS fitting */

/* Length of a valid UTF-8 sequence at s (no overlong forms, no
 * surrogates), 0 when it is not one. */
static size_t utf8_len(const unsigned char *s)
{
    size_t n = s[0] < 0x80                   ? 1
               : s[0] >= 0xC2 && s[0] < 0xE0 ? 2
               : s[0] >= 0xE0 && s[0] < 0xF0 ? 3
               : s[0] >= 0xF0 && s[0] < 0xF5 ? 4
                                             : 0;
    for (size_t k = 1; k < n; k++)
        if ((s[k] & 0xC0) != 0x80)
            return 0;
    if ((n == 3 && s[0] == 0xE0 && s[1] < 0xA0) || (n == 3 && s[0] == 0xED && s[1] >= 0xA0) ||
        (n == 4 && s[0] == 0xF0 && s[1] < 0x90) || (n == 4 && s[0] == 0xF4 && s[1] >= 0x90))
        return 0;
    return n;
}

/* Replaces each byte that does not start valid UTF-8 with '?', in place (a
 * reply may echo what the subscriber sent). */
static void sanitize(char *text)
{
    unsigned char *s = (unsigned char *)text;

    while (*s) {
        size_t l = utf8_len(s);
        if (l == 0) {
            *s++ = '?';
            continue;
        }
        s += l;
    }
}

void kf_robot_fit(char *text, size_t max_chars)
{
    size_t i = 0, chars = 0, cut = 0, len;

    sanitize(text);
    len = strlen(text);

    while (text[i]) {
        unsigned char c = (unsigned char)text[i];
        size_t l = c < 0x80 ? 1 : c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC0 ? 2 : 1;
        if (chars + 1 <= max_chars)
            cut = i;             /* where "…" goes if what follows does not fit */
        chars += l == 4 ? 2 : 1; /* outside the BMP: a UTF-16 pair */
        if (chars > max_chars) {
            if (len - cut >= 3)
                memcpy(text + cut, "\xE2\x80\xA6", 4); /* … */
            else
                text[cut] = '\0';
            return;
        }
        i += l;
    }
}

/* ------------------------------------------------------------ stats */

static const uint64_t lat_edges[] = {50,   100,   250,   500,   1000,  2500,
                                     5000, 10000, 25000, 50000, 100000};

static void count_latency(kf_robot *r, uint64_t us)
{
    size_t b = 0;

    while (b < KF_ARRAY_LEN(lat_edges) && us > lat_edges[b])
        b++;
    r->st.lat_hist[b]++;
    r->st.lat_us_sum += us;
    if (us > r->st.lat_us_max)
        r->st.lat_us_max = us;
}

void kf_robot_stats(const kf_robot *r, struct kf_robot_stats *out)
{
    *out = r->st;
}

static void counter(struct kf_buf *out, const char *name, const char *help, uint64_t v)
{
    kf_buf_printf(out,
                  "# HELP kefu_robot_%s %s\n# TYPE kefu_robot_%s counter\nkefu_robot_%s %llu\n",
                  name, help, name, name, (unsigned long long)v);
}

void kf_robot_metrics(const kf_robot *r, struct kf_buf *out)
{
    const struct kf_robot_stats *s = &r->st;
    uint64_t cum = 0;

    counter(out, "messages_total", "SMS to 10086 and 12580.", s->messages);
    counter(out, "commands_total", "SMS to 10086 that were codes of the command table.",
            s->commands);
    counter(out, "answered_total", "Free-text SMS to 10086 answered (chit-chat included).",
            s->answered);
    counter(out, "chitchat_total", "Free-text SMS answered with chit-chat.", s->chitchat);
    counter(out, "handovers_total", "Questions handed over to a person.", s->handed_over);
    counter(out, "rate_limited_total", "SMS over a subscriber's rate limit.", s->limited);
    counter(out, "lookups_total", "12580 look-ups.", s->lookups);
    counter(out, "bookings_total", "12580 appointments booked.", s->bookings);
    kf_buf_printf(out, "# HELP kefu_robot_answer_seconds Time to answer one SMS.\n"
                       "# TYPE kefu_robot_answer_seconds histogram\n");
    for (size_t b = 0; b < KF_ARRAY_LEN(lat_edges); b++) {
        cum += s->lat_hist[b];
        kf_buf_printf(out, "kefu_robot_answer_seconds_bucket{le=\"%g\"} %llu\n",
                      (double)lat_edges[b] / 1e6, (unsigned long long)cum);
    }
    cum += s->lat_hist[KF_ARRAY_LEN(lat_edges)];
    kf_buf_printf(out,
                  "kefu_robot_answer_seconds_bucket{le=\"+Inf\"} %llu\n"
                  "kefu_robot_answer_seconds_sum %g\nkefu_robot_answer_seconds_count %llu\n",
                  (unsigned long long)cum, (double)s->lat_us_sum / 1e6, (unsigned long long)cum);
}

/* --------------------------------------------------------- pipeline */

static struct kf_robot_ctx *begin(kf_robot *r, struct kf_robot_turn *t, const char *from,
                                  const char *text, int64_t msg_id, int64_t now_ms, char *reply,
                                  size_t cap)
{
    memset(t, 0, sizeof *t);
    t->r = r;
    t->from = from;
    t->text = text;
    t->now_ms = now_ms;
    t->reply = reply;
    t->cap = cap;
    snprintf(t->rid, sizeof t->rid, "sms:%lld", (long long)msg_id);
    reply[0] = '\0';
    t->ctx = kf_robot__ctx(&r->ctxs, from, now_ms);
    return t->ctx;
}

int kf_robot_understand(const kf_robot *r, const char *text, struct kf_nlu_result *out)
{
    struct kf_nlu_conf nc = {(double)r->conf.min_score_pm / 1000.0,
                             (double)r->conf.min_margin_pm / 1000.0,
                             (double)r->conf.min_coverage_pm / 1000.0, 0};
    return kf_robot_classify(r->nlu, &nc, text, out);
}

/* The dialogue of one SMS to 10086 (after the rate limit). */
static void converse(struct kf_robot_turn *t)
{
    kf_robot *r = t->r;

    if (kf_selfcare_is_yes(t->text)) { /* an order waiting for its second confirmation */
        kf_selfcare_sms_command(r->sc, t->from, t->text, t->rid, t->now_ms, t->reply, t->cap);
        r->st.commands++;
        return;
    }
    if (kf_robot__vas_choice(t)) {
        r->st.commands++;
        return;
    }
    kf_robot_understand(r, t->text, &t->nlu);
    if (t->nlu.source == KF_NLU_COMMAND)
        r->st.commands++;
    kf_robot__act(t);
    if (t->nlu.source != KF_NLU_COMMAND) {
        kf_robot__log(t);
        kf_robot__copy(t->ctx->last_text, sizeof t->ctx->last_text, t->text);
    }
    if (t->answered && t->nlu.source != KF_NLU_COMMAND)
        r->st.answered++;
}

int kf_robot_10086(kf_robot *r, const char *from, const char *text, int64_t msg_id, int64_t now_ms,
                   char *reply, size_t cap)
{
    struct kf_robot_turn t;
    struct kf_robot_ctx *c = begin(r, &t, from, text, msg_id, now_ms, reply, cap);
    int64_t t0 = kf_clock_mono_us();
    int notice;

    r->st.messages++;
    if (!allow(r, c, now_ms, &notice)) {
        r->st.limited++;
        if (notice)
            snprintf(reply, cap, "【10086】您发送短信过于频繁，请稍后再试。");
        c->last_ms = now_ms;
        return notice;
    }
    if (now_ms - c->last_ms > r->conf.context_ms) { /* a new dialogue */
        c->last_intent[0] = c->last_text[0] = c->last_answer[0] = '\0';
        c->nvas = 0;
    }
    converse(&t);
    c->last_ms = now_ms;
    if (reply[0] == '\0')
        snprintf(reply, cap, "【10086】您好，请发送“帮助”查看可办理的业务。");
    kf_robot_fit(reply, (size_t)r->conf.reply_max);
    kf_robot__copy(c->last_answer, sizeof c->last_answer, reply);
    count_latency(r, (uint64_t)(kf_clock_mono_us() - t0));
    return 1;
}

int kf_robot_12580(kf_robot *r, const char *from, const char *text, int64_t msg_id, int64_t now_ms,
                   char *reply, size_t cap)
{
    struct kf_robot_turn t;
    struct kf_robot_ctx *c = begin(r, &t, from, text, msg_id, now_ms, reply, cap);
    int64_t t0 = kf_clock_mono_us();
    int notice;

    r->st.messages++;
    if (!allow(r, c, now_ms, &notice)) {
        r->st.limited++;
        if (notice)
            snprintf(reply, cap, "【12580】您发送短信过于频繁，请稍后再试。");
        c->last_ms = now_ms;
        return notice;
    }
    if (now_ms - c->last_ms > r->conf.context_ms)
        c->nchoice = 0, c->book_key[0] = '\0';
    kf_robot__12580(&t);
    c->last_ms = now_ms;
    kf_robot_fit(reply, (size_t)r->conf.reply_max);
    count_latency(r, (uint64_t)(kf_clock_mono_us() - t0));
    return 1;
}
