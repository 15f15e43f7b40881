/* SPDX-License-Identifier: MIT
 *
 * tariff_catalog.c -- libFuzzer driver for tariff catalogue files: arbitrary
 * bytes are parsed as a catalogue. Either it loads and every item keeps the
 * invariants the rest of the platform relies on (non-negative prices, ids
 * found by look-up, sane units), or it fails with "name:line: item ...".
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "tariff/tariff.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *err = NULL;
    kf_catalog *c = kf_catalog_parse((const char *)data, size, "f", 8 * 3600, &err);

    if (c == NULL) {
        if (err == NULL || strncmp(err, "f:", 2) != 0)
            abort();
        free(err);
        return 0;
    }
    for (size_t i = 0; i < kf_catalog_count(c); i++) {
        const struct kf_item *it = kf_catalog_at(c, i);
        if (kf_catalog_get(c, it->id) != it || it->fee_fen < 0)
            abort();
        for (int t = 0; t < KF_USE_N; t++) {
            if (it->incl[t] < 0 || it->over[t].unit_fen < 0 || it->over[t].cap_fen < 0)
                abort();
            if (it->kind == KF_ITEM_PLAN && it->over[t].unit <= 0)
                abort();
            if (kf_overage_cost(&it->over[t], 5000000) < 0)
                abort();
        }
    }
    kf_catalog_free(c);
    return 0;
}
