/* SPDX-License-Identifier: MIT
 * test_query.c -- how 12580 reads a look-up, against the shipped
 * directory: city and kind in either order and with or without
 * separators, districts, cuisines, dishes, grades, 便宜 / 高档, a hospital
 * named in full or in part ("附一", "省人民医院") or not at all, departments,
 * days, the default city, help and the helpful "未找到". */
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

#define NOW 1796608800000LL /* 2026-12-07 10:00 +08:00, a Monday */
#define TZ (8 * 3600)

static kf_info *info;

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

static int nchars(const char *s)
{
    int n = 0;
    for (; *s; s++)
        n += ((unsigned char)*s & 0xC0) != 0x80;
    return n;
}

static struct kf_info_answer a;

/* Asks and checks what every answer must be. */
static const char *ask(const char *text)
{
    assert_int_equal(kf_info_query(info, text, NOW, TZ, NULL, NULL, &a), 0);
    if (strncmp(a.text, "【12580】", strlen("【12580】")) != 0)
        fail_msg("%s -> %s", text, a.text);
    if (nchars(a.text) > KF_INFO_REPLY_CHARS)
        fail_msg("%s -> %d chars: %s", text, nchars(a.text), a.text);
    return a.text;
}

static void has(const char *text, const char *want)
{
    if (strstr(text, want) == NULL)
        fail_msg("\"%s\" not in: %s", want, text);
}

static void hasnt(const char *text, const char *want)
{
    if (strstr(text, want) != NULL)
        fail_msg("\"%s\" in: %s", want, text);
}

/* The line numbered n ("\n1.") starts with `name`. */
static void line_is(const char *text, int n, const char *name)
{
    char tag[16];
    const char *p;

    snprintf(tag, sizeof tag, "\n%d.", n);
    p = strstr(text, tag);
    if (p == NULL || strncmp(p + strlen(tag), name, strlen(name)) != 0)
        fail_msg("line %d is not %s: %s", n, name, text);
}

static void test_city_and_kind(void **state)
{
    const char *t;
    char first[800];

    (void)state;
    t = ask("酒店 长沙");
    assert_int_equal(a.kind, KF_INFO_ANS_LIST);
    has(t, "长沙酒店");
    has(t, "¥");
    has(t, "/晚");
    has(t, "分");
    hasnt(t, "默认");
    line_is(t, 1, "麓山温泉度假酒店"); /* best rated */
    snprintf(first, sizeof first, "%s", t);
    assert_string_equal(ask("长沙酒店"), first);
    assert_string_equal(ask("长沙，酒店"), first);
    assert_string_equal(ask("长沙 , 宾馆"), first);
    assert_string_equal(ask("长沙市的酒店"), first);
    assert_string_equal(ask("我想找长沙的住宿"), first);
    t = ask("衡阳 旅馆");
    has(t, "衡阳酒店");
    has(t, "0734-");
    hasnt(t, "0731-");
}

static void test_restaurants(void **state)
{
    const char *t;

    (void)state;
    t = ask("长沙 湘菜");
    assert_int_equal(a.kind, KF_INFO_ANS_LIST);
    has(t, "湘菜餐厅");
    has(t, "/人");
    line_is(t, 1, "柴火湘厨");
    assert_string_equal(ask("长沙湘菜馆"), t);
    t = ask("岳阳 吃饭 便宜");
    has(t, "岳阳餐厅");
    has(t, "低价优先");
    line_is(t, 1, "南湖米粉店"); /* ¥15, the cheapest */
    has(t, "¥15/人");
    t = ask("株洲 火锅");
    line_is(t, 1, "石峰老火锅");
    hasnt(t, "\n2."); /* the only hot-pot in 株洲 */
    t = ask("口味虾");
    has(t, "默认长沙");
    line_is(t, 1, "城南夜市口味虾");
    t = ask("岳阳 口味虾");
    line_is(t, 1, "楼前口味虾");
    assert_string_equal(ask("小龙虾 岳阳"), t); /* an everyday word for the tag */
    t = ask("衡阳 鱼粉");
    line_is(t, 1, "蒸水鱼粉馆");
    t = ask("星城口味虾");
    line_is(t, 1, "星城口味虾（解放西店）"); /* name and dish both match */
}

static void test_places_terms(void **state)
{
    const char *t;

    (void)state;
    t = ask("长沙 五一广场 酒店");
    line_is(t, 1, "星驿快捷酒店（五一广场店）");
    hasnt(t, "\n2.");
    t = ask("芙蓉区 经济型酒店");
    has(t, "芙蓉区");
    hasnt(t, "默认"); /* the district says the city */
    line_is(t, 1, "晴川轻居酒店（火车站店）");
    line_is(t, 2, "星驿快捷酒店（五一广场店）");
    line_is(t, 3, "小憩公寓酒店（定王台店）");
    t = ask("芙蓉 经济型 酒店"); /* without 区 */
    line_is(t, 1, "晴川轻居酒店（火车站店）");
    t = ask("长沙 高档 酒店");
    has(t, "高档型");
    line_is(t, 1, "望城滨江度假酒店");
    t = ask("长沙 豪华酒店");
    line_is(t, 1, "麓山温泉度假酒店");
    t = ask("长沙 酒店 便宜");
    line_is(t, 1, "城南青年旅舍");
    t = ask("长沙 近地铁 含早 酒店");
    line_is(t, 1, "湘晖商务酒店"); /* both tags */
    t = ask("岳阳楼区 湖景酒店");
    line_is(t, 1, "洞庭湖景大酒店");
    t = ask("江景"); /* a tag of hotels and restaurants alike */
    assert_int_equal(a.kind, KF_INFO_ANS_LIST);
    has(t, "默认长沙");
}

static void test_hospital_lists(void **state)
{
    const char *t;

    (void)state;
    t = ask("衡阳 医院");
    assert_int_equal(a.kind, KF_INFO_ANS_LIST);
    line_is(t, 1, "衡阳回雁医学院附属医院（示例）");
    line_is(t, 2, "衡阳雁城人民医院（示例）");
    has(t, "发送“医院名 科室”查看号源");
    t = ask("挂号 长沙");
    line_is(t, 1, "湘江医学院附属第一医院（示例）");
    t = ask("长沙 儿科");
    has(t, "长沙有儿科的医院");
    has(t, "余");
    has(t, "发送“医院名 儿科”查看号源");
    hasnt(t, "岳麓山眼科医院");
    t = ask("天心区 医院");
    line_is(t, 1, "湘江儿童医院（示例）");
    line_is(t, 2, "橘洲口腔医院（示例）");
    t = ask("挂号");
    has(t, "默认长沙");
}

static void test_hospital_named(void **state)
{
    const char *t;
    char full[800];

    (void)state;
    t = ask("湘江医学院附属第一医院 挂号");
    assert_int_equal(a.kind, KF_INFO_ANS_LIST);
    has(t, "湘江医学院附属第一医院（示例）");
    has(t, "可预约科室：心内科、消化内科、儿科");
    has(t, "发送“湘江医学院附属第一医院 科室”查看号源");
    snprintf(full, sizeof full, "%s", t);
    assert_string_equal(ask("附一 挂号"), full);
    assert_string_equal(ask("附一"), full);
    assert_string_equal(ask("湘江医学院附属第一医院（示例）"), full); /* copied from a reply */
    assert_string_equal(ask("湘江医学院第一医院"), full);
    t = ask("省人民医院 挂号");
    has(t, "湖南省立人民医院（示例）");
    has(t, "可预约科室");
    t = ask("株洲 附属医院");
    has(t, "株洲湘江医学院附属医院（示例）");
    t = ask("湘潭中心医院");
    has(t, "湘潭市中心人民医院（示例）");
    t = ask("橘洲口腔医院 心内科"); /* a department it does not have */
    has(t, "没有心内科号源");
    has(t, "可预约科室：口腔科");
}

static void test_hospital_not_found(void **state)
{
    const char *t;

    (void)state;
    t = ask("湘雅医院 挂号");
    assert_int_equal(a.kind, KF_INFO_ANS_NONE);
    has(t, "未找到“湘雅”");
    has(t, "长沙的医院");
    line_is(t, 1, "湘江医学院附属第一医院（示例）"); /* closest first */
    t = ask("湘雅医院 儿科");
    has(t, "长沙有儿科的医院");
    hasnt(t, "岳麓山眼科医院");
    t = ask("人民医院 挂号"); /* several equally good */
    assert_int_equal(a.kind, KF_INFO_ANS_LIST);
    has(t, "找到多家相符的医院");
    line_is(t, 1, "湖南省立人民医院（示例）");
    has(t, "衡阳雁城人民医院");
    t = ask("湘江医学院 挂号");
    has(t, "找到多家相符的医院");
    hasnt(t, "人民医院");
    t = ask("湘江医学院 中医科"); /* only the first has 中医科 */
    assert_int_equal(a.kind, KF_INFO_ANS_SLOTS);
    has(t, "湘江医学院附属第一医院（示例） 中医科");
}

static void test_slots_answer(void **state)
{
    const char *t;

    (void)state;
    t = ask("附一 心内科");
    assert_int_equal(a.kind, KF_INFO_ANS_SLOTS);
    has(t, "湘江医学院附属第一医院（示例） 心内科：");
    has(t, "\n1.12月8日周二 10:00 贾主任 余6");
    has(t, "回复序号预约，如“1”");
    assert_int_equal(a.nchoices, 4);
    assert_string_equal(a.choices[0].key, "hp-cs-01#0@20261208");
    t = ask("湘江医学院附属第一医院 儿科 明天");
    assert_int_equal(a.nchoices, 2);
    has(t, "\n2.12月8日周二 11:00 邹主任 余5");
    t = ask("附一，心脏，后天"); /* everyday name; no slot on day 2 */
    has(t, "12月9日周三无余号");
    assert_true(a.nchoices > 0);
    t = ask("附一 皮肤科"); /* slot 43 (day 1) has left 0 in the file */
    assert_string_equal(a.choices[0].key, "hp-cs-01#44@20261209");
    has(t, "\n1.12月9日周三 16:00 萧主任 余5");
}

static void test_help_and_none(void **state)
{
    const char *t, *help;
    char h[800];

    (void)state;
    help = ask("帮助");
    assert_int_equal(a.kind, KF_INFO_ANS_HELP);
    snprintf(h, sizeof h, "%s", help);
    assert_string_equal(ask("?"), h);
    assert_string_equal(ask("？"), h);
    assert_string_equal(ask(""), h);
    assert_string_equal(ask("  ，"), h);
    assert_int_equal(kf_info_query(info, NULL, NOW, TZ, NULL, NULL, &a), KF_EINVAL);
    assert_string_equal(a.text, h);
    t = ask("你好");
    assert_int_equal(a.kind, KF_INFO_ANS_NONE);
    has(t, "“长沙 酒店”");
    t = ask("长沙 螺蛳粉");
    assert_int_equal(a.kind, KF_INFO_ANS_NONE);
    has(t, "未找到长沙“螺蛳粉”");
    t = ask("望城区 医院");
    assert_int_equal(a.kind, KF_INFO_ANS_NONE);
    t = ask("帮助 长沙 酒店"); /* a look-up with a help word is a look-up */
    assert_int_equal(a.kind, KF_INFO_ANS_LIST);
}

static void test_odd_input(void **state)
{
    char big[4096];

    (void)state;
    ask("\xff\xfe\xc3");
    ask("\xe9\x85"); /* cut UTF-8 */
    assert_int_equal(a.kind, KF_INFO_ANS_HELP);
    ask("ＫＦＣ　长沙");
    memset(big, 0, sizeof big);
    for (size_t i = 0; i + 3 < sizeof big; i += 3)
        memcpy(big + i, "湘", 3);
    ask(big);
    for (size_t i = 0; i + 1 < sizeof big; i++)
        big[i] = (char)('0' + i % 10);
    ask(big);
    ask("12月99日 附一 儿科");
    ask("13月1号 附一 儿科");
    ask("2026年12月9日 附一 儿科");
    assert_int_equal(a.kind, KF_INFO_ANS_SLOTS);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_city_and_kind),  cmocka_unit_test(test_restaurants),
        cmocka_unit_test(test_places_terms),   cmocka_unit_test(test_hospital_lists),
        cmocka_unit_test(test_hospital_named), cmocka_unit_test(test_hospital_not_found),
        cmocka_unit_test(test_slots_answer),   cmocka_unit_test(test_help_and_none),
        cmocka_unit_test(test_odd_input),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
