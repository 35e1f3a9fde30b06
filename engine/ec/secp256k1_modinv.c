/* Variable-time inversion mod p by safegcd (see secp256k1_modinv.h).
 *
 * Numbers are held in five signed 62-bit limbs (value = sum v[i] 2^(62 i));
 * after each update limbs 0..3 lie in [0, 2^62) and limb 4 carries the sign.
 * The state is (f, g, d, e) with f = p, g = a, d = 0, e = 1 at the start and
 * the invariants f == d a, g == e a (mod p). Each round runs 62 divsteps on
 * the low 64 bits of f and g alone, collecting them as a 2x2 matrix t scaled
 * by 2^62, then applies [f g] <- t [f g] / 2^62 exactly and
 * [d e] <- t [d e] / 2^62 mod p. When g reaches 0, f = +-1 and 1/a = +-d.
 * Structure and bounds after bitcoin-core/secp256k1 src/modinv64_impl.h and
 * doc/safegcd_implementation.md (sections 5 to 7: variable-time divsteps
 * that skip runs of zero bits and cancel several bits of g per step). */
#include "ec/secp256k1_modinv.h"
#include "ec/modinv62_divsteps.h"

#include "ec/secp256k1_field_impl.h"

typedef __int128 sk_i128;

typedef struct {
    int64_t v[5];
} s62;

/* t = [u v; q r] with u f + v g = 2^62 f', q f + r g = 2^62 g'
 * (modinv62_divsteps.h). */
typedef sl_modinv62_trans trans;

#define M62 (UINT64_MAX >> 2)
/* p = 2^256 - 0x1000003D1 in signed 62-bit limbs: -0x1000003D1 + 256 * 2^248. */
static const s62 P62 = {{-(int64_t)0x1000003D1LL, 0, 0, 0, 256}};
/* p^-1 mod 2^62. */
#define P_INV62 0x27c7f6e22ddacacfULL

/* [d e] <- t [d e] / 2^62 mod p, for d, e in (-2p, p); the results stay in
 * (-2p, p). A negative d (e) first has p added through the multiple md
 * (me) of p; then md is lowered by the amount in [0, 2^62) that makes the
 * sum divisible by 2^62 (md == -(t [d e])_0 / p mod 2^62). */
static void update_de(s62 *d, s62 *e, const trans *t) {
    const int64_t u = t->u, v = t->v, q = t->q, r = t->r;
    const int64_t sd = d->v[4] >> 63, se = e->v[4] >> 63;
    int64_t md = (u & sd) + (v & se);
    int64_t me = (q & sd) + (r & se);
    sk_i128 cd = (sk_i128)u * d->v[0] + (sk_i128)v * e->v[0];
    sk_i128 ce = (sk_i128)q * d->v[0] + (sk_i128)r * e->v[0];
    md -= (int64_t)((P_INV62 * (uint64_t)cd + (uint64_t)md) & M62);
    me -= (int64_t)((P_INV62 * (uint64_t)ce + (uint64_t)me) & M62);
    cd += (sk_i128)P62.v[0] * md;
    ce += (sk_i128)P62.v[0] * me;
    cd >>= 62; /* the low 62 bits are zero now */
    ce >>= 62;
#pragma GCC unroll 4
    for (int i = 1; i < 5; i++) {
        cd += (sk_i128)u * d->v[i] + (sk_i128)v * e->v[i];
        ce += (sk_i128)q * d->v[i] + (sk_i128)r * e->v[i];
        if (i == 4) {
            cd += (sk_i128)P62.v[4] * md;
            ce += (sk_i128)P62.v[4] * me;
        }
        d->v[i - 1] = (int64_t)((uint64_t)cd & M62);
        e->v[i - 1] = (int64_t)((uint64_t)ce & M62);
        cd >>= 62;
        ce >>= 62;
    }
    d->v[4] = (int64_t)cd;
    e->v[4] = (int64_t)ce;
}

/* [f g] <- t [f g] / 2^62 (exact: the divsteps cleared the low 62 bits). */
static void update_fg(s62 *f, s62 *g, const trans *t) {
    const int64_t u = t->u, v = t->v, q = t->q, r = t->r;
    sk_i128 cf = (sk_i128)u * f->v[0] + (sk_i128)v * g->v[0];
    sk_i128 cg = (sk_i128)q * f->v[0] + (sk_i128)r * g->v[0];
    cf >>= 62;
    cg >>= 62;
#pragma GCC unroll 4
    for (int i = 1; i < 5; i++) {
        cf += (sk_i128)u * f->v[i] + (sk_i128)v * g->v[i];
        cg += (sk_i128)q * f->v[i] + (sk_i128)r * g->v[i];
        f->v[i - 1] = (int64_t)((uint64_t)cf & M62);
        g->v[i - 1] = (int64_t)((uint64_t)cg & M62);
        cf >>= 62;
        cg >>= 62;
    }
    f->v[4] = (int64_t)cf;
    g->v[4] = (int64_t)cg;
}

/* Carries so that limbs 0..3 are in [0, 2^62); returns 1 if the value is
 * negative. */
static int s62_carry(s62 *a) {
    for (int i = 0; i < 4; i++) {
        int64_t c = a->v[i] >> 62;
        a->v[i] &= (int64_t)M62;
        a->v[i + 1] += c;
    }
    return a->v[4] < 0;
}

static void s62_add_p(s62 *a, int64_t sign) {
    for (int i = 0; i < 5; i++) a->v[i] += sign * P62.v[i];
}

void sl_secp256k1_fe_inv_var(sl_secp256k1_fe *r, const sl_secp256k1_fe *a) {
    const uint64_t *x = a->v;
    s62 d = {{0, 0, 0, 0, 0}}, e = {{1, 0, 0, 0, 0}}, f = P62;
    s62 g = {{(int64_t)(x[0] & M62), (int64_t)(((x[0] >> 62) | (x[1] << 2)) & M62),
              (int64_t)(((x[1] >> 60) | (x[2] << 4)) & M62),
              (int64_t)(((x[2] >> 58) | (x[3] << 6)) & M62), (int64_t)(x[3] >> 56)}};
    int64_t eta = -1;
    for (;;) {
        trans t;
        eta = sl_modinv62_divsteps_var(eta, (uint64_t)f.v[0], (uint64_t)g.v[0], &t);
        update_de(&d, &e, &t);
        update_fg(&f, &g, &t);
        if ((g.v[0] | g.v[1] | g.v[2] | g.v[3] | g.v[4]) == 0)
            break;
    }
    /* f = +-1 (gcd of p and a != 0; for a = 0, d = 0). 1/a = sign(f) d with
     * d in (-2p, p): bring it to [0, 2p), then to [0, p). */
    if (f.v[4] < 0)
        for (int i = 0; i < 5; i++) d.v[i] = -d.v[i];
    while (s62_carry(&d))
        s62_add_p(&d, 1);
    /* Whole multiples of 2^256 are taken off as p each (a loop that runs
     * at most once for d < 2p), then final_sub maps [0, 2^256) to [0, p). */
    uint64_t l[4], top;
    for (;;) {
        l[0] = (uint64_t)d.v[0] | ((uint64_t)d.v[1] << 62);
        l[1] = ((uint64_t)d.v[1] >> 2) | ((uint64_t)d.v[2] << 60);
        l[2] = ((uint64_t)d.v[2] >> 4) | ((uint64_t)d.v[3] << 58);
        l[3] = ((uint64_t)d.v[3] >> 6) | ((uint64_t)d.v[4] << 56);
        top = (uint64_t)d.v[4] >> 8;
        if (!top)
            break;
        s62_add_p(&d, -1);
        s62_carry(&d);
    }
    sk_fe_int_final_sub(r, l, top);
}
