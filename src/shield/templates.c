/* SPDX-License-Identifier: MIT
 *
 * templates.c -- filed message templates of industry ports (报备模板). An
 * entry of the port.template list is "<port number>:<template>", where {*}
 * stands for a variable part (a code, an amount, a name) of at most 120
 * bytes. A message from a port that filed templates and follows one of them
 * is trusted more; one that follows none is a little suspect. Templates are
 * normalised like messages, piece by piece (so {*} survives), and matched
 * as ordered literal pieces: no regex, no allocation on the hot path.
 */
#include "shield/shield_int.h"

#include <stdlib.h>
#include <string.h>

#define GAP_MAX 120

struct tmpl {
    char **piece;  /* normalised literal pieces, owned */
    size_t *len;
    int n;
    int open_start, open_end; /* template starts / ends with {*} */
};

struct port_tmpls {
    char *port;
    struct tmpl *v;
    int n;
};

static void tmpl_free(struct tmpl *t)
{
    for (int i = 0; i < t->n; i++)
        free(t->piece[i]);
    free(t->piece);
    free(t->len);
}

static void port_free(struct port_tmpls *p)
{
    for (int i = 0; i < p->n; i++)
        tmpl_free(&p->v[i]);
    free(p->v);
    free(p->port);
    free(p);
}

void kf_shield__templates_free(kf_shield *sh)
{
    for (size_t i = 0; i < sh->templates.cap; i++)
        if (sh->templates.slots[i].key)
            port_free(sh->templates.slots[i].val);
    kf_map_deinit(&sh->templates);
    kf_map_init(&sh->templates);
}

/* Parses "<port>:<template>" into p's next template. */
static int parse(kf_shield *sh, const char *value, struct tmpl *t)
{
    const char *colon = strchr(value, ':'), *p, *star;
    struct kf_buf b;

    memset(t, 0, sizeof *t);
    if (colon == NULL || colon[1] == '\0')
        return KF_EINVAL;
    p = colon + 1;
    t->open_start = strncmp(p, "{*}", 3) == 0;
    kf_buf_init(&b, 4096);
    for (;;) {
        size_t n;
        star = strstr(p, "{*}");
        n = star ? (size_t)(star - p) : strlen(p);
        if (n) {
            kf_buf_reset(&b);
            kf_text_normalize(sh->text, p, n, &b);
            if (b.len) {
                t->piece = kf_xrealloc(t->piece, (size_t)(t->n + 1) * sizeof *t->piece);
                t->len = kf_xrealloc(t->len, (size_t)(t->n + 1) * sizeof *t->len);
                t->piece[t->n] = kf_xstrdup(kf_buf_str(&b));
                t->len[t->n++] = b.len;
            }
        }
        if (star == NULL)
            break;
        t->open_end = star[3] == '\0';
        p = star + 3;
    }
    kf_buf_deinit(&b);
    return t->n ? 0 : KF_EINVAL;
}

int kf_shield__template_check(kf_shield *sh, const char *value)
{
    struct tmpl t;
    int rc = parse(sh, value, &t);
    tmpl_free(&t);
    for (const char *c = value; rc == 0 && *c != ':'; c++)
        if (*c < '0' || *c > '9')
            rc = KF_EINVAL;
    return rc;
}

static void add(kf_shield *sh, const char *value)
{
    size_t plen = (size_t)(strchr(value, ':') - value);
    uint64_t k = kf_map_hash_str(value, plen);
    struct port_tmpls *p = kf_map_get(&sh->templates, k);
    struct tmpl t;

    if (parse(sh, value, &t))
        return;
    if (p == NULL) {
        p = kf_xcalloc(1, sizeof *p);
        p->port = kf_xasprintf("%.*s", (int)plen, value);
        kf_map_put(&sh->templates, k, p);
    }
    p->v = kf_xrealloc(p->v, (size_t)(p->n + 1) * sizeof *p->v);
    p->v[p->n++] = t;
}

void kf_shield__templates_build(kf_shield *sh)
{
    const struct kf_map *m = &sh->lists[L_PORT_TEMPLATE].m;

    kf_shield__templates_free(sh);
    for (size_t i = 0; i < m->cap; i++) {
        const struct sentry *e = m->slots[i].val;
        for (; m->slots[i].key && e; e = e->next)
            if (strchr(e->value, ':'))
                add(sh, e->value);
    }
}

/* Finds needle in [h, h + hl) no further than `max` bytes from h. */
static const char *find_near(const char *h, size_t hl, const char *needle, size_t nl, size_t max)
{
    const char *p = memmem(h, hl, needle, nl);
    return p && (size_t)(p - h) <= max ? p : NULL;
}

static int follows(const struct tmpl *t, const char *text, size_t len)
{
    const char *at = text, *end = text + len;

    for (int i = 0; i < t->n; i++) {
        const char *p;
        if (i == 0 && !t->open_start) {
            if (len < t->len[0] || memcmp(text, t->piece[0], t->len[0]) != 0)
                return 0;
            p = text;
        } else {
            p = find_near(at, (size_t)(end - at), t->piece[i], t->len[i], GAP_MAX);
            if (p == NULL)
                return 0;
        }
        at = p + t->len[i];
    }
    return t->open_end ? (size_t)(end - at) <= GAP_MAX : at == end;
}

int kf_shield__templates_match(kf_shield *sh, const char *port, const char *norm, size_t len)
{
    const struct port_tmpls *p;

    if (sh->templates.len == 0 || port == NULL)
        return -1;
    p = kf_map_get(&sh->templates, kf_map_hash_str(port, strlen(port)));
    if (p == NULL || strcmp(p->port, port) != 0)
        return -1;
    for (int i = 0; i < p->n; i++)
        if (follows(&p->v[i], norm, len))
            return 1;
    return 0;
}
