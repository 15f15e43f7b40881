/* SPDX-License-Identifier: MIT
 *
 * review.c -- the review queue: configuration, listing items as JSON and
 * carrying out reviewers' actions (release, block, blacklist, confirm,
 * dismiss, suspend, reinstate, notify) with their consequences: the held
 * message's fate in the hub, the shield's lists and verdict cache, the
 * labelled set, and the reporters' result SMS.
 */
#include "review/review_int.h"

#include <jansson.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/clock.h"
#include "base/mask.h"

#define RV_KEY(name, type, field, def, min, max, unit, reload, help) \
    {name, type, offsetof(struct kf_review_conf, field), def, min, max, NULL, unit, reload, help}

const struct kf_conf_key kf_review_keys[] = {
    RV_KEY("report_number", KF_CONF_STR, report_number, "10086999", 0, 0, "", 0,
           "Service number subscribers text spam reports to (must be in hub.services)."),
    RV_KEY("report_window", KF_CONF_DURATION, report_window_ms, "72h", 60000, 0, "", 1,
           "A report is matched to what the reporter received in this window, and reports "
           "of a sender are counted over it."),
    RV_KEY("report_threshold", KF_CONF_INT, report_threshold, "3", 1, 1000, "subscribers", 1,
           "Distinct subscribers reporting a sender that put it in the review queue."),
    RV_KEY("report_sla", KF_CONF_DURATION, report_sla_ms, "48h", 60000, 0, "", 1,
           "A reported sender handled within this is handled in time (及时率)."),
    RV_KEY("held_sla", KF_CONF_DURATION, held_sla_ms, "2h", 60000, 0, "", 1,
           "A held message handled within this is handled in time (及时率)."),
    RV_KEY("result_sms", KF_CONF_BOOL, result_sms, "yes", 0, 0, "", 1,
           "Text reporters the outcome when their report is handled."),
};
const size_t kf_review_nkeys = KF_ARRAY_LEN(kf_review_keys);

kf_review *kf_review_new(const struct kf_review_conf *conf, kf_store *s, kf_hub *h,
                         kf_shield *sh)
{
    kf_review *r = kf_xcalloc(1, sizeof *r);
    r->conf = *conf;
    r->store = s;
    r->hub = h;
    r->shield = sh;
    return r;
}

void kf_review_free(kf_review *r)
{
    free(r);
}

void kf_review_reload(kf_review *r, const struct kf_review_conf *conf)
{
    kf_conf_copy_reloadable(kf_review_keys, kf_review_nkeys, &r->conf, conf);
}

/* ---------------------------------------------------------------- JSON */

static void json_out(struct kf_buf *out, json_t *j)
{
    char *s = json_dumps(j, JSON_COMPACT);
    if (s)
        kf_buf_puts(out, s);
    free(s);
    json_decref(j);
}

static int64_t sla_of(const kf_review *r, int kind)
{
    return kind == KF_REVIEW_HELD ? r->conf.held_sla_ms : r->conf.report_sla_ms;
}

/* The text under review: the held message (all parts) or the last matched
 * message of a reported sender. */
static void item_text(kf_review *r, const struct kf_review_item *it, struct kf_buf *out)
{
    if (it->msg_id)
        kf_hub_msg_text(r->hub, it->msg_id, out);
}

static json_t *item_obj(kf_review *r, const struct kf_review_item *it, int with_text)
{
    json_t *o = json_object();
    char masked[KF_MASK_MAX], fp[17];

    snprintf(fp, sizeof fp, "%016llx", (unsigned long long)it->fp);
    json_object_set_new(o, "id", json_integer(it->id));
    json_object_set_new(o, "kind", json_string(it->kind == KF_REVIEW_HELD ? "held" : "reported"));
    json_object_set_new(o, "state", json_string(it->state ? "handled" : "open"));
    json_object_set_new(o, "msg_id", json_integer(it->msg_id));
    json_object_set_new(o, "sender", json_string(it->sender));
    json_object_set_new(o, "rcpt", json_string(kf_mask_msisdn(it->rcpt, masked)));
    json_object_set_new(o, "created_ms", json_integer(it->created_ms));
    json_object_set_new(o, "due_ms", json_integer(it->created_ms + sla_of(r, it->kind)));
    json_object_set_new(o, "reports", json_integer(it->reports));
    if (it->fp)
        json_object_set_new(o, "fingerprint", json_string(fp));
    if (it->state) {
        json_object_set_new(o, "action", json_string(it->action));
        json_object_set_new(o, "actor", json_string(it->actor));
        json_object_set_new(o, "handled_ms", json_integer(it->handled_ms));
        json_object_set_new(o, "in_time", json_boolean(it->handled_ms - it->created_ms <=
                                                       sla_of(r, it->kind)));
    }
    if (it->audit >= 0)
        json_object_set_new(o, "audit", json_string(it->audit ? "correct" : "wrong"));
    if (with_text && it->msg_id) {
        struct kf_buf t;
        struct kf_msg *m = NULL;
        kf_buf_init(&t, 64 * 1024);
        item_text(r, it, &t);
        json_object_set_new(o, "text", json_stringn(kf_buf_str(&t), t.len));
        kf_buf_deinit(&t);
        if (kf_store_msg_get(r->store, it->msg_id, &m) == 0 && m->reasons)
            json_object_set_new(o, "reasons", json_loads(m->reasons, 0, NULL));
        kf_store_msg_free(m);
    }
    return o;
}

struct list_ctx {
    kf_review *r;
    json_t *arr;
    int64_t last;
};

static int list_one(void *arg, const struct kf_review_item *it)
{
    struct list_ctx *c = arg;
    json_array_append_new(c->arr, item_obj(c->r, it, 1));
    c->last = it->id;
    return 0;
}

int kf_review_list_json(kf_review *r, int state, int64_t from_ms, int64_t to_ms,
                        int64_t after_id, int limit, struct kf_buf *out)
{
    struct list_ctx c = {r, json_array(), 0};
    json_t *o;
    int rc = kf_store_review_each(r->store, state, from_ms, to_ms, after_id, limit, list_one, &c);

    if (rc) {
        json_decref(c.arr);
        return rc;
    }
    o = json_object();
    json_object_set_new(o, "next", json_array_size(c.arr) == (size_t)limit
                                       ? json_integer(c.last)
                                       : json_null());
    json_object_set_new(o, "items", c.arr);
    json_out(out, o);
    return 0;
}

static int action_one(void *arg, const char *action, const char *actor, int64_t at_ms,
                      const char *note)
{
    json_array_append_new(arg, json_pack("{s:s,s:s,s:I,s:s}", "action", action, "actor", actor,
                                         "at_ms", (json_int_t)at_ms, "note", note ? note : ""));
    return 0;
}

static int report_one(void *arg, const struct kf_report *rep)
{
    char masked[KF_MASK_MAX];
    json_array_append_new(arg, json_pack("{s:I,s:s,s:i,s:s,s:I}", "id", (json_int_t)rep->id,
                                         "reporter", kf_mask_msisdn(rep->reporter, masked),
                                         "format", rep->format, "text", rep->text, "created_ms",
                                         (json_int_t)rep->created_ms));
    return 0;
}

int kf_review_item_json(kf_review *r, int64_t id, struct kf_buf *out)
{
    struct kf_review_item it;
    json_t *o, *acts = json_array(), *reps = json_array();
    int rc = kf_store_review_get(r->store, id, &it);

    if (rc) {
        json_decref(acts);
        json_decref(reps);
        return rc;
    }
    o = item_obj(r, &it, 1);
    kf_store_review_actions(r->store, id, action_one, acts);
    json_object_set_new(o, "actions", acts);
    if (it.kind == KF_REVIEW_REPORTED)
        kf_store_report_each_item(r->store, id, report_one, reps);
    json_object_set_new(o, "report_list", reps);
    json_out(out, o);
    return 0;
}

/* ------------------------------------------------------------- actions */

struct result_ctx {
    kf_review *r;
    const char *text;
};

static int send_result(void *arg, const struct kf_report *rep)
{
    struct result_ctx *c = arg;
    kf_hub_send(c->r->hub, c->r->conf.report_number, rep->reporter, c->text, NULL, NULL);
    return 0;
}

/* Tells the reporters of a reported-sender item what came of it. */
static void notify_reporters(kf_review *r, const struct kf_review_item *it, int confirmed)
{
    char text[480];
    struct result_ctx c = {r, text};

    if (!r->conf.result_sms || it->kind != KF_REVIEW_REPORTED)
        return;
    if (confirmed)
        snprintf(text, sizeof text, "【垃圾短信举报】您举报的%s经核实确属违规，已依规处理（停止"
                                    "其发送并列入黑名单）。感谢您的支持！",
                 it->sender);
    else
        snprintf(text, sizeof text, "【垃圾短信举报】您举报的%s经核实暂未发现违规，我们将持续"
                                    "关注。感谢您的支持！",
                 it->sender);
    kf_store_report_each_item(r->store, it->id, send_result, &c);
}

/* The number to list for an item's sender: a port's own number when an
 * industry port sent it (its extensions share the port), else the sender. */
static void sender_key(kf_review *r, const struct kf_review_item *it, char *out, size_t cap)
{
    struct kf_msg *m = NULL;
    struct kf_account a;

    snprintf(out, cap, "%s", it->sender);
    if (it->msg_id && kf_store_msg_get(r->store, it->msg_id, &m) == 0 && m->origin_acct &&
        kf_store_account_get_id(r->store, m->origin_acct, &a) == 0 && a.kind == KF_ACCT_PORT &&
        a.number[0])
        snprintf(out, cap, "%s", a.number);
    kf_store_msg_free(m);
}

static int list_put(kf_review *r, const char *list, const char *value, const char *actor,
                    const char *note, int64_t now)
{
    struct kf_list_entry e;
    char *err = NULL;
    int rc;

    memset(&e, 0, sizeof e);
    snprintf(e.list, sizeof e.list, "%s", list);
    snprintf(e.value, sizeof e.value, "%s", value);
    snprintf(e.note, sizeof e.note, "%s", note ? note : "");
    snprintf(e.actor, sizeof e.actor, "%s", actor);
    e.created_ms = now;
    rc = kf_shield_list_put(r->shield, &e, &err);
    free(err);
    return rc;
}

/* Marks the item handled and feeds the verdict cache and labelled set. */
static int handle(kf_review *r, struct kf_review_item *it, const char *action, const char *actor,
                  int label, int64_t now)
{
    struct kf_buf t;
    int rc;

    kf_buf_init(&t, 64 * 1024);
    item_text(r, it, &t);
    if (it->fp == 0 && t.len)
        it->fp = kf_shield_fingerprint(r->shield, kf_buf_str(&t), t.len);
    rc = kf_store_review_handle(r->store, it->id, action, actor, label, it->fp, now);
    if (rc == 0) {
        kf_shield_verdict_put(r->shield, it->fp, label ? KF_BLOCK : KF_DELIVER, now);
        if (t.len)
            kf_store_label_add(r->store, label, kf_buf_str(&t), "review", it->id, now);
        r->actions++;
    }
    kf_buf_deinit(&t);
    return rc;
}

/* The held parts decided with the first: their items are handled too. */
static void handle_siblings(kf_review *r, const int64_t *ids, int n, int64_t first,
                            const char *action, const char *actor, int label, int64_t now)
{
    for (int i = 0; i < n; i++) {
        struct kf_review_item sib;
        if (ids[i] != first && kf_store_review_get_msg(r->store, ids[i], &sib) == 0)
            kf_store_review_handle(r->store, sib.id, action, actor, label, 0, now);
    }
}

static int act_held(kf_review *r, struct kf_review_item *it, const char *action,
                    const char *actor, int64_t now, char **err)
{
    int64_t ids[255];
    int spam = strcmp(action, "release") != 0, n, rc;

    if (strcmp(action, "release") && strcmp(action, "block") && strcmp(action, "blacklist")) {
        *err = kf_xasprintf("a held message takes release, block or blacklist, not '%s'",
                            action);
        return KF_EINVAL;
    }
    rc = handle(r, it, action, actor, spam, now);
    if (rc)
        return rc;
    n = kf_hub_decide_held(r->hub, it->msg_id, spam ? KF_BLOCK : KF_DELIVER, ids, 255);
    if (n > 0)
        handle_siblings(r, ids, n < 255 ? n : 255, it->msg_id, action, actor, spam, now);
    if (strcmp(action, "blacklist") == 0) {
        char key[66];
        sender_key(r, it, key, sizeof key);
        list_put(r, "sender.black", key, actor, "审核加入黑名单", now);
    }
    return 0;
}

static int act_reported(kf_review *r, struct kf_review_item *it, const char *action,
                        const char *actor, int64_t now, char **err)
{
    int confirm = strcmp(action, "confirm") == 0 || strcmp(action, "blacklist") == 0;
    int rc;

    if (!confirm && strcmp(action, "dismiss") != 0) {
        *err = kf_xasprintf("a reported sender takes confirm, blacklist or dismiss, not '%s'",
                            action);
        return KF_EINVAL;
    }
    rc = handle(r, it, action, actor, confirm, now);
    if (rc)
        return rc;
    if (confirm) {
        char key[66];
        sender_key(r, it, key, sizeof key);
        list_put(r, "sender.black", key, actor, "举报核实，加入黑名单", now);
    }
    kf_shield_set_reported(r->shield, it->sender, confirm ? it->reports : 0);
    if (!confirm) /* the text was judged fine: its reports no longer count */
        kf_shield_set_reported_fp(r->shield, it->fp, 0);
    notify_reporters(r, it, confirm);
    return 0;
}

/* suspend / reinstate / notify: about the sender, logged on the item. */
static int act_sender(kf_review *r, struct kf_review_item *it, const char *action,
                      const char *actor, const char *note, int64_t now)
{
    char key[66];
    int rc = 0;

    sender_key(r, it, key, sizeof key);
    if (strcmp(action, "suspend") == 0) {
        rc = list_put(r, "sender.suspended", key, actor, note, now);
        if (rc == 0 && it->state == 0)
            rc = handle(r, it, action, actor, 1, now);
        if (rc == 0 && it->kind == KF_REVIEW_HELD)
            kf_hub_decide_held(r->hub, it->msg_id, KF_BLOCK, NULL, 0);
    } else if (strcmp(action, "reinstate") == 0) {
        kf_shield_list_del(r->shield, "sender.suspended", key);
        kf_shield_list_del(r->shield, "sender.black", key);
    } else {
        kf_hub_send(r->hub, "10086", it->sender,
                    "【中国移动】您的号码发送的短信涉嫌违规（被用户举报或触发拦截规则）。请遵守"
                    "短信发送规范，否则将被暂停短信功能。如有疑问请致电10086。",
                    NULL, NULL);
    }
    if (rc == 0 && (strcmp(action, "suspend") != 0 || it->state))
        rc = kf_store_review_log(r->store, it->id, action, actor, note, now);
    return rc;
}

int kf_review_act(kf_review *r, int64_t id, const char *action, const char *actor,
                  const char *note, char **err)
{
    struct kf_review_item it;
    int64_t now = kf_clock_wall_ms();
    int rc = kf_store_review_get(r->store, id, &it);

    *err = NULL;
    if (rc)
        return rc;
    KF_INFO("review", "ev=action item=%lld action=%s actor=%s", (long long)id, action, actor);
    if (!strcmp(action, "suspend") || !strcmp(action, "reinstate") || !strcmp(action, "notify"))
        return act_sender(r, &it, action, actor, note, now);
    if (it.state != 0) {
        *err = kf_xasprintf("item %lld was already handled (%s by %s)", (long long)id,
                            it.action, it.actor);
        return KF_EEXIST;
    }
    rc = it.kind == KF_REVIEW_HELD ? act_held(r, &it, action, actor, now, err)
                                   : act_reported(r, &it, action, actor, now, err);
    if (rc == KF_EEXIST && *err == NULL)
        *err = kf_xasprintf("item %lld was already handled", (long long)id);
    return rc;
}

int kf_review_audit(kf_review *r, int64_t id, int correct, const char *auditor, char **err)
{
    int rc = kf_store_review_audit(r->store, id, correct, auditor, kf_clock_wall_ms());
    *err = rc == KF_EINVAL ? kf_xasprintf("item %lld is not handled yet", (long long)id) : NULL;
    return rc;
}
