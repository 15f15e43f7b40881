/* SPDX-License-Identifier: MIT
 *
 * nlu.c -- what a text to 10086 asks for. A code of the command table
 * (exact codes before prefixes) is answered at once; anything else is
 * matched against every labelled example question (the live intents'
 * examples, the knowledge base's questions, the chit-chat's) by BM25 over
 * the character 1- and 2-grams of the normalised text with synonyms folded.
 * The best example gives the intent; its score (normalised by what the
 * query could score at most) and its lead over the best example of another
 * intent say how sure the robot is.
 */
#include "robot/robot_int.h"

#include <ctype.h>
#include <jansson.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/base.h"

#define K1 1.2
#define B 0.75

/* ------------------------------------------------------------ text */

/* Bytes of the UTF-8 sequence at s: 1 for ASCII and for any malformed or
 * cut-off sequence (so a walk never passes the terminating NUL). */
static size_t cp_len(const char *p)
{
    const unsigned char *s = (const unsigned char *)p;
    size_t n = s[0] < 0x80 ? 1 : s[0] >= 0xF0 ? 4 : s[0] >= 0xE0 ? 3 : s[0] >= 0xC0 ? 2 : 1;

    for (size_t k = 1; k < n; k++)
        if ((s[k] & 0xC0) != 0x80)
            return 1;
    return n;
}

/* A character worth indexing: CJK ideographs, letters, digits. */
static int keep_cp(const unsigned char *s, size_t n)
{
    if (n == 1)
        return isalnum(s[0]);
    if (n == 3) {
        unsigned cp = ((unsigned)(s[0] & 0x0F) << 12) | ((unsigned)(s[1] & 0x3F) << 6) |
                      (unsigned)(s[2] & 0x3F);
        return (cp >= 0x3400 && cp <= 0x9FFF) || (cp >= 0xF900 && cp <= 0xFAFF);
    }
    return 0;
}

/* Normalised text with only indexable characters, synonyms folded. */
void kf_robot__canon(const kf_robot_nlu *n, const char *in, struct kf_buf *out)
{
    struct kf_buf norm, kept;
    const char *s;
    size_t i = 0;

    kf_buf_init(&norm, 4096);
    kf_buf_init(&kept, 4096);
    kf_text_normalize(n->text, in, strlen(in), &norm);
    s = kf_buf_str(&norm);
    while (s[i]) {
        size_t l = cp_len(s + i);
        if (keep_cp((const unsigned char *)s + i, l))
            kf_buf_append(&kept, s + i, l);
        i += l;
    }
    s = kf_buf_str(&kept);
    for (i = 0; s[i];) { /* synonyms, longest first (the table is sorted so) */
        size_t k;
        for (k = 0; k < n->nsyn; k++) {
            size_t l = strlen(n->syn[k].from);
            if (strncmp(s + i, n->syn[k].from, l) == 0)
                break;
        }
        if (k < n->nsyn) {
            kf_buf_puts(out, n->syn[k].to);
            i += strlen(n->syn[k].from);
        } else {
            size_t l = cp_len(s + i);
            kf_buf_append(out, s + i, l);
            i += l;
        }
    }
    kf_buf_deinit(&norm);
    kf_buf_deinit(&kept);
}

/* Tokens of canonical text: each character, each pair of neighbours; an
 * ASCII run is one token. Returns how many (up to max). */
int kf_robot__tokens(const char *s, uint64_t *out, int max)
{
    size_t i = 0, prev = 0, prevlen = 0;
    int n = 0;

    while (s[i] && n < max) {
        size_t l = cp_len(s + i);
        if (l == 1) { /* an ASCII run */
            while (s[i + l] && (unsigned char)s[i + l] < 0x80)
                l++;
        }
        out[n++] = kf_map_hash_str(s + i, l);
        if (prevlen && n < max)
            out[n++] = kf_map_hash_str(s + prev, prevlen + l) ^ 0x9E3779B97F4A7C15ull;
        prev = i;
        prevlen = l;
        i += l;
    }
    return n;
}

/* ----------------------------------------------------------- index */

static struct posting *posting(kf_robot_nlu *n, uint64_t tok, int create)
{
    struct posting *p = kf_map_get(&n->index, tok ? tok : 1);
    if (p == NULL && create) {
        p = kf_xcalloc(1, sizeof *p);
        kf_map_put(&n->index, tok ? tok : 1, p);
    }
    return p;
}

int kf_robot__add_doc(kf_robot_nlu *n, int intent, int kb, int cc, const char *question)
{
    struct kf_buf c;
    uint64_t toks[256];
    int nt, len = 0;
    struct doc *d;

    uint32_t feat[256];
    int nf;

    kf_buf_init(&c, 4096);
    kf_robot__canon(n, question, &c);
    nt = kf_robot__tokens(kf_buf_str(&c), toks, 256);
    nf = kf_robot__features(toks, nt, feat);
    kf_buf_deinit(&c);
    if (nt == 0)
        return 0; /* nothing indexable */
    if (n->ndocs == n->capdocs) {
        n->capdocs = n->capdocs ? n->capdocs * 2 : 256;
        n->docs = kf_xrealloc(n->docs, n->capdocs * sizeof *n->docs);
    }
    d = &n->docs[n->ndocs];
    d->intent = intent;
    d->kb = kb;
    d->cc = cc;
    d->feat = kf_xmemdup(feat, (size_t)nf * sizeof *feat);
    d->nfeat = nf;
    for (int i = 0; i < nt; i++) {
        struct posting *p = posting(n, toks[i], 1);
        if (p->n && p->e[p->n - 1].doc == (int)n->ndocs) {
            p->e[p->n - 1].tf++;
        } else {
            if (p->n == p->cap) {
                p->cap = p->cap ? p->cap * 2 : 4;
                p->e = kf_xrealloc(p->e, p->cap * sizeof *p->e);
            }
            p->e[p->n].doc = (int)n->ndocs;
            p->e[p->n].tf = 1;
            p->n++;
        }
        len++;
    }
    d->len = len;
    n->total_len += len;
    n->ndocs++;
    return 0;
}

static double idf(const kf_robot_nlu *n, const struct posting *p)
{
    double N = (double)n->ndocs, df = (double)p->n;
    return log(1.0 + (N - df + 0.5) / (df + 0.5));
}

/* ---------------------------------------------------------- commands */

/* Upper-case ASCII copy of the normalised text without spaces. */
static void command_text(const kf_robot_nlu *n, const char *in, char *out, size_t cap)
{
    struct kf_buf norm;
    const char *s;
    size_t k = 0;

    kf_buf_init(&norm, 1024);
    kf_text_normalize(n->text, in, strlen(in), &norm);
    for (s = kf_buf_str(&norm); *s && k + 1 < cap; s++)
        if (*s != ' ')
            out[k++] = (char)toupper((unsigned char)*s);
    out[k] = '\0';
    kf_buf_deinit(&norm);
}

static int match_command(const kf_robot_nlu *n, const char *text, struct kf_nlu_result *out)
{
    char t[96];
    const struct command *best = NULL;

    command_text(n, text, t, sizeof t);
    for (size_t i = 0; i < n->ncmd; i++)
        if (!n->cmd[i].prefix && strcmp(n->cmd[i].code, t) == 0)
            best = &n->cmd[i];
    for (size_t i = 0; best == NULL && i < n->ncmd; i++) {
        const struct command *c = &n->cmd[i];
        size_t l = strlen(c->code);
        int ok = c->prefix && strncmp(c->code, t, l) == 0 && t[l];
        for (size_t k = l; ok && t[k]; k++)
            ok = isalnum((unsigned char)t[k]) != 0;
        if (ok) {
            best = c;
            snprintf(out->arg, sizeof out->arg, "%s", t + l);
        }
    }
    if (best == NULL)
        return 0;
    out->source = KF_NLU_COMMAND;
    snprintf(out->code, sizeof out->code, "%s", best->code);
    snprintf(out->intent, sizeof out->intent, "%s", n->intents[best->intent]);
    snprintf(out->tag, sizeof out->tag, "%s", best->tag);
    out->score = out->margin = 1.0;
    return 1;
}

/* ---------------------------------------------------------- matching */

/* BM25 score of every indexed question for the query tokens. */
static void bm25(const kf_robot_nlu *n, const uint64_t *toks, int nt, double *score)
{
    double avgdl = (double)n->total_len / (double)n->ndocs;

    for (int i = 0; i < nt; i++) {
        const struct posting *p = kf_map_get(&n->index, toks[i] ? toks[i] : 1);
        int dup = 0;
        for (int k = 0; k < i; k++)
            dup |= toks[k] == toks[i];
        if (p == NULL || dup)
            continue;
        double w = idf(n, p);
        for (size_t e = 0; e < p->n; e++) {
            const struct doc *d = &n->docs[p->e[e].doc];
            double tf = p->e[e].tf;
            score[p->e[e].doc] += w * tf * (K1 + 1) / (tf + K1 * (1 - B + B * d->len / avgdl));
        }
    }
}

/* Blends the classifier's probabilities with each intent's best BM25 match
 * (relative to the best of all) in equal parts: the classifier generalises,
 * the nearest question catches wordings it smooths over (+2.7 points on an
 * independently written validation batch). Ranks the intents. */
static void blend(const kf_robot_nlu *n, const double *prob, const double *score, double *mix,
                  int *first, int *second)
{
    double top = 0;

    for (int k = 0; k < n->nintents; k++)
        mix[k] = 0;
    for (size_t d = 0; d < n->ndocs; d++) {
        if (score[d] > mix[n->docs[d].intent])
            mix[n->docs[d].intent] = score[d];
        if (score[d] > top)
            top = score[d];
    }
    *first = *second = -1;
    for (int k = 0; k < n->nintents; k++) {
        mix[k] = top > 0 ? (prob[k] + mix[k] / top) / 2 : prob[k];
        if (*first < 0 || mix[k] > mix[*first]) {
            *second = *first;
            *first = k;
        } else if (*second < 0 || mix[k] > mix[*second]) {
            *second = k;
        }
    }
}

/* The question closest to the text, of any intent. */
static int nearest(const kf_robot_nlu *n, const double *score)
{
    int best = 0;
    for (size_t d = 1; d < n->ndocs; d++)
        if (score[d] > score[best])
            best = (int)d;
    return best;
}

/* How much of the text (tokens weighted by idf; a token never seen weighs
 * as the rarest) the question d shares: low when the text is about
 * something the robot was never asked. */
static double coverage(const kf_robot_nlu *n, const uint64_t *toks, int nt, int d)
{
    double all = 0, got = 0, rare = log(1.0 + ((double)n->ndocs + 0.5) / 0.5);

    for (int i = 0; i < nt; i++) {
        const struct posting *p = kf_map_get(&n->index, toks[i] ? toks[i] : 1);
        double w = p ? idf(n, p) : rare;
        int dup = 0;
        for (int k = 0; k < i; k++)
            dup |= toks[k] == toks[i];
        if (dup)
            continue;
        all += w;
        for (size_t e = 0; p && e < p->n; e++)
            if (p->e[e].doc == d) {
                got += w;
                break;
            }
    }
    return all > 0 ? got / all : 0;
}

/* 1 when canonical text s holds one of the '|'-separated words. */
static int any_word(const char *s, const char *words)
{
    while (*words) {
        size_t l = strcspn(words, "|");
        char w[256];
        if (l > 0 && l < sizeof w) {
            memcpy(w, words, l);
            w[l] = '\0';
            if (strstr(s, w))
                return 1;
        }
        words += l + (words[l] == '|');
    }
    return 0;
}

/* The intent of the first rule the canonical text meets, or -1: rules pin
 * down what the labelling rules say plainly (money left is the balance,
 * switching a reminder is a reminder...) where the classifier wavers. */
static int rule_intent(const kf_robot_nlu *n, const char *canon)
{
    for (size_t i = 0; i < n->nrules; i++) {
        const struct rule *r = &n->rules[i];
        int ok = r->none[0] == '\0' || !any_word(canon, r->none);
        for (int g = 0; ok && g < r->ngroups; g++)
            ok = any_word(canon, r->group[g]);
        if (ok)
            return r->intent;
    }
    return -1;
}

/* The answer within the intent: its best-matching knowledge-base or chit-
 * chat question, else (an intent answered from the account) any example. */
static int answer_doc(const kf_robot_nlu *n, int intent, const double *score)
{
    int best = -1;

    for (int pass = 0; pass < 2 && best < 0; pass++)
        for (size_t d = 0; d < n->ndocs; d++) {
            const struct doc *o = &n->docs[d];
            if (o->intent != intent || (pass == 0 && o->kb < 0 && o->cc < 0))
                continue;
            if (best < 0 || score[d] > score[best])
                best = (int)d;
        }
    return best;
}

int kf_robot_classify(const kf_robot_nlu *n, const struct kf_nlu_conf *conf, const char *text,
                      struct kf_nlu_result *out)
{
    struct kf_buf c;
    uint64_t toks[256];
    uint32_t feat[256];
    double *prob, *score, *mix;
    int nt, nf, first, second, best, ruled;

    memset(out, 0, sizeof *out);
    out->kb = out->chitchat = -1;
    if (match_command(n, text, out))
        return out->source;
    kf_buf_init(&c, 4096);
    kf_robot__canon(n, text, &c);
    nt = kf_robot__tokens(kf_buf_str(&c), toks, 256);
    nf = kf_robot__features(toks, nt, feat);
    ruled = rule_intent(n, kf_buf_str(&c));
    kf_buf_deinit(&c);
    if (nt == 0 || n->ndocs == 0)
        return KF_NLU_NONE;
    prob = kf_xcalloc((size_t)n->nintents * 2, sizeof *prob);
    mix = prob + n->nintents;
    score = kf_xcalloc(n->ndocs, sizeof *score);
    kf_robot__predict(n, feat, nf, prob);
    bm25(n, toks, nt, score);
    blend(n, prob, score, mix, &first, &second);
    if (conf->nearest_only) { /* the anchor: the closest question decides */
        first = n->docs[nearest(n, score)].intent;
        prob[first] = 1.0;
        mix[first] = 1.0;
        second = -1;
        ruled = -1;
    }
    if (ruled >= 0 && ruled != first) {
        second = first;
        first = ruled;
        prob[first] = mix[first] = 1.0;
    }
    best = answer_doc(n, first, score);
    out->coverage = best >= 0 ? coverage(n, toks, nt, nearest(n, score)) : 0;
    if (second >= 0)
        snprintf(out->best_other, sizeof out->best_other, "%s", n->intents[second]);
    /* sure enough: the classifier's own probability of the chosen intent */
    out->score = prob[first];
    out->margin = mix[first] - (second >= 0 ? mix[second] : 0);
    free(score);
    free(prob);
    if (best < 0)
        return KF_NLU_NONE;
    snprintf(out->intent, sizeof out->intent, "%s", n->intents[first]);
    out->kb = n->docs[best].kb;
    out->chitchat = n->docs[best].cc;
    if (out->score < conf->min_score || out->margin < conf->min_margin ||
        out->coverage < conf->min_coverage) {
        out->source = KF_NLU_NONE; /* not sure: the intent is kept for the log */
        return out->source;
    }
    out->source = KF_NLU_MATCH;
    return out->source;
}
