/* SPDX-License-Identifier: MIT
 *
 * lr.c -- the robot's intent classifier: multinomial logistic regression
 * over the hashed character 1- and 2-grams of every indexed question (the
 * live intents' examples, the knowledge base's and the chit-chat's
 * questions), class-balanced, trained at load time by SGD (a few thousand
 * questions: a fraction of a second). Its probabilities are blended with
 * BM25's best match per intent (nlu.c), which also picks the answer.
 */
#include "robot/robot_int.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "base/base.h"

#define DIM (1u << KF_ROBOT_FEAT_BITS)
#define EPOCHS 30
#define RATE 0.3
#define L2 1e-5

static uint32_t fold(uint64_t h)
{
    return (uint32_t)(h ^ (h >> 29)) & (DIM - 1);
}

/* The tokens: characters and neighbour pairs (nlu.c). Runs of three
 * characters were tried and left out: they lost 1.1 points on an
 * independently written validation batch (docs/BENCHMARKS.md). */
int kf_robot__features(const uint64_t *toks, int n, uint32_t *out)
{
    for (int i = 0; i < n; i++)
        out[i] = fold(toks[i]);
    return n;
}

static float *row(const kf_robot_nlu *n, int k)
{
    return n->w + (size_t)k * (DIM + 1);
}

void kf_robot__predict(const kf_robot_nlu *n, const uint32_t *feat, int nfeat, double *prob)
{
    double max = -1e300, sum = 0;

    for (int k = 0; k < n->nintents; k++) {
        const float *w = row(n, k);
        double z = w[DIM];
        for (int i = 0; i < nfeat; i++)
            z += w[feat[i]];
        prob[k] = z;
        if (z > max)
            max = z;
    }
    for (int k = 0; k < n->nintents; k++) {
        prob[k] = exp(prob[k] - max);
        sum += prob[k];
    }
    for (int k = 0; k < n->nintents; k++)
        prob[k] /= sum;
}

static uint32_t next_rand(uint32_t *s)
{
    *s = *s * 1103515245u + 12345u;
    return *s >> 1;
}

void kf_robot__train(kf_robot_nlu *n)
{
    size_t *order = kf_xcalloc(n->ndocs ? n->ndocs : 1, sizeof *order);
    double *p = kf_xcalloc((size_t)n->nintents, sizeof *p);
    uint32_t seed = 2026;

    free(n->w);
    n->w = kf_xcalloc((size_t)n->nintents * (DIM + 1), sizeof *n->w);
    double weight[KF_ROBOT_MAX_INTENTS] = {0};

    /* each intent weighs the same in all, however many questions it has
     * (the live intents have three times a topic's): class balancing */
    for (size_t i = 0; i < n->ndocs; i++) {
        order[i] = i;
        weight[n->docs[i].intent] += 1;
    }
    for (int k = 0; k < n->nintents; k++)
        weight[k] = weight[k] > 0 ? (double)n->ndocs / n->nintents / weight[k] : 1;
    for (int e = 0; e < EPOCHS; e++) {
        double rate = RATE / (1.0 + e * 0.2);
        for (size_t i = n->ndocs; i > 1; i--) {
            size_t j = next_rand(&seed) % i, t = order[i - 1];
            order[i - 1] = order[j];
            order[j] = t;
        }
        for (size_t i = 0; i < n->ndocs; i++) {
            const struct doc *d = &n->docs[order[i]];
            kf_robot__predict(n, d->feat, d->nfeat, p);
            for (int k = 0; k < n->nintents; k++) {
                float *w = row(n, k);
                double g = weight[d->intent] * (p[k] - (k == d->intent));
                for (int f = 0; f < d->nfeat; f++)
                    w[d->feat[f]] -= (float)(rate * (g + L2 * w[d->feat[f]]));
                w[DIM] -= (float)(rate * g);
            }
        }
    }
    free(order);
    free(p);
}
