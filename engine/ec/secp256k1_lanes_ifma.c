/* sl_secp256k1_ecmult_point_lanes_var (secp256k1_lanes.h): the lane field,
 * the point formulas and the four-chain Strauss loop with AVX-512 IFMA on
 * 256-bit vectors (lane j of vector i = limb i of the element of lane j).
 * The pattern (target attribute, run-time check, small loops unrolled by
 * pragma so the vectors stay in registers, field operations forced inline
 * except under AddressSanitizer) is that of sm2_lanes_ifma.c,
 * ed25519_ifma.c and secp256k1_sqrt8.c.
 *
 * Lane field: radix 2^52, five limbs, plain (not Montgomery) form, reduced
 * with 2^260 == R = 0x1000003D10 and 2^256 == C = 0x1000003D1 (mod p), the
 * constants of secp256k1_fe52_impl.h (bitcoin-core/secp256k1
 * src/field_5x52_int128_impl.h). Every element between operations is
 * "loose": limbs 0..3 below 2^52 (IFMA reads only 52 bits of a factor),
 * limb 4 below 2^49 (value below 2^257, so 0 mod p means 0, p or 2p).
 * Bounds:
 *  - fe4_mul_x / fe4_sqr_x: each of the ten product columns t_k is at most
 *    five low and five high 52-bit halves, below 2^56; times a small factor
 *    (<= 3) below 2^58; an added offset (below 2^57, columns 0..4) keeps
 *    them below 2^59. t_9 = hi(a_4 b_4) (times 3) < 2^48 since the limbs 4
 *    are below 2^49. Columns 5..8 split into l_k = t_k mod 2^52 and
 *    h_k = t_k >> 52 (< 2^7); t_k 2^(52k) == (l_k + h_k 2^52) R 2^(52(k-5)):
 *    lo(l_k R) into column k - 5, hi(l_k R) and h_k R (< 2^44) into column
 *    k - 4. Column 9 (l_9 = t_9): lo(l_9 R) into column 4 and
 *    v5 = hi(l_9 R) < 2^33 is worth 2^260 = 16 2^256. The low columns are
 *    then below 2^60. The bits of column 4 from 48 up (worth 2^256) plus
 *    16 v5 give tx < 2^38, folded as tx C (< 2^71) into columns 0 and 1
 *    (its low and high 52 bits), then one carry pass 0 -> 4: limbs 0..3
 *    below 2^52, limb 4 below 2^48 + 2^9.
 *  - fe4_norm (sums, differences, small multiples): non-negative limbs
 *    below 2^62; the bits of limb 4 from 48 up (below 2^14) times C into
 *    limb 0, one carry pass: limb 4 below 2^48 + 2^10.
 *  - differences add 32 p (32 times each limb of p): limbs 0..3 of 32 p are
 *    above 2^56, limb 4 above 2^52, so 32 p - b has non-negative limbs for
 *    b up to 8 times a loose element (or a sum of up to 8). */
#include "ec/secp256k1_lanes.h"

#include "ec/ifma_target.h"
#include "ec/secp256k1_fe52_impl.h"

#ifdef SL_IFMA_BUILD

#include <immintrin.h>

#define L4 SL_IFMA_TARGET
#define L4I SL_IFMA_INLINE

int sl_secp256k1_lanes_supported(void) {
    return sl_ifma_cpu_supported();
}

#define SET1(x) _mm256_set1_epi64x((long long)(x))

typedef struct {
    __m256i v[5];
} fe4;

/* 32 p, limb by limb. */
static const uint64_t P32[5] = {SK_P0 * 32, SK_P1 * 32, SK_P1 * 32, SK_P1 * 32, SK_P4 * 32};

/* Ten columns t (file comment) plus an optional offset on columns 0..4 ->
 * loose r. */
L4I static inline void fe4_reduce(fe4 *r, __m256i t[10], const __m256i *off) {
    const __m256i m52 = SET1(SK_M52), m48 = SET1(SK_M48), rr = SET1(SK_C260),
                  c256 = SET1(SK_C256);
    __m256i l[5], c[5];
    __m256i h[4];
    #pragma GCC unroll 4
    for (int k = 0; k < 4; k++) {
        l[k] = _mm256_and_si256(t[5 + k], m52);
        h[k] = _mm256_srli_epi64(t[5 + k], 52);
    }
    l[4] = t[9];
    if (off) {
        #pragma GCC unroll 5
        for (int k = 0; k < 5; k++) t[k] = _mm256_add_epi64(t[k], off[k]);
    }
    c[0] = _mm256_madd52lo_epu64(t[0], l[0], rr);
    #pragma GCC unroll 4
    for (int k = 1; k < 5; k++) {
        __m256i f = _mm256_madd52hi_epu64(_mm256_madd52lo_epu64(t[k], l[k], rr), l[k - 1], rr);
        c[k] = _mm256_madd52lo_epu64(f, h[k - 1], rr);
    }
    __m256i v5 = _mm256_madd52hi_epu64(_mm256_setzero_si256(), l[4], rr);
    __m256i tx = _mm256_add_epi64(_mm256_srli_epi64(c[4], 48), _mm256_slli_epi64(v5, 4));
    c[4] = _mm256_and_si256(c[4], m48);
    c[0] = _mm256_madd52lo_epu64(c[0], tx, c256);
    c[1] = _mm256_madd52hi_epu64(c[1], tx, c256);
    #pragma GCC unroll 4
    for (int k = 0; k < 4; k++) {
        c[k + 1] = _mm256_add_epi64(c[k + 1], _mm256_srli_epi64(c[k], 52));
        r->v[k] = _mm256_and_si256(c[k], m52);
    }
    r->v[4] = c[4];
}

/* Columns times sc (1, 2 or 3). */
L4I static inline void fe4_scale(__m256i t[10], int sc) {
    if (sc == 2) {
        #pragma GCC unroll 10
        for (int k = 0; k < 10; k++) t[k] = _mm256_slli_epi64(t[k], 1);
    } else if (sc == 3) {
        #pragma GCC unroll 10
        for (int k = 0; k < 10; k++) t[k] = _mm256_add_epi64(t[k], _mm256_slli_epi64(t[k], 1));
    }
}

/* r = sc a b + off (mod p). The low and high halves of the products go to
 * separate column sets (shorter dependency chains), summed once. */
L4I static inline void fe4_mul_x(fe4 *r, const fe4 *a, const fe4 *b, int sc, const __m256i *off) {
    __m256i lo[9], hi[10], t[10];
    const __m256i z = _mm256_setzero_si256();
    #pragma GCC unroll 9
    for (int k = 0; k < 9; k++) lo[k] = z;
    #pragma GCC unroll 10
    for (int k = 0; k < 10; k++) hi[k] = z;
    #pragma GCC unroll 5
    for (int i = 0; i < 5; i++) {
        #pragma GCC unroll 5
        for (int j = 0; j < 5; j++) {
            lo[i + j] = _mm256_madd52lo_epu64(lo[i + j], a->v[i], b->v[j]);
            hi[i + j + 1] = _mm256_madd52hi_epu64(hi[i + j + 1], a->v[i], b->v[j]);
        }
    }
    t[0] = lo[0];
    #pragma GCC unroll 8
    for (int k = 1; k < 9; k++) t[k] = _mm256_add_epi64(lo[k], hi[k]);
    t[9] = hi[9];
    fe4_scale(t, sc);
    fe4_reduce(r, t, off);
}

/* r = sc a^2 + off: the ten cross products once, doubled by a shift, plus
 * the five squares. */
L4I static inline void fe4_sqr_x(fe4 *r, const fe4 *a, int sc, const __m256i *off) {
    __m256i lo[9], hi[10], t[10];
    const __m256i z = _mm256_setzero_si256();
    #pragma GCC unroll 9
    for (int k = 0; k < 9; k++) lo[k] = z;
    #pragma GCC unroll 10
    for (int k = 0; k < 10; k++) hi[k] = z;
    #pragma GCC unroll 5
    for (int i = 0; i < 5; i++) {
        #pragma GCC unroll 5
        for (int j = i + 1; j < 5; j++) {
            lo[i + j] = _mm256_madd52lo_epu64(lo[i + j], a->v[i], a->v[j]);
            hi[i + j + 1] = _mm256_madd52hi_epu64(hi[i + j + 1], a->v[i], a->v[j]);
        }
    }
    t[0] = z;
    #pragma GCC unroll 8
    for (int k = 1; k < 9; k++) t[k] = _mm256_slli_epi64(_mm256_add_epi64(lo[k], hi[k]), 1);
    t[9] = _mm256_slli_epi64(hi[9], 1);
    #pragma GCC unroll 5
    for (int i = 0; i < 5; i++) {
        t[2 * i] = _mm256_madd52lo_epu64(t[2 * i], a->v[i], a->v[i]);
        t[2 * i + 1] = _mm256_madd52hi_epu64(t[2 * i + 1], a->v[i], a->v[i]);
    }
    fe4_scale(t, sc);
    fe4_reduce(r, t, off);
}

/* Non-negative limbs below 2^62 -> loose r (file comment). */
L4I static inline void fe4_norm(fe4 *r, __m256i s[5]) {
    const __m256i m52 = SET1(SK_M52), m48 = SET1(SK_M48);
    __m256i top = _mm256_srli_epi64(s[4], 48);
    s[4] = _mm256_and_si256(s[4], m48);
    s[0] = _mm256_madd52lo_epu64(s[0], top, SET1(SK_C256));
    #pragma GCC unroll 4
    for (int k = 0; k < 4; k++) {
        s[k + 1] = _mm256_add_epi64(s[k + 1], _mm256_srli_epi64(s[k], 52));
        r->v[k] = _mm256_and_si256(s[k], m52);
    }
    r->v[4] = s[4];
}

/* r = ka a + 32 p - kb b, ka in {1, 12}, kb in {1, 8}. */
L4I static inline void fe4_lin(fe4 *r, const fe4 *a, int ka, const fe4 *b, int kb) {
    __m256i s[5];
    #pragma GCC unroll 5
    for (int k = 0; k < 5; k++) {
        __m256i x = a->v[k], y = b->v[k];
        if (ka == 12) x = _mm256_add_epi64(_mm256_slli_epi64(x, 3), _mm256_slli_epi64(x, 2));
        if (kb == 8) y = _mm256_slli_epi64(y, 3);
        s[k] = _mm256_sub_epi64(_mm256_add_epi64(x, SET1(P32[k])), y);
    }
    fe4_norm(r, s);
}

/* ---- points in the lanes ------------------------------------------------ */

typedef struct {
    fe4 x, y, z;
} gej4;

/* r = 2a on y^2 = x^3 + b (a = 0, any b), the Jacobian doubling of
 * bitcoin-core/secp256k1 src/group_impl.h (secp256k1_gej_double, with
 * L = 3 X^2 instead of 3/2 X^2; the EFD's dbl-2009-l in other grouping):
 * L = 3 X^2, S = Y^2, T = X S, X3 = L^2 - 8T, Y3 = L (4T - X3) - 8 S^2
 * = L (12T - L^2) - 8 S^2, Z3 = 2 Y Z. r may be a. */
L4I static inline void gej4_dbl(gej4 *r, const gej4 *a) {
    fe4 l, s, t, s2, l2, x3, u, z3;
    __m256i off[5];
    fe4_sqr_x(&l, &a->x, 3, 0);
    fe4_sqr_x(&s, &a->y, 1, 0);
    fe4_mul_x(&z3, &a->y, &a->z, 2, 0);
    fe4_mul_x(&t, &a->x, &s, 1, 0);
    fe4_sqr_x(&s2, &s, 1, 0);
    fe4_sqr_x(&l2, &l, 1, 0);
    fe4_lin(&x3, &l2, 1, &t, 8);
    fe4_lin(&u, &t, 12, &l2, 1);
    #pragma GCC unroll 5
    for (int k = 0; k < 5; k++)
        off[k] = _mm256_sub_epi64(SET1(P32[k]), _mm256_slli_epi64(s2.v[k], 3));
    fe4_mul_x(&r->y, &l, &u, 1, off);
    r->x = x3;
    r->z = z3;
}

/* The part both additions below share, from H = U2 - U1 and R = S2 - S1:
 * Z3 = zz H, X3 = R^2 - H^3 - 2 U1 H^2, Y3 = R (U1 H^2 - X3) - S1 H^3
 * (zz = Z1 for the mixed addition, Z1 Z2 for the full one). S1 H^3 runs
 * beside X3 and W and is ready for the last product's reduction. r is
 * written only at the end, so it may be the point u1, s1 and zz belong to. */
L4I static inline void gej4_add_tail(gej4 *r, const fe4 *u1, const fe4 *s1, const fe4 *zz,
                                     const fe4 *h, const fe4 *rr) {
    fe4 z3, h2, r2, h3, v, s1h3, x3, w, y3;
    __m256i off[5], s[5];
    fe4_mul_x(&z3, zz, h, 1, 0);
    fe4_sqr_x(&h2, h, 1, 0);
    fe4_sqr_x(&r2, rr, 1, 0);
    fe4_mul_x(&h3, &h2, h, 1, 0);
    fe4_mul_x(&v, u1, &h2, 1, 0);
    fe4_mul_x(&s1h3, s1, &h3, 1, 0);
    #pragma GCC unroll 5
    for (int k = 0; k < 5; k++)
        s[k] = _mm256_sub_epi64(_mm256_add_epi64(r2.v[k], SET1(P32[k])),
                                _mm256_add_epi64(h3.v[k], _mm256_slli_epi64(v.v[k], 1)));
    fe4_norm(&x3, s);
    fe4_lin(&w, &v, 1, &x3, 1);
    #pragma GCC unroll 5
    for (int k = 0; k < 5; k++) off[k] = _mm256_sub_epi64(SET1(P32[k]), s1h3.v[k]);
    fe4_mul_x(&y3, rr, &w, 1, off);
    r->x = x3;
    r->y = y3;
    r->z = z3;
}

/* r = a + (x2, y2) with the second point affine on a's curve, the mixed
 * addition of bitcoin-core/secp256k1 src/group_impl.h
 * (secp256k1_gej_add_ge_var; the EFD's madd-2004-hmv): U2 = x2 Z1^2,
 * S2 = y2 Z1^3, H = U2 - X1, R = S2 - Y1, then gej4_add_tail with U1 = X1,
 * S1 = Y1, zz = Z1 (8M + 3S in all). No special cases: H = 0
 * (a == +-(x2, y2)) gives Z3 = 0, which stays 0 (the caller's check).
 * r may be a. */
L4I static inline void gej4_add_ge(gej4 *r, const gej4 *a, const fe4 *x2, const fe4 *y2) {
    fe4 z12, yz, u2, s2, h, rr;
    fe4_sqr_x(&z12, &a->z, 1, 0);
    fe4_mul_x(&yz, y2, &a->z, 1, 0);
    fe4_mul_x(&u2, x2, &z12, 1, 0);
    fe4_mul_x(&s2, &yz, &z12, 1, 0);
    fe4_lin(&h, &u2, 1, &a->x, 1);
    fe4_lin(&rr, &s2, 1, &a->y, 1);
    gej4_add_tail(r, &a->x, &a->y, &a->z, &h, &rr);
}

/* r = a + b, both Jacobian on the same curve: the addition of
 * bitcoin-core/secp256k1 src/group_impl.h (secp256k1_gej_add_var; the EFD's
 * add-1998-cmo-2): U1 = X1 Z2^2, U2 = X2 Z1^2, S1 = Y1 Z2^3, S2 = Y2 Z1^3,
 * H = U2 - U1, R = S2 - S1, then gej4_add_tail with zz = Z1 Z2. No special
 * cases (H = 0 gives Z3 = 0: the caller's check). */
L4I static inline void gej4_add(gej4 *r, const gej4 *a, const gej4 *b) {
    fe4 z22, z12, u1, u2, y1z2, y2z1, s1, s2, z1z2, h, rr;
    fe4_sqr_x(&z22, &b->z, 1, 0);
    fe4_sqr_x(&z12, &a->z, 1, 0);
    fe4_mul_x(&y1z2, &a->y, &b->z, 1, 0);
    fe4_mul_x(&y2z1, &b->y, &a->z, 1, 0);
    fe4_mul_x(&z1z2, &a->z, &b->z, 1, 0);
    fe4_mul_x(&u1, &a->x, &z22, 1, 0);
    fe4_mul_x(&u2, &b->x, &z12, 1, 0);
    fe4_mul_x(&s1, &y1z2, &z22, 1, 0);
    fe4_mul_x(&s2, &y2z1, &z12, 1, 0);
    fe4_lin(&h, &u2, 1, &u1, 1);
    fe4_lin(&rr, &s2, 1, &s1, 1);
    gej4_add_tail(r, &u1, &s1, &z1z2, &h, &rr);
}

/* Lanes permuted: r lane j = a lane sel(j) (imm as _mm256_permute4x64_epi64). */
#define GEJ4_PERMUTE(r, a, imm)                                                \
    do {                                                                       \
        for (int k_ = 0; k_ < 5; k_++) {                                       \
            (r)->x.v[k_] = _mm256_permute4x64_epi64((a)->x.v[k_], (imm));      \
            (r)->y.v[k_] = _mm256_permute4x64_epi64((a)->y.v[k_], (imm));      \
            (r)->z.v[k_] = _mm256_permute4x64_epi64((a)->z.v[k_], (imm));      \
        }                                                                      \
    } while (0)

/* a = m ? b : a, lane by lane. */
L4I static inline void fe4_blend(fe4 *a, __mmask8 m, const fe4 *b) {
    #pragma GCC unroll 5
    for (int k = 0; k < 5; k++) a->v[k] = _mm256_mask_blend_epi64(m, a->v[k], b->v[k]);
}

L4I static inline void fe4_load(fe4 *r, const uint64_t l[5][4]) {
    #pragma GCC unroll 5
    for (int k = 0; k < 5; k++) r->v[k] = _mm256_loadu_si256((const __m256i *)l[k]);
}

L4I static inline void fe4_store(uint64_t l[5][4], const fe4 *a) {
    #pragma GCC unroll 5
    for (int k = 0; k < 5; k++) _mm256_storeu_si256((__m256i *)l[k], a->v[k]);
}

/* ---- the four-chain Strauss --------------------------------------------- */

/* Window of P's table in the lanes: 4 entries (P, 3P, 5P, 7P). Measured on
 * Zen 4 against 5 and 6: the scalar table build costs more than the few
 * extra 4-lane additions that a smaller window brings. */
#define LANES_P_WINDOW 4
enum { PM = 1 << (LANES_P_WINDOW - 2) };

/* P's odd multiples in 5x52 limbs, all loose (magnitude 1): x, beta x, y, -y. */
typedef struct {
    sk_fe52 x[PM], bx[PM], y[PM], ny[PM];
} ptab52;

/* Writes lane j's entry (x, y) into the lane buffers. */
static inline void put_lane(uint64_t ex[5][4], uint64_t ey[5][4], int j, const sk_fe52 *x,
                            const sk_fe52 *y) {
    for (int k = 0; k < 5; k++) {
        ex[k][j] = x->n[k];
        ey[k][j] = y->n[k];
    }
}

#define LANES_PREFETCH 4

/* Lane j's entry: entry idx of the affine table t (4x64), x times beta for
 * the lambda lanes (j odd), y negated when neg. */
static inline void put_entry(uint64_t ex[5][4], uint64_t ey[5][4], int j, const sl_secp256k1_ge *t,
                             int idx, int neg, const sk_fe52 *beta) {
    sk_fe52 x, y;
    sk_fe52_from4(&x, &t[idx].x);
    sk_fe52_from4(&y, &t[idx].y);
    if (j & 1) sk_fe52_mul(&x, &x, beta);
    if (neg) {
        sk_fe52_negate(&y, &y, 1);
        sk_fe52_normalize_weak(&y);
    }
    put_lane(ex, ey, j, &x, &y);
}

/* The lanes; returns 0 if a started lane ended with Z == 0 (exceptional
 * addition or a lane result at infinity), else 1 with r set. P's odd
 * multiples: with p, the one-shot table of window LANES_P_WINDOW built here
 * (all its entries converted to 5x52 limbs at once); else the caller's
 * table ptab of window wp on the curve of global Z zg (a prepared key's,
 * sl_secp256k1_ecmult_var's inputs), entries converted as they are used. */
L4 static int lanes_run(sl_secp256k1_gej *r, const sl_secp256k1_ge *p, const sl_secp256k1_ge *ptab,
                        const sl_secp256k1_fe *pzg, int wp, const sl_secp256k1_sc *kp,
                        const sl_secp256k1_sc *kg) {
    const sl_secp256k1_ge *gt = sl_secp256k1_g_table();
    sl_secp256k1_sc128 hs[4];
    sl_secp256k1_split128(&hs[0], &hs[1], kp);
    sl_secp256k1_split128(&hs[2], &hs[3], kg);
    if (p) wp = LANES_P_WINDOW;
    int naf[4][130], maxlen = 0;
    for (int j = 0; j < 4; j++) {
        int len = sl_secp256k1_wnaf_var(naf[j], hs[j].v, j < 2 ? wp : SL_SECP256K1_G_WINDOW);
        if (len > maxlen) maxlen = len;
    }
    sk_fe52 beta, z52;
    sk_fe52_from4(&beta, &sl_secp256k1_beta);
    ptab52 pt;
    if (p) {
        /* P's table on its global-Z curve (scalar code), then in 5x52 limbs. */
        sl_secp256k1_ge tab[PM];
        sl_secp256k1_fe zg;
        sl_secp256k1_odd_multiples_var(tab, &zg, p, PM);
        sk_fe52_from4(&z52, &zg);
        for (int k = 0; k < PM; k++) {
            sk_fe52_from4(&pt.x[k], &tab[k].x);
            sk_fe52_from4(&pt.y[k], &tab[k].y);
            sk_fe52_mul(&pt.bx[k], &pt.x[k], &beta);
            sk_fe52_negate(&pt.ny[k], &pt.y[k], 1);
            sk_fe52_normalize_weak(&pt.ny[k]);
        }
    } else {
        sk_fe52_from4(&z52, pzg);
    }
    for (int i = maxlen - 1; i >= maxlen - LANES_PREFETCH && i >= 0; i--)
        for (int j = 2; j < 4; j++)
            if (naf[j][i]) __builtin_prefetch(&gt[(naf[j][i] < 0 ? -naf[j][i] : naf[j][i]) >> 1]);
    gej4 acc;
    fe4 one;
    #pragma GCC unroll 5
    for (int k = 0; k < 5; k++) {
        acc.x.v[k] = acc.y.v[k] = acc.z.v[k] = _mm256_setzero_si256();
        one.v[k] = _mm256_setzero_si256();
    }
    one.v[0] = SET1(1);
    _Alignas(32) uint64_t ex[5][4], ey[5][4];
    for (int k = 0; k < 5; k++)
        for (int j = 0; j < 4; j++) ex[k][j] = ey[k][j] = 0;
    unsigned started = 0;
    for (int i = maxlen - 1; i >= 0; i--) {
        if (i >= LANES_PREFETCH)
            for (int j = 2; j < 4; j++) {
                int d = naf[j][i - LANES_PREFETCH];
                if (d) __builtin_prefetch(&gt[(d < 0 ? -d : d) >> 1]);
            }
        if (started) gej4_dbl(&acc, &acc);
        unsigned m = 0;
        for (int j = 0; j < 4; j++) {
            int d = naf[j][i];
            if (!d) continue;
            m |= 1u << j;
            int idx = (d < 0 ? -d : d) >> 1, neg = (d < 0) ^ (hs[j].neg != 0);
            if (j < 2 && p)
                put_lane(ex, ey, j, j == 0 ? &pt.x[idx] : &pt.bx[idx],
                         neg ? &pt.ny[idx] : &pt.y[idx]);
            else
                put_entry(ex, ey, j, j < 2 ? ptab : gt, idx, neg, &beta);
        }
        if (!m) continue;
        fe4 x2, y2;
        fe4_load(&x2, ex);
        fe4_load(&y2, ey);
        const __mmask8 ma = (__mmask8)(m & started), ms = (__mmask8)(m & ~started);
        if (ma) {
            gej4 s;
            gej4_add_ge(&s, &acc, &x2, &y2);
            fe4_blend(&acc.x, ma, &s.x);
            fe4_blend(&acc.y, ma, &s.y);
            fe4_blend(&acc.z, ma, &s.z);
        }
        if (ms) {
            fe4_blend(&acc.x, ms, &x2);
            fe4_blend(&acc.y, ms, &y2);
            fe4_blend(&acc.z, ms, &one);
        }
        started |= m;
    }
    /* Lane results: any started lane with Z == 0 is exceptional. */
    uint64_t lx[5][4], ly[5][4], lz[5][4];
    fe4_store(lx, &acc.x);
    fe4_store(ly, &acc.y);
    fe4_store(lz, &acc.z);
    sk_fe52 px3[4], py3[4], pz3[4];
    for (int j = 0; j < 4; j++) {
        for (int k = 0; k < 5; k++) {
            px3[j].n[k] = lx[k][j];
            py3[j].n[k] = ly[k][j];
            pz3[j].n[k] = lz[k][j];
        }
        if ((started >> j & 1) && sk_fe52_is_zero_var(&pz3[j])) return 0;
    }
    /* All four lanes busy (the usual case): the sums in the lanes too, P
     * lanes first brought to the true curve (Z times the global Z), then
     * lanes 0 + 1 and 2 + 3, then the two sums. A zero Z in lane 0 at the
     * end (equal or opposite partial sums, or the result at infinity)
     * leaves the sum to the scalar code below, which handles every case. */
    if (started == 0xF) {
        fe4 zs;
        #pragma GCC unroll 5
        for (int k = 0; k < 5; k++)
            zs.v[k] = _mm256_set_epi64x(0, 0, (long long)z52.n[k], (long long)z52.n[k]);
        zs.v[0] = _mm256_mask_blend_epi64(0xC, zs.v[0], SET1(1));
        gej4 a = acc, b, t;
        fe4_mul_x(&a.z, &acc.z, &zs, 1, 0);
        GEJ4_PERMUTE(&b, &a, 0xB1); /* lanes 1, 0, 3, 2 */
        gej4_add(&t, &a, &b);
        GEJ4_PERMUTE(&b, &t, 0x4E); /* lanes 2, 3, 0, 1 */
        gej4_add(&a, &t, &b);
        sk_fe52 x, y, z;
        uint64_t l[4];
        for (int k = 0; k < 5; k++) {
            _mm256_storeu_si256((__m256i *)l, a.x.v[k]);
            x.n[k] = l[0];
            _mm256_storeu_si256((__m256i *)l, a.y.v[k]);
            y.n[k] = l[0];
            _mm256_storeu_si256((__m256i *)l, a.z.v[k]);
            z.n[k] = l[0];
        }
        if (!sk_fe52_is_zero_var(&z)) {
            sk_fe52_to4(&r->x, &x);
            sk_fe52_to4(&r->y, &y);
            sk_fe52_to4(&r->z, &z);
            r->inf = 0;
            return 1;
        }
    }
    /* Scalar sums (lanes not started: a zero half-scalar adds nothing). */
    r->inf = 1;
    for (int j = 0; j < 4; j++) {
        if (!(started >> j & 1)) continue;
        if (j < 2) sk_fe52_mul(&pz3[j], &pz3[j], &z52);
        sl_secp256k1_gej q;
        sk_fe52_to4(&q.x, &px3[j]);
        sk_fe52_to4(&q.y, &py3[j]);
        sk_fe52_to4(&q.z, &pz3[j]);
        q.inf = 0;
        if (r->inf)
            *r = q;
        else
            sl_secp256k1_gej_add_var(r, r, &q);
    }
    return 1;
}

int sl_secp256k1_ecmult_point_lanes_ex_var(sl_secp256k1_gej *r, const sl_secp256k1_ge *p,
                                           const sl_secp256k1_sc *kp, const sl_secp256k1_sc *kg,
                                           int force_fallback) {
    /* Public data: the data-dependent fallback (variable time) is fine. */
    if (sl_secp256k1_lanes_supported() && lanes_run(r, p, NULL, NULL, 0, kp, kg) && !force_fallback)
        return 1;
    sl_secp256k1_ecmult_point_var(r, p, kp, kg);
    return 0;
}

int sl_secp256k1_ecmult_lanes_ex_var(sl_secp256k1_gej *r, const sl_secp256k1_ge *ptab,
                                     const sl_secp256k1_fe *zg, int wp, const sl_secp256k1_sc *kp,
                                     const sl_secp256k1_sc *kg, int force_fallback) {
    if (sl_secp256k1_lanes_supported() && lanes_run(r, NULL, ptab, zg, wp, kp, kg) && !force_fallback)
        return 1;
    sl_secp256k1_ecmult_var(r, ptab, zg, wp, kp, kg);
    return 0;
}

#else

int sl_secp256k1_lanes_supported(void) {
    return 0;
}

int sl_secp256k1_ecmult_point_lanes_ex_var(sl_secp256k1_gej *r, const sl_secp256k1_ge *p,
                                           const sl_secp256k1_sc *kp, const sl_secp256k1_sc *kg,
                                           int force_fallback) {
    (void)force_fallback;
    sl_secp256k1_ecmult_point_var(r, p, kp, kg);
    return 0;
}

int sl_secp256k1_ecmult_lanes_ex_var(sl_secp256k1_gej *r, const sl_secp256k1_ge *ptab,
                                     const sl_secp256k1_fe *zg, int wp, const sl_secp256k1_sc *kp,
                                     const sl_secp256k1_sc *kg, int force_fallback) {
    (void)force_fallback;
    sl_secp256k1_ecmult_var(r, ptab, zg, wp, kp, kg);
    return 0;
}

#endif

int sl_secp256k1_ecmult_point_lanes_var(sl_secp256k1_gej *r, const sl_secp256k1_ge *p,
                                        const sl_secp256k1_sc *kp, const sl_secp256k1_sc *kg) {
    return sl_secp256k1_ecmult_point_lanes_ex_var(r, p, kp, kg, 0);
}

int sl_secp256k1_ecmult_lanes_var(sl_secp256k1_gej *r, const sl_secp256k1_ge *ptab,
                                  const sl_secp256k1_fe *zg, int wp, const sl_secp256k1_sc *kp,
                                  const sl_secp256k1_sc *kg) {
    return sl_secp256k1_ecmult_lanes_ex_var(r, ptab, zg, wp, kp, kg, 0);
}
