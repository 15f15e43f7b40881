/* SPDX-License-Identifier: MIT
 *
 * selfcare.c -- the staff API of self-service (bearer token):
 *   POST /api/v1/subscribers                   {number, name, plan_id, balance_fen}
 *   GET  /api/v1/subscribers/{n}               the account now (name masked)
 *   POST /api/v1/subscribers/{n}/ops           {kind, item_id, request_id, actor}
 *   GET  /api/v1/subscribers/{n}/ops           operation log, newest first
 *   GET  /api/v1/subscribers/{n}/reminders     reminders, newest first
 *   GET  /api/v1/subscribers/{n}/contacts      channel history
 *   GET  /api/v1/subscribers/{n}/recommend     cheapest plans for real usage
 *   POST /api/v1/usage?name=F&first_line=N     usage CSV body: rate it
 *   GET  /api/v1/catalog?kind=&family=&q=&all=1  catalogue items
 *   GET  /api/v1/catalog/{id}                  one item
 *   POST /api/v1/catalog/reload                re-read the catalogue file
 * and the JSON shapes the tariff zone shares (items, account views).
 */
#include "api/api_int.h"

#include <event2/buffer.h>
#include <event2/keyvalq_struct.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/queue.h>

#include "base/base.h"
#include "base/clock.h"

void kf_api_attach_selfcare(kf_api *a, kf_selfcare *sc, const char *web_dir,
                            const char *vendor_dir, int (*reload_catalog)(void *arg, char **err),
                            void *arg)
{
    a->selfcare = sc;
    snprintf(a->web_dir, sizeof a->web_dir, "%s", web_dir);
    snprintf(a->vendor_dir, sizeof a->vendor_dir, "%s", vendor_dir);
    a->reload_catalog = reload_catalog;
    a->reload_catalog_arg = arg;
}

const char *kf_api__query(const char *query, const char *key, char *out, size_t cap)
{
    struct evkeyvalq q;
    const char *v;

    TAILQ_INIT(&q);
    if (query == NULL || evhttp_parse_query_str(query, &q) != 0) {
        evhttp_clear_headers(&q);
        return NULL;
    }
    v = evhttp_find_header(&q, key);
    if (v)
        snprintf(out, cap, "%s", v);
    evhttp_clear_headers(&q);
    return v ? out : NULL;
}

/* ----------------------------------------------------------- shapes */

static const char *validity_name(const struct kf_item *it)
{
    static const char *const v[] = {"monthly", "cycle", "days", "cycles"};
    return it->kind == KF_ITEM_PLAN ? "plan" : v[it->validity];
}

json_t *kf_api__item_json(const struct kf_item *it)
{
    json_t *j = json_pack("{s:s, s:s, s:s, s:s, s:s, s:I, s:{s:I, s:I, s:I}, s:s, s:s, s:s, "
                          "s:b}",
                          "id", it->id, "kind", kf_item_kind_name(it->kind), "name", it->name,
                          "family", it->family, "code", it->code, "fee_fen",
                          (json_int_t)it->fee_fen, "include", "voice_min",
                          (json_int_t)it->incl[KF_USE_VOICE], "sms",
                          (json_int_t)it->incl[KF_USE_SMS], "data_mb",
                          (json_int_t)(it->incl[KF_USE_DATA] / 1024), "validity",
                          validity_name(it), "desc", it->desc, "tags", it->tags, "orderable",
                          it->orderable);
    if (j == NULL)
        return NULL;
    if (it->validity == KF_VALID_DAYS && it->kind != KF_ITEM_PLAN)
        json_object_set_new(j, "days", json_integer(it->days));
    if (it->validity == KF_VALID_CYCLES && it->kind != KF_ITEM_PLAN)
        json_object_set_new(j, "cycles", json_integer(it->cycles));
    if (it->discount_pct)
        json_object_set_new(j, "discount_pct", json_integer(it->discount_pct));
    if (it->contract_months)
        json_object_set_new(j, "contract_months", json_integer(it->contract_months));
    if (it->group[0])
        json_object_set_new(j, "group", json_string(it->group));
    if (it->valid_from_ms)
        json_object_set_new(j, "valid_from_ms", json_integer(it->valid_from_ms));
    if (it->valid_to_ms)
        json_object_set_new(j, "valid_to_ms", json_integer(it->valid_to_ms));
    if (it->kind == KF_ITEM_PLAN) {
        json_object_set_new(j, "overage",
                            json_pack("{s:I, s:I, s:I, s:I}", "voice_fen_per_min",
                                      (json_int_t)it->over[KF_USE_VOICE].unit_fen, "sms_fen",
                                      (json_int_t)it->over[KF_USE_SMS].unit_fen,
                                      "data_fen_per_mb", (json_int_t)it->over[KF_USE_DATA].unit_fen,
                                      "data_cap_fen", (json_int_t)it->over[KF_USE_DATA].cap_fen));
        json_object_set_new(j, "first_month",
                            json_string(it->first_month == KF_FIRST_PRORATE ? "prorate"
                                        : it->first_month == KF_FIRST_FREE  ? "free"
                                                                            : "full"));
    }
    return j;
}

static json_t *held_json(const kf_catalog *c, const struct kf_sub_item *h)
{
    const struct kf_item *it = kf_catalog_get(c, h->item_id);
    return json_pack("{s:s, s:s, s:o, s:I, s:I, s:s, s:s}", "item_id", h->item_id, "name",
                     it ? it->name : h->item_id, "item", it ? kf_api__item_json(it) : json_null(),
                     "start_ms", (json_int_t)h->start_ms, "end_ms", (json_int_t)h->end_ms,
                     "state", h->state == KF_SITEM_CANCELLED ? "cancelled" : "active", "channel",
                     h->channel);
}

static json_t *usage_json(const int64_t used[KF_USE_N])
{
    return json_pack("{s:I, s:I, s:I}", "voice_min", (json_int_t)used[KF_USE_VOICE], "sms",
                     (json_int_t)used[KF_USE_SMS], "data_kb", (json_int_t)used[KF_USE_DATA]);
}

/* The last cycles' usage, oldest first (for the chart). */
static json_t *history_json(kf_api *a, const char *number, int cycle)
{
    struct kf_sub_cycle c[6];
    json_t *arr = json_array();
    int n = kf_store_cycle_recent(a->store, number, kf_cycle_next(cycle), c, 6), oldest = cycle;

    for (int i = 0; i < 5; i++)
        oldest = kf_cycle_prev(oldest);
    for (int i = n - 1; i >= 0; i--)
        if (c[i].cycle >= oldest)
            json_array_append_new(arr, json_pack("{s:i, s:s, s:o, s:I}", "cycle", c[i].cycle,
                                             "plan_id", c[i].plan_id, "used",
                                             usage_json(c[i].used), "spend_fen",
                                             (json_int_t)(c[i].fees_fen + c[i].overage_fen)));
    return arr;
}

json_t *kf_api__view_json(kf_api *a, const struct kf_account_view *v, int64_t now_ms)
{
    const kf_catalog *c = kf_selfcare_catalog(a->selfcare);
    char masked[KF_MASK_MAX], name[96];
    json_t *items = json_array(), *j;
    static const char *const status[] = {"active", "suspended", "closed"};

    (void)now_ms;
    for (int i = 0; i < v->nitems; i++)
        json_array_append_new(items, held_json(c, &v->items[i]));
    kf_selfcare_mask_name(v->sub.name, name, sizeof name);
    j = json_pack(
        "{s:s, s:s, s:s, s:I, s:o, s:o, s:{s:i, s:o, s:o, s:I, s:I, s:I}, s:o, s:{s:b, s:b, "
        "s:b, s:I}, s:I, s:o}",
        "number", kf_mask_msisdn(v->sub.number, masked), "name", name, "status",
        status[v->sub.status < 3 && v->sub.status >= 0 ? v->sub.status : 0], "balance_fen",
        (json_int_t)v->sub.balance_fen, "plan",
        v->plan ? kf_api__item_json(v->plan) : json_null(), "pending_plan",
        v->pending ? kf_api__item_json(v->pending) : json_null(), "cycle", "cycle",
        v->cycle.cycle, "used", usage_json(v->cycle.used), "included", usage_json(v->incl),
        "fees_fen", (json_int_t)v->cycle.fees_fen, "overage_fen",
        (json_int_t)v->cycle.overage_fen, "spend_fen", (json_int_t)v->spend_fen, "items", items,
        "reminders", "data", (v->sub.remind_flags & KF_REMIND_DATA) != 0, "balance",
        (v->sub.remind_flags & KF_REMIND_BALANCE) != 0, "spend",
        (v->sub.remind_flags & KF_REMIND_SPEND) != 0, "spend_limit_fen",
        (json_int_t)v->sub.spend_limit_fen, "joined_ms", (json_int_t)v->sub.joined_ms, "history",
        history_json(a, v->sub.number, v->cycle.cycle));
    if (j && v->pending) {
        int tz = kf_selfcare_tz(a->selfcare);
        int from = kf_cycle_next(kf_cycle_of(v->sub.pending_at_ms, tz));
        json_object_set_new(j, "pending_from_ms", json_integer(kf_cycle_start_ms(from, tz)));
    }
    return j;
}

void kf_api__reply_op(struct evhttp_request *req, const struct kf_op_result *r)
{
    int code = r->rc == 0           ? 200
               : r->rc == KF_ENOENT ? 404
               : r->rc == KF_EINVAL ? 400
               : r->rc == KF_ESTORE ? 503
                                    : 409;
    kf_api__reply_json(req, code,
                       json_pack("{s:b, s:s, s:s, s:I, s:I, s:I, s:b}", "ok", r->rc == 0, "code",
                                 r->code, "text", r->text, "op_id", (json_int_t)r->op_id,
                                 "charged_fen", (json_int_t)r->charged_fen, "effective_ms",
                                 (json_int_t)r->effective_ms, "replayed", r->replayed));
}

/* ------------------------------------------------------ subscribers */

static int valid_number(const char *s)
{
    size_t n = strlen(s);
    if (n < 5 || n > 20)
        return 0;
    for (size_t i = 0; i < n; i++)
        if (s[i] < '0' || s[i] > '9')
            return 0;
    return 1;
}

static void create_sub(kf_api *a, struct evhttp_request *req)
{
    json_t *j = kf_api__read_body(a, req);
    const char *number, *name, *plan;
    json_t *bal;
    int rc;

    if (j == NULL)
        return;
    number = json_string_value(json_object_get(j, "number"));
    name = json_string_value(json_object_get(j, "name"));
    plan = json_string_value(json_object_get(j, "plan_id"));
    bal = json_object_get(j, "balance_fen");
    if (number == NULL || !valid_number(number))
        kf_api__reply_error(req, 400, "number: 5 to 20 digits");
    else if (name == NULL || strlen(name) >= 64)
        kf_api__reply_error(req, 400, "name: a string of at most 63 bytes");
    else if (plan == NULL)
        kf_api__reply_error(req, 400, "plan_id: missing");
    else if (bal && !json_is_integer(bal))
        kf_api__reply_error(req, 400, "balance_fen: a whole number of fen");
    else {
        rc = kf_selfcare_create(a->selfcare, number, name, plan,
                                bal ? json_integer_value(bal) : 0, kf_clock_wall_ms());
        if (rc == KF_EEXIST)
            kf_api__reply_error(req, 409, "number: already a subscriber");
        else if (rc == KF_EINVAL)
            kf_api__reply_error(req, 400, "plan_id: not a plan of the catalogue");
        else if (rc)
            kf_api__reply_error(req, 503, "store failure");
        else
            kf_api__reply_json(req, 201, json_pack("{s:s}", "number", number));
    }
    json_decref(j);
}

static void show_sub(kf_api *a, struct evhttp_request *req, const char *number)
{
    struct kf_account_view *v = kf_xcalloc(1, sizeof *v);
    int64_t now = kf_clock_wall_ms();
    int rc = kf_selfcare_view(a->selfcare, number, now, v);

    if (rc == KF_ENOENT)
        kf_api__reply_error(req, 404, "no such subscriber");
    else if (rc)
        kf_api__reply_error(req, 503, "store failure");
    else
        kf_api__reply_json(req, 200, kf_api__view_json(a, v, now));
    free(v);
}

static void do_op(kf_api *a, struct evhttp_request *req, const char *number)
{
    json_t *j = kf_api__read_body(a, req);
    struct kf_op_req r;
    struct kf_op_result out;
    const char *kind;

    if (j == NULL)
        return;
    kind = json_string_value(json_object_get(j, "kind"));
    memset(&r, 0, sizeof r);
    r.number = number;
    r.kind = kind ? kf_op_kind_parse(kind) : -1;
    r.item_id = json_string_value(json_object_get(j, "item_id"));
    r.request_id = json_string_value(json_object_get(j, "request_id"));
    r.actor = json_string_value(json_object_get(j, "actor"));
    r.channel = "api";
    r.now_ms = kf_clock_wall_ms();
    if (r.kind < 0)
        kf_api__reply_error(req, 400, "kind: order, change, unsubscribe or cancel-change");
    else if (r.request_id && strlen(r.request_id) >= 64)
        kf_api__reply_error(req, 400, "request_id: at most 63 bytes");
    else {
        kf_selfcare_do(a->selfcare, &r, &out);
        if (out.rc == 0 && !out.replayed) /* the subscriber hears of it by SMS */
            kf_hub_send(a->hub, "10086", number, out.text, NULL, NULL);
        kf_api__reply_op(req, &out);
    }
    json_decref(j);
}

static void list_ops(kf_api *a, struct evhttp_request *req, const char *number)
{
    struct kf_sub_op *ops = kf_xcalloc(100, sizeof *ops);
    json_t *arr = json_array();
    int n = kf_store_op_list(a->store, number, 0, ops, 100);

    for (int i = 0; i < n; i++) {
        json_t *before = json_loads(ops[i].before, 0, NULL), *after = json_loads(ops[i].after, 0, NULL);
        json_array_append_new(arr, json_pack("{s:I, s:s, s:s, s:s, s:s, s:I, s:o, s:o, s:s, s:s}",
                                             "id", (json_int_t)ops[i].id, "op", ops[i].op,
                                             "item_id", ops[i].item_id, "channel",
                                             ops[i].channel, "actor", ops[i].actor, "at_ms",
                                             (json_int_t)ops[i].at_ms, "before",
                                             before ? before : json_null(), "after",
                                             after ? after : json_null(), "result",
                                             ops[i].result, "request_id", ops[i].request_id));
    }
    kf_api__reply_json(req, 200, json_pack("{s:o}", "operations", arr));
    free(ops);
}

static void list_reminders(kf_api *a, struct evhttp_request *req, const char *number)
{
    static const char *const state[] = {"due", "sent", "dropped"};
    struct kf_reminder *r = kf_xcalloc(100, sizeof *r);
    json_t *arr = json_array();
    int n = kf_store_reminder_list(a->store, number, r, 100);

    for (int i = 0; i < n; i++)
        json_array_append_new(arr, json_pack("{s:I, s:i, s:s, s:I, s:s, s:I, s:I, s:I, s:s}",
                                             "id", (json_int_t)r[i].id, "cycle", r[i].cycle,
                                             "kind", r[i].kind, "threshold",
                                             (json_int_t)r[i].threshold, "state",
                                             state[r[i].state % 3], "due_ms",
                                             (json_int_t)r[i].due_ms, "sent_ms",
                                             (json_int_t)r[i].sent_ms, "msg_id",
                                             (json_int_t)r[i].msg_id, "text", r[i].text));
    kf_api__reply_json(req, 200, json_pack("{s:o}", "reminders", arr));
    free(r);
}

static void list_contacts(kf_api *a, struct evhttp_request *req, const char *number)
{
    struct kf_contact c[100];
    json_t *arr = json_array();
    int n = kf_store_contact_list(a->store, number, c, 100);

    for (int i = 0; i < n; i++)
        json_array_append_new(arr, json_pack("{s:s, s:I, s:s}", "channel", c[i].channel, "at_ms",
                                             (json_int_t)c[i].at_ms, "what", c[i].what));
    kf_api__reply_json(req, 200, json_pack("{s:o}", "contacts", arr));
}

json_t *kf_api__recommend_json(const struct kf_rec *r, int n)
{
    json_t *arr = json_array();
    for (int i = 0; i < n; i++) {
        json_t *costs = json_array();
        for (int k = 0; k < KF_REC_CYCLES; k++)
            json_array_append_new(costs, json_integer(r[i].cost_fen[k]));
        json_array_append_new(arr, json_pack("{s:o, s:I, s:I, s:b, s:s, s:o}", "plan",
                                             kf_api__item_json(r[i].plan), "mean_fen",
                                             (json_int_t)r[i].mean_fen, "saving_fen",
                                             (json_int_t)r[i].saving_fen, "covers",
                                             r[i].covers, "reason", r[i].reason, "cost_fen",
                                             costs));
    }
    return arr;
}

static void recommend(kf_api *a, struct evhttp_request *req, const char *number)
{
    struct kf_rec r[5];
    int n = kf_selfcare_recommend(a->selfcare, number, kf_clock_wall_ms(), r, 5);

    if (n == KF_ENOENT)
        kf_api__reply_error(req, 404, "no such subscriber");
    else if (n < 0)
        kf_api__reply_error(req, 503, "store failure");
    else
        kf_api__reply_json(req, 200, json_pack("{s:o}", "plans", kf_api__recommend_json(r, n)));
}

void kf_api__route_subscribers(kf_api *a, struct evhttp_request *req, const char *rest,
                               const char *query)
{
    enum evhttp_cmd_type m = evhttp_request_get_command(req);
    char number[24];
    const char *slash;
    size_t n;

    (void)query;
    if (rest[0] == '\0') {
        if (m == EVHTTP_REQ_POST)
            create_sub(a, req);
        else
            kf_api__reply_error(req, 405, "POST to create a subscriber");
        return;
    }
    if (rest[0] != '/' || (n = strcspn(rest + 1, "/")) == 0 || n >= sizeof number) {
        kf_api__reply_error(req, 404, "no such route");
        return;
    }
    memcpy(number, rest + 1, n);
    number[n] = '\0';
    slash = rest + 1 + n;
    if (!valid_number(number))
        kf_api__reply_error(req, 400, "number: 5 to 20 digits");
    else if (*slash == '\0' && m == EVHTTP_REQ_GET)
        show_sub(a, req, number);
    else if (strcmp(slash, "/ops") == 0 && m == EVHTTP_REQ_POST)
        do_op(a, req, number);
    else if (strcmp(slash, "/ops") == 0 && m == EVHTTP_REQ_GET)
        list_ops(a, req, number);
    else if (strcmp(slash, "/reminders") == 0 && m == EVHTTP_REQ_GET)
        list_reminders(a, req, number);
    else if (strcmp(slash, "/contacts") == 0 && m == EVHTTP_REQ_GET)
        list_contacts(a, req, number);
    else if (strcmp(slash, "/recommend") == 0 && m == EVHTTP_REQ_GET)
        recommend(a, req, number);
    else
        kf_api__reply_error(req, 404, "no such route");
}

/* ------------------------------------------------------------ usage */

static void add_line(void *arg, const struct kf_usage_line *u)
{
    struct kf_buf *b = arg;
    kf_buf_append(b, u, sizeof *u);
}

void kf_api__route_usage(kf_api *a, struct evhttp_request *req, const char *query)
{
    struct evbuffer *in = evhttp_request_get_input_buffer(req);
    size_t len = evbuffer_get_length(in);
    char name[128] = "body", first[16] = "1";
    struct kf_buf lines, errs;
    struct kf_rate_stats st = {0};
    int bad, first_line;
    json_t *jerrs;

    if (evhttp_request_get_command(req) != EVHTTP_REQ_POST) {
        kf_api__reply_error(req, 405, "POST a usage CSV");
        return;
    }
    if ((int64_t)len > a->conf.max_usage_body) {
        kf_api__reply_error(req, 413, "body larger than http.max_usage_body: send it in pieces");
        return;
    }
    kf_api__query(query, "name", name, sizeof name);
    kf_api__query(query, "first_line", first, sizeof first);
    first_line = (int)strtol(first, NULL, 10);
    if (first_line < 1)
        first_line = 1;
    kf_buf_init(&lines, (len / 8 + 1) * sizeof(struct kf_usage_line) + 1);
    kf_buf_init(&errs, 1 << 20);
    bad = kf_usage_parse((const char *)evbuffer_pullup(in, (ev_ssize_t)len), len, name,
                         first_line, kf_selfcare_tz(a->selfcare), add_line, &lines, &errs, 100);
    st.rejected = 0;
    /* the accounts are written by the next settle: within a second (kefud's
     * timer), or before anything else reads them */
    if (kf_selfcare_rate_defer(a->selfcare, (const struct kf_usage_line *)lines.data,
                         lines.len / sizeof(struct kf_usage_line), kf_clock_wall_ms(), &st,
                         &errs)) {
        kf_api__reply_error(req, 503, "store failure while rating; the failing chunk was rolled "
                                      "back, send the same file again");
    } else {
        jerrs = json_array();
        for (char *p = (char *)errs.data, *nl; p && *p; p = nl ? nl + 1 : NULL) {
            nl = strchr(p, '\n');
            json_array_append_new(jerrs, json_stringn(p, nl ? (size_t)(nl - p) : strlen(p)));
        }
        kf_api__reply_json(req, bad || st.rejected ? 422 : 200,
                           json_pack("{s:I, s:I, s:I, s:I, s:I, s:I, s:I, s:o}", "lines",
                                     (json_int_t)(st.lines + bad), "rated", (json_int_t)st.rated,
                                     "duplicates", (json_int_t)st.duplicates, "bad_lines",
                                     (json_int_t)bad, "rejected", (json_int_t)st.rejected,
                                     "unknown_number", (json_int_t)st.unknown_number,
                                     "charged_fen", (json_int_t)st.charged_fen, "errors", jerrs));
    }
    kf_buf_deinit(&lines);
    kf_buf_deinit(&errs);
}

/* ---------------------------------------------------------- catalogue */

static int matches(const struct kf_item *it, const char *kind, const char *family, const char *q)
{
    return (kind == NULL || strcmp(kf_item_kind_name(it->kind), kind) == 0) &&
           (family == NULL || strcmp(it->family, family) == 0) &&
           (q == NULL || strstr(it->name, q) || strstr(it->id, q) ||
            (it->code[0] && strcasecmp(it->code, q) == 0));
}

static void list_catalog(kf_api *a, struct evhttp_request *req, const char *query)
{
    const kf_catalog *c = kf_selfcare_catalog(a->selfcare);
    char kind[16], family[16], q[128], all[8];
    const char *k = kf_api__query(query, "kind", kind, sizeof kind);
    const char *f = kf_api__query(query, "family", family, sizeof family);
    const char *s = kf_api__query(query, "q", q, sizeof q);
    int every = kf_api__query(query, "all", all, sizeof all) != NULL;
    int64_t now = kf_clock_wall_ms();
    json_t *arr = json_array();

    for (size_t i = 0; i < kf_catalog_count(c); i++) {
        const struct kf_item *it = kf_catalog_at(c, i);
        if ((every || kf_item_on_sale(it, now)) && matches(it, k, f, s))
            json_array_append_new(arr, kf_api__item_json(it));
    }
    kf_api__reply_json(req, 200, json_pack("{s:I, s:o}", "count", (json_int_t)json_array_size(arr),
                                           "items", arr));
}

void kf_api__route_catalog(kf_api *a, struct evhttp_request *req, const char *rest,
                           const char *query)
{
    enum evhttp_cmd_type m = evhttp_request_get_command(req);
    char *err = NULL;

    if (rest[0] == '\0' && m == EVHTTP_REQ_GET) {
        list_catalog(a, req, query);
    } else if (strcmp(rest, "/reload") == 0 && m == EVHTTP_REQ_POST) {
        if (a->reload_catalog == NULL || a->reload_catalog(a->reload_catalog_arg, &err)) {
            kf_api__reply_error(req, 422, err ? err : "reload is not available");
            free(err);
        } else
            kf_api__reply_json(req, 200,
                               json_pack("{s:I}", "items",
                                         (json_int_t)kf_catalog_count(
                                             kf_selfcare_catalog(a->selfcare))));
    } else if (rest[0] == '/' && m == EVHTTP_REQ_GET) {
        const struct kf_item *it = kf_catalog_get(kf_selfcare_catalog(a->selfcare), rest + 1);
        if (it)
            kf_api__reply_json(req, 200, kf_api__item_json(it));
        else
            kf_api__reply_error(req, 404, "no such item");
    } else
        kf_api__reply_error(req, 404, "no such route");
}
