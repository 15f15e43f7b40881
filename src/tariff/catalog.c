/* SPDX-License-Identifier: MIT
 *
 * catalog.c -- loading and validating the tariff catalogue: JSON Lines, one
 * item per line, '#' comment lines. Every field is checked against its rule;
 * each error names the file, the line, the item and the field, and all of
 * them are reported at once (up to 50) so an operator fixes a file in one
 * pass. A catalogue that has any error is refused whole. Format reference:
 * docs/internals/tariff.md.
 */
#include "tariff/tariff_int.h"

#include <ctype.h>
#include <errno.h>
#include <jansson.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "base/base.h"

#define MAX_ERRORS 50
#define MAX_FILE (64u << 20)

static const char *const kinds[] = {"plan", "addon", "vas", "promo"};
static const char *const families[] = {"5g",       "4g",     "youth",   "senior",
                                       "datacard", "global", "prepaid", "family"};
static const char *const first_months[] = {"full", "prorate", "free"};

/* Parsing state of one catalogue. */
struct parse {
    const char *name;
    int tz;
    int line;
    const char *item_id; /* for messages; "?" until known */
    struct kf_buf errs;
    int nerr;
};

static void perr(struct parse *ps, const char *field, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static void perr(struct parse *ps, const char *field, const char *fmt, ...)
{
    char why[256];
    va_list ap;

    if (++ps->nerr > MAX_ERRORS)
        return;
    va_start(ap, fmt);
    vsnprintf(why, sizeof why, fmt, ap);
    va_end(ap);
    if (ps->nerr == MAX_ERRORS)
        snprintf(why, sizeof why, "too many errors, stopping here");
    kf_buf_printf(&ps->errs, "%s%s:%d: item %s: %s: %s", ps->errs.len ? "\n" : "", ps->name,
                  ps->line, ps->item_id, field, why);
}

static int enum_index(const char *const *names, size_t n, const char *s)
{
    for (size_t i = 0; i < n; i++)
        if (strcmp(names[i], s) == 0)
            return (int)i;
    return -1;
}

int kf_tariff__family_known(const char *s)
{
    return enum_index(families, KF_ARRAY_LEN(families), s) >= 0;
}

const char *kf_item_kind_name(int kind)
{
    return kind >= 0 && kind < (int)KF_ARRAY_LEN(kinds) ? kinds[kind] : "?";
}

/* ------------------------------------------------------- field readers */

static int is_ident(const char *s, int allow_colon)
{
    if (*s == '\0')
        return 0;
    for (; *s; s++)
        if (!isalnum((unsigned char)*s) && *s != '_' && *s != '-' && !(allow_colon && *s == ':'))
            return 0;
    return 1;
}

/* A string field into out[cap]; required or not. Returns 1 when present. */
static int get_str(struct parse *ps, json_t *o, const char *key, char *out, size_t cap,
                   int required)
{
    json_t *v = json_object_get(o, key);

    if (v == NULL) {
        if (required)
            perr(ps, key, "missing");
        return 0;
    }
    if (!json_is_string(v)) {
        perr(ps, key, "must be a string");
        return 0;
    }
    if (json_string_length(v) >= cap) {
        perr(ps, key, "longer than %zu bytes", cap - 1);
        return 0;
    }
    if (memchr(json_string_value(v), '\0', json_string_length(v)) != NULL) {
        perr(ps, key, "contains a NUL character");
        return 0;
    }
    memcpy(out, json_string_value(v), json_string_length(v) + 1);
    return 1;
}

/* An integer field in [min, max]; absent = def. */
static int64_t get_int(struct parse *ps, json_t *o, const char *key, int64_t min, int64_t max,
                       int64_t def)
{
    json_t *v = json_object_get(o, key);

    if (v == NULL)
        return def;
    if (!json_is_integer(v)) {
        perr(ps, key, "must be a whole number");
        return def;
    }
    if (json_integer_value(v) < min || json_integer_value(v) > max) {
        perr(ps, key, "must be between %lld and %lld", (long long)min, (long long)max);
        return def;
    }
    return json_integer_value(v);
}

/* A price in yuan (at most two decimals, 0..max_yuan) as fen; absent = def. */
static int64_t yuan_to_fen(struct parse *ps, const char *field, json_t *v, int64_t max_yuan)
{
    double y = json_number_value(v), f;

    if (!json_is_number(v)) {
        perr(ps, field, "must be a number of yuan");
        return 0;
    }
    if (!(y >= 0) || y > (double)max_yuan) {
        perr(ps, field, "must be between 0 and %lld yuan", (long long)max_yuan);
        return 0;
    }
    f = round(y * 100);
    if (fabs(y * 100 - f) > 1e-6) {
        perr(ps, field, "more than two decimals (fen is the smallest unit)");
        return 0;
    }
    return (int64_t)f;
}

static int64_t get_yuan(struct parse *ps, json_t *o, const char *key, int64_t max_yuan,
                        int required)
{
    json_t *v = json_object_get(o, key);

    if (v == NULL) {
        if (required)
            perr(ps, key, "missing");
        return 0;
    }
    return yuan_to_fen(ps, key, v, max_yuan);
}

static int get_bool(struct parse *ps, json_t *o, const char *key, int def)
{
    json_t *v = json_object_get(o, key);

    if (v == NULL)
        return def;
    if (!json_is_boolean(v)) {
        perr(ps, key, "must be true or false");
        return def;
    }
    return json_is_true(v);
}

/* An enum given by name; absent = def. */
static int get_enum(struct parse *ps, json_t *o, const char *key, const char *const *names,
                    size_t n, int def, int required)
{
    char s[32];
    int i;

    if (!get_str(ps, o, key, s, sizeof s, required))
        return def;
    i = enum_index(names, n, s);
    if (i < 0) {
        char list[160] = "";
        for (size_t k = 0; k < n; k++)
            snprintf(list + strlen(list), sizeof list - strlen(list), "%s%s", k ? "|" : "",
                     names[k]);
        perr(ps, key, "\"%s\" is not one of %s", s, list);
        return def;
    }
    return i;
}

/* "YYYY-MM-DD" as local midnight ms (end_of_day: the next midnight). */
static int64_t get_date(struct parse *ps, json_t *o, const char *key, int end_of_day)
{
    char s[16];
    int y, m, d, n = 0;

    if (!get_str(ps, o, key, s, sizeof s, 0))
        return 0;
    if (sscanf(s, "%4d-%2d-%2d%n", &y, &m, &d, &n) != 3 || n != 10 || y < 2000 || y > 2100 ||
        m < 1 || m > 12 || d < 1 || d > kf_cycle_days(y * 100 + m)) {
        perr(ps, key, "\"%s\" is not a date YYYY-MM-DD", s);
        return 0;
    }
    return kf_civil_to_ms(y, m, d + end_of_day, ps->tz);
}

/* An array of up to KF_ITEM_REFS short strings, each checked by is_ident. */
static int get_refs(struct parse *ps, json_t *o, const char *key, char (*out)[KF_ITEM_ID_MAX],
                    size_t cap, int allow_colon)
{
    json_t *v = json_object_get(o, key), *e;
    size_t i;
    int n = 0;

    if (v == NULL)
        return 0;
    if (!json_is_array(v) || json_array_size(v) > KF_ITEM_REFS) {
        perr(ps, key, "must be an array of at most %d names", KF_ITEM_REFS);
        return 0;
    }
    json_array_foreach(v, i, e) {
        const char *s = json_string_value(e);
        if (s == NULL || strlen(s) >= cap || !is_ident(s, allow_colon)) {
            perr(ps, key, "entry %zu must be a name of letters, digits, _ or -", i + 1);
            continue;
        }
        snprintf(out[n++], cap, "%s", s);
    }
    return n;
}

/* Rejects keys not in `known` (typos must not pass silently). */
static void check_keys(struct parse *ps, json_t *o, const char *const *known, size_t n,
                       const char *prefix)
{
    const char *k;
    json_t *v;

    json_object_foreach(o, k, v) {
        if (enum_index(known, n, k) < 0) {
            char f[96];
            snprintf(f, sizeof f, "%s%s", prefix, k);
            perr(ps, f, "unknown field");
        }
    }
}

/* ----------------------------------------------------- compound fields */

/* Natural unit of a type in the file -> counter units. */
static const int64_t unit_scale[KF_USE_N] = {1, 1, 1024}; /* min, sms, MB -> KB */
static const char *const use_names[KF_USE_N] = {"voice", "sms", "data"};

static void get_include(struct parse *ps, json_t *o, int64_t incl[KF_USE_N])
{
    json_t *v = json_object_get(o, "include");

    if (v == NULL)
        return;
    if (!json_is_object(v)) {
        perr(ps, "include", "must be an object {voice, sms, data}");
        return;
    }
    check_keys(ps, v, use_names, KF_USE_N, "include.");
    for (int t = 0; t < KF_USE_N; t++) {
        char f[32];
        json_t *x = json_object_get(v, use_names[t]);
        snprintf(f, sizeof f, "include.%s", use_names[t]);
        if (x == NULL)
            continue;
        if (!json_is_integer(x) || json_integer_value(x) < 0 ||
            json_integer_value(x) > 100000000) {
            perr(ps, f, "must be a whole number from 0 to 100000000");
            continue;
        }
        incl[t] = json_integer_value(x) * unit_scale[t];
    }
}

static void get_overage_one(struct parse *ps, json_t *v, int t, struct kf_overage *o)
{
    static const char *const keys[] = {"price", "unit", "cap", "block"};
    char f[48];

    snprintf(f, sizeof f, "overage.%s", use_names[t]);
    o->unit = unit_scale[t];
    if (json_is_number(v)) {
        o->unit_fen = yuan_to_fen(ps, f, v, 1000);
        return;
    }
    if (!json_is_object(v)) {
        perr(ps, f, "must be a price in yuan or {price, unit, cap, block}");
        return;
    }
    check_keys(ps, v, keys, KF_ARRAY_LEN(keys), "overage.x.");
    snprintf(f, sizeof f, "overage.%s.price", use_names[t]);
    if (json_object_get(v, "price") == NULL)
        perr(ps, f, "missing");
    else
        o->unit_fen = yuan_to_fen(ps, f, json_object_get(v, "price"), 1000);
    o->unit = get_int(ps, v, "unit", 1, 1000000, 1) * unit_scale[t];
    if (json_object_get(v, "cap") != NULL)
        o->cap_fen = yuan_to_fen(ps, "overage.cap", json_object_get(v, "cap"), 100000);
    o->block = get_int(ps, v, "block", 1, 100000000, 0) * unit_scale[t];
    if (o->block && o->cap_fen == 0)
        perr(ps, "overage.block", "a block needs a cap");
}

static void get_overage(struct parse *ps, json_t *o, struct kf_overage over[KF_USE_N],
                        int required)
{
    json_t *v = json_object_get(o, "overage");

    if (v == NULL) {
        if (required)
            perr(ps, "overage", "missing (a plan prices usage beyond what it includes)");
        return;
    }
    if (!required) {
        perr(ps, "overage", "only plans have overage prices");
        return;
    }
    if (!json_is_object(v)) {
        perr(ps, "overage", "must be an object {voice, sms, data}");
        return;
    }
    check_keys(ps, v, use_names, KF_USE_N, "overage.");
    for (int t = 0; t < KF_USE_N; t++) {
        json_t *x = json_object_get(v, use_names[t]);
        if (x == NULL) {
            char f[32];
            snprintf(f, sizeof f, "overage.%s", use_names[t]);
            perr(ps, f, "missing");
            continue;
        }
        get_overage_one(ps, x, t, &over[t]);
    }
}

static void get_validity(struct parse *ps, json_t *o, struct kf_item *it)
{
    json_t *v = json_object_get(o, "validity");

    it->validity = it->kind == KF_ITEM_ADDON ? KF_VALID_CYCLE : KF_VALID_MONTHLY;
    if (v == NULL) {
        if (it->kind == KF_ITEM_PROMO)
            perr(ps, "validity", "missing (a promotion lasts {\"cycles\": N})");
        return;
    }
    if (it->kind == KF_ITEM_PLAN) {
        perr(ps, "validity", "plans last until changed; validity is for other kinds");
        return;
    }
    if (json_is_string(v) && strcmp(json_string_value(v), "monthly") == 0)
        it->validity = KF_VALID_MONTHLY;
    else if (json_is_string(v) && strcmp(json_string_value(v), "cycle") == 0)
        it->validity = KF_VALID_CYCLE;
    else if (json_is_object(v) && json_object_size(v) == 1 && json_object_get(v, "days")) {
        it->validity = KF_VALID_DAYS;
        it->days = (int)get_int(ps, v, "days", 1, 366, 1);
    } else if (json_is_object(v) && json_object_size(v) == 1 && json_object_get(v, "cycles")) {
        it->validity = KF_VALID_CYCLES;
        it->cycles = (int)get_int(ps, v, "cycles", 1, 36, 1);
    } else
        perr(ps, "validity", "must be \"monthly\", \"cycle\", {\"days\": N} or {\"cycles\": N}");
    if (it->kind == KF_ITEM_PROMO && it->validity != KF_VALID_CYCLES)
        perr(ps, "validity", "a promotion lasts {\"cycles\": N}");
}

static void get_eligible(struct parse *ps, json_t *o, struct kf_item *it)
{
    static const char *const keys[] = {"families", "plans", "new_within_days",
                                       "min_tenure_months"};
    json_t *v = json_object_get(o, "eligible");
    char fam[KF_ITEM_REFS][KF_ITEM_ID_MAX];

    if (v == NULL)
        return;
    if (!json_is_object(v)) {
        perr(ps, "eligible", "must be an object");
        return;
    }
    check_keys(ps, v, keys, KF_ARRAY_LEN(keys), "eligible.");
    it->nelig_families = get_refs(ps, v, "families", fam, sizeof fam[0], 0);
    for (int i = 0; i < it->nelig_families; i++) {
        if (!kf_tariff__family_known(fam[i]))
            perr(ps, "eligible.families", "\"%s\" is not a family", fam[i]);
        else
            memcpy(it->elig_families[i], fam[i], strlen(fam[i]) + 1);
    }
    it->nelig_plans = get_refs(ps, v, "plans", it->elig_plans, sizeof it->elig_plans[0], 0);
    it->new_within_days = (int)get_int(ps, v, "new_within_days", 0, 3650, 0);
    it->min_tenure_months = (int)get_int(ps, v, "min_tenure_months", 0, 600, 0);
}

/* ----------------------------------------------------------- one item */

static const char *const item_keys[] = {
    "id",       "kind",          "name",        "family",   "code",     "group",
    "excludes", "fee",           "include",     "overage",  "first_month",
    "validity", "contract_months", "discount_pct", "valid_from", "valid_to",
    "orderable", "eligible",     "desc",        "tags"};

static void parse_item(struct parse *ps, json_t *o, struct kf_item *it)
{
    if (get_str(ps, o, "id", it->id, sizeof it->id, 1)) {
        if (!is_ident(it->id, 0))
            perr(ps, "id", "use letters, digits, _ and - only");
        ps->item_id = it->id;
    }
    check_keys(ps, o, item_keys, KF_ARRAY_LEN(item_keys), "");
    it->kind = get_enum(ps, o, "kind", kinds, KF_ARRAY_LEN(kinds), KF_ITEM_ADDON, 1);
    get_str(ps, o, "name", it->name, sizeof it->name, 1);
    if (get_str(ps, o, "family", it->family, sizeof it->family, it->kind == KF_ITEM_PLAN) &&
        !kf_tariff__family_known(it->family))
        perr(ps, "family", "\"%s\" is not a family", it->family);
    if (get_str(ps, o, "code", it->code, sizeof it->code, 0) && !is_ident(it->code, 0))
        perr(ps, "code", "use letters and digits only");
    if (get_str(ps, o, "group", it->group, sizeof it->group, 0) && !is_ident(it->group, 0))
        perr(ps, "group", "use letters, digits, _ and - only");
    it->nexcludes = get_refs(ps, o, "excludes", it->excludes, sizeof it->excludes[0], 1);
    it->fee_fen = get_yuan(ps, o, "fee", 100000, 1);
    get_include(ps, o, it->incl);
    get_overage(ps, o, it->over, it->kind == KF_ITEM_PLAN);
    it->first_month = get_enum(ps, o, "first_month", first_months, KF_ARRAY_LEN(first_months),
                               KF_FIRST_FULL, 0);
    get_validity(ps, o, it);
    it->contract_months = (int)get_int(ps, o, "contract_months", 0, 60, 0);
    if (it->contract_months && it->kind != KF_ITEM_PLAN)
        perr(ps, "contract_months", "only plans have a contract term");
    it->discount_pct = (int)get_int(ps, o, "discount_pct", 0, 100, 0);
    if (it->discount_pct && it->kind != KF_ITEM_PROMO)
        perr(ps, "discount_pct", "only promotions give a discount");
    it->valid_from_ms = get_date(ps, o, "valid_from", 0);
    it->valid_to_ms = get_date(ps, o, "valid_to", 1);
    if (it->valid_from_ms && it->valid_to_ms && it->valid_to_ms <= it->valid_from_ms)
        perr(ps, "valid_to", "before valid_from");
    it->orderable = get_bool(ps, o, "orderable", 1);
    get_eligible(ps, o, it);
    get_str(ps, o, "desc", it->desc, sizeof it->desc, 0);
    get_str(ps, o, "tags", it->tags, sizeof it->tags, 0);
}

/* ---------------------------------------------------- the whole file */

static int cmp_item(const void *a, const void *b)
{
    return strcmp(((const struct kf_item *)a)->id, ((const struct kf_item *)b)->id);
}

static int cmp_code(const void *a, const void *b)
{
    const struct kf_item *x = *(const struct kf_item *const *)a;
    const struct kf_item *y = *(const struct kf_item *const *)b;
    return strcasecmp(x->code, y->code);
}

static int group_exists(const kf_catalog *c, const char *g)
{
    for (size_t i = 0; i < c->n; i++)
        if (strcmp(c->items[i].group, g) == 0)
            return 1;
    return 0;
}

/* Checks what needs the whole catalogue: unique ids and codes, references. */
static void cross_check(struct parse *ps, kf_catalog *c)
{
    for (size_t i = 0; i < c->n; i++) {
        struct kf_item *it = &c->items[i];
        ps->line = it->line;
        ps->item_id = it->id;
        if (i > 0 && strcmp(c->items[i - 1].id, it->id) == 0)
            perr(ps, "id", "also used on line %d", c->items[i - 1].line);
        for (int k = 0; k < it->nexcludes; k++) {
            const char *r = it->excludes[k];
            if (strncmp(r, "group:", 6) == 0 ? !group_exists(c, r + 6)
                                             : kf_catalog_get(c, r) == NULL)
                perr(ps, "excludes", "\"%s\" is not in the catalogue", r);
        }
        for (int k = 0; k < it->nelig_plans; k++) {
            const struct kf_item *p = kf_catalog_get(c, it->elig_plans[k]);
            if (p == NULL || p->kind != KF_ITEM_PLAN)
                perr(ps, "eligible.plans", "\"%s\" is not a plan", it->elig_plans[k]);
        }
    }
    for (size_t i = 1; i < c->ncodes; i++) {
        if (strcasecmp(c->by_code[i - 1]->code, c->by_code[i]->code) == 0) {
            ps->line = c->by_code[i]->line;
            ps->item_id = c->by_code[i]->id;
            perr(ps, "code", "\"%s\" is also the code of %s", c->by_code[i]->code,
                 c->by_code[i - 1]->id);
        }
    }
}

static void index_catalog(kf_catalog *c)
{
    if (c->n > 1)
        qsort(c->items, c->n, sizeof *c->items, cmp_item);
    c->by_code = kf_xcalloc(c->n ? c->n : 1, sizeof *c->by_code);
    for (size_t i = 0; i < c->n; i++)
        if (c->items[i].code[0])
            c->by_code[c->ncodes++] = &c->items[i];
    if (c->ncodes > 1)
        qsort(c->by_code, c->ncodes, sizeof *c->by_code, cmp_code);
}

static void parse_line(struct parse *ps, kf_catalog *c, const char *s, size_t n)
{
    json_error_t je;
    json_t *o = json_loadb(s, n, JSON_REJECT_DUPLICATES, &je);

    ps->item_id = "?";
    if (o == NULL) {
        perr(ps, "JSON", "%s (column %d)", je.text, je.column);
        return;
    }
    if (!json_is_object(o)) {
        perr(ps, "JSON", "each line must be one object");
        json_decref(o);
        return;
    }
    if (c->n == c->cap) {
        c->cap = c->cap ? c->cap * 2 : 256;
        c->items = kf_xrealloc(c->items, c->cap * sizeof *c->items);
    }
    memset(&c->items[c->n], 0, sizeof c->items[c->n]);
    c->items[c->n].line = ps->line;
    parse_item(ps, o, &c->items[c->n]);
    c->n++;
    json_decref(o);
}

kf_catalog *kf_catalog_parse(const char *text, size_t len, const char *name, int tz_offset_s,
                             char **err)
{
    struct parse ps = {.name = name, .tz = tz_offset_s, .item_id = "?"};
    kf_catalog *c = kf_xcalloc(1, sizeof *c);
    size_t i = 0;

    c->tz = tz_offset_s;
    kf_buf_init(&ps.errs, 1 << 16);
    while (i < len) {
        const char *s = text + i, *nl = memchr(s, '\n', len - i);
        size_t n = nl ? (size_t)(nl - s) : len - i, b = 0;
        i += n + (nl != NULL);
        ps.line++;
        while (b < n && (s[b] == ' ' || s[b] == '\t' || s[b] == '\r'))
            b++;
        if (b == n || s[b] == '#')
            continue;
        parse_line(&ps, c, s, n);
    }
    if (c->n == 0 && ps.nerr == 0) {
        ps.line = 0;
        perr(&ps, "file", "no items");
    }
    index_catalog(c);
    cross_check(&ps, c);
    if (ps.nerr) {
        *err = (char *)kf_buf_steal(&ps.errs, NULL);
        kf_catalog_free(c);
        return NULL;
    }
    kf_buf_deinit(&ps.errs);
    return c;
}

kf_catalog *kf_catalog_load(const char *path, int tz_offset_s, char **err)
{
    struct kf_buf b;
    char chunk[65536];
    size_t n;
    FILE *f = fopen(path, "rb");
    kf_catalog *c = NULL;

    if (f == NULL) {
        *err = kf_xasprintf("%s: cannot open: %s", path, strerror(errno));
        return NULL;
    }
    kf_buf_init(&b, MAX_FILE);
    while ((n = fread(chunk, 1, sizeof chunk, f)) > 0) {
        if (kf_buf_append(&b, chunk, n) != 0) {
            *err = kf_xasprintf("%s: larger than %u bytes", path, MAX_FILE);
            goto out;
        }
    }
    if (ferror(f)) {
        *err = kf_xasprintf("%s: read error", path);
        goto out;
    }
    c = kf_catalog_parse((const char *)b.data, b.len, path, tz_offset_s, err);
out:
    fclose(f);
    kf_buf_deinit(&b);
    return c;
}

void kf_catalog_free(kf_catalog *c)
{
    if (c == NULL)
        return;
    free(c->items);
    free(c->by_code);
    free(c);
}

/* ------------------------------------------------------------ look-ups */

size_t kf_catalog_count(const kf_catalog *c)
{
    return c->n;
}

const struct kf_item *kf_catalog_at(const kf_catalog *c, size_t i)
{
    return i < c->n ? &c->items[i] : NULL;
}

int kf_catalog_tz(const kf_catalog *c)
{
    return c->tz;
}

const struct kf_item *kf_catalog_get(const kf_catalog *c, const char *id)
{
    struct kf_item key;

    if (c->n == 0 || strlen(id) >= sizeof key.id)
        return NULL;
    memcpy(key.id, id, strlen(id) + 1);
    return bsearch(&key, c->items, c->n, sizeof *c->items, cmp_item);
}

const struct kf_item *kf_catalog_by_code(const kf_catalog *c, const char *code)
{
    struct kf_item key;
    const struct kf_item *kp = &key;
    const struct kf_item *const *r;

    if (c->ncodes == 0 || strlen(code) >= sizeof key.code || code[0] == '\0')
        return NULL;
    memcpy(key.code, code, strlen(code) + 1);
    r = bsearch(&kp, c->by_code, c->ncodes, sizeof *c->by_code, cmp_code);
    return r ? *r : NULL;
}

int kf_item_on_sale(const struct kf_item *it, int64_t now_ms)
{
    return it->orderable && (it->valid_from_ms == 0 || now_ms >= it->valid_from_ms) &&
           (it->valid_to_ms == 0 || now_ms < it->valid_to_ms);
}

size_t kf_catalog_count_orderable(const kf_catalog *c, int64_t now_ms)
{
    size_t n = 0;
    for (size_t i = 0; i < c->n; i++)
        n += (size_t)kf_item_on_sale(&c->items[i], now_ms);
    return n;
}
