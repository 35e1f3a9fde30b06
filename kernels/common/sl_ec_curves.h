/* Constants of the three curves of the signature kernels, limbs least
 * significant first. Moduli and base points are the standard ones
 * (sm2p256v1: GB/T 32918.5 / specs/signatures.md; secp256k1: SEC 2 2.4.1;
 * edwards25519: RFC 8032 5.1); the Montgomery constants (R = 2^256) were
 * derived from them: n0 = -p^-1 mod 2^64, r2 = R^2 mod p, and the base point
 * coordinates and 2d are given in Montgomery form (x R mod p). */
#ifndef SL_EC_CURVES_H
#define SL_EC_CURVES_H

#include "sl_ec_field.h"
#include "sl_sig_params.h"

/* sm2p256v1: p = 2^256 - 2^224 - 2^96 + 2^64 - 1, a = -3. */
DEVICE_FN sl_fp_mod sl_mod_sm2(void)
{
    sl_fp_mod m = {{0xffffffffffffffffUL, 0xffffffff00000000UL, 0xffffffffffffffffUL, 0xfffffffeffffffffUL},
                   0x0000000000000001UL,
                   {0x0000000200000003UL, 0x00000002ffffffffUL, 0x0000000100000001UL, 0x0000000400000002UL}};
    return m;
}

/* secp256k1: p = 2^256 - 2^32 - 977, a = 0. */
DEVICE_FN sl_fp_mod sl_mod_k1(void)
{
    sl_fp_mod m = {{0xfffffffefffffc2fUL, 0xffffffffffffffffUL, 0xffffffffffffffffUL, 0xffffffffffffffffUL},
                   0xd838091dd2253531UL,
                   {0x000007a2000e90a1UL, 0x0000000000000001UL, 0x0000000000000000UL, 0x0000000000000000UL}};
    return m;
}

/* edwards25519: p = 2^255 - 19, -x^2 + y^2 = 1 + d x^2 y^2. */
DEVICE_FN sl_fp_mod sl_mod_ed(void)
{
    sl_fp_mod m = {{0xffffffffffffffedUL, 0xffffffffffffffffUL, 0xffffffffffffffffUL, 0x7fffffffffffffffUL},
                   0x86bca1af286bca1bUL,
                   {0x00000000000005a4UL, 0x0000000000000000UL, 0x0000000000000000UL, 0x0000000000000000UL}};
    return m;
}

DEVICE_FN sl_fp_mod sl_mod_of(sl_u32 curve)
{
    return curve == SL_SIG_CURVE_SM2 ? sl_mod_sm2() : curve == SL_SIG_CURVE_K1 ? sl_mod_k1() : sl_mod_ed();
}

DEVICE_FN void sl_fe_set4(sl_fe *r, sl_u64 a, sl_u64 b, sl_u64 c, sl_u64 d)
{
    r->v[0] = a;
    r->v[1] = b;
    r->v[2] = c;
    r->v[3] = d;
}

/* The base point of a curve, affine, Montgomery form. */
DEVICE_FN void sl_base_point(sl_u32 curve, sl_fe *x, sl_fe *y)
{
    if (curve == SL_SIG_CURVE_SM2) {
        sl_fe_set4(x, 0x61328990f418029eUL, 0x3e7981eddca6c050UL, 0xd6a1ed99ac24c3c3UL, 0x91167a5ee1c13b05UL);
        sl_fe_set4(y, 0xc1354e593c2d0dddUL, 0xc1f5e5788d3295faUL, 0x8d4cfb066e2a48f8UL, 0x63cd65d481d735bdUL);
    } else if (curve == SL_SIG_CURVE_K1) {
        sl_fe_set4(x, 0xd7362e5a487e2097UL, 0x231e295329bc66dbUL, 0x979f48c033fd129cUL, 0x9981e643e9089f48UL);
        sl_fe_set4(y, 0xb15ea6d2d3dbabe2UL, 0x8dfc5d5d1f1dc64dUL, 0x70b6b59aac19c136UL, 0xcf3f851fd4a582d6UL);
    } else {
        sl_fe_set4(x, 0xe2cabc553f9da287UL, 0x9ca598562396e489UL, 0x9879936bade4b5b7UL, 0x759e23707e6077d0UL);
        sl_fe_set4(y, 0x333333333333334aUL, 0x3333333333333333UL, 0x3333333333333333UL, 0x3333333333333333UL);
    }
}

/* 2 d of edwards25519 (d = -121665/121666), Montgomery form. */
DEVICE_FN void sl_ed_d2(sl_fe *r)
{
    sl_fe_set4(r, 0x01db17fdbe8fd3f4UL, 0x21430eef5f8c52e7UL, 0xcb27240f78310d20UL, 0x590456b4e53f8a4dUL);
}

/* The group order n of sm2p256v1 (plain integer), for the v + n < p check. */
DEVICE_FN void sl_sm2_order(sl_fe *r)
{
    sl_fe_set4(r, 0x53bbf40939d54123UL, 0x7203df6b21c6052bUL, 0xffffffffffffffffUL, 0xfffffffeffffffffUL);
}

#endif
