/* SPDX-License-Identifier: MIT
 * test_selfcare.c -- self-service rules on a real SQLite file with a small
 * catalogue and a controlled clock: first-month proration, orders (groups,
 * exclusions, balance, idempotent retries), plan change next cycle and
 * contract terms, unsubscribe at the cycle's end, rating with caps and
 * double ingestion, cycle roll-over with monthly fees and pending changes,
 * SMS second confirmation (confirmed, expired, replayed), web login codes
 * and sessions, the usage CSV decoder, and the recommendation on real
 * history. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>
#include <cmocka.h>

#include "base/base.h"
#include "selfcare/selfcare.h"

#define TZ (8 * 3600)
#define DAY 86400000LL
#define OVER "\"overage\":{\"voice\":0.19,\"sms\":0.1,\"data\":{\"price\":0.29,\"cap\":60,\"block\":1024}}"

static const char catalog[] =
    "{\"id\":\"P58\",\"kind\":\"plan\",\"name\":\"畅享58\",\"family\":\"5g\",\"fee\":58,"
    "\"include\":{\"voice\":100,\"data\":10240}," OVER ",\"first_month\":\"prorate\"}\n"
    "{\"id\":\"P128\",\"kind\":\"plan\",\"name\":\"智享128\",\"family\":\"5g\",\"fee\":128,"
    "\"include\":{\"voice\":500,\"data\":30720}," OVER ",\"contract_months\":12}\n"
    "{\"id\":\"P38\",\"kind\":\"plan\",\"name\":\"4G 38\",\"family\":\"4g\",\"fee\":38,"
    "\"include\":{\"voice\":300,\"data\":2048}," OVER "}\n"
    "{\"id\":\"LL10\",\"kind\":\"addon\",\"name\":\"流量加油包10元1GB\",\"code\":\"LLB10\","
    "\"fee\":10,\"include\":{\"data\":1024}}\n"
    "{\"id\":\"BY20\",\"kind\":\"addon\",\"name\":\"流量包月20元5GB\",\"code\":\"LLBY20\","
    "\"fee\":20,\"include\":{\"data\":5120},\"validity\":\"monthly\",\"group\":\"dm\"}\n"
    "{\"id\":\"BY30\",\"kind\":\"addon\",\"name\":\"流量包月30元10GB\",\"fee\":30,"
    "\"include\":{\"data\":10240},\"validity\":\"monthly\",\"group\":\"dm\"}\n"
    "{\"id\":\"CL\",\"kind\":\"vas\",\"name\":\"彩铃\",\"code\":\"CL\",\"fee\":5,"
    "\"first_month\":\"free\"}\n"
    "{\"id\":\"YJ\",\"kind\":\"addon\",\"name\":\"夜间包\",\"fee\":5,\"validity\":\"monthly\","
    "\"excludes\":[\"CL\"]}\n"
    "{\"id\":\"NEW\",\"kind\":\"promo\",\"name\":\"新人首月半价\",\"fee\":0,\"discount_pct\":50,"
    "\"validity\":{\"cycles\":1},\"eligible\":{\"new_within_days\":30}}\n";

static char dir[64], db[128], cat[128];
static kf_store *st;
static kf_selfcare *sc;

static int64_t at(int y, int m, int d, int h)
{
    return kf_civil_to_ms(y, m, d, TZ) + (int64_t)h * 3600000;
}

static int setup(void **state)
{
    struct kf_store_conf sconf = {0, 4096, 5000, 0};
    struct kf_selfcare_conf conf = {.tz_offset_min = 480, .confirm_window_ms = 600000,
                                    .chunk = 3, .rate_cache = 2, .code_ttl_ms = 300000,
                                    .code_interval_ms = 60000, .code_tries = 3, .code_daily = 4,
                                    .session_idle_ms = 1800000, .session_max_ms = 43200000};
    char *err = NULL;
    FILE *f;
    (void)state;
    snprintf(dir, sizeof dir, "/tmp/kefu-sc-XXXXXX");
    assert_non_null(mkdtemp(dir));
    snprintf(db, sizeof db, "%s/kefu.db", dir);
    snprintf(cat, sizeof cat, "%s/catalog.jsonl", dir);
    f = fopen(cat, "w");
    fputs(catalog, f);
    fclose(f);
    snprintf(conf.catalog, sizeof conf.catalog, "%s", cat);
    st = kf_store_open(db, &sconf, &err);
    assert_non_null(st);
    sc = kf_selfcare_new(st, &conf, NULL, &err);
    if (sc == NULL)
        fail_msg("%s", err);
    return 0;
}

static int teardown(void **state)
{
    char p[200];
    (void)state;
    kf_selfcare_free(sc);
    kf_store_close(st);
    for (int i = 0; i < 4; i++) {
        static const char *const f[] = {"/kefu.db", "/kefu.db-wal", "/kefu.db-shm", "/catalog.jsonl"};
        snprintf(p, sizeof p, "%s%s", dir, f[i]);
        unlink(p);
    }
    rmdir(dir);
    return 0;
}

static struct kf_op_result op(const char *number, int kind, const char *item, const char *req,
                              int64_t now)
{
    struct kf_op_req r = {.number = number, .kind = kind, .item_id = item, .channel = "web",
                          .request_id = req, .now_ms = now};
    struct kf_op_result out;
    kf_selfcare_do(sc, &r, &out);
    return out;
}

static struct kf_account_view view(const char *number, int64_t now)
{
    struct kf_account_view v;
    assert_int_equal(kf_selfcare_view(sc, number, now, &v), 0);
    return v;
}

static void proration_and_orders(void **state)
{
    struct kf_op_result r;
    struct kf_account_view v;
    (void)state;
    /* joins on 16 Nov (15 of 30 days left): half of 58 */
    assert_int_equal(kf_selfcare_create(sc, "13800138001", "张三丰", "P58", 10000,
                                        at(2026, 11, 16, 10)), 0);
    assert_int_equal(kf_selfcare_create(sc, "13800138001", "x", "P58", 0, 0), KF_EEXIST);
    assert_int_equal(kf_selfcare_create(sc, "13800138009", "x", "NOPE", 0, 0), KF_EINVAL);
    v = view("13800138001", at(2026, 11, 16, 11));
    assert_int_equal(v.cycle.fees_fen, 2900);
    assert_int_equal(v.sub.balance_fen, 10000 - 2900);
    char masked[64];
    kf_selfcare_mask_name(v.sub.name, masked, sizeof masked);
    assert_string_equal(masked, "张**");

    r = op("13800138001", KF_OP_ORDER, "LL10", "req-1", at(2026, 11, 17, 9));
    assert_int_equal(r.rc, 0);
    assert_int_equal(r.charged_fen, 1000);
    assert_non_null(strstr(r.text, "订购成功"));
    /* a retry of the same request does nothing again */
    struct kf_op_result again = op("13800138001", KF_OP_ORDER, "LL10", "req-1", at(2026, 11, 17, 9));
    assert_int_equal(again.replayed, 1);
    assert_int_equal(again.op_id, r.op_id);
    assert_string_equal(again.text, r.text);
    v = view("13800138001", at(2026, 11, 17, 10));
    assert_int_equal(v.sub.balance_fen, 10000 - 2900 - 1000);
    assert_int_equal(v.incl[KF_USE_DATA], (10240 + 1024) * 1024);
    /* the same one-off pack may not be held twice at once, a group allows one */
    assert_int_equal(op("13800138001", KF_OP_ORDER, "LL10", NULL, at(2026, 11, 17, 11)).rc, KF_EPERM);
    assert_int_equal(op("13800138001", KF_OP_ORDER, "BY20", NULL, at(2026, 11, 17, 11)).rc, 0);
    r = op("13800138001", KF_OP_ORDER, "BY30", NULL, at(2026, 11, 17, 11));
    assert_string_equal(r.code, "excluded");
    /* exclusions both ways; free first month for the VAS */
    assert_int_equal(op("13800138001", KF_OP_ORDER, "CL", NULL, at(2026, 11, 17, 12)).charged_fen, 0);
    assert_string_equal(op("13800138001", KF_OP_ORDER, "YJ", NULL, at(2026, 11, 17, 12)).code, "excluded");
    /* a plan is changed, not ordered; unknown items are named */
    assert_string_equal(op("13800138001", KF_OP_ORDER, "P38", NULL, at(2026, 11, 17, 12)).code, "is_plan");
    assert_string_equal(op("13800138001", KF_OP_ORDER, "ZZZ", NULL, at(2026, 11, 17, 12)).code, "unknown_item");
    assert_string_equal(op("13900000000", KF_OP_ORDER, "LL10", NULL, at(2026, 11, 17, 12)).code, "unknown_number");
    /* newcomer promotion: half of this cycle's (prorated) plan fee back */
    v = view("13800138001", at(2026, 11, 17, 13));
    int64_t bal = v.sub.balance_fen;
    r = op("13800138001", KF_OP_ORDER, "NEW", NULL, at(2026, 11, 17, 13));
    assert_int_equal(r.rc, 0);
    assert_int_equal(r.charged_fen, -1450);
    assert_int_equal(view("13800138001", at(2026, 11, 17, 14)).sub.balance_fen, bal + 1450);
    /* balance too low */
    assert_int_equal(kf_selfcare_create(sc, "13800138002", "李四", "P38", 500, at(2026, 11, 1, 9)), 0);
    r = op("13800138002", KF_OP_ORDER, "LL10", NULL, at(2026, 11, 2, 9));
    assert_string_equal(r.code, "insufficient_balance");
    /* every operation is recorded, refused ones too */
    struct kf_sub_op ops[20];
    assert_true(kf_store_op_list(st, "13800138001", 0, ops, 20) >= 9);
}

static void change_unsubscribe_rollover(void **state)
{
    struct kf_op_result r;
    struct kf_account_view v;
    (void)state;
    assert_int_equal(kf_selfcare_create(sc, "13800138003", "王五", "P58", 50000, at(2026, 10, 1, 9)), 0);
    assert_int_equal(op("13800138003", KF_OP_ORDER, "BY20", NULL, at(2026, 10, 5, 9)).rc, 0);
    assert_int_equal(op("13800138003", KF_OP_ORDER, "CL", NULL, at(2026, 10, 5, 9)).rc, 0);
    /* change to P128 from November */
    r = op("13800138003", KF_OP_CHANGE, "P128", NULL, at(2026, 10, 20, 9));
    assert_int_equal(r.rc, 0);
    assert_true(r.effective_ms == kf_cycle_start_ms(202611, TZ));
    assert_string_equal(op("13800138003", KF_OP_CHANGE, "P128", NULL, at(2026, 10, 20, 9)).code,
                        "already_pending");
    v = view("13800138003", at(2026, 10, 21, 9));
    assert_string_equal(v.sub.plan_id, "P58");
    assert_non_null(v.pending);
    /* unsubscribe the monthly pack: ends with October */
    r = op("13800138003", KF_OP_UNSUBSCRIBE, "BY20", NULL, at(2026, 10, 25, 9));
    assert_int_equal(r.rc, 0);
    assert_string_equal(op("13800138003", KF_OP_UNSUBSCRIBE, "BY20", NULL, at(2026, 10, 25, 9)).code,
                        "already_cancelled");
    assert_string_equal(op("13800138003", KF_OP_UNSUBSCRIBE, "LL10", NULL, at(2026, 10, 25, 9)).code,
                        "not_held");
    /* November: P128 (128), the VAS (5) renews; the cancelled pack is gone */
    int64_t bal = view("13800138003", at(2026, 10, 31, 23)).sub.balance_fen;
    v = view("13800138003", at(2026, 11, 1, 0) + 60000);
    assert_string_equal(v.sub.plan_id, "P128");
    assert_null(v.pending);
    assert_int_equal(v.cycle.fees_fen, 12800 + 500);
    assert_int_equal(v.sub.balance_fen, bal - 13300);
    assert_int_equal(v.incl[KF_USE_DATA], 30720 * 1024);
    assert_int_equal(v.nitems, 1); /* CL */
    /* a 12-month contract cannot be left */
    assert_string_equal(op("13800138003", KF_OP_CHANGE, "P38", NULL, at(2026, 11, 5, 9)).code,
                        "in_contract");
    /* the roll-over walk opens December for everyone, once */
    char cursor[22] = "";
    int n, total = 0;
    while ((n = kf_selfcare_rollover(sc, at(2026, 12, 1, 1), cursor, 2)) > 0)
        total += n;
    assert_int_equal(total, 1);
    struct kf_sub_cycle c;
    assert_int_equal(kf_store_cycle_get(st, "13800138003", 202612, &c), 0);
    assert_int_equal(c.fees_fen, 12800 + 500);
    cursor[0] = '\0';
    bal = view("13800138003", at(2026, 12, 1, 2)).sub.balance_fen;
    while (kf_selfcare_rollover(sc, at(2026, 12, 2, 1), cursor, 2) > 0)
        ;
    assert_int_equal(view("13800138003", at(2026, 12, 2, 2)).sub.balance_fen, bal);
}

static void add_line(void *arg, const struct kf_usage_line *u)
{
    struct kf_usage_line **p = arg;
    **p = *u;
    (*p)++;
}

static size_t parse(const char *csv, struct kf_usage_line *out, struct kf_buf *errs, int *bad)
{
    struct kf_usage_line *p = out;
    *bad = kf_usage_parse(csv, strlen(csv), "u.csv", 1, TZ, add_line, &p, errs, 20);
    return (size_t)(p - out);
}

static void rating(void **state)
{
    struct kf_usage_line recs[16];
    struct kf_rate_stats s1 = {0}, s2 = {0};
    struct kf_buf errs;
    int bad;
    size_t n;
    (void)state;
    kf_buf_init(&errs, 1 << 16);
    assert_int_equal(kf_selfcare_create(sc, "13800138004", "赵六", "P38", 100000, at(2026, 10, 1, 9)), 0);
    /* P38: 300 min, 2 GB. Data 2 GB + 300 MB in three records -> 60 yuan cap
     * (300 MB x 0.29 = 87 > 60); voice 301 min -> 1 minute over. */
    const char *csv =
        "number,type,amount,timestamp,record_id\n"
        "13800138004,data,1048576,2026-11-03T10:00:00+08:00,d1\n"
        "13800138004,data,1048576,2026-11-03 11:00:00,d2\n"
        "13800138004,data,307200,1794024000,d3\n"
        "13800138004,voice,18000,2026-11-04T08:00:00Z,v1\n"
        "13800138004,voice,1,2026-11-04T09:00:00Z,v2\n"
        "13800138004,sms,3,2026-11-04T09:00:00Z,s1\n"
        "13900000000,sms,1,2026-11-04T09:00:00Z,x1\n"
        "13800138004,sms,1,2026-09-04T09:00:00Z,early\n"
        "13800138004,data,1024,2026-12-01T00:00:01+08:00,dec1\n";
    n = parse(csv, recs, &errs, &bad);
    assert_int_equal(bad, 0);
    assert_int_equal(n, 9);
    assert_int_equal(kf_selfcare_rate(sc, recs, n, at(2026, 12, 1, 1), &s1, &errs), 0);
    assert_int_equal(s1.rated, 7);
    assert_int_equal(s1.unknown_number, 1);
    assert_int_equal(s1.rejected, 2);
    assert_true(s1.transactions >= 3); /* chunk = 3 */
    assert_non_null(strstr(kf_buf_str(&errs), "record x1 (line 8): unknown number"));
    assert_non_null(strstr(kf_buf_str(&errs), "record early (line 9): before the subscriber joined"));
    struct kf_sub_cycle c;
    assert_int_equal(kf_store_cycle_get(st, "13800138004", 202611, &c), 0);
    assert_int_equal(c.used[KF_USE_DATA], 2 * 1048576 + 307200);
    assert_int_equal(c.used[KF_USE_VOICE], 301);
    assert_int_equal(c.used[KF_USE_SMS], 3);
    assert_int_equal(c.overage_fen, 6000 + 19 + 30);
    assert_int_equal(kf_store_cycle_get(st, "13800138004", 202612, &c), 0);
    assert_int_equal(c.used[KF_USE_DATA], 1024);
    assert_int_equal(c.fees_fen, 3800);
    struct kf_sub sub;
    kf_store_sub_get(st, "13800138004", &sub);
    int64_t bal = sub.balance_fen;
    assert_int_equal(bal, 100000 - 3800 * 3 - 6049);
    /* the same file again: nothing changes */
    assert_int_equal(kf_selfcare_rate(sc, recs, n, at(2026, 12, 1, 2), &s2, NULL), 0);
    assert_int_equal(s2.rated, 0);
    assert_int_equal(s2.duplicates, 7);
    kf_store_sub_get(st, "13800138004", &sub);
    assert_int_equal(sub.balance_fen, bal);
    struct kf_usage_rec ur;
    assert_int_equal(kf_store_usage_get(st, "d3", &ur), 0);
    assert_int_equal(ur.charge_fen, 6000);
    kf_buf_deinit(&errs);
}

/* A process that rated (records committed, accounts not yet written) and
 * died: the next start applies the journal, once. */
static void crash_before_settle(void **state)
{
    struct kf_usage_line recs[8];
    struct kf_rate_stats s = {0};
    struct kf_sub_cycle c;
    struct kf_sub sub;
    int bad, status;
    pid_t pid;
    (void)state;
    assert_int_equal(kf_selfcare_create(sc, "13800138008", "郑十", "P38", 100000, at(2026, 11, 1, 9)), 0);
    const char *csv = "13800138008,data,3145728,2026-11-03T10:00:00+08:00,k1\n"
                      "13800138008,voice,600,2026-11-03T10:00:00+08:00,k2\n"
                      "13800138008,sms,2,2026-11-03T10:00:00+08:00,k3\n";
    size_t n = parse(csv, recs, NULL, &bad);
    pid = fork();
    if (pid == 0) { /* its own connections, as a separate kefud would have */
        struct kf_store_conf c2 = {0, 4096, 5000, 0};
        struct kf_selfcare_conf sc2 = {.tz_offset_min = 480, .confirm_window_ms = 600000,
                                       .chunk = 3, .rate_cache = 2, .code_ttl_ms = 300000, .code_tries = 3,
                                       .session_idle_ms = 1800000, .session_max_ms = 43200000};
        char *e = NULL;
        snprintf(sc2.catalog, sizeof sc2.catalog, "%s", cat);
        kf_store *st2 = kf_store_open(db, &c2, &e);
        kf_selfcare *s2 = st2 ? kf_selfcare_new(st2, &sc2, NULL, &e) : NULL;
        int rc = s2 ? kf_selfcare_rate_defer(s2, recs, n, at(2026, 11, 3, 11), &s, NULL) : -1;
        _exit(rc == 0 && s.rated == 3 && kf_selfcare_unsettled(s2) == 1 ? 0 : 1); /* "crash" */
    }
    assert_int_equal(waitpid(pid, &status, 0), pid);
    assert_int_equal(WEXITSTATUS(status), 0);
    /* the child's records are there, its accounts were never written */
    assert_int_equal(kf_store_cycle_get(st, "13800138008", 202611, &c), 0);
    assert_int_equal(c.used[KF_USE_DATA], 0);
    /* a new start replays the journal */
    kf_selfcare_free(sc);
    kf_store_close(st);
    struct kf_store_conf sconf = {0, 4096, 5000, 0};
    struct kf_selfcare_conf conf = {.tz_offset_min = 480, .confirm_window_ms = 600000, .chunk = 3, .rate_cache = 2,
                                    .code_ttl_ms = 300000, .code_tries = 3,
                                    .session_idle_ms = 1800000, .session_max_ms = 43200000};
    char *err = NULL;
    snprintf(conf.catalog, sizeof conf.catalog, "%s", cat);
    st = kf_store_open(db, &sconf, &err);
    sc = kf_selfcare_new(st, &conf, NULL, &err);
    assert_non_null(sc);
    assert_int_equal(kf_store_cycle_get(st, "13800138008", 202611, &c), 0);
    assert_int_equal(c.used[KF_USE_DATA], 3145728);
    assert_int_equal(c.used[KF_USE_VOICE], 10);
    assert_int_equal(c.records, 3);
    assert_int_equal(c.overage_fen, 6000 + 20); /* 1 GB over: capped 60; 2 sms */
    kf_store_sub_get(st, "13800138008", &sub);
    assert_int_equal(sub.balance_fen, 100000 - 3800 - 6020);
    /* the same records again change nothing; a second start replays nothing */
    memset(&s, 0, sizeof s);
    assert_int_equal(kf_selfcare_rate(sc, recs, n, at(2026, 11, 3, 12), &s, NULL), 0);
    assert_int_equal(s.duplicates, 3);
    kf_store_sub_get(st, "13800138008", &sub);
    assert_int_equal(sub.balance_fen, 100000 - 3800 - 6020);
}

static void csv_errors(void **state)
{
    struct kf_usage_line recs[8];
    struct kf_buf errs;
    int bad;
    (void)state;
    kf_buf_init(&errs, 1 << 16);
    const char *csv = "13800138004,data,1\n"
                      "13800a,data,1,1794024000,a\n"
                      "13800138004,fax,1,1794024000,b\n"
                      "13800138004,data,-1,1794024000,c\n"
                      "13800138004,data,1,2026-02-30T00:00:00Z,d\n"
                      "13800138004,data,1,1794024000,\n"
                      "# comment\n\n"
                      "13800138004,data,1,1794024000,ok1\r\n";
    assert_int_equal(parse(csv, recs, &errs, &bad), 1);
    assert_int_equal(bad, 6);
    const char *e = kf_buf_str(&errs);
    assert_non_null(strstr(e, "u.csv:1: line: 3 fields"));
    assert_non_null(strstr(e, "u.csv:2: number:"));
    assert_non_null(strstr(e, "u.csv:3: type: \"fax\" is not voice, sms or data"));
    assert_non_null(strstr(e, "u.csv:4: amount:"));
    assert_non_null(strstr(e, "u.csv:5: timestamp:"));
    assert_non_null(strstr(e, "u.csv:6: record_id:"));
    assert_string_equal(recs[0].record_id, "ok1");
    assert_int_equal(recs[0].line, 9);
    kf_buf_deinit(&errs);
}

static void sms_confirmation(void **state)
{
    struct kf_op_result r;
    (void)state;
    assert_int_equal(kf_selfcare_create(sc, "13800138005", "孙七", "P58", 10000, at(2026, 11, 1, 9)), 0);
    int64_t bal = view("13800138005", at(2026, 11, 1, 10)).sub.balance_fen;
    /* asking charges nothing */
    assert_int_equal(kf_selfcare_sms_request(sc, "13800138005", KF_OP_ORDER, "LL10",
                                             at(2026, 11, 2, 9), &r), 0);
    assert_non_null(strstr(r.text, "回复“是”"));
    assert_int_equal(view("13800138005", at(2026, 11, 2, 9)).sub.balance_fen, bal);
    /* answered in time: done, once */
    assert_int_equal(kf_selfcare_sms_confirm(sc, "13800138005", "sms:100", at(2026, 11, 2, 9) + 60000, &r), 0);
    assert_non_null(strstr(r.text, "订购成功"));
    assert_int_equal(kf_selfcare_sms_confirm(sc, "13800138005", "sms:100", at(2026, 11, 2, 9) + 90000, &r), 0);
    assert_int_equal(r.replayed, 1);
    assert_int_equal(view("13800138005", at(2026, 11, 2, 10)).sub.balance_fen, bal - 1000);
    assert_int_equal(kf_selfcare_sms_confirm(sc, "13800138005", "sms:101", at(2026, 11, 2, 10), &r), KF_ENOENT);
    /* unanswered: expires without effect */
    assert_int_equal(kf_selfcare_sms_request(sc, "13800138005", KF_OP_ORDER, "CL",
                                             at(2026, 11, 3, 9), &r), 0);
    assert_int_equal(kf_selfcare_sms_confirm(sc, "13800138005", "sms:102", at(2026, 11, 3, 9) + 11 * 60000, &r),
                     KF_ETIMEDOUT);
    assert_int_equal(view("13800138005", at(2026, 11, 3, 10)).nitems, 1); /* LL10 only */
    /* a refused request says why and leaves nothing waiting */
    assert_int_equal(kf_selfcare_sms_request(sc, "13800138005", KF_OP_ORDER, "LL10",
                                             at(2026, 11, 4, 9), &r), KF_EPERM);
    assert_int_equal(kf_selfcare_sms_confirm(sc, "13800138005", "sms:103", at(2026, 11, 4, 9), &r), KF_ENOENT);
    assert_true(kf_selfcare_is_yes("是"));
    assert_true(kf_selfcare_is_yes(" Y "));
    assert_true(kf_selfcare_is_yes("确认。"));
    assert_false(kf_selfcare_is_yes("是不是"));
    assert_false(kf_selfcare_is_yes("N"));
}

static void web_login(void **state)
{
    char code[7], token[48], number[22], wrong[16];
    int64_t retry, t = at(2026, 11, 5, 9);
    (void)state;
    assert_int_equal(kf_selfcare_create(sc, "13800138006", "周八", "P58", 10000, at(2026, 11, 1, 9)), 0);
    assert_int_equal(kf_selfcare_login_code(sc, "13900000000", t, code, &retry), KF_ENOENT);
    /* a number we do not serve is limited alike (the answers tell nothing) */
    assert_int_equal(kf_selfcare_login_code(sc, "13900000000", t + 1000, code, &retry), KF_EBUSY);
    assert_int_equal(kf_selfcare_login_code(sc, "13800138006", t, code, &retry), 0);
    assert_int_equal(strlen(code), 6);
    assert_int_equal(kf_selfcare_login_code(sc, "13800138006", t + 1000, wrong, &retry), KF_EBUSY);
    assert_true(retry == 59000);
    snprintf(wrong, sizeof wrong, "%06d", (int)((strtol(code, NULL, 10) + 1) % 1000000));
    assert_int_equal(kf_selfcare_login(sc, "13800138006", wrong, t + 2000, token), KF_EPERM);
    assert_int_equal(kf_selfcare_login(sc, "13800138006", code, t + 3000, token), 0);
    assert_int_equal(strlen(token), 43);
    /* a code is used once; using it does not reset the sending limit */
    assert_int_equal(kf_selfcare_login(sc, "13800138006", code, t + 4000, token + 0), KF_ETIMEDOUT);
    assert_int_equal(kf_selfcare_login_code(sc, "13800138006", t + 4500, wrong, &retry), KF_EBUSY);
    assert_int_equal(kf_selfcare_session(sc, token, t + 5000, number), 0);
    assert_string_equal(number, "13800138006");
    assert_int_equal(kf_selfcare_session(sc, "x", t, number), KF_ENOENT);
    /* idle for 30 minutes: gone */
    assert_int_equal(kf_selfcare_session(sc, token, t + 5000 + 1800001, number), KF_ETIMEDOUT);
    assert_int_equal(kf_selfcare_session(sc, token, t + 5000, number), KF_ENOENT);
    /* three wrong answers use the code up */
    assert_int_equal(kf_selfcare_login_code(sc, "13800138006", t + 120000, code, &retry), 0);
    for (int i = 0; i < 3; i++)
        assert_int_equal(kf_selfcare_login(sc, "13800138006", "000000", t + 121000, token) ==
                             KF_EPERM || strcmp(code, "000000") == 0, 1);
    assert_int_equal(kf_selfcare_login(sc, "13800138006", code, t + 122000, token), KF_ETIMEDOUT);
    /* at most code_daily (4) codes a day, even when each is used up */
    assert_int_equal(kf_selfcare_login_code(sc, "13800138006", t + 240000, code, &retry), 0);
    assert_int_equal(kf_selfcare_login_code(sc, "13800138006", t + 360000, code, &retry), 0);
    assert_int_equal(kf_selfcare_login_code(sc, "13800138006", t + 480000, code, &retry), KF_EBUSY);
    assert_true(retry > 3600000);
    assert_int_equal(kf_selfcare_login_code(sc, "13800138006", t + 86400000, code, &retry), 0);
}

static void recommendation(void **state)
{
    struct kf_usage_line recs[8];
    struct kf_rate_stats s = {0};
    struct kf_rec rec[4];
    char csv[1024];
    int bad;
    (void)state;
    assert_int_equal(kf_selfcare_create(sc, "13800138007", "吴九", "P128", 100000, at(2026, 7, 1, 9)), 0);
    assert_int_equal(kf_selfcare_recommend(sc, "13800138007", at(2026, 7, 20, 9), rec, 4), 0);
    /* three light months on a 128 plan */
    snprintf(csv, sizeof csv,
             "13800138007,data,1536000,2026-08-10T10:00:00+08:00,r8\n"
             "13800138007,data,1843200,2026-09-10T10:00:00+08:00,r9\n"
             "13800138007,data,1024000,2026-10-10T10:00:00+08:00,r10\n"
             "13800138007,voice,4800,2026-10-11T10:00:00+08:00,r10v\n");
    size_t n = parse(csv, recs, NULL, &bad);
    assert_int_equal(kf_selfcare_rate(sc, recs, n, at(2026, 11, 2, 9), &s, NULL), 0);
    int k = kf_selfcare_recommend(sc, "13800138007", at(2026, 11, 2, 9), rec, 4);
    assert_int_equal(k, 3); /* P38 P58 P128 (the data-card rule does not apply) */
    assert_string_equal(rec[0].plan->id, "P38");
    assert_int_equal(rec[0].saving_fen, 12800 - 3800);
    assert_true(rec[0].covers);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(proration_and_orders, setup, teardown),
        cmocka_unit_test_setup_teardown(change_unsubscribe_rollover, setup, teardown),
        cmocka_unit_test_setup_teardown(rating, setup, teardown),
        cmocka_unit_test_setup_teardown(crash_before_settle, setup, teardown),
        cmocka_unit_test_setup_teardown(csv_errors, setup, teardown),
        cmocka_unit_test_setup_teardown(sms_confirmation, setup, teardown),
        cmocka_unit_test_setup_teardown(web_login, setup, teardown),
        cmocka_unit_test_setup_teardown(recommendation, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
