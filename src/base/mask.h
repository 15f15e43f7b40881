/* SPDX-License-Identifier: MIT
 *
 * mask.h -- masking of phone numbers for logs, API answers and reports.
 *
 * Subscriber numbers show the first 3 and last 4 digits (138****5678). Short
 * numbers (service numbers like 10086, under 7 digits) and industry ports
 * (starting with 106, enterprise numbers, not personal data) are shown whole.
 */
#ifndef KF_BASE_MASK_H
#define KF_BASE_MASK_H

#include <stddef.h>

#define KF_MASK_MAX 32

/* Writes the masked form of `num` to `out` (KF_MASK_MAX bytes, always
 * NUL-terminated) and returns out. A leading "+" or "86" country code is
 * kept as part of the visible prefix. */
char *kf_mask_msisdn(const char *num, char out[KF_MASK_MAX]);

#endif
