/* safegcd inversion mod 2^255 - 19 (ed25519_modinv.h). Numbers are kept as
 * five signed 62-bit limbs ("signed62", value = sum v[i] 2^(62 i)); the
 * modulus is {-19, 0, 0, 0, 128} in that form (2^255 = 128 * 2^248). Each
 * round runs up to 62 divsteps on the low bits of f and g only, collecting
 * them in a 2x2 matrix scaled by 2^62, then applies the matrix to the full
 * f, g (exactly divisible by 2^62) and to d, e (kept in (-2p, p) by adding a
 * multiple of p that makes the division by 2^62 exact). When g reaches 0,
 * f = +-1 and d = +-1/a. Structure and bounds: libsecp256k1 modinv64_impl.h
 * (divsteps_62_var, update_de_62, update_fg_62_var, normalize_62). */
#include "ec/ed25519_modinv.h"
#include "ec/modinv62_divsteps.h"

#include <string.h>

typedef __int128 i128;

#define M62 (UINT64_MAX >> 2)

typedef struct { int64_t v[5]; } s62;
typedef sl_modinv62_trans trans2x2;  /* modinv62_divsteps.h */

static const s62 MODULUS = {{-19, 0, 0, 0, 128}};
/* p^-1 mod 2^62 */
static const uint64_t MODULUS_INV62 = UINT64_C(0x39435e50d79435e5);

/* [d; e] = t [d; e] / 2^62 mod p, with d, e in (-2p, p) before and after. */
static void update_de_62(s62 *d, s62 *e, const trans2x2 *t) {
    const int64_t d0 = d->v[0], d1 = d->v[1], d2 = d->v[2], d3 = d->v[3], d4 = d->v[4];
    const int64_t e0 = e->v[0], e1 = e->v[1], e2 = e->v[2], e3 = e->v[3], e4 = e->v[4];
    const int64_t u = t->u, v = t->v, q = t->q, r = t->r;
    int64_t md, me, sd, se;
    i128 cd, ce;
    /* a multiple of p to add: start with t applied to the sign masks (keeps
     * the result above -2p), then fix the low 62 bits so the shift is exact */
    sd = d4 >> 63;
    se = e4 >> 63;
    md = (u & sd) + (v & se);
    me = (q & sd) + (r & se);
    cd = (i128)u * d0 + (i128)v * e0;
    ce = (i128)q * d0 + (i128)r * e0;
    md -= (int64_t)((MODULUS_INV62 * (uint64_t)cd + (uint64_t)md) & M62);
    me -= (int64_t)((MODULUS_INV62 * (uint64_t)ce + (uint64_t)me) & M62);
    cd += (i128)MODULUS.v[0] * md;
    ce += (i128)MODULUS.v[0] * me;
    cd >>= 62; /* the low 62 bits are zero now */
    ce >>= 62;
    cd += (i128)u * d1 + (i128)v * e1;
    ce += (i128)q * d1 + (i128)r * e1;
    d->v[0] = (int64_t)((uint64_t)cd & M62); cd >>= 62;
    e->v[0] = (int64_t)((uint64_t)ce & M62); ce >>= 62;
    cd += (i128)u * d2 + (i128)v * e2;
    ce += (i128)q * d2 + (i128)r * e2;
    d->v[1] = (int64_t)((uint64_t)cd & M62); cd >>= 62;
    e->v[1] = (int64_t)((uint64_t)ce & M62); ce >>= 62;
    cd += (i128)u * d3 + (i128)v * e3;
    ce += (i128)q * d3 + (i128)r * e3;
    d->v[2] = (int64_t)((uint64_t)cd & M62); cd >>= 62;
    e->v[2] = (int64_t)((uint64_t)ce & M62); ce >>= 62;
    cd += (i128)u * d4 + (i128)v * e4;
    ce += (i128)q * d4 + (i128)r * e4;
    cd += (i128)MODULUS.v[4] * md;
    ce += (i128)MODULUS.v[4] * me;
    d->v[3] = (int64_t)((uint64_t)cd & M62); cd >>= 62;
    e->v[3] = (int64_t)((uint64_t)ce & M62); ce >>= 62;
    d->v[4] = (int64_t)cd;
    e->v[4] = (int64_t)ce;
}

/* [f; g] = t [f; g] / 2^62 over the len lowest limbs (exact division). */
static void update_fg_62_var(int len, s62 *f, s62 *g, const trans2x2 *t) {
    const int64_t u = t->u, v = t->v, q = t->q, r = t->r;
    int64_t fi, gi;
    i128 cf, cg;
    fi = f->v[0];
    gi = g->v[0];
    cf = (i128)u * fi + (i128)v * gi;
    cg = (i128)q * fi + (i128)r * gi;
    cf >>= 62;
    cg >>= 62;
    for (int i = 1; i < len; i++) {
        fi = f->v[i];
        gi = g->v[i];
        cf += (i128)u * fi + (i128)v * gi;
        cg += (i128)q * fi + (i128)r * gi;
        f->v[i - 1] = (int64_t)((uint64_t)cf & M62); cf >>= 62;
        g->v[i - 1] = (int64_t)((uint64_t)cg & M62); cg >>= 62;
    }
    f->v[len - 1] = (int64_t)cf;
    g->v[len - 1] = (int64_t)cg;
}

/* r in (-2p, p) to (sign < 0 ? -r : r) mod p in [0, p), limbs in [0, 2^62). */
static void normalize_62(s62 *r, int64_t sign) {
    int64_t r0 = r->v[0], r1 = r->v[1], r2 = r->v[2], r3 = r->v[3], r4 = r->v[4];
    int64_t cond_add, cond_negate;
    cond_add = r4 >> 63; /* r < 0: add p */
    r0 += MODULUS.v[0] & cond_add;
    r4 += MODULUS.v[4] & cond_add;
    cond_negate = sign >> 63;
    r0 = (r0 ^ cond_negate) - cond_negate;
    r1 = (r1 ^ cond_negate) - cond_negate;
    r2 = (r2 ^ cond_negate) - cond_negate;
    r3 = (r3 ^ cond_negate) - cond_negate;
    r4 = (r4 ^ cond_negate) - cond_negate;
    r1 += r0 >> 62; r0 &= (int64_t)M62;
    r2 += r1 >> 62; r1 &= (int64_t)M62;
    r3 += r2 >> 62; r2 &= (int64_t)M62;
    r4 += r3 >> 62; r3 &= (int64_t)M62;
    cond_add = r4 >> 63; /* now in (-p, p): add p once more if negative */
    r0 += MODULUS.v[0] & cond_add;
    r4 += MODULUS.v[4] & cond_add;
    r1 += r0 >> 62; r0 &= (int64_t)M62;
    r2 += r1 >> 62; r1 &= (int64_t)M62;
    r3 += r2 >> 62; r2 &= (int64_t)M62;
    r4 += r3 >> 62; r3 &= (int64_t)M62;
    r->v[0] = r0; r->v[1] = r1; r->v[2] = r2; r->v[3] = r3; r->v[4] = r4;
}

static void fe_to_s62(s62 *r, const sl_ed25519_fe *a) {
    uint8_t b[32];
    uint64_t w[4];
    sl_ed25519_fe_get_b32(b, a); /* canonical, < p */
    for (int i = 0; i < 4; i++) {
        uint64_t x = 0;
        for (int j = 7; j >= 0; j--) x = (x << 8) | b[8 * i + j];
        w[i] = x;
    }
    r->v[0] = (int64_t)(w[0] & M62);
    r->v[1] = (int64_t)(((w[0] >> 62) | (w[1] << 2)) & M62);
    r->v[2] = (int64_t)(((w[1] >> 60) | (w[2] << 4)) & M62);
    r->v[3] = (int64_t)(((w[2] >> 58) | (w[3] << 6)) & M62);
    r->v[4] = (int64_t)(w[3] >> 56);
}

static void s62_to_fe(sl_ed25519_fe *r, const s62 *a) {
    const uint64_t a0 = (uint64_t)a->v[0], a1 = (uint64_t)a->v[1], a2 = (uint64_t)a->v[2],
                   a3 = (uint64_t)a->v[3], a4 = (uint64_t)a->v[4];
    uint64_t w[4] = {a0 | (a1 << 62), (a1 >> 2) | (a2 << 60), (a2 >> 4) | (a3 << 58),
                     (a3 >> 6) | (a4 << 56)};
    uint8_t b[32];
    for (int i = 0; i < 4; i++)
        for (int j = 0; j < 8; j++) b[8 * i + j] = (uint8_t)(w[i] >> (8 * j));
    sl_ed25519_fe_set_b32(r, b); /* < p: canonical */
}

void sl_ed25519_fe_inv_var(sl_ed25519_fe *r, const sl_ed25519_fe *a) {
    s62 d = {{0, 0, 0, 0, 0}}, e = {{1, 0, 0, 0, 0}}, f = MODULUS, g;
    int64_t eta = -1; /* eta = -delta, delta = 1 initially */
    int len = 5;
    fe_to_s62(&g, a);
    for (;;) {
        trans2x2 t;
        eta = sl_modinv62_divsteps_var(eta, (uint64_t)f.v[0], (uint64_t)g.v[0], &t);
        update_de_62(&d, &e, &t);
        update_fg_62_var(len, &f, &g, &t);
        if (g.v[0] == 0) {
            int64_t cond = 0;
            for (int j = 1; j < len; j++) cond |= g.v[j];
            if (cond == 0) break; /* g = 0: f = +-gcd = +-1 (or +-p for a = 0) */
        }
        /* drop the top limb when both f and g fit in one limb less */
        int64_t fn = f.v[len - 1], gn = g.v[len - 1];
        int64_t cond = ((int64_t)len - 2) >> 63;
        cond |= fn ^ (fn >> 63);
        cond |= gn ^ (gn >> 63);
        if (cond == 0) {
            f.v[len - 2] = (int64_t)((uint64_t)f.v[len - 2] | ((uint64_t)fn << 62));
            g.v[len - 2] = (int64_t)((uint64_t)g.v[len - 2] | ((uint64_t)gn << 62));
            len--;
        }
    }
    normalize_62(&d, f.v[len - 1]);
    s62_to_fe(r, &d);
}
