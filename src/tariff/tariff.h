/* SPDX-License-Identifier: MIT
 *
 * tariff.h -- the tariff catalogue and its price arithmetic: the whole public
 * interface of src/tariff/. Pure: no store, no clock (callers pass the time
 * and the cycle), the only I/O is reading a catalogue file.
 *
 * Money is integer fen (1/100 yuan). Usage counters: voice in minutes, SMS
 * in messages, data in KB. A billing cycle is a calendar month in the
 * operator's time zone, named YYYYMM (202611). The catalogue file format is
 * documented in docs/internals/tariff.md.
 */
#ifndef KF_TARIFF_TARIFF_H
#define KF_TARIFF_TARIFF_H

#include <stddef.h>
#include <stdint.h>

/* ------------------------------------------------------------ usage */

enum kf_usage_type { KF_USE_VOICE = 0, KF_USE_SMS = 1, KF_USE_DATA = 2, KF_USE_N = 3 };

/* "voice", "sms", "data" -> type; -1 when unknown. */
int kf_usage_type_parse(const char *s, size_t len);
const char *kf_usage_type_name(int type);

/* Price of usage beyond what is included: started units of `unit` counter
 * units cost unit_fen each; with cap_fen > 0 the charge stops at cap_fen
 * within each block of `block` counter units (block 0 = the whole cycle),
 * e.g. data at 29 fen per 1024 KB up to 6000 fen per 1048576 KB block. */
struct kf_overage {
    int64_t unit_fen;
    int64_t unit;
    int64_t cap_fen;
    int64_t block;
};

/* Charge for `amount` counter units beyond the included ones (amount <= 0
 * costs nothing). Monotonic in amount. */
int64_t kf_overage_cost(const struct kf_overage *o, int64_t amount);

/* --------------------------------------------------------- catalogue */

enum kf_item_kind { KF_ITEM_PLAN = 0, KF_ITEM_ADDON = 1, KF_ITEM_VAS = 2, KF_ITEM_PROMO = 3 };

/* When an item's fee is charged in its first, partial cycle. */
enum kf_first_month { KF_FIRST_FULL = 0, KF_FIRST_PRORATE = 1, KF_FIRST_FREE = 2 };

/* How long an add-on, VAS or promotion lasts once ordered. */
enum kf_validity {
    KF_VALID_MONTHLY = 0, /* renews every cycle (monthly fee) until cancelled */
    KF_VALID_CYCLE = 1,   /* one-off: to the end of the current cycle */
    KF_VALID_DAYS = 2,    /* one-off: `days` days from the order */
    KF_VALID_CYCLES = 3,  /* promotion: `cycles` cycles from the order's */
};

#define KF_ITEM_ID_MAX 24
#define KF_ITEM_REFS 8

struct kf_item {
    char id[KF_ITEM_ID_MAX];
    int kind;                 /* enum kf_item_kind */
    char name[128];           /* Chinese, shown to subscribers */
    char family[16];          /* plans: 5g 4g youth senior datacard global prepaid family;
                               * others: the shelf they are shown on ("" = any);
                               * who may order is eligible.families */
    char code[16];            /* SMS order code (KT<code>, TD<code>), "" = none */
    char group[KF_ITEM_ID_MAX]; /* exclusive group: one active item per group */
    char excludes[KF_ITEM_REFS][KF_ITEM_ID_MAX]; /* item ids or "group:NAME" */
    int nexcludes;
    int64_t fee_fen;          /* monthly (plan, monthly add-on, VAS) or one-off price */
    int64_t incl[KF_USE_N];   /* included (plans) or added (packs, promotions) */
    struct kf_overage over[KF_USE_N]; /* plans only */
    int first_month;          /* enum kf_first_month */
    int validity;             /* enum kf_validity (not plans) */
    int days, cycles;
    int contract_months;      /* plans: cannot be left during the term */
    int discount_pct;         /* promotions: off the plan fee, 0..100 */
    int64_t valid_from_ms, valid_to_ms; /* orderable window; 0 = open */
    int orderable;            /* 0: withdrawn (kept for those who hold it) */
    /* eligibility (empty = everyone) */
    char elig_families[KF_ITEM_REFS][16];
    int nelig_families;
    char elig_plans[KF_ITEM_REFS][KF_ITEM_ID_MAX];
    int nelig_plans;
    int new_within_days;      /* > 0: only subscribers this new */
    int min_tenure_months;
    char desc[512];
    char tags[64];            /* e.g. "热销,5G" */
    int line;                 /* line in the catalogue file */
};

typedef struct kf_catalog kf_catalog;

/* Parses and validates a catalogue (JSON Lines, '#' comments); dates in it
 * are local to the zone tz_offset_s east of UTC. Returns NULL with *err
 * (caller frees): every error found, one per line, as
 * "name:line: item ID: field: reason" (at most 50). */
kf_catalog *kf_catalog_parse(const char *text, size_t len, const char *name, int tz_offset_s,
                             char **err);
/* Reads and parses the file at path (at most 64 MiB). */
kf_catalog *kf_catalog_load(const char *path, int tz_offset_s, char **err);
void kf_catalog_free(kf_catalog *c);

size_t kf_catalog_count(const kf_catalog *c);
/* Items ordered by id; i < kf_catalog_count. */
const struct kf_item *kf_catalog_at(const kf_catalog *c, size_t i);
const struct kf_item *kf_catalog_get(const kf_catalog *c, const char *id);
/* By SMS order code, case-insensitive. */
const struct kf_item *kf_catalog_by_code(const kf_catalog *c, const char *code);
/* Items that can be ordered at now_ms (orderable, inside their dates). */
size_t kf_catalog_count_orderable(const kf_catalog *c, int64_t now_ms);
/* 1 when `it` is on sale at now_ms. */
int kf_item_on_sale(const struct kf_item *it, int64_t now_ms);
int kf_catalog_tz(const kf_catalog *c);

/* What the eligibility rules need to know about a subscriber. */
struct kf_sub_profile {
    const char *plan_id;       /* current plan */
    const char *family;        /* its family */
    int64_t joined_ms;
    const char *const *held;   /* ids of the add-ons/VAS/promotions held now */
    int nheld;
};

/* Why an order is refused; KF_ORDER_OK when it may go ahead. */
enum kf_order_check {
    KF_ORDER_OK = 0,
    KF_ORDER_NOT_ORDERABLE,  /* withdrawn */
    KF_ORDER_NOT_YET,        /* before valid_from */
    KF_ORDER_EXPIRED,        /* after valid_to */
    KF_ORDER_NOT_ELIGIBLE,   /* family, plan, tenure or newness */
    KF_ORDER_HELD,           /* already held */
    KF_ORDER_EXCLUDED,       /* excluded by (or excludes) a held item or group */
};

/* Checks whether subscriber p may order item `it` at now_ms. When an
 * exclusion is the reason, *conflict is the held item in the way. */
int kf_item_check_order(const kf_catalog *c, const struct kf_item *it,
                        const struct kf_sub_profile *p, int64_t now_ms,
                        const struct kf_item **conflict);
/* Chinese text of a check result, for replies. */
const char *kf_order_check_text(int check);
const char *kf_item_kind_name(int kind);

/* ------------------------------------------------------ cycles, time */

/* Civil date in the zone tz_offset_s east of UTC. */
struct kf_civil {
    int year, month, day, hour, minute, second, wday; /* wday 0 = Sunday */
};
void kf_civil_from_ms(int64_t ms, int tz_offset_s, struct kf_civil *out);
/* ms of local midnight year-month-day (month may be 13 = next January). */
int64_t kf_civil_to_ms(int year, int month, int day, int tz_offset_s);

/* The cycle (YYYYMM) holding ms. */
int kf_cycle_of(int64_t ms, int tz_offset_s);
int kf_cycle_next(int cycle);
int kf_cycle_prev(int cycle);
int64_t kf_cycle_start_ms(int cycle, int tz_offset_s);
int kf_cycle_days(int cycle);

/* The fee due for an item taken at at_ms in its first cycle, after the
 * item's first-month rule: prorate = fee x days left (including today) /
 * days in the cycle, rounded to the nearest fen. */
int64_t kf_item_first_fee(const struct kf_item *it, int64_t at_ms, int tz_offset_s);

/* Money for people: "12元", "0.29元". */
void kf_fen_text(char *out, size_t cap, int64_t fen);

/* ------------------------------------------------------- a cycle's cost */

/* Usage of one cycle. */
struct kf_usage {
    int64_t amount[KF_USE_N];
};

/* Cost of a cycle's usage under `plan` with extra included amounts (packs,
 * promotions) `extra` (may be NULL): overage only, per type into by_type
 * (may be NULL); returns the total. */
int64_t kf_plan_overage(const struct kf_item *plan, const int64_t *extra,
                        const struct kf_usage *u, int64_t by_type[KF_USE_N]);
/* The charge for adding `add` units of `type` to a cycle that has used
 * `before`, under included `incl` and price o: cost(after) - cost(before),
 * so caps and blocks hold exactly whatever the order of the records. */
int64_t kf_rate_delta(const struct kf_overage *o, int64_t incl, int64_t before, int64_t add);

/* --------------------------------------------------- recommendation */

#define KF_REC_CYCLES 3

struct kf_rec {
    const struct kf_item *plan;
    int64_t cost_fen[KF_REC_CYCLES]; /* fee + overage per past cycle */
    int64_t mean_fen;                /* mean over the cycles given */
    int64_t saving_fen;              /* current plan's mean minus this one's */
    int covers;                      /* 1: included amounts cover every cycle */
    char reason[256];                /* one line, Chinese */
};

/* The n cheapest orderable plans at now_ms that subscriber p may move to,
 * for the usage of its last ncycles (1..3) cycles: ranked by mean cost, ties
 * by headroom. Writes up to max into out and returns how many; the
 * current plan is included when it is among the cheapest (saving 0). */
int kf_recommend(const kf_catalog *c, const struct kf_sub_profile *p, const struct kf_usage *u,
                 int ncycles, int64_t now_ms, struct kf_rec *out, int max);

#endif
