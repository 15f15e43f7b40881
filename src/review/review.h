/* SPDX-License-Identifier: MIT
 *
 * review.h -- reports and review: the whole public interface of
 * src/review/.
 *
 *  - Subscriber reports to 10086999 in the real formats ("号码*内容", a
 *    forwarded text, or just a number) are matched to the message the
 *    reporter actually received (recipient + sender or fingerprint, in the
 *    last 72 h), stored, counted per sender, and acknowledged by SMS. When
 *    enough distinct subscribers report a sender it enters the review queue
 *    and the shield raises its risk at once.
 *  - The review queue holds held messages (the store opens their items in
 *    the transaction that holds them) and reported senders. Actions:
 *    release, block, blacklist (held); confirm, dismiss (reported); suspend,
 *    reinstate, notify (both). Each is logged with who and when; decisions
 *    feed the shield's verdict cache (the next copy stops at once) and the
 *    labelled set for retraining; reporters get a result SMS.
 *  - KPIs over any period: processing rate (handled / received), timeliness
 *    (handled within the SLA: 48 h reports, 2 h held messages), accuracy
 *    (correct / audited, from an audited sample).
 *
 * Loop thread only.
 */
#ifndef KF_REVIEW_REVIEW_H
#define KF_REVIEW_REVIEW_H

#include <stdint.h>

#include "base/buf.h"
#include "base/conf.h"
#include "hub/hub.h"
#include "shield/shield.h"
#include "store/store.h"

typedef struct kf_review kf_review;

/* [review] configuration (keys: kf_review_keys). */
struct kf_review_conf {
    char report_number[KF_CONF_STR_MAX];
    int64_t report_window_ms;  /* match and count reports over this (72 h) */
    int64_t report_threshold;  /* distinct reporters that open a review item */
    int64_t report_sla_ms;     /* 48 h */
    int64_t held_sla_ms;       /* 2 h */
    int result_sms;            /* tell reporters the outcome */
};

extern const struct kf_conf_key kf_review_keys[];
extern const size_t kf_review_nkeys;

kf_review *kf_review_new(const struct kf_review_conf *conf, kf_store *s, kf_hub *h,
                         kf_shield *sh);
void kf_review_free(kf_review *r);
/* Binds the report service number (conf.report_number) on the hub. */
void kf_review_attach(kf_review *r);
void kf_review_reload(kf_review *r, const struct kf_review_conf *conf);

/* Handles one report as the service would (also used by tests and the
 * API); writes the acknowledgement text to ack (cap bytes). Returns the
 * report id (> 0) or a KF_E* error. */
int64_t kf_review_report(kf_review *r, const char *reporter, const char *text, int64_t now_ms,
                         char *ack, size_t cap);

/* Appends {"items":[...],"next":id} for items in [from_ms, to_ms) in
 * state (-1 any, 0 open, 1 handled) after after_id, at most limit. */
int kf_review_list_json(kf_review *r, int state, int64_t from_ms, int64_t to_ms,
                        int64_t after_id, int limit, struct kf_buf *out);
/* Appends one item with its text, reasons, reports and action log.
 * KF_ENOENT when there is no such item. */
int kf_review_item_json(kf_review *r, int64_t id, struct kf_buf *out);

/* Carries out an action on item id by actor. Returns 0, KF_ENOENT (no
 * item), KF_EEXIST (already handled), KF_EINVAL (action not valid for the
 * item) with *err (caller frees) for the last two. */
int kf_review_act(kf_review *r, int64_t id, const char *action, const char *actor,
                  const char *note, char **err);
/* Records an audit of a handled item: was the decision right? */
int kf_review_audit(kf_review *r, int64_t id, int correct, const char *auditor, char **err);

/* Appends the KPIs over [from_ms, to_ms) as JSON. */
int kf_review_kpi_json(kf_review *r, int64_t from_ms, int64_t to_ms, int64_t now_ms,
                       struct kf_buf *out);
/* Appends the labelled texts (label<TAB>text lines, kefu-train format). */
int kf_review_labels(kf_review *r, struct kf_buf *out);

#endif
