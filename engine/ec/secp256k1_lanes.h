/* kp P + kg G for ONE verification with the four GLV half-scalar chains of
 * the Strauss method side by side in the 64-bit lanes of 256-bit AVX-512
 * IFMA vectors (52-bit multiply-add). Chosen at run time
 * (sl_secp256k1_lanes_supported()); off x86-64 or without the instructions
 * the entry point computes the same result with the scalar code of
 * secp256k1_group.h. Variable time (public data only: verification).
 * Internal header (engine/ec).
 *
 * Lanes: kp = k1 + lambda k2 and kg = k3 + lambda k4 (sl_secp256k1_split128),
 * lane 0 runs k1 over P's odd multiples (wNAF window 4: P, 3P, 5P, 7P,
 * affine on the "global Z" curve of sl_secp256k1_odd_multiples_var, built
 * by that scalar code), lane 1 k2 over the same entries with x times beta
 * (lambda P), lane 2 k3 over the fixed table of G (sl_secp256k1_g_table,
 * window SL_SECP256K1_G_WINDOW, true affine), lane 3 k4 over G's entries
 * with x times beta (lambda G). Every lane keeps its own Jacobian
 * accumulator (lanes 0 and 1 on P's isomorphic curve, lanes 2 and 3 on the
 * true curve; a = 0 on both, so one doubling formula serves all four), all
 * lanes double at every bit position, and where any lane has a non-zero
 * wNAF digit one 4-lane mixed addition runs, kept (mask blend) only in the
 * lanes that have a digit; a lane that has not started yet takes the entry
 * itself. At the end the P lanes' Z are multiplied by the global Z and the
 * four lane results are summed in the lanes (lanes 0 + 1 and 2 + 3, then
 * the two sums: two 4-lane Jacobian additions); when that meets an equal
 * or opposite pair (or the result is infinity), or a half-scalar is zero,
 * the lane results are summed by the scalar code instead.
 *
 * Exceptional cases: an addition with H = 0 (accumulator equal or opposite
 * to the entry) makes that lane's Z zero for good, as does a lane result at
 * infinity; any started lane ending with Z == 0 makes the whole
 * multiplication run again with sl_secp256k1_ecmult_point_var (variable
 * time: public data). For a point of prime order n neither can happen
 * within one lane: with window w, at an addition the accumulator is
 * 2^s m (m odd, s >= w) times the lane's base point and the entry d times
 * it with d odd and |d| < 2^(w-1), all far below n, so the two never meet;
 * and a half-scalar below 2^129 in magnitude is 0 (the lane never starts)
 * or not a multiple of n. The check is a safety net; the test hook below
 * exercises its fallback. */
#ifndef SLUICE_EC_SECP256K1_LANES_H
#define SLUICE_EC_SECP256K1_LANES_H

#include "secp256k1_group.h" /* same folder: also includable from tests */

/* 1 if the CPU (and OS) offer AVX-512F, AVX-512VL and AVX-512 IFMA (checked
 * at run time, never assumed from the build machine); 0 off x86-64. */
int sl_secp256k1_lanes_supported(void);

/* r = kp P + kg G in true Jacobian coordinates (r->inf = 1 for the point at
 * infinity), the same point as sl_secp256k1_ecmult_point_var. Returns 1 when
 * the lanes computed it, 0 when the scalar code did (no IFMA, or an
 * exceptional lane as described above); r is exact either way. */
int sl_secp256k1_ecmult_point_lanes_var(sl_secp256k1_gej *r, const sl_secp256k1_ge *p,
                                        const sl_secp256k1_sc *kp, const sl_secp256k1_sc *kg);

/* The same with a test hook: force_fallback != 0 runs the lanes (when
 * supported) and then takes the scalar fallback as if a lane had been
 * exceptional (returns 0). */
int sl_secp256k1_ecmult_point_lanes_ex_var(sl_secp256k1_gej *r, const sl_secp256k1_ge *p,
                                           const sl_secp256k1_sc *kp, const sl_secp256k1_sc *kg,
                                           int force_fallback);

/* The same with P's odd multiples given: ptab of window wp (2..8) on the
 * curve of global Z zg, as for sl_secp256k1_ecmult_var (a prepared key's
 * table), which is the scalar reference and fallback here. Lanes 0 and 1
 * read ptab instead of the one-shot window-4 table; the argument that no
 * lane meets an exceptional addition holds for any window. */
int sl_secp256k1_ecmult_lanes_var(sl_secp256k1_gej *r, const sl_secp256k1_ge *ptab,
                                  const sl_secp256k1_fe *zg, int wp, const sl_secp256k1_sc *kp,
                                  const sl_secp256k1_sc *kg);
int sl_secp256k1_ecmult_lanes_ex_var(sl_secp256k1_gej *r, const sl_secp256k1_ge *ptab,
                                     const sl_secp256k1_fe *zg, int wp, const sl_secp256k1_sc *kp,
                                     const sl_secp256k1_sc *kg, int force_fallback);

#endif
