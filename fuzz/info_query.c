/* SPDX-License-Identifier: MIT
 *
 * info_query.c -- libFuzzer driver for the 12580 query reader and answers
 * (src/info/query.c, reply.c, slot.c): arbitrary bytes are a subscriber's
 * SMS, asked of the shipped directory (data/info/directory.jsonl under
 * $KF_SRC_DIR or the source tree this was built from; a small built-in
 * directory when neither is there) at a time that moves with the input.
 * Every answer starts with 【12580】, is valid UTF-8 of at most 200
 * characters, numbers exactly the slots it hands back, each with seats
 * free and a key that kf_info_slot() finds again the same day and refuses
 * the next.
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
#define DAY_MS 86400000LL

static const char builtin[] =
    "{\"id\":\"h-cs-001\",\"kind\":\"hotel\",\"city\":\"长沙\",\"district\":\"芙蓉区\",\"name\":"
    "\"星驿快捷酒店（五一广场店）\",\"address\":\"芙蓉区锦湘东路318号\",\"phone\":\"0731-"
    "89776513\","
    "\"tags\":[\"经济型\",\"近地铁\",\"近五一广场\"],\"price\":168,\"rating\":3.3}\n"
    "{\"id\":\"r-cs-002\",\"kind\":\"restaurant\",\"city\":\"长沙\",\"district\":\"芙蓉区\","
    "\"name\":"
    "\"星城口味虾（解放西店）\",\"address\":\"芙蓉区荷澜街139号\",\"phone\":\"0731-87653816\","
    "\"tags\":[\"口味虾\",\"夜宵\"],\"price\":128,\"rating\":4.1,\"cuisine\":\"湘菜\"}\n"
    "{\"id\":\"r-zz-007\",\"kind\":\"restaurant\",\"city\":\"株洲\",\"district\":\"石峰区\","
    "\"name\":"
    "\"石峰老火锅\",\"address\":\"石峰区清石路292号\",\"phone\":\"0731-85934979\","
    "\"tags\":[\"夜宵\",\"包厢\"],\"price\":88,\"rating\":4.9,\"cuisine\":\"火锅\"}\n"
    "{\"id\":\"hp-cs-01\",\"kind\":\"hospital\",\"city\":\"长沙\",\"district\":\"开福区\",\"name\":"
    "\"湘江医学院附属第一医院（示例）\",\"address\":\"开福区金霞大道386号\",\"phone\":"
    "\"0731-82922429\",\"tags\":[\"三甲\"],\"slots\":["
    "{\"dept\":\"心内科\",\"doctor\":\"贾主任\",\"day\":1,\"time\":\"10:00\",\"left\":6},"
    "{\"dept\":\"心内科\",\"doctor\":\"侯主任\",\"day\":1,\"time\":\"14:30\",\"left\":0},"
    "{\"dept\":\"儿科\",\"doctor\":\"钟主任\",\"day\":3,\"time\":\"09:00\",\"left\":7},"
    "{\"dept\":\"儿科\",\"doctor\":\"钟主任\",\"day\":7,\"time\":\"15:00\",\"left\":2}]}\n";

static kf_info *info;

static kf_info *load(void)
{
    const char *dirs[] = {getenv("KF_SRC_DIR"),
#ifdef KF_SOURCE_DIR
                          KF_SOURCE_DIR,
#endif
                          NULL};
    char path[1024], *err = NULL;
    kf_info *in;

    for (size_t i = 0; i < sizeof dirs / sizeof dirs[0]; i++) {
        if (dirs[i] == NULL)
            continue;
        snprintf(path, sizeof path, "%s/data/info/directory.jsonl", dirs[i]);
        in = kf_info_load(path, &err);
        if (in != NULL)
            return in;
        free(err);
        err = NULL;
    }
    in = kf_info_parse(builtin, sizeof builtin - 1, "builtin", &err);
    if (in == NULL) {
        fprintf(stderr, "%s\n", err);
        abort();
    }
    return in;
}

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

/* Pretends every third slot key has one seat booked. */
static int booked(void *ctx, const char *key)
{
    size_t h = 0;

    (void)ctx;
    for (; *key; key++)
        h = h * 31 + (unsigned char)*key;
    return h % 3 == 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *text = malloc(size + 1);
    struct kf_info_answer a;
    int64_t now = NOW;
    int c;

    if (info == NULL)
        info = load();
    memcpy(text, data, size);
    text[size] = '\0';
    for (size_t i = 0; i < size; i++)
        now += (int64_t)data[i] * 3600000LL; /* some hours later, by the input */
    CHECK(kf_info_query(info, text, now, TZ, booked, NULL, &a) == 0);
    c = utf8_chars(a.text);
    CHECK(c > 0 && c <= KF_INFO_REPLY_CHARS);
    CHECK(strncmp(a.text, "【12580】", strlen("【12580】")) == 0);
    CHECK(a.kind == KF_INFO_ANS_SLOTS || a.nchoices == 0);
    CHECK(a.nchoices >= 0 && a.nchoices <= KF_INFO_MAX_CHOICES);
    for (int i = 0; i < a.nchoices; i++) {
        struct kf_info_slot s;
        char tag[8];
        snprintf(tag, sizeof tag, "\n%d.", i + 1);
        CHECK(strstr(a.text, tag) != NULL);
        CHECK(a.choices[i].left > 0);
        CHECK(kf_info_slot(info, a.choices[i].key, now, TZ, booked, NULL, &s) == 0);
        CHECK(strcmp(s.text, a.choices[i].text) == 0 && s.left == a.choices[i].left);
        CHECK(kf_info_slot(info, a.choices[i].key, now + DAY_MS, TZ, NULL, NULL, &s) != 0);
    }
    CHECK(kf_info_slot(info, text, now, TZ, NULL, NULL, &a.choices[0]) != 0 ||
          strchr(text, '@') != NULL);
    free(text);
    return 0;
}
