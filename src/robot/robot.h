/* SPDX-License-Identifier: MIT
 *
 * robot.h -- the 10086 robot: the whole public interface of src/robot/.
 * This first part is its understanding (NLU): the command table, the
 * labelled example questions of the live intents, the knowledge base and
 * the chit-chat, all indexed for BM25 over character 1- and 2-grams of the
 * normalised text (text/) after the synonym table. Pure: files in, an
 * intent out; no store, no clock. Formats: docs/ARCHITECTURE.md
 * ("Self-service II") and data/robot/README.md.
 */
#ifndef KF_ROBOT_ROBOT_H
#define KF_ROBOT_ROBOT_H

#include <stddef.h>
#include <stdint.h>

#include "selfcare/selfcare.h"
#include "text/text.h"

typedef struct kf_robot_nlu kf_robot_nlu;

/* Loads commands.tsv, examples.tsv, kb.jsonl, chitchat.jsonl and
 * synonyms.tsv from dir. Returns NULL with *err (caller frees) naming the
 * file, line and field of the first error. */
kf_robot_nlu *kf_robot_nlu_load(const char *dir, const kf_text *text, char **err);
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
    char arg[64];         /* a prefix command's argument (KT<arg>) */
    double score;         /* best match's score, normalised to 0..1 */
    double margin;        /* its lead over the best of another intent */
    int kb;               /* knowledge-base item matched, or -1 */
    int chitchat;         /* chit-chat item matched, or -1 */
    char best_other[32];  /* the runner-up intent (for logs) */
};

/* Thresholds below which the robot hands over instead of answering. */
struct kf_nlu_conf {
    double min_score;
    double min_margin;
};

/* Classifies a subscriber's text. Always fills *out; returns out->source. */
int kf_robot_classify(const kf_robot_nlu *n, const struct kf_nlu_conf *c, const char *text,
                      struct kf_nlu_result *out);

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

#endif
