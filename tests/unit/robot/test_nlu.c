/* SPDX-License-Identifier: MIT
 * test_nlu.c -- the robot's understanding on a small set of files written
 * here: exact codes before prefixes (KTLLTX is a reminder switch, KTLLB10
 * an order with its argument), full-width and lower-case codes, matching
 * by meaning through synonyms and typos, knowledge-base and chit-chat
 * items found, low confidence handed over, and file errors with their line. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "robot/robot.h"

static char dir[64];
static kf_text *txt;
static const struct kf_nlu_conf conf = {0.25, 0.0, 0.0, 0};

static void put(const char *name, const char *text)
{
    char p[128];
    FILE *f;
    snprintf(p, sizeof p, "%s/%s", dir, name);
    f = fopen(p, "w");
    fputs(text, f);
    fclose(f);
}

static int setup(void **state)
{
    char *err = NULL;
    (void)state;
    snprintf(dir, sizeof dir, "/tmp/kefu-nlu-XXXXXX");
    assert_non_null(mkdtemp(dir));
    txt = kf_text_new(NULL, &err);
    free(err);
    put("commands.tsv", "# codes\nYE\tq.balance\t【余额查询】\nCXLL\tq.data\t【流量查询】\n"
                        "KTLLTX\top.remind\t【提醒设置】\nKT*\top.order\t【业务办理】\n"
                        "0000\tq.vas\t【业务查询】\n帮助\thelp\t【使用帮助】\n");
    put("synonyms.tsv", "话费\t话废,hf\n流量\t流浪,ll\n");
    put("examples.tsv", "q.balance\t我的话费还剩多少\nq.balance\t查一下余额\n"
                        "q.data\t我的流量还剩多少\nq.data\t流量用了多少\n"
                        "handover\t转人工\n");
    put("kb.jsonl", "{\"id\":\"kb-roam-1\",\"intent\":\"faq.roaming\",\"q\":[\"出国怎么开通国际漫游\","
                    "\"国际漫游怎么办理\"],\"a\":\"【国际漫游】发送KTMY开通\"}\n"
                    "{\"id\":\"kb-puk-1\",\"intent\":\"faq.puk\",\"q\":[\"PUK码是什么\",\"手机卡锁了要PUK\"],"
                    "\"a\":\"【PUK码】发送PUK到10086\"}\n");
    put("chitchat.jsonl", "{\"id\":\"cc-love\",\"q\":[\"我爱你\"],\"a\":[\"我也爱你\",\"么么哒\"]}\n");
    return 0;
}

static int teardown(void **state)
{
    static const char *const f[] = {"commands.tsv", "synonyms.tsv", "examples.tsv", "kb.jsonl",
                                    "chitchat.jsonl", "rules.tsv"};
    char p[128];
    (void)state;
    for (size_t i = 0; i < 6; i++) {
        snprintf(p, sizeof p, "%s/%s", dir, f[i]);
        unlink(p);
    }
    rmdir(dir);
    kf_text_free(txt);
    return 0;
}

static kf_robot_nlu *load(void)
{
    char *err = NULL;
    kf_robot_nlu *n = kf_robot_nlu_load(dir, txt, 0, &err);
    if (n == NULL)
        fail_msg("%s", err);
    return n;
}

static void commands(void **state)
{
    kf_robot_nlu *n = load();
    struct kf_nlu_result r;
    (void)state;
    assert_int_equal(kf_robot_classify(n, &conf, "ye", &r), KF_NLU_COMMAND);
    assert_string_equal(r.intent, "q.balance");
    assert_string_equal(r.tag, "【余额查询】");
    kf_robot_classify(n, &conf, "ＣＸＬＬ", &r); /* full-width */
    assert_string_equal(r.intent, "q.data");
    kf_robot_classify(n, &conf, "KTLLTX", &r); /* exact before prefix */
    assert_string_equal(r.intent, "op.remind");
    kf_robot_classify(n, &conf, "kt llb10", &r);
    assert_string_equal(r.intent, "op.order");
    assert_string_equal(r.arg, "LLB10");
    kf_robot_classify(n, &conf, "0000", &r);
    assert_string_equal(r.intent, "q.vas");
    kf_robot_classify(n, &conf, "帮助", &r);
    assert_string_equal(r.intent, "help");
    /* "KT" alone and KT followed by Chinese are not codes */
    assert_int_not_equal(kf_robot_classify(n, &conf, "KT", &r), KF_NLU_COMMAND);
    kf_robot_nlu_free(n);
}

static void matching(void **state)
{
    kf_robot_nlu *n = load();
    struct kf_nlu_result r;
    int k;
    (void)state;
    assert_int_equal(kf_robot_classify(n, &conf, "话废还剩多少啊", &r), KF_NLU_MATCH);
    assert_string_equal(r.intent, "q.balance");
    kf_robot_classify(n, &conf, "我的流浪还有多少", &r);
    assert_string_equal(r.intent, "q.data");
    assert_true(r.margin > 0);
    kf_robot_classify(n, &conf, "我要出国了漫游怎么开", &r);
    assert_string_equal(r.intent, "faq.roaming");
    assert_string_equal(kf_robot_kb_answer(n, r.kb), "【国际漫游】发送KTMY开通");
    kf_robot_classify(n, &conf, "puk码", &r);
    assert_string_equal(r.intent, "faq.puk");
    kf_robot_classify(n, &conf, "我爱你！", &r);
    assert_string_equal(r.intent, "chitchat");
    assert_non_null(kf_robot_chitchat(n, r.chitchat, &k));
    assert_int_equal(k, 2);
    /* nothing like it: handed over */
    assert_int_equal(kf_robot_classify(n, &conf, "量子力学的基本原理", &r), KF_NLU_NONE);
    assert_int_equal(kf_robot_classify(n, &conf, "！！！", &r), KF_NLU_NONE);
    kf_robot_nlu_free(n);
}

/* A rule decides before the classifier; words are read after synonyms. */
static void rules(void **state)
{
    struct kf_robot_nlu *n;
    struct kf_nlu_result r;
    char *err = NULL;

    (void)state;
    put("rules.tsv", "# money left\nq.balance\t还剩|剩多少 & 话费\t流量|怎么\n");
    n = load();
    assert_int_equal(kf_robot_classify(n, &conf, "hf还剩多少", &r), KF_NLU_MATCH);
    assert_string_equal(r.intent, "q.balance");
    assert_int_equal(kf_robot_classify(n, &conf, "流量还剩多少", &r), KF_NLU_MATCH);
    assert_string_equal(r.intent, "q.data"); /* excluded by 流量: the classifier's */
    kf_robot_nlu_free(n);
    put("rules.tsv", "q.balance\t\n");
    assert_null(kf_robot_nlu_load(dir, txt, 0, &err));
    assert_non_null(strstr(err, "rules.tsv:1: words:"));
    free(err);
    put("rules.tsv", "");
}

static void errors(void **state)
{
    char *err = NULL;
    (void)state;
    put("kb.jsonl", "{\"id\":\"kb-1\",\"intent\":\"faq.x\",\"q\":[\"a\"],\"a\":\"b\"}\n"
                    "{\"id\":\"kb-2\",\"intent\":\"Faq X\",\"q\":[\"a\"],\"a\":\"b\"}\n");
    assert_null(kf_robot_nlu_load(dir, txt, 0, &err));
    assert_non_null(strstr(err, "kb.jsonl:2: intent:"));
    free(err);
    put("kb.jsonl", "{\"id\":\"kb-1\",\"intent\":\"faq.x\",\"q\":[],\"a\":\"b\"}\n");
    assert_null(kf_robot_nlu_load(dir, txt, 0, &err));
    assert_non_null(strstr(err, "kb.jsonl:1: q:"));
    free(err);
    put("commands.tsv", "YE\tq.balance\n");
    assert_null(kf_robot_nlu_load(dir, txt, 0, &err));
    assert_non_null(strstr(err, "commands.tsv:1: line:"));
    free(err);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(commands, setup, teardown),
        cmocka_unit_test_setup_teardown(matching, setup, teardown),
        cmocka_unit_test_setup_teardown(rules, setup, teardown),
        cmocka_unit_test_setup_teardown(errors, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
