/* SPDX-License-Identifier: MIT
 *
 * corpus.c -- label<TAB>text files into normalised texts (corpus.h).
 */
#include "corpus.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/base.h"

int corpus_read(struct corpus *c, const kf_text *t, const char *path)
{
    FILE *f = fopen(path, "r");
    char *line = NULL;
    size_t cap = 0, lineno = 0;
    ssize_t n;

    if (f == NULL) {
        fprintf(stderr, "%s: cannot open\n", path);
        return -1;
    }
    while ((n = getline(&line, &cap, f)) != -1) {
        char *tab = memchr(line, '\t', (size_t)n);
        struct kf_buf b;
        int label;

        lineno++;
        while (n > 0 && (line[n - 1] == '\n' || line[n - 1] == '\r'))
            line[--n] = '\0';
        if (tab == NULL || (tab - line != 4 && tab - line != 3)) {
            fprintf(stderr, "%s:%zu: expected label<TAB>text\n", path, lineno);
            c->bad++;
            continue;
        }
        if (strncmp(line, "spam\t", 5) == 0)
            label = 1;
        else if (strncmp(line, "ham\t", 4) == 0)
            label = 0;
        else {
            fprintf(stderr, "%s:%zu: label must be spam or ham\n", path, lineno);
            c->bad++;
            continue;
        }
        if (c->n == c->cap) {
            c->cap = c->cap ? c->cap * 2 : 4096;
            c->norm = kf_xrealloc(c->norm, c->cap * sizeof *c->norm);
            c->len = kf_xrealloc(c->len, c->cap * sizeof *c->len);
            c->label = kf_xrealloc(c->label, c->cap * sizeof *c->label);
        }
        kf_buf_init(&b, 1 << 20);
        kf_text_normalize(t, tab + 1, (size_t)(line + n - tab - 1), &b);
        c->label[c->n] = label;
        c->norm[c->n] = (char *)kf_buf_steal(&b, &c->len[c->n]);
        if (c->norm[c->n] == NULL)
            c->norm[c->n] = kf_xstrdup("");
        c->n++;
    }
    free(line);
    fclose(f);
    return 0;
}

void corpus_free(struct corpus *c)
{
    for (size_t i = 0; i < c->n; i++)
        free(c->norm[i]);
    free(c->norm);
    free(c->len);
    free(c->label);
    memset(c, 0, sizeof *c);
}
