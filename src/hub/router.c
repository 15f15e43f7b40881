/* SPDX-License-Identifier: MIT
 *
 * router.c -- where a destination address goes: an internal service number
 * (exact match), an industry port (longest registered port number that
 * prefixes the address: MO replies may carry the port's extension), or a
 * subscriber (any other plausible MSISDN, out through the network links).
 */
#include "hub/hub_int.h"

#include <string.h>

int kf_hub__is_msisdn(const char *s)
{
    size_t n = 0;
    if (*s == '+')
        s++;
    for (; *s; s++, n++)
        if (*s < '0' || *s > '9')
            return 0;
    return n >= 5 && n <= 20;
}

uint32_t kf_hub__route(kf_hub *h, const char *dst, struct route *r)
{
    memset(r, 0, sizeof *r);
    if (dst[0] == '\0')
        return KF_ESME_RINVDSTADR;
    for (size_t i = 0; i < h->nsvcs; i++)
        if (strcmp(h->svcs[i].number, dst) == 0) {
            r->kind = KF_ROUTE_SERVICE;
            r->svc = &h->svcs[i];
            return KF_ESME_ROK;
        }
    r->port = kf_hub__port_for_dst(h, dst);
    if (r->port) {
        r->kind = KF_ROUTE_PORT;
        return KF_ESME_ROK;
    }
    if (!kf_hub__is_msisdn(dst))
        return KF_ESME_RINVDSTADR;
    r->kind = KF_ROUTE_SUBSCRIBER;
    return KF_ESME_ROK;
}
