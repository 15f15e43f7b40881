/* SPDX-License-Identifier: MIT
 *
 * train.c -- logistic regression by AdaGrad over hashed features, with an
 * L2 penalty and an optional extra weight on ham (a false positive costs an
 * operator more than a missed spam).
 */
#include "classify/classify_int.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "base/base.h"

void kf_train_opts_default(struct kf_train_opts *o)
{
    o->epochs = 6;
    o->rate = 0.5;
    o->l2 = 1e-7;
    o->ham_weight = 3.0;
    o->seed = 12345;
}

static uint32_t next_rand(uint32_t *s)
{
    *s = *s * 1103515245u + 12345u;
    return *s >> 1;
}

void kf_model_train(kf_model *m, struct kf_example *ex, size_t n, const struct kf_train_opts *o)
{
    size_t dim = (size_t)1 << m->bits;
    float *g2 = kf_xcalloc(dim, sizeof *g2);
    double bias_g2 = 0;
    uint32_t seed = o->seed;

    for (unsigned e = 0; e < o->epochs; e++) {
        for (size_t i = n; i > 1; i--) { /* Fisher-Yates */
            size_t j = next_rand(&seed) % i;
            struct kf_example t = ex[i - 1];
            ex[i - 1] = ex[j];
            ex[j] = t;
        }
        for (size_t i = 0; i < n; i++) {
            const struct kf_fvec *v = &ex[i].v;
            double p = kf_model_score(m, v);
            double err = (p - ex[i].label) * (ex[i].label ? 1.0 : o->ham_weight);
            for (size_t k = 0; k < v->n; k++) {
                uint32_t f = v->idx[k];
                double g = err * v->val[k] + o->l2 * m->w[f];
                g2[f] += (float)(g * g);
                m->w[f] -= (float)(o->rate * g / sqrt(g2[f] + 1e-8));
            }
            bias_g2 += err * err;
            m->bias -= (float)(o->rate * err / sqrt(bias_g2 + 1e-8));
        }
    }
    free(g2);
}
