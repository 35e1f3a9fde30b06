/* secp256k1 base field in 5x52 limbs with lazy reduction: the working
 * representation of the group code's hot loops (static inline). Internal
 * header of the engine (engine/ec).
 *
 * An element is n[0] + n[1] 2^52 + n[2] 2^104 + n[3] 2^156 + n[4] 2^208.
 * "Magnitude m" (the convention of bitcoin-core/secp256k1
 * src/field_5x52.h): n[0..3] <= 2m (2^52 - 1), n[4] <= 2m (2^48 - 1); the
 * value is only known mod p. Products of 52-bit limbs sum in unsigned
 * __int128 columns without carries between them, which is what makes this
 * faster than 4x64 limbs in C. The comments give each result's magnitude:
 *   mul, sqr:   inputs m <= 8, output m = 1;
 *   add:        m(a) + m(b);   negate(a, m): m + 1;   mul_int(a, k): k m(a);
 *   half:       m/2 + 1;       normalize_weak: 1;     normalize: canonical (< p).
 * Reduction: 2^256 == 0x1000003D1 (mod p), so 2^260 == 0x1000003D10. */
#ifndef SLUICE_EC_SECP256K1_FE52_IMPL_H
#define SLUICE_EC_SECP256K1_FE52_IMPL_H

#include <stdint.h>

#include "secp256k1_field.h"

typedef struct {
    uint64_t n[5];
} sk_fe52;

typedef unsigned __int128 sk_fe52_u128;

#define SK_M52 0xFFFFFFFFFFFFFULL
#define SK_M48 0xFFFFFFFFFFFFULL
#define SK_C256 0x1000003D1ULL
#define SK_C260 0x1000003D10ULL
/* p in 5x52 limbs. */
#define SK_P0 0xFFFFEFFFFFC2FULL
#define SK_P1 0xFFFFFFFFFFFFFULL
#define SK_P4 0x0FFFFFFFFFFFFULL

#define SK_INLINE static inline __attribute__((always_inline))

/* From the canonical 4x64 form (magnitude 1). */
SK_INLINE void sk_fe52_from4(sk_fe52 *r, const sl_secp256k1_fe *a) {
    r->n[0] = a->v[0] & SK_M52;
    r->n[1] = ((a->v[0] >> 52) | (a->v[1] << 12)) & SK_M52;
    r->n[2] = ((a->v[1] >> 40) | (a->v[2] << 24)) & SK_M52;
    r->n[3] = ((a->v[2] >> 28) | (a->v[3] << 36)) & SK_M52;
    r->n[4] = a->v[3] >> 16;
}

SK_INLINE void sk_fe52_set_u64(sk_fe52 *r, uint64_t x) {
    r->n[0] = x & SK_M52;
    r->n[1] = x >> 52;
    r->n[2] = r->n[3] = r->n[4] = 0;
}

/* r = a b mod p. Column k is sum_{i+j=k} a_i b_j (weight 2^(52k)); columns
 * 5..8 fold into 0..3 with 2^260 == C260. Two 128-bit accumulators only,
 * in the order of bitcoin-core/secp256k1 src/field_5x52_int128_impl.h
 * (secp256k1_fe_mul_inner): d runs over the high columns (3, 4, 5, 6, 7)
 * and c over the low ones (8 first, then 0, 1, 2, 3, 4), each high column
 * being folded into c as soon as its low 52 bits are known. Keeping only
 * two accumulators live lets the compiler keep them in registers.
 * Bounds (limbs < 2^56, n4 < 2^52): every column sum is < 2^115 and each
 * accumulator stays below 2^128 (see the comments at each step). */
SK_INLINE void sk_fe52_mul(sk_fe52 *r, const sk_fe52 *a, const sk_fe52 *b) {
    const uint64_t a0 = a->n[0], a1 = a->n[1], a2 = a->n[2], a3 = a->n[3], a4 = a->n[4];
    const uint64_t b0 = b->n[0], b1 = b->n[1], b2 = b->n[2], b3 = b->n[3], b4 = b->n[4];
    sk_fe52_u128 c, d;
    uint64_t t3, t4, tx, u0, r0, r1, r2, r3;
    /* Column 3, and column 8 (weight 2^416 = 2^260 2^156: into column 3). */
    d = (sk_fe52_u128)a0 * b3 + (sk_fe52_u128)a1 * b2 + (sk_fe52_u128)a2 * b1 +
        (sk_fe52_u128)a3 * b0;                                  /* < 2^114 */
    c = (sk_fe52_u128)a4 * b4;                                  /* < 2^104 */
    d += (sk_fe52_u128)SK_C260 * (uint64_t)c;                   /* < 2^115 */
    c >>= 64;                                                   /* < 2^40: weight 2^480 */
    t3 = (uint64_t)d & SK_M52;
    d >>= 52;
    /* Column 4, plus the top of column 8 (2^480 = 2^260 2^208 2^12). */
    d += (sk_fe52_u128)a0 * b4 + (sk_fe52_u128)a1 * b3 + (sk_fe52_u128)a2 * b2 +
         (sk_fe52_u128)a3 * b1 + (sk_fe52_u128)a4 * b0;
    d += (sk_fe52_u128)(SK_C260 << 12) * (uint64_t)c;
    t4 = (uint64_t)d & SK_M52;
    d >>= 52;
    tx = t4 >> 48;      /* bits 256..259 of the low half, folded with u0 below */
    t4 &= SK_M48;
    /* Column 0, and column 5 whose low 52 bits u0 (weight 2^260) join tx
     * (weight 2^256) as u0 2^4 + tx, folded with 2^256 == C256. */
    c = (sk_fe52_u128)a0 * b0;
    d += (sk_fe52_u128)a1 * b4 + (sk_fe52_u128)a2 * b3 + (sk_fe52_u128)a3 * b2 +
         (sk_fe52_u128)a4 * b1;
    u0 = (uint64_t)d & SK_M52;
    d >>= 52;
    u0 = (u0 << 4) | tx;
    c += (sk_fe52_u128)u0 * SK_C256;
    r0 = (uint64_t)c & SK_M52;
    c >>= 52;
    /* Column 1, and column 6 (2^312 = 2^260 2^52). */
    c += (sk_fe52_u128)a0 * b1 + (sk_fe52_u128)a1 * b0;
    d += (sk_fe52_u128)a2 * b4 + (sk_fe52_u128)a3 * b3 + (sk_fe52_u128)a4 * b2;
    c += (sk_fe52_u128)((uint64_t)d & SK_M52) * SK_C260;
    d >>= 52;
    r1 = (uint64_t)c & SK_M52;
    c >>= 52;
    /* Column 2, and column 7 (2^364 = 2^260 2^104), all 64 low bits of d at
     * once; what is left of d has weight 2^428 = 2^260 2^156 2^12. */
    c += (sk_fe52_u128)a0 * b2 + (sk_fe52_u128)a1 * b1 + (sk_fe52_u128)a2 * b0;
    d += (sk_fe52_u128)a3 * b4 + (sk_fe52_u128)a4 * b3;
    c += (sk_fe52_u128)SK_C260 * (uint64_t)d;
    d >>= 64;
    r2 = (uint64_t)c & SK_M52;
    c >>= 52;
    /* Column 3 (t3) and the rest of d; then column 4 (t4). */
    c += (sk_fe52_u128)(SK_C260 << 12) * (uint64_t)d + t3;
    r3 = (uint64_t)c & SK_M52;
    c >>= 52;
    c += t4;
    r->n[0] = r0;
    r->n[1] = r1;
    r->n[2] = r2;
    r->n[3] = r3;
    r->n[4] = (uint64_t)c; /* < 2^49 */
}

/* r = a^2 mod p: the steps of sk_fe52_mul with each cross product a_i a_j
 * (i != j) taken once with a factor 2. */
SK_INLINE void sk_fe52_sqr(sk_fe52 *r, const sk_fe52 *a) {
    const uint64_t a0 = a->n[0], a1 = a->n[1], a2 = a->n[2], a3 = a->n[3], a4 = a->n[4];
    const uint64_t a0d = a0 * 2, a1d = a1 * 2, a2d = a2 * 2;
    sk_fe52_u128 c, d;
    uint64_t t3, t4, tx, u0, r0, r1, r2, r3;
    d = (sk_fe52_u128)a0d * a3 + (sk_fe52_u128)a1d * a2;        /* column 3 */
    c = (sk_fe52_u128)a4 * a4;                                  /* column 8 */
    d += (sk_fe52_u128)SK_C260 * (uint64_t)c;
    c >>= 64;
    t3 = (uint64_t)d & SK_M52;
    d >>= 52;
    d += (sk_fe52_u128)a0d * a4 + (sk_fe52_u128)a1d * a3 + (sk_fe52_u128)a2 * a2; /* column 4 */
    d += (sk_fe52_u128)(SK_C260 << 12) * (uint64_t)c;
    t4 = (uint64_t)d & SK_M52;
    d >>= 52;
    tx = t4 >> 48;
    t4 &= SK_M48;
    c = (sk_fe52_u128)a0 * a0;                                  /* column 0 */
    d += (sk_fe52_u128)a1d * a4 + (sk_fe52_u128)a2d * a3;       /* column 5 */
    u0 = (uint64_t)d & SK_M52;
    d >>= 52;
    u0 = (u0 << 4) | tx;
    c += (sk_fe52_u128)u0 * SK_C256;
    r0 = (uint64_t)c & SK_M52;
    c >>= 52;
    c += (sk_fe52_u128)a0d * a1;                                /* column 1 */
    d += (sk_fe52_u128)a2d * a4 + (sk_fe52_u128)a3 * a3;        /* column 6 */
    c += (sk_fe52_u128)((uint64_t)d & SK_M52) * SK_C260;
    d >>= 52;
    r1 = (uint64_t)c & SK_M52;
    c >>= 52;
    c += (sk_fe52_u128)a0d * a2 + (sk_fe52_u128)a1 * a1;        /* column 2 */
    d += (sk_fe52_u128)(a3 * 2) * a4;                           /* column 7 */
    c += (sk_fe52_u128)SK_C260 * (uint64_t)d;
    d >>= 64;
    r2 = (uint64_t)c & SK_M52;
    c >>= 52;
    c += (sk_fe52_u128)(SK_C260 << 12) * (uint64_t)d + t3;
    r3 = (uint64_t)c & SK_M52;
    c >>= 52;
    c += t4;
    r->n[0] = r0;
    r->n[1] = r1;
    r->n[2] = r2;
    r->n[3] = r3;
    r->n[4] = (uint64_t)c;
}

/* r += a. */
SK_INLINE void sk_fe52_add(sk_fe52 *r, const sk_fe52 *a) {
    /* Written out: a loop here stays a loop at -O2 and keeps the limbs in
     * memory instead of registers. */
    r->n[0] += a->n[0];
    r->n[1] += a->n[1];
    r->n[2] += a->n[2];
    r->n[3] += a->n[3];
    r->n[4] += a->n[4];
}

/* r = -a for a of magnitude <= m: 2(m + 1) p - a, limb by limb. */
SK_INLINE void sk_fe52_negate(sk_fe52 *r, const sk_fe52 *a, uint64_t m) {
    const uint64_t k = 2 * (m + 1);
    r->n[0] = k * SK_P0 - a->n[0];
    r->n[1] = k * SK_P1 - a->n[1];
    r->n[2] = k * SK_P1 - a->n[2];
    r->n[3] = k * SK_P1 - a->n[3];
    r->n[4] = k * SK_P4 - a->n[4];
}

SK_INLINE void sk_fe52_mul_int(sk_fe52 *r, uint64_t k) {
    r->n[0] *= k;
    r->n[1] *= k;
    r->n[2] *= k;
    r->n[3] *= k;
    r->n[4] *= k;
}

/* r = r / 2 mod p: add p when odd (limb by limb, no carries), then shift the
 * whole value right by one bit. */
SK_INLINE void sk_fe52_half(sk_fe52 *r) {
    uint64_t mask = 0 - (r->n[0] & 1);
    uint64_t t0 = r->n[0] + (SK_P0 & mask), t1 = r->n[1] + (SK_P1 & mask),
             t2 = r->n[2] + (SK_P1 & mask), t3 = r->n[3] + (SK_P1 & mask),
             t4 = r->n[4] + (SK_P4 & mask);
    r->n[0] = (t0 >> 1) + ((t1 & 1) << 51);
    r->n[1] = (t1 >> 1) + ((t2 & 1) << 51);
    r->n[2] = (t2 >> 1) + ((t3 & 1) << 51);
    r->n[3] = (t3 >> 1) + ((t4 & 1) << 51);
    r->n[4] = t4 >> 1;
}

/* Magnitude 1 with the value unchanged mod p (limbs carried, the bits above
 * 2^256 folded once). */
SK_INLINE void sk_fe52_normalize_weak(sk_fe52 *r) {
    uint64_t t0 = r->n[0], t1 = r->n[1], t2 = r->n[2], t3 = r->n[3], t4 = r->n[4];
    uint64_t x = t4 >> 48;
    t4 &= SK_M48;
    t0 += x * SK_C256;
    t1 += t0 >> 52;
    t0 &= SK_M52;
    t2 += t1 >> 52;
    t1 &= SK_M52;
    t3 += t2 >> 52;
    t2 &= SK_M52;
    t4 += t3 >> 52;
    t3 &= SK_M52;
    r->n[0] = t0;
    r->n[1] = t1;
    r->n[2] = t2;
    r->n[3] = t3;
    r->n[4] = t4;
}

/* The canonical value (< p), for comparisons, parity and output. */
SK_INLINE void sk_fe52_normalize(sk_fe52 *r) {
    sk_fe52_normalize_weak(r);
    /* Now value < 2^256 + 2^49 or so: fold again (t4 may be 2^48 exactly). */
    sk_fe52_normalize_weak(r);
    /* value < 2^256. It is >= p iff value + C256 carries out of 2^256. */
    uint64_t t0 = r->n[0] + SK_C256, t1 = r->n[1], t2 = r->n[2], t3 = r->n[3], t4 = r->n[4];
    t1 += t0 >> 52;
    t0 &= SK_M52;
    t2 += t1 >> 52;
    t1 &= SK_M52;
    t3 += t2 >> 52;
    t2 &= SK_M52;
    t4 += t3 >> 52;
    t3 &= SK_M52;
    uint64_t ge = t4 >> 48;
    t4 &= SK_M48;
    uint64_t mask = 0 - ge;
    r->n[0] = (t0 & mask) | (r->n[0] & ~mask);
    r->n[1] = (t1 & mask) | (r->n[1] & ~mask);
    r->n[2] = (t2 & mask) | (r->n[2] & ~mask);
    r->n[3] = (t3 & mask) | (r->n[3] & ~mask);
    r->n[4] = (t4 & mask) | (r->n[4] & ~mask);
}

/* To the canonical 4x64 form. */
SK_INLINE void sk_fe52_to4(sl_secp256k1_fe *r, const sk_fe52 *a) {
    sk_fe52 t = *a;
    sk_fe52_normalize(&t);
    r->v[0] = t.n[0] | (t.n[1] << 52);
    r->v[1] = (t.n[1] >> 12) | (t.n[2] << 40);
    r->v[2] = (t.n[2] >> 24) | (t.n[3] << 28);
    r->v[3] = (t.n[3] >> 36) | (t.n[4] << 16);
}

/* 1 if a == 0 mod p (variable time). One weak normalization leaves a value
 * below 2^256 + 2^49 < 2p, so a == 0 mod p exactly when the limbs then spell
 * 0 or p; the low limb rejects almost every nonzero value at once. */
SK_INLINE int sk_fe52_is_zero_var(const sk_fe52 *a) {
    sk_fe52 t = *a;
    sk_fe52_normalize_weak(&t);
    if (t.n[0] != 0 && t.n[0] != SK_P0)
        return 0;
    uint64_t z0 = t.n[0] | t.n[1] | t.n[2] | t.n[3] | t.n[4];
    uint64_t z1 = (t.n[0] ^ SK_P0) | (t.n[1] ^ SK_P1) | (t.n[2] ^ SK_P1) | (t.n[3] ^ SK_P1) |
                  (t.n[4] ^ SK_P4);
    return z0 == 0 || z1 == 0;
}

/* 1 if a == b mod p (variable time); magnitudes of a, b <= 31. */
SK_INLINE int sk_fe52_equal_var(const sk_fe52 *a, const sk_fe52 *b) {
    sk_fe52 t;
    sk_fe52_negate(&t, a, 31);
    sk_fe52_add(&t, b);
    return sk_fe52_is_zero_var(&t);
}

/* r = 1/a (a^(p-2), inv(0) = 0) and r = a^((p+1)/4) (1 if a is a square,
 * r*r == a; else 0): the addition chains of secp256k1_field.c, on 5x52
 * limbs (inputs magnitude <= 8, outputs magnitude 1). */
void sl_secp256k1_fe52_inv(sk_fe52 *r, const sk_fe52 *a);
int sl_secp256k1_fe52_sqrt(sk_fe52 *r, const sk_fe52 *a);
/* Four square roots at once (lane k as sl_secp256k1_fe52_sqrt(&r[k], &a[k])
 * with its result in ok[k]): the chains run interleaved, for throughput. */
void sl_secp256k1_fe52_sqrt4(sk_fe52 r[4], int ok[4], const sk_fe52 a[4]);
/* Eight at once on AVX-512 IFMA (secp256k1_sqrt8.c), same results as eight
 * sl_secp256k1_fe52_sqrt calls (inputs magnitude <= 8). Call only when
 * sl_secp256k1_fe52_sqrt8_supported() returned 1 (the processor has the
 * instructions; otherwise it is a plain loop). */
int sl_secp256k1_fe52_sqrt8_supported(void);
void sl_secp256k1_fe52_sqrt8(sk_fe52 r[8], int ok[8], const sk_fe52 a[8]);

#endif
