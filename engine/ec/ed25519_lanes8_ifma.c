/* Eight lane programs side by side (ed25519_lanes.h,
 * sl_ed25519_lanes_run8_ifma): ed25519_ifma.c's four-lane runner with
 * 512-bit vectors, lane j of every vector belonging to program j. Where a
 * 512-bit IFMA instruction issues as fast as a 256-bit one (Intel's
 * AVX-512 cores: a throughput loop gave 0.31 against 0.29 TSC ticks per
 * instruction on a Sapphire Rapids guest), eight chains cost little more
 * than four; Zen 4 runs a 512-bit op as two halves, so there the four-lane
 * runner stays (sl_ed25519_lanes8_preferred). The factors of a step are
 * gathered from the eight entries' addresses. */
#include "ec/ed25519_lanes.h"

#include "ec/ifma_target.h"

#ifdef SL_IFMA_BUILD

#include <immintrin.h>

#include "ec/ed25519_fe8_ifma.h" /* fe8_*, lanes_step8 */

int sl_ed25519_lanes8_preferred(void) {
    return sl_ifma_cpu_supported() && !__builtin_cpu_is("amd");
}

/* Limb k of the eight elements at the addresses in ptr (a vector of eight
 * pointers): one gather per limb. */
IFMA8_TARGET static inline void fe8_gather(__m512i v[5], __m512i ptr) {
    #pragma GCC unroll 5
    for (int k = 0; k < 5; k++)
        v[k] = _mm512_i64gather_epi64(_mm512_add_epi64(ptr, _mm512_set1_epi64(8 * k)),
                                      (const void *)0, 1);
}

IFMA8_TARGET static inline void fe8_store(sl_ed25519_fe *const r[8], const __m512i v[5]) {
    uint64_t buf[5][8];
    #pragma GCC unroll 5
    for (int k = 0; k < 5; k++) _mm512_storeu_si512((void *)buf[k], v[k]);
    for (int j = 0; j < 8; j++)
        for (int k = 0; k < 5; k++) r[j]->v[k] = buf[k][j];
}

/* Steps i0 .. i1-1 of the eight programs; a lane whose program has ended
 * adds the identity (tail != 0 only). */
IFMA8_TARGET static inline __attribute__((always_inline)) void
lanes8_run_range(__m512i X[5], __m512i Y[5], __m512i Z[5], __m512i T[5],
                 const sl_ed25519_lane_prog p[8], int i0, int i1, int tail) {
    const sl_ed25519_lane_op idle = {&sl_ed25519_lane_identity, SL_ED25519_LANE_CACHED, 0};
    for (int i = i0; i < i1; i++) {
        const sl_ed25519_fe *q[4][8]; /* q[factor][lane] */
        unsigned dbl = 0, sub = 0;
        #pragma GCC unroll 8
        for (int j = 0; j < 8; j++) {
            const sl_ed25519_lane_op *o = !tail || i < p[j].n ? &p[j].op[i] : &idle;
            const sl_ed25519_fe *f4[4];
            dbl |= (unsigned)(o->kind == SL_ED25519_LANE_DBL) << j;
            sub |= (unsigned)o->sub << j;
            sl_ed25519_lane_op_factors(f4, o);
            #pragma GCC unroll 4
            for (int f = 0; f < 4; f++) q[f][j] = f4[f];
        }
        __m512i b[4][5];
        #pragma GCC unroll 4
        for (int f = 0; f < 4; f++) fe8_gather(b[f], _mm512_loadu_si512((const void *)q[f]));
        lanes_step8(X, Y, Z, T, b, (__mmask8)dbl, (__mmask8)sub);
    }
}

IFMA8_TARGET void sl_ed25519_lanes_run8_ifma(sl_ed25519_ge r[8], const sl_ed25519_lane_prog p[8]) {
    __m512i X[5], Y[5], Z[5], T[5];
    const __m512i z0 = _mm512_setzero_si512(), one0 = _mm512_set1_epi64(1);
    #pragma GCC unroll 5
    for (int k = 0; k < 5; k++) X[k] = T[k] = Y[k] = Z[k] = z0;
    Y[0] = Z[0] = one0; /* the identity in every lane */
    int steps = 0, common = p[0].n;
    for (int j = 0; j < 8; j++) {
        steps = p[j].n > steps ? p[j].n : steps;
        common = p[j].n < common ? p[j].n : common;
    }
    lanes8_run_range(X, Y, Z, T, p, 0, common, 0);
    lanes8_run_range(X, Y, Z, T, p, common, steps, 1);
    sl_ed25519_fe *rx[8], *ry[8], *rz[8], *rt[8];
    for (int j = 0; j < 8; j++) {
        rx[j] = &r[j].X;
        ry[j] = &r[j].Y;
        rz[j] = &r[j].Z;
        rt[j] = &r[j].T;
    }
    fe8_store(rx, X);
    fe8_store(ry, Y);
    fe8_store(rz, Z);
    fe8_store(rt, T);
}

#else

int sl_ed25519_lanes8_preferred(void) { return 0; }

void sl_ed25519_lanes_run8_ifma(sl_ed25519_ge r[8], const sl_ed25519_lane_prog p[8]) {
    (void)r;
    (void)p;
}

#endif
