/* SPDX-License-Identifier: MIT
 *
 * lists.c -- the staff-edited white and black lists in memory: string sets
 * by hash (values checked on lookup), loaded from the store at start and
 * written through on every change. Keyword and regex entries are compiled
 * with the rules file into one vectorscan database; a change rebuilds it.
 */
#include "shield/shield_int.h"

#include <stdlib.h>
#include <string.h>

const char *const kf_shield__list_names[] = {
    "sender.black", "sender.white", "sender.suspended", "port.black",    "port.white",
    "optout",       "domain.black", "domain.white",     "keyword.black", "regex.black",
    "port.template",
};
_Static_assert(sizeof kf_shield__list_names / sizeof *kf_shield__list_names == L_COUNT,
               "one name per list");

int kf_shield__list_index(const char *list)
{
    for (int i = 0; i < L_COUNT; i++)
        if (strcmp(list, kf_shield__list_names[i]) == 0)
            return i;
    return -1;
}

int kf_shield_list_valid(const char *list)
{
    return kf_shield__list_index(list) >= 0;
}

void kf_shield__sets_init(kf_shield *sh)
{
    for (int i = 0; i < L_COUNT; i++)
        kf_map_init(&sh->lists[i].m);
}

static void chain_free(struct sentry *e)
{
    while (e) {
        struct sentry *n = e->next;
        free(e->value);
        free(e);
        e = n;
    }
}

void kf_shield__set_free(struct strset *s)
{
    for (size_t k = 0; k < s->m.cap; k++)
        if (s->m.slots[k].key)
            chain_free(s->m.slots[k].val);
    kf_map_deinit(&s->m);
}

void kf_shield__sets_free(kf_shield *sh)
{
    for (int i = 0; i < L_COUNT; i++)
        kf_shield__set_free(&sh->lists[i]);
}

const struct sentry *kf_shield__set_find(const struct strset *s, const char *value, size_t len)
{
    struct sentry *e = kf_map_get(&s->m, kf_map_hash_str(value, len));
    for (; e; e = e->next)
        if (strlen(e->value) == len && memcmp(e->value, value, len) == 0)
            return e;
    return NULL;
}

static struct sentry *find(const struct strset *s, const char *value, size_t len)
{
    struct sentry *e = kf_map_get(&s->m, kf_map_hash_str(value, len));
    for (; e; e = e->next)
        if (strlen(e->value) == len && memcmp(e->value, value, len) == 0)
            return e;
    return NULL;
}

void kf_shield__set_add(struct strset *s, const char *value, int64_t until_ms)
{
    size_t len = strlen(value);
    uint64_t k = kf_map_hash_str(value, len);
    struct sentry *e = find(s, value, len);

    if (e) {
        e->until_ms = until_ms;
        return;
    }
    e = kf_xcalloc(1, sizeof *e);
    e->value = kf_xstrdup(value);
    e->until_ms = until_ms;
    e->next = kf_map_get(&s->m, k);
    kf_map_put(&s->m, k, e);
}

int kf_shield__set_del(struct strset *s, const char *value)
{
    size_t len = strlen(value);
    uint64_t k = kf_map_hash_str(value, len);
    struct sentry *head = kf_map_get(&s->m, k), **pp = &head, *e;

    for (; *pp; pp = &(*pp)->next)
        if (strcmp((*pp)->value, value) == 0)
            break;
    if (*pp == NULL)
        return KF_ENOENT;
    e = *pp;
    *pp = e->next;
    e->next = NULL;
    chain_free(e);
    if (head)
        kf_map_put(&s->m, k, head);
    else
        kf_map_del(&s->m, k);
    return 0;
}

int kf_shield__in(const kf_shield *sh, int list, const char *value, size_t len, int64_t now_ms)
{
    const struct sentry *e;

    if (sh->lists[list].m.len == 0 || len == 0)
        return 0;
    e = find(&sh->lists[list], value, len);
    return e && (e->until_ms == 0 || e->until_ms > now_ms);
}

static int load_one(void *arg, const struct kf_list_entry *e)
{
    kf_shield *sh = arg;
    int i = kf_shield__list_index(e->list);
    if (i >= 0)
        kf_shield__set_add(&sh->lists[i], e->value, e->until_ms);
    return 0;
}

int kf_shield__lists_load(kf_shield *sh)
{
    return kf_store_list_each(sh->store, NULL, load_one, sh);
}

/* Appends the keyword/regex list entries to the rules list. */
static void add_list_rules(kf_shield *sh, int list, struct kf_rule_list *l)
{
    const struct kf_map *m = &sh->lists[list].m;
    for (size_t k = 0; k < m->cap; k++) {
        const struct sentry *e = m->slots[k].val;
        for (; m->slots[k].key && e; e = e->next)
            kf_rules_add(l, list == L_KEYWORD_BLACK ? "list.keyword" : "list.regex",
                         (int)sh->conf.block_score, list == L_KEYWORD_BLACK, e->value,
                         list == L_KEYWORD_BLACK ? "含黑名单关键词" : "命中黑名单规则");
    }
}

int kf_shield__list_rules_build(kf_shield *sh, char **err)
{
    struct kf_rule_list l = {0};
    kf_rules *r;

    add_list_rules(sh, L_KEYWORD_BLACK, &l);
    add_list_rules(sh, L_REGEX_BLACK, &l);
    r = kf_rules_compile(&l, "lists", err);
    if (r == NULL)
        return KF_EINVAL;
    kf_rules_free(sh->lrules);
    sh->lrules = r;
    return 0;
}

/* Numbers are digits (an optional leading +); domains lower case without
 * scheme or path; opt-outs a number or number@port. */
static int validate(int list, const char *v, char **err)
{
    size_t n = strlen(v);
    int digits = 0;

    if (n == 0 || n >= 256) {
        *err = kf_xstrdup("value must be 1 to 255 bytes");
        return KF_EINVAL;
    }
    if (list == L_KEYWORD_BLACK || list == L_REGEX_BLACK)
        return kf_rules_check(v, list == L_KEYWORD_BLACK, err);
    if (list == L_PORT_TEMPLATE)
        return 0; /* checked by the caller, which has the normaliser */
    for (size_t i = 0; i < n; i++) {
        char c = v[i];
        if (list == L_DOMAIN_BLACK || list == L_DOMAIN_WHITE) {
            if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' || c == '-')) {
                *err = kf_xstrdup("a domain is lower-case letters, digits, '.' and '-'");
                return KF_EINVAL;
            }
        } else if (c >= '0' && c <= '9') {
            digits++;
        } else if (!(c == '+' && i == 0) && !(list == L_OPTOUT && c == '@' && digits)) {
            *err = kf_xstrdup("a number is digits (opt-outs: number or number@port)");
            return KF_EINVAL;
        }
    }
    return 0;
}

int kf_shield_list_put(kf_shield *sh, struct kf_list_entry *e, char **err)
{
    int i = kf_shield__list_index(e->list);

    *err = NULL;
    if (i < 0) {
        *err = kf_xasprintf("unknown list '%s'", e->list);
        return KF_EINVAL;
    }
    if (validate(i, e->value, err))
        return KF_EINVAL;
    if (i == L_PORT_TEMPLATE && kf_shield__template_check(sh, e->value)) {
        *err = kf_xstrdup("a template is \"<port number>:<text with {*} for variable parts>\"");
        return KF_EINVAL;
    }
    if (sh->store && kf_store_list_put(sh->store, e))
        return KF_ESTORE;
    kf_shield__set_add(&sh->lists[i], e->value, e->until_ms);
    if (i == L_PORT_TEMPLATE)
        kf_shield__templates_build(sh);
    if (i == L_KEYWORD_BLACK || i == L_REGEX_BLACK)
        return kf_shield__list_rules_build(sh, err);
    return 0;
}

int kf_shield_list_del(kf_shield *sh, const char *list, const char *value)
{
    int i = kf_shield__list_index(list), rc;
    char *err = NULL;

    if (i < 0)
        return KF_EINVAL;
    rc = sh->store ? kf_store_list_del(sh->store, list, value) : 0;
    if (rc)
        return rc;
    kf_shield__set_del(&sh->lists[i], value);
    if (i == L_PORT_TEMPLATE)
        kf_shield__templates_build(sh);
    if ((i == L_KEYWORD_BLACK || i == L_REGEX_BLACK) && kf_shield__list_rules_build(sh, &err)) {
        KF_ERR("shield", "ev=rules_rebuild_fail err=\"%s\"", err);
        free(err);
        return KF_EINVAL;
    }
    return 0;
}
