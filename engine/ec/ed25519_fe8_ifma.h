/* Field arithmetic mod 2^255 - 19 in the eight 64-bit lanes of 512-bit
 * AVX-512 IFMA vectors, shared by ed25519_ifma8.c (eight square roots) and
 * ed25519_lanes8_ifma.c (eight point chains). The limb layout, the column
 * sums and the reduction are those of ed25519_ifma.c's four-lane code (lane
 * j of vector i = limb i of element j; a product's low 52 bits go to column
 * i + j, its high bits, worth 2 * 2^51, doubled to column i + j + 1;
 * columns 5..9 folded with 2^255 == 19; one parallel carry round gives
 * limbs below 2^52), so their bounds carry over. x86-64 with GCC or Clang
 * only; include after <immintrin.h>. Internal header (engine/ec). */
#ifndef SLUICE_EC_ED25519_FE8_IFMA_H
#define SLUICE_EC_ED25519_FE8_IFMA_H

#include <immintrin.h>
#include <stdint.h>

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

/* columns c[k] = lo[k] + 2 hi[k] (k < 10) folded: limbs below 2^61 */
IFMA8_TARGET static inline void fe8_fold(__m512i c[5], const __m512i lo[10],
                                         const __m512i hi[10]) {
    #pragma GCC unroll 5
    for (int k = 0; k < 5; k++) {
        __m512i low = _mm512_add_epi64(lo[k], _mm512_slli_epi64(hi[k], 1));
        __m512i high = _mm512_add_epi64(lo[k + 5], _mm512_slli_epi64(hi[k + 5], 1));
        __m512i h19 = _mm512_add_epi64(_mm512_add_epi64(_mm512_slli_epi64(high, 4),
                                                        _mm512_slli_epi64(high, 1)), high);
        c[k] = _mm512_add_epi64(low, h19);
    }
}

/* folded, then carried: tight limbs */
IFMA8_TARGET static inline void fe8_reduce(__m512i r[5], const __m512i lo[10],
                                           const __m512i hi[10]) {
    __m512i c[5];
    fe8_fold(c, lo, hi);
    fe8_carry(r, c);
}

IFMA8_TARGET static inline __attribute__((always_inline)) void
fe8_mul_cols(__m512i lo[10], __m512i hi[10], const __m512i va[5], const __m512i vb[5]) {
    const __m512i zero = _mm512_setzero_si512();
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
}

/* r = a * b, tight */
IFMA8_TARGET static inline __attribute__((always_inline)) void
fe8_mul(__m512i r[5], const __m512i va[5], const __m512i vb[5]) {
    __m512i lo[10], hi[10];
    fe8_mul_cols(lo, hi, va, vb);
    fe8_reduce(r, lo, hi);
}

/* r = a * b folded, not carried (limbs below 2^61) */
IFMA8_TARGET static inline __attribute__((always_inline)) void
fe8_mul_wide(__m512i r[5], const __m512i va[5], const __m512i vb[5]) {
    __m512i lo[10], hi[10];
    fe8_mul_cols(lo, hi, va, vb);
    fe8_fold(r, lo, hi);
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

/* r = carry(a + b) */
IFMA8_TARGET static inline void fe8_addc(__m512i r[5], const __m512i a[5], const __m512i b[5]) {
    __m512i t[5];
    #pragma GCC unroll 5
    for (int k = 0; k < 5; k++) t[k] = _mm512_add_epi64(a[k], b[k]);
    fe8_carry(r, t);
}

/* r = carry(a + 2p - b), b tight */
IFMA8_TARGET static inline void fe8_subc(__m512i r[5], const __m512i a[5], const __m512i b[5]) {
    const __m512i p0 = _mm512_set1_epi64((long long)((UINT64_C(1) << 52) - 38));
    const __m512i pk = _mm512_set1_epi64((long long)((UINT64_C(1) << 52) - 2));
    __m512i t[5];
    t[0] = _mm512_sub_epi64(_mm512_add_epi64(a[0], p0), b[0]);
    #pragma GCC unroll 4
    for (int k = 1; k < 5; k++) t[k] = _mm512_sub_epi64(_mm512_add_epi64(a[k], pk), b[k]);
    fe8_carry(r, t);
}

/* r = a + 2^s p - b without carrying, for b below the limbs of 2^s p (as
 * ed25519_ifma.c's fe4_sub_kp) */
IFMA8_TARGET static inline void fe8_sub_kp(__m512i r[5], const __m512i a[5], const __m512i b[5],
                                           int s) {
    const __m512i p0 = _mm512_set1_epi64((long long)(((UINT64_C(1) << 51) - 19) << s));
    const __m512i pk = _mm512_set1_epi64((long long)(((UINT64_C(1) << 51) - 1) << s));
    r[0] = _mm512_sub_epi64(_mm512_add_epi64(a[0], p0), b[0]);
    #pragma GCC unroll 4
    for (int k = 1; k < 5; k++) r[k] = _mm512_sub_epi64(_mm512_add_epi64(a[k], pk), b[k]);
}

/* r = where mask bit j is set, lane j of b, else of a */
IFMA8_TARGET static inline void fe8_blend(__m512i r[5], __mmask8 m, const __m512i a[5],
                                          const __m512i b[5]) {
    #pragma GCC unroll 5
    for (int k = 0; k < 5; k++) r[k] = _mm512_mask_blend_epi64(m, a[k], b[k]);
}

#endif
