/* SPDX-License-Identifier: MIT
 *
 * info_dir.c -- libFuzzer driver for the 12580 directory loader
 * (src/info/load.c, words.c): arbitrary bytes are parsed as a directory.
 * Either it fails with "f:line: field: reason", or it loads and a few
 * look-ups over it keep the answers' invariants: they start with
 * 【12580】, are valid UTF-8 of at most 200 characters, number exactly
 * the slots they hand back, and every slot key is found again.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "info/info.h"

#define CHECK(e)                                                                                   \
    do {                                                                                           \
        if (!(e)) {                                                                                \
            fprintf(stderr, "%s:%d: property failed: %s\n", __FILE__, __LINE__, #e);               \
            abort();                                                                               \
        }                                                                                          \
    } while (0)

#define NOW 1796608800000LL /* 2026-12-07 10:00 +08:00 */
#define TZ (8 * 3600)

static const char *const queries[] = {
    "长沙 酒店",     "株洲 火锅 便宜", "衡阳 医院", "挂号", "儿科 明天",     "附一 心内科",
    "测试医院 儿科", "芙蓉区 经济型",  "高档",      "帮助", "湘雅医院 挂号",
};

/* Characters of valid UTF-8, or -1. */
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

static void check_answer(const kf_info *info, const struct kf_info_answer *a)
{
    int c = utf8_chars(a->text);

    CHECK(c > 0 && c <= KF_INFO_REPLY_CHARS);
    CHECK(strncmp(a->text, "【12580】", strlen("【12580】")) == 0);
    CHECK(a->nchoices >= 0 && a->nchoices <= KF_INFO_MAX_CHOICES);
    CHECK(a->kind == KF_INFO_ANS_SLOTS || a->nchoices == 0);
    for (int i = 0; i < a->nchoices; i++) {
        struct kf_info_slot s;
        char tag[8];
        snprintf(tag, sizeof tag, "\n%d.", i + 1);
        CHECK(strstr(a->text, tag) != NULL);
        CHECK(a->choices[i].left > 0);
        CHECK(kf_info_slot(info, a->choices[i].key, NOW, TZ, NULL, NULL, &s) == 0);
        CHECK(strcmp(s.text, a->choices[i].text) == 0 && s.left == a->choices[i].left);
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *err = NULL;
    kf_info *info = kf_info_parse((const char *)data, size, "f", &err);
    struct kf_info_answer a;

    if (info == NULL) {
        CHECK(err != NULL && strncmp(err, "f:", 2) == 0);
        free(err);
        return 0;
    }
    CHECK(kf_info_count(info, -1) == kf_info_count(info, KF_INFO_HOTEL) +
                                         kf_info_count(info, KF_INFO_RESTAURANT) +
                                         kf_info_count(info, KF_INFO_HOSPITAL));
    for (size_t i = 0; i < sizeof queries / sizeof queries[0]; i++) {
        CHECK(kf_info_query(info, queries[i], NOW, TZ, NULL, NULL, &a) == 0);
        check_answer(info, &a);
    }
    kf_info_free(info);
    return 0;
}
