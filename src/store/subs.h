/* SPDX-License-Identifier: MIT
 *
 * subs.h -- the store's self-service tables (schema v4): subscribers, their
 * billing cycles, held items, usage records, operations, SMS orders waiting
 * for confirmation, reminders, channel contacts, web codes and sessions.
 * Part of the public interface of src/store/ (with store.h).
 *
 * Everything here runs on the admin connection (loop thread, or a tool's
 * only thread). Callers that change several rows as one unit bracket them
 * with kf_store_begin / kf_store_commit: usage rating does (a record and the
 * counters it changes commit together, or neither does).
 */
#ifndef KF_STORE_SUBS_H
#define KF_STORE_SUBS_H

#include <stddef.h>
#include <stdint.h>

#include "store/store.h"

struct kf_sub_cycle;

/* ----------------------------------------------------- transactions */

/* BEGIN IMMEDIATE on the admin connection (waits busy_ms for the writer). */
int kf_store_begin(kf_store *s);
int kf_store_commit(kf_store *s);
void kf_store_rollback(kf_store *s);

/* ------------------------------------------------------ subscribers */

enum kf_sub_status { KF_SUB_ACTIVE = 0, KF_SUB_SUSPENDED = 1, KF_SUB_CLOSED = 2 };

#define KF_REMIND_DATA 1
#define KF_REMIND_BALANCE 2
#define KF_REMIND_SPEND 4

struct kf_sub {
    char number[22];
    char name[64];
    int status;               /* enum kf_sub_status */
    int64_t balance_fen;
    char plan_id[24];
    int64_t plan_since_ms;
    char pending_plan_id[24]; /* "" = none; takes effect in the cycle after */
    int64_t pending_at_ms;    /* ... the one it was asked for in */
    int64_t joined_ms;
    int remind_flags;         /* KF_REMIND_* */
    int64_t spend_limit_fen;  /* 0 = no spend reminder */
    int64_t points;
    int64_t updated_ms;
};

/* Inserts or replaces the whole row. Returns 0 or KF_ESTORE. */
int kf_store_sub_put(kf_store *s, const struct kf_sub *sub);
/* Updates only the balance (and updated_ms) of an existing row: rating's
 * write, cheaper than a whole put. */
int kf_store_sub_set_balance(kf_store *s, const char *number, int64_t balance_fen,
                             int64_t updated_ms);
/* Returns 0, KF_ENOENT or KF_ESTORE. */
int kf_store_sub_get(kf_store *s, const char *number, struct kf_sub *out);
int64_t kf_store_sub_count(kf_store *s);
/* Calls fn for up to limit subscribers with number > after, in number
 * order (paging for scans: pass the last number seen). Returns how many
 * were visited, or KF_ESTORE. */
int kf_store_sub_each(kf_store *s, const char *after, int limit,
                      int (*fn)(void *arg, const struct kf_sub *sub), void *arg);

/* Calls fn for up to limit subscribers with number > after, in number
 * order, each with its row of `cycle` (NULL when that cycle is not open):
 * one query, for scans over every subscriber. Returns how many, KF_ESTORE. */
int kf_store_sub_scan(kf_store *s, int cycle, const char *after, int limit,
                      int (*fn)(void *arg, const struct kf_sub *sub,
                                const struct kf_sub_cycle *c),
                      void *arg);

/* ---------------------------------------------------- billing cycles */

struct kf_sub_cycle {
    char number[22];
    int cycle;           /* YYYYMM */
    char plan_id[24];    /* the plan of this cycle */
    int64_t used[3];     /* voice min, sms, data KB (tariff.h KF_USE_*) */
    int64_t extra[3];    /* included amounts added by packs and promotions */
    int64_t fees_fen;    /* monthly fees, packs */
    int64_t overage_fen;
    int64_t records;
    int64_t opened_ms;
};

int kf_store_cycle_put(kf_store *s, const struct kf_sub_cycle *c);
/* Updates the counters and charges of an existing cycle row. */
int kf_store_cycle_set_usage(kf_store *s, const struct kf_sub_cycle *c);
/* Returns 0, KF_ENOENT or KF_ESTORE. */
int kf_store_cycle_get(kf_store *s, const char *number, int cycle, struct kf_sub_cycle *out);
/* The latest cycles before `before` (exclusive), newest first, up to max.
 * Returns how many or KF_ESTORE. */
int kf_store_cycle_recent(kf_store *s, const char *number, int before, struct kf_sub_cycle *out,
                          int max);

/* ------------------------------------------------------ held items */

enum kf_sub_item_state { KF_SITEM_ACTIVE = 0, KF_SITEM_CANCELLED = 1, KF_SITEM_ENDED = 2 };

struct kf_sub_item {
    int64_t id;
    char number[22];
    char item_id[24];
    int kind;            /* tariff.h enum kf_item_kind */
    int64_t start_ms;
    int64_t end_ms;      /* 0 = until cancelled */
    int state;           /* enum kf_sub_item_state */
    char channel[16];
    int64_t op_id;
};

/* Inserts (id 0; sets it) or updates (by id). */
int kf_store_item_put(kf_store *s, struct kf_sub_item *it);
/* Items of number whose state is `state` (-1: any but ENDED) and that were active at
 * some time in [from_ms, to_ms) (to_ms 0 = open), oldest first. Returns
 * how many were written (up to max) or KF_ESTORE. */
int kf_store_item_list(kf_store *s, const char *number, int state, int64_t from_ms,
                       int64_t to_ms, struct kf_sub_item *out, int max);

/* ---------------------------------------------------- usage records */

struct kf_usage_rec {
    char record_id[64];
    char number[22];
    int type;            /* KF_USE_* */
    int64_t amount;      /* voice seconds, sms count, data KB as received */
    int64_t ts_ms;
    int cycle;
    int64_t charge_fen;
};

/* Inserts the record unless its record_id is known. Returns 1 when it was
 * new, 0 when it was a duplicate, KF_ESTORE. */
int kf_store_usage_add(kf_store *s, const struct kf_usage_rec *r);
/* Returns 0, KF_ENOENT or KF_ESTORE. */
int kf_store_usage_get(kf_store *s, const char *record_id, struct kf_usage_rec *out);

/* Rating's journal (opaque rows for selfcare/rate.c). */
int kf_store_journal_add(kf_store *s, const void *data, size_t len);
/* Calls fn for each row, oldest first; non-zero from fn stops (returned). */
int kf_store_journal_each(kf_store *s, int (*fn)(void *arg, const uint8_t *data, size_t len),
                          void *arg);
int kf_store_journal_clear(kf_store *s);

/* ------------------------------------------------------- operations */

struct kf_sub_op {
    int64_t id;
    char number[22];
    char op[16];          /* order, change, unsubscribe, cancel-change, remind, ... */
    char item_id[24];
    char channel[16];     /* sms, web, api, console, robot */
    char actor[64];
    int64_t at_ms;
    char before[512];     /* JSON */
    char after[512];      /* JSON */
    char result[32];      /* "ok" or a reason code */
    char request_id[96];  /* "" = none */
};

/* Records an operation; sets op->id. When request_id is already recorded,
 * fills *op with the first record and returns KF_EEXIST. */
int kf_store_op_add(kf_store *s, struct kf_sub_op *op);
/* The operation recorded under request_id: 0, KF_ENOENT, KF_ESTORE. */
int kf_store_op_get_req(kf_store *s, const char *request_id, struct kf_sub_op *out);
/* Newest first, up to max, with id < before_id (0 = newest). */
int kf_store_op_list(kf_store *s, const char *number, int64_t before_id, struct kf_sub_op *out,
                     int max);

/* -------------------------------------------------- pending orders */

enum kf_pending_state { KF_PEND_WAITING = 0, KF_PEND_CONFIRMED = 1, KF_PEND_EXPIRED = 2,
                        KF_PEND_REPLACED = 3 };

struct kf_pending {
    int64_t id;
    char number[22];
    char op[16];
    char item_id[24];
    char channel[16];
    int64_t created_ms, expires_ms;
    int state;
};

/* Adds a waiting order; any order of number still waiting becomes
 * REPLACED (one question at a time). Sets p->id. */
int kf_store_pending_add(kf_store *s, struct kf_pending *p);
/* The waiting order of number, if any: 0, KF_ENOENT, KF_ESTORE. */
int kf_store_pending_get(kf_store *s, const char *number, struct kf_pending *out);
int kf_store_pending_set(kf_store *s, int64_t id, int state);

/* ------------------------------------------------------- reminders */

enum kf_reminder_state { KF_REM_DUE = 0, KF_REM_SENT = 1, KF_REM_DROPPED = 2 };

struct kf_reminder {
    int64_t id;
    char number[22];
    int cycle;
    char kind[16];       /* data, balance, spend */
    int64_t threshold;   /* percent (data) or fen */
    int64_t created_ms, due_ms;
    int state;
    int64_t sent_ms, msg_id;
    char text[512];
};

/* Creates the reminder (in r->state: DUE, or DROPPED for a threshold passed
 * over by a bigger jump) unless (number, cycle, kind, threshold) exists.
 * Returns 1 created (sets r->id), 0 already there, KF_ESTORE. */
int kf_store_reminder_add(kf_store *s, struct kf_reminder *r);
/* Up to max reminders in state DUE with due_ms <= now_ms, oldest due first. */
int kf_store_reminder_due(kf_store *s, int64_t now_ms, struct kf_reminder *out, int max);
int kf_store_reminder_set(kf_store *s, int64_t id, int state, int64_t due_ms);
/* A store operation (for kf_hub_send_with) that marks reminder id SENT at
 * sent_ms, in the transaction that stores its message (whose id the hub
 * puts in op->link_id). */
void kf_store_op_reminder_sent(struct kf_store_op *op, int64_t id, int64_t sent_ms);
/* Newest first, up to max. */
int kf_store_reminder_list(kf_store *s, const char *number, struct kf_reminder *out, int max);

/* ------------------------------------------------ channel contacts */

struct kf_contact {
    int64_t id;
    char number[22];
    char channel[16];
    int64_t at_ms;
    char what[128];
};

int kf_store_contact_add(kf_store *s, const char *number, const char *channel, int64_t at_ms,
                         const char *what);
/* Newest first, up to max. */
int kf_store_contact_list(kf_store *s, const char *number, struct kf_contact *out, int max);

/* --------------------------------------------- web codes, sessions */

#define KF_WEB_HASH 32

struct kf_web_code {
    char number[22];
    uint8_t hash[KF_WEB_HASH];
    int64_t created_ms, expires_ms;
    int tries;
    int day, sent;             /* codes sent on local day YYYYMMDD */
};

/* Replaces the number's code (the row also keeps the sending history, so
 * it outlives the code: rate limits hold after a code is used up). */
int kf_store_webcode_put(kf_store *s, const struct kf_web_code *c);
int kf_store_webcode_get(kf_store *s, const char *number, struct kf_web_code *out);
/* One more wrong answer; `tries` = -1 spends the code (used once). */
int kf_store_webcode_tried(kf_store *s, const char *number, int tries);

struct kf_web_session {
    uint8_t hash[KF_WEB_HASH];
    char number[22];
    int64_t created_ms, last_ms, expires_ms;
};

int kf_store_session_put(kf_store *s, const struct kf_web_session *ws);
int kf_store_session_get(kf_store *s, const uint8_t hash[KF_WEB_HASH],
                         struct kf_web_session *out);
int kf_store_session_del(kf_store *s, const uint8_t hash[KF_WEB_HASH]);
/* Deletes sessions expired before now_ms and code rows older than a day;
 * returns how many. */
int kf_store_web_prune(kf_store *s, int64_t now_ms);

#endif
