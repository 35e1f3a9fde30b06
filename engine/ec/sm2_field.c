/* Field arithmetic modulo the SM2 prime p = 2^256 - 2^224 - 2^96 + 2^64 - 1
 * (GM/T 0003.5-2012). Fully reduced 4x64 limbs; see sm2_field.h. */
#include "ec/u256_limbs.h"
#include "ec/sm2_field.h"

typedef unsigned __int128 u128;

/* p, least significant limb first. */
static const uint64_t SM2_P[4] = {
    0xFFFFFFFFFFFFFFFFULL, 0xFFFFFFFF00000000ULL,
    0xFFFFFFFFFFFFFFFFULL, 0xFFFFFFFEFFFFFFFFULL
};

/* r = t - p if t >= p (t given as 4 limbs plus a carry bit hi), else t.
 * Requires t + hi*2^256 < 2p. Constant-time. */
static inline void sm2_fe_cond_sub_p(uint64_t r[4], const uint64_t t[4], uint64_t hi) {
    uint64_t d[4], borrow;
    u128 x;
    /* Written out (not a loop) so that -O2 keeps it branch-free and inline. */
    x = (u128)t[0] - SM2_P[0];          d[0] = (uint64_t)x; borrow = (uint64_t)(x >> 64) & 1;
    x = (u128)t[1] - SM2_P[1] - borrow; d[1] = (uint64_t)x; borrow = (uint64_t)(x >> 64) & 1;
    x = (u128)t[2] - SM2_P[2] - borrow; d[2] = (uint64_t)x; borrow = (uint64_t)(x >> 64) & 1;
    x = (u128)t[3] - SM2_P[3] - borrow; d[3] = (uint64_t)x; borrow = (uint64_t)(x >> 64) & 1;
    /* Keep t when the subtraction borrowed past the carry bit. */
    uint64_t keep_t = (uint64_t)0 - (borrow & (hi ^ 1));
    r[0] = (t[0] & keep_t) | (d[0] & ~keep_t);
    r[1] = (t[1] & keep_t) | (d[1] & ~keep_t);
    r[2] = (t[2] & keep_t) | (d[2] & ~keep_t);
    r[3] = (t[3] & keep_t) | (d[3] & ~keep_t);
}

/* Two's complement helpers on unsigned __int128 (no signed __int128 needed):
 * sm2_sext sign-extends an int64, sm2_sar64 shifts right by 64 arithmetically. */
static inline u128 sm2_sext(int64_t v) {
    uint64_t u = (uint64_t)v;
    return ((u128)((uint64_t)0 - (u >> 63)) << 64) | u;
}

static inline u128 sm2_sar64(u128 x) {
    uint64_t hi = (uint64_t)(x >> 64);
    return ((u128)((uint64_t)0 - (hi >> 63)) << 64) | hi;
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
    const u128 two32 = (u128)1 << 32;
    uint64_t x[4];
    u128 acc;
    acc = sm2_sext(s[0]) + sm2_sext(s[1]) * two32;
    x[0] = (uint64_t)acc; acc = sm2_sar64(acc);
    acc += sm2_sext(s[2]) + sm2_sext(s[3]) * two32;
    x[1] = (uint64_t)acc; acc = sm2_sar64(acc);
    acc += sm2_sext(s[4]) + sm2_sext(s[5]) * two32;
    x[2] = (uint64_t)acc; acc = sm2_sar64(acc);
    acc += sm2_sext(s[6]) + sm2_sext(s[7]) * two32;
    x[3] = (uint64_t)acc; acc = sm2_sar64(acc);
#define SM2_FOLD_CARRY() do { u128 c_ = acc; /* sign-extended carry */ \
        acc = (u128)x[0] + c_;                  x[0] = (uint64_t)acc; acc = sm2_sar64(acc); \
        acc += (u128)x[1] + c_ * (two32 - 1);  x[1] = (uint64_t)acc; acc = sm2_sar64(acc); \
        acc += (u128)x[2];                      x[2] = (uint64_t)acc; acc = sm2_sar64(acc); \
        acc += (u128)x[3] + c_ * two32;        x[3] = (uint64_t)acc; acc = sm2_sar64(acc); \
    } while (0)
    SM2_FOLD_CARRY();
    SM2_FOLD_CARRY();
#undef SM2_FOLD_CARRY
    sm2_fe_cond_sub_p(r, x, 0);
}

int sl_sm2_fe_set_b32(sl_sm2_fe *r, const uint8_t in[32]) {
    uint64_t t[4];
    for (int i = 0; i < 4; i++) {
        uint64_t x = 0;
        for (int j = 0; j < 8; j++) x = (x << 8) | in[(3 - i) * 8 + j];
        t[i] = x;
    }
    /* t < p iff t - p borrows. */
    uint64_t borrow = 0;
    for (int i = 0; i < 4; i++) {
        u128 x = (u128)t[i] - SM2_P[i] - borrow;
        borrow = (uint64_t)(x >> 64) & 1;
    }
    uint64_t mask = (uint64_t)0 - borrow;
    for (int i = 0; i < 4; i++) r->v[i] = t[i] & mask;
    return (int)borrow;
}

void sl_sm2_fe_get_b32(uint8_t out[32], const sl_sm2_fe *a) {
    for (int i = 0; i < 4; i++)
        for (int j = 0; j < 8; j++) out[(3 - i) * 8 + j] = (uint8_t)(a->v[i] >> (56 - 8 * j));
}

void sl_sm2_fe_set_u64(sl_sm2_fe *r, uint64_t x) {
    r->v[0] = x;
    r->v[1] = r->v[2] = r->v[3] = 0;
}

void sl_sm2_fe_add(sl_sm2_fe *r, const sl_sm2_fe *a, const sl_sm2_fe *b) {
    uint64_t t[4], carry = 0;
    for (int i = 0; i < 4; i++) {
        u128 x = (u128)a->v[i] + b->v[i] + carry;
        t[i] = (uint64_t)x;
        carry = (uint64_t)(x >> 64);
    }
    sm2_fe_cond_sub_p(r->v, t, carry); /* a + b < 2p */
}

void sl_sm2_fe_sub(sl_sm2_fe *r, const sl_sm2_fe *a, const sl_sm2_fe *b) { sl_u256_sub_mod(r->v, a->v, b->v, SM2_P); }

void sl_sm2_fe_neg(sl_sm2_fe *r, const sl_sm2_fe *a) {
    sl_sm2_fe zero;
    sl_sm2_fe_set_u64(&zero, 0);
    sl_sm2_fe_sub(r, &zero, a);
}

void sl_sm2_fe_mul(sl_sm2_fe *r, const sl_sm2_fe *a, const sl_sm2_fe *b) {
    const uint64_t *x = a->v, *y = b->v;
    uint64_t t[8];
    /* Column-wise (product scanning) 4x4 product: column k sums x_i y_j with
     * i + j = k (at most four 128-bit products), held as a 128-bit
     * accumulator plus a 64-bit overflow word. */
    u128 acc = 0;
    uint64_t over = 0;
#define SM2_MUL_ADD(i, j) do { u128 s_ = acc + (u128)x[i] * y[j]; \
        over += s_ < acc; acc = s_; } while (0)
#define SM2_MUL_OUT(k) do { t[k] = (uint64_t)acc; \
        acc = (acc >> 64) | ((u128)over << 64); over = 0; } while (0)
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

void sl_sm2_fe_sqr(sl_sm2_fe *r, const sl_sm2_fe *a) {
    const uint64_t *x = a->v;
    uint64_t t[8];
    /* Column-wise (product scanning): off-diagonal products a_i a_j (i < j)
     * are computed once and doubled. Each column sum fits 192 bits, held as a
     * 128-bit accumulator plus a 64-bit overflow word. */
    u128 acc = 0;
    uint64_t over = 0;
#define SM2_SQR_ADD2(i, j) do { u128 p_ = (u128)x[i] * x[j]; \
        u128 s_ = acc + p_; over += s_ < acc; acc = s_; \
        s_ = acc + p_; over += s_ < acc; acc = s_; } while (0)
#define SM2_SQR_ADD1(i) do { u128 p_ = (u128)x[i] * x[i]; \
        u128 s_ = acc + p_; over += s_ < acc; acc = s_; } while (0)
#define SM2_SQR_OUT(k) do { t[k] = (uint64_t)acc; \
        acc = (acc >> 64) | ((u128)over << 64); over = 0; } while (0)
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

void sl_sm2_fe_mul_small(sl_sm2_fe *r, const sl_sm2_fe *a, uint32_t m) {
    uint64_t t[8] = {0}, carry = 0;
    for (int i = 0; i < 4; i++) {
        u128 x = (u128)a->v[i] * m + carry;
        t[i] = (uint64_t)x;
        carry = (uint64_t)(x >> 64);
    }
    t[4] = carry;
    sm2_fe_reduce512(r->v, t);
}

/* r = a^(2^k) */
static void sm2_fe_sqr_n(sl_sm2_fe *r, const sl_sm2_fe *a, int k) {
    *r = *a;
    for (int i = 0; i < k; i++) sl_sm2_fe_sqr(r, r);
}

/* Common start of the inversion and square-root addition chains:
 * x30 = a^(2^30 - 1), x31 = a^(2^31 - 1), x32 = a^(2^32 - 1)
 * (xk denotes a^(2^k - 1); 31 squarings, 9 multiplications). */
static void sm2_fe_pow_ones(sl_sm2_fe *x30, sl_sm2_fe *x31, sl_sm2_fe *x32, const sl_sm2_fe *a) {
    sl_sm2_fe x2, x4, x6, x8, x14, x16, t;
    sl_sm2_fe_sqr(&t, a);           sl_sm2_fe_mul(&x2, &t, a);
    sm2_fe_sqr_n(&t, &x2, 2);       sl_sm2_fe_mul(&x4, &t, &x2);
    sm2_fe_sqr_n(&t, &x4, 2);       sl_sm2_fe_mul(&x6, &t, &x2);
    sm2_fe_sqr_n(&t, &x6, 2);       sl_sm2_fe_mul(&x8, &t, &x2);
    sm2_fe_sqr_n(&t, &x8, 6);       sl_sm2_fe_mul(&x14, &t, &x6);
    sm2_fe_sqr_n(&t, &x14, 2);      sl_sm2_fe_mul(&x16, &t, &x2);
    sm2_fe_sqr_n(&t, &x16, 14);     sl_sm2_fe_mul(x30, &t, &x14);
    sl_sm2_fe_sqr(&t, x30);         sl_sm2_fe_mul(x31, &t, a);
    sl_sm2_fe_sqr(&t, x31);         sl_sm2_fe_mul(x32, &t, a);
}

/* t = t^(2^(32*4)) * x32^(...): appends 128 one bits to the exponent of t. */
static void sm2_fe_append_128_ones(sl_sm2_fe *t, const sl_sm2_fe *x32) {
    for (int i = 0; i < 4; i++) {
        sm2_fe_sqr_n(t, t, 32);
        sl_sm2_fe_mul(t, t, x32);
    }
}

void sl_sm2_fe_inv(sl_sm2_fe *r, const sl_sm2_fe *a) {
    /* Fermat: a^(p-2). p - 2 in bits, most significant first (words
     * FFFFFFFE FFFFFFFF x4 00000000 FFFFFFFF FFFFFFFD):
     *   31 ones, 0, 128 ones, 32 zeros, 32 ones, 30 ones, 0, 1.
     * 256 squarings, 16 multiplications in all. */
    sl_sm2_fe x30, x31, x32, t;
    sm2_fe_pow_ones(&x30, &x31, &x32, a);
    sl_sm2_fe_sqr(&t, &x31);                                /* 31 ones, 0 */
    sm2_fe_append_128_ones(&t, &x32);                       /* 128 ones */
    sm2_fe_sqr_n(&t, &t, 32);                               /* 32 zeros */
    sm2_fe_sqr_n(&t, &t, 32); sl_sm2_fe_mul(&t, &t, &x32);  /* 32 ones */
    sm2_fe_sqr_n(&t, &t, 30); sl_sm2_fe_mul(&t, &t, &x30);  /* 30 ones */
    sm2_fe_sqr_n(&t, &t, 2);  sl_sm2_fe_mul(r, &t, a);      /* 0, 1 */
}

int sl_sm2_fe_sqrt(sl_sm2_fe *r, const sl_sm2_fe *a) {
    /* p = 3 mod 4, so a^((p+1)/4) squares to a whenever a is a square.
     * (p + 1) / 4 = 3FFFFFFF BFFFFFFF FFFFFFFF FFFFFFFF FFFFFFFF C0000000
     * 40000000 00000000, in bits from bit 253 down:
     *   31 ones, 0, 128 ones, 31 zeros, 1, 62 zeros.
     * 254 squarings, 14 multiplications. */
    sl_sm2_fe x30, x31, x32, t, chk;
    sm2_fe_pow_ones(&x30, &x31, &x32, a);
    sl_sm2_fe_sqr(&t, &x31);                                /* 31 ones, 0 */
    sm2_fe_append_128_ones(&t, &x32);                       /* 128 ones */
    sm2_fe_sqr_n(&t, &t, 32); sl_sm2_fe_mul(&t, &t, a);     /* 31 zeros, 1 */
    sm2_fe_sqr_n(&t, &t, 62);                               /* 62 zeros */
    sl_sm2_fe_sqr(&chk, &t);
    *r = t;
    return sl_sm2_fe_equal(&chk, a);
}

int sl_sm2_fe_is_zero(const sl_sm2_fe *a) {
    uint64_t z = a->v[0] | a->v[1] | a->v[2] | a->v[3];
    return (int)(((z | ((uint64_t)0 - z)) >> 63) ^ 1);
}

int sl_sm2_fe_equal(const sl_sm2_fe *a, const sl_sm2_fe *b) {
    uint64_t z = (a->v[0] ^ b->v[0]) | (a->v[1] ^ b->v[1]) | (a->v[2] ^ b->v[2]) | (a->v[3] ^ b->v[3]);
    return (int)(((z | ((uint64_t)0 - z)) >> 63) ^ 1);
}

int sl_sm2_fe_is_odd(const sl_sm2_fe *a) {
    return (int)(a->v[0] & 1);
}

void sl_sm2_fe_cmov(sl_sm2_fe *r, const sl_sm2_fe *a, int flag) {
    uint64_t mask = (uint64_t)0 - (uint64_t)(flag & 1);
    for (int i = 0; i < 4; i++) r->v[i] = (r->v[i] & ~mask) | (a->v[i] & mask);
}

void sl_sm2_fe_batch_inv(sl_sm2_fe *r, const sl_sm2_fe *a, size_t n) {
    if (n == 0) return;
    sl_sm2_fe acc, one, t;
    sl_sm2_fe_set_u64(&one, 1);
    acc = one;
    /* Forward: r[i] = product of the non-zero a[0..i-1]. */
    for (size_t i = 0; i < n; i++) {
        sl_sm2_fe ai = a[i];
        int z = sl_sm2_fe_is_zero(&ai);
        r[i] = acc;
        sl_sm2_fe_cmov(&ai, &one, z);
        sl_sm2_fe_mul(&acc, &acc, &ai);
    }
    sl_sm2_fe_inv(&acc, &acc); /* inverse of the product of non-zeros */
    for (size_t i = n; i-- > 0;) {
        sl_sm2_fe ai = a[i];
        int z = sl_sm2_fe_is_zero(&ai);
        sl_sm2_fe_mul(&t, &acc, &r[i]);
        sl_sm2_fe_cmov(&ai, &one, z);
        sl_sm2_fe_mul(&acc, &acc, &ai);
        sl_sm2_fe_set_u64(&r[i], 0);
        sl_sm2_fe_cmov(&r[i], &t, z ^ 1);
    }
}
