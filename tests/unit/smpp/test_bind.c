/* SPDX-License-Identifier: MIT
 * test_bind.c -- kf_smpp_bind_allows against the full table of command ids
 * x bind states, written out by hand from SMPP 3.4 table 2-1 (as adapted
 * in docs/internals/smpp.md), and kf_smpp_bind_of_cmd. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <cmocka.h>

#include "smpp/smpp.h"

#define OK KF_ESME_ROK
#define BND KF_ESME_RINVBNDSTS
#define ALY KF_ESME_RALYBND
#define CID KF_ESME_RINVCMDID

/* Expected status per state: NONE, TX, RX, TRX. */
static const struct {
    uint32_t cmd;
    uint32_t st[4];
} table[] = {
    {KF_SMPP_BIND_TRANSMITTER, {OK, ALY, ALY, ALY}},
    {KF_SMPP_BIND_RECEIVER, {OK, ALY, ALY, ALY}},
    {KF_SMPP_BIND_TRANSCEIVER, {OK, ALY, ALY, ALY}},
    {KF_SMPP_ENQUIRE_LINK, {OK, OK, OK, OK}},
    {KF_SMPP_UNBIND, {BND, OK, OK, OK}},
    {KF_SMPP_SUBMIT_SM, {BND, OK, BND, OK}},
    {KF_SMPP_SUBMIT_MULTI, {BND, OK, BND, OK}},
    {KF_SMPP_QUERY_SM, {BND, OK, BND, OK}},
    {KF_SMPP_CANCEL_SM, {BND, OK, BND, OK}},
    {KF_SMPP_REPLACE_SM, {BND, OK, BND, OK}},
    {KF_SMPP_DATA_SM, {BND, OK, OK, OK}},
    /* SMSC -> ESME only */
    {KF_SMPP_DELIVER_SM, {CID, CID, CID, CID}},
    {KF_SMPP_OUTBIND, {CID, CID, CID, CID}},
    {KF_SMPP_ALERT_NOTIFICATION, {CID, CID, CID, CID}},
    /* responses */
    {KF_SMPP_GENERIC_NACK, {OK, OK, OK, OK}},
    {KF_SMPP_ENQUIRE_LINK_RESP, {OK, OK, OK, OK}},
    {KF_SMPP_UNBIND_RESP, {BND, OK, OK, OK}},
    {KF_SMPP_DELIVER_SM_RESP, {BND, OK, OK, OK}},
    {KF_SMPP_DATA_SM_RESP, {BND, OK, OK, OK}},
    {KF_SMPP_SUBMIT_SM_RESP, {BND, OK, OK, OK}},
    {KF_SMPP_SUBMIT_MULTI_RESP, {BND, OK, OK, OK}},
    {KF_SMPP_QUERY_SM_RESP, {BND, OK, OK, OK}},
    {KF_SMPP_CANCEL_SM_RESP, {BND, OK, OK, OK}},
    {KF_SMPP_REPLACE_SM_RESP, {BND, OK, OK, OK}},
    {KF_SMPP_BIND_TRANSMITTER_RESP, {BND, OK, OK, OK}},
    {KF_SMPP_BIND_RECEIVER_RESP, {BND, OK, OK, OK}},
    {KF_SMPP_BIND_TRANSCEIVER_RESP, {BND, OK, OK, OK}},
    /* unknown ids */
    {0x00000000u, {CID, CID, CID, CID}},
    {0x0000000Au, {CID, CID, CID, CID}},
    {0x00000104u, {CID, CID, CID, CID}},
    {0x8000000Bu, {CID, CID, CID, CID}},
    {0x80000102u, {CID, CID, CID, CID}},
    {0xFFFFFFFFu, {CID, CID, CID, CID}},
};

static void table_holds(void **state)
{
    static const enum kf_smpp_bind states[4] = {KF_BIND_NONE, KF_BIND_TX, KF_BIND_RX, KF_BIND_TRX};
    size_t i, s;
    (void)state;

    for (i = 0; i < sizeof(table) / sizeof(table[0]); i++)
        for (s = 0; s < 4; s++) {
            uint32_t st = kf_smpp_bind_allows(states[s], table[i].cmd);
            if (st != table[i].st[s])
                fail_msg("%s in state %zu: got 0x%x want 0x%x",
                         kf_smpp_cmd_name(table[i].cmd) ? kf_smpp_cmd_name(table[i].cmd)
                                                        : "unknown",
                         s, (unsigned)st, (unsigned)table[i].st[s]);
        }
}

/* Every known command id is in the table above. */
static void table_covers_every_command(void **state)
{
    static const uint32_t all[] = {
#define ID(name, val, str) val,
        KF_SMPP_CMD_MAP(ID)
#undef ID
    };
    size_t i, j;
    (void)state;

    for (i = 0; i < sizeof(all) / sizeof(all[0]); i++) {
        for (j = 0; j < sizeof(table) / sizeof(table[0]); j++)
            if (table[j].cmd == all[i])
                break;
        assert_true(j < sizeof(table) / sizeof(table[0]));
    }
}

static void bind_of_cmd(void **state)
{
    (void)state;
    assert_int_equal(kf_smpp_bind_of_cmd(KF_SMPP_BIND_TRANSMITTER), KF_BIND_TX);
    assert_int_equal(kf_smpp_bind_of_cmd(KF_SMPP_BIND_RECEIVER), KF_BIND_RX);
    assert_int_equal(kf_smpp_bind_of_cmd(KF_SMPP_BIND_TRANSCEIVER), KF_BIND_TRX);
    assert_int_equal(kf_smpp_bind_of_cmd(KF_SMPP_BIND_TRANSMITTER_RESP), KF_BIND_NONE);
    assert_int_equal(kf_smpp_bind_of_cmd(KF_SMPP_SUBMIT_SM), KF_BIND_NONE);
    assert_int_equal(kf_smpp_bind_of_cmd(KF_SMPP_OUTBIND), KF_BIND_NONE);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(table_holds),
        cmocka_unit_test(table_covers_every_command),
        cmocka_unit_test(bind_of_cmd),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
