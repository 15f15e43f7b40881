/* SPDX-License-Identifier: MIT
 *
 * smpp.h -- SMPP 3.4 codec and bind-state rules: the whole public interface
 * of src/smpp/.
 *
 * Pure: no sockets, no clocks, no allocation on the decode path. The decoder
 * reads one PDU from a byte buffer into a caller-owned struct kf_smpp_pdu;
 * C-Octet strings are copied into fixed arrays sized by the specification's
 * maxima, octet strings (short_message, TLV values) are views into the input
 * buffer and live only as long as it does. The encoder writes a PDU struct to
 * a caller buffer. Wire layout and field maxima: docs/internals/smpp.md.
 *
 * Thread-safety: all functions are reentrant; a pdu struct belongs to one
 * thread at a time.
 */
#ifndef KF_SMPP_SMPP_H
#define KF_SMPP_SMPP_H

#include <stddef.h>
#include <stdint.h>

/* ---------------------------------------------------------------- commands */

#define KF_SMPP_RESP_BIT 0x80000000u

#define KF_SMPP_CMD_MAP(X)                                  \
    X(GENERIC_NACK, 0x80000000u, "generic_nack")            \
    X(BIND_RECEIVER, 0x00000001u, "bind_receiver")          \
    X(BIND_RECEIVER_RESP, 0x80000001u, "bind_receiver_resp") \
    X(BIND_TRANSMITTER, 0x00000002u, "bind_transmitter")    \
    X(BIND_TRANSMITTER_RESP, 0x80000002u, "bind_transmitter_resp") \
    X(QUERY_SM, 0x00000003u, "query_sm")                    \
    X(QUERY_SM_RESP, 0x80000003u, "query_sm_resp")          \
    X(SUBMIT_SM, 0x00000004u, "submit_sm")                  \
    X(SUBMIT_SM_RESP, 0x80000004u, "submit_sm_resp")        \
    X(DELIVER_SM, 0x00000005u, "deliver_sm")                \
    X(DELIVER_SM_RESP, 0x80000005u, "deliver_sm_resp")      \
    X(UNBIND, 0x00000006u, "unbind")                        \
    X(UNBIND_RESP, 0x80000006u, "unbind_resp")              \
    X(REPLACE_SM, 0x00000007u, "replace_sm")                \
    X(REPLACE_SM_RESP, 0x80000007u, "replace_sm_resp")      \
    X(CANCEL_SM, 0x00000008u, "cancel_sm")                  \
    X(CANCEL_SM_RESP, 0x80000008u, "cancel_sm_resp")        \
    X(BIND_TRANSCEIVER, 0x00000009u, "bind_transceiver")    \
    X(BIND_TRANSCEIVER_RESP, 0x80000009u, "bind_transceiver_resp") \
    X(OUTBIND, 0x0000000Bu, "outbind")                      \
    X(ENQUIRE_LINK, 0x00000015u, "enquire_link")            \
    X(ENQUIRE_LINK_RESP, 0x80000015u, "enquire_link_resp")  \
    X(SUBMIT_MULTI, 0x00000021u, "submit_multi")            \
    X(SUBMIT_MULTI_RESP, 0x80000021u, "submit_multi_resp")  \
    X(ALERT_NOTIFICATION, 0x00000102u, "alert_notification") \
    X(DATA_SM, 0x00000103u, "data_sm")                      \
    X(DATA_SM_RESP, 0x80000103u, "data_sm_resp")

enum kf_smpp_cmd {
#define KF_SMPP_CMD_ENUM(name, val, str) KF_SMPP_##name = val,
    KF_SMPP_CMD_MAP(KF_SMPP_CMD_ENUM)
#undef KF_SMPP_CMD_ENUM
};

/* "submit_sm", or NULL for an unknown id. */
const char *kf_smpp_cmd_name(uint32_t cmd);

/* ---------------------------------------------------------- command_status */

#define KF_SMPP_STATUS_MAP(X)                                        \
    X(ROK, 0x00, "ok")                                               \
    X(RINVMSGLEN, 0x01, "message length is invalid")                 \
    X(RINVCMDLEN, 0x02, "command length is invalid")                 \
    X(RINVCMDID, 0x03, "invalid command id")                         \
    X(RINVBNDSTS, 0x04, "incorrect bind status for given command")  \
    X(RALYBND, 0x05, "already in bound state")                       \
    X(RINVPRTFLG, 0x06, "invalid priority flag")                     \
    X(RINVREGDLVFLG, 0x07, "invalid registered delivery flag")       \
    X(RSYSERR, 0x08, "system error")                                 \
    X(RINVSRCADR, 0x0A, "invalid source address")                    \
    X(RINVDSTADR, 0x0B, "invalid destination address")               \
    X(RINVMSGID, 0x0C, "message id is invalid")                      \
    X(RBINDFAIL, 0x0D, "bind failed")                                \
    X(RINVPASWD, 0x0E, "invalid password")                           \
    X(RINVSYSID, 0x0F, "invalid system id")                          \
    X(RCANCELFAIL, 0x11, "cancel sm failed")                         \
    X(RREPLACEFAIL, 0x13, "replace sm failed")                       \
    X(RMSGQFUL, 0x14, "message queue full")                          \
    X(RINVSERTYP, 0x15, "invalid service type")                      \
    X(RINVNUMDESTS, 0x33, "invalid number of destinations")          \
    X(RINVDLNAME, 0x34, "invalid distribution list name")            \
    X(RINVDESTFLAG, 0x40, "destination flag is invalid")             \
    X(RINVSUBREP, 0x42, "invalid submit with replace request")       \
    X(RINVESMCLASS, 0x43, "invalid esm_class field data")            \
    X(RCNTSUBDL, 0x44, "cannot submit to distribution list")         \
    X(RSUBMITFAIL, 0x45, "submit_sm or submit_multi failed")         \
    X(RINVSRCTON, 0x48, "invalid source address ton")                \
    X(RINVSRCNPI, 0x49, "invalid source address npi")                \
    X(RINVDSTTON, 0x50, "invalid destination address ton")           \
    X(RINVDSTNPI, 0x51, "invalid destination address npi")           \
    X(RINVSYSTYP, 0x53, "invalid system_type field")                 \
    X(RINVREPFLAG, 0x54, "invalid replace_if_present flag")          \
    X(RINVNUMMSGS, 0x55, "invalid number of messages")               \
    X(RTHROTTLED, 0x58, "throttling error")                          \
    X(RINVSCHED, 0x61, "invalid scheduled delivery time")            \
    X(RINVEXPIRY, 0x62, "invalid message validity period")           \
    X(RINVDFTMSGID, 0x63, "predefined message invalid or not found") \
    X(RX_T_APPN, 0x64, "esme receiver temporary app error")          \
    X(RX_P_APPN, 0x65, "esme receiver permanent app error")          \
    X(RX_R_APPN, 0x66, "esme receiver reject message error")         \
    X(RQUERYFAIL, 0x67, "query_sm request failed")                   \
    X(RINVOPTPARSTREAM, 0xC0, "error in the optional part of the pdu body") \
    X(ROPTPARNOTALLWD, 0xC1, "optional parameter not allowed")       \
    X(RINVPARLEN, 0xC2, "invalid parameter length")                  \
    X(RMISSINGOPTPARAM, 0xC3, "expected optional parameter missing") \
    X(RINVOPTPARAMVAL, 0xC4, "invalid optional parameter value")     \
    X(RDELIVERYFAILURE, 0xFE, "delivery failure")                    \
    X(RUNKNOWNERR, 0xFF, "unknown error")

enum kf_smpp_status {
#define KF_SMPP_ST_ENUM(name, val, str) KF_ESME_##name = val,
    KF_SMPP_STATUS_MAP(KF_SMPP_ST_ENUM)
#undef KF_SMPP_ST_ENUM
};

/* "ESME_RTHROTTLED" and a description; NULL / "unknown status" if unknown. */
const char *kf_smpp_status_name(uint32_t status);
const char *kf_smpp_status_text(uint32_t status);

/* -------------------------------------------------------------------- TLVs */

enum kf_smpp_tlv_tag {
    KF_TLV_DEST_ADDR_SUBUNIT = 0x0005,
    KF_TLV_DEST_NETWORK_TYPE = 0x0006,
    KF_TLV_DEST_BEARER_TYPE = 0x0007,
    KF_TLV_DEST_TELEMATICS_ID = 0x0008,
    KF_TLV_SOURCE_ADDR_SUBUNIT = 0x000D,
    KF_TLV_SOURCE_NETWORK_TYPE = 0x000E,
    KF_TLV_SOURCE_BEARER_TYPE = 0x000F,
    KF_TLV_SOURCE_TELEMATICS_ID = 0x0010,
    KF_TLV_QOS_TIME_TO_LIVE = 0x0017,
    KF_TLV_PAYLOAD_TYPE = 0x0019,
    KF_TLV_ADDITIONAL_STATUS_INFO_TEXT = 0x001D,
    KF_TLV_RECEIPTED_MESSAGE_ID = 0x001E,
    KF_TLV_MS_MSG_WAIT_FACILITIES = 0x0030,
    KF_TLV_PRIVACY_INDICATOR = 0x0201,
    KF_TLV_SOURCE_SUBADDRESS = 0x0202,
    KF_TLV_DEST_SUBADDRESS = 0x0203,
    KF_TLV_USER_MESSAGE_REFERENCE = 0x0204,
    KF_TLV_USER_RESPONSE_CODE = 0x0205,
    KF_TLV_SOURCE_PORT = 0x020A,
    KF_TLV_DESTINATION_PORT = 0x020B,
    KF_TLV_SAR_MSG_REF_NUM = 0x020C,
    KF_TLV_LANGUAGE_INDICATOR = 0x020D,
    KF_TLV_SAR_TOTAL_SEGMENTS = 0x020E,
    KF_TLV_SAR_SEGMENT_SEQNUM = 0x020F,
    KF_TLV_SC_INTERFACE_VERSION = 0x0210,
    KF_TLV_CALLBACK_NUM_PRES_IND = 0x0302,
    KF_TLV_CALLBACK_NUM_ATAG = 0x0303,
    KF_TLV_NUMBER_OF_MESSAGES = 0x0304,
    KF_TLV_CALLBACK_NUM = 0x0381,
    KF_TLV_DPF_RESULT = 0x0420,
    KF_TLV_SET_DPF = 0x0421,
    KF_TLV_MS_AVAILABILITY_STATUS = 0x0422,
    KF_TLV_NETWORK_ERROR_CODE = 0x0423,
    KF_TLV_MESSAGE_PAYLOAD = 0x0424,
    KF_TLV_DELIVERY_FAILURE_REASON = 0x0425,
    KF_TLV_MORE_MESSAGES_TO_SEND = 0x0426,
    KF_TLV_MESSAGE_STATE = 0x0427,
    KF_TLV_USSD_SERVICE_OP = 0x0501,
    KF_TLV_DISPLAY_TIME = 0x1201,
    KF_TLV_SMS_SIGNAL = 0x1203,
    KF_TLV_MS_VALIDITY = 0x1204,
    KF_TLV_ALERT_ON_MESSAGE_DELIVERY = 0x130C,
    KF_TLV_ITS_REPLY_TYPE = 0x1380,
    KF_TLV_ITS_SESSION_INFO = 0x1383,
};

/* message_state values (SMPP 3.4 section 5.2.28), used in query_sm_resp,
 * the message_state TLV and the stat: field of delivery receipts. */
enum kf_smpp_msg_state {
    KF_MSG_ENROUTE = 1,
    KF_MSG_DELIVERED = 2,
    KF_MSG_EXPIRED = 3,
    KF_MSG_DELETED = 4,
    KF_MSG_UNDELIVERABLE = 5,
    KF_MSG_ACCEPTED = 6,
    KF_MSG_UNKNOWN = 7,
    KF_MSG_REJECTED = 8,
};

/* esm_class bits */
#define KF_ESM_UDHI 0x40u            /* short_message starts with a UDH */
#define KF_ESM_TYPE_MASK 0x3Cu
#define KF_ESM_TYPE_RECEIPT 0x04u    /* SMSC delivery receipt */
#define KF_ESM_REPLY_PATH 0x80u

/* ---------------------------------------------------------- field maxima */

/* Sizes include the terminating NUL, as in the specification's tables. */
#define KF_SMPP_SYSTEM_ID_MAX 16
#define KF_SMPP_PASSWORD_MAX 9
#define KF_SMPP_SYSTEM_TYPE_MAX 13
#define KF_SMPP_ADDR_RANGE_MAX 41
#define KF_SMPP_SERVICE_TYPE_MAX 6
#define KF_SMPP_ADDR_MAX 21       /* source_addr, destination_addr */
#define KF_SMPP_ADDR65_MAX 65     /* data_sm/alert_notification addresses, esme_addr */
#define KF_SMPP_TIME_MAX 17
#define KF_SMPP_MSG_ID_MAX 65
#define KF_SMPP_DL_NAME_MAX 21
#define KF_SMPP_SM_MAX 254
#define KF_SMPP_MAX_DESTS 254
#define KF_SMPP_MAX_TLVS 32
#define KF_SMPP_HEADER_LEN 16
/* Largest PDU we accept: short_message plus a 64 KiB message_payload would
 * not fit a sane SMSC; 4 KiB body covers message_payload use in practice. */
#define KF_SMPP_PDU_MAX 8192

struct kf_smpp_addr {
    uint8_t ton;
    uint8_t npi;
    char addr[KF_SMPP_ADDR65_MAX];
};

struct kf_smpp_tlv {
    uint16_t tag;
    uint16_t len;
    const uint8_t *val; /* view into the decoded buffer */
};

/* submit_multi destination: an SME address (flag 1) or a DL name (flag 2). */
struct kf_smpp_dest {
    uint8_t flag;
    struct kf_smpp_addr addr; /* flag 1 */
    char dl_name[KF_SMPP_DL_NAME_MAX];  /* flag 2 */
};

/* submit_multi_resp unsuccess_sme entry */
struct kf_smpp_unsuccess {
    struct kf_smpp_addr addr;
    uint32_t error_status;
};

/* One PDU, all body fields flattened: only those of `cmd` are meaningful.
 * Large (the dests array): keep one per session and reuse it. */
struct kf_smpp_pdu {
    uint32_t len; /* command_length as decoded / written */
    uint32_t cmd;
    uint32_t status;
    uint32_t seq;

    /* bind_*: */
    char system_id[KF_SMPP_SYSTEM_ID_MAX];
    char password[KF_SMPP_PASSWORD_MAX];
    char system_type[KF_SMPP_SYSTEM_TYPE_MAX];
    uint8_t interface_version;
    struct kf_smpp_addr addr_range; /* address_range, ton/npi */

    /* submit_sm, deliver_sm, data_sm, submit_multi, replace_sm, query_sm,
     * cancel_sm, alert_notification (src = source, dst = esme_addr): */
    char service_type[KF_SMPP_SERVICE_TYPE_MAX];
    struct kf_smpp_addr src;
    struct kf_smpp_addr dst;
    uint8_t esm_class;
    uint8_t protocol_id;
    uint8_t priority_flag;
    char schedule_delivery_time[KF_SMPP_TIME_MAX];
    char validity_period[KF_SMPP_TIME_MAX];
    uint8_t registered_delivery;
    uint8_t replace_if_present_flag;
    uint8_t data_coding;
    uint8_t sm_default_msg_id;
    uint8_t sm_length;
    const uint8_t *short_message; /* view, sm_length bytes */

    /* submit_multi */
    uint8_t number_of_dests;
    struct kf_smpp_dest dests[KF_SMPP_MAX_DESTS];
    /* submit_multi_resp */
    uint8_t no_unsuccess;
    struct kf_smpp_unsuccess unsuccess[KF_SMPP_MAX_DESTS];

    /* *_resp with message_id, query_sm, cancel_sm, replace_sm */
    char message_id[KF_SMPP_MSG_ID_MAX];
    /* query_sm_resp */
    char final_date[KF_SMPP_TIME_MAX];
    uint8_t message_state;
    uint8_t error_code;

    /* Optional parameters, in wire order. */
    uint8_t ntlvs;
    struct kf_smpp_tlv tlvs[KF_SMPP_MAX_TLVS];
    const uint8_t *tlv_raw; /* the whole TLV region as received (view) */
    size_t tlv_raw_len;
};

/* --------------------------------------------------------------- decoding */

/* Decodes one PDU from `buf`.
 * Returns:
 *   > 0         bytes consumed (command_length): a whole PDU was present.
 *               *status_out = 0 when it is well-formed, or the ESME_R* code
 *               the SMSC must answer with (the answer is the command's own
 *               _resp, or generic_nack for an unknown command id; the header
 *               fields cmd/seq are always filled). Decoding stops at the
 *               first error; other body fields are then unspecified.
 *   KF_EAGAIN   fewer bytes than the PDU needs; call again with more.
 *   KF_EPROTO   the framing itself is broken (command_length < 16 or
 *               > KF_SMPP_PDU_MAX): answer generic_nack ESME_RINVCMDLEN with
 *               pdu->seq and close the connection, the stream cannot resync.
 * Views in `pdu` point into `buf`. Never reads beyond len. */
int kf_smpp_decode(const uint8_t *buf, size_t len, struct kf_smpp_pdu *pdu, uint32_t *status_out);

/* Returns a view of the first TLV with `tag`, or NULL. */
const struct kf_smpp_tlv *kf_smpp_tlv_find(const struct kf_smpp_pdu *pdu, uint16_t tag);
/* Reads an integer TLV of 1, 2 or 4 bytes; returns 0 or KF_ENOENT/KF_EPROTO. */
int kf_smpp_tlv_uint(const struct kf_smpp_pdu *pdu, uint16_t tag, uint32_t *out);

/* --------------------------------------------------------------- encoding */

/* Zeroes a PDU and sets cmd/seq; status 0. */
void kf_smpp_pdu_init(struct kf_smpp_pdu *pdu, uint32_t cmd, uint32_t seq);
/* Appends a TLV to pdu->tlvs (value is borrowed, must outlive encoding).
 * Returns 0 or KF_ETOOBIG when the table is full. */
int kf_smpp_tlv_add(struct kf_smpp_pdu *pdu, uint16_t tag, const void *val, uint16_t len);
/* Writes the PDU to `out` (cap bytes). The body written is the one for
 * pdu->cmd; a _resp with a non-zero status whose spec says the body is
 * omitted on error (bind resps excepted) gets no body. TLVs in pdu->tlvs are
 * written in order; tlv_raw is ignored. Returns bytes written, KF_ETOOBIG if
 * cap is too small or a field exceeds its maximum, KF_EINVAL for an unknown
 * command. Sets pdu->len. */
int kf_smpp_encode(struct kf_smpp_pdu *pdu, uint8_t *out, size_t cap);

/* ------------------------------------------------------------- bind state */

enum kf_smpp_bind {
    KF_BIND_NONE = 0, /* open, not bound */
    KF_BIND_TX = 1,
    KF_BIND_RX = 2,
    KF_BIND_TRX = 3,
};

/* The SMSC-side rule of section 2.3 / 4: may a peer in bind state `b` send
 * us request `cmd`? Returns ESME_ROK, ESME_RINVBNDSTS (e.g. submit_sm on a
 * receiver bind or before binding), ESME_RALYBND (a bind while bound), or
 * ESME_RINVCMDID (unknown id or a command only an SMSC sends, e.g. outbind). */
uint32_t kf_smpp_bind_allows(enum kf_smpp_bind b, uint32_t cmd);
/* Bind type requested by a bind_* command id, or KF_BIND_NONE. */
enum kf_smpp_bind kf_smpp_bind_of_cmd(uint32_t cmd);

/* ------------------------------------------------------------------ times */

/* Parses an SMPP absolute ("YYMMDDhhmmsstnnp", p = + or -) or relative
 * ("YYMMDDhhmmss000R") time into epoch milliseconds, given the current time
 * for relative values. "" means unset: returns 0 with *out_ms = 0.
 * Returns 0 or KF_EINVAL. */
int kf_smpp_time_parse(const char *s, int64_t now_ms, int64_t *out_ms);
/* Formats epoch ms as an absolute UTC SMPP time "YYMMDDhhmmss000+" into
 * out (KF_SMPP_TIME_MAX bytes). */
void kf_smpp_time_format(int64_t ms, char out[KF_SMPP_TIME_MAX]);

/* --------------------------------------------------- delivery receipts */

/* Appendix B receipt text. */
struct kf_smpp_receipt {
    char id[KF_SMPP_MSG_ID_MAX];
    unsigned sub, dlvrd;  /* 0..999 */
    int64_t submit_ms;    /* epoch ms, formatted YYMMDDhhmm (UTC) */
    int64_t done_ms;
    uint8_t state;        /* enum kf_smpp_msg_state, shown as stat: DELIVRD... */
    unsigned err;         /* 0..999 */
    char text[21];        /* first 20 bytes of the original message */
};

/* "DELIVRD", "EXPIRED", "DELETED", "UNDELIV", "ACCEPTD", "UNKNOWN",
 * "REJECTD", "ENROUTE". */
const char *kf_smpp_state_stat(uint8_t state);
/* Writes "id:... sub:001 dlvrd:001 submit date:... done date:... stat:...
 * err:000 text:..." into out (cap bytes, NUL-terminated, at most 254 bytes
 * used). Returns the length or KF_ETOOBIG. */
int kf_smpp_receipt_format(const struct kf_smpp_receipt *r, char *out, size_t cap);
/* Parses receipt text (as found in a deliver_sm short_message). Fields not
 * present are left zero. Returns 0 or KF_EINVAL when no "id:" is found. */
int kf_smpp_receipt_parse(const uint8_t *text, size_t len, struct kf_smpp_receipt *r);

#endif
