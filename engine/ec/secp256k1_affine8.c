/* Affine additions in batches on eight IFMA lanes (secp256k1_affine8.h).
 * For a pair A + B (x(A) != x(B)), as in the scalar aff_flush of
 * secp256k1_group.c:
 *   lambda = (y(B) - y(A)) / (x(B) - x(A)),
 *   X = lambda^2 - x(A) - x(B),  Y = lambda (x(A) - X) - y(A).
 * Group g holds pairs 8g .. 8g + 7 (the last group padded with copies of
 * its first pair, computed and not stored); the lanes' running products
 * pre[g] = den[0] ... den[g] (lane by lane) are inverted together with one
 * scalar inversion and seven times three multiplications, then for g from
 * the last down: 1/den[g] = inv pre[g-1], inv = inv den[g]. The points are
 * gathered from the caller's array by index (_mm512_i64gather_epi64) and
 * the sums scattered to theirs. */
#include "ec/secp256k1_affine8.h"

#ifdef SL_SECP256K1_AFFINE8

#include <string.h>

#include "ec/secp256k1_fe8_ifma.h"
#include "ec/secp256k1_modinv.h"

int sl_secp256k1_affine8_supported(void) {
    return __builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512ifma");
}

size_t sl_secp256k1_aff_add8_scratch(size_t nq) {
    return 2 * ((nq + 7) / 8) * sizeof(fe8) + 64;
}

/* The eight pairs of group g: their indices a (times the 10 words of a
 * point) into the caller's arrays; lanes past nq repeat pair 8g. */
FE8_TARGET static inline __m512i group_index(const uint32_t *a, size_t g, size_t nq) {
    __m512i x;
    if (8 * g + 8 <= nq) {
        x = _mm512_cvtepu32_epi64(_mm256_loadu_si256((const __m256i *)(a + 8 * g)));
    } else {
        uint32_t t[8];
        for (size_t l = 0; l < 8; l++) t[l] = a[8 * g + (8 * g + l < nq ? l : 0)];
        x = _mm512_cvtepu32_epi64(_mm256_loadu_si256((const __m256i *)t));
    }
    return _mm512_add_epi64(_mm512_slli_epi64(x, 3), _mm512_slli_epi64(x, 1)); /* 10 a */
}

/* Coordinate words off (0: x, 5: y) of the points at idx (+ 10: the next). */
FE8_TARGET static inline void gather(fe8 *r, const long long *base, __m512i idx, int off) {
    #pragma GCC unroll 5
    for (int i = 0; i < 5; i++)
        r->v[i] = _mm512_i64gather_epi64(_mm512_add_epi64(idx, _mm512_set1_epi64(off + i)), base,
                                         8);
}

FE8_TARGET static inline void lanes_get(sk_fe52 out[8], const fe8 *a) {
    uint64_t limb[5][8];
    for (int i = 0; i < 5; i++) _mm512_storeu_si512((void *)limb[i], a->v[i]);
    for (int j = 0; j < 8; j++)
        for (int i = 0; i < 5; i++) out[j].n[i] = limb[i][j];
}

FE8_TARGET static inline void lanes_set(fe8 *r, const sk_fe52 in[8]) {
    for (int i = 0; i < 5; i++)
        r->v[i] = _mm512_set_epi64((long long)in[7].n[i], (long long)in[6].n[i],
                                   (long long)in[5].n[i], (long long)in[4].n[i],
                                   (long long)in[3].n[i], (long long)in[2].n[i],
                                   (long long)in[1].n[i], (long long)in[0].n[i]);
}

/* The eight lanes' inverses (each lane nonzero), with one inversion. */
FE8_TARGET static void lanes_inv(fe8 *r, const fe8 *a) {
    sk_fe52 v[8], c[8], inv[8], t;
    lanes_get(v, a);
    c[0] = v[0];
    for (int j = 1; j < 8; j++) sk_fe52_mul(&c[j], &c[j - 1], &v[j]);
    sl_secp256k1_fe t4;
    sk_fe52_to4(&t4, &c[7]);
    sl_secp256k1_fe_inv_var(&t4, &t4);
    sk_fe52_from4(&t, &t4);
    for (int j = 7; j > 0; j--) {
        sk_fe52_mul(&inv[j], &t, &c[j - 1]);
        sk_fe52_mul(&t, &t, &v[j]);
    }
    inv[0] = t;
    for (int j = 0; j < 8; j++) sk_fe52_normalize_weak(&inv[j]);
    lanes_set(r, inv);
}

FE8_TARGET void sl_secp256k1_aff_add8(sl_secp256k1_aff52 *out, const sl_secp256k1_aff52 *in,
                                      const uint32_t *a, const uint32_t *dst, size_t nq,
                                      void *scratch) {
    const size_t ng = (nq + 7) / 8;
    fe8 *pre = (fe8 *)(((uintptr_t)scratch + 63) & ~(uintptr_t)63), *den = pre + ng;
    const long long *base = (const long long *)in;
    fe8 ax, ay, bx, by, t, inv, dinv, l, x3, y3;
    for (size_t g = 0; g < ng; g++) {
        __m512i idx = group_index(a, g, nq);
        gather(&ax, base, idx, 0);
        gather(&bx, base, idx, 10);
        fe8_sub_mp(&den[g], &bx, &ax, 2);
        if (g)
            fe8_mul(&pre[g], &pre[g - 1], &den[g]);
        else
            pre[0] = den[0];
    }
    lanes_inv(&inv, &pre[ng - 1]);
    long long *obase = (long long *)out;
    for (size_t g = ng; g-- > 0;) {
        if (g) {
            fe8_mul(&dinv, &inv, &pre[g - 1]);
            fe8_mul(&inv, &inv, &den[g]);
        } else {
            dinv = inv;
        }
        __m512i idx = group_index(a, g, nq);
        gather(&ax, base, idx, 0);
        gather(&ay, base, idx, 5);
        gather(&bx, base, idx, 10);
        gather(&by, base, idx, 15);
        fe8_sub_mp(&t, &by, &ay, 2);
        fe8_mul(&l, &t, &dinv);
        fe8_sqr(&x3, &l);
        fe8_sub_mp(&x3, &x3, &ax, 2);
        fe8_sub_mp(&x3, &x3, &bx, 2);
        fe8_sub_mp(&t, &ax, &x3, 2);
        fe8_mul(&y3, &l, &t);
        fe8_sub_mp(&y3, &y3, &ay, 2);
        size_t live = nq - 8 * g < 8 ? nq - 8 * g : 8;
        __mmask8 m = (__mmask8)((1u << live) - 1);
        __m512i didx = group_index(dst, g, nq);
        #pragma GCC unroll 5
        for (int i = 0; i < 5; i++) {
            _mm512_mask_i64scatter_epi64(obase, m, _mm512_add_epi64(didx, _mm512_set1_epi64(i)),
                                         x3.v[i], 8);
            _mm512_mask_i64scatter_epi64(obase, m,
                                         _mm512_add_epi64(didx, _mm512_set1_epi64(5 + i)),
                                         y3.v[i], 8);
        }
    }
}

#endif
