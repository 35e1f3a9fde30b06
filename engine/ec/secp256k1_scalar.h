/* Arithmetic modulo the secp256k1 group order
 * n = FFFFFFFF FFFFFFFF FFFFFFFF FFFFFFFE BAAEDCE6 AF48A03B BFD25E8C D0364141
 * (SEC 2 v2, section 2.4.1). Internal header of the engine (engine/ec).
 *
 * Representation: four 64-bit limbs, v[0] least significant. Invariant: every
 * scalar produced here is fully reduced (0 <= value < n), and every function
 * requires fully reduced inputs. Reduction folds with 2^256 == 2^256 - n
 * (a 129-bit constant), as in bitcoin-core/secp256k1 src/scalar_4x64_impl.h.
 * All functions are constant time in the values. Outputs may alias inputs. */
#ifndef SLUICE_EC_SECP256K1_SCALAR_H
#define SLUICE_EC_SECP256K1_SCALAR_H

#include <stdint.h>

typedef struct {
    uint64_t v[4];
} sl_secp256k1_sc;

/* Reads a 32-byte big-endian value, reducing it mod n. Returns 1 if the value
 * was >= n (overflow: r holds value - n), else 0. */
int sl_secp256k1_sc_set_b32(sl_secp256k1_sc *r, const uint8_t in[32]);
/* r = (64-byte big-endian value) mod n, e.g. a 512-bit hash output. */
void sl_secp256k1_sc_set_b64(sl_secp256k1_sc *r, const uint8_t in[64]);
/* Writes the 32-byte big-endian encoding of a. */
void sl_secp256k1_sc_get_b32(uint8_t out[32], const sl_secp256k1_sc *a);
/* r = x. */
void sl_secp256k1_sc_set_u64(sl_secp256k1_sc *r, uint64_t x);

/* r = a + b mod n. */
void sl_secp256k1_sc_add(sl_secp256k1_sc *r, const sl_secp256k1_sc *a, const sl_secp256k1_sc *b);
/* r = a - b mod n. */
void sl_secp256k1_sc_sub(sl_secp256k1_sc *r, const sl_secp256k1_sc *a, const sl_secp256k1_sc *b);
/* r = -a mod n (0 maps to 0). */
void sl_secp256k1_sc_neg(sl_secp256k1_sc *r, const sl_secp256k1_sc *a);
/* r = a * b mod n. */
void sl_secp256k1_sc_mul(sl_secp256k1_sc *r, const sl_secp256k1_sc *a, const sl_secp256k1_sc *b);
/* r = a^(n-2) = 1/a mod n (constant-time exponentiation); inv(0) = 0. */
void sl_secp256k1_sc_inv(sl_secp256k1_sc *r, const sl_secp256k1_sc *a);

/* 1 if a == 0, else 0. */
int sl_secp256k1_sc_is_zero(const sl_secp256k1_sc *a);
/* 1 if a == b, else 0. */
int sl_secp256k1_sc_equal(const sl_secp256k1_sc *a, const sl_secp256k1_sc *b);

/* 1 if a > (n - 1)/2 (the "negative" half), else 0. */
int sl_secp256k1_sc_is_high(const sl_secp256k1_sc *a);

/* The GLV decomposition for the endomorphism lambda (lambda^3 == 1 mod n,
 * lambda (x, y) = (beta x, y)): r1 + lambda r2 == k (mod n) with each of r1,
 * r2 either < 2^128 or > n - 2^128 (then -r mod n < 2^128). The lattice
 * constants and the rounding c = round(k g / 2^384) are those of
 * bitcoin-core/secp256k1 src/scalar_impl.h (secp256k1_scalar_split_lambda).
 * Constant time. r1, r2 must not alias k. */
void sl_secp256k1_sc_split_lambda(sl_secp256k1_sc *r1, sl_secp256k1_sc *r2, const sl_secp256k1_sc *k);

/* lambda, the cube root of unity mod n used by split_lambda. */
extern const sl_secp256k1_sc sl_secp256k1_sc_lambda;

#endif
