/* SPDX-License-Identifier: MIT
 *
 * conf.h -- typed configuration key tables over inih.
 *
 * Each module declares a table of keys next to its code (name, type, default,
 * unit, range, reloadable, help) that fills a plain struct of its own. main/
 * lists the sections; kf_conf_load() parses an INI file against them and
 * rejects unknown sections/keys and bad values with "file:line: key: reason".
 * kf_conf_write_doc() prints a self-documenting INI (conf/kefu.ini is
 * generated from it, so the docs cannot drift from the code).
 *
 * Not thread-safe; called from the main thread at start and on SIGHUP, which
 * parses into a fresh struct and swaps (reload = parse, validate, swap).
 */
#ifndef KF_BASE_CONF_H
#define KF_BASE_CONF_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

enum kf_conf_type {
    KF_CONF_INT,      /* int64_t, plain integer */
    KF_CONF_BOOL,     /* int, yes|no|true|false|on|off|1|0 */
    KF_CONF_STR,      /* char[KF_CONF_STR_MAX] */
    KF_CONF_ENUM,     /* int, index into `choices` ("a|b|c") */
    KF_CONF_DURATION, /* int64_t milliseconds; accepts 250ms, 5s, 2m, 1h, 3d */
};

#define KF_CONF_STR_MAX 256

struct kf_conf_key {
    const char *name;
    enum kf_conf_type type;
    size_t offset;       /* into the section's struct */
    const char *def;     /* default, in file syntax */
    int64_t min, max;    /* inclusive range for INT/DURATION (ms); max 0 = none */
    const char *choices; /* ENUM: "mem|redis" */
    const char *unit;    /* shown in docs: "msgs/s", "ms", ... */
    int reloadable;      /* 1 when SIGHUP applies a new value */
    const char *help;    /* one or more sentences for the doc */
};

struct kf_conf_section {
    const char *name;
    const char *help;
    const struct kf_conf_key *keys;
    size_t nkeys;
    void *base; /* the struct the keys fill */
};

/* Fills every section's struct with its defaults. */
void kf_conf_defaults(const struct kf_conf_section *secs, size_t n);
/* Applies defaults, then the file at `path`. Returns 0, or KF_EINVAL with
 * *err (caller frees) = "path:line: section.key: reason"; KF_ENOENT when the
 * file cannot be opened. */
int kf_conf_load(const struct kf_conf_section *secs, size_t n, const char *path, char **err);
/* Sets one key from a string (used by command-line overrides such as
 * --smpp-port). Same errors as kf_conf_load with "origin" in place of path. */
int kf_conf_set(const struct kf_conf_section *secs, size_t n, const char *section,
                const char *key, const char *value, const char *origin, char **err);
/* Copies the fields of the keys marked reloadable from src to dst (two
 * structs of the type the keys describe): what SIGHUP may change. */
void kf_conf_copy_reloadable(const struct kf_conf_key *keys, size_t n, void *dst,
                             const void *src);
/* Writes a commented INI documenting every key with its default. */
void kf_conf_write_doc(const struct kf_conf_section *secs, size_t n, FILE *out);
/* Parses a duration ("5s") into ms; returns 0 or KF_EINVAL. */
int kf_conf_parse_duration(const char *s, int64_t *ms);

#endif
