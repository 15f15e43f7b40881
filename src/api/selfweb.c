/* SPDX-License-Identifier: MIT
 *
 * selfweb.c -- the tariff zone's server side:
 *   GET  /api/v1/shop/items?kind=&family=&q=&max_fee=&offset=&limit=  (public)
 *   POST /api/v1/self/code        {number}: a login code by SMS from 10086
 *   POST /api/v1/self/login       {number, code}: sets the session cookie
 *   POST /api/v1/self/logout
 *   GET  /api/v1/self/me          my account, usage, add-ons, history
 *   GET  /api/v1/self/recommend   plans for my real usage
 *   POST /api/v1/self/order       {item_id, request_id}
 *   POST /api/v1/self/change      {plan_id, request_id}
 *   POST /api/v1/self/unsubscribe {item_id, request_id}
 *   POST /api/v1/self/cancel-change {request_id}
 *   PUT  /api/v1/self/reminders   {data, balance, spend_limit_fen}
 *   GET  /tariff/...              the page (web_dir/tariff/)
 *   GET  /vendor/uplot/...        uPlot from npm (vendor_dir/uplot/dist/)
 * Self routes act only on the session's own number. The session is a
 * random token in an HttpOnly, SameSite=Strict cookie; writes also need a
 * JSON body (a cross-site form cannot send one).
 */
#include "api/api_int.h"

#include <errno.h>
#include <event2/buffer.h>
#include <event2/http.h>
#include <event2/keyvalq_struct.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/base.h"
#include "base/clock.h"

#define COOKIE "kefu_sess"
#define MAX_STATIC (4u << 20)

/* ---------------------------------------------------------------- shop */

static int64_t query_int(const char *query, const char *key, int64_t def, int64_t lo, int64_t hi)
{
    char v[32];
    char *end;
    long long x;

    if (kf_api__query(query, key, v, sizeof v) == NULL)
        return def;
    x = strtoll(v, &end, 10);
    if (end == v || *end || x < lo || x > hi)
        return def;
    return x;
}

static int shop_match(const struct kf_item *it, const char *kind, const char *family,
                      const char *q, int64_t max_fee)
{
    return (kind[0] == '\0' || strcmp(kf_item_kind_name(it->kind), kind) == 0) &&
           (family[0] == '\0' || strcmp(it->family, family) == 0) &&
           (q[0] == '\0' || strcasestr(it->name, q) || strcasestr(it->desc, q)) &&
           (max_fee < 0 || it->fee_fen <= max_fee);
}

static int cmp_fee(const void *x, const void *y)
{
    const struct kf_item *a = *(const struct kf_item *const *)x;
    const struct kf_item *b = *(const struct kf_item *const *)y;
    return a->fee_fen != b->fee_fen ? (a->fee_fen < b->fee_fen ? -1 : 1) : strcmp(a->id, b->id);
}

static void shop_items(kf_api *a, struct evhttp_request *req, const char *query)
{
    const kf_catalog *c = kf_selfcare_catalog(a->selfcare);
    char kind[16] = "", family[16] = "", q[128] = "";
    int64_t now = kf_clock_wall_ms(), max_fee = query_int(query, "max_fee", -1, 0, 1LL << 40);
    int64_t offset = query_int(query, "offset", 0, 0, 100000);
    int64_t limit = query_int(query, "limit", 50, 1, 500);
    const struct kf_item **hit = kf_xcalloc(kf_catalog_count(c) + 1, sizeof *hit);
    size_t n = 0;
    json_t *arr = json_array();

    kf_api__query(query, "kind", kind, sizeof kind);
    kf_api__query(query, "family", family, sizeof family);
    kf_api__query(query, "q", q, sizeof q);
    for (size_t i = 0; i < kf_catalog_count(c); i++) {
        const struct kf_item *it = kf_catalog_at(c, i);
        if (kf_item_on_sale(it, now) && shop_match(it, kind, family, q, max_fee))
            hit[n++] = it;
    }
    qsort(hit, n, sizeof *hit, cmp_fee);
    for (size_t i = (size_t)offset; i < n && i < (size_t)(offset + limit); i++)
        json_array_append_new(arr, kf_api__item_json(hit[i]));
    kf_api__reply_json(req, 200, json_pack("{s:I, s:o}", "total", (json_int_t)n, "items", arr));
    free(hit);
}

void kf_api__route_shop(kf_api *a, struct evhttp_request *req, const char *rest,
                        const char *query)
{
    if (strcmp(rest, "items") == 0 && evhttp_request_get_command(req) == EVHTTP_REQ_GET)
        shop_items(a, req, query);
    else
        kf_api__reply_error(req, 404, "no such route");
}

/* ------------------------------------------------------------- session */

static const char *cookie_token(struct evhttp_request *req, char *out, size_t cap)
{
    const char *h = evhttp_find_header(evhttp_request_get_input_headers(req), "Cookie");
    const char *p;
    size_t n;

    for (p = h; p && (p = strstr(p, COOKIE "=")) != NULL; p += sizeof COOKIE) {
        if (p != h && p[-1] != ' ' && p[-1] != ';')
            continue;
        p += sizeof COOKIE; /* name and '=' */
        n = strcspn(p, "; ");
        if (n == 0 || n >= cap)
            return NULL;
        memcpy(out, p, n);
        out[n] = '\0';
        return out;
    }
    return NULL;
}

static void set_cookie(struct evhttp_request *req, const char *token, int64_t max_age_s)
{
    char c[160];
    snprintf(c, sizeof c, COOKIE "=%s; Path=/; HttpOnly; SameSite=Strict; Max-Age=%lld", token,
             (long long)max_age_s);
    evhttp_add_header(evhttp_request_get_output_headers(req), "Set-Cookie", c);
}

static int is_json(struct evhttp_request *req)
{
    const char *t = evhttp_find_header(evhttp_request_get_input_headers(req), "Content-Type");
    return t && strncmp(t, "application/json", 16) == 0;
}

static const char *str(json_t *j, const char *k)
{
    return json_string_value(json_object_get(j, k));
}

/* ---------------------------------------------------------- login */

#define IP_WINDOW_MS 600000 /* per client address: ... */
#define IP_CODES 20         /* ... at most this many code requests per window */
#define IP_TABLE 65536      /* addresses remembered before the table is reset */

struct ip_window {
    int64_t start_ms;
    int count;
};

static void free_windows(struct kf_map *m)
{
    for (size_t i = 0; i < m->cap; i++)
        if (m->slots[i].key)
            free(m->slots[i].val);
    kf_map_deinit(m);
    kf_map_init(m);
}

void kf_api__selfweb_free(kf_api *a)
{
    free_windows(&a->code_ips);
}

/* 1 when this client address may ask for another code now. */
static int ip_allowed(kf_api *a, struct evhttp_request *req, int64_t now_ms)
{
    struct evhttp_connection *con = evhttp_request_get_connection(req);
    const char *host = NULL;
    uint16_t port = 0;
    struct ip_window *w;
    uint64_t key;

    if (con == NULL)
        return 1;
    evhttp_connection_get_peer(con, (char **)&host, &port);
    if (host == NULL)
        return 1;
    key = kf_map_hash_str(host, strlen(host));
    if (a->code_ips.len >= IP_TABLE)
        free_windows(&a->code_ips);
    w = kf_map_get(&a->code_ips, key);
    if (w == NULL) {
        w = kf_xcalloc(1, sizeof *w);
        kf_map_put(&a->code_ips, key, w);
    }
    if (now_ms - w->start_ms >= IP_WINDOW_MS) {
        w->start_ms = now_ms;
        w->count = 0;
    }
    return ++w->count <= IP_CODES;
}

static void send_code(kf_api *a, struct evhttp_request *req, json_t *j)
{
    const char *number = str(j, "number");
    char code[7], text[200];
    int64_t retry = 0;
    int rc;

    if (number == NULL || strlen(number) < 5 || strlen(number) > 20) {
        kf_api__reply_error(req, 400, "请输入正确的手机号码");
        return;
    }
    if (!ip_allowed(a, req, kf_clock_wall_ms())) {
        kf_api__reply_json(req, 429, json_pack("{s:s, s:I}", "error", "请求太频繁，请稍后再试",
                                               "retry_after_ms", (json_int_t)IP_WINDOW_MS));
        return;
    }
    rc = kf_selfcare_login_code(a->selfcare, number, kf_clock_wall_ms(), code, &retry);
    if (rc == KF_EBUSY) {
        kf_api__reply_json(req, 429, json_pack("{s:s, s:I}", "error", "验证码发送太频繁，请稍后再试",
                                               "retry_after_ms", (json_int_t)retry));
        return;
    }
    if (rc == 0) {
        snprintf(text, sizeof text,
                 "【中国移动】您正在登录网上营业厅，验证码%s，5分钟内有效。工作人员不会向您索要验证码，请勿告诉他人。",
                 code);
        if (kf_hub_send(a->hub, "10086", number, text, NULL, NULL) != 0) {
            kf_api__reply_error(req, 503, "短信发送繁忙，请稍后再试");
            return;
        }
    }
    /* the same answer for numbers we do not serve: no account probing */
    kf_api__reply_json(req, 200, json_pack("{s:b, s:s}", "ok", 1, "text",
                                           "如号码正确，验证码已通过短信发送，5分钟内有效"));
}

static void login(kf_api *a, struct evhttp_request *req, json_t *j)
{
    const char *number = str(j, "number"), *code = str(j, "code");
    char token[48];
    int rc;

    if (number == NULL || code == NULL || strlen(number) > 20) {
        kf_api__reply_error(req, 400, "请输入手机号码和验证码");
        return;
    }
    rc = kf_selfcare_login(a->selfcare, number, code, kf_clock_wall_ms(), token);
    if (rc == 0) {
        set_cookie(req, token, 12 * 3600);
        kf_api__reply_json(req, 200, json_pack("{s:b}", "ok", 1));
    } else if (rc == KF_ESTORE)
        kf_api__reply_error(req, 503, "系统繁忙，请稍后再试");
    else
        kf_api__reply_error(req, 401, rc == KF_ETIMEDOUT ? "验证码已失效，请重新获取"
                                                         : "验证码错误");
}

/* ------------------------------------------------------ my account */

static void me(kf_api *a, struct evhttp_request *req, const char *number)
{
    struct kf_account_view *v = kf_xcalloc(1, sizeof *v);
    int64_t now = kf_clock_wall_ms();

    if (kf_selfcare_view(a->selfcare, number, now, v) == 0)
        kf_api__reply_json(req, 200, kf_api__view_json(a, v, now));
    else
        kf_api__reply_error(req, 503, "系统繁忙，请稍后再试");
    free(v);
}

static void my_recommend(kf_api *a, struct evhttp_request *req, const char *number)
{
    struct kf_rec r[5];
    int n = kf_selfcare_recommend(a->selfcare, number, kf_clock_wall_ms(), r, 5);

    if (n < 0)
        kf_api__reply_error(req, 503, "系统繁忙，请稍后再试");
    else
        kf_api__reply_json(req, 200, json_pack("{s:o}", "plans", kf_api__recommend_json(r, n)));
}

static void my_op(kf_api *a, struct evhttp_request *req, const char *number, int kind, json_t *j)
{
    struct kf_op_req r;
    struct kf_op_result out;
    const char *rid = str(j, "request_id");
    char scoped[96];

    memset(&r, 0, sizeof r);
    r.number = number;
    r.kind = kind;
    r.item_id = str(j, kind == KF_OP_CHANGE ? "plan_id" : "item_id");
    r.channel = "web";
    r.now_ms = kf_clock_wall_ms();
    if (rid && strlen(rid) < 33) { /* scoped to the number: ids are chosen by the browser */
        snprintf(scoped, sizeof scoped, "web:%s:%s", number, rid);
        r.request_id = scoped;
    }
    if (kind != KF_OP_CANCEL_CHANGE && r.item_id == NULL) {
        kf_api__reply_error(req, 400, "缺少业务编号");
        return;
    }
    kf_selfcare_do(a->selfcare, &r, &out);
    if (out.rc == 0 && !out.replayed) /* the confirmation every channel gets by SMS */
        kf_hub_send(a->hub, "10086", number, out.text, NULL, NULL);
    kf_api__reply_op(req, &out);
}

static void my_reminders(kf_api *a, struct evhttp_request *req, const char *number, json_t *j)
{
    json_t *limit = json_object_get(j, "spend_limit_fen");
    int flags = (json_is_true(json_object_get(j, "data")) ? KF_REMIND_DATA : 0) |
                (json_is_true(json_object_get(j, "balance")) ? KF_REMIND_BALANCE : 0);
    int64_t lim = json_is_integer(limit) ? json_integer_value(limit) : 0;

    if (lim < 0 || lim > 10000000) {
        kf_api__reply_error(req, 400, "消费提醒额度无效");
        return;
    }
    if (lim > 0)
        flags |= KF_REMIND_SPEND;
    if (kf_selfcare_set_reminders(a->selfcare, number, flags, lim, "web", kf_clock_wall_ms()))
        kf_api__reply_error(req, 503, "系统繁忙，请稍后再试");
    else
        kf_api__reply_json(req, 200, json_pack("{s:b}", "ok", 1));
}

/* Routes that need a session: GET ones, then writes with a JSON body. */
static void with_session(kf_api *a, struct evhttp_request *req, const char *rest,
                         const char *number)
{
    enum evhttp_cmd_type m = evhttp_request_get_command(req);
    static const struct { const char *name; int kind; } ops[] = {
        {"order", KF_OP_ORDER}, {"change", KF_OP_CHANGE}, {"unsubscribe", KF_OP_UNSUBSCRIBE},
        {"cancel-change", KF_OP_CANCEL_CHANGE}};
    json_t *j;

    if (m == EVHTTP_REQ_GET && strcmp(rest, "me") == 0)
        {
        me(a, req, number);
        return;
    }
    if (m == EVHTTP_REQ_GET && strcmp(rest, "recommend") == 0)
        {
        my_recommend(a, req, number);
        return;
    }
    if (m != EVHTTP_REQ_POST && m != EVHTTP_REQ_PUT)
        {
        kf_api__reply_error(req, 404, "no such route");
        return;
    }
    if (!is_json(req))
        {
        kf_api__reply_error(req, 415, "send application/json");
        return;
    }
    j = kf_api__read_body(a, req);
    if (j == NULL)
        return;
    if (m == EVHTTP_REQ_PUT && strcmp(rest, "reminders") == 0)
        my_reminders(a, req, number, j);
    else {
        size_t i;
        for (i = 0; i < KF_ARRAY_LEN(ops); i++)
            if (m == EVHTTP_REQ_POST && strcmp(rest, ops[i].name) == 0)
                break;
        if (i < KF_ARRAY_LEN(ops))
            my_op(a, req, number, ops[i].kind, j);
        else
            kf_api__reply_error(req, 404, "no such route");
    }
    json_decref(j);
}

void kf_api__route_self(kf_api *a, struct evhttp_request *req, const char *rest)
{
    enum evhttp_cmd_type m = evhttp_request_get_command(req);
    char token[64], number[22];
    json_t *j;
    int rc;

    if (m == EVHTTP_REQ_POST && (strcmp(rest, "code") == 0 || strcmp(rest, "login") == 0)) {
        if (!is_json(req))
            {
        kf_api__reply_error(req, 415, "send application/json");
        return;
    }
        if ((j = kf_api__read_body(a, req)) == NULL)
            return;
        if (rest[0] == 'c')
            send_code(a, req, j);
        else
            login(a, req, j);
        json_decref(j);
        return;
    }
    if (m == EVHTTP_REQ_POST && strcmp(rest, "logout") == 0) {
        kf_selfcare_logout(a->selfcare, cookie_token(req, token, sizeof token));
        set_cookie(req, "", 0);
        {
        kf_api__reply_json(req, 200, json_pack("{s:b}", "ok", 1));
        return;
    }
    }
    rc = kf_selfcare_session(a->selfcare, cookie_token(req, token, sizeof token),
                             kf_clock_wall_ms(), number);
    if (rc == KF_ESTORE)
        {
        kf_api__reply_error(req, 503, "系统繁忙，请稍后再试");
        return;
    }
    if (rc)
        {
        kf_api__reply_error(req, 401, rc == KF_ETIMEDOUT ? "登录已超时，请重新登录"
                                                                : "请先登录");
        return;
    }
    with_session(a, req, rest, number);
}

/* -------------------------------------------------------- static files */

static const char *content_type(const char *path)
{
    static const struct { const char *ext, *type; } t[] = {
        {".html", "text/html; charset=utf-8"}, {".js", "text/javascript; charset=utf-8"},
        {".css", "text/css; charset=utf-8"},   {".svg", "image/svg+xml"},
        {".png", "image/png"},                 {".json", "application/json"}};
    size_t n = strlen(path);
    for (size_t i = 0; i < KF_ARRAY_LEN(t); i++) {
        size_t e = strlen(t[i].ext);
        if (n > e && strcmp(path + n - e, t[i].ext) == 0)
            return t[i].type;
    }
    return NULL;
}

/* Only plain names: letters, digits, '.', '-', '_' and single '/' (no "..",
 * no hidden files). */
static int safe_rel(const char *p)
{
    if (*p == '\0' || *p == '/' || *p == '.')
        return 0;
    for (const char *s = p; *s; s++) {
        char c = *s;
        if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
              c == '.' || c == '-' || c == '_' || c == '/'))
            return 0;
        if (c == '/' && (s[1] == '/' || s[1] == '.' || s[1] == '\0'))
            return 0;
        if (c == '.' && s[1] == '.')
            return 0;
    }
    return 1;
}

static void send_file(struct evhttp_request *req, const char *dir, const char *rel)
{
    char path[2 * KF_CONF_STR_MAX + 64];
    const char *type = content_type(rel);
    struct stat sb;
    struct evbuffer *out;
    int fd;

    if (!safe_rel(rel) || type == NULL)
        {
        kf_api__reply_error(req, 404, "no such file");
        return;
    }
    snprintf(path, sizeof path, "%s/%s", dir, rel);
    fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0 || fstat(fd, &sb) != 0 || !S_ISREG(sb.st_mode) || sb.st_size > MAX_STATIC) {
        if (fd >= 0)
            close(fd);
        {
        kf_api__reply_error(req, 404, "no such file");
        return;
    }
    }
    out = evbuffer_new();
    evhttp_add_header(evhttp_request_get_output_headers(req), "Content-Type", type);
    evhttp_add_header(evhttp_request_get_output_headers(req), "Cache-Control", "no-cache");
    evhttp_add_header(evhttp_request_get_output_headers(req), "X-Content-Type-Options",
                      "nosniff");
    evbuffer_add_file(out, fd, 0, sb.st_size); /* takes the fd */
    evhttp_send_reply(req, 200, "OK", out);
    evbuffer_free(out);
}

void kf_api__route_static(kf_api *a, struct evhttp_request *req, const char *path)
{
    char dir[2 * KF_CONF_STR_MAX];

    if (evhttp_request_get_command(req) != EVHTTP_REQ_GET)
        {
        kf_api__reply_error(req, 405, "GET only");
        return;
    }
    if (strcmp(path, "/") == 0 || strcmp(path, "/tariff") == 0) {
        evhttp_add_header(evhttp_request_get_output_headers(req), "Location", "/tariff/");
        {
        kf_api__reply_json(req, 302, json_pack("{s:s}", "location", "/tariff/"));
        return;
    }
    }
    if (strncmp(path, "/tariff/", 8) == 0) {
        snprintf(dir, sizeof dir, "%s/tariff", a->web_dir);
        send_file(req, dir, path[8] ? path + 8 : "index.html");
    } else if (strncmp(path, "/vendor/uplot/", 14) == 0) {
        snprintf(dir, sizeof dir, "%s/uplot/dist", a->vendor_dir);
        send_file(req, dir, path + 14);
    } else
        kf_api__reply_error(req, 404, "no such route");
}
