/* SPDX-License-Identifier: MIT
 *
 * metrics.h -- spam-filter figures from scores and labels: accuracy, spam
 * precision/recall/F1 and ham false-positive rate at a threshold, and the
 * threshold that keeps the ham FPR at or under a target.
 */
#ifndef KF_TOOLS_METRICS_H
#define KF_TOOLS_METRICS_H

#include <stddef.h>

struct metrics {
    size_t tp, fp, tn, fn;
    double accuracy, precision, recall, f1, ham_fpr;
};

void metrics_at(const double *score, const int *label, size_t n, double thr, struct metrics *m);
/* Smallest threshold whose ham FPR is <= fpr (a score >= thr is spam). */
double threshold_for_fpr(const double *score, const int *label, size_t n, double fpr);

#endif
