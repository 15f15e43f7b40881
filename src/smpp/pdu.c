/* SPDX-License-Identifier: MIT
 *
 * pdu.c -- the mandatory body of every SMPP 3.4 PDU, as data.
 *
 * One table per command lists its mandatory fields in wire order, with the
 * maximum size of each C-Octet string and the command_status a malformed
 * string earns. codec.c walks these tables to decode and to encode, so the two
 * directions share one definition of the wire format. Optional parameters
 * (TLVs) follow the mandatory fields of every PDU and are handled in tlv.c.
 *
 * The same tables, drawn as byte diagrams, are in docs/internals/smpp.md;
 * change both together. Section numbers refer to SMPP v3.4 Issue 1.2.
 */
#include "smpp/smpp_int.h"

#include <stddef.h>

/* One-line descriptor macros: clang-format would spread each over four lines. */
/* clang-format off */
#define OFF(m) ((uint32_t)offsetof(struct kf_smpp_pdu, m))
#define U8(m) {KF_F_U8, 0, OFF(m), KF_ESME_ROK}
#define CHK(kind, m) {kind, 0, OFF(m), KF_ESME_ROK}
#define STR(m, max, st) {KF_F_CSTR, (max), OFF(m), (st)}
#define TIME(m, st) {KF_F_TIME, KF_SMPP_TIME_MAX, OFF(m), (st)}
#define ADDR(a, max, st) U8(a.ton), U8(a.npi), STR(a.addr, max, st)
#define SPECIAL(kind) {kind, 0, 0, KF_ESME_ROK}
/* clang-format on */

/* 4.1.1, 4.1.3, 4.1.5 bind_transmitter / bind_receiver / bind_transceiver.
 * address_range has no status of its own: ESME_RINVCMDLEN. */
static const struct kf_smpp__field f_bind[] = {
    STR(system_id, KF_SMPP_SYSTEM_ID_MAX, KF_ESME_RINVSYSID),
    STR(password, KF_SMPP_PASSWORD_MAX, KF_ESME_RINVPASWD),
    STR(system_type, KF_SMPP_SYSTEM_TYPE_MAX, KF_ESME_RINVSYSTYP),
    U8(interface_version),
    ADDR(addr_range, KF_SMPP_ADDR_RANGE_MAX, KF_ESME_RINVCMDLEN),
};

/* 4.1.2 bind_*_resp (then the sc_interface_version TLV). */
static const struct kf_smpp__field f_bind_resp[] = {
    STR(system_id, KF_SMPP_SYSTEM_ID_MAX, KF_ESME_RINVSYSID),
};

/* 4.1.7 outbind */
static const struct kf_smpp__field f_outbind[] = {
    STR(system_id, KF_SMPP_SYSTEM_ID_MAX, KF_ESME_RINVSYSID),
    STR(password, KF_SMPP_PASSWORD_MAX, KF_ESME_RINVPASWD),
};

/* 4.4.1 submit_sm and 4.6.1 deliver_sm share one layout. */
static const struct kf_smpp__field f_submit[] = {
    STR(service_type, KF_SMPP_SERVICE_TYPE_MAX, KF_ESME_RINVSERTYP),
    ADDR(src, KF_SMPP_ADDR_MAX, KF_ESME_RINVSRCADR),
    ADDR(dst, KF_SMPP_ADDR_MAX, KF_ESME_RINVDSTADR),
    U8(esm_class),
    U8(protocol_id),
    CHK(KF_F_PRIO, priority_flag),
    TIME(schedule_delivery_time, KF_ESME_RINVSCHED),
    TIME(validity_period, KF_ESME_RINVEXPIRY),
    CHK(KF_F_REGDLV, registered_delivery),
    CHK(KF_F_REPLACE, replace_if_present_flag),
    U8(data_coding),
    U8(sm_default_msg_id),
    SPECIAL(KF_F_SM),
};

/* 4.4.2 submit_sm_resp, 4.6.2 deliver_sm_resp, 4.7.2 data_sm_resp */
static const struct kf_smpp__field f_msgid[] = {
    STR(message_id, KF_SMPP_MSG_ID_MAX, KF_ESME_RINVMSGID),
};

/* 4.5.1 submit_multi */
static const struct kf_smpp__field f_multi[] = {
    STR(service_type, KF_SMPP_SERVICE_TYPE_MAX, KF_ESME_RINVSERTYP),
    ADDR(src, KF_SMPP_ADDR_MAX, KF_ESME_RINVSRCADR),
    SPECIAL(KF_F_DESTS),
    U8(esm_class),
    U8(protocol_id),
    CHK(KF_F_PRIO, priority_flag),
    TIME(schedule_delivery_time, KF_ESME_RINVSCHED),
    TIME(validity_period, KF_ESME_RINVEXPIRY),
    CHK(KF_F_REGDLV, registered_delivery),
    CHK(KF_F_REPLACE, replace_if_present_flag),
    U8(data_coding),
    U8(sm_default_msg_id),
    SPECIAL(KF_F_SM),
};

/* 4.5.2 submit_multi_resp */
static const struct kf_smpp__field f_multi_resp[] = {
    STR(message_id, KF_SMPP_MSG_ID_MAX, KF_ESME_RINVMSGID),
    SPECIAL(KF_F_UNSUCC),
};

/* 4.7.1 data_sm: 65-octet addresses, no short_message. */
static const struct kf_smpp__field f_data[] = {
    STR(service_type, KF_SMPP_SERVICE_TYPE_MAX, KF_ESME_RINVSERTYP),
    ADDR(src, KF_SMPP_ADDR65_MAX, KF_ESME_RINVSRCADR),
    ADDR(dst, KF_SMPP_ADDR65_MAX, KF_ESME_RINVDSTADR),
    U8(esm_class),
    CHK(KF_F_REGDLV, registered_delivery),
    U8(data_coding),
};

/* 4.8.1 query_sm */
static const struct kf_smpp__field f_query[] = {
    STR(message_id, KF_SMPP_MSG_ID_MAX, KF_ESME_RINVMSGID),
    ADDR(src, KF_SMPP_ADDR_MAX, KF_ESME_RINVSRCADR),
};

/* 4.8.2 query_sm_resp: final_date is only length-checked (it is ours to
 * answer, never something we act on). */
static const struct kf_smpp__field f_query_resp[] = {
    STR(message_id, KF_SMPP_MSG_ID_MAX, KF_ESME_RINVMSGID),
    STR(final_date, KF_SMPP_TIME_MAX, KF_ESME_RINVCMDLEN),
    U8(message_state),
    U8(error_code),
};

/* 4.9.1 cancel_sm */
static const struct kf_smpp__field f_cancel[] = {
    STR(service_type, KF_SMPP_SERVICE_TYPE_MAX, KF_ESME_RINVSERTYP),
    STR(message_id, KF_SMPP_MSG_ID_MAX, KF_ESME_RINVMSGID),
    ADDR(src, KF_SMPP_ADDR_MAX, KF_ESME_RINVSRCADR),
    ADDR(dst, KF_SMPP_ADDR_MAX, KF_ESME_RINVDSTADR),
};

/* 4.10.1 replace_sm */
static const struct kf_smpp__field f_replace[] = {
    STR(message_id, KF_SMPP_MSG_ID_MAX, KF_ESME_RINVMSGID),
    ADDR(src, KF_SMPP_ADDR_MAX, KF_ESME_RINVSRCADR),
    TIME(schedule_delivery_time, KF_ESME_RINVSCHED),
    TIME(validity_period, KF_ESME_RINVEXPIRY),
    CHK(KF_F_REGDLV, registered_delivery),
    U8(sm_default_msg_id),
    SPECIAL(KF_F_SM),
};

/* 4.12.1 alert_notification: src = source_addr, dst = esme_addr. */
static const struct kf_smpp__field f_alert[] = {
    ADDR(src, KF_SMPP_ADDR65_MAX, KF_ESME_RINVSRCADR),
    ADDR(dst, KF_SMPP_ADDR65_MAX, KF_ESME_RINVDSTADR),
};

/* clang-format off */
#define L(cmd, flags, f) {KF_SMPP_##cmd, (flags), (uint8_t)(sizeof(f) / sizeof((f)[0])), (f)}
#define EMPTY(cmd) {KF_SMPP_##cmd, 0, 0, NULL}
/* clang-format on */

/* Which _resp bodies are dropped on error follows the specification text
 * ("not returned if the command_status field contains a non-zero value");
 * bind resps keep system_id and data_sm_resp keeps its body because peers
 * read the system_id and the delivery_failure_reason / network_error_code
 * TLVs of a failed data_sm. */
static const struct kf_smpp__layout layouts[] = {
    EMPTY(GENERIC_NACK),
    L(BIND_RECEIVER, 0, f_bind),
    L(BIND_RECEIVER_RESP, 0, f_bind_resp),
    L(BIND_TRANSMITTER, 0, f_bind),
    L(BIND_TRANSMITTER_RESP, 0, f_bind_resp),
    L(QUERY_SM, 0, f_query),
    L(QUERY_SM_RESP, KF_LAYOUT_OMIT_ON_ERROR, f_query_resp),
    L(SUBMIT_SM, KF_LAYOUT_HAS_SM, f_submit),
    L(SUBMIT_SM_RESP, KF_LAYOUT_OMIT_ON_ERROR, f_msgid),
    L(DELIVER_SM, KF_LAYOUT_HAS_SM, f_submit),
    L(DELIVER_SM_RESP, KF_LAYOUT_OMIT_ON_ERROR, f_msgid),
    EMPTY(UNBIND),
    EMPTY(UNBIND_RESP),
    L(REPLACE_SM, KF_LAYOUT_HAS_SM, f_replace),
    EMPTY(REPLACE_SM_RESP),
    L(CANCEL_SM, 0, f_cancel),
    EMPTY(CANCEL_SM_RESP),
    L(BIND_TRANSCEIVER, 0, f_bind),
    L(BIND_TRANSCEIVER_RESP, 0, f_bind_resp),
    L(OUTBIND, 0, f_outbind),
    EMPTY(ENQUIRE_LINK),
    EMPTY(ENQUIRE_LINK_RESP),
    L(SUBMIT_MULTI, KF_LAYOUT_HAS_SM, f_multi),
    L(SUBMIT_MULTI_RESP, 0, f_multi_resp),
    L(ALERT_NOTIFICATION, 0, f_alert),
    L(DATA_SM, 0, f_data),
    L(DATA_SM_RESP, 0, f_msgid),
};

const struct kf_smpp__layout *kf_smpp__layout_of(uint32_t cmd)
{
    size_t i;

    /* 27 entries: a linear scan is as fast as anything cleverer. */
    for (i = 0; i < sizeof(layouts) / sizeof(layouts[0]); i++)
        if (layouts[i].cmd == cmd)
            return &layouts[i];
    return NULL;
}
