/* The edwards25519 field's hot operations (p = 2^255 - 19) as static inline
 * functions, so that the group code (ed25519_group.c) pays no call per field
 * operation. Same representation and limb bounds as ed25519_field.h (5 limbs
 * of 51 bits; "tight" < 2^52, "loose" < 2^54); ed25519_field.c's public
 * functions are thin wrappers around these, and test_ec_ed25519.c checks them
 * against OpenSSL BIGNUM. Products are schoolbook in unsigned __int128 with the
 * wrap-around terms multiplied by 19 (2^255 == 19 mod p), as in ref10's
 * fe_mul / fe_sq (Bernstein et al., SUPERCOP). Internal header; constant-time. */
#ifndef SLUICE_EC_ED25519_FIELD_IMPL_H
#define SLUICE_EC_ED25519_FIELD_IMPL_H

#include <stdint.h>

#include "ec/ed25519_field.h"

typedef unsigned __int128 fe51_u128;

#define FE51_MASK ((UINT64_C(1) << 51) - 1)

/* The multiplications are big enough that gcc -O2 would otherwise keep them
 * out of line (a call per field multiplication in the point formulas). */
#if defined(__GNUC__) || defined(__clang__)
#define FE51_INLINE static inline __attribute__((always_inline))
#else
#define FE51_INLINE static inline
#endif

/* r = a + b, no carry: inputs need limbs < 2^53, output is loose. */
FE51_INLINE void fe51_add(sl_ed25519_fe *r, const sl_ed25519_fe *a, const sl_ed25519_fe *b) {
    r->v[0] = a->v[0] + b->v[0];
    r->v[1] = a->v[1] + b->v[1];
    r->v[2] = a->v[2] + b->v[2];
    r->v[3] = a->v[3] + b->v[3];
    r->v[4] = a->v[4] + b->v[4];
}

/* One carry pass over limbs below 2^63; output tight. */
FE51_INLINE void fe51_carry_limbs(sl_ed25519_fe *r, uint64_t l0, uint64_t l1, uint64_t l2,
                                    uint64_t l3, uint64_t l4) {
    l1 += l0 >> 51; l0 &= FE51_MASK;
    l2 += l1 >> 51; l1 &= FE51_MASK;
    l3 += l2 >> 51; l2 &= FE51_MASK;
    l4 += l3 >> 51; l3 &= FE51_MASK;
    l0 += 19 * (l4 >> 51); l4 &= FE51_MASK;
    r->v[0] = l0; r->v[1] = l1; r->v[2] = l2; r->v[3] = l3; r->v[4] = l4;
}

/* r = a - b (loose inputs, tight output): a + 16p - b, where every limb of
 * 16p (>= 2^55 - 304) exceeds any loose limb of b, so nothing goes negative. */
FE51_INLINE void fe51_sub(sl_ed25519_fe *r, const sl_ed25519_fe *a, const sl_ed25519_fe *b) {
    fe51_carry_limbs(r, a->v[0] + UINT64_C(16) * (FE51_MASK - 18) - b->v[0],
                     a->v[1] + UINT64_C(16) * FE51_MASK - b->v[1],
                     a->v[2] + UINT64_C(16) * FE51_MASK - b->v[2],
                     a->v[3] + UINT64_C(16) * FE51_MASK - b->v[3],
                     a->v[4] + UINT64_C(16) * FE51_MASK - b->v[4]);
}

static inline void fe51_neg(sl_ed25519_fe *r, const sl_ed25519_fe *a) {
    static const sl_ed25519_fe zero = {{0, 0, 0, 0, 0}};
    fe51_sub(r, &zero, a);
}

static inline void fe51_carry(sl_ed25519_fe *r, const sl_ed25519_fe *a) {
    fe51_carry_limbs(r, a->v[0], a->v[1], a->v[2], a->v[3], a->v[4]);
}

/* Carries five 128-bit column sums (each < 2^115 for loose inputs) into a
 * tight element. */
FE51_INLINE void fe51_carry_wide(sl_ed25519_fe *r, fe51_u128 c0, fe51_u128 c1, fe51_u128 c2,
                                   fe51_u128 c3, fe51_u128 c4) {
    uint64_t l0, l1, l2, l3, l4;
    c1 += (uint64_t)(c0 >> 51); l0 = (uint64_t)c0 & FE51_MASK;
    c2 += (uint64_t)(c1 >> 51); l1 = (uint64_t)c1 & FE51_MASK;
    c3 += (uint64_t)(c2 >> 51); l2 = (uint64_t)c2 & FE51_MASK;
    c4 += (uint64_t)(c3 >> 51); l3 = (uint64_t)c3 & FE51_MASK;
    l4 = (uint64_t)c4 & FE51_MASK;
    /* c4 >> 51 < 2^64 / 19, so the product fits in 64 bits plus l0 */
    fe51_u128 t = (fe51_u128)l0 + (fe51_u128)(uint64_t)(c4 >> 51) * 19;
    l0 = (uint64_t)t & FE51_MASK;
    l1 += (uint64_t)(t >> 51);
    r->v[0] = l0; r->v[1] = l1; r->v[2] = l2; r->v[3] = l3; r->v[4] = l4;
}

FE51_INLINE void fe51_mul(sl_ed25519_fe *r, const sl_ed25519_fe *a, const sl_ed25519_fe *b) {
    uint64_t a0 = a->v[0], a1 = a->v[1], a2 = a->v[2], a3 = a->v[3], a4 = a->v[4];
    uint64_t b0 = b->v[0], b1 = b->v[1], b2 = b->v[2], b3 = b->v[3], b4 = b->v[4];
    uint64_t b1_19 = 19 * b1, b2_19 = 19 * b2, b3_19 = 19 * b3, b4_19 = 19 * b4;
    fe51_u128 c0 = (fe51_u128)a0 * b0 + (fe51_u128)a1 * b4_19 + (fe51_u128)a2 * b3_19 +
                   (fe51_u128)a3 * b2_19 + (fe51_u128)a4 * b1_19;
    fe51_u128 c1 = (fe51_u128)a0 * b1 + (fe51_u128)a1 * b0 + (fe51_u128)a2 * b4_19 +
                   (fe51_u128)a3 * b3_19 + (fe51_u128)a4 * b2_19;
    fe51_u128 c2 = (fe51_u128)a0 * b2 + (fe51_u128)a1 * b1 + (fe51_u128)a2 * b0 +
                   (fe51_u128)a3 * b4_19 + (fe51_u128)a4 * b3_19;
    fe51_u128 c3 = (fe51_u128)a0 * b3 + (fe51_u128)a1 * b2 + (fe51_u128)a2 * b1 +
                   (fe51_u128)a3 * b0 + (fe51_u128)a4 * b4_19;
    fe51_u128 c4 = (fe51_u128)a0 * b4 + (fe51_u128)a1 * b3 + (fe51_u128)a2 * b2 +
                   (fe51_u128)a3 * b1 + (fe51_u128)a4 * b0;
    fe51_carry_wide(r, c0, c1, c2, c3, c4);
}

FE51_INLINE void fe51_sqr(sl_ed25519_fe *r, const sl_ed25519_fe *a) {
    uint64_t a0 = a->v[0], a1 = a->v[1], a2 = a->v[2], a3 = a->v[3], a4 = a->v[4];
    uint64_t d0 = 2 * a0, d1 = 2 * a1, d2 = 2 * a2, d3 = 2 * a3;
    uint64_t a3_19 = 19 * a3, a4_19 = 19 * a4;
    fe51_u128 c0 = (fe51_u128)a0 * a0 + (fe51_u128)d1 * a4_19 + (fe51_u128)d2 * a3_19;
    fe51_u128 c1 = (fe51_u128)d0 * a1 + (fe51_u128)d2 * a4_19 + (fe51_u128)a3 * a3_19;
    fe51_u128 c2 = (fe51_u128)d0 * a2 + (fe51_u128)a1 * a1 + (fe51_u128)d3 * a4_19;
    fe51_u128 c3 = (fe51_u128)d0 * a3 + (fe51_u128)d1 * a2 + (fe51_u128)a4 * a4_19;
    fe51_u128 c4 = (fe51_u128)d0 * a4 + (fe51_u128)d1 * a3 + (fe51_u128)a2 * a2;
    fe51_carry_wide(r, c0, c1, c2, c3, c4);
}

/* r = a^(2^n), n >= 1 */
static inline void fe51_sqr_n(sl_ed25519_fe *r, const sl_ed25519_fe *a, int n) {
    fe51_sqr(r, a);
    for (int i = 1; i < n; i++) fe51_sqr(r, r);
}

#endif
