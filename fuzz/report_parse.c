/* SPDX-License-Identifier: MIT
 *
 * report_parse.c -- libFuzzer driver for the spam report parser of the
 * review desk (kf_review__parse_report in src/review/reports.c): the text
 * a subscriber sends to the report number, "号码*内容", a bare number or a
 * forwarded message. Arbitrary bytes, NUL-terminated, are parsed with
 * number buffers of 2, 8 and 32 bytes; the format must be one of the three,
 * the number NUL-terminated ASCII digits within its buffer, and the body a
 * string inside the text (or the empty string for a bare number).
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "base/base.h"
#include "review/review_int.h"

static void check(const char *text, size_t len, size_t numcap)
{
    char num[32];
    const char *body = NULL;
    int fmt;
    size_t n;

    memset(num, 'x', sizeof num);
    fmt = kf_review__parse_report(text, num, numcap, &body);
    KF_ASSERT(fmt == KF_REPORT_NUMBER_TEXT || fmt == KF_REPORT_NUMBER || fmt == KF_REPORT_FORWARD);
    KF_ASSERT(memchr(num, 0, numcap) != NULL);
    n = strlen(num);
    for (size_t i = 0; i < n; i++)
        KF_ASSERT(num[i] >= '0' && num[i] <= '9');
    KF_ASSERT(body != NULL);
    if (fmt == KF_REPORT_NUMBER)
        KF_ASSERT(n >= 5 && body[0] == '\0');
    else
        KF_ASSERT(body >= text && body <= text + len);
    if (fmt == KF_REPORT_NUMBER_TEXT)
        KF_ASSERT(n >= 5 && body > text);
    if (fmt == KF_REPORT_FORWARD)
        KF_ASSERT(n == 0);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const size_t caps[] = {2, 8, 32};
    char *text;

    if (size > 64 * 1024)
        return 0;
    text = kf_xmalloc(size + 1);
    memcpy(text, data, size);
    text[size] = '\0';
    for (size_t i = 0; i < KF_ARRAY_LEN(caps); i++)
        check(text, strlen(text), caps[i]);
    free(text);
    return 0;
}
