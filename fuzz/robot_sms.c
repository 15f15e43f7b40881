/* SPDX-License-Identifier: MIT
 *
 * robot_sms.c -- libFuzzer driver for the robots' reading of a subscriber's
 * SMS (outside input): arbitrary bytes are texted to 10086 and to 12580 by
 * a demo subscriber of a real store, with the shipped robot files and
 * directory. Every reply must be non-empty valid UTF-8 within the reply
 * length; the 12580 dialogue state must survive any text.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/base.h"
#include "robot/robot.h"
#include "store/subs.h"

static kf_robot *robot;
static int64_t now_ms = 1796000000000LL, msg_id;

static void setup(void)
{
    struct kf_store_conf sconf = {0, 4096, 5000, 0};
    struct kf_selfcare_conf conf = {
        .tz_offset_min = 480, .confirm_window_ms = 600000, .chunk = 1000, .rate_cache = 4096};
    struct kf_robot_conf rc = {.dir = "robot",
                               .directory = "info/directory.jsonl",
                               .context_ms = 600000,
                               .max_contexts = 1000,
                               .min_score_pm = 100,
                               .min_coverage_pm = 100,
                               .rate_minute = 1000000,
                               .rate_day = 1000000,
                               .reply_max = 201};
    char dir[] = "/tmp/kf-fuzz-robot-XXXXXX", db[128];
    char *err = NULL;
    kf_store *st;
    kf_selfcare *sc;

    snprintf(conf.catalog, sizeof conf.catalog, "tariff/catalog.jsonl");
    KF_ASSERT(mkdtemp(dir) != NULL);
    snprintf(db, sizeof db, "%s/kefu.db", dir);
    st = kf_store_open(db, &sconf, &err);
    KF_ASSERT(st != NULL);
    sc = kf_selfcare_new(st, &conf, KF_SOURCE_DIR "/data", &err);
    KF_ASSERT(sc != NULL);
    KF_ASSERT(kf_selfcare_create(sc, "13900000001", "x", "P5G-ZX128", 100000, now_ms) == 0);
    robot = kf_robot_new(st, sc, &rc, KF_SOURCE_DIR "/data", &err);
    KF_ASSERT(robot != NULL);
    kf_log_level = KF_LOG_ERR;
}

static void check(const char *reply, int rc)
{
    size_t chars = 0;

    if (rc != 1 || reply[0] == '\0')
        fprintf(stderr, "rc %d reply \"%s\"\n", rc, reply);
    KF_ASSERT(rc == 1 && reply[0] != '\0');
    for (const unsigned char *s = (const unsigned char *)reply; *s;) {
        size_t l = *s < 0x80 ? 1 : *s >= 0xF0 ? 4 : *s >= 0xE0 ? 3 : *s >= 0xC2 ? 2 : 0;
        KF_ASSERT(l > 0);
        for (size_t k = 1; k < l; k++)
            KF_ASSERT((s[k] & 0xC0) == 0x80);
        chars += l == 4 ? 2 : 1;
        s += l;
    }
    KF_ASSERT(chars <= 201);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char text[1024], reply[1024];

    if (robot == NULL)
        setup();
    if (size >= sizeof text)
        return 0;
    memcpy(text, data, size);
    text[size] = '\0';
    now_ms += 1000;
    check(reply, kf_robot_10086(robot, "13900000001", text, ++msg_id, now_ms, reply, sizeof reply));
    check(reply, kf_robot_12580(robot, "13900000001", text, ++msg_id, now_ms, reply, sizeof reply));
    return 0;
}
