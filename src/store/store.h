/* SPDX-License-Identifier: MIT
 *
 * store.h -- the durable store: the whole public interface of src/store/,
 * the only module that includes sqlite3.h.
 *
 * One SQLite file in WAL mode with two connections:
 *  - the writer connection belongs to a writer thread that commits queued
 *    operations in batches (group commit: one fsync per batch, whatever the
 *    number of messages in it) and reports completion through a notify fd;
 *  - the admin connection belongs to the loop thread: look-ups, account
 *    changes (rare, synchronous) and recovery at start.
 * Callers never see SQL; they see domain functions. Schema and migrations:
 * docs/internals/store.md. The self-service tables (schema v4) have their
 * functions in store/subs.h.
 */
#ifndef KF_STORE_STORE_H
#define KF_STORE_STORE_H

#include <stddef.h>
#include <stdint.h>

typedef struct kf_store kf_store;

struct kf_store_conf {
    int sync_full;      /* 1: synchronous=FULL (fsync every commit); 0: NORMAL */
    int batch_max;      /* most operations per transaction */
    int64_t busy_ms;    /* admin connection busy timeout */
    int cache_mb;       /* page cache per connection, MiB (0 = 16) */
};

/* Opens (creating and migrating as needed) the database at `path` and starts
 * the writer thread. Returns NULL with *err (caller frees) on failure. */
kf_store *kf_store_open(const char *path, const struct kf_store_conf *conf, char **err);
/* Commits what is queued, runs no callbacks, stops the writer, closes.
 * NULL is a no-op. Loop thread. */
void kf_store_close(kf_store *s);

/* ---------------------------------------------------------------- accounts */

enum kf_acct_kind { KF_ACCT_PORT = 0, KF_ACCT_LINK = 1 };
enum kf_acct_status { KF_ACCT_ACTIVE = 0, KF_ACCT_SUSPENDED = 1 };
/* bind_types bits */
#define KF_BINDT_TX 1
#define KF_BINDT_RX 2
#define KF_BINDT_TRX 4

/* An account that may bind: an industry port or a network link. */
struct kf_account {
    int64_t id;
    int kind;                 /* enum kf_acct_kind */
    char system_id[16];
    char pw_hash[128];        /* crypto_pwhash_str output */
    char name[128];           /* enterprise or link name, UTF-8 */
    char number[21];          /* port number 106...; "" for links */
    int realname;             /* 1 = real-name verified */
    char signatures[1024];    /* JSON array of registered 【...】 signatures */
    char src_range[64];       /* source_addr must start with this; "" = number */
    int bind_types;           /* KF_BINDT_* bits */
    int max_binds;
    char allowed_ips[256];    /* comma-separated IPv4/IPv6 addresses or CIDRs; "" = any */
    int tps;                  /* submits per second over all binds */
    int window;               /* outstanding PDUs per bind, both directions */
    int status;               /* enum kf_acct_status */
    int64_t created_ms, updated_ms;
};

/* Inserts or, when system_id exists, updates. Sets a->id. Returns 0 or
 * KF_ESTORE. Loop thread. */
int kf_store_account_put(kf_store *s, struct kf_account *a);
/* Returns 0, KF_ENOENT or KF_ESTORE. */
int kf_store_account_get(kf_store *s, const char *system_id, struct kf_account *out);
int kf_store_account_get_id(kf_store *s, int64_t id, struct kf_account *out);
int kf_store_account_delete(kf_store *s, const char *system_id);
/* Calls fn for every account ordered by id; stops when fn returns non-zero.
 * Returns 0 or KF_ESTORE. */
int kf_store_account_each(kf_store *s, int (*fn)(void *arg, const struct kf_account *a),
                          void *arg);

/* ---------------------------------------------------------------- messages */

enum kf_msg_kind {
    KF_MSGK_MT = 0,      /* industry port -> subscriber */
    KF_MSGK_MO = 1,      /* subscriber -> industry port */
    KF_MSGK_P2P = 2,     /* subscriber -> subscriber */
    KF_MSGK_SERVICE = 3, /* to or from an internal service number */
    KF_MSGK_RECEIPT = 4, /* delivery receipt we generated */
};

enum kf_route_kind {
    KF_ROUTE_SUBSCRIBER = 0, /* out through a network link */
    KF_ROUTE_PORT = 1,       /* to an industry port's receiver binds */
    KF_ROUTE_SERVICE = 2,    /* to an internal service handler */
};

/* Extra states beside SMPP message_state values 1..8 (smpp.h). */
#define KF_MSG_HELD 64 /* held for review by a pipeline stage */

enum kf_verdict_kind { KF_VERDICT_DELIVER = 0, KF_VERDICT_HOLD = 1, KF_VERDICT_BLOCK = 2 };

/* A stored message. sm, tlvs and reasons are owned by the struct
 * (kf_store_msg_free frees them and the struct). */
struct kf_msg {
    int64_t id;
    uint8_t kind, state, route_kind, verdict;
    int64_t origin_acct; /* account that submitted it; 0 = internal */
    int64_t route_acct;  /* target port account for KF_ROUTE_PORT */
    uint8_t src_ton, src_npi, dst_ton, dst_npi;
    char src[66], dst[66];
    char service_type[6];
    uint8_t esm_class, protocol_id, priority, data_coding, registered_delivery;
    uint16_t sm_len, tlv_len;
    uint8_t *sm;
    uint8_t *tlvs; /* optional parameters as received, raw wire form */
    int64_t submit_ms, expire_ms, next_ms, done_ms;
    uint32_t attempts, err;
    int64_t receipted_id; /* receipts: the message they report */
    int64_t smpp_id;      /* the message_id the ESME was given, when not id
                           * (the copies of a submit_multi share the first) */
    char *reasons;        /* pipeline reasons, JSON array text, or NULL */
};

/* Allocates a zeroed message (aborts on OOM). */
struct kf_msg *kf_store_msg_new(void);
/* Frees a message and its buffers; NULL is a no-op. */
void kf_store_msg_free(struct kf_msg *m);

/* Highest message id ever stored (0 for an empty store). Loop thread. */
int64_t kf_store_msg_max_id(kf_store *s);
/* Reads one message; caller frees *out with kf_store_msg_free. Returns 0,
 * KF_ENOENT or KF_ESTORE. Loop thread. */
int kf_store_msg_get(kf_store *s, int64_t id, struct kf_msg **out);
/* Calls fn (newest first, at most `limit`) for messages whose source or
 * destination is `number`; fn borrows the message. Loop thread. */
int kf_store_msg_by_number(kf_store *s, const char *number, int limit,
                           int (*fn)(void *arg, const struct kf_msg *m), void *arg);
/* Calls fn for every message in a non-final, non-held state (ENROUTE,
 * ACCEPTED) ordered by id; fn takes ownership of the message. Used at start
 * to refill the queues. Loop thread, before traffic starts. */
int kf_store_msg_each_pending(kf_store *s, void (*fn)(void *arg, struct kf_msg *m), void *arg);
/* Counts messages by state into counts[0..255]. Loop thread. */
int kf_store_msg_count_states(kf_store *s, int64_t counts[256]);

/* ----------------------------------------------------- batched writes */

enum kf_store_op_type {
    KF_STORE_INSERT = 0, /* insert msg (borrowed: not to be modified until done) */
    KF_STORE_STATE = 1,  /* update state/attempts/next/done/err of id; when
                          * reasons is set (owned by the op, freed by the
                          * store) also verdict and reasons */
    KF_STORE_REPLACE = 2, /* replace_sm: new sm (owned by the op, freed by the
                           * store), registered_delivery, expire_ms, next_ms */
    KF_STORE_REMINDER_SENT = 3, /* reminder id sent at done_ms as message link_id
                                 * (subs.h kf_store_op_reminder_sent) */
    KF_STORE_HANDOVER_SENT = 4, /* hand-over id answered at done_ms by message
                                 * link_id (desk.h kf_store_op_handover_sent) */
};

struct kf_store_op {
    int type;
    const struct kf_msg *msg; /* INSERT */
    int64_t id;               /* STATE */
    uint8_t state;
    uint32_t attempts, err;
    int64_t next_ms, done_ms;
    char *reasons;            /* STATE: pipeline reasons (JSON) or NULL */
    uint8_t verdict;          /* STATE, with reasons */
    uint8_t *sm;              /* REPLACE */
    uint16_t sm_len;
    uint8_t registered_delivery;
    int64_t expire_ms;
    int64_t link_id;          /* REMINDER_SENT, HANDOVER_SENT: the message it went out as
                               * (kf_hub_send_with fills it in) */
};

/* Called on the loop thread (from kf_store_complete) after the transaction
 * holding the ops committed (rc 0) or failed and rolled back (rc < 0). */
typedef void (*kf_store_done_fn)(void *arg, int rc);

/* Queues n ops (copied) to be committed in one transaction; `done` (may be
 * NULL) is called exactly once, after this function returned. Never fails
 * except KF_EBUSY when more than `limit` ops wait (backpressure: answer the
 * peer ESME_RMSGQFUL). Loop thread. */
int kf_store_submit(kf_store *s, const struct kf_store_op *ops, size_t n, kf_store_done_fn done,
                    void *arg);
/* Same, but never refused: for operations that must not be lost once the
 * message was acknowledged (final states, receipts, retries). */
void kf_store_submit_always(kf_store *s, const struct kf_store_op *ops, size_t n,
                            kf_store_done_fn done, void *arg);
/* File descriptor that becomes readable when completions are ready. */
int kf_store_notify_fd(kf_store *s);
/* Runs the callbacks of committed batches. Loop thread. Returns how many. */
size_t kf_store_complete(kf_store *s);
/* Operations queued and not yet committed. */
size_t kf_store_backlog(kf_store *s);

struct kf_store_stats {
    uint64_t commits, ops, failures;
    uint64_t commit_us_total; /* time inside COMMIT */
    uint64_t batch_max_seen;
    uint64_t wal_frames; /* WAL size after the last checkpoint, in pages */
};
void kf_store_stats_get(kf_store *s, struct kf_store_stats *out);

/* ------------------------------------------------- shield lists (v3) */

/* One entry of a staff-edited list. Lists: "sender.black", "sender.white",
 * "sender.suspended", "port.black", "port.white", "optout", "domain.black",
 * "domain.white", "keyword.black", "regex.black". */
struct kf_list_entry {
    int64_t id;
    char list[24];
    char value[256];
    char note[256];
    char actor[64];
    int64_t created_ms;
    int64_t until_ms; /* 0 = no end */
};

/* Inserts or, when (list, value) exists, updates. Sets e->id. Loop thread;
 * synchronous. Returns 0 or KF_ESTORE. */
int kf_store_list_put(kf_store *s, struct kf_list_entry *e);
/* Returns 0, KF_ENOENT or KF_ESTORE. */
int kf_store_list_del(kf_store *s, const char *list, const char *value);
/* Calls fn for each entry of `list` (NULL: all lists) ordered by id. */
int kf_store_list_each(kf_store *s, const char *list,
                       int (*fn)(void *arg, const struct kf_list_entry *e), void *arg);

/* ------------------------------------------------- review queue (v3) */

enum kf_review_kind { KF_REVIEW_HELD = 0, KF_REVIEW_REPORTED = 1 };

/* An item of the review queue: a held message (created by the store in the
 * transaction that holds it) or a reported sender. */
struct kf_review_item {
    int64_t id;
    int kind;            /* enum kf_review_kind */
    int64_t msg_id;      /* held: the message; reported: the last matched one */
    char sender[66], rcpt[66];
    uint64_t fp;         /* SimHash of the text, 0 = unknown */
    int reports;         /* reported: how many reports */
    int64_t created_ms;
    int state;           /* 0 open, 1 handled */
    char action[24];
    char actor[64];
    int64_t handled_ms;
    int label;           /* 1 spam, 0 ham, -1 none */
    int audit;           /* 1 correct, 0 wrong, -1 not audited */
    char auditor[64];
    int64_t audited_ms;
};

/* Items created in [from_ms, to_ms) (state < 0: any state), id > after_id,
 * ordered by id, at most limit. fn borrows the item; non-zero stops. */
int kf_store_review_each(kf_store *s, int state, int64_t from_ms, int64_t to_ms,
                         int64_t after_id, int limit,
                         int (*fn)(void *arg, const struct kf_review_item *it), void *arg);
/* Returns 0, KF_ENOENT or KF_ESTORE. */
int kf_store_review_get(kf_store *s, int64_t id, struct kf_review_item *out);
int kf_store_review_get_msg(kf_store *s, int64_t msg_id, struct kf_review_item *out);
/* The open reported-sender item of `sender`, if any. */
int kf_store_review_open_sender(kf_store *s, const char *sender, struct kf_review_item *out);
/* Opens a reported-sender item, or updates the open one (reports, msg_id,
 * fp). Sets it->id. */
int kf_store_review_report_item(kf_store *s, struct kf_review_item *it);
/* Marks an open item handled (action, actor, label, fp, handled_ms = now)
 * and logs the action. KF_EEXIST when it was already handled. */
int kf_store_review_handle(kf_store *s, int64_t id, const char *action, const char *actor,
                           int label, uint64_t fp, int64_t now_ms);
/* Logs an action on an item without changing its state (suspend, notify...). */
int kf_store_review_log(kf_store *s, int64_t id, const char *action, const char *actor,
                        const char *note, int64_t now_ms);
/* Records an audit of a handled item (correct 1 / wrong 0). KF_EINVAL when
 * the item is still open. */
int kf_store_review_audit(kf_store *s, int64_t id, int correct, const char *auditor,
                          int64_t now_ms);
/* Calls fn for the actions logged on an item, oldest first. */
int kf_store_review_actions(kf_store *s, int64_t id,
                            int (*fn)(void *arg, const char *action, const char *actor,
                                      int64_t at_ms, const char *note),
                            void *arg);

/* ------------------------------------------------------ reports (v3) */

enum kf_report_format { KF_REPORT_NUMBER_TEXT = 0, KF_REPORT_FORWARD = 1, KF_REPORT_NUMBER = 2 };

struct kf_report {
    int64_t id;
    char reporter[22];
    char sender[66];
    uint64_t fp;
    int64_t msg_id;
    int format;         /* enum kf_report_format */
    char text[1024];
    int64_t created_ms;
    int64_t item_id;
};

/* Stores a report; sets r->id. */
int kf_store_report_add(kf_store *s, struct kf_report *r);
/* Reports about `sender` since since_ms: how many, from how many reporters. */
int kf_store_report_count(kf_store *s, const char *sender, int64_t since_ms, int *reports,
                          int *reporters);
/* Reports of texts with fingerprint fp since since_ms (any sender). */
int kf_store_report_count_fp(kf_store *s, uint64_t fp, int64_t since_ms, int *reports,
                             int *reporters);
/* Links the reports about `sender` since since_ms that have no item yet to item_id. */
int kf_store_report_link(kf_store *s, const char *sender, int64_t since_ms, int64_t item_id);
/* Calls fn for the reports linked to item_id. */
int kf_store_report_each_item(kf_store *s, int64_t item_id,
                              int (*fn)(void *arg, const struct kf_report *r), void *arg);
/* Senders reported since since_ms with their report counts (to rebuild the
 * shield's risk table at start). */
int kf_store_report_senders(kf_store *s, int64_t since_ms,
                            int (*fn)(void *arg, const char *sender, int reports), void *arg);
/* Fingerprints reported since since_ms with their distinct reporters. */
int kf_store_report_fps(kf_store *s, int64_t since_ms,
                        int (*fn)(void *arg, uint64_t fp, int reporters), void *arg);

/* ------------------------------------------------------- labels (v3) */

/* Adds a labelled text (1 spam, 0 ham) for retraining. */
int kf_store_label_add(kf_store *s, int label, const char *text, const char *source,
                       int64_t item_id, int64_t now_ms);
int kf_store_label_each(kf_store *s, int (*fn)(void *arg, int label, const char *text), void *arg);

#endif
