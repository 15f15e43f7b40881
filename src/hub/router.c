/* SPDX-License-Identifier: MIT
 *
 * router.c -- where a destination address goes: an internal service number
 * (exact match), an industry port (longest registered port number that
 * prefixes the address: MO replies may carry the port's extension), or a
 * subscriber (any other plausible MSISDN, out through the network links).
 */
#include "hub/hub_int.h"

#include <string.h>

/* Digits (after an optional '+'), at most 20 characters in all: what a
 * deliver_sm address can carry. Returns the digit count, or 0. */
static size_t number_digits(const char *s)
{
    size_t n = 0, len = strlen(s);
    if (len == 0 || len > 20)
        return 0;
    if (*s == '+')
        s++;
    for (; *s; s++, n++)
        if (*s < '0' || *s > '9')
            return 0;
    return n;
}

int kf_hub__is_msisdn(const char *s)
{
    return number_digits(s) >= 5;
}

uint32_t kf_hub__route(kf_hub *h, const char *dst, struct route *r)
{
    memset(r, 0, sizeof *r);
    /* Every destination we can serve is a number: a service number, a port
     * with its extension, or an MSISDN of at most 20 digits (what a
     * deliver_sm can carry). */
    if (number_digits(dst) == 0)
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
