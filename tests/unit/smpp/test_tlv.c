/* SPDX-License-Identifier: MIT
 * test_tlv.c -- the TLV region: stream and length faults and their
 * command_status, repeats, the message_payload/short_message exclusion,
 * unknown tags kept, and the find/uint/add helpers. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <cmocka.h>

#include "smpp_test.h"

static struct kf_smpp_pdu got;
static struct bld bb;

static const uint8_t v1[1] = {7};
static const uint8_t v2[2] = {0x01, 0x02};
static const uint8_t v4[4] = {0xDE, 0xAD, 0xBE, 0xEF};

/* data_sm with an empty mandatory part, ready for TLVs. */
static void data_head(void)
{
    b_hdr(&bb, KF_SMPP_DATA_SM, 0, 1);
    b_str(&bb, "");
    b_addr(&bb, 0, 0, "10086");
    b_addr(&bb, 1, 1, "8613800138000");
    b_u8(&bb, 0);
    b_u8(&bb, 0);
    b_u8(&bb, 0);
}

/* submit_sm with sm_length bytes of short_message. */
static void submit_head(uint8_t sm_length)
{
    static const uint8_t mid[] = {0, 0, 0, 0, 0, 0, 0, 0, 0};

    b_hdr(&bb, KF_SMPP_SUBMIT_SM, 0, 1);
    b_str(&bb, "");
    b_addr(&bb, 0, 0, "10086");
    b_addr(&bb, 1, 1, "8613800138000");
    b_raw(&bb, mid, sizeof(mid)); /* esm .. sm_default_msg_id, empty times */
    b_u8(&bb, sm_length);
    b_raw(&bb, "abcdefgh", sm_length);
}

static void leftover_bytes_are_optparstream(void **state)
{
    size_t k;
    (void)state;

    for (k = 1; k < 4; k++) {
        data_head();
        b_raw(&bb, "\x02\x0A\x00", k);
        assert_int_equal(b_decode(&bb, &got), KF_ESME_RINVOPTPARSTREAM);
    }
    /* after a valid TLV too */
    data_head();
    b_tlv(&bb, KF_TLV_SOURCE_PORT, v2, 2);
    b_u8(&bb, 0);
    assert_int_equal(b_decode(&bb, &got), KF_ESME_RINVOPTPARSTREAM);
    /* and on PDUs whose body is only a header */
    b_hdr(&bb, KF_SMPP_ENQUIRE_LINK, 0, 1);
    b_u8(&bb, 0);
    assert_int_equal(b_decode(&bb, &got), KF_ESME_RINVOPTPARSTREAM);
    b_hdr(&bb, KF_SMPP_GENERIC_NACK, 0, 1);
    b_raw(&bb, "abc", 3);
    assert_int_equal(b_decode(&bb, &got), KF_ESME_RINVOPTPARSTREAM);
}

static void overrunning_length_is_parlen(void **state)
{
    (void)state;
    data_head();
    b_u16(&bb, KF_TLV_MESSAGE_PAYLOAD);
    b_u16(&bb, 10);
    b_raw(&bb, "123456789", 9);
    assert_int_equal(b_decode(&bb, &got), KF_ESME_RINVPARLEN);
    data_head();
    b_u16(&bb, 0x4000); /* unknown tag: the length is still checked */
    b_u16(&bb, 0xFFFF);
    assert_int_equal(b_decode(&bb, &got), KF_ESME_RINVPARLEN);
}

/* Known fixed-size TLVs must have their size. */
static void wrong_size_is_parlen(void **state)
{
    (void)state;
    data_head();
    b_tlv(&bb, KF_TLV_SAR_MSG_REF_NUM, v1, 1);
    assert_int_equal(b_decode(&bb, &got), KF_ESME_RINVPARLEN);
    data_head();
    b_tlv(&bb, KF_TLV_SAR_TOTAL_SEGMENTS, v2, 2);
    assert_int_equal(b_decode(&bb, &got), KF_ESME_RINVPARLEN);
    data_head();
    b_tlv(&bb, KF_TLV_QOS_TIME_TO_LIVE, v2, 2);
    assert_int_equal(b_decode(&bb, &got), KF_ESME_RINVPARLEN);
    data_head();
    b_tlv(&bb, KF_TLV_NETWORK_ERROR_CODE, v4, 4);
    assert_int_equal(b_decode(&bb, &got), KF_ESME_RINVPARLEN);
    data_head();
    b_tlv(&bb, KF_TLV_RECEIPTED_MESSAGE_ID, NULL, 0);
    assert_int_equal(b_decode(&bb, &got), KF_ESME_RINVPARLEN);
    /* The right sizes pass. */
    data_head();
    b_tlv(&bb, KF_TLV_QOS_TIME_TO_LIVE, v4, 4);
    b_tlv(&bb, KF_TLV_SAR_MSG_REF_NUM, v2, 2);
    b_tlv(&bb, KF_TLV_ALERT_ON_MESSAGE_DELIVERY, NULL, 0);
    assert_int_equal(b_decode(&bb, &got), KF_ESME_ROK);
    assert_int_equal(got.ntlvs, 3);
}

static void repeated_tlv(void **state)
{
    static const uint8_t cb[4] = {1, 1, '5', '5'};
    (void)state;

    data_head();
    b_tlv(&bb, KF_TLV_SOURCE_PORT, v2, 2);
    b_tlv(&bb, KF_TLV_DESTINATION_PORT, v2, 2);
    b_tlv(&bb, KF_TLV_SOURCE_PORT, v2, 2);
    assert_int_equal(b_decode(&bb, &got), KF_ESME_ROPTPARNOTALLWD);
    /* callback_num may repeat (5.3.2.36), and so may unknown tags. */
    data_head();
    b_tlv(&bb, KF_TLV_CALLBACK_NUM, cb, 4);
    b_tlv(&bb, KF_TLV_CALLBACK_NUM, cb, 4);
    b_tlv(&bb, 0x1500, v1, 1);
    b_tlv(&bb, 0x1500, v2, 2);
    assert_int_equal(b_decode(&bb, &got), KF_ESME_ROK);
    assert_int_equal(got.ntlvs, 4);
}

static void payload_with_short_message(void **state)
{
    (void)state;
    submit_head(3);
    b_tlv(&bb, KF_TLV_MESSAGE_PAYLOAD, "long text", 9);
    assert_int_equal(b_decode(&bb, &got), KF_ESME_ROPTPARNOTALLWD);
    submit_head(0);
    b_tlv(&bb, KF_TLV_MESSAGE_PAYLOAD, "long text", 9);
    assert_int_equal(b_decode(&bb, &got), KF_ESME_ROK);
    assert_int_equal(kf_smpp_tlv_find(&got, KF_TLV_MESSAGE_PAYLOAD)->len, 9);
}

static void tlv_count_limit(void **state)
{
    unsigned i;
    (void)state;

    data_head();
    for (i = 0; i < KF_SMPP_MAX_TLVS; i++)
        b_tlv(&bb, (uint16_t)(0x3000 + i), v1, 1);
    assert_int_equal(b_decode(&bb, &got), KF_ESME_ROK);
    assert_int_equal(got.ntlvs, KF_SMPP_MAX_TLVS);
    b_tlv(&bb, 0x3100, v1, 1);
    assert_int_equal(b_decode(&bb, &got), KF_ESME_RINVOPTPARSTREAM);
}

/* Unknown tags survive decoding, in wire order, and tlv_raw is the whole
 * region byte for byte. */
static void unknown_tags_kept(void **state)
{
    size_t start;
    (void)state;

    data_head();
    start = bb.n;
    b_tlv(&bb, 0xFFFF, v4, 4);
    b_tlv(&bb, KF_TLV_SOURCE_PORT, v2, 2);
    b_tlv(&bb, 0x0000, NULL, 0);
    assert_int_equal(b_decode(&bb, &got), KF_ESME_ROK);
    assert_int_equal(got.ntlvs, 3);
    assert_int_equal(got.tlvs[0].tag, 0xFFFF);
    assert_memory_equal(got.tlvs[0].val, v4, 4);
    assert_int_equal(got.tlvs[2].tag, 0);
    assert_int_equal(got.tlvs[2].len, 0);
    assert_ptr_equal(got.tlv_raw, bb.b + start);
    assert_int_equal(got.tlv_raw_len, bb.n - start);
}

static void find_and_uint(void **state)
{
    uint32_t v = 99;
    (void)state;

    data_head();
    b_tlv(&bb, KF_TLV_SAR_TOTAL_SEGMENTS, v1, 1);
    b_tlv(&bb, KF_TLV_SOURCE_PORT, v2, 2);
    b_tlv(&bb, KF_TLV_QOS_TIME_TO_LIVE, v4, 4);
    b_tlv(&bb, KF_TLV_NETWORK_ERROR_CODE, "\x03\x00\x01", 3);
    assert_int_equal(b_decode(&bb, &got), KF_ESME_ROK);
    assert_int_equal(kf_smpp_tlv_uint(&got, KF_TLV_SAR_TOTAL_SEGMENTS, &v), 0);
    assert_int_equal(v, 7);
    assert_int_equal(kf_smpp_tlv_uint(&got, KF_TLV_SOURCE_PORT, &v), 0);
    assert_int_equal(v, 0x0102);
    assert_int_equal(kf_smpp_tlv_uint(&got, KF_TLV_QOS_TIME_TO_LIVE, &v), 0);
    assert_int_equal(v, 0xDEADBEEFu);
    assert_int_equal(kf_smpp_tlv_uint(&got, KF_TLV_NETWORK_ERROR_CODE, &v), KF_EPROTO);
    assert_int_equal(kf_smpp_tlv_uint(&got, KF_TLV_DESTINATION_PORT, &v), KF_ENOENT);
    assert_null(kf_smpp_tlv_find(&got, KF_TLV_DESTINATION_PORT));
    assert_int_equal(kf_smpp_tlv_find(&got, KF_TLV_SOURCE_PORT)->len, 2);
}

static void add_until_full(void **state)
{
    static struct kf_smpp_pdu p;
    unsigned i;
    (void)state;

    kf_smpp_pdu_init(&p, KF_SMPP_SUBMIT_SM, 1);
    for (i = 0; i < KF_SMPP_MAX_TLVS; i++)
        assert_int_equal(kf_smpp_tlv_add(&p, (uint16_t)i, v1, 1), 0);
    assert_int_equal(kf_smpp_tlv_add(&p, 0x99, v1, 1), KF_ETOOBIG);
    assert_int_equal(p.ntlvs, KF_SMPP_MAX_TLVS);
    assert_int_equal(p.tlvs[5].tag, 5);
    assert_ptr_equal(p.tlvs[5].val, v1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(leftover_bytes_are_optparstream),
        cmocka_unit_test(overrunning_length_is_parlen),
        cmocka_unit_test(wrong_size_is_parlen),
        cmocka_unit_test(repeated_tlv),
        cmocka_unit_test(payload_with_short_message),
        cmocka_unit_test(tlv_count_limit),
        cmocka_unit_test(unknown_tags_kept),
        cmocka_unit_test(find_and_uint),
        cmocka_unit_test(add_until_full),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
