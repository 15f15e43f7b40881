/* SPDX-License-Identifier: MIT
 *
 * model_file.c -- libFuzzer driver for classifier model files (a data file
 * an operator may swap in): arbitrary bytes are loaded as a model; a load
 * either fails with a reason or gives a model whose scores are probabilities
 * (with the features of the model's own feature set, any file version).
 */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <unistd.h>

#include "base/base.h"
#include "classify/classify.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char path[64], *err = NULL;
    int fd = memfd_create("kefu-model", 0);
    kf_model *m;

    if (fd < 0 || size > (1u << 20))
        goto out;
    if (write(fd, data, size) != (ssize_t)size)
        goto out;
    snprintf(path, sizeof path, "/proc/self/fd/%d", fd);
    m = kf_model_load(path, &err);
    if (m) {
        struct kf_fvec v;
        double p;
        kf_fvec_init(&v);
        kf_model_features(m, "点击领取 http://a.top 奖品", 30, &v);
        p = kf_model_score(m, &v);
        KF_ASSERT(p >= 0.0 && p <= 1.0);
        kf_fvec_deinit(&v);
        kf_model_free(m);
    } else {
        KF_ASSERT(err != NULL);
    }
out:
    free(err);
    if (fd >= 0)
        close(fd);
    return 0;
}
