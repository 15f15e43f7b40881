/* SPDX-License-Identifier: MIT
 *
 * desk.c -- the staff API of the robots (bearer token):
 *   GET  /api/v1/handover?state=open|answered|closed|all&before=ID&limit=N
 *   GET  /api/v1/handover/{id}
 *   POST /api/v1/handover/{id}/answer   {text, actor}: an SMS from 10086; the
 *        item is marked answered in the transaction that stores the SMS
 *   POST /api/v1/handover/{id}/close    {actor}: closed without an answer
 *   GET  /api/v1/robot/log?answered=0|1&before=ID&limit=N   free-text questions
 *   GET  /api/v1/robot/stats            counters and the answer-time histogram
 *   POST /api/v1/robot/reload           re-read the robot's files (and config)
 *   GET  /api/v1/bookings?number=N      12580 bookings of a subscriber
 */
#include "api/api_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/base.h"
#include "base/clock.h"
#include "store/desk.h"

#define LIST_MAX 200

void kf_api_attach_robot(kf_api *a, kf_robot *r, int (*reload)(void *arg, char **err), void *arg)
{
    a->robot = r;
    a->reload_robot = reload;
    a->reload_robot_arg = arg;
}

static int64_t query_int(const char *query, const char *key, int64_t def)
{
    char v[32];
    char *end;
    long long n;

    if (kf_api__query(query, key, v, sizeof v) == NULL)
        return def;
    n = strtoll(v, &end, 10);
    return *end || end == v ? def : (int64_t)n;
}

/* ------------------------------------------------------- hand-over */

static const char *ho_state_name(int s)
{
    return s == KF_HO_OPEN ? "open" : s == KF_HO_ANSWERED ? "answered" : "closed";
}

static json_t *handover_json(const struct kf_handover *h)
{
    char masked[KF_MASK_MAX];

    kf_mask_msisdn(h->number, masked);
    return json_pack("{s:I, s:s, s:s, s:s, s:s, s:s, s:f, s:I, s:s, s:s, s:I, s:s, s:I}", "id",
                     (json_int_t)h->id, "number", masked, "question", h->question, "context",
                     h->context, "reason", h->reason, "intent", h->intent, "score", h->score,
                     "created_ms", (json_int_t)h->created_ms, "state", ho_state_name(h->state),
                     "handled_by", h->handled_by, "handled_ms", (json_int_t)h->handled_ms, "answer",
                     h->answer, "msg_id", (json_int_t)h->msg_id);
}

static void list_handover(kf_api *a, struct evhttp_request *req, const char *query)
{
    char st[16] = "open";
    int state, lim = (int)query_int(query, "limit", 50), n;
    struct kf_handover *items;
    int64_t open;
    json_t *arr;

    kf_api__query(query, "state", st, sizeof st);
    state = !strcmp(st, "open")       ? KF_HO_OPEN
            : !strcmp(st, "answered") ? KF_HO_ANSWERED
            : !strcmp(st, "closed")   ? KF_HO_CLOSED
            : !strcmp(st, "all")      ? -1
                                      : -2;
    if (state == -2) {
        kf_api__reply_error(req, 400, "state: open, answered, closed or all");
        return;
    }
    if (lim < 1 || lim > LIST_MAX)
        lim = 50;
    items = kf_xcalloc((size_t)lim, sizeof *items);
    n = kf_store_handover_list(a->store, state, query_int(query, "before", 0), items, lim);
    if (n < 0) {
        free(items);
        kf_api__reply_error(req, 503, "store failure");
        return;
    }
    arr = json_array();
    for (int i = 0; i < n; i++) {
        json_t *o = handover_json(&items[i]);
        if (o)
            json_array_append_new(arr, o);
    }
    free(items);
    open = kf_store_handover_open(a->store);
    kf_api__reply_json(
        req, 200, json_pack("{s:o, s:I}", "items", arr, "open", (json_int_t)(open < 0 ? 0 : open)));
}

struct answer_ctx {
    struct evhttp_request *req;
    kf_store *store;
    int64_t id;
};

static void on_answered(void *arg, int rc, const int64_t *ids, int n)
{
    struct answer_ctx *c = arg;

    if (rc) {
        kf_store_handover_set(c->store, c->id, KF_HO_OPEN, "", "", 0); /* may be answered again */
        kf_api__reply_error(c->req, rc == KF_EBUSY ? 503 : 500, kf_strerror(rc));
    } else
        kf_api__reply_json(c->req, 200,
                           json_pack("{s:I, s:s, s:I, s:i}", "id", (json_int_t)c->id, "state",
                                     "answered", "msg_id", (json_int_t)(n ? ids[0] : 0), "parts",
                                     n));
    free(c);
}

static void answer_handover(kf_api *a, struct evhttp_request *req, int64_t id)
{
    json_t *j = kf_api__read_body(a, req);
    const char *text, *actor;
    struct kf_handover h;
    struct kf_store_op op;
    struct answer_ctx *c;
    int64_t now = kf_clock_wall_ms();
    int rc;

    if (j == NULL)
        return;
    text = json_string_value(json_object_get(j, "text"));
    actor = json_string_value(json_object_get(j, "actor"));
    if (!text || !*text || strlen(text) > 600 || !actor || !*actor) {
        json_decref(j);
        kf_api__reply_error(req, 400, "text (1 to 600 bytes) and actor are required strings");
        return;
    }
    rc = kf_store_handover_get(a->store, id, &h);
    if (rc == 0 && h.state != KF_HO_OPEN)
        rc = KF_EEXIST;
    if (rc == 0 && (rc = kf_store_handover_set(a->store, id, KF_HO_ANSWERED, actor, text, now)))
        rc = rc == KF_ENOENT ? KF_EBUSY : rc; /* claimed by another answer just now */
    if (rc) {
        json_decref(j);
        kf_api__reply_error(req,
                            rc == KF_ENOENT   ? 404
                            : rc == KF_ESTORE ? 503
                                              : 409,
                            rc == KF_ENOENT   ? "no such hand-over"
                            : rc == KF_EEXIST ? "already answered or closed"
                            : rc == KF_EBUSY  ? "another answer to it is being sent"
                                              : "store failure");
        return;
    }
    kf_store_op_handover_sent(&op, id, now);
    c = kf_xcalloc(1, sizeof *c);
    c->req = req;
    c->store = a->store;
    c->id = id;
    rc = kf_hub_send_with(a->hub, h.service[0] ? h.service : "10086", h.number, text, &op, 1,
                          on_answered, c);
    json_decref(j);
    if (rc) {
        free(c);
        kf_store_handover_set(a->store, id, KF_HO_OPEN, "", "", 0);
        kf_api__reply_error(req, rc == KF_EBUSY ? 503 : 400,
                            rc == KF_EBUSY ? "queue full" : "the answer cannot be sent");
    }
}

static void close_handover(kf_api *a, struct evhttp_request *req, int64_t id)
{
    json_t *j = kf_api__read_body(a, req);
    const char *actor;
    int rc;

    if (j == NULL)
        return;
    actor = json_string_value(json_object_get(j, "actor"));
    if (!actor || !*actor) {
        json_decref(j);
        kf_api__reply_error(req, 400, "actor is a required string");
        return;
    }
    rc = kf_store_handover_set(a->store, id, KF_HO_CLOSED, actor, "", kf_clock_wall_ms());
    json_decref(j);
    if (rc)
        kf_api__reply_error(req, rc == KF_ENOENT ? 404 : 503,
                            rc == KF_ENOENT ? "no open hand-over with that id (or an answer "
                                              "to it is being sent)"
                                            : "store failure");
    else
        kf_api__reply_json(req, 200,
                           json_pack("{s:I, s:s}", "id", (json_int_t)id, "state", "closed"));
}

void kf_api__route_handover(kf_api *a, struct evhttp_request *req, const char *rest,
                            const char *query)
{
    enum evhttp_cmd_type m = evhttp_request_get_command(req);
    struct kf_handover h;
    char *end;
    long long id;

    if (rest[0] == '\0') {
        if (m == EVHTTP_REQ_GET)
            list_handover(a, req, query);
        else
            kf_api__reply_error(req, 405, "GET the queue");
        return;
    }
    id = rest[0] == '/' ? strtoll(rest + 1, &end, 10) : 0;
    if (id <= 0 || end == rest + 1) {
        kf_api__reply_error(req, 404, "no such route");
        return;
    }
    if (*end == '\0' && m == EVHTTP_REQ_GET) {
        int rc = kf_store_handover_get(a->store, id, &h);
        if (rc)
            kf_api__reply_error(req, rc == KF_ENOENT ? 404 : 503,
                                rc == KF_ENOENT ? "no such hand-over" : "store failure");
        else
            kf_api__reply_json(req, 200, handover_json(&h));
    } else if (strcmp(end, "/answer") == 0 && m == EVHTTP_REQ_POST) {
        answer_handover(a, req, id);
    } else if (strcmp(end, "/close") == 0 && m == EVHTTP_REQ_POST) {
        close_handover(a, req, id);
    } else {
        kf_api__reply_error(req, 404, "no such route");
    }
}

/* ------------------------------------------------------ robot, 12580 */

static void robot_log(kf_api *a, struct evhttp_request *req, const char *query)
{
    int lim = (int)query_int(query, "limit", 50), n;
    int which = (int)query_int(query, "answered", -1);
    struct kf_robot_log *rows;
    json_t *arr;

    if (lim < 1 || lim > LIST_MAX)
        lim = 50;
    if (which < -1 || which > 1) {
        kf_api__reply_error(req, 400, "answered: 0 or 1");
        return;
    }
    kf_robot_flush(a->robot); /* what the buffer holds too */
    rows = kf_xcalloc((size_t)lim, sizeof *rows);
    n = kf_store_robot_log_list(a->store, which, query_int(query, "before", 0), rows, lim);
    arr = json_array();
    for (int i = 0; i < n; i++) {
        const struct kf_robot_log *r = &rows[i];
        char masked[KF_MASK_MAX];
        kf_mask_msisdn(r->number, masked);
        json_t *o =
            json_pack("{s:I, s:s, s:s, s:s, s:s, s:s, s:f, s:f, s:b, s:I}", "id", (json_int_t)r->id,
                      "number", masked, "service", r->service, "text", r->text, "intent", r->intent,
                      "runner_up", r->runner_up, "score", r->score, "margin", r->margin, "answered",
                      r->answered, "created_ms", (json_int_t)r->created_ms);
        if (o) /* a row that is not valid UTF-8 is left out rather than fail all */
            json_array_append_new(arr, o);
    }
    free(rows);
    if (n < 0) {
        json_decref(arr);
        kf_api__reply_error(req, 503, "store failure");
        return;
    }
    kf_api__reply_json(req, 200, json_pack("{s:o}", "items", arr));
}

static void robot_stats(kf_api *a, struct evhttp_request *req)
{
    static const char *const edges[] = {"50us", "100us", "250us", "500us", "1ms",   "2.5ms",
                                        "5ms",  "10ms",  "25ms",  "50ms",  "100ms", "more"};
    struct kf_robot_stats s;
    json_t *hist = json_object();

    kf_robot_stats(a->robot, &s);
    for (size_t i = 0; i < KF_ARRAY_LEN(edges); i++)
        json_object_set_new(hist, edges[i], json_integer((json_int_t)s.lat_hist[i]));
    kf_api__reply_json(req, 200,
                       json_pack("{s:I, s:I, s:I, s:I, s:I, s:I, s:I, s:I, s:I, s:I, s:o}",
                                 "messages", (json_int_t)s.messages, "commands",
                                 (json_int_t)s.commands, "answered", (json_int_t)s.answered,
                                 "handed_over", (json_int_t)s.handed_over, "chitchat",
                                 (json_int_t)s.chitchat, "limited", (json_int_t)s.limited,
                                 "lookups", (json_int_t)s.lookups, "bookings",
                                 (json_int_t)s.bookings, "latency_us_sum", (json_int_t)s.lat_us_sum,
                                 "latency_us_max", (json_int_t)s.lat_us_max, "latency_hist", hist));
}

void kf_api__route_robot(kf_api *a, struct evhttp_request *req, const char *rest, const char *query)
{
    enum evhttp_cmd_type m = evhttp_request_get_command(req);
    char *err = NULL;

    if (strcmp(rest, "/log") == 0 && m == EVHTTP_REQ_GET) {
        robot_log(a, req, query);
    } else if (strcmp(rest, "/stats") == 0 && m == EVHTTP_REQ_GET) {
        robot_stats(a, req);
    } else if (strcmp(rest, "/reload") == 0 && m == EVHTTP_REQ_POST) {
        if (a->reload_robot(a->reload_robot_arg, &err) == 0)
            kf_api__reply_json(req, 200, json_pack("{s:b}", "reloaded", 1));
        else
            kf_api__reply_error(req, 422, err ? err : "reload failed");
        free(err);
    } else {
        kf_api__reply_error(req, 404, "no such route");
    }
}

void kf_api__route_bookings(kf_api *a, struct evhttp_request *req, const char *query)
{
    char number[24];
    struct kf_booking b[50];
    json_t *arr;
    int n;

    if (evhttp_request_get_command(req) != EVHTTP_REQ_GET ||
        kf_api__query(query, "number", number, sizeof number) == NULL) {
        kf_api__reply_error(req, 400, "GET with ?number=");
        return;
    }
    n = kf_store_booking_list(a->store, number, b, 50);
    if (n < 0) {
        kf_api__reply_error(req, 503, "store failure");
        return;
    }
    arr = json_array();
    for (int i = 0; i < n; i++)
        json_array_append_new(arr, json_pack("{s:I, s:s, s:s, s:s, s:I}", "id", (json_int_t)b[i].id,
                                             "slot", b[i].slot_key, "text", b[i].slot_text, "state",
                                             b[i].state == KF_BOOK_OK ? "booked" : "cancelled",
                                             "created_ms", (json_int_t)b[i].created_ms));
    kf_api__reply_json(req, 200, json_pack("{s:o}", "items", arr));
}
