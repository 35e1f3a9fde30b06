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

/* r = a b mod p. Columns d5..d8 (weights 2^260 ..) are carried into 52-bit
 * limbs h5..h9 and folded into columns 0..4 with 2^260 == C260; the result is
 * carried once and the bits above 2^256 folded with 2^256 == C256. With limbs
 * below 2^56 every column stays below 2^115. */
SK_INLINE void sk_fe52_mul(sk_fe52 *r, const sk_fe52 *a, const sk_fe52 *b) {
    const uint64_t a0 = a->n[0], a1 = a->n[1], a2 = a->n[2], a3 = a->n[3], a4 = a->n[4];
    const uint64_t b0 = b->n[0], b1 = b->n[1], b2 = b->n[2], b3 = b->n[3], b4 = b->n[4];
    sk_fe52_u128 d5 = (sk_fe52_u128)a1 * b4 + (sk_fe52_u128)a2 * b3 + (sk_fe52_u128)a3 * b2 +
                      (sk_fe52_u128)a4 * b1;
    sk_fe52_u128 d6 = (sk_fe52_u128)a2 * b4 + (sk_fe52_u128)a3 * b3 + (sk_fe52_u128)a4 * b2;
    sk_fe52_u128 d7 = (sk_fe52_u128)a3 * b4 + (sk_fe52_u128)a4 * b3;
    sk_fe52_u128 d8 = (sk_fe52_u128)a4 * b4;
    uint64_t h5 = (uint64_t)d5 & SK_M52;
    d6 += d5 >> 52;
    uint64_t h6 = (uint64_t)d6 & SK_M52;
    d7 += d6 >> 52;
    uint64_t h7 = (uint64_t)d7 & SK_M52;
    d8 += d7 >> 52;
    uint64_t h8 = (uint64_t)d8 & SK_M52;
    uint64_t h9 = (uint64_t)(d8 >> 52);
    sk_fe52_u128 c0 = (sk_fe52_u128)a0 * b0 + (sk_fe52_u128)h5 * SK_C260;
    sk_fe52_u128 c1 = (sk_fe52_u128)a0 * b1 + (sk_fe52_u128)a1 * b0 + (sk_fe52_u128)h6 * SK_C260;
    sk_fe52_u128 c2 = (sk_fe52_u128)a0 * b2 + (sk_fe52_u128)a1 * b1 + (sk_fe52_u128)a2 * b0 +
                      (sk_fe52_u128)h7 * SK_C260;
    sk_fe52_u128 c3 = (sk_fe52_u128)a0 * b3 + (sk_fe52_u128)a1 * b2 + (sk_fe52_u128)a2 * b1 +
                      (sk_fe52_u128)a3 * b0 + (sk_fe52_u128)h8 * SK_C260;
    sk_fe52_u128 c4 = (sk_fe52_u128)a0 * b4 + (sk_fe52_u128)a1 * b3 + (sk_fe52_u128)a2 * b2 +
                      (sk_fe52_u128)a3 * b1 + (sk_fe52_u128)a4 * b0 + (sk_fe52_u128)h9 * SK_C260;
    uint64_t r0 = (uint64_t)c0 & SK_M52;
    c1 += c0 >> 52;
    uint64_t r1 = (uint64_t)c1 & SK_M52;
    c2 += c1 >> 52;
    uint64_t r2 = (uint64_t)c2 & SK_M52;
    c3 += c2 >> 52;
    uint64_t r3 = (uint64_t)c3 & SK_M52;
    c4 += c3 >> 52;
    uint64_t r4 = (uint64_t)c4 & SK_M48;
    sk_fe52_u128 t = (c4 >> 48) * SK_C256 + r0;
    r->n[0] = (uint64_t)t & SK_M52;
    r->n[1] = r1 + (uint64_t)(t >> 52);
    r->n[2] = r2;
    r->n[3] = r3;
    r->n[4] = r4;
}

/* r = a^2 mod p: the columns of sk_fe52_mul with the cross products doubled. */
SK_INLINE void sk_fe52_sqr(sk_fe52 *r, const sk_fe52 *a) {
    const uint64_t a0 = a->n[0], a1 = a->n[1], a2 = a->n[2], a3 = a->n[3], a4 = a->n[4];
    const uint64_t a0d = a0 * 2, a1d = a1 * 2, a2d = a2 * 2, a3d = a3 * 2;
    sk_fe52_u128 d5 = (sk_fe52_u128)a1d * a4 + (sk_fe52_u128)a2d * a3;
    sk_fe52_u128 d6 = (sk_fe52_u128)a2d * a4 + (sk_fe52_u128)a3 * a3;
    sk_fe52_u128 d7 = (sk_fe52_u128)a3d * a4;
    sk_fe52_u128 d8 = (sk_fe52_u128)a4 * a4;
    uint64_t h5 = (uint64_t)d5 & SK_M52;
    d6 += d5 >> 52;
    uint64_t h6 = (uint64_t)d6 & SK_M52;
    d7 += d6 >> 52;
    uint64_t h7 = (uint64_t)d7 & SK_M52;
    d8 += d7 >> 52;
    uint64_t h8 = (uint64_t)d8 & SK_M52;
    uint64_t h9 = (uint64_t)(d8 >> 52);
    sk_fe52_u128 c0 = (sk_fe52_u128)a0 * a0 + (sk_fe52_u128)h5 * SK_C260;
    sk_fe52_u128 c1 = (sk_fe52_u128)a0d * a1 + (sk_fe52_u128)h6 * SK_C260;
    sk_fe52_u128 c2 = (sk_fe52_u128)a0d * a2 + (sk_fe52_u128)a1 * a1 + (sk_fe52_u128)h7 * SK_C260;
    sk_fe52_u128 c3 = (sk_fe52_u128)a0d * a3 + (sk_fe52_u128)a1d * a2 + (sk_fe52_u128)h8 * SK_C260;
    sk_fe52_u128 c4 = (sk_fe52_u128)a0d * a4 + (sk_fe52_u128)a1d * a3 + (sk_fe52_u128)a2 * a2 +
                      (sk_fe52_u128)h9 * SK_C260;
    uint64_t r0 = (uint64_t)c0 & SK_M52;
    c1 += c0 >> 52;
    uint64_t r1 = (uint64_t)c1 & SK_M52;
    c2 += c1 >> 52;
    uint64_t r2 = (uint64_t)c2 & SK_M52;
    c3 += c2 >> 52;
    uint64_t r3 = (uint64_t)c3 & SK_M52;
    c4 += c3 >> 52;
    uint64_t r4 = (uint64_t)c4 & SK_M48;
    sk_fe52_u128 t = (c4 >> 48) * SK_C256 + r0;
    r->n[0] = (uint64_t)t & SK_M52;
    r->n[1] = r1 + (uint64_t)(t >> 52);
    r->n[2] = r2;
    r->n[3] = r3;
    r->n[4] = r4;
}

/* r += a. */
SK_INLINE void sk_fe52_add(sk_fe52 *r, const sk_fe52 *a) {
    for (int i = 0; i < 5; i++) r->n[i] += a->n[i];
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
    for (int i = 0; i < 5; i++) r->n[i] *= k;
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

/* 1 if a == 0 mod p (variable time). */
SK_INLINE int sk_fe52_is_zero_var(const sk_fe52 *a) {
    sk_fe52 t = *a;
    sk_fe52_normalize(&t);
    return (t.n[0] | t.n[1] | t.n[2] | t.n[3] | t.n[4]) == 0;
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

#endif
