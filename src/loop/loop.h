/* SPDX-License-Identifier: MIT
 *
 * loop.h -- the event loop: the whole public interface of src/loop/, a thin
 * wrapper over libevent 2.1 so that no module above it includes event2
 * headers (only api/http.c reaches the base, through kf_loop_event_base).
 *
 * Everything here runs on the loop thread. Connections buffer input and
 * output; the owner reads whole frames with kf_conn_pullup/kf_conn_drain and
 * writes with kf_conn_write, which never blocks.
 */
#ifndef KF_LOOP_LOOP_H
#define KF_LOOP_LOOP_H

#include <stddef.h>
#include <stdint.h>

typedef struct kf_loop kf_loop;
typedef struct kf_conn kf_conn;
typedef struct kf_timer kf_timer;
typedef struct kf_listener kf_listener;
typedef struct kf_watch kf_watch;

typedef void (*kf_loop_fn)(void *arg);

/* Returns NULL on failure (libevent could not create a base). */
kf_loop *kf_loop_new(void);
void kf_loop_free(kf_loop *l);
/* Runs until kf_loop_stop; returns 0 or KF_EIO. */
int kf_loop_run(kf_loop *l);
/* Makes kf_loop_run return after the current pass. */
void kf_loop_stop(kf_loop *l);
/* Wall-clock ms sampled once per loop pass (cached, cheap). */
int64_t kf_loop_now_ms(kf_loop *l);
/* Refreshes the cached clock (after a long callback). */
void kf_loop_update_time(kf_loop *l);
/* The libevent base, as void* so callers need no event2 header. */
void *kf_loop_event_base(kf_loop *l);

/* ------------------------------------------------------------ listeners */

/* Called with a new connected fd (non-blocking, owned by the callee) and the
 * peer's address as text. */
typedef void (*kf_accept_fn)(void *arg, int fd, const char *peer_ip);

/* Listens on host:port (port 0 picks one: see kf_listener_port). Returns
 * NULL with *err (caller frees). */
kf_listener *kf_listener_new(kf_loop *l, const char *host, int port, kf_accept_fn fn, void *arg,
                             char **err);
int kf_listener_port(const kf_listener *ls);
/* Stops accepting and closes the socket; NULL is a no-op. */
void kf_listener_free(kf_listener *ls);

/* ---------------------------------------------------------- connections */

struct kf_conn_cbs {
    void (*on_data)(kf_conn *c, void *arg);          /* input grew */
    void (*on_close)(kf_conn *c, void *arg, int err); /* peer closed / error: free c */
    void (*on_drain)(kf_conn *c, void *arg);          /* output fell below low mark; may be NULL */
};

/* Wraps a connected fd (takes ownership). */
kf_conn *kf_conn_new(kf_loop *l, int fd, const struct kf_conn_cbs *cbs, void *arg);
/* Closes the socket now and frees; no callback. NULL is a no-op. */
void kf_conn_free(kf_conn *c);
/* Stops reading, flushes output, then calls on_close(c, arg, 0). */
void kf_conn_close_after_flush(kf_conn *c);
size_t kf_conn_in_len(kf_conn *c);
/* Makes the first n input bytes contiguous; NULL when fewer are buffered. */
const uint8_t *kf_conn_pullup(kf_conn *c, size_t n);
void kf_conn_drain(kf_conn *c, size_t n);
/* Queues bytes for sending; returns 0 or KF_ENOMEM. */
int kf_conn_write(kf_conn *c, const void *p, size_t n);
size_t kf_conn_out_len(kf_conn *c);
/* Pauses / resumes reading (backpressure). */
void kf_conn_pause(kf_conn *c, int paused);

/* --------------------------------------------------------------- timers */

kf_timer *kf_timer_new(kf_loop *l, kf_loop_fn fn, void *arg);
/* (Re)arms a one-shot timer. */
void kf_timer_start(kf_timer *t, int64_t after_ms);
void kf_timer_stop(kf_timer *t);
void kf_timer_free(kf_timer *t);

/* ----------------------------------------------------- fds and signals */

/* Calls fn whenever fd is readable (persistent). */
kf_watch *kf_watch_fd(kf_loop *l, int fd, kf_loop_fn fn, void *arg);
/* Calls fn on the loop thread when signal sig arrives. */
kf_watch *kf_watch_signal(kf_loop *l, int sig, kf_loop_fn fn, void *arg);
void kf_watch_free(kf_watch *w);

#endif
