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

/* Two's complement helpers on unsigned __int128 (no signed __int128 needed):
 * sm2_sext sign-extends an int64, sm2_sar64 shifts right by 64 arithmetically. */
static inline sm2_u128 sm2_sext(int64_t v) {
    uint64_t u = (uint64_t)v;
    return ((sm2_u128)((uint64_t)0 - (u >> 63)) << 64) | u;
}

static inline sm2_u128 sm2_sar64(sm2_u128 x) {
    uint64_t hi = (uint64_t)(x >> 64);
    return ((sm2_u128)((uint64_t)0 - (hi >> 63)) << 64) | hi;
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
 * Column sums per word are accumulated in signed 64-bit (|s_i| < 2^37), then
 * carried (below); one conditional subtraction of p makes the result canonical. */
static inline void sm2_fe_reduce512(uint64_t r[4], const uint64_t t[8]) {
    /* The 32-bit words, written out (not a loop) for -O2. */
    const uint64_t m32 = 0xFFFFFFFFULL;
    const int64_t w[16] = {
        (int64_t)(t[0] & m32), (int64_t)(t[0] >> 32), (int64_t)(t[1] & m32), (int64_t)(t[1] >> 32),
        (int64_t)(t[2] & m32), (int64_t)(t[2] >> 32), (int64_t)(t[3] & m32), (int64_t)(t[3] >> 32),
        (int64_t)(t[4] & m32), (int64_t)(t[4] >> 32), (int64_t)(t[5] & m32), (int64_t)(t[5] >> 32),
        (int64_t)(t[6] & m32), (int64_t)(t[6] >> 32), (int64_t)(t[7] & m32), (int64_t)(t[7] >> 32),
    };
    int64_t s[8];
    s[0] = w[0] + w[8] + w[9] + w[10] + w[11] + w[12] + 2 * (w[13] + w[14] + w[15]);
    s[1] = w[1] + w[9] + w[10] + w[11] + w[12] + w[13] + 2 * (w[14] + w[15]);
    s[2] = w[2] - w[8] - w[9] - w[13] - w[14];
    s[3] = w[3] + w[8] + w[11] + w[12] + 2 * w[13] + w[14] + w[15];
    s[4] = w[4] + w[9] + w[12] + w[13] + 2 * w[14] + w[15];
    s[5] = w[5] + w[10] + w[13] + w[14] + 2 * w[15];
    s[6] = w[6] + w[11] + w[14] + w[15];
    s[7] = w[7] + w[8] + w[9] + w[10] + w[11] + 2 * (w[12] + w[13] + w[14]) + 3 * w[15];

    /* Carry the words into four 64-bit limbs with a signed accumulator (held
     * in an unsigned __int128 as two's complement: sums wrap mod 2^128 and
     * sm2_sar64 is the arithmetic shift). The signed carry c out of bit 256
     * satisfies |c| < 2^6. Fold it twice with
     * c * 2^256 = c * (2^224 + 2^96 - 2^64 + 1), i.e. per 64-bit limb
     * (c, c * (2^32 - 1), 0, c * 2^32). After the first fold the value is in
     * (-2^231, 2^256 + 2^231), so the second carry is -1, 0 or 1, and folding
     * that lands in [0, 2^256) with no further carry. */
    const sm2_u128 two32 = (sm2_u128)1 << 32;
    uint64_t x[4];
    sm2_u128 acc;
    acc = sm2_sext(s[0]) + sm2_sext(s[1]) * two32;
    x[0] = (uint64_t)acc; acc = sm2_sar64(acc);
    acc += sm2_sext(s[2]) + sm2_sext(s[3]) * two32;
    x[1] = (uint64_t)acc; acc = sm2_sar64(acc);
    acc += sm2_sext(s[4]) + sm2_sext(s[5]) * two32;
    x[2] = (uint64_t)acc; acc = sm2_sar64(acc);
    acc += sm2_sext(s[6]) + sm2_sext(s[7]) * two32;
    x[3] = (uint64_t)acc; acc = sm2_sar64(acc);
#define SM2_FOLD_CARRY() do { sm2_u128 c_ = acc; /* sign-extended carry */ \
        acc = (sm2_u128)x[0] + c_;                  x[0] = (uint64_t)acc; acc = sm2_sar64(acc); \
        acc += (sm2_u128)x[1] + c_ * (two32 - 1);  x[1] = (uint64_t)acc; acc = sm2_sar64(acc); \
        acc += (sm2_u128)x[2];                      x[2] = (uint64_t)acc; acc = sm2_sar64(acc); \
        acc += (sm2_u128)x[3] + c_ * two32;        x[3] = (uint64_t)acc; acc = sm2_sar64(acc); \
    } while (0)
    SM2_FOLD_CARRY();
    SM2_FOLD_CARRY();
#undef SM2_FOLD_CARRY
    sm2_fe_cond_sub_p(r, x, 0);
}

static inline void sm2_fe_mul_inl(sl_sm2_fe *r, const sl_sm2_fe *a, const sl_sm2_fe *b) {
    const uint64_t *x = a->v, *y = b->v;
    uint64_t t[8];
    /* Column-wise (product scanning) 4x4 product: column k sums x_i y_j with
     * i + j = k (at most four 128-bit products), held as a 128-bit
     * accumulator plus a 64-bit overflow word. */
    sm2_u128 acc = 0;
    uint64_t over = 0;
#define SM2_MUL_ADD(i, j) do { sm2_u128 s_ = acc + (sm2_u128)x[i] * y[j]; \
        over += s_ < acc; acc = s_; } while (0)
#define SM2_MUL_OUT(k) do { t[k] = (uint64_t)acc; \
        acc = (acc >> 64) | ((sm2_u128)over << 64); over = 0; } while (0)
    SM2_MUL_ADD(0, 0); SM2_MUL_OUT(0);
    SM2_MUL_ADD(0, 1); SM2_MUL_ADD(1, 0); SM2_MUL_OUT(1);
    SM2_MUL_ADD(0, 2); SM2_MUL_ADD(1, 1); SM2_MUL_ADD(2, 0); SM2_MUL_OUT(2);
    SM2_MUL_ADD(0, 3); SM2_MUL_ADD(1, 2); SM2_MUL_ADD(2, 1); SM2_MUL_ADD(3, 0); SM2_MUL_OUT(3);
    SM2_MUL_ADD(1, 3); SM2_MUL_ADD(2, 2); SM2_MUL_ADD(3, 1); SM2_MUL_OUT(4);
    SM2_MUL_ADD(2, 3); SM2_MUL_ADD(3, 2); SM2_MUL_OUT(5);
    SM2_MUL_ADD(3, 3); SM2_MUL_OUT(6);
    t[7] = (uint64_t)acc;
#undef SM2_MUL_ADD
#undef SM2_MUL_OUT
    sm2_fe_reduce512(r->v, t);
}

static inline void sm2_fe_sqr_inl(sl_sm2_fe *r, const sl_sm2_fe *a) {
    const uint64_t *x = a->v;
    uint64_t t[8];
    /* Column-wise (product scanning): off-diagonal products a_i a_j (i < j)
     * are computed once and doubled. Each column sum fits 192 bits, held as a
     * 128-bit accumulator plus a 64-bit overflow word. */
    sm2_u128 acc = 0;
    uint64_t over = 0;
#define SM2_SQR_ADD2(i, j) do { sm2_u128 p_ = (sm2_u128)x[i] * x[j]; \
        sm2_u128 s_ = acc + p_; over += s_ < acc; acc = s_; \
        s_ = acc + p_; over += s_ < acc; acc = s_; } while (0)
#define SM2_SQR_ADD1(i) do { sm2_u128 p_ = (sm2_u128)x[i] * x[i]; \
        sm2_u128 s_ = acc + p_; over += s_ < acc; acc = s_; } while (0)
#define SM2_SQR_OUT(k) do { t[k] = (uint64_t)acc; \
        acc = (acc >> 64) | ((sm2_u128)over << 64); over = 0; } while (0)
    SM2_SQR_ADD1(0); SM2_SQR_OUT(0);
    SM2_SQR_ADD2(0, 1); SM2_SQR_OUT(1);
    SM2_SQR_ADD2(0, 2); SM2_SQR_ADD1(1); SM2_SQR_OUT(2);
    SM2_SQR_ADD2(0, 3); SM2_SQR_ADD2(1, 2); SM2_SQR_OUT(3);
    SM2_SQR_ADD2(1, 3); SM2_SQR_ADD1(2); SM2_SQR_OUT(4);
    SM2_SQR_ADD2(2, 3); SM2_SQR_OUT(5);
    SM2_SQR_ADD1(3); SM2_SQR_OUT(6);
    t[7] = (uint64_t)acc;
#undef SM2_SQR_ADD2
#undef SM2_SQR_ADD1
#undef SM2_SQR_OUT
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
