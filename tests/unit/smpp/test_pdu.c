/* SPDX-License-Identifier: MIT
 * test_pdu.c -- the mandatory-body rules of pdu.c as the decoder applies
 * them: for each malformation a crafted PDU and the exact command_status it
 * must earn (the table in docs/internals/smpp.md), plus the edge values that
 * must still be accepted. TLV-region faults are in test_tlv.c. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <cmocka.h>

#include "smpp_test.h"

static struct kf_smpp_pdu got;
static struct bld bb;

/* ================================================================== bind */

/* bind_transmitter with the given strings (NULL = stop the body there). */
static void bind_with(const char *sysid, const char *pw, const char *systype, const char *range)
{
    b_hdr(&bb, KF_SMPP_BIND_TRANSMITTER, 0, 1);
    b_str(&bb, sysid);
    if (!pw)
        return;
    b_str(&bb, pw);
    if (!systype)
        return;
    b_str(&bb, systype);
    b_u8(&bb, 0x34);
    b_u8(&bb, 0);
    b_u8(&bb, 0);
    if (range)
        b_str(&bb, range);
}

static void bind_field_maxima(void **state)
{
    (void)state;
    bind_with("123456789012345", "12345678", "123456789012", "");
    assert_int_equal(b_decode(&bb, &got), KF_ESME_ROK);
    assert_string_equal(got.system_id, "123456789012345");
    assert_string_equal(got.password, "12345678");
    assert_string_equal(got.system_type, "123456789012");
    bind_with("1234567890123456", "pw", "", "");
    assert_int_equal(b_decode(&bb, &got), KF_ESME_RINVSYSID);
    bind_with("esme", "123456789", "", "");
    assert_int_equal(b_decode(&bb, &got), KF_ESME_RINVPASWD);
    bind_with("esme", "pw", "1234567890123", "");
    assert_int_equal(b_decode(&bb, &got), KF_ESME_RINVSYSTYP);
    /* address_range has no status of its own */
    bind_with("esme", "pw", "", "12345678901234567890123456789012345678901");
    assert_int_equal(b_decode(&bb, &got), KF_ESME_RINVCMDLEN);
    bind_with("esme", "pw", "", "1234567890123456789012345678901234567890");
    assert_int_equal(b_decode(&bb, &got), KF_ESME_ROK);
}

/* A string that reaches the end of the PDU without its NUL. */
static void bind_missing_nul(void **state)
{
    (void)state;
    b_hdr(&bb, KF_SMPP_BIND_TRANSMITTER, 0, 1);
    b_raw(&bb, "esme", 4);
    assert_int_equal(b_decode(&bb, &got), KF_ESME_RINVSYSID);
    bind_with("esme", NULL, NULL, NULL);
    b_raw(&bb, "secret", 6);
    assert_int_equal(b_decode(&bb, &got), KF_ESME_RINVPASWD);
    bind_with("esme", "pw", NULL, NULL);
    b_raw(&bb, "VMS", 3);
    assert_int_equal(b_decode(&bb, &got), KF_ESME_RINVSYSTYP);
    bind_with("esme", "pw", "", NULL);
    b_raw(&bb, "^10", 3);
    assert_int_equal(b_decode(&bb, &got), KF_ESME_RINVCMDLEN);
}

/* The body ends before a field starts: the command is too short. */
static void bind_truncated_body(void **state)
{
    (void)state;
    b_hdr(&bb, KF_SMPP_BIND_TRANSMITTER, 0, 1);
    assert_int_equal(b_decode(&bb, &got), KF_ESME_RINVCMDLEN);
    bind_with("esme", NULL, NULL, NULL);
    assert_int_equal(b_decode(&bb, &got), KF_ESME_RINVCMDLEN);
    bind_with("esme", "pw", "", NULL); /* stops before address_range */
    assert_int_equal(b_decode(&bb, &got), KF_ESME_RINVCMDLEN);
    bind_with("esme", "pw", "", NULL);
    bb.n -= 2; /* stops after interface_version */
    assert_int_equal(b_decode(&bb, &got), KF_ESME_RINVCMDLEN);
}

static void outbind_and_bind_resp_fields(void **state)
{
    (void)state;
    b_hdr(&bb, KF_SMPP_OUTBIND, 0, 1);
    b_str(&bb, "1234567890123456");
    b_str(&bb, "pw");
    assert_int_equal(b_decode(&bb, &got), KF_ESME_RINVSYSID);
    b_hdr(&bb, KF_SMPP_OUTBIND, 0, 1);
    b_str(&bb, "smsc");
    b_raw(&bb, "pw", 2);
    assert_int_equal(b_decode(&bb, &got), KF_ESME_RINVPASWD);
    b_hdr(&bb, KF_SMPP_BIND_RECEIVER_RESP, 0, 1);
    b_raw(&bb, "SMSC", 4);
    assert_int_equal(b_decode(&bb, &got), KF_ESME_RINVSYSID);
}

/* ============================================================= submit_sm */

struct sm_fields {
    const char *service_type, *src, *dst, *sched, *validity;
    uint8_t priority, regdlv, replace;
    int sm_length;   /* written as the sm_length octet */
    size_t sm_bytes; /* bytes actually present */
};

static const struct sm_fields sm_ok = {
    "CMT", "10086", "8613800138000", "", "", 0, 1, 0, 5, 5,
};

static void submit_with(uint32_t cmd, const struct sm_fields *f)
{
    b_hdr(&bb, cmd, 0, 9);
    b_str(&bb, f->service_type);
    b_addr(&bb, 1, 1, f->src);
    b_addr(&bb, 1, 1, f->dst);
    b_u8(&bb, 0);
    b_u8(&bb, 0);
    b_u8(&bb, f->priority);
    b_str(&bb, f->sched);
    b_str(&bb, f->validity);
    b_u8(&bb, f->regdlv);
    b_u8(&bb, f->replace);
    b_u8(&bb, 0);
    b_u8(&bb, 0);
    b_u8(&bb, (uint8_t)f->sm_length);
    b_raw(&bb, "hello world", f->sm_bytes);
}

static uint32_t submit_status(const struct sm_fields *f)
{
    submit_with(KF_SMPP_SUBMIT_SM, f);
    return b_decode(&bb, &got);
}

static void submit_ok(void **state)
{
    struct sm_fields f = sm_ok;
    (void)state;

    assert_int_equal(submit_status(&f), KF_ESME_ROK);
    assert_int_equal(got.sm_length, 5);
    assert_memory_equal(got.short_message, "hello", 5);
    f.src = "12345678901234567890"; /* 20: the maximum */
    f.dst = "12345678901234567890";
    f.service_type = "12345";
    f.priority = 3;
    f.regdlv = 0x1F;
    f.replace = 1;
    f.sched = "991231235959948-";
    f.validity = "990000000000000R";
    assert_int_equal(submit_status(&f), KF_ESME_ROK);
    assert_string_equal(got.src.addr, "12345678901234567890");
    f.sm_length = 0;
    f.sm_bytes = 0;
    assert_int_equal(submit_status(&f), KF_ESME_ROK);
    assert_null(got.short_message);
}

static void submit_string_statuses(void **state)
{
    struct sm_fields f;
    (void)state;

    f = sm_ok, f.service_type = "123456";
    assert_int_equal(submit_status(&f), KF_ESME_RINVSERTYP);
    f = sm_ok, f.src = "123456789012345678901";
    assert_int_equal(submit_status(&f), KF_ESME_RINVSRCADR);
    f = sm_ok, f.dst = "123456789012345678901";
    assert_int_equal(submit_status(&f), KF_ESME_RINVDSTADR);
    f = sm_ok, f.sched = "24010112000000+"; /* 15 chars */
    assert_int_equal(submit_status(&f), KF_ESME_RINVSCHED);
    f = sm_ok, f.sched = "2401011200000000+"; /* 17 chars: too long */
    assert_int_equal(submit_status(&f), KF_ESME_RINVSCHED);
    f = sm_ok, f.sched = "241301120000000+"; /* month 13 */
    assert_int_equal(submit_status(&f), KF_ESME_RINVSCHED);
    f = sm_ok, f.validity = "240101120000049+"; /* nn > 48 */
    assert_int_equal(submit_status(&f), KF_ESME_RINVEXPIRY);
    f = sm_ok, f.validity = "240101120000000X";
    assert_int_equal(submit_status(&f), KF_ESME_RINVEXPIRY);
    f = sm_ok, f.validity = "12345678901234567890";
    assert_int_equal(submit_status(&f), KF_ESME_RINVEXPIRY);
}

static void submit_flag_statuses(void **state)
{
    struct sm_fields f;
    (void)state;

    f = sm_ok, f.priority = 4;
    assert_int_equal(submit_status(&f), KF_ESME_RINVPRTFLG);
    f = sm_ok, f.priority = 0xFF;
    assert_int_equal(submit_status(&f), KF_ESME_RINVPRTFLG);
    f = sm_ok, f.regdlv = 0x20;
    assert_int_equal(submit_status(&f), KF_ESME_RINVREGDLVFLG);
    f = sm_ok, f.regdlv = 0x80;
    assert_int_equal(submit_status(&f), KF_ESME_RINVREGDLVFLG);
    f = sm_ok, f.regdlv = 0x03; /* SMPP 5.0 meaning: accepted */
    assert_int_equal(submit_status(&f), KF_ESME_ROK);
    f = sm_ok, f.replace = 2;
    assert_int_equal(submit_status(&f), KF_ESME_RINVREPFLAG);
}

/* First fault in wire order wins. */
static void submit_first_error_wins(void **state)
{
    struct sm_fields f = sm_ok;
    (void)state;

    f.priority = 9;
    f.regdlv = 0xFF;
    f.sm_length = 200;
    assert_int_equal(submit_status(&f), KF_ESME_RINVPRTFLG);
    f.dst = "123456789012345678901";
    assert_int_equal(submit_status(&f), KF_ESME_RINVDSTADR);
}

static void submit_sm_length_overrun(void **state)
{
    struct sm_fields f = sm_ok;
    (void)state;

    f.sm_length = 6;
    f.sm_bytes = 5;
    assert_int_equal(submit_status(&f), KF_ESME_RINVMSGLEN);
    f.sm_length = 255;
    f.sm_bytes = 11;
    assert_int_equal(submit_status(&f), KF_ESME_RINVMSGLEN);
    /* The sm_length octet itself missing. */
    submit_with(KF_SMPP_SUBMIT_SM, &sm_ok);
    bb.n -= 6;
    assert_int_equal(b_decode(&bb, &got), KF_ESME_RINVCMDLEN);
}

/* deliver_sm has the submit_sm layout and the same checks. */
static void deliver_shares_submit_rules(void **state)
{
    struct sm_fields f = sm_ok;
    (void)state;

    submit_with(KF_SMPP_DELIVER_SM, &f);
    assert_int_equal(b_decode(&bb, &got), KF_ESME_ROK);
    f.src = "123456789012345678901";
    submit_with(KF_SMPP_DELIVER_SM, &f);
    assert_int_equal(b_decode(&bb, &got), KF_ESME_RINVSRCADR);
}

/* ========================================================== submit_multi */

static void multi_head(uint8_t ndests)
{
    b_hdr(&bb, KF_SMPP_SUBMIT_MULTI, 0, 3);
    b_str(&bb, "");
    b_addr(&bb, 0, 0, "10086");
    b_u8(&bb, ndests);
}

static void multi_tail(void)
{
    static const uint8_t tail[] = {0, 0, 0, 0, 0, 1, 0, 0, 0, 2, 'h', 'i'};
    b_raw(&bb, tail, sizeof(tail));
}

static void multi_dest_statuses(void **state)
{
    unsigned i;
    (void)state;

    multi_head(0);
    multi_tail();
    assert_int_equal(b_decode(&bb, &got), KF_ESME_RINVNUMDESTS);
    multi_head(255);
    multi_tail();
    assert_int_equal(b_decode(&bb, &got), KF_ESME_RINVNUMDESTS);
    multi_head(1);
    b_u8(&bb, 3);
    b_addr(&bb, 1, 1, "8613800138000");
    multi_tail();
    assert_int_equal(b_decode(&bb, &got), KF_ESME_RINVDESTFLAG);
    multi_head(1);
    b_u8(&bb, 0);
    multi_tail();
    assert_int_equal(b_decode(&bb, &got), KF_ESME_RINVDESTFLAG);
    multi_head(2);
    b_u8(&bb, 1);
    b_addr(&bb, 1, 1, "8613800138000");
    b_u8(&bb, 2);
    b_str(&bb, "123456789012345678901");
    multi_tail();
    assert_int_equal(b_decode(&bb, &got), KF_ESME_RINVDLNAME);
    assert_int_equal(got.number_of_dests, 1); /* the good one before it */
    multi_head(1);
    b_u8(&bb, 1);
    b_addr(&bb, 1, 1, "123456789012345678901");
    multi_tail();
    assert_int_equal(b_decode(&bb, &got), KF_ESME_RINVDSTADR);
    /* 254 destinations: the maximum. */
    multi_head(254);
    for (i = 0; i < 254; i++) {
        b_u8(&bb, 1);
        b_addr(&bb, 1, 1, "861380013800");
    }
    multi_tail();
    assert_int_equal(b_decode(&bb, &got), KF_ESME_ROK);
    assert_int_equal(got.number_of_dests, 254);
    assert_string_equal(got.dests[253].addr.addr, "861380013800");
    /* Fewer destinations present than announced. */
    multi_head(3);
    b_u8(&bb, 1);
    b_addr(&bb, 1, 1, "8613800138000");
    assert_int_equal(b_decode(&bb, &got), KF_ESME_RINVCMDLEN);
}

static void multi_resp_unsuccess(void **state)
{
    (void)state;
    b_hdr(&bb, KF_SMPP_SUBMIT_MULTI_RESP, 0, 3);
    b_str(&bb, "m");
    b_u8(&bb, 1);
    b_addr(&bb, 1, 1, "123456789012345678901");
    b_u32(&bb, 0x0B);
    assert_int_equal(b_decode(&bb, &got), KF_ESME_RINVDSTADR);
    b_hdr(&bb, KF_SMPP_SUBMIT_MULTI_RESP, 0, 3);
    b_str(&bb, "m");
    b_u8(&bb, 1);
    b_addr(&bb, 1, 1, "8613800138000");
    b_u16(&bb, 0); /* error_status_code cut short */
    assert_int_equal(b_decode(&bb, &got), KF_ESME_RINVCMDLEN);
}

/* ================================================= the other commands */

static void message_id_statuses(void **state)
{
    char id65[66];
    (void)state;

    memset(id65, 'x', 65);
    id65[65] = '\0';
    b_hdr(&bb, KF_SMPP_QUERY_SM, 0, 1);
    b_str(&bb, id65);
    b_addr(&bb, 0, 0, "10086");
    assert_int_equal(b_decode(&bb, &got), KF_ESME_RINVMSGID);
    id65[64] = '\0'; /* 64: the maximum */
    b_hdr(&bb, KF_SMPP_QUERY_SM, 0, 1);
    b_str(&bb, id65);
    b_addr(&bb, 0, 0, "10086");
    assert_int_equal(b_decode(&bb, &got), KF_ESME_ROK);
    assert_int_equal(strlen(got.message_id), 64);
    b_hdr(&bb, KF_SMPP_CANCEL_SM, 0, 1);
    b_str(&bb, "");
    b_raw(&bb, "abc", 3);
    assert_int_equal(b_decode(&bb, &got), KF_ESME_RINVMSGID);
    b_hdr(&bb, KF_SMPP_REPLACE_SM, 0, 1);
    b_raw(&bb, "abc", 3);
    assert_int_equal(b_decode(&bb, &got), KF_ESME_RINVMSGID);
    b_hdr(&bb, KF_SMPP_SUBMIT_SM_RESP, 0, 1);
    b_raw(&bb, "abc", 3);
    assert_int_equal(b_decode(&bb, &got), KF_ESME_RINVMSGID);
}

static void cancel_and_query_addresses(void **state)
{
    (void)state;
    b_hdr(&bb, KF_SMPP_CANCEL_SM, 0, 1);
    b_str(&bb, "123456");
    assert_int_equal(b_decode(&bb, &got), KF_ESME_RINVSERTYP);
    b_hdr(&bb, KF_SMPP_CANCEL_SM, 0, 1);
    b_str(&bb, "");
    b_str(&bb, "id");
    b_addr(&bb, 0, 0, "10086");
    b_addr(&bb, 0, 0, "123456789012345678901");
    assert_int_equal(b_decode(&bb, &got), KF_ESME_RINVDSTADR);
    b_hdr(&bb, KF_SMPP_QUERY_SM, 0, 1);
    b_str(&bb, "id");
    b_addr(&bb, 0, 0, "123456789012345678901");
    assert_int_equal(b_decode(&bb, &got), KF_ESME_RINVSRCADR);
}

static void replace_statuses(void **state)
{
    (void)state;
    b_hdr(&bb, KF_SMPP_REPLACE_SM, 0, 1);
    b_str(&bb, "id");
    b_addr(&bb, 0, 0, "10086");
    b_str(&bb, "bad");
    assert_int_equal(b_decode(&bb, &got), KF_ESME_RINVSCHED);
    b_hdr(&bb, KF_SMPP_REPLACE_SM, 0, 1);
    b_str(&bb, "id");
    b_addr(&bb, 0, 0, "10086");
    b_str(&bb, "");
    b_str(&bb, "");
    b_u8(&bb, 0x40);
    assert_int_equal(b_decode(&bb, &got), KF_ESME_RINVREGDLVFLG);
    b_hdr(&bb, KF_SMPP_REPLACE_SM, 0, 1);
    b_str(&bb, "id");
    b_addr(&bb, 0, 0, "10086");
    b_str(&bb, "");
    b_str(&bb, "");
    b_u8(&bb, 0);
    b_u8(&bb, 0);
    b_u8(&bb, 3);
    b_raw(&bb, "ab", 2);
    assert_int_equal(b_decode(&bb, &got), KF_ESME_RINVMSGLEN);
}

/* data_sm and alert_notification take 64-character addresses. */
static void data_sm_long_addresses(void **state)
{
    char a64[65], a65[66];
    (void)state;

    memset(a64, '7', 64);
    a64[64] = '\0';
    memset(a65, '7', 65);
    a65[65] = '\0';
    b_hdr(&bb, KF_SMPP_DATA_SM, 0, 1);
    b_str(&bb, "");
    b_addr(&bb, 1, 1, a64);
    b_addr(&bb, 1, 1, a64);
    b_u8(&bb, 0);
    b_u8(&bb, 0);
    b_u8(&bb, 0);
    assert_int_equal(b_decode(&bb, &got), KF_ESME_ROK);
    assert_string_equal(got.dst.addr, a64);
    b_hdr(&bb, KF_SMPP_DATA_SM, 0, 1);
    b_str(&bb, "");
    b_addr(&bb, 1, 1, a65);
    assert_int_equal(b_decode(&bb, &got), KF_ESME_RINVSRCADR);
    b_hdr(&bb, KF_SMPP_DATA_SM, 0, 1);
    b_str(&bb, "");
    b_addr(&bb, 1, 1, a64);
    b_addr(&bb, 1, 1, a64);
    b_u8(&bb, 0);
    b_u8(&bb, 0xE0);
    b_u8(&bb, 0);
    assert_int_equal(b_decode(&bb, &got), KF_ESME_RINVREGDLVFLG);
    b_hdr(&bb, KF_SMPP_ALERT_NOTIFICATION, 0, 1);
    b_addr(&bb, 1, 1, a64);
    b_addr(&bb, 1, 1, a65);
    assert_int_equal(b_decode(&bb, &got), KF_ESME_RINVDSTADR);
}

static void query_resp_final_date(void **state)
{
    (void)state;
    b_hdr(&bb, KF_SMPP_QUERY_SM_RESP, 0, 1);
    b_str(&bb, "id");
    b_str(&bb, "12345678901234567");
    b_u8(&bb, 2);
    b_u8(&bb, 0);
    assert_int_equal(b_decode(&bb, &got), KF_ESME_RINVCMDLEN);
    b_hdr(&bb, KF_SMPP_QUERY_SM_RESP, 0, 1);
    b_str(&bb, "id");
    b_str(&bb, "");
    b_u8(&bb, 2);
    assert_int_equal(b_decode(&bb, &got), KF_ESME_RINVCMDLEN);
}

/* Unknown id: whole PDU consumed, header filled, RINVCMDID (-> generic_nack). */
static void unknown_command_id(void **state)
{
    static const uint32_t ids[] = {0x00000000u, 0x0000000Au, 0x00000099u,
                                   0x80000099u, 0x00000104u, 0xFFFFFFFFu};
    size_t i;
    (void)state;

    for (i = 0; i < sizeof(ids) / sizeof(ids[0]); i++) {
        b_hdr(&bb, ids[i], 0, 0x4242);
        b_raw(&bb, "junk", 4);
        assert_int_equal(b_decode(&bb, &got), KF_ESME_RINVCMDID);
        assert_int_equal(got.cmd, ids[i]);
        assert_int_equal(got.seq, 0x4242);
        assert_int_equal(got.len, 20);
    }
}

/* Strings are copied: the struct owns them, not the buffer. */
static void strings_are_copied(void **state)
{
    (void)state;
    bind_with("esme", "pw", "VMS", "");
    assert_int_equal(b_decode(&bb, &got), KF_ESME_ROK);
    memset(bb.b, 0, bb.n);
    assert_string_equal(got.system_id, "esme");
    assert_string_equal(got.system_type, "VMS");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(bind_field_maxima),
        cmocka_unit_test(bind_missing_nul),
        cmocka_unit_test(bind_truncated_body),
        cmocka_unit_test(outbind_and_bind_resp_fields),
        cmocka_unit_test(submit_ok),
        cmocka_unit_test(submit_string_statuses),
        cmocka_unit_test(submit_flag_statuses),
        cmocka_unit_test(submit_first_error_wins),
        cmocka_unit_test(submit_sm_length_overrun),
        cmocka_unit_test(deliver_shares_submit_rules),
        cmocka_unit_test(multi_dest_statuses),
        cmocka_unit_test(multi_resp_unsuccess),
        cmocka_unit_test(message_id_statuses),
        cmocka_unit_test(cancel_and_query_addresses),
        cmocka_unit_test(replace_statuses),
        cmocka_unit_test(data_sm_long_addresses),
        cmocka_unit_test(query_resp_final_date),
        cmocka_unit_test(unknown_command_id),
        cmocka_unit_test(strings_are_copied),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
