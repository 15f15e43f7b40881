/* SPDX-License-Identifier: MIT
 *
 * usage_csv.c -- libFuzzer driver for usage-record CSV (files and POST
 * /api/v1/usage bodies): every line is either delivered with its fields in
 * range or reported as "name:line: field: reason"; the counts agree.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "base/base.h"
#include "selfcare/selfcare.h"

static void on_line(void *arg, const struct kf_usage_line *u)
{
    int *n = arg;
    if (u->type < 0 || u->type >= KF_USE_N || u->amount < 0 || strlen(u->number) < 5 ||
        u->record_id[0] == '\0' || u->line < 1)
        abort();
    (*n)++;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct kf_buf errs;
    int good = 0, bad;

    kf_buf_init(&errs, 1 << 20);
    bad = kf_usage_parse((const char *)data, size, "f", 1, 8 * 3600, on_line, &good, &errs, 1000);
    if (bad < 0 || (bad > 0 && errs.len == 0) || (bad == 0 && errs.len != 0))
        abort();
    if (bad > 0 && strncmp(kf_buf_str(&errs), "f:", 2) != 0)
        abort();
    kf_buf_deinit(&errs);
    return 0;
}
