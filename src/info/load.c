/* SPDX-License-Identifier: MIT
 *
 * load.c -- reading and checking the 12580 directory (JSON Lines, one
 * entry a line): every field against the rules of data/info/README.md, the
 * first error reported as "path:line: field: reason" and the whole file
 * refused, as the other data files are. Also the tables those rules name
 * (cities with their id codes and area codes, departments, hotel grades)
 * and the look-up of an entry by id. The query words are built from the
 * loaded entries in words.c.
 */
#include "info/info_int.h"

#include <errno.h>
#include <jansson.h>
#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/base.h"

#define MAX_FILE (16u << 20)
#define MAX_ENTRIES 20000

const struct kf_info__city kf_info__cities[] = {
    {"长沙", "cs", "0731"}, {"株洲", "zz", "0731"}, {"湘潭", "xt", "0731"},
    {"岳阳", "yy", "0730"}, {"衡阳", "hy", "0734"},
};
const int kf_info__ncities = (int)KF_ARRAY_LEN(kf_info__cities);

const char *const kf_info__depts[] = {"心内科", "消化内科", "儿科",     "妇产科",   "骨科",  "眼科",
                                      "口腔科", "皮肤科",   "神经内科", "呼吸内科", "中医科"};
const int kf_info__ndepts = (int)KF_ARRAY_LEN(kf_info__depts);

const char *const kf_info__grades[] = {"经济型", "舒适型", "高档型", "豪华型"};
const int kf_info__grade_below[] = {260, 500, 900, INT32_MAX};
const int kf_info__ngrades = (int)KF_ARRAY_LEN(kf_info__grades);

const char *const kf_info__kind_names[] = {"hotel", "restaurant", "hospital"};
static const char *const id_prefix[] = {"h", "r", "hp"};

#define EXAMPLE_MARK "（示例）"

static const char *const entry_keys[] = {"id",    "kind", "city",  "district", "name",   "address",
                                         "phone", "tags", "price", "cuisine",  "rating", "slots"};
static const char *const slot_keys[] = {"dept", "doctor", "day", "time", "left"};

/* Reading state of one file: where we are, and the first error. */
struct parse {
    const char *name;
    int line;
    char *err;            /* caller frees */
    struct kf_map phones; /* hash of phone -> entry index + 1 */
};

static int perr(struct parse *ps, const char *field, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* Records the first error; returns -1 so callers can `return perr(...)`. */
static int perr(struct parse *ps, const char *field, const char *fmt, ...)
{
    char why[256];
    va_list ap;

    if (ps->err != NULL)
        return -1;
    va_start(ap, fmt);
    vsnprintf(why, sizeof why, fmt, ap);
    va_end(ap);
    ps->err = kf_xasprintf("%s:%d: %s: %s", ps->name, ps->line, field, why);
    return -1;
}

static int name_index(const char *const *names, int n, const char *s)
{
    for (int i = 0; i < n; i++)
        if (strcmp(names[i], s) == 0)
            return i;
    return -1;
}

/* ----------------------------------------------------- field readers */

/* Only the keys in allowed[] may appear in o. */
static int check_keys(struct parse *ps, json_t *o, const char *prefix, const char *const *allowed,
                      int n)
{
    const char *key;
    json_t *v;
    char field[96];

    json_object_foreach(o, key, v)
    {
        (void)v;
        if (name_index(allowed, n, key) < 0) {
            snprintf(field, sizeof field, "%s%.48s", prefix, key);
            return perr(ps, field, "unknown field");
        }
    }
    return 0;
}

/* A non-empty string without control characters into out[cap]. */
static int str_value(struct parse *ps, const char *field, json_t *v, char *out, size_t cap)
{
    const char *s;
    size_t len;

    if (!json_is_string(v))
        return perr(ps, field, "must be a string");
    s = json_string_value(v);
    len = json_string_length(v);
    if (len == 0)
        return perr(ps, field, "must not be empty");
    if (len >= cap)
        return perr(ps, field, "longer than %zu bytes", cap - 1);
    for (size_t i = 0; i < len; i++)
        if ((unsigned char)s[i] < 0x20 || s[i] == 0x7f)
            return perr(ps, field, "contains a control character");
    memcpy(out, s, len + 1);
    return 0;
}

static int get_str(struct parse *ps, json_t *o, const char *key, char *out, size_t cap)
{
    json_t *v = json_object_get(o, key);

    if (v == NULL)
        return perr(ps, key, "missing");
    return str_value(ps, key, v, out, cap);
}

/* A string that must be one of names[]; returns its index or -1. */
static int get_enum(struct parse *ps, json_t *o, const char *key, const char *const *names, int n)
{
    char s[64], list[256] = "";
    int i;

    if (get_str(ps, o, key, s, sizeof s) != 0)
        return -1;
    i = name_index(names, n, s);
    if (i >= 0)
        return i;
    for (int k = 0; k < n; k++)
        snprintf(list + strlen(list), sizeof list - strlen(list), "%s%s", k ? "|" : "", names[k]);
    perr(ps, key, "\"%s\" is not one of %s", s, list);
    return -1;
}

/* A whole number in [min, max] into *out. */
static int int_value(struct parse *ps, const char *field, json_t *v, int min, int max, int *out)
{
    if (v == NULL)
        return perr(ps, field, "missing");
    if (!json_is_integer(v))
        return perr(ps, field, "must be a whole number");
    if (json_integer_value(v) < min || json_integer_value(v) > max)
        return perr(ps, field, "must be between %d and %d", min, max);
    *out = (int)json_integer_value(v);
    return 0;
}

/* A field only some kinds have: present exactly when `wanted`. */
static int presence(struct parse *ps, json_t *o, const char *key, int wanted, int kind)
{
    json_t *v = json_object_get(o, key);

    if (wanted && v == NULL)
        return perr(ps, key, "missing (required for a %s)", kf_info__kind_names[kind]);
    if (!wanted && v != NULL)
        return perr(ps, key, "not allowed for a %s", kf_info__kind_names[kind]);
    return 0;
}

/* ------------------------------------------------------ entry fields */

/* <h|r|hp>-<city code>-<digits>, e.g. h-cs-001. */
static int check_id(struct parse *ps, const struct kf_info__entry *e)
{
    const char *code = kf_info__cities[e->city].code;
    char want[16];
    size_t n;
    const char *p;

    n = (size_t)snprintf(want, sizeof want, "%s-%s-", id_prefix[e->kind], code);
    p = e->id + n;
    if (strncmp(e->id, want, n) != 0 || *p == '\0')
        return perr(ps, "id", "\"%s\" must look like %sNNN for a %s in %s", e->id, want,
                    kf_info__kind_names[e->kind], kf_info__cities[e->city].name);
    for (; *p; p++)
        if (*p < '0' || *p > '9')
            return perr(ps, "id", "\"%s\" must end in digits", e->id);
    return 0;
}

/* An index (+1) in a map keyed by string hash, or 0; `get` reads the
 * string of index i, and collisions fall back to a scan. */
static int find_str(const struct kf_map *m, const char *s, int n,
                    const char *(*get)(const struct kf_info *, int), const struct kf_info *info)
{
    uintptr_t v = (uintptr_t)kf_map_get(m, kf_map_hash_str(s, strlen(s)));

    if (v == 0)
        return 0;
    if (strcmp(get(info, (int)v - 1), s) == 0)
        return (int)v;
    for (int i = 0; i < n; i++)
        if (strcmp(get(info, i), s) == 0)
            return i + 1;
    return 0;
}

static const char *id_of(const struct kf_info *info, int i)
{
    return info->e[i].id;
}

static const char *phone_of(const struct kf_info *info, int i)
{
    return info->e[i].phone;
}

const struct kf_info__entry *kf_info__find(const struct kf_info *info, const char *id)
{
    int i = find_str(&info->by_id, id, info->n, id_of, info);

    return i > 0 ? &info->e[i - 1] : NULL;
}

/* area-digits, area = the city's code, 7 or 8 digits; unique. */
static int check_phone(struct parse *ps, const struct kf_info *info, const struct kf_info__entry *e)
{
    const char *area = kf_info__cities[e->city].area;
    size_t n = strlen(area), digits = 0;
    const char *p = e->phone + n + 1;
    int other;

    if (strncmp(e->phone, area, n) != 0 || e->phone[n] != '-')
        return perr(ps, "phone", "\"%s\" must start with %s- (the area code of %s)", e->phone, area,
                    kf_info__cities[e->city].name);
    for (; *p; p++, digits++)
        if (*p < '0' || *p > '9')
            return perr(ps, "phone", "\"%s\" must be %s- and digits", e->phone, area);
    if (digits < 7 || digits > 8)
        return perr(ps, "phone", "\"%s\" must have 7 or 8 digits after the area code", e->phone);
    other = find_str(&ps->phones, e->phone, info->n, phone_of, info);
    if (other > 0)
        return perr(ps, "phone", "\"%s\" is also the phone of line %d", e->phone,
                    info->e[other - 1].line);
    return 0;
}

static int get_tags(struct parse *ps, json_t *o, struct kf_info__entry *e)
{
    json_t *a = json_object_get(o, "tags"), *v;
    char field[32];
    size_t i;

    if (a == NULL)
        return perr(ps, "tags", "missing");
    if (!json_is_array(a) || json_array_size(a) == 0)
        return perr(ps, "tags", "must be a non-empty array of strings");
    if (json_array_size(a) > KF_INFO__TAGS)
        return perr(ps, "tags", "more than %d tags", KF_INFO__TAGS);
    json_array_foreach(a, i, v)
    {
        snprintf(field, sizeof field, "tags[%zu]", i);
        if (str_value(ps, field, v, e->tags[i], sizeof e->tags[i]) != 0)
            return -1;
    }
    e->ntags = (int)json_array_size(a);
    return 0;
}

/* A rating 1.0..5.0 with at most one decimal, as tenths. */
static int get_rating(struct parse *ps, json_t *o, struct kf_info__entry *e)
{
    json_t *v = json_object_get(o, "rating");
    double x, t;

    if (!json_is_number(v))
        return perr(ps, "rating", "must be a number");
    x = json_number_value(v);
    t = round(x * 10);
    if (!(x >= 1.0 && x <= 5.0))
        return perr(ps, "rating", "must be between 1.0 and 5.0");
    if (fabs(x * 10 - t) > 1e-6)
        return perr(ps, "rating", "at most one decimal");
    e->rating = (int)t;
    return 0;
}

/* A hotel's first tag is its grade, and the grade fits the price. */
static int check_grade(struct parse *ps, const struct kf_info__entry *e)
{
    int g = name_index(kf_info__grades, kf_info__ngrades, e->tags[0]);
    int from = g > 0 ? kf_info__grade_below[g - 1] : 0;

    if (g < 0)
        return perr(ps, "tags[0]",
                    "a hotel's first tag must be its grade (经济型|舒适型|高档型|豪华型)");
    if (e->price < from || e->price >= kf_info__grade_below[g]) {
        if (g == kf_info__ngrades - 1)
            return perr(ps, "tags[0]", "%s needs a price of at least %d yuan", e->tags[0], from);
        return perr(ps, "tags[0]", "%s needs a price from %d to %d yuan", e->tags[0], from,
                    kf_info__grade_below[g] - 1);
    }
    return 0;
}

/* "HH:MM" -> minutes of the day. */
static int parse_time(const char *s, int *minute)
{
    int h, m;

    if (strlen(s) != 5 || s[2] != ':')
        return -1;
    for (int i = 0; i < 5; i++)
        if (i != 2 && (s[i] < '0' || s[i] > '9'))
            return -1;
    h = (s[0] - '0') * 10 + (s[1] - '0');
    m = (s[3] - '0') * 10 + (s[4] - '0');
    if (h > 23 || m > 59)
        return -1;
    *minute = h * 60 + m;
    return 0;
}

static int get_slot(struct parse *ps, json_t *o, size_t i, struct kf_info__slotdef *s)
{
    char prefix[32], field[48], time[16];

    snprintf(prefix, sizeof prefix, "slots[%zu].", i);
    if (!json_is_object(o)) {
        snprintf(field, sizeof field, "slots[%zu]", i);
        return perr(ps, field, "must be an object");
    }
    if (check_keys(ps, o, prefix, slot_keys, (int)KF_ARRAY_LEN(slot_keys)) != 0)
        return -1;
    snprintf(field, sizeof field, "%sdept", prefix);
    if (json_object_get(o, "dept") == NULL)
        return perr(ps, field, "missing");
    if (str_value(ps, field, json_object_get(o, "dept"), time, sizeof time) != 0)
        return -1;
    s->dept = name_index(kf_info__depts, kf_info__ndepts, time);
    if (s->dept < 0)
        return perr(ps, field, "\"%s\" is not a known department", time);
    snprintf(field, sizeof field, "%sdoctor", prefix);
    if (json_object_get(o, "doctor") == NULL)
        return perr(ps, field, "missing");
    if (str_value(ps, field, json_object_get(o, "doctor"), s->doctor, sizeof s->doctor) != 0)
        return -1;
    snprintf(field, sizeof field, "%sday", prefix);
    if (int_value(ps, field, json_object_get(o, "day"), 1, 7, &s->day) != 0)
        return -1;
    snprintf(field, sizeof field, "%stime", prefix);
    if (json_object_get(o, "time") == NULL)
        return perr(ps, field, "missing");
    if (str_value(ps, field, json_object_get(o, "time"), time, sizeof time) != 0)
        return -1;
    if (parse_time(time, &s->minute) != 0)
        return perr(ps, field, "\"%s\" is not a time HH:MM (00:00 to 23:59)", time);
    snprintf(field, sizeof field, "%sleft", prefix);
    return int_value(ps, field, json_object_get(o, "left"), 0, 9999, &s->left);
}

/* A doctor works in one department and is not booked twice at once. */
static int check_doctor(struct parse *ps, const struct kf_info__entry *e, int i)
{
    const struct kf_info__slotdef *s = &e->slots[i];
    char field[48];

    snprintf(field, sizeof field, "slots[%d].doctor", i);
    for (int k = 0; k < i; k++) {
        const struct kf_info__slotdef *o = &e->slots[k];
        if (strcmp(o->doctor, s->doctor) != 0)
            continue;
        if (o->dept != s->dept)
            return perr(ps, field, "%s is already in %s (slots[%d])", s->doctor,
                        kf_info__depts[o->dept], k);
        if (o->day == s->day && o->minute == s->minute)
            return perr(ps, field, "%s already has slots[%d] at that day and time", s->doctor, k);
    }
    return 0;
}

static int get_slots(struct parse *ps, json_t *o, struct kf_info__entry *e)
{
    json_t *a = json_object_get(o, "slots"), *v;
    size_t i;

    if (!json_is_array(a))
        return perr(ps, "slots", "must be an array");
    if (json_array_size(a) > KF_INFO__SLOTS)
        return perr(ps, "slots", "more than %d slots", KF_INFO__SLOTS);
    if (json_array_size(a) == 0)
        return 0;
    e->slots = kf_xcalloc(json_array_size(a), sizeof *e->slots);
    json_array_foreach(a, i, v)
    {
        if (get_slot(ps, v, i, &e->slots[i]) != 0 || check_doctor(ps, e, (int)i) != 0)
            return -1;
        e->nslots = (int)i + 1;
    }
    return 0;
}

/* The name without the trailing "（示例）", and the normalised haystack
 * that query terms are looked for in. */
static void derive(struct kf_info__entry *e)
{
    size_t n = strlen(e->name), m = strlen(EXAMPLE_MARK);
    char raw[1024], norm[1024];
    size_t len;

    memcpy(e->short_name, e->name, n + 1);
    if (n > m && strcmp(e->name + n - m, EXAMPLE_MARK) == 0)
        e->short_name[n - m] = '\0';
    len = (size_t)snprintf(raw, sizeof raw, "%s|%s|%s|%s", e->name, e->district, e->address,
                           e->cuisine);
    for (int i = 0; i < e->ntags && len < sizeof raw; i++)
        len += (size_t)snprintf(raw + len, sizeof raw - len, "|%s", e->tags[i]);
    kf_info__norm(raw, strlen(raw), norm, sizeof norm);
    e->hay = kf_xstrdup(norm);
}

/* The fields every kind has, in the order they are checked. */
static int get_common(struct parse *ps, const struct kf_info *info, json_t *o,
                      struct kf_info__entry *e)
{
    const struct kf_info__entry *dup;
    size_t n, m = strlen(EXAMPLE_MARK);
    const char *city_names[8];

    for (int i = 0; i < kf_info__ncities; i++)
        city_names[i] = kf_info__cities[i].name;
    if (get_str(ps, o, "id", e->id, sizeof e->id) != 0)
        return -1;
    if ((e->kind = get_enum(ps, o, "kind", kf_info__kind_names, KF_INFO__NKINDS)) < 0)
        return -1;
    if ((e->city = get_enum(ps, o, "city", city_names, kf_info__ncities)) < 0)
        return -1;
    if (check_id(ps, e) != 0)
        return -1;
    if ((dup = kf_info__find(info, e->id)) != NULL)
        return perr(ps, "id", "\"%s\" is already used on line %d", e->id, dup->line);
    if (get_str(ps, o, "district", e->district, sizeof e->district) != 0 ||
        get_str(ps, o, "name", e->name, sizeof e->name) != 0)
        return -1;
    n = strlen(e->name);
    if (e->kind == KF_INFO_HOSPITAL && (n <= m || strcmp(e->name + n - m, EXAMPLE_MARK) != 0))
        return perr(ps, "name", "a hospital's name must end in %s (fictional demo data)",
                    EXAMPLE_MARK);
    if (get_str(ps, o, "address", e->address, sizeof e->address) != 0)
        return -1;
    if (strncmp(e->address, e->district, strlen(e->district)) != 0)
        return perr(ps, "address", "must start with the district (%s)", e->district);
    if (get_str(ps, o, "phone", e->phone, sizeof e->phone) != 0 || check_phone(ps, info, e) != 0)
        return -1;
    return get_tags(ps, o, e);
}

/* The fields that depend on the kind. */
static int get_by_kind(struct parse *ps, json_t *o, struct kf_info__entry *e)
{
    int place = e->kind != KF_INFO_HOSPITAL;

    if (presence(ps, o, "price", place, e->kind) != 0 ||
        presence(ps, o, "rating", place, e->kind) != 0 ||
        presence(ps, o, "cuisine", e->kind == KF_INFO_RESTAURANT, e->kind) != 0 ||
        presence(ps, o, "slots", !place, e->kind) != 0)
        return -1;
    if (!place)
        return get_slots(ps, o, e);
    if (int_value(ps, "price", json_object_get(o, "price"), 1, 100000, &e->price) != 0 ||
        get_rating(ps, o, e) != 0)
        return -1;
    if (e->kind == KF_INFO_RESTAURANT)
        return get_str(ps, o, "cuisine", e->cuisine, sizeof e->cuisine);
    return check_grade(ps, e);
}

/* One line; 0 also for blank and comment lines. */
static int parse_line(struct parse *ps, struct kf_info *info, const char *s, size_t n, int *cap)
{
    json_error_t jerr;
    json_t *o;
    struct kf_info__entry *e;
    int rc;

    while (n > 0 && (s[n - 1] == '\r' || s[n - 1] == ' ' || s[n - 1] == '\t'))
        n--;
    while (n > 0 && (*s == ' ' || *s == '\t'))
        s++, n--;
    if (n == 0 || *s == '#')
        return 0;
    if (info->n >= MAX_ENTRIES)
        return perr(ps, "file", "more than %d entries", MAX_ENTRIES);
    o = json_loadb(s, n, JSON_REJECT_DUPLICATES, &jerr);
    if (o == NULL)
        return perr(ps, "json", "%s", jerr.text);
    if (!json_is_object(o)) {
        json_decref(o);
        return perr(ps, "json", "not an object");
    }
    if (info->n == *cap) {
        *cap = *cap ? *cap * 2 : 64;
        info->e = kf_xrealloc(info->e, (size_t)*cap * sizeof *info->e);
    }
    e = &info->e[info->n];
    memset(e, 0, sizeof *e);
    e->line = ps->line;
    e->price = e->rating = -1;
    rc = check_keys(ps, o, "", entry_keys, (int)KF_ARRAY_LEN(entry_keys));
    if (rc == 0)
        rc = get_common(ps, info, o, e);
    if (rc == 0)
        rc = get_by_kind(ps, o, e);
    json_decref(o);
    if (rc != 0) {
        free(e->slots);
        return -1;
    }
    derive(e);
    kf_map_put(&ps->phones, kf_map_hash_str(e->phone, strlen(e->phone)),
               (void *)(uintptr_t)(info->n + 1));
    if (kf_map_get(&info->by_id, kf_map_hash_str(e->id, strlen(e->id))) == NULL)
        kf_map_put(&info->by_id, kf_map_hash_str(e->id, strlen(e->id)),
                   (void *)(uintptr_t)(info->n + 1));
    info->count[e->kind]++;
    info->n++;
    return 0;
}

/* The distinct districts and their cities. */
static void collect_districts(struct kf_info *info)
{
    info->districts = kf_xcalloc((size_t)info->n + 1, sizeof *info->districts);
    for (int i = 0; i < info->n; i++) {
        const struct kf_info__entry *e = &info->e[i];
        int k;
        for (k = 0; k < info->ndistricts; k++)
            if (strcmp(info->districts[k].name, e->district) == 0)
                break;
        if (k == info->ndistricts) {
            snprintf(info->districts[k].name, sizeof info->districts[k].name, "%s", e->district);
            info->districts[k].city = e->city;
            info->ndistricts++;
        } else if (info->districts[k].city != e->city) {
            info->districts[k].city = -1;
        }
    }
}

kf_info *kf_info_parse(const char *text, size_t len, const char *name, char **err)
{
    struct parse ps = {.name = name};
    kf_info *info = kf_xcalloc(1, sizeof *info);
    size_t pos = 0;
    int cap = 0;

    kf_map_init(&info->by_id);
    kf_map_init(&ps.phones);
    while (pos < len) {
        const char *eol = memchr(text + pos, '\n', len - pos);
        size_t n = eol ? (size_t)(eol - (text + pos)) : len - pos;
        ps.line++;
        if (parse_line(&ps, info, text + pos, n, &cap) != 0)
            break;
        pos += n + 1;
    }
    kf_map_deinit(&ps.phones);
    if (ps.err != NULL) {
        kf_info_free(info);
        *err = ps.err;
        return NULL;
    }
    collect_districts(info);
    kf_info__words_build(info);
    return info;
}

kf_info *kf_info_load(const char *path, char **err)
{
    struct kf_buf b;
    char chunk[65536];
    size_t n;
    FILE *f = fopen(path, "rb");
    kf_info *info = NULL;

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
    info = kf_info_parse(b.data ? (const char *)b.data : "", b.len, path, err);
out:
    fclose(f);
    kf_buf_deinit(&b);
    return info;
}

void kf_info_free(kf_info *info)
{
    if (info == NULL)
        return;
    for (int i = 0; i < info->n; i++) {
        free(info->e[i].slots);
        free(info->e[i].hay);
    }
    free(info->e);
    free(info->districts);
    free(info->words);
    free(info->bucket);
    kf_map_deinit(&info->by_id);
    free(info);
}

int kf_info_count(const kf_info *info, int kind)
{
    if (info == NULL)
        return 0;
    if (kind < 0)
        return info->n;
    return kind < KF_INFO__NKINDS ? info->count[kind] : 0;
}
