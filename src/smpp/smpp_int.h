/* SPDX-License-Identifier: MIT
 *
 * smpp_int.h -- what only src/smpp/ may see: big-endian helpers, the PDU
 * body layout tables that drive both the decoder and the encoder, the TLV
 * region parser, and the calendar helpers shared by time.c and receipt.c.
 *
 * The codec is table-driven so that decode and encode cannot drift apart:
 * each command's mandatory body is a list of field descriptors (pdu.c),
 * walked field by field in wire order by codec.c. The byte tables the
 * descriptors encode are drawn in docs/internals/smpp.md.
 */
#ifndef KF_SMPP_SMPP_INT_H
#define KF_SMPP_SMPP_INT_H

#include <stddef.h>
#include <stdint.h>

#include "smpp/smpp.h"

/* ------------------------------------------------------ big-endian access */

static inline uint16_t kf_smpp__get16(const uint8_t *p)
{
    return (uint16_t)((unsigned)p[0] << 8 | p[1]);
}

static inline uint32_t kf_smpp__get32(const uint8_t *p)
{
    return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

static inline void kf_smpp__put16(uint8_t *p, uint16_t v)
{
    p[0] = (uint8_t)(v >> 8);
    p[1] = (uint8_t)v;
}

static inline void kf_smpp__put32(uint8_t *p, uint32_t v)
{
    p[0] = (uint8_t)(v >> 24);
    p[1] = (uint8_t)(v >> 16);
    p[2] = (uint8_t)(v >> 8);
    p[3] = (uint8_t)v;
}

/* ------------------------------------------------------------ body layouts */

/* Kinds of mandatory body fields. Each descriptor names a member of
 * struct kf_smpp_pdu by offset. */
enum kf_smpp__kind {
    KF_F_U8,      /* one octet, any value */
    KF_F_PRIO,    /* priority_flag: 0..3, else ESME_RINVPRTFLG */
    KF_F_REGDLV,  /* registered_delivery: bits 7..5 reserved, else ESME_RINVREGDLVFLG */
    KF_F_REPLACE, /* replace_if_present_flag: 0 or 1, else ESME_RINVREPFLAG */
    KF_F_CSTR,    /* C-Octet string of at most `max` octets including the NUL */
    KF_F_TIME,    /* C-Octet SMPP time: "" or 16 chars kf_smpp_time_parse accepts */
    KF_F_SM,      /* sm_length octet + short_message view */
    KF_F_DESTS,   /* submit_multi: number_of_dests + dest_address list */
    KF_F_UNSUCC,  /* submit_multi_resp: no_unsuccess + unsuccess_sme list */
};

struct kf_smpp__field {
    uint8_t kind;    /* enum kf_smpp__kind */
    uint8_t max;     /* KF_F_CSTR / KF_F_TIME: size including the NUL */
    uint32_t off;    /* offsetof(struct kf_smpp_pdu, member) */
    uint32_t status; /* ESME_R* when a string is bad (missing NUL / too long) */
};

/* The encoder writes no body for this _resp when command_status != 0. */
#define KF_LAYOUT_OMIT_ON_ERROR 0x01u
/* The body carries sm_length/short_message (message_payload exclusion). */
#define KF_LAYOUT_HAS_SM 0x02u

struct kf_smpp__layout {
    uint32_t cmd;
    uint8_t flags; /* KF_LAYOUT_* */
    uint8_t nfields;
    const struct kf_smpp__field *fields;
};

/* The layout of `cmd`, or NULL for a command id we do not know. */
const struct kf_smpp__layout *kf_smpp__layout_of(uint32_t cmd);

/* ------------------------------------------------------------------- TLVs */

/* Parses the TLV region `p`/`len` (the body bytes after the mandatory
 * fields) into pdu->tlvs and sets pdu->tlv_raw. Returns ESME_ROK or the
 * status of the first fault in wire order: ESME_RINVOPTPARSTREAM (fewer than
 * 4 bytes left for a TLV header, or more than KF_SMPP_MAX_TLVS TLVs),
 * ESME_RINVPARLEN (value overruns the body, or a known TLV has a length its
 * definition forbids), ESME_ROPTPARNOTALLWD (a known TLV repeated that may
 * appear only once). Views point into `p`. */
uint32_t kf_smpp__tlv_parse(struct kf_smpp_pdu *pdu, const uint8_t *p, size_t len);

/* ----------------------------------------------------------- calendar (UTC) */

/* Days since 1970-01-01 of the proleptic Gregorian date y-m-d; m is 1..12,
 * d may exceed the month's length (counts on linearly). */
int64_t kf_smpp__days_from_civil(int64_t y, unsigned m, unsigned d);
/* Inverse of the above for a valid day count. */
void kf_smpp__civil_from_days(int64_t z, int64_t *y, unsigned *m, unsigned *d);
/* 28..31 for m in 1..12. */
unsigned kf_smpp__days_in_month(int64_t y, unsigned m);
/* Writes "YYMMDDhhmmss" (12 chars, no NUL) for epoch ms in UTC; YY is the
 * year modulo 100. */
void kf_smpp__format_ymdhms(int64_t ms, char out[12]);
/* Reads `n` ASCII digits at `s` into *out; returns 0 or -1 on a non-digit. */
int kf_smpp__digits(const char *s, size_t n, unsigned *out);

#endif
