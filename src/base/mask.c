/* SPDX-License-Identifier: MIT
 *
 * mask.c -- phone number masking (mask.h).
 */
#include "base/mask.h"

#include <string.h>

char *kf_mask_msisdn(const char *num, char out[KF_MASK_MAX])
{
    size_t len = num ? strlen(num) : 0;
    size_t keep_head, keep_tail = 4, i;

    if (len == 0) {
        out[0] = '\0';
        return out;
    }
    if (len < 7 || strncmp(num, "106", 3) == 0 || len >= KF_MASK_MAX) {
        if (len >= KF_MASK_MAX) {
            /* Not a number we know: never echo it whole. */
            memcpy(out, "(long)", 7);
            return out;
        }
        memcpy(out, num, len + 1);
        return out;
    }
    keep_head = 3;
    if (num[0] == '+')
        keep_head++;
    if (len >= 13 && strncmp(num + (num[0] == '+'), "86", 2) == 0)
        keep_head += 2;
    if (keep_head + keep_tail >= len) {
        keep_head = len > 4 ? 2 : 1;
        keep_tail = len > 4 ? 2 : 0;
    }
    for (i = 0; i < len; i++)
        out[i] = (i < keep_head || i >= len - keep_tail) ? num[i] : '*';
    out[len] = '\0';
    return out;
}
