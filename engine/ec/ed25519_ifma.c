/* sl_ed25519_fe_mul4_ifma (ed25519_ifma.h): lane j of vector i holds limb i
 * (weight 2^(51 i)) of element j. A product a_i b_j (< 2^104 for limbs
 * below 2^52) is split by IFMA into its low 52 bits, which go to column
 * i + j, and its high 52 bits, worth 2^52 = 2 * 2^51, which go doubled to
 * column i + j + 1. Columns 5..9 are folded with 2^255 == 19 (mod p) as in
 * ref10's fe_mul, then one parallel carry round gives tight limbs
 * (fe4_reduce). Bounds, for tight factors: a column is below 5 * 2^52 +
 * 2 * 5 * 2^52 < 2^56, a folded one below 2^56 + 19 * 2^56 < 2^61. The
 * pattern (target attribute, run-time check, unrolled loops so the vectors
 * stay in registers) follows secp256k1_sqrt8.c, the other IFMA code of the
 * engine. Squarings (fe4_sqr) take the 10 cross products once, doubled. */
#include "ec/ed25519_ifma.h"

#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))

#include <immintrin.h>

#define IFMA_TARGET __attribute__((target("avx512f,avx512vl,avx512ifma")))

/* The run-time library fills the CPU model in a constructor, so no
 * __builtin_cpu_init call (and no write shared between threads) here. */
int sl_ed25519_ifma_supported(void) {
    return __builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512vl") &&
           __builtin_cpu_supports("avx512ifma");
}

/* Columns to tight limbs: c[k] = lo[k] + 2 hi[k] (k < 10), folded with
 * 2^255 == 19 (19 = 16 + 2 + 1) into five columns below 2^61, then ONE
 * carry round with all five carries taken at once (each below 2^10, so
 * every limb ends below 2^51 + 19 * 2^10 < 2^52). A single parallel round
 * keeps the latency short: the chains of a doubling are sequential. */
IFMA_TARGET static inline void fe4_reduce(__m256i r[5], const __m256i lo[10],
                                          const __m256i hi[10]) {
    const __m256i m51 = _mm256_set1_epi64x((long long)((UINT64_C(1) << 51) - 1));
    __m256i c[5], cy[5];
    #pragma GCC unroll 5
    for (int k = 0; k < 5; k++) {
        __m256i low = _mm256_add_epi64(lo[k], _mm256_slli_epi64(hi[k], 1));
        __m256i high = _mm256_add_epi64(lo[k + 5], _mm256_slli_epi64(hi[k + 5], 1));
        __m256i h19 = _mm256_add_epi64(_mm256_add_epi64(_mm256_slli_epi64(high, 4),
                                                        _mm256_slli_epi64(high, 1)), high);
        c[k] = _mm256_add_epi64(low, h19);
        cy[k] = _mm256_srli_epi64(c[k], 51);
        c[k] = _mm256_and_si256(c[k], m51);
    }
    __m256i c19 = _mm256_add_epi64(_mm256_add_epi64(_mm256_slli_epi64(cy[4], 4),
                                                    _mm256_slli_epi64(cy[4], 1)), cy[4]);
    r[0] = _mm256_add_epi64(c[0], c19);
    #pragma GCC unroll 4
    for (int k = 1; k < 5; k++) r[k] = _mm256_add_epi64(c[k], cy[k - 1]);
}

/* r = a * b lane by lane, in registers. Each column is summed in two
 * accumulators (even and odd i) to halve the chains of dependent
 * multiply-adds. */
IFMA_TARGET static inline void fe4_mul(__m256i r[5], const __m256i va[5], const __m256i vb[5]) {
    const __m256i zero = _mm256_setzero_si256();
    __m256i lo[2][10], hi[2][10];
    #pragma GCC unroll 10
    for (int k = 0; k < 10; k++) {
        lo[0][k] = lo[1][k] = zero;
        hi[0][k] = hi[1][k] = zero;
    }
    #pragma GCC unroll 5
    for (int i = 0; i < 5; i++) {
        #pragma GCC unroll 5
        for (int j = 0; j < 5; j++) {
            lo[i & 1][i + j] = _mm256_madd52lo_epu64(lo[i & 1][i + j], va[i], vb[j]);
            hi[i & 1][i + j + 1] = _mm256_madd52hi_epu64(hi[i & 1][i + j + 1], va[i], vb[j]);
        }
    }
    #pragma GCC unroll 10
    for (int k = 0; k < 10; k++) {
        lo[0][k] = _mm256_add_epi64(lo[0][k], lo[1][k]);
        hi[0][k] = _mm256_add_epi64(hi[0][k], hi[1][k]);
    }
    fe4_reduce(r, lo[0], hi[0]);
}

/* r = a^2 lane by lane: the 5 squares and the 10 cross products, the
 * latter summed apart and doubled (a shift) before joining the columns. */
IFMA_TARGET static inline void fe4_sqr(__m256i r[5], const __m256i va[5]) {
    const __m256i zero = _mm256_setzero_si256();
    __m256i lo[10], hi[10], xlo[10], xhi[10];
    #pragma GCC unroll 10
    for (int k = 0; k < 10; k++) lo[k] = hi[k] = xlo[k] = xhi[k] = zero;
    #pragma GCC unroll 5
    for (int i = 0; i < 5; i++) {
        lo[2 * i] = _mm256_madd52lo_epu64(lo[2 * i], va[i], va[i]);
        hi[2 * i + 1] = _mm256_madd52hi_epu64(hi[2 * i + 1], va[i], va[i]);
        #pragma GCC unroll 4
        for (int j = i + 1; j < 5; j++) {
            xlo[i + j] = _mm256_madd52lo_epu64(xlo[i + j], va[i], va[j]);
            xhi[i + j + 1] = _mm256_madd52hi_epu64(xhi[i + j + 1], va[i], va[j]);
        }
    }
    #pragma GCC unroll 10
    for (int k = 0; k < 10; k++) {
        lo[k] = _mm256_add_epi64(lo[k], _mm256_slli_epi64(xlo[k], 1));
        hi[k] = _mm256_add_epi64(hi[k], _mm256_slli_epi64(xhi[k], 1));
    }
    fe4_reduce(r, lo, hi);
}

/* 4x4 transpose of 64-bit lanes (its own inverse). */
IFMA_TARGET static inline void transpose4(__m256i v[4]) {
    __m256i t0 = _mm256_unpacklo_epi64(v[0], v[1]), t1 = _mm256_unpackhi_epi64(v[0], v[1]);
    __m256i t2 = _mm256_unpacklo_epi64(v[2], v[3]), t3 = _mm256_unpackhi_epi64(v[2], v[3]);
    v[0] = _mm256_permute2x128_si256(t0, t2, 0x20);
    v[1] = _mm256_permute2x128_si256(t1, t3, 0x20);
    v[2] = _mm256_permute2x128_si256(t0, t2, 0x31);
    v[3] = _mm256_permute2x128_si256(t1, t3, 0x31);
}

/* Four elements to limb vectors: limbs 0..3 by a transpose, limb 4 apart. */
IFMA_TARGET static inline void fe4_load(__m256i v[5], const sl_ed25519_fe *const a[4]) {
    #pragma GCC unroll 4
    for (int j = 0; j < 4; j++) v[j] = _mm256_loadu_si256((const __m256i *)a[j]->v);
    transpose4(v);
    v[4] = _mm256_set_epi64x((long long)a[3]->v[4], (long long)a[2]->v[4],
                             (long long)a[1]->v[4], (long long)a[0]->v[4]);
}

IFMA_TARGET static inline void fe4_store(sl_ed25519_fe *const r[4], const __m256i v[5]) {
    __m256i t[4] = {v[0], v[1], v[2], v[3]};
    uint64_t top[4];
    transpose4(t);
    _mm256_storeu_si256((__m256i *)top, v[4]);
    #pragma GCC unroll 4
    for (int j = 0; j < 4; j++) {
        _mm256_storeu_si256((__m256i *)r[j]->v, t[j]);
        r[j]->v[4] = top[j];
    }
}

IFMA_TARGET void sl_ed25519_fe_mul4_ifma(const sl_ed25519_mul4 *m) {
    __m256i va[5], vb[5], vr[5];
    fe4_load(va, m->a);
    if (m->a[0] == m->b[0] && m->a[1] == m->b[1] && m->a[2] == m->b[2] && m->a[3] == m->b[3]) {
        fe4_sqr(vr, va); /* four squarings (a point doubling) */
    } else {
        fe4_load(vb, m->b);
        fe4_mul(vr, va, vb);
    }
    fe4_store(m->r, vr);
}

/* t = t^(2^n), n >= 1 */
IFMA_TARGET static void fe4_sqr_n(__m256i t[5], int n) {
    for (int i = 0; i < n; i++) fe4_sqr(t, t);
}

IFMA_TARGET void sl_ed25519_fe_pow22523_4_ifma(sl_ed25519_fe *const r[4],
                                               const sl_ed25519_fe *const a[4]) {
    /* the chain of ed25519_field.c (ref10's fe_pow22523), four lanes */
    __m256i x[5], z2[5], z9[5], z11[5], t[5], z5[5], z10[5], z20[5], z50[5], z100[5];
    fe4_load(x, a);
    fe4_sqr(z2, x);                                     /* 2 */
    fe4_sqr(t, z2);
    fe4_sqr(t, t);                                      /* 8 */
    fe4_mul(z9, t, x);                                  /* 9 */
    fe4_mul(z11, z9, z2);                               /* 11 */
    fe4_sqr(t, z11);                                    /* 22 */
    fe4_mul(z5, t, z9);                                 /* 2^5 - 1 */
    fe4_sqr(t, z5);
    fe4_sqr_n(t, 4);
    fe4_mul(z10, t, z5);                                /* 2^10 - 1 */
    fe4_sqr(t, z10);
    fe4_sqr_n(t, 9);
    fe4_mul(z20, t, z10);                               /* 2^20 - 1 */
    fe4_sqr(t, z20);
    fe4_sqr_n(t, 19);
    fe4_mul(t, t, z20);                                 /* 2^40 - 1 */
    fe4_sqr_n(t, 10);
    fe4_mul(z50, t, z10);                               /* 2^50 - 1 */
    fe4_sqr(t, z50);
    fe4_sqr_n(t, 49);
    fe4_mul(z100, t, z50);                              /* 2^100 - 1 */
    fe4_sqr(t, z100);
    fe4_sqr_n(t, 99);
    fe4_mul(t, t, z100);                                /* 2^200 - 1 */
    fe4_sqr_n(t, 50);
    fe4_mul(t, t, z50);                                 /* 2^250 - 1 */
    fe4_sqr_n(t, 2);                                    /* 2^252 - 4 */
    fe4_mul(t, t, x);                                   /* 2^252 - 3 */
    fe4_store(r, t);
}

#else

int sl_ed25519_ifma_supported(void) { return 0; }

void sl_ed25519_fe_mul4_ifma(const sl_ed25519_mul4 *m) { (void)m; }

void sl_ed25519_fe_pow22523_4_ifma(sl_ed25519_fe *const r[4], const sl_ed25519_fe *const a[4]) {
    (void)r;
    (void)a;
}

#endif
