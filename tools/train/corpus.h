/* SPDX-License-Identifier: MIT
 *
 * corpus.h -- reading `label<TAB>text` files (spam/ham, one message per
 * line) into normalised texts, shared by kefu-train and kefu-eval. A bad
 * line is reported as file:line and skipped.
 */
#ifndef KF_TOOLS_CORPUS_H
#define KF_TOOLS_CORPUS_H

#include <stddef.h>

#include "text/text.h"

struct corpus {
    char **norm;   /* normalised texts (owned) */
    size_t *len;
    int *label;    /* 1 spam, 0 ham */
    size_t n, cap;
    size_t bad;    /* lines skipped */
};

/* Appends a file's messages; returns 0 or -1 when the file cannot be read. */
int corpus_read(struct corpus *c, const kf_text *t, const char *path);
void corpus_free(struct corpus *c);

#endif
