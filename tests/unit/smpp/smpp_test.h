/* SPDX-License-Identifier: MIT
 *
 * smpp_test.h -- helpers shared by the smpp unit tests: a byte builder that
 * writes PDUs by hand, independently of the codec (so encoder and decoder
 * cannot agree on a wrong layout unnoticed), and a field-by-field PDU
 * comparison. Include after <cmocka.h>.
 */
#ifndef KF_TEST_SMPP_TEST_H
#define KF_TEST_SMPP_TEST_H

#include <stdint.h>
#include <string.h>

#include "base/err.h"
#include "smpp/smpp.h"

/* A PDU under construction, written byte by byte as the spec tables say. */
struct bld {
    uint8_t b[KF_SMPP_PDU_MAX + 256];
    size_t n;
};

static inline void b_u8(struct bld *b, uint8_t v)
{
    b->b[b->n++] = v;
}

static inline void b_u16(struct bld *b, uint16_t v)
{
    b_u8(b, (uint8_t)(v >> 8));
    b_u8(b, (uint8_t)v);
}

static inline void b_u32(struct bld *b, uint32_t v)
{
    b_u16(b, (uint16_t)(v >> 16));
    b_u16(b, (uint16_t)v);
}

static inline void b_raw(struct bld *b, const void *p, size_t n)
{
    if (n == 0)
        return;
    memcpy(b->b + b->n, p, n);
    b->n += n;
}

/* A C-Octet string: the characters and the NUL. */
static inline void b_str(struct bld *b, const char *s)
{
    b_raw(b, s, strlen(s) + 1);
}

static inline void b_addr(struct bld *b, uint8_t ton, uint8_t npi, const char *s)
{
    b_u8(b, ton);
    b_u8(b, npi);
    b_str(b, s);
}

static inline void b_tlv(struct bld *b, uint16_t tag, const void *v, uint16_t len)
{
    b_u16(b, tag);
    b_u16(b, len);
    b_raw(b, v, len);
}

/* Starts a PDU: header with a placeholder length. */
static inline void b_hdr(struct bld *b, uint32_t cmd, uint32_t status, uint32_t seq)
{
    b->n = 0;
    b_u32(b, 0);
    b_u32(b, cmd);
    b_u32(b, status);
    b_u32(b, seq);
}

/* Patches command_length; returns the PDU size. */
static inline size_t b_done(struct bld *b)
{
    b->b[0] = (uint8_t)(b->n >> 24);
    b->b[1] = (uint8_t)(b->n >> 16);
    b->b[2] = (uint8_t)(b->n >> 8);
    b->b[3] = (uint8_t)b->n;
    return b->n;
}

/* Decodes b's bytes and returns the command_status, asserting that the
 * whole PDU was consumed. */
static inline uint32_t b_decode(struct bld *b, struct kf_smpp_pdu *pdu)
{
    uint32_t st = 0xDEADBEEFu;
    size_t n = b_done(b);

    assert_int_equal(kf_smpp_decode(b->b, n, pdu, &st), (int)n);
    return st;
}

static inline void assert_addr_equal(const struct kf_smpp_addr *a, const struct kf_smpp_addr *b)
{
    assert_int_equal(a->ton, b->ton);
    assert_int_equal(a->npi, b->npi);
    assert_string_equal(a->addr, b->addr);
}

/* Every field of the flattened PDU, including views by content. */
static inline void assert_pdu_equal(const struct kf_smpp_pdu *a, const struct kf_smpp_pdu *b)
{
    unsigned i;

    assert_int_equal(a->cmd, b->cmd);
    assert_int_equal(a->status, b->status);
    assert_int_equal(a->seq, b->seq);
    assert_string_equal(a->system_id, b->system_id);
    assert_string_equal(a->password, b->password);
    assert_string_equal(a->system_type, b->system_type);
    assert_int_equal(a->interface_version, b->interface_version);
    assert_addr_equal(&a->addr_range, &b->addr_range);
    assert_string_equal(a->service_type, b->service_type);
    assert_addr_equal(&a->src, &b->src);
    assert_addr_equal(&a->dst, &b->dst);
    assert_int_equal(a->esm_class, b->esm_class);
    assert_int_equal(a->protocol_id, b->protocol_id);
    assert_int_equal(a->priority_flag, b->priority_flag);
    assert_string_equal(a->schedule_delivery_time, b->schedule_delivery_time);
    assert_string_equal(a->validity_period, b->validity_period);
    assert_int_equal(a->registered_delivery, b->registered_delivery);
    assert_int_equal(a->replace_if_present_flag, b->replace_if_present_flag);
    assert_int_equal(a->data_coding, b->data_coding);
    assert_int_equal(a->sm_default_msg_id, b->sm_default_msg_id);
    assert_int_equal(a->sm_length, b->sm_length);
    if (a->sm_length)
        assert_memory_equal(a->short_message, b->short_message, a->sm_length);
    assert_int_equal(a->number_of_dests, b->number_of_dests);
    for (i = 0; i < a->number_of_dests; i++) {
        assert_int_equal(a->dests[i].flag, b->dests[i].flag);
        if (a->dests[i].flag == 1)
            assert_addr_equal(&a->dests[i].addr, &b->dests[i].addr);
        else
            assert_string_equal(a->dests[i].dl_name, b->dests[i].dl_name);
    }
    assert_int_equal(a->no_unsuccess, b->no_unsuccess);
    for (i = 0; i < a->no_unsuccess; i++) {
        assert_addr_equal(&a->unsuccess[i].addr, &b->unsuccess[i].addr);
        assert_int_equal(a->unsuccess[i].error_status, b->unsuccess[i].error_status);
    }
    assert_string_equal(a->message_id, b->message_id);
    assert_string_equal(a->final_date, b->final_date);
    assert_int_equal(a->message_state, b->message_state);
    assert_int_equal(a->error_code, b->error_code);
    assert_int_equal(a->ntlvs, b->ntlvs);
    for (i = 0; i < a->ntlvs; i++) {
        assert_int_equal(a->tlvs[i].tag, b->tlvs[i].tag);
        assert_int_equal(a->tlvs[i].len, b->tlvs[i].len);
        if (a->tlvs[i].len)
            assert_memory_equal(a->tlvs[i].val, b->tlvs[i].val, a->tlvs[i].len);
    }
}

static inline void set_addr(struct kf_smpp_addr *a, uint8_t ton, uint8_t npi, const char *s)
{
    a->ton = ton;
    a->npi = npi;
    memcpy(a->addr, s, strlen(s) + 1);
}

static inline void set_str(char *dst, const char *s)
{
    memcpy(dst, s, strlen(s) + 1);
}

#endif
