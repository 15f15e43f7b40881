/* SPDX-License-Identifier: MIT
 *
 * pipeline.c -- the submit pipeline: every registered stage looks at a
 * message (its whole text, reassembled when it spans several SMS) and says
 * deliver, hold or block with a reason code. The strictest verdict wins and
 * every non-deliver result is kept as the message's reasons (JSON).
 */
#include "hub/hub_int.h"

#include <string.h>

int kf_hub__concat_of(const struct kf_msg *m, struct kf_sms_concat *c)
{
    struct kf_sms_concat tmp;
    struct kf_sms_udh udh;
    uint16_t l1 = 0, l2 = 0, l3 = 0;
    const uint8_t *ref, *tot, *seq;

    if (c == NULL)
        c = &tmp;
    memset(c, 0, sizeof *c);
    if ((m->esm_class & KF_ESM_UDHI) && m->sm && kf_sms_udh_parse(m->sm, m->sm_len, &udh) == 0 &&
        udh.concat.total > 1) {
        *c = udh.concat;
        return 1;
    }
    if (m->tlv_len == 0)
        return 0;
    ref = kf_hub__raw_tlv(m->tlvs, m->tlv_len, KF_TLV_SAR_MSG_REF_NUM, &l1);
    tot = kf_hub__raw_tlv(m->tlvs, m->tlv_len, KF_TLV_SAR_TOTAL_SEGMENTS, &l2);
    seq = kf_hub__raw_tlv(m->tlvs, m->tlv_len, KF_TLV_SAR_SEGMENT_SEQNUM, &l3);
    if (ref && tot && seq && l1 == 2 && l2 == 1 && l3 == 1 && tot[0] > 1 && seq[0] >= 1 &&
        seq[0] <= tot[0]) {
        c->ref = (uint16_t)(ref[0] << 8 | ref[1]);
        c->total = tot[0];
        c->seq = seq[0];
        c->ref16 = 1;
        return 1;
    }
    return 0;
}

static void json_str(struct kf_buf *b, const char *s)
{
    kf_buf_putc(b, '"');
    for (; *s; s++) {
        unsigned char c = (unsigned char)*s;
        if (c == '"' || c == '\\')
            kf_buf_printf(b, "\\%c", c);
        else if (c < 0x20)
            kf_buf_printf(b, "\\u%04x", c);
        else
            kf_buf_putc(b, c);
    }
    kf_buf_putc(b, '"');
}

int kf_hub__inspecting(kf_hub *h)
{
    for (size_t i = 0; i < h->nstages; i++)
        if (h->stages[i].st->active == NULL || h->stages[i].st->active(h->stages[i].ctx))
            return 1;
    return 0;
}

int kf_hub__judge(kf_hub *h, const struct kf_msg *m, const char *text, size_t len, int parts,
                  const struct acct *origin, char **reasons)
{
    struct kf_stage_msg sm;
    struct kf_buf out;
    int verdict = KF_DELIVER;

    *reasons = NULL;
    if (!kf_hub__inspecting(h))
        return KF_DELIVER;
    kf_buf_init(&out, 16 * 1024);
    sm.msg = m;
    sm.text = text;
    sm.text_len = len;
    sm.parts = parts;
    sm.origin_kind = origin ? origin->a.kind : -1;
    sm.origin = origin ? &origin->a : NULL;
    for (size_t i = 0; i < h->nstages; i++) {
        struct kf_stage_result res;
        if (h->stages[i].st->active && !h->stages[i].st->active(h->stages[i].ctx))
            continue;
        memset(&res, 0, sizeof res);
        h->stages[i].st->check(h->stages[i].ctx, &sm, h->now_ms, &res);
        if (res.verdict == KF_DELIVER && res.code[0] == '\0')
            continue;
        kf_buf_puts(&out, out.len ? "," : "[");
        kf_buf_printf(&out, "{\"stage\":");
        json_str(&out, h->stages[i].st->name);
        kf_buf_printf(&out, ",\"verdict\":\"%s\",",
                      res.verdict == KF_HOLD    ? "hold"
                      : res.verdict == KF_BLOCK ? "block"
                                                : "deliver");
        if (res.score)
            kf_buf_printf(&out, "\"score\":%d,", res.score);
        kf_buf_puts(&out, "\"code\":");
        json_str(&out, res.code);
        kf_buf_puts(&out, ",\"reason\":");
        json_str(&out, res.reason);
        if (res.signals[0]) {
            kf_buf_puts(&out, ",\"signals\":");
            json_str(&out, res.signals);
        }
        kf_buf_putc(&out, '}');
        if (res.verdict > verdict)
            verdict = res.verdict;
    }
    if (out.len) {
        kf_buf_putc(&out, ']');
        *reasons = (char *)kf_buf_steal(&out, NULL);
    }
    kf_buf_deinit(&out);
    return verdict;
}

void kf_hub__apply_verdict(kf_hub *h, struct kf_msg *m, int verdict)
{
    m->verdict = (uint8_t)verdict;
    if (verdict == KF_HOLD) {
        m->state = KF_MSG_HELD;
        h->met.held++;
    } else if (verdict == KF_BLOCK) {
        m->state = KF_MSG_REJECTED;
        h->met.rejected++;
    }
}
