/* SPDX-License-Identifier: MIT
 * test_url.c -- URL and domain intelligence (src/shield/url.c) against the
 * shipped data/shield/domains.txt: official domains and their subdomains,
 * label boundaries, look-alikes in the shapes scams use (icbc-kf.top,
 * 1cbc.com, www.10086-jf.cn, 95588.vip, ccb-etc.com), shorteners, risky
 * TLDs, IP literals, punycode, ports and user@ tricks; benign hosts stay
 * plain; load errors name file:line; and a speed floor for the hot path. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <cmocka.h>

#include "shield/url.h"

static kf_urlintel *U;

static int setup(void **st)
{
    const char *src = getenv("KF_SRC_DIR");
    char path[1024], *err = NULL;
    (void)st;
    snprintf(path, sizeof path, "%s/data/shield/domains.txt", src ? src : ".");
    U = kf_urlintel_load(path, &err);
    if (U == NULL) {
        fprintf(stderr, "%s\n", err);
        free(err);
        return -1;
    }
    return 0;
}

static int teardown(void **st)
{
    (void)st;
    kf_urlintel_free(U);
    return 0;
}

static struct kf_url_verdict check(const char *host)
{
    struct kf_url_verdict v;
    kf_urlintel_check(U, host, strlen(host), &v);
    return v;
}

#define EXPECT(host, want_cls, want_brand)                                                         \
    do {                                                                                           \
        struct kf_url_verdict v_ = check(host);                                                    \
        if (v_.cls != (want_cls) || strcmp(v_.brand, (want_brand)) != 0)                           \
            fail_msg("%s: got class %d brand '%s' (%s), want class %d brand '%s'", host, v_.cls,   \
                     v_.brand, v_.code, (want_cls), (want_brand));                                 \
    } while (0)

static void loads_shipped_file(void **st)
{
    (void)st;
    assert_true(kf_urlintel_nbrands(U) >= 40);
}

static void official_domains(void **st)
{
    struct kf_url_verdict v;
    (void)st;
    EXPECT("icbc.com.cn", KF_URL_OFFICIAL, "工商银行");
    EXPECT("www.icbc.com.cn", KF_URL_OFFICIAL, "工商银行");
    EXPECT("mybank.icbc.com.cn", KF_URL_OFFICIAL, "工商银行");
    EXPECT("10086.cn", KF_URL_OFFICIAL, "中国移动");
    EXPECT("h5.ha.10086.cn", KF_URL_OFFICIAL, "中国移动");
    EXPECT("www.12306.cn", KF_URL_OFFICIAL, "铁路12306");
    EXPECT("weixin.qq.com", KF_URL_OFFICIAL, "微信"); /* the longest suffix names it */
    EXPECT("mail.qq.com", KF_URL_OFFICIAL, "腾讯");
    EXPECT("www.nhsa.gov.cn", KF_URL_OFFICIAL, "国家医保");
    EXPECT("www.beijing.gov.cn", KF_URL_OFFICIAL, "政府网站");
    EXPECT("www.sf-express.com", KF_URL_OFFICIAL, "顺丰");
    EXPECT("ccb.com", KF_URL_OFFICIAL, "建设银行");
    EXPECT("95516.com", KF_URL_OFFICIAL, "银联");
    v = check("m.alipay.com");
    assert_int_equal(v.cls, KF_URL_OFFICIAL);
    assert_int_equal(v.points, 0);
    assert_string_equal(v.code, "url.official");
    assert_string_equal(v.reason, "支付宝的官方域名");
}

static void label_boundaries(void **st)
{
    (void)st;
    /* An official name inside a longer host is not the official domain. */
    EXPECT("icbc.com.cn.evil.top", KF_URL_LOOKALIKE, "工商银行");
    EXPECT("xicbc.com.cn", KF_URL_LOOKALIKE, "工商银行");
    EXPECT("icbc.com.cn-safe.com", KF_URL_LOOKALIKE, "工商银行");
    EXPECT("10086.cn.vip", KF_URL_LOOKALIKE, "中国移动");
    EXPECT("gov.cn.top", KF_URL_RISKY_TLD, "");
    EXPECT("ccb.com.hk-app.cc", KF_URL_LOOKALIKE, "建设银行");
}

static void lookalikes(void **st)
{
    struct kf_url_verdict v;
    (void)st;
    EXPECT("icbc-kf.top", KF_URL_LOOKALIKE, "工商银行");
    EXPECT("1cbc.com", KF_URL_LOOKALIKE, "工商银行"); /* 1 for i */
    EXPECT("www.10086-jf.cn", KF_URL_LOOKALIKE, "中国移动");
    EXPECT("10o86.cn", KF_URL_LOOKALIKE, "中国移动"); /* o for 0 */
    EXPECT("95588.vip", KF_URL_LOOKALIKE, "工商银行");
    EXPECT("ccb-etc.com", KF_URL_LOOKALIKE, "建设银行");
    EXPECT("ccbvip.cn", KF_URL_LOOKALIKE, "建设银行");    /* short token + affix */
    EXPECT("ccb95533.com", KF_URL_LOOKALIKE, "建设银行"); /* short token + digits */
    EXPECT("etc-rz.top", KF_URL_LOOKALIKE, "ETC");
    EXPECT("etcjh.cc", KF_URL_LOOKALIKE, "ETC");
    EXPECT("yibaoka-fw.xyz", KF_URL_LOOKALIKE, "国家医保");
    EXPECT("alipay-hk.net", KF_URL_LOOKALIKE, "支付宝");
    EXPECT("a1ipay.com", KF_URL_LOOKALIKE, "支付宝");
    EXPECT("taobao.top", KF_URL_LOOKALIKE, "淘宝");
    EXPECT("sf-express.vip", KF_URL_LOOKALIKE, "顺丰");
    EXPECT("12306.com", KF_URL_LOOKALIKE, "铁路12306"); /* same label, other TLD */
    EXPECT("boc.top", KF_URL_LOOKALIKE, "中国银行");
    EXPECT("pingan-dk.com", KF_URL_LOOKALIKE, "平安");
    EXPECT("weixln.cc", KF_URL_LOOKALIKE, "微信");
    EXPECT("cmbchina-vip.top", KF_URL_LOOKALIKE, "招商银行"); /* longest token, not cmbc */
    EXPECT("cmbc-kf.top", KF_URL_LOOKALIKE, "民生银行");
    /* One edit from a long official label. */
    EXPECT("aliapy.com", KF_URL_LOOKALIKE, "支付宝");   /* swapped */
    EXPECT("taoobao.com", KF_URL_LOOKALIKE, "淘宝");    /* inserted */
    EXPECT("pinduodo.com", KF_URL_LOOKALIKE, "拼多多"); /* deleted */
    EXPECT("douyln.net", KF_URL_LOOKALIKE, "抖音");
    v = check("icbc-kf.top");
    assert_int_equal(v.points, 70);
    assert_string_equal(v.code, "url.lookalike");
    assert_non_null(strstr(v.reason, "工商银行"));
}

static void benign_hosts_stay_plain(void **st)
{
    static const char *plain[] = {
        "example.com", "github.com",          "www.example.org", "news.ycombinator.com",
        "cloud.com",   /* icloud minus its first letter: not a look-alike */
        "apply.com",   /* one substitution from apple: not flagged */
        "alipan.com",  /* Aliyun Drive, one substitution from alipay */
        "ccbill.com",  /* ccb + "ill" is not an affix */
        "systems.com", /* ems inside a word */
        "accbook.net", "bocai.example.com",   "etcetera.org",    "www.python.org",
        "kernel.org",  "debian.org",          "zhihu.com",       "bilibili.com",
        "amap.com",    "my-company.com.cn",   "shop123.com.cn",  "localhost",
        "com.cn",      "a.b.c.d.example.net",
    };
    (void)st;
    for (size_t i = 0; i < sizeof plain / sizeof plain[0]; i++)
        EXPECT(plain[i], KF_URL_PLAIN, "");
}

static void shorteners_tlds_ip_punycode(void **st)
{
    struct kf_url_verdict v;
    (void)st;
    EXPECT("t.cn", KF_URL_SHORTENER, "");
    EXPECT("url.cn", KF_URL_SHORTENER, "");
    EXPECT("dwz.cn", KF_URL_SHORTENER, "");
    EXPECT("bit.ly", KF_URL_SHORTENER, "");
    EXPECT("www.bit.ly", KF_URL_SHORTENER, "");
    EXPECT("tinyurl.com", KF_URL_SHORTENER, "");
    v = check("t.cn");
    assert_int_equal(v.points, 30);
    assert_string_equal(v.code, "url.shortener");

    v = check("win-prize.top");
    assert_int_equal(v.cls, KF_URL_RISKY_TLD);
    assert_int_equal(v.points, 35);
    assert_string_equal(v.code, "url.risky_tld");
    assert_non_null(strstr(v.reason, ".top"));
    EXPECT("abc.xyz", KF_URL_RISKY_TLD, "");
    EXPECT("fast-cash.loan", KF_URL_RISKY_TLD, "");
    assert_int_equal(check("fast-cash.loan").points, 40);

    EXPECT("1.2.3.4", KF_URL_IP, "");
    EXPECT("192.168.10.200:8080", KF_URL_IP, "");
    EXPECT("[2001:db8::1]:443", KF_URL_IP, "");
    EXPECT("2001:db8::1", KF_URL_IP, "");
    assert_int_equal(check("1.2.3.4").points, 50);
    EXPECT("1.2.3.400", KF_URL_PLAIN, ""); /* not an address, and no TLD */
    EXPECT("1.2.3", KF_URL_PLAIN, "");

    EXPECT("xn--fiqs8s.com", KF_URL_PUNYCODE, "");
    EXPECT("www.xn--icbc-xyz.com", KF_URL_LOOKALIKE, "工商银行"); /* 70 beats 50 */
    assert_int_equal(check("xn--80ak6aa92e.com").points, 50);
}

static void cleaning(void **st)
{
    (void)st;
    EXPECT("icbc.com.cn:443", KF_URL_OFFICIAL, "工商银行"); /* port */
    EXPECT("icbc-kf.top:8080", KF_URL_LOOKALIKE, "工商银行");
    EXPECT("WWW.ICBC.COM.CN", KF_URL_OFFICIAL, "工商银行"); /* case */
    EXPECT("icbc.com.cn.", KF_URL_OFFICIAL, "工商银行");    /* trailing dot */
    EXPECT("https://www.10086.cn/a/b?c=1", KF_URL_OFFICIAL, "中国移动");
    /* user@host: the browser goes to the part after '@'. */
    EXPECT("www.icbc.com.cn@1.2.3.4", KF_URL_IP, "");
    EXPECT("icbc.com.cn@icbc-safe.top", KF_URL_LOOKALIKE, "工商银行");
    EXPECT("", KF_URL_PLAIN, "");
    EXPECT(":80", KF_URL_PLAIN, "");
    EXPECT("...", KF_URL_PLAIN, "");
    EXPECT("\xe4\xb8\xad\xe5\x9b\xbd.top", KF_URL_RISKY_TLD, ""); /* raw UTF-8 label */
}

static void long_and_odd_hosts(void **st)
{
    char big[2048];
    struct kf_url_verdict v;
    (void)st;
    memset(big, 'a', sizeof big);
    for (size_t i = 10; i < sizeof big; i += 11)
        big[i] = '.';
    memcpy(big + sizeof big - 11, ".icbc-kf.top", 11);
    kf_urlintel_check(U, big, sizeof big - 1, &v); /* longer than a DNS name */
    assert_int_equal(v.cls, KF_URL_LOOKALIKE);
    memset(big, '.', sizeof big);
    kf_urlintel_check(U, big, sizeof big, &v);
    assert_int_equal(v.cls, KF_URL_PLAIN);
    memset(big, '-', sizeof big);
    kf_urlintel_check(U, big, sizeof big, &v);
    assert_int_equal(v.cls, KF_URL_PLAIN);
}

static kf_urlintel *parse(const char *text, char **err)
{
    return kf_urlintel_parse("t.txt", text, strlen(text), err);
}

static void expect_error(const char *text, const char *want)
{
    char *err = NULL;
    kf_urlintel *u = parse(text, &err);
    assert_null(u);
    assert_non_null(err);
    if (strcmp(err, want) != 0)
        fail_msg("got \"%s\", want \"%s\"", err, want);
    free(err);
}

static void load_errors(void **st)
{
    char *err = NULL;
    (void)st;
    expect_error("# c\nbrand A a.com\nbrnad B b.com\n", "t.txt:3: unknown line kind 'brnad'");
    expect_error("brand A\n",
                 "t.txt:1: brand needs a name and at least one domain or token: 'brand'");
    expect_error("brand A A.com\n",
                 "t.txt:1: bad domain (lower-case ASCII, punycode for IDNs): 'A.com'");
    expect_error("brand A a..com\n",
                 "t.txt:1: bad domain (lower-case ASCII, punycode for IDNs): 'a..com'");
    expect_error("brand A a.com\nbrand B a.com\n",
                 "t.txt:2: official domain listed twice: 'a.com'");
    expect_error("brand A a.com token:abcd\nbrand B b.com token:abcd\n",
                 "t.txt:2: token listed twice (or folds like another): 'abcd'");
    expect_error("brand A a.com token:abcd\nbrand B b.com token:4bcd\n",
                 "t.txt:2: token listed twice (or folds like another): '4bcd'");
    expect_error("brand A a.com token:x\n",
                 "t.txt:1: token must be 2-32 lower-case letters or digits: 'x'");
    expect_error("brand A a.com token:ab_c\n",
                 "t.txt:1: token must be 2-32 lower-case letters or digits: 'ab_c'");
    expect_error("brand A token:abcd a.com\n",
                 "t.txt:1: official domains go before the tokens: 'a.com'");
    expect_error("brand A a.com\nrisky_tld top 0\n",
                 "t.txt:2: points must be a number 1..100, not '0'");
    expect_error("brand A a.com\nrisky_tld top 101\n",
                 "t.txt:2: points must be a number 1..100, not '101'");
    expect_error("brand A a.com\nrisky_tld top x\n",
                 "t.txt:2: points must be a number 1..100, not 'x'");
    expect_error("brand A a.com\nrisky_tld top\n", "t.txt:2: usage: risky_tld <tld> <1..100>");
    expect_error("brand A a.com\nrisky_tld top 10\nrisky_tld .top 20\n",
                 "t.txt:3: top-level domain listed twice: '.top'");
    expect_error("points lookalike 70\npoints lookslike 70\nbrand A a.com\n",
                 "t.txt:2: unknown finding 'lookslike'");
    expect_error("suffix cn\nbrand A a.com\n",
                 "t.txt:1: a suffix line lists multi-label suffixes (com.cn), not 'cn'");
    expect_error("shortener\nbrand A a.com\n", "t.txt:1: nothing listed after 'shortener'");
    expect_error("shortener localhost\nbrand A a.com\n", "t.txt:1: bad domain 'localhost'");
    expect_error("# nothing\n", "t.txt: no brand lines");
    expect_error("brand A a.com\nbrand \xe4\xb8\x80\xe4\xb8\x80\xe4\xb8\x80\xe4\xb8\x80"
                 "\xe4\xb8\x80\xe4\xb8\x80\xe4\xb8\x80\xe4\xb8\x80\xe4\xb8\x80\xe4\xb8\x80"
                 "\xe4\xb8\x80\xe4\xb8\x80\xe4\xb8\x80\xe4\xb8\x80\xe4\xb8\x80\xe4\xb8\x80 b.com\n",
                 "t.txt:2: bad brand name (1-47 bytes, first word after 'brand'): "
                 "'\xe4\xb8\x80\xe4\xb8\x80\xe4\xb8\x80\xe4\xb8\x80\xe4\xb8\x80\xe4\xb8\x80"
                 "\xe4\xb8\x80\xe4\xb8\x80\xe4\xb8\x80\xe4\xb8\x80\xe4\xb8\x80\xe4\xb8\x80"
                 "\xe4\xb8\x80\xe4\xb8\x80\xe4\xb8\x80\xe4\xb8\x80'");

    /* Missing file: "path: reason". */
    assert_null(kf_urlintel_load("/nonexistent/domains.txt", &err));
    assert_string_equal(err, "/nonexistent/domains.txt: No such file or directory");
    free(err);

    /* A minimal valid file: comments, tabs, CRLF, trailing comment words. */
    kf_urlintel *u = parse("# x\r\n\tbrand\tA\ta.com  token:abcd # note\r\n"
                           "points lookalike 80\r\nsuffix co.xx\r\n",
                           &err);
    assert_non_null(u);
    assert_null(err);
    assert_int_equal(kf_urlintel_nbrands(u), 1);
    struct kf_url_verdict v;
    kf_urlintel_check(u, "abcd-1.co.xx", 12, &v);
    assert_int_equal(v.cls, KF_URL_LOOKALIKE);
    assert_int_equal(v.points, 80);
    kf_urlintel_check(u, "x.a.com", 7, &v);
    assert_int_equal(v.cls, KF_URL_OFFICIAL);
    kf_urlintel_free(u);
    kf_urlintel_free(NULL);
}

/* The hot path: no allocation (checked by construction) and fast. The floor
 * is loose so that sanitizer and debug builds pass; Release runs well under
 * a microsecond per host. */
static void speed(void **st)
{
    static const char *hosts[] = {
        "www.icbc.com.cn",    "icbc-kf.top", "www.10086-jf.cn", "example.com",      "t.cn",
        "mybank.abchina.com", "a1ipay.com",  "192.168.1.1",     "news.sina.com.cn", "etc-rz.top",
    };
    size_t lens[10];
    struct kf_url_verdict v;
    struct timespec a, b;
    const int rounds = 20000;
    long sink = 0;
    double ns;
    (void)st;
    for (int i = 0; i < 10; i++)
        lens[i] = strlen(hosts[i]);
    clock_gettime(CLOCK_MONOTONIC, &a);
    for (int r = 0; r < rounds; r++)
        for (int i = 0; i < 10; i++) {
            kf_urlintel_check(U, hosts[i], lens[i], &v);
            sink += v.points;
        }
    clock_gettime(CLOCK_MONOTONIC, &b);
    ns = ((double)(b.tv_sec - a.tv_sec) * 1e9 + (double)(b.tv_nsec - a.tv_nsec)) / (rounds * 10.0);
    print_message("url check: %.0f ns per host (sink %ld)\n", ns, sink);
    assert_true(ns < 20000.0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(loads_shipped_file),
        cmocka_unit_test(official_domains),
        cmocka_unit_test(label_boundaries),
        cmocka_unit_test(lookalikes),
        cmocka_unit_test(benign_hosts_stay_plain),
        cmocka_unit_test(shorteners_tlds_ip_punycode),
        cmocka_unit_test(cleaning),
        cmocka_unit_test(long_and_odd_hosts),
        cmocka_unit_test(load_errors),
        cmocka_unit_test(speed),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
