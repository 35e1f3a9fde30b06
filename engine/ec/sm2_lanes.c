/* The portable half of sm2_lanes.h: the run-time CPU check and the
 * conversions between the scalar field's form (a 2^256 mod p, four 64-bit
 * limbs, sm2_field.h) and the lane field's (a 2^260 mod p, five 52-bit
 * limbs). The vector code is in sm2_lanes_ifma.c. */
#include "ec/sm2_lanes.h"

#include "ec/ifma_target.h"
#include "ec/sm2_field_impl.h"

#define LM52 ((UINT64_C(1) << 52) - 1)

#ifdef SL_IFMA_BUILD
int sl_sm2_lanes_supported(void) {
    return sl_ifma_cpu_supported();
}
#else
int sl_sm2_lanes_supported(void) {
    return 0;
}
#endif

void sl_sm2_lfe_from_fe(sl_sm2_lfe *r, const sl_sm2_fe *a) {
    /* The limbs of a 2^256 times 16 mod p are those of a 2^260 mod p:
     * multiply the represented value by 16 (canonical result). */
    sl_sm2_fe t;
    sl_sm2_fe_mul_small(&t, a, 16);
    r->v[0] = t.v[0] & LM52;
    r->v[1] = ((t.v[0] >> 52) | (t.v[1] << 12)) & LM52;
    r->v[2] = ((t.v[1] >> 40) | (t.v[2] << 24)) & LM52;
    r->v[3] = ((t.v[2] >> 28) | (t.v[3] << 36)) & LM52;
    r->v[4] = t.v[3] >> 16;
}

void sl_sm2_lfe_to_fe(sl_sm2_fe *r, const sl_sm2_lfe *a) {
    /* x = lo + h 2^256 (lo < 2^256, h < 16 for x < 2^260). As limbs of a
     * scalar-field element: lo (made < p by one conditional subtraction,
     * lo < 2p) stands for the integer lo mod p, and 2^256 mod p is the
     * limbs of the element 1 (SM2_FE_ONE), so h 2^256 is h times it. The
     * integer x mod p = a 2^260 then becomes a 2^256 by a Montgomery product
     * with the limbs 2^252 (= 2^-4 2^256, the element 1/16). */
    uint64_t lo[4];
    lo[0] = a->v[0] | (a->v[1] << 52);
    lo[1] = (a->v[1] >> 12) | (a->v[2] << 40);
    lo[2] = (a->v[2] >> 24) | (a->v[3] << 28);
    lo[3] = (a->v[3] >> 36) | (a->v[4] << 16);
    uint64_t h = a->v[4] >> 48;
    sl_sm2_fe x, hi;
    sm2_fe_cond_sub_p(x.v, lo, 0);
    sl_sm2_fe_mul_small(&hi, &SM2_FE_ONE, (uint32_t)h);
    sm2_fe_add_inl(&x, &x, &hi);
    static const sl_sm2_fe inv16 = {{0, 0, 0, UINT64_C(1) << 60}}; /* 2^252 */
    sm2_fe_mul_inl(r, &x, &inv16);
}
