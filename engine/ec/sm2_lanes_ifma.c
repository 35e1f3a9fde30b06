/* The vector half of sm2_lanes.h: the lane field, the point formulas and the
 * s G + t P chain of four verifications, with AVX-512 IFMA on 256-bit
 * vectors (lane j of vector i = limb i of element j). The pattern (target
 * attribute, run-time check in sm2_lanes.c, small loops unrolled by pragma so
 * the vectors stay in registers) is that of ed25519_ifma.c and
 * secp256k1_sqrt8.c.
 *
 * Bounds ("loose": limbs < 2^52, value < 2^257, the invariant of every
 * element between operations):
 *  - fe4_mul / fe4_sqr (Montgomery, R = 2^260): for loose a, b the result
 *    (a b + Q p) / 2^260 with Q < 2^260 is below 2^514 / 2^260 + p
 *    < 2^254 + 2^256 < 2^257; the columns stay below 2^58 in magnitude.
 *  - fe4_norm (after add, sub, small multiples): the value bits at 2^256
 *    and up, h = s4 >> 48, are folded with 2^256 == 2^224 + 2^96 - 2^64 + 1
 *    (mod p), then one carry pass: for non-negative limbs below 2^62 the
 *    result is below 2^256 + 2^14 2^225 + 2^220 < 2^257 with limbs < 2^52.
 *  - fe4_sub adds 16 p held with limbs 0..3 raised by 2^54 (borrowed from
 *    the limb above), so every limb of a + 16p - b is non-negative for any b
 *    with limbs 0..3 below 2^54 and limb 4 below 2^51 (up to four loose
 *    values summed). */
#include "ec/sm2_lanes.h"

#include "ec/ifma_target.h"

#ifdef SL_IFMA_BUILD

#include <immintrin.h>
#include <pthread.h>
#include <string.h>

#include "ec/sm2_field_impl.h"

#define L4 SL_IFMA_TARGET
#define L4I SL_IFMA_INLINE

#define LM52 ((UINT64_C(1) << 52) - 1)
#define LM48 ((UINT64_C(1) << 48) - 1)
/* p in radix 2^52: p0 = p2 = p3 = 2^52 - 1, and these two. */
#define LP1 UINT64_C(0xFF00000000FFF)
#define LP4 UINT64_C(0xFFFFFFFEFFFF)

typedef struct {
    __m256i v[5];
} fe4;

/* 16 p, limbs 0..3 raised by 2^54 and limbs 1..4 lowered by 4 (the same
 * value; see the file comment). */
static const uint64_t K16P[5] = {UINT64_C(0x4ffffffffffff0), UINT64_C(0x4f00000000fffb),
                                 UINT64_C(0x4ffffffffffffb), UINT64_C(0x4ffffffffffffb),
                                 UINT64_C(0xfffffffeffffb)};
/* 1 in the lane field's Montgomery form: 2^260 mod p. */
static const uint64_t ONE_L[5] = {UINT64_C(0x10), UINT64_C(0xffffffff0000), 0, 0,
                                  UINT64_C(0x100000)};
/* p and 2p (the loose representatives of 0 besides 0 itself). */
static const uint64_t P_L[5] = {LM52, LP1, LM52, LM52, LP4};
static const uint64_t P2_L[5] = {UINT64_C(0xffffffffffffe), UINT64_C(0xfe00000001fff), LM52, LM52,
                                 UINT64_C(0x1fffffffdffff)};

#define SET1(x) _mm256_set1_epi64x((long long)(x))

/* Loose limbs from non-negative limbs below 2^62 (file comment). */
L4I static inline void fe4_norm(fe4 *r, __m256i s[5]) {
    const __m256i m52 = SET1(LM52), m48 = SET1(LM48);
    __m256i h = _mm256_srli_epi64(s[4], 48);
    s[4] = _mm256_add_epi64(_mm256_and_si256(s[4], m48), _mm256_slli_epi64(h, 16));
    s[0] = _mm256_add_epi64(s[0], h);
    s[1] = _mm256_add_epi64(s[1], _mm256_sub_epi64(_mm256_slli_epi64(h, 44),
                                                   _mm256_slli_epi64(h, 12)));
    #pragma GCC unroll 4
    for (int k = 0; k < 4; k++) {
        __m256i c = _mm256_srli_epi64(s[k], 52);
        r->v[k] = _mm256_and_si256(s[k], m52);
        s[k + 1] = _mm256_add_epi64(s[k + 1], c);
    }
    r->v[4] = s[4];
}

L4I static inline void fe4_add(fe4 *r, const fe4 *a, const fe4 *b) {
    __m256i s[5];
    #pragma GCC unroll 5
    for (int k = 0; k < 5; k++) s[k] = _mm256_add_epi64(a->v[k], b->v[k]);
    fe4_norm(r, s);
}

/* r = a - b: b may be a sum of up to four loose elements (unnormalized). */
L4I static inline void fe4_sub(fe4 *r, const fe4 *a, const fe4 *b) {
    __m256i s[5];
    #pragma GCC unroll 5
    for (int k = 0; k < 5; k++)
        s[k] = _mm256_sub_epi64(_mm256_add_epi64(a->v[k], SET1(K16P[k])), b->v[k]);
    fe4_norm(r, s);
}

/* r = a + b + c without normalization (an operand for fe4_sub). */
L4I static inline void fe4_sum3(fe4 *r, const fe4 *a, const fe4 *b, const fe4 *c) {
    #pragma GCC unroll 5
    for (int k = 0; k < 5; k++)
        r->v[k] = _mm256_add_epi64(_mm256_add_epi64(a->v[k], b->v[k]), c->v[k]);
}

/* r = a << sh (times 2, 4, 8), normalized. */
L4I static inline void fe4_shl(fe4 *r, const fe4 *a, int sh) {
    __m256i s[5];
    #pragma GCC unroll 5
    for (int k = 0; k < 5; k++) s[k] = _mm256_slli_epi64(a->v[k], sh);
    fe4_norm(r, s);
}

L4I static inline void fe4_mul3(fe4 *r, const fe4 *a) {
    __m256i s[5];
    #pragma GCC unroll 5
    for (int k = 0; k < 5; k++) s[k] = _mm256_add_epi64(a->v[k], _mm256_slli_epi64(a->v[k], 1));
    fe4_norm(r, s);
}

/* Montgomery reduction of the ten columns t (signed, |t_k| < 2^58): five
 * rounds, round i with q = t_i mod 2^52 (since -p^-1 == 1 mod 2^52) adds
 * q p 2^(52 i), which makes column i divisible by 2^52, and carries it up.
 * q p0 = q 2^52 - q needs no product (the carry is (t_i >> 52) + q), and
 * with p2 = p3 = 2^52 - 1, q (p2 2^104 + p3 2^156) = q 2^208 - q 2^104;
 * only p1 and p4 take multiply-adds. The result (columns 5..9) is carried
 * to loose limbs (arithmetic shifts: columns may be negative). */
L4I static inline void fe4_mont(fe4 *r, __m256i t[10]) {
    const __m256i m52 = SET1(LM52), p1 = SET1(LP1), p4 = SET1(LP4);
    #pragma GCC unroll 5
    for (int i = 0; i < 5; i++) {
        __m256i q = _mm256_and_si256(t[i], m52);
        __m256i c = _mm256_add_epi64(_mm256_srai_epi64(t[i], 52), q);
        t[i + 1] = _mm256_madd52lo_epu64(_mm256_add_epi64(t[i + 1], c), q, p1);
        t[i + 2] = _mm256_sub_epi64(_mm256_madd52hi_epu64(t[i + 2], q, p1), q);
        t[i + 4] = _mm256_madd52lo_epu64(_mm256_add_epi64(t[i + 4], q), q, p4);
        t[i + 5] = _mm256_madd52hi_epu64(t[i + 5], q, p4);
    }
    #pragma GCC unroll 4
    for (int k = 5; k < 9; k++) {
        __m256i c = _mm256_srai_epi64(t[k], 52);
        r->v[k - 5] = _mm256_and_si256(t[k], m52);
        t[k + 1] = _mm256_add_epi64(t[k + 1], c);
    }
    r->v[4] = t[9];
}

/* t += a b as ten columns: the low and high halves of every product go
 * straight into one set of columns (fewer instructions; the work is bound by
 * instruction throughput, not by the longer chains: measured). */
L4I static inline void fe4_madd(__m256i t[10], const fe4 *a, const fe4 *b) {
    #pragma GCC unroll 5
    for (int i = 0; i < 5; i++) {
        #pragma GCC unroll 5
        for (int j = 0; j < 5; j++) {
            t[i + j] = _mm256_madd52lo_epu64(t[i + j], a->v[i], b->v[j]);
            t[i + j + 1] = _mm256_madd52hi_epu64(t[i + j + 1], a->v[i], b->v[j]);
        }
    }
}

/* r = a b 2^-260 mod p, loose in and out. */
L4I static inline void fe4_mul(fe4 *r, const fe4 *a, const fe4 *b) {
    __m256i t[10];
    #pragma GCC unroll 10
    for (int k = 0; k < 10; k++) t[k] = _mm256_setzero_si256();
    fe4_madd(t, a, b);
    fe4_mont(r, t);
}

/* r = (a b + c d) 2^-260 mod p with one reduction (loose in and out: the
 * columns stay below 2^59, and (a b + c d + Q p) / 2^260 < 2^255 + p). */
L4I static inline void fe4_mul2(fe4 *r, const fe4 *a, const fe4 *b, const fe4 *c, const fe4 *d) {
    __m256i t[10];
    #pragma GCC unroll 10
    for (int k = 0; k < 10; k++) t[k] = _mm256_setzero_si256();
    fe4_madd(t, a, b);
    fe4_madd(t, c, d);
    fe4_mont(r, t);
}

/* r = a^2 2^-260 mod p: the 10 cross products once, doubled by a shift,
 * then the 5 squares added on. */
L4I static inline void fe4_sqr(fe4 *r, const fe4 *a) {
    __m256i t[10];
    #pragma GCC unroll 10
    for (int k = 0; k < 10; k++) t[k] = _mm256_setzero_si256();
    #pragma GCC unroll 5
    for (int i = 0; i < 5; i++) {
        #pragma GCC unroll 4
        for (int j = i + 1; j < 5; j++) {
            t[i + j] = _mm256_madd52lo_epu64(t[i + j], a->v[i], a->v[j]);
            t[i + j + 1] = _mm256_madd52hi_epu64(t[i + j + 1], a->v[i], a->v[j]);
        }
    }
    #pragma GCC unroll 10
    for (int k = 1; k < 10; k++) t[k] = _mm256_slli_epi64(t[k], 1);
    #pragma GCC unroll 5
    for (int i = 0; i < 5; i++) {
        t[2 * i] = _mm256_madd52lo_epu64(t[2 * i], a->v[i], a->v[i]);
        t[2 * i + 1] = _mm256_madd52hi_epu64(t[2 * i + 1], a->v[i], a->v[i]);
    }
    fe4_mont(r, t);
}

L4 static inline void fe4_sqr_n(fe4 *r, const fe4 *a, int n) {
    fe4_sqr(r, a);
    for (int i = 1; i < n; i++) fe4_sqr(r, r);
}

/* Bit j set iff lane j of a (loose, < 2^257 < 3p) is 0, p or 2p. */
L4 static inline unsigned fe4_zero_mask(const fe4 *a) {
    __mmask8 z = 0x0F, zp = 0x0F, z2p = 0x0F;
    #pragma GCC unroll 5
    for (int k = 0; k < 5; k++) {
        z &= _mm256_cmpeq_epi64_mask(a->v[k], _mm256_setzero_si256());
        zp &= _mm256_cmpeq_epi64_mask(a->v[k], SET1(P_L[k]));
        z2p &= _mm256_cmpeq_epi64_mask(a->v[k], SET1(P2_L[k]));
    }
    return (unsigned)(z | zp | z2p) & 0x0F;
}

L4 static inline void fe4_set_const(fe4 *r, const uint64_t c[5]) {
    #pragma GCC unroll 5
    for (int k = 0; k < 5; k++) r->v[k] = SET1(c[k]);
}

L4 static inline void fe4_load(fe4 *r, const sl_sm2_lfe a[4]) {
    #pragma GCC unroll 5
    for (int k = 0; k < 5; k++)
        r->v[k] = _mm256_set_epi64x((long long)a[3].v[k], (long long)a[2].v[k],
                                    (long long)a[1].v[k], (long long)a[0].v[k]);
}

L4 static inline void fe4_store(sl_sm2_lfe r[4], const fe4 *a) {
    uint64_t t[4];
    #pragma GCC unroll 5
    for (int k = 0; k < 5; k++) {
        _mm256_storeu_si256((__m256i *)t, a->v[k]);
        for (int j = 0; j < 4; j++) r[j].v[k] = t[j];
    }
}

/* r = a^((p+1)/4), (p+1)/4 = 2^62 (2^32 - 1) (2^160 - 1): w = a^(2^32-1)
 * by the usual doubling chain, then w^(2^160-1) the same way (2^128 and
 * 2^32 joined), then 62 squarings. 252 squarings, 13 multiplications. */
L4 static void fe4_pow_sqrt(fe4 *r, const fe4 *a) {
    fe4 x2, x4, x8, x16, w, y2, y4, y8, y16, y32, y64, t;
    fe4_sqr(&t, a);
    fe4_mul(&x2, &t, a);
    fe4_sqr_n(&t, &x2, 2);
    fe4_mul(&x4, &t, &x2);
    fe4_sqr_n(&t, &x4, 4);
    fe4_mul(&x8, &t, &x4);
    fe4_sqr_n(&t, &x8, 8);
    fe4_mul(&x16, &t, &x8);
    fe4_sqr_n(&t, &x16, 16);
    fe4_mul(&w, &t, &x16); /* a^(2^32 - 1) */
    fe4_sqr(&t, &w);
    fe4_mul(&y2, &t, &w); /* w^(2^2 - 1) */
    fe4_sqr_n(&t, &y2, 2);
    fe4_mul(&y4, &t, &y2);
    fe4_sqr_n(&t, &y4, 4);
    fe4_mul(&y8, &t, &y4);
    fe4_sqr_n(&t, &y8, 8);
    fe4_mul(&y16, &t, &y8);
    fe4_sqr_n(&t, &y16, 16);
    fe4_mul(&y32, &t, &y16);
    fe4_sqr_n(&t, &y32, 32);
    fe4_mul(&y64, &t, &y32);
    fe4_sqr_n(&t, &y64, 64);
    fe4_mul(&t, &t, &y64); /* w^(2^128 - 1) */
    fe4_sqr_n(&t, &t, 32);
    fe4_mul(&t, &t, &y32); /* w^(2^160 - 1) */
    fe4_sqr_n(r, &t, 62);
}


/* ---- points in the lanes ------------------------------------------------ */

typedef struct {
    fe4 x, y, z;
} gej4;
/* A table entry of P's multiples: Jacobian with Z^2 and Z^3 kept. */
typedef struct {
    fe4 x, y, z, zz, zzz;
} cached4;

/* r = 2a, dbl-2001-b for a = -3 (the formula of sm2_group.c): delta = Z^2,
 * gamma = Y^2, beta = X gamma, alpha = 3 (X - delta)(X + delta),
 * X3 = alpha^2 - 8 beta, Z3 = (Y + Z)^2 - gamma - delta (= 2 Y Z, computed
 * so: one multiplication instead of a squaring and two additions),
 * Y3 = alpha (4 beta - X3) - 8 gamma^2. r may be a. */
L4 static inline void gej4_dbl(gej4 *r, const gej4 *a) {
    fe4 delta, gamma, beta, alpha, t1, t2, s, x3, z3;
    fe4_sqr(&delta, &a->z);
    fe4_sqr(&gamma, &a->y);
    fe4_mul(&beta, &a->x, &gamma);
    fe4_sub(&t1, &a->x, &delta);
    /* 3 (X + delta) in one normalization: limbs below 3 2^53 */
    __m256i s3[5];
    #pragma GCC unroll 5
    for (int k = 0; k < 5; k++) {
        __m256i u = _mm256_add_epi64(a->x.v[k], delta.v[k]);
        s3[k] = _mm256_add_epi64(u, _mm256_slli_epi64(u, 1));
    }
    fe4_norm(&t2, s3);
    fe4_mul(&alpha, &t1, &t2);
    /* Z3 = (Y + Z)^2 - gamma - delta = 2 Y Z */
    fe4_mul(&z3, &a->y, &a->z);
    fe4_shl(&z3, &z3, 1);
    fe4_shl(&beta, &beta, 2); /* 4 beta */
    fe4_sqr(&x3, &alpha);
    #pragma GCC unroll 5
    for (int k = 0; k < 5; k++) s.v[k] = _mm256_add_epi64(beta.v[k], beta.v[k]);
    fe4_sub(&x3, &x3, &s);
    fe4_sub(&t1, &beta, &x3);
    /* Y3 = alpha t1 + (-gamma)(8 gamma), one reduction */
    fe4 ng, g8, zero;
    memset(&zero, 0, sizeof zero);
    fe4_sub(&ng, &zero, &gamma);
    fe4_shl(&g8, &gamma, 3);
    fe4_mul2(&r->y, &alpha, &t1, &ng, &g8);
    r->x = x3;
    r->z = z3;
}

/* r = a + (x2, y2) affine, madd-2004-hmv (sm2_group.c): T1 = Z1^2,
 * T2 = T1 Z1, U2 = X2 T1, S2 = Y2 T2, H = U2 - X1, R = S2 - Y1, Z3 = Z1 H,
 * X3 = R^2 - H^3 - 2 X1 H^2, Y3 = R (X1 H^2 - X3) - Y1 H^3. H == 0 (equal or
 * opposite points) gives Z3 == 0, kept by every later step: the caller's
 * fallback test. r may be a. */
L4 static inline void gej4_add_ge(gej4 *r, const gej4 *a, const fe4 *x2, const fe4 *y2) {
    fe4 t1, t2, u2, s2, h, rr, hh, hhh, v, x3, z3, s;
    fe4_sqr(&t1, &a->z);
    fe4_mul(&t2, &t1, &a->z);
    fe4_mul(&u2, x2, &t1);
    fe4_mul(&s2, y2, &t2);
    fe4_sub(&h, &u2, &a->x);
    fe4_sub(&rr, &s2, &a->y);
    fe4_mul(&z3, &a->z, &h);
    fe4_sqr(&hh, &h);
    fe4_mul(&hhh, &hh, &h);
    fe4_mul(&v, &a->x, &hh);
    fe4_sqr(&x3, &rr);
    fe4_sum3(&s, &hhh, &v, &v);
    fe4_sub(&x3, &x3, &s);
    fe4_sub(&t1, &v, &x3);
    /* Y3 = R t1 + (-Y1) H^3, one reduction */
    memset(&t2, 0, sizeof t2);
    fe4_sub(&t2, &t2, &a->y);
    fe4_mul2(&r->y, &rr, &t1, &t2, &hhh);
    r->x = x3;
    r->z = z3;
}

/* r = a + e, add-1998-cmo-2 (sm2_group.c) with the entry's Z^2, Z^3 kept:
 * U1 = X1 Z2^2, U2 = X2 Z1^2, S1 = Y1 Z2^3, S2 = Y2 Z1^3, H = U2 - U1,
 * R = S2 - S1, X3 = R^2 - H^3 - 2 U1 H^2, Y3 = R (U1 H^2 - X3) - S1 H^3,
 * Z3 = Z1 Z2 H. z1z1, z1c: Z1^2 and Z1^3. H == 0 gives Z3 == 0 (as above). */
L4 static inline void gej4_add_cached(gej4 *r, const gej4 *a, const fe4 *z1z1, const fe4 *z1c,
                                      const cached4 *e) {
    fe4 u1, u2, s1, s2, h, rr, hh, hhh, v, x3, z3, s, t;
    fe4_mul(&u1, &a->x, &e->zz);
    fe4_mul(&u2, &e->x, z1z1);
    fe4_mul(&s1, &a->y, &e->zzz);
    fe4_mul(&s2, &e->y, z1c);
    fe4_sub(&h, &u2, &u1);
    fe4_sub(&rr, &s2, &s1);
    fe4_mul(&t, &a->z, &e->z);
    fe4_mul(&z3, &t, &h);
    fe4_sqr(&hh, &h);
    fe4_mul(&hhh, &hh, &h);
    fe4_mul(&v, &u1, &hh);
    fe4_sqr(&x3, &rr);
    fe4_sum3(&s, &hhh, &v, &v);
    fe4_sub(&x3, &x3, &s);
    fe4_sub(&t, &v, &x3);
    /* Y3 = R t + (-S1) H^3, one reduction */
    fe4 ns1;
    memset(&ns1, 0, sizeof ns1);
    fe4_sub(&ns1, &ns1, &s1);
    fe4_mul2(&r->y, &rr, &t, &ns1, &hhh);
    r->x = x3;
    r->z = z3;
}

/* ---- the static table of G: entry e = (2e - 255) G, e < 256 ------------- */

#define G_W 8                     /* window of s G */
#define G_DIGITS 33               /* 8 x 33 = 264 >= 257 bits */
#define G_ENTRIES (1 << G_W)      /* +-G, +-3G, ..., +-255G */
#define P_W 5                     /* window of t P */
#define P_DIGITS 52               /* 5 x 52 = 260 >= 257 bits */
#define P_ENTRIES (1 << P_W)      /* +-P, ..., +-31P */

/* x limbs then y limbs, lane-field form; written once under pthread_once,
 * read-only afterwards. */
static _Alignas(64) uint64_t g_lanes[G_ENTRIES][10];
static pthread_once_t g_lanes_once = PTHREAD_ONCE_INIT;

static void g_lanes_build(void) {
    sl_sm2_ge pos[G_ENTRIES / 2];
    sl_sm2_gej g;
    sl_sm2_gej_set_ge(&g, &sl_sm2_gen);
    sl_sm2_odd_multiples_var(pos, &g, 1, G_ENTRIES / 2);
    for (int k = 0; k < G_ENTRIES / 2; k++) {
        sl_sm2_lfe x, y, ny;
        sl_sm2_fe nyf;
        sl_sm2_fe_neg(&nyf, &pos[k].y);
        sl_sm2_lfe_from_fe(&x, &pos[k].x);
        sl_sm2_lfe_from_fe(&y, &pos[k].y);
        sl_sm2_lfe_from_fe(&ny, &nyf);
        memcpy(g_lanes[G_ENTRIES / 2 + k], x.v, 40);
        memcpy(g_lanes[G_ENTRIES / 2 + k] + 5, y.v, 40);
        memcpy(g_lanes[G_ENTRIES / 2 - 1 - k], x.v, 40);
        memcpy(g_lanes[G_ENTRIES / 2 - 1 - k] + 5, ny.v, 40);
    }
}

/* ---- regular signed-digit recoding ---------------------------------------- */

/* count (<= 16) bits of k from pos; bits at 256 and up are 0. */
static unsigned bits_at(const uint64_t k[4], int pos, int count) {
    if (pos >= 256)
        return 0;
    int limb = pos >> 6, off = pos & 63;
    uint64_t v = k[limb] >> off;
    if (off + count > 64 && limb < 3)
        v |= k[limb + 1] << (64 - off);
    return (unsigned)(v & ((UINT64_C(1) << count) - 1));
}

/* For ODD k < 2^256: k = sum_i d_i 2^(w i), i < m, every d_i odd with
 * |d_i| < 2^w (libsecp256k1's ecmult_const recoding): with
 * k_i = (k >> w i) | 1 (odd), d_i = (k_i mod 2^(w+1)) - 2^w and
 * k_(i+1) = (k_i - d_i) / 2^w, which is again (k >> w (i+1)) | 1; the last
 * digit is k_(m-1) itself (< 2^w when w (m-1) >= 257 - w). neg negates
 * every digit (the recoding of -k). */
static void regular_recode(int16_t *d, const uint64_t k[4], int w, int m, int neg) {
    for (int i = 0; i < m - 1; i++)
        d[i] = (int16_t)((int)(bits_at(k, w * i, w + 1) | 1) - (1 << w));
    d[m - 1] = (int16_t)(bits_at(k, w * (m - 1), w + 1) | 1);
    if (neg)
        for (int i = 0; i < m; i++) d[i] = (int16_t)-d[i];
}

/* Odd representative of a scalar k in [1, n-1]: k itself, or n - k (odd,
 * n being odd) with *neg = 1, so that k B = (n - k)(-B). */
static void odd_scalar(uint64_t out[4], int *neg, const uint64_t k[4]) {
    if (k[0] & 1) {
        memcpy(out, k, 32);
        *neg = 0;
        return;
    }
    static const uint64_t n[4] = {UINT64_C(0x53BBF40939D54123), UINT64_C(0x7203DF6B21C6052B),
                                  UINT64_C(0xFFFFFFFFFFFFFFFF), UINT64_C(0xFFFFFFFEFFFFFFFF)};
    unsigned b = 0;
    for (int i = 0; i < 4; i++) b = sm2_sbb(b, n[i], k[i], &out[i]);
    *neg = 1;
}

/* ---- the chain -------------------------------------------------------------- */

L4 static inline void gather_g(fe4 *x, fe4 *y, __m256i off) {
    const long long *base = (const long long *)&g_lanes[0][0];
    #pragma GCC unroll 5
    for (int k = 0; k < 5; k++) {
        x->v[k] = _mm256_i64gather_epi64(base + k, off, 1);
        y->v[k] = _mm256_i64gather_epi64(base + 5 + k, off, 1);
    }
}

L4 static inline void gather_fe(fe4 *r, const fe4 *f0, __m256i off) {
    const long long *base = (const long long *)f0;
    #pragma GCC unroll 5
    for (int k = 0; k < 5; k++) r->v[k] = _mm256_i64gather_epi64(base + 4 * k, off, 1);
}

L4 static inline void gather_cached(cached4 *r, const cached4 *tab, __m256i off) {
    gather_fe(&r->x, &tab->x, off);
    gather_fe(&r->y, &tab->y, off);
    gather_fe(&r->z, &tab->z, off);
    gather_fe(&r->zz, &tab->zz, off);
    gather_fe(&r->zzz, &tab->zzz, off);
}

/* tab[e] = (2e - 31) P per lane, e < 32: D = 2P, then (2k+1) P = D +
 * (2k-1) P by add-1998-cmo-2 with D's Z^2, Z^3 computed once (no entry is
 * exceptional: (2k+1) P = +-2P would need a multiple of P of order <= 33). */
L4 static void p_table(cached4 tab[P_ENTRIES], const sl_sm2_ge *const p[4]) {
    sl_sm2_lfe lx[4], ly[4];
    for (int j = 0; j < 4; j++) {
        sl_sm2_lfe_from_fe(&lx[j], &p[j]->x);
        sl_sm2_lfe_from_fe(&ly[j], &p[j]->y);
    }
    cached4 *e = &tab[P_ENTRIES / 2];
    fe4_load(&e->x, lx);
    fe4_load(&e->y, ly);
    fe4_set_const(&e->z, ONE_L);
    e->zz = e->z;
    e->zzz = e->z;
    gej4 d = {e->x, e->y, e->z};
    gej4_dbl(&d, &d);
    fe4 dzz, dzzz, zero;
    fe4_sqr(&dzz, &d.z);
    fe4_mul(&dzzz, &dzz, &d.z);
    for (int k = 1; k < P_ENTRIES / 2; k++) {
        gej4 r;
        gej4_add_cached(&r, &d, &dzz, &dzzz, &tab[P_ENTRIES / 2 + k - 1]);
        cached4 *n = &tab[P_ENTRIES / 2 + k];
        n->x = r.x;
        n->y = r.y;
        n->z = r.z;
        fe4_sqr(&n->zz, &r.z);
        fe4_mul(&n->zzz, &n->zz, &r.z);
    }
    memset(&zero, 0, sizeof zero);
    for (int k = 0; k < P_ENTRIES / 2; k++) {
        const cached4 *pos = &tab[P_ENTRIES / 2 + k];
        cached4 *neg = &tab[P_ENTRIES / 2 - 1 - k];
        *neg = *pos;
        fe4_sub(&neg->y, &zero, &pos->y);
    }
}

L4 unsigned sl_sm2_lanes_mult4_ifma(sl_sm2_fe x[4], sl_sm2_fe z[4], const sl_sm2_ge *const p[4],
                                    const uint64_t *const s[4], const uint64_t *const t[4],
                                    unsigned force_fallback) {
    pthread_once(&g_lanes_once, g_lanes_build);
    int16_t dg[4][G_DIGITS], dp[4][P_DIGITS];
    for (int j = 0; j < 4; j++) {
        uint64_t k[4];
        int neg;
        odd_scalar(k, &neg, s[j]);
        regular_recode(dg[j], k, G_W, G_DIGITS, neg);
        odd_scalar(k, &neg, t[j]);
        regular_recode(dp[j], k, P_W, P_DIGITS, neg);
    }
    cached4 tab[P_ENTRIES];
    p_table(tab, p);
    /* Byte offsets of each digit's entry, lane j reading its own lane. */
    const __m256i lane8 = _mm256_set_epi64x(24, 16, 8, 0);
#define G_OFF(i)                                                                          \
    _mm256_set_epi64x((long long)((dg[3][i] + 255) >> 1) * 80, (long long)((dg[2][i] + 255) >> 1) * 80, \
                      (long long)((dg[1][i] + 255) >> 1) * 80, (long long)((dg[0][i] + 255) >> 1) * 80)
#define P_OFF(i)                                                                          \
    _mm256_add_epi64(_mm256_set_epi64x((long long)((dp[3][i] + 31) >> 1) * (long long)sizeof(cached4), \
                                       (long long)((dp[2][i] + 31) >> 1) * (long long)sizeof(cached4), \
                                       (long long)((dp[1][i] + 31) >> 1) * (long long)sizeof(cached4), \
                                       (long long)((dp[0][i] + 31) >> 1) * (long long)sizeof(cached4)), \
                     lane8)
    gej4 acc;
    gather_g(&acc.x, &acc.y, G_OFF(G_DIGITS - 1));
    fe4_set_const(&acc.z, ONE_L);
    for (int pos = G_W * (G_DIGITS - 1) - 1; pos >= 0; pos--) {
        gej4_dbl(&acc, &acc);
        if (pos % P_W == 0) {
            cached4 e;
            fe4 z1z1, z1c;
            gather_cached(&e, tab, P_OFF(pos / P_W));
            fe4_sqr(&z1z1, &acc.z);
            fe4_mul(&z1c, &z1z1, &acc.z);
            gej4_add_cached(&acc, &acc, &z1z1, &z1c, &e);
        }
        if (pos % G_W == 0) {
            fe4 gx, gy;
            gather_g(&gx, &gy, G_OFF(pos / G_W));
            gej4_add_ge(&acc, &acc, &gx, &gy);
        }
    }
#undef G_OFF
#undef P_OFF
    unsigned fallback = (fe4_zero_mask(&acc.z) | force_fallback) & 0x0F;
    sl_sm2_lfe lx[4], lz[4];
    fe4_store(lx, &acc.x);
    fe4_store(lz, &acc.z);
    for (int j = 0; j < 4; j++) {
        sl_sm2_lfe_to_fe(&x[j], &lx[j]);
        sl_sm2_lfe_to_fe(&z[j], &lz[j]);
    }
    return fallback;
}

L4 void sl_sm2_lanes_fe_op_ifma(int op, sl_sm2_lfe r[4], const sl_sm2_lfe a[4],
                                const sl_sm2_lfe b[4]) {
    fe4 va, vb, vr;
    fe4_load(&va, a);
    fe4_load(&vb, b);
    switch (op) {
    case SL_SM2_LOP_MUL: fe4_mul(&vr, &va, &vb); break;
    case SL_SM2_LOP_SQR: fe4_sqr(&vr, &va); break;
    case SL_SM2_LOP_ADD: fe4_add(&vr, &va, &vb); break;
    case SL_SM2_LOP_SUB: fe4_sub(&vr, &va, &vb); break;
    case SL_SM2_LOP_MUL3: fe4_mul3(&vr, &va); break;
    case SL_SM2_LOP_MUL8: fe4_shl(&vr, &va, 3); break;
    case SL_SM2_LOP_SQRT: fe4_pow_sqrt(&vr, &va); break;
    case SL_SM2_LOP_MUL2: fe4_mul2(&vr, &va, &vb, &va, &va); break;
    default: {
        unsigned m = fe4_zero_mask(&va);
        memset(r, 0, 4 * sizeof *r);
        for (int j = 0; j < 4; j++) r[j].v[0] = (m >> j) & 1;
        return;
    }
    }
    fe4_store(r, &vr);
}

void sl_sm2_lanes_sqrt4_ifma(sl_sm2_fe r[4], const sl_sm2_fe a[4]) {
    sl_sm2_lfe la[4], lr[4];
    for (int j = 0; j < 4; j++) sl_sm2_lfe_from_fe(&la[j], &a[j]);
    sl_sm2_lanes_fe_op_ifma(SL_SM2_LOP_SQRT, lr, la, la);
    for (int j = 0; j < 4; j++) sl_sm2_lfe_to_fe(&r[j], &lr[j]);
}

#else

/* Never called off x86-64 (sl_sm2_lanes_supported() is 0 there). */
void sl_sm2_lanes_fe_op_ifma(int op, sl_sm2_lfe r[4], const sl_sm2_lfe a[4],
                             const sl_sm2_lfe b[4]) {
    (void)op; (void)r; (void)a; (void)b;
}
void sl_sm2_lanes_sqrt4_ifma(sl_sm2_fe r[4], const sl_sm2_fe a[4]) {
    (void)r; (void)a;
}
unsigned sl_sm2_lanes_mult4_ifma(sl_sm2_fe x[4], sl_sm2_fe z[4], const sl_sm2_ge *const p[4],
                                 const uint64_t *const s[4], const uint64_t *const t[4],
                                 unsigned force_fallback) {
    (void)x; (void)z; (void)p; (void)s; (void)t; (void)force_fallback;
    return 0x0F;
}

#endif
