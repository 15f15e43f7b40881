/* SPDX-License-Identifier: MIT
 *
 * loop.c -- libevent-backed loop, listeners, connections, timers and
 * watchers (loop.h). Connections are bufferevents; listeners are
 * evconnlisteners. Signals are libevent signal events, so handlers run on the
 * loop thread and may touch any loop-owned state.
 */
#include "loop/loop.h"

#include <arpa/inet.h>
#include <event2/buffer.h>
#include <event2/bufferevent.h>
#include <event2/event.h>
#include <event2/listener.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#include "base/base.h"

struct kf_loop {
    struct event_base *base;
};

struct kf_listener {
    struct evconnlistener *ev;
    kf_accept_fn fn;
    void *arg;
    int port;
};

struct kf_conn {
    struct bufferevent *bev;
    struct kf_conn_cbs cbs;
    void *arg;
    int closing;
};

struct kf_timer {
    struct event *ev;
    kf_loop_fn fn;
    void *arg;
};

struct kf_watch {
    struct event *ev;
    kf_loop_fn fn;
    void *arg;
};

kf_loop *kf_loop_new(void)
{
    struct event_config *cfg = event_config_new();
    kf_loop *l;

    if (cfg == NULL)
        return NULL;
    l = kf_xcalloc(1, sizeof *l);
    l->base = event_base_new_with_config(cfg);
    event_config_free(cfg);
    if (l->base == NULL) {
        free(l);
        return NULL;
    }
    return l;
}

void kf_loop_free(kf_loop *l)
{
    if (l == NULL)
        return;
    event_base_free(l->base);
    free(l);
}

int kf_loop_run(kf_loop *l)
{
    return event_base_dispatch(l->base) == -1 ? KF_EIO : 0;
}

void kf_loop_stop(kf_loop *l)
{
    event_base_loopbreak(l->base);
}

int64_t kf_loop_now_ms(kf_loop *l)
{
    struct timeval tv;
    /* Monotonic-derived cached time is not wall time; use the cached wall
     * clock libevent keeps per pass. */
    if (event_base_gettimeofday_cached(l->base, &tv) != 0)
        gettimeofday(&tv, NULL);
    return (int64_t)tv.tv_sec * 1000 + tv.tv_usec / 1000;
}

void kf_loop_update_time(kf_loop *l)
{
    event_base_update_cache_time(l->base);
}

void *kf_loop_event_base(kf_loop *l)
{
    return l->base;
}

/* ------------------------------------------------------------ listeners */

static void on_accept(struct evconnlistener *ev, evutil_socket_t fd, struct sockaddr *sa,
                      int salen, void *arg)
{
    kf_listener *ls = arg;
    char ip[INET6_ADDRSTRLEN] = "?";
    int one = 1;

    (void)ev;
    (void)salen;
    if (sa->sa_family == AF_INET)
        inet_ntop(AF_INET, &((struct sockaddr_in *)sa)->sin_addr, ip, sizeof ip);
    else if (sa->sa_family == AF_INET6)
        inet_ntop(AF_INET6, &((struct sockaddr_in6 *)sa)->sin6_addr, ip, sizeof ip);
    setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    ls->fn(ls->arg, fd, ip);
}

kf_listener *kf_listener_new(kf_loop *l, const char *host, int port, kf_accept_fn fn, void *arg,
                             char **err)
{
    struct sockaddr_storage ss;
    int sslen = sizeof ss;
    char spec[300];
    kf_listener *ls;

    memset(&ss, 0, sizeof ss);
    snprintf(spec, sizeof spec, strchr(host, ':') ? "[%s]:%d" : "%s:%d", host, port);
    if (inet_pton(AF_INET, host, &((struct sockaddr_in *)&ss)->sin_addr) == 1) {
        ((struct sockaddr_in *)&ss)->sin_family = AF_INET;
        ((struct sockaddr_in *)&ss)->sin_port = htons((uint16_t)port);
        sslen = sizeof(struct sockaddr_in);
    } else if (inet_pton(AF_INET6, host, &((struct sockaddr_in6 *)&ss)->sin6_addr) == 1) {
        ((struct sockaddr_in6 *)&ss)->sin6_family = AF_INET6;
        ((struct sockaddr_in6 *)&ss)->sin6_port = htons((uint16_t)port);
        sslen = sizeof(struct sockaddr_in6);
    } else {
        char tmp[400];
        snprintf(tmp, sizeof tmp, "%s: not a numeric address", spec);
        *err = kf_xstrdup(tmp);
        return NULL;
    }
    ls = kf_xcalloc(1, sizeof *ls);
    ls->fn = fn;
    ls->arg = arg;
    ls->ev = evconnlistener_new_bind(l->base, on_accept, ls,
                                     LEV_OPT_CLOSE_ON_FREE | LEV_OPT_REUSEABLE |
                                         LEV_OPT_CLOSE_ON_EXEC,
                                     1024, (struct sockaddr *)&ss, sslen);
    if (ls->ev == NULL) {
        char tmp[400];
        snprintf(tmp, sizeof tmp, "cannot listen on %s: %s", spec, strerror(errno));
        *err = kf_xstrdup(tmp);
        free(ls);
        return NULL;
    }
    {
        struct sockaddr_storage bound;
        socklen_t blen = sizeof bound;
        getsockname(evconnlistener_get_fd(ls->ev), (struct sockaddr *)&bound, &blen);
        ls->port = ntohs(bound.ss_family == AF_INET6
                             ? ((struct sockaddr_in6 *)&bound)->sin6_port
                             : ((struct sockaddr_in *)&bound)->sin_port);
    }
    return ls;
}

int kf_listener_port(const kf_listener *ls)
{
    return ls->port;
}

void kf_listener_free(kf_listener *ls)
{
    if (ls == NULL)
        return;
    evconnlistener_free(ls->ev);
    free(ls);
}

/* ---------------------------------------------------------- connections */

static void bev_read(struct bufferevent *bev, void *arg)
{
    kf_conn *c = arg;
    (void)bev;
    if (!c->closing)
        c->cbs.on_data(c, c->arg);
}

static void bev_write(struct bufferevent *bev, void *arg)
{
    kf_conn *c = arg;
    (void)bev;
    if (c->closing) {
        c->cbs.on_close(c, c->arg, 0);
        return;
    }
    if (c->cbs.on_drain)
        c->cbs.on_drain(c, c->arg);
}

static void bev_event(struct bufferevent *bev, short what, void *arg)
{
    kf_conn *c = arg;
    int err = 0;
    (void)bev;
    if (what & BEV_EVENT_ERROR)
        err = errno ? -errno : KF_EIO;
    else if (what & BEV_EVENT_EOF)
        err = KF_ECLOSED;
    else
        return;
    c->cbs.on_close(c, c->arg, err);
}

kf_conn *kf_conn_new(kf_loop *l, int fd, const struct kf_conn_cbs *cbs, void *arg)
{
    kf_conn *c = kf_xcalloc(1, sizeof *c);

    evutil_make_socket_nonblocking(fd);
    c->bev = bufferevent_socket_new(l->base, fd, BEV_OPT_CLOSE_ON_FREE);
    if (c->bev == NULL) {
        close(fd);
        free(c);
        return NULL;
    }
    c->cbs = *cbs;
    c->arg = arg;
    bufferevent_setcb(c->bev, bev_read, bev_write, bev_event, c);
    /* on_drain fires when output drops under 64 KiB. */
    bufferevent_setwatermark(c->bev, EV_WRITE, 64 * 1024, 0);
    bufferevent_enable(c->bev, EV_READ | EV_WRITE);
    return c;
}

void kf_conn_free(kf_conn *c)
{
    if (c == NULL)
        return;
    bufferevent_free(c->bev);
    free(c);
}

void kf_conn_close_after_flush(kf_conn *c)
{
    c->closing = 1;
    bufferevent_disable(c->bev, EV_READ);
    bufferevent_setwatermark(c->bev, EV_WRITE, 0, 0);
    if (evbuffer_get_length(bufferevent_get_output(c->bev)) == 0) {
        /* Nothing to flush, so no write callback would come: trigger one,
         * deferred, so that on_close never runs inside the caller. */
        bufferevent_trigger(c->bev, EV_WRITE, BEV_TRIG_IGNORE_WATERMARKS | BEV_TRIG_DEFER_CALLBACKS);
    }
}

size_t kf_conn_in_len(kf_conn *c)
{
    return evbuffer_get_length(bufferevent_get_input(c->bev));
}

const uint8_t *kf_conn_pullup(kf_conn *c, size_t n)
{
    struct evbuffer *in = bufferevent_get_input(c->bev);
    if (evbuffer_get_length(in) < n)
        return NULL;
    return evbuffer_pullup(in, (ev_ssize_t)n);
}

void kf_conn_drain(kf_conn *c, size_t n)
{
    evbuffer_drain(bufferevent_get_input(c->bev), n);
}

int kf_conn_write(kf_conn *c, const void *p, size_t n)
{
    return bufferevent_write(c->bev, p, n) == 0 ? 0 : KF_ENOMEM;
}

size_t kf_conn_out_len(kf_conn *c)
{
    return evbuffer_get_length(bufferevent_get_output(c->bev));
}

void kf_conn_pause(kf_conn *c, int paused)
{
    if (paused)
        bufferevent_disable(c->bev, EV_READ);
    else if (!c->closing)
        bufferevent_enable(c->bev, EV_READ);
}

/* --------------------------------------------------------------- timers */

static void timer_cb(evutil_socket_t fd, short what, void *arg)
{
    kf_timer *t = arg;
    (void)fd;
    (void)what;
    t->fn(t->arg);
}

kf_timer *kf_timer_new(kf_loop *l, kf_loop_fn fn, void *arg)
{
    kf_timer *t = kf_xcalloc(1, sizeof *t);
    t->fn = fn;
    t->arg = arg;
    t->ev = evtimer_new(l->base, timer_cb, t);
    return t;
}

void kf_timer_start(kf_timer *t, int64_t after_ms)
{
    struct timeval tv;
    if (after_ms < 0)
        after_ms = 0;
    tv.tv_sec = after_ms / 1000;
    tv.tv_usec = (after_ms % 1000) * 1000;
    evtimer_add(t->ev, &tv);
}

void kf_timer_stop(kf_timer *t)
{
    evtimer_del(t->ev);
}

void kf_timer_free(kf_timer *t)
{
    if (t == NULL)
        return;
    event_free(t->ev);
    free(t);
}

/* ----------------------------------------------------- fds and signals */

static void watch_cb(evutil_socket_t fd, short what, void *arg)
{
    kf_watch *w = arg;
    (void)fd;
    (void)what;
    w->fn(w->arg);
}

kf_watch *kf_watch_fd(kf_loop *l, int fd, kf_loop_fn fn, void *arg)
{
    kf_watch *w = kf_xcalloc(1, sizeof *w);
    w->fn = fn;
    w->arg = arg;
    w->ev = event_new(l->base, fd, EV_READ | EV_PERSIST, watch_cb, w);
    event_add(w->ev, NULL);
    return w;
}

kf_watch *kf_watch_signal(kf_loop *l, int sig, kf_loop_fn fn, void *arg)
{
    kf_watch *w = kf_xcalloc(1, sizeof *w);
    w->fn = fn;
    w->arg = arg;
    w->ev = evsignal_new(l->base, sig, watch_cb, w);
    event_add(w->ev, NULL);
    return w;
}

void kf_watch_free(kf_watch *w)
{
    if (w == NULL)
        return;
    event_free(w->ev);
    free(w);
}
