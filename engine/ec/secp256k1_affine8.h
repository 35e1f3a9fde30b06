/* Affine point additions in batches for the multi-scalar multiplication
 * (secp256k1_group.c, the affine Pippenger), on eight 64-bit lanes of
 * AVX-512 IFMA vectors: pair j of the batch runs in lane j % 8 of group
 * j / 8, and the denominators' inverses come from one field inversion
 * (Montgomery 1987, "Speeding the Pollard and elliptic curve methods of
 * factorization", section 10.3.1): a running product per lane over the
 * groups, the eight lane products inverted together, then peeled off group
 * by group. The scalar reference is aff_flush in secp256k1_group.c; the
 * MSM tests run both (sl_secp256k1_msm_plan_lanes). Variable time (public
 * data only: verification). Internal header (engine/ec). */
#ifndef SLUICE_EC_SECP256K1_AFFINE8_H
#define SLUICE_EC_SECP256K1_AFFINE8_H

#include <stddef.h>
#include <stdint.h>

#include "secp256k1_fe52_impl.h" /* same folder: also includable from tests */

/* An affine point in 5x52 limbs, each coordinate as sk_fe52_normalize_weak
 * leaves it (limbs below 2^52, limb 4 below 2^48 + 1). */
typedef struct {
    sk_fe52 x, y;
} sl_secp256k1_aff52;

#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
#define SL_SECP256K1_AFFINE8 1

/* 1 if the CPU (and OS) offer AVX-512F and AVX-512 IFMA (run time). */
int sl_secp256k1_affine8_supported(void);

/* Bytes of scratch (any alignment: 64 bytes of slack are counted) that
 * sl_secp256k1_aff_add8 needs for nq additions. */
size_t sl_secp256k1_aff_add8_scratch(size_t nq);

/* For j < nq: out[dst[j]] = in[a[j]] + in[a[j] + 1], affine, coordinates in
 * the form above. Requires x(in[a[j]]) != x(in[a[j] + 1]) (the caller
 * handles equal x: a doubling or a vanishing pair), distinct dst[j], out
 * not overlapping in, nq >= 1, and sl_secp256k1_affine8_supported(). */
void sl_secp256k1_aff_add8(sl_secp256k1_aff52 *out, const sl_secp256k1_aff52 *in,
                           const uint32_t *a, const uint32_t *dst, size_t nq, void *scratch);
#endif

#endif
