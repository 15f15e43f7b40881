/* SPDX-License-Identifier: MIT
 *
 * http.c -- the evhttp adapter and the API routes: bearer-token check,
 * JSON bodies in and out (jansson), error answers as {"error": reason}
 * with a 4xx status, and the handlers for health, metrics, ports, messages
 * and sending. Numbers in answers are masked (138****8001) unless they are
 * ports or service numbers.
 */
#include "api/api.h"

#include <event2/buffer.h>
#include <event2/event.h>
#include <event2/http.h>
#include <event2/keyvalq_struct.h>
#include <sys/queue.h>
#include <arpa/inet.h>
#include <inttypes.h>
#include <jansson.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "api/api_int.h"
#include "auth/auth.h"
#include "base/base.h"

#define API_KEY(name, type, field, def, min, max, unit, reload, help) \
    {name, type, offsetof(struct kf_api_conf, field), def, min, max, NULL, unit, reload, help}

const struct kf_conf_key kf_api_keys[] = {
    API_KEY("listen", KF_CONF_STR, listen, "127.0.0.1", 0, 0, "", 0,
            "Address of the HTTP API and metrics."),
    API_KEY("port", KF_CONF_INT, port, "8086", 0, 65535, "", 0, "HTTP port; 0 picks a free port."),
    API_KEY("token", KF_CONF_STR, token, "", 0, 0, "", 0,
            "Bearer token for /api/ routes. Empty: kefud creates a random one in "
            "<data_dir>/api.token (mode 0600) at first start and reuses it."),
    API_KEY("max_body", KF_CONF_INT, max_body, "65536", 1024, 16777216, "bytes", 0,
            "Largest request body accepted (413 beyond), except usage uploads."),
    API_KEY("max_usage_body", KF_CONF_INT, max_usage_body, "8388608", 1024, 268435456, "bytes",
            0, "Largest usage CSV accepted by POST /api/v1/usage (kefu usage-ingest sends "
               "bigger files in pieces of this size)."),
    API_KEY("web_dir", KF_CONF_STR, web_dir, "", 0, 0, "", 0,
            "Directory holding the web pages (tariff/); empty: the one built into kefud "
            "(the source tree's web/)."),
    API_KEY("vendor_dir", KF_CONF_STR, vendor_dir, "", 0, 0, "", 0,
            "Directory holding the npm packages the pages load (uplot); empty: the source "
            "tree's node_modules/ (make run installs it)."),
};
const size_t kf_api_nkeys = KF_ARRAY_LEN(kf_api_keys);

/* ------------------------------------------------------------- replies */

void kf_api__reply_json(struct evhttp_request *req, int code, json_t *body)
{
    struct evbuffer *out = evbuffer_new();
    char *text;

    if (body == NULL) { /* json_pack refused a value (e.g. invalid UTF-8) */
        code = 500;
        body = json_pack("{s:s}", "error", "cannot represent the answer as JSON");
    }
    text = json_dumps(body, JSON_COMPACT);

    evhttp_add_header(evhttp_request_get_output_headers(req), "Content-Type",
                      "application/json; charset=utf-8");
    evbuffer_add(out, text, strlen(text));
    evbuffer_add(out, "\n", 1);
    evhttp_send_reply(req, code, code < 300 ? "OK" : "Error", out);
    evbuffer_free(out);
    free(text);
    json_decref(body);
}

void kf_api__reply_error(struct evhttp_request *req, int code, const char *reason)
{
    kf_api__reply_json(req, code, json_pack("{s:s}", "error", reason));
}

static int authorised(kf_api *a, struct evhttp_request *req)
{
    const char *h = evhttp_find_header(evhttp_request_get_input_headers(req), "Authorization");
    if (h == NULL || strncmp(h, "Bearer ", 7) != 0)
        return 0;
    return kf_auth_token_equal(h + 7, a->token);
}

/* Reads the body as JSON object; answers 4xx and returns NULL on failure. */
json_t *kf_api__read_body(kf_api *a, struct evhttp_request *req)
{
    struct evbuffer *in = evhttp_request_get_input_buffer(req);
    size_t len = evbuffer_get_length(in);
    json_error_t jerr;
    json_t *j;
    char msg[256];

    if ((int64_t)len > a->conf.max_body) {
        kf_api__reply_error(req, 413, "body too large");
        return NULL;
    }
    j = json_loadb((const char *)evbuffer_pullup(in, (ev_ssize_t)len), len, 0, &jerr);
    if (j == NULL || !json_is_object(j)) {
        snprintf(msg, sizeof msg, "body is not a JSON object: %s (line %d, column %d)",
                 j ? "wrong type" : jerr.text, jerr.line, jerr.column);
        json_decref(j);
        kf_api__reply_error(req, 400, msg);
        return NULL;
    }
    return j;
}

/* -------------------------------------------------------------- ports */

static json_t *account_json(const struct kf_account *ac)
{
    json_error_t e;
    json_t *sigs = json_loads(ac->signatures, 0, &e);
    const char *bt[] = {"transmitter", "receiver", "transceiver"};
    json_t *binds = json_array();

    for (int i = 0; i < 3; i++)
        if (ac->bind_types & (1 << i))
            json_array_append_new(binds, json_string(bt[i]));
    return json_pack("{s:I, s:s, s:s, s:s, s:s, s:b, s:o, s:s, s:o, s:i, s:s, s:i, s:i, s:s, "
                     "s:I, s:I}",
                     "id", (json_int_t)ac->id, "kind", ac->kind == KF_ACCT_LINK ? "link" : "port",
                     "system_id", ac->system_id, "name", ac->name, "number", ac->number,
                     "realname_verified", ac->realname, "signatures",
                     sigs ? sigs : json_array(), "source_range", ac->src_range, "bind_types",
                     binds, "max_binds", ac->max_binds, "allowed_ips", ac->allowed_ips, "tps",
                     ac->tps, "window", ac->window, "status",
                     ac->status == KF_ACCT_ACTIVE ? "active" : "suspended", "created_ms",
                     (json_int_t)ac->created_ms, "updated_ms", (json_int_t)ac->updated_ms);
}

static int list_one(void *arg, const struct kf_account *ac)
{
    json_array_append_new(arg, account_json(ac));
    return 0;
}

static void ports_put(kf_api *a, struct evhttp_request *req, const char *system_id, int create)
{
    struct kf_account ac;
    json_t *j = kf_api__read_body(a, req);
    const char *bad, *why;
    char msg[200];
    int64_t now = kf_clock_wall_ms();
    int exists;

    if (j == NULL)
        return;
    if (create) {
        json_t *v = json_object_get(j, "system_id");
        if (!json_is_string(v) || json_string_length(v) == 0 || json_string_length(v) > 15) {
            json_decref(j);
            kf_api__reply_error(req, 400, "system_id: required, 1 to 15 characters");
            return;
        }
        system_id = json_string_value(v);
    }
    exists = kf_store_account_get(a->store, system_id, &ac) == 0;
    if (create && exists) {
        json_decref(j);
        kf_api__reply_error(req, 409, "system_id already exists");
        return;
    }
    if (!create && !exists) {
        json_decref(j);
        kf_api__reply_error(req, 404, "no such port");
        return;
    }
    if (!exists) {
        memset(&ac, 0, sizeof ac);
        snprintf(ac.system_id, sizeof ac.system_id, "%s", system_id);
        ac.bind_types = KF_BINDT_TX | KF_BINDT_RX | KF_BINDT_TRX;
        ac.max_binds = 4;
        ac.tps = 100;
        ac.window = 64;
        ac.created_ms = now;
        snprintf(ac.signatures, sizeof ac.signatures, "[]");
    }
    bad = kf_api__account_apply(j, &ac, 0, &why);
    json_decref(j);
    if (bad) {
        snprintf(msg, sizeof msg, "%s: %s", bad, why);
        kf_api__reply_error(req, 400, msg);
        return;
    }
    ac.updated_ms = now;
    if (kf_store_account_put(a->store, &ac) != 0) {
        kf_api__reply_error(req, 500, "store failure");
        return;
    }
    kf_hub_account_changed(a->hub, ac.system_id);
    KF_INFO("api", "ev=port_%s system_id=%s", create ? "create" : "update", ac.system_id);
    kf_api__reply_json(req, create ? 201 : 200, account_json(&ac));
}

static void route_ports(kf_api *a, struct evhttp_request *req, const char *rest)
{
    enum evhttp_cmd_type m = evhttp_request_get_command(req);
    struct kf_account ac;

    if (*rest == '\0') {
        if (m == EVHTTP_REQ_GET) {
            json_t *arr = json_array();
            kf_store_account_each(a->store, list_one, arr);
            kf_api__reply_json(req, 200, json_pack("{s:o}", "ports", arr));
        } else if (m == EVHTTP_REQ_POST) {
            ports_put(a, req, NULL, 1);
        } else {
            kf_api__reply_error(req, 405, "use GET or POST");
        }
        return;
    }
    if (*rest++ != '/' || strlen(rest) > 15 || strchr(rest, '/')) {
        kf_api__reply_error(req, 404, "no such route");
        return;
    }
    if (m == EVHTTP_REQ_GET) {
        if (kf_store_account_get(a->store, rest, &ac) != 0)
            kf_api__reply_error(req, 404, "no such port");
        else
            kf_api__reply_json(req, 200, account_json(&ac));
    } else if (m == EVHTTP_REQ_PUT || m == EVHTTP_REQ_PATCH) {
        ports_put(a, req, rest, 0);
    } else if (m == EVHTTP_REQ_DELETE) {
        if (kf_store_account_delete(a->store, rest) != 0) {
            kf_api__reply_error(req, 404, "no such port");
            return;
        }
        kf_hub_account_changed(a->hub, rest);
        kf_api__reply_json(req, 200, json_pack("{s:b}", "deleted", 1));
    } else {
        kf_api__reply_error(req, 405, "use GET, PUT or DELETE");
    }
}

/* ----------------------------------------------------------- messages */

static const char *state_name(int st)
{
    static const char *names[] = {"unknown", "enroute", "delivered", "expired", "deleted",
                                  "undeliverable", "accepted", "unknown", "rejected"};
    if (st == KF_MSG_HELD)
        return "held";
    return st >= 0 && st <= 8 ? names[st] : "unknown";
}

static const char *kind_name(int k)
{
    static const char *names[] = {"mt", "mo", "p2p", "service", "receipt"};
    return k >= 0 && k <= 4 ? names[k] : "unknown";
}

static json_t *msg_json(const struct kf_msg *m)
{
    char src[KF_MASK_MAX], dst[KF_MASK_MAX];
    json_t *reasons = NULL;
    json_error_t e;

    if (m->reasons)
        reasons = json_loads(m->reasons, 0, &e);
    /* Message text is customer data: the API shows its size, never its
     * content (the review console of a later issue shows held texts to
     * staff whose role allows it, with an audit record). */
    return json_pack("{s:I, s:s, s:s, s:s, s:s, s:i, s:i, s:i, s:I, s:I, s:I, s:i, s:i, s:I, s:o}",
                     "id", (json_int_t)m->id, "kind", kind_name(m->kind), "state",
                     state_name(m->state), "from", kf_mask_msisdn(m->src, src), "to",
                     kf_mask_msisdn(m->dst, dst), "data_coding", m->data_coding, "esm_class",
                     m->esm_class, "length", m->sm_len, "submitted_ms", (json_int_t)m->submit_ms,
                     "expires_ms", (json_int_t)m->expire_ms, "done_ms", (json_int_t)m->done_ms,
                     "attempts", m->attempts, "error", m->err, "receipt_for",
                     (json_int_t)m->receipted_id, "reasons", reasons ? reasons : json_null());
}

static int by_number_one(void *arg, const struct kf_msg *m)
{
    json_array_append_new(arg, msg_json(m));
    return 0;
}

struct send_ctx {
    struct evhttp_request *req;
};

static void on_sent(void *arg, int rc, const int64_t *ids, int n)
{
    struct send_ctx *sc = arg;
    json_t *arr = json_array();

    if (rc) {
        kf_api__reply_error(sc->req, rc == KF_EBUSY ? 503 : 500, kf_strerror(rc));
        json_decref(arr);
    } else {
        for (int i = 0; i < n; i++)
            json_array_append_new(arr, json_integer(ids[i]));
        kf_api__reply_json(sc->req, 201, json_pack("{s:o, s:i}", "ids", arr, "parts", n));
    }
    free(sc);
}

static void send_message(kf_api *a, struct evhttp_request *req)
{
    json_t *j = kf_api__read_body(a, req);
    const char *from, *to, *text;
    struct send_ctx *sc;
    int rc;

    if (j == NULL)
        return;
    from = json_string_value(json_object_get(j, "from"));
    to = json_string_value(json_object_get(j, "to"));
    text = json_string_value(json_object_get(j, "text"));
    if (!from || !to || !text || !*text) {
        json_decref(j);
        kf_api__reply_error(req, 400, "from, to and text are required strings");
        return;
    }
    sc = kf_xmalloc(sizeof *sc);
    sc->req = req;
    rc = kf_hub_send(a->hub, from, to, text, on_sent, sc);
    json_decref(j);
    if (rc) {
        free(sc);
        kf_api__reply_error(req, rc == KF_EBUSY ? 503 : 400,
                    rc == KF_EBUSY ? "queue full"
                    : rc == KF_ETOOBIG ? "text too long (at most 10 parts)"
                    : rc == KF_EINVAL ? "from must be a number, to a routable subscriber or port, text valid UTF-8"
                                      : kf_strerror(rc));
    }
}

static void route_messages(kf_api *a, struct evhttp_request *req, const char *rest,
                           const char *query)
{
    enum evhttp_cmd_type m = evhttp_request_get_command(req);

    if (*rest == '\0' && m == EVHTTP_REQ_POST) {
        send_message(a, req);
        return;
    }
    if (*rest == '\0' && m == EVHTTP_REQ_GET) {
        struct evkeyvalq q;
        const char *num, *lim;
        int limit = 50;
        json_t *arr;

        TAILQ_INIT(&q);
        evhttp_parse_query_str(query ? query : "", &q);
        num = evhttp_find_header(&q, "number");
        lim = evhttp_find_header(&q, "limit");
        if (lim)
            limit = (int)strtol(lim, NULL, 10);
        if (num == NULL || *num == '\0' || limit < 1 || limit > 1000) {
            evhttp_clear_headers(&q);
            kf_api__reply_error(req, 400, "number is required; limit is 1..1000");
            return;
        }
        arr = json_array();
        kf_store_msg_by_number(a->store, num, limit, by_number_one, arr);
        evhttp_clear_headers(&q);
        kf_api__reply_json(req, 200, json_pack("{s:o}", "messages", arr));
        return;
    }
    if (*rest == '/' && m == EVHTTP_REQ_GET) {
        char *end;
        long long id = strtoll(rest + 1, &end, 10);
        struct kf_msg *msg;
        if (*end != '\0' || id <= 0) {
            kf_api__reply_error(req, 400, "message id must be a positive integer");
            return;
        }
        if (kf_store_msg_get(a->store, id, &msg) != 0) {
            kf_api__reply_error(req, 404, "no such message");
            return;
        }
        kf_api__reply_json(req, 200, msg_json(msg));
        kf_store_msg_free(msg);
        return;
    }
    kf_api__reply_error(req, 405, "use GET /api/v1/messages/{id}, GET ?number=, or POST");
}

/* ------------------------------------------------------------ binds */

static void bind_one(void *arg, const struct kf_hub_bind_info *b)
{
    const char *t[] = {"none", "transmitter", "receiver", "transceiver"};
    json_array_append_new(arg, json_pack("{s:I, s:s, s:s, s:s, s:s, s:I, s:i, s:i}", "session",
                                         (json_int_t)b->sid, "system_id", b->system_id, "kind",
                                         b->kind ? "link" : "port", "bind", t[b->bind & 3],
                                         "peer", b->peer, "since_ms", (json_int_t)b->since_ms,
                                         "submits_outstanding", b->in_outstanding,
                                         "delivers_in_flight", b->out_inflight));
}

/* ------------------------------------------------------------ dispatch */

static void on_request(struct evhttp_request *req, void *arg)
{
    kf_api *a = arg;
    const struct evhttp_uri *uri = evhttp_request_get_evhttp_uri(req);
    const char *path = evhttp_uri_get_path(uri);
    const char *query = evhttp_uri_get_query(uri);

    if (path == NULL)
        path = "/";
    if (strcmp(path, "/healthz") == 0) {
        kf_api__reply_json(req, 200, json_pack("{s:s}", "status", "ok"));
        return;
    }
    if (strcmp(path, "/metrics") == 0) {
        struct kf_buf b;
        struct evbuffer *out = evbuffer_new();
        kf_buf_init(&b, 16u << 20);
        kf_hub_metrics(a->hub, &b);
        if (a->shield)
            kf_shield_metrics(a->shield, &b);
        if (a->robot)
            kf_robot_metrics(a->robot, &b);
        evhttp_add_header(evhttp_request_get_output_headers(req), "Content-Type",
                          "text/plain; version=0.0.4");
        evbuffer_add(out, b.data ? (const void *)b.data : "", b.len);
        evhttp_send_reply(req, 200, "OK", out);
        evbuffer_free(out);
        kf_buf_deinit(&b);
        return;
    }
    if (strncmp(path, "/api/v1/shop/", 13) == 0 && a->selfcare) {
        kf_api__route_shop(a, req, path + 13, query);
        return;
    }
    if (strncmp(path, "/api/v1/self/", 13) == 0 && a->selfcare) {
        kf_api__route_self(a, req, path + 13);
        return;
    }
    if (strncmp(path, "/api/", 5) != 0) {
        if (a->selfcare)
            kf_api__route_static(a, req, path);
        else
            kf_api__reply_error(req, 404, "no such route");
        return;
    }
    if (!authorised(a, req)) {
        evhttp_add_header(evhttp_request_get_output_headers(req), "WWW-Authenticate", "Bearer");
        kf_api__reply_error(req, 401, "missing or wrong bearer token");
        return;
    }
    if (strncmp(path, "/api/v1/ports", 13) == 0) {
        route_ports(a, req, path + 13);
    } else if (strncmp(path, "/api/v1/messages", 16) == 0) {
        route_messages(a, req, path + 16, query);
    } else if (strncmp(path, "/api/v1/shield/", 15) == 0) {
        kf_api__route_shield(a, req, path + 15, query);
    } else if (strncmp(path, "/api/v1/review", 14) == 0) {
        kf_api__route_review(a, req, path + 14, query);
    } else if (strcmp(path, "/api/v1/reports") == 0) {
        kf_api__route_reports(a, req);
    } else if (strncmp(path, "/api/v1/handover", 16) == 0 && a->robot) {
        kf_api__route_handover(a, req, path + 16, query);
    } else if (strncmp(path, "/api/v1/robot", 13) == 0 && a->robot) {
        kf_api__route_robot(a, req, path + 13, query);
    } else if (strcmp(path, "/api/v1/bookings") == 0 && a->robot) {
        kf_api__route_bookings(a, req, query);
    } else if (strncmp(path, "/api/v1/subscribers", 19) == 0 && a->selfcare) {
        kf_api__route_subscribers(a, req, path + 19, query);
    } else if (strcmp(path, "/api/v1/usage") == 0 && a->selfcare) {
        kf_api__route_usage(a, req, query);
    } else if (strncmp(path, "/api/v1/catalog", 15) == 0 && a->selfcare) {
        kf_api__route_catalog(a, req, path + 15, query);
    } else if (strcmp(path, "/api/v1/binds") == 0) {
        json_t *arr = json_array();
        kf_hub_each_bind(a->hub, bind_one, arr);
        kf_api__reply_json(req, 200, json_pack("{s:o}", "binds", arr));
    } else {
        kf_api__reply_error(req, 404, "no such route");
    }
}

kf_api *kf_api_new(kf_loop *l, kf_store *s, kf_hub *h, const struct kf_api_conf *conf,
                   const char *token, char **err)
{
    kf_api *a = kf_xcalloc(1, sizeof *a);
    char msg[400];

    a->loop = l;
    a->store = s;
    a->hub = h;
    a->conf = *conf;
    kf_map_init(&a->code_ips);
    snprintf(a->token, sizeof a->token, "%s", token);
    a->http = evhttp_new(kf_loop_event_base(l));
    evhttp_set_max_body_size(a->http, (ev_ssize_t)(conf->max_usage_body > conf->max_body
                                                       ? conf->max_usage_body
                                                       : conf->max_body) +
                                          1);
    evhttp_set_allowed_methods(a->http, EVHTTP_REQ_GET | EVHTTP_REQ_POST | EVHTTP_REQ_PUT |
                                            EVHTTP_REQ_DELETE | EVHTTP_REQ_PATCH);
    evhttp_set_gencb(a->http, on_request, a);
    a->sock = evhttp_bind_socket_with_handle(a->http, conf->listen, (uint16_t)conf->port);
    if (a->sock == NULL) {
        snprintf(msg, sizeof msg, "cannot listen for HTTP on %s:%d", conf->listen,
                 (int)conf->port);
        *err = kf_xstrdup(msg);
        evhttp_free(a->http);
        free(a);
        return NULL;
    }
    {
        struct sockaddr_storage ss;
        socklen_t len = sizeof ss;
        getsockname(evhttp_bound_socket_get_fd(a->sock), (struct sockaddr *)&ss, &len);
        a->port = ntohs(((struct sockaddr_in *)&ss)->sin_port);
    }
    return a;
}

int kf_api_port(const kf_api *a)
{
    return a->port;
}

void kf_api_free(kf_api *a)
{
    if (a == NULL)
        return;
    evhttp_free(a->http);
    kf_api__selfweb_free(a);
    free(a);
}
