/* SPDX-License-Identifier: MIT
 *
 * api_int.h -- what only src/api/ (and its fuzz driver) sees.
 */
#ifndef KF_API_API_INT_H
#define KF_API_API_INT_H

#include <event2/http.h>
#include <jansson.h>

#include "api/api.h"
#include "base/map.h"
#include "store/store.h"
#include "tariff/tariff.h"

struct kf_api {
    kf_loop *loop;
    kf_store *store;
    kf_hub *hub;
    kf_shield *shield;   /* NULL until kf_api_attach_shield */
    kf_review *review;
    int (*reload)(void *arg, char **err);
    void *reload_arg;
    kf_selfcare *selfcare;  /* NULL until kf_api_attach_selfcare */
    kf_robot *robot;        /* NULL until kf_api_attach_robot */
    int (*reload_robot)(void *arg, char **err);
    void *reload_robot_arg;
    int (*reload_catalog)(void *arg, char **err);
    void *reload_catalog_arg;
    char web_dir[KF_CONF_STR_MAX], vendor_dir[KF_CONF_STR_MAX];
    struct kf_map code_ips;  /* client address hash -> struct ip_window (selfweb.c) */
    struct evhttp *http;
    struct evhttp_bound_socket *sock;
    struct kf_api_conf conf;
    char token[KF_CONF_STR_MAX];
    int port;
};

/* desk.c: the hand-over queue, the robot's log and stats, 12580 bookings. */
void kf_api__route_handover(kf_api *a, struct evhttp_request *req, const char *rest,
                            const char *query);
void kf_api__route_robot(kf_api *a, struct evhttp_request *req, const char *rest,
                         const char *query);
void kf_api__route_bookings(kf_api *a, struct evhttp_request *req, const char *query);

/* http.c: replies and request bodies. */
void kf_api__reply_json(struct evhttp_request *req, int code, json_t *body);
void kf_api__reply_error(struct evhttp_request *req, int code, const char *reason);
/* Reads the body as a JSON object; answers 4xx and returns NULL on failure. */
json_t *kf_api__read_body(kf_api *a, struct evhttp_request *req);

/* shield.c: /api/v1/shield/..., /api/v1/review..., /api/v1/reports */
void kf_api__route_shield(kf_api *a, struct evhttp_request *req, const char *rest,
                          const char *query);
void kf_api__route_review(kf_api *a, struct evhttp_request *req, const char *rest,
                          const char *query);
void kf_api__route_reports(kf_api *a, struct evhttp_request *req);

/* selfcare.c: staff routes /api/v1/subscribers..., /api/v1/usage,
 * /api/v1/catalog...; and JSON of catalogue items and account views. */
void kf_api__route_subscribers(kf_api *a, struct evhttp_request *req, const char *rest,
                               const char *query);
void kf_api__route_usage(kf_api *a, struct evhttp_request *req, const char *query);
void kf_api__route_catalog(kf_api *a, struct evhttp_request *req, const char *rest,
                           const char *query);
json_t *kf_api__item_json(const struct kf_item *it);
json_t *kf_api__view_json(kf_api *a, const struct kf_account_view *v, int64_t now_ms);
json_t *kf_api__recommend_json(const struct kf_rec *r, int n);
/* Answers an operation's result: 200 when done, 4xx with code and text. */
void kf_api__reply_op(struct evhttp_request *req, const struct kf_op_result *r);
/* The value of key in a query string (copied into out), or NULL. */
const char *kf_api__query(const char *query, const char *key, char *out, size_t cap);

/* selfweb.c: the tariff zone -- /api/v1/shop/... (public), /api/v1/self/...
 * (session cookie) and the static files of /tariff/ and /vendor/. */
void kf_api__route_shop(kf_api *a, struct evhttp_request *req, const char *rest,
                        const char *query);
void kf_api__route_self(kf_api *a, struct evhttp_request *req, const char *rest);
void kf_api__route_static(kf_api *a, struct evhttp_request *req, const char *path);
void kf_api__selfweb_free(kf_api *a);

/* Applies a JSON object (a POST/PUT body) to an account. Returns NULL when
 * every field is valid, else the name of the first bad field with a reason
 * in *why (static text). hash_cost is passed to kf_auth_hash (0 in
 * production). */
const char *kf_api__account_apply(json_t *j, struct kf_account *ac, int hash_cost,
                                  const char **why);

#endif
