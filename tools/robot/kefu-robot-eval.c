/* SPDX-License-Identifier: MIT
 *
 * kefu-robot-eval.c -- how well the 10086 robot understands: classifies
 * every question of a labelled set (split<TAB>intent<TAB>question, e.g.
 * data/robot/eval.tsv) with the robot's data directory and prints intent
 * accuracy and the hand-over rate (questions it was not sure enough to
 * answer). A handed-over question counts as correct only when its label is
 * `handover`.
 *
 *   kefu-robot-eval [--split train|test|all] [--dir data/robot]
 *                   [--min-score S] [--min-margin M] [--errors] [--min-accuracy P]
 *                   [--max-handover P] [--cv K [--learn]] FILE
 *
 * The robot learns from the train half of data/robot/eval.tsv too, so
 * --split train scores a robot loaded without it (what the knowledge base
 * and examples alone do); --split test and all score the shipped robot.
 * Choose --min-score/--min-margin on --split train; report --split test.
 * --anchor scores the closest question's intent alone (BM25 over the same
 * n-grams, no classifier, no rules, no thresholds): the baseline the
 * robot's design is measured against.
 * --cv K estimates on the train split how a setting does on unseen
 * questions: K folds in file order; with --learn the other folds' train
 * questions join the robot's own while one fold is scored (as the shipped
 * robot learns from the whole train split: data/robot/README.md).
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/base.h"
#include "robot/robot.h"
#include "text/text.h"

struct opts {
    const char *split, *dir;
    struct kf_nlu_conf conf;
    int errors;
    double min_acc, max_handover;
    int cv, learn;
};

struct item {
    char split[8], intent[40], q[2048];
};

static void usage(void)
{
    fputs("usage: kefu-robot-eval [--split train|test|all] [--dir DIR] [--min-score S]\n"
          "                       [--min-margin M] [--errors] [--min-accuracy P]\n"
          "                       [--max-handover P] [--cv K [--learn]] [--min-coverage C]\n"
          "                       [--anchor] FILE\n",
          stderr);
    exit(2);
}

/* Reads the labelled questions of FILE. Returns how many (items[] grows). */
static size_t read_items(FILE *f, struct item **items)
{
    char line[2048];
    size_t n = 0, cap = 0;

    while (fgets(line, sizeof line, f)) {
        char *intent, *q;
        line[strcspn(line, "\r\n")] = '\0';
        if (line[0] == '#' || line[0] == '\0' || (intent = strchr(line, '\t')) == NULL)
            continue;
        *intent++ = '\0';
        if ((q = strchr(intent, '\t')) == NULL)
            continue;
        *q++ = '\0';
        if (n == cap) {
            cap = cap ? cap * 2 : 512;
            *items = kf_xrealloc(*items, cap * sizeof **items);
        }
        snprintf((*items)[n].split, sizeof(*items)[n].split, "%.7s", line);
        snprintf((*items)[n].intent, sizeof(*items)[n].intent, "%.39s", intent);
        snprintf((*items)[n].q, sizeof(*items)[n].q, "%s", q);
        n++;
    }
    return n;
}

struct tally {
    int total, right, handed;
};

/* Scores one question. */
static void score(const kf_robot_nlu *n, const struct opts *o, const struct item *it,
                  struct tally *t)
{
    struct kf_nlu_result r;
    const char *got;

    kf_robot_classify(n, &o->conf, it->q, &r);
    got = r.source == KF_NLU_NONE ? "handover" : r.intent;
    t->total++;
    t->handed += r.source == KF_NLU_NONE && strcmp(it->intent, "handover") != 0;
    if (strcmp(got, it->intent) == 0)
        t->right++;
    else if (o->errors)
        printf("want %-18s got %-18s (best %s %.2f, margin %.2f, cover %.2f, next %s)  %s\n",
               it->intent, got, r.intent, r.score, r.margin, r.coverage, r.best_other, it->q);
}

static int report(const struct opts *o, const char *what, const struct tally *t)
{
    if (t->total == 0) {
        fprintf(stderr, "kefu-robot-eval: no questions in split %s\n", o->split);
        return 1;
    }
    printf("%s: %d questions, intent accuracy %.1f%% (%d right), hand-over %.1f%% (%d)\n", what,
           t->total, 100.0 * t->right / t->total, t->right, 100.0 * t->handed / t->total,
           t->handed);
    return (o->min_acc > 0 && 100.0 * t->right / t->total < o->min_acc) ||
                   (o->max_handover >= 0 && 100.0 * t->handed / t->total > o->max_handover)
               ? 1
               : 0;
}

static kf_robot_nlu *load(const struct opts *o, const kf_text *t, int flags)
{
    char *err = NULL;
    kf_robot_nlu *n = kf_robot_nlu_load(o->dir, t, flags, &err);

    if (n == NULL) {
        fprintf(stderr, "kefu-robot-eval: %s\n", err);
        exit(1);
    }
    return n;
}

/* K-fold cross-validation inside the train split (fold = position % K
 * among the train questions). */
static int cross_validate(const struct opts *o, const kf_text *t, const struct item *items,
                          size_t n)
{
    struct tally all = {0};
    char what[64];

    for (int k = 0; k < o->cv; k++) {
        kf_robot_nlu *nlu = load(o, t, KF_NLU_NO_EVAL);
        size_t pos = 0;
        for (size_t i = 0; o->learn && i < n; i++)
            if (strcmp(items[i].split, "train") == 0 && (int)(pos++ % (size_t)o->cv) != k)
                kf_robot_nlu_add(nlu, items[i].intent, items[i].q);
        if (o->learn)
            kf_robot_nlu_train(nlu);
        pos = 0;
        for (size_t i = 0; i < n; i++)
            if (strcmp(items[i].split, "train") == 0 && (int)(pos++ % (size_t)o->cv) == k)
                score(nlu, o, &items[i], &all);
        kf_robot_nlu_free(nlu);
    }
    snprintf(what, sizeof what, "train %d-fold%s", o->cv, o->learn ? " (learning)" : "");
    return report(o, what, &all);
}

int main(int argc, char **argv)
{
    static const struct option lo[] = {
        {"split", 1, 0, 's'},        {"dir", 1, 0, 'd'},    {"min-score", 1, 0, 'm'},
        {"min-margin", 1, 0, 'g'},   {"errors", 0, 0, 'e'}, {"min-accuracy", 1, 0, 'a'},
        {"max-handover", 1, 0, 'h'}, {"cv", 1, 0, 'k'},     {"learn", 0, 0, 'l'},
        {"min-coverage", 1, 0, 'c'}, {"anchor", 0, 0, 'n'}, {0, 0, 0, 0}};
    struct opts o = {"test", KF_SHARE_DIR "/robot", {0.10, 0.0, 0.10, 0}, 0, 0, -1, 0,
                     0}; /* kefud's defaults */
    struct item *items = NULL;
    size_t nitems;
    char *err = NULL;
    kf_text *t;
    kf_robot_nlu *n;
    FILE *f;
    int c, rc;

    while ((c = getopt_long(argc, argv, "", lo, NULL)) != -1) {
        switch (c) {
        case 's':
            o.split = optarg;
            break;
        case 'd':
            o.dir = optarg;
            break;
        case 'm':
            o.conf.min_score = strtod(optarg, NULL);
            break;
        case 'g':
            o.conf.min_margin = strtod(optarg, NULL);
            break;
        case 'e':
            o.errors = 1;
            break;
        case 'a':
            o.min_acc = strtod(optarg, NULL);
            break;
        case 'h':
            o.max_handover = strtod(optarg, NULL);
            break;
        case 'k':
            o.cv = (int)strtol(optarg, NULL, 10);
            break;
        case 'l':
            o.learn = 1;
            break;
        case 'c':
            o.conf.min_coverage = strtod(optarg, NULL);
            break;
        case 'n':
            o.conf.nearest_only = 1, o.conf.min_score = o.conf.min_coverage = 0;
            break;
        default:
            usage();
        }
    }
    if (optind != argc - 1)
        usage();
    t = kf_text_new(NULL, &err);
    free(err);
    f = fopen(argv[optind], "r");
    if (f == NULL) {
        perror(argv[optind]);
        return 1;
    }
    nitems = read_items(f, &items);
    fclose(f);
    if (o.cv > 1) {
        rc = cross_validate(&o, t, items, nitems);
    } else {
        struct tally tl = {0};
        char what[64];
        n = load(&o, t, strcmp(o.split, "train") == 0 ? KF_NLU_NO_EVAL : 0);
        for (size_t i = 0; i < nitems; i++)
            if (strcmp(o.split, "all") == 0 || strcmp(o.split, items[i].split) == 0)
                score(n, &o, &items[i], &tl);
        snprintf(what, sizeof what, "split %s", o.split);
        rc = report(&o, what, &tl);
        kf_robot_nlu_free(n);
    }
    free(items);
    kf_text_free(t);
    return rc;
}
