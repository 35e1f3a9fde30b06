/* Short Weierstrass curves y^2 = x^3 + a x + b with a = -3 (sm2p256v1) or
 * a = 0 (secp256k1) in Jacobian coordinates (x = X/Z^2, y = Y/Z^3; Z = 0 is
 * the point at infinity), field elements in Montgomery form. Formulas from the
 * Explicit-Formulas Database (hyperelliptic.org/EFD, g1p/auto-shortw-jacobian):
 * dbl-2001-b (a = -3), dbl-2009-l (a = 0), add-1998-cmo-2 and its mixed
 * (Z2 = 1) form madd, with the exceptional cases of the addition (P = Q,
 * P = -Q, either at infinity) handled by explicit checks: the inputs are
 * attacker-chosen, so every case must be exact.
 *
 * The generic functions take the modulus and the curve's a; the per-curve
 * wrappers at the end (sl_sm2_*, sl_k1_*) build the modulus locally so its
 * constants propagate into the arithmetic. Variable time (public data). */
#ifndef SL_EC_WEIER_H
#define SL_EC_WEIER_H

#include "sl_ec_curves.h"

typedef struct {
    sl_fe x, y, z;
} sl_jac;

typedef struct {
    sl_fe x, y;
} sl_aff;

DEVICE_FN void sl_jac_set_inf(sl_jac *r)
{
    sl_fe_set_u64(&r->x, 0);
    sl_fe_set_u64(&r->y, 0);
    sl_fe_set_u64(&r->z, 0);
}

DEVICE_FN int sl_jac_is_inf(const sl_jac *p) { return sl_fe_is_zero(&p->z); }

DEVICE_FN void sl_jac_from_aff(sl_jac *r, const sl_aff *a, const sl_fp_mod *m)
{
    r->x = a->x;
    r->y = a->y;
    sl_fe_one(&r->z, m);
}

/* r = 2 p. No point of these prime-order curves has y = 0, so 2 p = O only
 * for p = O (Z3 = 2 Y Z = 0 then). */
DEVICE_FN void sl_jac_dbl_g(sl_jac *r, const sl_jac *p, const sl_fp_mod *m, int a_minus3)
{
    sl_fe t0, t1, t2, t3;
    if (a_minus3) {
        /* dbl-2001-b: delta = Z^2, gamma = Y^2, beta = X gamma,
         * alpha = 3 (X - delta)(X + delta), X3 = alpha^2 - 8 beta,
         * Z3 = (Y + Z)^2 - gamma - delta, Y3 = alpha (4 beta - X3) - 8 gamma^2 */
        sl_fe delta, gamma, beta, alpha;
        sl_fe_sqr(&delta, &p->z, m);
        sl_fe_sqr(&gamma, &p->y, m);
        sl_fe_mul(&beta, &p->x, &gamma, m);
        sl_fe_sub(&t0, &p->x, &delta, m);
        sl_fe_add(&t1, &p->x, &delta, m);
        sl_fe_mul(&t2, &t0, &t1, m);
        sl_fe_dbl(&alpha, &t2, m);
        sl_fe_add(&alpha, &alpha, &t2, m);
        sl_fe_add(&t3, &p->y, &p->z, m);
        sl_fe_sqr(&t3, &t3, m);
        sl_fe_sub(&t3, &t3, &gamma, m);
        sl_fe_sub(&r->z, &t3, &delta, m);   /* p->z no longer read */
        sl_fe_dbl(&beta, &beta, m);
        sl_fe_dbl(&beta, &beta, m);         /* 4 beta */
        sl_fe_sqr(&t0, &alpha, m);
        sl_fe_dbl(&t1, &beta, m);           /* 8 beta */
        sl_fe_sub(&r->x, &t0, &t1, m);
        sl_fe_sub(&t0, &beta, &r->x, m);
        sl_fe_mul(&t0, &alpha, &t0, m);
        sl_fe_sqr(&t1, &gamma, m);
        sl_fe_dbl(&t1, &t1, m);
        sl_fe_dbl(&t1, &t1, m);
        sl_fe_dbl(&t1, &t1, m);             /* 8 gamma^2 */
        sl_fe_sub(&r->y, &t0, &t1, m);
    } else {
        /* dbl-2009-l: A = X^2, B = Y^2, C = B^2, D = 2 ((X + B)^2 - A - C),
         * E = 3 A, F = E^2, X3 = F - 2 D, Y3 = E (D - X3) - 8 C, Z3 = 2 Y Z */
        sl_fe A, B, C, D, E;
        sl_fe_sqr(&A, &p->x, m);
        sl_fe_sqr(&B, &p->y, m);
        sl_fe_sqr(&C, &B, m);
        sl_fe_add(&t0, &p->x, &B, m);
        sl_fe_sqr(&t0, &t0, m);
        sl_fe_sub(&t0, &t0, &A, m);
        sl_fe_sub(&t0, &t0, &C, m);
        sl_fe_dbl(&D, &t0, m);
        sl_fe_dbl(&E, &A, m);
        sl_fe_add(&E, &E, &A, m);
        sl_fe_mul(&t2, &p->y, &p->z, m);
        sl_fe_dbl(&r->z, &t2, m);
        sl_fe_sqr(&t1, &E, m);
        sl_fe_dbl(&t0, &D, m);
        sl_fe_sub(&r->x, &t1, &t0, m);
        sl_fe_sub(&t0, &D, &r->x, m);
        sl_fe_mul(&t0, &E, &t0, m);
        sl_fe_dbl(&C, &C, m);
        sl_fe_dbl(&C, &C, m);
        sl_fe_dbl(&C, &C, m);
        sl_fe_sub(&r->y, &t0, &C, m);
    }
}

/* The common tail of add and madd: given U1, S1, H = U2 - U1, R = S2 - S1
 * (H != 0) and Z3 already set: X3 = R^2 - H^3 - 2 U1 H^2,
 * Y3 = R (U1 H^2 - X3) - S1 H^3. */
DEVICE_FN void sl_jac_add_tail(sl_jac *r, const sl_fe *u1, const sl_fe *s1, const sl_fe *h, const sl_fe *rr,
                               const sl_fp_mod *m)
{
    sl_fe h2, h3, v, t;
    sl_fe_sqr(&h2, h, m);
    sl_fe_mul(&h3, &h2, h, m);
    sl_fe_mul(&v, u1, &h2, m);
    sl_fe_sqr(&t, rr, m);
    sl_fe_sub(&t, &t, &h3, m);
    sl_fe_sub(&t, &t, &v, m);
    sl_fe_sub(&r->x, &t, &v, m);
    sl_fe_sub(&t, &v, &r->x, m);
    sl_fe_mul(&t, rr, &t, m);
    sl_fe_mul(&h3, s1, &h3, m);
    sl_fe_sub(&r->y, &t, &h3, m);
}

/* r = p + q, any inputs (r may alias p). */
DEVICE_FN void sl_jac_add_g(sl_jac *r, const sl_jac *p, const sl_jac *q, const sl_fp_mod *m, int a_minus3)
{
    if (sl_jac_is_inf(p)) {
        *r = *q;
        return;
    }
    if (sl_jac_is_inf(q)) {
        *r = *p;
        return;
    }
    sl_fe z1z1, z2z2, u1, u2, s1, s2, h, rr;
    sl_fe_sqr(&z1z1, &p->z, m);
    sl_fe_sqr(&z2z2, &q->z, m);
    sl_fe_mul(&u1, &p->x, &z2z2, m);
    sl_fe_mul(&u2, &q->x, &z1z1, m);
    sl_fe_mul(&s1, &p->y, &q->z, m);
    sl_fe_mul(&s1, &s1, &z2z2, m);
    sl_fe_mul(&s2, &q->y, &p->z, m);
    sl_fe_mul(&s2, &s2, &z1z1, m);
    sl_fe_sub(&h, &u2, &u1, m);
    sl_fe_sub(&rr, &s2, &s1, m);
    if (sl_fe_is_zero(&h)) {
        if (sl_fe_is_zero(&rr)) {
            sl_jac_dbl_g(r, p, m, a_minus3);   /* p == q */
        } else {
            sl_jac_set_inf(r);                 /* p == -q */
        }
        return;
    }
    sl_fe z3;
    sl_fe_mul(&z3, &p->z, &q->z, m);
    sl_fe_mul(&z3, &z3, &h, m);
    sl_jac_add_tail(r, &u1, &s1, &h, &rr, m);
    r->z = z3;
}

/* r = p + q with q affine (never infinity). r may alias p. */
DEVICE_FN void sl_jac_madd_g(sl_jac *r, const sl_jac *p, const sl_aff *q, const sl_fp_mod *m, int a_minus3)
{
    if (sl_jac_is_inf(p)) {
        sl_jac_from_aff(r, q, m);
        return;
    }
    sl_fe z1z1, u2, s2, h, rr;
    sl_fe_sqr(&z1z1, &p->z, m);
    sl_fe_mul(&u2, &q->x, &z1z1, m);
    sl_fe_mul(&s2, &q->y, &p->z, m);
    sl_fe_mul(&s2, &s2, &z1z1, m);
    sl_fe_sub(&h, &u2, &p->x, m);
    sl_fe_sub(&rr, &s2, &p->y, m);
    if (sl_fe_is_zero(&h)) {
        if (sl_fe_is_zero(&rr)) {
            sl_jac_dbl_g(r, p, m, a_minus3);
        } else {
            sl_jac_set_inf(r);
        }
        return;
    }
    sl_fe z3, u1 = p->x, s1 = p->y;
    sl_fe_mul(&z3, &p->z, &h, m);
    sl_jac_add_tail(r, &u1, &s1, &h, &rr, m);
    r->z = z3;
}

/* Affine coordinates (Montgomery form) of a point that is not infinity. */
DEVICE_FN void sl_jac_to_aff(sl_aff *r, const sl_jac *p, const sl_fp_mod *m)
{
    sl_fe zi, zi2;
    sl_fe_inv(&zi, &p->z, m);
    sl_fe_sqr(&zi2, &zi, m);
    sl_fe_mul(&r->x, &p->x, &zi2, m);
    sl_fe_mul(&zi2, &zi2, &zi, m);
    sl_fe_mul(&r->y, &p->y, &zi2, m);
}

/* Per-curve instances (modulus built here, so its constants propagate). */
SL_EC_BIGFN void sl_sm2_dbl(sl_jac *r, const sl_jac *p)
{
    const sl_fp_mod m = sl_mod_sm2();
    sl_jac_dbl_g(r, p, &m, 1);
}
SL_EC_BIGFN void sl_sm2_add(sl_jac *r, const sl_jac *p, const sl_jac *q)
{
    const sl_fp_mod m = sl_mod_sm2();
    sl_jac_add_g(r, p, q, &m, 1);
}
SL_EC_BIGFN void sl_sm2_madd(sl_jac *r, const sl_jac *p, const sl_aff *q)
{
    const sl_fp_mod m = sl_mod_sm2();
    sl_jac_madd_g(r, p, q, &m, 1);
}
SL_EC_BIGFN void sl_k1_dbl(sl_jac *r, const sl_jac *p)
{
    const sl_fp_mod m = sl_mod_k1();
    sl_jac_dbl_g(r, p, &m, 0);
}
SL_EC_BIGFN void sl_k1_add(sl_jac *r, const sl_jac *p, const sl_jac *q)
{
    const sl_fp_mod m = sl_mod_k1();
    sl_jac_add_g(r, p, q, &m, 0);
}
SL_EC_BIGFN void sl_k1_madd(sl_jac *r, const sl_jac *p, const sl_aff *q)
{
    const sl_fp_mod m = sl_mod_k1();
    sl_jac_madd_g(r, p, q, &m, 0);
}

/* Dispatch on the curve (SL_SIG_CURVE_SM2 or SL_SIG_CURVE_K1). */
DEVICE_FN void sl_w_dbl(sl_u32 curve, sl_jac *r, const sl_jac *p)
{
    if (curve == SL_SIG_CURVE_SM2) sl_sm2_dbl(r, p);
    else sl_k1_dbl(r, p);
}
DEVICE_FN void sl_w_add(sl_u32 curve, sl_jac *r, const sl_jac *p, const sl_jac *q)
{
    if (curve == SL_SIG_CURVE_SM2) sl_sm2_add(r, p, q);
    else sl_k1_add(r, p, q);
}
DEVICE_FN void sl_w_madd(sl_u32 curve, sl_jac *r, const sl_jac *p, const sl_aff *q)
{
    if (curve == SL_SIG_CURVE_SM2) sl_sm2_madd(r, p, q);
    else sl_k1_madd(r, p, q);
}

#endif
