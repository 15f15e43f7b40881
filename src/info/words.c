/* SPDX-License-Identifier: MIT
 *
 * words.c -- the word list the query reader (query.c) scans an SMS with:
 * the fixed vocabulary of a 12580 look-up (kind words such as 酒店 / 吃饭 /
 * 挂号, department names and their everyday forms, days, price words, help
 * and filler words) plus the words the directory itself brings (hospital
 * names, cities, districts with and without 区/县/市, cuisines and tags).
 *
 * Where two sources give the same word the first one wins, in the order of
 * build(): a hospital's name before anything it contains, a city before a
 * tag. The list is bucketed by first character and sorted longest first
 * in each bucket, so the reader takes the longest word at each position.
 */
#include "info/info_int.h"

#include <stdlib.h>
#include <string.h>

#include "base/base.h"

#define NBUCKETS 1024

struct vocab {
    const char *w;
    int type;
    int val;
};

/* clang-format off */
static const struct vocab vocab[] = {
    /* kinds */
    {"酒店", KF_W_KIND, KF_INFO_HOTEL}, {"宾馆", KF_W_KIND, KF_INFO_HOTEL},
    {"住宿", KF_W_KIND, KF_INFO_HOTEL}, {"旅馆", KF_W_KIND, KF_INFO_HOTEL},
    {"旅店", KF_W_KIND, KF_INFO_HOTEL}, {"旅社", KF_W_KIND, KF_INFO_HOTEL},
    {"客栈", KF_W_KIND, KF_INFO_HOTEL}, {"住店", KF_W_KIND, KF_INFO_HOTEL},
    {"住哪", KF_W_KIND, KF_INFO_HOTEL}, {"住的", KF_W_KIND, KF_INFO_HOTEL},
    {"过夜", KF_W_KIND, KF_INFO_HOTEL}, {"订房", KF_W_KIND, KF_INFO_HOTEL},
    {"餐厅", KF_W_KIND, KF_INFO_RESTAURANT}, {"饭店", KF_W_KIND, KF_INFO_RESTAURANT},
    {"美食", KF_W_KIND, KF_INFO_RESTAURANT}, {"吃饭", KF_W_KIND, KF_INFO_RESTAURANT},
    {"吃的", KF_W_KIND, KF_INFO_RESTAURANT}, {"馆子", KF_W_KIND, KF_INFO_RESTAURANT},
    {"餐馆", KF_W_KIND, KF_INFO_RESTAURANT}, {"饭馆", KF_W_KIND, KF_INFO_RESTAURANT},
    {"菜馆", KF_W_KIND, KF_INFO_RESTAURANT}, {"好吃的", KF_W_KIND, KF_INFO_RESTAURANT},
    {"好吃", KF_W_KIND, KF_INFO_RESTAURANT}, {"餐饮", KF_W_KIND, KF_INFO_RESTAURANT},
    {"吃东西", KF_W_KIND, KF_INFO_RESTAURANT}, {"吃", KF_W_KIND, KF_INFO_RESTAURANT},
    {"医院", KF_W_KIND, KF_INFO_HOSPITAL}, {"挂号", KF_W_KIND, KF_INFO_HOSPITAL},
    {"挂个号", KF_W_KIND, KF_INFO_HOSPITAL}, {"看病", KF_W_KIND, KF_INFO_HOSPITAL},
    {"预约", KF_W_KIND, KF_INFO_HOSPITAL}, {"门诊", KF_W_KIND, KF_INFO_HOSPITAL},
    {"号源", KF_W_KIND, KF_INFO_HOSPITAL}, {"看医生", KF_W_KIND, KF_INFO_HOSPITAL},
    {"就医", KF_W_KIND, KF_INFO_HOSPITAL}, {"就诊", KF_W_KIND, KF_INFO_HOSPITAL},
    {"专家号", KF_W_KIND, KF_INFO_HOSPITAL}, {"看专家", KF_W_KIND, KF_INFO_HOSPITAL},
    /* departments: the names, then everyday forms */
    {"心内科", KF_W_DEPT, 0}, {"心内", KF_W_DEPT, 0}, {"心脏", KF_W_DEPT, 0},
    {"心脏科", KF_W_DEPT, 0}, {"心血管", KF_W_DEPT, 0}, {"心血管科", KF_W_DEPT, 0},
    {"消化内科", KF_W_DEPT, 1}, {"消化科", KF_W_DEPT, 1}, {"消化", KF_W_DEPT, 1},
    {"肠胃", KF_W_DEPT, 1}, {"胃病", KF_W_DEPT, 1},
    {"儿科", KF_W_DEPT, 2}, {"小儿科", KF_W_DEPT, 2},
    {"妇产科", KF_W_DEPT, 3}, {"妇科", KF_W_DEPT, 3}, {"产科", KF_W_DEPT, 3},
    {"骨科", KF_W_DEPT, 4}, {"骨伤科", KF_W_DEPT, 4},
    {"眼科", KF_W_DEPT, 5}, {"眼睛", KF_W_DEPT, 5},
    {"口腔科", KF_W_DEPT, 6}, {"口腔", KF_W_DEPT, 6}, {"牙科", KF_W_DEPT, 6},
    {"看牙", KF_W_DEPT, 6}, {"牙医", KF_W_DEPT, 6},
    {"皮肤科", KF_W_DEPT, 7}, {"皮肤", KF_W_DEPT, 7},
    {"神经内科", KF_W_DEPT, 8}, {"神经科", KF_W_DEPT, 8}, {"神经", KF_W_DEPT, 8},
    {"呼吸内科", KF_W_DEPT, 9}, {"呼吸科", KF_W_DEPT, 9}, {"呼吸", KF_W_DEPT, 9},
    {"中医科", KF_W_DEPT, 10}, {"中医", KF_W_DEPT, 10},
    /* days (weekdays are generated) and halves */
    {"明天", KF_W_DAYREL, 1}, {"明日", KF_W_DAYREL, 1}, {"后天", KF_W_DAYREL, 2},
    {"大后天", KF_W_DAYREL, 3}, {"今天", KF_W_TODAY, 0}, {"今日", KF_W_TODAY, 0},
    {"上午", KF_W_HALF, 1}, {"早上", KF_W_HALF, 1}, {"下午", KF_W_HALF, 2},
    /* price */
    {"便宜", KF_W_CHEAP, 0}, {"实惠", KF_W_CHEAP, 0}, {"平价", KF_W_CHEAP, 0},
    {"划算", KF_W_CHEAP, 0}, {"性价比", KF_W_CHEAP, 0}, {"经济", KF_W_CHEAP, 0},
    {"高档", KF_W_UPSCALE, 2}, {"高端", KF_W_UPSCALE, 2}, {"豪华", KF_W_UPSCALE, 3},
    {"奢华", KF_W_UPSCALE, 3}, {"五星", KF_W_UPSCALE, 3}, {"五星级", KF_W_UPSCALE, 3},
    /* help */
    {"帮助", KF_W_HELP, 0}, {"说明", KF_W_HELP, 0}, {"使用说明", KF_W_HELP, 0},
    {"菜单", KF_W_HELP, 0}, {"怎么用", KF_W_HELP, 0}, {"help", KF_W_HELP, 0},
    {"?", KF_W_HELP, 0}, {"求助", KF_W_HELP, 0}, {"功能", KF_W_HELP, 0},
    /* filler */
    {"我想", KF_W_STOP, 0}, {"我要", KF_W_STOP, 0}, {"想要", KF_W_STOP, 0},
    {"想找", KF_W_STOP, 0}, {"找", KF_W_STOP, 0}, {"查", KF_W_STOP, 0},
    {"查询", KF_W_STOP, 0}, {"查找", KF_W_STOP, 0}, {"搜索", KF_W_STOP, 0},
    {"请问", KF_W_STOP, 0}, {"推荐", KF_W_STOP, 0}, {"附近", KF_W_STOP, 0},
    {"哪里", KF_W_STOP, 0}, {"哪家", KF_W_STOP, 0}, {"哪个", KF_W_STOP, 0},
    {"哪些", KF_W_STOP, 0}, {"什么", KF_W_STOP, 0}, {"有没有", KF_W_STOP, 0},
    {"一下", KF_W_STOP, 0}, {"一些", KF_W_STOP, 0}, {"一家", KF_W_STOP, 0},
    {"几家", KF_W_STOP, 0}, {"比较", KF_W_STOP, 0}, {"好的", KF_W_STOP, 0},
    {"的", KF_W_STOP, 0}, {"吗", KF_W_STOP, 0}, {"呢", KF_W_STOP, 0},
    {"啊", KF_W_STOP, 0}, {"吧", KF_W_STOP, 0}, {"我", KF_W_STOP, 0},
    {"想", KF_W_STOP, 0}, {"要", KF_W_STOP, 0}, {"有", KF_W_STOP, 0},
    {"在", KF_W_STOP, 0}, {"去", KF_W_STOP, 0}, {"个", KF_W_STOP, 0},
    {"帮我", KF_W_STOP, 0}, {"给我", KF_W_STOP, 0}, {"可以", KF_W_STOP, 0},
    {"介绍", KF_W_STOP, 0}, {"地方", KF_W_STOP, 0}, {"示例", KF_W_STOP, 0},
    {"最", KF_W_STOP, 0}, {"哪", KF_W_STOP, 0}, {"里", KF_W_STOP, 0},
    {"你好", KF_W_STOP, 0}, {"您好", KF_W_STOP, 0}, {"谢谢", KF_W_STOP, 0},
};
/* clang-format on */

const struct kf_info__syn kf_info__syns[] = {
    {"小龙虾", "口味虾", KF_W_TAG, KF_INFO_RESTAURANT},
    {"龙虾", "口味虾", KF_W_TAG, KF_INFO_RESTAURANT},
    {"撸串", "烧烤", KF_W_CUISINE, KF_INFO_RESTAURANT},
    {"烤串", "烧烤", KF_W_CUISINE, KF_INFO_RESTAURANT},
    {"宵夜", "夜宵", KF_W_TAG, KF_INFO_RESTAURANT},
    {"湖南菜", "湘菜", KF_W_CUISINE, KF_INFO_RESTAURANT},
    {"四川菜", "川菜", KF_W_CUISINE, KF_INFO_RESTAURANT},
    {"川味", "川菜", KF_W_CUISINE, KF_INFO_RESTAURANT},
    {"广东菜", "粤菜", KF_W_CUISINE, KF_INFO_RESTAURANT},
    {"日本料理", "日料", KF_W_CUISINE, KF_INFO_RESTAURANT},
    {"寿司", "日料", KF_W_CUISINE, KF_INFO_RESTAURANT},
    {"素菜", "素食", KF_W_CUISINE, KF_INFO_RESTAURANT},
    {"吃素", "素食", KF_W_CUISINE, KF_INFO_RESTAURANT},
    {"带早餐", "含早", KF_W_TAG, KF_INFO_HOTEL},
    {"含早餐", "含早", KF_W_TAG, KF_INFO_HOTEL},
};
const int kf_info__nsyns = (int)KF_ARRAY_LEN(kf_info__syns);

static const char *const wday_prefix[] = {"周", "星期", "礼拜"};
static const struct {
    const char *s;
    int wday;
} wday_suffix[] = {{"一", 1}, {"二", 2}, {"三", 3}, {"四", 4},
                   {"五", 5}, {"六", 6}, {"日", 0}, {"天", 0}};

/* Building state: the list and a hash of its words for de-duplication. */
struct build {
    struct kf_info *info;
    int cap;
    struct kf_map seen; /* hash -> index + 1 */
};

static int bucket_of(const char *w)
{
    size_t n = kf_info__u8len(w);
    uint64_t h = kf_map_hash_str(w, n);

    return (int)(h % NBUCKETS);
}

static int exists(const struct build *b, const char *w)
{
    uintptr_t v = (uintptr_t)kf_map_get(&b->seen, kf_map_hash_str(w, strlen(w)));

    if (v == 0)
        return 0;
    if (strcmp(b->info->words[v - 1].w, w) == 0)
        return 1;
    for (int i = 0; i < b->info->nwords; i++)
        if (strcmp(b->info->words[i].w, w) == 0)
            return 1;
    return 0;
}

/* Adds a word (normalised here) unless empty, too long or already there. */
static void add(struct build *b, const char *raw, int type, int val)
{
    struct kf_info *info = b->info;
    struct kf_info__word *w;
    char norm[sizeof w->w];

    kf_info__norm(raw, strlen(raw), norm, sizeof norm);
    if (norm[0] == '\0' || strchr(norm, ' ') != NULL || exists(b, norm))
        return;
    if (info->nwords == b->cap) {
        b->cap = b->cap ? b->cap * 2 : 256;
        info->words = kf_xrealloc(info->words, (size_t)b->cap * sizeof *info->words);
    }
    w = &info->words[info->nwords];
    memcpy(w->w, norm, strlen(norm) + 1);
    w->len = strlen(norm);
    w->type = type;
    w->val = val;
    kf_map_put(&b->seen, kf_map_hash_str(w->w, w->len), (void *)(uintptr_t)(info->nwords + 1));
    info->nwords++;
}

static void add_places(struct build *b)
{
    struct kf_info *info = b->info;
    char w[64];

    for (int i = 0; i < info->n; i++)
        if (info->e[i].kind == KF_INFO_HOSPITAL)
            add(b, info->e[i].short_name, KF_W_HOSPITAL, i);
    for (int c = 0; c < kf_info__ncities; c++) {
        add(b, kf_info__cities[c].name, KF_W_CITY, c);
        snprintf(w, sizeof w, "%s市", kf_info__cities[c].name);
        add(b, w, KF_W_CITY, c);
    }
    for (int d = 0; d < info->ndistricts; d++)
        add(b, info->districts[d].name, KF_W_DISTRICT, d);
}

static void add_vocab(struct build *b)
{
    char w[64];

    for (size_t i = 0; i < KF_ARRAY_LEN(vocab); i++)
        add(b, vocab[i].w, vocab[i].type, vocab[i].val);
    for (int i = 0; i < kf_info__nsyns; i++)
        add(b, kf_info__syns[i].from, KF_W_SYN, i);
    for (size_t p = 0; p < KF_ARRAY_LEN(wday_prefix); p++) {
        for (size_t s = 0; s < KF_ARRAY_LEN(wday_suffix); s++) {
            snprintf(w, sizeof w, "%s%s", wday_prefix[p], wday_suffix[s].s);
            add(b, w, KF_W_WEEKDAY, wday_suffix[s].wday);
            snprintf(w, sizeof w, "下%s%s", wday_prefix[p], wday_suffix[s].s);
            add(b, w, KF_W_WEEKDAY, wday_suffix[s].wday + 7);
        }
    }
}

/* Cuisines, then tags with the kinds that carry each exactly. */
static void add_terms(struct build *b)
{
    struct kf_info *info = b->info;

    for (int i = 0; i < info->n; i++)
        if (info->e[i].cuisine[0])
            add(b, info->e[i].cuisine, KF_W_CUISINE, 0);
    for (int i = 0; i < info->n; i++) {
        const struct kf_info__entry *e = &info->e[i];
        for (int t = 0; t < e->ntags; t++) {
            char norm[100];
            uintptr_t v;
            add(b, e->tags[t], KF_W_TAG, 0);
            kf_info__norm(e->tags[t], strlen(e->tags[t]), norm, sizeof norm);
            v = (uintptr_t)kf_map_get(&b->seen, kf_map_hash_str(norm, strlen(norm)));
            if (v > 0 && info->words[v - 1].type == KF_W_TAG &&
                strcmp(info->words[v - 1].w, norm) == 0)
                info->words[v - 1].val |= 1 << e->kind;
        }
    }
}

/* 芙蓉区 -> 芙蓉, 醴陵市 -> 醴陵: when two characters or more are left and
 * they are not a city's name. */
static void add_bare_districts(struct build *b)
{
    struct kf_info *info = b->info;
    static const char *const suffix[] = {"区", "县", "市"};

    for (int d = 0; d < info->ndistricts; d++) {
        char w[32];
        size_t n = strlen(info->districts[d].name), m = strlen(suffix[0]);
        int ok = 0;
        for (size_t s = 0; s < KF_ARRAY_LEN(suffix); s++)
            ok |= n > m && strcmp(info->districts[d].name + n - m, suffix[s]) == 0;
        if (!ok)
            continue;
        memcpy(w, info->districts[d].name, n - m);
        w[n - m] = '\0';
        if (kf_info__nchars(w) >= 2)
            add(b, w, KF_W_DISTRICT, d);
    }
}

static int by_bucket_then_length(const void *a, const void *b)
{
    const struct kf_info__word *x = a, *y = b;
    int bx = bucket_of(x->w), by = bucket_of(y->w);

    if (bx != by)
        return bx < by ? -1 : 1;
    if (x->len != y->len)
        return x->len > y->len ? -1 : 1;
    return strcmp(x->w, y->w);
}

void kf_info__words_build(struct kf_info *info)
{
    struct build b = {.info = info};

    kf_map_init(&b.seen);
    add_places(&b);
    add_vocab(&b);
    add_terms(&b);
    add_bare_districts(&b);
    kf_map_deinit(&b.seen);
    qsort(info->words, (size_t)info->nwords, sizeof *info->words, by_bucket_then_length);
    info->bucket = kf_xcalloc(NBUCKETS + 1, sizeof *info->bucket);
    for (int i = 0, k = 0; k <= NBUCKETS; k++) {
        while (i < info->nwords && bucket_of(info->words[i].w) < k)
            i++;
        info->bucket[k] = i;
    }
}

const struct kf_info__word *kf_info__word_at(const struct kf_info *info, const char *s,
                                             size_t avail)
{
    int k = bucket_of(s);

    for (int i = info->bucket[k]; i < info->bucket[k + 1]; i++) {
        const struct kf_info__word *w = &info->words[i];
        if (w->len <= avail && memcmp(w->w, s, w->len) == 0)
            return w;
    }
    return NULL;
}
