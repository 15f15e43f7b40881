/* SPDX-License-Identifier: MIT
 *
 * url_intel.c -- libFuzzer driver for the URL intelligence of the spam
 * shield (src/shield/url.c). The first byte picks the target: even, the rest
 * is a host (it comes from message text) judged against a small built-in
 * table, and the verdict must be a known class with NUL-terminated strings;
 * odd, the rest is a domains.txt (staff-edited) to parse, and when it loads
 * a few hosts are judged against it.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "base/base.h"
#include "shield/url.h"

static const char TABLE[] = "points lookalike 70\n"
                            "suffix com.cn gov.cn\n"
                            "affix vip kf jf\n"
                            "brand 工商银行 icbc.com.cn token:icbc token:95588\n"
                            "brand 建设银行 ccb.com token:ccb\n"
                            "brand 支付宝 alipay.com token:alipay\n"
                            "brand 政府网站 gov.cn\n"
                            "shortener t.cn bit.ly\n"
                            "risky_tld top 35\n";

static void judge(const kf_urlintel *u, const char *host, size_t len)
{
    struct kf_url_verdict v;
    kf_urlintel_check(u, host, len, &v);
    KF_ASSERT(v.cls >= KF_URL_PLAIN && v.cls <= KF_URL_PUNYCODE);
    KF_ASSERT(v.points >= 0 && v.points <= 100);
    KF_ASSERT(memchr(v.brand, 0, sizeof v.brand) && memchr(v.code, 0, sizeof v.code));
    KF_ASSERT(memchr(v.reason, 0, sizeof v.reason));
    KF_ASSERT((v.cls == KF_URL_PLAIN) == (v.code[0] == 0));
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static kf_urlintel *fixed;
    char *err = NULL;

    if (fixed == NULL) {
        fixed = kf_urlintel_parse("fixed", TABLE, sizeof TABLE - 1, &err);
        KF_ASSERT(fixed != NULL);
    }
    if (size == 0 || size > 64 * 1024)
        return 0;
    if ((data[0] & 1) == 0) {
        judge(fixed, (const char *)data + 1, size - 1);
    } else {
        kf_urlintel *u = kf_urlintel_parse("fuzz", (const char *)data + 1, size - 1, &err);
        KF_ASSERT((u == NULL) == (err != NULL));
        if (u != NULL) {
            judge(u, "www.icbc-kf.top", 15);
            judge(u, "a.b.c", 5);
            judge(u, (const char *)data + 1, size - 1 < 300 ? size - 1 : 300);
        }
        kf_urlintel_free(u);
        free(err);
    }
    return 0;
}
