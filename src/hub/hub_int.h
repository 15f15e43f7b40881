/* SPDX-License-Identifier: MIT
 *
 * hub_int.h -- what only src/hub/ sees: sessions, accounts in memory,
 * delivery queues and the hub struct. Ownership:
 *  - a pending message (struct item) is owned by exactly one place at a
 *    time: a delivery queue, the retry heap, or a session's in-flight table;
 *    the id map only indexes items, it never owns them;
 *  - a session is freed when its connection closed AND no store callback
 *    still refers to it (refs == 0);
 *  - accounts live in the hub's account table for the hub's lifetime
 *    (a deleted account is marked gone and kept until its sessions end).
 */
#ifndef KF_HUB_HUB_INT_H
#define KF_HUB_HUB_INT_H

#include "base/base.h"
#include "base/map.h"
#include "auth/auth.h"
#include "hub/hub.h"
#include "smpp/smpp.h"
#include "sms/sms.h"

struct sess;
struct acct;

/* A message waiting for delivery, in a queue, the retry heap or in flight. */
struct item {
    struct kf_msg *m;        /* owned */
    struct item *next, *prev; /* queue links, valid while in_dq */
    int in_dq;               /* 1 while in its queue's FIFO */
    size_t heap_idx;         /* index in the retry heap when there, else SIZE_MAX */
    struct dq *dq;           /* the queue it belongs to (target), or NULL in flight */
};

/* A delivery queue: all network links (subscribers) or one port's
 * receiver binds. */
struct dq {
    struct item *head, *tail;
    size_t len;
    struct sess **sess; /* sessions able to receive (RX/TRX), borrowed */
    size_t nsess, capsess, rr;
    const char *label;  /* for metrics */
};

struct acct {
    struct kf_account a;
    int gone;                /* deleted from the store */
    int nbinds;
    double tokens;           /* token bucket for tps */
    int64_t tokens_ms;
    uint8_t pw_digest[32];   /* digest of the last verified password */
    int pw_digest_set;
    struct dq dq;            /* for ports: MO and receipts to this port */
    char **sigs;             /* registered signatures, parsed once (owned) */
    size_t nsigs;
    struct acct *next_all;
};

struct inflight {
    uint32_t seq;
    struct item *it;   /* NULL for enquire_link */
    int64_t sent_ms;
};

struct sess {
    kf_hub *hub;
    kf_conn *conn;
    uint64_t sid;
    char peer[46];
    int bind;            /* enum kf_smpp_bind */
    struct acct *acct;   /* NULL until bound */
    struct dq *rxq;      /* the delivery queue this session drains, or NULL */
    uint32_t next_seq;
    uint32_t in_outstanding;  /* submits waiting for their commit */
    struct inflight *out;     /* outgoing requests awaiting resp */
    uint32_t nout, capout;
    int64_t opened_ms, bound_ms, last_rx_ms;
    int64_t enquire_sent_ms;  /* 0 when none outstanding */
    uint32_t timeouts;        /* consecutive response timeouts */
    int closed;               /* conn gone */
    int unbinding;
    int refs;                 /* store callbacks referring to us */
    int busy;                 /* inside on_data: freeing is deferred */
    int binding;              /* a bind waits for its password check */
    struct sess *next_all, *prev_all;
};

struct stage_entry {
    const struct kf_stage *st;
    void *ctx;
};

struct svc_entry {
    char number[22];
    const struct kf_service *svc;
    void *ctx;
    struct dq dq;
};

#define HUB_NCMD 32
#define HUB_NLAT 14

struct hub_metrics {
    uint64_t pdu_in[HUB_NCMD][256];
    uint64_t pdu_out[HUB_NCMD][256];
    uint64_t submit_lat[HUB_NLAT + 1]; /* submit -> resp, buckets */
    uint64_t submit_lat_sum_us;
    uint64_t deliver_lat[HUB_NLAT + 1]; /* submit -> delivered */
    uint64_t deliver_lat_sum_us;
    uint64_t delivered, expired, undeliverable, rejected, held, retries, receipts;
    uint64_t binds_total, bind_failures;
};

struct kf_hub {
    kf_loop *loop;
    kf_store *store;
    struct kf_hub_conf conf;
    kf_listener *listener;
    kf_timer *tick;
    int64_t now_ms;

    struct acct *accts;          /* all accounts, list */
    struct kf_map acct_by_id;    /* id -> acct */
    struct kf_map port_by_number; /* hash(number) -> acct (ports) */
    size_t port_len_min, port_len_max;

    struct sess *sessions;
    size_t nsessions;
    uint64_t next_sid;

    struct dq subs;              /* to subscribers, through network links */
    struct svc_entry svcs[8];
    size_t nsvcs;
    struct stage_entry stages[16];
    size_t nstages;

    struct kf_map items;         /* message id -> item (pending) */
    size_t pending;              /* items alive */
    struct item **heap;          /* retry heap, by m->next_ms */
    size_t nheap, capheap;

    int64_t next_id;
    struct asm_group *groups;    /* long messages waiting for their parts */
    size_t ngroups;
    kf_watch *store_watch;
    kf_auth_verifier *verifier;  /* password checks off the loop thread */
    kf_watch *verifier_watch;

    struct kf_smpp_pdu pdu;      /* decode scratch (big: one per hub) */
    struct kf_smpp_pdu opdu;     /* encode scratch */
    uint8_t obuf[KF_SMPP_PDU_MAX];

    int draining;
    int64_t drain_deadline;
    kf_loop_fn drain_done;
    void *drain_arg;

    struct hub_metrics met;
};

/* session.c */
void kf_hub__accept(void *arg, int fd, const char *peer);
void kf_hub__sess_tick(struct sess *s, int64_t now);
void kf_hub__sess_unbind(struct sess *s);
void kf_hub__sess_pause(struct sess *s);
void kf_hub__sess_unref(struct sess *s);
int kf_hub__sess_send(struct sess *s, struct kf_smpp_pdu *p);
int kf_hub__sess_window_free(const struct sess *s);
uint32_t kf_hub__sess_seq(struct sess *s);

/* accounts.c */
int kf_hub__accounts_load(kf_hub *h, char **err);
struct acct *kf_hub__acct_by_sysid(kf_hub *h, const char *system_id);
struct acct *kf_hub__acct_by_id(kf_hub *h, int64_t id);
struct acct *kf_hub__port_for_dst(kf_hub *h, const char *dst);
int kf_hub__acct_take_token(struct acct *a, int64_t now);
void kf_hub__acct_index(kf_hub *h, struct acct *a);

/* router.c */
struct route {
    int kind;           /* enum kf_route_kind */
    struct acct *port;  /* KF_ROUTE_PORT */
    struct svc_entry *svc; /* KF_ROUTE_SERVICE */
};
/* Returns 0 or an ESME_R* status. */
uint32_t kf_hub__route(kf_hub *h, const char *dst, struct route *r);
int kf_hub__is_msisdn(const char *s);
struct dq *kf_hub__dq_for(kf_hub *h, const struct kf_msg *m);

/* submit.c */
void kf_hub__on_submit(struct sess *s, const struct kf_smpp_pdu *p);
void kf_hub__on_query(struct sess *s, const struct kf_smpp_pdu *p);
void kf_hub__on_cancel(struct sess *s, const struct kf_smpp_pdu *p);
void kf_hub__on_replace(struct sess *s, const struct kf_smpp_pdu *p);
void kf_hub__text_of(const struct kf_msg *m, struct kf_buf *out);
/* Finds a TLV in a raw TLV block (wire form); returns its value or NULL. */
const uint8_t *kf_hub__raw_tlv(const uint8_t *raw, size_t len, uint16_t tag, uint16_t *vlen);

/* deliver.c */
void kf_hub__enqueue(kf_hub *h, struct kf_msg *m);
void kf_hub__dq_kick(kf_hub *h, struct dq *q);
void kf_hub__dq_add_sess(struct dq *q, struct sess *s);
void kf_hub__dq_del_sess(struct dq *q, struct sess *s);
void kf_hub__on_deliver_resp(struct sess *s, struct inflight *f, uint32_t status);
void kf_hub__requeue(kf_hub *h, struct item *it, uint32_t err, int temporary);
void kf_hub__retry_due(kf_hub *h, int64_t now);
void kf_hub__expire_sweep(kf_hub *h, int64_t now);
void kf_hub__finish(kf_hub *h, struct item *it, uint8_t state, uint32_t err);
/* Appends to ops[*n] the store ops of m's final state and, when asked, of
 * its receipt; returns the receipt row (to enqueue after the commit) or
 * NULL. ops needs room for 2. */
struct kf_msg *kf_hub__final_ops(kf_hub *h, struct kf_msg *m, uint8_t state, uint32_t err,
                                 struct kf_store_op *ops, size_t *n);
/* Commits ops (never refused) and then queues msgs[] for delivery. Takes
 * ownership of msgs (n may be 0). */
void kf_hub__commit_then_queue(kf_hub *h, struct kf_store_op *ops, size_t nops,
                               struct kf_msg **msgs, size_t n);
/* The receipt row for m reaching state (owned by the caller). */
struct kf_msg *kf_hub__make_receipt(kf_hub *h, const struct kf_msg *m, uint8_t state,
                                    uint32_t err);
int kf_hub__wants_receipt(const struct kf_msg *m, uint8_t state);
/* Takes a queued item out of its queue or the retry heap and puts it back
 * according to its (changed) next_ms. */
void kf_hub__reschedule(kf_hub *h, struct item *it);
/* A session's window slot was freed: deliver more from its queue. */
void kf_hub__sess_kick(struct sess *s);
void kf_hub__item_free(kf_hub *h, struct item *it);
/* Frees the item (no longer pending) and hands its message to the caller. */
struct kf_msg *kf_hub__item_take(kf_hub *h, struct item *it);
void kf_hub__build_deliver(kf_hub *h, const struct kf_msg *m, struct kf_smpp_pdu *p);
void kf_hub__fmt_id(int64_t id, char out[KF_SMPP_MSG_ID_MAX]);

/* service.c */
void kf_hub__service_deliver(kf_hub *h, struct svc_entry *svc, struct item *it);
/* Hands a complete message (n stored parts, owned from now on) and its
 * joined text to a service; marks the parts delivered and inserts the
 * replies in one transaction. */
void kf_hub__service_handle(kf_hub *h, struct svc_entry *svc, struct kf_msg **parts, int n,
                            const char *text);
/* The service a message goes to, or NULL. */
struct svc_entry *kf_hub__svc_for(kf_hub *h, const struct kf_msg *m);
struct kf_msg *kf_hub__new_text_msg(kf_hub *h, const char *from, const char *to,
                                    enum kf_sms_charset cs, const uint8_t *sm, size_t len,
                                    int udhi, int kind);

/* pipeline.c */
/* Runs every stage on a message (text = its whole UTF-8 text, parts = how
 * many SMS it spans). Returns the verdict (enum kf_verdict); *reasons gets
 * a JSON array of the non-deliver results (caller owns) or stays NULL. */
int kf_hub__judge(kf_hub *h, const struct kf_msg *m, const char *text, size_t len, int parts,
                  const struct acct *origin, char **reasons);
/* 1 when some pipeline stage is active (texts must be judged). */
int kf_hub__inspecting(kf_hub *h);
/* Sets m->state/verdict from a verdict and counts it. */
void kf_hub__apply_verdict(kf_hub *h, struct kf_msg *m, int verdict);
/* Concatenation info of a message (UDH or SAR TLVs); returns 1 when it is a
 * part of a longer message (c may be NULL). */
int kf_hub__concat_of(const struct kf_msg *m, struct kf_sms_concat *c);

/* assemble.c: parts of long messages wait here until complete, so the
 * pipeline judges the whole text once and the verdict covers every part. */
void kf_hub__assemble_add(kf_hub *h, struct kf_msg *m);
/* 1 when m is a part of a long message that must wait for its siblings:
 * pipeline stages are active, or it goes to an internal service. */
int kf_hub__assemble_wanted(kf_hub *h, const struct kf_msg *m);
void kf_hub__assemble_expire(kf_hub *h, int64_t now, int all);
void kf_hub__assemble_free(kf_hub *h);
/* stages.c: the hub's own stages */
void kf_hub__stages_builtin(kf_hub *h);
/* (Re)parses the account's registered signatures into a->sigs. */
void kf_hub__acct_parse_sigs(struct acct *a);

/* metrics.c */
int kf_hub__cmd_index(uint32_t cmd);
void kf_hub__lat_add(uint64_t *buckets, uint64_t *sum, int64_t us);

#endif
