/* SPDX-License-Identifier: MIT
 *
 * shield_rules.c -- libFuzzer driver for the spam shield's rules file
 * (data/shield/rules.txt, staff-edited; src/shield/rules.c). Arbitrary
 * bytes are parsed as a rules file and compiled with vectorscan; when they
 * compile, a few fixed normalised texts are scanned and every hit must name
 * a rule of the list. Either the parse fails with "path:line: ..." or the
 * compile fails with an error, never both silent.
 *
 * Inputs over 4 KiB are skipped: vectorscan compile time grows with the
 * patterns (bounded repeats especially), and a real rules line is far
 * shorter; what matters here is the parser and the error paths.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "base/base.h"
#include "shield/rules.h"

/* Normalised texts (lower case, ASCII digits and punctuation). */
static const char *const TEXTS[] = {
    "您的账户涉嫌洗钱,请将资金转入安全账户配合核查",
    "验证码123456,请勿告诉他人。如非本人操作请忽略",
    "加 v 信 abc888 领取",
    "",
    "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\nhttp://t.cn/abc 95588 *#06# ~!@$%^&()_+{}|:<>?",
};

static void scan_all(kf_rules *r)
{
    int hits[4];

    for (size_t t = 0; t < KF_ARRAY_LEN(TEXTS); t++) {
        int n = kf_rules_scan(r, TEXTS[t], strlen(TEXTS[t]), hits, (int)KF_ARRAY_LEN(hits));
        KF_ASSERT(n >= 0 && n <= (int)KF_ARRAY_LEN(hits));
        for (int i = 0; i < n; i++) {
            const struct kf_rule *rule;
            KF_ASSERT(hits[i] >= 0 && (size_t)hits[i] < kf_rules_count(r));
            rule = kf_rules_get(r, hits[i]);
            KF_ASSERT(rule->pattern != NULL && rule->code[0] != '\0');
        }
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct kf_rule_list l = {0};
    kf_rules *r = NULL;
    char path[64], *err = NULL;
    int fd = -1, rc;

    if (size > 4096)
        return 0;
    fd = memfd_create("kefu-rules", 0);
    if (fd < 0 || write(fd, data, size) != (ssize_t)size)
        goto out;
    snprintf(path, sizeof path, "/proc/self/fd/%d", fd);
    rc = kf_rules_parse_file(&l, path, &err);
    if (rc != 0) {
        KF_ASSERT(err != NULL && strncmp(err, path, strlen(path)) == 0);
        goto out;
    }
    KF_ASSERT(err == NULL);
    for (size_t i = 0; i < l.n; i++) {
        KF_ASSERT(l.v[i].pattern[0] != '\0' && l.v[i].line > 0);
        KF_ASSERT(memchr(l.v[i].code, 0, sizeof l.v[i].code));
        KF_ASSERT(memchr(l.v[i].reason, 0, sizeof l.v[i].reason));
    }
    r = kf_rules_compile(&l, "fuzz", &err); /* takes the list */
    KF_ASSERT(l.n == 0 && l.v == NULL);
    KF_ASSERT((r == NULL) == (err != NULL));
    if (r != NULL)
        scan_all(r);
out:
    kf_rules_free(r);
    kf_rules_list_free(&l);
    free(err);
    if (fd >= 0)
        close(fd);
    return 0;
}
