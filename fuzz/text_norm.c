/* SPDX-License-Identifier: MIT
 *
 * text_norm.c -- libFuzzer driver for the inspection normaliser: arbitrary
 * bytes (message texts come from outside) are normalised, normalised again
 * (normalising is idempotent on its own output), scanned for features whose
 * spans must lie inside the text, and fingerprinted.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "base/base.h"
#include "text/text.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static kf_text *t;
    struct kf_buf a, b;
    struct kf_text_item items[64];
    int n;

    if (t == NULL) {
        char *err = NULL;
        t = kf_text_new(NULL, &err);
        free(err);
    }
    if (size > 4096)
        return 0;
    kf_buf_init(&a, 64 * 1024);
    kf_buf_init(&b, 64 * 1024);
    kf_text_normalize(t, (const char *)data, size, &a);
    kf_text_normalize(t, kf_buf_str(&a), a.len, &b);
    KF_ASSERT(a.len == b.len && memcmp(kf_buf_str(&a), kf_buf_str(&b), a.len) == 0);
    n = kf_text_extract(kf_buf_str(&a), a.len, items, 64);
    for (int i = 0; i < n && i < 64; i++) {
        KF_ASSERT(items[i].off + items[i].len <= a.len);
        KF_ASSERT(items[i].aux_off + items[i].aux_len <= a.len);
    }
    (void)kf_text_simhash(kf_buf_str(&a), a.len);
    kf_buf_deinit(&a);
    kf_buf_deinit(&b);
    return 0;
}
