/* SPDX-License-Identifier: MIT
 *
 * classify_int.h -- what only src/classify/ sees.
 */
#ifndef KF_CLASSIFY_CLASSIFY_INT_H
#define KF_CLASSIFY_CLASSIFY_INT_H

#include "classify/classify.h"

struct kf_model {
    unsigned bits;
    float bias;
    float threshold;
    float *w; /* 1 << bits */
};

typedef void (*kf_classify__emit_fn)(void *ctx, const char *name, size_t len);

/* Emits every feature name of normalised text (duplicates included). */
void kf_classify__walk(const char *norm, size_t len, kf_classify__emit_fn emit, void *ctx);
uint32_t kf_classify__hash(const char *s, size_t n, unsigned bits);

#endif
