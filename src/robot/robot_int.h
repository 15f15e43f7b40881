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

#define KF_ROBOT_MAX_INTENTS 128

struct command {
    char code[32];  /* upper-case; without the '*' of a prefix */
    int prefix;
    int intent;
    char tag[48];
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

/* nlu.c */
void kf_robot__canon(const kf_robot_nlu *n, const char *in, struct kf_buf *out);
int kf_robot__tokens(const char *canon, uint64_t *out, int max);
int kf_robot__add_doc(kf_robot_nlu *n, int intent, int kb, int cc, const char *question);

/* lr.c: trains the intent classifier on every indexed question; scores a
 * text's features into prob[nintents]. */
void kf_robot__train(kf_robot_nlu *n);
void kf_robot__predict(const kf_robot_nlu *n, const uint32_t *feat, int nfeat, double *prob);
/* Features of canonical text (token hashes folded to FEAT_BITS). */
int kf_robot__features(const char *canon, uint32_t *out, int max);

/* load.c: the intent's number (added when new), or -1 when the table is full. */
int kf_robot__intent(kf_robot_nlu *n, const char *name);

#endif
