/* SPDX-License-Identifier: MIT
 *
 * info.h -- the 12580 information service's directory, its understanding of
 * a subscriber's look-up and its answers: the whole public interface of
 * src/info/. Pure: no store, no clock. The time comes in as now_ms plus the
 * operator's zone; seats already booked come from the caller through a
 * callback (the bookings live in store/, the dialogue in robot/).
 *
 * The directory file (data/info/directory.jsonl, format and rules in
 * data/info/README.md and docs/ARCHITECTURE.md "Self-service II") lists
 * hotels, restaurants and hospitals; a hospital's appointment slots are
 * given as days from today (1..7), so the demo never runs out of dates.
 *
 * Answers are Simplified Chinese, start with "【12580】" and are at most
 * KF_INFO_REPLY_CHARS characters (Unicode code points), so they fit three
 * concatenated UCS-2 SMS.
 */
#ifndef KF_INFO_INFO_H
#define KF_INFO_INFO_H

#include <stddef.h>
#include <stdint.h>

typedef struct kf_info kf_info;

enum { KF_INFO_HOTEL = 0, KF_INFO_RESTAURANT = 1, KF_INFO_HOSPITAL = 2 };

/* Longest answer, in characters (3 UCS-2 segments of 67, minus one). */
#define KF_INFO_REPLY_CHARS 200

/* Reads and validates a directory file (at most 16 MiB). Returns NULL with
 * *err (caller frees) "path:line: field: reason" for the first error found:
 * bad JSON, a missing, unknown or mistyped field, an unknown kind, city or
 * department, an id that is not <h|r|hp>-<city code>-<digits> or is used
 * twice, a phone not in the city's area code or used twice, an address not
 * starting with the district, a hotel grade that does not fit its price, a
 * hospital name without the "（示例）" mark, a slot day outside 1..7, a time
 * that is not HH:MM, left < 0, a doctor in two departments or twice at the
 * same day and time. Blank lines and lines starting with '#' are skipped. */
kf_info *kf_info_load(const char *path, char **err);
/* The same on text[len] (need not be NUL-terminated); `name` is used in
 * the messages in place of the path. Borrows text. */
kf_info *kf_info_parse(const char *text, size_t len, const char *name, char **err);
/* NULL is a no-op. */
void kf_info_free(kf_info *info);

/* Entries of one kind (KF_INFO_HOTEL, _RESTAURANT, _HOSPITAL), or of all
 * kinds with kind -1. */
int kf_info_count(const kf_info *info, int kind);

/* A slot offered for booking. Its key "<entry id>#<slot index>@<YYYYMMDD>"
 * (date = today in the zone + the slot's day) is stable for the day. */
struct kf_info_slot {
    char key[48];
    char text[160]; /* "湘江医学院附属第一医院（示例） 心内科 张主任 12月9日（周三）09:00" */
    int left; /* seats still free: the file's left minus booked, >= 0 */
};

/* Seats already booked for a slot key (from the caller's store); negative
 * counts as 0. Called on the caller's thread, during the call it was given
 * to, any number of times. */
typedef int (*kf_info_booked_fn)(void *ctx, const char *key);

enum kf_info_ans_kind {
    KF_INFO_ANS_NONE = 0,  /* nothing matched; text says so and how to ask */
    KF_INFO_ANS_LIST = 1,  /* places, a hospital's departments, or hospitals */
    KF_INFO_ANS_SLOTS = 2, /* numbered appointment slots: choices[]; none
                            * (nchoices 0) when the department is 约满 */
    KF_INFO_ANS_HELP = 3,  /* how to use 12580 */
};

#define KF_INFO_MAX_CHOICES 6

struct kf_info_answer {
    int kind;       /* enum kf_info_ans_kind */
    char text[800]; /* UTF-8, at most KF_INFO_REPLY_CHARS characters */
    int nchoices;   /* SLOTS: the numbered slots, "1" = choices[0] */
    struct kf_info_slot choices[KF_INFO_MAX_CHOICES];
};

/* Answers a subscriber's SMS to 12580 (any bytes; invalid UTF-8 is read as
 * a separator). now_ms (Unix ms) and tz (seconds east of UTC) give "today":
 * slots are bookable from tomorrow (day 1) to day 7. booked may be NULL
 * (nothing booked); ctx is passed to it. Always fills *out; returns 0, or
 * KF_EINVAL when info, text or out is NULL (out->text is then the help
 * text when out is not NULL). Thread-safe for concurrent calls on one info. */
int kf_info_query(const kf_info *info, const char *text, int64_t now_ms, int tz,
                  kf_info_booked_fn booked, void *ctx, struct kf_info_answer *out);

/* Looks up a slot by key (to confirm a booking later) and fills *out with
 * its text and the seats left (may be 0). Returns 0, or KF_ENOENT when the
 * key is malformed, names no entry or slot, or its date is not today + the
 * slot's day (so yesterday's keys, past dates and dates beyond day 7 are
 * refused). */
int kf_info_slot(const kf_info *info, const char *key, int64_t now_ms, int tz,
                 kf_info_booked_fn booked, void *ctx, struct kf_info_slot *out);

#endif
