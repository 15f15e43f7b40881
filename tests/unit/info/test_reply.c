/* SPDX-License-Identifier: MIT
 * test_reply.c -- the shape of 12580's answers: every answer starts with
 * 【12580】, is valid UTF-8 and at most 200 characters, for every city and
 * kind (with and without district, grade, price words and the default
 * city), every hospital alone and with each department; lists are cut
 * short rather than overflowing when the names are long, and the numbered
 * slots always match the choices handed back. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "info/info.h"

#define NOW 1796608800000LL /* 2026-12-07 10:00 +08:00 */
#define TZ (8 * 3600)

static const char *const cities[] = {"长沙", "株洲", "湘潭", "岳阳", "衡阳"};
static const char *const kinds[] = {"酒店", "餐厅", "医院", "挂号", "吃饭", "美食", "住宿"};
static const char *const extras[] = {"",       "便宜", "高档", "豪华", "经济型", "夜宵", "湘菜",
                                     "近地铁", "含早", "儿科", "明天", "周三",   "三甲"};
static const char *const depts[] = {"心内科", "消化内科", "儿科",     "妇产科",   "骨科",  "眼科",
                                    "口腔科", "皮肤科",   "神经内科", "呼吸内科", "中医科"};

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

/* Characters in valid UTF-8, -1 when s is not valid UTF-8. */
static int utf8_chars(const char *s)
{
    int n = 0;

    while (*s) {
        unsigned char c = (unsigned char)*s;
        int len = c < 0x80                 ? 1
                  : c >= 0xC2 && c <= 0xDF ? 2
                  : c >= 0xE0 && c <= 0xEF ? 3
                  : c >= 0xF0 && c <= 0xF4 ? 4
                                           : 0;
        if (len == 0)
            return -1;
        for (int i = 1; i < len; i++)
            if (((unsigned char)s[i] & 0xC0) != 0x80)
                return -1;
        s += len;
        n++;
    }
    return n;
}

/* Lines "\nN." in the text. */
static int numbered(const char *s)
{
    int n = 0;
    char tag[8];

    for (int k = 1; k < 20; k++) {
        snprintf(tag, sizeof tag, "\n%d.", k);
        if (strstr(s, tag))
            n = k;
    }
    return n;
}

/* The invariants of every answer. */
static void check(const kf_info *in, const char *text)
{
    int c;

    assert_int_equal(kf_info_query(in, text, NOW, TZ, NULL, NULL, &a), 0);
    c = utf8_chars(a.text);
    if (c < 0 || c > KF_INFO_REPLY_CHARS || strncmp(a.text, "【12580】", strlen("【12580】")))
        fail_msg("%s -> %d chars: %s", text, c, a.text);
    if (a.kind == KF_INFO_ANS_SLOTS) {
        assert_int_equal(numbered(a.text), a.nchoices);
        for (int i = 0; i < a.nchoices; i++) {
            assert_true(a.choices[i].left > 0);
            assert_non_null(strchr(a.choices[i].key, '@'));
        }
        if (a.nchoices > 0)
            assert_non_null(strstr(a.text, "回复序号预约"));
    } else {
        assert_int_equal(a.nchoices, 0);
    }
}

static void test_every_city_and_kind(void **state)
{
    char q[128];
    int lists = 0;

    (void)state;
    for (size_t c = 0; c < sizeof cities / sizeof cities[0]; c++)
        for (size_t k = 0; k < sizeof kinds / sizeof kinds[0]; k++)
            for (size_t x = 0; x < sizeof extras / sizeof extras[0]; x++) {
                snprintf(q, sizeof q, "%s %s %s", cities[c], kinds[k], extras[x]);
                check(info, q);
                lists += a.kind == KF_INFO_ANS_LIST;
                if (x == 0 && a.kind != KF_INFO_ANS_LIST)
                    fail_msg("%s -> %s", q, a.text);
                if (x == 0 && numbered(a.text) < 2)
                    fail_msg("%s lists fewer than 2: %s", q, a.text);
                snprintf(q, sizeof q, "%s%s%s", extras[x], kinds[k], cities[c]);
                check(info, q);
            }
    /* without a city: 长沙, said */
    for (size_t k = 0; k < sizeof kinds / sizeof kinds[0]; k++) {
        check(info, kinds[k]);
        assert_non_null(strstr(a.text, "默认长沙"));
    }
    assert_true(lists > 200);
}

static void test_every_district(void **state)
{
    static const char *const districts[] = {
        "芙蓉区", "天心区", "岳麓区", "开福区", "雨花区", "望城区", "长沙县", "天元区",
        "芦淞区", "荷塘区", "石峰区", "醴陵市", "岳塘区", "雨湖区", "韶山市", "岳阳楼区",
        "君山区", "云溪区", "蒸湘区", "雁峰区", "石鼓区", "珠晖区", "南岳区"};
    char q[128];

    (void)state;
    for (size_t d = 0; d < sizeof districts / sizeof districts[0]; d++)
        for (size_t k = 0; k < 3; k++) {
            snprintf(q, sizeof q, "%s %s", districts[d], kinds[k]);
            check(info, q);
            if (a.kind == KF_INFO_ANS_LIST)
                assert_null(strstr(a.text, "默认")); /* the district says the city */
        }
}

static void test_every_hospital_and_department(void **state)
{
    static const char *const hospitals[] = {
        "湘江医学院附属第一医院", "湘江医学院附属第二医院", "湘江医学院附属第三医院",
        "湖南省立人民医院",       "长沙市第一人民医院",     "湘江儿童医院",
        "星城妇女儿童保健院",     "麓山中医医院",           "橘洲口腔医院",
        "岳麓山眼科医院",         "株洲湘江医学院附属医院", "株洲市妇女儿童医院",
        "湘潭市中心人民医院",     "湘潭莲城中医院",         "岳阳巴陵人民医院",
        "岳阳洞庭儿童医院",       "衡阳回雁医学院附属医院", "衡阳雁城人民医院"};
    char q[160];
    int slots = 0;

    (void)state;
    for (size_t h = 0; h < sizeof hospitals / sizeof hospitals[0]; h++) {
        check(info, hospitals[h]);
        assert_int_equal(a.kind, KF_INFO_ANS_LIST);
        assert_non_null(strstr(a.text, "可预约科室"));
        for (size_t d = 0; d < sizeof depts / sizeof depts[0]; d++) {
            snprintf(q, sizeof q, "%s %s", hospitals[h], depts[d]);
            check(info, q);
            slots += a.kind == KF_INFO_ANS_SLOTS && a.nchoices > 0;
            snprintf(q, sizeof q, "%s，%s，明天上午", hospitals[h], depts[d]);
            check(info, q);
        }
    }
    assert_true(slots >= 80);
}

/* Long names and addresses: the lists are cut, never overflow. */
static void test_long_entries_cut(void **state)
{
    char text[16384], *err = NULL;
    size_t len = 0;
    kf_info *in;
    static const char name[] = "超长名字超长名字超长名字超长名字超长名字超长名字超长名字酒店";
    static const char addr[] = "芙蓉区超长地址超长地址超长地址超长地址超长地址超长地址超长地址1号";

    (void)state;
    for (int i = 1; i <= 5; i++)
        len += (size_t)snprintf(text + len, sizeof text - len,
                                "{\"id\":\"h-cs-%03d\",\"kind\":\"hotel\",\"city\":\"长沙\","
                                "\"district\":\"芙蓉区\",\"name\":\"%s%d\",\"address\":\"%s\","
                                "\"phone\":\"0731-8000000%d\",\"tags\":[\"经济型\"],\"price\":150,"
                                "\"rating\":4.%d}\n",
                                i, name, i, addr, i, i);
    len += (size_t)snprintf(
        text + len, sizeof text - len,
        "{\"id\":\"hp-cs-01\",\"kind\":\"hospital\",\"city\":\"长沙\",\"district\":\"芙蓉区\","
        "\"name\":\"超长医院名字超长医院名字超长医院名字超长医院名字（示例）\","
        "\"address\":\"%s\",\"phone\":\"0731-81000000\",\"tags\":[\"三甲\"],\"slots\":[",
        addr);
    for (int i = 0; i < 12; i++)
        len += (size_t)snprintf(text + len, sizeof text - len,
                                "%s{\"dept\":\"儿科\",\"doctor\":\"超长的医生名字%d号\",\"day\":%d,"
                                "\"time\":\"09:00\",\"left\":3}",
                                i ? "," : "", i, i % 7 + 1);
    len += (size_t)snprintf(text + len, sizeof text - len, "]}\n");
    in = kf_info_parse(text, len, "long", &err);
    if (in == NULL)
        fail_msg("%s", err);
    check(in, "长沙 酒店");
    assert_int_equal(a.kind, KF_INFO_ANS_LIST);
    assert_true(numbered(a.text) >= 1 && numbered(a.text) < 3);
    check(in, "长沙 酒店 便宜 含早 近地铁 超长名字 超长地址");
    check(in, "超长医院 儿科");
    assert_int_equal(a.kind, KF_INFO_ANS_SLOTS);
    assert_true(a.nchoices >= 1 && a.nchoices < 6);
    check(in, "超长医院");
    check(in, "长沙 医院");
    check(in, "长沙 儿科");
    check(in, "没有的医院 儿科");
    kf_info_free(in);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_every_city_and_kind),
        cmocka_unit_test(test_every_district),
        cmocka_unit_test(test_every_hospital_and_department),
        cmocka_unit_test(test_long_entries_cut),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
