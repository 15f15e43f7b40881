/* SPDX-License-Identifier: MIT
 *
 * reports.c -- subscriber reports to 10086999. A report is one of:
 *   号码*内容     the sender's number, '*', the text received
 *   a number      just the sender's number
 *   a text        the message forwarded as it was received
 * It is matched against what the reporter actually received in the report
 * window (messages to the reporter, newest first): by sender number when
 * one is given (and by text among that sender's messages), otherwise by the
 * text's fingerprint or containment in the normalised text. The report is
 * stored with the sender and fingerprint found; distinct reporters of a
 * sender are counted, the shield is told at once, and at the threshold the
 * sender enters the review queue.
 */
#include "review/review_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Skips "+86"/"86"/"0086" before a mobile number. */
static const char *strip_cc(const char *num)
{
    size_t n = strlen(num);
    if (num[0] == '+')
        num++, n--;
    if (n == 15 && strncmp(num, "0086", 4) == 0)
        return num + 4;
    if (n == 13 && strncmp(num, "86", 2) == 0 && num[2] == '1')
        return num + 2;
    return num;
}

static int same_number(const char *a, const char *b)
{
    return strcmp(strip_cc(a), strip_cc(b)) == 0;
}

int kf_review__parse_report(const char *text, char *num, size_t numcap, const char **body)
{
    const char *p = text, *star, *fw, *end;
    size_t n = 0;

    while (*p == ' ')
        p++;
    star = strchr(p, '*');
    fw = strstr(p, "\xef\xbc\x8a"); /* full-width ＊ */
    if (fw && (star == NULL || fw < star))
        star = fw;
    end = star ? star : p + strlen(p);
    for (const char *q = p; q < end; q++) {
        if (*q >= '0' && *q <= '9' && n + 1 < numcap) {
            num[n++] = *q;
        } else if (*q != '+' && *q != ' ' && *q != '-') {
            n = 0; /* not just a number */
            break;
        }
    }
    num[n] = '\0';
    if (n >= 5 && star) {
        *body = star + (*star == '*' ? 1 : 3);
        return KF_REPORT_NUMBER_TEXT;
    }
    if (n >= 5) {
        *body = "";
        return KF_REPORT_NUMBER;
    }
    num[0] = '\0';
    *body = p;
    return KF_REPORT_FORWARD;
}

struct match {
    kf_review *r;
    const char *number;   /* the reported sender, or "" */
    const char *norm;     /* normalised report text, or "" */
    size_t norm_len;
    uint64_t sim;         /* SimHash of the normalised report text */
    int64_t since_ms;
    /* result */
    int64_t msg_id;
    char sender[66];
    uint64_t msg_fp;
    int best;             /* match quality */
};

/* How well a received message's text matches the report text (0 = not). */
static int text_quality(struct match *mt, const char *text, size_t len, uint64_t *fp)
{
    struct kf_buf b;
    int q = 0;

    kf_buf_init(&b, 64 * 1024);
    kf_shield_normalize(mt->r->shield, text, len, &b);
    *fp = kf_shield_fingerprint(mt->r->shield, text, len);
    if (mt->norm_len == 0)
        q = 1;
    else if (b.len && (strstr(kf_buf_str(&b), mt->norm) || strstr(mt->norm, kf_buf_str(&b))))
        q = 3;
    else if (kf_text_hamming(kf_text_simhash(kf_buf_str(&b), b.len), mt->sim) <= 12)
        q = 2;
    kf_buf_deinit(&b);
    return q;
}

static int on_received(void *arg, const struct kf_msg *m)
{
    struct match *mt = arg;
    struct kf_buf text;
    uint64_t fp = 0;
    int q;

    if (m->submit_ms < mt->since_ms)
        return 1; /* newest first: the rest is older */
    if (!same_number(m->dst, mt->r->cur_reporter) ||
        (m->kind != KF_MSGK_MT && m->kind != KF_MSGK_P2P))
        return 0;
    if (mt->number[0] && !same_number(m->src, mt->number))
        return 0;
    kf_buf_init(&text, 64 * 1024);
    kf_hub_msg_text(mt->r->hub, m->id, &text);
    q = text_quality(mt, kf_buf_str(&text), text.len, &fp);
    kf_buf_deinit(&text);
    if (q > mt->best) {
        mt->best = q;
        mt->msg_id = m->id;
        mt->msg_fp = fp;
        snprintf(mt->sender, sizeof mt->sender, "%s", m->src);
    }
    return q == 3; /* an exact containment: stop */
}

/* Opens or updates the sender's review item once enough people reported. */
static void count_sender(kf_review *r, const struct kf_report *rep, int64_t now_ms)
{
    struct kf_review_item it;
    int reports = 0, reporters = 0;
    int64_t since = now_ms - r->conf.report_window_ms;

    if (rep->fp && kf_store_report_count_fp(r->store, rep->fp, since, &reports, &reporters) == 0)
        kf_shield_set_reported_fp(r->shield, rep->fp, reporters);
    if (rep->sender[0] == '\0' ||
        kf_store_report_count(r->store, rep->sender, since, &reports, &reporters))
        return;
    kf_shield_set_reported(r->shield, rep->sender, reporters);
    if (reporters < r->conf.report_threshold)
        return;
    memset(&it, 0, sizeof it);
    it.kind = KF_REVIEW_REPORTED;
    it.msg_id = rep->msg_id;
    snprintf(it.sender, sizeof it.sender, "%s", rep->sender);
    snprintf(it.rcpt, sizeof it.rcpt, "%s", rep->reporter);
    it.fp = rep->fp;
    it.reports = reports;
    it.created_ms = now_ms;
    if (kf_store_review_report_item(r->store, &it) == 0) {
        kf_store_report_link(r->store, rep->sender, since, it.id);
        KF_INFO("review", "ev=reported_sender item=%lld reporters=%d", (long long)it.id,
                reporters);
    }
}

/* Full-width ASCII (U+FF01..U+FF5E, as phones type "＊" and "１３８") to
 * ASCII, the ideographic space to a space, and surrounding blanks trimmed,
 * so the parser sees the report's shape. */
static void fold_report(const char *text, struct kf_buf *out)
{
    const unsigned char *p = (const unsigned char *)text;
    size_t end;

    while (*p == ' ' || *p == '\n' || *p == '\r' || *p == '\t')
        p++;
    for (; *p; p++) {
        if (p[0] == 0xEF && (p[1] == 0xBC || p[1] == 0xBD) && p[2] >= 0x80 && p[2] <= 0xBF &&
            !(p[1] == 0xBD && p[2] > 0x9E) && !(p[1] == 0xBC && p[2] == 0x80)) {
            unsigned cp = 0xFF00u + ((p[1] & 0x03u) << 6) + (p[2] & 0x3Fu);
            kf_buf_putc(out, (uint8_t)(cp - 0xFF00u + 0x20u));
            p += 2;
        } else if (p[0] == 0xE3 && p[1] == 0x80 && p[2] == 0x80) {
            kf_buf_putc(out, ' ');
            p += 2;
        } else {
            kf_buf_putc(out, *p);
        }
    }
    end = out->len;
    while (end && (out->data[end - 1] == ' ' || out->data[end - 1] == '\n' ||
                   out->data[end - 1] == '\r' || out->data[end - 1] == '\t'))
        end--;
    out->len = end;
    if (out->data)
        out->data[end] = '\0'; /* kf_buf keeps its text NUL-terminated */
}

int64_t kf_review_report(kf_review *r, const char *reporter, const char *text, int64_t now_ms,
                         char *ack, size_t cap)
{
    struct kf_buf folded;
    struct kf_report rep;
    struct match mt;
    char num[32];
    const char *body;
    struct kf_buf norm;

    memset(&rep, 0, sizeof rep);
    memset(&mt, 0, sizeof mt);
    kf_buf_init(&folded, 64 * 1024);
    fold_report(text, &folded);
    rep.format = kf_review__parse_report(kf_buf_str(&folded), num, sizeof num, &body);
    kf_buf_init(&norm, 64 * 1024);
    kf_shield_normalize(r->shield, body, strlen(body), &norm);
    mt.r = r;
    mt.number = num;
    mt.norm = kf_buf_str(&norm);
    mt.norm_len = norm.len;
    mt.sim = norm.len ? kf_text_simhash(mt.norm, norm.len) : 0;
    mt.since_ms = now_ms - r->conf.report_window_ms;
    r->cur_reporter = reporter;
    kf_store_msg_by_number(r->store, reporter, 500, on_received, &mt);
    r->cur_reporter = NULL;
    snprintf(rep.reporter, sizeof rep.reporter, "%s", reporter);
    snprintf(rep.sender, sizeof rep.sender, "%s", mt.best ? mt.sender : strip_cc(num));
    rep.fp = mt.best ? mt.msg_fp : body[0] ? kf_shield_fingerprint(r->shield, body, strlen(body)) : 0;
    rep.msg_id = mt.msg_id;
    snprintf(rep.text, sizeof rep.text, "%s", body);
    rep.created_ms = now_ms;
    kf_buf_deinit(&norm);
    kf_buf_deinit(&folded);
    if (kf_store_report_add(r->store, &rep))
        return KF_ESTORE;
    r->reports++;
    count_sender(r, &rep, now_ms);
    if (rep.sender[0] == '\0')
        snprintf(ack, cap, "【垃圾短信举报】未能识别被举报的号码。请按“号码*短信内容”的格式"
                           "发送到%s，或直接转发该短信。感谢您的支持！",
                 r->conf.report_number);
    else
        snprintf(ack, cap, "【垃圾短信举报】您对%s的举报已收到（编号%lld），我们将在48小时内"
                           "核实处理并短信告知结果。感谢您的支持！",
                 rep.sender, (long long)rep.id);
    KF_INFO("review", "ev=report id=%lld format=%d matched=%d", (long long)rep.id, rep.format,
            mt.best);
    return rep.id;
}

static void svc_report(void *ctx, const char *from, const char *to, const char *text,
                       int64_t now_ms, struct kf_svc_reply *reply)
{
    kf_review *r = ctx;
    char ack[480];

    (void)to;
    if (kf_review_report(r, from, text, now_ms, ack, sizeof ack) < 0)
        snprintf(ack, sizeof ack, "【垃圾短信举报】系统繁忙，请稍后再试。");
    reply->text[reply->n++] = kf_xstrdup(ack);
}

static const struct kf_service report_service = {"report", svc_report};

void kf_review_attach(kf_review *r)
{
    kf_hub_add_service(r->hub, r->conf.report_number, &report_service, r);
}
