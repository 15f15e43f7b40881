/* SPDX-License-Identifier: MIT
 * test_names.c -- command, command_status and message-state names. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <cmocka.h>

#include "smpp/smpp.h"

static void cmd_names(void **state)
{
    (void)state;
    assert_string_equal(kf_smpp_cmd_name(0x00000004u), "submit_sm");
    assert_string_equal(kf_smpp_cmd_name(0x80000021u), "submit_multi_resp");
    assert_string_equal(kf_smpp_cmd_name(0x80000000u), "generic_nack");
    assert_string_equal(kf_smpp_cmd_name(0x00000102u), "alert_notification");
    assert_string_equal(kf_smpp_cmd_name(0x0000000Bu), "outbind");
    assert_null(kf_smpp_cmd_name(0x0000000Au));
    assert_null(kf_smpp_cmd_name(0x8000000Bu));
}

static void status_names(void **state)
{
    (void)state;
    assert_string_equal(kf_smpp_status_name(0), "ESME_ROK");
    assert_string_equal(kf_smpp_status_name(0x58), "ESME_RTHROTTLED");
    assert_string_equal(kf_smpp_status_name(0xC0), "ESME_RINVOPTPARSTREAM");
    assert_null(kf_smpp_status_name(0x09));
    assert_string_equal(kf_smpp_status_text(0x0F), "invalid system id");
    assert_string_equal(kf_smpp_status_text(0x400), "unknown status");
}

static void state_words(void **state)
{
    (void)state;
    assert_string_equal(kf_smpp_state_stat(KF_MSG_DELIVERED), "DELIVRD");
    assert_string_equal(kf_smpp_state_stat(KF_MSG_UNDELIVERABLE), "UNDELIV");
    assert_string_equal(kf_smpp_state_stat(KF_MSG_ACCEPTED), "ACCEPTD");
    assert_string_equal(kf_smpp_state_stat(KF_MSG_REJECTED), "REJECTD");
    assert_string_equal(kf_smpp_state_stat(0), "UNKNOWN");
    assert_string_equal(kf_smpp_state_stat(9), "UNKNOWN");
    assert_string_equal(kf_smpp_state_stat(255), "UNKNOWN");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(cmd_names),
        cmocka_unit_test(status_names),
        cmocka_unit_test(state_words),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
