/* SM2 (sm2p256v1, GM/T 0003.5-2012) point arithmetic for FOUR independent
 * verifications side by side in the 64-bit lanes of 256-bit AVX-512 IFMA
 * vectors (52-bit multiply-add): lane j of vector i holds limb i of the
 * element of verification j. Chosen at run time
 * (sl_sm2_lanes_supported()); off x86-64 or without the instructions the
 * entry points are never called (the callers keep the scalar path of
 * sm2_group.h). Variable-time (public data only). Internal header
 * (engine/ec).
 *
 * Lane field (sm2_lanes.c): p = 2^256 - 2^224 - 2^96 + 2^64 - 1 in radix
 * 2^52, five limbs, Montgomery form with R = 2^260 (the limbs of a 2^260 mod
 * p). Since p == -1 (mod 2^52), -p^-1 mod 2^52 == 1 and each reduction
 * round's multiplier is the low 52 bits of the running column. Every element
 * between operations is "loose": limbs below 2^52 (IFMA reads only 52 bits
 * of a factor) and value below 2^257 (not necessarily below p).
 *
 * The chain (s G + t P, sl_sm2_lanes_mult4_ifma): one shared chain of 256
 * doublings with REGULAR signed-digit windows (every digit odd and non-zero,
 * as libsecp256k1's ecmult_const; an even scalar k is replaced by n - k with
 * the point negated), so all four lanes add at the same steps: t P with
 * window 5 over per-lane tables of +-P .. +-31P (Jacobian, built in the
 * lanes), s G with window 8 over a static table of +-G .. +-255G (affine,
 * radix 2^52, built once under pthread_once). The accumulator starts as the
 * first added point (never the point at infinity). An exceptional addition
 * (the two points equal or opposite: H == 0) makes Z == 0 from then on, so
 * a lane whose final Z is 0 is reported as "fallback" and must be verified
 * by the exact scalar code. */
#ifndef SLUICE_EC_SM2_LANES_H
#define SLUICE_EC_SM2_LANES_H

#include <stdint.h>

#include "sm2_group.h" /* same folder: also includable from tests */

/* 1 if the CPU (and OS) offer AVX-512F, AVX-512VL and AVX-512 IFMA (checked
 * at run time, never assumed from the build machine); 0 off x86-64. */
int sl_sm2_lanes_supported(void);

/* Lane-field element of one lane as five 52-bit limbs (the a 2^260 mod p
 * form above), for the conversions and the tests. */
typedef struct {
    uint64_t v[5];
} sl_sm2_lfe;

/* a (sm2_field.h form: the limbs of a 2^256 mod p) -> the canonical limbs
 * of a 2^260 mod p (each below 2^52, value below p). Portable. */
void sl_sm2_lfe_from_fe(sl_sm2_lfe *r, const sl_sm2_fe *a);
/* Any limbs with value below 2^260 (limbs below 2^52) -> the fully reduced
 * sm2_field.h element of the same value (x 2^-260 mod p). Portable. */
void sl_sm2_lfe_to_fe(sl_sm2_fe *r, const sl_sm2_lfe *a);

/* The lane field operations, four lanes at once, for the tests (op below):
 * r[j] = op(a[j], b[j]). Inputs must be loose (limbs below 2^52, value
 * below 2^257); outputs are loose. MUL: a b 2^-260, SQR: a^2 2^-260, ADD,
 * SUB (mod p, any representatives), MUL3 / MUL8: 3a / 8a, SQRT: a^((p+1)/4)
 * in Montgomery form (the square root of a when a is a square), MUL2:
 * (a b + a a) 2^-260 (the two-product multiplication with one reduction
 * that the point formulas use), ZERO:
 * r[j].v[0] = 1 if a[j] == 0 mod p else 0 (the per-lane mask). Only where
 * sl_sm2_lanes_supported() is 1. */
enum {
    SL_SM2_LOP_MUL = 0,
    SL_SM2_LOP_SQR,
    SL_SM2_LOP_ADD,
    SL_SM2_LOP_SUB,
    SL_SM2_LOP_MUL3,
    SL_SM2_LOP_MUL8,
    SL_SM2_LOP_SQRT,
    SL_SM2_LOP_MUL2,
    SL_SM2_LOP_ZERO
};
void sl_sm2_lanes_fe_op_ifma(int op, sl_sm2_lfe r[4], const sl_sm2_lfe a[4], const sl_sm2_lfe b[4]);

/* Four multi-scalar multiplications s_j G + t_j P_j at once (j < 4): p[j]
 * an affine curve point (sm2_group.h form), s[j], t[j] plain 256-bit
 * scalars in [1, n-1] (4 little-endian limbs, sl_sm2_sc's layout). Writes
 * the Jacobian X and Z of each result (sm2_field.h form; Y is not needed by
 * the SM2 check) and returns a 4-bit mask: bit j set when lane j met an
 * exceptional case (its result is then unusable and the item must be
 * verified by the scalar code; this includes a result at infinity). Bits of
 * force_fallback are set in the result as well (a test hook: the caller's
 * fallback path on demand). Only where sl_sm2_lanes_supported() is 1. */
unsigned sl_sm2_lanes_mult4_ifma(sl_sm2_fe x[4], sl_sm2_fe z[4], const sl_sm2_ge *const p[4],
                                 const uint64_t *const s[4], const uint64_t *const t[4],
                                 unsigned force_fallback);

/* r[j] = a[j]^((p+1)/4) for j < 4 (sm2_field.h form in and out): the
 * square-root candidate of sl_sm2_fe_sqrt, four at once (the caller checks
 * r^2 == a). Only where sl_sm2_lanes_supported() is 1. */
void sl_sm2_lanes_sqrt4_ifma(sl_sm2_fe r[4], const sl_sm2_fe a[4]);

#endif
