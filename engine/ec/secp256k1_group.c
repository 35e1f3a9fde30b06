/* secp256k1 group arithmetic, fixed-base table, Strauss and Pippenger (see
 * header). All variable time: verification handles public data only. */
#include "ec/secp256k1_group.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "ec/secp256k1_field_impl.h"

typedef sl_secp256k1_fe fe;
typedef sl_secp256k1_ge ge;
typedef sl_secp256k1_gej gej;

const sl_secp256k1_fe sl_secp256k1_beta = {{0xC1396C28719501EEULL, 0x9CF0497512F58995ULL,
                                            0x6E64479EAC3434E9ULL, 0x7AE96A2B657C0710ULL}};

const sl_secp256k1_ge sl_secp256k1_g = {
    {{0x59F2815B16F81798ULL, 0x029BFCDB2DCE28D9ULL, 0x55A06295CE870B07ULL, 0x79BE667EF9DCBBACULL}},
    {{0x9C47D08FFB10D4B8ULL, 0xFD17B448A6855419ULL, 0x5DA4FBFC0E1108A8ULL, 0x483ADA7726A3C465ULL}}};

/* --- Point formulas (static inline for the loops below) ------------------- */

/* dbl-2009-l (EFD, a = 0): A = X^2, B = Y^2, C = B^2, D = 2((X + B)^2 - A - C),
 * E = 3A, X3 = E^2 - 2D, Y3 = E (D - X3) - 8C, Z3 = 2 Y Z. secp256k1 has no
 * point of order 2, so Y != 0 for a finite point. */
static inline void gej_dbl(gej *r, const gej *a) {
    if (a->inf) {
        r->inf = 1;
        return;
    }
    fe A, B, C, D, E, t;
    sk_fe_sqr(&A, &a->x);
    sk_fe_sqr(&B, &a->y);
    sk_fe_sqr(&C, &B);
    sk_fe_add(&t, &a->x, &B);
    sk_fe_sqr(&t, &t);
    sk_fe_sub(&t, &t, &A);
    sk_fe_sub(&t, &t, &C);
    sk_fe_add(&D, &t, &t);
    sk_fe_add(&E, &A, &A);
    sk_fe_add(&E, &E, &A);
    fe z3;
    sk_fe_mul(&z3, &a->y, &a->z);
    sk_fe_add(&r->z, &z3, &z3);
    sk_fe_sqr(&t, &E);
    sk_fe_sub(&t, &t, &D);
    sk_fe_sub(&r->x, &t, &D);
    sk_fe_sub(&t, &D, &r->x);
    sk_fe_mul(&t, &E, &t);
    sk_fe_add(&C, &C, &C);
    sk_fe_add(&C, &C, &C);
    sk_fe_add(&C, &C, &C);
    sk_fe_sub(&r->y, &t, &C);
    r->inf = 0;
}

/* r = a + (bx, by) where b is affine on the curve of a scaled by zb: the
 * point b has Jacobian coordinates (bx, by, 1/zb) relative to a's curve
 * (bitcoin-core/secp256k1 secp256k1_gej_add_zinv_var). zb == NULL means 1.
 * U2 = bx zz^2, S2 = by zz^3 with zz = Z1 zb, H = U2 - X1, R = S2 - Y1,
 * X3 = R^2 - H^3 - 2 X1 H^2, Y3 = R (X1 H^2 - X3) - Y1 H^3, Z3 = Z1 H.
 * If zr is not NULL it receives H (the ratio Z3 / Z1) when a is finite and
 * the sum is generic. */
static inline void gej_add_ge_zinv(gej *r, const gej *a, const fe *bx, const fe *by, const fe *zb,
                                   fe *zr) {
    if (a->inf) {
        if (zb) {
            fe z2, z3;
            sk_fe_sqr(&z2, zb);
            sk_fe_mul(&z3, &z2, zb);
            sk_fe_mul(&r->x, bx, &z2);
            sk_fe_mul(&r->y, by, &z3);
        } else {
            r->x = *bx;
            r->y = *by;
        }
        sk_fe_set_u64(&r->z, 1);
        r->inf = 0;
        return;
    }
    fe zz, zz2, u2, s2, h, rr;
    if (zb) {
        sk_fe_mul(&zz, &a->z, zb);
    } else {
        zz = a->z;
    }
    sk_fe_sqr(&zz2, &zz);
    sk_fe_mul(&u2, bx, &zz2);
    sk_fe_mul(&s2, by, &zz2);
    sk_fe_mul(&s2, &s2, &zz);
    sk_fe_sub(&h, &u2, &a->x);
    sk_fe_sub(&rr, &s2, &a->y);
    if (sk_fe_is_zero(&h)) {
        if (sk_fe_is_zero(&rr)) {
            gej_dbl(r, a);
        } else {
            r->inf = 1;
        }
        return;
    }
    fe hh, hhh, v, t;
    if (zr) *zr = h;
    sk_fe_sqr(&hh, &h);
    sk_fe_mul(&hhh, &hh, &h);
    sk_fe_mul(&v, &a->x, &hh);
    sk_fe_mul(&r->z, &a->z, &h);
    sk_fe_mul(&t, &a->y, &hhh);
    sk_fe_sqr(&r->x, &rr);
    sk_fe_sub(&r->x, &r->x, &hhh);
    sk_fe_sub(&r->x, &r->x, &v);
    sk_fe_sub(&r->x, &r->x, &v);
    sk_fe_sub(&v, &v, &r->x);
    sk_fe_mul(&v, &v, &rr);
    sk_fe_sub(&r->y, &v, &t);
    r->inf = 0;
}

/* Full Jacobian addition: U1 = X1 Z2^2, U2 = X2 Z1^2, S1 = Y1 Z2^3,
 * S2 = Y2 Z1^3, H = U2 - U1, R = S2 - S1, X3 = R^2 - H^3 - 2 U1 H^2,
 * Y3 = R (U1 H^2 - X3) - S1 H^3, Z3 = Z1 Z2 H. */
static inline void gej_add(gej *r, const gej *a, const gej *b) {
    if (a->inf) {
        *r = *b;
        return;
    }
    if (b->inf) {
        *r = *a;
        return;
    }
    fe z1s, z2s, u1, u2, s1, s2, h, rr;
    sk_fe_sqr(&z1s, &a->z);
    sk_fe_sqr(&z2s, &b->z);
    sk_fe_mul(&u1, &a->x, &z2s);
    sk_fe_mul(&u2, &b->x, &z1s);
    sk_fe_mul(&s1, &a->y, &z2s);
    sk_fe_mul(&s1, &s1, &b->z);
    sk_fe_mul(&s2, &b->y, &z1s);
    sk_fe_mul(&s2, &s2, &a->z);
    sk_fe_sub(&h, &u2, &u1);
    sk_fe_sub(&rr, &s2, &s1);
    if (sk_fe_is_zero(&h)) {
        if (sk_fe_is_zero(&rr)) {
            gej_dbl(r, a);
        } else {
            r->inf = 1;
        }
        return;
    }
    fe hh, hhh, v, t;
    sk_fe_sqr(&hh, &h);
    sk_fe_mul(&hhh, &hh, &h);
    sk_fe_mul(&v, &u1, &hh);
    sk_fe_mul(&t, &a->z, &b->z);
    sk_fe_mul(&r->z, &t, &h);
    sk_fe_mul(&t, &s1, &hhh);
    sk_fe_sqr(&r->x, &rr);
    sk_fe_sub(&r->x, &r->x, &hhh);
    sk_fe_sub(&r->x, &r->x, &v);
    sk_fe_sub(&r->x, &r->x, &v);
    sk_fe_sub(&v, &v, &r->x);
    sk_fe_mul(&v, &v, &rr);
    sk_fe_sub(&r->y, &v, &t);
    r->inf = 0;
}

/* --- Public point functions ---------------------------------------------- */

int sl_secp256k1_ge_set_x_even_var(sl_secp256k1_ge *r, const sl_secp256k1_fe *x) {
    fe c, y, seven;
    sk_fe_sqr(&c, x);
    sk_fe_mul(&c, &c, x);
    sk_fe_set_u64(&seven, 7);
    sk_fe_add(&c, &c, &seven);
    if (!sl_secp256k1_fe_sqrt(&y, &c)) return 0;
    if (sk_fe_is_odd(&y)) sk_fe_neg(&y, &y);
    r->x = *x;
    r->y = y;
    return 1;
}

int sl_secp256k1_ge_on_curve_var(const sl_secp256k1_ge *a) {
    fe l, rr, seven;
    sk_fe_sqr(&l, &a->y);
    sk_fe_sqr(&rr, &a->x);
    sk_fe_mul(&rr, &rr, &a->x);
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
    fe zi, zi2, zi3;
    sl_secp256k1_fe_inv(&zi, &a->z);
    sk_fe_sqr(&zi2, &zi);
    sk_fe_mul(&zi3, &zi2, &zi);
    sk_fe_mul(&r->x, &a->x, &zi2);
    sk_fe_mul(&r->y, &a->y, &zi3);
    return 1;
}

void sl_secp256k1_gej_double_var(sl_secp256k1_gej *r, const sl_secp256k1_gej *a) {
    gej_dbl(r, a);
}

void sl_secp256k1_gej_add_ge_var(sl_secp256k1_gej *r, const sl_secp256k1_gej *a,
                                 const sl_secp256k1_ge *b) {
    gej_add_ge_zinv(r, a, &b->x, &b->y, NULL, NULL);
}

void sl_secp256k1_gej_add_var(sl_secp256k1_gej *r, const sl_secp256k1_gej *a,
                              const sl_secp256k1_gej *b) {
    gej_add(r, a, b);
}

void sl_secp256k1_ecmult_ref_var(sl_secp256k1_gej *r, const sl_secp256k1_gej *a,
                                 const sl_secp256k1_sc *k) {
    gej acc;
    acc.inf = 1;
    for (int i = 255; i >= 0; i--) {
        gej_dbl(&acc, &acc);
        if ((k->v[i / 64] >> (i % 64)) & 1) gej_add(&acc, &acc, a);
    }
    *r = acc;
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
            v[0] = (v[0] >> 1) | (v[1] << 63);
            v[1] = (v[1] >> 1) | (v[2] << 63);
            v[2] >>= 1;
            i++;
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
    gej d, acc;
    sl_secp256k1_gej_set_ge(&acc, a);
    gej_dbl(&d, &acc);
    /* On the curve scaled by d.z, 2a is the affine (d.x, d.y) and a is
     * (ax dz^2, ay dz^3). */
    fe dz2, dz3;
    sk_fe_sqr(&dz2, &d.z);
    sk_fe_mul(&dz3, &dz2, &d.z);
    sk_fe_mul(&acc.x, &a->x, &dz2);
    sk_fe_mul(&acc.y, &a->y, &dz3);
    fe zr_local[64];
    gej pts_local[64];
    fe *zr = zr_local;
    gej *pts = pts_local;
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
                if (k > 0) gej_add_ge_zinv(&acc, &acc, &d.x, &d.y, NULL, NULL);
                gej t = acc;
                sk_fe_mul(&t.z, &t.z, &d.z);
                sl_secp256k1_ge_set_gej_var(&tab[k], &t);
            }
            sk_fe_set_u64(zg, 1);
            return;
        }
    }
    pts[0] = acc;
    sk_fe_set_u64(&zr[0], 1);
    for (size_t k = 1; k < m; k++)
        gej_add_ge_zinv(&pts[k], &pts[k - 1], &d.x, &d.y, NULL, &zr[k]);
    /* Bring every entry to the last one's z: rho_k = prod_{j > k} zr[j]. */
    fe rho, rho2, rho3;
    sk_fe_set_u64(&rho, 1);
    for (size_t k = m; k-- > 0;) {
        if (k + 1 < m) sk_fe_mul(&rho, &rho, &zr[k + 1]);
        sk_fe_sqr(&rho2, &rho);
        sk_fe_mul(&rho3, &rho2, &rho);
        sk_fe_mul(&tab[k].x, &pts[k].x, &rho2);
        sk_fe_mul(&tab[k].y, &pts[k].y, &rho3);
    }
    sk_fe_mul(zg, &pts[m - 1].z, &d.z);
    if (m > 64) {
        free(zr);
        free(pts);
    }
}

/* --- The fixed-base table ------------------------------------------------ */

static sl_secp256k1_ge g_table[SL_SECP256K1_G_TABLE];
static pthread_once_t g_table_once = PTHREAD_ONCE_INIT;

static void g_table_build(void) {
    fe zg, zi, zi2, zi3;
    sl_secp256k1_odd_multiples_var(g_table, &zg, &sl_secp256k1_g, SL_SECP256K1_G_TABLE);
    sl_secp256k1_fe_inv(&zi, &zg);
    sk_fe_sqr(&zi2, &zi);
    sk_fe_mul(&zi3, &zi2, &zi);
    for (size_t k = 0; k < SL_SECP256K1_G_TABLE; k++) {
        sk_fe_mul(&g_table[k].x, &g_table[k].x, &zi2);
        sk_fe_mul(&g_table[k].y, &g_table[k].y, &zi3);
    }
}

const sl_secp256k1_ge *sl_secp256k1_g_table(void) {
    pthread_once(&g_table_once, g_table_build);
    return g_table;
}

/* --- Strauss for P and G (single verification) --------------------------- */

/* Adds digit d (odd, nonzero) of table tab (odd multiples) to r: entry
 * (|d| - 1) / 2, its x times beta for the lambda half, y negated when the
 * digit's sign differs from the half's sign. zb as in gej_add_ge_zinv. */
static inline void add_digit(gej *r, const ge *tab, int d, int neg, int lam, const fe *zb) {
    const ge *e = &tab[(d < 0 ? -d : d) >> 1];
    fe x, y;
    if (lam) {
        sk_fe_mul(&x, &e->x, &sl_secp256k1_beta);
    } else {
        x = e->x;
    }
    if ((d < 0) != neg) {
        sk_fe_neg(&y, &e->y);
    } else {
        y = e->y;
    }
    gej_add_ge_zinv(r, r, &x, &y, zb, NULL);
}

void sl_secp256k1_ecmult_var(sl_secp256k1_gej *r, const sl_secp256k1_ge *ptab,
                             const sl_secp256k1_fe *zg, int wp, const sl_secp256k1_sc *kp,
                             const sl_secp256k1_sc *kg) {
    const ge *gt = sl_secp256k1_g_table();
    sl_secp256k1_sc128 h[4];
    sl_secp256k1_split128(&h[0], &h[1], kp);
    sl_secp256k1_split128(&h[2], &h[3], kg);
    int naf[4][130], len[4], maxlen = 0;
    for (int j = 0; j < 4; j++) {
        len[j] = sl_secp256k1_wnaf_var(naf[j], h[j].v, j < 2 ? wp : SL_SECP256K1_G_WINDOW);
        if (len[j] > maxlen) maxlen = len[j];
    }
    /* The accumulator lives on P's table curve (global Z zg); G's true affine
     * entries are added through the z-inverse trick with zb = zg. */
    gej acc;
    acc.inf = 1;
    for (int i = maxlen - 1; i >= 0; i--) {
        gej_dbl(&acc, &acc);
        if (naf[0][i]) add_digit(&acc, ptab, naf[0][i], h[0].neg, 0, NULL);
        if (naf[1][i]) add_digit(&acc, ptab, naf[1][i], h[1].neg, 1, NULL);
        if (naf[2][i]) add_digit(&acc, gt, naf[2][i], h[2].neg, 0, zg);
        if (naf[3][i]) add_digit(&acc, gt, naf[3][i], h[3].neg, 1, zg);
    }
    if (!acc.inf) sk_fe_mul(&acc.z, &acc.z, zg);
    *r = acc;
}

/* --- Multi-scalar multiplication ------------------------------------------ */

/* Pippenger with signed c-bit digits: for each window from the top, each
 * point goes into bucket |d| (negated for d < 0); the window sum
 * sum_b b * bucket[b] is formed with a running sum; windows are combined
 * by c doublings. */
static int msm_pippenger(gej *r, const ge *pts, const uint64_t (*k)[2], size_t n, int c) {
    const int nw = 128 / c + 1; /* c * nw >= 129 and the top window cannot carry (c >= 4, c != 43) */
    const size_t nb = (size_t)1 << (c - 1);
    int16_t *dig = malloc(n * (size_t)nw * sizeof *dig);
    gej *bk = malloc(nb * sizeof *bk);
    if (!dig || !bk) {
        free(dig);
        free(bk);
        return 0;
    }
    const int64_t full = (int64_t)1 << c, half = (int64_t)1 << (c - 1);
    for (size_t i = 0; i < n; i++) {
        int64_t carry = 0;
        for (int w = 0; w < nw; w++) {
            int bit = w * c;
            uint64_t bits = 0;
            if (bit < 128) {
                int limb = bit / 64, off = bit % 64;
                bits = k[i][limb] >> off;
                if (off + c > 64 && limb == 0) bits |= k[i][1] << (64 - off);
                bits &= (uint64_t)full - 1;
            }
            int64_t v = (int64_t)bits + carry;
            if (v >= half) {
                v -= full;
                carry = 1;
            } else {
                carry = 0;
            }
            dig[i * (size_t)nw + (size_t)w] = (int16_t)v;
        }
    }
    gej acc;
    acc.inf = 1;
    for (int w = nw - 1; w >= 0; w--) {
        for (int s = 0; s < c; s++) gej_dbl(&acc, &acc);
        for (size_t b = 0; b < nb; b++) bk[b].inf = 1;
        for (size_t i = 0; i < n; i++) {
            int d = dig[i * (size_t)nw + (size_t)w];
            if (d > 0) {
                gej_add_ge_zinv(&bk[d - 1], &bk[d - 1], &pts[i].x, &pts[i].y, NULL, NULL);
            } else if (d < 0) {
                fe ny;
                sk_fe_neg(&ny, &pts[i].y);
                gej_add_ge_zinv(&bk[-d - 1], &bk[-d - 1], &pts[i].x, &ny, NULL, NULL);
            }
        }
        gej run, sum;
        run.inf = 1;
        sum.inf = 1;
        for (size_t b = nb; b-- > 0;) {
            gej_add(&run, &run, &bk[b]);
            gej_add(&sum, &sum, &run);
        }
        gej_add(&acc, &acc, &sum);
    }
    free(dig);
    free(bk);
    *r = acc;
    return 1;
}

int sl_secp256k1_msm_var(sl_secp256k1_gej *r, const sl_secp256k1_ge *pts, const uint64_t (*k)[2],
                         size_t n) {
    if (n == 0) {
        r->inf = 1;
        return 1;
    }
    int c = 4;
    if (n >= 32) c = 6;
    if (n >= 128) c = 7;
    if (n >= 512) c = 8;
    if (n >= 1536) c = 9;
    if (n >= 4096) c = 10;
    if (n >= 16384) c = 12;
    return msm_pippenger(r, pts, k, n, c);
}
