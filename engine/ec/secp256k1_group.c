/* secp256k1 group arithmetic, fixed-base table, Strauss and Pippenger (see
 * header). All variable time: verification handles public data only. */
#include "ec/secp256k1_group.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "ec/secp256k1_affine8.h"
#include "ec/secp256k1_field_impl.h"
#include "ec/secp256k1_fe52_impl.h"
#include "ec/secp256k1_modinv.h"

typedef sl_secp256k1_fe fe;
typedef sl_secp256k1_ge ge;
typedef sl_secp256k1_gej gej;

const sl_secp256k1_fe sl_secp256k1_beta = {{0xC1396C28719501EEULL, 0x9CF0497512F58995ULL,
                                            0x6E64479EAC3434E9ULL, 0x7AE96A2B657C0710ULL}};

const sl_secp256k1_ge sl_secp256k1_g = {
    {{0x59F2815B16F81798ULL, 0x029BFCDB2DCE28D9ULL, 0x55A06295CE870B07ULL, 0x79BE667EF9DCBBACULL}},
    {{0x9C47D08FFB10D4B8ULL, 0xFD17B448A6855419ULL, 0x5DA4FBFC0E1108A8ULL, 0x483ADA7726A3C465ULL}}};

/* --- Point formulas on 5x52 limbs (static inline for the loops below) ----
 * Magnitudes (secp256k1_fe52_impl.h) in parentheses. Internal Jacobian points
 * keep x <= 4, y <= 3, z = 1. */

typedef sk_fe52 f5;

typedef struct {
    f5 x, y, z;
    int inf;
} gj;

static inline void gj_from(gj *r, const gej *a) {
    sk_fe52_from4(&r->x, &a->x);
    sk_fe52_from4(&r->y, &a->y);
    sk_fe52_from4(&r->z, &a->z);
    r->inf = a->inf;
}

static inline void gj_to(gej *r, const gj *a) {
    sk_fe52_to4(&r->x, &a->x);
    sk_fe52_to4(&r->y, &a->y);
    sk_fe52_to4(&r->z, &a->z);
    r->inf = a->inf;
}

/* Doubling for a = 0 with Z3 = Y Z (bitcoin-core/secp256k1 secp256k1_gej_double):
 * L = 3/2 X^2, S = Y^2, T = -X S, X3 = L^2 + 2T, Y3 = -(L (X3 + T) + S^2).
 * From x3 = lambda^2 - 2x, y3 = lambda (x - x3) - y with lambda = 3x^2 / 2y.
 * secp256k1 has no point of order 2, so a finite point stays finite. */
static inline void gj_dbl(gj *r, const gj *a) {
    if (a->inf) {
        r->inf = 1;
        return;
    }
    /* Inputs and outputs in locals: r may alias a, and writes through r
     * would otherwise force every later read of a back to memory. */
    const f5 ax = a->x, ay = a->y, az = a->z;
    f5 l, s, t, x3, y3, z3;
    sk_fe52_mul(&z3, &az, &ay);       /* (1) */
    sk_fe52_sqr(&s, &ay);             /* (1) */
    sk_fe52_sqr(&l, &ax);             /* (1) */
    sk_fe52_mul_int(&l, 3);           /* (3) */
    sk_fe52_half(&l);                 /* (2) */
    sk_fe52_negate(&t, &s, 1);        /* (2) */
    sk_fe52_mul(&t, &t, &ax);         /* (1) */
    sk_fe52_sqr(&x3, &l);             /* (1) */
    sk_fe52_add(&x3, &t);             /* (2) */
    sk_fe52_add(&x3, &t);             /* (3) */
    sk_fe52_sqr(&s, &s);              /* (1) */
    sk_fe52_add(&t, &x3);             /* (4) */
    sk_fe52_mul(&y3, &t, &l);         /* (1) */
    sk_fe52_add(&y3, &s);             /* (2) */
    sk_fe52_negate(&y3, &y3, 2);      /* (3) */
    r->x = x3;
    r->y = y3;
    r->z = z3;
    r->inf = 0;
}

/* r = a + b where b = (bx, by) is affine on the curve of a scaled by zb: b
 * has Jacobian coordinates (bx, by, 1/zb) relative to a's curve
 * (bitcoin-core/secp256k1 secp256k1_gej_add_zinv_var); zb == NULL means 1.
 * U1 = X1, U2 = bx zz^2, S1 = Y1, S2 = by zz^3 with zz = Z1 zb, H = U2 - U1,
 * I = S1 - S2, X3 = I^2 - H^3 - 2 U1 H^2, Y3 = I (X3 - U1 H^2) - S1 H^3,
 * Z3 = Z1 H. bx magnitude 1, by at most 2 (a negated entry); a->x <= 4 and
 * a->y <= 3 as for every internal point; zr (if not NULL) receives H
 * (= Z3 / Z1, magnitude 6) for a generic sum of a finite a. */
static inline void gj_add_ge(gj *r, const gj *a, const f5 *bx, const f5 *by, const f5 *zb, f5 *zr) {
    if (a->inf) {
        if (zb) {
            f5 z2, z3;
            sk_fe52_sqr(&z2, zb);
            sk_fe52_mul(&z3, &z2, zb);
            sk_fe52_mul(&r->x, bx, &z2);
            sk_fe52_mul(&r->y, by, &z3);
        } else {
            r->x = *bx;
            r->y = *by;
        }
        sk_fe52_set_u64(&r->z, 1);
        r->inf = 0;
        return;
    }
    f5 zz, z12, u1, u2, s1, s2, h, i, h2, h3, t;
    if (zb) {
        sk_fe52_mul(&zz, &a->z, zb);
    } else {
        zz = a->z;
    }
    sk_fe52_sqr(&z12, &zz);           /* (1) */
    u1 = a->x;                        /* (<= 4: no normalization needed) */
    sk_fe52_mul(&u2, bx, &z12);       /* (1) */
    s1 = a->y;                        /* (<= 3) */
    sk_fe52_mul(&s2, by, &z12);
    sk_fe52_mul(&s2, &s2, &zz);       /* (1) */
    sk_fe52_negate(&h, &u1, 4);
    sk_fe52_add(&h, &u2);             /* H (6) */
    sk_fe52_negate(&i, &s2, 1);
    sk_fe52_add(&i, &s1);             /* I (5) */
    if (sk_fe52_is_zero_var(&h)) {
        if (sk_fe52_is_zero_var(&i)) {
            gj_dbl(r, a);
        } else {
            r->inf = 1;
        }
        return;
    }
    if (zr) *zr = h;
    f5 x3, y3, z3; /* written to r at the end (r may alias a) */
    sk_fe52_mul(&z3, &a->z, &h);      /* (1) */
    sk_fe52_sqr(&h2, &h);
    sk_fe52_negate(&h2, &h2, 1);      /* -H^2 (2) */
    sk_fe52_mul(&h3, &h2, &h);        /* -H^3 (1) */
    sk_fe52_mul(&t, &u1, &h2);        /* -U1 H^2 (1) */
    sk_fe52_sqr(&x3, &i);
    sk_fe52_add(&x3, &h3);
    sk_fe52_add(&x3, &t);
    sk_fe52_add(&x3, &t);             /* X3 (4) */
    sk_fe52_add(&t, &x3);             /* X3 - U1 H^2 (5) */
    sk_fe52_mul(&y3, &t, &i);         /* (1) */
    sk_fe52_mul(&h3, &h3, &s1);       /* -S1 H^3 (1) */
    sk_fe52_add(&y3, &h3);            /* Y3 (2) */
    r->x = x3;
    r->y = y3;
    r->z = z3;
    r->inf = 0;
}

/* Full Jacobian addition: U1 = X1 Z2^2, U2 = X2 Z1^2, S1 = Y1 Z2^3,
 * S2 = Y2 Z1^3, then as gj_add_ge with Z3 = Z1 Z2 H. */
static inline void gj_add(gj *r, const gj *a, const gj *b) {
    if (a->inf) {
        *r = *b;
        return;
    }
    if (b->inf) {
        *r = *a;
        return;
    }
    f5 z22, z12, u1, u2, s1, s2, h, i, h2, h3, t;
    sk_fe52_sqr(&z22, &b->z);
    sk_fe52_sqr(&z12, &a->z);
    sk_fe52_mul(&u1, &a->x, &z22);
    sk_fe52_mul(&u2, &b->x, &z12);
    sk_fe52_mul(&s1, &a->y, &z22);
    sk_fe52_mul(&s1, &s1, &b->z);
    sk_fe52_mul(&s2, &b->y, &z12);
    sk_fe52_mul(&s2, &s2, &a->z);
    sk_fe52_negate(&h, &u1, 1);
    sk_fe52_add(&h, &u2);             /* (3) */
    sk_fe52_negate(&i, &s2, 1);
    sk_fe52_add(&i, &s1);             /* (3) */
    if (sk_fe52_is_zero_var(&h)) {
        if (sk_fe52_is_zero_var(&i)) {
            gj_dbl(r, a);
        } else {
            r->inf = 1;
        }
        return;
    }
    sk_fe52_mul(&t, &h, &b->z);
    sk_fe52_mul(&r->z, &a->z, &t);    /* (1) */
    sk_fe52_sqr(&h2, &h);
    sk_fe52_negate(&h2, &h2, 1);      /* (2) */
    sk_fe52_mul(&h3, &h2, &h);        /* (1) */
    sk_fe52_mul(&t, &u1, &h2);        /* (1) */
    sk_fe52_sqr(&r->x, &i);
    sk_fe52_add(&r->x, &h3);
    sk_fe52_add(&r->x, &t);
    sk_fe52_add(&r->x, &t);           /* (4) */
    sk_fe52_add(&t, &r->x);           /* (5) */
    sk_fe52_mul(&r->y, &t, &i);
    sk_fe52_mul(&h3, &h3, &s1);
    sk_fe52_add(&r->y, &h3);          /* (2) */
    r->inf = 0;
}

/* r = 1/a (variable time, safegcd; inv(0) = 0). */
static void f5_inv_var(f5 *r, const f5 *a) {
    fe t;
    sk_fe52_to4(&t, a);
    sl_secp256k1_fe_inv_var(&t, &t);
    sk_fe52_from4(r, &t);
}

/* --- Public point functions ---------------------------------------------- */

int sl_secp256k1_ge_set_x_even_var(sl_secp256k1_ge *r, const sl_secp256k1_fe *x) {
    f5 xx, c, y, seven;
    sk_fe52_from4(&xx, x);
    sk_fe52_sqr(&c, &xx);
    sk_fe52_mul(&c, &c, &xx);
    sk_fe52_set_u64(&seven, 7);
    sk_fe52_add(&c, &seven);
    if (!sl_secp256k1_fe52_sqrt(&y, &c)) return 0;
    fe yy;
    sk_fe52_to4(&yy, &y);
    if (sk_fe_is_odd(&yy)) sk_fe_neg(&yy, &yy);
    r->x = *x;
    r->y = yy;
    return 1;
}

/* lift_x of lanes x[0..L) (L = 4 or 8) with one multi-lane square root. */
static void lift_lanes(sl_secp256k1_ge *r, int *ok, const sl_secp256k1_fe *x, int lanes) {
    f5 c[8], y[8], seven;
    sk_fe52_set_u64(&seven, 7);
    for (int k = 0; k < lanes; k++) {
        f5 xx;
        sk_fe52_from4(&xx, &x[k]);
        sk_fe52_sqr(&c[k], &xx);
        sk_fe52_mul(&c[k], &c[k], &xx);
        sk_fe52_add(&c[k], &seven);
    }
    if (lanes == 8)
        sl_secp256k1_fe52_sqrt8(y, ok, c);
    else
        sl_secp256k1_fe52_sqrt4(y, ok, c);
    for (int k = 0; k < lanes; k++) {
        if (!ok[k])
            continue;
        fe yy;
        sk_fe52_to4(&yy, &y[k]);
        if (sk_fe_is_odd(&yy))
            sk_fe_neg(&yy, &yy);
        r[k].x = x[k];
        r[k].y = yy;
    }
}

void sl_secp256k1_ge_set_x_even_many_var(sl_secp256k1_ge *r, int *ok, const sl_secp256k1_fe *x,
                                         size_t n) {
    size_t i = 0;
    if (n >= 8 && sl_secp256k1_fe52_sqrt8_supported())
        for (; i + 8 <= n; i += 8) lift_lanes(r + i, ok + i, x + i, 8);
    for (; i + 4 <= n; i += 4) lift_lanes(r + i, ok + i, x + i, 4);
    for (; i < n; i++) ok[i] = sl_secp256k1_ge_set_x_even_var(&r[i], &x[i]);
}

int sl_secp256k1_ge_on_curve_var(const sl_secp256k1_ge *a) {
    fe l, rr, seven;
    sl_secp256k1_fe_sqr(&l, &a->y);
    sl_secp256k1_fe_sqr(&rr, &a->x);
    sl_secp256k1_fe_mul(&rr, &rr, &a->x);
    sk_fe_set_u64(&seven, 7);
    sk_fe_add(&rr, &rr, &seven);
    return sk_fe_equal(&l, &rr);
}

void sl_secp256k1_gej_set_ge(sl_secp256k1_gej *r, const sl_secp256k1_ge *a) {
    r->x = a->x;
    r->y = a->y;
    sk_fe_set_u64(&r->z, 1);
    r->inf = 0;
}

int sl_secp256k1_ge_set_gej_var(sl_secp256k1_ge *r, const sl_secp256k1_gej *a) {
    if (a->inf) return 0;
    f5 z, zi, zi2, zi3, x, y;
    sk_fe52_from4(&z, &a->z);
    sk_fe52_from4(&x, &a->x);
    sk_fe52_from4(&y, &a->y);
    f5_inv_var(&zi, &z);
    sk_fe52_sqr(&zi2, &zi);
    sk_fe52_mul(&zi3, &zi2, &zi);
    sk_fe52_mul(&x, &x, &zi2);
    sk_fe52_mul(&y, &y, &zi3);
    sk_fe52_to4(&r->x, &x);
    sk_fe52_to4(&r->y, &y);
    return 1;
}

void sl_secp256k1_gej_double_var(sl_secp256k1_gej *r, const sl_secp256k1_gej *a) {
    gj t;
    gj_from(&t, a);
    gj_dbl(&t, &t);
    gj_to(r, &t);
}

void sl_secp256k1_gej_add_ge_var(sl_secp256k1_gej *r, const sl_secp256k1_gej *a,
                                 const sl_secp256k1_ge *b) {
    gj t;
    f5 bx, by;
    gj_from(&t, a);
    sk_fe52_from4(&bx, &b->x);
    sk_fe52_from4(&by, &b->y);
    gj_add_ge(&t, &t, &bx, &by, NULL, NULL);
    gj_to(r, &t);
}

void sl_secp256k1_gej_add_var(sl_secp256k1_gej *r, const sl_secp256k1_gej *a,
                              const sl_secp256k1_gej *b) {
    gj t, u;
    gj_from(&t, a);
    gj_from(&u, b);
    gj_add(&t, &t, &u);
    gj_to(r, &t);
}

void sl_secp256k1_ecmult_ref_var(sl_secp256k1_gej *r, const sl_secp256k1_gej *a,
                                 const sl_secp256k1_sc *k) {
    gj acc, p;
    gj_from(&p, a);
    acc.inf = 1;
    for (int i = 255; i >= 0; i--) {
        gj_dbl(&acc, &acc);
        if ((k->v[i / 64] >> (i % 64)) & 1) gj_add(&acc, &acc, &p);
    }
    gj_to(r, &acc);
}

/* --- Scalars: GLV halves and wNAF ---------------------------------------- */

static void sc_to_128(sl_secp256k1_sc128 *r, const sl_secp256k1_sc *k) {
    sl_secp256k1_sc t = *k;
    r->neg = sl_secp256k1_sc_is_high(&t);
    if (r->neg) sl_secp256k1_sc_neg(&t, &t);
    r->v[0] = t.v[0];
    r->v[1] = t.v[1];
}

void sl_secp256k1_split128(sl_secp256k1_sc128 *k1, sl_secp256k1_sc128 *k2,
                           const sl_secp256k1_sc *k) {
    sl_secp256k1_sc r1, r2;
    sl_secp256k1_sc_split_lambda(&r1, &r2, k);
    sc_to_128(k1, &r1);
    sc_to_128(k2, &r2);
}

int sl_secp256k1_wnaf_var(int *out, const uint64_t k[2], int w) {
    /* Three limbs so that adding 2^w at the top (a negative digit's borrow
     * turned into a carry) cannot overflow. */
    uint64_t v[3] = {k[0], k[1], 0};
    int len = 0;
    for (int i = 0; i < 130; i++) out[i] = 0;
    int i = 0;
    while (i < 130 && (v[0] | v[1] | v[2])) {
        if ((v[0] & 1) == 0) {
            /* Skip the run of zero bits at once. */
            if (v[0] == 0) {
                v[0] = v[1];
                v[1] = v[2];
                v[2] = 0;
                i += 64;
                continue;
            }
            int z = __builtin_ctzll(v[0]); /* 1..63 */
            v[0] = (v[0] >> z) | (v[1] << (64 - z));
            v[1] = (v[1] >> z) | (v[2] << (64 - z));
            v[2] >>= z;
            i += z;
            continue;
        }
        int d = (int)(v[0] & ((1u << w) - 1));
        if (d >= (1 << (w - 1))) d -= 1 << w;
        out[i] = d;
        len = i + 1;
        /* v -= d (d odd; v becomes divisible by 2^w). */
        if (d >= 0) {
            uint64_t o = v[0];
            v[0] -= (uint64_t)d;
            uint64_t b = v[0] > o;
            uint64_t o1 = v[1];
            v[1] -= b;
            v[2] -= (v[1] > o1);
        } else {
            uint64_t o = v[0];
            v[0] += (uint64_t)(-d);
            uint64_t c = v[0] < o;
            v[1] += c;
            v[2] += (c && v[1] == 0);
        }
        /* Shift by w (the low w bits are now zero). */
        v[0] = (v[0] >> w) | (v[1] << (64 - w));
        v[1] = (v[1] >> w) | (v[2] << (64 - w));
        v[2] >>= w;
        i += w;
    }
    return len;
}

/* --- Odd multiples, global Z --------------------------------------------- */

void sl_secp256k1_odd_multiples_var(sl_secp256k1_ge *tab, sl_secp256k1_fe *zg,
                                    const sl_secp256k1_ge *a, size_t m) {
    gj d, acc;
    f5 ax, ay;
    sk_fe52_from4(&ax, &a->x);
    sk_fe52_from4(&ay, &a->y);
    acc.x = ax;
    acc.y = ay;
    sk_fe52_set_u64(&acc.z, 1);
    acc.inf = 0;
    gj_dbl(&d, &acc);
    /* On the curve scaled by d.z, 2a is the affine (d.x, d.y) and a is
     * (ax dz^2, ay dz^3). */
    f5 dz2, dz3;
    sk_fe52_normalize_weak(&d.x);
    sk_fe52_normalize_weak(&d.y);
    sk_fe52_sqr(&dz2, &d.z);
    sk_fe52_mul(&dz3, &dz2, &d.z);
    sk_fe52_mul(&acc.x, &ax, &dz2);
    sk_fe52_mul(&acc.y, &ay, &dz3);
    f5 zr_local[64];
    gj pts_local[64];
    f5 *zr = zr_local;
    gj *pts = pts_local;
    if (m > 64) {
        zr = malloc(m * sizeof *zr);
        pts = malloc(m * sizeof *pts);
        if (!zr || !pts) {
            /* Out of memory for a big table: build it the slow way (one
             * inversion per point), still exact. acc lives on the curve
             * scaled by dz: true coordinates (x, y, z dz). */
            free(zr);
            free(pts);
            for (size_t k = 0; k < m; k++) {
                if (k > 0) gj_add_ge(&acc, &acc, &d.x, &d.y, NULL, NULL);
                gj t = acc;
                sk_fe52_mul(&t.z, &t.z, &d.z);
                gej tt;
                gj_to(&tt, &t);
                sl_secp256k1_ge_set_gej_var(&tab[k], &tt);
            }
            sk_fe_set_u64(zg, 1);
            return;
        }
    }
    pts[0] = acc;
    sk_fe52_set_u64(&zr[0], 1);
    for (size_t k = 1; k < m; k++) gj_add_ge(&pts[k], &pts[k - 1], &d.x, &d.y, NULL, &zr[k]);
    /* Bring every entry to the last one's z: rho_k = prod_{j > k} zr[j]. */
    f5 rho, rho2, rho3, t;
    sk_fe52_set_u64(&rho, 1);
    for (size_t k = m; k-- > 0;) {
        if (k + 1 < m) sk_fe52_mul(&rho, &rho, &zr[k + 1]);
        sk_fe52_sqr(&rho2, &rho);
        sk_fe52_mul(&rho3, &rho2, &rho);
        sk_fe52_mul(&t, &pts[k].x, &rho2);
        sk_fe52_to4(&tab[k].x, &t);
        sk_fe52_mul(&t, &pts[k].y, &rho3);
        sk_fe52_to4(&tab[k].y, &t);
    }
    sk_fe52_mul(&t, &pts[m - 1].z, &d.z);
    sk_fe52_to4(zg, &t);
    if (m > 64) {
        free(zr);
        free(pts);
    }
}

/* --- The fixed-base table ------------------------------------------------ */

static sl_secp256k1_ge g_table[SL_SECP256K1_G_TABLE];
static pthread_once_t g_table_once = PTHREAD_ONCE_INIT;

static void g_table_build(void) {
    fe zg;
    f5 z, zi, zi2, zi3, t;
    sl_secp256k1_odd_multiples_var(g_table, &zg, &sl_secp256k1_g, SL_SECP256K1_G_TABLE);
    sk_fe52_from4(&z, &zg);
    f5_inv_var(&zi, &z);
    sk_fe52_sqr(&zi2, &zi);
    sk_fe52_mul(&zi3, &zi2, &zi);
    for (size_t k = 0; k < SL_SECP256K1_G_TABLE; k++) {
        sk_fe52_from4(&t, &g_table[k].x);
        sk_fe52_mul(&t, &t, &zi2);
        sk_fe52_to4(&g_table[k].x, &t);
        sk_fe52_from4(&t, &g_table[k].y);
        sk_fe52_mul(&t, &t, &zi3);
        sk_fe52_to4(&g_table[k].y, &t);
    }
}

const sl_secp256k1_ge *sl_secp256k1_g_table(void) {
    pthread_once(&g_table_once, g_table_build);
    return g_table;
}

/* --- Strauss for P and G (single verification) --------------------------- */

/* beta in 5x52 limbs. */
static inline void beta52(f5 *b) {
    sk_fe52_from4(b, &sl_secp256k1_beta);
}

/* Adds digit d (odd, nonzero) of table tab (odd multiples) to r: entry
 * (|d| - 1) / 2, its x times beta for the lambda half, y negated when the
 * digit's sign differs from the half's sign (selected without a branch: the
 * signs are random). zb as in gj_add_ge. */
static inline void add_digit(gj *r, const ge *tab, int d, int neg, const f5 *beta, const f5 *zb) {
    const ge *e = &tab[(d < 0 ? -d : d) >> 1];
    f5 x, y, ny;
    sk_fe52_from4(&x, &e->x);
    sk_fe52_from4(&y, &e->y);
    if (beta) sk_fe52_mul(&x, &x, beta);
    sk_fe52_negate(&ny, &y, 1); /* magnitude 2: only multiplied by gj_add_ge */
    uint64_t mask = 0 - (uint64_t)((d < 0) ^ (neg != 0));
    y.n[0] = (ny.n[0] & mask) | (y.n[0] & ~mask);
    y.n[1] = (ny.n[1] & mask) | (y.n[1] & ~mask);
    y.n[2] = (ny.n[2] & mask) | (y.n[2] & ~mask);
    y.n[3] = (ny.n[3] & mask) | (y.n[3] & ~mask);
    y.n[4] = (ny.n[4] & mask) | (y.n[4] & ~mask);
    gj_add_ge(r, r, &x, &y, zb, NULL);
}

/* A small table of P in 5x52 limbs with everything a digit needs ready:
 * x, beta x (lambda half) and y, -y (sign), so that an addition only picks
 * pointers. Built when the table has at most PRE_MAX entries (the one-shot
 * window); larger tables convert per digit (add_digit). */
#define PRE_MAX 16
typedef struct {
    f5 x, bx, y, ny;
} pre_entry;

static inline void add_pre(gj *r, const pre_entry *tab, int d, int neg, int lam) {
    const pre_entry *e = &tab[(d < 0 ? -d : d) >> 1];
    gj_add_ge(r, r, lam ? &e->bx : &e->x, ((d < 0) ^ (neg != 0)) ? &e->ny : &e->y, NULL, NULL);
}

#define PREFETCH_AHEAD 4

static inline void prefetch_g(const ge *gt, int d2, int d3) {
    if (d2) __builtin_prefetch(&gt[(d2 < 0 ? -d2 : d2) >> 1]);
    if (d3) __builtin_prefetch(&gt[(d3 < 0 ? -d3 : d3) >> 1]);
}

/* The Strauss loop shared by the two entry points: r = kp P + kg G with P's
 * odd multiples either in pre (5x52, ready to add) or, when pre is NULL, in
 * the 4x64 table ptab; both on the curve of global Z z. */
static void strauss(gej *r, const pre_entry *pre, const ge *ptab, int wp, const f5 *z,
                    const sl_secp256k1_sc *kp, const sl_secp256k1_sc *kg) {
    const ge *gt = sl_secp256k1_g_table();
    sl_secp256k1_sc128 h[4];
    sl_secp256k1_split128(&h[0], &h[1], kp);
    sl_secp256k1_split128(&h[2], &h[3], kg);
    int naf[4][130], len[4], maxlen = 0;
    for (int j = 0; j < 4; j++) {
        len[j] = sl_secp256k1_wnaf_var(naf[j], h[j].v, j < 2 ? wp : SL_SECP256K1_G_WINDOW);
        if (len[j] > maxlen) maxlen = len[j];
    }
    f5 beta;
    beta52(&beta);
    /* The accumulator lives on P's table curve (global Z z); G's true affine
     * entries are added through the z-inverse trick with zb = z. */
    gj acc;
    acc.inf = 1;
    /* G entries are spread over a 512 KiB table: fetch each a few bit
     * positions (a few hundred cycles) before its addition. */
    for (int i = maxlen - 1; i >= maxlen - PREFETCH_AHEAD && i >= 0; i--)
        prefetch_g(gt, naf[2][i], naf[3][i]);
    for (int i = maxlen - 1; i >= 0; i--) {
        if (i >= PREFETCH_AHEAD)
            prefetch_g(gt, naf[2][i - PREFETCH_AHEAD], naf[3][i - PREFETCH_AHEAD]);
        gj_dbl(&acc, &acc);
        if (pre) {
            if (naf[0][i]) add_pre(&acc, pre, naf[0][i], h[0].neg, 0);
            if (naf[1][i]) add_pre(&acc, pre, naf[1][i], h[1].neg, 1);
        } else {
            if (naf[0][i]) add_digit(&acc, ptab, naf[0][i], h[0].neg, NULL, NULL);
            if (naf[1][i]) add_digit(&acc, ptab, naf[1][i], h[1].neg, &beta, NULL);
        }
        if (naf[2][i]) add_digit(&acc, gt, naf[2][i], h[2].neg, NULL, z);
        if (naf[3][i]) add_digit(&acc, gt, naf[3][i], h[3].neg, &beta, z);
    }
    if (!acc.inf) sk_fe52_mul(&acc.z, &acc.z, z);
    gj_to(r, &acc);
}

/* x, beta x, y and -y of each table entry. */
static void pre_fill(pre_entry *e, const f5 *x, const f5 *y, const f5 *beta) {
    e->x = *x;
    sk_fe52_mul(&e->bx, x, beta);
    e->y = *y;
    sk_fe52_negate(&e->ny, y, 1);
}

void sl_secp256k1_ecmult_var(sl_secp256k1_gej *r, const sl_secp256k1_ge *ptab,
                             const sl_secp256k1_fe *zg, int wp, const sl_secp256k1_sc *kp,
                             const sl_secp256k1_sc *kg) {
    f5 z, beta;
    sk_fe52_from4(&z, zg);
    beta52(&beta);
    const size_t m = (size_t)1 << (wp - 2);
    if (m > PRE_MAX) {
        strauss(r, NULL, ptab, wp, &z, kp, kg);
        return;
    }
    pre_entry pre[PRE_MAX];
    for (size_t k = 0; k < m; k++) {
        f5 x, y;
        sk_fe52_from4(&x, &ptab[k].x);
        sk_fe52_from4(&y, &ptab[k].y);
        pre_fill(&pre[k], &x, &y, &beta);
    }
    strauss(r, pre, NULL, wp, &z, kp, kg);
}

void sl_secp256k1_ecmult_point_var(sl_secp256k1_gej *r, const sl_secp256k1_ge *p,
                                   const sl_secp256k1_sc *kp, const sl_secp256k1_sc *kg) {
    enum { M = 1 << (SL_SECP256K1_POINT_WINDOW - 2) };
    _Static_assert(M <= PRE_MAX, "one-shot table larger than PRE_MAX");
    /* The odd multiples as in sl_secp256k1_odd_multiples_var, kept in 5x52
     * limbs: 2P = d (affine on the curve scaled by d.z), P on that curve,
     * then P + k d with the z ratios zr, brought to the last entry's z. */
    gj d, pts[M];
    f5 zr[M], ax, ay, dz2, dz3, beta;
    beta52(&beta);
    sk_fe52_from4(&ax, &p->x);
    sk_fe52_from4(&ay, &p->y);
    pts[0].x = ax;
    pts[0].y = ay;
    sk_fe52_set_u64(&pts[0].z, 1);
    pts[0].inf = 0;
    gj_dbl(&d, &pts[0]);
    sk_fe52_normalize_weak(&d.x);
    sk_fe52_normalize_weak(&d.y);
    sk_fe52_sqr(&dz2, &d.z);
    sk_fe52_mul(&dz3, &dz2, &d.z);
    sk_fe52_mul(&pts[0].x, &ax, &dz2);
    sk_fe52_mul(&pts[0].y, &ay, &dz3);
    sk_fe52_set_u64(&zr[0], 1);
    for (size_t k = 1; k < M; k++) gj_add_ge(&pts[k], &pts[k - 1], &d.x, &d.y, NULL, &zr[k]);
    pre_entry pre[M];
    f5 rho, rho2, rho3, x, y, z;
    sk_fe52_set_u64(&rho, 1);
    for (size_t k = M; k-- > 0;) {
        if (k + 1 < M) sk_fe52_mul(&rho, &rho, &zr[k + 1]);
        sk_fe52_sqr(&rho2, &rho);
        sk_fe52_mul(&rho3, &rho2, &rho);
        sk_fe52_mul(&x, &pts[k].x, &rho2);
        sk_fe52_mul(&y, &pts[k].y, &rho3);
        pre_fill(&pre[k], &x, &y, &beta);
    }
    sk_fe52_mul(&z, &pts[M - 1].z, &d.z);
    strauss(r, pre, NULL, SL_SECP256K1_POINT_WINDOW, &z, kp, kg);
}

/* --- Multi-scalar multiplication ------------------------------------------ */

/* Signed c-bit digits of a 128-bit scalar k, nw of them (lowest window
 * first) at out[0], out[stride], ...: digit in [-2^(c-1), 2^(c-1)), a borrow
 * carried to the next window. */
static void scalar_digits(int16_t *out, size_t stride, const uint64_t k[2], int c, int nw) {
    const int64_t full = (int64_t)1 << c, half = (int64_t)1 << (c - 1);
    int64_t carry = 0;
    for (int w = 0; w < nw; w++) {
        int bit = w * c;
        uint64_t bits = 0;
        if (bit < 128) {
            int limb = bit / 64, off = bit % 64;
            bits = k[limb] >> off;
            if (off + c > 64 && limb == 0) bits |= k[1] << (64 - off);
            bits &= (uint64_t)full - 1;
        }
        int64_t v = (int64_t)bits + carry;
        carry = v >= half;
        if (carry) v -= full;
        out[(size_t)w * stride] = (int16_t)v;
    }
}

/* The digits of n scalars, scalar-major (dig[i * nw + w]). */
static int16_t *msm_digits(const uint64_t (*k)[2], size_t n, int c, int nw) {
    int16_t *dig = malloc(n * (size_t)nw * sizeof *dig);
    if (!dig)
        return NULL;
    for (size_t i = 0; i < n; i++) scalar_digits(dig + i * (size_t)nw, 1, k[i], c, nw);
    return dig;
}

/* Pippenger with signed c-bit digits and Jacobian buckets (small n): for
 * each window from the top, each point goes into bucket |d| (negated for
 * d < 0); the window sum sum_b b * bucket[b] is formed with a running sum;
 * windows are combined by c doublings. */
static int msm_pippenger(gej *r, const ge *pts, const uint64_t (*k)[2], size_t n, int c) {
    const int nw = 128 / c + 1; /* c * nw >= 129 and the top window cannot carry (c >= 4, c != 43) */
    const size_t nb = (size_t)1 << (c - 1);
    int16_t *dig = msm_digits(k, n, c, nw);
    gj *bk = malloc(nb * sizeof *bk);
    if (!dig || !bk) {
        free(dig);
        free(bk);
        return 0;
    }
    gj acc;
    acc.inf = 1;
    for (int w = nw - 1; w >= 0; w--) {
        for (int s = 0; s < c; s++) gj_dbl(&acc, &acc);
        for (size_t b = 0; b < nb; b++) bk[b].inf = 1;
        for (size_t i = 0; i < n; i++) {
            int d = dig[i * (size_t)nw + (size_t)w];
            if (!d) continue;
            f5 x, y;
            sk_fe52_from4(&x, &pts[i].x);
            sk_fe52_from4(&y, &pts[i].y);
            if (d < 0) {
                sk_fe52_negate(&y, &y, 1);
                sk_fe52_normalize_weak(&y);
                d = -d;
            }
            gj_add_ge(&bk[d - 1], &bk[d - 1], &x, &y, NULL, NULL);
        }
        gj run, sum;
        run.inf = 1;
        sum.inf = 1;
        for (size_t b = nb; b-- > 0;) {
            gj_add(&run, &run, &bk[b]);
            gj_add(&sum, &sum, &run);
        }
        gj_add(&acc, &acc, &sum);
    }
    free(dig);
    free(bk);
    gj_to(r, &acc);
    return 1;
}

/* --- Pippenger with affine buckets ----------------------------------------
 * For many points the bucket additions dominate. Kept affine, an addition
 * A + B is lambda = (By - Ay) / (Bx - Ax), X = lambda^2 - Ax - Bx,
 * Y = lambda (Ax - X) - Ay: 2M + 1S once the inverse is known, and the
 * inverses of a whole round of additions come from one field inversion by
 * Montgomery's trick (3M each): about 6 field operations per point instead
 * of 11 for a mixed Jacobian addition. Each window sorts its points by
 * bucket, then sums every bucket as a tree: a round adds neighbours pairwise
 * in all buckets at once (one inversion per round, about log2 of the
 * largest bucket rounds). (The "batch affine" bucket method of the
 * multi-scalar multiplication literature.) */

typedef sl_secp256k1_aff52 aff5; /* coordinates of magnitude 1 */

/* The scalar flush's scratch per pending addition. */
typedef struct {
    f5 den, pre; /* x(in[a + 1]) - x(in[a]) and the running product */
} aff_pend;

/* a = 2a in affine coordinates (two equal points in a bucket: rare, one
 * inversion): lambda = 3x^2 / 2y; secp256k1 has no point with y = 0. */
static void aff_double(aff5 *a) {
    f5 t, l, x3, y3, nx;
    t = a->y;
    sk_fe52_add(&t, &a->y); /* 2y (2) */
    f5_inv_var(&t, &t);
    sk_fe52_sqr(&l, &a->x);
    sk_fe52_mul_int(&l, 3);
    sk_fe52_mul(&l, &l, &t); /* lambda (1) */
    sk_fe52_sqr(&x3, &l);
    sk_fe52_negate(&nx, &a->x, 1);
    sk_fe52_add(&x3, &nx);
    sk_fe52_add(&x3, &nx); /* (5) */
    sk_fe52_normalize_weak(&x3);
    sk_fe52_negate(&t, &x3, 1);
    sk_fe52_add(&t, &a->x); /* x - X (3) */
    sk_fe52_mul(&y3, &t, &l);
    sk_fe52_negate(&t, &a->y, 1);
    sk_fe52_add(&y3, &t); /* (3) */
    sk_fe52_normalize_weak(&y3);
    a->x = x3;
    a->y = y3;
}

/* Finishes the nq pending additions of a round, out[pd[j]] = in[pa[j]] +
 * in[pa[j] + 1]: one inversion of the product of the denominators, then
 * each inverse peeled off (Montgomery 1987). The reference for the eight
 * lanes of sl_secp256k1_aff_add8. */
static void aff_flush(aff5 *out, const aff5 *in, const uint32_t *pa, const uint32_t *pd,
                      aff_pend *q, size_t nq) {
    if (nq == 0)
        return;
    for (size_t j = 0; j < nq; j++) {
        sk_fe52_negate(&q[j].den, &in[pa[j]].x, 1);
        sk_fe52_add(&q[j].den, &in[pa[j] + 1].x); /* (3) */
    }
    q[0].pre = q[0].den;
    for (size_t j = 1; j < nq; j++) sk_fe52_mul(&q[j].pre, &q[j - 1].pre, &q[j].den);
    f5 inv, dinv, l, x3, y3, t;
    f5_inv_var(&inv, &q[nq - 1].pre);
    for (size_t j = nq; j-- > 0;) {
        if (j > 0) {
            sk_fe52_mul(&dinv, &inv, &q[j - 1].pre);
            sk_fe52_mul(&inv, &inv, &q[j].den);
        } else {
            dinv = inv;
        }
        const aff5 *a = &in[pa[j]], *b = a + 1;
        sk_fe52_negate(&t, &a->y, 1);
        sk_fe52_add(&t, &b->y); /* By - Ay (3) */
        sk_fe52_mul(&l, &t, &dinv);
        sk_fe52_sqr(&x3, &l);
        sk_fe52_negate(&t, &a->x, 1);
        sk_fe52_add(&x3, &t);
        sk_fe52_negate(&t, &b->x, 1);
        sk_fe52_add(&x3, &t); /* (5) */
        sk_fe52_normalize_weak(&x3);
        sk_fe52_negate(&t, &x3, 1);
        sk_fe52_add(&t, &a->x); /* Ax - X (3) */
        sk_fe52_mul(&y3, &t, &l);
        sk_fe52_negate(&t, &a->y, 1);
        sk_fe52_add(&y3, &t); /* (3) */
        sk_fe52_normalize_weak(&y3);
        out[pd[j]].x = x3;
        out[pd[j]].y = y3;
    }
}

/* The affine Pippenger as independent tasks (see the header): task t is
 * window t / parts and the t % parts-th range of its buckets. The result of
 * a task over buckets [blo, bhi) is sum_b (b + 1) B_b, formed as the
 * running sums over the range give sum_b (b - blo + 1) B_b, plus blo times
 * the last running sum (sum_b B_b). */
struct sl_secp256k1_msm_plan {
    size_t n, nb;
    int c, nw, parts;
    int lanes;    /* the additions on eight IFMA lanes (secp256k1_affine8.h) */
    int16_t *dig; /* dig[w * n + i]: window-major, a task reads one row */
    aff5 *p5;
    gj *part;     /* one result per task */
};

/* Window for n points: (128/c + 1) (7 n + 27 2^(c-1)) field operations is
 * least (about 7 per point and window for an affine bucket addition, 27 per
 * bucket and window for the running sums). */
static int msm_affine_window(size_t n) {
    int c = 5;
    if (n >= 250) c = 6;
    if (n >= 700) c = 7;
    if (n >= 1800) c = 8;
    if (n >= 3500) c = 9;
    if (n >= 5000) c = 10;
    if (n >= 40000) c = 12;
    return c;
}

sl_secp256k1_msm_plan *sl_secp256k1_msm_plan_new(size_t n, int parts) {
    if (n == 0 || n > UINT32_MAX || parts < 1)
        return NULL;
    sl_secp256k1_msm_plan *p = calloc(1, sizeof *p);
    if (!p)
        return NULL;
    p->n = n;
    p->c = msm_affine_window(n);
    p->nw = 128 / p->c + 1; /* c * nw >= 129: the top window cannot carry */
    p->nb = (size_t)1 << (p->c - 1);
    if ((size_t)parts > p->nb)
        parts = (int)p->nb;
    p->parts = parts;
#ifdef SL_SECP256K1_AFFINE8
    p->lanes = sl_secp256k1_affine8_supported();
#endif
    p->dig = malloc(n * (size_t)p->nw * sizeof *p->dig);
    p->p5 = malloc(n * sizeof *p->p5);
    p->part = malloc((size_t)p->nw * (size_t)parts * sizeof *p->part);
    if (!p->dig || !p->p5 || !p->part) {
        sl_secp256k1_msm_plan_free(p);
        return NULL;
    }
    return p;
}

void sl_secp256k1_msm_plan_free(sl_secp256k1_msm_plan *p) {
    if (!p)
        return;
    free(p->dig);
    free(p->p5);
    free(p->part);
    free(p);
}

int sl_secp256k1_msm_plan_lanes(sl_secp256k1_msm_plan *p, int on) {
#ifdef SL_SECP256K1_AFFINE8
    p->lanes = on && sl_secp256k1_affine8_supported();
#else
    (void)on;
    p->lanes = 0;
#endif
    return p->lanes;
}

size_t sl_secp256k1_msm_plan_tasks(const sl_secp256k1_msm_plan *p) {
    return (size_t)p->nw * (size_t)p->parts;
}

void sl_secp256k1_msm_plan_set(sl_secp256k1_msm_plan *p, size_t lo, size_t hi,
                               const sl_secp256k1_ge *pts, const uint64_t (*k)[2]) {
    for (size_t i = lo; i < hi; i++) {
        sk_fe52_from4(&p->p5[i].x, &pts[i].x);
        sk_fe52_from4(&p->p5[i].y, &pts[i].y);
        scalar_digits(p->dig + i, p->n, k[i], p->c, p->nw); /* window-major */
    }
}

void sl_secp256k1_msm_scratch_free(sl_secp256k1_msm_scratch *s) {
    free(s->mem);
    s->mem = NULL;
    s->cap = 0;
}

/* s's memory grown to at least n bytes, its contents kept; 0 without memory. */
static int scratch_reserve(sl_secp256k1_msm_scratch *s, size_t n) {
    if (n <= s->cap)
        return 1;
    void *m = realloc(s->mem, n);
    if (!m)
        return 0;
    s->mem = m;
    s->cap = n;
    return 1;
}

/* Carves n bytes (rounded up to 64) at *off of s's memory. */
static void *scratch_take(sl_secp256k1_msm_scratch *s, size_t *off, size_t n) {
    void *r = (char *)s->mem + *off;
    *off += (n + 63) & ~(size_t)63;
    return r;
}

/* The bucket of digit d within a task's range [blo, blo + nbr): its index
 * there, or nbr (the sink) outside it or for d = 0. */
static inline uint32_t bucket_in(int d, uint32_t blo, size_t nbr) {
    uint32_t b = (uint32_t)(d < 0 ? -d : d) - 1 - blo; /* d = 0 or below blo wraps */
    return b < nbr ? b : (uint32_t)nbr;
}

int sl_secp256k1_msm_plan_run(sl_secp256k1_msm_plan *p, size_t task,
                              sl_secp256k1_msm_scratch *s) {
    const size_t n = p->n, w = task / (size_t)p->parts;
    const size_t pi = task % (size_t)p->parts;
    const uint32_t blo = (uint32_t)(p->nb * pi / (size_t)p->parts);
    const uint32_t bhi = (uint32_t)(p->nb * (pi + 1) / (size_t)p->parts);
    const size_t nbr = bhi - blo;
    const int16_t *dig = p->dig + w * n;
    /* Scratch, in this order: len and start per bucket and the indices of
     * the points in range (sized before the count), then ba and bb (cnt
     * points each), the flush's scratch q and a round's pairs pa, pd (at
     * most cnt / 2). */
    const size_t bkb = ((nbr + 1) * sizeof(uint32_t) + 63) & ~(size_t)63;
    const size_t idb = (n * sizeof(uint32_t) + 63) & ~(size_t)63;
    if (!scratch_reserve(s, 2 * bkb + idb))
        return 0;
    uint32_t *len = s->mem, *start = (uint32_t *)((char *)s->mem + bkb);
    uint32_t *idx = (uint32_t *)((char *)s->mem + 2 * bkb);
    /* The count has no data-dependent branch: with several parts half the
     * points or more lie outside the range, and a branch on that was
     * mispredicted for about every other point. Bucket nbr is the sink. */
    size_t cnt = 0;
    memset(len, 0, (nbr + 1) * sizeof *len);
    for (size_t i = 0; i < n; i++) {
        uint32_t b = bucket_in(dig[i], blo, nbr);
        len[b]++;
        idx[cnt] = (uint32_t)i;
        cnt += b < nbr;
    }
    size_t npmax = cnt / 2 + 1, qbytes = npmax * sizeof(aff_pend);
#ifdef SL_SECP256K1_AFFINE8
    if (p->lanes && sl_secp256k1_aff_add8_scratch(npmax) > qbytes)
        qbytes = sl_secp256k1_aff_add8_scratch(npmax);
#endif
    const size_t ptb = (cnt * sizeof(aff5) + 63) & ~(size_t)63;
    const size_t pairb = (npmax * sizeof(uint32_t) + 63) & ~(size_t)63;
    if (!scratch_reserve(s, 2 * bkb + idb + 2 * ptb + ((qbytes + 63) & ~(size_t)63) + 2 * pairb))
        return 0;
    len = s->mem; /* (moved, contents kept) */
    start = (uint32_t *)((char *)s->mem + bkb);
    idx = (uint32_t *)((char *)s->mem + 2 * bkb);
    size_t off = 2 * bkb + idb;
    aff5 *ba = scratch_take(s, &off, cnt * sizeof *ba);
    aff5 *bb = scratch_take(s, &off, cnt * sizeof *bb);
    void *q = scratch_take(s, &off, qbytes);
    uint32_t *pa = scratch_take(s, &off, npmax * sizeof *pa);
    uint32_t *pd = scratch_take(s, &off, npmax * sizeof *pd);
    /* Counting sort by bucket, signs applied (without a branch on the
     * sign: random, it was mispredicted every other point): bucket blo + b
     * holds in[start[b] .. start[b] + len[b]). */
    start[0] = 0;
    for (size_t b = 0; b < nbr; b++) start[b + 1] = start[b] + len[b];
    memset(len, 0, nbr * sizeof *len);
    for (size_t j = 0; j < cnt; j++) {
        size_t i = idx[j];
        int d = dig[i];
        uint32_t b = bucket_in(d, blo, nbr);
        aff5 *e = &ba[start[b] + len[b]++];
        f5 ny;
        sk_fe52_negate(&ny, &p->p5[i].y, 1);
        sk_fe52_normalize_weak(&ny);
        uint64_t neg = (uint64_t)0 - (uint64_t)(d < 0);
        e->x = p->p5[i].x;
        for (int l = 0; l < 5; l++)
            e->y.n[l] = (p->p5[i].y.n[l] & ~neg) | (ny.n[l] & neg);
    }
    /* Tree rounds: ba -> bb, pairwise; buckets keep their start. */
    aff5 *in = ba, *out = bb;
    for (int more = cnt > 1; more;) {
        size_t nq = 0;
        more = 0;
        for (size_t b = 0; b < nbr; b++) {
            uint32_t s0 = start[b], l = len[b], o = s0;
            if (l < 2) {
                if (l == 1) out[o] = in[s0];
                continue;
            }
            for (uint32_t j = 0; j + 1 < l; j += 2) {
                const aff5 *a = &in[s0 + j], *e = a + 1;
                if (sk_fe52_equal_var(&a->x, &e->x)) {
                    /* A == B: double; A == -B: the pair vanishes. */
                    if (sk_fe52_equal_var(&a->y, &e->y)) {
                        out[o] = *a;
                        aff_double(&out[o]);
                        o++;
                    }
                    continue;
                }
                pa[nq] = s0 + j;
                pd[nq++] = o++;
            }
            if (l & 1) out[o++] = in[s0 + l - 1];
            len[b] = o - s0;
            if (len[b] > 1) more = 1;
        }
#ifdef SL_SECP256K1_AFFINE8
        if (p->lanes && nq >= 8)
            sl_secp256k1_aff_add8(out, in, pa, pd, nq, q);
        else
#endif
            aff_flush(out, in, pa, pd, q, nq);
        aff5 *t = in;
        in = out;
        out = t;
    }
    gj run, sum;
    run.inf = 1;
    sum.inf = 1;
    for (size_t b = nbr; b-- > 0;) {
        if (len[b]) gj_add_ge(&run, &run, &in[start[b]].x, &in[start[b]].y, NULL, NULL);
        gj_add(&sum, &sum, &run);
    }
    if (blo && !run.inf) { /* + blo * run, double-and-add from the top bit */
        gj m;
        m.inf = 1;
        for (int bit = 31 - __builtin_clz(blo); bit >= 0; bit--) {
            gj_dbl(&m, &m);
            if (blo >> bit & 1) gj_add(&m, &m, &run);
        }
        gj_add(&sum, &sum, &m);
    }
    p->part[task] = sum;
    return 1;
}

void sl_secp256k1_msm_plan_finish(sl_secp256k1_gej *r, const sl_secp256k1_msm_plan *p) {
    gj acc;
    acc.inf = 1;
    for (int w = p->nw - 1; w >= 0; w--) {
        for (int s = 0; s < p->c; s++) gj_dbl(&acc, &acc);
        for (int k = 0; k < p->parts; k++) gj_add(&acc, &acc, &p->part[(size_t)w * (size_t)p->parts + (size_t)k]);
    }
    gj_to(r, &acc);
}

static int msm_pippenger_affine(gej *r, const ge *pts, const uint64_t (*k)[2], size_t n) {
    sl_secp256k1_msm_plan *p = sl_secp256k1_msm_plan_new(n, 1);
    sl_secp256k1_msm_scratch s = {NULL, 0};
    int ok = p != NULL;
    if (ok) {
        sl_secp256k1_msm_plan_set(p, 0, n, pts, k);
        for (size_t t = 0; ok && t < sl_secp256k1_msm_plan_tasks(p); t++)
            ok = sl_secp256k1_msm_plan_run(p, t, &s);
        if (ok) sl_secp256k1_msm_plan_finish(r, p);
    }
    sl_secp256k1_msm_scratch_free(&s);
    sl_secp256k1_msm_plan_free(p);
    return ok;
}

int sl_secp256k1_msm_var(sl_secp256k1_gej *r, const sl_secp256k1_ge *pts, const uint64_t (*k)[2],
                         size_t n) {
    if (n == 0) {
        r->inf = 1;
        return 1;
    }
    if (n >= 128 && n <= UINT32_MAX) /* the affine version indexes with 32 bits */
        return msm_pippenger_affine(r, pts, k, n);
    int c = 4;
    if (n >= 32) c = 6;
    if (n >= 128) c = 7;
    if (n >= 512) c = 8;
    if (n >= 1536) c = 9;
    if (n >= 4096) c = 10;
    if (n >= 16384) c = 12;
    return msm_pippenger(r, pts, k, n, c);
}
