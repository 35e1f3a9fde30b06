/* The SM2 field's hot operations (p = 2^256 - 2^224 - 2^96 + 2^64 - 1,
 * GM/T 0003.5-2012) as static inline functions, so that the group code
 * (sm2_group.c) pays no call per field operation. Same representation and
 * invariant as sm2_field.h: four 64-bit limbs, least significant first,
 * holding the MONTGOMERY form a R mod p (R = 2^256), fully reduced to [0, p).
 * sm2_field.c's public functions are thin wrappers around these (plus the
 * conversions at the edges); test_ec_sm2.c checks them against OpenSSL
 * BIGNUM and test_sm2_field.c checks this header's portable carry path
 * against the x86-64 one. Internal header (engine/ec); constant-time.
 *
 * Carries: on x86-64 the add/subtract-with-carry chains use the
 * _addcarry_u64 / _subborrow_u64 intrinsics (plain ADC/SBB, part of the
 * x86-64 base ISA: no CPU feature needed), which gcc compiles to far shorter
 * code than the equivalent unsigned __int128 arithmetic. Elsewhere, or when
 * SL_SM2_PORTABLE_CARRY is defined before inclusion (the test's reference),
 * they are unsigned __int128 arithmetic. */
#ifndef SLUICE_EC_SM2_FIELD_IMPL_H
#define SLUICE_EC_SM2_FIELD_IMPL_H

#include <stdint.h>

#include "sm2_field.h" /* same folder: also includable from tests */

#if defined(__x86_64__) && !defined(SL_SM2_PORTABLE_CARRY)
#include <x86intrin.h>
#define SL_SM2_CARRY_INTRINSICS 1
#endif

typedef unsigned __int128 sm2_u128;

/* The hot helpers are forced inline: gcc 12 otherwise calls the 512-bit
 * product and the reduction out of line, passing t[8] through memory
 * (measured ~25% slower verification). Not under AddressSanitizer, where
 * forcing them inline made sm2_group.c a 129 MB object taking minutes to
 * compile. */
#if defined(__SANITIZE_ADDRESS__)
#define SM2_INLINE static inline
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define SM2_INLINE static inline
#endif
#endif
#ifndef SM2_INLINE
#define SM2_INLINE static inline __attribute__((always_inline))
#endif

/* p, least significant limb first. */
static const uint64_t SM2_P[4] __attribute__((unused)) = {
    0xFFFFFFFFFFFFFFFFULL, 0xFFFFFFFF00000000ULL,
    0xFFFFFFFFFFFFFFFFULL, 0xFFFFFFFEFFFFFFFFULL
};

/* 1 in Montgomery form: R mod p = 2^256 - p. */
static const sl_sm2_fe SM2_FE_ONE __attribute__((unused)) = {{
    0x0000000000000001ULL, 0x00000000FFFFFFFFULL, 0x0000000000000000ULL, 0x0000000100000000ULL
}};

/* *r = a + b + c (c in {0, 1}); returns the carry out. */
SM2_INLINE unsigned sm2_adc(unsigned c, uint64_t a, uint64_t b, uint64_t *r) {
#ifdef SL_SM2_CARRY_INTRINSICS
    unsigned long long t;
    c = _addcarry_u64((unsigned char)c, a, b, &t);
    *r = t;
    return c;
#else
    sm2_u128 x = (sm2_u128)a + b + c;
    *r = (uint64_t)x;
    return (unsigned)(x >> 64);
#endif
}

/* *r = a - b - c (c in {0, 1}); returns the borrow out. */
SM2_INLINE unsigned sm2_sbb(unsigned c, uint64_t a, uint64_t b, uint64_t *r) {
#ifdef SL_SM2_CARRY_INTRINSICS
    unsigned long long t;
    c = _subborrow_u64((unsigned char)c, a, b, &t);
    *r = t;
    return c;
#else
    sm2_u128 x = (sm2_u128)a - b - c;
    *r = (uint64_t)x;
    return (unsigned)(x >> 64) & 1;
#endif
}

/* r = t - p if (hi 2^256 + t) >= p, else t. Requires hi in {0, 1} and
 * hi 2^256 + t < 2p. Constant-time. */
SM2_INLINE void sm2_fe_cond_sub_p(uint64_t r[4], const uint64_t t[4], uint64_t hi) {
    uint64_t d[4], keep;
    unsigned b;
    b = sm2_sbb(0, t[0], SM2_P[0], &d[0]);
    b = sm2_sbb(b, t[1], SM2_P[1], &d[1]);
    b = sm2_sbb(b, t[2], SM2_P[2], &d[2]);
    b = sm2_sbb(b, t[3], SM2_P[3], &d[3]);
    /* keep = all ones iff hi - borrow borrows, i.e. hi 2^256 + t < p. */
    sm2_sbb(b, hi, 0, &keep);
    keep = (uint64_t)0 - (uint64_t)(keep >> 63);
    r[0] = (t[0] & keep) | (d[0] & ~keep);
    r[1] = (t[1] & keep) | (d[1] & ~keep);
    r[2] = (t[2] & keep) | (d[2] & ~keep);
    r[3] = (t[3] & keep) | (d[3] & ~keep);
}

/* One Montgomery reduction step on the 256-bit accumulator (a0..a3):
 * a = (a + q p) / 2^64 with q = a0. Since -p^-1 = 1 mod 2^64, q = a0 makes
 * the low limb vanish; and as p + 1 = 2^64 c with
 *   c = 2^192 - 2^160 - 2^32 + 1,
 * (a + q p) / 2^64 = (a >> 64) + q c (the -q of q p cancels a0 exactly).
 * q c = q 2^192 + q - (q 2^160 + q 2^32) needs no multiplication: with
 * lo = q << 32 mod 2^64 and hi = q >> 32 it is the 4-limb difference
 * (q, 0, 0, q) - (lo, hi, lo, hi), which never borrows out (q c >= 0).
 * Then (a >> 64) + q c < 2^192 + (2^64 - 1) c < 2^256: no carry out.
 * (The shape of OpenSSL's ecp_sm2p256 and GmSSL's sm2_z256 reduction.) */
SM2_INLINE void sm2_mont_step(uint64_t *a0, uint64_t *a1, uint64_t *a2, uint64_t *a3) {
    uint64_t q = *a0, lo = q << 32, hi = q >> 32, d0, d1, d2, d3;
    unsigned c;
    c = sm2_sbb(0, q, lo, &d0);
    c = sm2_sbb(c, 0, hi, &d1);
    c = sm2_sbb(c, 0, lo, &d2);
    sm2_sbb(c, q, hi, &d3);
    c = sm2_adc(0, *a1, d0, a0);
    c = sm2_adc(c, *a2, d1, a1);
    c = sm2_adc(c, *a3, d2, a2);
    sm2_adc(c, d3, 0, a3);
}

/* r = t R^-1 mod p for t = x y with x, y < p (so t < p^2, t < p 2^256).
 * Four steps of sm2_mont_step turn the low half t_lo into
 * (t_lo + Q p) / 2^256 <= p (Q < 2^256); adding the high half (< p) gives
 * a value < 2p, made canonical by one conditional subtraction of p. */
SM2_INLINE void sm2_mont_reduce(uint64_t r[4], const uint64_t t[8]) {
    uint64_t a0 = t[0], a1 = t[1], a2 = t[2], a3 = t[3], s[4];
    sm2_mont_step(&a0, &a1, &a2, &a3);
    sm2_mont_step(&a0, &a1, &a2, &a3);
    sm2_mont_step(&a0, &a1, &a2, &a3);
    sm2_mont_step(&a0, &a1, &a2, &a3);
    unsigned c;
    c = sm2_adc(0, a0, t[4], &s[0]);
    c = sm2_adc(c, a1, t[5], &s[1]);
    c = sm2_adc(c, a2, t[6], &s[2]);
    c = sm2_adc(c, a3, t[7], &s[3]);
    sm2_fe_cond_sub_p(r, s, c);
}

/* Row i of the schoolbook product: (t_i .. t_(i+4)) += x_i y, t_(i+4)
 * being 0 on entry. Two carry chains: the low halves of x_i y_j into
 * t_(i+j), the high halves into t_(i+j+1); neither overflows t_(i+4)
 * (the partial sum is < 2^(64(i+5))). */
#define SM2_MUL_ROW(xi, y, t0, t1, t2, t3, t4) do {                           \
        sm2_u128 p0_ = (sm2_u128)(xi) * (y)[0], p1_ = (sm2_u128)(xi) * (y)[1], \
                 p2_ = (sm2_u128)(xi) * (y)[2], p3_ = (sm2_u128)(xi) * (y)[3]; \
        unsigned c_;                                                          \
        c_ = sm2_adc(0, t0, (uint64_t)p0_, &(t0));                            \
        c_ = sm2_adc(c_, t1, (uint64_t)p1_, &(t1));                           \
        c_ = sm2_adc(c_, t2, (uint64_t)p2_, &(t2));                           \
        c_ = sm2_adc(c_, t3, (uint64_t)p3_, &(t3));                           \
        sm2_adc(c_, (uint64_t)(p3_ >> 64), 0, &(t4));                         \
        c_ = sm2_adc(0, t1, (uint64_t)(p0_ >> 64), &(t1));                    \
        c_ = sm2_adc(c_, t2, (uint64_t)(p1_ >> 64), &(t2));                   \
        c_ = sm2_adc(c_, t3, (uint64_t)(p2_ >> 64), &(t3));                   \
        sm2_adc(c_, t4, 0, &(t4));                                            \
    } while (0)

/* t = x * y (512 bits), operand scanning (one row per limb of x). */
SM2_INLINE void sm2_mul512(uint64_t t[8], const uint64_t x[4], const uint64_t y[4]) {
    uint64_t t0 = 0, t1 = 0, t2 = 0, t3 = 0, t4 = 0, t5 = 0, t6 = 0, t7 = 0;
    SM2_MUL_ROW(x[0], y, t0, t1, t2, t3, t4);
    SM2_MUL_ROW(x[1], y, t1, t2, t3, t4, t5);
    SM2_MUL_ROW(x[2], y, t2, t3, t4, t5, t6);
    SM2_MUL_ROW(x[3], y, t3, t4, t5, t6, t7);
    t[0] = t0; t[1] = t1; t[2] = t2; t[3] = t3;
    t[4] = t4; t[5] = t5; t[6] = t6; t[7] = t7;
}

/* r = a b R^-1 mod p: the Montgomery product (a b in Montgomery form when
 * a and b are). */
SM2_INLINE void sm2_fe_mul_inl(sl_sm2_fe *r, const sl_sm2_fe *a, const sl_sm2_fe *b) {
    uint64_t t[8];
    sm2_mul512(t, a->v, b->v);
    sm2_mont_reduce(r->v, t);
}

/* t = x^2 (512 bits): the six products x_i x_j (i < j) once (10 multiplies
 * in all instead of 16), doubled by a one-bit shift, plus the four squares
 * x_i^2 on the diagonal. */
SM2_INLINE void sm2_sqr512(uint64_t t[8], const uint64_t x[4]) {
    uint64_t t1 = 0, t2, t3, t4, t5, t6, t7, hi;
    sm2_u128 p;
    unsigned c;
    /* Off-diagonal sum x0 (x1, x2, x3) 2^64 + x1 (x2, x3) 2^192 + x2 x3 2^320. */
    p = (sm2_u128)x[0] * x[1]; t1 = (uint64_t)p; t2 = (uint64_t)(p >> 64);
    p = (sm2_u128)x[0] * x[2]; c = sm2_adc(0, t2, (uint64_t)p, &t2); hi = (uint64_t)(p >> 64);
    p = (sm2_u128)x[0] * x[3]; c = sm2_adc(c, hi, (uint64_t)p, &t3); t4 = (uint64_t)(p >> 64) + c;
    p = (sm2_u128)x[1] * x[2]; c = sm2_adc(0, t3, (uint64_t)p, &t3); hi = (uint64_t)(p >> 64);
    p = (sm2_u128)x[1] * x[3];
    c = sm2_adc(c, t4, hi, &t4);
    t5 = (uint64_t)(p >> 64) + c;                  /* x1 x3 hi + carry < 2^64 */
    c = sm2_adc(0, t4, (uint64_t)p, &t4);
    t5 += c;
    p = (sm2_u128)x[2] * x[3];
    c = sm2_adc(0, t5, (uint64_t)p, &t5);
    t6 = (uint64_t)(p >> 64) + c;
    /* Double (the off-diagonal sum is < 2^447, so no bit is lost). */
    t7 = t6 >> 63;
    t6 = (t6 << 1) | (t5 >> 63);
    t5 = (t5 << 1) | (t4 >> 63);
    t4 = (t4 << 1) | (t3 >> 63);
    t3 = (t3 << 1) | (t2 >> 63);
    t2 = (t2 << 1) | (t1 >> 63);
    t1 = t1 << 1;
    /* Add the squares; the total is x^2 < 2^512, so the last carry is absorbed. */
    sm2_u128 s0 = (sm2_u128)x[0] * x[0], s1 = (sm2_u128)x[1] * x[1];
    sm2_u128 s2 = (sm2_u128)x[2] * x[2], s3 = (sm2_u128)x[3] * x[3];
    t[0] = (uint64_t)s0;
    c = sm2_adc(0, t1, (uint64_t)(s0 >> 64), &t[1]);
    c = sm2_adc(c, t2, (uint64_t)s1, &t[2]);
    c = sm2_adc(c, t3, (uint64_t)(s1 >> 64), &t[3]);
    c = sm2_adc(c, t4, (uint64_t)s2, &t[4]);
    c = sm2_adc(c, t5, (uint64_t)(s2 >> 64), &t[5]);
    c = sm2_adc(c, t6, (uint64_t)s3, &t[6]);
    sm2_adc(c, t7, (uint64_t)(s3 >> 64), &t[7]);
}

/* r = a^2 R^-1 mod p (Montgomery square). */
SM2_INLINE void sm2_fe_sqr_inl(sl_sm2_fe *r, const sl_sm2_fe *a) {
    uint64_t t[8];
    sm2_sqr512(t, a->v);
    sm2_mont_reduce(r->v, t);
}

/* r = a + b mod p (the same in either representation). */
SM2_INLINE void sm2_fe_add_inl(sl_sm2_fe *r, const sl_sm2_fe *a, const sl_sm2_fe *b) {
    uint64_t t[4];
    unsigned c;
    c = sm2_adc(0, a->v[0], b->v[0], &t[0]);
    c = sm2_adc(c, a->v[1], b->v[1], &t[1]);
    c = sm2_adc(c, a->v[2], b->v[2], &t[2]);
    c = sm2_adc(c, a->v[3], b->v[3], &t[3]);
    sm2_fe_cond_sub_p(r->v, t, c); /* a + b < 2p */
}

/* r = a - b mod p. */
SM2_INLINE void sm2_fe_sub_inl(sl_sm2_fe *r, const sl_sm2_fe *a, const sl_sm2_fe *b) {
    uint64_t t[4];
    unsigned c;
    c = sm2_sbb(0, a->v[0], b->v[0], &t[0]);
    c = sm2_sbb(c, a->v[1], b->v[1], &t[1]);
    c = sm2_sbb(c, a->v[2], b->v[2], &t[2]);
    c = sm2_sbb(c, a->v[3], b->v[3], &t[3]);
    /* On a borrow add p back (dropping the carry out of bit 256). */
    uint64_t m = (uint64_t)0 - (uint64_t)c;
    c = sm2_adc(0, t[0], SM2_P[0] & m, &r->v[0]);
    c = sm2_adc(c, t[1], SM2_P[1] & m, &r->v[1]);
    c = sm2_adc(c, t[2], SM2_P[2] & m, &r->v[2]);
    sm2_adc(c, t[3], SM2_P[3] & m, &r->v[3]);
}

/* r = -a mod p. */
SM2_INLINE void sm2_fe_neg_inl(sl_sm2_fe *r, const sl_sm2_fe *a) {
    const sl_sm2_fe zero = {{0, 0, 0, 0}};
    sm2_fe_sub_inl(r, &zero, a);
}

#endif
