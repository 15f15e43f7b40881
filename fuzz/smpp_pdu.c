/* SPDX-License-Identifier: MIT
 *
 * smpp_pdu.c -- libFuzzer driver for the SMPP decoder (and the two other
 * parsers of peer-supplied text in src/smpp/: receipts and times).
 *
 * The input is read as a stream of PDUs, as the hub reads a socket. Beyond
 * "no crash, no sanitizer report" it checks invariants:
 *   - decode returns KF_EAGAIN, KF_EPROTO or a length in [16, input];
 *   - every view points inside the consumed PDU, every status has a name;
 *   - a PDU decoded with status 0 re-encodes, decodes again with status 0
 *     to the same fields, and re-encodes to the very same bytes unless it
 *     was a response whose body we are allowed to rewrite (bodiless or
 *     with a non-zero command_status);
 *   - receipt format/parse reach a fixed point; an absolute SMPP time
 *     formats and parses back to itself (to the second, years 2000-2099).
 * Seed corpus: fuzz/corpus/smpp_pdu/ (one valid PDU of each command plus
 * malformed ones). Run: ./fuzz_smpp_pdu fuzz/corpus/smpp_pdu
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/err.h"
#include "smpp/smpp.h"

#define CHECK(e)                                                                                   \
    do {                                                                                           \
        if (!(e)) {                                                                                \
            fprintf(stderr, "%s:%d: check failed: %s\n", __FILE__, __LINE__, #e);                  \
            abort();                                                                               \
        }                                                                                          \
    } while (0)

static struct kf_smpp_pdu pa, pb;
static uint8_t enc[KF_SMPP_PDU_MAX];

static int in_range(const void *p, size_t n, const uint8_t *lo, size_t len)
{
    const uint8_t *q = p;
    return n == 0 || (q >= lo && q + n <= lo + len);
}

static void check_views(const struct kf_smpp_pdu *p, const uint8_t *buf, size_t n)
{
    unsigned i;

    CHECK(in_range(p->short_message, p->sm_length, buf, n));
    CHECK(in_range(p->tlv_raw, p->tlv_raw_len, buf, n));
    CHECK(p->ntlvs <= KF_SMPP_MAX_TLVS);
    for (i = 0; i < p->ntlvs; i++)
        CHECK(in_range(p->tlvs[i].val, p->tlvs[i].len, buf, n));
}

static void same_addr(const struct kf_smpp_addr *a, const struct kf_smpp_addr *b)
{
    CHECK(a->ton == b->ton && a->npi == b->npi && strcmp(a->addr, b->addr) == 0);
}

static void same_body(const struct kf_smpp_pdu *a, const struct kf_smpp_pdu *b)
{
    unsigned i;

    CHECK(strcmp(a->system_id, b->system_id) == 0);
    CHECK(strcmp(a->password, b->password) == 0);
    CHECK(strcmp(a->system_type, b->system_type) == 0);
    CHECK(a->interface_version == b->interface_version);
    same_addr(&a->addr_range, &b->addr_range);
    CHECK(strcmp(a->service_type, b->service_type) == 0);
    same_addr(&a->src, &b->src);
    same_addr(&a->dst, &b->dst);
    CHECK(a->esm_class == b->esm_class && a->protocol_id == b->protocol_id);
    CHECK(a->priority_flag == b->priority_flag);
    CHECK(strcmp(a->schedule_delivery_time, b->schedule_delivery_time) == 0);
    CHECK(strcmp(a->validity_period, b->validity_period) == 0);
    CHECK(a->registered_delivery == b->registered_delivery);
    CHECK(a->replace_if_present_flag == b->replace_if_present_flag);
    CHECK(a->data_coding == b->data_coding && a->sm_default_msg_id == b->sm_default_msg_id);
    CHECK(a->sm_length == b->sm_length);
    CHECK(a->sm_length == 0 || memcmp(a->short_message, b->short_message, a->sm_length) == 0);
    CHECK(a->number_of_dests == b->number_of_dests);
    for (i = 0; i < a->number_of_dests; i++) {
        CHECK(a->dests[i].flag == b->dests[i].flag);
        if (a->dests[i].flag == 1)
            same_addr(&a->dests[i].addr, &b->dests[i].addr);
        else
            CHECK(strcmp(a->dests[i].dl_name, b->dests[i].dl_name) == 0);
    }
    CHECK(a->no_unsuccess == b->no_unsuccess);
    for (i = 0; i < a->no_unsuccess; i++) {
        same_addr(&a->unsuccess[i].addr, &b->unsuccess[i].addr);
        CHECK(a->unsuccess[i].error_status == b->unsuccess[i].error_status);
    }
    CHECK(strcmp(a->message_id, b->message_id) == 0);
    CHECK(strcmp(a->final_date, b->final_date) == 0);
    CHECK(a->message_state == b->message_state && a->error_code == b->error_code);
    CHECK(a->ntlvs == b->ntlvs);
    for (i = 0; i < a->ntlvs; i++) {
        CHECK(a->tlvs[i].tag == b->tlvs[i].tag && a->tlvs[i].len == b->tlvs[i].len);
        CHECK(memcmp(a->tlvs[i].val, b->tlvs[i].val, a->tlvs[i].len) == 0);
    }
}

/* Error responses the encoder writes without a body (smpp.h, pdu.c). */
static int body_dropped(const struct kf_smpp_pdu *p)
{
    return p->status != 0 && (p->cmd == KF_SMPP_SUBMIT_SM_RESP ||
                              p->cmd == KF_SMPP_DELIVER_SM_RESP || p->cmd == KF_SMPP_QUERY_SM_RESP);
}

/* decode -> encode -> decode for a well-formed PDU of n bytes at buf. */
static void roundtrip(const uint8_t *buf, size_t n)
{
    uint32_t st = 1;
    int m = kf_smpp_encode(&pa, enc, sizeof(enc));
    int is_resp = (pa.cmd & KF_SMPP_RESP_BIT) != 0;

    CHECK(m >= KF_SMPP_HEADER_LEN);
    CHECK(kf_smpp_decode(enc, (size_t)m, &pb, &st) == m);
    CHECK(st == KF_ESME_ROK);
    CHECK(pb.cmd == pa.cmd && pb.status == pa.status && pb.seq == pa.seq);
    if (!body_dropped(&pa))
        same_body(&pa, &pb);
    /* Requests and clean responses with a body come back byte for byte. */
    if (!is_resp || (pa.status == 0 && n > KF_SMPP_HEADER_LEN)) {
        CHECK((size_t)m == n);
        CHECK(memcmp(enc, buf, n) == 0);
    }
}

static void check_pdu(const uint8_t *buf, size_t n, uint32_t st, uint8_t salt)
{
    uint32_t v;
    unsigned i;

    CHECK(pa.len == n);
    CHECK(kf_smpp_status_name(st) != NULL);
    CHECK((kf_smpp_cmd_name(pa.cmd) == NULL) == (st == KF_ESME_RINVCMDID));
    check_views(&pa, buf, n);
    for (i = 0; i < pa.ntlvs; i++)
        (void)kf_smpp_tlv_uint(&pa, pa.tlvs[i].tag, &v);
    v = kf_smpp_bind_allows((enum kf_smpp_bind)(salt & 3), pa.cmd);
    CHECK(kf_smpp_status_name(v) != NULL);
    if (st == KF_ESME_ROK)
        roundtrip(buf, n);
}

/* Decodes PDUs back to back until the input runs out or framing breaks. */
static void fuzz_stream(const uint8_t *data, size_t size)
{
    size_t off = 0;

    while (off < size) {
        uint32_t st = 0xFFFFFFFFu;
        int n = kf_smpp_decode(data + off, size - off, &pa, &st);

        if (n == KF_EAGAIN) {
            CHECK(st == 0);
            return;
        }
        if (n == KF_EPROTO) {
            CHECK(st == KF_ESME_RINVCMDLEN);
            return;
        }
        CHECK(n >= KF_SMPP_HEADER_LEN && (size_t)n <= size - off && n <= KF_SMPP_PDU_MAX);
        check_pdu(data + off, (size_t)n, st, data[off + 15]);
        off += (size_t)n;
    }
}

static void fuzz_receipt(const uint8_t *data, size_t size)
{
    struct kf_smpp_receipt r, r2;
    char a[256], b[256];
    int na, nb;

    if (kf_smpp_receipt_parse(data, size, &r) != 0)
        return;
    na = kf_smpp_receipt_format(&r, a, sizeof(a));
    CHECK(na > 0 && na <= 254);
    CHECK(kf_smpp_receipt_parse((const uint8_t *)a, (size_t)na, &r2) == 0);
    nb = kf_smpp_receipt_format(&r2, b, sizeof(b));
    CHECK(kf_smpp_receipt_parse((const uint8_t *)b, (size_t)nb, &r) == 0);
    na = kf_smpp_receipt_format(&r, a, sizeof(a));
    CHECK(na == nb && memcmp(a, b, (size_t)na) == 0);
}

static void fuzz_time(const uint8_t *data, size_t size)
{
    char s[KF_SMPP_TIME_MAX], f[KF_SMPP_TIME_MAX];
    size_t n = size < 16 ? size : 16;
    int64_t now = 1700000000000LL, ms, ms2;

    memcpy(s, data, n);
    s[n] = '\0';
    if (size > 16)
        now += (int64_t)data[16] * 86400000LL * 1000;
    if (kf_smpp_time_parse(s, now, &ms) != 0)
        return;
    if (s[0] == '\0') {
        CHECK(ms == 0);
    } else if (s[15] == 'R') {
        CHECK(ms >= now);
    } else if (ms >= 946684800000LL && ms < 4102444800000LL) {
        kf_smpp_time_format(ms, f);
        CHECK(kf_smpp_time_parse(f, 0, &ms2) == 0);
        CHECK(ms2 == ms - ms % 1000);
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fuzz_stream(data, size);
    fuzz_receipt(data, size);
    fuzz_time(data, size);
    return 0;
}
