/* SPDX-License-Identifier: MIT
 *
 * remind.h -- usage and balance reminders: the whole public interface of
 * src/remind/. Thresholds (data at a share of the included allowance, low
 * balance, the subscriber's own spend limit) are evaluated after each rated
 * chunk (inside its transaction) and by a periodic scan over every
 * subscriber; a crossing creates a reminder row once per (number, cycle,
 * kind, threshold), due at once or at the end of the quiet hours. Due rows
 * are handed to the send function together with a store operation that
 * marks them sent in the transaction that stores the message, so a
 * reminder is neither lost nor sent twice, whatever crashes.
 *
 * The module does not know the hub: kefud passes a send function (over
 * kf_hub_send_with); tests pass their own. Time is an argument.
 */
#ifndef KF_REMIND_REMIND_H
#define KF_REMIND_REMIND_H

#include <stdint.h>

#include "base/conf.h"
#include "selfcare/selfcare.h"
#include "store/store.h"

typedef struct kf_remind kf_remind;

struct kf_remind_conf {
    char data_thresholds[KF_CONF_STR_MAX]; /* "50,80,100" (percent) */
    int64_t low_balance;                   /* yuan */
    char quiet_start[16], quiet_end[16];   /* "22:00", "08:00" local */
    int64_t scan_interval_ms;
    int64_t send_interval_ms;
    int64_t send_batch;
    char from[22];                         /* the number reminders come from */
    int enabled;
};

extern const struct kf_conf_key kf_remind_keys[];
extern const size_t kf_remind_nkeys;

/* Hands text to the SMS path with `op` (to be committed with the message);
 * calls done(arg, rc) once committed (0) or refused. Returns 0 when done
 * will be called. */
typedef void (*kf_remind_done_fn)(void *arg, int rc);
typedef int (*kf_remind_send_fn)(void *ctx, const char *from, const char *to, const char *text,
                                 const struct kf_store_op *op, kf_remind_done_fn done, void *arg);

/* Checks conf; NULL with *err on a bad value. Registers itself with sc to
 * be called after every rated chunk. */
kf_remind *kf_remind_new(kf_selfcare *sc, kf_store *st, const struct kf_remind_conf *conf,
                         kf_remind_send_fn send, void *send_ctx, char **err);
int kf_remind_reload(kf_remind *r, const struct kf_remind_conf *conf, char **err);
void kf_remind_free(kf_remind *r);

/* Creates the reminders a subscriber's cycle has earned (in the caller's
 * transaction, if any). Returns how many were created. */
int kf_remind_evaluate(kf_remind *r, const struct kf_sub *sub, const struct kf_sub_cycle *c,
                       int64_t now_ms);
/* Evaluates up to budget subscribers after *cursor ("" to start) in one
 * transaction; returns how many were visited (0 = the scan is complete). */
int kf_remind_scan(kf_remind *r, int64_t now_ms, char cursor[22], int budget);
/* Sends up to send_batch reminders due at now_ms (none in the quiet hours:
 * those are moved to its end; switched-off kinds are dropped). Returns how
 * many were handed to the send function. */
int kf_remind_send_due(kf_remind *r, int64_t now_ms);
/* Reminders handed over and not yet committed. */
int kf_remind_in_flight(const kf_remind *r);
/* The first time at or after t outside the quiet hours. */
int64_t kf_remind_next_allowed(const kf_remind *r, int64_t t);

#endif
