/* Field arithmetic modulo the SM2 prime p = 2^256 - 2^224 - 2^96 + 2^64 - 1
 * (GM/T 0003.5-2012). Fully reduced 4x64 limbs in Montgomery form (a R mod p,
 * R = 2^256); see sm2_field.h. The conversions happen here, at the edges:
 * set_b32 / set_u64 multiply by R (a Montgomery product with R^2 mod p),
 * get_b32 / is_odd divide by R (a Montgomery product with 1). */
#include "ec/sm2_field_impl.h"

typedef sm2_u128 u128;

/* R^2 mod p, R = 2^256 (limbs least significant first). */
static const sl_sm2_fe SM2_R2 = {{0x0000000200000003ULL, 0x00000002FFFFFFFFULL,
                                  0x0000000100000001ULL, 0x0000000400000002ULL}};

/* Plain value a R^-1 mod p of the Montgomery form a (limbs out[0..3]). */
static void sm2_fe_from_mont(uint64_t out[4], const sl_sm2_fe *a) {
    uint64_t t[8] = {a->v[0], a->v[1], a->v[2], a->v[3], 0, 0, 0, 0};
    sm2_mont_reduce(out, t);
}

/* Montgomery form of the plain value x < p. */
static void sm2_fe_to_mont(sl_sm2_fe *r, const uint64_t x[4]) {
    sl_sm2_fe t = {{x[0], x[1], x[2], x[3]}};
    sm2_fe_mul_inl(r, &t, &SM2_R2);
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
    for (int i = 0; i < 4; i++) t[i] &= mask;
    sm2_fe_to_mont(r, t);
    return (int)borrow;
}

void sl_sm2_fe_get_b32(uint8_t out[32], const sl_sm2_fe *a) {
    uint64_t x[4];
    sm2_fe_from_mont(x, a);
    for (int i = 0; i < 4; i++)
        for (int j = 0; j < 8; j++) out[(3 - i) * 8 + j] = (uint8_t)(x[i] >> (56 - 8 * j));
}

void sl_sm2_fe_set_u64(sl_sm2_fe *r, uint64_t x) {
    const uint64_t t[4] = {x, 0, 0, 0};
    sm2_fe_to_mont(r, t);
}

void sl_sm2_fe_add(sl_sm2_fe *r, const sl_sm2_fe *a, const sl_sm2_fe *b) { sm2_fe_add_inl(r, a, b); }

void sl_sm2_fe_sub(sl_sm2_fe *r, const sl_sm2_fe *a, const sl_sm2_fe *b) { sm2_fe_sub_inl(r, a, b); }

void sl_sm2_fe_neg(sl_sm2_fe *r, const sl_sm2_fe *a) { sm2_fe_neg_inl(r, a); }

void sl_sm2_fe_mul(sl_sm2_fe *r, const sl_sm2_fe *a, const sl_sm2_fe *b) { sm2_fe_mul_inl(r, a, b); }

void sl_sm2_fe_sqr(sl_sm2_fe *r, const sl_sm2_fe *a) { sm2_fe_sqr_inl(r, a); }

void sl_sm2_fe_mul_small(sl_sm2_fe *r, const sl_sm2_fe *a, uint32_t m) {
    /* (a R) m = (a m) R: the Montgomery product of a with the form of m. */
    sl_sm2_fe mm;
    sl_sm2_fe_set_u64(&mm, m);
    sm2_fe_mul_inl(r, a, &mm);
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
    uint64_t x[4];
    sm2_fe_from_mont(x, a);
    return (int)(x[0] & 1);
}

void sl_sm2_fe_cmov(sl_sm2_fe *r, const sl_sm2_fe *a, int flag) {
    uint64_t mask = (uint64_t)0 - (uint64_t)(flag & 1);
    for (int i = 0; i < 4; i++) r->v[i] = (r->v[i] & ~mask) | (a->v[i] & mask);
}

void sl_sm2_fe_batch_inv(sl_sm2_fe *r, const sl_sm2_fe *a, size_t n) {
    if (n == 0) return;
    sl_sm2_fe acc, t;
    const sl_sm2_fe one = SM2_FE_ONE;
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
        r[i] = (sl_sm2_fe){{0, 0, 0, 0}};
        sl_sm2_fe_cmov(&r[i], &t, z ^ 1);
    }
}
