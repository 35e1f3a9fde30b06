/* edwards25519 group arithmetic (ed25519_group.h). Formulas: Hisil–Wong–
 * Carter–Dawson 2008, section 3 (a = -1): "completed" points ((X:Z),(Y:T))
 * as the output of an addition or doubling, converted to extended (4M) or
 * projective (3M) coordinates as the next step needs (the layout of ref10's
 * ge_p1p1 / ge_p2 / ge_p3 / ge_cached / ge_precomp). Decoding follows Go's
 * edwards25519 FromBytes (Bytom v1.1.1 crypto/ed25519/internal/edwards25519),
 * which is RFC 8032 5.1.3 without its canonicity checks. */
#include "ec/ed25519_group.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "ec/ed25519_field_impl.h"
#include "ec/ed25519_ifma.h"
#include "ec/ed25519_modinv.h"

/* d = -121665/121666 and 2d mod p (RFC 8032 5.1), 51-bit limbs; the test
 * recomputes them. */
static const sl_ed25519_fe ED_D = {{UINT64_C(0x34dca135978a3), UINT64_C(0x1a8283b156ebd),
                                    UINT64_C(0x5e7a26001c029), UINT64_C(0x739c663a03cbb),
                                    UINT64_C(0x52036cee2b6ff)}};
static const sl_ed25519_fe ED_2D = {{UINT64_C(0x69b9426b2f159), UINT64_C(0x35050762add7a),
                                     UINT64_C(0x3cf44c0038052), UINT64_C(0x6738cc7407977),
                                     UINT64_C(0x2406d9dc56dff)}};
/* L little-endian. */
static const uint8_t ED_L[32] = {0xed, 0xd3, 0xf5, 0x5c, 0x1a, 0x63, 0x12, 0x58, 0xd6, 0x9c, 0xf7,
                                 0xa2, 0xde, 0xf9, 0xde, 0x14, 0,    0,    0,    0,    0,    0,
                                 0,    0,    0,    0,    0,    0,    0,    0,    0,    0x10};
/* The base point's encoding: y = 4/5, x even (RFC 8032 5.1). */
static const uint8_t ED_B_ENC[32] = {0x58, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66,
                                     0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66,
                                     0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66,
                                     0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66};

/* ---- point representations and formulas ---------------------------------- */

typedef struct { sl_ed25519_fe X, Y, Z, T; } ge_p1p1; /* x = X/Z, y = Y/T */
typedef struct { sl_ed25519_fe X, Y, Z; } ge_p2;      /* x = X/Z, y = Y/Z */

static inline void p1p1_to_p2(ge_p2 *r, const ge_p1p1 *p) {
    fe51_mul(&r->X, &p->X, &p->T);
    fe51_mul(&r->Y, &p->Y, &p->Z);
    fe51_mul(&r->Z, &p->Z, &p->T);
}

static inline void p1p1_to_p3(sl_ed25519_ge *r, const ge_p1p1 *p) {
    fe51_mul(&r->X, &p->X, &p->T);
    fe51_mul(&r->Y, &p->Y, &p->Z);
    fe51_mul(&r->Z, &p->Z, &p->T);
    fe51_mul(&r->T, &p->X, &p->Y);
}

/* Doubling (HWCD 3.3, a = -1): x3 = 2XY / (Y^2 - X^2),
 * y3 = (Y^2 + X^2) / (2Z^2 - Y^2 + X^2). Uses X, Y, Z only. */
static inline void dbl_p2(ge_p1p1 *r, const sl_ed25519_fe *X, const sl_ed25519_fe *Y,
                          const sl_ed25519_fe *Z) {
    sl_ed25519_fe xx, yy, zz2, s;
    fe51_sqr(&xx, X);
    fe51_sqr(&yy, Y);
    fe51_sqr(&zz2, Z);
    fe51_add(&zz2, &zz2, &zz2);
    fe51_add(&s, X, Y);
    fe51_sqr(&s, &s);
    fe51_add(&r->Y, &yy, &xx);    /* Y^2 + X^2 */
    fe51_sub(&r->Z, &yy, &xx);    /* Y^2 - X^2 */
    fe51_sub(&r->X, &s, &r->Y);   /* (X+Y)^2 - X^2 - Y^2 = 2XY */
    fe51_sub(&r->T, &zz2, &r->Z); /* 2Z^2 - Y^2 + X^2 */
}

/* Addition p + q or p - q with q cached (HWCD 3.1 "add-2008-hwcd-3", k = 2d):
 * A = (Y1-X1)(Y2-X2), B = (Y1+X1)(Y2+X2), C = T1 2d T2, D = 2 Z1 Z2;
 * x3 = (B-A)/(D+C), y3 = (B+A)/(D-C). Subtraction swaps Y2+X2, Y2-X2 and
 * negates C. */
static inline void add_cached(ge_p1p1 *r, const sl_ed25519_ge *p, const sl_ed25519_ge_cached *q,
                              int sub) {
    sl_ed25519_fe a, b, c, d, t;
    fe51_sub(&t, &p->Y, &p->X);
    fe51_mul(&a, &t, sub ? &q->ypx : &q->ymx);
    fe51_add(&t, &p->Y, &p->X);
    fe51_mul(&b, &t, sub ? &q->ymx : &q->ypx);
    fe51_mul(&c, &p->T, &q->t2d);
    fe51_mul(&d, &p->Z, &q->z);
    fe51_add(&d, &d, &d);
    fe51_sub(&r->X, &b, &a); /* E */
    fe51_add(&r->Y, &b, &a); /* H */
    if (sub) {
        fe51_sub(&r->Z, &d, &c);
        fe51_add(&r->T, &d, &c);
    } else {
        fe51_add(&r->Z, &d, &c); /* G */
        fe51_sub(&r->T, &d, &c); /* F */
    }
}

/* The same with an affine addend (Z2 = 1, 2d x2 y2 precomputed). */
static inline void add_niels(ge_p1p1 *r, const sl_ed25519_ge *p, const sl_ed25519_ge_niels *q,
                             int sub) {
    sl_ed25519_fe a, b, c, d, t;
    fe51_sub(&t, &p->Y, &p->X);
    fe51_mul(&a, &t, sub ? &q->ypx : &q->ymx);
    fe51_add(&t, &p->Y, &p->X);
    fe51_mul(&b, &t, sub ? &q->ymx : &q->ypx);
    fe51_mul(&c, &p->T, &q->xy2d);
    fe51_add(&d, &p->Z, &p->Z);
    fe51_sub(&r->X, &b, &a);
    fe51_add(&r->Y, &b, &a);
    if (sub) {
        fe51_sub(&r->Z, &d, &c);
        fe51_add(&r->T, &d, &c);
    } else {
        fe51_add(&r->Z, &d, &c);
        fe51_sub(&r->T, &d, &c);
    }
}

static inline void to_cached(sl_ed25519_ge_cached *r, const sl_ed25519_ge *p) {
    fe51_add(&r->ypx, &p->Y, &p->X);
    fe51_carry(&r->ypx, &r->ypx);
    fe51_sub(&r->ymx, &p->Y, &p->X);
    r->z = p->Z;
    fe51_mul(&r->t2d, &p->T, &ED_2D);
}

/* ---- the same formulas with four products at a time (AVX-512 IFMA) ----------
 * Used only when sl_ed25519_ifma_supported(). The IFMA product needs tight
 * factors, so loose sums are carried first. Completed points always go to
 * extended coordinates here: the fourth product X*Y comes free with the
 * three of the projective conversion. */

static void mul4(sl_ed25519_fe *r0, const sl_ed25519_fe *a0, const sl_ed25519_fe *b0,
                 sl_ed25519_fe *r1, const sl_ed25519_fe *a1, const sl_ed25519_fe *b1,
                 sl_ed25519_fe *r2, const sl_ed25519_fe *a2, const sl_ed25519_fe *b2,
                 sl_ed25519_fe *r3, const sl_ed25519_fe *a3, const sl_ed25519_fe *b3) {
    const sl_ed25519_mul4 m = {{r0, r1, r2, r3}, {a0, a1, a2, a3}, {b0, b1, b2, b3}};
    sl_ed25519_fe_mul4_ifma(&m);
}

/* p1p1_to_p3 (X T, Y Z, Z T, X Y); dbl_v4 and add_v4 leave every coordinate
 * of the completed point tight (their sums are carried). */
static void p1p1_to_p3_v4(sl_ed25519_ge *r, const ge_p1p1 *p) {
    mul4(&r->X, &p->X, &p->T, &r->Y, &p->Y, &p->Z, &r->Z, &p->Z, &p->T, &r->T, &p->X, &p->Y);
}

/* dbl_p2: the four squarings X^2, Y^2, Z^2, (X+Y)^2 at once. */
static void dbl_v4(ge_p1p1 *r, const sl_ed25519_ge *p) {
    sl_ed25519_fe xx, yy, zz2, s, xy;
    fe51_add(&xy, &p->X, &p->Y);
    fe51_carry(&xy, &xy);
    mul4(&xx, &p->X, &p->X, &yy, &p->Y, &p->Y, &zz2, &p->Z, &p->Z, &s, &xy, &xy);
    fe51_add(&zz2, &zz2, &zz2);
    fe51_add(&r->Y, &yy, &xx);
    fe51_carry(&r->Y, &r->Y);
    fe51_sub(&r->Z, &yy, &xx);
    fe51_sub(&r->X, &s, &r->Y);
    fe51_sub(&r->T, &zz2, &r->Z);
}

/* add_cached / add_niels (niels: 2 Z1 instead of Z1 Z2, its lane unused). */
static void add_v4(ge_p1p1 *r, const sl_ed25519_ge *p, const sl_ed25519_fe *ypx,
                   const sl_ed25519_fe *ymx, const sl_ed25519_fe *t2, const sl_ed25519_fe *z2,
                   int sub) {
    sl_ed25519_fe a, b, c, d, ymx1, ypx1;
    fe51_sub(&ymx1, &p->Y, &p->X);
    fe51_add(&ypx1, &p->Y, &p->X);
    fe51_carry(&ypx1, &ypx1);
    if (z2) {
        mul4(&a, &ymx1, sub ? ypx : ymx, &b, &ypx1, sub ? ymx : ypx, &c, &p->T, t2, &d, &p->Z, z2);
        fe51_add(&d, &d, &d);
    } else {
        mul4(&a, &ymx1, sub ? ypx : ymx, &b, &ypx1, sub ? ymx : ypx, &c, &p->T, t2, &d, &p->Z,
             &p->Z);
        fe51_add(&d, &p->Z, &p->Z);
    }
    fe51_sub(&r->X, &b, &a);
    fe51_add(&r->Y, &b, &a);
    fe51_carry(&r->Y, &r->Y);
    if (sub) {
        fe51_sub(&r->Z, &d, &c);
        fe51_add(&r->T, &d, &c);
        fe51_carry(&r->T, &r->T);
    } else {
        fe51_add(&r->Z, &d, &c);
        fe51_carry(&r->Z, &r->Z);
        fe51_sub(&r->T, &d, &c);
    }
}

/* ---- public basics --------------------------------------------------------- */

void sl_ed25519_ge_identity(sl_ed25519_ge *r) {
    memset(r, 0, sizeof *r);
    r->Y.v[0] = 1;
    r->Z.v[0] = 1;
}

/* Go's FeFromBytes of y (bit 255 ignored, y >= p reduced), and the ratio
 * x^2 = u / v = (y^2 - 1) / (d y^2 + 1); v is never 0 (-1/d is not a square). */
static void decode_pre(sl_ed25519_fe *y, sl_ed25519_fe *u, sl_ed25519_fe *v, const uint8_t b[32]) {
    sl_ed25519_fe yy, one;
    sl_ed25519_fe_set_b32(y, b);
    sl_ed25519_fe_set_u64(&one, 1);
    fe51_sqr(&yy, y);
    fe51_sub(u, &yy, &one);   /* y^2 - 1 */
    fe51_mul(v, &yy, &ED_D);
    fe51_add(v, v, &one);     /* d y^2 + 1 */
    fe51_carry(v, v);
}

/* The point from y and the even root x: sqrt_ratio gives the even root; Go
 * negates when the parity differs from bit 255, which leaves x = 0 as 0. */
static void decode_post(sl_ed25519_ge *r, const sl_ed25519_fe *x, const sl_ed25519_fe *y,
                        const uint8_t b[32]) {
    if (b[31] >> 7) fe51_neg(&r->X, x);
    else r->X = *x;
    r->Y = *y;
    sl_ed25519_fe_set_u64(&r->Z, 1);
    fe51_mul(&r->T, &r->X, y);
}

int sl_ed25519_ge_decode_var(sl_ed25519_ge *r, const uint8_t b[32]) {
    sl_ed25519_fe y, u, v, x;
    decode_pre(&y, &u, &v, b);
    if (!sl_ed25519_fe_sqrt_ratio(&x, &u, &v)) return 0;
    decode_post(r, &x, &y, b);
    return 1;
}

/* decode2 with the IFMA exponentiation on or off (use_ifma = 1 only where
 * sl_ed25519_ifma_supported()). */
static void decode2_impl(int ok[2], sl_ed25519_ge r[2], const uint8_t b0[32],
                         const uint8_t b1[32], int use_ifma) {
    sl_ed25519_fe y[2], u[2], v[2], x[2];
    decode_pre(&y[0], &u[0], &v[0], b0);
    decode_pre(&y[1], &u[1], &v[1], b1);
    sl_ed25519_fe_sqrt_ratio_x2_impl(ok, x, u, v, use_ifma);
    if (ok[0]) decode_post(&r[0], &x[0], &y[0], b0);
    if (ok[1]) decode_post(&r[1], &x[1], &y[1], b1);
}

void sl_ed25519_ge_decode2_var(int ok[2], sl_ed25519_ge r[2], const uint8_t b0[32],
                               const uint8_t b1[32]) {
    decode2_impl(ok, r, b0, b1, sl_ed25519_ifma_supported());
}

/* sqrt(-1) = 2^((p-1)/4) mod p, the constant of ed25519_field.c (RFC 8032
 * 5.1.3 step 3); the decode4 test checks roots that need it. */
static const sl_ed25519_fe SQRT_M1 = {{UINT64_C(0x61b274a0ea0b0), UINT64_C(0xd5a5fc8f189d),
                                       UINT64_C(0x7ef5e9cbd0c60), UINT64_C(0x78595a6804c9e),
                                       UINT64_C(0x2b8324804fc1d)}};

/* RFC 8032 5.1.3 step 3 for u/v, n = 4 or 8 at a time: x = u v^3
 * (u v^7)^((p-5)/8) with the exponentiations in the IFMA lanes (256-bit
 * vectors for four, 512-bit for eight), then the root checks of
 * ed25519_field.c's sqrt_ratio (v x^2 = u: x; = -u: x sqrt(-1); else none),
 * the even root. */
static void sqrt_ratio_lanes_ifma(int *ok, sl_ed25519_fe *x, const sl_ed25519_fe *u,
                                  const sl_ed25519_fe *v, int n) {
    sl_ed25519_fe w[8], uv3[8];
    for (int j = 0; j < n; j++) {
        sl_ed25519_fe t, v3, v7;
        fe51_sqr(&t, &v[j]);
        fe51_mul(&v3, &t, &v[j]);
        fe51_sqr(&t, &v3);
        fe51_mul(&v7, &t, &v[j]);
        fe51_mul(&w[j], &u[j], &v7);
        fe51_mul(&uv3[j], &u[j], &v3);
    }
    sl_ed25519_fe *const r8[8] = {&w[0], &w[1], &w[2], &w[3], &w[4], &w[5], &w[6], &w[7]};
    const sl_ed25519_fe *const a8[8] = {&w[0], &w[1], &w[2], &w[3], &w[4], &w[5], &w[6], &w[7]};
    if (n == 8) sl_ed25519_fe_pow22523_8_ifma(r8, a8);
    else sl_ed25519_fe_pow22523_4_ifma(r8, a8);
    for (int j = 0; j < n; j++) {
        sl_ed25519_fe t, check, negu;
        fe51_mul(&x[j], &uv3[j], &w[j]);
        fe51_sqr(&t, &x[j]);
        fe51_mul(&check, &v[j], &t);
        sl_ed25519_fe_neg(&negu, &u[j]);
        int correct = sl_ed25519_fe_equal(&check, &u[j]);
        int flipped = sl_ed25519_fe_equal(&check, &negu);
        ok[j] = correct | flipped;
        if (!correct && flipped) {
            fe51_mul(&t, &x[j], &SQRT_M1);
            x[j] = t;
        }
        if (sl_ed25519_fe_is_odd(&x[j])) {
            sl_ed25519_fe_neg(&t, &x[j]);
            x[j] = t;
        }
    }
}

/* n = 4 or 8 decodings with the IFMA lanes. */
static void decode_lanes_ifma(int *ok, sl_ed25519_ge *r, const uint8_t *const *b, int n) {
    sl_ed25519_fe y[8], u[8], v[8], x[8];
    for (int j = 0; j < n; j++) decode_pre(&y[j], &u[j], &v[j], b[j]);
    sqrt_ratio_lanes_ifma(ok, x, u, v, n);
    for (int j = 0; j < n; j++)
        if (ok[j]) decode_post(&r[j], &x[j], &y[j], b[j]);
}

void sl_ed25519_ge_decode4_var(int ok[4], sl_ed25519_ge r[4], const uint8_t *const b[4]) {
    sl_ed25519_ge_decode4_impl_var(ok, r, b, sl_ed25519_ifma_supported());
}

void sl_ed25519_ge_decode4_impl_var(int ok[4], sl_ed25519_ge r[4], const uint8_t *const b[4],
                                    int use_ifma) {
    if (!use_ifma) {
        decode2_impl(ok, r, b[0], b[1], 0);
        decode2_impl(ok + 2, r + 2, b[2], b[3], 0);
        return;
    }
    decode_lanes_ifma(ok, r, b, 4);
}

void sl_ed25519_ge_decode_n_impl_var(int *ok, sl_ed25519_ge *r, const uint8_t *const *b, size_t n,
                                     int use_ifma) {
    size_t i = 0;
    if (use_ifma) {
        /* eight lanes of 512-bit vectors (about the time of four, see
         * ed25519_ifma8.c); a last group of up to four in 256-bit ones, idle
         * lanes repeating the group's first encoding */
        for (; i + 8 <= n; i += 8) decode_lanes_ifma(ok + i, r + i, b + i, 8);
        if (i < n) {
            int lanes = n - i > 4 ? 8 : 4;
            const uint8_t *bb[8];
            int okl[8];
            sl_ed25519_ge rl[8];
            for (int j = 0; j < lanes; j++) bb[j] = b[i + (i + (size_t)j < n ? (size_t)j : 0)];
            decode_lanes_ifma(okl, rl, bb, lanes);
            for (size_t j = 0; i + j < n; j++) {
                ok[i + j] = okl[j];
                r[i + j] = rl[j];
            }
        }
        return;
    }
    for (; i + 2 <= n; i += 2) decode2_impl(ok + i, r + i, b[i], b[i + 1], 0);
    if (i < n) ok[i] = sl_ed25519_ge_decode_var(&r[i], b[i]);
}

void sl_ed25519_ge_decode_n_var(int *ok, sl_ed25519_ge *r, const uint8_t *const *b, size_t n) {
    sl_ed25519_ge_decode_n_impl_var(ok, r, b, n, sl_ed25519_ifma_supported());
}

int sl_ed25519_ge_encoding_canonical(const uint8_t b[32]) {
    sl_ed25519_fe y;
    if (!sl_ed25519_fe_set_b32(&y, b)) return 0; /* y >= p */
    if (b[31] >> 7) {
        /* x = 0 exactly when y^2 = 1 */
        sl_ed25519_fe yy, one;
        fe51_sqr(&yy, &y);
        sl_ed25519_fe_set_u64(&one, 1);
        if (sl_ed25519_fe_equal(&yy, &one)) return 0;
    }
    return 1;
}

void sl_ed25519_ge_encode(uint8_t b[32], const sl_ed25519_ge *p) {
    sl_ed25519_fe zi, x, y;
    sl_ed25519_fe_inv_var(&zi, &p->Z); /* public data: safegcd */
    fe51_mul(&x, &p->X, &zi);
    fe51_mul(&y, &p->Y, &zi);
    sl_ed25519_fe_get_b32(b, &y);
    b[31] |= (uint8_t)(sl_ed25519_fe_is_odd(&x) << 7);
}

void sl_ed25519_ge_encode_n(uint8_t (*b)[32], const sl_ed25519_ge *p, size_t n) {
    sl_ed25519_fe pre[8], inv, zi, x, y;
    if (n == 0) return;
    if (n > 8) {
        sl_ed25519_ge_encode_n(b + 8, p + 8, n - 8);
        n = 8;
    }
    /* pre[i] = Z_0 ... Z_i; Z is never 0 for a point in extended coordinates */
    pre[0] = p[0].Z;
    for (size_t i = 1; i < n; i++) fe51_mul(&pre[i], &pre[i - 1], &p[i].Z);
    if (sl_ed25519_fe_is_zero(&pre[n - 1])) { /* not a point: one at a time */
        for (size_t i = 0; i < n; i++) sl_ed25519_ge_encode(b[i], &p[i]);
        return;
    }
    sl_ed25519_fe_inv_var(&inv, &pre[n - 1]); /* 1 / (Z_0 ... Z_(n-1)) */
    for (size_t i = n; i-- > 0;) {
        if (i > 0) {
            fe51_mul(&zi, &inv, &pre[i - 1]); /* 1 / Z_i */
            fe51_mul(&inv, &inv, &p[i].Z);    /* 1 / (Z_0 ... Z_(i-1)) */
        } else {
            zi = inv;
        }
        fe51_mul(&x, &p[i].X, &zi);
        fe51_mul(&y, &p[i].Y, &zi);
        sl_ed25519_fe_get_b32(b[i], &y);
        b[i][31] |= (uint8_t)(sl_ed25519_fe_is_odd(&x) << 7);
    }
}

void sl_ed25519_ge_neg(sl_ed25519_ge *r, const sl_ed25519_ge *p) {
    fe51_neg(&r->X, &p->X);
    r->Y = p->Y;
    r->Z = p->Z;
    fe51_neg(&r->T, &p->T);
}

void sl_ed25519_ge_to_cached(sl_ed25519_ge_cached *r, const sl_ed25519_ge *p) { to_cached(r, p); }

void sl_ed25519_ge_add(sl_ed25519_ge *r, const sl_ed25519_ge *p, const sl_ed25519_ge *q) {
    sl_ed25519_ge_cached c;
    ge_p1p1 t;
    to_cached(&c, q);
    add_cached(&t, p, &c, 0);
    p1p1_to_p3(r, &t);
}

void sl_ed25519_ge_dbl(sl_ed25519_ge *r, const sl_ed25519_ge *p) {
    ge_p1p1 t;
    dbl_p2(&t, &p->X, &p->Y, &p->Z);
    p1p1_to_p3(r, &t);
}

int sl_ed25519_ge_is_identity_var(const sl_ed25519_ge *p) {
    return sl_ed25519_fe_is_zero(&p->X) && sl_ed25519_fe_equal(&p->Y, &p->Z);
}

int sl_ed25519_ge_equal_var(const sl_ed25519_ge *p, const sl_ed25519_ge *q) {
    sl_ed25519_fe a, b;
    fe51_mul(&a, &p->X, &q->Z);
    fe51_mul(&b, &q->X, &p->Z);
    if (!sl_ed25519_fe_equal(&a, &b)) return 0;
    fe51_mul(&a, &p->Y, &q->Z);
    fe51_mul(&b, &q->Y, &p->Z);
    return sl_ed25519_fe_equal(&a, &b);
}

/* ---- wNAF ------------------------------------------------------------------ */

/* 64 bits of n starting at bit pos (pos <= 256), zero beyond bit 255; l is
 * n in six little-endian limbs, the top two zero. */
static inline uint64_t get64(const uint64_t l[6], int pos) {
    int i = pos >> 6, off = pos & 63;
    uint64_t v = l[i] >> off;
    if (off) v |= l[i + 1] << (64 - off);
    return v;
}

/* The carry-propagating wNAF recoding (as in libsecp256k1's ecmult_wnaf): a
 * window starts at each bit that differs from the running carry; runs of
 * bits equal to the carry are skipped 64 at a time. */
int sl_ed25519_wnaf(int8_t naf[257], const uint8_t n[32], int w) {
    uint64_t l[6] = {0, 0, 0, 0, 0, 0};
    for (int i = 0; i < 32; i++) l[i >> 3] |= (uint64_t)n[i] << (8 * (i & 7));
    memset(naf, 0, 257);
    int bit = 0, carry = 0, top = 0;
    while (bit < 257) {
        uint64_t v = get64(l, bit);
        uint64_t diff = carry ? ~v : v; /* bits that differ from the carry */
        if (!diff) {
            bit += 64;
            continue;
        }
        bit += __builtin_ctzll(diff);
        if (bit >= 257) break;
        int now = w < 257 - bit ? w : 257 - bit;
        int word = (int)(get64(l, bit) & ((UINT64_C(1) << now) - 1)) + carry;
        carry = (word >> (w - 1)) & 1;
        word -= carry << w;
        naf[bit] = (int8_t)word;
        top = bit + 1;
        bit += now;
    }
    return top;
}

/* Odd multiples P, 3P, ..., (2m-1)P as cached points. */
static void odd_multiples(sl_ed25519_ge_cached *tab, int m, const sl_ed25519_ge *p) {
    sl_ed25519_ge p2, cur;
    ge_p1p1 t;
    to_cached(&tab[0], p);
    sl_ed25519_ge_dbl(&p2, p);
    cur = *p;
    sl_ed25519_ge_cached c2;
    to_cached(&c2, &p2);
    for (int i = 1; i < m; i++) {
        add_cached(&t, &cur, &c2, 0);
        p1p1_to_p3(&cur, &t);
        to_cached(&tab[i], &cur);
    }
}

/* odd_multiples with the IFMA steps (p tight, as decoded or computed). */
static void odd_multiples_v4(sl_ed25519_ge_cached *tab, int m, const sl_ed25519_ge *p) {
    sl_ed25519_ge p2, cur = *p;
    sl_ed25519_ge_cached c2;
    ge_p1p1 t;
    to_cached(&tab[0], p);
    dbl_v4(&t, p);
    p1p1_to_p3_v4(&p2, &t);
    to_cached(&c2, &p2);
    for (int i = 1; i < m; i++) {
        add_v4(&t, &cur, &c2.ypx, &c2.ymx, &c2.t2d, &c2.z, 0);
        p1p1_to_p3_v4(&cur, &t);
        to_cached(&tab[i], &cur);
    }
}

void sl_ed25519_ge_odd_multiples_var(sl_ed25519_ge_cached *tab, int m, const sl_ed25519_ge *p,
                                     int use_ifma) {
    (use_ifma ? odd_multiples_v4 : odd_multiples)(tab, m, p);
}

typedef struct strauss_stream strauss_stream;
static void strauss_run(sl_ed25519_ge *r, int span, const strauss_stream *st, size_t n,
                        const int8_t *nb, int use_ifma);

int sl_ed25519_ge_torsion_free_var(const sl_ed25519_ge *p) {
    sl_ed25519_ge q;
    sl_ed25519_ge_scalarmul_var(&q, ED_L, p);
    return sl_ed25519_ge_is_identity_var(&q);
}

/* ---- the fixed-base tables --------------------------------------------------
 * base_tab[j][i] = (2i+1) 2^(64j) B in affine (niels) form, window 8 (64
 * entries per j), built once on first use. */
#define BASE_W SL_ED25519_BASE_W
#define BASE_N (1 << (BASE_W - 2))

typedef struct { sl_ed25519_ge_niels t[4][BASE_N]; } base_tables;
static base_tables *g_base;           /* written once under g_base_once */
static pthread_once_t g_base_once = PTHREAD_ONCE_INIT;

void sl_ed25519_ge_base(sl_ed25519_ge *r) {
    int ok = sl_ed25519_ge_decode_var(r, ED_B_ENC);
    (void)ok; /* a constant, on the curve */
}

static void base_build(void) {
    static base_tables storage;
    sl_ed25519_ge pj, mult[BASE_N], p2, cur;
    sl_ed25519_ge_cached c2;
    ge_p1p1 t;
    sl_ed25519_ge_base(&pj);
    for (int j = 0; j < 4; j++) {
        if (j > 0)
            for (int k = 0; k < 64; k++) sl_ed25519_ge_dbl(&pj, &pj);
        sl_ed25519_ge_dbl(&p2, &pj);
        to_cached(&c2, &p2);
        cur = pj;
        mult[0] = pj;
        for (int i = 1; i < BASE_N; i++) {
            add_cached(&t, &cur, &c2, 0);
            p1p1_to_p3(&cur, &t);
            mult[i] = cur;
        }
        sl_ed25519_fe zs[BASE_N], zi[BASE_N];
        for (int i = 0; i < BASE_N; i++) zs[i] = mult[i].Z;
        sl_ed25519_fe_batch_inv(zi, zs, BASE_N);
        for (int i = 0; i < BASE_N; i++) {
            sl_ed25519_fe x, y, xy;
            fe51_mul(&x, &mult[i].X, &zi[i]);
            fe51_mul(&y, &mult[i].Y, &zi[i]);
            sl_ed25519_ge_niels *n = &storage.t[j][i];
            fe51_add(&n->ypx, &y, &x);
            fe51_carry(&n->ypx, &n->ypx);
            fe51_sub(&n->ymx, &y, &x);
            fe51_mul(&xy, &x, &y);
            fe51_mul(&n->xy2d, &xy, &ED_2D);
        }
    }
    g_base = &storage;
}

static const base_tables *base_get(void) {
    pthread_once(&g_base_once, base_build);
    return g_base;
}

const sl_ed25519_ge_niels *sl_ed25519_base_table(int j) { return base_get()->t[j]; }

/* ---- double scalar multiplication ------------------------------------------ */

void sl_ed25519_double_scalarmul_var(sl_ed25519_ge *r, const uint8_t s[32], const uint8_t k[32],
                                     const sl_ed25519_ge *A) {
    const base_tables *bt = base_get();
    int8_t nk[257], ns[257];
    sl_ed25519_ge_cached tab[8];
    odd_multiples(tab, 8, A);
    int tk = sl_ed25519_wnaf(nk, k, 5);
    int ts = sl_ed25519_wnaf(ns, s, BASE_W);
    int top = tk > ts ? tk : ts;
    sl_ed25519_ge acc;
    ge_p2 p;
    ge_p1p1 t;
    sl_ed25519_ge_identity(&acc);
    p.X = acc.X; p.Y = acc.Y; p.Z = acc.Z;
    for (int i = top - 1; i >= 0; i--) {
        dbl_p2(&t, &p.X, &p.Y, &p.Z);
        if (nk[i]) {
            int d = nk[i];
            p1p1_to_p3(&acc, &t);
            add_cached(&t, &acc, &tab[(d < 0 ? -d : d) >> 1], d < 0);
        }
        if (ns[i]) {
            int d = ns[i];
            p1p1_to_p3(&acc, &t);
            add_niels(&t, &acc, &bt->t[0][(d < 0 ? -d : d) >> 1], d < 0);
        }
        if (i == 0) p1p1_to_p3(&acc, &t);
        else p1p1_to_p2(&p, &t);
    }
    if (top == 0) sl_ed25519_ge_identity(&acc);
    *r = acc;
}

/* Strauss with half-length variable scalars: the base scalar's window-8
 * digits at positions 128.. use the table of 2^128 B (base_tab[2]), so the
 * chain of doublings is only as long as the longest of n0, n1 and 128. */
void sl_ed25519_base_two_scalarmul_var(sl_ed25519_ge *r, const uint8_t b[32], const uint8_t n0[32],
                                       const sl_ed25519_ge *P0, int neg0, const uint8_t n1[32],
                                       const sl_ed25519_ge *P1, int neg1) {
    sl_ed25519_base_two_scalarmul_impl_var(r, b, n0, P0, neg0, n1, P1, neg1,
                                           sl_ed25519_ifma_supported());
}

void sl_ed25519_base_two_scalarmul_impl_var(sl_ed25519_ge *r, const uint8_t b[32],
                                            const uint8_t n0[32], const sl_ed25519_ge *P0,
                                            int neg0, const uint8_t n1[32],
                                            const sl_ed25519_ge *P1, int neg1, int use_ifma) {
    const base_tables *bt = base_get();
    int8_t na[257], nr[257], nb[257];
    sl_ed25519_ge_cached ta[8], tr[8];
    int t0 = sl_ed25519_wnaf(na, n0, 5);
    int t1 = sl_ed25519_wnaf(nr, n1, 5);
    int tb = sl_ed25519_wnaf(nb, b, BASE_W);
    if (t0) (use_ifma ? odd_multiples_v4 : odd_multiples)(ta, 8, P0);
    if (t1) (use_ifma ? odd_multiples_v4 : odd_multiples)(tr, 8, P1);
    if (tb > 128) tb = tb - 128 > 128 ? tb - 128 : 128;
    int top = t0 > t1 ? t0 : t1;
    if (tb > top) top = tb;
    sl_ed25519_ge acc;
    ge_p2 p;
    ge_p1p1 t;
    sl_ed25519_ge_identity(&acc);
    if (use_ifma) {
        /* the same chain, every step in extended coordinates */
        for (int i = top - 1; i >= 0; i--) {
            dbl_v4(&t, &acc);
            p1p1_to_p3_v4(&acc, &t);
            int d = na[i];
            if (d) {
                const sl_ed25519_ge_cached *e = &ta[(d < 0 ? -d : d) >> 1];
                add_v4(&t, &acc, &e->ypx, &e->ymx, &e->t2d, &e->z, (d < 0) ^ neg0);
                p1p1_to_p3_v4(&acc, &t);
            }
            d = nr[i];
            if (d) {
                const sl_ed25519_ge_cached *e = &tr[(d < 0 ? -d : d) >> 1];
                add_v4(&t, &acc, &e->ypx, &e->ymx, &e->t2d, &e->z, (d < 0) ^ neg1);
                p1p1_to_p3_v4(&acc, &t);
            }
            for (int h = 0; h < 2; h++) {
                d = i < 128 || h ? (i + 128 * h < 257 ? nb[i + 128 * h] : 0) : 0;
                if (!d) continue;
                const sl_ed25519_ge_niels *e = &bt->t[2 * h][(d < 0 ? -d : d) >> 1];
                add_v4(&t, &acc, &e->ypx, &e->ymx, &e->xy2d, NULL, d < 0);
                p1p1_to_p3_v4(&acc, &t);
            }
        }
        *r = acc;
        return;
    }
    p.X = acc.X; p.Y = acc.Y; p.Z = acc.Z;
    for (int i = top - 1; i >= 0; i--) {
        dbl_p2(&t, &p.X, &p.Y, &p.Z);
        int d = na[i];
        if (d) {
            p1p1_to_p3(&acc, &t);
            add_cached(&t, &acc, &ta[(d < 0 ? -d : d) >> 1], (d < 0) ^ neg0);
        }
        d = nr[i];
        if (d) {
            p1p1_to_p3(&acc, &t);
            add_cached(&t, &acc, &tr[(d < 0 ? -d : d) >> 1], (d < 0) ^ neg1);
        }
        d = nb[i];
        if (i < 128 && d) {
            p1p1_to_p3(&acc, &t);
            add_niels(&t, &acc, &bt->t[0][(d < 0 ? -d : d) >> 1], d < 0);
        }
        d = i + 128 < 257 ? nb[i + 128] : 0;
        if (d) {
            p1p1_to_p3(&acc, &t);
            add_niels(&t, &acc, &bt->t[2][(d < 0 ? -d : d) >> 1], d < 0);
        }
        if (i == 0) p1p1_to_p3(&acc, &t);
        else p1p1_to_p2(&p, &t);
    }
    if (top == 0) sl_ed25519_ge_identity(&acc);
    *r = acc;
}

/* ---- per-key tables -------------------------------------------------------- */

void sl_ed25519_keytab_build(sl_ed25519_keytab *tb, const sl_ed25519_ge *A) {
    sl_ed25519_keytab_build_impl(tb, A, sl_ed25519_ifma_supported());
}

void sl_ed25519_keytab_build_impl(sl_ed25519_keytab *tb, const sl_ed25519_ge *A, int use_ifma) {
    sl_ed25519_ge pj = *A;
    if (use_ifma) { /* the same tables with the IFMA steps */
        for (int j = 0; j < 4; j++) {
            if (j > 0) {
                ge_p1p1 t;
                for (int i = 0; i < 64; i++) {
                    dbl_v4(&t, &pj);
                    p1p1_to_p3_v4(&pj, &t);
                }
            }
            odd_multiples_v4(tb->t[j], SL_ED25519_KEYTAB_N, &pj);
        }
        return;
    }
    for (int j = 0; j < 4; j++) {
        if (j > 0) {
            ge_p1p1 t;
            ge_p2 q = {pj.X, pj.Y, pj.Z};
            for (int i = 0; i < 63; i++) {
                dbl_p2(&t, &q.X, &q.Y, &q.Z);
                p1p1_to_p2(&q, &t);
            }
            dbl_p2(&t, &q.X, &q.Y, &q.Z);
            p1p1_to_p3(&pj, &t);
        }
        odd_multiples(tb->t[j], SL_ED25519_KEYTAB_N, &pj);
    }
}

/* The Strauss loop shared by the key-table and multi-scalar paths: `span`
 * positions (64, 128 or 256), `nk` variable-base digit streams with their
 * tables (4 tables at 2^(64j) spacing: position p uses table p / span *
 * (span / 64) at loop index p % span), and the base digits. */
struct strauss_stream {
    const int8_t *naf;                    /* 257 digits */
    const sl_ed25519_ge_cached *tab[4];   /* tab[h]: table for positions h*span.. */
    int neg;
};

static void strauss_run(sl_ed25519_ge *r, int span, const strauss_stream *st, size_t n,
                        const int8_t *nb /* NULL: no base term */, int use_ifma) {
    const base_tables *bt = base_get();
    int parts = 256 / span;
    int step = span / 64;
    sl_ed25519_ge acc;
    ge_p2 p;
    ge_p1p1 t;
    sl_ed25519_ge_identity(&acc);
    if (use_ifma) {
        /* the same loop with the IFMA steps, always in extended coordinates */
        int on = 0;
        for (int i = span - 1; i >= 0; i--) {
            if (on) {
                dbl_v4(&t, &acc);
                p1p1_to_p3_v4(&acc, &t);
            }
            for (size_t m = 0; m < n; m++) {
                for (int h = 0; h < parts; h++) {
                    int d = st[m].naf[h * span + i];
                    if (!d) continue;
                    const sl_ed25519_ge_cached *e = &st[m].tab[h][(d < 0 ? -d : d) >> 1];
                    add_v4(&t, &acc, &e->ypx, &e->ymx, &e->t2d, &e->z, (d < 0) ^ st[m].neg);
                    p1p1_to_p3_v4(&acc, &t);
                    on = 1;
                }
            }
            if (nb) {
                for (int h = 0; h < parts; h++) {
                    int d = nb[h * span + i];
                    if (!d) continue;
                    const sl_ed25519_ge_niels *e = &bt->t[h * step][(d < 0 ? -d : d) >> 1];
                    add_v4(&t, &acc, &e->ypx, &e->ymx, &e->xy2d, NULL, d < 0);
                    p1p1_to_p3_v4(&acc, &t);
                    on = 1;
                }
            }
        }
        *r = acc;
        return;
    }
    p.X = acc.X; p.Y = acc.Y; p.Z = acc.Z;
    int started = 0;
    for (int i = span - 1; i >= 0; i--) {
        int have = 0;
        if (started) {
            dbl_p2(&t, &p.X, &p.Y, &p.Z);
            have = 1;
        }
        for (size_t m = 0; m < n; m++) {
            for (int h = 0; h < parts; h++) {
                int d = st[m].naf[h * span + i];
                if (!d) continue;
                if (have) p1p1_to_p3(&acc, &t);
                add_cached(&t, &acc, &st[m].tab[h][(d < 0 ? -d : d) >> 1], (d < 0) ^ st[m].neg);
                have = 1;
            }
        }
        if (nb) {
            for (int h = 0; h < parts; h++) {
                int d = nb[h * span + i];
                if (!d) continue;
                if (have) p1p1_to_p3(&acc, &t);
                add_niels(&t, &acc, &bt->t[h * step][(d < 0 ? -d : d) >> 1], d < 0);
                have = 1;
            }
        }
        if (have) {
            started = 1;
            if (i == 0) p1p1_to_p3(&acc, &t);
            else p1p1_to_p2(&p, &t);
        }
    }
    /* Once started, position 0 always doubles and converts to acc; if never
     * started, acc is the identity. */
    *r = acc;
}

void sl_ed25519_ge_scalarmul_var(sl_ed25519_ge *r, const uint8_t n[32], const sl_ed25519_ge *p) {
    int8_t naf[257];
    sl_ed25519_ge_cached tab[8];
    odd_multiples(tab, 8, p);
    sl_ed25519_wnaf(naf, n, 5);
    /* positions 0..255; a 256-bit n may have a digit at 256: add it apart */
    strauss_stream st = {naf, {tab, NULL, NULL, NULL}, 0};
    strauss_run(r, 256, &st, 1, NULL, sl_ed25519_ifma_supported());
    if (naf[256]) {
        /* naf[256] = 1: add [2^256]p */
        sl_ed25519_ge q = *p;
        for (int i = 0; i < 256; i++) sl_ed25519_ge_dbl(&q, &q);
        sl_ed25519_ge_add(r, r, &q);
    }
}

void sl_ed25519_double_scalarmul_keytab_var(sl_ed25519_ge *r, const uint8_t s[32],
                                            const uint8_t k[32], const sl_ed25519_keytab *tb,
                                            int neg_a) {
    sl_ed25519_double_scalarmul_keytab_impl_var(r, s, k, tb, neg_a, sl_ed25519_ifma_supported());
}

void sl_ed25519_double_scalarmul_keytab_impl_var(sl_ed25519_ge *r, const uint8_t s[32],
                                                 const uint8_t k[32], const sl_ed25519_keytab *tb,
                                                 int neg_a, int use_ifma) {
    int8_t nk[257], ns[257];
    sl_ed25519_wnaf(nk, k, SL_ED25519_KEYTAB_W);
    sl_ed25519_wnaf(ns, s, BASE_W);
    strauss_stream st = {nk, {tb->t[0], tb->t[1], tb->t[2], tb->t[3]}, neg_a};
    strauss_run(r, 64, &st, 1, ns, use_ifma);
}

#define MSM_CHUNK 64

/* The doublings are shared by a whole chunk, so every term uses a single
 * table over all 256 positions (the 2^(64j) key tables would only save
 * doublings, which cost little per term here). */
void sl_ed25519_msm_var(sl_ed25519_ge *r, const uint8_t b[32], const sl_ed25519_msm_term *terms,
                        size_t n) {
    int8_t *nafs = malloc((size_t)MSM_CHUNK * 257);
    sl_ed25519_ge_cached *tabs = malloc((size_t)MSM_CHUNK * 8 * sizeof *tabs);
    strauss_stream st[MSM_CHUNK];
    int8_t nb[257];
    sl_ed25519_wnaf(nb, b, BASE_W);
    sl_ed25519_ge total, part;
    if (!nafs || !tabs) {
        /* out of memory: one term at a time with stack tables */
        free(nafs);
        free(tabs);
        sl_ed25519_ge one;
        strauss_run(&total, 256, NULL, 0, nb, sl_ed25519_ifma_supported());
        for (size_t i = 0; i < n; i++) {
            sl_ed25519_ge_cached tab8[8];
            int8_t nk[257];
            sl_ed25519_wnaf(nk, terms[i].n, 5);
            if (terms[i].tab) memcpy(tab8, terms[i].tab->t[0], sizeof tab8);
            else odd_multiples(tab8, 8, terms[i].p);
            strauss_stream s1 = {nk, {tab8, NULL, NULL, NULL}, terms[i].neg};
            strauss_run(&one, 256, &s1, 1, NULL, sl_ed25519_ifma_supported());
            sl_ed25519_ge_add(&total, &total, &one);
        }
        *r = total;
        return;
    }
    size_t done = 0;
    int first = 1;
    sl_ed25519_ge_identity(&total);
    while (done < n || first) {
        size_t m = n - done < MSM_CHUNK ? n - done : MSM_CHUNK;
        for (size_t i = 0; i < m; i++) {
            const sl_ed25519_msm_term *tm = &terms[done + i];
            int8_t *naf = nafs + i * 257;
            sl_ed25519_wnaf(naf, tm->n, 5);
            st[i].naf = naf;
            st[i].neg = tm->neg;
            if (tm->tab) {
                st[i].tab[0] = tm->tab->t[0];
            } else {
                odd_multiples(tabs + i * 8, 8, tm->p);
                st[i].tab[0] = tabs + i * 8;
            }
            st[i].tab[1] = st[i].tab[2] = st[i].tab[3] = NULL;
        }
        strauss_run(&part, 256, st, m, first ? nb : NULL, sl_ed25519_ifma_supported());
        if (first) total = part;
        else sl_ed25519_ge_add(&total, &total, &part);
        first = 0;
        done += m;
    }
    free(nafs);
    free(tabs);
    *r = total;
}
