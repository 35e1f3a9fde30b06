/* The field arithmetic mod 2^255 - 19 and the point step of the IFMA lane
 * code, written once for both vector widths: ed25519_ifma.c includes it for
 * four lanes of 256-bit vectors (fe4_*, lanes_step4), ed25519_fe8_ifma.h for
 * eight lanes of 512-bit vectors (fe8_*, lanes_step8). Lane j of vector i
 * holds limb i (weight 2^(51 i)) of element j; the bounds in the comments
 * hold lane by lane, so for both widths. The includer defines, before each
 * inclusion:
 *   FE_W                 4 or 8 (the names' suffix)
 *   FE_VEC               the vector type
 *   FE_TARGET            the target attribute
 *   FE_ADD, FE_SUB       64-bit lane add and subtract
 *   FE_SRLI, FE_SLLI     64-bit lane shifts by an immediate
 *   FE_AND               bitwise and
 *   FE_SET1(x), FE_ZERO() a 64-bit constant in every lane, zero
 *   FE_MADDLO, FE_MADDHI 52-bit multiply-add, low and high halves
 *   FE_BLEND(m, a, b)    lane j of b where bit j of m is set, else of a
 * and the header undefines them at its end. No include guard: one
 * inclusion per width. Internal header (engine/ec). */

#define FE_CAT_(a, b, c) a##b##_##c
#define FE_CAT(a, b, c) FE_CAT_(a, b, c)
#define FE(name) FE_CAT(fe, FE_W, name)
#define FE_CAT2_(a, b) a##b
#define FE_CAT2(a, b) FE_CAT2_(a, b)
#define FE_LANES_STEP FE_CAT2(lanes_step, FE_W)

/* one parallel carry round: any 64-bit limbs in (each carry is below 2^13,
 * 19 times the top one below 2^18), limbs below 2^52 out */
FE_TARGET static inline void FE(carry)(FE_VEC r[5], const FE_VEC a[5]) {
    const FE_VEC m51 = FE_SET1((long long)((UINT64_C(1) << 51) - 1));
    FE_VEC cy[5], c[5];
    #pragma GCC unroll 5
    for (int k = 0; k < 5; k++) {
        cy[k] = FE_SRLI(a[k], 51);
        c[k] = FE_AND(a[k], m51);
    }
    FE_VEC c19 = FE_ADD(FE_ADD(FE_SLLI(cy[4], 4),
                                                    FE_SLLI(cy[4], 1)), cy[4]);
    r[0] = FE_ADD(c[0], c19);
    #pragma GCC unroll 4
    for (int k = 1; k < 5; k++) r[k] = FE_ADD(c[k], cy[k - 1]);
}

/* Columns to tight limbs: c[k] = lo[k] + 2 hi[k] (k < 10), folded with
 * 2^255 == 19 (19 = 16 + 2 + 1) into five columns below 2^61, then ONE
 * carry round with all five carries taken at once (FE(carry); each carry is
 * below 2^10, so every limb ends below 2^51 + 19 * 2^10 < 2^52). A single
 * parallel round keeps the latency short: the chains of a doubling are
 * sequential. */
/* The fold alone: five columns below 2^61 (not tight). */
FE_TARGET static inline void FE(fold)(FE_VEC c[5], const FE_VEC lo[10],
                                        const FE_VEC hi[10]) {
    #pragma GCC unroll 5
    for (int k = 0; k < 5; k++) {
        FE_VEC low = FE_ADD(lo[k], FE_SLLI(hi[k], 1));
        FE_VEC high = FE_ADD(lo[k + 5], FE_SLLI(hi[k + 5], 1));
        FE_VEC h19 = FE_ADD(FE_ADD(FE_SLLI(high, 4),
                                                        FE_SLLI(high, 1)), high);
        c[k] = FE_ADD(low, h19);
    }
}

FE_TARGET static inline void FE(reduce)(FE_VEC r[5], const FE_VEC lo[10],
                                          const FE_VEC hi[10]) {
    FE_VEC c[5];
    FE(fold)(c, lo, hi);
    FE(carry)(r, c);
}

/* The product's columns, lane by lane, in registers: one accumulator per
 * column for the low halves and one for the high halves (20 vectors, with
 * the 10 inputs within the 32 registers of AVX-512VL). The chains using it
 * (four independent products per point step) are bound by the vector ops'
 * throughput, not by the latency of a column's multiply-adds, so the
 * columns are not split further. */
FE_TARGET static inline __attribute__((always_inline)) void
FE(mul_cols)(FE_VEC lo[10], FE_VEC hi[10], const FE_VEC va[5], const FE_VEC vb[5]) {
    const FE_VEC zero = FE_ZERO();
    #pragma GCC unroll 10
    for (int k = 0; k < 10; k++) lo[k] = hi[k] = zero;
    #pragma GCC unroll 5
    for (int i = 0; i < 5; i++) {
        #pragma GCC unroll 5
        for (int j = 0; j < 5; j++) {
            lo[i + j] = FE_MADDLO(lo[i + j], va[i], vb[j]);
            hi[i + j + 1] = FE_MADDHI(hi[i + j + 1], va[i], vb[j]);
        }
    }
}

/* r = a * b, tight */
FE_TARGET static inline __attribute__((always_inline)) void
FE(mul)(FE_VEC r[5], const FE_VEC va[5], const FE_VEC vb[5]) {
    FE_VEC lo[10], hi[10];
    FE(mul_cols)(lo, hi, va, vb);
    FE(reduce)(r, lo, hi);
}

/* r = a * b folded but not carried: limbs below 2^61 (see FE(reduce)), for
 * products that only feed sums which are carried anyway (lanes_step). */
FE_TARGET static inline __attribute__((always_inline)) void
FE(mul_wide)(FE_VEC r[5], const FE_VEC va[5], const FE_VEC vb[5]) {
    FE_VEC lo[10], hi[10];
    FE(mul_cols)(lo, hi, va, vb);
    FE(fold)(r, lo, hi);
}

/* r = a^2 lane by lane: the 5 squares and the 10 cross products a_i a_j
 * (i < j), which count twice. Column k is lo[k] + 2 hi[k] (FE(reduce)), so
 * a cross product's low half (weight 2) goes into hi[k] directly and its
 * high half (weight 4) into xhi[k], added doubled to hi[k] at the end.
 * Bounds: hi[k] gets at most 1 + 2 + 2 products below 2^52 and xhi[k] at
 * most 2, so every column stays below 2^56 as for FE(mul). */
FE_TARGET static inline void FE(sqr)(FE_VEC r[5], const FE_VEC va[5]) {
    const FE_VEC zero = FE_ZERO();
    FE_VEC lo[10], hi[10], xhi[10];
    #pragma GCC unroll 10
    for (int k = 0; k < 10; k++) lo[k] = hi[k] = xhi[k] = zero;
    #pragma GCC unroll 5
    for (int i = 0; i < 5; i++) {
        lo[2 * i] = FE_MADDLO(lo[2 * i], va[i], va[i]);
        hi[2 * i + 1] = FE_MADDHI(hi[2 * i + 1], va[i], va[i]);
        #pragma GCC unroll 4
        for (int j = i + 1; j < 5; j++) {
            hi[i + j] = FE_MADDLO(hi[i + j], va[i], va[j]);
            xhi[i + j + 1] = FE_MADDHI(xhi[i + j + 1], va[i], va[j]);
        }
    }
    #pragma GCC unroll 10
    for (int k = 0; k < 10; k++) hi[k] = FE_ADD(hi[k], FE_SLLI(xhi[k], 1));
    FE(reduce)(r, lo, hi);
}

/* r = carry(a + b) */
FE_TARGET static inline void FE(addc)(FE_VEC r[5], const FE_VEC a[5], const FE_VEC b[5]) {
    FE_VEC t[5];
    #pragma GCC unroll 5
    for (int k = 0; k < 5; k++) t[k] = FE_ADD(a[k], b[k]);
    FE(carry)(r, t);
}

/* r = carry(a + 2p - b), b tight */
FE_TARGET static inline void FE(subc)(FE_VEC r[5], const FE_VEC a[5], const FE_VEC b[5]) {
    const FE_VEC p0 = FE_SET1((long long)((UINT64_C(1) << 52) - 38));
    const FE_VEC pk = FE_SET1((long long)((UINT64_C(1) << 52) - 2));
    FE_VEC t[5];
    t[0] = FE_SUB(FE_ADD(a[0], p0), b[0]);
    #pragma GCC unroll 4
    for (int k = 1; k < 5; k++) t[k] = FE_SUB(FE_ADD(a[k], pk), b[k]);
    FE(carry)(r, t);
}

/* r = a + 2^s p - b without carrying, for b with limbs below the limbs of
 * 2^s p ((2^51 - 19) 2^s and (2^51 - 1) 2^s): s = 1 for tight b, 11 for
 * b below 2^61, 12 for b below 2^62 + 2^61. Limbs of r below a's + 2^(51+s). */
FE_TARGET static inline void FE(sub_kp)(FE_VEC r[5], const FE_VEC a[5], const FE_VEC b[5],
                                          int s) {
    const FE_VEC p0 = FE_SET1((long long)(((UINT64_C(1) << 51) - 19) << s));
    const FE_VEC pk = FE_SET1((long long)(((UINT64_C(1) << 51) - 1) << s));
    r[0] = FE_SUB(FE_ADD(a[0], p0), b[0]);
    #pragma GCC unroll 4
    for (int k = 1; k < 5; k++) r[k] = FE_SUB(FE_ADD(a[k], pk), b[k]);
}

/* r = where mask bit j is set, lane j of b, else of a */
FE_TARGET static inline void FE(blend)(FE_VEC r[5], __mmask8 m, const FE_VEC a[5],
                                         const FE_VEC b[5]) {
    #pragma GCC unroll 5
    for (int k = 0; k < 5; k++) r[k] = FE_BLEND(m, a[k], b[k]);
}

/* One step of the lanes on (X, Y, Z, T): lanes in md double, the others
 * add the addend whose factors (Y2-X2, Y2+X2, 2d T2, Z2; the first two
 * swapped for lanes in ms, which subtract) are b[0..3]. b is overwritten.
 * Inlined into the run loop: the loaded factors then stay in registers
 * (about 5% off sl_ed25519_base_two_x4_var, measured; as a call they went
 * through the stack). */
FE_TARGET static inline __attribute__((always_inline)) void
FE_LANES_STEP(FE_VEC X[5], FE_VEC Y[5], FE_VEC Z[5], FE_VEC T[5], FE_VEC b[4][5], __mmask8 md,
           __mmask8 ms) {
    FE_VEC ymx[5], ypx[5], a[4][5], m[4][5];
    FE(subc)(ymx, Y, X);
    FE(addc)(ypx, Y, X);
    /* factors: addition (Y-X, Y+X, T, Z) x (q0, q1, q2, q3);
     * doubling (X, Y, Z, X+Y) squared */
    FE(blend)(a[0], md, ymx, X);
    FE(blend)(a[1], md, ypx, Y);
    FE(blend)(a[2], md, T, Z);
    FE(blend)(a[3], md, Z, ypx);
    #pragma GCC unroll 4
    for (int f = 0; f < 4; f++) FE(blend)(b[f], md, b[f], a[f]);
    /* the four products are left uncarried (limbs below 2^61): every use
     * below is a sum or difference that is carried before it is
     * multiplied, and stays below 2^64 (sums of at most three products, or
     * of two and 2^11 p or 2^12 p, FE(sub_kp)) */
    #pragma GCC unroll 4
    for (int f = 0; f < 4; f++) FE(mul_wide)(m[f], a[f], b[f]);
    /* completed point: doubling X = m3 - (m1 + m0), Y = m1 + m0,
     * Z = m1 - m0, T = 2 m2 - Z; addition X = m1 - m0, Y = m1 + m0,
     * Z = 2 m3 +/- m2, T = 2 m3 -/+ m2 (the sign of the step) */
    FE_VEC P[5], M[5], xd[5], td[5], m3x2[5], m2x2[5], zp[5], zn[5], w[5];
    FE_VEC cx[5], cz[5], ct[5];
    FE(addc)(P, m[1], m[0]);
    /* the candidates below stay uncarried until blended: M = m1 - m0 below
     * 2^62 + 2^61, m2x2, m3x2 below 2^62, zp and zn below 2^63, td below
     * 2^62 + 2^63, xd below 2^61 + 2^52 */
    FE(sub_kp)(M, m[1], m[0], 11);
    #pragma GCC unroll 5
    for (int k = 0; k < 5; k++) {
        m2x2[k] = FE_ADD(m[2][k], m[2][k]);
        m3x2[k] = FE_ADD(m[3][k], m[3][k]);
        zp[k] = FE_ADD(m3x2[k], m[2][k]);
    }
    FE(sub_kp)(xd, m[3], P, 1);
    FE(sub_kp)(td, m2x2, M, 12);
    FE(sub_kp)(zn, m3x2, m[2], 11);
    FE(blend)(w, ms, zp, zn); /* addition Z */
    FE(blend)(w, md, w, M);
    FE(carry)(cz, w);
    FE(blend)(w, ms, zn, zp); /* addition T */
    FE(blend)(w, md, w, td);
    FE(carry)(ct, w);
    FE(blend)(w, md, M, xd);
    FE(carry)(cx, w);
    FE(mul)(X, cx, ct);
    FE(mul)(Y, P, cz);
    FE(mul)(Z, cz, ct);
    FE(mul)(T, cx, P);
}

#undef FE_CAT_
#undef FE_CAT
#undef FE
#undef FE_CAT2_
#undef FE_CAT2
#undef FE_LANES_STEP
#undef FE_W
#undef FE_VEC
#undef FE_TARGET
#undef FE_ADD
#undef FE_SUB
#undef FE_SRLI
#undef FE_SLLI
#undef FE_AND
#undef FE_SET1
#undef FE_ZERO
#undef FE_MADDLO
#undef FE_MADDHI
#undef FE_BLEND
