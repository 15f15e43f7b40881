/* SPDX-License-Identifier: MIT
 *
 * shield.c -- the spam shield's API routes:
 *   POST   /api/v1/shield/check           judge a text (dry run) and explain
 *   POST   /api/v1/shield/reload          reload model, rules and domains
 *   GET    /api/v1/shield/lists[?list=]   staff lists
 *   POST   /api/v1/shield/lists           add {list, value, note, actor, until_ms}
 *   DELETE /api/v1/shield/lists/{list}/{value}
 *   GET    /api/v1/review?state=&from=&to=&after=&limit=   the queue
 *   GET    /api/v1/review/{id}            one item with text, reasons, log
 *   POST   /api/v1/review/{id}/action     {action, actor, note}
 *   POST   /api/v1/review/{id}/audit      {correct, actor}
 *   GET    /api/v1/review/kpi?from=&to=   KPIs over a period (ms since epoch)
 *   GET    /api/v1/review/labels          labelled texts (label<TAB>text)
 *   POST   /api/v1/reports                {reporter, text}: a report by API
 */
#include "api/api_int.h"

#include <event2/buffer.h>
#include <event2/keyvalq_struct.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/queue.h>

#include "base/base.h"
#include "base/clock.h"

void kf_api_attach_shield(kf_api *a, kf_shield *sh, kf_review *rv,
                          int (*reload)(void *arg, char **err), void *arg)
{
    a->shield = sh;
    a->review = rv;
    a->reload = reload;
    a->reload_arg = arg;
}

static void reply_buf(struct evhttp_request *req, int code, const struct kf_buf *b,
                      const char *type)
{
    struct evbuffer *out = evbuffer_new();
    evhttp_add_header(evhttp_request_get_output_headers(req), "Content-Type", type);
    evbuffer_add(out, b->data ? (const void *)b->data : "", b->len);
    evhttp_send_reply(req, code, "OK", out);
    evbuffer_free(out);
}

static const char *str_field(json_t *j, const char *k)
{
    json_t *v = json_object_get(j, k);
    return json_is_string(v) ? json_string_value(v) : NULL;
}

/* ------------------------------------------------------------- check */

static void check(kf_api *a, struct evhttp_request *req)
{
    json_t *j = kf_api__read_body(a, req);
    struct kf_shield_input in;
    struct kf_shield_decision d;
    struct kf_account ac;
    const char *text, *port;
    const char *sigs[16];
    json_t *arr = NULL, *v;
    struct kf_buf out;
    size_t i;

    if (j == NULL)
        return;
    text = str_field(j, "text");
    port = str_field(j, "port");
    if (text == NULL) {
        json_decref(j);
        kf_api__reply_error(req, 400, "text (a string) is required");
        return;
    }
    memset(&in, 0, sizeof in);
    in.text = text;
    in.len = strlen(text);
    in.src = str_field(j, "src") ? str_field(j, "src") : "";
    in.dst = str_field(j, "dst") ? str_field(j, "dst") : "";
    if (port) {
        if (kf_store_account_get(a->store, port, &ac) != 0 || ac.kind != KF_ACCT_PORT) {
            json_decref(j);
            kf_api__reply_error(req, 404, "no such port (system_id)");
            return;
        }
        in.from_port = 1;
        in.realname = ac.realname;
        in.port_number = ac.number;
        arr = json_loads(ac.signatures, 0, NULL);
        json_array_foreach(arr, i, v) if (json_is_string(v) && in.nsigs < 16) sigs[in.nsigs++] =
            json_string_value(v);
        in.sigs = sigs;
        if (in.src[0] == '\0')
            in.src = ac.number;
    }
    kf_shield_judge(a->shield, &in, kf_clock_wall_ms(), &d);
    kf_buf_init(&out, 1u << 20);
    kf_shield_explain_json(a->shield, &in, &d, &out);
    reply_buf(req, 200, &out, "application/json; charset=utf-8");
    kf_buf_deinit(&out);
    json_decref(arr);
    json_decref(j);
}

/* ------------------------------------------------------------- lists */

static int list_one(void *arg, const struct kf_list_entry *e)
{
    json_array_append_new(arg, json_pack("{s:I,s:s,s:s,s:s,s:s,s:I,s:I}", "id", (json_int_t)e->id,
                                         "list", e->list, "value", e->value, "note", e->note,
                                         "actor", e->actor, "created_ms",
                                         (json_int_t)e->created_ms, "until_ms",
                                         (json_int_t)e->until_ms));
    return 0;
}

static void lists_post(kf_api *a, struct evhttp_request *req)
{
    json_t *j = kf_api__read_body(a, req), *until;
    struct kf_list_entry e;
    const char *list, *value, *actor, *note;
    char *err = NULL;
    int rc;

    if (j == NULL)
        return;
    list = str_field(j, "list");
    value = str_field(j, "value");
    actor = str_field(j, "actor");
    note = str_field(j, "note");
    until = json_object_get(j, "until_ms");
    if (!list || !value || !actor || !actor[0] || (until && !json_is_integer(until))) {
        json_decref(j);
        kf_api__reply_error(req, 400, "list, value and actor (strings) are required; until_ms "
                                      "is an integer");
        return;
    }
    memset(&e, 0, sizeof e);
    snprintf(e.list, sizeof e.list, "%s", list);
    snprintf(e.value, sizeof e.value, "%s", value);
    snprintf(e.actor, sizeof e.actor, "%s", actor);
    snprintf(e.note, sizeof e.note, "%s", note ? note : "");
    e.created_ms = kf_clock_wall_ms();
    e.until_ms = until ? json_integer_value(until) : 0;
    rc = strlen(value) >= sizeof e.value ? KF_EINVAL : kf_shield_list_put(a->shield, &e, &err);
    if (rc == 0)
        kf_api__reply_json(req, 201, json_pack("{s:I,s:s,s:s}", "id", (json_int_t)e.id, "list",
                                               e.list, "value", e.value));
    else
        kf_api__reply_error(req, rc == KF_EINVAL ? 400 : 500, err ? err : kf_strerror(rc));
    free(err);
    json_decref(j);
}

static void lists_delete(kf_api *a, struct evhttp_request *req, const char *rest)
{
    char list[32], *value;
    const char *slash = strchr(rest, '/');
    int rc;

    if (slash == NULL || (size_t)(slash - rest) >= sizeof list || slash[1] == '\0') {
        kf_api__reply_error(req, 400, "use DELETE /api/v1/shield/lists/{list}/{value}");
        return;
    }
    memcpy(list, rest, (size_t)(slash - rest));
    list[slash - rest] = '\0';
    value = evhttp_uridecode(slash + 1, 0, NULL);
    rc = kf_shield_list_del(a->shield, list, value ? value : "");
    if (rc == 0)
        kf_api__reply_json(req, 200, json_pack("{s:s}", "deleted", value));
    else
        kf_api__reply_error(req, rc == KF_ENOENT ? 404 : 400,
                            rc == KF_ENOENT ? "no such entry" : "unknown list");
    free(value);
}

static void route_lists(kf_api *a, struct evhttp_request *req, const char *rest,
                        const char *query)
{
    enum evhttp_cmd_type m = evhttp_request_get_command(req);

    if (*rest == '\0' && m == EVHTTP_REQ_GET) {
        struct evkeyvalq q;
        const char *list;
        json_t *arr = json_array();
        TAILQ_INIT(&q);
        evhttp_parse_query_str(query ? query : "", &q);
        list = evhttp_find_header(&q, "list");
        kf_store_list_each(a->store, list, list_one, arr);
        evhttp_clear_headers(&q);
        kf_api__reply_json(req, 200, json_pack("{s:o}", "entries", arr));
    } else if (*rest == '\0' && m == EVHTTP_REQ_POST) {
        lists_post(a, req);
    } else if (*rest == '/' && m == EVHTTP_REQ_DELETE) {
        lists_delete(a, req, rest + 1);
    } else {
        kf_api__reply_error(req, 405, "use GET or POST /api/v1/shield/lists, DELETE "
                                      "/api/v1/shield/lists/{list}/{value}");
    }
}

void kf_api__route_shield(kf_api *a, struct evhttp_request *req, const char *rest,
                          const char *query)
{
    enum evhttp_cmd_type m = evhttp_request_get_command(req);

    if (a->shield == NULL) {
        kf_api__reply_error(req, 503, "the spam shield is not running");
    } else if (strcmp(rest, "check") == 0 && m == EVHTTP_REQ_POST) {
        check(a, req);
    } else if (strcmp(rest, "reload") == 0 && m == EVHTTP_REQ_POST) {
        char *err = NULL;
        if (a->reload(a->reload_arg, &err) == 0)
            kf_api__reply_json(req, 200, json_pack("{s:s}", "status", "reloaded"));
        else
            kf_api__reply_error(req, 422, err ? err : "reload failed");
        free(err);
    } else if (strncmp(rest, "lists", 5) == 0) {
        route_lists(a, req, rest + 5, query);
    } else {
        kf_api__reply_error(req, 404, "no such route");
    }
}

/* ------------------------------------------------------------ review */

static int64_t q_int(struct evkeyvalq *q, const char *k, int64_t def)
{
    const char *v = evhttp_find_header(q, k);
    char *end;
    long long n;
    if (v == NULL || *v == '\0')
        return def;
    n = strtoll(v, &end, 10);
    return *end ? -1 : n;
}

static void review_list(kf_api *a, struct evhttp_request *req, const char *query)
{
    struct evkeyvalq q;
    const char *st;
    int state = 0;
    int64_t from, to, after, limit;
    struct kf_buf out;

    TAILQ_INIT(&q);
    evhttp_parse_query_str(query ? query : "", &q);
    st = evhttp_find_header(&q, "state");
    if (st && strcmp(st, "all") == 0)
        state = -1;
    else if (st && strcmp(st, "handled") == 0)
        state = 1;
    else if (st && strcmp(st, "open") != 0)
        state = -2;
    from = q_int(&q, "from", 0);
    to = q_int(&q, "to", INT64_MAX);
    after = q_int(&q, "after", 0);
    limit = q_int(&q, "limit", 50);
    evhttp_clear_headers(&q);
    if (state == -2 || from < 0 || to < 0 || after < 0 || limit < 1 || limit > 1000) {
        kf_api__reply_error(req, 400, "state is open|handled|all; from, to, after are "
                                      "integers >= 0; limit 1..1000");
        return;
    }
    kf_buf_init(&out, 64u << 20);
    if (kf_review_list_json(a->review, state, from, to, after, (int)limit, &out) == 0)
        reply_buf(req, 200, &out, "application/json; charset=utf-8");
    else
        kf_api__reply_error(req, 500, "store failure");
    kf_buf_deinit(&out);
}

static void review_kpi(kf_api *a, struct evhttp_request *req, const char *query)
{
    struct evkeyvalq q;
    int64_t now = kf_clock_wall_ms(), from, to;
    struct kf_buf out;

    TAILQ_INIT(&q);
    evhttp_parse_query_str(query ? query : "", &q);
    from = q_int(&q, "from", now - 30LL * 86400000);
    to = q_int(&q, "to", now + 1);
    evhttp_clear_headers(&q);
    if (from < 0 || to < 0 || to < from) {
        kf_api__reply_error(req, 400, "from and to are ms since the epoch, from <= to");
        return;
    }
    kf_buf_init(&out, 1u << 20);
    if (kf_review_kpi_json(a->review, from, to, now, &out) == 0)
        reply_buf(req, 200, &out, "application/json; charset=utf-8");
    else
        kf_api__reply_error(req, 500, "store failure");
    kf_buf_deinit(&out);
}

static void review_post(kf_api *a, struct evhttp_request *req, int64_t id, const char *what)
{
    json_t *j = kf_api__read_body(a, req);
    const char *actor, *action, *note;
    char *err = NULL;
    int rc;

    if (j == NULL)
        return;
    actor = str_field(j, "actor");
    action = str_field(j, "action");
    note = str_field(j, "note");
    if (actor == NULL || actor[0] == '\0' || strlen(actor) >= 64) {
        json_decref(j);
        kf_api__reply_error(req, 400, "actor (who does it, 1..63 bytes) is required");
        return;
    }
    if (strcmp(what, "audit") == 0) {
        json_t *c = json_object_get(j, "correct");
        rc = json_is_boolean(c) ? kf_review_audit(a->review, id, json_is_true(c), actor, &err)
                                : KF_EINVAL;
        if (!json_is_boolean(c))
            err = kf_xstrdup("correct (true or false) is required");
    } else if (action == NULL) {
        rc = KF_EINVAL;
        err = kf_xstrdup("action is required: release, block, blacklist, confirm, dismiss, "
                         "suspend, reinstate or notify");
    } else {
        rc = kf_review_act(a->review, id, action, actor, note, &err);
    }
    if (rc == 0) {
        struct kf_buf out;
        kf_buf_init(&out, 16u << 20);
        kf_review_item_json(a->review, id, &out);
        reply_buf(req, 200, &out, "application/json; charset=utf-8");
        kf_buf_deinit(&out);
    } else {
        kf_api__reply_error(req, rc == KF_ENOENT ? 404 : rc == KF_EEXIST ? 409 : rc == KF_EINVAL ? 400 : 500,
                            err ? err : kf_strerror(rc));
    }
    free(err);
    json_decref(j);
}

void kf_api__route_review(kf_api *a, struct evhttp_request *req, const char *rest,
                          const char *query)
{
    enum evhttp_cmd_type m = evhttp_request_get_command(req);
    char *end;
    long long id;

    if (a->review == NULL) {
        kf_api__reply_error(req, 503, "the review queue is not running");
        return;
    }
    if (*rest == '\0' && m == EVHTTP_REQ_GET) {
        review_list(a, req, query);
        return;
    }
    if (strcmp(rest, "/kpi") == 0 && m == EVHTTP_REQ_GET) {
        review_kpi(a, req, query);
        return;
    }
    if (strcmp(rest, "/labels") == 0 && m == EVHTTP_REQ_GET) {
        struct kf_buf out;
        kf_buf_init(&out, 256u << 20);
        kf_review_labels(a->review, &out);
        reply_buf(req, 200, &out, "text/tab-separated-values; charset=utf-8");
        kf_buf_deinit(&out);
        return;
    }
    id = *rest == '/' ? strtoll(rest + 1, &end, 10) : 0;
    if (id <= 0) {
        kf_api__reply_error(req, 404, "no such route");
    } else if (*end == '\0' && m == EVHTTP_REQ_GET) {
        struct kf_buf out;
        kf_buf_init(&out, 16u << 20);
        if (kf_review_item_json(a->review, id, &out) == 0)
            reply_buf(req, 200, &out, "application/json; charset=utf-8");
        else
            kf_api__reply_error(req, 404, "no such review item");
        kf_buf_deinit(&out);
    } else if ((strcmp(end, "/action") == 0 || strcmp(end, "/audit") == 0) &&
               m == EVHTTP_REQ_POST) {
        review_post(a, req, id, end + 1);
    } else {
        kf_api__reply_error(req, 405, "use GET /api/v1/review/{id}, POST .../action or .../audit");
    }
}

void kf_api__route_reports(kf_api *a, struct evhttp_request *req)
{
    json_t *j;
    const char *reporter, *text;
    char ack[480];
    int64_t id;

    if (a->review == NULL) {
        kf_api__reply_error(req, 503, "the review queue is not running");
        return;
    }
    if (evhttp_request_get_command(req) != EVHTTP_REQ_POST) {
        kf_api__reply_error(req, 405, "use POST {reporter, text}");
        return;
    }
    if ((j = kf_api__read_body(a, req)) == NULL)
        return;
    reporter = str_field(j, "reporter");
    text = str_field(j, "text");
    if (reporter == NULL || text == NULL || reporter[0] == '\0' || strlen(reporter) > 21 ||
        strspn(reporter, "+0123456789") != strlen(reporter)) {
        json_decref(j);
        kf_api__reply_error(req, 400, "reporter (a number) and text are required");
        return;
    }
    id = kf_review_report(a->review, reporter, text, kf_clock_wall_ms(), ack, sizeof ack);
    if (id > 0)
        kf_api__reply_json(req, 201, json_pack("{s:I,s:s}", "id", (json_int_t)id, "ack", ack));
    else
        kf_api__reply_error(req, 500, "store failure");
    json_decref(j);
}
