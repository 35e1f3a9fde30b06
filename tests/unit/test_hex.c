/* Strict hexadecimal conversion (sluice/hex.h): exact error codes for odd
 * length, non-hex characters, prefixes and wrong lengths; every byte value as
 * a character; encode/decode round trips on exactly-sized buffers (so ASan
 * catches any write past the end). */
#include "sluice/hex.h"
#include "testutil.h"
#include <stdlib.h>
#include <string.h>

static int is_hex_char(int c) {
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

static void test_exact(void) {
    uint8_t out[8];
    static const uint8_t abcd[2] = {0xab, 0xcd};
    memset(out, 0, sizeof out);
    CHECK(sluice_hex_decode_exact(out, 2, "abcd") == SLUICE_OK);
    CHECK_MEM(out, abcd, 2);
    memset(out, 0, sizeof out);
    CHECK(sluice_hex_decode_exact(out, 2, "ABcD") == SLUICE_OK);
    CHECK_MEM(out, abcd, 2);
    memset(out, 0, sizeof out);
    CHECK(sluice_hex_decode_exact(out, 2, "0xabcd") == SLUICE_OK);   /* optional prefix */
    CHECK_MEM(out, abcd, 2);
    memset(out, 0, sizeof out);
    CHECK(sluice_hex_decode_exact(out, 2, "0XABCD") == SLUICE_OK);
    CHECK_MEM(out, abcd, 2);
    CHECK(sluice_hex_decode_exact(out, 0, "") == SLUICE_OK);
    CHECK(sluice_hex_decode_exact(out, 0, "0x") == SLUICE_OK);

    /* odd length / bad characters -> SLUICE_ERR_HEX (before any length check) */
    CHECK(sluice_hex_decode_exact(out, 2, "abc") == SLUICE_ERR_HEX);
    CHECK(sluice_hex_decode_exact(out, 1, "abc") == SLUICE_ERR_HEX);
    CHECK(sluice_hex_decode_exact(out, 2, "0xabc") == SLUICE_ERR_HEX);
    CHECK(sluice_hex_decode_exact(out, 2, "abcg") == SLUICE_ERR_HEX);
    CHECK(sluice_hex_decode_exact(out, 2, "ab d") == SLUICE_ERR_HEX);
    CHECK(sluice_hex_decode_exact(out, 2, " abcd") == SLUICE_ERR_HEX);
    CHECK(sluice_hex_decode_exact(out, 2, "abcd\n") == SLUICE_ERR_HEX);
    CHECK(sluice_hex_decode_exact(out, 1, "x0ab") == SLUICE_ERR_HEX);
    CHECK(sluice_hex_decode_exact(out, 1, "0x0xab") == SLUICE_ERR_HEX);  /* one prefix only */
    CHECK(sluice_hex_decode_exact(out, 1, "00x1") == SLUICE_ERR_HEX);
    CHECK(sluice_hex_decode_exact(out, 1, "-1") == SLUICE_ERR_HEX);
    CHECK(sluice_hex_decode_exact(out, 1, "\xc3\xa9") == SLUICE_ERR_HEX);
    CHECK(sluice_hex_decode_exact(out, 4, "abcdefgh") == SLUICE_ERR_HEX);

    /* well-formed but not exactly len bytes -> SLUICE_ERR_LENGTH */
    CHECK(sluice_hex_decode_exact(out, 2, "ab") == SLUICE_ERR_LENGTH);
    CHECK(sluice_hex_decode_exact(out, 2, "abcdef") == SLUICE_ERR_LENGTH);
    CHECK(sluice_hex_decode_exact(out, 1, "") == SLUICE_ERR_LENGTH);
    CHECK(sluice_hex_decode_exact(out, 1, "0x") == SLUICE_ERR_LENGTH);
    CHECK(sluice_hex_decode_exact(out, 0, "00") == SLUICE_ERR_LENGTH);

    CHECK(sluice_hex_decode_exact(out, 1, NULL) == SLUICE_ERR_ARG);
}

static void test_decode(void) {
    uint8_t out[4];
    size_t n = 99;
    static const uint8_t want[3] = {0x01, 0x23, 0xef};
    CHECK(sluice_hex_decode(out, sizeof out, &n, "0123eF") == SLUICE_OK);
    CHECK(n == 3);
    CHECK_MEM(out, want, 3);
    n = 99;
    CHECK(sluice_hex_decode(out, sizeof out, &n, "0x0123ef") == SLUICE_OK);
    CHECK(n == 3);
    CHECK_MEM(out, want, 3);
    n = 99;
    CHECK(sluice_hex_decode(out, sizeof out, &n, "") == SLUICE_OK);
    CHECK(n == 0);
    n = 99;
    CHECK(sluice_hex_decode(NULL, 0, &n, "0x") == SLUICE_OK);  /* nothing to write */
    CHECK(n == 0);
    CHECK(sluice_hex_decode(out, sizeof out, &n, "012") == SLUICE_ERR_HEX);
    CHECK(sluice_hex_decode(out, sizeof out, &n, "01z3") == SLUICE_ERR_HEX);
    CHECK(sluice_hex_decode(out, sizeof out, &n, "0x0x") == SLUICE_ERR_HEX);
    CHECK(sluice_hex_decode(out, sizeof out, &n, "0011223344") == SLUICE_ERR_LENGTH); /* 5 > cap 4 */
    CHECK(sluice_hex_decode(out, 4, &n, "00112233") == SLUICE_OK);
    CHECK(n == 4);
    CHECK(sluice_hex_decode(out, sizeof out, NULL, "00") == SLUICE_ERR_ARG);
    CHECK(sluice_hex_decode(out, sizeof out, &n, NULL) == SLUICE_ERR_ARG);
    CHECK(sluice_hex_decode(NULL, 4, &n, "00") == SLUICE_ERR_ARG);
}

/* Every byte value 1..255 as the second or first character of a 2-char string. */
static void test_every_char(void) {
    for (int c = 1; c < 256; c++) {
        char s1[3] = {'a', (char)c, 0}, s2[3] = {(char)c, '5', 0};
        uint8_t out[1];
        sluice_err want = is_hex_char(c) ? SLUICE_OK : SLUICE_ERR_HEX;
        CHECK(sluice_hex_decode_exact(out, 1, s1) == want);
        if (want == SLUICE_OK) CHECK(out[0] == (uint8_t)(0xa0 | (c <= '9' ? c - '0' : (c | 0x20) - 'a' + 10)));
        size_t n;
        CHECK(sluice_hex_decode(out, 1, &n, s2) == want);
    }
}

static void test_encode(void) {
    static const uint8_t in[5] = {0x00, 0x0f, 0xa5, 0xf0, 0xff};
    char out[11];
    memset(out, 'X', sizeof out);
    sluice_hex_encode(out, in, sizeof in);
    CHECK(memcmp(out, "000fa5f0ff", 11) == 0); /* includes the NUL */
    char empty[1] = {'X'};
    sluice_hex_encode(empty, in, 0);
    CHECK(empty[0] == '\0');
}

static void test_round_trip(void) {
    tu_rng r;
    tu_rng_seed(&r, 0x686578ULL);
    for (int t = 0; t < 500; t++) {
        size_t len = (size_t)(tu_rng_next(&r) % 200);
        uint8_t *in = malloc(len ? len : 1), *back = malloc(len ? len : 1);
        char *txt = malloc(2 * len + 3);
        if (!in || !back || !txt) { CHECK(0); free(in); free(back); free(txt); return; }
        tu_rng_bytes(&r, in, len);
        sluice_hex_encode(txt + 2, in, len);
        CHECK(strlen(txt + 2) == 2 * len);
        for (size_t i = 0; i < 2 * len; i++)
            CHECK(is_hex_char(txt[2 + i]) && !(txt[2 + i] >= 'A' && txt[2 + i] <= 'F'));
        CHECK(sluice_hex_decode_exact(back, len, txt + 2) == SLUICE_OK);
        CHECK(len == 0 || memcmp(back, in, len) == 0);
        size_t n = 12345;
        CHECK(sluice_hex_decode(back, len, &n, txt + 2) == SLUICE_OK && n == len);
        CHECK(len == 0 || memcmp(back, in, len) == 0);
        /* with a prefix and in upper case */
        txt[0] = '0'; txt[1] = 'x';
        for (size_t i = 2; i < 2 * len + 2; i++)
            if (txt[i] >= 'a') txt[i] = (char)(txt[i] - 'a' + 'A');
        memset(back, 0, len ? len : 1);
        CHECK(sluice_hex_decode_exact(back, len, txt) == SLUICE_OK);
        CHECK(len == 0 || memcmp(back, in, len) == 0);
        /* one byte too small a buffer, and one character dropped */
        if (len) {
            CHECK(sluice_hex_decode(back, len - 1, &n, txt) == SLUICE_ERR_LENGTH);
            CHECK(sluice_hex_decode_exact(back, len - 1, txt) == SLUICE_ERR_LENGTH);
            txt[2 * len + 1] = '\0';
            CHECK(sluice_hex_decode_exact(back, len, txt) == SLUICE_ERR_HEX);
        }
        free(in); free(back); free(txt);
    }
}

int main(void) {
    test_exact();
    test_decode();
    test_every_char();
    test_encode();
    test_round_trip();
    return tu_finish("test_hex");
}
