/* secp256k1 field elements in eight 64-bit lanes of AVX-512 IFMA vectors
 * (52-bit multiply-add): lane j of vector i holds limb i of element j, the
 * 5x52 limbs of secp256k1_fe52_impl.h. Shared by the eight square roots
 * (secp256k1_sqrt8.c) and the eight-lane affine additions of the
 * multi-scalar multiplication (secp256k1_affine8.c). Include only on
 * x86-64 with GCC or Clang; callers check the CPU at run time.
 *
 * Form ("fe8 form"): every limb below 2^52 (IFMA reads only the low 52 bits
 * of its factors) and limb 4 below 2^48 + 1, as sk_fe52_normalize_weak
 * leaves them. Products: ten 52-bit columns t[k] (the low 52 bits of a_i b_j
 * into column i + j, the high 52 into i + j + 1), then reduced with
 * 2^260 == R = 0x1000003D10 (mod p) as in the scalar code: columns 5..9 are
 * carried to 52-bit limbs h5..h9 (h10 the overflow), each h times R is added
 * back 260 bits lower, what lands at 2^260 again is folded once more, and a
 * final carry with the bits above 2^256 folded by 2^256 == 0x1000003D1
 * restores the form. The small loops are unrolled explicitly (pragma): left
 * as loops at -O2, the vectors would live in memory. Internal header. */
#ifndef SLUICE_EC_SECP256K1_FE8_IFMA_H
#define SLUICE_EC_SECP256K1_FE8_IFMA_H

#include <immintrin.h>

#include "ec/secp256k1_fe52_impl.h"

#define FE8_TARGET __attribute__((target("avx512f,avx512ifma")))

typedef struct {
    __m512i v[5];
} fe8;

/* t[0..9] (each < 2^58) -> r, limbs as stated above. */
FE8_TARGET static inline void fe8_reduce(fe8 *r, __m512i t[10]) {
    const __m512i m52 = _mm512_set1_epi64((long long)SK_M52);
    const __m512i m48 = _mm512_set1_epi64((long long)SK_M48);
    const __m512i cr = _mm512_set1_epi64((long long)SK_C260);
    const __m512i c256 = _mm512_set1_epi64((long long)SK_C256);
    const __m512i zero = _mm512_setzero_si512();
    /* Columns 5..9 to 52-bit limbs; h10 = overflow at weight 2^520. */
    __m512i h[6];
    __m512i c = zero;
    #pragma GCC unroll 10
    for (int k = 5; k < 10; k++) {
        __m512i x = _mm512_add_epi64(t[k], c);
        h[k - 5] = _mm512_and_si512(x, m52);
        c = _mm512_srli_epi64(x, 52);
    }
    h[5] = c; /* < 2^7 */
    /* h_k 2^(52k) == h_k R 2^(52(k-5)): low 52 bits of h_k R into column
     * k - 5, high bits into column k - 4. h10 2^520 == h10 R 2^260 joins
     * column 5 (with the high part of h9 R). */
    __m512i t5 = _mm512_madd52lo_epu64(zero, h[5], cr); /* h10 R < 2^44: exact */
    #pragma GCC unroll 10
    for (int k = 0; k < 5; k++) {
        t[k] = _mm512_madd52lo_epu64(t[k], h[k], cr);
        if (k < 4)
            t[k + 1] = _mm512_madd52hi_epu64(t[k + 1], h[k], cr);
        else
            t5 = _mm512_madd52hi_epu64(t5, h[k], cr);
    }
    /* Column 5 (< 2^45) once more: t5 R into columns 0 and 1. */
    t[0] = _mm512_madd52lo_epu64(t[0], t5, cr);
    t[1] = _mm512_madd52hi_epu64(t[1], t5, cr);
    /* Carry 0..4, fold the bits of limb 4 above 48 (2^256 == C256), carry again. */
    c = zero;
    #pragma GCC unroll 10
    for (int k = 0; k < 5; k++) {
        __m512i x = _mm512_add_epi64(t[k], c);
        t[k] = _mm512_and_si512(x, m52);
        c = _mm512_srli_epi64(x, 52);
    }
    __m512i top = _mm512_add_epi64(_mm512_slli_epi64(c, 4), _mm512_srli_epi64(t[4], 48));
    t[4] = _mm512_and_si512(t[4], m48);
    t[0] = _mm512_madd52lo_epu64(t[0], top, c256); /* top < 2^13: product < 2^46 */
    c = zero;
    #pragma GCC unroll 10
    for (int k = 0; k < 5; k++) {
        __m512i x = _mm512_add_epi64(t[k], c);
        r->v[k] = k < 4 ? _mm512_and_si512(x, m52) : x;
        c = _mm512_srli_epi64(x, 52);
    }
}

FE8_TARGET static inline void fe8_mul(fe8 *r, const fe8 *a, const fe8 *b) {
    __m512i t[10];
    #pragma GCC unroll 10
    for (int k = 0; k < 10; k++) t[k] = _mm512_setzero_si512();
    #pragma GCC unroll 10
    for (int i = 0; i < 5; i++)
        #pragma GCC unroll 10
        for (int j = 0; j < 5; j++) {
            t[i + j] = _mm512_madd52lo_epu64(t[i + j], a->v[i], b->v[j]);
            t[i + j + 1] = _mm512_madd52hi_epu64(t[i + j + 1], a->v[i], b->v[j]);
        }
    fe8_reduce(r, t);
}

FE8_TARGET static inline void fe8_sqr(fe8 *r, const fe8 *a) {
    /* Cross products a_i a_j (i < j) once, doubled afterwards (2 a_j may
     * not fit the 52-bit factor), plus the squares. */
    __m512i t[10], s[10];
    #pragma GCC unroll 10
    for (int k = 0; k < 10; k++) t[k] = s[k] = _mm512_setzero_si512();
    #pragma GCC unroll 10
    for (int i = 0; i < 5; i++)
        #pragma GCC unroll 10
        for (int j = i + 1; j < 5; j++) {
            t[i + j] = _mm512_madd52lo_epu64(t[i + j], a->v[i], a->v[j]);
            t[i + j + 1] = _mm512_madd52hi_epu64(t[i + j + 1], a->v[i], a->v[j]);
        }
    #pragma GCC unroll 10
    for (int i = 0; i < 5; i++) {
        s[2 * i] = _mm512_madd52lo_epu64(s[2 * i], a->v[i], a->v[i]);
        s[2 * i + 1] = _mm512_madd52hi_epu64(s[2 * i + 1], a->v[i], a->v[i]);
    }
    #pragma GCC unroll 10
    for (int k = 0; k < 10; k++) t[k] = _mm512_add_epi64(_mm512_slli_epi64(t[k], 1), s[k]);
    fe8_reduce(r, t);
}

/* Limbs below 2^55 (limb 4 below 2^51) back to the fe8 form: the final
 * carry of fe8_reduce. */
FE8_TARGET static inline void fe8_carry(fe8 *r) {
    const __m512i m52 = _mm512_set1_epi64((long long)SK_M52);
    const __m512i m48 = _mm512_set1_epi64((long long)SK_M48);
    const __m512i c256 = _mm512_set1_epi64((long long)SK_C256);
    __m512i c = _mm512_setzero_si512();
    #pragma GCC unroll 10
    for (int k = 0; k < 5; k++) {
        __m512i x = _mm512_add_epi64(r->v[k], c);
        r->v[k] = _mm512_and_si512(x, m52);
        c = _mm512_srli_epi64(x, 52);
    }
    __m512i top = _mm512_add_epi64(_mm512_slli_epi64(c, 4), _mm512_srli_epi64(r->v[4], 48));
    r->v[4] = _mm512_and_si512(r->v[4], m48);
    r->v[0] = _mm512_madd52lo_epu64(r->v[0], top, c256); /* top < 2^8: product < 2^41 */
    c = _mm512_setzero_si512();
    #pragma GCC unroll 10
    for (int k = 0; k < 5; k++) {
        __m512i x = _mm512_add_epi64(r->v[k], c);
        r->v[k] = k < 4 ? _mm512_and_si512(x, m52) : x;
        c = _mm512_srli_epi64(x, 52);
    }
}

/* r = a + m p - b limb by limb, then to the fe8 form; a and b in the fe8
 * form (or a with limbs below 2^53), m = 2 or 4: every limb of m p exceeds
 * the matching limb of b, so no limb goes negative. */
FE8_TARGET static inline void fe8_sub_mp(fe8 *r, const fe8 *a, const fe8 *b, int m) {
    const __m512i p0 = _mm512_set1_epi64((long long)(SK_P0 * (uint64_t)m));
    const __m512i p1 = _mm512_set1_epi64((long long)(SK_P1 * (uint64_t)m));
    const __m512i p4 = _mm512_set1_epi64((long long)(SK_P4 * (uint64_t)m));
    #pragma GCC unroll 10
    for (int k = 0; k < 5; k++) {
        __m512i pk = k == 0 ? p0 : k == 4 ? p4 : p1;
        r->v[k] = _mm512_sub_epi64(_mm512_add_epi64(a->v[k], pk), b->v[k]);
    }
    fe8_carry(r);
}

#endif
