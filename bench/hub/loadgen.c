/* SPDX-License-Identifier: MIT
 *
 * loadgen.c -- the hub benchmark's load generator: N transmitter binds push
 * submit_sm with a window each, R receiver binds take the deliver_sm that
 * come back and answer them. It measures end to end: msgs/s delivered,
 * submit -> submit_sm_resp latency and submit -> deliver_sm latency (p50,
 * p99). It reuses kefu's own SMPP codec so that encoding costs little and
 * the hub, not the generator, is the bottleneck. Single thread, poll(2).
 *
 * With --receivers 0 it only counts submit_sm_resp (for peers that do not
 * deliver, like the ack-only anchor).
 *
 * --text bench (default) sends "bench <i>" in the GSM default alphabet.
 * --text chinese sends realistic, legitimate Chinese notifications in UCS-2
 * (data_coding 8) carrying the bench port's registered signature 【示例科技】:
 * four in five a one-time code, the fifth alternately a parcel notice and a
 * card debit notice, so that the spam shield sees varied text. Each ends
 * with 编号<i>, the number the receiver side matches deliveries by.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <inttypes.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "base/err.h"
#include "smpp/smpp.h"

#define MAXC 256
#define RBUF (1 << 20)

struct conn {
    int fd;
    int rx;            /* receiver bind */
    int bound;
    uint32_t outstanding;
    uint8_t *in;
    size_t inlen;
    uint8_t *out;
    size_t outlen, outcap;
};

static struct {
    const char *host;
    int port, ntx, nrx, window;
    long total;
    const char *tx_id, *tx_pw, *rx_id, *rx_pw, *from, *to_prefix;
    int timeout_s;
    int chinese; /* --text chinese */
} opt = {"127.0.0.1", 2775, 4, 2, 64, 100000, "bench", "bench123", "netlink", "link1234",
         "1065755599", "1380000", 120, 0};

static struct conn conns[MAXC];
static int nconns;
static int64_t *sent_us, *resp_us, *dlv_us;
static long next_msg, resps_ok, resps_fail, delivered, dup_deliveries;
static struct kf_smpp_pdu pdu, opdu;

static int64_t now_us(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000000 + ts.tv_nsec / 1000;
}

static void die(const char *what)
{
    fprintf(stderr, "loadgen: %s: %s\n", what, strerror(errno));
    exit(1);
}

static void queue_pdu(struct conn *c, struct kf_smpp_pdu *p)
{
    int n;
    if (c->outcap - c->outlen < KF_SMPP_PDU_MAX) {
        c->outcap = c->outcap * 2 + KF_SMPP_PDU_MAX;
        c->out = realloc(c->out, c->outcap);
    }
    n = kf_smpp_encode(p, c->out + c->outlen, c->outcap - c->outlen);
    if (n < 0) {
        fprintf(stderr, "loadgen: encode failed\n");
        exit(1);
    }
    c->outlen += (size_t)n;
}

static void flush(struct conn *c)
{
    while (c->outlen) {
        ssize_t w = write(c->fd, c->out, c->outlen);
        if (w < 0) {
            if (errno == EAGAIN)
                return;
            die("write");
        }
        memmove(c->out, c->out + w, c->outlen - (size_t)w);
        c->outlen -= (size_t)w;
    }
}

static int connect_to(void)
{
    struct sockaddr_in sa;
    int fd = socket(AF_INET, SOCK_STREAM, 0), one = 1;
    memset(&sa, 0, sizeof sa);
    sa.sin_family = AF_INET;
    sa.sin_port = htons((uint16_t)opt.port);
    inet_pton(AF_INET, opt.host, &sa.sin_addr);
    if (connect(fd, (struct sockaddr *)&sa, sizeof sa) == -1)
        die("connect");
    setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    return fd;
}

static void open_conn(int rx)
{
    struct conn *c = &conns[nconns++];
    c->fd = connect_to();
    c->rx = rx;
    c->in = malloc(RBUF);
    kf_smpp_pdu_init(&opdu, rx ? KF_SMPP_BIND_RECEIVER : KF_SMPP_BIND_TRANSMITTER, 1);
    snprintf(opdu.system_id, sizeof opdu.system_id, "%s", rx ? opt.rx_id : opt.tx_id);
    snprintf(opdu.password, sizeof opdu.password, "%s", rx ? opt.rx_pw : opt.tx_pw);
    opdu.interface_version = 0x34;
    queue_pdu(c, &opdu);
    flush(c);
}

/* UTF-8 (BMP only, as our templates are) to UCS-2BE; returns bytes. */
static int to_ucs2(const char *s, uint8_t *out, int cap)
{
    const uint8_t *p = (const uint8_t *)s;
    int n = 0;
    while (*p && n + 2 <= cap) {
        uint32_t cp;
        if (p[0] < 0x80)
            cp = *p++;
        else if ((p[0] & 0xE0) == 0xC0)
            cp = (uint32_t)(p[0] & 0x1F) << 6 | (p[1] & 0x3F), p += 2;
        else
            cp = (uint32_t)(p[0] & 0x0F) << 12 | (uint32_t)(p[1] & 0x3F) << 6 | (p[2] & 0x3F),
            p += 3;
        out[n++] = (uint8_t)(cp >> 8);
        out[n++] = (uint8_t)cp;
    }
    return n;
}

/* UCS-2BE to UTF-8 (BMP; surrogates are not expected back). */
static void from_ucs2(const uint8_t *in, size_t len, char *out, size_t cap)
{
    size_t o = 0;
    for (size_t k = 0; k + 1 < len && o + 4 < cap; k += 2) {
        uint32_t cp = (uint32_t)in[k] << 8 | in[k + 1];
        if (cp < 0x80)
            out[o++] = (char)cp;
        else if (cp < 0x800) {
            out[o++] = (char)(0xC0 | cp >> 6);
            out[o++] = (char)(0x80 | (cp & 0x3F));
        } else {
            out[o++] = (char)(0xE0 | cp >> 12);
            out[o++] = (char)(0x80 | ((cp >> 6) & 0x3F));
            out[o++] = (char)(0x80 | (cp & 0x3F));
        }
    }
    out[o] = '\0';
}

/* Message i's text in UTF-8: every template fits one UCS-2 part (70). */
static void chinese_text(long i, char *buf, size_t cap)
{
    long code = 100000 + (i * 7919 + 104729) % 900000; /* six digits */
    if (i % 5 != 4)
        snprintf(buf, cap, "【示例科技】您的验证码为%06ld，5分钟内有效，请勿泄露。编号%ld", code,
                 i);
    else if (i / 5 % 2 == 0)
        snprintf(buf, cap,
                 "【示例科技】您的订单已发货，快递单号SF13%08ld，预计明天送达，请保持电话畅通。"
                 "编号%ld",
                 (i * 37) % 100000000, i);
    else
        snprintf(buf, cap,
                 "【示例科技】您尾号%04ld的银行卡于今日自动扣款25.00元（会员月费），"
                 "可在App内查看账单。编号%ld",
                 code % 10000, i);
}

static void fill_window(struct conn *c)
{
    char text[256];
    uint8_t ucs2[254];
    while (c->bound && !c->rx && c->outstanding < (uint32_t)opt.window && next_msg < opt.total) {
        long i = next_msg++;
        int n;
        kf_smpp_pdu_init(&opdu, KF_SMPP_SUBMIT_SM, (uint32_t)(i + 2));
        if (opt.chinese) {
            chinese_text(i, text, sizeof text);
            n = to_ucs2(text, ucs2, sizeof ucs2);
            opdu.data_coding = 8;
            opdu.short_message = ucs2;
        } else {
            n = snprintf(text, sizeof text, "bench %ld", i);
            opdu.short_message = (const uint8_t *)text;
        }
        snprintf(opdu.src.addr, sizeof opdu.src.addr, "%s", opt.from);
        snprintf(opdu.dst.addr, sizeof opdu.dst.addr, "%s%04ld", opt.to_prefix, i % 10000);
        opdu.sm_length = (uint8_t)n;
        sent_us[i] = now_us();
        queue_pdu(c, &opdu);
        c->outstanding++;
    }
}

static void on_pdu(struct conn *c, const struct kf_smpp_pdu *p)
{
    int64_t t = now_us();
    switch (p->cmd) {
    case KF_SMPP_BIND_TRANSMITTER_RESP:
    case KF_SMPP_BIND_RECEIVER_RESP:
        if (p->status) {
            fprintf(stderr, "loadgen: bind refused: %s\n", kf_smpp_status_name(p->status));
            exit(1);
        }
        c->bound = 1;
        break;
    case KF_SMPP_SUBMIT_SM_RESP: {
        long i = (long)p->seq - 2;
        c->outstanding--;
        if (i >= 0 && i < opt.total) {
            resp_us[i] = t - sent_us[i];
            if (p->status == 0)
                resps_ok++;
            else
                resps_fail++;
        }
        break;
    }
    case KF_SMPP_DELIVER_SM: {
        char text[512];
        const char *mark;
        long i = -1;
        if (p->data_coding == 8)
            from_ucs2(p->short_message, p->sm_length, text, sizeof text);
        else {
            memcpy(text, p->short_message, p->sm_length); /* sm_length <= 255 < sizeof text */
            text[p->sm_length] = '\0';
        }
        if ((mark = strstr(text, "编号")) != NULL)
            i = strtol(mark + strlen("编号"), NULL, 10);
        else if (sscanf(text, "bench %ld", &i) != 1)
            i = -1;
        if (i >= 0 && i < opt.total) {
            if (dlv_us[i])
                dup_deliveries++;
            else {
                dlv_us[i] = t - sent_us[i];
                delivered++;
            }
        }
        kf_smpp_pdu_init(&opdu, KF_SMPP_DELIVER_SM_RESP, p->seq);
        queue_pdu(c, &opdu);
        break;
    }
    case KF_SMPP_UNBIND_RESP:
        c->bound = 3;
        break;
    case KF_SMPP_ENQUIRE_LINK:
        kf_smpp_pdu_init(&opdu, KF_SMPP_ENQUIRE_LINK_RESP, p->seq);
        queue_pdu(c, &opdu);
        break;
    default:
        break;
    }
}

static void on_readable(struct conn *c)
{
    ssize_t r = read(c->fd, c->in + c->inlen, RBUF - c->inlen);
    size_t off = 0;
    if (r <= 0) {
        if (r < 0 && errno == EAGAIN)
            return;
        fprintf(stderr, "loadgen: connection closed by peer\n");
        exit(1);
    }
    c->inlen += (size_t)r;
    for (;;) {
        uint32_t st;
        int n = kf_smpp_decode(c->in + off, c->inlen - off, &pdu, &st);
        if (n == KF_EAGAIN)
            break;
        if (n < 0) {
            fprintf(stderr, "loadgen: bad frame from peer\n");
            exit(1);
        }
        on_pdu(c, &pdu);
        off += (size_t)n;
    }
    memmove(c->in, c->in + off, c->inlen - off);
    c->inlen -= off;
}

/* Answers what is still buffered (so the hub does not redeliver messages
 * whose deliver_sm_resp we owe) and unbinds every session cleanly. */
static void unbind_all(void)
{
    int64_t until = now_us() + 3000000;
    int open = 0;

    for (int i = 0; i < nconns; i++) {
        kf_smpp_pdu_init(&opdu, KF_SMPP_UNBIND, 1);
        queue_pdu(&conns[i], &opdu);
        conns[i].bound = 2; /* waiting for unbind_resp */
        open++;
    }
    while (open && now_us() < until) {
        struct pollfd pfd[MAXC];
        for (int i = 0; i < nconns; i++) {
            flush(&conns[i]);
            pfd[i].fd = conns[i].bound == 2 ? conns[i].fd : -1;
            pfd[i].events = POLLIN;
        }
        if (poll(pfd, (nfds_t)nconns, 100) < 0)
            break;
        for (int i = 0; i < nconns; i++)
            if (pfd[i].revents & POLLIN)
                on_readable(&conns[i]);
        open = 0;
        for (int i = 0; i < nconns; i++)
            open += conns[i].bound == 2;
    }
}

static int cmp64(const void *a, const void *b)
{
    int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
    return x < y ? -1 : x > y;
}

static void pct(int64_t *v, long n, double *p50, double *p99)
{
    long k = 0;
    for (long i = 0; i < n; i++)
        if (v[i] > 0)
            v[k++] = v[i];
    qsort(v, (size_t)k, sizeof *v, cmp64);
    *p50 = k ? (double)v[k / 2] / 1000.0 : 0;
    *p99 = k ? (double)v[(long)(k * 0.99)] / 1000.0 : 0;
}

static void usage(void)
{
    fprintf(stderr,
            "usage: loadgen [--host H] [--port P] [--binds N] [--receivers R] [--window W]\n"
            "               [--messages M] [--system-id ID --password PW] [--from ADDR]\n"
            "               [--rx-system-id ID --rx-password PW] [--timeout S]\n"
            "               [--text bench|chinese]\n");
    exit(2);
}

int main(int argc, char **argv)
{
    static const struct option lo[] = {
        {"host", 1, 0, 'h'},       {"port", 1, 0, 'p'},         {"binds", 1, 0, 'n'},
        {"receivers", 1, 0, 'r'},  {"window", 1, 0, 'w'},       {"messages", 1, 0, 'm'},
        {"system-id", 1, 0, 's'},  {"password", 1, 0, 'P'},     {"rx-system-id", 1, 0, 'S'},
        {"rx-password", 1, 0, 'Q'}, {"from", 1, 0, 'f'},        {"timeout", 1, 0, 't'},
        {"text", 1, 0, 'x'},       {0, 0, 0, 0}};
    struct pollfd pfd[MAXC];
    int ch, all_bound = 0;
    int64_t t0 = 0, tend, deadline;
    double s50, s99, e50, e99;

    while ((ch = getopt_long(argc, argv, "", lo, NULL)) != -1) {
        switch (ch) {
        case 'h': opt.host = optarg; break;
        case 'p': opt.port = (int)strtol(optarg, NULL, 10); break;
        case 'n': opt.ntx = (int)strtol(optarg, NULL, 10); break;
        case 'r': opt.nrx = (int)strtol(optarg, NULL, 10); break;
        case 'w': opt.window = (int)strtol(optarg, NULL, 10); break;
        case 'm': opt.total = strtol(optarg, NULL, 10); break;
        case 's': opt.tx_id = optarg; break;
        case 'P': opt.tx_pw = optarg; break;
        case 'S': opt.rx_id = optarg; break;
        case 'Q': opt.rx_pw = optarg; break;
        case 'f': opt.from = optarg; break;
        case 't': opt.timeout_s = (int)strtol(optarg, NULL, 10); break;
        case 'x':
            if (strcmp(optarg, "chinese") == 0)
                opt.chinese = 1;
            else if (strcmp(optarg, "bench") != 0)
                usage();
            break;
        default: usage();
        }
    }
    if (opt.ntx < 1 || opt.ntx + opt.nrx > MAXC || opt.window < 1 || opt.total < 1)
        usage();
    sent_us = calloc((size_t)opt.total, sizeof *sent_us);
    resp_us = calloc((size_t)opt.total, sizeof *resp_us);
    dlv_us = calloc((size_t)opt.total, sizeof *dlv_us);
    for (int i = 0; i < opt.nrx; i++)
        open_conn(1);
    for (int i = 0; i < opt.ntx; i++)
        open_conn(0);
    deadline = now_us() + (int64_t)opt.timeout_s * 1000000;
    for (;;) {
        int done = opt.nrx ? (delivered >= opt.total - resps_fail && resps_ok + resps_fail >= opt.total)
                           : (resps_ok + resps_fail >= opt.total);
        if (all_bound && done)
            break;
        if (now_us() > deadline) {
            fprintf(stderr, "loadgen: timeout (resps %ld delivered %ld)\n", resps_ok + resps_fail,
                    delivered);
            break;
        }
        if (!all_bound) {
            all_bound = 1;
            for (int i = 0; i < nconns; i++)
                all_bound &= conns[i].bound;
            if (all_bound) {
                t0 = now_us();
                for (int i = 0; i < nconns; i++)
                    fcntl(conns[i].fd, F_SETFL, O_NONBLOCK);
            }
        }
        for (int i = 0; i < nconns; i++) {
            if (all_bound)
                fill_window(&conns[i]);
            flush(&conns[i]);
            pfd[i].fd = conns[i].fd;
            pfd[i].events = POLLIN | (conns[i].outlen ? POLLOUT : 0);
        }
        if (poll(pfd, (nfds_t)nconns, 100) < 0 && errno != EINTR)
            die("poll");
        for (int i = 0; i < nconns; i++)
            if (pfd[i].revents & (POLLIN | POLLHUP | POLLERR))
                on_readable(&conns[i]);
    }
    tend = now_us();
    unbind_all();
    pct(resp_us, opt.total, &s50, &s99);
    pct(dlv_us, opt.total, &e50, &e99);
    {
        double secs = (double)(tend - t0) / 1e6;
        long n = opt.nrx ? delivered : resps_ok;
        printf("{\"messages\":%ld,\"submit_ok\":%ld,\"submit_failed\":%ld,\"delivered\":%ld,"
               "\"duplicates\":%ld,\"seconds\":%.3f,\"msgs_per_s\":%.0f,"
               "\"submit_p50_ms\":%.2f,\"submit_p99_ms\":%.2f,\"e2e_p50_ms\":%.2f,"
               "\"e2e_p99_ms\":%.2f,\"binds\":%d,\"receivers\":%d,\"window\":%d}\n",
               opt.total, resps_ok, resps_fail, delivered, dup_deliveries, secs,
               (double)n / secs, s50, s99, e50, e99, opt.ntx, opt.nrx, opt.window);
    }
    return (resps_fail == 0 && (opt.nrx == 0 || delivered == opt.total)) ? 0 : 1;
}
