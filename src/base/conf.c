/* SPDX-License-Identifier: MIT
 *
 * conf.c -- INI parsing against typed key tables (conf.h). inih does the
 * lexing; this file validates types and ranges and reports file:line errors.
 */
#include "base/conf.h"

#include <ini.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "base/err.h"
#include "base/xalloc.h"

struct load_ctx {
    const struct kf_conf_section *secs;
    size_t n;
    const char *path;
    char *err;
    FILE *f;
    int lineno; /* counted by our reader: Debian's inih has no lineno handler */
};

/* inih calls the reader once per line and the handler right after the line
 * it belongs to, so our own count names the right line. */
static char *read_line(char *str, int num, void *stream)
{
    struct load_ctx *c = stream;
    char *r = fgets(str, num, c->f);
    if (r)
        c->lineno++;
    return r;
}


int kf_conf_parse_duration(const char *s, int64_t *ms)
{
    char *end;
    long long v;
    int64_t mul = 1000; /* a bare number is seconds */

    if (s == NULL || *s == '\0')
        return KF_EINVAL;
    errno = 0;
    v = strtoll(s, &end, 10);
    if (errno || end == s || v < 0)
        return KF_EINVAL;
    if (strcmp(end, "ms") == 0)
        mul = 1;
    else if (strcmp(end, "s") == 0 || *end == '\0')
        mul = 1000;
    else if (strcmp(end, "m") == 0)
        mul = 60000;
    else if (strcmp(end, "h") == 0)
        mul = 3600000;
    else if (strcmp(end, "d") == 0)
        mul = 86400000;
    else
        return KF_EINVAL;
    if (v > INT64_MAX / mul)
        return KF_EINVAL;
    *ms = (int64_t)v * mul;
    return 0;
}

static int parse_bool(const char *v, int *out)
{
    static const char *yes[] = {"yes", "true", "on", "1"};
    static const char *no[] = {"no", "false", "off", "0"};
    for (size_t i = 0; i < 4; i++) {
        if (strcasecmp(v, yes[i]) == 0) {
            *out = 1;
            return 0;
        }
        if (strcasecmp(v, no[i]) == 0) {
            *out = 0;
            return 0;
        }
    }
    return KF_EINVAL;
}

static int parse_enum(const char *choices, const char *v, int *out)
{
    const char *p = choices;
    size_t vlen = strlen(v);
    int idx = 0;

    while (*p) {
        const char *bar = strchr(p, '|');
        size_t len = bar ? (size_t)(bar - p) : strlen(p);
        if (len == vlen && strncmp(p, v, len) == 0) {
            *out = idx;
            return 0;
        }
        idx++;
        if (!bar)
            break;
        p = bar + 1;
    }
    return KF_EINVAL;
}

/* Stores `v` into the key's field; returns NULL or a reason (static text or
 * a caller-freed string through *reason_owned). */
static const char *apply(const struct kf_conf_key *k, void *base, const char *v)
{
    char *field = (char *)base + k->offset;
    int64_t iv;
    char *end;

    switch (k->type) {
    case KF_CONF_INT:
        errno = 0;
        iv = strtoll(v, &end, 10);
        if (errno || end == v || *end != '\0')
            return "not an integer";
        if (iv < k->min || (k->max && iv > k->max))
            return "out of range";
        memcpy(field, &iv, sizeof iv);
        return NULL;
    case KF_CONF_DURATION:
        if (kf_conf_parse_duration(v, &iv))
            return "not a duration (use 250ms, 5s, 2m, 1h, 3d)";
        if (iv < k->min || (k->max && iv > k->max))
            return "out of range";
        memcpy(field, &iv, sizeof iv);
        return NULL;
    case KF_CONF_BOOL: {
        int b;
        if (parse_bool(v, &b))
            return "not a boolean (yes or no)";
        memcpy(field, &b, sizeof b);
        return NULL;
    }
    case KF_CONF_ENUM: {
        int e;
        if (parse_enum(k->choices, v, &e))
            return "not one of the allowed values";
        memcpy(field, &e, sizeof e);
        return NULL;
    }
    case KF_CONF_STR:
        if (strlen(v) >= KF_CONF_STR_MAX)
            return "string too long";
        memcpy(field, v, strlen(v) + 1);
        return NULL;
    }
    return "bad key type";
}

static const struct kf_conf_key *find_key(const struct kf_conf_section *secs, size_t n,
                                          const char *section, const char *name,
                                          const struct kf_conf_section **sec_out)
{
    for (size_t i = 0; i < n; i++) {
        if (strcmp(secs[i].name, section) != 0)
            continue;
        *sec_out = &secs[i];
        for (size_t j = 0; j < secs[i].nkeys; j++)
            if (strcmp(secs[i].keys[j].name, name) == 0)
                return &secs[i].keys[j];
        return NULL;
    }
    *sec_out = NULL;
    return NULL;
}

void kf_conf_defaults(const struct kf_conf_section *secs, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        for (size_t j = 0; j < secs[i].nkeys; j++) {
            const char *reason = apply(&secs[i].keys[j], secs[i].base, secs[i].keys[j].def);
            if (reason) {
                /* A bad default is a programmer error. */
                fprintf(stderr, "kefu: bad default for %s.%s: %s\n", secs[i].name,
                        secs[i].keys[j].name, reason);
                abort();
            }
        }
    }
}

int kf_conf_set(const struct kf_conf_section *secs, size_t n, const char *section,
                const char *key, const char *value, const char *origin, char **err)
{
    const struct kf_conf_section *sec;
    const struct kf_conf_key *k = find_key(secs, n, section, key, &sec);
    const char *reason;

    if (sec == NULL) {
        *err = kf_xasprintf("%s: [%s]: unknown section", origin, section);
        return KF_EINVAL;
    }
    if (k == NULL) {
        *err = kf_xasprintf("%s: %s.%s: unknown key", origin, section, key);
        return KF_EINVAL;
    }
    reason = apply(k, sec->base, value);
    if (reason) {
        *err = kf_xasprintf("%s: %s.%s: %s: \"%.60s\"", origin, section, key, reason, value);
        return KF_EINVAL;
    }
    return 0;
}

static int on_entry(void *user, const char *section, const char *name, const char *value)
{
    struct load_ctx *c = user;
    int lineno = c->lineno;
    char origin[300];

    if (c->err)
        return 0;
    if (name == NULL) /* new section line (INI_CALL_HANDLER_ON_NEW_SECTION) */
        return 1;
    snprintf(origin, sizeof origin, "%s:%d", c->path, lineno);
    if (kf_conf_set(c->secs, c->n, section, name, value, origin, &c->err))
        return 0;
    return 1;
}

int kf_conf_load(const struct kf_conf_section *secs, size_t n, const char *path, char **err)
{
    struct load_ctx c = {secs, n, path, NULL, NULL, 0};
    FILE *f;
    int rc;

    *err = NULL;
    kf_conf_defaults(secs, n);
    f = fopen(path, "r");
    if (f == NULL) {
        *err = kf_xasprintf("%s: cannot open: %s", path, strerror(errno));
        return KF_ENOENT;
    }
    c.f = f;
    rc = ini_parse_stream(read_line, &c, on_entry, &c);
    fclose(f);
    if (c.err) {
        *err = c.err;
        return KF_EINVAL;
    }
    if (rc > 0) {
        *err = kf_xasprintf("%s:%d: syntax error (expected [section] or key = value)", path, rc);
        return KF_EINVAL;
    }
    if (rc < 0) {
        *err = kf_xasprintf("%s: cannot read", path);
        return KF_EIO;
    }
    return 0;
}

void kf_conf_copy_reloadable(const struct kf_conf_key *keys, size_t n, void *dst,
                             const void *src)
{
    for (size_t i = 0; i < n; i++) {
        const struct kf_conf_key *k = &keys[i];
        size_t size = k->type == KF_CONF_STR ? KF_CONF_STR_MAX
                      : (k->type == KF_CONF_INT || k->type == KF_CONF_DURATION) ? sizeof(int64_t)
                                                                                  : sizeof(int);
        if (k->reloadable)
            memcpy((char *)dst + k->offset, (const char *)src + k->offset, size);
    }
}

static const char *type_name(const struct kf_conf_key *k)
{
    switch (k->type) {
    case KF_CONF_INT:
        return "integer";
    case KF_CONF_BOOL:
        return "boolean";
    case KF_CONF_STR:
        return "string";
    case KF_CONF_ENUM:
        return "one of";
    case KF_CONF_DURATION:
        return "duration";
    }
    return "?";
}

/* Writes text as "; " comment lines wrapped at 78 columns. */
static void write_wrapped(FILE *out, const char *text)
{
    const char *p = text;
    while (*p) {
        size_t len = strlen(p), cut = len;
        if (len > 76) {
            cut = 76;
            while (cut > 0 && p[cut] != ' ')
                cut--;
            if (cut == 0)
                cut = 76;
        }
        fprintf(out, "; %.*s\n", (int)cut, p);
        p += cut;
        while (*p == ' ')
            p++;
    }
}

void kf_conf_write_doc(const struct kf_conf_section *secs, size_t n, FILE *out)
{
    fprintf(out, "; kefu configuration. Generated by `kefud --print-config`: every key with\n"
                 "; its default, unit and range. Unknown keys and bad values stop the daemon\n"
                 "; at start with file:line: key: reason. Keys marked [reload] take effect on\n"
                 "; SIGHUP; the others need a restart. Durations take ms, s, m, h or d.\n");
    for (size_t i = 0; i < n; i++) {
        fprintf(out, "\n[%s]\n", secs[i].name);
        if (secs[i].help)
            write_wrapped(out, secs[i].help);
        for (size_t j = 0; j < secs[i].nkeys; j++) {
            const struct kf_conf_key *k = &secs[i].keys[j];
            fputc('\n', out);
            write_wrapped(out, k->help);
            fprintf(out, "; type: %s", type_name(k));
            if (k->type == KF_CONF_ENUM)
                fprintf(out, " %s", k->choices);
            if (k->unit && *k->unit)
                fprintf(out, "; unit: %s", k->unit);
            if (k->type == KF_CONF_INT)
                fprintf(out, "; range: %" PRId64 "..%s", k->min,
                        k->max ? "" : "unbounded");
            if (k->type == KF_CONF_INT && k->max)
                fprintf(out, "%" PRId64, k->max);
            if (k->type == KF_CONF_DURATION)
                fprintf(out, "; range: %" PRId64 "ms..%s", k->min, k->max ? "" : "unbounded");
            if (k->type == KF_CONF_DURATION && k->max)
                fprintf(out, "%" PRId64 "ms", k->max);
            fprintf(out, "%s\n", k->reloadable ? "; [reload]" : "");
            fprintf(out, "%s = %s\n", k->name, k->def);
        }
    }
}
