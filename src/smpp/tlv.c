/* SPDX-License-Identifier: MIT
 *
 * tlv.c -- SMPP optional parameters (TLVs, section 3.2.1.1 / 5.3).
 *
 * Parses the TLV region that follows a PDU's mandatory body into views,
 * checks the length of the TLVs the specification defines and refuses a
 * repeated one, and offers lookup and building helpers. Unknown tags are kept
 * untouched: the specification asks a receiver to ignore what it does not
 * know, and the hub may forward them. Nothing here allocates.
 */
#include "smpp/smpp_int.h"

#include <string.h>

#include "base/base.h"

/* Length bounds (octets) of the TLVs section 5.3.2 defines. A few are looser
 * than 3.4 where peers commonly follow SMPP 5.0 or disagree with the 3.4
 * text (source_telematics_id, alert_on_message_delivery). */
struct tlv_def {
    uint16_t tag;
    uint16_t min, max;
    uint8_t repeat; /* may appear more than once in one PDU */
};

static const struct tlv_def tlv_defs[] = {
    {KF_TLV_DEST_ADDR_SUBUNIT, 1, 1, 0},
    {KF_TLV_DEST_NETWORK_TYPE, 1, 1, 0},
    {KF_TLV_DEST_BEARER_TYPE, 1, 1, 0},
    {KF_TLV_DEST_TELEMATICS_ID, 1, 2, 0},
    {KF_TLV_SOURCE_ADDR_SUBUNIT, 1, 1, 0},
    {KF_TLV_SOURCE_NETWORK_TYPE, 1, 1, 0},
    {KF_TLV_SOURCE_BEARER_TYPE, 1, 1, 0},
    {KF_TLV_SOURCE_TELEMATICS_ID, 1, 2, 0},
    {KF_TLV_QOS_TIME_TO_LIVE, 4, 4, 0},
    {KF_TLV_PAYLOAD_TYPE, 1, 1, 0},
    {KF_TLV_ADDITIONAL_STATUS_INFO_TEXT, 1, 256, 0},
    {KF_TLV_RECEIPTED_MESSAGE_ID, 1, 65, 0},
    {KF_TLV_MS_MSG_WAIT_FACILITIES, 1, 1, 0},
    {KF_TLV_PRIVACY_INDICATOR, 1, 1, 0},
    {KF_TLV_SOURCE_SUBADDRESS, 2, 23, 0},
    {KF_TLV_DEST_SUBADDRESS, 2, 23, 0},
    {KF_TLV_USER_MESSAGE_REFERENCE, 2, 2, 0},
    {KF_TLV_USER_RESPONSE_CODE, 1, 1, 0},
    {KF_TLV_SOURCE_PORT, 2, 2, 0},
    {KF_TLV_DESTINATION_PORT, 2, 2, 0},
    {KF_TLV_SAR_MSG_REF_NUM, 2, 2, 0},
    {KF_TLV_LANGUAGE_INDICATOR, 1, 1, 0},
    {KF_TLV_SAR_TOTAL_SEGMENTS, 1, 1, 0},
    {KF_TLV_SAR_SEGMENT_SEQNUM, 1, 1, 0},
    {KF_TLV_SC_INTERFACE_VERSION, 1, 1, 0},
    {KF_TLV_CALLBACK_NUM_PRES_IND, 1, 1, 1},
    {KF_TLV_CALLBACK_NUM_ATAG, 0, 65, 1},
    {KF_TLV_NUMBER_OF_MESSAGES, 1, 1, 0},
    {KF_TLV_CALLBACK_NUM, 4, 19, 1},
    {KF_TLV_DPF_RESULT, 1, 1, 0},
    {KF_TLV_SET_DPF, 1, 1, 0},
    {KF_TLV_MS_AVAILABILITY_STATUS, 1, 1, 0},
    {KF_TLV_NETWORK_ERROR_CODE, 3, 3, 0},
    {KF_TLV_MESSAGE_PAYLOAD, 0, 0xFFFF, 0},
    {KF_TLV_DELIVERY_FAILURE_REASON, 1, 1, 0},
    {KF_TLV_MORE_MESSAGES_TO_SEND, 1, 1, 0},
    {KF_TLV_MESSAGE_STATE, 1, 1, 0},
    {KF_TLV_USSD_SERVICE_OP, 1, 1, 0},
    {KF_TLV_DISPLAY_TIME, 1, 1, 0},
    {KF_TLV_SMS_SIGNAL, 2, 2, 0},
    {KF_TLV_MS_VALIDITY, 1, 1, 0},
    {KF_TLV_ALERT_ON_MESSAGE_DELIVERY, 0, 1, 0},
    {KF_TLV_ITS_REPLY_TYPE, 1, 1, 0},
    {KF_TLV_ITS_SESSION_INFO, 2, 2, 0},
};

static const struct tlv_def *tlv_def_of(uint16_t tag)
{
    size_t i;

    for (i = 0; i < KF_ARRAY_LEN(tlv_defs); i++)
        if (tlv_defs[i].tag == tag)
            return &tlv_defs[i];
    return NULL;
}

/* Checks one TLV against its definition and the TLVs already parsed. */
static uint32_t tlv_check(const struct kf_smpp_pdu *pdu, uint16_t tag, uint16_t len)
{
    const struct tlv_def *d = tlv_def_of(tag);

    if (d == NULL)
        return KF_ESME_ROK; /* unknown: kept as is */
    if (len < d->min || len > d->max)
        return KF_ESME_RINVPARLEN;
    if (!d->repeat && kf_smpp_tlv_find(pdu, tag) != NULL)
        return KF_ESME_ROPTPARNOTALLWD;
    return KF_ESME_ROK;
}

/* See smpp_int.h. ntlvs counts only TLVs that passed every check, so a
 * refused PDU never exposes a view past the buffer. */
uint32_t kf_smpp__tlv_parse(struct kf_smpp_pdu *pdu, const uint8_t *p, size_t len)
{
    size_t off = 0;

    pdu->ntlvs = 0;
    pdu->tlv_raw = len ? p : NULL;
    pdu->tlv_raw_len = len;
    while (off < len) {
        uint16_t tag, tlen;
        uint32_t st;

        if (len - off < 4)
            return KF_ESME_RINVOPTPARSTREAM;
        tag = kf_smpp__get16(p + off);
        tlen = kf_smpp__get16(p + off + 2);
        if (tlen > len - off - 4)
            return KF_ESME_RINVPARLEN;
        if (pdu->ntlvs == KF_SMPP_MAX_TLVS)
            return KF_ESME_RINVOPTPARSTREAM;
        st = tlv_check(pdu, tag, tlen);
        if (st != KF_ESME_ROK)
            return st;
        pdu->tlvs[pdu->ntlvs].tag = tag;
        pdu->tlvs[pdu->ntlvs].len = tlen;
        pdu->tlvs[pdu->ntlvs].val = p + off + 4;
        pdu->ntlvs++;
        off += 4u + tlen;
    }
    return KF_ESME_ROK;
}

/* Linear: a PDU holds at most KF_SMPP_MAX_TLVS of them. */
const struct kf_smpp_tlv *kf_smpp_tlv_find(const struct kf_smpp_pdu *pdu, uint16_t tag)
{
    unsigned i;

    for (i = 0; i < pdu->ntlvs; i++)
        if (pdu->tlvs[i].tag == tag)
            return &pdu->tlvs[i];
    return NULL;
}

/* Big-endian integer TLVs only (the 1, 2 and 4 octet ones of section 5.3.2);
 * a 3-octet network_error_code is not an integer and gets KF_EPROTO. */
int kf_smpp_tlv_uint(const struct kf_smpp_pdu *pdu, uint16_t tag, uint32_t *out)
{
    const struct kf_smpp_tlv *t = kf_smpp_tlv_find(pdu, tag);

    if (t == NULL)
        return KF_ENOENT;
    switch (t->len) {
    case 1:
        *out = t->val[0];
        return 0;
    case 2:
        *out = kf_smpp__get16(t->val);
        return 0;
    case 4:
        *out = kf_smpp__get32(t->val);
        return 0;
    default:
        return KF_EPROTO;
    }
}

/* Does not check the tag or length against the definitions: the encoder
 * writes what it is given, so tests and the hub can build any PDU. */
int kf_smpp_tlv_add(struct kf_smpp_pdu *pdu, uint16_t tag, const void *val, uint16_t len)
{
    KF_ASSERT(val != NULL || len == 0);
    if (pdu->ntlvs >= KF_SMPP_MAX_TLVS)
        return KF_ETOOBIG;
    pdu->tlvs[pdu->ntlvs].tag = tag;
    pdu->tlvs[pdu->ntlvs].len = len;
    pdu->tlvs[pdu->ntlvs].val = val;
    pdu->ntlvs++;
    return 0;
}
