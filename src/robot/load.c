/* SPDX-License-Identifier: MIT
 *
 * load.c -- reading the robot's files (data/robot/): the command table,
 * the synonyms, the live intents' example questions, the knowledge base
 * and the chit-chat. Every error names the file, the line and the field;
 * any error refuses the whole set (the running one stays).
 */
#include "robot/robot_int.h"

#include <ctype.h>
#include <errno.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/base.h"

#define MAX_FILE (16u << 20)

int kf_robot__intent(kf_robot_nlu *n, const char *name)
{
    for (int i = 0; i < n->nintents; i++)
        if (strcmp(n->intents[i], name) == 0)
            return i;
    if (n->nintents == KF_ROBOT_MAX_INTENTS)
        return -1;
    n->intents[n->nintents] = kf_xstrdup(name);
    return n->nintents++;
}

/* A valid intent name: lower-case letters, digits, '.', '_'. */
static int intent_ok(const char *s)
{
    if (*s == '\0' || strlen(s) >= 32)
        return 0;
    for (; *s; s++)
        if (!islower((unsigned char)*s) && !isdigit((unsigned char)*s) && *s != '.' && *s != '_')
            return 0;
    return 1;
}

struct file {
    const char *dir, *name;
    char path[1024];
    struct kf_buf text;
};

static int read_file(struct file *f, int optional, char **err)
{
    FILE *fp;
    char chunk[65536];
    size_t got;

    snprintf(f->path, sizeof f->path, "%s/%s", f->dir, f->name);
    kf_buf_init(&f->text, MAX_FILE);
    fp = fopen(f->path, "rb");
    if (fp == NULL) {
        if (optional && errno == ENOENT)
            return 0;
        *err = kf_xasprintf("%s: cannot open: %s", f->path, strerror(errno));
        return KF_EIO;
    }
    while ((got = fread(chunk, 1, sizeof chunk, fp)) > 0)
        if (kf_buf_append(&f->text, chunk, got)) {
            fclose(fp);
            *err = kf_xasprintf("%s: larger than %u bytes", f->path, MAX_FILE);
            return KF_ETOOBIG;
        }
    fclose(fp);
    return 0;
}

/* Calls fn for each line that is not blank or a '#' comment. */
static int each_line(struct file *f, int (*fn)(kf_robot_nlu *, struct file *, int, char *, char **),
                     kf_robot_nlu *n, char **err)
{
    char *s = (char *)f->text.data, *end = s ? s + f->text.len : NULL;
    int line = 0, rc = 0;

    while (s && s < end && rc == 0) {
        char *nl = memchr(s, '\n', (size_t)(end - s));
        if (nl)
            *nl = '\0';
        line++;
        if (nl > s && nl[-1] == '\r')
            nl[-1] = '\0';
        if (*s && *s != '#')
            rc = fn(n, f, line, s, err);
        s = nl ? nl + 1 : end;
    }
    return rc;
}

static int bad(char **err, const struct file *f, int line, const char *field, const char *why)
{
    *err = kf_xasprintf("%s:%d: %s: %s", f->path, line, field, why);
    return KF_EINVAL;
}

/* Splits s at tabs into up to max fields; returns how many. */
static int tabs(char *s, char **out, int max)
{
    int k = 0;
    out[k++] = s;
    for (; *s && k < max; s++)
        if (*s == '\t') {
            *s = '\0';
            out[k++] = s + 1;
        }
    return k;
}

/* ---------------------------------------------------------- tables */

static int command_line(kf_robot_nlu *n, struct file *f, int line, char *s, char **err)
{
    char *fld[4];
    struct command *c;
    size_t l;

    if (tabs(s, fld, 4) != 3)
        return bad(err, f, line, "line", "want code<TAB>intent<TAB>reply tag");
    l = strlen(fld[0]);
    if (l == 0 || l >= sizeof c->code)
        return bad(err, f, line, "code", "1 to 31 bytes");
    if (!intent_ok(fld[1]))
        return bad(err, f, line, "intent", "lower-case letters, digits, '.' and '_'");
    if (strlen(fld[2]) >= sizeof c->tag)
        return bad(err, f, line, "tag", "too long");
    n->cmd = kf_xrealloc(n->cmd, (n->ncmd + 1) * sizeof *n->cmd);
    c = &n->cmd[n->ncmd++];
    memset(c, 0, sizeof *c);
    c->prefix = fld[0][l - 1] == '*' && l > 1;
    for (size_t i = 0; i < l - (size_t)c->prefix; i++)
        c->code[i] = (char)toupper((unsigned char)fld[0][i]);
    c->intent = kf_robot__intent(n, fld[1]);
    memcpy(c->tag, fld[2], strlen(fld[2]) + 1);
    return c->intent < 0 ? bad(err, f, line, "intent", "too many intents") : 0;
}

/* rules.tsv: intent<TAB>group & group ...<TAB>none, words separated by
 * '|', written as they read after normalising and synonyms (canonical). */
static int rule_line(kf_robot_nlu *n, struct file *f, int line, char *s, char **err)
{
    char *fld[4] = {NULL, NULL, NULL, NULL}, *save = NULL;
    struct rule *r;
    int nf = tabs(s, fld, 4);

    if (nf < 2 || nf > 3)
        return bad(err, f, line, "line", "want intent<TAB>words & words...[<TAB>none of these]");
    if (!intent_ok(fld[0]))
        return bad(err, f, line, "intent", "lower-case letters, digits, '.' and '_'");
    n->rules = kf_xrealloc(n->rules, (n->nrules + 1) * sizeof *n->rules);
    r = &n->rules[n->nrules];
    memset(r, 0, sizeof *r);
    for (char *g = strtok_r(fld[1], "&", &save); g; g = strtok_r(NULL, "&", &save)) {
        while (*g == ' ')
            g++;
        for (size_t l = strlen(g); l > 0 && g[l - 1] == ' ';)
            g[--l] = '\0';
        if (*g == '\0' || r->ngroups == KF_ROBOT_RULE_GROUPS || strlen(g) >= sizeof r->group[0])
            return bad(err, f, line, "words", "1 to 4 groups of words, each under 256 bytes");
        snprintf(r->group[r->ngroups++], sizeof r->group[0], "%s", g);
    }
    if (r->ngroups == 0)
        return bad(err, f, line, "words", "at least one group");
    if (fld[2] && strlen(fld[2]) >= sizeof r->none)
        return bad(err, f, line, "none", "under 256 bytes");
    if (fld[2])
        snprintf(r->none, sizeof r->none, "%s", fld[2]);
    r->intent = kf_robot__intent(n, fld[0]);
    if (r->intent < 0)
        return bad(err, f, line, "intent", "too many intents");
    n->nrules++;
    return 0;
}

static int synonym_line(kf_robot_nlu *n, struct file *f, int line, char *s, char **err)
{
    char *fld[3], *save = NULL, *r, *w;

    if (tabs(s, fld, 3) != 2 || fld[0][0] == '\0' || strlen(fld[0]) >= 64)
        return bad(err, f, line, "line", "want word<TAB>synonym,synonym...");
    /* a full-width comma separates too: fold it to ',' first (strtok_r would
     * take each of its three bytes for a separator and cut CJK words apart) */
    for (r = w = fld[1]; *r;) {
        if (strncmp(r, "，", 3) == 0) {
            *w++ = ',';
            r += 3;
        } else {
            *w++ = *r++;
        }
    }
    *w = '\0';
    for (w = strtok_r(fld[1], ",", &save); w; w = strtok_r(NULL, ",", &save)) {
        if (strlen(w) == 0 || strlen(w) >= 64)
            return bad(err, f, line, "synonym", "1 to 63 bytes");
        n->syn = kf_xrealloc(n->syn, (n->nsyn + 1) * sizeof *n->syn);
        snprintf(n->syn[n->nsyn].from, sizeof n->syn[n->nsyn].from, "%s", w);
        snprintf(n->syn[n->nsyn].to, sizeof n->syn[n->nsyn].to, "%s", fld[0]);
        n->nsyn++;
    }
    return 0;
}

static int example_line(kf_robot_nlu *n, struct file *f, int line, char *s, char **err)
{
    char *fld[3];
    int intent;

    if (tabs(s, fld, 3) != 2 || fld[1][0] == '\0')
        return bad(err, f, line, "line", "want intent<TAB>question");
    if (!intent_ok(fld[0]))
        return bad(err, f, line, "intent", "lower-case letters, digits, '.' and '_'");
    intent = kf_robot__intent(n, fld[0]);
    if (intent < 0)
        return bad(err, f, line, "intent", "too many intents");
    return kf_robot__add_doc(n, intent, -1, -1, fld[1]);
}

/* eval.tsv: split<TAB>intent<TAB>question. The train half is learnt from
 * like the examples; the test half is never read here. */
static int eval_line(kf_robot_nlu *n, struct file *f, int line, char *s, char **err)
{
    char *fld[4];
    int intent;

    if (tabs(s, fld, 4) != 3 || fld[2][0] == '\0')
        return bad(err, f, line, "line", "want split<TAB>intent<TAB>question");
    if (strcmp(fld[0], "train") != 0 && strcmp(fld[0], "test") != 0)
        return bad(err, f, line, "split", "train or test");
    if (!intent_ok(fld[1]))
        return bad(err, f, line, "intent", "lower-case letters, digits, '.' and '_'");
    if (strcmp(fld[0], "train") != 0)
        return 0;
    intent = kf_robot__intent(n, fld[1]);
    if (intent < 0)
        return bad(err, f, line, "intent", "too many intents");
    return kf_robot__add_doc(n, intent, -1, -1, fld[2]);
}

/* ----------------------------------------------------- JSON Lines */

static const char *jstr(json_t *o, const char *k)
{
    return json_string_value(json_object_get(o, k));
}

/* Indexes each string of the "q" array as a question of (intent, kb, cc). */
static int questions(kf_robot_nlu *n, struct file *f, int line, json_t *o, int intent, int kb,
                     int cc, char **err)
{
    json_t *q = json_object_get(o, "q"), *v;
    size_t i;

    if (!json_is_array(q) || json_array_size(q) == 0)
        return bad(err, f, line, "q", "an array of one or more questions");
    json_array_foreach(q, i, v)
    {
        if (!json_is_string(v) || json_string_length(v) == 0)
            return bad(err, f, line, "q", "each question is a non-empty string");
        kf_robot__add_doc(n, intent, kb, cc, json_string_value(v));
    }
    return 0;
}

static int kb_line(kf_robot_nlu *n, struct file *f, int line, char *s, char **err)
{
    json_error_t je;
    json_t *o = json_loads(s, JSON_REJECT_DUPLICATES, &je);
    const char *id, *intent, *a;
    struct kb_item *it;
    int rc;

    if (!json_is_object(o)) {
        json_decref(o);
        return bad(err, f, line, "JSON", o ? "each line is one object" : je.text);
    }
    id = jstr(o, "id");
    intent = jstr(o, "intent");
    a = jstr(o, "a");
    if (id == NULL || strlen(id) >= sizeof it->id)
        rc = bad(err, f, line, "id", "a string of at most 47 bytes");
    else if (intent == NULL || !intent_ok(intent))
        rc = bad(err, f, line, "intent", "lower-case letters, digits, '.' and '_'");
    else if (a == NULL || a[0] == '\0')
        rc = bad(err, f, line, "a", "the answer is missing");
    else {
        n->kb = kf_xrealloc(n->kb, (n->nkb + 1) * sizeof *n->kb);
        it = &n->kb[n->nkb];
        snprintf(it->id, sizeof it->id, "%s", id);
        it->intent = kf_robot__intent(n, intent);
        it->answer = kf_xstrdup(a);
        n->nkb++;
        rc = questions(n, f, line, o, it->intent, (int)n->nkb - 1, -1, err);
    }
    json_decref(o);
    return rc;
}

static int cc_line(kf_robot_nlu *n, struct file *f, int line, char *s, char **err)
{
    json_error_t je;
    json_t *o = json_loads(s, JSON_REJECT_DUPLICATES, &je), *a, *v;
    struct cc_item *it;
    size_t i;
    int rc;

    if (!json_is_object(o)) {
        json_decref(o);
        return bad(err, f, line, "JSON", o ? "each line is one object" : je.text);
    }
    a = json_object_get(o, "a");
    if (jstr(o, "id") == NULL || !json_is_array(a) || json_array_size(a) == 0) {
        json_decref(o);
        return bad(err, f, line, "a", "an id and an array of replies");
    }
    n->cc = kf_xrealloc(n->cc, (n->ncc + 1) * sizeof *n->cc);
    it = &n->cc[n->ncc++];
    memset(it, 0, sizeof *it);
    snprintf(it->id, sizeof it->id, "%s", jstr(o, "id"));
    it->replies = kf_xcalloc(json_array_size(a), sizeof *it->replies);
    json_array_foreach(a, i, v)
    {
        if (json_is_string(v))
            it->replies[it->nreplies++] = kf_xstrdup(json_string_value(v));
    }
    rc = questions(n, f, line, o, kf_robot__intent(n, "chitchat"), -1, (int)n->ncc - 1, err);
    json_decref(o);
    return rc;
}

/* ------------------------------------------------------------ load */

static int by_length(const void *a, const void *b)
{
    size_t x = strlen(((const struct synonym *)a)->from);
    size_t y = strlen(((const struct synonym *)b)->from);
    return x < y ? 1 : x > y ? -1 : 0;
}

kf_robot_nlu *kf_robot_nlu_load(const char *dir, const kf_text *text, int flags, char **err)
{
    static const struct {
        const char *name;
        int optional;
        int (*fn)(kf_robot_nlu *, struct file *, int, char *, char **);
    } files[] = {{"synonyms.tsv", 1, synonym_line}, {"commands.tsv", 0, command_line},
                 {"examples.tsv", 0, example_line}, {"kb.jsonl", 0, kb_line},
                 {"chitchat.jsonl", 1, cc_line},    {"rules.tsv", 1, rule_line},
                 {"eval.tsv", 1, eval_line}};
    kf_robot_nlu *n = kf_xcalloc(1, sizeof *n);
    int rc = 0;

    n->text = text;
    kf_map_init(&n->index);
    for (size_t i = 0; i < KF_ARRAY_LEN(files) && rc == 0; i++) {
        struct file f = {.dir = dir, .name = files[i].name};
        if ((flags & KF_NLU_NO_EVAL) && files[i].fn == eval_line)
            continue;
        rc = read_file(&f, files[i].optional, err);
        if (rc == 0)
            rc = each_line(&f, files[i].fn, n, err);
        kf_buf_deinit(&f.text);
        if (i == 0 && n->nsyn > 1) /* synonyms apply to what follows */
            qsort(n->syn, n->nsyn, sizeof *n->syn, by_length);
    }
    if (rc) {
        kf_robot_nlu_free(n);
        return NULL;
    }
    kf_robot__train(n);
    return n;
}

void kf_robot_nlu_free(kf_robot_nlu *n)
{
    if (n == NULL)
        return;
    for (size_t i = 0; i < n->index.cap; i++)
        if (n->index.slots[i].key) {
            struct posting *p = n->index.slots[i].val;
            free(p->e);
            free(p);
        }
    kf_map_deinit(&n->index);
    for (int i = 0; i < n->nintents; i++)
        free(n->intents[i]);
    for (size_t i = 0; i < n->nkb; i++)
        free(n->kb[i].answer);
    for (size_t i = 0; i < n->ncc; i++) {
        for (int k = 0; k < n->cc[i].nreplies; k++)
            free(n->cc[i].replies[k]);
        free(n->cc[i].replies);
    }
    free(n->kb);
    free(n->cc);
    free(n->rules);
    for (size_t i = 0; i < n->ndocs; i++)
        free(n->docs[i].feat);
    free(n->cmd);
    free(n->syn);
    free(n->docs);
    free(n->w);
    free(n);
}

const char *kf_robot_kb_answer(const kf_robot_nlu *n, int kb)
{
    return kb >= 0 && (size_t)kb < n->nkb ? n->kb[kb].answer : NULL;
}

const char *const *kf_robot_chitchat(const kf_robot_nlu *nlu, int item, int *n)
{
    if (item < 0 || (size_t)item >= nlu->ncc) {
        *n = 0;
        return NULL;
    }
    *n = nlu->cc[item].nreplies;
    return (const char *const *)nlu->cc[item].replies;
}

void kf_robot_nlu_counts(const kf_robot_nlu *n, int *kb, int *chitchat, int *docs)
{
    *kb = (int)n->nkb;
    *chitchat = (int)n->ncc;
    *docs = (int)n->ndocs;
}

int kf_robot_nlu_add(kf_robot_nlu *n, const char *intent, const char *question)
{
    int k = intent_ok(intent) ? kf_robot__intent(n, intent) : -1;
    return k < 0 ? KF_EINVAL : kf_robot__add_doc(n, k, -1, -1, question);
}

void kf_robot_nlu_train(kf_robot_nlu *n)
{
    kf_robot__train(n);
}
