/* SPDX-License-Identifier: MIT
 *
 * shield_int.h -- what only src/shield/ sees: the shield struct, its
 * in-memory lists and the loaded content checkers. Ownership: the shield
 * owns everything here; a reload builds a new `struct content` and swaps it
 * in whole, so the hot path never sees a half-loaded set.
 */
#ifndef KF_SHIELD_SHIELD_INT_H
#define KF_SHIELD_SHIELD_INT_H

#include "base/base.h"
#include "base/map.h"
#include "cache/cache.h"
#include "classify/classify.h"
#include "shield/rules.h"
#include "shield/shield.h"
#include "shield/url.h"
#include "text/text.h"

/* A set of strings (list values) with an optional end time each. */
struct strset {
    struct kf_map m; /* hash(value) -> struct sentry (owned) */
};

struct sentry {
    char *value;
    int64_t until_ms; /* 0 = no end */
    struct sentry *next; /* same-hash chain */
};

/* Lists by name, see kf_shield_list_valid. */
enum {
    L_SENDER_BLACK,
    L_SENDER_WHITE,
    L_SENDER_SUSPENDED,
    L_PORT_BLACK,
    L_PORT_WHITE,
    L_OPTOUT,
    L_DOMAIN_BLACK,
    L_DOMAIN_WHITE,
    L_KEYWORD_BLACK,
    L_REGEX_BLACK,
    L_PORT_TEMPLATE,
    L_COUNT
};

/* What a reload replaces at once. */
struct content {
    kf_model *model;
    kf_urlintel *urls;
    kf_rules *rules; /* the rules file (compiled once per reload: ~1 s) */
};

/* Parsed registered signatures of a port, by account id. */
struct port_sigs {
    int64_t updated_ms;
    char **sigs;
    int n;
};

struct kf_shield {
    struct kf_shield_conf conf;
    char *share_dir;
    kf_store *store;          /* NULL for tools */
    kf_text *text;
    kf_cache *cache;
    struct content *c;
    struct strset lists[L_COUNT];
    kf_rules *lrules;         /* keyword.black + regex.black (small: rebuilt per edit) */
    struct strset reported;   /* senders reported in 72 h; until_ms holds the reporters */
    struct kf_map reported_fp; /* fingerprint -> reporters (as a pointer-sized int) */
    struct kf_map port_sigs;  /* account id -> struct port_sigs */
    struct kf_map templates;  /* hash(port number) -> filed templates (templates.c) */
    /* scratch for the hot path (loop thread) */
    struct kf_buf norm, skel;
    struct kf_fvec fv;
    /* metrics */
    uint64_t judged, held, blocked, delivered_flagged, cache_hits, suspended;
    uint64_t lat_us_sum;
    uint64_t lat_hist[16]; /* judge time, power-of-two µs buckets */
};

extern const char *const kf_shield__list_names[];

/* lists.c */
void kf_shield__sets_init(kf_shield *sh);
void kf_shield__sets_free(kf_shield *sh);
/* 1 when value is in list (and not expired at now_ms). */
int kf_shield__in(const kf_shield *sh, int list, const char *value, size_t len, int64_t now_ms);
void kf_shield__set_add(struct strset *s, const char *value, int64_t until_ms);
const struct sentry *kf_shield__set_find(const struct strset *s, const char *value, size_t len);
void kf_shield__set_free(struct strset *s);
int kf_shield__set_del(struct strset *s, const char *value);
int kf_shield__list_index(const char *list);
/* Loads every list from the store into memory. */
int kf_shield__lists_load(kf_shield *sh);
/* Rebuilds the matcher of the keyword/regex lists. */
int kf_shield__list_rules_build(kf_shield *sh, char **err);

/* judge.c: the fingerprint of normalised text (SimHash of its skeleton:
 * copies differing in numbers, links or punctuation share it). Never 0. */
uint64_t kf_shield__fingerprint(kf_shield *sh, const char *norm, size_t len);

/* templates.c: filed templates of ports (the port.template list). */
void kf_shield__templates_build(kf_shield *sh);
void kf_shield__templates_free(kf_shield *sh);
/* 0 when "<port>:<template>" is well-formed. */
int kf_shield__template_check(kf_shield *sh, const char *value);
/* 1 when normalised text follows one of port's templates, 0 when the port
 * filed templates and it follows none, -1 when the port filed none. */
int kf_shield__templates_match(kf_shield *sh, const char *port, const char *norm, size_t len);

/* shield.c */
struct content *kf_shield__content_load(kf_shield *sh, const struct kf_shield_conf *conf,
                                        char **err);
void kf_shield__content_free(struct content *c);

/* stage.c */
void kf_shield__lat_add(kf_shield *sh, uint64_t us);

#endif
