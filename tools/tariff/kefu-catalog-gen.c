/* SPDX-License-Identifier: MIT
 *
 * kefu-catalog-gen.c -- writes the demo tariff catalogue (JSON Lines) to
 * standard output: the project's own, modelled on a provincial operator's
 * shop (4G pick-your-own combinations, 5G tiers with and without contract,
 * youth, prepaid, 全球通, senior, data cards, family plans; data, voice and
 * SMS packs, app-directed data, roaming packs; value-added services with
 * their order codes; promotions with dates and eligibility). Deterministic:
 * data/tariff/catalog.jsonl is its output, and a test checks that they agree.
 *
 *   kefu-catalog-gen > data/tariff/catalog.jsonl
 */
#include <stdio.h>
#include <string.h>

#define N(a) (sizeof(a) / sizeof((a)[0]))

/* Standard overage of China Mobile's 4G/5G plans: voice 0.19/min, SMS 0.10,
 * data 0.29/MB up to 60 yuan per 1 GB, then the next GB starts again. */
#define OVER_STD                                                                          \
    "\"overage\":{\"voice\":0.19,\"sms\":0.1,\"data\":{\"price\":0.29,\"unit\":1,\"cap\":60," \
    "\"block\":1024}}"
#define OVER_PREPAID                                                                      \
    "\"overage\":{\"voice\":0.25,\"sms\":0.1,\"data\":{\"price\":0.29,\"unit\":1,\"cap\":60," \
    "\"block\":1024}}"
#define OVER_DATACARD                                                                     \
    "\"overage\":{\"voice\":0.19,\"sms\":0.1,\"data\":{\"price\":0.1,\"unit\":1,\"cap\":30,"  \
    "\"block\":1024}}"

static int nitems;

static void plan(const char *id, const char *name, const char *family, double fee, int voice,
                 int data_mb, int sms, const char *over, const char *extra, const char *desc)
{
    printf("{\"id\":\"%s\",\"kind\":\"plan\",\"name\":\"%s\",\"family\":\"%s\",\"fee\":%g,"
           "\"include\":{\"voice\":%d,\"sms\":%d,\"data\":%d},%s%s,\"desc\":\"%s\"}\n",
           id, name, family, fee, voice, sms, data_mb, over, extra, desc);
    nitems++;
}

static void item(const char *id, const char *kind, const char *name, const char *family,
                 const char *code, double fee, const char *incl, const char *validity,
                 const char *extra, const char *desc)
{
    printf("{\"id\":\"%s\",\"kind\":\"%s\",\"name\":\"%s\"", id, kind, name);
    if (family[0])
        printf(",\"family\":\"%s\"", family);
    if (code[0])
        printf(",\"code\":\"%s\"", code);
    printf(",\"fee\":%g", fee);
    if (incl[0])
        printf(",\"include\":{%s}", incl);
    printf(",\"validity\":%s%s,\"desc\":\"%s\"}\n", validity, extra, desc);
    nitems++;
}

static void size_text(char *out, size_t cap, int mb)
{
    if (mb >= 1024 && mb % 1024 == 0)
        snprintf(out, cap, "%dGB", mb / 1024);
    else
        snprintf(out, cap, "%dMB", mb);
}

/* ------------------------------------------------------------- plans */

static void plans_4g(void)
{
    static const struct { int fee, mb; } data[] = {
        {10, 300}, {20, 700}, {30, 1024}, {40, 2048}, {50, 3072}, {60, 4096},
        {70, 5120}, {100, 6144}, {130, 11264}, {180, 20480}, {230, 25600}, {280, 30720}};
    static const struct { int fee, min; } voice[] = {
        {8, 30}, {18, 100}, {28, 200}, {38, 300}, {48, 400}, {58, 500},
        {68, 600}, {88, 800}, {108, 1000}, {128, 1200}, {158, 2000}, {188, 3000}};
    printf("# 4G 自选套餐: a data pack plus a voice pack, %zu x %zu combinations\n", N(data),
           N(voice));
    for (size_t d = 0; d < N(data); d++)
        for (size_t v = 0; v < N(voice); v++) {
            char id[32], name[128], sz[16], desc[256];
            size_text(sz, sizeof sz, data[d].mb);
            snprintf(id, sizeof id, "P4G-D%d-V%d", data[d].fee, voice[v].fee);
            snprintf(name, sizeof name, "4G自选套餐（流量%d元%s＋语音%d元%d分钟）", data[d].fee, sz,
                     voice[v].fee, voice[v].min);
            snprintf(desc, sizeof desc,
                     "国内流量%s、国内主叫%d分钟，接听免费；超出后国内流量0.29元/MB，满60元后1GB内不再收费；"
                     "国内主叫0.19元/分钟",
                     sz, voice[v].min);
            plan(id, name, "4g", data[d].fee + voice[v].fee, voice[v].min, data[d].mb, 0,
                 OVER_STD, ",\"first_month\":\"prorate\"", desc);
        }
}

static void plans_5g(void)
{
    static const struct { int fee, min, gb; } zx[] = {
        {128, 500, 30}, {158, 700, 40}, {198, 1000, 60}, {238, 1200, 80},
        {298, 1500, 100}, {398, 2000, 150}, {598, 3000, 300}};
    static const struct { int fee, min, gb; } cx[] = {
        {58, 100, 10}, {68, 150, 15}, {78, 200, 20}, {88, 300, 25},
        {98, 400, 30}, {108, 450, 35}, {118, 500, 40}};
    static const struct { int months, pct; const char *tag; } terms[] = {
        {0, 100, ""}, {12, 90, "（12个月合约）"}, {24, 80, "（24个月合约）"}};
    printf("# 5G 智享套餐 (personal, with 12/24-month contract variants), 家庭版, 5G 畅享\n");
    for (size_t i = 0; i < N(zx); i++)
        for (size_t t = 0; t < N(terms); t++) {
            char id[32], name[128], desc[256], extra[96];
            if (terms[t].months)
                snprintf(id, sizeof id, "P5G-ZX%d-C%d", zx[i].fee, terms[t].months);
            else
                snprintf(id, sizeof id, "P5G-ZX%d", zx[i].fee);
            snprintf(name, sizeof name, "5G智享套餐%d元%s", zx[i].fee, terms[t].tag);
            snprintf(desc, sizeof desc, "国内通用流量%dGB、国内主叫%d分钟，5G网络优先接入%s", zx[i].gb,
                     zx[i].min, terms[t].months ? "；合约期内不可变更为低档套餐" : "");
            snprintf(extra, sizeof extra, ",\"first_month\":\"prorate\",\"contract_months\":%d",
                     terms[t].months);
            plan(id, name, "5g", zx[i].fee * terms[t].pct / 100.0, zx[i].min, zx[i].gb * 1024, 0,
                 OVER_STD, extra, desc);
        }
    for (size_t i = 0; i < N(zx); i++) {
        char id[32], name[128], desc[256];
        snprintf(id, sizeof id, "P5G-JT%d", zx[i].fee + 30);
        snprintf(name, sizeof name, "5G智享套餐家庭版%d元", zx[i].fee + 30);
        snprintf(desc, sizeof desc, "国内通用流量%dGB、国内主叫%d分钟，可添加2张副卡共享，家庭宽带优惠",
                 zx[i].gb + 10, zx[i].min + 200);
        plan(id, name, "family", zx[i].fee + 30, zx[i].min + 200, (zx[i].gb + 10) * 1024, 0,
             OVER_STD, ",\"first_month\":\"prorate\"", desc);
    }
    for (size_t i = 0; i < N(cx); i++) {
        char id[32], name[128], desc[256];
        snprintf(id, sizeof id, "P5G-CX%d", cx[i].fee);
        snprintf(name, sizeof name, "5G畅享套餐%d元", cx[i].fee);
        snprintf(desc, sizeof desc, "国内通用流量%dGB、国内主叫%d分钟", cx[i].gb, cx[i].min);
        plan(id, name, "5g", cx[i].fee, cx[i].min, cx[i].gb * 1024, 0, OVER_STD,
             ",\"first_month\":\"full\"", desc);
    }
}

static void plans_other(void)
{
    static const char *const youth[] = {"校园版", "音乐版", "游戏版"};
    static const int youth_fee[] = {18, 28, 38, 48, 58};
    static const struct { int fee, min, mb; } prepaid[] = {
        {8, 0, 0}, {18, 100, 500}, {28, 200, 1024}, {38, 300, 2048}, {48, 400, 3072},
        {58, 500, 5120}};
    static const struct { int fee, min, gb; } gotone[] = {
        {158, 1000, 20}, {188, 1200, 30}, {238, 1500, 40}, {288, 2000, 60},
        {388, 3000, 80}, {588, 5000, 120}, {888, 8000, 200}};
    static const struct { int fee, min, mb; } senior[] = {
        {8, 100, 100}, {18, 300, 500}, {28, 500, 1024}, {38, 800, 2048}};
    static const struct { int fee, gb; } card[] = {
        {10, 3}, {20, 10}, {30, 20}, {40, 30}, {50, 40}, {70, 60}, {100, 100}, {150, 200}};
    char id[32], name[128], desc[256];

    printf("# 动感地带 (youth), 神州行 (prepaid), 全球通, 关爱卡 (senior), 上网卡 (data cards)\n");
    for (size_t i = 0; i < N(youth_fee); i++)
        for (size_t k = 0; k < N(youth); k++) {
            int gb = youth_fee[i] / 2 + (int)k * 5;
            snprintf(id, sizeof id, "PYTH-%d-%zu", youth_fee[i], k + 1);
            snprintf(name, sizeof name, "动感地带芒果卡%s%d元", youth[k], youth_fee[i]);
            snprintf(desc, sizeof desc, "国内流量%dGB（含%s专属定向流量），国内主叫%d分钟，限25周岁以下", gb,
                     youth[k], youth_fee[i] * 2);
            plan(id, name, "youth", youth_fee[i], youth_fee[i] * 2, gb * 1024, 50, OVER_STD,
                 ",\"first_month\":\"free\",\"eligible\":{\"families\":[\"youth\"]}",
                 desc);
        }
    for (size_t i = 0; i < N(prepaid); i++) {
        snprintf(id, sizeof id, "PSZX-%d", prepaid[i].fee);
        snprintf(name, sizeof name, "神州行畅听卡%d元", prepaid[i].fee);
        snprintf(desc, sizeof desc, "国内主叫%d分钟、国内流量%dMB；适合通话少、以接听为主的用户",
                 prepaid[i].min, prepaid[i].mb);
        plan(id, name, "prepaid", prepaid[i].fee, prepaid[i].min, prepaid[i].mb, 0, OVER_PREPAID,
             ",\"first_month\":\"prorate\"", desc);
    }
    for (size_t i = 0; i < N(gotone); i++) {
        snprintf(id, sizeof id, "PQQT-%d", gotone[i].fee);
        snprintf(name, sizeof name, "全球通尊享套餐%d元", gotone[i].fee);
        snprintf(desc, sizeof desc, "国内通用流量%dGB、国内主叫%d分钟，机场贵宾厅、积分翻倍等全球通权益",
                 gotone[i].gb, gotone[i].min);
        plan(id, name, "global", gotone[i].fee, gotone[i].min, gotone[i].gb * 1024, 200,
             OVER_STD, ",\"first_month\":\"prorate\"", desc);
    }
    for (size_t i = 0; i < N(senior); i++) {
        snprintf(id, sizeof id, "PGA-%d", senior[i].fee);
        snprintf(name, sizeof name, "关爱卡（长辈版）%d元", senior[i].fee);
        snprintf(desc, sizeof desc, "国内主叫%d分钟、国内流量%dMB，亲情号码互打免费，限60周岁以上",
                 senior[i].min, senior[i].mb);
        plan(id, name, "senior", senior[i].fee, senior[i].min, senior[i].mb, 0, OVER_STD,
             ",\"first_month\":\"free\",\"eligible\":{\"families\":[\"senior\"]}", desc);
    }
    for (size_t i = 0; i < N(card); i++) {
        snprintf(id, sizeof id, "PSWK-%d", card[i].fee);
        snprintf(name, sizeof name, "随身上网卡%d元%dGB", card[i].fee, card[i].gb);
        snprintf(desc, sizeof desc, "国内通用流量%dGB，适用于平板、随身WiFi；不含语音", card[i].gb);
        plan(id, name, "datacard", card[i].fee, 0, card[i].gb * 1024, 0, OVER_DATACARD,
             ",\"first_month\":\"prorate\",\"eligible\":{\"families\":[\"datacard\"]}", desc);
    }
    printf("# withdrawn plans: still held by older subscribers, no longer sold\n");
    for (int i = 0; i < 10; i++) {
        int fee = 18 + i * 10;
        snprintf(id, sizeof id, "POLD-%d", fee);
        snprintf(name, sizeof name, "动感地带上网套餐%d元（已停售）", fee);
        snprintf(desc, sizeof desc, "2012年版套餐，国内主叫%d分钟、流量%dMB", fee * 3, fee * 10);
        plan(id, name, "4g", fee, fee * 3, fee * 10, 50, OVER_STD, ",\"orderable\":false", desc);
    }
}

/* ----------------------------------------------------------- add-ons */

static void addons_data(void)
{
    static const struct { int fee, mb; } month[] = {
        {5, 500}, {10, 1024}, {20, 3072}, {30, 5120}, {50, 10240}, {70, 15360}, {100, 30720}};
    static const struct { int fee, mb; } day[] = {{1, 100}, {2, 300}, {3, 1024}, {5, 2048}};
    static const struct { int fee, mb; } week[] = {{5, 1024}, {10, 3072}, {15, 5120}, {25, 10240}};
    static const struct { int fee, mb; } monthly[] = {
        {10, 2048}, {20, 5120}, {30, 10240}, {40, 15360}, {50, 20480}};
    char id[32], name[128], code[16], incl[64], sz[16], desc[256];

    printf("# data packs: this cycle, daily, 7-day, and monthly (renewing)\n");
    for (size_t i = 0; i < N(month); i++) {
        size_text(sz, sizeof sz, month[i].mb);
        snprintf(id, sizeof id, "A-LL-M%d", month[i].fee);
        snprintf(name, sizeof name, "流量加油包%d元%s（当月有效）", month[i].fee, sz);
        snprintf(code, sizeof code, "LLB%d", month[i].fee);
        snprintf(incl, sizeof incl, "\"data\":%d", month[i].mb);
        snprintf(desc, sizeof desc, "国内通用流量%s，立即生效，当月月底失效，可多次办理", sz);
        item(id, "addon", name, "", code, month[i].fee, incl, "\"cycle\"", "", desc);
    }
    for (size_t i = 0; i < N(day); i++) {
        size_text(sz, sizeof sz, day[i].mb);
        snprintf(id, sizeof id, "A-LL-D%d", day[i].fee);
        snprintf(name, sizeof name, "流量日包%d元%s", day[i].fee, sz);
        snprintf(code, sizeof code, "RB%d", day[i].fee);
        snprintf(incl, sizeof incl, "\"data\":%d", day[i].mb);
        snprintf(desc, sizeof desc, "国内通用流量%s，立即生效，24小时内有效", sz);
        item(id, "addon", name, "", code, day[i].fee, incl, "{\"days\":1}",
             ",\"group\":\"data-day\"", desc);
    }
    for (size_t i = 0; i < N(week); i++) {
        size_text(sz, sizeof sz, week[i].mb);
        snprintf(id, sizeof id, "A-LL-W%d", week[i].fee);
        snprintf(name, sizeof name, "流量七日包%d元%s", week[i].fee, sz);
        snprintf(code, sizeof code, "ZB%d", week[i].fee);
        snprintf(incl, sizeof incl, "\"data\":%d", week[i].mb);
        snprintf(desc, sizeof desc, "国内通用流量%s，立即生效，7天内有效", sz);
        item(id, "addon", name, "", code, week[i].fee, incl, "{\"days\":7}",
             ",\"group\":\"data-week\"", desc);
    }
    for (size_t i = 0; i < N(monthly); i++) {
        size_text(sz, sizeof sz, monthly[i].mb);
        snprintf(id, sizeof id, "A-LL-BY%d", monthly[i].fee);
        snprintf(name, sizeof name, "流量包月%d元%s", monthly[i].fee, sz);
        snprintf(code, sizeof code, "LLBY%d", monthly[i].fee);
        snprintf(incl, sizeof incl, "\"data\":%d", monthly[i].mb);
        snprintf(desc, sizeof desc, "每月国内通用流量%s，按月扣费，退订后次月失效", sz);
        item(id, "addon", name, "", code, monthly[i].fee, incl, "\"monthly\"",
             ",\"group\":\"data-monthly\",\"first_month\":\"prorate\",\"excludes\":[\"group:"
             "datacard-only\"]",
             desc);
    }
}

static void addons_apps(void)
{
    static const char *const apps[] = {"腾讯视频", "爱奇艺", "优酷", "芒果TV", "哔哩哔哩", "抖音", "快手",
                                       "咪咕视频", "网易云音乐", "QQ音乐", "王者荣耀", "和平精英",
                                       "微信", "支付宝", "高德地图", "百度地图", "喜马拉雅",
                                       "酷狗音乐", "腾讯会议", "钉钉"};
    static const struct { int fee, gb; } tier[] = {{6, 10}, {9, 15}, {19, 40}, {29, 80}};
    char id[32], name[128], code[16], incl[64], desc[256], extra[64];

    printf("# app-directed data (定向流量): one group per app\n");
    for (size_t a = 0; a < N(apps); a++)
        for (size_t t = 0; t < N(tier); t++) {
            snprintf(id, sizeof id, "A-DX%02zu-%d", a + 1, tier[t].fee);
            snprintf(name, sizeof name, "%s定向流量包%d元%dGB", apps[a], tier[t].fee, tier[t].gb);
            snprintf(code, sizeof code, "DX%02zu%d", a + 1, tier[t].fee);
            snprintf(incl, sizeof incl, "\"data\":0");
            snprintf(desc, sizeof desc, "每月%dGB，仅限%s客户端使用，不含通用流量；按月扣费", tier[t].gb,
                     apps[a]);
            snprintf(extra, sizeof extra, ",\"group\":\"dx-%02zu\",\"first_month\":\"prorate\"",
                     a + 1);
            item(id, "addon", name, "", code, tier[t].fee, incl, "\"monthly\"", extra, desc);
        }
}

static void addons_voice_sms(void)
{
    static const struct { int fee, min; } voice[] = {
        {10, 100}, {18, 200}, {25, 300}, {38, 500}, {68, 1000}};
    static const struct { int fee, n; } sms[] = {{5, 50}, {8, 100}, {15, 200}, {30, 500}};
    char id[32], name[128], code[16], incl[64], desc[256];

    printf("# voice and SMS packs: this cycle or monthly\n");
    for (size_t i = 0; i < N(voice); i++)
        for (int m = 0; m < 2; m++) {
            snprintf(id, sizeof id, "A-YY-%s%d", m ? "BY" : "M", voice[i].fee);
            snprintf(name, sizeof name, "语音%s包%d元%d分钟", m ? "包月" : "加油", voice[i].fee,
                     voice[i].min);
            snprintf(code, sizeof code, "YY%s%d", m ? "BY" : "", voice[i].fee);
            snprintf(incl, sizeof incl, "\"voice\":%d", voice[i].min);
            snprintf(desc, sizeof desc, "国内主叫%d分钟，%s", voice[i].min,
                     m ? "按月扣费，退订后次月失效" : "立即生效，当月有效");
            item(id, "addon", name, "", code, voice[i].fee, incl, m ? "\"monthly\"" : "\"cycle\"",
                 m ? ",\"group\":\"voice-monthly\",\"excludes\":[\"group:datacard-only\"]" : "",
                 desc);
        }
    for (size_t i = 0; i < N(sms); i++) {
        snprintf(id, sizeof id, "A-DX-SMS%d", sms[i].fee);
        snprintf(name, sizeof name, "短信包月%d元%d条", sms[i].fee, sms[i].n);
        snprintf(code, sizeof code, "DXB%d", sms[i].fee);
        snprintf(incl, sizeof incl, "\"sms\":%d", sms[i].n);
        snprintf(desc, sizeof desc, "每月国内点对点短信%d条，按月扣费", sms[i].n);
        item(id, "addon", name, "", code, sms[i].fee, incl, "\"monthly\"",
             ",\"group\":\"sms-monthly\"", desc);
    }
    printf("# 5G and device add-ons\n");
    item("A-5GJS", "addon", "5G极速包", "5g", "5GJS", 10, "", "\"monthly\"",
         ",\"group\":\"5g-speed\",\"eligible\":{\"families\":[\"4g\",\"5g\",\"youth\",\"global\"]}",
         "4G套餐用户也可体验5G网速，按月扣费");
    item("A-FK", "addon", "副卡共享（每张）", "", "FK", 10, "", "\"monthly\"",
         ",\"eligible\":{\"families\":[\"5g\",\"global\",\"family\"]}",
         "副卡共享主卡套餐内的通话和流量，每张10元/月，最多4张");
    item("A-YJ", "addon", "夜间流量包（23:00-7:00）", "", "YJLL", 5, "\"data\":0", "\"monthly\"",
         ",\"group\":\"night\"", "每晚23点至次日7点国内流量不限量（达到40GB后限速），按月扣费");
    item("A-SWK-ONLY", "addon", "上网卡流量季包", "datacard", "SWKJB", 60, "\"data\":61440",
         "{\"days\":90}",
         ",\"group\":\"datacard-only\",\"eligible\":{\"families\":[\"datacard\"]}",
         "仅限上网卡：90天内国内通用流量60GB");
}

static void addons_roaming(void)
{
    static const struct { const char *code, *name; int day_fee; } dest[] = {
        {"HK", "中国香港", 25},  {"MO", "中国澳门", 25},  {"TW", "中国台湾", 30},  {"JP", "日本", 30},
        {"KR", "韩国", 30},     {"TH", "泰国", 25},     {"SG", "新加坡", 30},   {"MY", "马来西亚", 25},
        {"VN", "越南", 25},     {"ID", "印度尼西亚", 30}, {"PH", "菲律宾", 30},   {"KH", "柬埔寨", 30},
        {"US", "美国", 35},     {"CA", "加拿大", 35},   {"GB", "英国", 35},     {"FR", "法国", 35},
        {"DE", "德国", 35},     {"IT", "意大利", 35},   {"ES", "西班牙", 35},   {"CH", "瑞士", 40},
        {"AU", "澳大利亚", 35}, {"NZ", "新西兰", 35},   {"AE", "阿联酋", 40},   {"RU", "俄罗斯", 30},
        {"TR", "土耳其", 40},   {"EG", "埃及", 45},     {"ZA", "南非", 45},     {"BR", "巴西", 50},
        {"MX", "墨西哥", 45},   {"IN", "印度", 35},     {"NL", "荷兰", 35},     {"BE", "比利时", 35},
        {"AT", "奥地利", 35},   {"GR", "希腊", 35},     {"PT", "葡萄牙", 35},   {"SE", "瑞典", 35},
        {"NO", "挪威", 40},     {"FI", "芬兰", 35},     {"DK", "丹麦", 35},     {"SA", "沙特阿拉伯", 40}};
    static const struct { int days, pct; const char *label; } len[] = {
        {1, 100, "1天"}, {3, 250, "3天"}, {7, 500, "7天"}, {15, 900, "15天"}};
    char id[32], name[128], code[16], desc[256], validity[32];

    printf("# international roaming data packs (%zu destinations x %zu lengths)\n", N(dest),
           N(len));
    for (size_t d = 0; d < N(dest); d++)
        for (size_t l = 0; l < N(len); l++) {
            int fee = dest[d].day_fee * len[l].pct / 100;
            snprintf(id, sizeof id, "A-MY-%s-%d", dest[d].code, len[l].days);
            snprintf(name, sizeof name, "%s漫游流量包%s（%d元）", dest[d].name, len[l].label, fee);
            snprintf(code, sizeof code, "MY%s%d", dest[d].code, len[l].days);
            snprintf(desc, sizeof desc, "在%s使用，%s内每天前500MB高速，超出后限速；抵达后首次上网时生效",
                     dest[d].name, len[l].label);
            snprintf(validity, sizeof validity, "{\"days\":%d}", len[l].days);
            item(id, "addon", name, "", code, fee, "", validity, "", desc);
        }
    printf("# roaming voice packs (calls made and received abroad)\n");
    for (size_t d = 0; d < N(dest); d++) {
        snprintf(id, sizeof id, "A-MYYY-%s", dest[d].code);
        snprintf(name, sizeof name, "%s漫游语音包（100分钟，%d元）", dest[d].name, dest[d].day_fee * 2);
        snprintf(code, sizeof code, "MYYY%s", dest[d].code);
        snprintf(desc, sizeof desc, "在%s拨打和接听电话100分钟，30天内有效", dest[d].name);
        item(id, "addon", name, "", code, dest[d].day_fee * 2, "", "{\"days\":30}", "", desc);
    }
}

static void addons_local(void)
{
    static const char *const cities[] = {"长沙", "株洲", "湘潭", "衡阳", "邵阳", "岳阳", "常德",
                                         "张家界", "益阳", "郴州", "永州", "怀化", "娄底", "湘西"};
    static const struct { int mbps, fee; } bb[] = {{100, 30}, {200, 40}, {500, 60}, {1000, 100}};
    char id[32], name[128], code[16], desc[256], extra[64];

    printf("# local (in-city) data packs and home broadband\n");
    for (size_t c = 0; c < N(cities); c++) {
        snprintf(id, sizeof id, "A-BD%02zu", c + 1);
        snprintf(name, sizeof name, "%s本地流量包10元10GB", cities[c]);
        snprintf(code, sizeof code, "BD%02zu", c + 1);
        snprintf(desc, sizeof desc, "在%s市内使用的流量10GB，当月有效", cities[c]);
        item(id, "addon", name, "", code, 10, "", "\"cycle\"", ",\"group\":\"local-data\"", desc);
    }
    for (size_t b = 0; b < N(bb); b++)
        for (int years = 1; years <= 2; years++) {
            snprintf(id, sizeof id, "A-KD%d-%dY", bb[b].mbps, years);
            snprintf(name, sizeof name, "家庭宽带%dM（%d年）", bb[b].mbps, years);
            snprintf(code, sizeof code, "KD%d%d", bb[b].mbps, years);
            snprintf(desc, sizeof desc, "%dM光纤宽带，每月%d元，签约%d年，含光猫和上门安装", bb[b].mbps,
                     bb[b].fee - (years - 1) * 5, years);
            snprintf(extra, sizeof extra, ",\"group\":\"broadband\",\"first_month\":\"prorate\"");
            item(id, "addon", name, "", code, bb[b].fee - (years - 1) * 5, "", "\"monthly\"", extra,
                 desc);
        }
}

/* -------------------------------------------------------------- VAS */

static void vas(void)
{
    static const struct { const char *id, *name, *code; double fee; const char *desc; } v[] = {
        {"V-CL", "彩铃", "CL", 5, "个性化回铃音，每月可换铃音"},
        {"V-139", "139邮箱（5元版）", "139", 5, "邮件到达短信提醒，大附件"},
        {"V-LDTX", "来电提醒", "LDTX", 2, "关机或无信号时的来电以短信提醒"},
        {"V-YD", "云盘会员", "YP", 10, "移动云盘200GB空间"},
        {"V-TQ", "天气预报", "TQ", 3, "每天早晨发送本地天气"},
        {"V-GP", "股市资讯", "GP", 5, "交易日收盘行情与点评"},
        {"V-FXTX", "防骚扰（高频骚扰电话拦截）", "FSR", 0, "自动拦截被多人标记的骚扰号码"},
        {"V-MMHY", "咪咕音乐会员", "MGYY", 10, "无损音乐、会员曲库"},
        {"V-MGSP", "咪咕视频会员", "MGSP", 15, "体育赛事与影视会员"},
        {"V-MGYD", "咪咕阅读会员", "MGYD", 10, "电子书畅读"},
        {"V-MGYX", "咪咕快游会员", "MGYX", 15, "云游戏会员"},
        {"V-HFX", "和飞信", "HFX", 0, "免费短信、多方通话"},
        {"V-JTWL", "家庭网", "JTW", 10, "家庭成员间国内通话免费（最多8人）"},
        {"V-QQW", "亲情网", "QQW", 5, "亲情号码互打免费"},
        {"V-YYHY", "语音信箱", "YYXX", 5, "未接来电留言"},
        {"V-CS", "彩视", "CS", 6, "视频彩铃"},
        {"V-ZNYJ", "智能语音助手", "ZNYJ", 3, "语音拨号、提醒"},
        {"V-AQ", "手机安全卫士", "AQ", 5, "病毒查杀、防诈骗提醒"},
        {"V-ZJCX", "来电显示（套外）", "LDXS", 5, "来电号码显示"},
        {"V-DWSJ", "定位服务（亲情守护）", "DW", 5, "家人位置查看（需对方同意）"},
    };
    static const char *const news[] = {"新闻早晚报", "体育", "财经", "娱乐", "健康", "教育",
                                       "汽车", "旅游", "法治", "农业", "军事", "科技"};
    char id[32], name[128], code[16], desc[256];

    printf("# value-added services (what 0000 lists; ordered by KT<code>, cancelled by TD<code>)\n");
    for (size_t i = 0; i < N(v); i++)
        item(v[i].id, "vas", v[i].name, "", v[i].code, v[i].fee, "", "\"monthly\"",
             ",\"first_month\":\"free\"", v[i].desc);
    for (size_t i = 0; i < N(news); i++)
        for (int edition = 0; edition < 2; edition++) {
            snprintf(id, sizeof id, "V-SJB%02zu%s", i + 1, edition ? "C" : "");
            snprintf(name, sizeof name, "手机报·%s%s", news[i], edition ? "（彩信版）" : "");
            snprintf(code, sizeof code, "SJB%02zu%s", i + 1, edition ? "C" : "");
            snprintf(desc, sizeof desc, "每日%s资讯，%s", news[i], edition ? "图文彩信" : "文字短信");
            item(id, "vas", name, "", code, edition ? 5 : 3, "", "\"monthly\"",
                 ",\"first_month\":\"free\"", desc);
        }
}

/* -------------------------------------------------------- promotions */

static void promos(void)
{
    static const struct { const char *fam, *label; } fam[] = {
        {"4g", "4G"}, {"5g", "5G"}, {"youth", "动感地带"}, {"global", "全球通"},
        {"prepaid", "神州行"}, {"family", "家庭"}};
    char id[32], name[128], code[16], desc[256], extra[256], incl[64];

    printf("# promotions: bonus data or a discount for some cycles, with dates and eligibility\n");
    for (size_t f = 0; f < N(fam); f++) {
        snprintf(id, sizeof id, "M-NEW-%s", fam[f].fam);
        snprintf(name, sizeof name, "%s新用户首月半价", fam[f].label);
        snprintf(code, sizeof code, "XYH%zu", f + 1);
        snprintf(extra, sizeof extra,
                 ",\"discount_pct\":50,\"group\":\"newcomer\",\"valid_from\":\"2026-01-01\","
                 "\"valid_to\":\"2027-12-31\",\"eligible\":{\"families\":[\"%s\"],"
                 "\"new_within_days\":30}",
                 fam[f].fam);
        snprintf(desc, sizeof desc, "入网30天内办理，套餐月费首月5折");
        item(id, "promo", name, "", code, 0, "", "{\"cycles\":1}", extra, desc);
        for (int gb = 5; gb <= 20; gb += 5) {
            snprintf(id, sizeof id, "M-HK-%s-%d", fam[f].fam, gb);
            snprintf(name, sizeof name, "%s老用户回馈：每月加送%dGB（6个月）", fam[f].label, gb);
            snprintf(code, sizeof code, "HK%zu%02d", f + 1, gb);
            snprintf(incl, sizeof incl, "\"data\":%d", gb * 1024);
            snprintf(extra, sizeof extra,
                     ",\"group\":\"loyalty\",\"excludes\":[\"group:newcomer\"],\"valid_from\":"
                     "\"2026-06-01\",\"valid_to\":\"2027-06-30\",\"eligible\":{\"families\":"
                     "[\"%s\"],\"min_tenure_months\":%d}",
                     fam[f].fam, gb / 5 * 12);
            snprintf(desc, sizeof desc, "在网满%d个月的%s用户，连续6个月每月加送国内通用流量%dGB", gb / 5 * 12,
                     fam[f].label, gb);
            item(id, "promo", name, "", code, 0, incl, "{\"cycles\":6}", extra, desc);
        }
        snprintf(id, sizeof id, "M-2025-%s", fam[f].fam);
        snprintf(name, sizeof name, "%s2025年双十一流量节（已结束）", fam[f].label);
        snprintf(extra, sizeof extra,
                 ",\"valid_from\":\"2025-11-01\",\"valid_to\":\"2025-11-30\","
                 "\"eligible\":{\"families\":[\"%s\"]}",
                 fam[f].fam);
        item(id, "promo", name, "", "", 0, "\"data\":10240", "{\"cycles\":1}", extra,
             "活动期内办理，当月加送10GB");
        snprintf(id, sizeof id, "M-2027S-%s", fam[f].fam);
        snprintf(name, sizeof name, "%s2027暑期流量季（即将开始）", fam[f].label);
        snprintf(extra, sizeof extra,
                 ",\"valid_from\":\"2027-07-01\",\"valid_to\":\"2027-08-31\","
                 "\"eligible\":{\"families\":[\"%s\"]}",
                 fam[f].fam);
        item(id, "promo", name, "", "", 0, "\"data\":20480", "{\"cycles\":2}", extra,
             "暑期办理，连续2个月每月加送20GB");
    }
    item("M-5GUP", "promo", "升级5G套餐立享月费8折（12个月）", "", "SJ5G", 0, "", "{\"cycles\":12}",
         ",\"discount_pct\":20,\"valid_from\":\"2026-03-01\",\"valid_to\":\"2027-02-28\","
         "\"eligible\":{\"plans\":[\"P5G-ZX128\",\"P5G-ZX158\",\"P5G-ZX198\",\"P5G-ZX238\"]}",
         "办理5G智享套餐128-238元档的用户，12个月内套餐月费8折");
    item("M-KDRH", "promo", "宽带融合：手机套餐送200M宽带", "", "KDRH", 0, "", "{\"cycles\":12}",
         ",\"valid_from\":\"2026-01-01\",\"valid_to\":\"2027-12-31\",\"eligible\":{\"families\":"
         "[\"5g\",\"global\",\"family\"],\"min_tenure_months\":3}",
         "在网满3个月，手机套餐用户免费安装200M家庭宽带，12个月");
}

int main(void)
{
    printf("# kefu demo tariff catalogue: one item per line (docs/internals/tariff.md).\n"
           "# Written by tools/tariff/kefu-catalog-gen; edit the generator, not this file.\n");
    plans_4g();
    plans_5g();
    plans_other();
    addons_data();
    addons_apps();
    addons_voice_sms();
    addons_roaming();
    addons_local();
    vas();
    promos();
    fprintf(stderr, "kefu-catalog-gen: %d items\n", nitems);
    return 0;
}
