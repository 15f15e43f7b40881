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

/* ------------------------------------------------- asynchronous verify */

/* Password checks cost tens of milliseconds (Argon2id, on purpose): the
 * loop thread hands them to a verifier thread and gets the answers through
 * a notify fd, like the store's completions. */
typedef struct kf_auth_verifier kf_auth_verifier;
typedef void (*kf_auth_done_fn)(void *arg, int ok);

/* Starts the verifier thread; NULL on failure. */
kf_auth_verifier *kf_auth_verifier_new(void);
/* Stops the thread; pending checks are cancelled: their callbacks run at
 * once with ok = -1 (free the arg, touch nothing else). NULL is a no-op. */
void kf_auth_verifier_free(kf_auth_verifier *v);
/* Queues a check of password against hash (both copied). done(arg, ok) is
 * called exactly once, from kf_auth_verifier_complete, after this returned. */
void kf_auth_verify_async(kf_auth_verifier *v, const char *hash, const char *password,
                          kf_auth_done_fn done, void *arg);
/* Readable when answers are ready. */
int kf_auth_verifier_fd(kf_auth_verifier *v);
/* Runs the callbacks of finished checks (loop thread). */
void kf_auth_verifier_complete(kf_auth_verifier *v);

#endif
