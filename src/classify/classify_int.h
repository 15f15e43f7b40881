/* SPDX-License-Identifier: MIT
 *
 * classify_int.h -- what only src/classify/ sees.
 */
#ifndef KF_CLASSIFY_CLASSIFY_INT_H
#define KF_CLASSIFY_CLASSIFY_INT_H

#include "classify/classify.h"

struct kf_model {
    unsigned bits;
    unsigned features; /* feature set, 1..KF_CLASSIFY_FEATURES */
    float bias;
    float threshold;
    float *w; /* 1 << bits */
};

typedef void (*kf_classify__emit_fn)(void *ctx, const char *name, size_t len, float weight);

/* Emits every feature name of normalised text in feature set `set`, with its
 * weight (duplicates included: they add up). */
void kf_classify__walk(unsigned set, const char *norm, size_t len, kf_classify__emit_fn emit,
                       void *ctx);
/* kf_classify_features for feature set `set`. */
void kf_classify__features(unsigned set, const char *norm, size_t len, unsigned bits,
                           struct kf_fvec *v);
uint32_t kf_classify__hash(const char *s, size_t n, unsigned bits);

#endif
