/* sl_ed25519_fe_pow22523_8_ifma (ed25519_ifma.h): eight exponentiations
 * x^((p-5)/8) side by side in the eight 64-bit lanes of 512-bit AVX-512 IFMA
 * vectors. The limb layout, the column sums and the reduction are those of
 * ed25519_ifma.c's four-lane code (lane j of vector i = limb i of element j;
 * a product's low 52 bits go to column i + j, its high bits, worth 2 * 2^51,
 * doubled to column i + j + 1; columns 5..9 folded with 2^255 == 19; one
 * parallel carry round gives limbs below 2^52). A square-root chain is one
 * long dependency of squarings, partly bound by their latency, so eight
 * lanes cost less than two four-lane runs: about 0.74 against 0.89 us per
 * element on the project's AMD EPYC (bench_ec_ed25519, fe_pow22523/lanes/8
 * vs /4; Zen 4 runs a 512-bit op as two 256-bit halves, hence no 2x).
 * Chain: ref10's fe_pow22523, as ed25519_field.c. */
#include "ec/ed25519_ifma.h"

#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))

#include <immintrin.h>

#include "ec/ed25519_fe8_ifma.h"

IFMA8_TARGET static void fe8_sqr_n(__m512i t[5], int n) {
    for (int i = 0; i < n; i++) fe8_sqr(t, t);
}

IFMA8_TARGET void sl_ed25519_fe_pow22523_8_ifma(sl_ed25519_fe *const r[8],
                                                const sl_ed25519_fe *const a[8]) {
    /* elements to limb vectors through a small buffer (limb-major) */
    uint64_t buf[5][8];
    for (int j = 0; j < 8; j++)
        for (int k = 0; k < 5; k++) buf[k][j] = a[j]->v[k];
    __m512i x[5], z2[5], z9[5], z11[5], t[5], z5[5], z10[5], z20[5], z50[5], z100[5];
    #pragma GCC unroll 5
    for (int k = 0; k < 5; k++) x[k] = _mm512_loadu_si512((const void *)buf[k]);
    fe8_sqr(z2, x);                                     /* 2 */
    fe8_sqr(t, z2);
    fe8_sqr(t, t);                                      /* 8 */
    fe8_mul(z9, t, x);                                  /* 9 */
    fe8_mul(z11, z9, z2);                               /* 11 */
    fe8_sqr(t, z11);                                    /* 22 */
    fe8_mul(z5, t, z9);                                 /* 2^5 - 1 */
    fe8_sqr(t, z5);
    fe8_sqr_n(t, 4);
    fe8_mul(z10, t, z5);                                /* 2^10 - 1 */
    fe8_sqr(t, z10);
    fe8_sqr_n(t, 9);
    fe8_mul(z20, t, z10);                               /* 2^20 - 1 */
    fe8_sqr(t, z20);
    fe8_sqr_n(t, 19);
    fe8_mul(t, t, z20);                                 /* 2^40 - 1 */
    fe8_sqr_n(t, 10);
    fe8_mul(z50, t, z10);                               /* 2^50 - 1 */
    fe8_sqr(t, z50);
    fe8_sqr_n(t, 49);
    fe8_mul(z100, t, z50);                              /* 2^100 - 1 */
    fe8_sqr(t, z100);
    fe8_sqr_n(t, 99);
    fe8_mul(t, t, z100);                                /* 2^200 - 1 */
    fe8_sqr_n(t, 50);
    fe8_mul(t, t, z50);                                 /* 2^250 - 1 */
    fe8_sqr_n(t, 2);                                    /* 2^252 - 4 */
    fe8_mul(t, t, x);                                   /* 2^252 - 3 */
    #pragma GCC unroll 5
    for (int k = 0; k < 5; k++) _mm512_storeu_si512((void *)buf[k], t[k]);
    for (int j = 0; j < 8; j++)
        for (int k = 0; k < 5; k++) r[j]->v[k] = buf[k][j];
}

#else

void sl_ed25519_fe_pow22523_8_ifma(sl_ed25519_fe *const r[8], const sl_ed25519_fe *const a[8]) {
    (void)r;
    (void)a;
}

#endif
