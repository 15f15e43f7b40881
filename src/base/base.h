/* SPDX-License-Identifier: MIT
 *
 * base.h -- the foundation module's headers in one include, and KF_ASSERT.
 *
 * base/ depends on nothing of ours: error codes (err.h), aborting allocation
 * of fixed-size objects (xalloc.h), capped buffers for outside input (buf.h),
 * logging (log.h), clocks (clock.h), number masking (mask.h) and typed config
 * tables (conf.h).
 */
#ifndef KF_BASE_BASE_H
#define KF_BASE_BASE_H

#include "base/buf.h"
#include "base/clock.h"
#include "base/err.h"
#include "base/log.h"
#include "base/mask.h"
#include "base/xalloc.h"

#include <stdio.h>
#include <stdlib.h>

/* For programmer errors only, never for outside input. Active in debug, test
 * and fuzz builds. */
#if defined(KF_DEBUG_BUILD) || defined(KF_FUZZING)
#define KF_ASSERT(e)                                                                \
    do {                                                                            \
        if (!(e)) {                                                                 \
            fprintf(stderr, "%s:%d: assertion failed: %s\n", __FILE__, __LINE__, #e); \
            abort();                                                                \
        }                                                                           \
    } while (0)
#else
#define KF_ASSERT(e) ((void)0)
#endif

#define KF_ARRAY_LEN(a) (sizeof(a) / sizeof((a)[0]))

/* Opens a static helper to unit tests (curl UNITTEST). */
#ifdef KF_UNIT_TEST
#define KF_STATIC
#else
#define KF_STATIC static
#endif

#endif
