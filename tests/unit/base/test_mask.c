/* SPDX-License-Identifier: MIT
 * test_mask.c -- phone numbers are masked 138****5678; service numbers and
 * industry ports are shown; nothing long is echoed. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "base/mask.h"

static void masks(void **st)
{
    char out[KF_MASK_MAX];
    (void)st;
    assert_string_equal(kf_mask_msisdn("13800138001", out), "138****8001");
    assert_string_equal(kf_mask_msisdn("+8613800138001", out), "+86138****8001");
    assert_string_equal(kf_mask_msisdn("8613800138001", out), "86138****8001");
    assert_string_equal(kf_mask_msisdn("10086", out), "10086");
    assert_string_equal(kf_mask_msisdn("1065755501", out), "1065755501");
    assert_string_equal(kf_mask_msisdn("5551234", out), "55***34");
    assert_string_equal(kf_mask_msisdn("", out), "");
    assert_string_equal(kf_mask_msisdn("123456789012345678901234567890123", out), "(long)");
}

int main(void)
{
    const struct CMUnitTest tests[] = {cmocka_unit_test(masks)};
    return cmocka_run_group_tests(tests, NULL, NULL);
}
