/* SPDX-License-Identifier: MIT
 *
 * stages.c -- the hub's own pipeline stage: registered signatures. A message
 * from an industry port must start or end with one of the signatures 【…】
 * registered for that port (MIIT real-name filing: unfiled signatures are
 * not allowed). hub.signature_check sets what happens otherwise: off, hold
 * or block. The spam shield adds its own stages after this one.
 */
#include "hub/hub_int.h"

#include <jansson.h>
#include <string.h>

static int starts_or_ends(const char *text, size_t len, const char *sig)
{
    size_t n = strlen(sig);
    if (n == 0 || n > len)
        return 0;
    return memcmp(text, sig, n) == 0 || memcmp(text + len - n, sig, n) == 0;
}

/* Trailing spaces and newlines do not hide a signature at the end. */
static size_t trimmed_len(const char *text, size_t len)
{
    while (len && (text[len - 1] == ' ' || text[len - 1] == '\n' || text[len - 1] == '\r'))
        len--;
    return len;
}

static void check_signature(void *ctx, const struct kf_stage_msg *m, int64_t now_ms,
                            struct kf_stage_result *res)
{
    kf_hub *h = ctx;
    json_error_t e;
    json_t *sigs, *v;
    size_t i, len;
    int found = 0;

    (void)now_ms;
    if (h->conf.signature_check == 0 || m->origin == NULL || m->origin->kind != KF_ACCT_PORT ||
        m->msg->kind == KF_MSGK_RECEIPT)
        return;
    len = trimmed_len(m->text, m->text_len);
    sigs = json_loads(m->origin->signatures, 0, &e);
    json_array_foreach(sigs, i, v) if (json_is_string(v) &&
                                       starts_or_ends(m->text, len, json_string_value(v))) found = 1;
    json_decref(sigs);
    if (found)
        return;
    res->verdict = h->conf.signature_check == 1 ? KF_HOLD : KF_BLOCK;
    snprintf(res->code, sizeof res->code, "port.signature");
    snprintf(res->reason, sizeof res->reason, "短信未带该端口已报备的签名");
}

static const struct kf_stage signature_stage = {"signature", check_signature};

void kf_hub__stages_builtin(kf_hub *h)
{
    kf_hub_add_stage(h, &signature_stage, h);
}
