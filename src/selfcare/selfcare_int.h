/* SPDX-License-Identifier: MIT
 *
 * selfcare_int.h -- what only src/selfcare/ (and its tests) sees.
 */
#ifndef KF_SELFCARE_SELFCARE_INT_H
#define KF_SELFCARE_SELFCARE_INT_H

#include "selfcare/selfcare.h"

#define KF_SC_MAX_HELD 64

struct kf_selfcare {
    kf_store *store;
    kf_catalog *cat;
    struct kf_selfcare_conf conf;
    int tz;                      /* seconds east of UTC */
    kf_selfcare_rated_fn rated;
    void *rated_ctx;
    unsigned char code_key[32];  /* keys the hashes of login codes (per process) */
    struct kf_rate_cache *rate;  /* accounts rated and not yet settled (rate.c) */
};

/* rate.c: the rating cache's life, and the journal applied after a crash. */
void kf_selfcare__rate_init(kf_selfcare *sc);
void kf_selfcare__rate_free(kf_selfcare *sc);
int kf_selfcare__replay(kf_selfcare *sc, int64_t now_ms);

/* cycle.c: makes sure `cycle` is open for sub (inside a transaction):
 * reads it into *out, or opens it -- pending plan change applied, monthly
 * fees charged, monthly packs and promotions added, ended items closed --
 * changing *sub (the caller writes it) and writing the cycle. Sets *opened.
 * KF_ERANGE when the cycle ends before the subscriber joined. */
int kf_selfcare__cycle(kf_selfcare *sc, struct kf_sub *sub, int cycle, int64_t now_ms,
                       struct kf_sub_cycle *out, int *opened);
/* Items of number active at at_ms (not ended), up to max. */
int kf_selfcare__held(kf_selfcare *sc, const char *number, int64_t at_ms,
                      struct kf_sub_item *out, int max);
/* The family of a subscriber's plan ("" when unknown). */
const char *kf_selfcare__family(const kf_selfcare *sc, const struct kf_sub *sub);

#endif
