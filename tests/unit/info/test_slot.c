/* SPDX-License-Identifier: MIT
 * test_slot.c -- appointment slots in time, against the shipped directory
 * and a fixed now (2026-12-07 10:00 +08:00, a Monday): dates and weekday
 * names of the offered slots, the days a subscriber may say (明天, 后天,
 * 周三, 星期日, 下周一, 12月9日, 9号, 今天), the zone deciding "today",
 * bookings reducing the seats left and a full slot not offered, and
 * kf_info_slot() finding a key again and refusing it on another day. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "base/err.h"
#include "info/info.h"

#define NOW 1796608800000LL /* 2026-12-07 10:00 +08:00 */
#define DAY_MS 86400000LL
#define TZ (8 * 3600)

static kf_info *info;
static struct kf_info_answer a;

static int setup(void **state)
{
    char file[512], *err = NULL;
    const char *src = getenv("KF_SRC_DIR");

    (void)state;
    snprintf(file, sizeof file, "%s/data/info/directory.jsonl", src ? src : ".");
    info = kf_info_load(file, &err);
    if (info == NULL) {
        fprintf(stderr, "%s\n", err);
        return -1;
    }
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    kf_info_free(info);
    return 0;
}

/* Bookings the test pretends the store holds. */
struct fake_store {
    const char *key[4];
    int n[4];
    int calls;
};

static int booked(void *ctx, const char *key)
{
    struct fake_store *s = ctx;

    s->calls++;
    for (int i = 0; i < 4; i++)
        if (s->key[i] && strcmp(s->key[i], key) == 0)
            return s->n[i];
    return 0;
}

static int everything_booked(void *ctx, const char *key)
{
    (void)ctx;
    (void)key;
    return 1000;
}

static void slots_for(const char *text, int64_t now, int tz)
{
    assert_int_equal(kf_info_query(info, text, now, tz, NULL, NULL, &a), 0);
    if (a.kind != KF_INFO_ANS_SLOTS)
        fail_msg("%s -> %s", text, a.text);
}

/* Every choice is on `date` (YYYYMMDD) with weekday `wd` in its text. */
static void all_on(const char *date, const char *text_date)
{
    assert_true(a.nchoices > 0);
    for (int i = 0; i < a.nchoices; i++) {
        const char *at = strchr(a.choices[i].key, '@');
        if (at == NULL || strcmp(at + 1, date) != 0 || strstr(a.choices[i].text, text_date) == NULL)
            fail_msg("choice %d: %s %s, want %s %s", i, a.choices[i].key, a.choices[i].text, date,
                     text_date);
    }
}

static void test_dates_and_weekdays(void **state)
{
    (void)state;
    slots_for("附一 儿科 明天", NOW, TZ);
    assert_int_equal(a.nchoices, 2);
    all_on("20261208", "12月8日（周二）");
    assert_string_equal(a.choices[0].text,
                        "湘江医学院附属第一医院（示例） 儿科 钟主任 12月8日（周二）09:00");
    assert_string_equal(a.choices[0].key, "hp-cs-01#11@20261208");
    assert_int_equal(a.choices[0].left, 7);
    slots_for("附一 口腔科 后天", NOW, TZ);
    all_on("20261209", "12月9日（周三）");
    slots_for("附一 口腔科 周三", NOW, TZ);
    all_on("20261209", "12月9日（周三）");
    slots_for("附一 口腔科 12月9日", NOW, TZ);
    all_on("20261209", "12月9日（周三）");
    slots_for("附一 口腔科 9号", NOW, TZ);
    all_on("20261209", "12月9日（周三）");
    slots_for("附一 口腔科 星期六", NOW, TZ);
    all_on("20261212", "12月12日（周六）");
    slots_for("附一 儿科 下周一", NOW, TZ); /* today is Monday: a week on */
    all_on("20261214", "12月14日（周一）");
    slots_for("附一 儿科 周一", NOW, TZ);
    all_on("20261214", "12月14日（周一）");
    slots_for("附一 儿科 星期日", NOW, TZ);
    all_on("20261213", "12月13日（周日）");
    slots_for("附一 口腔科 明天 下午", NOW, TZ);
    assert_int_equal(a.nchoices, 1);
    assert_string_equal(a.choices[0].key, "hp-cs-01#38@20261208");
    /* today is not bookable; slots from tomorrow are offered with a note */
    slots_for("附一 儿科 今天", NOW, TZ);
    assert_non_null(strstr(a.text, "当天号不可预约"));
    assert_string_equal(a.choices[0].key, "hp-cs-01#11@20261208");
    slots_for("附一 儿科 12月20日", NOW, TZ);
    assert_non_null(strstr(a.text, "只能预约明天起7天内的号"));
    /* across a month and a year: 2026-12-30 */
    slots_for("附一 儿科 明天", NOW + 23 * DAY_MS, TZ);
    all_on("20261231", "12月31日（周四）");
    slots_for("附一 口腔科 后天", NOW + 23 * DAY_MS, TZ);
    all_on("20270101", "1月1日（周五）");
}

static void test_zone_decides_today(void **state)
{
    /* 2026-12-07 23:30 +08:00 is 15:30 UTC: still the 7th in both zones;
     * 2026-12-08 00:30 +08:00 is the 8th in China, the 7th in UTC. */
    int64_t late = NOW + (13 * 60 + 30) * 60000LL + 3600000LL;

    (void)state;
    slots_for("附一 儿科 明天", late, TZ);
    all_on("20261209", "12月9日（周三）");
    slots_for("附一 儿科 明天", late, 0);
    all_on("20261208", "12月8日（周二）");
    slots_for("附一 儿科 明天", late, -5 * 3600);
    all_on("20261208", "12月8日（周二）");
}

static void test_booked_reduces_left(void **state)
{
    struct fake_store s = {.key = {"hp-cs-01#0@20261208", "hp-cs-01#1@20261208"}, .n = {6, 1}};

    (void)state;
    /* slot 0 (贾主任, 6 seats) fully booked: not offered; slot 1 one less */
    assert_int_equal(kf_info_query(info, "附一 心内科", NOW, TZ, booked, &s, &a), 0);
    assert_int_equal(a.kind, KF_INFO_ANS_SLOTS);
    assert_true(s.calls > 0);
    assert_int_equal(a.nchoices, 3);
    assert_string_equal(a.choices[0].key, "hp-cs-01#1@20261208");
    assert_int_equal(a.choices[0].left, 3);
    assert_non_null(strstr(a.text, "\n1.12月8日周二 14:30 侯主任 余3"));
    assert_null(strstr(a.text, "贾主任 余6"));
    /* more booked than seats counts as full, negative as none */
    s.n[0] = 99;
    s.n[1] = -4;
    assert_int_equal(kf_info_query(info, "附一 心内科", NOW, TZ, booked, &s, &a), 0);
    assert_string_equal(a.choices[0].key, "hp-cs-01#1@20261208");
    assert_int_equal(a.choices[0].left, 4);
    /* a department with nothing left says 约满 and offers nothing */
    assert_int_equal(kf_info_query(info, "附一 心内科", NOW, TZ, everything_booked, NULL, &a), 0);
    assert_int_equal(a.nchoices, 0);
    assert_non_null(strstr(a.text, "约满"));
    /* and a hospital with nothing left lists no department */
    assert_int_equal(kf_info_query(info, "附一", NOW, TZ, everything_booked, NULL, &a), 0);
    assert_non_null(strstr(a.text, "约满"));
    assert_null(strstr(a.text, "可预约科室"));
    /* the departments listed are those with free seats */
    assert_int_equal(kf_info_query(info, "橘洲口腔医院", NOW, TZ, NULL, NULL, &a), 0);
    assert_non_null(strstr(a.text, "可预约科室：口腔科"));
}

static void test_slot_round_trip(void **state)
{
    struct kf_info_slot s;
    struct fake_store st = {.key = {"hp-cs-01#11@20261208"}, .n = {2}};
    char key[48];

    (void)state;
    slots_for("附一 儿科 明天", NOW, TZ);
    snprintf(key, sizeof key, "%s", a.choices[0].key);
    assert_int_equal(kf_info_slot(info, key, NOW, TZ, NULL, NULL, &s), 0);
    assert_string_equal(s.key, key);
    assert_string_equal(s.text, a.choices[0].text);
    assert_int_equal(s.left, 7);
    assert_int_equal(kf_info_slot(info, key, NOW + 13 * 3600000LL, TZ, booked, &st, &s), 0);
    assert_int_equal(s.left, 5); /* later the same day, with bookings */
    /* the next day the key names a date that is no longer today + day */
    assert_int_equal(kf_info_slot(info, key, NOW + DAY_MS, TZ, NULL, NULL, &s), KF_ENOENT);
    assert_int_equal(kf_info_slot(info, key, NOW - DAY_MS, TZ, NULL, NULL, &s), KF_ENOENT);
    /* a full slot is found, with 0 left */
    assert_int_equal(kf_info_slot(info, "hp-cs-01#43@20261208", NOW, TZ, NULL, NULL, &s), 0);
    assert_int_equal(s.left, 0);
    /* every slot's key of the day round-trips */
    for (int d = 1; d <= 7; d++) {
        char q[64];
        snprintf(q, sizeof q, "附一 神经内科 %d号", 7 + d);
        slots_for(q, NOW, TZ);
        for (int i = 0; i < a.nchoices; i++) {
            assert_int_equal(kf_info_slot(info, a.choices[i].key, NOW, TZ, NULL, NULL, &s), 0);
            assert_string_equal(s.text, a.choices[i].text);
        }
    }
}

static void test_slot_rejects(void **state)
{
    static const char *const bad[] = {
        "",
        "hp-cs-01",
        "hp-cs-01#11",
        "hp-cs-01#11@",
        "hp-cs-01#@20261208",
        "hp-cs-01#11@2026120",
        "hp-cs-01#11@202612080",
        "hp-cs-01#11@2026120x",
        "#11@20261208",
        "hp-cs-99#11@20261208",  /* no such entry */
        "h-cs-001#0@20261208",   /* not a hospital */
        "hp-cs-01#999@20261208", /* no such slot */
        "hp-cs-01#011@20261208", /* not how the key is written */
        "hp-cs-01#11@20261209",  /* slot 11 is on day 1 */
        "hp-cs-01#11@20261207",  /* today */
        "hp-cs-01#11@20251208",  /* a year ago */
        "hp-cs-01#11@20261308",  /* no 13th month */
        "hp-cs-01#11@20261200",
        "hp-cs-01#11@20260230",
        "hp-cs-01-and-a-very-long-id-indeed#11@20261208",
    };
    struct kf_info_slot s;

    (void)state;
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
        if (kf_info_slot(info, bad[i], NOW, TZ, NULL, NULL, &s) != KF_ENOENT)
            fail_msg("accepted %s", bad[i]);
    assert_int_equal(kf_info_slot(NULL, "x", NOW, TZ, NULL, NULL, &s), KF_EINVAL);
    assert_int_equal(kf_info_slot(info, NULL, NOW, TZ, NULL, NULL, &s), KF_EINVAL);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_dates_and_weekdays),  cmocka_unit_test(test_zone_decides_today),
        cmocka_unit_test(test_booked_reduces_left), cmocka_unit_test(test_slot_round_trip),
        cmocka_unit_test(test_slot_rejects),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
