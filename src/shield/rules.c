/* SPDX-License-Identifier: MIT
 *
 * rules.c -- keyword and regex rules over vectorscan (see rules.h).
 * Keywords are escaped into patterns so that both kinds share one
 * database and one scan. Flags: UTF-8, single match per rule, dot matches
 * newline; the text is already case-folded, so no caseless flag.
 */
#include "shield/rules.h"

#include <errno.h>
#include <hs/hs.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/base.h"

struct kf_rules {
    struct kf_rule_list list;
    hs_database_t *db;   /* NULL when there are no rules */
    hs_scratch_t *scratch;
};

void kf_rules_add(struct kf_rule_list *l, const char *code, int points, int literal,
                  const char *pattern, const char *reason)
{
    struct kf_rule *r;

    if (l->n == l->cap) {
        l->cap = l->cap ? l->cap * 2 : 64;
        l->v = kf_xrealloc(l->v, l->cap * sizeof *l->v);
    }
    r = &l->v[l->n++];
    memset(r, 0, sizeof *r);
    snprintf(r->code, sizeof r->code, "%s", code);
    r->points = points;
    r->literal = literal;
    r->pattern = kf_xstrdup(pattern);
    snprintf(r->reason, sizeof r->reason, "%s", reason);
}

void kf_rules_list_free(struct kf_rule_list *l)
{
    for (size_t i = 0; i < l->n; i++)
        free(l->v[i].pattern);
    free(l->v);
    memset(l, 0, sizeof *l);
}

/* A keyword as a regex: every ASCII punctuation character escaped. */
static char *escape_literal(const char *s)
{
    struct kf_buf b;
    kf_buf_init(&b, 8192);
    for (; *s; s++) {
        unsigned char c = (unsigned char)*s;
        if (c < 0x80 && !(c >= '0' && c <= '9') && !(c >= 'a' && c <= 'z') &&
            !(c >= 'A' && c <= 'Z') && c != ' ')
            kf_buf_putc(&b, '\\');
        kf_buf_putc(&b, c);
    }
    return (char *)kf_buf_steal(&b, NULL);
}

static const unsigned FLAGS = HS_FLAG_UTF8 | HS_FLAG_SINGLEMATCH | HS_FLAG_DOTALL;

int kf_rules_check(const char *pattern, int literal, char **err)
{
    hs_database_t *db = NULL;
    hs_compile_error_t *ce = NULL;
    char *p = literal ? escape_literal(pattern) : kf_xstrdup(pattern);
    int rc = 0;

    if (pattern[0] == '\0') {
        free(p);
        *err = kf_xstrdup("empty pattern");
        return KF_EINVAL;
    }
    if (hs_compile(p, FLAGS, HS_MODE_BLOCK, NULL, &db, &ce) != HS_SUCCESS) {
        *err = kf_xasprintf("pattern does not compile: %s", ce ? ce->message : "?");
        rc = KF_EINVAL;
    }
    hs_free_compile_error(ce);
    hs_free_database(db);
    free(p);
    return rc;
}

/* Splits a line at tabs into at most n fields; returns how many. */
static int split_tabs(char *line, char **f, int n)
{
    int k = 0;
    f[k++] = line;
    for (char *p = line; *p && k < n; p++)
        if (*p == '\t') {
            *p = '\0';
            f[k++] = p + 1;
        }
    return k;
}

static int parse_line(struct kf_rule_list *l, char *line, const char *path, int lineno,
                      char **err)
{
    char *f[5], *end;
    long points;
    int literal;

    if (split_tabs(line, f, 5) != 5) {
        *err = kf_xasprintf("%s:%d: expected 5 tab-separated fields: code, points, kw|re, "
                            "pattern, reason",
                            path, lineno);
        return KF_EINVAL;
    }
    errno = 0;
    points = strtol(f[1], &end, 10);
    if (errno || *end || points < -100 || points > 1000 || f[0][0] == '\0' ||
        strlen(f[0]) >= 32) {
        *err = kf_xasprintf("%s:%d: bad code or points '%s'", path, lineno, f[1]);
        return KF_EINVAL;
    }
    if (strcmp(f[2], "kw") != 0 && strcmp(f[2], "re") != 0) {
        *err = kf_xasprintf("%s:%d: kind must be kw or re, not '%s'", path, lineno, f[2]);
        return KF_EINVAL;
    }
    literal = f[2][0] == 'k';
    if (f[3][0] == '\0') {
        *err = kf_xasprintf("%s:%d: empty pattern", path, lineno);
        return KF_EINVAL;
    }
    kf_rules_add(l, f[0], (int)points, literal, f[3], f[4]);
    l->v[l->n - 1].line = lineno;
    return 0;
}

int kf_rules_parse_file(struct kf_rule_list *l, const char *path, char **err)
{
    FILE *f = fopen(path, "r");
    char line[4096];
    int lineno = 0, rc = 0;

    if (f == NULL) {
        *err = kf_xasprintf("%s: %s", path, strerror(errno));
        return KF_EIO;
    }
    while (rc == 0 && fgets(line, sizeof line, f)) {
        size_t n = strlen(line);
        lineno++;
        while (n && (line[n - 1] == '\n' || line[n - 1] == '\r'))
            line[--n] = '\0';
        if (n == 0 || line[0] == '#')
            continue;
        rc = parse_line(l, line, path, lineno, err);
    }
    fclose(f);
    return rc;
}

kf_rules *kf_rules_compile(struct kf_rule_list *l, const char *origin, char **err)
{
    kf_rules *r = kf_xcalloc(1, sizeof *r);
    hs_compile_error_t *ce = NULL;
    char **pats;
    unsigned *flags, *ids;

    r->list = *l;
    memset(l, 0, sizeof *l);
    if (r->list.n == 0)
        return r;
    pats = kf_xcalloc(r->list.n, sizeof *pats);
    flags = kf_xcalloc(r->list.n, sizeof *flags);
    ids = kf_xcalloc(r->list.n, sizeof *ids);
    for (size_t i = 0; i < r->list.n; i++) {
        pats[i] = r->list.v[i].literal ? escape_literal(r->list.v[i].pattern)
                                       : kf_xstrdup(r->list.v[i].pattern);
        flags[i] = FLAGS;
        ids[i] = (unsigned)i;
    }
    if (hs_compile_multi((const char *const *)pats, flags, ids, (unsigned)r->list.n,
                         HS_MODE_BLOCK, NULL, &r->db, &ce) != HS_SUCCESS) {
        int at = ce ? ce->expression : -1;
        if (at >= 0 && r->list.v[at].line)
            *err = kf_xasprintf("%s:%d: pattern does not compile: %s", origin,
                                r->list.v[at].line, ce->message);
        else
            *err = kf_xasprintf("%s: rule %s: pattern does not compile: %s", origin,
                                at >= 0 ? r->list.v[at].code : "?",
                                ce ? ce->message : "compile failed");
        hs_free_compile_error(ce);
    } else if (hs_alloc_scratch(r->db, &r->scratch) != HS_SUCCESS) {
        *err = kf_xstrdup("vectorscan: cannot allocate scratch");
    }
    for (size_t i = 0; i < r->list.n; i++)
        free(pats[i]);
    free(pats);
    free(flags);
    free(ids);
    if (r->scratch == NULL) {
        kf_rules_free(r);
        return NULL;
    }
    return r;
}

void kf_rules_free(kf_rules *r)
{
    if (r == NULL)
        return;
    hs_free_scratch(r->scratch);
    hs_free_database(r->db);
    kf_rules_list_free(&r->list);
    free(r);
}

size_t kf_rules_count(const kf_rules *r)
{
    return r->list.n;
}

const struct kf_rule *kf_rules_get(const kf_rules *r, int i)
{
    return &r->list.v[i];
}

struct scan_ctx {
    int *hits;
    int max, n;
};

static int on_match(unsigned id, unsigned long long from, unsigned long long to, unsigned flags,
                    void *arg)
{
    struct scan_ctx *c = arg;
    (void)from;
    (void)to;
    (void)flags;
    if (c->n < c->max)
        c->hits[c->n] = (int)id;
    c->n++;
    return 0;
}

int kf_rules_scan(kf_rules *r, const char *text, size_t len, int *hits, int max)
{
    struct scan_ctx c = {hits, max, 0};

    if (r->db == NULL || len == 0)
        return 0;
    if (hs_scan(r->db, text, (unsigned)len, 0, r->scratch, on_match, &c) != HS_SUCCESS)
        return 0;
    return c.n < max ? c.n : max;
}
