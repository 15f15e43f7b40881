/* SPDX-License-Identifier: MIT
 *
 * robot_files.c -- libFuzzer driver for the robot's data files (edited by
 * the operator: outside input): the input is cut at NUL bytes into
 * synonyms.tsv, commands.tsv, examples.tsv, kb.jsonl and chitchat.jsonl,
 * written to a scratch directory and loaded. A set that loads must then
 * classify texts without fault; one that does not must say why.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/base.h"
#include "robot/robot.h"

static const char *const names[] = {"synonyms.tsv", "commands.tsv", "examples.tsv", "kb.jsonl",
                                    "chitchat.jsonl"};

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static kf_text *t;
    static char dir[] = "/tmp/kf-fuzz-files-XXXXXX";
    struct kf_nlu_conf conf = {0.3, 0.0, 0.1, 0};
    struct kf_nlu_result r;
    size_t at = 0;
    char *err = NULL;
    kf_robot_nlu *n;

    if (t == NULL) {
        t = kf_text_new(NULL, &err);
        free(err);
        err = NULL;
        KF_ASSERT(mkdtemp(dir) != NULL);
    }
    if (size > 64 * 1024)
        return 0;
    for (size_t f = 0; f < KF_ARRAY_LEN(names); f++) {
        char path[128];
        const uint8_t *end = at < size ? memchr(data + at, 0, size - at) : NULL;
        size_t len = at < size ? (end ? (size_t)(end - data) : size) - at : 0;
        FILE *fp;
        snprintf(path, sizeof path, "%s/%s", dir, names[f]);
        fp = fopen(path, "wb");
        KF_ASSERT(fp != NULL);
        if (len)
            KF_ASSERT(fwrite(data + at, 1, len, fp) == len);
        fclose(fp);
        at += len + 1;
    }
    n = kf_robot_nlu_load(dir, t, KF_NLU_NO_EVAL, &err);
    if (n == NULL) {
        KF_ASSERT(err != NULL && strstr(err, dir) != NULL); /* names the file */
        free(err);
        return 0;
    }
    kf_robot_classify(n, &conf, "我的话费还有多少", &r);
    kf_robot_classify(n, &conf, "KT", &r);
    kf_robot_classify(n, &conf, (const char *)"", &r);
    kf_robot_nlu_free(n);
    return 0;
}
