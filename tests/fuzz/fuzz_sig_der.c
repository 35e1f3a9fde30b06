/* libFuzzer target for sluice_sm2_sig_from_der (sluice/sig.h). Properties
 * checked against an independent strict-DER oracle written here (X.690 8.3,
 * 10.1: SEQUENCE { INTEGER r, INTEGER s }, short-form lengths, minimal
 * non-negative integers of at most 32 significant bytes, nothing after):
 *  - never a crash or a read past the (exactly sized, heap) input;
 *  - accepted exactly when the oracle accepts, with the same r ‖ s;
 *  - the minimal encoding of any r ‖ s (the input's first 64 bytes) decodes
 *    back to it, and that encoding with one byte appended or the last one
 *    removed is rejected. */
#include "sluice/sig.h"
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define REQUIRE(c) do { if (!(c)) __builtin_trap(); } while (0)

/* One INTEGER's content c[0..n) into out (32 bytes); 0 if not minimal,
 * negative or over 32 significant bytes. */
static int oracle_int(const uint8_t *c, size_t n, uint8_t out[32]) {
    if (n == 0 || (c[0] & 0x80)) return 0;
    if (n >= 2 && c[0] == 0x00 && (c[1] & 0x80) == 0) return 0;
    while (n > 1 && c[0] == 0x00) {   /* at most one zero byte remains here */
        c++;
        n--;
    }
    if (n == 1 && c[0] == 0x00) n = 0;
    if (n > 32) return 0;
    memset(out, 0, 32);
    memcpy(out + 32 - n, c, n);
    return 1;
}

static int oracle(const uint8_t *d, size_t len, uint8_t out[64]) {
    if (len < 2 || d[0] != 0x30 || d[1] >= 0x80 || (size_t)d[1] + 2 != len) return 0;
    size_t p = 2;
    for (int k = 0; k < 2; k++) {
        if (len - p < 2 || d[p] != 0x02 || d[p + 1] >= 0x80) return 0;
        size_t n = d[p + 1];
        p += 2;
        if (n > len - p || !oracle_int(d + p, n, out + 32 * k)) return 0;
        p += n;
    }
    return p == len;
}

/* Minimal DER of one 32-byte big-endian value into o; returns its length. */
static size_t encode_int(const uint8_t v[32], uint8_t *o) {
    size_t z = 0;
    while (z < 31 && v[z] == 0) z++;
    size_t n = 32 - z, pad = (v[z] & 0x80) != 0;
    o[0] = 0x02;
    o[1] = (uint8_t)(n + pad);
    o[2] = 0;
    memcpy(o + 2 + pad, v + z, n);
    return 2 + pad + n;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    uint8_t *in = malloc(size ? size : 1);
    REQUIRE(in);
    memcpy(in, data, size);
    uint8_t got[64], want[64];
    sluice_sig_status st = sluice_sm2_sig_from_der(in, size, got);
    int ok = oracle(in, size, want);
    REQUIRE(st == SLUICE_SIG_VALID || st == SLUICE_SIG_BAD_ENCODING);
    REQUIRE((st == SLUICE_SIG_VALID) == ok);
    if (ok) REQUIRE(memcmp(got, want, 64) == 0);
    free(in);

    if (size < 64) return 0;
    uint8_t der[2 + 2 * 35 + 1];
    size_t n = 2;
    n += encode_int(data, der + n);
    n += encode_int(data + 32, der + n);
    der[0] = 0x30;
    der[1] = (uint8_t)(n - 2);
    uint8_t *exact = malloc(n + 1);
    REQUIRE(exact);
    memcpy(exact, der, n);
    REQUIRE(sluice_sm2_sig_from_der(exact, n, got) == SLUICE_SIG_VALID);
    REQUIRE(memcmp(got, data, 64) == 0);
    REQUIRE(sluice_sm2_sig_from_der(exact, n - 1, got) == SLUICE_SIG_BAD_ENCODING);
    exact[n] = data[0];
    REQUIRE(sluice_sm2_sig_from_der(exact, n + 1, got) == SLUICE_SIG_BAD_ENCODING);
    free(exact);
    return 0;
}
