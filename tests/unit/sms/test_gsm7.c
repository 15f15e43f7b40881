/* SPDX-License-Identifier: MIT
 *
 * test_gsm7.c -- the GSM 03.38 tables and 7-bit packing (src/sms/gsm7.c),
 * through the public conversions: every default-alphabet position and every
 * extension character, both ways, written here as glyphs (independently of
 * the code-point table in gsm7.c), plus escape edge cases and pack/unpack.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "base/err.h"
#include "sms/sms.h"
#include "sms/sms_int.h"

/* U+FFFD REPLACEMENT CHARACTER in UTF-8. */
#define FFFD "\xEF\xBF\xBD"

/* The default alphabet by position; NULL at 0x1B (escape). */
static const char *const alphabet[128] = {
    "@", "£", "$",  "¥", "è", "é", "ù", "ì", "ò", "Ç", "\n", "Ø",  "ø", "\r", "Å", "å",
    "Δ", "_", "Φ",  "Γ", "Λ", "Ω", "Π", "Ψ", "Σ", "Θ", "Ξ",  NULL, "Æ", "æ",  "ß", "É",
    " ", "!", "\"", "#", "¤", "%", "&", "'", "(", ")", "*",  "+",  ",", "-",  ".", "/",
    "0", "1", "2",  "3", "4", "5", "6", "7", "8", "9", ":",  ";",  "<", "=",  ">", "?",
    "¡", "A", "B",  "C", "D", "E", "F", "G", "H", "I", "J",  "K",  "L", "M",  "N", "O",
    "P", "Q", "R",  "S", "T", "U", "V", "W", "X", "Y", "Z",  "Ä",  "Ö", "Ñ",  "Ü", "§",
    "¿", "a", "b",  "c", "d", "e", "f", "g", "h", "i", "j",  "k",  "l", "m",  "n", "o",
    "p", "q", "r",  "s", "t", "u", "v", "w", "x", "y", "z",  "ä",  "ö", "ñ",  "ü", "à",
};

/* The extension table: the septet after 0x1B and its glyph. */
static const struct {
    uint8_t septet;
    const char *glyph;
} extension[] = {
    {0x0A, "\f"}, {0x14, "^"}, {0x28, "{"}, {0x29, "}"}, {0x2F, "\\"},
    {0x3C, "["},  {0x3D, "~"}, {0x3E, "]"}, {0x40, "|"}, {0x65, "€"},
};

#define NEXT (sizeof(extension) / sizeof(extension[0]))

/* Decodes GSM7 bytes and checks the UTF-8 result. */
static void decodes_to(const uint8_t *in, size_t len, const char *want)
{
    struct kf_buf b;

    kf_buf_init(&b, 1024);
    assert_int_equal(kf_sms_to_utf8(KF_CS_GSM7, in, len, &b), 0);
    assert_int_equal(b.len, strlen(want));
    assert_memory_equal(kf_buf_str(&b), want, strlen(want));
    kf_buf_deinit(&b);
}

static void test_every_base_char_decodes(void **state)
{
    unsigned c;

    (void)state;
    for (c = 0; c < 128; c++) {
        uint8_t in = (uint8_t)c;
        if (alphabet[c])
            decodes_to(&in, 1, alphabet[c]);
    }
}

static void test_every_base_char_encodes(void **state)
{
    unsigned c;

    (void)state;
    for (c = 0; c < 128; c++) {
        struct kf_buf b;
        const char *g = alphabet[c];

        if (g == NULL)
            continue;
        kf_buf_init(&b, 16);
        assert_int_equal(kf_sms_from_utf8(KF_CS_GSM7, g, strlen(g), &b), 0);
        assert_int_equal(b.len, 1);
        assert_int_equal(b.data[0], c);
        assert_int_equal(kf_sms_units(KF_CS_GSM7, g, strlen(g)), 1);
        assert_int_equal(kf_sms__gsm7_lookup(kf_sms__gsm7_base((uint8_t)c)), (int)c);
        kf_buf_deinit(&b);
    }
}

static void test_every_extension_char(void **state)
{
    size_t i;

    (void)state;
    for (i = 0; i < NEXT; i++) {
        const char *g = extension[i].glyph;
        uint8_t pair[2] = {0x1B, extension[i].septet};
        struct kf_buf b;

        decodes_to(pair, 2, g);
        kf_buf_init(&b, 16);
        assert_int_equal(kf_sms_from_utf8(KF_CS_GSM7, g, strlen(g), &b), 0);
        assert_int_equal(b.len, 2);
        assert_memory_equal(b.data, pair, 2);
        assert_int_equal(kf_sms_units(KF_CS_GSM7, g, strlen(g)), 2); /* counts 2 */
        kf_buf_deinit(&b);
    }
}

static void test_whole_alphabet_string(void **state)
{
    const char *text = "@£$¥èéùìòÇØøÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?"
                       "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà"
                       "^{}\\[~]|€\f";
    struct kf_buf b, back;

    (void)state;
    kf_buf_init(&b, 1024);
    kf_buf_init(&back, 1024);
    assert_int_equal(kf_sms_from_utf8(KF_CS_GSM7, text, strlen(text), &b), 0);
    /* 125 base characters (128 - LF - CR - ESC) + 10 extension pairs. */
    assert_int_equal(b.len, 125 + 20);
    assert_int_equal(kf_sms_units(KF_CS_GSM7, text, strlen(text)), 145);
    assert_int_equal(kf_sms_to_utf8(KF_CS_GSM7, b.data, b.len, &back), 0);
    assert_string_equal(kf_buf_str(&back), text);
    assert_int_equal(kf_sms_best_charset(text, strlen(text)), KF_CS_GSM7);
    kf_buf_deinit(&b);
    kf_buf_deinit(&back);
}

static void test_lookalikes_rejected(void **state)
{
    /* Not in the default alphabet: small c-cedilla (0x09 is capital), the
     * backtick, Greek small letters, the ESC control itself, U+0000. */
    static const char *const no[] = {"ç", "`", "α", "\x1B", "á", "€€ç", "中"};
    size_t i;

    (void)state;
    for (i = 0; i < sizeof(no) / sizeof(no[0]); i++) {
        struct kf_buf b;

        kf_buf_init(&b, 64);
        assert_int_equal(kf_sms_from_utf8(KF_CS_GSM7, no[i], strlen(no[i]), &b), KF_ECHARSET);
        assert_int_equal(b.len, 0); /* nothing appended */
        assert_int_equal(kf_sms_units(KF_CS_GSM7, no[i], strlen(no[i])), -1);
        kf_buf_deinit(&b);
    }
    {
        struct kf_buf b;
        kf_buf_init(&b, 64);
        assert_int_equal(kf_sms_from_utf8(KF_CS_GSM7, "a\0b", 3, &b), KF_ECHARSET);
        kf_buf_deinit(&b);
    }
}

/* Linear search over the forward tables: what the reverse look-up must give. */
static int expected_lookup(uint32_t cp)
{
    unsigned c;

    for (c = 0; c < 128; c++)
        if (c != 0x1B && kf_sms__gsm7_base((uint8_t)c) == cp)
            return (int)c;
    for (c = 0; c < 128; c++)
        if (c != 0x1B && kf_sms__gsm7_ext((uint8_t)c) == cp && cp != 0)
            return 0x100 | (int)c;
    return -1;
}

static void test_reverse_lookup_exhaustive(void **state)
{
    uint32_t cp;

    (void)state;
    for (cp = 0; cp < 0x3000; cp++)
        assert_int_equal(kf_sms__gsm7_lookup(cp), expected_lookup(cp));
    assert_int_equal(kf_sms__gsm7_lookup(0xFFFD), -1);
    assert_int_equal(kf_sms__gsm7_lookup(0x1F600), -1);
    assert_int_equal(kf_sms__gsm7_lookup(0x10FFFF), -1);
    assert_int_equal(kf_sms__gsm7_ext(0x41), 0); /* no extension character */
    assert_int_equal(kf_sms__gsm7_base(0x1B), 0);
    assert_int_equal(kf_sms__gsm7_base(0x80), 0);
}

static void test_escape_edge_cases(void **state)
{
    static const uint8_t unknown[] = {0x1B, 'A'};     /* unknown escape */
    static const uint8_t unknown_at[] = {0x1B, 0x00}; /* gives base '@' */
    static const uint8_t double_esc[] = {0x1B, 0x1B, 'x'};
    static const uint8_t trailing[] = {'a', 0x1B};
    static const uint8_t high[] = {'a', 0x80, 0xFF, 'b'};
    static const uint8_t esc_high[] = {0x1B, 0x9B, 'c'};

    (void)state;
    decodes_to(unknown, sizeof(unknown), "A");
    decodes_to(unknown_at, sizeof(unknown_at), "@");
    decodes_to(double_esc, sizeof(double_esc), " x");
    decodes_to(trailing, sizeof(trailing), "a ");
    decodes_to(high, sizeof(high), "a" FFFD FFFD "b");
    decodes_to(esc_high, sizeof(esc_high), FFFD "c");
}

static void test_pack_known_vectors(void **state)
{
    static const uint8_t hh[] = "hellohello";
    static const uint8_t want0[] = {0xE8, 0x32, 0x9B, 0xFD, 0x46, 0x97, 0xD9, 0xEC, 0x37};
    static const uint8_t want1[] = {0xD0, 0x65, 0x36, 0xFB, 0x0D};
    uint8_t out[16], back[16];

    (void)state;
    assert_int_equal(kf_sms_gsm7_pack(hh, 10, 0, out, sizeof(out)), 9);
    assert_memory_equal(out, want0, 9);
    assert_int_equal(kf_sms_gsm7_unpack(out, 9, 0, 10, back, sizeof(back)), 10);
    assert_memory_equal(back, hh, 10);

    /* One fill bit, as after a 6-octet concatenation UDH. */
    assert_int_equal(kf_sms_gsm7_pack(hh, 5, 1, out, sizeof(out)), 5);
    assert_memory_equal(out, want1, 5);
    assert_int_equal(kf_sms_gsm7_unpack(out, 5, 1, 5, back, sizeof(back)), 5);
    assert_memory_equal(back, hh, 5);
}

static void test_pack_sizes_and_errors(void **state)
{
    uint8_t sept[160], out[141], back[160];
    unsigned fill;
    size_t i;

    (void)state;
    for (i = 0; i < sizeof(sept); i++)
        sept[i] = (uint8_t)((i * 37) & 0x7F);
    assert_int_equal(kf_sms_gsm7_pack(sept, 160, 0, out, 140), 140); /* 160 septets */
    assert_int_equal(kf_sms_gsm7_pack(sept, 160, 0, out, 139), KF_ETOOBIG);
    assert_int_equal(kf_sms_gsm7_pack(sept, 153, 1, out, 140), 134); /* + 6 UDH = 140 */
    assert_int_equal(kf_sms_gsm7_pack(sept, 152, 0, out, 140), 133); /* + 7 UDH = 140 */
    assert_int_equal(kf_sms_gsm7_pack(sept, 1, 8, out, 140), KF_EINVAL);
    assert_int_equal(kf_sms_gsm7_pack(sept, 0, 0, out, 0), 0);
    for (fill = 0; fill < 8; fill++) {
        int n = kf_sms_gsm7_pack(sept, 150, fill, out, sizeof(out));
        assert_int_equal(n, (int)((fill + 7 * 150 + 7) / 8));
        assert_int_equal(kf_sms_gsm7_unpack(out, (size_t)n, fill, 150, back, 160), 150);
        assert_memory_equal(back, sept, 150);
        if (fill)
            assert_int_equal(out[0] & ((1u << fill) - 1), 0); /* fill bits zero */
    }
    assert_int_equal(kf_sms_gsm7_unpack(out, 10, 0, 12, back, 160), KF_EPROTO);
    assert_int_equal(kf_sms_gsm7_unpack(out, 140, 0, 160, back, 159), KF_ETOOBIG);
    assert_int_equal(kf_sms_gsm7_unpack(out, 140, 9, 1, back, 160), KF_EINVAL);
    /* The high bit of a septet byte is ignored when packing. */
    sept[0] = 0xC1;
    assert_int_equal(kf_sms_gsm7_pack(sept, 1, 0, out, 1), 1);
    assert_int_equal(out[0], 0x41);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_every_base_char_decodes),
        cmocka_unit_test(test_every_base_char_encodes),
        cmocka_unit_test(test_every_extension_char),
        cmocka_unit_test(test_whole_alphabet_string),
        cmocka_unit_test(test_lookalikes_rejected),
        cmocka_unit_test(test_reverse_lookup_exhaustive),
        cmocka_unit_test(test_escape_edge_cases),
        cmocka_unit_test(test_pack_known_vectors),
        cmocka_unit_test(test_pack_sizes_and_errors),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
