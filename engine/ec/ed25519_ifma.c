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

/* one parallel carry round: any 64-bit limbs in (each carry is below 2^13,
 * 19 times the top one below 2^18), limbs below 2^52 out */
IFMA_TARGET static inline void fe4_carry(__m256i r[5], const __m256i a[5]) {
    const __m256i m51 = _mm256_set1_epi64x((long long)((UINT64_C(1) << 51) - 1));
    __m256i cy[5], c[5];
    #pragma GCC unroll 5
    for (int k = 0; k < 5; k++) {
        cy[k] = _mm256_srli_epi64(a[k], 51);
        c[k] = _mm256_and_si256(a[k], m51);
    }
    __m256i c19 = _mm256_add_epi64(_mm256_add_epi64(_mm256_slli_epi64(cy[4], 4),
                                                    _mm256_slli_epi64(cy[4], 1)), cy[4]);
    r[0] = _mm256_add_epi64(c[0], c19);
    #pragma GCC unroll 4
    for (int k = 1; k < 5; k++) r[k] = _mm256_add_epi64(c[k], cy[k - 1]);
}

/* Columns to tight limbs: c[k] = lo[k] + 2 hi[k] (k < 10), folded with
 * 2^255 == 19 (19 = 16 + 2 + 1) into five columns below 2^61, then ONE
 * carry round with all five carries taken at once (fe4_carry; each carry is
 * below 2^10, so every limb ends below 2^51 + 19 * 2^10 < 2^52). A single
 * parallel round keeps the latency short: the chains of a doubling are
 * sequential. */
/* The fold alone: five columns below 2^61 (not tight). */
IFMA_TARGET static inline void fe4_fold(__m256i c[5], const __m256i lo[10],
                                        const __m256i hi[10]) {
    #pragma GCC unroll 5
    for (int k = 0; k < 5; k++) {
        __m256i low = _mm256_add_epi64(lo[k], _mm256_slli_epi64(hi[k], 1));
        __m256i high = _mm256_add_epi64(lo[k + 5], _mm256_slli_epi64(hi[k + 5], 1));
        __m256i h19 = _mm256_add_epi64(_mm256_add_epi64(_mm256_slli_epi64(high, 4),
                                                        _mm256_slli_epi64(high, 1)), high);
        c[k] = _mm256_add_epi64(low, h19);
    }
}

IFMA_TARGET static inline void fe4_reduce(__m256i r[5], const __m256i lo[10],
                                          const __m256i hi[10]) {
    __m256i c[5];
    fe4_fold(c, lo, hi);
    fe4_carry(r, c);
}

/* The product's columns, lane by lane, in registers: one accumulator per
 * column for the low halves and one for the high halves (20 vectors, with
 * the 10 inputs within the 32 registers of AVX-512VL). The chains using it
 * (four independent products per point step) are bound by the vector ops'
 * throughput, not by the latency of a column's multiply-adds, so the
 * columns are not split further. */
IFMA_TARGET static inline __attribute__((always_inline)) void
fe4_mul_cols(__m256i lo[10], __m256i hi[10], const __m256i va[5], const __m256i vb[5]) {
    const __m256i zero = _mm256_setzero_si256();
    #pragma GCC unroll 10
    for (int k = 0; k < 10; k++) lo[k] = hi[k] = zero;
    #pragma GCC unroll 5
    for (int i = 0; i < 5; i++) {
        #pragma GCC unroll 5
        for (int j = 0; j < 5; j++) {
            lo[i + j] = _mm256_madd52lo_epu64(lo[i + j], va[i], vb[j]);
            hi[i + j + 1] = _mm256_madd52hi_epu64(hi[i + j + 1], va[i], vb[j]);
        }
    }
}

/* r = a * b, tight */
IFMA_TARGET static inline __attribute__((always_inline)) void
fe4_mul(__m256i r[5], const __m256i va[5], const __m256i vb[5]) {
    __m256i lo[10], hi[10];
    fe4_mul_cols(lo, hi, va, vb);
    fe4_reduce(r, lo, hi);
}

/* r = a * b folded but not carried: limbs below 2^61 (see fe4_reduce), for
 * products that only feed sums which are carried anyway (lanes_step). */
IFMA_TARGET static inline __attribute__((always_inline)) void
fe4_mul_wide(__m256i r[5], const __m256i va[5], const __m256i vb[5]) {
    __m256i lo[10], hi[10];
    fe4_mul_cols(lo, hi, va, vb);
    fe4_fold(r, lo, hi);
}

/* r = a^2 lane by lane: the 5 squares and the 10 cross products a_i a_j
 * (i < j), which count twice. Column k is lo[k] + 2 hi[k] (fe4_reduce), so
 * a cross product's low half (weight 2) goes into hi[k] directly and its
 * high half (weight 4) into xhi[k], added doubled to hi[k] at the end.
 * Bounds: hi[k] gets at most 1 + 2 + 2 products below 2^52 and xhi[k] at
 * most 2, so every column stays below 2^56 as for fe4_mul. */
IFMA_TARGET static inline void fe4_sqr(__m256i r[5], const __m256i va[5]) {
    const __m256i zero = _mm256_setzero_si256();
    __m256i lo[10], hi[10], xhi[10];
    #pragma GCC unroll 10
    for (int k = 0; k < 10; k++) lo[k] = hi[k] = xhi[k] = zero;
    #pragma GCC unroll 5
    for (int i = 0; i < 5; i++) {
        lo[2 * i] = _mm256_madd52lo_epu64(lo[2 * i], va[i], va[i]);
        hi[2 * i + 1] = _mm256_madd52hi_epu64(hi[2 * i + 1], va[i], va[i]);
        #pragma GCC unroll 4
        for (int j = i + 1; j < 5; j++) {
            hi[i + j] = _mm256_madd52lo_epu64(hi[i + j], va[i], va[j]);
            xhi[i + j + 1] = _mm256_madd52hi_epu64(xhi[i + j + 1], va[i], va[j]);
        }
    }
    #pragma GCC unroll 10
    for (int k = 0; k < 10; k++) hi[k] = _mm256_add_epi64(hi[k], _mm256_slli_epi64(xhi[k], 1));
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

/* ---- four lane programs side by side (ed25519_lanes.h) ----------------------
 * Lane j of every vector belongs to program j. Sums and differences are
 * carried at once (fe4_carry) so that every factor is tight (< 2^52, what
 * IFMA reads); a difference a - b adds 2p first, which exceeds every tight
 * limb of b (2^52 - 38 > 2^51 + 19 * 2^11). */


/* r = carry(a + b) */
IFMA_TARGET static inline void fe4_addc(__m256i r[5], const __m256i a[5], const __m256i b[5]) {
    __m256i t[5];
    #pragma GCC unroll 5
    for (int k = 0; k < 5; k++) t[k] = _mm256_add_epi64(a[k], b[k]);
    fe4_carry(r, t);
}

/* r = carry(a + 2p - b), b tight */
IFMA_TARGET static inline void fe4_subc(__m256i r[5], const __m256i a[5], const __m256i b[5]) {
    const __m256i p0 = _mm256_set1_epi64x((long long)((UINT64_C(1) << 52) - 38));
    const __m256i pk = _mm256_set1_epi64x((long long)((UINT64_C(1) << 52) - 2));
    __m256i t[5];
    t[0] = _mm256_sub_epi64(_mm256_add_epi64(a[0], p0), b[0]);
    #pragma GCC unroll 4
    for (int k = 1; k < 5; k++) t[k] = _mm256_sub_epi64(_mm256_add_epi64(a[k], pk), b[k]);
    fe4_carry(r, t);
}

/* r = a + 2^s p - b without carrying, for b with limbs below the limbs of
 * 2^s p ((2^51 - 19) 2^s and (2^51 - 1) 2^s): s = 1 for tight b, 11 for
 * b below 2^61, 12 for b below 2^62 + 2^61. Limbs of r below a's + 2^(51+s). */
IFMA_TARGET static inline void fe4_sub_kp(__m256i r[5], const __m256i a[5], const __m256i b[5],
                                          int s) {
    const __m256i p0 = _mm256_set1_epi64x((long long)(((UINT64_C(1) << 51) - 19) << s));
    const __m256i pk = _mm256_set1_epi64x((long long)(((UINT64_C(1) << 51) - 1) << s));
    r[0] = _mm256_sub_epi64(_mm256_add_epi64(a[0], p0), b[0]);
    #pragma GCC unroll 4
    for (int k = 1; k < 5; k++) r[k] = _mm256_sub_epi64(_mm256_add_epi64(a[k], pk), b[k]);
}

/* r = where mask bit j is set, lane j of b, else of a */
IFMA_TARGET static inline void fe4_blend(__m256i r[5], __mmask8 m, const __m256i a[5],
                                         const __m256i b[5]) {
    #pragma GCC unroll 5
    for (int k = 0; k < 5; k++) r[k] = _mm256_mask_blend_epi64(m, a[k], b[k]);
}

/* One step of four lanes on (X, Y, Z, T): lanes in md double, the others
 * add the addend whose factors (Y2-X2, Y2+X2, 2d T2, Z2; the first two
 * swapped for lanes in ms, which subtract) are b[0..3]. b is overwritten.
 * Inlined into the run loop: the loaded factors then stay in registers
 * (about 5% off sl_ed25519_base_two_x4_var, measured; as a call they went
 * through the stack). */
IFMA_TARGET static inline __attribute__((always_inline)) void
lanes_step(__m256i X[5], __m256i Y[5], __m256i Z[5], __m256i T[5], __m256i b[4][5], __mmask8 md,
           __mmask8 ms) {
    __m256i ymx[5], ypx[5], a[4][5], m[4][5];
    fe4_subc(ymx, Y, X);
    fe4_addc(ypx, Y, X);
    /* factors: addition (Y-X, Y+X, T, Z) x (q0, q1, q2, q3);
     * doubling (X, Y, Z, X+Y) squared */
    fe4_blend(a[0], md, ymx, X);
    fe4_blend(a[1], md, ypx, Y);
    fe4_blend(a[2], md, T, Z);
    fe4_blend(a[3], md, Z, ypx);
    #pragma GCC unroll 4
    for (int f = 0; f < 4; f++) fe4_blend(b[f], md, b[f], a[f]);
    /* the four products are left uncarried (limbs below 2^61): every use
     * below is a sum or difference that is carried before it is
     * multiplied, and stays below 2^64 (sums of at most three products, or
     * of two and 2^11 p or 2^12 p, fe4_sub_kp) */
    #pragma GCC unroll 4
    for (int f = 0; f < 4; f++) fe4_mul_wide(m[f], a[f], b[f]);
    /* completed point: doubling X = m3 - (m1 + m0), Y = m1 + m0,
     * Z = m1 - m0, T = 2 m2 - Z; addition X = m1 - m0, Y = m1 + m0,
     * Z = 2 m3 +/- m2, T = 2 m3 -/+ m2 (the sign of the step) */
    __m256i P[5], M[5], xd[5], td[5], m3x2[5], m2x2[5], zp[5], zn[5], w[5];
    __m256i cx[5], cz[5], ct[5];
    fe4_addc(P, m[1], m[0]);
    /* the candidates below stay uncarried until blended: M = m1 - m0 below
     * 2^62 + 2^61, m2x2, m3x2 below 2^62, zp and zn below 2^63, td below
     * 2^62 + 2^63, xd below 2^61 + 2^52 */
    fe4_sub_kp(M, m[1], m[0], 11);
    #pragma GCC unroll 5
    for (int k = 0; k < 5; k++) {
        m2x2[k] = _mm256_add_epi64(m[2][k], m[2][k]);
        m3x2[k] = _mm256_add_epi64(m[3][k], m[3][k]);
        zp[k] = _mm256_add_epi64(m3x2[k], m[2][k]);
    }
    fe4_sub_kp(xd, m[3], P, 1);
    fe4_sub_kp(td, m2x2, M, 12);
    fe4_sub_kp(zn, m3x2, m[2], 11);
    fe4_blend(w, ms, zp, zn); /* addition Z */
    fe4_blend(w, md, w, M);
    fe4_carry(cz, w);
    fe4_blend(w, ms, zn, zp); /* addition T */
    fe4_blend(w, md, w, td);
    fe4_carry(ct, w);
    fe4_blend(w, md, M, xd);
    fe4_carry(cx, w);
    fe4_mul(X, cx, ct);
    fe4_mul(Y, P, cz);
    fe4_mul(Z, cz, ct);
    fe4_mul(T, cx, P);
}

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
        lanes_step(X, Y, Z, T, b, (__mmask8)dbl, (__mmask8)sub);
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
    lanes_step(X2, Y2, Z2, T2, c, 0xf, 0); /* c: unused factors of a doubling */
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
        lanes_step(X, Y, Z, T, b, 0, 0); /* (2i+1) P = (2i-1) P + 2P */
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
