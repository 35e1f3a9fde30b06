/* Half-size scalars for Ed25519 verification: given k, finds c0, c1 of about
 * 128 bits each with c0 == c1 k (mod 8L), where L is the order of the base
 * point and 8L the order of the whole edwards25519 group. Then for any
 * points A, R and any s,
 *   [s]B - [k]A == R   iff   [c1 s mod L]B - [c0]A - [c1]R == O
 * provided gcd(c1, 8L) = 1 (c1 odd and not a multiple of L, which |c1| < L
 * ensures): multiplying by c1 is a bijection on the group, and [c1 k]A ==
 * [c0]A because 8L A = O for every point A. This is the idea of T. Pornin,
 * "Optimized Lattice Basis Reduction In Dimension 2, and Fast Schnorr and
 * EdDSA Signature Verification" (IACR ePrint 2020/454), taken modulo 8L
 * instead of L so that it stays exact (cofactorless) for keys and R with a
 * small-order component; the reduction here is the plain extended Euclidean
 * algorithm on (8L, k) stopped at the first remainder below 2^128 (the
 * classic short-vector construction, e.g. Guide to Elliptic Curve
 * Cryptography, algorithm 3.74 for GLV).
 *
 * Internal header (engine/ec); variable-time (public data only). */
#ifndef SLUICE_EC_ED25519_LATTICE_H
#define SLUICE_EC_ED25519_LATTICE_H

#include <stdint.h>

/* Splits k (32 little-endian bytes, any value below 8L; the Ed25519
 * challenge is below L) into c0 (32 bytes, little-endian, >= 0) and
 * c1 = (-1)^c1_neg * c1_abs (c1_abs 32 bytes little-endian) with
 *   c0 == c1 k (mod 8L),  c1 odd,  c1_abs < 2^128.
 * c0 < 2^128 in the usual case; when the shortest candidate has an even c1,
 * the neighbouring remainder is taken instead, which can be longer (the
 * caller must accept any c0 < 2^256). Returns 0 and leaves the outputs
 * unspecified only if k >= 8L. */
int sl_ed25519_split_8l_var(uint8_t c0[32], uint8_t c1_abs[32], int *c1_neg, const uint8_t k[32]);

#endif
