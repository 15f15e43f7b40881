/* SPDX-License-Identifier: MIT
 *
 * desk.h -- the store's service-desk tables (schema v5): the hand-over
 * queue (questions for a person), the robot's log of free-text questions,
 * and 12580 bookings. Part of the public interface of src/store/ (with
 * store.h and subs.h). Admin connection (loop thread, or a tool's thread).
 *
 * Every row written for an incoming SMS carries that message's request id
 * (UNIQUE): a message handled again after a crash adds nothing twice.
 */
#ifndef KF_STORE_DESK_H
#define KF_STORE_DESK_H

#include <stddef.h>
#include <stdint.h>

#include "store/store.h"

/* ------------------------------------------------------- hand-over */

enum kf_handover_state { KF_HO_OPEN = 0, KF_HO_ANSWERED = 1, KF_HO_CLOSED = 2 };

struct kf_handover {
    int64_t id;
    char request_id[40];
    char number[22];
    char service[8];
    char question[640];
    char context[640];   /* the robot's previous answer, for the person who takes it */
    char reason[24];     /* asked, low_confidence */
    char intent[32];
    double score;
    int64_t created_ms;
    int state;           /* enum kf_handover_state */
    char handled_by[64];
    int64_t handled_ms;
    char answer[640];
    int64_t msg_id;      /* the answer SMS, once sent */
};

/* Adds h (sets h->id). KF_EEXIST (with h filled from the row) when its
 * request id is already there. 0, KF_EEXIST, KF_ESTORE. */
int kf_store_handover_add(kf_store *s, struct kf_handover *h);
int kf_store_handover_get(kf_store *s, int64_t id, struct kf_handover *out);
/* Items in state (-1: any), newest first, id < before_id (0: no bound). */
int kf_store_handover_list(kf_store *s, int state, int64_t before_id, struct kf_handover *out,
                           int max);
/* Open items (for the console's counter). */
int64_t kf_store_handover_open(kf_store *s);
/* KF_HO_ANSWERED claims open item id for an answer (who, with what; it
 * stays open until the SMS is stored: kf_store_op_handover_sent);
 * KF_HO_CLOSED closes it without an answer; both refuse an item another
 * answer has claimed in the last minute. KF_HO_OPEN drops a claim whose SMS
 * could not be sent. 0, KF_ENOENT (no such open, unclaimed item),
 * KF_ESTORE. */
int kf_store_handover_set(kf_store *s, int64_t id, int state, const char *actor,
                          const char *answer, int64_t now_ms);
/* A writer op that marks id answered by the message it travels with (for
 * kf_hub_send_with): the answer is sent iff the item is marked. */
void kf_store_op_handover_sent(struct kf_store_op *op, int64_t id, int64_t sent_ms);

/* ------------------------------------------------------- robot log */

struct kf_robot_log {
    int64_t id;
    char request_id[40];
    char number[22];
    char service[8];
    char text[640];
    char intent[32], runner_up[32];
    double score, margin;
    int answered;
    int64_t created_ms;
};

/* Adds rows (each once per request id) in one transaction. 0 or KF_ESTORE. */
int kf_store_robot_log_add(kf_store *s, const struct kf_robot_log *rows, size_t n);
/* Rows with answered == which (-1: any), newest first, id < before_id. */
int kf_store_robot_log_list(kf_store *s, int which, int64_t before_id, struct kf_robot_log *out,
                            int max);

/* --------------------------------------------------------- bookings */

enum kf_booking_state { KF_BOOK_OK = 0, KF_BOOK_CANCELLED = 1 };

struct kf_booking {
    int64_t id;
    char request_id[40];
    char number[22];
    char slot_key[48];
    char slot_text[200];
    int state;
    int64_t created_ms;
};

/* Books a slot when fewer than `capacity` bookings hold it (count and insert
 * in one transaction). 0 (b->id set), KF_EEXIST (request id seen: *b is that
 * booking), KF_EBUSY (no seat left; nothing written), KF_ESTORE. */
int kf_store_booking_add(kf_store *s, struct kf_booking *b, int capacity);
/* Bookings holding slot_key (state KF_BOOK_OK), or a negative error. */
int kf_store_booking_count(kf_store *s, const char *slot_key);
int kf_store_booking_list(kf_store *s, const char *number, struct kf_booking *out, int max);

#endif
