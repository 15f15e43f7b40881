/* SPDX-License-Identifier: MIT
 *
 * robotbench.c -- how long the robots take to answer one SMS, measured
 * around the call kefud's 10086 and 12580 handlers make (kf_robot_10086,
 * kf_robot_12580) on a real SQLite store (synchronous=FULL) with the shipped
 * catalogue, robot files and directory, SUBS subscribers, and a realistic
 * mix: every question of data/robot/eval.tsv, the command codes, replies to
 * 0000 lists, confirmations, hand-overs, and 12580 look-ups and bookings.
 * Anchors measured in the same run: the account read alone
 * (kf_selfcare_view) and the understanding alone (kf_robot_classify).
 *
 *   kefu-robotbench DIR SUBS ROUNDS
 *
 * Prints percentiles in microseconds, one line per measure.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/base.h"
#include "robot/robot.h"
#include "store/subs.h"

#define MAX_TEXTS 4096

static const char *const commands[] = {"YE",   "CXLL",    "CXTC", "CXZD",   "JF",
                                       "0000", "1",       "TJTC", "KTLLTX", "QXLLTX",
                                       "帮助", "KTLLB10", "是",   "TDCL",   "转人工"};
static const char *const lookups[] = {
    "酒店 长沙", "长沙 湘菜", "株洲 火锅", "岳阳 吃饭 便宜", "湘江医学院附属第一医院 心内科",
    "1",         "是",        "衡阳 医院", "湘雅医院 挂号",  "芙蓉区 经济型酒店"};

struct series {
    uint64_t *us;
    size_t n, cap;
};

static void add(struct series *s, uint64_t us)
{
    if (s->n == s->cap) {
        s->cap = s->cap ? s->cap * 2 : 4096;
        s->us = kf_xrealloc(s->us, s->cap * sizeof *s->us);
    }
    s->us[s->n++] = us;
}

static int by_value(const void *a, const void *b)
{
    uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
    return x < y ? -1 : x > y;
}

static void report(const char *name, struct series *s)
{
    qsort(s->us, s->n, sizeof *s->us, by_value);
    printf("%s n=%zu p50=%llu p90=%llu p99=%llu max=%llu\n", name, s->n,
           (unsigned long long)s->us[s->n / 2], (unsigned long long)s->us[s->n * 9 / 10],
           (unsigned long long)s->us[s->n * 99 / 100], (unsigned long long)s->us[s->n - 1]);
    free(s->us);
}

/* The questions of eval.tsv (third field of each data line). */
static size_t read_questions(const char *path, char **out, size_t max)
{
    FILE *f = fopen(path, "r");
    char line[2048];
    size_t n = 0;

    if (f == NULL)
        return 0;
    while (n < max && fgets(line, sizeof line, f)) {
        char *q = strchr(line, '\t');
        q = q ? strchr(q + 1, '\t') : NULL;
        if (line[0] == '#' || q == NULL)
            continue;
        q[strcspn(q, "\r\n")] = '\0';
        out[n++] = kf_xstrdup(q + 1);
    }
    fclose(f);
    return n;
}

static void number_of(long i, char *out, size_t cap)
{
    snprintf(out, cap, "139%08ld", i);
}

int main(int argc, char **argv)
{
    struct kf_store_conf sconf = {1, 4096, 5000, 64}; /* synchronous=FULL, as kefud */
    struct kf_selfcare_conf conf = {
        .tz_offset_min = 480, .confirm_window_ms = 600000, .chunk = 20000, .rate_cache = 262144};
    struct kf_robot_conf rc = {.dir = "robot",
                               .directory = "info/directory.jsonl",
                               .context_ms = 600000,
                               .max_contexts = 100000,
                               .min_score_pm = 100,
                               .min_coverage_pm = 100,
                               .rate_minute = 1000000,
                               .rate_day = 1000000,
                               .reply_max = 201};
    struct series s10086 = {0}, s12580 = {0}, sview = {0}, snlu = {0};
    char db[512], *err = NULL, *texts[MAX_TEXTS], reply[1024], num[24];
    size_t ntexts;
    long subs, rounds;
    int64_t now = kf_clock_wall_ms(), msg = 0;
    kf_store *st;
    kf_selfcare *sc;
    kf_robot *rb;

    if (argc != 4) {
        fputs("usage: kefu-robotbench DIR SUBS ROUNDS\n", stderr);
        return 2;
    }
    subs = strtol(argv[2], NULL, 10);
    rounds = strtol(argv[3], NULL, 10);
    snprintf(db, sizeof db, "%s/kefu.db", argv[1]);
    snprintf(conf.catalog, sizeof conf.catalog, "tariff/catalog.jsonl");
    kf_log_level = KF_LOG_ERR;
    if ((st = kf_store_open(db, &sconf, &err)) == NULL ||
        (sc = kf_selfcare_new(st, &conf, KF_SHARE_DIR, &err)) == NULL ||
        (rb = kf_robot_new(st, sc, &rc, KF_SHARE_DIR, &err)) == NULL) {
        fprintf(stderr, "kefu-robotbench: %s\n", err);
        return 1;
    }
    ntexts = read_questions(KF_SHARE_DIR "/robot/eval.tsv", texts, MAX_TEXTS - 32);
    for (size_t i = 0; i < KF_ARRAY_LEN(commands); i++)
        texts[ntexts++] = kf_xstrdup(commands[i]);
    kf_store_begin(st);
    for (long i = 0; i < subs; i++) {
        number_of(i, num, sizeof num);
        kf_selfcare_create(sc, num, "测试", i % 2 ? "P5G-ZX128" : "P4G-D30-V18", 100000,
                           now - 90 * 86400000LL);
    }
    kf_store_commit(st);
    for (long r = 0; r < rounds; r++) {
        for (size_t i = 0; i < ntexts; i++) {
            struct kf_account_view v;
            struct kf_nlu_result nr;
            int64_t t0;
            number_of((long)((r * 7919 + (long)i * 104729) % subs), num, sizeof num);
            now += 1000;
            t0 = kf_clock_mono_us();
            kf_robot_10086(rb, num, texts[i], ++msg, now, reply, sizeof reply);
            add(&s10086, (uint64_t)(kf_clock_mono_us() - t0));
            t0 = kf_clock_mono_us();
            kf_selfcare_view(sc, num, now, &v);
            add(&sview, (uint64_t)(kf_clock_mono_us() - t0));
            t0 = kf_clock_mono_us();
            kf_robot_understand(rb, texts[i], &nr);
            add(&snlu, (uint64_t)(kf_clock_mono_us() - t0));
            if (i % 10 == 0)
                kf_robot_flush(rb); /* kefud's timer does this once a second */
        }
        for (size_t i = 0; i < KF_ARRAY_LEN(lookups); i++) {
            int64_t t0;
            number_of((long)((r * 31 + 1) % subs), num, sizeof num);
            now += 1000;
            t0 = kf_clock_mono_us();
            kf_robot_12580(rb, num, lookups[i], ++msg, now, reply, sizeof reply);
            add(&s12580, (uint64_t)(kf_clock_mono_us() - t0));
        }
    }
    report("robot_10086_us", &s10086);
    report("robot_12580_us", &s12580);
    report("anchor_account_view_us", &sview);
    report("anchor_understanding_us", &snlu);
    kf_robot_free(rb);
    kf_selfcare_free(sc);
    kf_store_close(st);
    for (size_t i = 0; i < ntexts; i++)
        free(texts[i]);
    return 0;
}
