/* SPDX-License-Identifier: MIT
 *
 * url.c -- URL and domain intelligence (stub; see url.h).
 */
#include "shield/url.h"

#include <stdlib.h>
#include <string.h>

#include "base/xalloc.h"

struct kf_urlintel {
    int unused;
};

kf_urlintel *kf_urlintel_load(const char *path, char **err)
{
    (void)path;
    *err = NULL;
    return kf_xcalloc(1, sizeof(struct kf_urlintel));
}

void kf_urlintel_free(kf_urlintel *u)
{
    free(u);
}

void kf_urlintel_check(const kf_urlintel *u, const char *host, size_t len,
                       struct kf_url_verdict *out)
{
    (void)u;
    (void)host;
    (void)len;
    memset(out, 0, sizeof *out);
}
