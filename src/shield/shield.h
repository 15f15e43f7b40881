/* SPDX-License-Identifier: MIT
 *
 * shield.h -- the spam shield's real-time judge: the whole public interface
 * of src/shield/.
 *
 * For each message to a subscriber (from an industry port, or from another
 * subscriber or network through a link) the shield adds up risk points from
 * independent signals and maps the score to deliver / hold / block:
 *
 *   lists        staff white/black lists: senders, ports, opted-out
 *                recipients, URL domains, keywords and regexes (vectorscan)
 *   verdict      a fingerprint (SimHash) a reviewer already decided
 *   port         real-name status, registered signature and filed templates
 *   content      the classifier's spam probability (classify/), fraud
 *                patterns (data/shield/rules.txt, vectorscan) and URL
 *                intelligence (look-alike brands, shorteners, risky TLDs)
 *   behaviour    the real-time cache: per-number hourly/daily limits,
 *                bursts to many recipients, sequential recipients, one
 *                text from many senders
 *   reports      senders reported by subscribers to 10086999
 *
 * Every signal carries a code, its points and a Chinese reason; the signals
 * are stored with the message (the hub's reasons). Everything the hot path
 * reads is in memory; staff changes (lists) write through to the store.
 * Loop thread only (one owner), except kf_shield_judge on a shield made for
 * a tool with no store.
 */
#ifndef KF_SHIELD_SHIELD_H
#define KF_SHIELD_SHIELD_H

#include <stddef.h>
#include <stdint.h>

#include "base/buf.h"
#include "base/conf.h"
#include "hub/hub.h"
#include "store/store.h"

typedef struct kf_shield kf_shield;

/* [shield] configuration (keys: kf_shield_keys). */
struct kf_shield_conf {
    int enabled;
    char model[KF_CONF_STR_MAX];   /* "" = the shipped data/model.bin */
    char rules[KF_CONF_STR_MAX];   /* "" = the shipped data/shield/rules.txt */
    char domains[KF_CONF_STR_MAX]; /* "" = the shipped data/shield/domains.txt */
    int inspect_links;             /* inspect traffic arriving from network links */
    int64_t hold_score, block_score;
    int64_t model_points, model_max_points, model_weak_points;
    int64_t trusted_model_share; /* % of the model's points counted for trusted ports */
    int64_t trusted_port_points, unregistered_signature_points, unverified_port_points;
    int64_t template_points, off_template_points;
    int64_t sender_hour_limit, sender_day_limit, port_hour_limit, port_day_limit;
    int64_t limit_points;
    int64_t burst_recipients, burst_points;
    int64_t sequential_run, sequential_points;
    int64_t campaign_senders, campaign_points;
    int64_t report_points, report_max_points;
    int auto_suspend;
    int64_t suspend_ms;
    int64_t verdict_ttl_ms;
    int64_t cache_keys;
};

extern const struct kf_conf_key kf_shield_keys[];
extern const size_t kf_shield_nkeys;

/* One signal that added (or removed) points. */
#define KF_SHIELD_MAX_SIGNALS 12
struct kf_shield_signal {
    char code[32];    /* e.g. "url.lookalike", "rule.fraud.safe_account" */
    int points;
    char reason[160]; /* Simplified Chinese */
};

struct kf_shield_decision {
    int verdict;       /* enum kf_verdict */
    int score;         /* sum of points (lists and verdicts count 100 or more) */
    double p_spam;     /* classifier probability, -1 when not run */
    uint64_t fp;       /* SimHash of the normalised text */
    int suspend;       /* 1 when the policy suspends the sender */
    int nsig;
    struct kf_shield_signal sig[KF_SHIELD_MAX_SIGNALS];
};

/* A message as the judge sees it. */
struct kf_shield_input {
    const char *text;   /* UTF-8, the whole (reassembled) message */
    size_t len;
    const char *src, *dst;
    int from_port;      /* 1: an industry port sent it */
    int realname;       /* port: real-name verified */
    const char *port_number; /* port: its number (for port lists) */
    const char *const *sigs; /* port: registered signatures */
    int nsigs;
    int count;          /* 1: live traffic, count it in the behaviour cache */
};

/* Creates the shield: loads model, rules and domains (paths from conf, ""
 * = the shipped files under share_dir), and with a store, the lists and the
 * report counts of the last 72 h. store may be NULL (tools). NULL + *err
 * ("file:line: reason") on failure. */
kf_shield *kf_shield_new(const struct kf_shield_conf *conf, const char *share_dir,
                         kf_store *store, char **err);
void kf_shield_free(kf_shield *sh);
/* Adds the shield's stage to the hub's submit pipeline. */
void kf_shield_attach(kf_shield *sh, kf_hub *h);
/* Applies a new configuration and reloads model, rules and domains; on
 * error keeps everything as it was and returns KF_EINVAL with *err. */
int kf_shield_reload(kf_shield *sh, const struct kf_shield_conf *conf, char **err);

/* Judges one message. Fills out; returns out->verdict. */
int kf_shield_judge(kf_shield *sh, const struct kf_shield_input *in, int64_t now_ms,
                    struct kf_shield_decision *out);
/* Appends a JSON object explaining a decision: signals and, when the model
 * ran, its top features. */
void kf_shield_explain_json(kf_shield *sh, const struct kf_shield_input *in,
                            const struct kf_shield_decision *d, struct kf_buf *out);

/* The fingerprint reports and verdicts use: SimHash of the normalised text's
 * skeleton (its letters without digits, punctuation and, in Chinese, ASCII),
 * so copies differing in numbers or links match. Never 0. */
uint64_t kf_shield_fingerprint(kf_shield *sh, const char *text, size_t len);
/* Normalised form of a text (for matching reports to messages). */
void kf_shield_normalize(kf_shield *sh, const char *text, size_t len, struct kf_buf *out);

/* ------------------------------------------------------ staff changes */

/* Names of the lists (store.h kf_list_entry); 1 when `list` is one. */
int kf_shield_list_valid(const char *list);
/* Adds or updates an entry: validates it (a regex must compile; numbers
 * digits), writes it to the store and applies it at once. KF_EINVAL with
 * *err (caller frees) for a bad entry. */
int kf_shield_list_put(kf_shield *sh, struct kf_list_entry *e, char **err);
/* Removes an entry; KF_ENOENT when absent. */
int kf_shield_list_del(kf_shield *sh, const char *list, const char *value);

/* A reviewer's verdict on a fingerprint: the next copy is stopped (or let
 * through) at once, for conf.verdict_ttl. */
void kf_shield_verdict_put(kf_shield *sh, uint64_t fp, int verdict, int64_t now_ms);
/* How many distinct subscribers reported `sender` in the last 72 h. */
void kf_shield_set_reported(kf_shield *sh, const char *sender, int reporters);
/* How many distinct subscribers reported texts with fingerprint fp (from
 * any sender) in the last 72 h: a campaign from many numbers. */
void kf_shield_set_reported_fp(kf_shield *sh, uint64_t fp, int reporters);

/* Appends Prometheus metrics. */
void kf_shield_metrics(kf_shield *sh, struct kf_buf *out);

#endif
