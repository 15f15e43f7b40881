/* SPDX-License-Identifier: MIT
 *
 * rules.h -- keyword and regex rules matched in one pass with vectorscan
 * (internal to src/shield/; the only file that includes hs.h is rules.c).
 *
 * Rules come from the rules file (data/shield/rules.txt: code, points,
 * kw|re, pattern, reason; tab-separated) and from the staff lists
 * keyword.black / regex.black. They are compiled into one database; a scan
 * of the normalised text reports each rule that matched once.
 */
#ifndef KF_SHIELD_RULES_H
#define KF_SHIELD_RULES_H

#include <stddef.h>

typedef struct kf_rules kf_rules;

struct kf_rule {
    char code[32];
    int points;
    int literal;      /* 1 kw, 0 re */
    char *pattern;    /* owned */
    char reason[160];
    int line;         /* in the rules file, 0 for list entries */
};

/* A growing rule list, compiled by kf_rules_compile. */
struct kf_rule_list {
    struct kf_rule *v;
    size_t n, cap;
};

/* Parses a rules file and appends its rules; KF_EINVAL with *err
 * ("path:line: reason") on the first malformed line. Patterns are checked
 * when the list is compiled (one compilation for the whole file). */
int kf_rules_parse_file(struct kf_rule_list *l, const char *path, char **err);
/* Appends one rule (copies). */
void kf_rules_add(struct kf_rule_list *l, const char *code, int points, int literal,
                  const char *pattern, const char *reason);
void kf_rules_list_free(struct kf_rule_list *l);
/* Checks that one pattern compiles; 0 or KF_EINVAL with *err. */
int kf_rules_check(const char *pattern, int literal, char **err);

/* Compiles the rules (the list is moved into the result). An empty list
 * gives a valid matcher that never matches. NULL with *err ("origin:line:
 * pattern does not compile: ...") when a pattern is bad. */
kf_rules *kf_rules_compile(struct kf_rule_list *l, const char *origin, char **err);
void kf_rules_free(kf_rules *r);
size_t kf_rules_count(const kf_rules *r);

/* Scans normalised text; writes the indexes of matched rules (each once,
 * in first-match order) to hits[0..max), returns how many matched. */
int kf_rules_scan(kf_rules *r, const char *text, size_t len, int *hits, int max);
const struct kf_rule *kf_rules_get(const kf_rules *r, int i);

#endif
