/* SPDX-License-Identifier: MIT
 * test_load.c -- the 12580 directory loader: the shipped file loads with
 * the counts data/info/README.md gives; small files written to a temporary
 * directory are refused with the right "path:line: field: reason" (bad
 * JSON, missing and unknown fields, bad kind, city, id, phone, grade, slot
 * day, time, left, department, doctor, duplicate id and phone); blank and
 * comment lines are skipped. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "info/info.h"

#define HOTEL(id, phone)                                                                           \
    "{\"id\":\"" id "\",\"kind\":\"hotel\",\"city\":\"长沙\",\"district\":\"芙蓉区\","        \
    "\"name\":\"测试酒店\",\"address\":\"芙蓉区测试路1号\",\"phone\":\"" phone "\","               \
    "\"tags\":[\"经济型\",\"近地铁\"],\"price\":168,\"rating\":3.3}\n"
#define REST(id, phone)                                                                            \
    "{\"id\":\"" id "\",\"kind\":\"restaurant\",\"city\":\"株洲\",\"district\":\"芦淞区\","   \
    "\"name\":\"测试饭店\",\"address\":\"芦淞区测试路2号\",\"phone\":\"" phone "\","               \
    "\"tags\":[\"米粉\"],\"price\":20,\"rating\":4.0,\"cuisine\":\"小吃\"}\n"
#define SLOT(dept, doctor, day, time, left)                                                        \
    "{\"dept\":\"" dept "\",\"doctor\":\"" doctor "\",\"day\":" day ",\"time\":\"" time            \
    "\",\"left\":" left "}"
#define HOSP(id, phone, slots)                                                                     \
    "{\"id\":\"" id "\",\"kind\":\"hospital\",\"city\":\"衡阳\",\"district\":\"蒸湘区\","     \
    "\"name\":\"测试医院（示例）\",\"address\":\"蒸湘区测试路3号\",\"phone\":\"" phone "\","       \
    "\"tags\":[\"三甲\"],\"slots\":[" slots "]}\n"

static char dir[64];
static char path[128];

static int setup(void **state)
{
    (void)state;
    snprintf(dir, sizeof dir, "/tmp/kf_info_XXXXXX");
    if (mkdtemp(dir) == NULL)
        return -1;
    snprintf(path, sizeof path, "%s/directory.jsonl", dir);
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    unlink(path);
    rmdir(dir);
    return 0;
}

static void write_file(const char *text)
{
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    fputs(text, f);
    fclose(f);
}

/* Loads text from a file and returns the error (caller frees); fails if
 * it loads. */
static char *load_err(const char *text)
{
    char *err = NULL;
    kf_info *info;

    write_file(text);
    info = kf_info_load(path, &err);
    if (info != NULL) {
        kf_info_free(info);
        fail_msg("loaded: %s", text);
    }
    assert_non_null(err);
    return err;
}

/* The error after "path:" must be `want`. */
static void expect(const char *text, const char *want)
{
    char *err = load_err(text);
    size_t n = strlen(path);

    if (strncmp(err, path, n) != 0 || err[n] != ':' || strcmp(err + n + 1, want) != 0)
        fail_msg("got \"%s\", want \"%s:%s\"", err, path, want);
    free(err);
}

/* The same for the start of the error (jansson's wording varies). */
static void expect_prefix(const char *text, const char *want)
{
    char *err = load_err(text);
    size_t n = strlen(path);

    if (strncmp(err, path, n) != 0 || err[n] != ':' ||
        strncmp(err + n + 1, want, strlen(want)) != 0)
        fail_msg("got \"%s\", want \"%s:%s...\"", err, path, want);
    free(err);
}

static void test_shipped(void **state)
{
    char file[512], *err = NULL;
    const char *src = getenv("KF_SRC_DIR");
    kf_info *info;

    (void)state;
    snprintf(file, sizeof file, "%s/data/info/directory.jsonl", src ? src : ".");
    info = kf_info_load(file, &err);
    if (info == NULL)
        fail_msg("%s", err);
    assert_int_equal(kf_info_count(info, KF_INFO_HOTEL), 72);
    assert_int_equal(kf_info_count(info, KF_INFO_RESTAURANT), 86);
    assert_int_equal(kf_info_count(info, KF_INFO_HOSPITAL), 18);
    assert_int_equal(kf_info_count(info, -1), 176);
    assert_int_equal(kf_info_count(info, 7), 0);
    kf_info_free(info);
    kf_info_free(NULL);
}

static void test_good_small(void **state)
{
    static const char text[] = "# a comment\n\n" HOTEL("h-cs-001", "0731-81234567") "   \r\n" REST(
        "r-zz-001", "0731-81234568")
        HOSP("hp-hy-01", "0734-81234569", SLOT("儿科", "王医生", "1", "09:00", "0"));
    char *err = NULL;
    kf_info *info = kf_info_parse(text, strlen(text), "mem", &err);

    (void)state;
    if (info == NULL)
        fail_msg("%s", err);
    assert_int_equal(kf_info_count(info, -1), 3);
    assert_int_equal(kf_info_count(info, KF_INFO_HOSPITAL), 1);
    kf_info_free(info);
    /* the whole file may also come through kf_info_load */
    write_file(text);
    info = kf_info_load(path, &err);
    assert_non_null(info);
    kf_info_free(info);
    /* an empty file is an empty directory */
    info = kf_info_parse("", 0, "mem", &err);
    assert_non_null(info);
    assert_int_equal(kf_info_count(info, -1), 0);
    kf_info_free(info);
}

static void test_json_errors(void **state)
{
    (void)state;
    expect_prefix(HOTEL("h-cs-001", "0731-81234567") "{\"id\": \n", "2: json: ");
    expect("[1,2]\n", "1: json: not an object");
    expect_prefix(HOTEL("h-cs-001", "0731-81234567")
                      HOTEL("h-cs-002", "0731-81234568") "{\"id\":\"a\",\"id\":\"b\"}\n",
                  "3: json: duplicate object key");
    expect_prefix("{\"id\":\"h-cs-001\"} trailing\n", "1: json: ");
}

static void test_field_errors(void **state)
{
    (void)state;
    expect("# c\n{\"kind\":\"hotel\"}\n", "2: id: missing");
    expect("{\"id\":\"h-cs-001\",\"kind\":\"motel\"}\n",
           "1: kind: \"motel\" is not one of hotel|restaurant|hospital");
    expect("{\"id\":\"h-cs-001\",\"kind\":\"hotel\",\"city\":\"北京\"}\n",
           "1: city: \"北京\" is not one of 长沙|株洲|湘潭|岳阳|衡阳");
    expect("{\"id\":\"h-cs-001\",\"kind\":\"hotel\",\"city\":\"长沙\",\"stars\":5}\n",
           "1: stars: unknown field");
    expect("{\"id\":\"r-cs-001\",\"kind\":\"hotel\",\"city\":\"长沙\"}\n",
           "1: id: \"r-cs-001\" must look like h-cs-NNN for a hotel in 长沙");
    expect("{\"id\":\"h-cs-00x\",\"kind\":\"hotel\",\"city\":\"长沙\"}\n",
           "1: id: \"h-cs-00x\" must end in digits");
    expect("{\"id\":\"h-cs-001\",\"kind\":\"hotel\",\"city\":\"长沙\",\"district\":\"芙蓉区\"}\n",
           "1: name: missing");
    expect("{\"id\":\"h-cs-001\",\"kind\":\"hotel\",\"city\":\"长沙\",\"district\":\"\"}\n",
           "1: district: must not be empty");
    expect("{\"id\":\"h-cs-001\",\"kind\":\"hotel\",\"city\":\"长沙\",\"district\":7}\n",
           "1: district: must be a string");
}

static void test_entry_rules(void **state)
{
    (void)state;
    /* duplicate id names the first line */
    expect(HOTEL("h-cs-001", "0731-81234567") REST("r-zz-001", "0731-81234568")
               HOTEL("h-cs-001", "0731-81234569"),
           "3: id: \"h-cs-001\" is already used on line 1");
    expect(HOTEL("h-cs-001", "0731-81234567") "\n" HOTEL("h-cs-002", "0731-81234567"),
           "3: phone: \"0731-81234567\" is also the phone of line 1");
    expect(HOTEL("h-cs-001", "0734-81234567"),
           "1: phone: \"0734-81234567\" must start with 0731- (the area code of 长沙)");
    expect(HOTEL("h-cs-001", "0731-8123"),
           "1: phone: \"0731-8123\" must have 7 or 8 digits after the area code");
    expect("{\"id\":\"h-cs-001\",\"kind\":\"hotel\",\"city\":\"长沙\",\"district\":\"芙蓉区\","
           "\"name\":\"x\",\"address\":\"天心区某路1号\"}\n",
           "1: address: must start with the district (芙蓉区)");
    expect("{\"id\":\"hp-hy-01\",\"kind\":\"hospital\",\"city\":\"衡阳\",\"district\":\"蒸湘区\","
           "\"name\":\"衡阳医院\"}\n",
           "1: name: a hospital's name must end in （示例） (fictional demo data)");
    /* kind-dependent fields */
    expect(
        "{\"id\":\"hp-hy-01\",\"kind\":\"hospital\",\"city\":\"衡阳\",\"district\":\"蒸湘区\","
        "\"name\":\"测试医院（示例）\",\"address\":\"蒸湘区测试路3号\",\"phone\":\"0734-81234569\","
        "\"tags\":[\"三甲\"],\"price\":10,\"slots\":[]}\n",
        "1: price: not allowed for a hospital");
    expect("{\"id\":\"r-zz-001\",\"kind\":\"restaurant\",\"city\":\"株洲\",\"district\":\"芦淞区\","
           "\"name\":\"x\",\"address\":\"芦淞区测试路2号\",\"phone\":\"0731-81234568\","
           "\"tags\":[\"米粉\"],\"price\":20,\"rating\":4.0}\n",
           "1: cuisine: missing (required for a restaurant)");
    expect("{\"id\":\"h-cs-001\",\"kind\":\"hotel\",\"city\":\"长沙\",\"district\":\"芙蓉区\","
           "\"name\":\"x\",\"address\":\"芙蓉区测试路1号\",\"phone\":\"0731-81234567\","
           "\"tags\":[\"经济型\"],\"price\":168,\"rating\":5.5}\n",
           "1: rating: must be between 1.0 and 5.0");
    expect("{\"id\":\"h-cs-001\",\"kind\":\"hotel\",\"city\":\"长沙\",\"district\":\"芙蓉区\","
           "\"name\":\"x\",\"address\":\"芙蓉区测试路1号\",\"phone\":\"0731-81234567\","
           "\"tags\":[\"经济型\"],\"price\":168,\"rating\":3.25}\n",
           "1: rating: at most one decimal");
    expect("{\"id\":\"h-cs-001\",\"kind\":\"hotel\",\"city\":\"长沙\",\"district\":\"芙蓉区\","
           "\"name\":\"x\",\"address\":\"芙蓉区测试路1号\",\"phone\":\"0731-81234567\","
           "\"tags\":[\"经济型\"],\"price\":688,\"rating\":3.2}\n",
           "1: tags[0]: 经济型 needs a price from 0 to 259 yuan");
    expect("{\"id\":\"h-cs-001\",\"kind\":\"hotel\",\"city\":\"长沙\",\"district\":\"芙蓉区\","
           "\"name\":\"x\",\"address\":\"芙蓉区测试路1号\",\"phone\":\"0731-81234567\","
           "\"tags\":[\"近地铁\"],\"price\":168,\"rating\":3.2}\n",
           "1: tags[0]: a hotel's first tag must be its grade (经济型|舒适型|高档型|豪华型)");
    expect("{\"id\":\"h-cs-001\",\"kind\":\"hotel\",\"city\":\"长沙\",\"district\":\"芙蓉区\","
           "\"name\":\"x\",\"address\":\"芙蓉区测试路1号\",\"phone\":\"0731-81234567\","
           "\"tags\":[]}\n",
           "1: tags: must be a non-empty array of strings");
}

static void test_slot_rules(void **state)
{
    (void)state;
    expect(HOTEL("h-cs-001", "0731-81234567")
               HOSP("hp-hy-01", "0734-81234569", SLOT("儿科", "王医生", "0", "09:00", "1")),
           "2: slots[0].day: must be between 1 and 7");
    expect(HOSP("hp-hy-01", "0734-81234569",
                SLOT("儿科", "王医生", "1", "09:00", "1") "," SLOT("儿科", "王医生", "8", "09:00",
                                                                   "1")),
           "1: slots[1].day: must be between 1 and 7");
    expect(HOSP("hp-hy-01", "0734-81234569", SLOT("儿科", "王医生", "1", "9:00", "1")),
           "1: slots[0].time: \"9:00\" is not a time HH:MM (00:00 to 23:59)");
    expect(HOSP("hp-hy-01", "0734-81234569", SLOT("儿科", "王医生", "1", "24:00", "1")),
           "1: slots[0].time: \"24:00\" is not a time HH:MM (00:00 to 23:59)");
    expect(HOSP("hp-hy-01", "0734-81234569", SLOT("儿科", "王医生", "1", "09:00", "-1")),
           "1: slots[0].left: must be between 0 and 9999");
    expect(HOSP("hp-hy-01", "0734-81234569", SLOT("牙科", "王医生", "1", "09:00", "1")),
           "1: slots[0].dept: \"牙科\" is not a known department");
    expect(HOSP("hp-hy-01", "0734-81234569", "{\"dept\":\"儿科\",\"day\":1}"),
           "1: slots[0].doctor: missing");
    expect(HOSP("hp-hy-01", "0734-81234569",
                "{\"dept\":\"儿科\",\"doctor\":\"王\",\"day\":1,"
                "\"time\":\"09:00\",\"left\":1,\"room\":3}"),
           "1: slots[0].room: unknown field");
    expect(HOSP("hp-hy-01", "0734-81234569",
                SLOT("儿科", "王医生", "1", "09:00", "1") "," SLOT("骨科", "王医生", "2", "09:00",
                                                                   "1")),
           "1: slots[1].doctor: 王医生 is already in 儿科 (slots[0])");
    expect(HOSP("hp-hy-01", "0734-81234569",
                SLOT("儿科", "王医生", "1", "09:00", "1") "," SLOT("儿科", "王医生", "1", "09:00",
                                                                   "2")),
           "1: slots[1].doctor: 王医生 already has slots[0] at that day and time");
    expect(HOSP("hp-hy-01", "0734-81234569", "3"), "1: slots[0]: must be an object");
}

static void test_missing_file(void **state)
{
    char *err = NULL;

    (void)state;
    assert_null(kf_info_load("/nonexistent/directory.jsonl", &err));
    assert_non_null(strstr(err, "/nonexistent/directory.jsonl: cannot open"));
    free(err);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_shipped),
        cmocka_unit_test_setup_teardown(test_good_small, setup, teardown),
        cmocka_unit_test_setup_teardown(test_json_errors, setup, teardown),
        cmocka_unit_test_setup_teardown(test_field_errors, setup, teardown),
        cmocka_unit_test_setup_teardown(test_entry_rules, setup, teardown),
        cmocka_unit_test_setup_teardown(test_slot_rules, setup, teardown),
        cmocka_unit_test(test_missing_file),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
