/* SPDX-License-Identifier: MIT
 * test_text.c -- normalisation (width, case, traditional Chinese, zero-width,
 * spaced-out and filler-split keywords, look-alikes), feature extraction and
 * SimHash distances, on messages shaped like real spam and real notices. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "base/buf.h"
#include "text/text.h"

static kf_text *T;

static int setup(void **st)
{
    char *err = NULL;
    (void)st;
    T = kf_text_new(NULL, &err);
    if (err) {
        fprintf(stderr, "%s\n", err);
        free(err);
    }
    return T && kf_text_has_t2s(T) ? 0 : -1;
}

static int teardown(void **st)
{
    (void)st;
    kf_text_free(T);
    return 0;
}

static void expect_norm(const char *in, const char *want)
{
    struct kf_buf b;
    kf_buf_init(&b, 4096);
    assert_int_equal(kf_text_normalize(T, in, strlen(in), &b), 0);
    assert_string_equal(kf_buf_str(&b), want);
    kf_buf_deinit(&b);
}

static void normalises(void **st)
{
    (void)st;
    expect_norm("ＡＢＣ１２３", "abc123");                 /* full width, case */
    expect_norm("點擊領取優惠", "点击领取优惠");              /* traditional */
    expect_norm("加\u200b微\u200d信", "加微信");            /* zero-width */
    expect_norm("加 微 信", "加微信");                      /* spaced out */
    expect_norm("加-微-信 领 取", "加微信领取");             /* fillers between CJK */
    expect_norm("w\u0435ixin", "weixin");                   /* Cyrillic е */
    expect_norm("Café  NOW", "cafe now");                   /* marks, spaces */
    expect_norm("www。abc。com", "www.abc.com");             /* ideographic dots */
    expect_norm("①②③", "123");                             /* circled digits */
    expect_norm("您好 , 欢迎", "您好 , 欢迎");              /* not between two CJK: kept */
    expect_norm("  lead and trail  ", "lead and trail");
    expect_norm("bad\xff\xfe bytes", "bad bytes");         /* invalid UTF-8 dropped */
}

static int count_kind(struct kf_text_item *it, int n, int kind)
{
    int c = 0;
    for (int i = 0; i < n; i++)
        c += it[i].kind == kind;
    return c;
}

static void extracts(void **st)
{
    struct kf_buf b;
    struct kf_text_item it[16];
    const char *msg = "【中国银行】您的积分即将清零，请登录 http://boc-jf.top/a?x=1 兑换，"
                      "或加微信:bank_vip888 咨询，详询13912345678或4008123456，可领￥1,888元。"
                      "QQ 123456789";
    int n;
    (void)st;

    kf_buf_init(&b, 4096);
    kf_text_normalize(T, msg, strlen(msg), &b);
    n = kf_text_extract(kf_buf_str(&b), b.len, it, 16);
    assert_int_equal(count_kind(it, n, KF_TX_URL), 1);
    for (int i = 0; i < n; i++)
        if (it[i].kind == KF_TX_URL)
            assert_memory_equal(kf_buf_str(&b) + it[i].aux_off, "boc-jf.top", it[i].aux_len);
    assert_int_equal(count_kind(it, n, KF_TX_WECHAT), 1);
    assert_int_equal(count_kind(it, n, KF_TX_MOBILE), 1);
    assert_int_equal(count_kind(it, n, KF_TX_PHONE), 1);
    assert_int_equal(count_kind(it, n, KF_TX_AMOUNT), 1);
    assert_int_equal(count_kind(it, n, KF_TX_QQ), 1);
    kf_buf_deinit(&b);

    /* A verification code is no phone number; a bare domain is a URL. */
    kf_buf_init(&b, 4096);
    msg = "您的验证码是 482913，5分钟内有效。详见 example.cn";
    kf_text_normalize(T, msg, strlen(msg), &b);
    n = kf_text_extract(kf_buf_str(&b), b.len, it, 16);
    assert_int_equal(count_kind(it, n, KF_TX_MOBILE) + count_kind(it, n, KF_TX_PHONE), 0);
    assert_int_equal(count_kind(it, n, KF_TX_URL), 1);
    kf_buf_deinit(&b);
}

/* The host of a URL is the real one: userinfo before '@' is skipped, and a
 * bare IPv4 address after a scheme is a host too. */
static const char *url_host(const char *msg, char *out, size_t cap)
{
    struct kf_buf b;
    struct kf_text_item it[8];
    int n;

    kf_buf_init(&b, 4096);
    kf_text_normalize(T, msg, strlen(msg), &b);
    n = kf_text_extract(kf_buf_str(&b), b.len, it, 8);
    out[0] = '\0';
    for (int i = 0; i < n && i < 8; i++)
        if (it[i].kind == KF_TX_URL && it[i].aux_len < cap) {
            memcpy(out, kf_buf_str(&b) + it[i].aux_off, it[i].aux_len);
            out[it[i].aux_len] = '\0';
        }
    kf_buf_deinit(&b);
    return out;
}

static void url_hosts(void **st)
{
    char h[64];
    (void)st;
    assert_string_equal(url_host("请登录 http://icbc.com.cn@evil.top/a 验证", h, sizeof h), "evil.top");
    assert_string_equal(url_host("点击 icbc.com.cn@evil.top 领取", h, sizeof h), "evil.top");
    assert_string_equal(url_host("打开 http://user:pw@10086.cn/x", h, sizeof h), "10086.cn");
    assert_string_equal(url_host("访问 http://103.45.67.89:8080/pay 缴费", h, sizeof h),
                        "103.45.67.89");
    assert_string_equal(url_host("版本 1.2.3.4 已发布", h, sizeof h), "");
    assert_string_equal(url_host("邮箱 a@example.com 联系", h, sizeof h), "example.com");
}

static void simhash_near_duplicates(void **st)
{
    const char *a = "恭喜您获得本店周年庆抽奖资格，点击领取888元现金红包，详情咨询客服";
    const char *b2 = "恭喜您获得本店周年庆抽奖资格，点击领取888元现金红包!详情咨询客服";
    const char *c = "明天下午三点在会议室开会，请准时参加，记得带上项目资料";
    uint64_t ha = kf_text_simhash(a, strlen(a)), hb = kf_text_simhash(b2, strlen(b2)),
             hc = kf_text_simhash(c, strlen(c));
    (void)st;
    assert_true(kf_text_hamming(ha, hb) <= 8);
    assert_true(kf_text_hamming(ha, hc) >= 16);
    assert_int_equal(kf_text_simhash(a, strlen(a)), ha);
}

int main(void)
{
    const struct CMUnitTest tests[] = {cmocka_unit_test(normalises), cmocka_unit_test(extracts),
                                       cmocka_unit_test(url_hosts),
                                       cmocka_unit_test(simhash_near_duplicates)};
    return cmocka_run_group_tests(tests, setup, teardown);
}
