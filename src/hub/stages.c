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

void kf_hub__acct_parse_sigs(struct acct *a)
{
    json_error_t e;
    json_t *arr = json_loads(a->a.signatures, 0, &e), *v;
    size_t i;

    for (i = 0; i < a->nsigs; i++)
        free(a->sigs[i]);
    free(a->sigs);
    a->sigs = NULL;
    a->nsigs = 0;
    if (!json_is_array(arr)) {
        json_decref(arr);
        return;
    }
    a->sigs = kf_xcalloc(json_array_size(arr) + 1, sizeof *a->sigs);
    json_array_foreach(arr, i, v) if (json_is_string(v)) a->sigs[a->nsigs++] =
        kf_xstrdup(json_string_value(v));
    json_decref(arr);
}

static int signature_active(void *ctx)
{
    return ((kf_hub *)ctx)->conf.signature_check != 0;
}

static void check_signature(void *ctx, const struct kf_stage_msg *m, int64_t now_ms,
                            struct kf_stage_result *res)
{
    kf_hub *h = ctx;
    struct acct *a;
    size_t len;

    (void)now_ms;
    if (m->origin == NULL || m->origin->kind != KF_ACCT_PORT || m->msg->kind == KF_MSGK_RECEIPT)
        return;
    a = kf_hub__acct_by_id(h, m->origin->id);
    len = trimmed_len(m->text, m->text_len);
    for (size_t i = 0; a && i < a->nsigs; i++)
        if (starts_or_ends(m->text, len, a->sigs[i]))
            return;
    res->verdict = h->conf.signature_check == 1 ? KF_HOLD : KF_BLOCK;
    snprintf(res->code, sizeof res->code, "port.signature");
    snprintf(res->reason, sizeof res->reason, "短信未带该端口已报备的签名");
}

static const struct kf_stage signature_stage = {"signature", check_signature, signature_active};

void kf_hub__stages_builtin(kf_hub *h)
{
    kf_hub_add_stage(h, &signature_stage, h);
}
