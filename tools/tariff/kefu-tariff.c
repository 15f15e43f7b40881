/* SPDX-License-Identifier: MIT
 *
 * kefu-tariff.c -- offline checks of a tariff catalogue, for operators
 * editing one before they reload kefud:
 *
 *   kefu-tariff check FILE        validate; print every error, or a summary
 *   kefu-tariff show FILE ID      one item as the loader understood it
 *
 * Exit status 0 when the file is valid, 1 when it is not, 2 on usage.
 */
#include <stdio.h>
#include <string.h>

#include "base/base.h"
#include "tariff/tariff.h"

#define TZ_CN (8 * 3600)

static void summary(const kf_catalog *c)
{
    size_t by_kind[4] = {0};
    int64_t now = kf_clock_wall_ms();

    for (size_t i = 0; i < kf_catalog_count(c); i++)
        by_kind[kf_catalog_at(c, i)->kind]++;
    printf("%zu items: %zu plans, %zu add-ons, %zu value-added services, %zu promotions; "
           "%zu on sale today\n",
           kf_catalog_count(c), by_kind[0], by_kind[1], by_kind[2], by_kind[3],
           kf_catalog_count_orderable(c, now));
}

static void show(const struct kf_item *it)
{
    static const char *const use[KF_USE_N] = {"voice min", "sms", "data KB"};
    printf("id %s (%s, line %d)\nname %s\nfamily %s\ncode %s\nfee %lld fen\n", it->id,
           kf_item_kind_name(it->kind), it->line, it->name, it->family, it->code,
           (long long)it->fee_fen);
    for (int t = 0; t < KF_USE_N; t++) {
        printf("include %s %lld", use[t], (long long)it->incl[t]);
        if (it->kind == KF_ITEM_PLAN)
            printf("; overage %lld fen per %lld, cap %lld fen per %lld", (long long)it->over[t].unit_fen,
                   (long long)it->over[t].unit, (long long)it->over[t].cap_fen,
                   (long long)it->over[t].block);
        printf("\n");
    }
    printf("group %s\norderable %d\n", it->group, it->orderable);
}

int main(int argc, char **argv)
{
    char *err = NULL;
    kf_catalog *c;
    int rc = 0;

    if (argc < 3 || (strcmp(argv[1], "check") != 0 && strcmp(argv[1], "show") != 0) ||
        (strcmp(argv[1], "show") == 0 && argc != 4)) {
        fputs("usage: kefu-tariff check FILE | show FILE ID\n", stderr);
        return 2;
    }
    c = kf_catalog_load(argv[2], TZ_CN, &err);
    if (c == NULL) {
        fprintf(stderr, "%s\n", err);
        free(err);
        return 1;
    }
    if (strcmp(argv[1], "check") == 0)
        summary(c);
    else if (kf_catalog_get(c, argv[3]))
        show(kf_catalog_get(c, argv[3]));
    else {
        fprintf(stderr, "%s: no item %s\n", argv[2], argv[3]);
        rc = 1;
    }
    kf_catalog_free(c);
    return rc;
}
