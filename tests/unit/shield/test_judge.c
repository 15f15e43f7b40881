/* SPDX-License-Identifier: MIT
 * test_judge.c -- the shield's judge with the shipped model and domain list
 * and a rules file of the test's own: lists, rules (and their file:line
 * errors), URLs, port registration, behaviour limits with automatic
 * suspension, bursts, sequential numbers, campaigns, the verdict cache and
 * reports. No store: lists live in memory only. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "base/err.h"
#include "shield/shield.h"

static char rules_path[128];
static struct kf_shield_conf conf;

static void defaults(struct kf_shield_conf *c)
{
    struct kf_conf_section sec = {"shield", "", kf_shield_keys, kf_shield_nkeys, c};
    const char *src = getenv("KF_SRC_DIR");
    kf_conf_defaults(&sec, 1);
    assert_non_null(src);
    snprintf(c->model, sizeof c->model, "%s/data/model.bin", src);
    snprintf(c->domains, sizeof c->domains, "%s/data/shield/domains.txt", src);
    snprintf(c->rules, sizeof c->rules, "%s", rules_path);
}

static void write_rules(const char *text)
{
    FILE *f = fopen(rules_path, "w");
    assert_non_null(f);
    fputs(text, f);
    fclose(f);
}

static int setup(void **st)
{
    char *err = NULL;
    snprintf(rules_path, sizeof rules_path, "/tmp/kefu-rules-%d.txt", (int)getpid());
    write_rules("# test rules\n"
                "fraud.safe_account\t60\tkw\t安全账户\t要求转账到安全账户\n"
                "fraud.etc\t50\tre\tetc.{0,12}(失效|禁用|认证)\tETC 认证诈骗\n");
    defaults(&conf);
    *st = kf_shield_new(&conf, "/nonexistent", NULL, &err);
    if (*st == NULL)
        fprintf(stderr, "%s\n", err);
    assert_non_null(*st);
    return 0;
}

static int teardown(void **st)
{
    kf_shield_free(*st);
    unlink(rules_path);
    return 0;
}

static int judge(kf_shield *sh, const char *src, const char *dst, const char *text, int64_t now,
                 struct kf_shield_decision *d)
{
    struct kf_shield_input in = {0};
    in.text = text;
    in.len = strlen(text);
    in.src = src;
    in.dst = dst;
    in.count = 1;
    return kf_shield_judge(sh, &in, now, d);
}

static int has(const struct kf_shield_decision *d, const char *code)
{
    for (int i = 0; i < d->nsig; i++)
        if (strcmp(d->sig[i].code, code) == 0)
            return 1;
    return 0;
}

static void add(kf_shield *sh, const char *list, const char *value, int64_t until)
{
    struct kf_list_entry e = {0};
    char *err = NULL;
    snprintf(e.list, sizeof e.list, "%s", list);
    snprintf(e.value, sizeof e.value, "%s", value);
    e.until_ms = until;
    assert_int_equal(kf_shield_list_put(sh, &e, &err), 0);
}

static void personal_delivered_scam_stopped(void **st)
{
    struct kf_shield_decision d;
    assert_int_equal(judge(*st, "13800000001", "13900000001", "晚上一起吃饭吗？我订了七点的位子",
                           1000, &d),
                     KF_DELIVER);
    assert_int_equal(d.nsig, 0);
    assert_int_not_equal(judge(*st, "13800000002", "13900000001",
                               "【工商银行】您的账户存在风险，请立即将资金转入安全账户，"
                               "点击 http://icbc-vip.top/a 处理",
                               1000, &d),
                         KF_DELIVER);
    assert_true(has(&d, "rule.fraud.safe_account"));
    assert_true(has(&d, "url.lookalike"));
    assert_true(d.score >= 100);
    /* spaced-out and full-width text is normalised before the rules */
    judge(*st, "13800000003", "13900000001", "您的ＥＴＣ 已 失 效，请尽快处理", 1000, &d);
    assert_true(has(&d, "rule.fraud.etc"));
}

static void lists(void **st)
{
    kf_shield *sh = *st;
    struct kf_shield_decision d;
    char *err = NULL;
    struct kf_list_entry bad = {0};

    add(sh, "sender.black", "13800000010", 0);
    assert_int_equal(judge(sh, "13800000010", "13900000001", "你好", 1000, &d), KF_BLOCK);
    assert_true(has(&d, "list.sender"));
    add(sh, "keyword.black", "代开发票", 0);
    assert_int_equal(judge(sh, "13800000011", "13900000001", "专业代开发票", 1000, &d), KF_BLOCK);
    assert_true(has(&d, "list.keyword"));
    add(sh, "domain.black", "evil.example", 0);
    judge(sh, "13800000012", "13900000001", "看看 http://www.evil.example/x", 1000, &d);
    assert_true(has(&d, "list.domain"));
    /* an expired entry no longer applies */
    add(sh, "sender.black", "13800000013", 500);
    assert_int_equal(judge(sh, "13800000013", "13900000001", "你好", 1000, &d), KF_DELIVER);
    /* whitelisted senders skip everything */
    add(sh, "sender.white", "13800000014", 0);
    assert_int_equal(judge(sh, "13800000014", "13900000001", "请转入安全账户 http://icbc-vip.top",
                           1000, &d),
                     KF_DELIVER);
    assert_int_equal(kf_shield_list_del(sh, "keyword.black", "代开发票"), 0);
    assert_int_equal(judge(sh, "13800000011", "13900000001", "专业代开发票", 1000, &d) == KF_BLOCK &&
                         has(&d, "list.keyword"),
                     0);
    snprintf(bad.list, sizeof bad.list, "regex.black");
    snprintf(bad.value, sizeof bad.value, "(unclosed");
    assert_int_equal(kf_shield_list_put(sh, &bad, &err), KF_EINVAL);
    assert_non_null(err);
    free(err);
    snprintf(bad.list, sizeof bad.list, "sender.black");
    snprintf(bad.value, sizeof bad.value, "12ab");
    assert_int_equal(kf_shield_list_put(sh, &bad, &err), KF_EINVAL);
    free(err);
}

static void port_registration(void **st)
{
    kf_shield *sh = *st;
    struct kf_shield_decision d;
    const char *sigs[] = {"【招商银行】"};
    struct kf_shield_input in = {0};
    const char *code = "【招商银行】您的验证码为 385721，5分钟内有效，请勿泄露给他人。";
    const char *other = "【工商银行】您的验证码为 385721，5分钟内有效，请勿泄露给他人。";

    in.text = code;
    in.len = strlen(code);
    in.src = "1065502010";
    in.dst = "13900000001";
    in.from_port = 1;
    in.realname = 1;
    in.port_number = "1065502010";
    in.sigs = sigs;
    in.nsigs = 1;
    assert_int_equal(kf_shield_judge(sh, &in, 1000, &d), KF_DELIVER);
    assert_true(has(&d, "port.trusted"));
    in.text = other;
    in.len = strlen(other);
    kf_shield_judge(sh, &in, 1000, &d);
    assert_true(has(&d, "port.signature"));
    in.realname = 0;
    kf_shield_judge(sh, &in, 1000, &d);
    assert_true(has(&d, "port.unverified"));
    /* opted-out recipients get nothing from ports */
    add(sh, "optout", "13900000001@1065502010", 0);
    in.text = code;
    in.len = strlen(code);
    in.realname = 1;
    assert_int_equal(kf_shield_judge(sh, &in, 1000, &d), KF_BLOCK);
    assert_true(has(&d, "list.optout"));
}

static void filed_templates(void **st)
{
    kf_shield *sh = *st;
    struct kf_shield_decision d;
    const char *sigs[] = {"【招商银行】"};
    struct kf_shield_input in = {0};
    struct kf_list_entry bad = {0};
    char *err = NULL;
    const char *follows = "【招商银行】您的验证码为 385721，5分钟内有效，请勿泄露。";
    const char *off = "【招商银行】本行理财产品限时热销，详询客户经理。";

    in.src = in.port_number = "1065502010";
    in.dst = "13900000001";
    in.from_port = in.realname = 1;
    in.sigs = sigs;
    in.nsigs = 1;
    in.text = follows;
    in.len = strlen(follows);
    kf_shield_judge(sh, &in, 1000, &d);
    assert_false(has(&d, "port.template") || has(&d, "port.off_template")); /* none filed */
    add(sh, "port.template", "1065502010:【招商银行】您的验证码为{*}，{*}分钟内有效{*}", 0);
    kf_shield_judge(sh, &in, 1000, &d);
    assert_true(has(&d, "port.template"));
    in.text = off;
    in.len = strlen(off);
    kf_shield_judge(sh, &in, 1000, &d);
    assert_true(has(&d, "port.off_template"));
    in.port_number = "1065502011"; /* another port filed nothing */
    kf_shield_judge(sh, &in, 1000, &d);
    assert_false(has(&d, "port.off_template"));
    snprintf(bad.list, sizeof bad.list, "port.template");
    snprintf(bad.value, sizeof bad.value, "no colon here");
    assert_int_equal(kf_shield_list_put(sh, &bad, &err), KF_EINVAL);
    free(err);
    assert_int_equal(kf_shield_list_del(sh, "port.template",
                                        "1065502010:【招商银行】您的验证码为{*}，{*}分钟内有效{*}"),
                     0);
    in.port_number = "1065502010";
    kf_shield_judge(sh, &in, 1000, &d);
    assert_false(has(&d, "port.off_template"));
}

static void hourly_and_daily_limits(void **st)
{
    kf_shield *sh = *st;
    struct kf_shield_decision d;
    int64_t t = 10 * 3600000LL;
    char dst[16];

    for (int i = 0; i < 200; i++) {
        snprintf(dst, sizeof dst, "139%08d", (i % 20) * 7919);
        assert_int_equal(judge(sh, "13800000020", dst, "在吗", t + i, &d), KF_DELIVER);
    }
    judge(sh, "13800000020", "13900000001", "在吗", t + 300, &d);
    assert_true(has(&d, "behaviour.hour_limit"));
    /* the day: 1,000 spread over 24 hours stays under 200/h */
    for (int i = 0; i < 1000; i++)
        judge(sh, "13800000021", "13900000001", "在吗", t + (int64_t)i * 86000, &d);
    assert_false(d.suspend);
    judge(sh, "13800000021", "13900000001", "在吗", t + 999LL * 86000 + 1000, &d);
    assert_true(has(&d, "behaviour.day_limit"));
    assert_true(d.suspend);
    /* suspended now: blocked even after the window passed */
    assert_int_equal(judge(sh, "13800000021", "13900000001", "在吗", t + 999LL * 86000 + 12 * 3600000LL, &d),
                     KF_BLOCK);
    assert_true(has(&d, "sender.suspended"));
}

static void burst_sequential_campaign(void **st)
{
    kf_shield *sh = *st;
    struct kf_shield_decision d;
    char dst[16], src[16], text[128];

    for (int i = 0; i < 60; i++) { /* scattered numbers: a burst, not sequential */
        snprintf(dst, sizeof dst, "139%08d", i * 7919 % 100000000);
        judge(sh, "13800000030", dst, "周末有空吗", 1000 + i, &d);
    }
    assert_true(has(&d, "behaviour.burst"));
    assert_false(has(&d, "behaviour.sequential"));
    for (int i = 0; i < 8; i++) {
        snprintf(dst, sizeof dst, "139123400%02d", i);
        judge(sh, "13800000031", dst, "周末有空吗", 1000 + i, &d);
    }
    assert_true(has(&d, "behaviour.sequential"));
    for (int i = 0; i < 12; i++) {
        snprintf(src, sizeof src, "137000000%02d", i);
        snprintf(text, sizeof text, "新店开业全场%d折，欢迎光临！地址人民路%d号，电话%d",
                 5 + i % 3, 100 + i, 8800 + i);
        judge(sh, src, "13900000001", text, 1000 + i, &d);
    }
    assert_true(has(&d, "behaviour.campaign"));
}

static void verdict_cache_and_reports(void **st)
{
    kf_shield *sh = *st;
    struct kf_shield_decision d;
    const char *t = "恭喜您获得本店抽奖二等奖，请联系客服领取奖品";

    judge(sh, "13800000040", "13900000001", t, 1000, &d);
    kf_shield_verdict_put(sh, d.fp, KF_BLOCK, 1000);
    assert_int_equal(judge(sh, "13800000041", "13900000002", t, 2000, &d), KF_BLOCK);
    assert_true(has(&d, "verdict.block"));
    kf_shield_set_reported(sh, "13800000042", 3);
    judge(sh, "13800000042", "13900000001", "你好", 2000, &d);
    assert_true(has(&d, "report.sender"));
    assert_int_equal(d.score, 75);
    assert_int_equal(d.verdict, KF_HOLD);
    /* a text reported by two people raises every copy, from any sender */
    judge(sh, "13800000043", "13900000001", "本周末小区门口免费体检，欢迎参加，电话8801", 3000, &d);
    assert_false(has(&d, "report.text"));
    kf_shield_set_reported_fp(sh, d.fp, 2);
    judge(sh, "13800000044", "13900000002", "本周末小区门口免费体检，欢迎参加，电话9902", 3000, &d);
    assert_true(has(&d, "report.text"));
    kf_shield_set_reported_fp(sh, d.fp, 0);
    judge(sh, "13800000045", "13900000003", "本周末小区门口免费体检，欢迎参加，电话9903", 3000, &d);
    assert_false(has(&d, "report.text"));
}

static void bad_rules_file(void **st)
{
    struct kf_shield_conf c;
    char *err = NULL;
    (void)st;
    defaults(&c);
    write_rules("ok\t10\tkw\t好\tfine\nbroken\t10\tre\t(unclosed\tbad\n");
    assert_null(kf_shield_new(&c, "/nonexistent", NULL, &err));
    assert_non_null(err);
    assert_non_null(strstr(err, ":2:"));
    free(err);
    write_rules("fraud.safe_account\t60\tkw\t安全账户\t要求转账到安全账户\n");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(personal_delivered_scam_stopped, setup, teardown),
        cmocka_unit_test_setup_teardown(lists, setup, teardown),
        cmocka_unit_test_setup_teardown(port_registration, setup, teardown),
        cmocka_unit_test_setup_teardown(filed_templates, setup, teardown),
        cmocka_unit_test_setup_teardown(hourly_and_daily_limits, setup, teardown),
        cmocka_unit_test_setup_teardown(burst_sequential_campaign, setup, teardown),
        cmocka_unit_test_setup_teardown(verdict_cache_and_reports, setup, teardown),
        cmocka_unit_test_setup_teardown(bad_rules_file, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
