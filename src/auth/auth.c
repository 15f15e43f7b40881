/* SPDX-License-Identifier: MIT
 *
 * auth.c -- libsodium-backed password hashes and tokens (auth.h).
 */
#include "auth/auth.h"

#include <sodium.h>
#include <string.h>

#include "base/err.h"

int kf_auth_init(void)
{
    return sodium_init() < 0 ? KF_EIO : 0;
}

int kf_auth_hash(const char *password, int cost, char out[KF_AUTH_HASH_MAX])
{
    unsigned long long ops = cost ? crypto_pwhash_OPSLIMIT_MIN : crypto_pwhash_OPSLIMIT_INTERACTIVE;
    size_t mem = cost ? crypto_pwhash_MEMLIMIT_MIN : crypto_pwhash_MEMLIMIT_INTERACTIVE;

    _Static_assert(crypto_pwhash_STRBYTES <= KF_AUTH_HASH_MAX, "hash buffer too small");
    if (crypto_pwhash_str(out, password, strlen(password), ops, mem) != 0)
        return KF_ENOMEM;
    return 0;
}

int kf_auth_verify(const char *hash, const char *password)
{
    return crypto_pwhash_str_verify(hash, password, strlen(password)) == 0;
}

void kf_auth_token_new(char out[KF_AUTH_TOKEN_LEN + 1])
{
    unsigned char raw[32];
    randombytes_buf(raw, sizeof raw);
    sodium_bin2base64(out, KF_AUTH_TOKEN_LEN + 1, raw, sizeof raw,
                      sodium_base64_VARIANT_URLSAFE_NO_PADDING);
}

int kf_auth_token_equal(const char *a, const char *b)
{
    size_t la = strlen(a), lb = strlen(b);
    if (la != lb)
        return 0;
    return sodium_memcmp(a, b, la) == 0;
}
