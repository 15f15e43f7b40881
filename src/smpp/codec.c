/* SPDX-License-Identifier: MIT
 *
 * codec.c -- kf_smpp_decode() and kf_smpp_encode(): SMPP 3.4 PDUs to and
 * from struct kf_smpp_pdu.
 *
 * Both directions walk the per-command field tables of pdu.c, so a field
 * added there is read and written alike. The decoder is hostile-input code:
 * it never reads past the bytes it was given or past command_length, never
 * allocates, copies C-Octet strings into the fixed arrays of the PDU struct
 * and leaves octet strings (short_message, TLV values) as views into the
 * input. A malformed body is not an error of this function but data: it
 * decodes to the ESME_R* command_status the SMSC answers with. Only broken
 * framing (a command_length the stream cannot be resynchronised after) is
 * KF_EPROTO. Which malformation gets which status: docs/internals/smpp.md.
 *
 * Bind-state rules live in bind.c, time syntax in time.c, TLVs in tlv.c.
 */
#include "smpp/smpp_int.h"

#include <string.h>

#include "base/base.h"

/* ================================================================ decoding */

/* A bounded cursor over the PDU body. */
struct rd {
    const uint8_t *p;
    size_t len;
    size_t off;
};

static uint32_t rd_u8(struct rd *r, uint8_t *out)
{
    if (r->off >= r->len)
        return KF_ESME_RINVCMDLEN;
    *out = r->p[r->off++];
    return KF_ESME_ROK;
}

static uint32_t rd_u32(struct rd *r, uint32_t *out)
{
    if (r->len - r->off < 4)
        return KF_ESME_RINVCMDLEN;
    *out = kf_smpp__get32(r->p + r->off);
    r->off += 4;
    return KF_ESME_ROK;
}

/* A C-Octet string of at most `max` octets including its NUL. A field with
 * no octet left at all means the body ended early (ESME_RINVCMDLEN); a field
 * that starts but has no NUL within `max` octets or before the end of the
 * PDU gets the field's own status `st`. */
static uint32_t rd_cstr(struct rd *r, char *dst, size_t max, uint32_t st)
{
    size_t avail = r->len - r->off;
    const uint8_t *s = r->p + r->off;
    const uint8_t *nul;
    size_t n;

    if (avail == 0)
        return KF_ESME_RINVCMDLEN;
    nul = memchr(s, 0, avail < max ? avail : max);
    if (nul == NULL)
        return st;
    n = (size_t)(nul - s);
    memcpy(dst, s, n);
    dst[n] = '\0';
    r->off += n + 1;
    return KF_ESME_ROK;
}

/* An SMPP time field: "" or a time kf_smpp_time_parse() accepts. The time
 * syntax does not depend on the clock, so any now_ms validates it. */
static uint32_t rd_time(struct rd *r, char *dst, size_t max, uint32_t st)
{
    int64_t ms;
    uint32_t rc = rd_cstr(r, dst, max, st);

    if (rc != KF_ESME_ROK)
        return rc;
    if (kf_smpp_time_parse(dst, 0, &ms) != 0)
        return st;
    return KF_ESME_ROK;
}

/* ton, npi, address: the triple every address field of section 4 uses;
 * only the address string has a status of its own. */
static uint32_t rd_addr(struct rd *r, struct kf_smpp_addr *a, size_t max, uint32_t st)
{
    uint32_t rc;

    if ((rc = rd_u8(r, &a->ton)) != KF_ESME_ROK || (rc = rd_u8(r, &a->npi)) != KF_ESME_ROK)
        return rc;
    return rd_cstr(r, a->addr, max, st);
}

/* sm_length then that many octets, kept as a view. sm_length is stored
 * only once the octets are known to be there, so even a PDU refused with
 * ESME_RINVMSGLEN never holds a view past the buffer. */
static uint32_t dec_sm(struct rd *r, struct kf_smpp_pdu *pdu)
{
    uint8_t n;
    uint32_t rc = rd_u8(r, &n);

    if (rc != KF_ESME_ROK)
        return rc;
    if (n > r->len - r->off)
        return KF_ESME_RINVMSGLEN;
    pdu->sm_length = n;
    pdu->short_message = n ? r->p + r->off : NULL;
    r->off += n;
    return KF_ESME_ROK;
}

/* One submit_multi dest_address: an SME address or a distribution list
 * name, chosen by dest_flag. */
static uint32_t dec_dest(struct rd *r, struct kf_smpp_dest *d)
{
    uint32_t rc;

    memset(d, 0, sizeof(*d));
    if ((rc = rd_u8(r, &d->flag)) != KF_ESME_ROK)
        return rc;
    if (d->flag == 1)
        return rd_addr(r, &d->addr, KF_SMPP_ADDR_MAX, KF_ESME_RINVDSTADR);
    if (d->flag == 2)
        return rd_cstr(r, d->dl_name, KF_SMPP_DL_NAME_MAX, KF_ESME_RINVDLNAME);
    return KF_ESME_RINVDESTFLAG;
}

/* number_of_dests counts the entries decoded so far, so it is safe to
 * iterate even after an error. */
static uint32_t dec_dests(struct rd *r, struct kf_smpp_pdu *pdu)
{
    uint8_t n;
    uint32_t rc = rd_u8(r, &n);

    pdu->number_of_dests = 0;
    if (rc != KF_ESME_ROK)
        return rc;
    if (n == 0 || n > KF_SMPP_MAX_DESTS)
        return KF_ESME_RINVNUMDESTS;
    while (pdu->number_of_dests < n) {
        if ((rc = dec_dest(r, &pdu->dests[pdu->number_of_dests])) != KF_ESME_ROK)
            return rc;
        pdu->number_of_dests++;
    }
    return KF_ESME_ROK;
}

/* submit_multi_resp: the destinations the SMSC refused, each with its own
 * error status. 255 does not fit our array (nor a valid submit_multi). */
static uint32_t dec_unsucc(struct rd *r, struct kf_smpp_pdu *pdu)
{
    uint8_t n;
    uint32_t rc = rd_u8(r, &n);

    pdu->no_unsuccess = 0;
    if (rc != KF_ESME_ROK)
        return rc;
    if (n > KF_SMPP_MAX_DESTS)
        return KF_ESME_RINVNUMDESTS;
    while (pdu->no_unsuccess < n) {
        struct kf_smpp_unsuccess *u = &pdu->unsuccess[pdu->no_unsuccess];

        memset(u, 0, sizeof(*u));
        if ((rc = rd_addr(r, &u->addr, KF_SMPP_ADDR_MAX, KF_ESME_RINVDSTADR)) != KF_ESME_ROK ||
            (rc = rd_u32(r, &u->error_status)) != KF_ESME_ROK)
            return rc;
        pdu->no_unsuccess++;
    }
    return KF_ESME_ROK;
}

/* A one-octet flag with a range check. */
static uint32_t dec_flag(struct rd *r, uint8_t *m, unsigned kind)
{
    uint32_t rc = rd_u8(r, m);

    if (rc != KF_ESME_ROK)
        return rc;
    if (kind == KF_F_PRIO && *m > 3)
        return KF_ESME_RINVPRTFLG;
    /* Bits 7..5 are reserved. 0b11 in bits 1..0 is reserved in 3.4 too but
     * means "receipt on success" in SMPP 5.0 peers: accepted. */
    if (kind == KF_F_REGDLV && (*m & 0xE0u) != 0)
        return KF_ESME_RINVREGDLVFLG;
    if (kind == KF_F_REPLACE && *m > 1)
        return KF_ESME_RINVREPFLAG;
    return KF_ESME_ROK;
}

static uint32_t dec_field(struct rd *r, const struct kf_smpp__field *f, struct kf_smpp_pdu *pdu)
{
    uint8_t *m = (uint8_t *)pdu + f->off;

    switch (f->kind) {
    case KF_F_U8:
        return rd_u8(r, m);
    case KF_F_PRIO:
    case KF_F_REGDLV:
    case KF_F_REPLACE:
        return dec_flag(r, m, f->kind);
    case KF_F_CSTR:
        return rd_cstr(r, (char *)m, f->max, f->status);
    case KF_F_TIME:
        return rd_time(r, (char *)m, f->max, f->status);
    case KF_F_SM:
        return dec_sm(r, pdu);
    case KF_F_DESTS:
        return dec_dests(r, pdu);
    case KF_F_UNSUCC:
        return dec_unsucc(r, pdu);
    default:
        KF_ASSERT(!"unknown field kind");
        return KF_ESME_RSYSERR;
    }
}

/* The only responses with an optional parameter we map to a field. */
static int is_bind_resp(uint32_t cmd)
{
    return cmd == KF_SMPP_BIND_RECEIVER_RESP || cmd == KF_SMPP_BIND_TRANSMITTER_RESP ||
           cmd == KF_SMPP_BIND_TRANSCEIVER_RESP;
}

/* Rules that span the mandatory body and the TLVs. */
static uint32_t dec_post(struct kf_smpp_pdu *pdu, const struct kf_smpp__layout *l)
{
    uint32_t v;

    /* 5.3.2.32: short_message and message_payload are never used together. */
    if ((l->flags & KF_LAYOUT_HAS_SM) && pdu->sm_length > 0 &&
        kf_smpp_tlv_find(pdu, KF_TLV_MESSAGE_PAYLOAD) != NULL)
        return KF_ESME_ROPTPARNOTALLWD;
    if (is_bind_resp(pdu->cmd) && kf_smpp_tlv_uint(pdu, KF_TLV_SC_INTERFACE_VERSION, &v) == 0)
        pdu->interface_version = (uint8_t)v;
    return KF_ESME_ROK;
}

/* Mandatory fields, then TLVs, then cross-field rules. */
static uint32_t decode_body(struct kf_smpp_pdu *pdu, const uint8_t *body, size_t blen)
{
    const struct kf_smpp__layout *l = kf_smpp__layout_of(pdu->cmd);
    struct rd r = {body, blen, 0};
    int is_resp = (pdu->cmd & KF_SMPP_RESP_BIT) != 0;
    uint32_t rc;
    unsigned i;

    if (l == NULL)
        return KF_ESME_RINVCMDID;
    /* Many peers send a bare header as a response, always on error and
     * sometimes on success: nothing in it is worth refusing. */
    if (is_resp && blen == 0)
        return KF_ESME_ROK;
    for (i = 0; i < l->nfields; i++) {
        /* An error response may also stop at any field boundary. */
        if (is_resp && pdu->status != 0 && r.off == r.len)
            return KF_ESME_ROK;
        if ((rc = dec_field(&r, &l->fields[i], pdu)) != KF_ESME_ROK)
            return rc;
    }
    if ((rc = kf_smpp__tlv_parse(pdu, body + r.off, blen - r.off)) != KF_ESME_ROK)
        return rc;
    return dec_post(pdu, l);
}

/* Zeroes everything except the two big per-destination arrays, whose
 * entries are written whole as they are decoded: this keeps a decode from
 * clearing ~40 KiB the typical PDU never touches. */
static void pdu_clear(struct kf_smpp_pdu *pdu)
{
    memset(pdu, 0, offsetof(struct kf_smpp_pdu, dests));
    pdu->no_unsuccess = 0;
    memset(pdu->message_id, 0, sizeof(*pdu) - offsetof(struct kf_smpp_pdu, message_id));
}

/* Header fields are filled as far as the bytes present allow, so a caller
 * answering a KF_EPROTO with generic_nack has the sequence number whenever
 * 16 bytes arrived. *status_out is ESME_RINVCMDLEN on KF_EPROTO and 0 on
 * KF_EAGAIN. Runs on any thread; touches only `pdu`. */
int kf_smpp_decode(const uint8_t *buf, size_t len, struct kf_smpp_pdu *pdu, uint32_t *status_out)
{
    uint32_t clen, st;

    KF_ASSERT(pdu != NULL && (buf != NULL || len == 0));
    pdu_clear(pdu);
    if (status_out != NULL)
        *status_out = KF_ESME_ROK;
    if (len < 4)
        return KF_EAGAIN;
    clen = kf_smpp__get32(buf);
    pdu->len = clen;
    pdu->cmd = len >= 8 ? kf_smpp__get32(buf + 4) : 0;
    pdu->status = len >= 12 ? kf_smpp__get32(buf + 8) : 0;
    pdu->seq = len >= 16 ? kf_smpp__get32(buf + 12) : 0;
    if (clen < KF_SMPP_HEADER_LEN || clen > KF_SMPP_PDU_MAX) {
        if (status_out != NULL)
            *status_out = KF_ESME_RINVCMDLEN;
        return KF_EPROTO;
    }
    if (len < clen)
        return KF_EAGAIN;
    st = decode_body(pdu, buf + KF_SMPP_HEADER_LEN, clen - KF_SMPP_HEADER_LEN);
    if (status_out != NULL)
        *status_out = st;
    return (int)clen;
}

/* ================================================================ encoding */

/* A bounded writer with a sticky error: after the first failure every
 * write is a no-op and `err` tells why. */
struct wr {
    uint8_t *p;
    size_t cap;
    size_t off;
    int err;
};

static void wr_bytes(struct wr *w, const void *src, size_t n)
{
    if (w->err != 0)
        return;
    if (n > w->cap - w->off) {
        w->err = KF_ETOOBIG;
        return;
    }
    if (n > 0)
        memcpy(w->p + w->off, src, n);
    w->off += n;
}

static void wr_u8(struct wr *w, uint8_t v)
{
    wr_bytes(w, &v, 1);
}

static void wr_u16(struct wr *w, uint16_t v)
{
    uint8_t b[2];

    kf_smpp__put16(b, v);
    wr_bytes(w, b, 2);
}

static void wr_u32(struct wr *w, uint32_t v)
{
    uint8_t b[4];

    kf_smpp__put32(b, v);
    wr_bytes(w, b, 4);
}

static void wr_fail(struct wr *w, int err)
{
    if (w->err == 0)
        w->err = err;
}

/* Refuses a string that does not fit `max` octets with its NUL. */
static void wr_cstr(struct wr *w, const char *s, size_t max)
{
    const char *nul = memchr(s, 0, max);

    if (nul == NULL) {
        wr_fail(w, KF_ETOOBIG);
        return;
    }
    wr_bytes(w, s, (size_t)(nul - s) + 1);
}

static void wr_addr(struct wr *w, const struct kf_smpp_addr *a, size_t max)
{
    wr_u8(w, a->ton);
    wr_u8(w, a->npi);
    wr_cstr(w, a->addr, max);
}

static void enc_sm(struct wr *w, const struct kf_smpp_pdu *pdu)
{
    if (pdu->sm_length > 0 && pdu->short_message == NULL) {
        wr_fail(w, KF_EINVAL);
        return;
    }
    wr_u8(w, pdu->sm_length);
    wr_bytes(w, pdu->short_message, pdu->sm_length);
}

static void enc_dests(struct wr *w, const struct kf_smpp_pdu *pdu)
{
    unsigned i;

    if (pdu->number_of_dests > KF_SMPP_MAX_DESTS) {
        wr_fail(w, KF_ETOOBIG);
        return;
    }
    wr_u8(w, pdu->number_of_dests);
    for (i = 0; i < pdu->number_of_dests; i++) {
        const struct kf_smpp_dest *d = &pdu->dests[i];

        wr_u8(w, d->flag);
        if (d->flag == 1)
            wr_addr(w, &d->addr, KF_SMPP_ADDR_MAX);
        else if (d->flag == 2)
            wr_cstr(w, d->dl_name, KF_SMPP_DL_NAME_MAX);
        else
            wr_fail(w, KF_EINVAL);
    }
}

static void enc_unsucc(struct wr *w, const struct kf_smpp_pdu *pdu)
{
    unsigned i;

    if (pdu->no_unsuccess > KF_SMPP_MAX_DESTS) {
        wr_fail(w, KF_ETOOBIG);
        return;
    }
    wr_u8(w, pdu->no_unsuccess);
    for (i = 0; i < pdu->no_unsuccess; i++) {
        wr_addr(w, &pdu->unsuccess[i].addr, KF_SMPP_ADDR_MAX);
        wr_u32(w, pdu->unsuccess[i].error_status);
    }
}

/* The mirror of dec_field. Flags are written as given, unchecked: the
 * range checks guard us against peers, not the hub against itself. */
static void enc_field(struct wr *w, const struct kf_smpp__field *f, const struct kf_smpp_pdu *pdu)
{
    const uint8_t *m = (const uint8_t *)pdu + f->off;

    switch (f->kind) {
    case KF_F_U8:
    case KF_F_PRIO:
    case KF_F_REGDLV:
    case KF_F_REPLACE:
        wr_u8(w, *m);
        break;
    case KF_F_CSTR:
    case KF_F_TIME:
        wr_cstr(w, (const char *)m, f->max);
        break;
    case KF_F_SM:
        enc_sm(w, pdu);
        break;
    case KF_F_DESTS:
        enc_dests(w, pdu);
        break;
    case KF_F_UNSUCC:
        enc_unsucc(w, pdu);
        break;
    default:
        KF_ASSERT(!"unknown field kind");
        wr_fail(w, KF_EINVAL);
    }
}

/* One TLV, as given: the encoder does not second-guess tags or lengths. */
static void enc_tlv(struct wr *w, uint16_t tag, const void *val, uint16_t len)
{
    if (len > 0 && val == NULL) {
        wr_fail(w, KF_EINVAL);
        return;
    }
    wr_u16(w, tag);
    wr_u16(w, len);
    wr_bytes(w, val, len);
}

/* bind_*_resp carries interface_version as the sc_interface_version TLV,
 * unless the caller put that TLV in pdu->tlvs itself. */
static void enc_tlvs(struct wr *w, const struct kf_smpp_pdu *pdu)
{
    unsigned i;

    if (is_bind_resp(pdu->cmd) && pdu->interface_version != 0 &&
        kf_smpp_tlv_find(pdu, KF_TLV_SC_INTERFACE_VERSION) == NULL)
        enc_tlv(w, KF_TLV_SC_INTERFACE_VERSION, &pdu->interface_version, 1);
    for (i = 0; i < pdu->ntlvs && i < KF_SMPP_MAX_TLVS; i++)
        enc_tlv(w, pdu->tlvs[i].tag, pdu->tlvs[i].val, pdu->tlvs[i].len);
}

/* Written last, once command_length is known. */
static void enc_header(uint8_t *out, const struct kf_smpp_pdu *pdu)
{
    kf_smpp__put32(out, pdu->len);
    kf_smpp__put32(out + 4, pdu->cmd);
    kf_smpp__put32(out + 8, pdu->status);
    kf_smpp__put32(out + 12, pdu->seq);
}

/* A full memset (unlike pdu_clear): building a PDU is rare next to
 * decoding one, and callers may fill dests[] without setting every byte. */
void kf_smpp_pdu_init(struct kf_smpp_pdu *pdu, uint32_t cmd, uint32_t seq)
{
    memset(pdu, 0, sizeof(*pdu));
    pdu->cmd = cmd;
    pdu->seq = seq;
}

/* See smpp.h. Strings are checked against the maximum of the field they go
 * to (21 for a submit_sm address, 65 for a data_sm one); time fields are
 * written as given. An invalid dest_flag or a missing short_message /
 * TLV value is KF_EINVAL. Output larger than KF_SMPP_PDU_MAX is KF_ETOOBIG,
 * since our own decoder (and most peers) would refuse it. On error `out`
 * holds garbage and pdu->len is unchanged. */
int kf_smpp_encode(struct kf_smpp_pdu *pdu, uint8_t *out, size_t cap)
{
    const struct kf_smpp__layout *l = kf_smpp__layout_of(pdu->cmd);
    struct wr w = {out, cap, 0, 0};
    static const uint8_t zero_header[KF_SMPP_HEADER_LEN];
    unsigned i;

    if (l == NULL)
        return KF_EINVAL;
    wr_bytes(&w, zero_header, sizeof(zero_header));
    if (!((pdu->cmd & KF_SMPP_RESP_BIT) && pdu->status != 0 &&
          (l->flags & KF_LAYOUT_OMIT_ON_ERROR))) {
        for (i = 0; i < l->nfields; i++)
            enc_field(&w, &l->fields[i], pdu);
        enc_tlvs(&w, pdu);
    }
    if (w.err != 0)
        return w.err;
    if (w.off > KF_SMPP_PDU_MAX)
        return KF_ETOOBIG;
    pdu->len = (uint32_t)w.off;
    enc_header(out, pdu);
    return (int)w.off;
}
