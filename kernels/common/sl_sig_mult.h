/* The two scalar multiplications of a signature check, s G + k P:
 *   - k P: width-5 NAF of k (Hankerson, Menezes, Vanstone, "Guide to Elliptic
 *     Curve Cryptography", Alg. 3.35 recoding, 3.36 evaluation) over the
 *     odd multiples P, 3 P, .., 15 P built per item;
 *   - s G: the fixed-base comb of sl_sig_params.h (byte i of s selects
 *     byte * 2^(8 i) G from the table in global memory), 32 additions.
 * Both accumulate into one point. Variable time (public data). */
#ifndef SL_SIG_MULT_H
#define SL_SIG_MULT_H

#include "sl_ec_weier.h"
#include "sl_ec_edwards.h"

/* Width-5 NAF of the 256-bit k: digits d_i in {0, +-1, +-3, .., +-15},
 * k = sum d_i 2^i, written least significant first; returns how many. */
DEVICE_FN int sl_wnaf5(sl_s8 *naf, const sl_fe *k)
{
    sl_u64 w0 = k->v[0], w1 = k->v[1], w2 = k->v[2], w3 = k->v[3], w4 = 0;
    int len = 0;
    while ((w0 | w1 | w2 | w3 | w4) != 0 && len < SL_SIG_WNAF_MAX) {
        int d = 0;
        if (w0 & 1) {
            d = (int)(w0 & 31);
            if (d >= 16) d -= 32;
            if (d > 0) {
                w0 -= (sl_u64)d;   /* w0 mod 32 == d: no borrow */
            } else {
                sl_u64 c = 0;
                w0 = sl_adc64(w0, (sl_u64)(-d), &c);
                w1 = sl_adc64(w1, 0, &c);
                w2 = sl_adc64(w2, 0, &c);
                w3 = sl_adc64(w3, 0, &c);
                w4 += c;
            }
        }
        naf[len++] = (sl_s8)d;
        w0 = (w0 >> 1) | (w1 << 63);
        w1 = (w1 >> 1) | (w2 << 63);
        w2 = (w2 >> 1) | (w3 << 63);
        w3 = (w3 >> 1) | (w4 << 63);
        w4 >>= 1;
    }
    return len;
}

/* Byte i (0 = least significant) of a 256-bit integer. */
DEVICE_FN sl_u32 sl_fe_byte(const sl_fe *s, int i) { return (sl_u32)(s->v[i >> 3] >> (8 * (i & 7))) & 255u; }

/* ---- short Weierstrass ---------------------------------------------------- */

/* acc = k P (P affine, Montgomery form, on the curve). */
DEVICE_FN void sl_w_mul_var(sl_u32 curve, sl_jac *acc, const sl_aff *p, const sl_fe *k)
{
    const sl_fp_mod m = sl_mod_of(curve);
    sl_jac tab[SL_SIG_WNAF_TABLE], p2;
    sl_jac_from_aff(&tab[0], p, &m);
    sl_w_dbl(curve, &p2, &tab[0]);
    for (int i = 1; i < SL_SIG_WNAF_TABLE; i++) sl_w_add(curve, &tab[i], &tab[i - 1], &p2);
    sl_s8 naf[SL_SIG_WNAF_MAX];
    const int len = sl_wnaf5(naf, k);
    sl_jac_set_inf(acc);
    int started = 0;
    for (int i = len - 1; i >= 0; i--) {
        if (started) sl_w_dbl(curve, acc, acc);
        const int d = naf[i];
        if (d != 0) {
            sl_jac q = tab[(d < 0 ? -d : d) >> 1];
            if (d < 0) sl_fe_neg(&q.y, &q.y, &m);
            sl_w_add(curve, acc, acc, &q);
            started = 1;
        }
    }
}

/* acc += s G with the comb table (SL_SIG_TAB_WORDS_W words per entry). */
DEVICE_FN void sl_w_comb(sl_u32 curve, sl_jac *acc, GLOBAL_AS const sl_u64 *gtab, const sl_fe *s)
{
    for (int i = 0; i < SL_SIG_COMB_WINDOWS; i++) {
        const sl_u32 b = sl_fe_byte(s, i);
        if (b == 0) continue;
        GLOBAL_AS const sl_u64 *e = gtab + ((sl_u64)i * 256u + b) * SL_SIG_TAB_WORDS_W;
        sl_aff q;
        sl_fe_load_words(&q.x, e);
        sl_fe_load_words(&q.y, e + 4);
        sl_w_madd(curve, acc, acc, &q);
    }
}

/* ---- edwards25519 ----------------------------------------------------------- */

/* acc = k P (P extended, Montgomery form). */
DEVICE_FN void sl_ed_mul_var(sl_ext *acc, const sl_ext *p, const sl_fe *k)
{
    const sl_fp_mod m = sl_mod_ed();
    sl_ext_cached tab[SL_SIG_WNAF_TABLE], c2;
    sl_ext cur = *p, p2;
    sl_ed_dbl(&p2, p);
    sl_ext_to_cached(&c2, &p2, &m);
    sl_ext_to_cached(&tab[0], &cur, &m);
    for (int i = 1; i < SL_SIG_WNAF_TABLE; i++) {
        sl_ed_add_cached(&cur, &cur, &c2, 0);
        sl_ext_to_cached(&tab[i], &cur, &m);
    }
    sl_s8 naf[SL_SIG_WNAF_MAX];
    const int len = sl_wnaf5(naf, k);
    sl_ext_set_identity(acc, &m);
    int started = 0;
    for (int i = len - 1; i >= 0; i--) {
        if (started) sl_ed_dbl(acc, acc);
        const int d = naf[i];
        if (d != 0) {
            sl_ed_add_cached(acc, acc, &tab[(d < 0 ? -d : d) >> 1], d < 0);
            started = 1;
        }
    }
}

/* acc += s B with the comb table (SL_SIG_TAB_WORDS_E words per entry). */
DEVICE_FN void sl_ed_comb(sl_ext *acc, GLOBAL_AS const sl_u64 *btab, const sl_fe *s)
{
    for (int i = 0; i < SL_SIG_COMB_WINDOWS; i++) {
        const sl_u32 b = sl_fe_byte(s, i);
        if (b == 0) continue;
        GLOBAL_AS const sl_u64 *e = btab + ((sl_u64)i * 256u + b) * SL_SIG_TAB_WORDS_E;
        sl_ext_niels q;
        sl_fe_load_words(&q.ypx, e);
        sl_fe_load_words(&q.ymx, e + 4);
        sl_fe_load_words(&q.xy2d, e + 8);
        sl_ed_add_niels(acc, acc, &q);
    }
}

#endif
