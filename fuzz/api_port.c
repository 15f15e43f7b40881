/* SPDX-License-Identifier: MIT
 *
 * api_port.c -- libFuzzer driver for API request bodies: arbitrary bytes are
 * parsed as JSON (jansson, as the API does, with the same size cap) and,
 * when they form an object, applied to an account by the ports route's
 * validator. Accepted accounts must satisfy the invariants the hub relies
 * on (NUL-terminated fields, a 106 number for ports, ranges respected).
 */
#include <jansson.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "api/api_int.h"
#include "auth/auth.h"
#include "base/base.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static int init;
    struct kf_account ac;
    json_error_t e;
    json_t *j;
    const char *why;

    if (!init) {
        kf_auth_init();
        init = 1;
    }
    if (size > 65536)
        return 0;
    j = json_loadb((const char *)data, size, 0, &e);
    if (j == NULL)
        return 0;
    if (json_is_object(j)) {
        memset(&ac, 0, sizeof ac);
        ac.pw_hash[0] = 'x'; /* an existing account has a hash */
        if (kf_api__account_apply(j, &ac, 1, &why) == NULL) {
            KF_ASSERT(memchr(ac.name, 0, sizeof ac.name));
            KF_ASSERT(memchr(ac.number, 0, sizeof ac.number));
            KF_ASSERT(memchr(ac.signatures, 0, sizeof ac.signatures));
            KF_ASSERT(ac.kind != KF_ACCT_PORT || strncmp(ac.number, "106", 3) == 0);
            KF_ASSERT(ac.tps >= 0 && ac.window >= 0);
        }
    }
    json_decref(j);
    return 0;
}
