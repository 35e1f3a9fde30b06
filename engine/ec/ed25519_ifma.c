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
#include "ec/ed25519_lanes.h"

#include "ec/ifma_target.h"

#ifdef SL_IFMA_BUILD

#include <immintrin.h>

#define IFMA_TARGET SL_IFMA_TARGET

int sl_ed25519_ifma_supported(void) {
    return sl_ifma_cpu_supported();
}

#define FE_W 4
#define FE_VEC __m256i
#define FE_TARGET IFMA_TARGET
#define FE_ADD _mm256_add_epi64
#define FE_SUB _mm256_sub_epi64
#define FE_SRLI _mm256_srli_epi64
#define FE_SLLI _mm256_slli_epi64
#define FE_AND _mm256_and_si256
#define FE_SET1 _mm256_set1_epi64x
#define FE_ZERO _mm256_setzero_si256
#define FE_MADDLO _mm256_madd52lo_epu64
#define FE_MADDHI _mm256_madd52hi_epu64
#define FE_BLEND _mm256_mask_blend_epi64
#include "ec/ed25519_ifma_vec.h" /* fe4_carry .. fe4_sqr, fe4_addc .. fe4_blend, lanes_step4 */

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

/* ---- four lane programs side by side (ed25519_lanes.h) ----------------------
 * Lane j of every vector belongs to program j. Sums and differences are
 * carried at once (fe4_carry) so that every factor is tight (< 2^52, what
 * IFMA reads); a difference a - b adds 2p first, which exceeds every tight
 * limb of b (2^52 - 38 > 2^51 + 19 * 2^11). */


/* Steps i0 .. i1-1 of the four programs; a lane whose program has ended
 * adds the identity (tail != 0 only: below the shortest program's length
 * every lane has a step, and the loop reads them without that test). */
IFMA_TARGET static inline __attribute__((always_inline)) void
lanes_run_range(__m256i X[5], __m256i Y[5], __m256i Z[5], __m256i T[5],
                const sl_ed25519_lane_prog p[4], int i0, int i1, int tail) {
    const sl_ed25519_lane_op idle = {&sl_ed25519_lane_identity, SL_ED25519_LANE_CACHED, 0};
    for (int i = i0; i < i1; i++) {
        const sl_ed25519_fe *q[4][4]; /* q[lane][factor] */
        unsigned dbl = 0, sub = 0;
        #pragma GCC unroll 4
        for (int j = 0; j < 4; j++) {
            const sl_ed25519_lane_op *o = !tail || i < p[j].n ? &p[j].op[i] : &idle;
            dbl |= (unsigned)(o->kind == SL_ED25519_LANE_DBL) << j;
            sub |= (unsigned)o->sub << j;
            /* a doubling's factors are its own coordinates: those loaded
             * from its entry are blended away */
            sl_ed25519_lane_op_factors(q[j], o);
        }
        __m256i b[4][5];
        #pragma GCC unroll 4
        for (int f = 0; f < 4; f++) {
            const sl_ed25519_fe *g[4] = {q[0][f], q[1][f], q[2][f], q[3][f]};
            fe4_load(b[f], g);
        }
        lanes_step4(X, Y, Z, T, b, (__mmask8)dbl, (__mmask8)sub);
    }
}

IFMA_TARGET void sl_ed25519_lanes_run_ifma(sl_ed25519_ge r[4], const sl_ed25519_lane_prog p[4]) {
    __m256i X[5], Y[5], Z[5], T[5];
    const __m256i z0 = _mm256_setzero_si256(), one0 = _mm256_set_epi64x(1, 1, 1, 1);
    #pragma GCC unroll 5
    for (int k = 0; k < 5; k++) X[k] = T[k] = Y[k] = Z[k] = z0;
    Y[0] = Z[0] = one0; /* the identity in every lane */
    int steps = 0, common = p[0].n;
    for (int j = 0; j < 4; j++) {
        steps = p[j].n > steps ? p[j].n : steps;
        common = p[j].n < common ? p[j].n : common;
    }
    lanes_run_range(X, Y, Z, T, p, 0, common, 0);
    lanes_run_range(X, Y, Z, T, p, common, steps, 1);
    sl_ed25519_fe *rx[4] = {&r[0].X, &r[1].X, &r[2].X, &r[3].X};
    sl_ed25519_fe *ry[4] = {&r[0].Y, &r[1].Y, &r[2].Y, &r[3].Y};
    sl_ed25519_fe *rz[4] = {&r[0].Z, &r[1].Z, &r[2].Z, &r[3].Z};
    sl_ed25519_fe *rt[4] = {&r[0].T, &r[1].T, &r[2].T, &r[3].T};
    fe4_store(rx, X);
    fe4_store(ry, Y);
    fe4_store(rz, Z);
    fe4_store(rt, T);
}

/* 2d mod p (RFC 8032 5.1), the constant of ed25519_group.c. */
static const sl_ed25519_fe LANE_2D = {{UINT64_C(0x69b9426b2f159), UINT64_C(0x35050762add7a),
                                       UINT64_C(0x3cf44c0038052), UINT64_C(0x6738cc7407977),
                                       UINT64_C(0x2406d9dc56dff)}};

/* The cached form (Y+X, Y-X, Z, 2d T) of the four lanes' points, stored to
 * entry i of the four tables; also returned as addend factors c (Y-X,
 * Y+X, 2d T, Z: the order lanes_step takes). */
IFMA_TARGET static inline void lanes_put_cached(sl_ed25519_ge_cached *const tab[4], int i,
                                                __m256i c[4][5], const __m256i X[5],
                                                const __m256i Y[5], const __m256i Z[5],
                                                const __m256i T[5], const __m256i d2[5]) {
    fe4_subc(c[0], Y, X);
    fe4_addc(c[1], Y, X);
    fe4_mul(c[2], T, d2);
    #pragma GCC unroll 5
    for (int k = 0; k < 5; k++) c[3][k] = Z[k];
    sl_ed25519_fe *ymx[4], *ypx[4], *t2d[4], *z[4];
    for (int j = 0; j < 4; j++) {
        ymx[j] = &tab[j][i].ymx;
        ypx[j] = &tab[j][i].ypx;
        t2d[j] = &tab[j][i].t2d;
        z[j] = &tab[j][i].z;
    }
    fe4_store(ymx, c[0]);
    fe4_store(ypx, c[1]);
    fe4_store(t2d, c[2]);
    fe4_store(z, c[3]);
}

IFMA_TARGET void sl_ed25519_lanes_odd_multiples_ifma(sl_ed25519_ge_cached *const tab[4], int m,
                                                     const sl_ed25519_ge *const p[4]) {
    __m256i X[5], Y[5], Z[5], T[5], d2[5], c[4][5], c2[4][5], b[4][5];
    const sl_ed25519_fe *px[4], *py[4], *pz[4], *pt[4], *g2d[4];
    for (int j = 0; j < 4; j++) {
        px[j] = &p[j]->X;
        py[j] = &p[j]->Y;
        pz[j] = &p[j]->Z;
        pt[j] = &p[j]->T;
        g2d[j] = &LANE_2D;
    }
    fe4_load(X, px);
    fe4_load(Y, py);
    fe4_load(Z, pz);
    fe4_load(T, pt);
    fe4_load(d2, g2d);
    lanes_put_cached(tab, 0, c, X, Y, Z, T, d2); /* P */
    /* 2P, as an addend (cached form, not stored) */
    __m256i X2[5], Y2[5], Z2[5], T2[5];
    #pragma GCC unroll 5
    for (int k = 0; k < 5; k++) {
        X2[k] = X[k];
        Y2[k] = Y[k];
        Z2[k] = Z[k];
        T2[k] = T[k];
    }
    lanes_step4(X2, Y2, Z2, T2, c, 0xf, 0); /* c: unused factors of a doubling */
    fe4_subc(c2[0], Y2, X2);
    fe4_addc(c2[1], Y2, X2);
    fe4_mul(c2[2], T2, d2);
    #pragma GCC unroll 5
    for (int k = 0; k < 5; k++) c2[3][k] = Z2[k];
    for (int i = 1; i < m; i++) {
        #pragma GCC unroll 4
        for (int f = 0; f < 4; f++)
            #pragma GCC unroll 5
            for (int k = 0; k < 5; k++) b[f][k] = c2[f][k];
        lanes_step4(X, Y, Z, T, b, 0, 0); /* (2i+1) P = (2i-1) P + 2P */
        lanes_put_cached(tab, i, c, X, Y, Z, T, d2);
    }
}

#else

int sl_ed25519_ifma_supported(void) { return 0; }

void sl_ed25519_lanes_run_ifma(sl_ed25519_ge r[4], const sl_ed25519_lane_prog p[4]) {
    (void)r;
    (void)p;
}

void sl_ed25519_fe_mul4_ifma(const sl_ed25519_mul4 *m) { (void)m; }

void sl_ed25519_lanes_odd_multiples_ifma(sl_ed25519_ge_cached *const tab[4], int m,
                                         const sl_ed25519_ge *const p[4]) {
    (void)tab;
    (void)m;
    (void)p;
}

void sl_ed25519_fe_pow22523_4_ifma(sl_ed25519_fe *const r[4], const sl_ed25519_fe *const a[4]) {
    (void)r;
    (void)a;
}

#endif
