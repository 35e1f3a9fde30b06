/* libFuzzer target for sluice/hex.h. Properties checked against an independent
 * oracle written here:
 *  - sluice_hex_decode_exact / sluice_hex_decode never crash or write past the
 *    (exactly sized, heap) output buffer;
 *  - the returned code is exactly the one the header specifies: SLUICE_ERR_HEX
 *    for a non-hex character or odd length, SLUICE_ERR_LENGTH for well-formed
 *    text of the wrong size, SLUICE_OK (with the right bytes) otherwise;
 *  - decode(encode(x)) == x for the raw input bytes. */
#include "sluice/hex.h"
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define REQUIRE(c) do { if (!(c)) __builtin_trap(); } while (0)

static int nib(unsigned char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

/* Oracle: strips one optional 0x/0X, then 1 if all-hex and even, else 0. */
static int oracle_wellformed(const char *s, const char **body, size_t *nbytes) {
    if (s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) s += 2;
    size_t n = strlen(s);
    *body = s;
    *nbytes = n / 2;
    if (n % 2) return 0;
    for (size_t i = 0; i < n; i++)
        if (nib((unsigned char)s[i]) < 0) return 0;
    return 1;
}

static void check_bytes(const uint8_t *got, const char *body, size_t n) {
    for (size_t i = 0; i < n; i++)
        REQUIRE(got[i] == (uint8_t)(nib((unsigned char)body[2 * i]) << 4 |
                                    nib((unsigned char)body[2 * i + 1])));
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    if (size == 0) return 0;
    size_t want_len = data[0] % 80; /* requested byte count for the _exact call */
    const uint8_t *p = data + 1;
    size_t n = size - 1;

    /* 1. decoding arbitrary text (NUL-terminated copy; an embedded NUL ends it). */
    char *txt = malloc(n + 1);
    REQUIRE(txt);
    memcpy(txt, p, n);
    txt[n] = '\0';
    const char *body;
    size_t nbytes;
    int wf = oracle_wellformed(txt, &body, &nbytes);

    uint8_t *out = malloc(want_len ? want_len : 1);
    REQUIRE(out);
    sluice_err e = sluice_hex_decode_exact(out, want_len, txt);
    if (!wf) REQUIRE(e == SLUICE_ERR_HEX);
    else if (nbytes != want_len) REQUIRE(e == SLUICE_ERR_LENGTH);
    else { REQUIRE(e == SLUICE_OK); check_bytes(out, body, nbytes); }
    free(out);

    size_t cap = want_len, got = (size_t)-1;
    out = malloc(cap ? cap : 1);
    REQUIRE(out);
    e = sluice_hex_decode(out, cap, &got, txt);
    if (!wf) REQUIRE(e == SLUICE_ERR_HEX);
    else if (nbytes > cap) REQUIRE(e == SLUICE_ERR_LENGTH);
    else { REQUIRE(e == SLUICE_OK && got == nbytes); check_bytes(out, body, nbytes); }
    free(out);
    free(txt);

    /* 2. round trip of the raw bytes, bare and with a 0x prefix. */
    char *enc = malloc(2 * n + 3);
    uint8_t *back = malloc(n ? n : 1);
    REQUIRE(enc && back);
    enc[0] = '0'; enc[1] = 'x';
    sluice_hex_encode(enc + 2, p, n);
    REQUIRE(strlen(enc + 2) == 2 * n);
    REQUIRE(sluice_hex_decode_exact(back, n, enc + 2) == SLUICE_OK);
    REQUIRE(n == 0 || memcmp(back, p, n) == 0);
    got = (size_t)-1;
    REQUIRE(sluice_hex_decode(back, n, &got, enc) == SLUICE_OK && got == n);
    REQUIRE(n == 0 || memcmp(back, p, n) == 0);
    if (n) REQUIRE(sluice_hex_decode_exact(back, n - 1, enc) == SLUICE_ERR_LENGTH);
    free(back);
    free(enc);
    return 0;
}
