/* SPDX-License-Identifier: MIT
 *
 * slot.c -- appointment slots in time: local dates from now_ms and the
 * zone, slot keys "<entry id>#<slot index>@<YYYYMMDD>", the seats left
 * after the caller's bookings, and kf_info_slot() that finds a slot again
 * when a booking is confirmed. A slot's day in the file counts from today,
 * so its date is today + day, and a key is only good while that holds: the
 * next day the same index means another date and yesterday's key is
 * refused.
 */
#include "info/info_int.h"

#include <stdio.h>
#include <string.h>

#include "base/base.h"

static int64_t floor_div(int64_t a, int64_t b)
{
    int64_t q = a / b;

    return (a % b != 0 && (a < 0) != (b < 0)) ? q - 1 : q;
}

int64_t kf_info__today(int64_t now_ms, int tz)
{
    return floor_div(floor_div(now_ms, 1000) + tz, 86400);
}

/* Howard Hinnant's days_from_civil / civil_from_days (proleptic Gregorian). */
int64_t kf_info__days(int y, int m, int d)
{
    int64_t yy = (int64_t)y - (m <= 2);
    int64_t era = floor_div(yy, 400);
    int64_t yoe = yy - era * 400;
    int64_t doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
    int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;

    return era * 146097 + doe - 719468;
}

void kf_info__civil(int64_t days, int *y, int *m, int *d)
{
    int64_t z = days + 719468;
    int64_t era = floor_div(z, 146097);
    int64_t doe = z - era * 146097;
    int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    int64_t mp = (5 * doy + 2) / 153;

    *d = (int)(doy - (153 * mp + 2) / 5 + 1);
    *m = (int)(mp < 10 ? mp + 3 : mp - 9);
    *y = (int)(yoe + era * 400 + (*m <= 2));
}

int kf_info__wday(int64_t days)
{
    return (int)(((days % 7) + 11) % 7); /* 1970-01-01 was a Thursday */
}

const char *kf_info__wday_name(int wday)
{
    static const char *const names[] = {"周日", "周一", "周二", "周三", "周四", "周五", "周六"};

    return names[((wday % 7) + 7) % 7];
}

static void slot_key(const struct kf_info__entry *e, int i, int64_t today, char *out, size_t cap)
{
    int y, m, d;

    kf_info__civil(today + e->slots[i].day, &y, &m, &d);
    snprintf(out, cap, "%s#%d@%04d%02d%02d", e->id, i, y, m, d);
}

int kf_info__slot_free(const struct kf_info__entry *e, int i, int64_t today,
                       kf_info_booked_fn booked, void *ctx)
{
    char key[48];
    int n = 0;

    if (booked != NULL) {
        slot_key(e, i, today, key, sizeof key);
        n = booked(ctx, key);
    }
    if (n < 0)
        n = 0;
    return n >= e->slots[i].left ? 0 : e->slots[i].left - n;
}

void kf_info__slot_fill(const struct kf_info__entry *e, int i, int64_t today,
                        kf_info_booked_fn booked, void *ctx, struct kf_info_slot *out)
{
    const struct kf_info__slotdef *s = &e->slots[i];
    int y, m, d;

    kf_info__civil(today + s->day, &y, &m, &d);
    slot_key(e, i, today, out->key, sizeof out->key);
    snprintf(out->text, sizeof out->text, "%s %s %s %d月%d日（%s）%02d:%02d", e->name,
             kf_info__depts[s->dept], s->doctor, m, d,
             kf_info__wday_name(kf_info__wday(today + s->day)), s->minute / 60, s->minute % 60);
    out->left = kf_info__slot_free(e, i, today, booked, ctx);
}

/* Splits "<id>#<index>@<YYYYMMDD>"; 0 or -1. */
static int parse_key(const char *key, char *id, size_t cap, int *index, int *y, int *m, int *d)
{
    const char *hash = strchr(key, '#'), *p;
    int v = 0, n = 0;

    if (hash == NULL || hash == key || (size_t)(hash - key) >= cap)
        return -1;
    memcpy(id, key, (size_t)(hash - key));
    id[hash - key] = '\0';
    for (p = hash + 1; *p >= '0' && *p <= '9' && n < 4; p++, n++)
        v = v * 10 + (*p - '0');
    if (n == 0 || *p != '@' || (n > 1 && hash[1] == '0')) /* one spelling per slot */
        return -1;
    *index = v;
    p++;
    for (n = 0; n < 8; n++)
        if (p[n] < '0' || p[n] > '9')
            return -1;
    if (p[8] != '\0')
        return -1;
    *y = (p[0] - '0') * 1000 + (p[1] - '0') * 100 + (p[2] - '0') * 10 + (p[3] - '0');
    *m = (p[4] - '0') * 10 + (p[5] - '0');
    *d = (p[6] - '0') * 10 + (p[7] - '0');
    return 0;
}

int kf_info_slot(const kf_info *info, const char *key, int64_t now_ms, int tz,
                 kf_info_booked_fn booked, void *ctx, struct kf_info_slot *out)
{
    char id[24];
    int index, y, m, d, cy, cm, cd;
    const struct kf_info__entry *e;
    int64_t today, days;

    if (info == NULL || key == NULL || out == NULL)
        return KF_EINVAL;
    memset(out, 0, sizeof *out);
    if (parse_key(key, id, sizeof id, &index, &y, &m, &d) != 0 || m < 1 || m > 12 || d < 1)
        return KF_ENOENT;
    e = kf_info__find(info, id);
    if (e == NULL || e->kind != KF_INFO_HOSPITAL || index >= e->nslots)
        return KF_ENOENT;
    days = kf_info__days(y, m, d);
    kf_info__civil(days, &cy, &cm, &cd);
    today = kf_info__today(now_ms, tz);
    if (cy != y || cm != m || cd != d || days != today + e->slots[index].day)
        return KF_ENOENT;
    kf_info__slot_fill(e, index, today, booked, ctx, out);
    return 0;
}
