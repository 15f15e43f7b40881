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
 *                   [--max-handover P] FILE
 *
 * Choose --min-score/--min-margin on --split train; report --split test.
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
};

static void usage(void)
{
    fputs("usage: kefu-robot-eval [--split train|test|all] [--dir DIR] [--min-score S]\n"
          "                       [--min-margin M] [--errors] [--min-accuracy P]\n"
          "                       [--max-handover P] FILE\n",
          stderr);
    exit(2);
}

static int run(const kf_robot_nlu *n, const struct opts *o, FILE *f)
{
    char line[2048];
    int total = 0, right = 0, handed = 0;

    while (fgets(line, sizeof line, f)) {
        char *split = line, *intent, *q;
        struct kf_nlu_result r;
        const char *got;
        line[strcspn(line, "\r\n")] = '\0';
        if (line[0] == '#' || line[0] == '\0' || (intent = strchr(split, '\t')) == NULL)
            continue;
        *intent++ = '\0';
        if ((q = strchr(intent, '\t')) == NULL)
            continue;
        *q++ = '\0';
        if (strcmp(o->split, "all") != 0 && strcmp(o->split, split) != 0)
            continue;
        kf_robot_classify(n, &o->conf, q, &r);
        got = r.source == KF_NLU_NONE ? "handover" : r.intent;
        total++;
        handed += r.source == KF_NLU_NONE && strcmp(intent, "handover") != 0;
        if (strcmp(got, intent) == 0)
            right++;
        else if (o->errors)
            printf("want %-18s got %-18s (best %s %.2f, margin %.2f, next %s)  %s\n", intent, got,
                   r.intent, r.score, r.margin, r.best_other, q);
    }
    if (total == 0) {
        fprintf(stderr, "kefu-robot-eval: no questions in split %s\n", o->split);
        return 1;
    }
    printf("split %s: %d questions, intent accuracy %.1f%% (%d right), hand-over %.1f%% (%d)\n",
           o->split, total, 100.0 * right / total, right, 100.0 * handed / total, handed);
    return (o->min_acc > 0 && 100.0 * right / total < o->min_acc) ||
                   (o->max_handover >= 0 && 100.0 * handed / total > o->max_handover)
               ? 1
               : 0;
}

int main(int argc, char **argv)
{
    static const struct option lo[] = {{"split", 1, 0, 's'},       {"dir", 1, 0, 'd'},
                                       {"min-score", 1, 0, 'm'},   {"min-margin", 1, 0, 'g'},
                                       {"errors", 0, 0, 'e'},      {"min-accuracy", 1, 0, 'a'},
                                       {"max-handover", 1, 0, 'h'}, {0, 0, 0, 0}};
    struct opts o = {"test", KF_SHARE_DIR "/robot", {0.25, 0.0}, 0, 0, -1};
    char *err = NULL;
    kf_text *t;
    kf_robot_nlu *n;
    FILE *f;
    int c, rc;

    while ((c = getopt_long(argc, argv, "", lo, NULL)) != -1) {
        switch (c) {
        case 's': o.split = optarg; break;
        case 'd': o.dir = optarg; break;
        case 'm': o.conf.min_score = strtod(optarg, NULL); break;
        case 'g': o.conf.min_margin = strtod(optarg, NULL); break;
        case 'e': o.errors = 1; break;
        case 'a': o.min_acc = strtod(optarg, NULL); break;
        case 'h': o.max_handover = strtod(optarg, NULL); break;
        default: usage();
        }
    }
    if (optind != argc - 1)
        usage();
    t = kf_text_new(NULL, &err);
    free(err);
    err = NULL;
    n = kf_robot_nlu_load(o.dir, t, &err);
    if (n == NULL) {
        fprintf(stderr, "kefu-robot-eval: %s\n", err);
        return 1;
    }
    f = fopen(argv[optind], "r");
    if (f == NULL) {
        perror(argv[optind]);
        return 1;
    }
    rc = run(n, &o, f);
    fclose(f);
    kf_robot_nlu_free(n);
    kf_text_free(t);
    return rc;
}
