/* SPDX-License-Identifier: MIT
 *
 * auth.c -- libsodium-backed password hashes and tokens (auth.h).
 */
#include "auth/auth.h"

#include <pthread.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/eventfd.h>
#include <unistd.h>

#include "base/err.h"
#include "base/xalloc.h"

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

/* ------------------------------------------------- asynchronous verify */

struct check {
    struct check *next;
    char hash[KF_AUTH_HASH_MAX];
    char password[64];
    kf_auth_done_fn done;
    void *arg;
    int ok;
};

struct kf_auth_verifier {
    pthread_t thread;
    pthread_mutex_t mu;
    pthread_cond_t cv;
    struct check *waiting, *wait_tail; /* mu */
    struct check *done;             /* mu, any order */
    int stopping;                   /* mu */
    int efd;
};

static void *verifier_main(void *arg)
{
    kf_auth_verifier *v = arg;
    uint64_t one = 1;

    pthread_mutex_lock(&v->mu);
    for (;;) {
        struct check *c;
        while (v->waiting == NULL && !v->stopping)
            pthread_cond_wait(&v->cv, &v->mu);
        if (v->stopping)
            break;
        c = v->waiting;
        v->waiting = c->next;
        if (v->waiting == NULL)
            v->wait_tail = NULL;
        pthread_mutex_unlock(&v->mu);
        c->ok = kf_auth_verify(c->hash, c->password);
        sodium_memzero(c->password, sizeof c->password);
        pthread_mutex_lock(&v->mu);
        c->next = v->done;
        v->done = c;
        if (write(v->efd, &one, sizeof one) == -1) {
            /* cannot overflow in practice */
        }
    }
    pthread_mutex_unlock(&v->mu);
    return NULL;
}

kf_auth_verifier *kf_auth_verifier_new(void)
{
    kf_auth_verifier *v = kf_xcalloc(1, sizeof *v);

    v->efd = eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
    pthread_mutex_init(&v->mu, NULL);
    pthread_cond_init(&v->cv, NULL);
    if (v->efd == -1 || pthread_create(&v->thread, NULL, verifier_main, v) != 0) {
        if (v->efd != -1)
            close(v->efd);
        free(v);
        return NULL;
    }
    return v;
}

/* Cancels a list: each callback learns (ok = -1) that its check was dropped. */
static void free_list(struct check *c)
{
    while (c) {
        struct check *next = c->next;
        c->done(c->arg, -1);
        free(c);
        c = next;
    }
}

void kf_auth_verifier_free(kf_auth_verifier *v)
{
    if (v == NULL)
        return;
    pthread_mutex_lock(&v->mu);
    v->stopping = 1;
    pthread_cond_signal(&v->cv);
    pthread_mutex_unlock(&v->mu);
    pthread_join(v->thread, NULL);
    free_list(v->waiting);
    free_list(v->done);
    close(v->efd);
    pthread_mutex_destroy(&v->mu);
    pthread_cond_destroy(&v->cv);
    free(v);
}

void kf_auth_verify_async(kf_auth_verifier *v, const char *hash, const char *password,
                          kf_auth_done_fn done, void *arg)
{
    struct check *c = kf_xcalloc(1, sizeof *c);

    snprintf(c->hash, sizeof c->hash, "%s", hash);
    snprintf(c->password, sizeof c->password, "%s", password);
    c->done = done;
    c->arg = arg;
    pthread_mutex_lock(&v->mu);
    if (v->wait_tail)
        v->wait_tail->next = c;
    else
        v->waiting = c;
    v->wait_tail = c;
    pthread_cond_signal(&v->cv);
    pthread_mutex_unlock(&v->mu);
}

int kf_auth_verifier_fd(kf_auth_verifier *v)
{
    return v->efd;
}

void kf_auth_verifier_complete(kf_auth_verifier *v)
{
    struct check *list;
    uint64_t n;

    if (read(v->efd, &n, sizeof n) == -1) {
        /* EAGAIN: the list may still hold answers */
    }
    pthread_mutex_lock(&v->mu);
    list = v->done;
    v->done = NULL;
    pthread_mutex_unlock(&v->mu);
    while (list) {
        struct check *next = list->next;
        list->done(list->arg, list->ok);
        free(list);
        list = next;
    }
}
