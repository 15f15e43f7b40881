/* SPDX-License-Identifier: MIT
 *
 * hub.h -- the SMS hub: the whole public interface of src/hub/.
 *
 * The hub owns the SMPP listener and sessions, the account cache, the router,
 * the submit pipeline, the delivery queues with retries and expiry, receipts
 * and the internal service numbers. It runs entirely on the loop thread and
 * persists through store/. Design: docs/ARCHITECTURE.md, docs/internals/hub.md.
 */
#ifndef KF_HUB_HUB_H
#define KF_HUB_HUB_H

#include <stddef.h>
#include <stdint.h>

#include "base/buf.h"
#include "base/conf.h"
#include "loop/loop.h"
#include "store/store.h"

typedef struct kf_hub kf_hub;

/* [smpp] and [hub] configuration (keys: kf_hub_conf_keys in conf.c). */
struct kf_hub_conf {
    char listen[KF_CONF_STR_MAX];
    int64_t port;
    char system_id[KF_CONF_STR_MAX];
    int64_t bind_timeout_ms;
    int64_t enquire_link_ms;
    int64_t response_timeout_ms;
    int64_t idle_timeout_ms;
    int64_t max_sessions;
    int64_t default_validity_ms;
    int64_t max_validity_ms;
    int64_t retry_base_ms;
    int64_t retry_max_ms;
    int64_t max_pending;
    int block_mode; /* 0 reject, 1 silent */
    int signature_check; /* 0 off, 1 hold, 2 block */
    int64_t concat_wait_ms;
    char services[KF_CONF_STR_MAX];
    int64_t receipt_validity_ms;
};

extern const struct kf_conf_key kf_hub_smpp_keys[];
extern const size_t kf_hub_smpp_nkeys;
extern const struct kf_conf_key kf_hub_keys[];
extern const size_t kf_hub_nkeys;

/* ----------------------------------------------------------- pipeline */

enum kf_verdict { KF_DELIVER = 0, KF_HOLD = 1, KF_BLOCK = 2 };

/* What a stage sees of a submitted message. text is UTF-8 of this segment
 * (decoded by data_coding; hex for binary). Borrowed for the call. */
struct kf_stage_msg {
    const struct kf_msg *msg;        /* the first part of a long message */
    const char *text;                /* the whole text, all parts joined */
    size_t text_len;
    int parts;                       /* SMS it spans (1 for a short one) */
    int origin_kind;                 /* enum kf_acct_kind, or -1 for internal */
    const struct kf_account *origin; /* the submitting account, or NULL */
};

struct kf_stage_result {
    int verdict;       /* enum kf_verdict */
    char code[32];     /* machine reason, e.g. "blacklist.keyword" */
    char reason[480];  /* human reason, UTF-8 */
    int score;         /* optional risk score, recorded when non-zero */
    char signals[320]; /* optional "code:+points,..." of every signal, recorded when set */
};

struct kf_stage {
    const char *name;
    /* Fills res (pre-set to deliver). Loop thread; must not block. A deliver
     * result with a code is recorded too (signals that did not stop it). */
    void (*check)(void *ctx, const struct kf_stage_msg *m, int64_t now_ms,
                  struct kf_stage_result *res);
    /* May be NULL (always active). Returning 0 skips the stage; when no stage
     * is active the hub does not even decode the text (hot path). */
    int (*active)(void *ctx);
};

/* Appends a stage (borrowed, with its ctx) to the submit pipeline. */
int kf_hub_add_stage(kf_hub *h, const struct kf_stage *st, void *ctx);

/* ----------------------------------------------------------- services */

/* Replies a service wants sent back (UTF-8 texts), up to KF_SVC_MAX_REPLIES. */
#define KF_SVC_MAX_REPLIES 4
struct kf_svc_reply {
    int n;
    char *text[KF_SVC_MAX_REPLIES]; /* owned by the hub after the call: kf_xstrdup them */
    char from[22];                  /* reply source; "" = the service number */
    int64_t msg_id;                 /* in: id of the incoming message's first part,
                                     * the same when it is handled again after a
                                     * crash (a request id for idempotent handlers) */
};

struct kf_service {
    const char *name;
    /* A complete (reassembled) message from subscriber `from` to the service
     * number `to`. Loop thread; must not block. */
    void (*on_message)(void *ctx, const char *from, const char *to, const char *text,
                       int64_t now_ms, struct kf_svc_reply *reply);
};

/* Binds a handler to a service number listed in hub.services. */
int kf_hub_add_service(kf_hub *h, const char *number, const struct kf_service *svc, void *ctx);

/* ------------------------------------------------------- held messages */

/* Appends the whole UTF-8 text of stored message id (all held parts of its
 * long message, in order). Returns 0, KF_ENOENT or KF_ESTORE. Loop thread. */
int kf_hub_msg_text(kf_hub *h, int64_t id, struct kf_buf *out);

/* A reviewer's decision on held message id and the other held parts of its
 * long message: KF_DELIVER releases them for delivery, KF_BLOCK ends them
 * REJECTED (with a receipt when one was asked for). Writes the ids decided
 * into ids[0..max) and returns how many, or KF_ENOENT when nothing of it is
 * held, KF_ESTORE. Never refused once started. Loop thread. */
int kf_hub_decide_held(kf_hub *h, int64_t id, int verdict, int64_t *ids, int max);

/* --------------------------------------------------------------- life */

kf_hub *kf_hub_new(kf_loop *l, kf_store *s, const struct kf_hub_conf *conf, char **err);
/* Loads accounts and every pending message, then starts listening. */
int kf_hub_start(kf_hub *h, char **err);
/* SMPP port actually bound (after start). */
int kf_hub_port(const kf_hub *h);
/* Graceful stop: stops accepting, unbinds sessions, waits for the store to
 * commit what is in flight, then calls done(arg). */
void kf_hub_drain(kf_hub *h, kf_loop_fn done, void *arg);
void kf_hub_free(kf_hub *h);
/* Applies reloadable settings (timeouts, retry, validity). */
void kf_hub_reload(kf_hub *h, const struct kf_hub_conf *conf);
/* Re-reads an account after it changed (API); unbinds its sessions when it
 * was deleted or suspended. */
void kf_hub_account_changed(kf_hub *h, const char *system_id);

/* --------------------------------------------------------------- sends */

typedef void (*kf_hub_sent_fn)(void *arg, int rc, const int64_t *ids, int n);

/* Sends UTF-8 text from `from` (a port number or service number) to `to`,
 * split and encoded as needed; done(arg, rc, ids, n) is called after commit
 * (rc 0) or with KF_EINVAL (bad addresses), KF_EBUSY (queue full),
 * KF_ESTORE. Returns 0 when done will be called, else an error and done is
 * not called. */
int kf_hub_send(kf_hub *h, const char *from, const char *to, const char *text,
                kf_hub_sent_fn done, void *arg);
/* Same, and commits the extra store operations (up to KF_HUB_SEND_EXTRA,
 * copied) in the transaction that stores the message, with link_id set to
 * the first part's id: "this row changes iff the message exists". */
#define KF_HUB_SEND_EXTRA 4
int kf_hub_send_with(kf_hub *h, const char *from, const char *to, const char *text,
                     const struct kf_store_op *extra, int nextra, kf_hub_sent_fn done, void *arg);

/* ------------------------------------------------------------- metrics */

/* Appends Prometheus text exposition of the hub's metrics. */
int kf_hub_metrics(kf_hub *h, struct kf_buf *out);

struct kf_hub_bind_info {
    uint64_t sid;
    char system_id[16];
    int kind, bind;
    char peer[46];
    int64_t since_ms;
    uint32_t in_outstanding, out_inflight;
};
/* Calls fn for each bound session. */
void kf_hub_each_bind(kf_hub *h, void (*fn)(void *arg, const struct kf_hub_bind_info *b),
                      void *arg);

#endif
