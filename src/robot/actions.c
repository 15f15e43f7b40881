/* SPDX-License-Identifier: MIT
 *
 * actions.c -- what the 10086 robot does for each intent: the account
 * answers with the subscriber's own figures (and, for 0000, the numbered
 * list a reply "1，3" cancels from), orders and cancellations through
 * selfcare/ (a free-text "帮我开来电提醒" finds the item by name and asks the
 * same second confirmation as KT<code>), the reminder switches, knowledge-
 * base answers, chit-chat, and the hand-over of a question to a person.
 */
#include "robot/robot_int.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/base.h"

static int is(const struct kf_robot_turn *t, const char *intent)
{
    return strcmp(t->nlu.intent, intent) == 0;
}

static void say(struct kf_robot_turn *t, const char *text)
{
    snprintf(t->reply, t->cap, "%s", text);
}

/* The subscriber's account now; 0, or a reply already said. */
static int view(struct kf_robot_turn *t, struct kf_account_view *v)
{
    int rc = kf_selfcare_view(t->r->sc, t->from, t->now_ms, v);

    if (rc == KF_ENOENT)
        say(t, "【10086】未查询到您号码的账户信息，如有疑问请拨打10086。");
    else if (rc)
        say(t, "【10086】系统繁忙，请稍后再试。");
    return rc;
}

/* ------------------------------------------------------- the account */

static void account(struct kf_robot_turn *t)
{
    struct kf_account_view v;
    kf_robot *r = t->r;
    int tz = kf_selfcare_tz(r->sc);

    if (view(t, &v))
        return;
    if (is(t, "q.balance"))
        kf_robot_reply_balance(&v, t->now_ms, tz, t->reply, t->cap);
    else if (is(t, "q.data"))
        kf_robot_reply_data(&v, t->now_ms, tz, t->reply, t->cap);
    else if (is(t, "q.plan"))
        kf_robot_reply_plan(&v, t->reply, t->cap);
    else if (is(t, "q.bill"))
        kf_robot_reply_bill(&v, t->now_ms, tz, t->reply, t->cap);
    else if (is(t, "q.points"))
        kf_robot_reply_points(&v, t->reply, t->cap);
    else { /* q.vas */
        struct kf_robot_ctx *c = t->ctx;
        c->nvas = kf_robot_reply_vas(kf_selfcare_catalog(r->sc), &v, t->reply, t->cap, c->vas,
                                     KF_ROBOT_VAS_MAX);
        c->vas_ms = t->now_ms;
    }
    t->answered = 1;
}

/* Numbers of a reply to the 0000 list: "1，3", "1 3", "2、4", "1,2". Returns
 * how many (each 1..9, no repeats), 0 when text is anything else. */
static int parse_choices(const char *text, int *out, int max)
{
    const unsigned char *s = (const unsigned char *)text;
    int n = 0;

    while (*s) {
        if (isdigit(*s)) {
            int v = *s - '0';
            if (isdigit(s[1]) || v == 0 || n == max)
                return 0;
            for (int k = 0; k < n; k++)
                if (out[k] == v)
                    return 0;
            out[n++] = v;
            s++;
        } else if (*s == ' ' || *s == ',' || *s == ';' || *s == '.') {
            s++;
        } else if (!strncmp((const char *)s, "，", 3) || !strncmp((const char *)s, "、", 3) ||
                   !strncmp((const char *)s, "；", 3) || !strncmp((const char *)s, "　", 3)) {
            s += 3;
        } else {
            return 0;
        }
    }
    return n;
}

int kf_robot__vas_choice(struct kf_robot_turn *t)
{
    struct kf_robot_ctx *c = t->ctx;
    kf_robot *r = t->r;
    int pick[KF_ROBOT_VAS_MAX], n;
    size_t len = 0;

    if (c->nvas == 0 || t->now_ms - c->vas_ms > r->conf.context_ms)
        return 0;
    n = parse_choices(t->text, pick, KF_ROBOT_VAS_MAX);
    if (n == 0)
        return 0;
    for (int k = 0; k < n; k++)
        if (pick[k] > c->nvas) {
            snprintf(t->reply, t->cap,
                     "【业务退订】序号%d不在列表中，请回复1至%d之间的序号，多个序号用“，”隔开。",
                     pick[k], c->nvas);
            return 1;
        }
    len = (size_t)snprintf(t->reply, t->cap, "【业务退订】");
    for (int k = 0; k < n; k++) { /* every operation, whatever room the reply has */
        struct kf_op_req q = {.number = t->from,
                              .kind = KF_OP_UNSUBSCRIBE,
                              .item_id = c->vas[pick[k] - 1],
                              .channel = "sms",
                              .actor = "",
                              .now_ms = t->now_ms};
        struct kf_op_result res;
        char rid[64];
        const struct kf_item *it = kf_catalog_get(kf_selfcare_catalog(r->sc), q.item_id);
        snprintf(rid, sizeof rid, "%s:%d", t->rid, pick[k]);
        q.request_id = rid;
        kf_selfcare_do(r->sc, &q, &res);
        if (len < t->cap)
            len += (size_t)snprintf(t->reply + len, t->cap - len, "%d.%s：%s；", pick[k],
                                    it ? it->name : q.item_id,
                                    res.rc == 0 ? "已退订，下月起不再收费" : res.text);
    }
    c->nvas = 0; /* the list has been used; 0000 shows the new one */
    t->answered = 1;
    return 1;
}

/* ------------------------------------------------------- operations */

/* Longest run of characters (UTF-8) of a that also occurs in b, counted in
 * characters: how well an item's name matches what the subscriber wrote. */
static int common_run(const char *a, const char *b)
{
    size_t la = strlen(a);
    int best = 0;

    for (size_t i = 0; i < la; i++) {
        if (((unsigned char)a[i] & 0xC0) == 0x80)
            continue;
        for (size_t j = la; j > i; j--) {
            char frag[160];
            int chars = 0;
            if (j < la && ((unsigned char)a[j] & 0xC0) == 0x80)
                continue;
            if (j - i >= sizeof frag)
                continue;
            memcpy(frag, a + i, j - i);
            frag[j - i] = '\0';
            for (size_t k = 0; frag[k]; k++)
                chars += ((unsigned char)frag[k] & 0xC0) != 0x80;
            if (chars <= best)
                break;
            if (strstr(b, frag)) {
                best = chars;
                break;
            }
        }
    }
    return best;
}

/* The orderable item (with an SMS code) whose name the text names best. */
static const struct kf_item *item_named(const kf_catalog *cat, const char *text, int64_t now_ms)
{
    const struct kf_item *best = NULL;
    int best_run = 2; /* at least three characters in common */

    for (size_t i = 0; i < kf_catalog_count(cat); i++) {
        const struct kf_item *it = kf_catalog_at(cat, i);
        int run;
        if (it->kind == KF_ITEM_PLAN || it->code[0] == '\0' || !kf_item_on_sale(it, now_ms))
            continue;
        run = common_run(it->name, text);
        if (run > best_run || (run == best_run && best && strlen(it->name) < strlen(best->name))) {
            best = it;
            best_run = run;
        }
    }
    return best;
}

static void order(struct kf_robot_turn *t)
{
    kf_robot *r = t->r;
    const struct kf_item *it;
    struct kf_op_result res;

    if (t->nlu.source == KF_NLU_COMMAND && t->nlu.arg[0]) {
        kf_selfcare_sms_command(r->sc, t->from, t->text, t->rid, t->now_ms, t->reply, t->cap);
        t->answered = 1;
        return;
    }
    it = item_named(kf_selfcare_catalog(r->sc), t->text, t->now_ms);
    if (it == NULL) {
        say(t, "【业务办理】请发送KT加业务代码办理，例如KTLLB10（10元1GB流量加油包）；"
               "不知道代码可发送“套餐推荐”或登录网上营业厅查看。");
        t->answered = 1;
        return;
    }
    kf_selfcare_sms_request(r->sc, t->from, KF_OP_ORDER, it->id, t->now_ms, &res);
    say(t, res.text);
    t->answered = 1;
}

/* Unsubscribing: by code, by a held item's name, else the 0000 list. */
static void unsubscribe(struct kf_robot_turn *t)
{
    kf_robot *r = t->r;
    const kf_catalog *cat = kf_selfcare_catalog(r->sc);
    struct kf_account_view v;
    const struct kf_item *best = NULL;
    int best_run = 1;
    struct kf_op_result res;

    if (t->nlu.source == KF_NLU_COMMAND && t->nlu.arg[0]) {
        kf_selfcare_sms_command(r->sc, t->from, t->text, t->rid, t->now_ms, t->reply, t->cap);
        t->answered = 1;
        return;
    }
    if (view(t, &v))
        return;
    for (int i = 0; i < v.nitems; i++) {
        const struct kf_item *it = kf_catalog_get(cat, v.items[i].item_id);
        int run = it && v.items[i].state == KF_SITEM_ACTIVE ? common_run(it->name, t->text) : 0;
        if (run > best_run) {
            best = it;
            best_run = run;
        }
    }
    if (best && t->nlu.source != KF_NLU_COMMAND) {
        kf_selfcare_sms_request(r->sc, t->from, KF_OP_UNSUBSCRIBE, best->id, t->now_ms, &res);
        say(t, res.text);
        t->answered = 1;
        return;
    }
    snprintf(t->nlu.intent, sizeof t->nlu.intent, "q.vas");
    account(t); /* the numbered list to choose from */
}

/* Reminder switches in words: 取消流量提醒, 开通余额提醒, 消费满100提醒我. */
static void remind_words(struct kf_robot_turn *t, const struct kf_account_view *v)
{
    static const char *const off_words[] = {"取消", "关闭", "关掉", "退订", "不要", "别", "停"};
    const char *s = t->text;
    int off = 0, flag = KF_REMIND_DATA, flags = v->sub.remind_flags;
    int64_t limit = v->sub.spend_limit_fen;

    for (size_t i = 0; i < KF_ARRAY_LEN(off_words); i++)
        off |= strstr(s, off_words[i]) != NULL;
    if (t->nlu.source == KF_NLU_COMMAND) { /* a code of the table: QX... off, KT... on */
        s = t->nlu.code;
        off = strncmp(s, "QX", 2) == 0;
    }
    if (strstr(s, "消费") || strstr(s, "HFTX") || strstr(s, "hftx"))
        flag = KF_REMIND_SPEND;
    else if (strstr(s, "余额") || strstr(s, "话费") || strstr(s, "YETX") || strstr(s, "yetx"))
        flag = KF_REMIND_BALANCE;
    if (flag == KF_REMIND_SPEND && !off) {
        const char *d = s;
        while (*d && !isdigit((unsigned char)*d))
            d++;
        long y = strtol(d, NULL, 10);
        if (y < 10 || y > 10000) {
            say(t, "【提醒设置】请发送KTHFTX加金额，例如KTHFTX100（本月消费达到100元时提醒）。");
            return;
        }
        limit = (int64_t)y * 100;
    }
    flags = off ? flags & ~flag : flags | flag;
    if (flag == KF_REMIND_SPEND && off)
        limit = 0;
    if (kf_selfcare_set_reminders(t->r->sc, t->from, flags, limit, "sms", t->now_ms)) {
        say(t, "【提醒设置】系统繁忙，请稍后再试。");
        return;
    }
    snprintf(t->reply, t->cap, "【提醒设置】已为您%s%s。", off ? "关闭" : "开通",
             flag == KF_REMIND_DATA ? "流量余量提醒（用到50%、80%、100%时短信提醒）"
             : flag == KF_REMIND_BALANCE ? "余额不足提醒"
                                         : "消费提醒");
}

/* A reminder code selfcare/ handles itself (KTHFTX takes an amount). */
static int known_switch(const char *code)
{
    static const char *const codes[] = {"KTLLTX", "QXLLTX", "KTYETX", "QXYETX", "QXHFTX", "KTHFTX"};
    for (size_t i = 0; i < KF_ARRAY_LEN(codes); i++)
        if (strcmp(code, codes[i]) == 0)
            return 1;
    return 0;
}

static void remind(struct kf_robot_turn *t)
{
    kf_robot *r = t->r;
    struct kf_account_view v;

    t->answered = 1;
    /* the switches selfcare knows by code (KTLLTX, KTYETX, KTHFTX<元>...);
     * other codes of the table (KTYL...) are read like words */
    if (t->nlu.source == KF_NLU_COMMAND && known_switch(t->nlu.code)) {
        char cmd[sizeof t->nlu.code + sizeof t->nlu.arg];
        snprintf(cmd, sizeof cmd, "%s%s", t->nlu.code, t->nlu.arg);
        if (kf_selfcare_sms_command(r->sc, t->from, cmd, t->rid, t->now_ms, t->reply, t->cap))
            return;
    }
    if (view(t, &v) == 0)
        remind_words(t, &v);
}

static void recommend(struct kf_robot_turn *t)
{
    kf_selfcare_sms_command(t->r->sc, t->from, "TJTC", t->rid, t->now_ms, t->reply, t->cap);
    t->answered = 1;
}

/* --------------------------------------------------------- talking */

void kf_robot__handover(struct kf_robot_turn *t, const char *reason)
{
    kf_robot *r = t->r;
    struct kf_robot_ctx *c = t->ctx;
    struct kf_handover h;
    int asked = strcmp(reason, "asked") == 0, rc;

    memset(&h, 0, sizeof h);
    snprintf(h.request_id, sizeof h.request_id, "%s", t->rid);
    snprintf(h.number, sizeof h.number, "%s", t->from);
    snprintf(h.service, sizeof h.service, "10086");
    /* "转人工" alone: the open question is the one asked before it */
    if (asked && c->last_text[0] && (t->nlu.source == KF_NLU_COMMAND || strlen(t->text) <= 12)) {
        char q[sizeof h.question + sizeof c->last_text];
        snprintf(q, sizeof q, "%s（前一条：%s）", t->text, c->last_text);
        kf_robot__copy(h.question, sizeof h.question, q);
    } else {
        kf_robot__copy(h.question, sizeof h.question, t->text);
    }
    kf_robot__copy(h.context, sizeof h.context, c->last_answer);
    snprintf(h.reason, sizeof h.reason, "%s", reason);
    snprintf(h.intent, sizeof h.intent, "%s", t->nlu.intent);
    h.score = t->nlu.score;
    h.created_ms = t->now_ms;
    rc = kf_store_handover_add(r->store, &h);
    if (rc && rc != KF_EEXIST) {
        say(t, "【人工服务】抱歉，人工客服暂时繁忙，请稍后再试或拨打10086。");
        return;
    }
    r->st.handed_over++;
    if (asked)
        snprintf(t->reply, t->cap,
                 "【人工服务】已为您转接人工客服（服务单号%"
                 "lld），客服人员会尽快通过10086短信回复您，请留意。",
                 (long long)h.id);
    else
        snprintf(t->reply, t->cap,
                 "【10086】抱歉，这个问题我还不太明白，已转给人工客服（服务单号%"
                 "lld），稍后短信回复您。发送“帮助”可查看我能办理的业务。",
                 (long long)h.id);
}

static void chitchat(struct kf_robot_turn *t)
{
    kf_robot *r = t->r;
    int n = 0, pick;
    const char *const *replies =
        t->nlu.chitchat >= 0 ? kf_robot_chitchat(r->nlu, t->nlu.chitchat, &n) : NULL;

    t->answered = 1;
    r->st.chitchat++;
    if (n == 0) {
        say(t, "【10086】您好，我是10086智能客服，有什么可以帮您？发送“帮助”查看我能做什么。");
        return;
    }
    r->rng = r->rng * 1103515245u + 12345u;
    pick = (int)((r->rng >> 16) % (uint32_t)n);
    if (n > 1 && pick == t->ctx->last_cc) /* never the same reply twice in a row */
        pick = (pick + 1) % n;
    t->ctx->last_cc = pick;
    say(t, replies[pick]);
}

static void faq(struct kf_robot_turn *t)
{
    const char *a = t->nlu.kb >= 0 ? kf_robot_kb_answer(t->r->nlu, t->nlu.kb) : NULL;

    if (a == NULL) {
        kf_robot__handover(t, "no_answer");
        return;
    }
    say(t, a);
    t->answered = 1;
}

/* ------------------------------------------------------- follow-ups */

/* "那流量呢？" after an account answer: the same kind of question about
 * another figure. Returns the q.* intent named, or NULL. */
static const char *follow_up(const struct kf_robot_turn *t)
{
    static const struct {
        const char *word, *intent;
    } topics[] = {
        {"流量", "q.data"},  {"上网", "q.data"}, {"余额", "q.balance"}, {"话费", "q.balance"},
        {"钱", "q.balance"}, {"套餐", "q.plan"}, {"月租", "q.plan"},    {"账单", "q.bill"},
        {"消费", "q.bill"},  {"花了", "q.bill"}, {"积分", "q.points"},  {"业务", "q.vas"},
    };
    const struct kf_robot_ctx *c = t->ctx;
    size_t len = strlen(t->text);

    if (strncmp(c->last_intent, "q.", 2) != 0 || len > 30)
        return NULL;
    if (strncmp(t->text, "那", 3) != 0 && strncmp(t->text, "还有", 6) != 0 &&
        strncmp(t->text, "再", 3) != 0 && strstr(t->text, "呢") == NULL)
        return NULL;
    for (size_t i = 0; i < KF_ARRAY_LEN(topics); i++)
        if (strstr(t->text, topics[i].word))
            return topics[i].intent;
    return NULL;
}

/* ---------------------------------------------------------- dispatch */

void kf_robot__act(struct kf_robot_turn *t)
{
    const char *fu = t->nlu.source != KF_NLU_COMMAND ? follow_up(t) : NULL;

    if (fu) {
        snprintf(t->nlu.intent, sizeof t->nlu.intent, "%s", fu);
        t->nlu.source = KF_NLU_MATCH;
    }
    if (t->nlu.source == KF_NLU_NONE) {
        kf_robot__handover(t, "low_confidence");
        return;
    }
    if (strncmp(t->nlu.intent, "q.", 2) == 0)
        account(t);
    else if (is(t, "op.order"))
        order(t);
    else if (is(t, "op.unsubscribe"))
        unsubscribe(t);
    else if (is(t, "op.remind"))
        remind(t);
    else if (is(t, "op.recommend"))
        recommend(t);
    else if (is(t, "help")) {
        kf_robot_reply_help(t->reply, t->cap);
        t->answered = 1;
    } else if (is(t, "handover"))
        kf_robot__handover(t, "asked");
    else if (is(t, "chitchat"))
        chitchat(t);
    else
        faq(t);
    if (t->answered)
        snprintf(t->ctx->last_intent, sizeof t->ctx->last_intent, "%s", t->nlu.intent);
}
