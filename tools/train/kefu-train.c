/* SPDX-License-Identifier: MIT
 *
 * kefu-train.c -- trains the shield's content classifier from label<TAB>text
 * files and writes a model file. The decision threshold is chosen by k-fold
 * cross-validation on the training files only: out-of-fold scores of the ham
 * set the threshold that keeps the ham false-positive rate at --fpr; then the
 * final model is trained on everything. The CV figures are also given per
 * input file (spam F1 at ham FPR <= 0.1 % and <= 0.25 %, ham flagged at the
 * CV threshold), so settings can be chosen per language on train data only.
 *
 *   kefu-train -o data/model.bin [--bits 20] [--epochs 6] [--rate 0.5]
 *              [--l2 1e-7] [--ham-weight 3] [--fpr 0.001] [--cv 5] [--quantize]
 *              [--seed N] [--cv-scores FILE] FILE...
 * --cv-scores writes the out-of-fold label<TAB>score lines (input order).
 * --quantize writes int8 weights (a quarter of the size; the shipped model).
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/base.h"
#include "classify/classify.h"
#include "corpus.h"
#include "metrics.h"

static void usage(void)
{
    fputs("usage: kefu-train -o MODEL [--bits N] [--epochs N] [--rate R] [--l2 L]\n"
          "                  [--ham-weight W] [--fpr F] [--cv K] [--quantize] [--seed N]\n"
          "                  [--cv-scores FILE] FILE...\n",
          stderr);
    exit(2);
}

static struct kf_example *features(const struct corpus *c, unsigned bits)
{
    struct kf_example *ex = kf_xcalloc(c->n, sizeof *ex);
    for (size_t i = 0; i < c->n; i++) {
        ex[i].label = c->label[i];
        kf_fvec_init(&ex[i].v);
        kf_classify_features(c->norm[i], c->len[i], bits, &ex[i].v);
    }
    return ex;
}

/* label<TAB>score lines, in input order. */
static int write_scores(const char *path, const double *score, const int *label, size_t n)
{
    FILE *f = fopen(path, "w");
    if (f == NULL)
        return -1;
    for (size_t i = 0; i < n; i++)
        fprintf(f, "%d\t%.6f\n", label[i], score[i]);
    return fclose(f) == 0 ? 0 : -1;
}

/* Out-of-fold figures of one input file: spam F1 at the ham FPR caps the
 * benchmarks use (the threshold set on this file alone), and the share of
 * its ham flagged at the CV threshold. */
static void report_file(const char *path, const double *score, const int *label, size_t n,
                        float threshold)
{
    struct metrics a, b, at;
    metrics_at(score, label, n, threshold_for_fpr(score, label, n, 0.001), &a);
    metrics_at(score, label, n, threshold_for_fpr(score, label, n, 0.0025), &b);
    metrics_at(score, label, n, threshold, &at);
    fprintf(stderr,
            "kefu-train:   %s: %zu spam, %zu ham; F1 %.4f at ham FPR <= 0.1%%, %.4f at "
            "<= 0.25%%; at the CV threshold F1 %.4f, ham flagged %.4f%%\n",
            path, at.tp + at.fn, at.fp + at.tn, a.f1, b.f1, at.f1, at.ham_fpr * 100);
}

int main(int argc, char **argv)
{
    static const struct option lo[] = {
        {"bits", 1, 0, 'b'}, {"epochs", 1, 0, 'e'}, {"rate", 1, 0, 'r'}, {"l2", 1, 0, 'l'},
        {"ham-weight", 1, 0, 'w'}, {"fpr", 1, 0, 'f'}, {"cv", 1, 0, 'k'},
        {"quantize", 0, 0, 'q'}, {"seed", 1, 0, 's'}, {"cv-scores", 1, 0, 'c'},
        {0, 0, 0, 0}};
    struct kf_train_opts o;
    struct corpus c;
    const char *out = NULL, *cv_scores = NULL;
    unsigned bits = 20;
    double fpr = 0.001;
    int folds = 5, ch, quantize = 0;
    char *err = NULL;
    kf_text *t;
    struct kf_example *ex;
    kf_model *m;

    kf_train_opts_default(&o);
    while ((ch = getopt_long(argc, argv, "o:", lo, NULL)) != -1) {
        switch (ch) {
        case 'o': out = optarg; break;
        case 'b': bits = (unsigned)strtoul(optarg, NULL, 10); break;
        case 'e': o.epochs = (unsigned)strtoul(optarg, NULL, 10); break;
        case 'r': o.rate = strtod(optarg, NULL); break;
        case 'l': o.l2 = strtod(optarg, NULL); break;
        case 'w': o.ham_weight = strtod(optarg, NULL); break;
        case 'f': fpr = strtod(optarg, NULL); break;
        case 'k': folds = (int)strtol(optarg, NULL, 10); break;
        case 'q': quantize = 1; break;
        case 'c': cv_scores = optarg; break;
        case 's': o.seed = (uint32_t)strtoul(optarg, NULL, 10); break;
        default: usage();
        }
    }
    if (out == NULL || optind >= argc || bits < 8 || bits > 26 || folds < 0 || folds == 1)
        usage();
    t = kf_text_new(NULL, &err);
    if (err) {
        fprintf(stderr, "kefu-train: %s\n", err);
        free(err);
    }
    memset(&c, 0, sizeof c);
    size_t *file_end = kf_xcalloc((size_t)argc, sizeof *file_end);
    for (int i = optind; i < argc; i++) {
        if (corpus_read(&c, t, argv[i]) != 0)
            return 1;
        file_end[i] = c.n;
    }
    fprintf(stderr, "kefu-train: %zu messages (%zu lines skipped)\n", c.n, c.bad);
    ex = features(&c, bits);

    float threshold = 0.5f;
    if (folds > 1) {
        /* out-of-fold scores: example i is scored by the model that did not see it */
        double *score = kf_xcalloc(c.n, sizeof *score);
        int *label = kf_xcalloc(c.n, sizeof *label);
        size_t *order = kf_xcalloc(c.n, sizeof *order);
        struct kf_example *tr = kf_xcalloc(c.n, sizeof *tr);
        for (size_t i = 0; i < c.n; i++)
            order[i] = i;
        for (int f = 0; f < folds; f++) {
            size_t ntr = 0;
            kf_model *fm = kf_model_new(bits);
            for (size_t i = 0; i < c.n; i++)
                if ((int)(i % (size_t)folds) != f)
                    tr[ntr++] = ex[i];
            kf_model_train(fm, tr, ntr, &o);
            for (size_t i = 0; i < c.n; i++)
                if ((int)(i % (size_t)folds) == f) {
                    score[i] = kf_model_score(fm, &ex[i].v);
                    label[i] = ex[i].label;
                }
            kf_model_free(fm);
        }
        threshold = (float)threshold_for_fpr(score, label, c.n, fpr);
        if (cv_scores && write_scores(cv_scores, score, label, c.n) != 0) {
            fprintf(stderr, "kefu-train: cannot write %s\n", cv_scores);
            return 1;
        }
        struct metrics mt;
        metrics_at(score, label, c.n, threshold, &mt);
        fprintf(stderr,
                "kefu-train: %d-fold CV at ham FPR <= %.4f%%: threshold %.4f, spam P %.4f R %.4f "
                "F1 %.4f, ham FPR %.4f%%\n",
                folds, fpr * 100, threshold, mt.precision, mt.recall, mt.f1, mt.ham_fpr * 100);
        for (int i = optind; i < argc; i++) {
            size_t from = i == optind ? 0 : file_end[i - 1];
            report_file(argv[i], score + from, label + from, file_end[i] - from, threshold);
        }
        free(score);
        free(label);
        free(order);
        free(tr);
    }
    m = kf_model_new(bits);
    kf_model_train(m, ex, c.n, &o);
    kf_model_set_threshold(m, threshold);
    if ((quantize ? kf_model_save_q8(m, out) : kf_model_save(m, out)) != 0) {
        fprintf(stderr, "kefu-train: cannot write %s\n", out);
        return 1;
    }
    fprintf(stderr, "kefu-train: wrote %s (2^%u weights, threshold %.4f)\n", out, bits, threshold);
    for (size_t i = 0; i < c.n; i++)
        kf_fvec_deinit(&ex[i].v);
    free(ex);
    kf_model_free(m);
    free(file_end);
    corpus_free(&c);
    kf_text_free(t);
    return 0;
}
