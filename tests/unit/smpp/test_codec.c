/* SPDX-License-Identifier: MIT
 * test_codec.c -- kf_smpp_decode / kf_smpp_encode: every command against
 * hand-built golden bytes (both directions), encode->decode round trips,
 * framing (KF_EAGAIN on every prefix, KF_EPROTO on a bad command_length),
 * bodiless responses and the encoder's refusals. Malformed bodies and their
 * command_status values are in test_pdu.c and test_tlv.c. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <cmocka.h>

#include "smpp_test.h"

static struct kf_smpp_pdu want, got;
static struct bld bb;
static uint8_t out[KF_SMPP_PDU_MAX + 256];

static const uint8_t sar_ref[2] = {0x12, 0x34};
static const uint8_t one[1] = {1};
static const uint8_t two[1] = {2};
static const uint8_t zero[1] = {0};
static const uint8_t odd_tlv[3] = {0xAA, 0xBB, 0xCC};
static const uint8_t iv34[1] = {0x34};
static const uint8_t port_a[2] = {0x0B, 0x84};
static const uint8_t port_b[2] = {0x23, 0xF0};
static const uint8_t neterr[3] = {0x03, 0x00, 0x45};
static const char rcpt_id[] = "msg-0001";
static const char hello[] = "Hello, kefu";
static const char receipt[] = "id:msg-0001 sub:001 dlvrd:001 submit date:2403151015 done date:"
                              "2403151016 stat:DELIVRD err:000 text:Hello, kefu";
static uint8_t payload[300];

/* ============================================================ the cases */

/* Each case fills a PDU struct through the public API and, separately,
 * writes the bytes the specification says that PDU is. */
struct rt_case {
    void (*fill)(struct kf_smpp_pdu *p);
    void (*bytes)(struct bld *b);
};

static void p_generic_nack(struct kf_smpp_pdu *p)
{
    kf_smpp_pdu_init(p, KF_SMPP_GENERIC_NACK, 7);
    p->status = KF_ESME_RINVCMDID;
}

static void b_generic_nack(struct bld *b)
{
    b_hdr(b, 0x80000000u, 3, 7);
}

static void p_bind(struct kf_smpp_pdu *p, uint32_t cmd)
{
    kf_smpp_pdu_init(p, cmd, 1);
    set_str(p->system_id, "kefu-esme-01234"); /* 15 = the maximum */
    set_str(p->password, "secret12");         /* 8 = the maximum */
    set_str(p->system_type, "VMS");
    p->interface_version = 0x34;
    set_addr(&p->addr_range, 1, 1, "^1065");
}

static void b_bind(struct bld *b, uint32_t cmd)
{
    b_hdr(b, cmd, 0, 1);
    b_str(b, "kefu-esme-01234");
    b_str(b, "secret12");
    b_str(b, "VMS");
    b_u8(b, 0x34);
    b_addr(b, 1, 1, "^1065");
}

static void p_bind_tx(struct kf_smpp_pdu *p)
{
    p_bind(p, KF_SMPP_BIND_TRANSMITTER);
}

static void b_bind_tx(struct bld *b)
{
    b_bind(b, 0x00000002u);
}

static void p_bind_rx(struct kf_smpp_pdu *p)
{
    p_bind(p, KF_SMPP_BIND_RECEIVER);
}

static void b_bind_rx(struct bld *b)
{
    b_bind(b, 0x00000001u);
}

static void p_bind_trx(struct kf_smpp_pdu *p)
{
    p_bind(p, KF_SMPP_BIND_TRANSCEIVER);
    p->addr_range.addr[0] = '\0';
}

static void b_bind_trx(struct bld *b)
{
    b_hdr(b, 0x00000009u, 0, 1);
    b_str(b, "kefu-esme-01234");
    b_str(b, "secret12");
    b_str(b, "VMS");
    b_u8(b, 0x34);
    b_addr(b, 1, 1, "");
}

static void p_bind_tx_resp(struct kf_smpp_pdu *p)
{
    kf_smpp_pdu_init(p, KF_SMPP_BIND_TRANSMITTER_RESP, 1);
    set_str(p->system_id, "KEFU");
    p->interface_version = 0x34;
    kf_smpp_tlv_add(p, KF_TLV_SC_INTERFACE_VERSION, iv34, 1);
}

static void b_bind_tx_resp(struct bld *b)
{
    b_hdr(b, 0x80000002u, 0, 1);
    b_str(b, "KEFU");
    b_tlv(b, 0x0210, iv34, 1);
}

static void p_bind_rx_resp(struct kf_smpp_pdu *p)
{
    kf_smpp_pdu_init(p, KF_SMPP_BIND_RECEIVER_RESP, 2);
    set_str(p->system_id, "KEFU");
}

static void b_bind_rx_resp(struct bld *b)
{
    b_hdr(b, 0x80000001u, 0, 2);
    b_str(b, "KEFU");
}

/* An error bind resp keeps its body (system_id). */
static void p_bind_trx_resp(struct kf_smpp_pdu *p)
{
    kf_smpp_pdu_init(p, KF_SMPP_BIND_TRANSCEIVER_RESP, 3);
    p->status = KF_ESME_RBINDFAIL;
    set_str(p->system_id, "KEFU");
}

static void b_bind_trx_resp(struct bld *b)
{
    b_hdr(b, 0x80000009u, 0x0D, 3);
    b_str(b, "KEFU");
}

static void p_query(struct kf_smpp_pdu *p)
{
    kf_smpp_pdu_init(p, KF_SMPP_QUERY_SM, 10);
    set_str(p->message_id, "abc123");
    set_addr(&p->src, 1, 1, "8613800138000");
}

static void b_query(struct bld *b)
{
    b_hdr(b, 0x00000003u, 0, 10);
    b_str(b, "abc123");
    b_addr(b, 1, 1, "8613800138000");
}

static void p_query_resp(struct kf_smpp_pdu *p)
{
    kf_smpp_pdu_init(p, KF_SMPP_QUERY_SM_RESP, 10);
    set_str(p->message_id, "abc123");
    set_str(p->final_date, "240101123000000+");
    p->message_state = KF_MSG_DELIVERED;
    p->error_code = 0;
}

static void b_query_resp(struct bld *b)
{
    b_hdr(b, 0x80000003u, 0, 10);
    b_str(b, "abc123");
    b_str(b, "240101123000000+");
    b_u8(b, 2);
    b_u8(b, 0);
}

static void p_submit(struct kf_smpp_pdu *p)
{
    kf_smpp_pdu_init(p, KF_SMPP_SUBMIT_SM, 0x7FFFFFFFu);
    set_str(p->service_type, "CMT");
    set_addr(&p->src, 5, 0, "10086");
    set_addr(&p->dst, 1, 1, "86138001380001234567"); /* 20 = the maximum */
    p->esm_class = 0;
    p->protocol_id = 0;
    p->priority_flag = 3;
    set_str(p->schedule_delivery_time, "000000010000000R");
    set_str(p->validity_period, "240315101530312+");
    p->registered_delivery = 0x11;
    p->replace_if_present_flag = 1;
    p->data_coding = 0x08;
    p->sm_default_msg_id = 0;
    p->sm_length = (uint8_t)strlen(hello);
    p->short_message = (const uint8_t *)hello;
    kf_smpp_tlv_add(p, KF_TLV_SAR_MSG_REF_NUM, sar_ref, 2);
    kf_smpp_tlv_add(p, KF_TLV_SAR_TOTAL_SEGMENTS, two, 1);
    kf_smpp_tlv_add(p, KF_TLV_SAR_SEGMENT_SEQNUM, one, 1);
    kf_smpp_tlv_add(p, 0x1400, odd_tlv, 3); /* vendor tag: kept */
}

static void b_submit(struct bld *b)
{
    b_hdr(b, 0x00000004u, 0, 0x7FFFFFFFu);
    b_str(b, "CMT");
    b_addr(b, 5, 0, "10086");
    b_addr(b, 1, 1, "86138001380001234567");
    b_u8(b, 0);
    b_u8(b, 0);
    b_u8(b, 3);
    b_str(b, "000000010000000R");
    b_str(b, "240315101530312+");
    b_u8(b, 0x11);
    b_u8(b, 1);
    b_u8(b, 0x08);
    b_u8(b, 0);
    b_u8(b, (uint8_t)strlen(hello));
    b_raw(b, hello, strlen(hello));
    b_tlv(b, 0x020C, sar_ref, 2);
    b_tlv(b, 0x020E, two, 1);
    b_tlv(b, 0x020F, one, 1);
    b_tlv(b, 0x1400, odd_tlv, 3);
}

static void p_submit_resp(struct kf_smpp_pdu *p)
{
    kf_smpp_pdu_init(p, KF_SMPP_SUBMIT_SM_RESP, 0x7FFFFFFFu);
    set_str(p->message_id, rcpt_id);
}

static void b_submit_resp(struct bld *b)
{
    b_hdr(b, 0x80000004u, 0, 0x7FFFFFFFu);
    b_str(b, rcpt_id);
}

static void p_deliver(struct kf_smpp_pdu *p)
{
    kf_smpp_pdu_init(p, KF_SMPP_DELIVER_SM, 99);
    set_addr(&p->src, 1, 1, "8613800138000");
    set_addr(&p->dst, 5, 0, "10086");
    p->esm_class = KF_ESM_TYPE_RECEIPT;
    p->sm_length = (uint8_t)strlen(receipt);
    p->short_message = (const uint8_t *)receipt;
    kf_smpp_tlv_add(p, KF_TLV_RECEIPTED_MESSAGE_ID, rcpt_id, sizeof(rcpt_id));
    kf_smpp_tlv_add(p, KF_TLV_MESSAGE_STATE, two, 1);
}

static void b_deliver(struct bld *b)
{
    b_hdr(b, 0x00000005u, 0, 99);
    b_str(b, "");
    b_addr(b, 1, 1, "8613800138000");
    b_addr(b, 5, 0, "10086");
    b_u8(b, 0x04);
    b_u8(b, 0);
    b_u8(b, 0);
    b_str(b, "");
    b_str(b, "");
    b_u8(b, 0);
    b_u8(b, 0);
    b_u8(b, 0);
    b_u8(b, 0);
    b_u8(b, (uint8_t)strlen(receipt));
    b_raw(b, receipt, strlen(receipt));
    b_tlv(b, 0x001E, rcpt_id, sizeof(rcpt_id));
    b_tlv(b, 0x0427, two, 1);
}

static void p_deliver_resp(struct kf_smpp_pdu *p)
{
    kf_smpp_pdu_init(p, KF_SMPP_DELIVER_SM_RESP, 99);
}

static void b_deliver_resp(struct bld *b)
{
    b_hdr(b, 0x80000005u, 0, 99);
    b_str(b, "");
}

static void p_unbind(struct kf_smpp_pdu *p)
{
    kf_smpp_pdu_init(p, KF_SMPP_UNBIND, 5);
}

static void b_unbind(struct bld *b)
{
    b_hdr(b, 0x00000006u, 0, 5);
}

static void p_unbind_resp(struct kf_smpp_pdu *p)
{
    kf_smpp_pdu_init(p, KF_SMPP_UNBIND_RESP, 5);
}

static void b_unbind_resp(struct bld *b)
{
    b_hdr(b, 0x80000006u, 0, 5);
}

static void p_replace(struct kf_smpp_pdu *p)
{
    kf_smpp_pdu_init(p, KF_SMPP_REPLACE_SM, 11);
    set_str(p->message_id, "abc123");
    set_addr(&p->src, 5, 0, "10086");
    set_str(p->validity_period, "240315101530304-");
    p->registered_delivery = 1;
    p->sm_default_msg_id = 4;
    p->sm_length = 8;
    p->short_message = (const uint8_t *)"new text";
}

static void b_replace(struct bld *b)
{
    b_hdr(b, 0x00000007u, 0, 11);
    b_str(b, "abc123");
    b_addr(b, 5, 0, "10086");
    b_str(b, "");
    b_str(b, "240315101530304-");
    b_u8(b, 1);
    b_u8(b, 4);
    b_u8(b, 8);
    b_raw(b, "new text", 8);
}

static void p_replace_resp(struct kf_smpp_pdu *p)
{
    kf_smpp_pdu_init(p, KF_SMPP_REPLACE_SM_RESP, 11);
}

static void b_replace_resp(struct bld *b)
{
    b_hdr(b, 0x80000007u, 0, 11);
}

static void p_cancel(struct kf_smpp_pdu *p)
{
    kf_smpp_pdu_init(p, KF_SMPP_CANCEL_SM, 12);
    set_str(p->service_type, "WAP");
    set_str(p->message_id, "abc123");
    set_addr(&p->src, 5, 0, "10086");
    set_addr(&p->dst, 1, 1, "8613800138000");
}

static void b_cancel(struct bld *b)
{
    b_hdr(b, 0x00000008u, 0, 12);
    b_str(b, "WAP");
    b_str(b, "abc123");
    b_addr(b, 5, 0, "10086");
    b_addr(b, 1, 1, "8613800138000");
}

static void p_cancel_resp(struct kf_smpp_pdu *p)
{
    kf_smpp_pdu_init(p, KF_SMPP_CANCEL_SM_RESP, 12);
}

static void b_cancel_resp(struct bld *b)
{
    b_hdr(b, 0x80000008u, 0, 12);
}

static void p_outbind(struct kf_smpp_pdu *p)
{
    kf_smpp_pdu_init(p, KF_SMPP_OUTBIND, 13);
    set_str(p->system_id, "KEFU");
    set_str(p->password, "pw");
}

static void b_outbind(struct bld *b)
{
    b_hdr(b, 0x0000000Bu, 0, 13);
    b_str(b, "KEFU");
    b_str(b, "pw");
}

static void p_enquire(struct kf_smpp_pdu *p)
{
    kf_smpp_pdu_init(p, KF_SMPP_ENQUIRE_LINK, 14);
}

static void b_enquire(struct bld *b)
{
    b_hdr(b, 0x00000015u, 0, 14);
}

static void p_enquire_resp(struct kf_smpp_pdu *p)
{
    kf_smpp_pdu_init(p, KF_SMPP_ENQUIRE_LINK_RESP, 14);
}

static void b_enquire_resp(struct bld *b)
{
    b_hdr(b, 0x80000015u, 0, 14);
}

static void p_multi(struct kf_smpp_pdu *p)
{
    kf_smpp_pdu_init(p, KF_SMPP_SUBMIT_MULTI, 15);
    set_addr(&p->src, 5, 0, "10086");
    p->number_of_dests = 3;
    p->dests[0].flag = 1;
    set_addr(&p->dests[0].addr, 1, 1, "8613800138000");
    p->dests[1].flag = 2;
    set_str(p->dests[1].dl_name, "vip-customers-list-1"); /* 20 = the maximum */
    p->dests[2].flag = 1;
    set_addr(&p->dests[2].addr, 0, 0, "13900139000");
    p->esm_class = KF_ESM_UDHI;
    p->registered_delivery = 1;
    p->data_coding = 8;
    kf_smpp_tlv_add(p, KF_TLV_MESSAGE_PAYLOAD, payload, sizeof(payload));
}

static void b_multi(struct bld *b)
{
    b_hdr(b, 0x00000021u, 0, 15);
    b_str(b, "");
    b_addr(b, 5, 0, "10086");
    b_u8(b, 3);
    b_u8(b, 1);
    b_addr(b, 1, 1, "8613800138000");
    b_u8(b, 2);
    b_str(b, "vip-customers-list-1");
    b_u8(b, 1);
    b_addr(b, 0, 0, "13900139000");
    b_u8(b, 0x40);
    b_u8(b, 0);
    b_u8(b, 0);
    b_str(b, "");
    b_str(b, "");
    b_u8(b, 1);
    b_u8(b, 0);
    b_u8(b, 8);
    b_u8(b, 0);
    b_u8(b, 0);
    b_tlv(b, 0x0424, payload, sizeof(payload));
}

static void p_multi_resp(struct kf_smpp_pdu *p)
{
    kf_smpp_pdu_init(p, KF_SMPP_SUBMIT_MULTI_RESP, 15);
    set_str(p->message_id, "m-77");
    p->no_unsuccess = 2;
    set_addr(&p->unsuccess[0].addr, 1, 1, "8613800138000");
    p->unsuccess[0].error_status = KF_ESME_RINVDSTADR;
    set_addr(&p->unsuccess[1].addr, 0, 0, "13900139000");
    p->unsuccess[1].error_status = 0x0400ABCDu;
}

static void b_multi_resp(struct bld *b)
{
    b_hdr(b, 0x80000021u, 0, 15);
    b_str(b, "m-77");
    b_u8(b, 2);
    b_addr(b, 1, 1, "8613800138000");
    b_u32(b, 0x0B);
    b_addr(b, 0, 0, "13900139000");
    b_u32(b, 0x0400ABCDu);
}

/* 64 characters: the 65-octet maximum of data_sm / alert addresses. */
#define ADDR64 "1234567890123456789012345678901234567890123456789012345678901234"

static void p_alert(struct kf_smpp_pdu *p)
{
    kf_smpp_pdu_init(p, KF_SMPP_ALERT_NOTIFICATION, 16);
    set_addr(&p->src, 1, 1, ADDR64);
    set_addr(&p->dst, 2, 8, "esme@example");
    kf_smpp_tlv_add(p, KF_TLV_MS_AVAILABILITY_STATUS, zero, 1);
}

static void b_alert(struct bld *b)
{
    b_hdr(b, 0x00000102u, 0, 16);
    b_addr(b, 1, 1, ADDR64);
    b_addr(b, 2, 8, "esme@example");
    b_tlv(b, 0x0422, zero, 1);
}

static void p_data(struct kf_smpp_pdu *p)
{
    kf_smpp_pdu_init(p, KF_SMPP_DATA_SM, 17);
    set_str(p->service_type, "WAP");
    set_addr(&p->src, 1, 1, "8613800138000");
    set_addr(&p->dst, 1, 1, ADDR64);
    p->esm_class = 0x40;
    p->registered_delivery = 0x01;
    p->data_coding = 0x04;
    kf_smpp_tlv_add(p, KF_TLV_SOURCE_PORT, port_a, 2);
    kf_smpp_tlv_add(p, KF_TLV_DESTINATION_PORT, port_b, 2);
    kf_smpp_tlv_add(p, KF_TLV_MESSAGE_PAYLOAD, hello, (uint16_t)strlen(hello));
}

static void b_data(struct bld *b)
{
    b_hdr(b, 0x00000103u, 0, 17);
    b_str(b, "WAP");
    b_addr(b, 1, 1, "8613800138000");
    b_addr(b, 1, 1, ADDR64);
    b_u8(b, 0x40);
    b_u8(b, 0x01);
    b_u8(b, 0x04);
    b_tlv(b, 0x020A, port_a, 2);
    b_tlv(b, 0x020B, port_b, 2);
    b_tlv(b, 0x0424, hello, (uint16_t)strlen(hello));
}

/* An error data_sm_resp keeps its body: the TLVs say why it failed. */
static void p_data_resp(struct kf_smpp_pdu *p)
{
    kf_smpp_pdu_init(p, KF_SMPP_DATA_SM_RESP, 17);
    p->status = KF_ESME_RDELIVERYFAILURE;
    set_str(p->message_id, "d1");
    kf_smpp_tlv_add(p, KF_TLV_DELIVERY_FAILURE_REASON, one, 1);
    kf_smpp_tlv_add(p, KF_TLV_NETWORK_ERROR_CODE, neterr, 3);
}

static void b_data_resp(struct bld *b)
{
    b_hdr(b, 0x80000103u, 0xFE, 17);
    b_str(b, "d1");
    b_tlv(b, 0x0425, one, 1);
    b_tlv(b, 0x0423, neterr, 3);
}

static const struct rt_case cases[] = {
    {p_generic_nack, b_generic_nack},
    {p_bind_tx, b_bind_tx},
    {p_bind_rx, b_bind_rx},
    {p_bind_trx, b_bind_trx},
    {p_bind_tx_resp, b_bind_tx_resp},
    {p_bind_rx_resp, b_bind_rx_resp},
    {p_bind_trx_resp, b_bind_trx_resp},
    {p_query, b_query},
    {p_query_resp, b_query_resp},
    {p_submit, b_submit},
    {p_submit_resp, b_submit_resp},
    {p_deliver, b_deliver},
    {p_deliver_resp, b_deliver_resp},
    {p_unbind, b_unbind},
    {p_unbind_resp, b_unbind_resp},
    {p_replace, b_replace},
    {p_replace_resp, b_replace_resp},
    {p_cancel, b_cancel},
    {p_cancel_resp, b_cancel_resp},
    {p_outbind, b_outbind},
    {p_enquire, b_enquire},
    {p_enquire_resp, b_enquire_resp},
    {p_multi, b_multi},
    {p_multi_resp, b_multi_resp},
    {p_alert, b_alert},
    {p_data, b_data},
    {p_data_resp, b_data_resp},
};

/* ========================================================= per-case tests */

#define KF_ARRAY_LEN_CASES (sizeof(cases) / sizeof(cases[0]))

/* The table covers every command id smpp.h knows, once. */
static void cases_cover_every_command(void **state)
{
    static const uint32_t all[] = {
#define ID(name, val, str) val,
        KF_SMPP_CMD_MAP(ID)
#undef ID
    };
    size_t i, j;
    (void)state;

    assert_int_equal(KF_ARRAY_LEN_CASES, sizeof(all) / sizeof(all[0]));
    for (i = 0; i < sizeof(all) / sizeof(all[0]); i++) {
        int found = 0;
        for (j = 0; j < sizeof(cases) / sizeof(cases[0]); j++) {
            cases[j].fill(&want);
            found += want.cmd == all[i];
        }
        assert_int_equal(found, 1);
    }
}

/* encode(fill) == golden bytes. */
static void encode_matches_spec_bytes(void **state)
{
    const struct rt_case *c = *state;
    size_t n;
    int rc;

    c->fill(&want);
    c->bytes(&bb);
    n = b_done(&bb);
    rc = kf_smpp_encode(&want, out, sizeof(out));
    assert_int_equal(rc, (int)n);
    assert_int_equal(want.len, n);
    assert_memory_equal(out, bb.b, n);
}

/* decode(golden bytes) == fill, status 0, whole PDU consumed, views into
 * the input buffer. */
static void decode_matches_fields(void **state)
{
    const struct rt_case *c = *state;
    uint32_t st;
    size_t n;
    unsigned i;

    c->fill(&want);
    c->bytes(&bb);
    n = b_done(&bb);
    st = b_decode(&bb, &got);
    assert_int_equal(st, KF_ESME_ROK);
    assert_int_equal(got.len, n);
    assert_pdu_equal(&want, &got);
    if (got.sm_length)
        assert_true(got.short_message > bb.b && got.short_message < bb.b + n);
    for (i = 0; i < got.ntlvs; i++)
        assert_true(got.tlvs[i].val >= bb.b && got.tlvs[i].val <= bb.b + n);
    if (got.ntlvs) {
        assert_non_null(got.tlv_raw);
        assert_ptr_equal(got.tlv_raw, got.tlvs[0].val - 4);
        assert_ptr_equal(got.tlv_raw + got.tlv_raw_len, bb.b + n);
    } else {
        assert_int_equal(got.tlv_raw_len, 0);
    }
}

/* decode(encode(fill)) == fill */
static void roundtrip(void **state)
{
    const struct rt_case *c = *state;
    uint32_t st = 1;
    int n;

    c->fill(&want);
    n = kf_smpp_encode(&want, out, sizeof(out));
    assert_true(n >= KF_SMPP_HEADER_LEN);
    assert_int_equal(kf_smpp_decode(out, (size_t)n, &got, &st), n);
    assert_int_equal(st, KF_ESME_ROK);
    assert_pdu_equal(&want, &got);
}

/* Every proper prefix (0 .. len-1 bytes) is KF_EAGAIN; with a second PDU
 * behind it only the first is consumed. */
static void every_prefix_is_eagain(void **state)
{
    const struct rt_case *c = *state;
    uint32_t st;
    size_t n, k;

    c->bytes(&bb);
    n = b_done(&bb);
    for (k = 0; k < n; k++) {
        st = 12345;
        assert_int_equal(kf_smpp_decode(bb.b, k, &got, &st), KF_EAGAIN);
        assert_int_equal(st, 0);
    }
    memcpy(bb.b + n, bb.b, n);
    assert_int_equal(kf_smpp_decode(bb.b, 2 * n, &got, &st), (int)n);
    assert_int_equal(st, KF_ESME_ROK);
}

/* Every cap smaller than the PDU is KF_ETOOBIG; the exact size works. */
static void encode_small_cap_is_etoobig(void **state)
{
    const struct rt_case *c = *state;
    size_t n, k;

    c->bytes(&bb);
    n = b_done(&bb);
    c->fill(&want);
    for (k = 0; k < n; k++)
        assert_int_equal(kf_smpp_encode(&want, out, k), KF_ETOOBIG);
    assert_int_equal(kf_smpp_encode(&want, out, n), (int)n);
}

/* ================================================================ framing */

static void bad_command_length_is_eproto(void **state)
{
    static const uint32_t bad[] = {0, 1, 15, KF_SMPP_PDU_MAX + 1, 0xFFFFFFFFu};
    uint8_t hdr[16] = {0, 0, 0, 0, 0, 0, 0, 0x15, 0, 0, 0, 0, 0, 0, 0x01, 0x02};
    uint32_t st;
    size_t i;
    (void)state;

    for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        hdr[0] = (uint8_t)(bad[i] >> 24);
        hdr[1] = (uint8_t)(bad[i] >> 16);
        hdr[2] = (uint8_t)(bad[i] >> 8);
        hdr[3] = (uint8_t)bad[i];
        /* Four bytes are enough to know ... */
        assert_int_equal(kf_smpp_decode(hdr, 4, &got, &st), KF_EPROTO);
        assert_int_equal(st, KF_ESME_RINVCMDLEN);
        assert_int_equal(got.len, bad[i]);
        /* ... and with the whole header the seq is there to nack. */
        assert_int_equal(kf_smpp_decode(hdr, 16, &got, &st), KF_EPROTO);
        assert_int_equal(got.cmd, KF_SMPP_ENQUIRE_LINK);
        assert_int_equal(got.seq, 0x0102);
    }
    for (i = 0; i < 4; i++)
        assert_int_equal(kf_smpp_decode(hdr, i, &got, &st), KF_EAGAIN);
}

static void largest_pdu_is_accepted(void **state)
{
    uint32_t st;
    (void)state;

    /* generic_nack padded with one unknown TLV to exactly KF_SMPP_PDU_MAX. */
    b_hdr(&bb, KF_SMPP_GENERIC_NACK, 0, 1);
    b_u16(&bb, 0x7777);
    b_u16(&bb, KF_SMPP_PDU_MAX - 20);
    memset(bb.b + bb.n, 'x', KF_SMPP_PDU_MAX - 20);
    bb.n += KF_SMPP_PDU_MAX - 20;
    assert_int_equal(b_done(&bb), KF_SMPP_PDU_MAX);
    assert_int_equal(kf_smpp_decode(bb.b, bb.n, &got, &st), KF_SMPP_PDU_MAX);
    assert_int_equal(st, KF_ESME_ROK);
    assert_int_equal(got.ntlvs, 1);
    assert_int_equal(got.tlvs[0].len, KF_SMPP_PDU_MAX - 20);
}

static void status_out_may_be_null(void **state)
{
    (void)state;
    b_enquire(&bb);
    assert_int_equal(kf_smpp_decode(bb.b, b_done(&bb), &got, NULL), 16);
}

/* Decoding into a struct that held a bigger PDU leaves nothing behind. */
static void decode_clears_previous_pdu(void **state)
{
    (void)state;
    b_multi(&bb);
    assert_int_equal(b_decode(&bb, &got), KF_ESME_ROK);
    assert_int_equal(got.number_of_dests, 3);
    b_enquire(&bb);
    assert_int_equal(b_decode(&bb, &got), KF_ESME_ROK);
    kf_smpp_pdu_init(&want, KF_SMPP_ENQUIRE_LINK, 14);
    assert_pdu_equal(&want, &got);
    assert_null(got.tlv_raw);
}

/* ===================================================== bodiless responses */

static void error_resp_without_body_decodes(void **state)
{
    static const uint32_t resps[] = {
        KF_SMPP_SUBMIT_SM_RESP,     KF_SMPP_DELIVER_SM_RESP,       KF_SMPP_DATA_SM_RESP,
        KF_SMPP_QUERY_SM_RESP,      KF_SMPP_SUBMIT_MULTI_RESP,     KF_SMPP_BIND_TRANSMITTER_RESP,
        KF_SMPP_BIND_RECEIVER_RESP, KF_SMPP_BIND_TRANSCEIVER_RESP,
    };
    size_t i;
    (void)state;

    for (i = 0; i < sizeof(resps) / sizeof(resps[0]); i++) {
        b_hdr(&bb, resps[i], KF_ESME_RTHROTTLED, 40 + (uint32_t)i);
        assert_int_equal(b_decode(&bb, &got), KF_ESME_ROK);
        assert_int_equal(got.cmd, resps[i]);
        assert_int_equal(got.status, KF_ESME_RTHROTTLED);
        assert_int_equal(got.seq, 40 + i);
        assert_string_equal(got.message_id, "");
        /* ... and so does a successful one (seen from sloppy peers). */
        b_hdr(&bb, resps[i], 0, 1);
        assert_int_equal(b_decode(&bb, &got), KF_ESME_ROK);
    }
}

/* An error response may stop at any field boundary. */
static void error_resp_with_partial_body_decodes(void **state)
{
    (void)state;
    b_hdr(&bb, KF_SMPP_SUBMIT_MULTI_RESP, KF_ESME_RSUBMITFAIL, 3);
    b_str(&bb, "m1");
    assert_int_equal(b_decode(&bb, &got), KF_ESME_ROK);
    assert_string_equal(got.message_id, "m1");
    assert_int_equal(got.no_unsuccess, 0);
    /* A successful one may not. */
    b_hdr(&bb, KF_SMPP_SUBMIT_MULTI_RESP, 0, 3);
    b_str(&bb, "m1");
    assert_int_equal(b_decode(&bb, &got), KF_ESME_RINVCMDLEN);
}

/* An error response that does carry a body is decoded in full. */
static void error_resp_with_body_is_read(void **state)
{
    (void)state;
    b_hdr(&bb, KF_SMPP_SUBMIT_SM_RESP, KF_ESME_RSYSERR, 3);
    b_str(&bb, "id-9");
    assert_int_equal(b_decode(&bb, &got), KF_ESME_ROK);
    assert_string_equal(got.message_id, "id-9");
}

static void encode_error_resp_omits_body(void **state)
{
    static const uint32_t omit[] = {KF_SMPP_SUBMIT_SM_RESP, KF_SMPP_DELIVER_SM_RESP,
                                    KF_SMPP_QUERY_SM_RESP};
    static const uint32_t keep[] = {KF_SMPP_BIND_TRANSMITTER_RESP, KF_SMPP_DATA_SM_RESP,
                                    KF_SMPP_SUBMIT_MULTI_RESP};
    size_t i;
    (void)state;

    for (i = 0; i < 3; i++) {
        kf_smpp_pdu_init(&want, omit[i], 8);
        want.status = KF_ESME_RSYSERR;
        set_str(want.message_id, "x");
        kf_smpp_tlv_add(&want, KF_TLV_DELIVERY_FAILURE_REASON, one, 1);
        assert_int_equal(kf_smpp_encode(&want, out, sizeof(out)), 16);
        assert_int_equal(out[3], 16);
        assert_int_equal(out[11], KF_ESME_RSYSERR);
        /* with status 0 the body is there */
        want.status = 0;
        assert_true(kf_smpp_encode(&want, out, sizeof(out)) > 16);

        kf_smpp_pdu_init(&want, keep[i], 8);
        want.status = KF_ESME_RSYSERR;
        assert_true(kf_smpp_encode(&want, out, sizeof(out)) > 16);
    }
}

/* ============================================================ the encoder */

/* bind_*_resp: interface_version becomes the sc_interface_version TLV and
 * comes back as interface_version. */
static void bind_resp_interface_version_tlv(void **state)
{
    static const uint8_t expect[] = {0,   0,   0, 0x1A, 0x80, 0,    0,    0x09, 0,
                                     0,   0,   0, 0,    0,    0,    4,    'K',  'E',
                                     'F', 'U', 0, 0x02, 0x10, 0x00, 0x01, 0x34};
    uint32_t st;
    (void)state;

    kf_smpp_pdu_init(&want, KF_SMPP_BIND_TRANSCEIVER_RESP, 4);
    set_str(want.system_id, "KEFU");
    want.interface_version = 0x34;
    assert_int_equal(kf_smpp_encode(&want, out, sizeof(out)), sizeof(expect));
    assert_memory_equal(out, expect, sizeof(expect));
    assert_int_equal(kf_smpp_decode(out, sizeof(expect), &got, &st), sizeof(expect));
    assert_int_equal(st, 0);
    assert_int_equal(got.interface_version, 0x34);
    assert_int_equal(got.ntlvs, 1);
}

static void encode_refuses_long_strings(void **state)
{
    (void)state;
    p_bind_tx(&want);
    set_str(want.system_id, "0123456789abcdef"); /* 16 + NUL > 16 */
    assert_int_equal(kf_smpp_encode(&want, out, sizeof(out)), KF_ETOOBIG);
    p_bind_tx(&want);
    set_str(want.password, "123456789");
    assert_int_equal(kf_smpp_encode(&want, out, sizeof(out)), KF_ETOOBIG);
    /* A 21-char address does not fit submit_sm (21 with NUL) ... */
    p_submit(&want);
    set_addr(&want.dst, 1, 1, "123456789012345678901");
    assert_int_equal(kf_smpp_encode(&want, out, sizeof(out)), KF_ETOOBIG);
    /* ... but does fit data_sm (65 with NUL). */
    p_data(&want);
    set_addr(&want.dst, 1, 1, "123456789012345678901");
    assert_true(kf_smpp_encode(&want, out, sizeof(out)) > 0);
    p_multi(&want);
    set_str(want.dests[1].dl_name, "123456789012345678901");
    assert_int_equal(kf_smpp_encode(&want, out, sizeof(out)), KF_ETOOBIG);
    /* A string filling its whole array, without NUL. */
    p_query(&want);
    memset(want.message_id, 'a', sizeof(want.message_id));
    assert_int_equal(kf_smpp_encode(&want, out, sizeof(out)), KF_ETOOBIG);
}

static void encode_refuses_bad_input(void **state)
{
    static uint8_t big[KF_SMPP_PDU_MAX];
    (void)state;

    kf_smpp_pdu_init(&want, 0x00000099u, 1);
    assert_int_equal(kf_smpp_encode(&want, out, sizeof(out)), KF_EINVAL);
    p_multi(&want);
    want.dests[2].flag = 3;
    assert_int_equal(kf_smpp_encode(&want, out, sizeof(out)), KF_EINVAL);
    p_multi(&want);
    want.number_of_dests = 255;
    assert_int_equal(kf_smpp_encode(&want, out, sizeof(out)), KF_ETOOBIG);
    p_submit(&want);
    want.short_message = NULL;
    assert_int_equal(kf_smpp_encode(&want, out, sizeof(out)), KF_EINVAL);
    p_submit(&want);
    want.tlvs[0].val = NULL;
    assert_int_equal(kf_smpp_encode(&want, out, sizeof(out)), KF_EINVAL);
    /* More than KF_SMPP_PDU_MAX in total, even with room in `out`. */
    kf_smpp_pdu_init(&want, KF_SMPP_DATA_SM, 1);
    kf_smpp_tlv_add(&want, KF_TLV_MESSAGE_PAYLOAD, big, sizeof(big));
    assert_int_equal(kf_smpp_encode(&want, out, sizeof(out)), KF_ETOOBIG);
    assert_int_equal(want.len, 0);
}

#define CASE(i)                                                                                    \
    cmocka_unit_test_prestate(encode_matches_spec_bytes, (void *)&cases[i]),                       \
        cmocka_unit_test_prestate(decode_matches_fields, (void *)&cases[i]),                       \
        cmocka_unit_test_prestate(roundtrip, (void *)&cases[i]),                                   \
        cmocka_unit_test_prestate(every_prefix_is_eagain, (void *)&cases[i]),                      \
        cmocka_unit_test_prestate(encode_small_cap_is_etoobig, (void *)&cases[i])

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(cases_cover_every_command),
        CASE(0),
        CASE(1),
        CASE(2),
        CASE(3),
        CASE(4),
        CASE(5),
        CASE(6),
        CASE(7),
        CASE(8),
        CASE(9),
        CASE(10),
        CASE(11),
        CASE(12),
        CASE(13),
        CASE(14),
        CASE(15),
        CASE(16),
        CASE(17),
        CASE(18),
        CASE(19),
        CASE(20),
        CASE(21),
        CASE(22),
        CASE(23),
        CASE(24),
        CASE(25),
        CASE(26),
        cmocka_unit_test(bad_command_length_is_eproto),
        cmocka_unit_test(largest_pdu_is_accepted),
        cmocka_unit_test(status_out_may_be_null),
        cmocka_unit_test(decode_clears_previous_pdu),
        cmocka_unit_test(error_resp_without_body_decodes),
        cmocka_unit_test(error_resp_with_partial_body_decodes),
        cmocka_unit_test(error_resp_with_body_is_read),
        cmocka_unit_test(encode_error_resp_omits_body),
        cmocka_unit_test(bind_resp_interface_version_tlv),
        cmocka_unit_test(encode_refuses_long_strings),
        cmocka_unit_test(encode_refuses_bad_input),
    };

    memset(payload, 0x5A, sizeof(payload));
    return cmocka_run_group_tests(tests, NULL, NULL);
}
