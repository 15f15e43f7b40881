/* SPDX-License-Identifier: MIT
 *
 * tariff_int.h -- what only src/tariff/ (and its tests and fuzz driver) sees.
 */
#ifndef KF_TARIFF_TARIFF_INT_H
#define KF_TARIFF_TARIFF_INT_H

#include "tariff/tariff.h"

struct kf_catalog {
    struct kf_item *items; /* sorted by id */
    size_t n, cap;
    struct kf_item **by_code; /* items with a code, sorted by code (no case) */
    size_t ncodes;
    int tz;
};

/* 1 when s names a plan family. */
int kf_tariff__family_known(const char *s);

#endif
