/* The signature entry points, shared by kernels/opencl/sig.cl and
 * kernels/cuda/sig.cu (host side: host/src/opencl_sig.c, host/src/cuda_sig.c).
 *
 *   sl_sig_setup_walk    table setup, step 1: work-item i < 32 writes the
 *                        projective points j 2^(8 i) G, j = 1..255, to scratch
 *                        (SL_SIG_SCRATCH_WORDS words each: X, Y, Z[, T])
 *   sl_sig_setup_affine  step 2: one work-item per comb entry normalises it
 *                        into the table (sl_sig_params.h: affine x, y for the
 *                        Weierstrass curves, Niels form for edwards25519)
 *   sl_sig_sm2, sl_sig_bip340, sl_sig_ed25519
 *                        one work item (160 bytes, engine/sig/sig_internal.h)
 *                        per work-item: status[g] = VALID, INFINITY or MISMATCH
 *
 * curve is SL_SIG_CURVE_SM2, _K1 or _ED (sl_sig_params.h). */
#ifndef SL_SIG_KERNELS_H
#define SL_SIG_KERNELS_H

#include "sl_sig_mult.h"

KERNEL_WG(SL_SIG_SETUP_WG) sl_sig_setup_walk(sl_u32 curve, GLOBAL_AS sl_u64 *scratch)
{
    const sl_u32 g = SL_TID();
    if (g >= SL_SIG_COMB_WINDOWS || curve >= SL_SIG_NCURVES) return;
    const sl_fp_mod m = sl_mod_of(curve);
    sl_fe bx, by;
    sl_base_point(curve, &bx, &by);
    GLOBAL_AS sl_u64 *out = scratch + (sl_u64)g * 256u * SL_SIG_SCRATCH_WORDS;
    if (curve == SL_SIG_CURVE_ED) {
        sl_ext base, cur;
        base.x = bx;
        base.y = by;
        sl_fe_one(&base.z, &m);
        sl_fe_mul(&base.t, &bx, &by, &m);
        for (sl_u32 i = 0; i < SL_SIG_COMB_BITS * g; i++) sl_ed_dbl(&base, &base);
        sl_ext_cached bc;
        sl_ext_to_cached(&bc, &base, &m);
        cur = base;
        for (int j = 1; j < 256; j++) {
            GLOBAL_AS sl_u64 *e = out + (sl_u64)j * SL_SIG_SCRATCH_WORDS;
            sl_fe_store_words(e, &cur.x);
            sl_fe_store_words(e + 4, &cur.y);
            sl_fe_store_words(e + 8, &cur.z);
            sl_fe_store_words(e + 12, &cur.t);
            sl_ed_add_cached(&cur, &cur, &bc, 0);
        }
    } else {
        sl_aff b;
        b.x = bx;
        b.y = by;
        sl_jac base, cur;
        sl_jac_from_aff(&base, &b, &m);
        for (sl_u32 i = 0; i < SL_SIG_COMB_BITS * g; i++) sl_w_dbl(curve, &base, &base);
        cur = base;
        for (int j = 1; j < 256; j++) {
            GLOBAL_AS sl_u64 *e = out + (sl_u64)j * SL_SIG_SCRATCH_WORDS;
            sl_fe_store_words(e, &cur.x);
            sl_fe_store_words(e + 4, &cur.y);
            sl_fe_store_words(e + 8, &cur.z);
            sl_w_add(curve, &cur, &cur, &base);
        }
    }
}

KERNEL_WG(SL_SIG_SETUP_WG) sl_sig_setup_affine(sl_u32 curve, GLOBAL_AS const sl_u64 *scratch,
                                               GLOBAL_AS sl_u64 *table)
{
    const sl_u32 g = SL_TID();
    if (g >= SL_SIG_COMB_ENTRIES || curve >= SL_SIG_NCURVES) return;
    const sl_fp_mod m = sl_mod_of(curve);
    const int words = curve == SL_SIG_CURVE_ED ? SL_SIG_TAB_WORDS_E : SL_SIG_TAB_WORDS_W;
    GLOBAL_AS sl_u64 *out = table + (sl_u64)g * words;
    if ((g & 255u) == 0) {   /* byte 0 adds nothing: unused entry */
        for (int i = 0; i < words; i++) out[i] = 0;
        return;
    }
    GLOBAL_AS const sl_u64 *e = scratch + (sl_u64)g * SL_SIG_SCRATCH_WORDS;
    sl_fe x, y, z, zi;
    sl_fe_load_words(&x, e);
    sl_fe_load_words(&y, e + 4);
    sl_fe_load_words(&z, e + 8);
    if (curve == SL_SIG_CURVE_ED) {
        sl_fe d2, xy;
        sl_fe_inv(&zi, &z, &m);
        sl_fe_mul(&x, &x, &zi, &m);
        sl_fe_mul(&y, &y, &zi, &m);
        sl_fe ypx, ymx;
        sl_fe_add(&ypx, &y, &x, &m);
        sl_fe_sub(&ymx, &y, &x, &m);
        sl_ed_d2(&d2);
        sl_fe_mul(&xy, &x, &y, &m);
        sl_fe_mul(&xy, &xy, &d2, &m);
        sl_fe_store_words(out, &ypx);
        sl_fe_store_words(out + 4, &ymx);
        sl_fe_store_words(out + 8, &xy);
    } else {
        sl_jac p;
        sl_aff a;
        p.x = x;
        p.y = y;
        p.z = z;
        sl_jac_to_aff(&a, &p, &m);
        sl_fe_store_words(out, &a.x);
        sl_fe_store_words(out + 4, &a.y);
    }
}

/* An affine point given as two 32-byte big-endian coordinates, to Montgomery form. */
DEVICE_FN void sl_load_aff_be(sl_aff *p, GLOBAL_AS const sl_u8 *b, const sl_fp_mod *m)
{
    sl_fe_load_be(&p->x, b);
    sl_fe_load_be(&p->y, b + 32);
    sl_fe_to_mont(&p->x, &p->x, m);
    sl_fe_to_mont(&p->y, &p->y, m);
}

/* SM2 (sig_internal.h): (X:Y:Z) = s G + t P; INFINITY if Z = 0; VALID iff
 * X == v Z^2 or (v + n < p and X == (v + n) Z^2), else MISMATCH
 * (x1 = X / Z^2 and (e + x1) mod n == r  <=>  x1 == v or x1 == v + n, as
 * x1 < p < 2 n; specs/signatures.md "No inversion is needed"). */
KERNEL_WG(SL_SIG_WG) sl_sig_sm2(GLOBAL_AS const sl_u64 *gtab, GLOBAL_AS const sl_u8 *work, sl_u32 n,
                                GLOBAL_AS sl_u8 *status)
{
    const sl_u32 g = SL_TID();
    if (g >= n) return;
    GLOBAL_AS const sl_u8 *it = work + (sl_u64)g * SL_SIG_ITEM_BYTES;
    const sl_fp_mod m = sl_mod_sm2();
    sl_aff p;
    sl_fe s, t, v;
    sl_load_aff_be(&p, it, &m);
    sl_fe_load_be(&s, it + 64);
    sl_fe_load_be(&t, it + 96);
    sl_fe_load_be(&v, it + 128);
    sl_jac acc;
    sl_w_mul_var(SL_SIG_CURVE_SM2, &acc, &p, &t);
    sl_w_comb(SL_SIG_CURVE_SM2, &acc, gtab, &s);
    if (sl_jac_is_inf(&acc)) {
        status[g] = SL_SIG_ST_INFINITY;
        return;
    }
    sl_fe z2, vm, rhs;
    sl_fe_sqr(&z2, &acc.z, &m);
    sl_fe_to_mont(&vm, &v, &m);
    sl_fe_mul(&rhs, &vm, &z2, &m);
    if (sl_fe_eq(&rhs, &acc.x)) {
        status[g] = SL_SIG_ST_VALID;
        return;
    }
    /* v + n as a 256-bit integer: only when it does not carry and is < p. */
    sl_fe nn, w;
    sl_sm2_order(&nn);
    sl_u64 c = 0;
    w.v[0] = sl_adc64(v.v[0], nn.v[0], &c);
    w.v[1] = sl_adc64(v.v[1], nn.v[1], &c);
    w.v[2] = sl_adc64(v.v[2], nn.v[2], &c);
    w.v[3] = sl_adc64(v.v[3], nn.v[3], &c);
    sl_fe pp;
    sl_fe_set4(&pp, m.p[0], m.p[1], m.p[2], m.p[3]);
    if (c == 0 && sl_u256_lt(&w, &pp)) {
        sl_fe_to_mont(&vm, &w, &m);
        sl_fe_mul(&rhs, &vm, &z2, &m);
        if (sl_fe_eq(&rhs, &acc.x)) {
            status[g] = SL_SIG_ST_VALID;
            return;
        }
    }
    status[g] = SL_SIG_ST_MISMATCH;
}

/* BIP340 (sig_internal.h): R = s G - e P; INFINITY if R = O; MISMATCH if
 * y(R) is odd or x(R) != r; else VALID (BIP340 "Verification"). */
KERNEL_WG(SL_SIG_WG) sl_sig_bip340(GLOBAL_AS const sl_u64 *gtab, GLOBAL_AS const sl_u8 *work, sl_u32 n,
                                   GLOBAL_AS sl_u8 *status)
{
    const sl_u32 g = SL_TID();
    if (g >= n) return;
    GLOBAL_AS const sl_u8 *it = work + (sl_u64)g * SL_SIG_ITEM_BYTES;
    const sl_fp_mod m = sl_mod_k1();
    sl_aff p;
    sl_fe s, e, r;
    sl_load_aff_be(&p, it, &m);
    sl_fe_neg(&p.y, &p.y, &m);   /* -P */
    sl_fe_load_be(&s, it + 64);
    sl_fe_load_be(&e, it + 96);
    sl_fe_load_be(&r, it + 128);
    sl_jac acc;
    sl_w_mul_var(SL_SIG_CURVE_K1, &acc, &p, &e);
    sl_w_comb(SL_SIG_CURVE_K1, &acc, gtab, &s);
    if (sl_jac_is_inf(&acc)) {
        status[g] = SL_SIG_ST_INFINITY;
        return;
    }
    sl_aff a;
    sl_jac_to_aff(&a, &acc, &m);
    sl_fe_from_mont(&a.x, &a.x, &m);
    sl_fe_from_mont(&a.y, &a.y, &m);
    status[g] = (a.y.v[0] & 1) == 0 && sl_fe_eq(&a.x, &r) ? SL_SIG_ST_VALID : SL_SIG_ST_MISMATCH;
}

/* Ed25519 (sig_internal.h): R' = [s]B - [k]A (cofactorless); VALID iff
 * encode(R') == R byte for byte (RFC 8032 5.1.2 encoding: y little-endian,
 * bit 255 the low bit of x), else MISMATCH. */
KERNEL_WG(SL_SIG_WG) sl_sig_ed25519(GLOBAL_AS const sl_u64 *btab, GLOBAL_AS const sl_u8 *work, sl_u32 n,
                                    GLOBAL_AS sl_u8 *status)
{
    const sl_u32 g = SL_TID();
    if (g >= n) return;
    GLOBAL_AS const sl_u8 *it = work + (sl_u64)g * SL_SIG_ITEM_BYTES;
    const sl_fp_mod m = sl_mod_ed();
    sl_ext na;   /* -A = (-x, y), T = -x y */
    sl_fe s, k, r;
    sl_fe_load_le(&na.x, it);
    sl_fe_load_le(&na.y, it + 32);
    sl_fe_to_mont(&na.x, &na.x, &m);
    sl_fe_to_mont(&na.y, &na.y, &m);
    sl_fe_neg(&na.x, &na.x, &m);
    sl_fe_one(&na.z, &m);
    sl_fe_mul(&na.t, &na.x, &na.y, &m);
    sl_fe_load_le(&s, it + 64);
    sl_fe_load_le(&k, it + 96);
    sl_fe_load_le(&r, it + 128);
    sl_ext acc;
    sl_ed_mul_var(&acc, &na, &k);
    sl_ed_comb(&acc, btab, &s);
    sl_fe zi, x, y;
    sl_fe_inv(&zi, &acc.z, &m);
    sl_fe_mul(&x, &acc.x, &zi, &m);
    sl_fe_mul(&y, &acc.y, &zi, &m);
    sl_fe_from_mont(&x, &x, &m);
    sl_fe_from_mont(&y, &y, &m);
    y.v[3] |= (x.v[0] & 1) << 63;
    status[g] = sl_fe_eq(&y, &r) ? SL_SIG_ST_VALID : SL_SIG_ST_MISMATCH;
}

#endif
