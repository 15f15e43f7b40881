/* SPDX-License-Identifier: MIT
 *
 * err.c -- kf_strerror(), generated from the KF_ERRNO_MAP table in err.h.
 */
#include "base/err.h"

#include <string.h>

const char *kf_strerror(int err)
{
    switch (err) {
    case 0:
        return "ok";
#define KF_ERR_CASE(name, val, msg) \
    case (val):                     \
        return msg;
        KF_ERRNO_MAP(KF_ERR_CASE)
#undef KF_ERR_CASE
    default:
        break;
    }
    if (err < 0 && err > -4096) {
        /* strerror() is not guaranteed thread-safe; the names above cover our
         * own codes, so an unknown errno gets a generic but stable text. */
        return "system error";
    }
    return "unknown error";
}
