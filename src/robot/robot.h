/* SPDX-License-Identifier: MIT
 *
 * robot.h -- the SMS robots of 10086 and 12580: the whole public interface
 * of src/robot/. Three layers:
 *  - understanding (NLU, pure): the command table, the labelled example
 *    questions of the live intents, the knowledge base and the chit-chat,
 *    indexed over character 1- and 2-grams of the normalised text (text/)
 *    after the synonym table; files in, an intent out; no store, no clock;
 *  - answers (pure): the account replies with real figures and tags;
 *  - the services (kf_robot): a subscriber's SMS in, the reply out, with
 *    per-subscriber dialogue context, rate limits, hand-over to a person,
 *    operations through selfcare/, 12580 look-ups and bookings (info/),
 *    and the question log; loop thread, time passed in.
 * Formats: docs/ARCHITECTURE.md ("Self-service II"), data/robot/README.md.
 */
#ifndef KF_ROBOT_ROBOT_H
#define KF_ROBOT_ROBOT_H

#include <stddef.h>
#include <stdint.h>

#include "base/buf.h"
#include "base/conf.h"
#include "selfcare/selfcare.h"
#include "store/store.h"
#include "text/text.h"

typedef struct kf_robot_nlu kf_robot_nlu;

/* Loads commands.tsv, examples.tsv, kb.jsonl, chitchat.jsonl, synonyms.tsv
 * and the train half of eval.tsv from dir (KF_NLU_NO_EVAL: not eval.tsv,
 * for measuring). Returns NULL with *err (caller frees) naming the file,
 * line and field of the first error. */
#define KF_NLU_NO_EVAL 1
kf_robot_nlu *kf_robot_nlu_load(const char *dir, const kf_text *text, int flags, char **err);
void kf_robot_nlu_free(kf_robot_nlu *n);

enum kf_nlu_source {
    KF_NLU_NONE = 0,    /* nothing close enough: hand over */
    KF_NLU_COMMAND = 1, /* a code of the command table */
    KF_NLU_MATCH = 2,   /* the closest example question */
};

struct kf_nlu_result {
    int source;           /* enum kf_nlu_source */
    char intent[32];      /* "" with KF_NLU_NONE */
    char tag[48];         /* a command's reply tag */
    char code[32];        /* the command's code as in the table (upper case) */
    char arg[64];         /* a prefix command's argument (KT<arg>) */
    double score;         /* best match's score, normalised to 0..1 */
    double margin;        /* its lead over the best of another intent */
    double coverage;      /* share of the text (by word weight) its answer's question has */
    int kb;               /* knowledge-base item matched, or -1 */
    int chitchat;         /* chit-chat item matched, or -1 */
    char best_other[32];  /* the runner-up intent (for logs) */
};

/* Thresholds below which the robot hands over instead of answering. */
struct kf_nlu_conf {
    double min_score;
    double min_margin;
    double min_coverage; /* below: the text is mostly about something else */
    int nearest_only;    /* 1: the closest question's intent alone (BM25), no classifier
                          * or rules: the anchor kefu-robot-eval --anchor measures */
};

/* Classifies a subscriber's text. Always fills *out; returns out->source. */
int kf_robot_classify(const kf_robot_nlu *n, const struct kf_nlu_conf *c, const char *text,
                      struct kf_nlu_result *out);

/* Adds a labelled question to what the classifier learns from; takes
 * effect at the next kf_robot_nlu_train (used by kefu-robot-eval --cv). */
int kf_robot_nlu_add(kf_robot_nlu *n, const char *intent, const char *question);
void kf_robot_nlu_train(kf_robot_nlu *n);

/* A knowledge-base item's answer, or NULL. */
const char *kf_robot_kb_answer(const kf_robot_nlu *n, int kb);
/* The replies of a chit-chat item (count in *n). */
const char *const *kf_robot_chitchat(const kf_robot_nlu *nlu, int item, int *n);
/* How many knowledge-base items, chit-chat items, example questions. */
void kf_robot_nlu_counts(const kf_robot_nlu *n, int *kb, int *chitchat, int *docs);

/* ------------------------------------------------------- answers */

/* The account answers (reply.c), tagged, from an account view taken now;
 * tz: seconds east of UTC. */
void kf_robot_reply_balance(const struct kf_account_view *v, int64_t now_ms, int tz, char *out,
                            size_t cap);
void kf_robot_reply_data(const struct kf_account_view *v, int64_t now_ms, int tz, char *out,
                         size_t cap);
void kf_robot_reply_plan(const struct kf_account_view *v, char *out, size_t cap);
void kf_robot_reply_bill(const struct kf_account_view *v, int64_t now_ms, int tz, char *out,
                         size_t cap);
void kf_robot_reply_points(const struct kf_account_view *v, char *out, size_t cap);
/* The 0000 answer: numbers the monthly items held; their ids go to
 * ids[0..max) (the reply "1，3" refers to them). Returns how many. */
int kf_robot_reply_vas(const kf_catalog *c, const struct kf_account_view *v, char *out,
                       size_t cap, char ids[][24], int max);
void kf_robot_reply_help(char *out, size_t cap);

/* ------------------------------------------------------ the services */

typedef struct kf_robot kf_robot;

struct kf_robot_conf {
    char dir[KF_CONF_STR_MAX];       /* data/robot (relative: from the share dir) */
    char directory[KF_CONF_STR_MAX]; /* the 12580 directory file */
    int64_t context_ms;              /* a dialogue's memory: follow-ups, 0000 lists */
    int64_t max_contexts;            /* subscribers remembered at once (LRU) */
    int64_t min_score_pm;            /* classifier probability below which (per mille)... */
    int64_t min_margin_pm;           /* ... or lead over the runner-up ... */
    int64_t min_coverage_pm;         /* ... or share of the text known: hand over */
    int64_t rate_minute, rate_day;   /* messages answered per subscriber */
    int64_t reply_max;               /* characters in one reply (UCS-2 segments x 67) */
};

extern const struct kf_conf_key kf_robot_keys[];
extern const size_t kf_robot_nkeys;

/* Loads the robot's files and the directory; NULL with *err (caller frees). */
kf_robot *kf_robot_new(kf_store *s, kf_selfcare *sc, const struct kf_robot_conf *conf,
                       const char *share_dir, char **err);
/* Re-reads the files; on error keeps the running set. */
int kf_robot_reload(kf_robot *r, const struct kf_robot_conf *conf, const char *share_dir,
                    char **err);
void kf_robot_free(kf_robot *r);

/* An SMS from `from` to 10086 / 12580. Returns 1 with the reply in
 * reply[cap], 0 when nothing is to be sent (over the rate limit). msg_id:
 * the incoming message's id, the same when it is handled again after a
 * crash (operations, hand-overs and bookings happen once). */
int kf_robot_10086(kf_robot *r, const char *from, const char *text, int64_t msg_id,
                   int64_t now_ms, char *reply, size_t cap);
int kf_robot_12580(kf_robot *r, const char *from, const char *text, int64_t msg_id,
                   int64_t now_ms, char *reply, size_t cap);

/* What the 10086 robot understands of text with its settings (no state,
 * nothing written): for tools and benchmarks. */
int kf_robot_understand(const kf_robot *r, const char *text, struct kf_nlu_result *out);

/* Writes the buffered question log (called by a timer, and on free). */
void kf_robot_flush(kf_robot *r);

struct kf_robot_stats {
    uint64_t messages, commands, answered, handed_over, chitchat, limited;
    uint64_t lookups, bookings;
    uint64_t lat_us_sum, lat_us_max;   /* time to answer, inside the daemon */
    uint64_t lat_hist[12];             /* <= 50us,100,250,500,1ms,2.5,5,10,25,50,100, more */
};
void kf_robot_stats(const kf_robot *r, struct kf_robot_stats *out);
/* The same as Prometheus text (kefu_robot_*), appended to out. */
void kf_robot_metrics(const kf_robot *r, struct kf_buf *out);

/* Fits text into max characters (UTF-8 aware; "…" marks a cut). */
void kf_robot_fit(char *text, size_t max_chars);

#endif
