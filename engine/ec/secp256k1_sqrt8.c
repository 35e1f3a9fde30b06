/* Eight square roots mod p at once with AVX-512 IFMA (52-bit multiply-add
 * on eight 64-bit lanes), for the batch lift of many x coordinates. The
 * 5x52 limbs of secp256k1_fe52_impl.h map onto the 52-bit multiplier: lane
 * j of vector i holds limb i of element j. Chosen at run time; without the
 * instructions (or off x86-64) sl_secp256k1_fe52_sqrt8_supported() is 0.
 *
 * Between operations every limb is below 2^52 (IFMA reads only the low 52
 * bits of its factors) and limb 4 below 2^48 + 1. A product is formed as
 * ten 52-bit columns t[k] (the low 52 bits of a_i b_j into column i + j,
 * the high 52 into i + j + 1), then reduced with 2^260 == R = 0x1000003D10
 * (mod p) as in the scalar code: columns 5..9 are carried to 52-bit limbs
 * h5..h9 (h10 the overflow), each h times R is added back 260 bits lower,
 * what lands at 2^260 again is folded once more, and a final carry with the
 * bits above 2^256 folded by 2^256 == 0x1000003D1 restores the limb bounds.
 * The addition chain for a^((p+1)/4) is that of sl_secp256k1_fe52_sqrt.
 * The small loops are unrolled explicitly (pragma): left as loops at -O2,
 * the vectors would live in memory. */
#include "ec/secp256k1_fe52_impl.h"

#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))

#include <immintrin.h>

#define SQ8_TARGET __attribute__((target("avx512f,avx512ifma")))

typedef struct {
    __m512i v[5];
} fe8;

/* The run-time library fills the CPU model in a constructor, so no
 * __builtin_cpu_init call (and no write shared between threads) here. */
int sl_secp256k1_fe52_sqrt8_supported(void) {
    return __builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512ifma");
}

/* t[0..9] (each < 2^58) -> r, limbs as stated above. */
SQ8_TARGET static inline void fe8_reduce(fe8 *r, __m512i t[10]) {
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

SQ8_TARGET static inline void fe8_mul(fe8 *r, const fe8 *a, const fe8 *b) {
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

SQ8_TARGET static inline void fe8_sqr(fe8 *r, const fe8 *a) {
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

SQ8_TARGET static void fe8_sqr_n(fe8 *r, int n) {
    fe8 t = *r;
#pragma GCC unroll 2
    for (int i = 0; i < n; i++) fe8_sqr(&t, &t);
    *r = t;
}

SQ8_TARGET void sl_secp256k1_fe52_sqrt8(sk_fe52 r[8], int ok[8], const sk_fe52 a[8]) {
    sk_fe52 in[8];
    for (int j = 0; j < 8; j++) {
        in[j] = a[j];
        sk_fe52_normalize_weak(&in[j]); /* limbs < 2^52, limb 4 < 2^48 + 1 */
    }
    fe8 x, x2, x3, x6, x9, x11, x22, x44, x88, x176, x220, x223, t;
    for (int i = 0; i < 5; i++)
        x.v[i] = _mm512_set_epi64((long long)in[7].n[i], (long long)in[6].n[i],
                                  (long long)in[5].n[i], (long long)in[4].n[i],
                                  (long long)in[3].n[i], (long long)in[2].n[i],
                                  (long long)in[1].n[i], (long long)in[0].n[i]);
    fe8_sqr(&x2, &x);
    fe8_mul(&x2, &x2, &x);
    fe8_sqr(&x3, &x2);
    fe8_mul(&x3, &x3, &x);
    t = x3;
    fe8_sqr_n(&t, 3);
    fe8_mul(&x6, &t, &x3);
    t = x6;
    fe8_sqr_n(&t, 3);
    fe8_mul(&x9, &t, &x3);
    t = x9;
    fe8_sqr_n(&t, 2);
    fe8_mul(&x11, &t, &x2);
    t = x11;
    fe8_sqr_n(&t, 11);
    fe8_mul(&x22, &t, &x11);
    t = x22;
    fe8_sqr_n(&t, 22);
    fe8_mul(&x44, &t, &x22);
    t = x44;
    fe8_sqr_n(&t, 44);
    fe8_mul(&x88, &t, &x44);
    t = x88;
    fe8_sqr_n(&t, 88);
    fe8_mul(&x176, &t, &x88);
    t = x176;
    fe8_sqr_n(&t, 44);
    fe8_mul(&x220, &t, &x44);
    t = x220;
    fe8_sqr_n(&t, 3);
    fe8_mul(&x223, &t, &x3);
    t = x223;
    fe8_sqr_n(&t, 23);
    fe8_mul(&t, &t, &x22);
    fe8_sqr_n(&t, 6);
    fe8_mul(&t, &t, &x2);
    fe8_sqr_n(&t, 2);
    uint64_t limb[5][8];
    for (int i = 0; i < 5; i++) _mm512_storeu_si512((void *)limb[i], t.v[i]);
    for (int j = 0; j < 8; j++) {
        for (int i = 0; i < 5; i++) r[j].n[i] = limb[i][j];
        sk_fe52 check;
        sk_fe52_sqr(&check, &r[j]);
        ok[j] = sk_fe52_equal_var(&check, &a[j]);
    }
}

#else

int sl_secp256k1_fe52_sqrt8_supported(void) {
    return 0;
}

void sl_secp256k1_fe52_sqrt8(sk_fe52 r[8], int ok[8], const sk_fe52 a[8]) {
    for (int j = 0; j < 8; j++) ok[j] = sl_secp256k1_fe52_sqrt(&r[j], &a[j]);
}

#endif
