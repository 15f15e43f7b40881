/* SPDX-License-Identifier: MIT
 *
 * conf_ini.c -- libFuzzer driver for configuration files: arbitrary bytes
 * are loaded as an INI file against the real key tables of [smpp], [hub]
 * and [http]. Either the load succeeds with every value in its declared
 * range, or it fails with a "path:line: ..." message.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "api/api.h"
#include "base/base.h"
#include "base/conf.h"
#include "hub/hub.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static struct kf_hub_conf hub;
    static struct kf_api_conf api;
    struct kf_conf_section secs[] = {
        {"smpp", NULL, kf_hub_smpp_keys, kf_hub_smpp_nkeys, &hub},
        {"hub", NULL, kf_hub_keys, kf_hub_nkeys, &hub},
        {"http", NULL, kf_api_keys, kf_api_nkeys, &api},
    };
    char path[64], *err = NULL;
    int fd = memfd_create("kefu-conf", 0), rc;

    if (fd < 0 || size > 1 << 16)
        goto out;
    if (write(fd, data, size) != (ssize_t)size)
        goto out;
    snprintf(path, sizeof path, "/proc/self/fd/%d", fd);
    rc = kf_conf_load(secs, 3, path, &err);
    if (rc == 0) {
        KF_ASSERT(err == NULL);
        KF_ASSERT(hub.port >= 0 && hub.port <= 65535);
        KF_ASSERT(hub.retry_base_ms >= 100 && hub.retry_base_ms <= 3600000);
        KF_ASSERT(memchr(hub.services, 0, sizeof hub.services));
        KF_ASSERT(api.max_body >= 1024);
    } else {
        KF_ASSERT(err != NULL && strncmp(err, path, strlen(path)) == 0);
    }
out:
    free(err);
    if (fd >= 0)
        close(fd);
    return 0;
}
