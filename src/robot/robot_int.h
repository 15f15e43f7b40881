/* SPDX-License-Identifier: MIT
 *
 * robot_int.h -- what only src/robot/ (and its tests) sees.
 */
#ifndef KF_ROBOT_ROBOT_INT_H
#define KF_ROBOT_ROBOT_INT_H

#include <stdint.h>

#include "base/buf.h"
#include "base/map.h"
#include "robot/robot.h"
#include "store/desk.h"

#define KF_ROBOT_MAX_INTENTS 128

struct command {
    char code[32];  /* upper-case; without the '*' of a prefix */
    int prefix;
    int intent;
    char tag[48];
};

#define KF_ROBOT_RULE_GROUPS 4

/* An intent rule (rules.tsv): every group has one of its words ("a|b|c")
 * in the canonical text, and no word of `none` is there. */
struct rule {
    int intent;
    char group[KF_ROBOT_RULE_GROUPS][256];
    int ngroups;
    char none[256];
};

struct synonym {
    char from[64], to[64];
};

struct kb_item {
    char id[48];
    int intent;
    char *answer;
};

struct cc_item {
    char id[48];
    char **replies;
    int nreplies;
};

struct doc {
    int intent, kb, cc;
    int len;        /* tokens */
    uint32_t *feat; /* hashed features (the classifier's), nfeat of them */
    int nfeat;
};

#define KF_ROBOT_FEAT_BITS 15

struct posting {
    size_t n, cap;
    struct { int doc, tf; } *e;
};

struct kf_robot_nlu {
    const kf_text *text;
    char *intents[KF_ROBOT_MAX_INTENTS];
    int nintents;
    struct command *cmd;
    size_t ncmd;
    struct rule *rules;
    size_t nrules;
    struct synonym *syn; /* longest `from` first */
    size_t nsyn;
    struct kb_item *kb;
    size_t nkb;
    struct cc_item *cc;
    size_t ncc;
    struct doc *docs;
    size_t ndocs, capdocs;
    uint64_t total_len;
    struct kf_map index; /* token -> struct posting */
    float *w;            /* classifier weights [nintents][1 << FEAT_BITS] + bias */
};

/* --------------------------------------------------- dialogue context */

#define KF_ROBOT_VAS_MAX 9
#define KF_ROBOT_CHOICES 6

/* What the robots remember of one subscriber (context.c). The dialogue
 * fields count only within conf.context_ms of `last_ms`; the struct itself
 * lives on (for the rate limits) until evicted, least recently used first. */
struct kf_robot_ctx {
    char number[22];
    int64_t last_ms;                 /* last message, either service */
    char last_intent[32];            /* 10086: last understood question */
    char last_text[320];             /* 10086: last free-text question */
    char last_answer[320];           /* 10086: last reply (hand-over context) */
    int last_cc;                     /* last chit-chat reply given, -1 */
    char vas[KF_ROBOT_VAS_MAX][24];  /* the numbered 0000 list */
    int nvas;
    int64_t vas_ms;
    char choice[KF_ROBOT_CHOICES][48]; /* 12580: numbered slots offered */
    int nchoice;
    int64_t choice_ms;
    char book_key[48];               /* 12580: a slot waiting for 是 */
    int64_t book_ms;
    int64_t minute_start, day_start; /* rate limits */
    int minute_n, day_n, warned;
    struct kf_robot_ctx *prev, *next; /* LRU list, most recent first */
};

struct kf_robot_ctxs {
    struct kf_map map; /* hash of number -> ctx */
    struct kf_robot_ctx *head, *tail;
    size_t n, max;
};

void kf_robot__ctxs_init(struct kf_robot_ctxs *t, size_t max);
void kf_robot__ctxs_deinit(struct kf_robot_ctxs *t);
/* The subscriber's context (created empty), made most recent; contexts
 * beyond max or idle for a day are dropped first. */
struct kf_robot_ctx *kf_robot__ctx(struct kf_robot_ctxs *t, const char *number, int64_t now_ms);

/* ------------------------------------------------------- the services */

struct kf_info;

struct kf_robot {
    kf_store *store;
    kf_selfcare *sc;
    kf_text *text;
    kf_robot_nlu *nlu;
    struct kf_info *info;
    struct kf_robot_conf conf;
    struct kf_robot_ctxs ctxs;
    struct kf_robot_log *log; /* buffered question log (store/desk.h) */
    size_t nlog, caplog;
    struct kf_robot_stats st;
    uint32_t rng;
};

/* One SMS being answered (service.c fills it; actions.c answers). */
struct kf_robot_turn {
    kf_robot *r;
    struct kf_robot_ctx *ctx;
    const char *from, *text;
    char rid[40];           /* request id: "sms:<msg id>" */
    int64_t now_ms;
    struct kf_nlu_result nlu;
    char *reply;
    size_t cap;
    int answered;           /* for the log: understood and answered */
};

/* actions.c: answers t for the intent in t->nlu (source COMMAND or MATCH);
 * a low-confidence text (source NONE) is handed over. */
void kf_robot__act(struct kf_robot_turn *t);
/* A reply "1，3" to the 0000 list: 1 when text was such a reply. */
int kf_robot__vas_choice(struct kf_robot_turn *t);
/* Queues the question for a person and tells the subscriber. */
void kf_robot__handover(struct kf_robot_turn *t, const char *reason);
/* service.c: copies src into dst[cap], cut at a character boundary so a
 * stored text never ends in half a character. */
void kf_robot__copy(char *dst, size_t cap, const char *src);
/* service.c: adds a free-text question to the buffered log. */
void kf_robot__log(struct kf_robot_turn *t);

/* svc12580.c */
int kf_robot__12580(struct kf_robot_turn *t);

/* nlu.c */
void kf_robot__canon(const kf_robot_nlu *n, const char *in, struct kf_buf *out);
int kf_robot__tokens(const char *canon, uint64_t *out, int max);
int kf_robot__add_doc(kf_robot_nlu *n, int intent, int kb, int cc, const char *question);

/* lr.c: trains the intent classifier on every indexed question; scores a
 * text's features into prob[nintents]. */
void kf_robot__train(kf_robot_nlu *n);
void kf_robot__predict(const kf_robot_nlu *n, const uint32_t *feat, int nfeat, double *prob);
/* The classifier's features of n tokens (their hashes folded to FEAT_BITS). */
int kf_robot__features(const uint64_t *toks, int n, uint32_t *out);

/* load.c: the intent's number (added when new), or -1 when the table is full. */
int kf_robot__intent(kf_robot_nlu *n, const char *name);

#endif
