/* SPDX-License-Identifier: MIT
 *
 * store_int.h -- what only src/store/ sees: the store struct, its two
 * connections and the writer queue.
 */
#ifndef KF_STORE_STORE_INT_H
#define KF_STORE_STORE_INT_H

#include <pthread.h>
#include <sqlite3.h>

#include "store/store.h"

/* One kf_store_submit() call: its ops commit together. */
struct job {
    struct job *next;
    kf_store_done_fn done;
    void *arg;
    int rc;
    size_t n;
    struct kf_store_op ops[]; /* copied */
};

struct jobq {
    struct job *head, *tail;
};

struct kf_store {
    char *path;
    struct kf_store_conf conf;
    sqlite3 *admin;  /* loop thread */
    sqlite3 *writer; /* writer thread */
    sqlite3_stmt *w_insert, *w_state, *w_replace, *w_remind, *w_handover;
    sqlite3_stmt *a_stmt[48]; /* admin statements prepared once (subs.c) */

    pthread_t thread;
    pthread_mutex_t mu;
    pthread_cond_t cv;
    struct jobq pending; /* mu */
    struct jobq done;    /* mu */
    size_t backlog_ops;  /* mu: ops in pending + being committed */
    size_t limit;        /* backpressure threshold */
    int stopping;        /* mu */
    int efd;             /* eventfd: completions ready */
    sqlite3 *ckpt;       /* checkpoint thread's connection */
    pthread_t ckpt_thread;
    pthread_cond_t ckpt_cv;
    int ckpt_started;
    int wal_pages;       /* writer thread: WAL size after the last commit */
    struct kf_store_stats stats; /* mu */
};

/* Executes `sql` (several statements) on db; returns 0 or KF_ESTORE with
 * *err (caller frees) when err is non-NULL. */
int kf_store__exec(sqlite3 *db, const char *sql, char **err);
/* Prepares sql on the admin connection; NULL on failure (logged). For the
 * statements of rare writes (review.c, desk.c), finalised after one use. */
sqlite3_stmt *kf_store__prep(kf_store *s, const char *sql);
/* Steps a statement that returns no rows and finalises it: 0 or KF_ESTORE. */
int kf_store__run(sqlite3_stmt *st);
/* Opens one connection with our pragmas. */
int kf_store__connect(const char *path, const struct kf_store_conf *conf, sqlite3 **out,
                      char **err);
int kf_store__writer_start(kf_store *s, char **err);
void kf_store__writer_stop(kf_store *s);
/* The checkpointer: copies WAL frames into the database off the writer's
 * path, so that commits never wait for a checkpoint's fsync. */
int kf_store__ckpt_start(kf_store *s, char **err);
void kf_store__ckpt_stop(kf_store *s);
/* Binds every column of m to the insert statement (writer.c uses it). */
int kf_store__bind_msg(sqlite3_stmt *st, const struct kf_msg *m);
/* Copies a text column into out (cap bytes, NUL-terminated, cut to fit). */
void kf_store__col_text(sqlite3_stmt *st, int i, char *out, size_t cap);
/* Reads a message row (columns in MSG_COLS order) into a new kf_msg. */
struct kf_msg *kf_store__row_msg(sqlite3_stmt *st);

#define KF_STORE_MSG_COLS                                                            \
    "id, kind, state, route_kind, verdict, origin_acct, route_acct, src_ton, src_npi, " \
    "src, dst_ton, dst_npi, dst, service_type, esm_class, protocol_id, priority, "     \
    "data_coding, registered_delivery, sm, tlvs, submit_ms, expire_ms, next_ms, "      \
    "done_ms, attempts, err, receipted_id, reasons, smpp_id"

#endif
