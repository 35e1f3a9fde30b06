/* Arithmetic modulo a 256-bit prime on the device, one generic
 * implementation for the three curves of the signature kernels: four 64-bit
 * limbs (least significant first), Montgomery form with R = 2^256, and the
 * modulus passed as a small struct (sl_fp_mod) whose constants the compiler
 * propagates when the struct is built in the caller (sl_ec_curves.h).
 *
 * Montgomery multiplication is the CIOS method (Koc, Acar, Kaliski, "Analyzing
 * and Comparing Montgomery Multiplication Algorithms", IEEE Micro 1996): for
 * each limb b_i, t += a b_i, then t += m p with m = t_0 (-p^-1) mod 2^64 and
 * t /= 2^64. With p < 2^256 every intermediate t is below 2p < 2^257, so one
 * extra word and a final conditional subtraction give a fully reduced result.
 * Every sl_fe value is kept fully reduced (< p), so equality of field
 * elements is equality of limbs.
 *
 * All of this runs on public data (signature verification): variable time. */
#ifndef SL_EC_FIELD_H
#define SL_EC_FIELD_H

#include "sl_portable.h"

/* The high word of a 64 x 64-bit product, and how large point functions are
 * compiled (CUDA: one copy called from the loops rather than inlined into
 * every call site; OpenCL: an ordinary function, inlined at the compiler's
 * discretion). */
#if defined(__OPENCL_VERSION__)
#define SL_MULHI64(a, b) mul_hi((sl_u64)(a), (sl_u64)(b))
#define SL_EC_BIGFN
#else
#define SL_MULHI64(a, b) __umul64hi((a), (b))
#define SL_EC_BIGFN __device__ __noinline__
#endif
/* Keeps long loops over public constants (an exponent's 256 bits) rolled:
 * fully unrolled, each inversion would be hundreds of inlined products. */
#define SL_NO_UNROLL _Pragma("unroll 1")

typedef struct {
    sl_u64 v[4];
} sl_fe;

typedef struct {
    sl_u64 p[4];   /* the prime */
    sl_u64 n0;     /* -p^-1 mod 2^64 */
    sl_u64 r2[4];  /* R^2 mod p: to_mont(a) = a R^2 R^-1 */
} sl_fp_mod;

/* acc + x y + *carry: returns the low word, the high word goes to *carry
 * (the sum is at most 2^128 - 1). */
DEVICE_FN sl_u64 sl_mac64(sl_u64 acc, sl_u64 x, sl_u64 y, sl_u64 *carry)
{
    sl_u64 lo = x * y;
    sl_u64 hi = SL_MULHI64(x, y);
    lo += acc;
    hi += lo < acc;
    lo += *carry;
    hi += lo < *carry;
    *carry = hi;
    return lo;
}

/* a + b + *carry (carry 0 or 1). */
DEVICE_FN sl_u64 sl_adc64(sl_u64 a, sl_u64 b, sl_u64 *carry)
{
    sl_u64 s = a + b;
    sl_u64 c = s < a;
    sl_u64 r = s + *carry;
    c |= r < s;
    *carry = c;
    return r;
}

/* a - b - *borrow (borrow 0 or 1). */
DEVICE_FN sl_u64 sl_sbb64(sl_u64 a, sl_u64 b, sl_u64 *borrow)
{
    sl_u64 d = a - b;
    sl_u64 c = a < b;
    sl_u64 r = d - *borrow;
    c |= d < *borrow;
    *borrow = c;
    return r;
}

DEVICE_FN void sl_fe_set_u64(sl_fe *r, sl_u64 v)
{
    r->v[0] = v;
    r->v[1] = 0;
    r->v[2] = 0;
    r->v[3] = 0;
}

DEVICE_FN int sl_fe_is_zero(const sl_fe *a) { return (a->v[0] | a->v[1] | a->v[2] | a->v[3]) == 0; }

DEVICE_FN int sl_fe_eq(const sl_fe *a, const sl_fe *b)
{
    return ((a->v[0] ^ b->v[0]) | (a->v[1] ^ b->v[1]) | (a->v[2] ^ b->v[2]) | (a->v[3] ^ b->v[3])) == 0;
}

/* r = t - p if (hi or t >= p), else t; t < 2p. */
DEVICE_FN void sl_fe_reduce_once(sl_fe *r, sl_u64 t0, sl_u64 t1, sl_u64 t2, sl_u64 t3, sl_u64 hi,
                                 const sl_fp_mod *m)
{
    sl_u64 b = 0;
    sl_u64 d0 = sl_sbb64(t0, m->p[0], &b);
    sl_u64 d1 = sl_sbb64(t1, m->p[1], &b);
    sl_u64 d2 = sl_sbb64(t2, m->p[2], &b);
    sl_u64 d3 = sl_sbb64(t3, m->p[3], &b);
    if (hi || !b) {
        r->v[0] = d0;
        r->v[1] = d1;
        r->v[2] = d2;
        r->v[3] = d3;
    } else {
        r->v[0] = t0;
        r->v[1] = t1;
        r->v[2] = t2;
        r->v[3] = t3;
    }
}

DEVICE_FN void sl_fe_add(sl_fe *r, const sl_fe *a, const sl_fe *b, const sl_fp_mod *m)
{
    sl_u64 c = 0;
    sl_u64 t0 = sl_adc64(a->v[0], b->v[0], &c);
    sl_u64 t1 = sl_adc64(a->v[1], b->v[1], &c);
    sl_u64 t2 = sl_adc64(a->v[2], b->v[2], &c);
    sl_u64 t3 = sl_adc64(a->v[3], b->v[3], &c);
    sl_fe_reduce_once(r, t0, t1, t2, t3, c, m);
}

DEVICE_FN void sl_fe_sub(sl_fe *r, const sl_fe *a, const sl_fe *b, const sl_fp_mod *m)
{
    sl_u64 bw = 0;
    sl_u64 t0 = sl_sbb64(a->v[0], b->v[0], &bw);
    sl_u64 t1 = sl_sbb64(a->v[1], b->v[1], &bw);
    sl_u64 t2 = sl_sbb64(a->v[2], b->v[2], &bw);
    sl_u64 t3 = sl_sbb64(a->v[3], b->v[3], &bw);
    if (bw) {   /* wrapped below zero: add p back (the carry out cancels the borrow) */
        sl_u64 c = 0;
        t0 = sl_adc64(t0, m->p[0], &c);
        t1 = sl_adc64(t1, m->p[1], &c);
        t2 = sl_adc64(t2, m->p[2], &c);
        t3 = sl_adc64(t3, m->p[3], &c);
    }
    r->v[0] = t0;
    r->v[1] = t1;
    r->v[2] = t2;
    r->v[3] = t3;
}

DEVICE_FN void sl_fe_neg(sl_fe *r, const sl_fe *a, const sl_fp_mod *m)
{
    sl_fe z;
    sl_fe_set_u64(&z, 0);
    sl_fe_sub(r, &z, a, m);
}

DEVICE_FN void sl_fe_dbl(sl_fe *r, const sl_fe *a, const sl_fp_mod *m) { sl_fe_add(r, a, a, m); }

/* r = a b R^-1 mod p (CIOS, see the top of this file). r may alias a or b. */
DEVICE_FN void sl_fe_mul(sl_fe *r, const sl_fe *a, const sl_fe *b, const sl_fp_mod *m)
{
    const sl_u64 a0 = a->v[0], a1 = a->v[1], a2 = a->v[2], a3 = a->v[3];
    sl_u64 t0 = 0, t1 = 0, t2 = 0, t3 = 0, t4 = 0;
    SL_UNROLL for (int i = 0; i < 4; i++) {
        const sl_u64 bi = b->v[i];
        sl_u64 c = 0;
        t0 = sl_mac64(t0, a0, bi, &c);
        t1 = sl_mac64(t1, a1, bi, &c);
        t2 = sl_mac64(t2, a2, bi, &c);
        t3 = sl_mac64(t3, a3, bi, &c);
        t4 += c;
        const sl_u64 t5 = t4 < c;
        const sl_u64 q = t0 * m->n0;
        c = 0;
        (void)sl_mac64(t0, q, m->p[0], &c);   /* low word is 0 by the choice of q */
        t0 = sl_mac64(t1, q, m->p[1], &c);
        t1 = sl_mac64(t2, q, m->p[2], &c);
        t2 = sl_mac64(t3, q, m->p[3], &c);
        t3 = t4 + c;
        t4 = t5 + (t3 < c);
    }
    sl_fe_reduce_once(r, t0, t1, t2, t3, t4, m);
}

DEVICE_FN void sl_fe_sqr(sl_fe *r, const sl_fe *a, const sl_fp_mod *m) { sl_fe_mul(r, a, a, m); }

/* Into and out of Montgomery form (a < p). */
DEVICE_FN void sl_fe_to_mont(sl_fe *r, const sl_fe *a, const sl_fp_mod *m)
{
    sl_fe r2;
    r2.v[0] = m->r2[0];
    r2.v[1] = m->r2[1];
    r2.v[2] = m->r2[2];
    r2.v[3] = m->r2[3];
    sl_fe_mul(r, a, &r2, m);
}

DEVICE_FN void sl_fe_from_mont(sl_fe *r, const sl_fe *a, const sl_fp_mod *m)
{
    sl_fe one;
    sl_fe_set_u64(&one, 1);
    sl_fe_mul(r, a, &one, m);
}

/* The Montgomery form of 1 (R mod p). */
DEVICE_FN void sl_fe_one(sl_fe *r, const sl_fp_mod *m)
{
    sl_fe one;
    sl_fe_set_u64(&one, 1);
    sl_fe_to_mont(r, &one, m);
}

/* r = a^(p-2) = a^-1 (Fermat; 0 for a = 0), square-and-multiply over the
 * bits of the public exponent p - 2 (every p here has p[0] >= 2). */
DEVICE_FN void sl_fe_inv(sl_fe *r, const sl_fe *a, const sl_fp_mod *m)
{
    sl_u64 e[4] = {m->p[0] - 2, m->p[1], m->p[2], m->p[3]};
    sl_fe x = *a;
    int top = 255;
    SL_NO_UNROLL while (top > 0 && !((e[top >> 6] >> (top & 63)) & 1)) top--;
    SL_NO_UNROLL for (int i = top - 1; i >= 0; i--) {
        sl_fe_sqr(&x, &x, m);
        if ((e[i >> 6] >> (i & 63)) & 1) sl_fe_mul(&x, &x, a, m);
    }
    *r = x;
}

/* Plain (not Montgomery) 256-bit integers from global bytes. */
DEVICE_FN void sl_fe_load_be(sl_fe *r, GLOBAL_AS const sl_u8 *b)
{
    for (int i = 0; i < 4; i++) {
        sl_u64 w = 0;
        for (int k = 0; k < 8; k++) w = (w << 8) | b[8 * i + k];
        r->v[3 - i] = w;
    }
}

DEVICE_FN void sl_fe_load_le(sl_fe *r, GLOBAL_AS const sl_u8 *b)
{
    for (int i = 0; i < 4; i++) {
        sl_u64 w = 0;
        for (int k = 7; k >= 0; k--) w = (w << 8) | b[8 * i + k];
        r->v[i] = w;
    }
}

/* Field elements stored as 4 words (tables). */
DEVICE_FN void sl_fe_load_words(sl_fe *r, GLOBAL_AS const sl_u64 *w)
{
    r->v[0] = w[0];
    r->v[1] = w[1];
    r->v[2] = w[2];
    r->v[3] = w[3];
}

DEVICE_FN void sl_fe_store_words(GLOBAL_AS sl_u64 *w, const sl_fe *a)
{
    w[0] = a->v[0];
    w[1] = a->v[1];
    w[2] = a->v[2];
    w[3] = a->v[3];
}

/* a < b as plain integers. */
DEVICE_FN int sl_u256_lt(const sl_fe *a, const sl_fe *b)
{
    sl_u64 bw = 0;
    (void)sl_sbb64(a->v[0], b->v[0], &bw);
    (void)sl_sbb64(a->v[1], b->v[1], &bw);
    (void)sl_sbb64(a->v[2], b->v[2], &bw);
    (void)sl_sbb64(a->v[3], b->v[3], &bw);
    return (int)bw;
}

#endif
