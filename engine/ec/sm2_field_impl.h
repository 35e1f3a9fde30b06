/* The SM2 field's hot operations (p = 2^256 - 2^224 - 2^96 + 2^64 - 1,
 * GM/T 0003.5-2012) as static inline functions, so that the group code
 * (sm2_group.c) pays no call per field operation. Same representation and
 * invariant as sm2_field.h: four 64-bit limbs, least significant first, fully
 * reduced to [0, p). sm2_field.c's public functions are thin wrappers around
 * these; test_ec_sm2.c checks them against OpenSSL BIGNUM.
 * Internal header (engine/ec); constant-time. */
#ifndef SLUICE_EC_SM2_FIELD_IMPL_H
#define SLUICE_EC_SM2_FIELD_IMPL_H

#include <stdint.h>

#include "ec/sm2_field.h"
#include "ec/u256_limbs.h"

typedef unsigned __int128 sm2_u128;

/* p, least significant limb first. */
static const uint64_t SM2_P[4] __attribute__((unused)) = {
    0xFFFFFFFFFFFFFFFFULL, 0xFFFFFFFF00000000ULL,
    0xFFFFFFFFFFFFFFFFULL, 0xFFFFFFFEFFFFFFFFULL
};

/* r = t - p if t >= p (t given as 4 limbs plus a carry bit hi), else t.
 * Requires t + hi*2^256 < 2p. Constant-time. */
static inline void sm2_fe_cond_sub_p(uint64_t r[4], const uint64_t t[4], uint64_t hi) {
    uint64_t d[4], borrow;
    sm2_u128 x;
    /* Written out (not a loop) so that -O2 keeps it branch-free and inline. */
    x = (sm2_u128)t[0] - SM2_P[0];          d[0] = (uint64_t)x; borrow = (uint64_t)(x >> 64) & 1;
    x = (sm2_u128)t[1] - SM2_P[1] - borrow; d[1] = (uint64_t)x; borrow = (uint64_t)(x >> 64) & 1;
    x = (sm2_u128)t[2] - SM2_P[2] - borrow; d[2] = (uint64_t)x; borrow = (uint64_t)(x >> 64) & 1;
    x = (sm2_u128)t[3] - SM2_P[3] - borrow; d[3] = (uint64_t)x; borrow = (uint64_t)(x >> 64) & 1;
    /* Keep t when the subtraction borrowed past the carry bit. */
    uint64_t keep_t = (uint64_t)0 - (borrow & (hi ^ 1));
    r[0] = (t[0] & keep_t) | (d[0] & ~keep_t);
    r[1] = (t[1] & keep_t) | (d[1] & ~keep_t);
    r[2] = (t[2] & keep_t) | (d[2] & ~keep_t);
    r[3] = (t[3] & keep_t) | (d[3] & ~keep_t);
}

/* Reduces a 512-bit value t (8 limbs, least significant first) mod p.
 *
 * Solinas' generalized-Mersenne reduction (J. Solinas, "Generalized Mersenne
 * Numbers", 1999; the same shape as FIPS 186-4 D.2 fast reduction for P-256).
 * With 32-bit words w_k of t (t = sum w_k 2^(32k), k = 0..15), the identity
 *   2^256 = 2^224 + 2^96 - 2^64 + 1 (mod p)      (since p = 2^256 - that)
 * applied repeatedly gives each 2^(32k), k = 8..15, as a signed combination of
 * 2^(32i), i = 0..7, with small coefficients (checked in test_ec_sm2.c by
 * the random-vs-OpenSSL comparison; derivation: 2^(32(k+1)) = 2^32 2^(32k),
 * shifting the coefficient vector up one word and folding word 8 again):
 *   k:   i=0  1  2  3  4  5  6  7
 *   8:     1  0 -1  1  0  0  0  1
 *   9:     1  1 -1  0  1  0  0  1
 *  10:     1  1  0  0  0  1  0  1
 *  11:     1  1  0  1  0  0  1  1
 *  12:     1  1  0  1  1  0  0  2
 *  13:     2  1 -1  2  1  1  0  2
 *  14:     2  2 -1  1  2  1  1  2
 *  15:     2  2  0  1  1  2  1  3
 * The only negative column is word 2 (at least -4(2^32 - 1)). To keep all
 * arithmetic unsigned, 4p is added in the redundant word form
 *   p = (2^32-1, 2^32-1, 2^32, 2^32-2, 2^32-1, 2^32-1, 2^32-1, 2^32-2)
 * (p's words with 1 borrowed from word 3 into word 2), whose word 2 is 2^34.
 * Then every column sum s_i is in [0, 2^37), the carried value is < 2^261,
 * so its carry c out of bit 256 is < 2^5. Folding c * 2^256 = c * (2^224 +
 * 2^96 - 2^64 + 1), i.e. per 64-bit limb (c, c(2^32 - 1), 0, c 2^32), leaves
 * a value < 2^256 + 2^230 < 2p (a carry of 0 or 1 out of bit 256): one
 * conditional subtraction of p, which takes that carry, finishes. */
static inline void sm2_fe_reduce512(uint64_t r[4], const uint64_t t[8]) {
    /* The 32-bit words, written out (not a loop) for -O2. */
    const uint64_t m32 = 0xFFFFFFFFULL;
    const uint64_t w[16] = {
        t[0] & m32, t[0] >> 32, t[1] & m32, t[1] >> 32,
        t[2] & m32, t[2] >> 32, t[3] & m32, t[3] >> 32,
        t[4] & m32, t[4] >> 32, t[5] & m32, t[5] >> 32,
        t[6] & m32, t[6] >> 32, t[7] & m32, t[7] >> 32,
    };
    const uint64_t b32 = (uint64_t)1 << 32;
    uint64_t s[8];
    s[0] = w[0] + w[8] + w[9] + w[10] + w[11] + w[12] + 2 * (w[13] + w[14] + w[15]) + 4 * (b32 - 1);
    s[1] = w[1] + w[9] + w[10] + w[11] + w[12] + w[13] + 2 * (w[14] + w[15]) + 4 * (b32 - 1);
    s[2] = w[2] + 4 * b32 - (w[8] + w[9] + w[13] + w[14]);
    s[3] = w[3] + w[8] + w[11] + w[12] + 2 * w[13] + w[14] + w[15] + 4 * (b32 - 2);
    s[4] = w[4] + w[9] + w[12] + w[13] + 2 * w[14] + w[15] + 4 * (b32 - 1);
    s[5] = w[5] + w[10] + w[13] + w[14] + 2 * w[15] + 4 * (b32 - 1);
    s[6] = w[6] + w[11] + w[14] + w[15] + 4 * (b32 - 1);
    s[7] = w[7] + w[8] + w[9] + w[10] + w[11] + 2 * (w[12] + w[13] + w[14]) + 3 * w[15] + 4 * (b32 - 2);

    /* Carry the word sums into four 64-bit limbs plus the carry c. */
    uint64_t x[4], c;
    sm2_u128 acc;
    acc = (sm2_u128)s[0] + ((sm2_u128)s[1] << 32);               x[0] = (uint64_t)acc;
    acc = (acc >> 64) + s[2] + ((sm2_u128)s[3] << 32);           x[1] = (uint64_t)acc;
    acc = (acc >> 64) + s[4] + ((sm2_u128)s[5] << 32);           x[2] = (uint64_t)acc;
    acc = (acc >> 64) + s[6] + ((sm2_u128)s[7] << 32);           x[3] = (uint64_t)acc;
    c = (uint64_t)(acc >> 64);
    /* Fold (c < 2^5); the carry out of bit 256 is 0 or 1. */
    acc = (sm2_u128)x[0] + c;                                    x[0] = (uint64_t)acc;
    acc = (acc >> 64) + x[1] + ((c << 32) - c);                  x[1] = (uint64_t)acc;
    acc = (acc >> 64) + x[2];                                    x[2] = (uint64_t)acc;
    acc = (acc >> 64) + x[3] + (c << 32);                        x[3] = (uint64_t)acc;
    /* The value x + carry 2^256 is < 2^256 + 2^230 < 2p: subtracting p once
     * (when it is >= p) makes it canonical. */
    sm2_fe_cond_sub_p(r, x, (uint64_t)(acc >> 64));
}

/* t = x * y (512 bits), operand scanning (schoolbook rows): each step
 * x_i y_j + t_{i+j} + carry <= (2^64-1)^2 + 2(2^64-1) = 2^128 - 1 fits an
 * unsigned __int128, so no overflow words are needed (shorter dependency
 * chains than column scanning with a 192-bit accumulator). */
static inline void sm2_mul512(uint64_t t[8], const uint64_t x[4], const uint64_t y[4]) {
    sm2_u128 a;
    uint64_t c;
    a = (sm2_u128)x[0] * y[0];     t[0] = (uint64_t)a; c = (uint64_t)(a >> 64);
    a = (sm2_u128)x[0] * y[1] + c; t[1] = (uint64_t)a; c = (uint64_t)(a >> 64);
    a = (sm2_u128)x[0] * y[2] + c; t[2] = (uint64_t)a; c = (uint64_t)(a >> 64);
    a = (sm2_u128)x[0] * y[3] + c; t[3] = (uint64_t)a; t[4] = (uint64_t)(a >> 64);
#define SM2_MUL_ROW(i) do { \
        a = (sm2_u128)x[i] * y[0] + t[i];         t[i] = (uint64_t)a;     c = (uint64_t)(a >> 64); \
        a = (sm2_u128)x[i] * y[1] + t[i + 1] + c; t[i + 1] = (uint64_t)a; c = (uint64_t)(a >> 64); \
        a = (sm2_u128)x[i] * y[2] + t[i + 2] + c; t[i + 2] = (uint64_t)a; c = (uint64_t)(a >> 64); \
        a = (sm2_u128)x[i] * y[3] + t[i + 3] + c; t[i + 3] = (uint64_t)a; t[i + 4] = (uint64_t)(a >> 64); \
    } while (0)
    SM2_MUL_ROW(1);
    SM2_MUL_ROW(2);
    SM2_MUL_ROW(3);
#undef SM2_MUL_ROW
}

static inline void sm2_fe_mul_inl(sl_sm2_fe *r, const sl_sm2_fe *a, const sl_sm2_fe *b) {
    uint64_t t[8];
    sm2_mul512(t, a->v, b->v);
    sm2_fe_reduce512(r->v, t);
}

/* t = x^2 (512 bits): the six products x_i x_j (i < j) once (10 multiplies
 * in all instead of 16), doubled by a one-bit shift, plus the four squares
 * x_i^2 on the diagonal. */
static inline void sm2_sqr512(uint64_t t[8], const uint64_t x[4]) {
    sm2_u128 a, s;
    uint64_t c;
    /* Off-diagonal sum, bits 64..447 (t[1..6]); t[7] gets the doubling's top bit. */
    a = (sm2_u128)x[0] * x[1];            t[1] = (uint64_t)a; c = (uint64_t)(a >> 64);
    a = (sm2_u128)x[0] * x[2] + c;        t[2] = (uint64_t)a; c = (uint64_t)(a >> 64);
    a = (sm2_u128)x[0] * x[3] + c;        t[3] = (uint64_t)a; t[4] = (uint64_t)(a >> 64);
    a = (sm2_u128)x[1] * x[2] + t[3];     t[3] = (uint64_t)a; c = (uint64_t)(a >> 64);
    a = (sm2_u128)x[1] * x[3] + t[4] + c; t[4] = (uint64_t)a; t[5] = (uint64_t)(a >> 64);
    a = (sm2_u128)x[2] * x[3] + t[5];     t[5] = (uint64_t)a; t[6] = (uint64_t)(a >> 64);
    t[7] = t[6] >> 63;
    t[6] = (t[6] << 1) | (t[5] >> 63);
    t[5] = (t[5] << 1) | (t[4] >> 63);
    t[4] = (t[4] << 1) | (t[3] >> 63);
    t[3] = (t[3] << 1) | (t[2] >> 63);
    t[2] = (t[2] << 1) | (t[1] >> 63);
    t[1] = t[1] << 1;
    /* Add the squares; the total is x^2 < 2^512, so the last carry is absorbed. */
    a = (sm2_u128)x[0] * x[0];                 t[0] = (uint64_t)a; c = (uint64_t)(a >> 64);
    a = (sm2_u128)t[1] + c;                    t[1] = (uint64_t)a; c = (uint64_t)(a >> 64);
    s = (sm2_u128)x[1] * x[1];
    a = (sm2_u128)t[2] + (uint64_t)s + c;      t[2] = (uint64_t)a; c = (uint64_t)(a >> 64);
    a = (sm2_u128)t[3] + (uint64_t)(s >> 64) + c; t[3] = (uint64_t)a; c = (uint64_t)(a >> 64);
    s = (sm2_u128)x[2] * x[2];
    a = (sm2_u128)t[4] + (uint64_t)s + c;      t[4] = (uint64_t)a; c = (uint64_t)(a >> 64);
    a = (sm2_u128)t[5] + (uint64_t)(s >> 64) + c; t[5] = (uint64_t)a; c = (uint64_t)(a >> 64);
    s = (sm2_u128)x[3] * x[3];
    a = (sm2_u128)t[6] + (uint64_t)s + c;      t[6] = (uint64_t)a; c = (uint64_t)(a >> 64);
    t[7] = t[7] + (uint64_t)(s >> 64) + c;
}

static inline void sm2_fe_sqr_inl(sl_sm2_fe *r, const sl_sm2_fe *a) {
    uint64_t t[8];
    sm2_sqr512(t, a->v);
    sm2_fe_reduce512(r->v, t);
}

/* r = a + b mod p. */
static inline void sm2_fe_add_inl(sl_sm2_fe *r, const sl_sm2_fe *a, const sl_sm2_fe *b) {
    uint64_t t[4];
    sm2_u128 x;
    x = (sm2_u128)a->v[0] + b->v[0];                          t[0] = (uint64_t)x;
    x = (sm2_u128)a->v[1] + b->v[1] + (uint64_t)(x >> 64);    t[1] = (uint64_t)x;
    x = (sm2_u128)a->v[2] + b->v[2] + (uint64_t)(x >> 64);    t[2] = (uint64_t)x;
    x = (sm2_u128)a->v[3] + b->v[3] + (uint64_t)(x >> 64);    t[3] = (uint64_t)x;
    sm2_fe_cond_sub_p(r->v, t, (uint64_t)(x >> 64)); /* a + b < 2p */
}

/* r = a - b mod p. */
static inline void sm2_fe_sub_inl(sl_sm2_fe *r, const sl_sm2_fe *a, const sl_sm2_fe *b) {
    uint64_t t[4], borrow;
    sm2_u128 x;
    x = (sm2_u128)a->v[0] - b->v[0];          t[0] = (uint64_t)x; borrow = (uint64_t)(x >> 64) & 1;
    x = (sm2_u128)a->v[1] - b->v[1] - borrow; t[1] = (uint64_t)x; borrow = (uint64_t)(x >> 64) & 1;
    x = (sm2_u128)a->v[2] - b->v[2] - borrow; t[2] = (uint64_t)x; borrow = (uint64_t)(x >> 64) & 1;
    x = (sm2_u128)a->v[3] - b->v[3] - borrow; t[3] = (uint64_t)x; borrow = (uint64_t)(x >> 64) & 1;
    /* On a borrow add p back (dropping the carry out of bit 256). */
    uint64_t m = (uint64_t)0 - borrow;
    x = (sm2_u128)t[0] + (SM2_P[0] & m);                         r->v[0] = (uint64_t)x;
    x = (sm2_u128)t[1] + (SM2_P[1] & m) + (uint64_t)(x >> 64);   r->v[1] = (uint64_t)x;
    x = (sm2_u128)t[2] + (SM2_P[2] & m) + (uint64_t)(x >> 64);   r->v[2] = (uint64_t)x;
    x = (sm2_u128)t[3] + (SM2_P[3] & m) + (uint64_t)(x >> 64);   r->v[3] = (uint64_t)x;
}

/* r = -a mod p. */
static inline void sm2_fe_neg_inl(sl_sm2_fe *r, const sl_sm2_fe *a) {
    const sl_sm2_fe zero = {{0, 0, 0, 0}};
    sm2_fe_sub_inl(r, &zero, a);
}

#endif
