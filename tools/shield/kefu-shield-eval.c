/* SPDX-License-Identifier: MIT
 *
 * kefu-shield-eval -- runs the whole shield judge (lists, rules, URLs,
 * model, port registration) over an evaluation file of current-style
 * messages (data/eval/current.tsv: label, category, sender, registered
 * signatures, text) and reports, per category, how many were delivered,
 * held and blocked. Senders with registered signatures are real-name
 * industry ports. Each message is judged on its own (behaviour counters
 * are not fed: these are independent messages, not traffic).
 *
 * Corpus files (label<TAB>text) work too: each line is then a message from
 * a subscriber's mobile, and the categories are the labels.
 *
 * usage: kefu-shield-eval [--share DIR] [--show-misses] [--time] [--scores] [--max-ham-flagged PCT]
 *                         [--min-spam-caught PCT] FILE
 * --time also prints the median, p90 and p99 time of one judgement;
 * --scores prints "label<TAB>p_spam<TAB>content points" per message.
 * Exit status 1 when a legitimate notification (notice.*) is held or
 * blocked, or a given bound is not met, so the check can run as a test.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/base.h"
#include "base/clock.h"
#include "shield/shield.h"

#define MAX_CATS 64

struct cat {
    char name[32];
    int spam;
    int n, held, blocked;
};

static struct cat cats[MAX_CATS];
static int ncats;
/* --time: each judgement's duration, as on the hub's hot path (counted in
 * the behaviour cache, a different sender per message). */
static int timing;
/* --scores: label, classifier probability and content points (rules and
 * URLs, without the classifier, port and behaviour) per message. */
static int scores;
static uint64_t *times;
static size_t ntimes, captimes;

static struct cat *cat_of(const char *name, int spam)
{
    for (int i = 0; i < ncats; i++)
        if (strcmp(cats[i].name, name) == 0)
            return &cats[i];
    if (ncats == MAX_CATS)
        return &cats[MAX_CATS - 1];
    snprintf(cats[ncats].name, sizeof cats[ncats].name, "%s", name);
    cats[ncats].spam = spam;
    return &cats[ncats++];
}

/* Splits at tabs; returns the number of fields. */
static int fields(char *line, char **f, int max)
{
    int n = 0;
    f[n++] = line;
    for (char *p = line; *p && n < max; p++)
        if (*p == '\t') {
            *p = '\0';
            f[n++] = p + 1;
        }
    return n;
}

static void show(const char *what, const char **f, const struct kf_shield_decision *d)
{
    printf("%s %s score=%d p=%.3f %s\n", what, f[1], d->score, d->p_spam, f[4]);
    for (int i = 0; i < d->nsig; i++)
        printf("    %+4d %s %s\n", d->sig[i].points, d->sig[i].code, d->sig[i].reason);
}

static int judge_line(kf_shield *sh, char *line, int show_misses)
{
    char *f[5], *sigs[16], *save = NULL;
    struct kf_shield_input in = {0};
    struct kf_shield_decision d;
    struct cat *c;
    int spam;

    int nf = fields(line, f, 5);

    if (nf == 2) { /* a corpus line, label<TAB>text: a subscriber's message */
        f[4] = f[1];
        f[1] = f[0];
        f[2] = (char *)"13700000000";
        f[3] = (char *)"-";
    } else if (nf != 5) {
        return -1;
    }
    spam = strcmp(f[0], "spam") == 0;
    in.text = f[4];
    in.len = strlen(f[4]);
    in.src = f[2];
    in.dst = "13800000000";
    if (strcmp(f[3], "-") != 0) {
        char *copy = f[3];
        in.from_port = 1;
        in.realname = 1;
        in.port_number = f[2];
        for (char *t = strtok_r(copy, ",", &save); t && in.nsigs < 16; t = strtok_r(NULL, ",", &save))
            sigs[in.nsigs++] = t;
        in.sigs = (const char *const *)sigs;
    }
    if (timing) {
        char src[16];
        uint64_t t0;
        snprintf(src, sizeof src, "137%08zu", ntimes);
        in.src = src;
        in.count = 1;
        t0 = kf_clock_mono_us();
        kf_shield_judge(sh, &in, 1000 + (int64_t)ntimes, &d);
        if (ntimes == captimes) {
            captimes = captimes ? captimes * 2 : 4096;
            times = kf_xrealloc(times, captimes * sizeof *times);
        }
        times[ntimes++] = kf_clock_mono_us() - t0;
    } else {
        kf_shield_judge(sh, &in, 1000, &d);
    }
    if (scores) {
        int content = 0;
        for (int i = 0; i < d.nsig; i++)
            if (strncmp(d.sig[i].code, "rule.", 5) == 0 || strncmp(d.sig[i].code, "url.", 4) == 0)
                content += d.sig[i].points;
        printf("%d\t%.6f\t%d\n", spam, d.p_spam, content);
    }
    c = cat_of(f[1], spam);
    c->n++;
    c->held += d.verdict == KF_HOLD;
    c->blocked += d.verdict == KF_BLOCK;
    if (show_misses && (spam ? d.verdict == KF_DELIVER : d.verdict != KF_DELIVER))
        show(spam ? "MISSED" : "FLAGGED", (const char **)f, &d);
    return 0;
}

static double ham_flagged_pct, spam_caught_pct;

static void report(void)
{
    int tot[2][3] = {{0}}, notice_stopped = 0;

    printf("%-18s %5s %9s %6s %7s\n", "category", "n", "delivered", "held", "blocked");
    for (int i = 0; i < ncats; i++) {
        struct cat *c = &cats[i];
        printf("%-18s %5d %9d %6d %7d\n", c->name, c->n, c->n - c->held - c->blocked, c->held,
               c->blocked);
        tot[c->spam][0] += c->n;
        tot[c->spam][1] += c->held;
        tot[c->spam][2] += c->blocked;
        if (strncmp(c->name, "notice.", 7) == 0)
            notice_stopped += c->held + c->blocked;
    }
    printf("\nham:  %d messages, %d held, %d blocked (legitimate notifications stopped: %d)\n",
           tot[0][0], tot[0][1], tot[0][2], notice_stopped);
    printf("spam: %d messages, %d held, %d blocked, caught %.1f%%\n", tot[1][0], tot[1][1],
           tot[1][2], tot[1][0] ? 100.0 * (tot[1][1] + tot[1][2]) / tot[1][0] : 0.0);
    ham_flagged_pct = tot[0][0] ? 100.0 * (tot[0][1] + tot[0][2]) / tot[0][0] : 0.0;
    spam_caught_pct = tot[1][0] ? 100.0 * (tot[1][1] + tot[1][2]) / tot[1][0] : 100.0;
    printf("ham flagged %.2f%%\n", ham_flagged_pct);
}

static int cmp_u64(const void *a, const void *b)
{
    uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
    return x < y ? -1 : x > y;
}

static void report_times(void)
{
    uint64_t sum = 0;
    for (size_t i = 0; i < ntimes; i++)
        sum += times[i];
    qsort(times, ntimes, sizeof *times, cmp_u64);
    printf("judge time per message (us, clock resolution 1 us): median %llu, p90 %llu, "
           "p99 %llu, mean %.2f over %zu messages\n",
           (unsigned long long)times[ntimes / 2], (unsigned long long)times[ntimes * 9 / 10],
           (unsigned long long)times[ntimes * 99 / 100], (double)sum / (double)ntimes, ntimes);
    free(times);
}

int main(int argc, char **argv)
{
    const char *share = KF_SHARE_DIR, *path = NULL;
    double max_ham = 100, min_spam = 0;
    int show_misses = 0, lineno = 0, notice_stopped = 0;
    struct kf_shield_conf conf;
    struct kf_conf_section sec = {"shield", "", kf_shield_keys, kf_shield_nkeys, &conf};
    char line[8192], *err = NULL;
    kf_shield *sh;
    FILE *f;

    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--share") == 0 && i + 1 < argc)
            share = argv[++i];
        else if (strcmp(argv[i], "--show-misses") == 0)
            show_misses = 1;
        else if (strcmp(argv[i], "--time") == 0)
            timing = 1;
        else if (strcmp(argv[i], "--scores") == 0)
            scores = 1;
        else if (strcmp(argv[i], "--max-ham-flagged") == 0 && i + 1 < argc)
            max_ham = strtod(argv[++i], NULL);
        else if (strcmp(argv[i], "--min-spam-caught") == 0 && i + 1 < argc)
            min_spam = strtod(argv[++i], NULL);
        else if (path == NULL && argv[i][0] != '-')
            path = argv[i];
        else {
            fprintf(stderr, "usage: kefu-shield-eval [--share DIR] [--show-misses] "
                            "[--max-ham-flagged PCT] [--min-spam-caught PCT] FILE\n");
            return 2;
        }
    }
    if (path == NULL) {
        fprintf(stderr, "usage: kefu-shield-eval [--share DIR] [--show-misses] FILE\n");
        return 2;
    }
    kf_conf_defaults(&sec, 1);
    sh = kf_shield_new(&conf, share, NULL, &err);
    if (sh == NULL) {
        fprintf(stderr, "kefu-shield-eval: %s\n", err);
        return 2;
    }
    if ((f = fopen(path, "r")) == NULL) {
        perror(path);
        return 2;
    }
    while (fgets(line, sizeof line, f)) {
        lineno++;
        line[strcspn(line, "\r\n")] = '\0';
        if (line[0] == '#' || line[0] == '\0')
            continue;
        if (judge_line(sh, line, show_misses)) {
            fprintf(stderr, "%s:%d: expected 5 (or 2) tab-separated fields\n", path, lineno);
            return 2;
        }
    }
    fclose(f);
    report();
    if (timing && ntimes)
        report_times();
    for (int i = 0; i < ncats; i++)
        if (strncmp(cats[i].name, "notice.", 7) == 0)
            notice_stopped += cats[i].held + cats[i].blocked;
    kf_shield_free(sh);
    if (notice_stopped)
        printf("FAIL: legitimate notifications were stopped\n");
    if (ham_flagged_pct > max_ham)
        printf("FAIL: ham flagged %.2f%% > %.2f%%\n", ham_flagged_pct, max_ham);
    if (spam_caught_pct < min_spam)
        printf("FAIL: spam caught %.1f%% < %.1f%%\n", spam_caught_pct, min_spam);
    return notice_stopped || ham_flagged_pct > max_ham || spam_caught_pct < min_spam;
}
