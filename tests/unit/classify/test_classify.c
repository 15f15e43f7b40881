/* SPDX-License-Identifier: MIT
 * test_classify.c -- the content classifier: features are stable and
 * normalised, a model trained on a small labelled set separates new
 * messages, save/load round-trips exactly, bad files are refused with a
 * reason, explanations name the features that decided, and a model file of
 * an older feature set is still scored with that set. */
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
        fseek(f, 28, SEEK_SET); /* version 3: header, feature set, weights */
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

/* Set 2 adds skip-bigrams: "代↓用" and "代x用" share the feature "代 用". */
static void skip_bigrams_see_through_symbols(void **st)
{
    struct kf_fvec a, b;
    size_t shared = 0;
    (void)st;
    kf_fvec_init(&a);
    kf_fvec_init(&b);
    features_of("代↓用", 20, &a);
    features_of("代x用", 20, &b);
    for (size_t i = 0; i < a.n; i++)
        for (size_t j = 0; j < b.n; j++)
            shared += a.idx[i] == b.idx[j];
    /* unigrams 代 and 用, first and last characters, length, skip-bigram */
    assert_true(shared >= 6);
    kf_fvec_deinit(&a);
    kf_fvec_deinit(&b);
}

static void write_file(const char *path, const void *p, size_t n)
{
    FILE *f = fopen(path, "wb");
    assert_non_null(f);
    assert_int_equal(fwrite(p, 1, n, f), n);
    fclose(f);
}

/* A version-1 file (feature set 1) loads as set 1 and is scored with it;
 * a new model saves and loads its set; an unknown set is refused. */
static void old_files_keep_their_feature_set(void **st)
{
    uint8_t file[24 + 4 * 256] = "KFMODEL1";
    char path[] = "/tmp/kefu-model-v1-XXXXXX", *err = NULL;
    struct kf_fvec v1, v2, cur;
    kf_model *m;
    struct kf_buf b;
    const char *t = "周/转不易！银/行通 http://a.top";
    int fd = mkstemp(path);
    (void)st;

    close(fd);
    file[8] = 1;  /* version 1 */
    file[12] = 8; /* bits */
    write_file(path, file, sizeof file);
    m = kf_model_load(path, &err);
    assert_non_null(m);
    assert_int_equal(kf_model_feature_set(m), 1);
    kf_fvec_init(&v1);
    kf_fvec_init(&v2);
    kf_fvec_init(&cur);
    kf_buf_init(&b, 1024);
    kf_text_normalize(T, t, strlen(t), &b);
    kf_model_features(m, kf_buf_str(&b), b.len, &v1);
    kf_classify_features(kf_buf_str(&b), b.len, 8, &cur);
    assert_true(v1.n < cur.n); /* set 2 has more features than set 1 */
    kf_model_free(m);

    m = kf_model_new(8);
    assert_int_equal(kf_model_feature_set(m), KF_CLASSIFY_FEATURES);
    assert_int_equal(kf_model_save_q8(m, path), 0);
    kf_model_free(m);
    m = kf_model_load(path, &err);
    assert_non_null(m);
    assert_int_equal(kf_model_feature_set(m), KF_CLASSIFY_FEATURES);
    kf_model_features(m, kf_buf_str(&b), b.len, &v2);
    assert_int_equal(v2.n, cur.n);
    assert_memory_equal(v2.idx, cur.idx, cur.n * sizeof *cur.idx);
    kf_model_free(m);

    file[8] = 3; /* version 3 with feature set 99 */
    file[24] = 99;
    write_file(path, file, sizeof file);
    assert_null(kf_model_load(path, &err));
    assert_non_null(strstr(err, "feature set"));
    free(err);
    unlink(path);
    kf_buf_deinit(&b);
    kf_fvec_deinit(&v1);
    kf_fvec_deinit(&v2);
    kf_fvec_deinit(&cur);
}

int main(void)
{
    const struct CMUnitTest tests[] = {cmocka_unit_test(features_are_normalised),
                                       cmocka_unit_test(trains_saves_loads_explains),
                                       cmocka_unit_test(skip_bigrams_see_through_symbols),
                                       cmocka_unit_test(old_files_keep_their_feature_set)};
    return cmocka_run_group_tests(tests, setup, teardown);
}
