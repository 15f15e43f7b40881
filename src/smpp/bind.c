/* SPDX-License-Identifier: MIT
 *
 * bind.c -- which requests an ESME may send an SMSC in each bind state
 * (SMPP 3.4 sections 2.2-2.3 and table 2-1), seen from the SMSC side.
 *
 * This is only the rule table; the session state machine that tracks the
 * state and answers with the returned status lives in the hub. The table is
 * drawn in docs/internals/smpp.md.
 */
#include "smpp/smpp.h"

#include "base/base.h"

/* Requests only an SMSC issues; an ESME sending one has sent a command id
 * that does not exist in its direction. */
static int smsc_only(uint32_t cmd)
{
    return cmd == KF_SMPP_OUTBIND || cmd == KF_SMPP_ALERT_NOTIFICATION || cmd == KF_SMPP_DELIVER_SM;
}

/* Requests a transmitter may send besides the ones every bind may. */
static int tx_request(uint32_t cmd)
{
    switch (cmd) {
    case KF_SMPP_SUBMIT_SM:
    case KF_SMPP_SUBMIT_MULTI:
    case KF_SMPP_QUERY_SM:
    case KF_SMPP_CANCEL_SM:
    case KF_SMPP_REPLACE_SM:
        return 1;
    default:
        return 0;
    }
}

/* Before binding, a peer may bind or check the link, and answer our own
 * enquire_link (enquire_link_resp, or generic_nack if it cannot parse it). */
static uint32_t unbound_allows(uint32_t cmd)
{
    if (kf_smpp_bind_of_cmd(cmd) != KF_BIND_NONE || cmd == KF_SMPP_ENQUIRE_LINK ||
        cmd == KF_SMPP_ENQUIRE_LINK_RESP || cmd == KF_SMPP_GENERIC_NACK)
        return KF_ESME_ROK;
    return KF_ESME_RINVBNDSTS;
}

/* Order of the checks: unknown or SMSC-only ids are RINVCMDID in every
 * state; then the unbound rules; then RALYBND for a second bind; then
 * responses (always allowed once bound); then the per-bind request sets.
 * An out-of-range `b` is treated as unbound. */
uint32_t kf_smpp_bind_allows(enum kf_smpp_bind b, uint32_t cmd)
{
    if (kf_smpp_cmd_name(cmd) == NULL || smsc_only(cmd))
        return KF_ESME_RINVCMDID;
    if (b != KF_BIND_TX && b != KF_BIND_RX && b != KF_BIND_TRX)
        return unbound_allows(cmd);
    if (kf_smpp_bind_of_cmd(cmd) != KF_BIND_NONE)
        return KF_ESME_RALYBND;
    if (cmd & KF_SMPP_RESP_BIT)
        return KF_ESME_ROK;
    if (cmd == KF_SMPP_ENQUIRE_LINK || cmd == KF_SMPP_UNBIND || cmd == KF_SMPP_DATA_SM)
        return KF_ESME_ROK;
    if (tx_request(cmd))
        return b == KF_BIND_RX ? KF_ESME_RINVBNDSTS : KF_ESME_ROK;
    KF_ASSERT(!"command missing from the bind table");
    return KF_ESME_RINVCMDID;
}

/* Request ids only: a bind_*_resp maps to KF_BIND_NONE, so this can be used
 * to spot an incoming bind request without also matching responses. */
enum kf_smpp_bind kf_smpp_bind_of_cmd(uint32_t cmd)
{
    switch (cmd) {
    case KF_SMPP_BIND_TRANSMITTER:
        return KF_BIND_TX;
    case KF_SMPP_BIND_RECEIVER:
        return KF_BIND_RX;
    case KF_SMPP_BIND_TRANSCEIVER:
        return KF_BIND_TRX;
    default:
        return KF_BIND_NONE;
    }
}
