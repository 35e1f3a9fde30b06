/* secp256k1 base field arithmetic, 4x64 limbs, fully reduced (see header).
 * The per-operation bodies live in secp256k1_field_impl.h (4x64) and
 * secp256k1_fe52_impl.h (5x52, used for mul, sqr and the long
 * exponentiations); this file gives them external names. Chains for inv and sqrt follow the addition chains of
 * bitcoin-core/secp256k1 src/field_impl.h (blocks x2, x3, ..., x223). */
#include "ec/secp256k1_field.h"
#include "ec/secp256k1_field_impl.h"
#include "ec/secp256k1_fe52_impl.h"

int sl_secp256k1_fe_set_b32(sl_secp256k1_fe *r, const uint8_t in[32]) { return sk_fe_set_b32(r, in); }
void sl_secp256k1_fe_get_b32(uint8_t out[32], const sl_secp256k1_fe *a) { sk_fe_get_b32(out, a); }
void sl_secp256k1_fe_set_u64(sl_secp256k1_fe *r, uint64_t x) { sk_fe_set_u64(r, x); }
void sl_secp256k1_fe_add(sl_secp256k1_fe *r, const sl_secp256k1_fe *a, const sl_secp256k1_fe *b) {
    sk_fe_add(r, a, b);
}
void sl_secp256k1_fe_sub(sl_secp256k1_fe *r, const sl_secp256k1_fe *a, const sl_secp256k1_fe *b) {
    sk_fe_sub(r, a, b);
}
void sl_secp256k1_fe_neg(sl_secp256k1_fe *r, const sl_secp256k1_fe *a) { sk_fe_neg(r, a); }
/* mul and sqr go through the 5x52 code of the group's hot loops, so that the
 * BIGNUM tests of this API check it too. */
void sl_secp256k1_fe_mul(sl_secp256k1_fe *r, const sl_secp256k1_fe *a, const sl_secp256k1_fe *b) {
    sk_fe52 x, y;
    sk_fe52_from4(&x, a);
    sk_fe52_from4(&y, b);
    sk_fe52_mul(&x, &x, &y);
    sk_fe52_to4(r, &x);
}
void sl_secp256k1_fe_sqr(sl_secp256k1_fe *r, const sl_secp256k1_fe *a) {
    sk_fe52 x;
    sk_fe52_from4(&x, a);
    sk_fe52_sqr(&x, &x);
    sk_fe52_to4(r, &x);
}
void sl_secp256k1_fe_mul_small(sl_secp256k1_fe *r, const sl_secp256k1_fe *a, uint64_t k) {
    sk_fe_mul_small(r, a, k);
}
int sl_secp256k1_fe_is_zero(const sl_secp256k1_fe *a) { return sk_fe_is_zero(a); }
int sl_secp256k1_fe_equal(const sl_secp256k1_fe *a, const sl_secp256k1_fe *b) { return sk_fe_equal(a, b); }
int sl_secp256k1_fe_is_odd(const sl_secp256k1_fe *a) { return sk_fe_is_odd(a); }
void sl_secp256k1_fe_cmov(sl_secp256k1_fe *r, const sl_secp256k1_fe *a, int flag) { sk_fe_cmov(r, a, flag); }

/* r = a^(2^n) (n squarings). */
static void fe_sqr_n(sk_fe52 *r, const sk_fe52 *a, int n) {
    sk_fe52 t = *a; /* a local the compiler can keep in registers */
#pragma GCC unroll 2
    for (int i = 0; i < n; i++) sk_fe52_sqr(&t, &t);
    *r = t;
}

/* The shared prefix of the inv and sqrt chains: x2 = a^(2^2-1), x22 = a^(2^22-1)
 * and x223 = a^(2^223-1) (bitcoin-core/secp256k1 src/field_impl.h). */
static void fe_chain_x223(sk_fe52 *x2, sk_fe52 *x22, sk_fe52 *x223, const sk_fe52 *a) {
    sk_fe52 x3, x6, x9, x11, x44, x88, x176, x220, t;
    sk_fe52_sqr(x2, a);
    sk_fe52_mul(x2, x2, a);
    sk_fe52_sqr(&x3, x2);
    sk_fe52_mul(&x3, &x3, a);
    fe_sqr_n(&t, &x3, 3);
    sk_fe52_mul(&x6, &t, &x3);
    fe_sqr_n(&t, &x6, 3);
    sk_fe52_mul(&x9, &t, &x3);
    fe_sqr_n(&t, &x9, 2);
    sk_fe52_mul(&x11, &t, x2);
    fe_sqr_n(&t, &x11, 11);
    sk_fe52_mul(x22, &t, &x11);
    fe_sqr_n(&t, x22, 22);
    sk_fe52_mul(&x44, &t, x22);
    fe_sqr_n(&t, &x44, 44);
    sk_fe52_mul(&x88, &t, &x44);
    fe_sqr_n(&t, &x88, 88);
    sk_fe52_mul(&x176, &t, &x88);
    fe_sqr_n(&t, &x176, 44);
    sk_fe52_mul(&x220, &t, &x44);
    fe_sqr_n(&t, &x220, 3);
    sk_fe52_mul(x223, &t, &x3);
}

void sl_secp256k1_fe52_inv(sk_fe52 *r, const sk_fe52 *a) {
    /* p - 2 = [223 ones] 0 [22 ones] 0000101101 (binary, most significant first). */
    sk_fe52 x2, x22, t;
    fe_chain_x223(&x2, &x22, &t, a);
    fe_sqr_n(&t, &t, 23);
    sk_fe52_mul(&t, &t, &x22);
    fe_sqr_n(&t, &t, 5);
    sk_fe52_mul(&t, &t, a);
    fe_sqr_n(&t, &t, 3);
    sk_fe52_mul(&t, &t, &x2);
    fe_sqr_n(&t, &t, 2);
    sk_fe52_mul(r, &t, a);
}

int sl_secp256k1_fe52_sqrt(sk_fe52 *r, const sk_fe52 *a) {
    /* (p + 1)/4 = [223 ones] 0 [22 ones] 00001100. */
    sk_fe52 x2, x22, t, check;
    fe_chain_x223(&x2, &x22, &t, a);
    fe_sqr_n(&t, &t, 23);
    sk_fe52_mul(&t, &t, &x22);
    fe_sqr_n(&t, &t, 6);
    sk_fe52_mul(&t, &t, &x2);
    fe_sqr_n(&t, &t, 2);
    sk_fe52_sqr(&check, &t);
    int ok = sk_fe52_equal_var(&check, a);
    *r = t;
    return ok;
}

/* Four independent chains in lock step: the same addition chain as
 * sl_secp256k1_fe52_sqrt, lane by lane. One chain is a sequence of dependent
 * squarings (bound by their latency); four let the processor overlap them. */
static void fe_sqr_n4(sk_fe52 r[4], int n) {
    for (int i = 0; i < n; i++)
        for (int k = 0; k < 4; k++) sk_fe52_sqr(&r[k], &r[k]);
}

static void fe_mul4(sk_fe52 r[4], const sk_fe52 a[4], const sk_fe52 b[4]) {
    for (int k = 0; k < 4; k++) sk_fe52_mul(&r[k], &a[k], &b[k]);
}

void sl_secp256k1_fe52_sqrt4(sk_fe52 r[4], int ok[4], const sk_fe52 a[4]) {
    sk_fe52 x2[4], x3[4], x6[4], x9[4], x11[4], x22[4], x44[4], x88[4], x176[4], x220[4],
        x223[4], t[4];
    for (int k = 0; k < 4; k++) sk_fe52_sqr(&x2[k], &a[k]);
    fe_mul4(x2, x2, a);
    for (int k = 0; k < 4; k++) sk_fe52_sqr(&x3[k], &x2[k]);
    fe_mul4(x3, x3, a);
    for (int k = 0; k < 4; k++) t[k] = x3[k];
    fe_sqr_n4(t, 3);
    fe_mul4(x6, t, x3);
    for (int k = 0; k < 4; k++) t[k] = x6[k];
    fe_sqr_n4(t, 3);
    fe_mul4(x9, t, x3);
    for (int k = 0; k < 4; k++) t[k] = x9[k];
    fe_sqr_n4(t, 2);
    fe_mul4(x11, t, x2);
    for (int k = 0; k < 4; k++) t[k] = x11[k];
    fe_sqr_n4(t, 11);
    fe_mul4(x22, t, x11);
    for (int k = 0; k < 4; k++) t[k] = x22[k];
    fe_sqr_n4(t, 22);
    fe_mul4(x44, t, x22);
    for (int k = 0; k < 4; k++) t[k] = x44[k];
    fe_sqr_n4(t, 44);
    fe_mul4(x88, t, x44);
    for (int k = 0; k < 4; k++) t[k] = x88[k];
    fe_sqr_n4(t, 88);
    fe_mul4(x176, t, x88);
    for (int k = 0; k < 4; k++) t[k] = x176[k];
    fe_sqr_n4(t, 44);
    fe_mul4(x220, t, x44);
    for (int k = 0; k < 4; k++) t[k] = x220[k];
    fe_sqr_n4(t, 3);
    fe_mul4(x223, t, x3);
    /* (p + 1)/4 = [223 ones] 0 [22 ones] 00001100, as in sl_secp256k1_fe52_sqrt. */
    for (int k = 0; k < 4; k++) t[k] = x223[k];
    fe_sqr_n4(t, 23);
    fe_mul4(t, t, x22);
    fe_sqr_n4(t, 6);
    fe_mul4(t, t, x2);
    fe_sqr_n4(t, 2);
    for (int k = 0; k < 4; k++) {
        sk_fe52 check;
        sk_fe52_sqr(&check, &t[k]);
        ok[k] = sk_fe52_equal_var(&check, &a[k]);
        r[k] = t[k];
    }
}

void sl_secp256k1_fe_inv(sl_secp256k1_fe *r, const sl_secp256k1_fe *a) {
    sk_fe52 x;
    sk_fe52_from4(&x, a);
    sl_secp256k1_fe52_inv(&x, &x);
    sk_fe52_to4(r, &x);
}

int sl_secp256k1_fe_sqrt(sl_secp256k1_fe *r, const sl_secp256k1_fe *a) {
    sk_fe52 x, y;
    sk_fe52_from4(&x, a);
    int ok = sl_secp256k1_fe52_sqrt(&y, &x);
    sk_fe52_to4(r, &y);
    return ok;
}

void sl_secp256k1_fe_batch_inv(sl_secp256k1_fe *out, const sl_secp256k1_fe *in, size_t n) {
    if (n == 0) return;
    /* Forward pass: out[i] = product of the nonzero in[0..i] (zeros count as 1).
     * One inversion of the total, then a backward pass peels one factor at a
     * time (Montgomery 1987; bitcoin-core secp256k1_fe_inv_all_var shape). */
    sl_secp256k1_fe one, acc, inv, t;
    sk_fe_set_u64(&one, 1);
    acc = one;
    for (size_t i = 0; i < n; i++) {
        sl_secp256k1_fe x = in[i];
        sk_fe_cmov(&x, &one, sk_fe_is_zero(&in[i]));
        sk_fe_mul(&acc, &acc, &x);
        out[i] = acc;
    }
    sl_secp256k1_fe_inv(&inv, &acc);
    for (size_t i = n - 1; i > 0; i--) {
        sl_secp256k1_fe x = in[i];
        int z = sk_fe_is_zero(&x);
        sk_fe_cmov(&x, &one, z);
        sk_fe_mul(&t, &inv, &out[i - 1]); /* 1/in[i] (or garbage if zero) */
        sk_fe_mul(&inv, &inv, &x);
        sl_secp256k1_fe zero = {{0, 0, 0, 0}};
        sk_fe_cmov(&t, &zero, z);
        out[i] = t;
    }
    sl_secp256k1_fe zero = {{0, 0, 0, 0}};
    t = inv;
    sk_fe_cmov(&t, &zero, sk_fe_is_zero(&in[0]));
    out[0] = t;
}

