/* SPDX-License-Identifier: MIT
 *
 * metrics.c -- spam-filter figures (metrics.h).
 */
#include "metrics.h"

#include <stdlib.h>

void metrics_at(const double *score, const int *label, size_t n, double thr, struct metrics *m)
{
    m->tp = m->fp = m->tn = m->fn = 0;
    for (size_t i = 0; i < n; i++) {
        int spam = score[i] >= thr;
        if (label[i])
            spam ? m->tp++ : m->fn++;
        else
            spam ? m->fp++ : m->tn++;
    }
    m->accuracy = n ? (double)(m->tp + m->tn) / (double)n : 0;
    m->precision = m->tp + m->fp ? (double)m->tp / (double)(m->tp + m->fp) : 0;
    m->recall = m->tp + m->fn ? (double)m->tp / (double)(m->tp + m->fn) : 0;
    m->f1 = m->precision + m->recall ? 2 * m->precision * m->recall / (m->precision + m->recall)
                                     : 0;
    m->ham_fpr = m->fp + m->tn ? (double)m->fp / (double)(m->fp + m->tn) : 0;
}

static int cmp_desc(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? 1 : x > y ? -1 : 0;
}

double threshold_for_fpr(const double *score, const int *label, size_t n, double fpr)
{
    double *ham = malloc((n + 1) * sizeof *ham), thr;
    size_t nh = 0, allowed;

    for (size_t i = 0; i < n; i++)
        if (!label[i])
            ham[nh++] = score[i];
    if (nh == 0) {
        free(ham);
        return 0.5;
    }
    qsort(ham, nh, sizeof *ham, cmp_desc);
    allowed = (size_t)(fpr * (double)nh); /* hams that may score at or above thr */
    /* threshold just above the (allowed+1)-th highest ham score */
    thr = allowed < nh ? ham[allowed] + 1e-9 : 0;
    free(ham);
    return thr;
}
