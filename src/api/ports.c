/* SPDX-License-Identifier: MIT
 *
 * ports.c -- validation of a port (or network link) JSON body from the API
 * into a kf_account: types, ranges, the 106 number rule, bind types,
 * signatures, password hashing. Pure apart from hashing; fuzzed by
 * fuzz/api_port.c.
 */
#include <jansson.h>
#include <string.h>

#include "api/api_int.h"
#include "auth/auth.h"
#include "base/base.h"

static int copy_field(json_t *j, const char *key, char *out, size_t cap, const char **bad)
{
    json_t *v = json_object_get(j, key);
    if (v == NULL)
        return 0;
    if (!json_is_string(v) || json_string_length(v) >= cap) {
        *bad = key;
        return -1;
    }
    memcpy(out, json_string_value(v), json_string_length(v) + 1);
    return 0;
}

static int int_field(json_t *j, const char *key, int *out, int min, int max, const char **bad)
{
    json_t *v = json_object_get(j, key);
    if (v == NULL)
        return 0;
    if (!json_is_integer(v) || json_integer_value(v) < min || json_integer_value(v) > max) {
        *bad = key;
        return -1;
    }
    *out = (int)json_integer_value(v);
    return 0;
}

const char *kf_api__account_apply(json_t *j, struct kf_account *ac, int hash_cost,
                                  const char **why)
{
    const char *bad = NULL;
    json_t *v;
    char kind[8] = "", status[16] = "";
    char password[64] = "";

    *why = "wrong type or out of range";
    if (copy_field(j, "kind", kind, sizeof kind, &bad) || copy_field(j, "name", ac->name, sizeof ac->name, &bad) ||
        copy_field(j, "number", ac->number, sizeof ac->number, &bad) ||
        copy_field(j, "source_range", ac->src_range, sizeof ac->src_range, &bad) ||
        copy_field(j, "allowed_ips", ac->allowed_ips, sizeof ac->allowed_ips, &bad) ||
        copy_field(j, "status", status, sizeof status, &bad) ||
        copy_field(j, "password", password, sizeof password, &bad) ||
        int_field(j, "max_binds", &ac->max_binds, 1, 1000, &bad) ||
        int_field(j, "tps", &ac->tps, 1, 1000000, &bad) ||
        int_field(j, "window", &ac->window, 1, 10000, &bad))
        return bad;
    if (kind[0]) {
        if (strcmp(kind, "port") && strcmp(kind, "link"))
            return "kind";
        ac->kind = strcmp(kind, "link") == 0 ? KF_ACCT_LINK : KF_ACCT_PORT;
    }
    if (status[0]) {
        if (strcmp(status, "active") && strcmp(status, "suspended"))
            return "status";
        ac->status = strcmp(status, "active") == 0 ? KF_ACCT_ACTIVE : KF_ACCT_SUSPENDED;
    }
    if ((v = json_object_get(j, "realname_verified")) != NULL) {
        if (!json_is_boolean(v))
            return "realname_verified";
        ac->realname = json_is_true(v);
    }
    if ((v = json_object_get(j, "signatures")) != NULL) {
        char *t;
        size_t i;
        json_t *e;
        if (!json_is_array(v))
            return "signatures";
        json_array_foreach(v, i, e) if (!json_is_string(e)) return "signatures";
        t = json_dumps(v, JSON_COMPACT);
        if (strlen(t) >= sizeof ac->signatures) {
            free(t);
            return "signatures";
        }
        memcpy(ac->signatures, t, strlen(t) + 1);
        free(t);
    }
    if ((v = json_object_get(j, "bind_types")) != NULL) {
        size_t i;
        json_t *e;
        int bits = 0;
        if (!json_is_array(v))
            return "bind_types";
        json_array_foreach(v, i, e)
        {
            const char *s = json_string_value(e);
            if (s && strcmp(s, "transmitter") == 0)
                bits |= KF_BINDT_TX;
            else if (s && strcmp(s, "receiver") == 0)
                bits |= KF_BINDT_RX;
            else if (s && strcmp(s, "transceiver") == 0)
                bits |= KF_BINDT_TRX;
            else
                return "bind_types";
        }
        ac->bind_types = bits;
    }
    if (password[0]) {
        if (strlen(password) > 8) {
            *why = "SMPP passwords are at most 8 characters";
            return "password";
        }
        if (kf_auth_hash(password, hash_cost, ac->pw_hash) != 0) {
            *why = "cannot hash";
            return "password";
        }
    }
    if (ac->kind == KF_ACCT_PORT && (strncmp(ac->number, "106", 3) != 0 || strlen(ac->number) < 5)) {
        *why = "an industry port number starts with 106";
        return "number";
    }
    if (ac->pw_hash[0] == '\0') {
        *why = "required";
        return "password";
    }
    return NULL;
}

