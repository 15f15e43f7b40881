/* SPDX-License-Identifier: MIT
 *
 * selfcare.h -- subscriber self-service: the whole public interface of
 * src/selfcare/. Accounts and everything that changes them -- operations
 * (order, change plan, unsubscribe) with their rules, the SMS second
 * confirmation, usage ingestion and rating, billing-cycle roll-over, web
 * login codes and sessions, channel history. Every channel (SMS, web, the
 * staff API, later the robot and the console) goes through the same calls.
 *
 * Runs on the loop thread (or a tool's only thread) with the store's admin
 * connection; takes the time as an argument (house rule 6).
 */
#ifndef KF_SELFCARE_SELFCARE_H
#define KF_SELFCARE_SELFCARE_H

#include <stddef.h>
#include <stdint.h>

#include "base/buf.h"
#include "base/conf.h"
#include "store/store.h"
#include "store/subs.h"
#include "tariff/tariff.h"

typedef struct kf_selfcare kf_selfcare;

struct kf_selfcare_conf {
    char catalog[KF_CONF_STR_MAX];   /* relative paths: from the share dir */
    int64_t tz_offset_min;           /* operator's zone, minutes east of UTC */
    int64_t confirm_window_ms;       /* SMS orders: time to answer 是/Y */
    int64_t chunk;                   /* usage records per transaction */
    int64_t rate_cache;              /* accounts rated between two settles */
    int64_t code_ttl_ms, code_interval_ms, code_tries, code_daily;
    int64_t session_idle_ms, session_max_ms;
};

extern const struct kf_conf_key kf_selfcare_keys[];
extern const size_t kf_selfcare_nkeys;

/* Loads the catalogue. Returns NULL with *err (caller frees). */
kf_selfcare *kf_selfcare_new(kf_store *s, const struct kf_selfcare_conf *conf,
                             const char *share_dir, char **err);
/* Re-reads the catalogue and applies conf; on error keeps the running one. */
int kf_selfcare_reload(kf_selfcare *sc, const struct kf_selfcare_conf *conf,
                       const char *share_dir, char **err);
void kf_selfcare_free(kf_selfcare *sc);
const kf_catalog *kf_selfcare_catalog(const kf_selfcare *sc);
int kf_selfcare_tz(const kf_selfcare *sc); /* seconds east of UTC */

/* ------------------------------------------------------ an account */

#define KF_VIEW_ITEMS 32

/* What a subscriber (or staff) sees of an account now. */
struct kf_account_view {
    struct kf_sub sub;
    const struct kf_item *plan;     /* NULL when the catalogue lacks it */
    const struct kf_item *pending;  /* plan from next cycle, or NULL */
    struct kf_sub_cycle cycle;      /* the current one */
    int64_t incl[KF_USE_N];         /* plan + packs + promotions this cycle */
    int64_t spend_fen;              /* fees + overage this cycle */
    struct kf_sub_item items[KF_VIEW_ITEMS]; /* active add-ons, VAS, promotions */
    int nitems;
};

/* Opens the current cycle when needed (roll-over), then fills *out.
 * Returns 0, KF_ENOENT (unknown number), KF_ESTORE. */
int kf_selfcare_view(kf_selfcare *sc, const char *number, int64_t now_ms,
                     struct kf_account_view *out);
/* Name masked for display: first character then one * per other one. */
void kf_selfcare_mask_name(const char *name, char *out, size_t cap);

/* Creates a subscriber on `plan_id` (the plan's first-month rule applies).
 * Returns 0, KF_EEXIST, KF_EINVAL (unknown plan), KF_ESTORE. */
int kf_selfcare_create(kf_selfcare *sc, const char *number, const char *name,
                       const char *plan_id, int64_t balance_fen, int64_t now_ms);

/* ------------------------------------------------------- operations */

enum kf_op_kind {
    KF_OP_ORDER = 0,       /* an add-on, VAS or promotion: at once */
    KF_OP_CHANGE = 1,      /* another plan: from the next cycle */
    KF_OP_UNSUBSCRIBE = 2, /* an add-on, VAS or promotion held */
    KF_OP_CANCEL_CHANGE = 3, /* withdraw a pending plan change */
};

struct kf_op_req {
    const char *number;
    int kind;              /* enum kf_op_kind */
    const char *item_id;
    const char *channel;   /* sms web api console robot */
    const char *actor;     /* staff account, or "" for the subscriber */
    const char *request_id; /* "" or NULL: not idempotent */
    int64_t now_ms;
    int dry_run;           /* 1: check only; nothing is changed or recorded */
    int64_t pending_id;    /* the SMS order this carries out (marked confirmed
                            * in the same transaction), 0 = none */
};

struct kf_op_result {
    int rc;                /* 0 done; else KF_EINVAL, KF_ENOENT, KF_EPERM, ... */
    char code[32];         /* "ok" or a reason: unknown_item, not_eligible, ... */
    char text[512];        /* Chinese, for the subscriber */
    int64_t op_id;
    int64_t charged_fen;   /* charged now */
    int64_t effective_ms;  /* when it takes effect */
    int replayed;          /* 1: a retry of request_id; this is the first result */
};

/* Checks, applies and records an operation. Returns out->rc. */
int kf_selfcare_do(kf_selfcare *sc, const struct kf_op_req *r, struct kf_op_result *out);
/* Short names of kinds: order, change, unsubscribe, cancel-change. */
const char *kf_op_kind_name(int kind);
int kf_op_kind_parse(const char *s);

/* SMS ordering: the request only asks for a second confirmation (nothing is
 * charged); out->text is the question to send. */
int kf_selfcare_sms_request(kf_selfcare *sc, const char *number, int kind, const char *item_id,
                            int64_t now_ms, struct kf_op_result *out);
/* A reply 是/Y/y/确认 inside the window executes the waiting order. Returns
 * KF_ENOENT when nothing was waiting (or it expired, which is then recorded)
 * and sets out->text for the reply in every case. request_id: the incoming
 * message's id, so a replay after a crash is not executed twice. */
int kf_selfcare_sms_confirm(kf_selfcare *sc, const char *number, const char *request_id,
                            int64_t now_ms, struct kf_op_result *out);
/* 1 when text is a confirmation word. */
int kf_selfcare_is_yes(const char *text);

/* The SMS commands to 10086 that change an account (KT<code>, TD<code>,
 * QX<code>, 是/Y, KTLLTX/QXLLTX, KTYETX/QXYETX, KTHFTX<yuan>/QXHFTX, TJTC).
 * Returns 1 with the reply in reply[cap], 0 when text is not one of them.
 * request_id: the incoming message's id (confirmations are idempotent). */
int kf_selfcare_sms_command(kf_selfcare *sc, const char *number, const char *text,
                            const char *request_id, int64_t now_ms, char *reply, size_t cap);

/* Reminder switches (KF_REMIND_*), and the spend threshold in fen. */
int kf_selfcare_set_reminders(kf_selfcare *sc, const char *number, int flags,
                              int64_t spend_limit_fen, const char *channel, int64_t now_ms);

/* Records a contact through a channel (channel history). */
void kf_selfcare_contact(kf_selfcare *sc, const char *number, const char *channel,
                         const char *what, int64_t now_ms);

/* ---------------------------------------------------- usage rating */

/* One parsed usage line (selfcare/usage.c). */
struct kf_usage_line {
    char number[22];
    int type;              /* KF_USE_* */
    int64_t amount;        /* voice seconds, sms count, data KB */
    int64_t ts_ms;
    char record_id[64];
    int line;
};

/* Parses usage CSV: `number,type,amount,timestamp,record_id` (a header line
 * is allowed; blank lines and '#' lines skipped). Timestamps: ISO 8601 with
 * an offset or Z, or "YYYY-MM-DD HH:MM:SS" in the zone tz_offset_s, or Unix
 * seconds. Calls fn for each good line; bad lines are appended to errs as
 * "name:line: field: reason" (at most max_errors lines, then counted only).
 * Returns the number of bad lines. first_line numbers the first line of
 * text (for files sent in pieces). */
int kf_usage_parse(const char *text, size_t len, const char *name, int first_line,
                   int tz_offset_s, void (*fn)(void *arg, const struct kf_usage_line *u),
                   void *arg, struct kf_buf *errs, int max_errors);

struct kf_rate_stats {
    int64_t lines, rated, duplicates, rejected, unknown_number;
    int64_t charged_fen;
    int64_t transactions;
};

/* Rates n records, conf.chunk per transaction: new record ids change the
 * counters and the balance, known ones nothing. A record for an unknown
 * number, or for a cycle before the subscriber joined, is rejected (added
 * to errs). Then settles. Returns 0 or KF_ESTORE (the failing chunk rolled
 * back: nothing of it happened; earlier chunks stay). */
int kf_selfcare_rate(kf_selfcare *sc, const struct kf_usage_line *recs, size_t n,
                     int64_t now_ms, struct kf_rate_stats *st, struct kf_buf *errs);
/* The same without the settle: the records are durable (with a journal of
 * their effect), the accounts are written by a later kf_selfcare_settle --
 * so pieces of one file sent one after the other write each account once.
 * Every other selfcare call settles first, so nobody sees stale accounts. */
int kf_selfcare_rate_defer(kf_selfcare *sc, const struct kf_usage_line *recs, size_t n,
                           int64_t now_ms, struct kf_rate_stats *st, struct kf_buf *errs);
/* Writes the accounts rated since the last settle (once each), calls the
 * rated hook for them, and drops the journal, in one transaction. */
int kf_selfcare_settle(kf_selfcare *sc, int64_t now_ms);
/* Accounts waiting for a settle. */
size_t kf_selfcare_unsettled(const kf_selfcare *sc);

/* Called for every subscriber cycle that rating changed, when the accounts
 * are written (kf_selfcare_settle), inside that transaction: reminders are
 * created with the counters that caused them, or not at all. */
typedef void (*kf_selfcare_rated_fn)(void *ctx, const struct kf_sub *sub,
                                     const struct kf_sub_cycle *cycle, int64_t now_ms);
void kf_selfcare_on_rated(kf_selfcare *sc, kf_selfcare_rated_fn fn, void *ctx);

/* Opens the cycle of now_ms for up to `budget` subscribers after *cursor
 * (paging; "" to start); returns how many were visited, 0 when done. */
int kf_selfcare_rollover(kf_selfcare *sc, int64_t now_ms, char cursor[22], int budget);

/* ------------------------------------------------ recommendation */

/* The best plans for number's last three closed cycles (fewer when the
 * account is younger). Returns how many (0: no history yet) or an error. */
int kf_selfcare_recommend(kf_selfcare *sc, const char *number, int64_t now_ms,
                          struct kf_rec *out, int max);

/* --------------------------------------------------- web sessions */

/* Makes a 6-digit login code for number (at most one per code_interval and
 * code_daily a day); writes it to code[7] to be sent by SMS. KF_ENOENT: not
 * our subscriber (nothing to send; the limits still count, so callers can
 * answer alike), KF_EBUSY too soon (*retry_ms set). */
int kf_selfcare_login_code(kf_selfcare *sc, const char *number, int64_t now_ms, char code[7],
                           int64_t *retry_ms);
/* Checks a code; on success writes a new session token (base64url, 43
 * chars + NUL) to token. KF_EPERM wrong, KF_ETIMEDOUT expired or too many
 * tries, KF_ENOENT no code. */
int kf_selfcare_login(kf_selfcare *sc, const char *number, const char *code, int64_t now_ms,
                      char token[48]);
/* The number a session token belongs to (refreshing its idle timer), or
 * KF_ENOENT / KF_ETIMEDOUT. */
int kf_selfcare_session(kf_selfcare *sc, const char *token, int64_t now_ms, char number[22]);
void kf_selfcare_logout(kf_selfcare *sc, const char *token);

#endif
