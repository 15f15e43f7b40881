/* SPDX-License-Identifier: MIT
 * test_classify.c -- the content classifier: features are stable and
 * normalised, a model trained on a small labelled set separates new
 * messages, save/load round-trips exactly, bad files are refused with a
 * reason, and explanations name the features that decided. */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "base/buf.h"
#include "classify/classify.h"

static kf_text *T;

static const char *spam[] = {
    "恭喜您中奖了，请点击 http://win-prize.top 领取5000元现金",
    "低息贷款当天放款，无需抵押，加微信 loan8888 咨询",
    "【积分兑换】您的积分即将清零，请登录 jf-10086.xyz 兑换礼品",
    "兼职刷单日结300元，加QQ 123456789 了解详情",
    "澳门赌场上线，注册即送888元彩金 www.bet-vip.cc",
    "您的ETC已失效，请点击 etc-update.top 重新认证",
    "高薪招聘打字员，在家兼职，日赚500元，加微信 job_vip666",
    "信用卡提额，最高50万，详询 13912345678",
};
static const char *ham[] = {
    "晚上一起吃饭吗？我在老地方等你",
    "【顺丰速运】您的快件已到达长沙中转站，请留意派送",
    "明天下午三点开会，记得带上项目资料",
    "妈，我到学校了，一切都好，放心吧",
    "【招商银行】您尾号1234的账户于11月25日入账工资8500元",
    "周末去爬岳麓山吧，天气预报说是晴天",
    "您的验证码是482913，5分钟内有效，请勿泄露",
    "好的，收到，谢谢老师",
};

static int setup(void **st)
{
    char *err = NULL;
    (void)st;
    T = kf_text_new(NULL, &err);
    free(err);
    return T ? 0 : -1;
}

static int teardown(void **st)
{
    (void)st;
    kf_text_free(T);
    return 0;
}

static void features_of(const char *s, unsigned bits, struct kf_fvec *v)
{
    struct kf_buf b;
    kf_buf_init(&b, 4096);
    kf_text_normalize(T, s, strlen(s), &b);
    kf_classify_features(kf_buf_str(&b), b.len, bits, v);
    kf_buf_deinit(&b);
}

static void features_are_normalised(void **st)
{
    struct kf_fvec a, b;
    double n2 = 0;
    (void)st;
    kf_fvec_init(&a);
    kf_fvec_init(&b);
    features_of("您的验证码是482913", 16, &a);
    features_of("您的验证码是105577", 16, &b);
    assert_true(a.n > 5);
    for (size_t i = 0; i < a.n; i++) {
        n2 += (double)a.val[i] * a.val[i];
        for (size_t j = 0; j < i; j++)
            assert_true(a.idx[j] != a.idx[i]); /* duplicates merged */
    }
    assert_true(fabs(n2 - 1.0) < 1e-5);
    /* digits are shaped: two codes give the same features */
    assert_int_equal(a.n, b.n);
    assert_memory_equal(a.idx, b.idx, a.n * sizeof *a.idx); /* same walk, same order */
    kf_fvec_deinit(&a);
    kf_fvec_deinit(&b);
}

static void trains_saves_loads_explains(void **st)
{
    enum { N = 16 };
    struct kf_example ex[N];
    struct kf_train_opts o;
    struct kf_fvec v;
    kf_model *m = kf_model_new(16), *m2;
    char path[] = "/tmp/kefu-model-XXXXXX", *err = NULL;
    const char *names[4];
    float contrib[4];
    char buf[256];
    int fd;
    (void)st;

    for (int i = 0; i < N; i++) {
        kf_fvec_init(&ex[i].v);
        ex[i].label = i < 8;
        features_of(i < 8 ? spam[i] : ham[i - 8], 16, &ex[i].v);
    }
    kf_train_opts_default(&o);
    o.epochs = 30;
    kf_model_train(m, ex, N, &o);
    kf_fvec_init(&v);
    features_of("点击 prize-now.top 领取现金奖励，加微信 vip9999", 16, &v);
    double s_spam = kf_model_score(m, &v);
    features_of("今晚一起吃饭，我在老地方等你", 16, &v);
    double s_ham = kf_model_score(m, &v);
    assert_true(s_spam > 0.5);
    assert_true(s_ham < 0.5);

    fd = mkstemp(path);
    close(fd);
    kf_model_set_threshold(m, 0.42f);
    assert_int_equal(kf_model_save(m, path), 0);
    m2 = kf_model_load(path, &err);
    assert_non_null(m2);
    assert_true(kf_model_threshold(m2) == 0.42f);
    assert_true(kf_model_score(m2, &v) == kf_model_score(m, &v));

    {
        struct kf_buf b;
        const char *t = "点击 prize-now.top 领取现金";
        int k;
        kf_buf_init(&b, 1024);
        kf_text_normalize(T, t, strlen(t), &b);
        k = kf_classify_explain(m, kf_buf_str(&b), b.len, 4, names, contrib, buf, sizeof buf);
        assert_true(k >= 1);
        assert_true(contrib[0] > 0); /* the strongest push is towards spam */
        kf_buf_deinit(&b);
    }

    /* the quantised form scores within a hair of the float model */
    {
        char qpath[] = "/tmp/kefu-model-q8-XXXXXX";
        int qfd = mkstemp(qpath);
        kf_model *q;
        close(qfd);
        assert_int_equal(kf_model_save_q8(m, qpath), 0);
        q = kf_model_load(qpath, &err);
        assert_non_null(q);
        assert_true(fabs(kf_model_score(q, &v) - kf_model_score(m, &v)) < 0.02);
        assert_true(kf_model_threshold(q) == 0.42f);
        kf_model_free(q);
        unlink(qpath);
    }
    /* a weight no training produces (overflow bait) is refused */
    {
        FILE *f = fopen(path, "r+b");
        float huge = 3e38f;
        assert_non_null(f);
        fseek(f, 24, SEEK_SET);
        fwrite(&huge, 4, 1, f);
        fclose(f);
        assert_null(kf_model_load(path, &err));
        assert_non_null(strstr(err, "out of range"));
        free(err);
        err = NULL;
    }
    /* a truncated file is refused with a reason */
    assert_int_equal(truncate(path, 100), 0);
    assert_null(kf_model_load(path, &err));
    assert_non_null(strstr(err, "truncated"));
    free(err);
    unlink(path);
    kf_model_free(m2);
    kf_model_free(m);
    kf_fvec_deinit(&v);
    for (int i = 0; i < N; i++)
        kf_fvec_deinit(&ex[i].v);
}

int main(void)
{
    const struct CMUnitTest tests[] = {cmocka_unit_test(features_are_normalised),
                                       cmocka_unit_test(trains_saves_loads_explains)};
    return cmocka_run_group_tests(tests, setup, teardown);
}
