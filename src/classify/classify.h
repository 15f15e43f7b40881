/* SPDX-License-Identifier: MIT
 *
 * classify.h -- the content classifier of the spam shield: the whole public
 * interface of src/classify/.
 *
 * Features are computed on the normalised text (text/): character 1- and
 * 2-grams and skip-bigrams, the first and last characters, ASCII word
 * unigrams and bigrams, ASCII symbol n-grams, and feature tokens for what
 * the extractor finds (URL, its host and top-level domain, mobile numbers,
 * hotlines, QQ, WeChat, amounts). They are hashed into 2^bits buckets and
 * L2-normalised; the model is a logistic regression (weights + bias),
 * trained with AdaGrad by kf_model_train (tools/kefu-train is its command
 * line). Every score can explain itself: the features that pushed it most.
 *
 * Feature sets are numbered (features.c lists them). A model remembers the
 * set it was trained with: kf_model_features computes exactly that set for
 * any loaded model; kf_classify_features computes the current set
 * (KF_CLASSIFY_FEATURES), which is what models from kf_model_new and the
 * shipped data/model.bin use.
 *
 * Model file (little-endian): "KFMODEL1", u32 version, u32 bits, f32 bias,
 * f32 threshold, then
 *   version 1: f32 weights[1 << bits]                      (feature set 1)
 *   version 2: f32 scale, i8 weights[1 << bits]            (feature set 1)
 *   version 3: u32 feature set, f32 weights[1 << bits]
 *   version 4: u32 feature set, f32 scale, i8 weights[1 << bits]
 * (i8 weight = i8 × scale). The saves write versions 3 and 4; all four load.
 * A model is read-only after load and may be shared between threads.
 */
#ifndef KF_CLASSIFY_CLASSIFY_H
#define KF_CLASSIFY_CLASSIFY_H

#include <stddef.h>
#include <stdint.h>

#include "text/text.h"

typedef struct kf_model kf_model;

/* A hashed, L2-normalised feature vector (owned by the caller's struct). */
struct kf_fvec {
    uint32_t *idx;
    float *val;
    size_t n, cap;
};

void kf_fvec_init(struct kf_fvec *v);
void kf_fvec_deinit(struct kf_fvec *v);

/* The feature set of new models. */
#define KF_CLASSIFY_FEATURES 2

/* Fills v with the features (current set) of normalised text (replacing
 * its contents). */
void kf_classify_features(const char *norm, size_t len, unsigned bits, struct kf_fvec *v);

kf_model *kf_model_new(unsigned bits);
/* Fills v with the features of normalised text in m's set and hash size:
 * the exact input of kf_model_score for any model, old files included. */
void kf_model_features(const kf_model *m, const char *norm, size_t len, struct kf_fvec *v);
unsigned kf_model_feature_set(const kf_model *m);
void kf_model_free(kf_model *m);
unsigned kf_model_bits(const kf_model *m);
float kf_model_threshold(const kf_model *m);
void kf_model_set_threshold(kf_model *m, float t);
/* Probability of spam, 0..1. */
double kf_model_score(const kf_model *m, const struct kf_fvec *v);

/* Returns 0, or KF_EIO / KF_EPROTO with *err (caller frees). */
kf_model *kf_model_load(const char *path, char **err);
int kf_model_save(const kf_model *m, const char *path);
/* Saves with int8 weights (version 4), a quarter of the size. */
int kf_model_save_q8(const kf_model *m, const char *path);

/* Training examples: label 1 = spam, 0 = ham. */
struct kf_example {
    int label;
    struct kf_fvec v;
};

struct kf_train_opts {
    unsigned epochs;  /* passes over the data (default 6) */
    double rate;      /* AdaGrad base rate (default 0.5) */
    double l2;        /* L2 penalty per step (default 1e-7) */
    double ham_weight;/* loss weight of ham examples (default 3): >1 buys a lower FPR */
    uint32_t seed;    /* shuffle seed */
};

void kf_train_opts_default(struct kf_train_opts *o);
/* Trains m on the examples (their order is shuffled in place). */
void kf_model_train(kf_model *m, struct kf_example *ex, size_t n, const struct kf_train_opts *o);

/* The k features that contributed most (by |weight × value|) to the score
 * of `norm`: their names (as computed) and contributions, most first.
 * Returns how many were written. names[i] point into `buf` (cap bytes). */
int kf_classify_explain(const kf_model *m, const char *norm, size_t len, int k,
                        const char **names, float *contrib, char *buf, size_t cap);

#endif
