/* SPDX-License-Identifier: MIT
 *
 * api.h -- the HTTP JSON API and Prometheus metrics: the whole public
 * interface of src/api/. Served by evhttp on the loop thread. Every /api/
 * route needs `Authorization: Bearer <token>`; /healthz and /metrics do not
 * (they reveal no customer data and are meant for probes and scrapers on
 * the operator's network). Routes: docs/OPERATIONS.md#http-api.
 */
#ifndef KF_API_API_H
#define KF_API_API_H

#include "base/conf.h"
#include "hub/hub.h"
#include "loop/loop.h"
#include "remind/remind.h"
#include "review/review.h"
#include "robot/robot.h"
#include "selfcare/selfcare.h"
#include "shield/shield.h"
#include "store/store.h"

typedef struct kf_api kf_api;

struct kf_api_conf {
    char listen[KF_CONF_STR_MAX];
    int64_t port;
    char token[KF_CONF_STR_MAX]; /* "" = read/create <data_dir>/api.token */
    int64_t max_body;
    int64_t max_usage_body;
    char web_dir[KF_CONF_STR_MAX];    /* "" = built in */
    char vendor_dir[KF_CONF_STR_MAX]; /* "" = built in */
};

extern const struct kf_conf_key kf_api_keys[];
extern const size_t kf_api_nkeys;

/* Starts listening. token is the bearer token to accept (copied). Returns
 * NULL with *err (caller frees). */
kf_api *kf_api_new(kf_loop *l, kf_store *s, kf_hub *h, const struct kf_api_conf *conf,
                   const char *token, char **err);
int kf_api_port(const kf_api *a);
/* Serves the shield and review routes (and shield metrics) from now on.
 * reload(arg) re-reads the configuration and reloads the shield (POST
 * /api/v1/shield/reload); it returns 0 or an error with *err. */
void kf_api_attach_shield(kf_api *a, kf_shield *sh, kf_review *rv,
                          int (*reload)(void *arg, char **err), void *arg);
/* Serves the self-service routes (staff: subscribers, usage, catalogue;
 * subscribers: the tariff zone) from now on. web_dir holds tariff/ (the
 * page), vendor_dir the npm packages it uses (uplot). reload_catalog(arg)
 * re-reads the catalogue (POST /api/v1/catalog/reload). */
void kf_api_attach_selfcare(kf_api *a, kf_selfcare *sc, const char *web_dir,
                            const char *vendor_dir, int (*reload_catalog)(void *arg, char **err),
                            void *arg);
/* Serves the robots' staff routes (hand-over queue, question log, stats,
 * bookings) from now on; reload(arg) re-reads the configuration and the
 * robot's files (POST /api/v1/robot/reload). */
void kf_api_attach_robot(kf_api *a, kf_robot *r, int (*reload)(void *arg, char **err),
                         void *arg);
void kf_api_free(kf_api *a);

#endif
