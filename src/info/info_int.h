/* SPDX-License-Identifier: MIT
 *
 * info_int.h -- what only src/info/ sees: the loaded directory, the word
 * list the query reader scans with, the reading of one query, and the
 * date and slot helpers shared by the reply writer and kf_info_slot().
 *
 * load.c builds struct kf_info (entries, then the word list from the
 * entries and the fixed vocabulary of words.c); query.c turns an SMS into
 * struct kf_info__q; reply.c ranks the entries and writes the answer;
 * slot.c holds dates, slot keys and the seats left.
 */
#ifndef KF_INFO_INFO_INT_H
#define KF_INFO_INFO_INT_H

#include <stddef.h>
#include <stdint.h>

#include "base/map.h"
#include "info/info.h"

#define KF_INFO__NKINDS 3
#define KF_INFO__TAGS 12     /* tags per entry */
#define KF_INFO__SLOTS 500   /* slots per hospital (the key holds 3 digits) */
#define KF_INFO__TERMS 8     /* soft terms per query */
#define KF_INFO__FREE_MAX 64 /* bytes of one run of unrecognised text */

/* ------------------------------------------------------------ tables */

struct kf_info__city {
    const char *name; /* 长沙 */
    const char *code; /* cs: in the ids */
    const char *area; /* 0731: the phones' area code */
};
extern const struct kf_info__city kf_info__cities[];
extern const int kf_info__ncities;

/* The departments, in the order they are listed to subscribers. */
extern const char *const kf_info__depts[];
extern const int kf_info__ndepts;

/* Hotel grades, cheapest first, and the price each stays below. */
extern const char *const kf_info__grades[];
extern const int kf_info__grade_below[];
extern const int kf_info__ngrades;

extern const char *const kf_info__kind_names[]; /* "hotel", ... */

/* ----------------------------------------------------------- entries */

struct kf_info__slotdef {
    int dept; /* index into kf_info__depts */
    char doctor[32];
    int day;    /* 1..7: days from today */
    int minute; /* of the day, 0..1439 */
    int left;   /* seats in the file, before bookings */
};

struct kf_info__entry {
    char id[24];
    int kind; /* KF_INFO_HOTEL ... */
    int city; /* index into kf_info__cities */
    char district[32];
    char name[96];       /* as in the file, "（示例）" included */
    char short_name[96]; /* without "（示例）": what subscribers type */
    char address[128];
    char phone[24];
    char tags[KF_INFO__TAGS][32];
    int ntags;
    char cuisine[32];               /* restaurants */
    int price;                      /* yuan (per night / per person); -1 on hospitals */
    int rating;                     /* tenths (4.1 -> 41); -1 on hospitals */
    struct kf_info__slotdef *slots; /* hospitals; owned */
    int nslots;
    char *hay; /* owned: normalised name|district|address|cuisine|tags */
    int line;  /* in the file */
};

/* A district seen in the file and the city it belongs to (-1 when two
 * cities have a district of that name). */
struct kf_info__district {
    char name[32];
    int city;
};

/* Word classes of the query reader. */
enum kf_info__wtype {
    KF_W_CITY,     /* val: city */
    KF_W_DISTRICT, /* val: district */
    KF_W_KIND,     /* val: kind */
    KF_W_CUISINE,  /* the word is the term */
    KF_W_TAG,      /* the word is the term; val: kinds mask it occurs in */
    KF_W_DEPT,     /* val: department */
    KF_W_DAYREL,   /* val: days from today (明天 1) */
    KF_W_WEEKDAY,  /* val: 0 Sunday .. 6, +7 for "下周X" */
    KF_W_TODAY,    /* 今天: not bookable */
    KF_W_HALF,     /* val: 1 morning, 2 afternoon */
    KF_W_CHEAP,    /* 便宜: cheapest first */
    KF_W_UPSCALE,  /* 高档: val grade, dearest first */
    KF_W_HOSPITAL, /* val: entry index */
    KF_W_SYN,      /* val: index into kf_info__syns: an everyday word for a term */
    KF_W_HELP,
    KF_W_STOP, /* filler (我想找, 附近的, 推荐): read and ignored */
};

struct kf_info__word {
    char w[100]; /* normalised */
    size_t len;
    int type; /* enum kf_info__wtype */
    int val;
};

struct kf_info {
    struct kf_info__entry *e; /* owned */
    int n;
    int count[KF_INFO__NKINDS];
    struct kf_map by_id;                 /* hash of id -> entry + 1 (first of that hash) */
    struct kf_info__district *districts; /* owned */
    int ndistricts;
    struct kf_info__word *words; /* owned; by bucket, longest first in each */
    int nwords;
    int *bucket; /* owned; words of bucket k: [bucket[k], bucket[k + 1]) */
};

/* Everyday words for the data's terms (小龙虾 -> 口味虾), and the kind
 * they imply. */
struct kf_info__syn {
    const char *from, *to;
    int type; /* KF_W_CUISINE or KF_W_TAG */
    int kind;
};
extern const struct kf_info__syn kf_info__syns[];
extern const int kf_info__nsyns;

/* Builds info->words from the entries and the fixed vocabulary (words.c). */
void kf_info__words_build(struct kf_info *info);
/* The longest word that s[0..avail) starts with, or NULL. */
const struct kf_info__word *kf_info__word_at(const struct kf_info *info, const char *s,
                                             size_t avail);
/* The entry with that id, or NULL. */
const struct kf_info__entry *kf_info__find(const struct kf_info *info, const char *id);

/* ------------------------------------------------------ normalising */

/* Folds s for matching: full-width ASCII to ASCII, ideographic space to a
 * space, ASCII letters to lower case, invalid UTF-8 and control bytes to a
 * space; at most cap-1 bytes, cut at a character boundary. */
void kf_info__norm(const char *s, size_t len, char *out, size_t cap);
/* Length in bytes of the UTF-8 character at s (1 for a bad byte). */
size_t kf_info__u8len(const char *s);
/* Characters (code points) in s. */
int kf_info__nchars(const char *s);

/* --------------------------------------------------- a query, read */

enum { KF_DAYNOTE_NONE, KF_DAYNOTE_TODAY, KF_DAYNOTE_RANGE };

struct kf_info__term {
    char s[KF_INFO__FREE_MAX]; /* normalised */
    int type;                  /* KF_W_DISTRICT, _CUISINE, _TAG, or -1 free text */
};

struct kf_info__q {
    int empty;      /* nothing but separators */
    int help;       /* a help word and nothing else */
    int understood; /* some word was recognised (stop words included) */
    int city;       /* -1 none */
    int city_said;  /* named (or implied by a district or hospital) */
    int kind;       /* -1 unknown */
    int kind_said;  /* a kind word, not inferred */
    int dept;       /* -1 none */
    int hospital;   /* entry index named in full, -1 none */
    int cheap, upscale;
    int day;     /* 1..7, 0 any */
    int daynote; /* KF_DAYNOTE_* */
    int half;    /* 0 any, 1 morning, 2 afternoon */
    struct kf_info__term terms[KF_INFO__TERMS];
    int nterms;
    char name[KF_INFO__FREE_MAX]; /* unrecognised text (one-character runs too)
                                   * and district words next to it: maybe part
                                   * of a hospital's name */
    char said[KF_INFO__FREE_MAX]; /* the unrecognised text alone, for "未找到“…”" */
};

/* Reads text; today: local days since 1970-01-01 (for dates and weekdays). */
void kf_info__read(const struct kf_info *info, const char *text, int64_t today,
                   struct kf_info__q *q);

/* ---------------------------------------------------- dates, slots */

/* Local days since 1970-01-01 of now_ms in the zone tz. */
int64_t kf_info__today(int64_t now_ms, int tz);
void kf_info__civil(int64_t days, int *y, int *m, int *d);
int64_t kf_info__days(int y, int m, int d);
int kf_info__wday(int64_t days); /* 0 = Sunday */
/* "周三" */
const char *kf_info__wday_name(int wday);

/* Fills key, text and left of slot i of hospital e for today. */
void kf_info__slot_fill(const struct kf_info__entry *e, int i, int64_t today,
                        kf_info_booked_fn booked, void *ctx, struct kf_info_slot *out);
/* Seats free in slot i today (file's left - booked, >= 0). */
int kf_info__slot_free(const struct kf_info__entry *e, int i, int64_t today,
                       kf_info_booked_fn booked, void *ctx);

#endif
