/* SPDX-License-Identifier: MIT
 *
 * svc12580.c -- the 12580 information service's dialogue: a look-up
 * ("酒店 长沙", "长沙 湘菜", "<医院> 心内科") is answered from the directory
 * (info/); when the answer numbers appointment slots, a reply "2" picks one
 * and asks for a confirmation, and "是" books it. A booking is written once
 * per confirming message and never beyond the slot's seats.
 */
#include "robot/robot_int.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>

#include "base/base.h"
#include "info/info.h"

static int booked(void *ctx, const char *key)
{
    int n = kf_store_booking_count(ctx, key);
    return n < 0 ? 0 : n;
}

/* A lone number "1".."9" (full-width too): the choice, else 0. */
static int lone_number(const char *s)
{
    while (*s == ' ')
        s++;
    if (isdigit((unsigned char)s[0]) && s[0] != '0' && (s[1] == '\0' || s[1] == ' '))
        return s[0] - '0';
    if (!strncmp(s, "\xEF\xBC", 2) && (unsigned char)s[2] >= 0x91 && (unsigned char)s[2] <= 0x99 &&
        s[3] == '\0')
        return (unsigned char)s[2] - 0x90; /* １..９ */
    return 0;
}

static int is_no(const char *s)
{
    return !strcmp(s, "否") || !strcmp(s, "不") || !strcmp(s, "取消") || !strcmp(s, "N") ||
           !strcmp(s, "n") || !strcmp(s, "不要");
}

static void book(struct kf_robot_turn *t)
{
    kf_robot *r = t->r;
    struct kf_robot_ctx *c = t->ctx;
    int tz = kf_selfcare_tz(r->sc);
    struct kf_info_slot slot;
    struct kf_booking b;
    int held, rc;

    memset(&b, 0, sizeof b);
    if (kf_info_slot(r->info, c->book_key, t->now_ms, tz, booked, r->store, &slot)) {
        snprintf(t->reply, t->cap, "【12580】该号源已过期，请重新查询。");
        c->book_key[0] = '\0';
        return;
    }
    held = kf_store_booking_count(r->store, c->book_key);
    snprintf(b.request_id, sizeof b.request_id, "%s", t->rid);
    snprintf(b.number, sizeof b.number, "%s", t->from);
    snprintf(b.slot_key, sizeof b.slot_key, "%s", c->book_key);
    snprintf(b.slot_text, sizeof b.slot_text, "%s", slot.text);
    b.created_ms = t->now_ms;
    rc = held < 0 ? KF_ESTORE : kf_store_booking_add(r->store, &b, slot.left + held);
    if (rc == 0 || rc == KF_EEXIST) {
        r->st.bookings += rc == 0;
        snprintf(t->reply, t->cap,
                 "【12580】预约成功：%s，预约号%lld。请就诊当天携带身份证提前30分钟到医院取号。",
                 b.slot_text, (long long)b.id);
        c->book_key[0] = '\0';
        c->nchoice = 0;
    } else if (rc == KF_EBUSY) {
        snprintf(t->reply, t->cap, "【12580】抱歉，%s已约满，请回复其他序号或重新查询。",
                 slot.text);
        c->book_key[0] = '\0';
    } else {
        snprintf(t->reply, t->cap, "【12580】系统繁忙，请稍后回复“是”重试。");
    }
}

static void choose(struct kf_robot_turn *t, int k)
{
    kf_robot *r = t->r;
    struct kf_robot_ctx *c = t->ctx;
    struct kf_info_slot slot;

    if (k > c->nchoice) {
        snprintf(t->reply, t->cap, "【12580】请回复1至%d之间的序号。", c->nchoice);
        return;
    }
    if (kf_info_slot(r->info, c->choice[k - 1], t->now_ms, kf_selfcare_tz(r->sc), booked, r->store,
                     &slot) ||
        slot.left <= 0) {
        snprintf(t->reply, t->cap, "【12580】该号源已约满或已过期，请回复其他序号或重新查询。");
        return;
    }
    snprintf(c->book_key, sizeof c->book_key, "%s", c->choice[k - 1]);
    c->book_ms = t->now_ms;
    snprintf(t->reply, t->cap,
             "【12580】您选择预约：%s。确认请在10分钟内回复“是”，放弃请回复“否”。", slot.text);
}

int kf_robot__12580(struct kf_robot_turn *t)
{
    kf_robot *r = t->r;
    struct kf_robot_ctx *c = t->ctx;
    struct kf_info_answer a;
    int k;

    /* a choice or a slot waiting for 是 lasts the context window */
    if (c->book_key[0] && t->now_ms - c->book_ms > r->conf.context_ms)
        c->book_key[0] = '\0';
    if (c->nchoice && t->now_ms - c->choice_ms > r->conf.context_ms)
        c->nchoice = 0;
    if (c->book_key[0] && kf_selfcare_is_yes(t->text)) {
        book(t);
        return 1;
    }
    if (c->book_key[0] && is_no(t->text)) {
        c->book_key[0] = '\0';
        snprintf(t->reply, t->cap, "【12580】已为您取消本次预约。");
        return 1;
    }
    if (c->nchoice > 0 && (k = lone_number(t->text)) > 0) {
        choose(t, k);
        return 1;
    }
    r->st.lookups++;
    kf_info_query(r->info, t->text, t->now_ms, kf_selfcare_tz(r->sc), booked, r->store, &a);
    snprintf(t->reply, t->cap, "%s", a.text);
    c->nchoice = 0;
    c->book_key[0] = '\0';
    if (a.kind == KF_INFO_ANS_SLOTS) {
        for (int i = 0; i < a.nchoices && i < KF_ROBOT_CHOICES; i++)
            snprintf(c->choice[i], sizeof c->choice[i], "%s", a.choices[i].key);
        c->nchoice = a.nchoices < KF_ROBOT_CHOICES ? a.nchoices : KF_ROBOT_CHOICES;
        c->choice_ms = t->now_ms;
    }
    return 1;
}
