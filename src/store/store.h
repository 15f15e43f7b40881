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
 * docs/internals/store.md.
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

#endif
