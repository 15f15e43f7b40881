/* SPDX-License-Identifier: MIT
 * test_map.c -- the u64 map against a reference array, with deletions. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <cmocka.h>

#include "base/map.h"

static void map_random_ops(void **state)
{
    enum { N = 5000 };
    static int present[N];
    struct kf_map m;
    unsigned seed = 12345;
    (void)state;

    kf_map_init(&m);
    for (int round = 0; round < 200000; round++) {
        seed = seed * 1103515245u + 12345u;
        int k = (int)((seed >> 8) % N);
        uint64_t key = (uint64_t)k + 1;
        if ((seed >> 4) & 1) {
            kf_map_put(&m, key, (void *)(uintptr_t)(k * 2 + 1));
            present[k] = 1;
        } else {
            void *v = kf_map_del(&m, key);
            if (present[k])
                assert_ptr_equal(v, (void *)(uintptr_t)(k * 2 + 1));
            else
                assert_null(v);
            present[k] = 0;
        }
    }
    size_t count = 0;
    for (int k = 0; k < N; k++) {
        void *v = kf_map_get(&m, (uint64_t)k + 1);
        if (present[k]) {
            count++;
            assert_ptr_equal(v, (void *)(uintptr_t)(k * 2 + 1));
        } else {
            assert_null(v);
        }
    }
    assert_int_equal(count, m.len);
    kf_map_deinit(&m);
}

int main(void)
{
    const struct CMUnitTest tests[] = {cmocka_unit_test(map_random_ops)};
    return cmocka_run_group_tests(tests, NULL, NULL);
}
