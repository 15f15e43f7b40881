/* SPDX-License-Identifier: MIT
 *
 * kefu-eval.c -- measures a model on a label<TAB>text file: accuracy, spam
 * precision/recall/F1 and ham false-positive rate at the model's threshold,
 * and the recall/F1 at the threshold that keeps ham FPR <= --fpr on this
 * file (the operating point the benchmarks compare at). --explain N prints
 * the top features of the first N errors. --scores prints one score a line.
 *
 *   kefu-eval --model data/model.bin [--fpr 0.001] [--explain N] FILE
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "base/base.h"
#include "classify/classify.h"
#include "corpus.h"
#include "metrics.h"

int main(int argc, char **argv)
{
    static const struct option lo[] = {{"model", 1, 0, 'm'}, {"fpr", 1, 0, 'f'},
                                       {"explain", 1, 0, 'x'}, {"scores", 0, 0, 's'},
                                       {0, 0, 0, 0}};
    const char *model_path = NULL;
    double fpr = 0.001, secs, thr;
    int explain = 0, scores = 0, ch;
    char *err = NULL;
    struct corpus c;
    struct kf_fvec v;
    struct metrics at_model, at_fpr;
    struct timespec t0, t1;
    kf_text *t;
    kf_model *m;
    double *score;

    while ((ch = getopt_long(argc, argv, "", lo, NULL)) != -1) {
        switch (ch) {
        case 'm': model_path = optarg; break;
        case 'f': fpr = strtod(optarg, NULL); break;
        case 'x': explain = (int)strtol(optarg, NULL, 10); break;
        case 's': scores = 1; break;
        default: fputs("usage: kefu-eval --model M [--fpr F] [--explain N] [--scores] FILE\n", stderr); return 2;
        }
    }
    if (model_path == NULL || optind != argc - 1) {
        fputs("usage: kefu-eval --model M [--fpr F] [--explain N] [--scores] FILE\n", stderr);
        return 2;
    }
    m = kf_model_load(model_path, &err);
    if (m == NULL) {
        fprintf(stderr, "kefu-eval: %s\n", err);
        return 1;
    }
    t = kf_text_new(NULL, &err);
    free(err);
    memset(&c, 0, sizeof c);
    clock_gettime(CLOCK_MONOTONIC, &t0);
    if (corpus_read(&c, t, argv[optind]) != 0)
        return 1;
    score = kf_xcalloc(c.n + 1, sizeof *score);
    kf_fvec_init(&v);
    for (size_t i = 0; i < c.n; i++) {
        kf_model_features(m, c.norm[i], c.len[i], &v);
        score[i] = kf_model_score(m, &v);
    }
    clock_gettime(CLOCK_MONOTONIC, &t1);
    secs = (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
    if (scores)
        for (size_t i = 0; i < c.n; i++)
            printf("%d\t%.6f\n", c.label[i], score[i]);
    metrics_at(score, c.label, c.n, kf_model_threshold(m), &at_model);
    thr = threshold_for_fpr(score, c.label, c.n, fpr);
    metrics_at(score, c.label, c.n, thr, &at_fpr);
    printf("file %s: %zu messages (%zu spam), %.0f msgs/s (normalise + features + score)\n",
           argv[optind], c.n, at_model.tp + at_model.fn, (double)c.n / secs);
    printf("at the model threshold %.4f: accuracy %.4f, spam precision %.4f recall %.4f "
           "F1 %.4f, ham FPR %.4f%% (%zu of %zu)\n",
           kf_model_threshold(m), at_model.accuracy, at_model.precision, at_model.recall,
           at_model.f1, at_model.ham_fpr * 100, at_model.fp, at_model.fp + at_model.tn);
    printf("at ham FPR <= %.3f%% on this file (threshold %.4f): spam precision %.4f recall "
           "%.4f F1 %.4f, ham FPR %.4f%%\n",
           fpr * 100, thr, at_fpr.precision, at_fpr.recall, at_fpr.f1, at_fpr.ham_fpr * 100);
    for (size_t i = 0, shown = 0; i < c.n && (int)shown < explain; i++) {
        int wrong = (score[i] >= kf_model_threshold(m)) != c.label[i];
        const char *names[6];
        float contrib[6];
        char buf[512];
        if (!wrong)
            continue;
        int k = kf_classify_explain(m, c.norm[i], c.len[i], 6, names, contrib, buf, sizeof buf);
        printf("%s scored %.3f:", c.label[i] ? "spam" : "ham", score[i]);
        for (int j = 0; j < k; j++)
            printf(" [%s %+.2f]", names[j], contrib[j]);
        printf("\n");
        shown++;
    }
    kf_fvec_deinit(&v);
    free(score);
    corpus_free(&c);
    kf_model_free(m);
    kf_text_free(t);
    return 0;
}
