/* SPDX-License-Identifier: MIT
 *
 * writer.c -- the group-commit writer thread.
 *
 * The loop thread queues jobs (kf_store_submit); the writer takes everything
 * queued (up to batch_max ops), runs it in one transaction and commits: one
 * WAL fsync covers the whole batch, which is how thousands of messages per
 * second become durable before their submit_sm_resp. While a commit runs, new
 * jobs pile up and form the next batch, so batching adapts to load without a
 * timer. Finished jobs move to the done list and an eventfd wakes the loop,
 * which runs the callbacks (kf_store_complete).
 *
 * A failing statement rolls the whole batch back and fails every job in it:
 * callers then answer ESME_RSYSERR, so nothing is acknowledged that is not
 * on disk.
 */
#include "store/store_int.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/eventfd.h>
#include <time.h>
#include <unistd.h>

#include "base/base.h"

/* Frees a job and what its ops own. */
static void job_free(struct job *j)
{
    for (size_t i = 0; i < j->n; i++)
        if (j->ops[i].type == KF_STORE_REPLACE)
            free(j->ops[i].sm);
        else if (j->ops[i].type == KF_STORE_STATE)
            free(j->ops[i].reasons);
    free(j);
}

static void q_push(struct jobq *q, struct job *j)
{
    j->next = NULL;
    if (q->tail)
        q->tail->next = j;
    else
        q->head = j;
    q->tail = j;
}

static void q_append(struct jobq *q, struct jobq *other)
{
    if (other->head == NULL)
        return;
    if (q->tail)
        q->tail->next = other->head;
    else
        q->head = other->head;
    q->tail = other->tail;
    other->head = other->tail = NULL;
}

static int submit(kf_store *s, const struct kf_store_op *ops, size_t n, kf_store_done_fn done,
                  void *arg, int always)
{
    struct job *j;

    pthread_mutex_lock(&s->mu);
    if (!always && s->backlog_ops + n > s->limit) {
        pthread_mutex_unlock(&s->mu);
        return KF_EBUSY;
    }
    pthread_mutex_unlock(&s->mu);

    j = kf_xmalloc(sizeof *j + n * sizeof(struct kf_store_op));
    j->done = done;
    j->arg = arg;
    j->rc = 0;
    j->n = n;
    memcpy(j->ops, ops, n * sizeof *ops);

    pthread_mutex_lock(&s->mu);
    q_push(&s->pending, j);
    s->backlog_ops += n;
    pthread_cond_signal(&s->cv);
    pthread_mutex_unlock(&s->mu);
    return 0;
}

int kf_store_submit(kf_store *s, const struct kf_store_op *ops, size_t n, kf_store_done_fn done,
                    void *arg)
{
    return submit(s, ops, n, done, arg, 0);
}

void kf_store_submit_always(kf_store *s, const struct kf_store_op *ops, size_t n,
                            kf_store_done_fn done, void *arg)
{
    submit(s, ops, n, done, arg, 1);
}

static int run_op(kf_store *s, const struct kf_store_op *op)
{
    sqlite3_stmt *st;
    int rc;

    if (op->type == KF_STORE_INSERT) {
        st = s->w_insert;
        kf_store__bind_msg(st, op->msg);
    } else if (op->type == KF_STORE_REPLACE) {
        st = s->w_replace;
        sqlite3_bind_blob(st, 1, op->sm ? (const void *)op->sm : "", op->sm_len, SQLITE_STATIC);
        sqlite3_bind_int(st, 2, op->registered_delivery);
        sqlite3_bind_int64(st, 3, op->expire_ms);
        sqlite3_bind_int64(st, 4, op->next_ms);
        sqlite3_bind_int64(st, 5, op->id);
    } else if (op->type == KF_STORE_REMINDER_SENT || op->type == KF_STORE_HANDOVER_SENT) {
        st = op->type == KF_STORE_REMINDER_SENT ? s->w_remind : s->w_handover;
        sqlite3_bind_int64(st, 1, op->done_ms);
        sqlite3_bind_int64(st, 2, op->link_id);
        sqlite3_bind_int64(st, 3, op->id);
    } else {
        st = s->w_state;
        sqlite3_bind_int(st, 1, op->state);
        sqlite3_bind_int64(st, 2, op->attempts);
        sqlite3_bind_int64(st, 3, op->next_ms);
        sqlite3_bind_int64(st, 4, op->done_ms);
        sqlite3_bind_int64(st, 5, op->err);
        sqlite3_bind_int64(st, 6, op->id);
        if (op->reasons) {
            sqlite3_bind_int(st, 7, op->verdict);
            sqlite3_bind_text(st, 8, op->reasons, -1, SQLITE_STATIC);
        }
    }
    rc = sqlite3_step(st);
    sqlite3_reset(st);
    sqlite3_clear_bindings(st);
    return rc == SQLITE_DONE ? 0 : KF_ESTORE;
}

/* Runs one batch; returns 0 or KF_ESTORE (rolled back). */
static int commit_batch(kf_store *s, struct job *head, size_t *nops)
{
    int rc = 0;
    int64_t t0;

    *nops = 0;
    if (sqlite3_exec(s->writer, "BEGIN", NULL, NULL, NULL) != SQLITE_OK)
        return KF_ESTORE;
    for (struct job *j = head; j && rc == 0; j = j->next)
        for (size_t i = 0; i < j->n && rc == 0; i++, (*nops)++)
            rc = run_op(s, &j->ops[i]);
    if (rc) {
        sqlite3_exec(s->writer, "ROLLBACK", NULL, NULL, NULL);
        return rc;
    }
    t0 = kf_clock_mono_us();
    if (sqlite3_exec(s->writer, "COMMIT", NULL, NULL, NULL) != SQLITE_OK) {
        sqlite3_exec(s->writer, "ROLLBACK", NULL, NULL, NULL);
        return KF_ESTORE;
    }
    pthread_mutex_lock(&s->mu);
    s->stats.commit_us_total += (uint64_t)(kf_clock_mono_us() - t0);
    pthread_mutex_unlock(&s->mu);
    return 0;
}

/* Takes up to batch_max ops worth of jobs off the pending queue. mu held. */
static struct job *take_batch(kf_store *s)
{
    struct job *head = s->pending.head, *last = NULL, *j;
    size_t ops = 0;

    for (j = head; j; j = j->next) {
        if (ops && ops + j->n > (size_t)s->conf.batch_max)
            break;
        ops += j->n;
        last = j;
    }
    if (last == NULL)
        return NULL;
    s->pending.head = last->next;
    if (s->pending.head == NULL)
        s->pending.tail = NULL;
    last->next = NULL;
    return head;
}

/* Called by SQLite after each commit with the WAL size in pages. */
static int on_wal(void *arg, sqlite3 *db, const char *name, int frames)
{
    (void)db;
    (void)name;
    ((kf_store *)arg)->wal_pages = frames;
    return SQLITE_OK;
}

/* Under continuous load the background checkpointer never catches up with
 * the last frames, and SQLite restarts the WAL from its beginning only when
 * every frame was copied back: the file would grow without end. So once the
 * WAL passes WAL_RESET_PAGES the writer finishes the checkpoint itself
 * between two batches: the background thread has already copied most
 * frames, the writer copies the tail and the next commit rewinds the WAL. */
#define WAL_RESET_PAGES 4096

static void maybe_rewind_wal(kf_store *s)
{
    if (s->wal_pages < WAL_RESET_PAGES)
        return;
    sqlite3_wal_checkpoint_v2(s->writer, NULL, SQLITE_CHECKPOINT_PASSIVE, NULL, NULL);
    s->wal_pages = 0;
}

static void *writer_main(void *arg)
{
    kf_store *s = arg;

    pthread_mutex_lock(&s->mu);
    for (;;) {
        struct job *batch;
        struct jobq done = {NULL, NULL};
        size_t nops = 0, n = 0;
        int rc;
        uint64_t one = 1;

        while (s->pending.head == NULL && !s->stopping)
            pthread_cond_wait(&s->cv, &s->mu);
        if (s->pending.head == NULL && s->stopping)
            break;
        batch = take_batch(s);
        pthread_mutex_unlock(&s->mu);

        rc = commit_batch(s, batch, &nops);
        if (rc == 0)
            maybe_rewind_wal(s);
        for (struct job *j = batch; j; j = j->next) {
            j->rc = rc;
            n += j->n;
            done.tail = j;
        }
        done.head = batch;

        pthread_mutex_lock(&s->mu);
        q_append(&s->done, &done);
        s->backlog_ops -= n;
        s->stats.commits++;
        s->stats.ops += n;
        if (rc)
            s->stats.failures++;
        if (n > s->stats.batch_max_seen)
            s->stats.batch_max_seen = n;
        pthread_mutex_unlock(&s->mu);
        if (write(s->efd, &one, sizeof one) == -1) {
            /* The counter cannot overflow in practice; nothing to do. */
        }
        pthread_mutex_lock(&s->mu);
    }
    pthread_mutex_unlock(&s->mu);
    return NULL;
}

int kf_store__writer_start(kf_store *s, char **err)
{
    static const char *ins = "INSERT INTO messages (" KF_STORE_MSG_COLS ") VALUES (?1,?2,?3,?4,"
                             "?5,?6,?7,?8,?9,?10,?11,?12,?13,?14,?15,?16,?17,?18,?19,?20,?21,"
                             "?22,?23,?24,?25,?26,?27,?28,?29,?30)";
    static const char *rep = "UPDATE messages SET sm=?1, registered_delivery=?2, expire_ms=?3,"
                             " next_ms=?4 WHERE id=?5";
    static const char *upd = "UPDATE messages SET state=?1, attempts=?2, next_ms=?3, done_ms=?4,"
                             " err=?5, verdict=COALESCE(?7, verdict),"
                             " reasons=COALESCE(?8, reasons) WHERE id=?6";
    static const char *rem = "UPDATE reminders SET state=1, sent_ms=?1, msg_id=?2 WHERE id=?3";
    static const char *ho = "UPDATE handover SET state=1, handled_ms=?1, msg_id=?2 WHERE id=?3"
                            " AND state=0";

    if (sqlite3_prepare_v2(s->writer, ins, -1, &s->w_insert, NULL) != SQLITE_OK ||
        sqlite3_prepare_v2(s->writer, upd, -1, &s->w_state, NULL) != SQLITE_OK ||
        sqlite3_prepare_v2(s->writer, rep, -1, &s->w_replace, NULL) != SQLITE_OK ||
        sqlite3_prepare_v2(s->writer, rem, -1, &s->w_remind, NULL) != SQLITE_OK ||
        sqlite3_prepare_v2(s->writer, ho, -1, &s->w_handover, NULL) != SQLITE_OK) {
        *err = kf_xstrdup(sqlite3_errmsg(s->writer));
        return KF_ESTORE;
    }
    sqlite3_wal_hook(s->writer, on_wal, s);
    s->efd = eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
    if (s->efd == -1) {
        *err = kf_xstrdup("eventfd failed");
        return KF_ESTORE;
    }
    pthread_mutex_init(&s->mu, NULL);
    pthread_cond_init(&s->cv, NULL);
    if (pthread_create(&s->thread, NULL, writer_main, s) != 0) {
        *err = kf_xstrdup("cannot start the store writer thread");
        close(s->efd);
        return KF_ESTORE;
    }
    return 0;
}

void kf_store__writer_stop(kf_store *s)
{
    struct job *j, *next;

    pthread_mutex_lock(&s->mu);
    s->stopping = 1;
    pthread_cond_signal(&s->cv);
    pthread_mutex_unlock(&s->mu);
    pthread_join(s->thread, NULL);
    for (j = s->done.head; j; j = next) {
        next = j->next;
        job_free(j);
    }
    sqlite3_finalize(s->w_insert);
    sqlite3_finalize(s->w_state);
    sqlite3_finalize(s->w_replace);
    sqlite3_finalize(s->w_remind);
    sqlite3_finalize(s->w_handover);
    sqlite3_close(s->writer);
    close(s->efd);
}

int kf_store_notify_fd(kf_store *s)
{
    return s->efd;
}

size_t kf_store_complete(kf_store *s)
{
    struct jobq q;
    struct job *j, *next;
    uint64_t v;
    size_t n = 0;

    if (read(s->efd, &v, sizeof v) == -1) {
        /* EAGAIN: nothing signalled, but the list may still hold work. */
    }
    pthread_mutex_lock(&s->mu);
    q = s->done;
    s->done.head = s->done.tail = NULL;
    pthread_mutex_unlock(&s->mu);
    for (j = q.head; j; j = next) {
        next = j->next;
        if (j->done)
            j->done(j->arg, j->rc);
        job_free(j);
        n++;
    }
    return n;
}

size_t kf_store_backlog(kf_store *s)
{
    size_t n;
    pthread_mutex_lock(&s->mu);
    n = s->backlog_ops;
    pthread_mutex_unlock(&s->mu);
    return n;
}

void kf_store_stats_get(kf_store *s, struct kf_store_stats *out)
{
    pthread_mutex_lock(&s->mu);
    *out = s->stats;
    pthread_mutex_unlock(&s->mu);
}

/* ---------------------------------------------------------- checkpoints */

static void *ckpt_main(void *arg)
{
    kf_store *s = arg;
    int log = 0, done = 0;

    pthread_mutex_lock(&s->mu);
    while (!s->stopping) {
        struct timespec ts;
        clock_gettime(CLOCK_REALTIME, &ts);
        ts.tv_nsec += 200 * 1000000L; /* every 200 ms */
        if (ts.tv_nsec >= 1000000000L) {
            ts.tv_sec++;
            ts.tv_nsec -= 1000000000L;
        }
        pthread_cond_timedwait(&s->ckpt_cv, &s->mu, &ts);
        if (s->stopping)
            break;
        pthread_mutex_unlock(&s->mu);
        /* PASSIVE never blocks the writer; frames still needed by a reader
         * are simply left for the next round. */
        sqlite3_wal_checkpoint_v2(s->ckpt, NULL, SQLITE_CHECKPOINT_PASSIVE, &log, &done);
        pthread_mutex_lock(&s->mu);
        s->stats.wal_frames = (uint64_t)(log > 0 ? log : 0);
    }
    pthread_mutex_unlock(&s->mu);
    return NULL;
}

int kf_store__ckpt_start(kf_store *s, char **err)
{
    if (kf_store__connect(s->path, &s->conf, &s->ckpt, err))
        return KF_ESTORE;
    pthread_cond_init(&s->ckpt_cv, NULL);
    if (pthread_create(&s->ckpt_thread, NULL, ckpt_main, s) != 0) {
        sqlite3_close(s->ckpt);
        *err = kf_xstrdup("cannot start the checkpoint thread");
        return KF_ESTORE;
    }
    s->ckpt_started = 1;
    return 0;
}

void kf_store__ckpt_stop(kf_store *s)
{
    if (!s->ckpt_started)
        return;
    pthread_mutex_lock(&s->mu);
    s->stopping = 1;
    pthread_cond_signal(&s->ckpt_cv);
    pthread_mutex_unlock(&s->mu);
    pthread_join(s->ckpt_thread, NULL);
    /* A last full checkpoint leaves a small WAL behind for the next start. */
    sqlite3_wal_checkpoint_v2(s->ckpt, NULL, SQLITE_CHECKPOINT_TRUNCATE, NULL, NULL);
    sqlite3_close(s->ckpt);
    pthread_cond_destroy(&s->ckpt_cv);
    s->ckpt_started = 0;
}
