/* SPDX-License-Identifier: MIT
 *
 * review_int.h -- what only src/review/ sees.
 */
#ifndef KF_REVIEW_REVIEW_INT_H
#define KF_REVIEW_REVIEW_INT_H

#include "base/base.h"
#include "review/review.h"
#include "text/text.h"

struct kf_review {
    struct kf_review_conf conf;
    kf_store *store;
    kf_hub *hub;
    kf_shield *shield;
    const char *cur_reporter; /* during a report match */
    uint64_t reports, actions;
};

/* reports.c: splits a report into the reported number (digits, "" when
 * none) and the text part (*body points into text); returns its format
 * (enum kf_report_format). numcap >= 2. Outside input: fuzzed. */
int kf_review__parse_report(const char *text, char *num, size_t numcap, const char **body);

#endif
