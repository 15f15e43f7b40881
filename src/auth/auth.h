/* SPDX-License-Identifier: MIT
 *
 * auth.h -- password hashing and random tokens (libsodium): the whole public
 * interface of src/auth/. Bind passwords and staff passwords are stored only
 * as crypto_pwhash (Argon2id) strings; API tokens are random and compared in
 * constant time.
 */
#ifndef KF_AUTH_AUTH_H
#define KF_AUTH_AUTH_H

#include <stddef.h>

#define KF_AUTH_HASH_MAX 128
#define KF_AUTH_TOKEN_LEN 43 /* base64url of 32 random bytes, no padding */

/* Initialises libsodium; returns 0 or KF_EIO. Call once at start. */
int kf_auth_init(void);
/* Hashes `password` into out (KF_AUTH_HASH_MAX bytes). `cost` 0 = interactive
 * limits (production), 1 = minimum limits (tests and demo seeding speed).
 * Returns 0 or KF_ENOMEM. Any thread; takes tens of ms at cost 0. */
int kf_auth_hash(const char *password, int cost, char out[KF_AUTH_HASH_MAX]);
/* Returns 1 when password matches hash, else 0. */
int kf_auth_verify(const char *hash, const char *password);
/* Writes a new random token (NUL-terminated) into out. */
void kf_auth_token_new(char out[KF_AUTH_TOKEN_LEN + 1]);
/* Constant-time comparison of two NUL-terminated strings; 1 when equal. */
int kf_auth_token_equal(const char *a, const char *b);

#endif
