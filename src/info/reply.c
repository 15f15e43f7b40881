/* SPDX-License-Identifier: MIT
 *
 * reply.c -- the answers of 12580: kf_info_query() reads the SMS
 * (query.c), picks the entries and writes at most KF_INFO_REPLY_CHARS
 * characters of Simplified Chinese, cutting a list short rather than
 * going over. The answers:
 *   - places: the top 3 hotels / restaurants of the city, ranked by the
 *     terms they match, then rating, then price ascending (便宜: price
 *     before rating; 高档 / 豪华: that grade, and descending);
 *   - a hospital named without a department: its departments with free
 *     slots, and how to ask for one;
 *   - a hospital and a department (and maybe a day): up to 6 numbered free
 *     slots, which the caller offers for booking;
 *   - hospitals: of the city, with a department, or the best partial
 *     matches when the name given is not in the directory;
 *   - help, and a helpful "未找到" when nothing matches.
 * Without a city the answer is for 长沙 and says so. A hospital named in
 * part ("附一", "省人民医院") is matched by the characters it shares with
 * the names, each weighted by how few names have it (医 and 院, in every
 * name, count for next to nothing).
 */
#include "info/info_int.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/base.h"

#define TOP 3          /* places listed */
#define HOSP_LINES 6   /* hospitals listed */
#define DEFAULT_CITY 0 /* 长沙, the demo's home city */
#define NAME_SHARE 0.5 /* a partial name must carry this share of the weight */

static const char *const kind_label[] = {"酒店", "餐厅", "医院"};

/* --------------------------------------------------- bounded output */

/* Text with a limit in characters (and the buffer's bytes). */
struct out {
    char *s;
    size_t cap, len;
    int chars, max;
};

static void out_init(struct out *o, char *buf, size_t cap)
{
    o->s = buf;
    o->cap = cap;
    o->len = 0;
    o->chars = 0;
    o->max = KF_INFO_REPLY_CHARS;
    buf[0] = '\0';
}

/* Appends s whole, or nothing: returns 0 or -1. */
static int out_add(struct out *o, const char *s)
{
    size_t n = strlen(s);
    int c = kf_info__nchars(s);

    if (o->chars + c > o->max || o->len + n >= o->cap)
        return -1;
    memcpy(o->s + o->len, s, n + 1);
    o->len += n;
    o->chars += c;
    return 0;
}

static int out_addf(struct out *o, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static int out_addf(struct out *o, const char *fmt, ...)
{
    char tmp[1024];
    va_list ap;

    va_start(ap, fmt);
    vsnprintf(tmp, sizeof tmp, fmt, ap);
    va_end(ap);
    return out_add(o, tmp);
}

/* Appends as much of s as fits, marking a cut with "…". */
static void out_cut(struct out *o, const char *s)
{
    char tmp[1024];
    size_t n = 0;
    int c = 0, room = o->max - o->chars;

    if (out_add(o, s) == 0 || room <= 1)
        return;
    while (s[n] && c < room - 1 && n + 8 < sizeof tmp && o->len + n + 8 < o->cap) {
        n += kf_info__u8len(s + n);
        c++;
    }
    memcpy(tmp, s, n);
    memcpy(tmp + n, "…", strlen("…") + 1);
    out_add(o, tmp);
}

/* ------------------------------------------------------ the asking */

/* One query being answered. */
struct ask {
    const struct kf_info *info;
    const struct kf_info__q *q;
    int64_t today;
    kf_info_booked_fn booked;
    void *ctx;
    struct kf_info_answer *ans;
    struct out o;
    int city; /* the city answered for */
};

static void begin(struct ask *a, int kind)
{
    a->ans->kind = kind;
    out_init(&a->o, a->ans->text, sizeof a->ans->text);
    out_add(&a->o, "【12580】");
}

static const char *city_name(int city)
{
    return kf_info__cities[city].name;
}

/* "（未说明城市，默认长沙）" when the city was not said. */
static void city_note(struct ask *a)
{
    if (a->q->city_said == 0)
        out_addf(&a->o, "（未说明城市，默认%s）", city_name(a->city));
}

static void help(struct ask *a)
{
    begin(a, KF_INFO_ANS_HELP);
    out_cut(&a->o, "12580信息服务（示例数据）：查酒店发“长沙 酒店”，可加区县、“便宜”或“高档”；"
                   "查美食发“株洲 火锅”“口味虾”；挂号发“长沙 医院”，再发“医院名 科室”看号源，"
                   "可加“明天”“周三”。城市：长沙、株洲、湘潭、岳阳、衡阳。");
}

static void not_understood(struct ask *a)
{
    begin(a, KF_INFO_ANS_NONE);
    out_cut(&a->o, "没有看懂您要找什么。可发送“长沙 酒店”“长沙 湘菜”“衡阳 医院”或“医院名 科室”"
                   "查询，发“帮助”看说明。");
}

/* The terms of the query joined by spaces, for headers and "未找到". */
static void terms_text(const struct kf_info__q *q, char *buf, size_t cap)
{
    size_t len = 0;

    buf[0] = '\0';
    for (int i = 0; i < q->nterms && len < cap; i++)
        len += (size_t)snprintf(buf + len, cap - len, "%s%s", i ? " " : "", q->terms[i].s);
}

/* Terms of a place matched, -1 when it is not of the kind or city. */
static int place_score(const struct ask *a, const struct kf_info__entry *e, const char *grade)
{
    const struct kf_info__q *q = a->q;
    int score = 0;

    if (e->city != a->city || (q->kind >= 0 && e->kind != q->kind))
        return -1;
    if (q->kind < 0 && e->kind == KF_INFO_HOSPITAL)
        return -1;
    for (int i = 0; i < q->nterms; i++)
        score += strstr(e->hay, q->terms[i].s) != NULL;
    if (grade != NULL)
        score += strstr(e->hay, grade) != NULL;
    return score;
}

/* The ranking of places: more terms, then (便宜) price, rating, (else)
 * price ascending (高档: descending), then file order. */
struct ranked {
    int i, score;
};

static int better(const struct ask *a, struct ranked x, struct ranked y)
{
    const struct kf_info__entry *ex = &a->info->e[x.i], *ey = &a->info->e[y.i];
    int px = ex->price < 0 ? 1 << 30 : ex->price, py = ey->price < 0 ? 1 << 30 : ey->price;

    if (x.score != y.score)
        return x.score > y.score;
    if (a->q->cheap && px != py)
        return px < py;
    if (ex->rating != ey->rating)
        return ex->rating > ey->rating;
    if (px != py)
        return a->q->upscale ? px > py : px < py;
    return x.i < y.i;
}

/* Keeps top[0..*n) the best `max` seen, best first. */
static void keep(const struct ask *a, struct ranked *top, int *n, int max, struct ranked r)
{
    int k;

    if (*n < max)
        k = (*n)++;
    else if (better(a, r, top[max - 1]))
        k = max - 1;
    else
        return;
    top[k] = r;
    for (; k > 0 && better(a, top[k], top[k - 1]); k--) {
        struct ranked t = top[k];
        top[k] = top[k - 1];
        top[k - 1] = t;
    }
}

static void place_line(struct ask *a, int n, const struct kf_info__entry *e)
{
    char line[512];

    if (e->kind == KF_INFO_HOSPITAL)
        snprintf(line, sizeof line, "\n%d.%s %s %s", n, e->name, e->address, e->phone);
    else
        snprintf(line, sizeof line, "\n%d.%s %s %s ¥%d/%s %d.%d分", n, e->name, e->address,
                 e->phone, e->price, e->kind == KF_INFO_HOTEL ? "晚" : "人", e->rating / 10,
                 e->rating % 10);
    if (n == 1)
        out_cut(&a->o, line);
    else
        out_add(&a->o, line);
}

/* Hotels or restaurants (or any kind, for a tag alone). */
static void places(struct ask *a)
{
    const struct kf_info__q *q = a->q;
    const char *grade = q->upscale && q->kind == KF_INFO_HOTEL ? kf_info__grades[q->upscale] : NULL;
    struct ranked top[TOP];
    int n = 0;
    char terms[256];

    for (int i = 0; i < a->info->n; i++) {
        int s = place_score(a, &a->info->e[i], grade);
        if (s < 0 || (s == 0 && (q->nterms > 0 || grade != NULL)))
            continue;
        keep(a, top, &n, TOP, (struct ranked){i, s});
    }
    terms_text(q, terms, sizeof terms);
    if (n == 0) {
        begin(a, KF_INFO_ANS_NONE);
        out_addf(&a->o, "未找到%s“%s%s%s”相关的%s。", city_name(a->city), terms,
                 grade && terms[0] ? " " : "", grade ? grade : "",
                 q->kind >= 0 ? kind_label[q->kind] : "信息");
        if (q->kind >= 0)
            out_addf(&a->o, "可发送“%s %s”看推荐，发“帮助”看说明。", city_name(a->city),
                     kind_label[q->kind]);
        else
            out_addf(&a->o, "可发送“%s 酒店”“%s 美食”“%s 医院”，发“帮助”看说明。",
                     city_name(a->city), city_name(a->city), city_name(a->city));
        return;
    }
    begin(a, KF_INFO_ANS_LIST);
    out_addf(&a->o, "%s%s%s%s%s%s", city_name(a->city), terms[0] ? " " : "", terms,
             grade ? " " : "", grade ? grade : "", q->kind >= 0 ? kind_label[q->kind] : "");
    city_note(a);
    if (q->cheap)
        out_add(&a->o, "（低价优先）");
    out_add(&a->o, "：");
    for (int k = 0; k < n; k++)
        place_line(a, k + 1, &a->info->e[top[k].i]);
}

/* ------------------------------------------------------- hospitals */

/* Seats free in a hospital's department (all of it with dept -1). */
static int dept_free(struct ask *a, const struct kf_info__entry *e, int dept)
{
    int free_seats = 0;

    for (int i = 0; i < e->nslots; i++)
        if (dept < 0 || e->slots[i].dept == dept)
            free_seats += kf_info__slot_free(e, i, a->today, a->booked, a->ctx);
    return free_seats;
}

static int has_dept(const struct kf_info__entry *e, int dept)
{
    for (int i = 0; i < e->nslots; i++)
        if (e->slots[i].dept == dept)
            return 1;
    return 0;
}

/* "可预约科室：心内科、儿科" for the departments with free seats. */
static void dept_list(struct ask *a, const struct kf_info__entry *e, int max)
{
    int n = 0;

    a->o.max = max;
    for (int d = 0; d < kf_info__ndepts; d++) {
        if (!has_dept(e, d) || dept_free(a, e, d) == 0)
            continue;
        if (out_addf(&a->o, "%s%s", n ? "、" : "\n可预约科室：", kf_info__depts[d]) != 0)
            break;
        n++;
    }
    if (n == 0)
        out_add(&a->o, "\n近7天号源已约满，请换一家医院。");
    a->o.max = KF_INFO_REPLY_CHARS;
}

/* A hospital named without a department: its departments. */
static void departments(struct ask *a, const struct kf_info__entry *e, const char *why)
{
    char hint[200];

    snprintf(hint, sizeof hint, "\n发送“%s 科室”查看号源", e->short_name);
    begin(a, KF_INFO_ANS_LIST);
    out_cut(&a->o, e->name);
    if (why != NULL)
        out_add(&a->o, why);
    else
        out_addf(&a->o, " %s %s", e->address, e->phone);
    dept_list(a, e, KF_INFO_REPLY_CHARS - kf_info__nchars(hint));
    out_add(&a->o, hint);
}

/* "12月9日周三" of a day from today. */
static void day_text(int64_t today, int day, char *buf, size_t cap)
{
    int y, m, d;

    kf_info__civil(today + day, &y, &m, &d);
    snprintf(buf, cap, "%d月%d日%s", m, d, kf_info__wday_name(kf_info__wday(today + day)));
}

/* Free slots of a department, by day and time, that pass the day and
 * half-day filters (when `filter`); returns how many, at most max. */
static int free_slots(struct ask *a, const struct kf_info__entry *e, int dept, int filter, int *out,
                      int max)
{
    const struct kf_info__q *q = a->q;
    int n = 0;

    for (int i = 0; i < e->nslots; i++) {
        const struct kf_info__slotdef *s = &e->slots[i];
        int k;
        if (s->dept != dept || (filter && q->day && s->day != q->day))
            continue;
        if (filter && q->half && (q->half == 1) != (s->minute < 12 * 60))
            continue;
        if (kf_info__slot_free(e, i, a->today, a->booked, a->ctx) <= 0)
            continue;
        for (k = n < max ? n++ : max; k > 0; k--) {
            const struct kf_info__slotdef *p = &e->slots[out[k - 1]];
            if (p->day < s->day || (p->day == s->day && p->minute <= s->minute))
                break;
            if (k < max)
                out[k] = out[k - 1];
        }
        if (k < max)
            out[k] = i;
    }
    return n;
}

static void slot_note(struct ask *a, int filtered_out)
{
    const struct kf_info__q *q = a->q;
    char day[64];

    if (q->daynote == KF_DAYNOTE_TODAY)
        out_add(&a->o, "（当天号不可预约，以下为明天起的号源）");
    else if (q->daynote == KF_DAYNOTE_RANGE)
        out_add(&a->o, "（只能预约明天起7天内的号）");
    else if (filtered_out && q->day) {
        day_text(a->today, q->day, day, sizeof day);
        out_addf(&a->o, "（%s%s无余号，以下为其他时间）", day,
                 q->half == 1   ? "上午"
                 : q->half == 2 ? "下午"
                                : "");
    } else if (filtered_out) {
        out_addf(&a->o, "（%s无余号，以下为其他时间）", q->half == 1 ? "上午" : "下午");
    }
}

/* A hospital and a department: numbered free slots. */
static void slots(struct ask *a, const struct kf_info__entry *e, int dept)
{
    static const char hint[] = "\n回复序号预约，如“1”";
    int idx[KF_INFO_MAX_CHOICES], n, filtered_out = 0;
    char day[64], line[256];

    if (!has_dept(e, dept)) {
        snprintf(line, sizeof line, "没有%s号源。", kf_info__depts[dept]);
        departments(a, e, line);
        return;
    }
    n = free_slots(a, e, dept, 1, idx, KF_INFO_MAX_CHOICES);
    if (n == 0 && (a->q->day || a->q->half)) { /* none then: offer the other days */
        n = free_slots(a, e, dept, 0, idx, KF_INFO_MAX_CHOICES);
        filtered_out = n > 0;
    }
    begin(a, KF_INFO_ANS_SLOTS);
    out_cut(&a->o, e->name);
    out_addf(&a->o, " %s", kf_info__depts[dept]);
    if (n == 0) {
        out_add(&a->o, "近7天号源已约满，可换其他医院或科室。");
        return;
    }
    slot_note(a, filtered_out);
    out_add(&a->o, "：");
    a->o.max = KF_INFO_REPLY_CHARS - kf_info__nchars(hint);
    for (int k = 0; k < n; k++) {
        const struct kf_info__slotdef *s = &e->slots[idx[k]];
        struct kf_info_slot *c = &a->ans->choices[k];
        day_text(a->today, s->day, day, sizeof day);
        kf_info__slot_fill(e, idx[k], a->today, a->booked, a->ctx, c);
        snprintf(line, sizeof line, "\n%d.%s %02d:%02d %s 余%d", k + 1, day, s->minute / 60,
                 s->minute % 60, s->doctor, c->left);
        if (out_add(&a->o, line) != 0) {
            memset(c, 0, sizeof *c);
            break;
        }
        a->ans->nchoices++;
    }
    a->o.max = KF_INFO_REPLY_CHARS;
    if (a->ans->nchoices == 0) {
        out_cut(&a->o, "\n号源信息过长，请换个说法。");
        return;
    }
    out_add(&a->o, hint);
}

/* A hospital in a list, ranked by key1 then key2 (both descending), then
 * file order. */
struct hr {
    int i;
    double key1;
    int key2;
};

static void keep_h(struct hr *top, int *n, int max, struct hr r)
{
    int k;

    if (*n < max)
        k = (*n)++;
    else if (r.key1 > top[max - 1].key1 + 1e-9 ||
             (fabs(r.key1 - top[max - 1].key1) <= 1e-9 && r.key2 > top[max - 1].key2))
        k = max - 1;
    else
        return;
    top[k] = r;
    for (; k > 0; k--) {
        struct hr x = top[k], y = top[k - 1];
        int up = x.key1 > y.key1 + 1e-9 || (fabs(x.key1 - y.key1) <= 1e-9 &&
                                            (x.key2 > y.key2 || (x.key2 == y.key2 && x.i < y.i)));
        if (!up)
            break;
        top[k] = y;
        top[k - 1] = x;
    }
}

/* Weights of the characters of a partial name against the hospitals in
 * scope (the city said, else all): score[i] per entry, -1 out of scope.
 * A character in every name weighs next to nothing, one in none the most.
 * Returns the total weight of the name. */
static double name_scores(struct ask *a, double *score)
{
    const struct kf_info *info = a->info;
    char seen[32][8];
    int nseen = 0, scope = 0;
    double total = 0;

    for (int i = 0; i < info->n; i++) {
        const struct kf_info__entry *e = &info->e[i];
        int in = e->kind == KF_INFO_HOSPITAL && (a->q->city_said != 2 || e->city == a->q->city);
        score[i] = in ? 0 : -1;
        scope += in;
    }
    for (const char *c = a->q->name; *c && nseen < 32; c += kf_info__u8len(c)) {
        size_t n = kf_info__u8len(c);
        int df = 0, dup = 0;
        double w;
        memcpy(seen[nseen], c, n);
        seen[nseen][n] = '\0';
        for (int k = 0; k < nseen; k++)
            dup |= strcmp(seen[k], seen[nseen]) == 0;
        if (dup)
            continue;
        for (int i = 0; i < info->n; i++)
            df += score[i] >= 0 && strstr(info->e[i].short_name, seen[nseen]) != NULL;
        w = log((scope + 1.0) / (df + 0.5));
        total += w;
        for (int i = 0; i < info->n; i++)
            if (score[i] >= 0 && strstr(info->e[i].short_name, seen[nseen]) != NULL)
                score[i] += w;
        nseen++;
    }
    return total;
}

enum { MATCH_NONE, MATCH_ONE, MATCH_MANY, MATCH_NOTFOUND };

/* The hospital a partial name designates: MATCH_ONE with *h; MATCH_MANY
 * with the tied names in top[]; MATCH_NOTFOUND with the city's hospitals
 * closest first in top[]; MATCH_NONE when the name carries no weight. */
static int match_name(struct ask *a, int *h, struct hr *top, int *n)
{
    const struct kf_info *info = a->info;
    int dept = a->q->dept, ties = 0, fit = 0, rc;
    double *score = kf_xmalloc((size_t)(info->n ? info->n : 1) * sizeof *score);
    double total = name_scores(a, score), best = 0;

    *n = 0;
    for (int i = 0; i < info->n; i++)
        best = score[i] > best ? score[i] : best;
    if (total <= 1e-9) {
        free(score);
        return MATCH_NONE;
    }
    rc = best >= NAME_SHARE * total ? MATCH_MANY : MATCH_NOTFOUND;
    for (int i = 0; i < info->n; i++) {
        int tied = rc == MATCH_MANY && score[i] >= best - 1e-9;
        ties += tied;
        fit += tied && (dept < 0 || has_dept(&info->e[i], dept));
    }
    for (int i = 0; i < info->n; i++) {
        const struct kf_info__entry *e = &info->e[i];
        if (score[i] < 0)
            continue;
        if (rc == MATCH_MANY &&
            (score[i] < best - 1e-9 || (fit > 0 && dept >= 0 && !has_dept(e, dept))))
            continue;
        if (rc == MATCH_NOTFOUND && (e->city != a->city || (dept >= 0 && !has_dept(e, dept))))
            continue;
        if (rc == MATCH_MANY && (fit == 1 || ties == 1)) {
            *h = i;
            rc = MATCH_ONE;
            break;
        }
        keep_h(top, n, HOSP_LINES, (struct hr){i, score[i], e->city == a->city});
    }
    free(score);
    return rc;
}

/* Numbered hospitals, then the hint; with a department, its free seats. */
static void hospital_lines(struct ask *a, const struct hr *top, int n, int dept, const char *hint)
{
    char line[256];

    a->o.max = KF_INFO_REPLY_CHARS - kf_info__nchars(hint);
    for (int k = 0; k < n; k++) {
        const struct kf_info__entry *e = &a->info->e[top[k].i];
        int free_seats = dept >= 0 ? dept_free(a, e, dept) : 0;
        if (dept < 0)
            snprintf(line, sizeof line, "\n%d.%s %s", k + 1, e->name, e->district);
        else if (free_seats > 0)
            snprintf(line, sizeof line, "\n%d.%s 余%d", k + 1, e->name, free_seats);
        else
            snprintf(line, sizeof line, "\n%d.%s 约满", k + 1, e->name);
        if (k == 0)
            out_cut(&a->o, line);
        else if (out_add(&a->o, line) != 0)
            break;
    }
    a->o.max = KF_INFO_REPLY_CHARS;
    out_add(&a->o, hint);
}

static void hint_for(int dept, char *buf, size_t cap)
{
    if (dept >= 0)
        snprintf(buf, cap, "\n发送“医院名 %s”查看号源", kf_info__depts[dept]);
    else
        snprintf(buf, cap, "\n发送“医院名 科室”查看号源");
}

/* The hospitals of the city, those matching the district / tag terms
 * first, only those with the department when one is given. */
static void city_hospitals(struct ask *a)
{
    const struct kf_info__q *q = a->q;
    struct hr top[HOSP_LINES];
    int n = 0, nterms = 0, dept = q->dept;
    char hint[128], terms[256] = "";
    size_t len = 0;

    for (int t = 0; t < q->nterms; t++)
        if (q->terms[t].type >= 0) {
            nterms++;
            len += (size_t)snprintf(terms + len, sizeof terms - len, "%s ", q->terms[t].s);
            if (len >= sizeof terms)
                len = sizeof terms - 1;
        }
    if (len > 0)
        terms[--len] = '\0'; /* the last space */
    for (int i = 0; i < a->info->n; i++) {
        const struct kf_info__entry *e = &a->info->e[i];
        int score = 0;
        if (e->kind != KF_INFO_HOSPITAL || e->city != a->city || (dept >= 0 && !has_dept(e, dept)))
            continue;
        for (int t = 0; t < q->nterms; t++)
            score += q->terms[t].type >= 0 && strstr(e->hay, q->terms[t].s) != NULL;
        if (nterms > 0 && score == 0)
            continue;
        keep_h(top, &n, HOSP_LINES,
               (struct hr){i, score, dept >= 0 ? dept_free(a, e, dept) > 0 : 0});
    }
    if (n == 0) {
        begin(a, KF_INFO_ANS_NONE);
        out_addf(&a->o, "未找到%s%s%s的医院%s%s%s。可发送“%s 医院”查看全部，发“帮助”看说明。",
                 city_name(a->city), dept >= 0 ? "有" : "", dept >= 0 ? kf_info__depts[dept] : "",
                 len ? "（" : "", terms, len ? "）" : "", city_name(a->city));
        return;
    }
    begin(a, KF_INFO_ANS_LIST);
    out_addf(&a->o, "%s%s%s的医院%s%s%s", city_name(a->city), dept >= 0 ? "有" : "",
             dept >= 0 ? kf_info__depts[dept] : "", len ? "（" : "", terms, len ? "）" : "");
    city_note(a);
    out_add(&a->o, "：");
    hint_for(dept, hint, sizeof hint);
    hospital_lines(a, top, n, dept, hint);
}

/* One hospital: its departments, or a department's slots. */
static void one_hospital(struct ask *a, int h)
{
    const struct kf_info__entry *e = &a->info->e[h];

    if (a->q->dept >= 0)
        slots(a, e, a->q->dept);
    else
        departments(a, e, NULL);
}

static void hospitals(struct ask *a)
{
    const struct kf_info__q *q = a->q;
    struct hr top[HOSP_LINES];
    int h = q->hospital, n = 0, m = MATCH_NONE;
    char hint[128];

    if (h < 0 && q->name[0])
        m = match_name(a, &h, top, &n);
    if (h >= 0) {
        one_hospital(a, h);
        return;
    }
    hint_for(q->dept, hint, sizeof hint);
    if (m == MATCH_MANY) {
        begin(a, KF_INFO_ANS_LIST);
        out_add(&a->o, "找到多家相符的医院，请发送完整名称：");
        hospital_lines(a, top, n, q->dept, hint);
    } else if (m == MATCH_NOTFOUND) {
        begin(a, KF_INFO_ANS_NONE);
        out_addf(&a->o, "未找到“%s”（示例数据中没有这家医院）。", q->said[0] ? q->said : q->name);
        if (n == 0) {
            out_addf(&a->o, "%s暂无可挂号的医院。", city_name(a->city));
            return;
        }
        out_addf(&a->o, "%s%s%s的医院：", city_name(a->city), q->dept >= 0 ? "有" : "",
                 q->dept >= 0 ? kf_info__depts[q->dept] : "");
        hospital_lines(a, top, n, q->dept, hint);
    } else {
        city_hospitals(a);
    }
}

/* ------------------------------------------------------------ entry */

int kf_info_query(const kf_info *info, const char *text, int64_t now_ms, int tz,
                  kf_info_booked_fn booked, void *ctx, struct kf_info_answer *out)
{
    struct kf_info__q q;
    struct ask a = {.info = info, .q = &q, .booked = booked, .ctx = ctx, .ans = out};
    struct hr top[HOSP_LINES];
    int h = -1, n;

    if (out == NULL)
        return KF_EINVAL;
    memset(out, 0, sizeof *out);
    if (info == NULL || text == NULL) {
        help(&a);
        return KF_EINVAL;
    }
    a.today = kf_info__today(now_ms, tz);
    kf_info__read(info, text, a.today, &q);
    a.city = q.city >= 0 ? q.city : DEFAULT_CITY;
    if (q.empty || q.help)
        help(&a);
    else if (q.kind == KF_INFO_HOSPITAL)
        hospitals(&a);
    else if (q.kind < 0 && q.name[0] && match_name(&a, &h, top, &n) == MATCH_ONE)
        one_hospital(&a, h);
    else if (q.kind < 0 && q.nterms == 0)
        not_understood(&a);
    else
        places(&a);
    return 0;
}
