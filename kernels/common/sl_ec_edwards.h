/* edwards25519 (-x^2 + y^2 = 1 + d x^2 y^2 over p = 2^255 - 19) in extended
 * coordinates (x = X/Z, y = Y/Z, T = X Y / Z), field elements in Montgomery
 * form. Formulas: Hisil, Wong, Carter, Dawson, "Twisted Edwards Curves
 * Revisited" (2008), section 3.1 (add-2008-hwcd-3, a = -1, with k = 2 d) and
 * 3.3 (dbl-2008-hwcd); the "cached" (Y + X, Y - X, 2 Z, 2 d T) and "Niels"
 * (y + x, y - x, 2 d x y; Z = 1) operand forms are ref10's. For a = -1 and a
 * non-square d the addition is complete: it is exact for every pair of curve
 * points (doubling, the identity, points of small order), which the
 * cofactorless Ed25519 check needs. Variable time (public data). */
#ifndef SL_EC_EDWARDS_H
#define SL_EC_EDWARDS_H

#include "sl_ec_curves.h"

typedef struct {
    sl_fe x, y, z, t;
} sl_ext;

typedef struct {
    sl_fe ypx, ymx, z2, t2d;   /* Y + X, Y - X, 2 Z, 2 d T */
} sl_ext_cached;

typedef struct {
    sl_fe ypx, ymx, xy2d;      /* y + x, y - x, 2 d x y (affine, Z = 1) */
} sl_ext_niels;

DEVICE_FN void sl_ext_set_identity(sl_ext *r, const sl_fp_mod *m)
{
    sl_fe_set_u64(&r->x, 0);
    sl_fe_one(&r->y, m);
    r->z = r->y;
    sl_fe_set_u64(&r->t, 0);
}

/* The completed point (E, F, G, H) of the formulas to extended:
 * X3 = E F, Y3 = G H, T3 = E H, Z3 = F G. */
DEVICE_FN void sl_ext_finish(sl_ext *r, const sl_fe *e, const sl_fe *f, const sl_fe *g, const sl_fe *h,
                             const sl_fp_mod *m)
{
    sl_fe_mul(&r->x, e, f, m);
    sl_fe_mul(&r->y, g, h, m);
    sl_fe_mul(&r->t, e, h, m);
    sl_fe_mul(&r->z, f, g, m);
}

/* r = p + q (neg = 0) or p - q (neg = 1), q cached. A = (Y1 - X1)(Y2 - X2),
 * B = (Y1 + X1)(Y2 + X2), C = T1 2d T2, D = Z1 2 Z2, E = B - A, F = D - C,
 * G = D + C, H = B + A. Negating q swaps Y2 + X2 with Y2 - X2 and negates T2. */
DEVICE_FN void sl_ext_add_cached_g(sl_ext *r, const sl_ext *p, const sl_ext_cached *q, int neg, const sl_fp_mod *m)
{
    sl_fe a, b, c, d, e, f, g, h;
    sl_fe_sub(&a, &p->y, &p->x, m);
    sl_fe_add(&b, &p->y, &p->x, m);
    sl_fe_mul(&a, &a, neg ? &q->ypx : &q->ymx, m);
    sl_fe_mul(&b, &b, neg ? &q->ymx : &q->ypx, m);
    sl_fe_mul(&c, &p->t, &q->t2d, m);
    sl_fe_mul(&d, &p->z, &q->z2, m);
    sl_fe_sub(&e, &b, &a, m);
    sl_fe_add(&h, &b, &a, m);
    if (neg) {
        sl_fe_add(&f, &d, &c, m);
        sl_fe_sub(&g, &d, &c, m);
    } else {
        sl_fe_sub(&f, &d, &c, m);
        sl_fe_add(&g, &d, &c, m);
    }
    sl_ext_finish(r, &e, &f, &g, &h, m);
}

/* r = p + q, q in Niels form (D = 2 Z1). */
DEVICE_FN void sl_ext_add_niels_g(sl_ext *r, const sl_ext *p, const sl_ext_niels *q, const sl_fp_mod *m)
{
    sl_fe a, b, c, d, e, f, g, h;
    sl_fe_sub(&a, &p->y, &p->x, m);
    sl_fe_add(&b, &p->y, &p->x, m);
    sl_fe_mul(&a, &a, &q->ymx, m);
    sl_fe_mul(&b, &b, &q->ypx, m);
    sl_fe_mul(&c, &p->t, &q->xy2d, m);
    sl_fe_dbl(&d, &p->z, m);
    sl_fe_sub(&e, &b, &a, m);
    sl_fe_add(&h, &b, &a, m);
    sl_fe_sub(&f, &d, &c, m);
    sl_fe_add(&g, &d, &c, m);
    sl_ext_finish(r, &e, &f, &g, &h, m);
}

/* r = 2 p (dbl-2008-hwcd with a = -1): A = X^2, B = Y^2, C = 2 Z^2,
 * E = (X + Y)^2 - A - B, G = B - A, F = G - C, H = -A - B. */
DEVICE_FN void sl_ext_dbl_g(sl_ext *r, const sl_ext *p, const sl_fp_mod *m)
{
    sl_fe a, b, c, e, f, g, h;
    sl_fe_sqr(&a, &p->x, m);
    sl_fe_sqr(&b, &p->y, m);
    sl_fe_sqr(&c, &p->z, m);
    sl_fe_dbl(&c, &c, m);
    sl_fe_add(&e, &p->x, &p->y, m);
    sl_fe_sqr(&e, &e, m);
    sl_fe_sub(&e, &e, &a, m);
    sl_fe_sub(&e, &e, &b, m);
    sl_fe_sub(&g, &b, &a, m);
    sl_fe_sub(&f, &g, &c, m);
    sl_fe_add(&h, &a, &b, m);
    sl_fe_neg(&h, &h, m);
    sl_ext_finish(r, &e, &f, &g, &h, m);
}

DEVICE_FN void sl_ext_to_cached(sl_ext_cached *r, const sl_ext *p, const sl_fp_mod *m)
{
    sl_fe d2;
    sl_ed_d2(&d2);
    sl_fe_add(&r->ypx, &p->y, &p->x, m);
    sl_fe_sub(&r->ymx, &p->y, &p->x, m);
    sl_fe_dbl(&r->z2, &p->z, m);
    sl_fe_mul(&r->t2d, &p->t, &d2, m);
}

/* Per-curve instances (modulus built here, so its constants propagate). */
SL_EC_BIGFN void sl_ed_dbl(sl_ext *r, const sl_ext *p)
{
    const sl_fp_mod m = sl_mod_ed();
    sl_ext_dbl_g(r, p, &m);
}
SL_EC_BIGFN void sl_ed_add_cached(sl_ext *r, const sl_ext *p, const sl_ext_cached *q, int neg)
{
    const sl_fp_mod m = sl_mod_ed();
    sl_ext_add_cached_g(r, p, q, neg, &m);
}
SL_EC_BIGFN void sl_ed_add_niels(sl_ext *r, const sl_ext *p, const sl_ext_niels *q)
{
    const sl_fp_mod m = sl_mod_ed();
    sl_ext_add_niels_g(r, p, q, &m);
}

#endif
