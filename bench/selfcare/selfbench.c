/* SPDX-License-Identifier: MIT
 *
 * selfbench.c -- self-service benchmarks on a real SQLite file (WAL,
 * synchronous=FULL: every commit is fsynced), one thread:
 *
 *   kefu-selfbench rate DIR SUBS RECORDS
 *     usage records rated per second from CSV bytes (parse + rate + the
 *     durable commit of each chunk), first ingestion and again (all
 *     duplicates); anchor in the same run: the bare SQLite insert of the
 *     same record rows into a table with the same key, same chunks, same
 *     fsync -- the store's ceiling for "write each record once".
 *   kefu-selfbench scan DIR SUBS
 *     the reminder scan over SUBS subscribers (1 % of them past a data
 *     threshold): the first pass (creating those reminders) and the next
 *     (nothing new); anchor: the same joined read with nothing evaluated.
 *
 * Prints one line per figure; bench/selfcare/run.sh repeats and takes
 * medians.
 */
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "base/base.h"
#include "remind/remind.h"
#include "selfcare/selfcare.h"

#define TZ_MIN 480
#define PLAN "P5G-ZX128"
#ifndef CACHE_MB
#define CACHE_MB 64 /* kefud's default [store] cache_mb */
#endif
#ifndef CHUNK
#define CHUNK 20000
#endif

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static kf_store *open_store(const char *dir)
{
    struct kf_store_conf c = {1, 4096, 10000, CACHE_MB};
    char path[512], *err = NULL;
    kf_store *s;

    snprintf(path, sizeof path, "%s/bench.db", dir);
    s = kf_store_open(path, &c, &err);
    if (s == NULL) {
        fprintf(stderr, "selfbench: %s\n", err);
        exit(1);
    }
    return s;
}

static kf_selfcare *open_selfcare(kf_store *s)
{
    struct kf_selfcare_conf c = {.tz_offset_min = TZ_MIN, .confirm_window_ms = 600000,
                                 .chunk = CHUNK, .rate_cache = 262144, .code_ttl_ms = 300000, .code_tries = 5,
                                 .session_idle_ms = 1800000, .session_max_ms = 43200000};
    char *err = NULL;
    kf_selfcare *sc;

    snprintf(c.catalog, sizeof c.catalog, "%s/tariff/catalog.jsonl", KF_SHARE_DIR);
    sc = kf_selfcare_new(s, &c, NULL, &err);
    if (sc == NULL) {
        fprintf(stderr, "selfbench: %s\n", err);
        exit(1);
    }
    return sc;
}

static void number_of(long i, char out[22])
{
    snprintf(out, 22, "1%02ld%08ld", 30 + i / 100000000 % 70, i % 100000000);
}

/* SUBS subscribers and their current cycle, in big transactions. */
static void make_subs(kf_store *s, kf_selfcare *sc, long n, int64_t now, int pct_over)
{
    const struct kf_item *plan = kf_catalog_get(kf_selfcare_catalog(sc), PLAN);
    int cycle = kf_cycle_of(now, TZ_MIN * 60);

    kf_store_begin(s);
    for (long i = 0; i < n; i++) {
        struct kf_sub u = {0};
        struct kf_sub_cycle c = {0};
        number_of(i, u.number);
        snprintf(u.name, sizeof u.name, "用户%ld", i);
        snprintf(u.plan_id, sizeof u.plan_id, PLAN);
        u.balance_fen = 5000 + i % 20000;
        u.plan_since_ms = u.joined_ms = u.updated_ms = now - 400LL * 86400000;
        u.remind_flags = KF_REMIND_DATA | KF_REMIND_BALANCE;
        memcpy(c.number, u.number, sizeof c.number);
        c.cycle = cycle;
        memcpy(c.plan_id, PLAN, sizeof PLAN);
        c.fees_fen = plan->fee_fen;
        c.opened_ms = now;
        c.used[KF_USE_DATA] = plan->incl[KF_USE_DATA] * (i % 100 < pct_over ? 85 : 30) / 100;
        if (kf_store_sub_put(s, &u) || kf_store_cycle_put(s, &c)) {
            fprintf(stderr, "selfbench: store failure\n");
            exit(1);
        }
        if (i % 20000 == 19999) {
            kf_store_commit(s);
            kf_store_begin(s);
        }
    }
    kf_store_commit(s);
}

static char *make_csv(long subs, long records, int64_t now, size_t *len)
{
    size_t cap = (size_t)records * 80 + 64, n = 0;
    char *b = kf_xmalloc(cap), num[22];
    static const char *const types[] = {"data", "voice", "sms"};

    for (long i = 0; i < records; i++) {
        number_of((i * 7919) % subs, num);
        n += (size_t)snprintf(b + n, cap - n, "%s,%s,%ld,%lld,gw1-%010ld\n", num, types[i % 3],
                              i % 3 == 0 ? 1024 + i % 50000 : i % 3 == 1 ? 30 + i % 600 : 1,
                              (long long)((now - 86400000 + i % 80000000) / 1000), i);
    }
    *len = n;
    return b;
}

static void add_line(void *arg, const struct kf_usage_line *u)
{
    struct kf_buf *b = arg;
    kf_buf_append(b, u, sizeof *u);
}

/* Parses and rates the CSV; returns seconds. */
static double rate_csv(kf_selfcare *sc, const char *csv, size_t len, int64_t now,
                       struct kf_rate_stats *st)
{
    struct kf_buf lines;
    double t0 = now_s();

    kf_buf_init(&lines, (len / 20 + 1) * sizeof(struct kf_usage_line));
    kf_usage_parse(csv, len, "bench.csv", 1, TZ_MIN * 60, add_line, &lines, NULL, 0);
    if (kf_selfcare_rate(sc, (const struct kf_usage_line *)lines.data,
                         lines.len / sizeof(struct kf_usage_line), now, st, NULL)) {
        fprintf(stderr, "selfbench: rating failed\n");
        exit(1);
    }
    kf_buf_deinit(&lines);
    return now_s() - t0;
}

/* The anchor: the same rows into a same-keyed table, same chunks, same fsync. */
static double bare_insert(const char *dir, long records)
{
    char path[512];
    sqlite3 *db;
    sqlite3_stmt *st;
    double t0;

    snprintf(path, sizeof path, "%s/anchor.db", dir);
    unlink(path);
    sqlite3_open(path, &db);
    sqlite3_exec(db, "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; CREATE TABLE r (record_id "
                     "TEXT PRIMARY KEY, number TEXT, type INT, amount INT, ts_ms INT, cycle INT, "
                     "charge_fen INT) WITHOUT ROWID",
                 NULL, NULL, NULL);
    sqlite3_prepare_v2(db, "INSERT OR IGNORE INTO r VALUES (?1,?2,?3,?4,?5,?6,?7)", -1, &st, NULL);
    t0 = now_s();
    sqlite3_exec(db, "BEGIN", NULL, NULL, NULL);
    for (long i = 0; i < records; i++) {
        char id[32], num[22];
        snprintf(id, sizeof id, "gw1-%010ld", i);
        number_of(i * 7919 % 100000, num);
        sqlite3_bind_text(st, 1, id, -1, SQLITE_TRANSIENT);
        sqlite3_bind_text(st, 2, num, -1, SQLITE_TRANSIENT);
        sqlite3_bind_int(st, 3, (int)(i % 3));
        sqlite3_bind_int64(st, 4, i);
        sqlite3_bind_int64(st, 5, i);
        sqlite3_bind_int(st, 6, 202611);
        sqlite3_bind_int64(st, 7, 0);
        sqlite3_step(st);
        sqlite3_reset(st);
        if (i % 5000 == 4999) {
            sqlite3_exec(db, "COMMIT; BEGIN", NULL, NULL, NULL);
        }
    }
    sqlite3_exec(db, "COMMIT", NULL, NULL, NULL);
    t0 = now_s() - t0;
    sqlite3_finalize(st);
    sqlite3_close(db);
    return t0;
}

static int bench_rate(const char *dir, long subs, long records)
{
    kf_store *s = open_store(dir);
    kf_selfcare *sc = open_selfcare(s);
    int64_t now = kf_clock_wall_ms();
    struct kf_rate_stats a = {0}, b = {0};
    size_t len;
    char *csv;
    double t1, t2, t3;

    make_subs(s, sc, subs, now, 0);
    csv = make_csv(subs, records, now, &len);
    t1 = rate_csv(sc, csv, len, now, &a);
    t2 = rate_csv(sc, csv, len, now, &b);
    t3 = bare_insert(dir, records);
    printf("rate_first records=%lld rated=%lld seconds=%.3f per_s=%.0f tx=%lld\n",
           (long long)a.lines, (long long)a.rated, t1, (double)a.rated / t1,
           (long long)a.transactions);
    printf("rate_again records=%lld duplicates=%lld seconds=%.3f per_s=%.0f\n",
           (long long)b.lines, (long long)b.duplicates, t2, (double)b.lines / t2);
    printf("anchor_bare_insert records=%ld seconds=%.3f per_s=%.0f\n", records, t3,
           (double)records / t3);
    free(csv);
    kf_selfcare_free(sc);
    kf_store_close(s);
    return a.rated == records && b.duplicates == records ? 0 : 1;
}

static int no_send(void *ctx, const char *from, const char *to, const char *text,
                   const struct kf_store_op *op, kf_remind_done_fn done, void *arg)
{
    (void)ctx, (void)from, (void)to, (void)text, (void)op, (void)done, (void)arg;
    return KF_EBUSY;
}

struct bare {
    long rows, open;
    char last[22];
};

/* The anchor's callback: reads the row and remembers where it is. */
static int bare_row(void *arg, const struct kf_sub *sub, const struct kf_sub_cycle *c)
{
    struct bare *b = arg;
    b->rows++;
    b->open += c != NULL;
    memcpy(b->last, sub->number, sizeof b->last);
    return 0;
}

static int bench_scan(const char *dir, long subs)
{
    kf_store *s = open_store(dir);
    kf_selfcare *sc = open_selfcare(s);
    struct kf_remind_conf rc = {.data_thresholds = "50,80,100", .low_balance = 10,
                                .quiet_start = "22:00", .quiet_end = "08:00", .send_batch = 100,
                                .enabled = 1, .from = "10086"};
    int64_t now = kf_clock_wall_ms();
    char *err = NULL, cursor[22];
    kf_remind *rm = kf_remind_new(sc, s, &rc, no_send, NULL, &err);
    struct bare b = {0};
    double t0, pass[2], bare;
    long seen[2] = {0, 0};
    int n;

    if (rm == NULL) {
        fprintf(stderr, "selfbench: %s\n", err);
        return 1;
    }
    t0 = now_s();
    make_subs(s, sc, subs, now, 1);
    printf("setup subscribers=%ld seconds=%.1f\n", subs, now_s() - t0);
    for (int p = 0; p < 2; p++) {
        cursor[0] = '\0';
        t0 = now_s();
        while ((n = kf_remind_scan(rm, now, cursor, 5000)) > 0)
            seen[p] += n;
        pass[p] = now_s() - t0;
    }
    t0 = now_s();
    do {
        long before = b.rows;
        kf_store_sub_scan(s, kf_cycle_of(now, TZ_MIN * 60), b.last, 5000, bare_row, &b);
        n = (int)(b.rows - before);
    } while (n > 0);
    bare = now_s() - t0;
    printf("scan_first subscribers=%ld seconds=%.2f per_s=%.0f\n", seen[0], pass[0],
           (double)seen[0] / pass[0]);
    printf("scan_again subscribers=%ld seconds=%.2f per_s=%.0f\n", seen[1], pass[1],
           (double)seen[1] / pass[1]);
    printf("anchor_bare_join rows=%ld seconds=%.2f per_s=%.0f\n", b.rows, bare,
           (double)b.rows / bare);
    kf_remind_free(rm);
    kf_selfcare_free(sc);
    kf_store_close(s);
    return seen[0] == subs && b.open == subs ? 0 : 1;
}

int main(int argc, char **argv)
{
    if (argc == 5 && strcmp(argv[1], "rate") == 0)
        return bench_rate(argv[2], strtol(argv[3], NULL, 10), strtol(argv[4], NULL, 10));
    if (argc == 4 && strcmp(argv[1], "scan") == 0)
        return bench_scan(argv[2], strtol(argv[3], NULL, 10));
    fputs("usage: kefu-selfbench rate DIR SUBS RECORDS | scan DIR SUBS\n", stderr);
    return 2;
}
