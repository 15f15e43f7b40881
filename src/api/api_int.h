/* SPDX-License-Identifier: MIT
 *
 * api_int.h -- what only src/api/ (and its fuzz driver) sees.
 */
#ifndef KF_API_API_INT_H
#define KF_API_API_INT_H

#include <event2/http.h>
#include <jansson.h>

#include "api/api.h"
#include "store/store.h"

struct kf_api {
    kf_loop *loop;
    kf_store *store;
    kf_hub *hub;
    kf_shield *shield;   /* NULL until kf_api_attach_shield */
    kf_review *review;
    int (*reload)(void *arg, char **err);
    void *reload_arg;
    struct evhttp *http;
    struct evhttp_bound_socket *sock;
    struct kf_api_conf conf;
    char token[KF_CONF_STR_MAX];
    int port;
};

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

/* Applies a JSON object (a POST/PUT body) to an account. Returns NULL when
 * every field is valid, else the name of the first bad field with a reason
 * in *why (static text). hash_cost is passed to kf_auth_hash (0 in
 * production). */
const char *kf_api__account_apply(json_t *j, struct kf_account *ac, int hash_cost,
                                  const char **why);

#endif
