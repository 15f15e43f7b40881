/* SPDX-License-Identifier: MIT
 *
 * login.c -- the tariff zone's login: a 6-digit code sent by SMS (at most
 * one per code_interval and code_daily a day per number, valid code_ttl,
 * code_tries wrong answers, used once), then a session token. The sending
 * history outlives each code, so using a code up never resets the limits;
 * numbers we do not serve get the same limits (and no SMS), so the answers
 * do not tell which numbers are ours. Neither is stored in clear: codes as a BLAKE2b hash keyed
 * with a per-process key (a code is short; without the key a stolen row
 * cannot be brute-forced; a restart just asks for a new code), tokens (32
 * random bytes) as their plain BLAKE2b hash. Comparisons are constant-time.
 */
#include "selfcare/selfcare_int.h"

#include <sodium.h>
#include <stdio.h>
#include <string.h>

#include "base/base.h"

static void code_hash(const kf_selfcare *sc, const char *number, const char *code,
                      uint8_t out[KF_WEB_HASH])
{
    crypto_generichash_state st;

    crypto_generichash_init(&st, sc->code_key, sizeof sc->code_key, KF_WEB_HASH);
    crypto_generichash_update(&st, (const unsigned char *)number, strlen(number) + 1);
    crypto_generichash_update(&st, (const unsigned char *)code, strlen(code));
    crypto_generichash_final(&st, out, KF_WEB_HASH);
}

static void token_hash(const char *token, uint8_t out[KF_WEB_HASH])
{
    crypto_generichash(out, KF_WEB_HASH, (const unsigned char *)token, strlen(token), NULL, 0);
}

static int local_day(int64_t ms, int tz)
{
    struct kf_civil c;
    kf_civil_from_ms(ms, tz, &c);
    return c.year * 10000 + c.month * 100 + c.day;
}

int kf_selfcare_login_code(kf_selfcare *sc, const char *number, int64_t now_ms, char code[7],
                           int64_t *retry_ms)
{
    struct kf_sub sub;
    struct kf_web_code c, prev;
    int known, day = local_day(now_ms, sc->tz), sent = 0;

    *retry_ms = 0;
    known = kf_store_sub_get(sc->store, number, &sub) == 0 && sub.status != KF_SUB_CLOSED;
    if (kf_store_webcode_get(sc->store, number, &prev) == 0) {
        if (now_ms - prev.created_ms < sc->conf.code_interval_ms) {
            *retry_ms = prev.created_ms + sc->conf.code_interval_ms - now_ms;
            return KF_EBUSY;
        }
        sent = prev.day == day ? prev.sent : 0;
        if (sent >= sc->conf.code_daily) {
            struct kf_civil t;
            kf_civil_from_ms(now_ms, sc->tz, &t);
            *retry_ms = kf_civil_to_ms(t.year, t.month, t.day + 1, sc->tz) - now_ms;
            return KF_EBUSY;
        }
    }
    snprintf(code, 7, "%06u", (unsigned)randombytes_uniform(1000000));
    memset(&c, 0, sizeof c);
    snprintf(c.number, sizeof c.number, "%s", number);
    if (known)
        code_hash(sc, number, code, c.hash);
    else
        randombytes_buf(c.hash, sizeof c.hash); /* no code can match it */
    c.created_ms = now_ms;
    c.expires_ms = now_ms + sc->conf.code_ttl_ms;
    c.day = day;
    c.sent = sent + 1;
    if (kf_store_webcode_put(sc->store, &c))
        return KF_ESTORE;
    return known ? 0 : KF_ENOENT;
}

static int new_session(kf_selfcare *sc, const char *number, int64_t now_ms, char token[48])
{
    unsigned char raw[32];
    struct kf_web_session ws;

    randombytes_buf(raw, sizeof raw);
    sodium_bin2base64(token, 48, raw, sizeof raw, sodium_base64_VARIANT_URLSAFE_NO_PADDING);
    memset(&ws, 0, sizeof ws);
    token_hash(token, ws.hash);
    snprintf(ws.number, sizeof ws.number, "%s", number);
    ws.created_ms = ws.last_ms = now_ms;
    ws.expires_ms = now_ms + sc->conf.session_max_ms;
    return kf_store_session_put(sc->store, &ws);
}

int kf_selfcare_login(kf_selfcare *sc, const char *number, const char *code, int64_t now_ms,
                      char token[48])
{
    struct kf_web_code c;
    uint8_t h[KF_WEB_HASH];

    if (kf_store_webcode_get(sc->store, number, &c) != 0)
        return KF_ENOENT;
    if (now_ms >= c.expires_ms || c.tries >= sc->conf.code_tries)
        return KF_ETIMEDOUT;
    code_hash(sc, number, code, h);
    if (strlen(code) != 6 || sodium_memcmp(h, c.hash, KF_WEB_HASH) != 0) {
        kf_store_webcode_tried(sc->store, number, 1);
        return KF_EPERM;
    }
    kf_store_webcode_tried(sc->store, number, -1); /* a code is used once */
    if (new_session(sc, number, now_ms, token))
        return KF_ESTORE;
    kf_selfcare_contact(sc, number, "web", "登录网上营业厅", now_ms);
    return 0;
}

int kf_selfcare_session(kf_selfcare *sc, const char *token, int64_t now_ms, char number[22])
{
    struct kf_web_session ws;
    uint8_t h[KF_WEB_HASH];

    if (token == NULL || strlen(token) != 43)
        return KF_ENOENT;
    token_hash(token, h);
    if (kf_store_session_get(sc->store, h, &ws) != 0)
        return KF_ENOENT;
    if (now_ms >= ws.expires_ms || now_ms - ws.last_ms >= sc->conf.session_idle_ms) {
        kf_store_session_del(sc->store, h);
        return KF_ETIMEDOUT;
    }
    if (now_ms - ws.last_ms > 10000) { /* refresh the idle timer, not on every request */
        ws.last_ms = now_ms;
        kf_store_session_put(sc->store, &ws);
    }
    memcpy(number, ws.number, 22);
    return 0;
}

void kf_selfcare_logout(kf_selfcare *sc, const char *token)
{
    uint8_t h[KF_WEB_HASH];

    if (token == NULL)
        return;
    token_hash(token, h);
    kf_store_session_del(sc->store, h);
}
