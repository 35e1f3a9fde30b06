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

#define IFMA8_TARGET __attribute__((target("avx512f,avx512ifma")))

/* limbs below 2^62 in, below 2^52 out (one parallel carry round) */
IFMA8_TARGET static inline void fe8_carry(__m512i r[5], const __m512i a[5]) {
    const __m512i m51 = _mm512_set1_epi64((long long)((UINT64_C(1) << 51) - 1));
    __m512i cy[5], c[5];
    #pragma GCC unroll 5
    for (int k = 0; k < 5; k++) {
        cy[k] = _mm512_srli_epi64(a[k], 51);
        c[k] = _mm512_and_si512(a[k], m51);
    }
    __m512i c19 = _mm512_add_epi64(_mm512_add_epi64(_mm512_slli_epi64(cy[4], 4),
                                                    _mm512_slli_epi64(cy[4], 1)), cy[4]);
    r[0] = _mm512_add_epi64(c[0], c19);
    #pragma GCC unroll 4
    for (int k = 1; k < 5; k++) r[k] = _mm512_add_epi64(c[k], cy[k - 1]);
}

/* columns c[k] = lo[k] + 2 hi[k] (k < 10), folded, then carried */
IFMA8_TARGET static inline void fe8_reduce(__m512i r[5], const __m512i lo[10],
                                           const __m512i hi[10]) {
    __m512i c[5];
    #pragma GCC unroll 5
    for (int k = 0; k < 5; k++) {
        __m512i low = _mm512_add_epi64(lo[k], _mm512_slli_epi64(hi[k], 1));
        __m512i high = _mm512_add_epi64(lo[k + 5], _mm512_slli_epi64(hi[k + 5], 1));
        __m512i h19 = _mm512_add_epi64(_mm512_add_epi64(_mm512_slli_epi64(high, 4),
                                                        _mm512_slli_epi64(high, 1)), high);
        c[k] = _mm512_add_epi64(low, h19);
    }
    fe8_carry(r, c);
}

IFMA8_TARGET static inline void fe8_mul(__m512i r[5], const __m512i va[5], const __m512i vb[5]) {
    const __m512i zero = _mm512_setzero_si512();
    __m512i lo[10], hi[10];
    #pragma GCC unroll 10
    for (int k = 0; k < 10; k++) lo[k] = hi[k] = zero;
    #pragma GCC unroll 5
    for (int i = 0; i < 5; i++) {
        #pragma GCC unroll 5
        for (int j = 0; j < 5; j++) {
            lo[i + j] = _mm512_madd52lo_epu64(lo[i + j], va[i], vb[j]);
            hi[i + j + 1] = _mm512_madd52hi_epu64(hi[i + j + 1], va[i], vb[j]);
        }
    }
    fe8_reduce(r, lo, hi);
}

/* r = a^2: the squares a_i^2 and the cross products a_i a_j (i < j), which
 * count twice. Column k is lo[k] + 2 hi[k] (fe8_reduce), so a cross
 * product's low half (weight 2) goes into hi[k] directly, and its high half
 * (weight 4) into xhi[k], added doubled to hi[k] at the end: 15 products,
 * 10 shift-adds. */
IFMA8_TARGET static inline void fe8_sqr(__m512i r[5], const __m512i va[5]) {
    const __m512i zero = _mm512_setzero_si512();
    __m512i lo[10], hi[10], xhi[10];
    #pragma GCC unroll 10
    for (int k = 0; k < 10; k++) lo[k] = hi[k] = xhi[k] = zero;
    #pragma GCC unroll 5
    for (int i = 0; i < 5; i++) {
        lo[2 * i] = _mm512_madd52lo_epu64(lo[2 * i], va[i], va[i]);
        hi[2 * i + 1] = _mm512_madd52hi_epu64(hi[2 * i + 1], va[i], va[i]);
        #pragma GCC unroll 4
        for (int j = i + 1; j < 5; j++) {
            hi[i + j] = _mm512_madd52lo_epu64(hi[i + j], va[i], va[j]);
            xhi[i + j + 1] = _mm512_madd52hi_epu64(xhi[i + j + 1], va[i], va[j]);
        }
    }
    #pragma GCC unroll 10
    for (int k = 0; k < 10; k++) hi[k] = _mm512_add_epi64(hi[k], _mm512_slli_epi64(xhi[k], 1));
    fe8_reduce(r, lo, hi);
}

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
