/* SPDX-License-Identifier: MIT
 *
 * url.h -- URL and domain intelligence for the spam shield (internal to
 * src/shield/): is a host an official domain of a well-known brand, a
 * look-alike of one (icbc-cn.top, 1OcO86.cn, 95588kf.com), a link
 * shortener, under an unusual top-level domain, a bare IP address or
 * punycode? The lists come from a data file (data/shield/domains.txt,
 * format in its header); loading names the file and line of each error.
 *
 * kf_urlintel_check does no allocation and no I/O (hot path).
 * Read-only after load: may be shared between threads.
 */
#ifndef KF_SHIELD_URL_H
#define KF_SHIELD_URL_H

#include <stddef.h>

typedef struct kf_urlintel kf_urlintel;

enum kf_url_class {
    KF_URL_PLAIN = 0,     /* nothing known about it */
    KF_URL_OFFICIAL = 1,  /* an official domain of a listed brand (or a subdomain of one) */
    KF_URL_SHORTENER = 2, /* a link shortener: the real target is hidden */
    KF_URL_RISKY_TLD = 3, /* a top-level domain mostly used for abuse */
    KF_URL_LOOKALIKE = 4, /* imitates a listed brand without being its domain */
    KF_URL_IP = 5,        /* a bare IPv4/IPv6 address */
    KF_URL_PUNYCODE = 6,  /* an xn-- label (internationalised look-alike) */
};

struct kf_url_verdict {
    int cls;          /* enum kf_url_class: the most severe finding */
    int points;       /* risk points it adds (0 for plain/official) */
    char brand[48];   /* the brand imitated or owned, UTF-8, or "" */
    char code[32];    /* machine reason, e.g. "url.lookalike" */
    char reason[160]; /* human reason in Simplified Chinese */
};

/* Loads the lists from a file (at most 1 MiB). Returns the table, or NULL
 * with *err set to "file:line: reason" (or "file: reason" when it cannot be
 * read); the caller frees *err and, later, the table. Called at start-up and
 * on reload, from any thread. */
kf_urlintel *kf_urlintel_load(const char *path, char **err);
/* The same from text in memory; `name` only labels the errors. Borrows text. */
kf_urlintel *kf_urlintel_parse(const char *name, const char *text, size_t len, char **err);
/* NULL is a no-op. */
void kf_urlintel_free(kf_urlintel *u);
/* Number of brands loaded (for logs and tests). */
size_t kf_urlintel_nbrands(const kf_urlintel *u);

/* Judges one host as extracted from normalised text: lower case, may carry
 * a :port, a trailing dot, a user@ part or, for robustness, a scheme and a
 * path (both ignored). Any bytes are accepted; upper case is folded. Fills
 * out with the most severe finding (the highest points; on a tie the larger
 * class): an official host is KF_URL_OFFICIAL with 0 points unless it is also
 * a shortener. No allocation, no I/O, no locks; any thread. */
void kf_urlintel_check(const kf_urlintel *u, const char *host, size_t len,
                       struct kf_url_verdict *out);

#endif
