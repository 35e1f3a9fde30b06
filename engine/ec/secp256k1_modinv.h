/* Variable-time modular inversion modulo the secp256k1 field prime p by
 * Bernstein and Yang's "safegcd" (divsteps, "Fast constant-time gcd
 * computation and modular inversion", 2019), in the variable-time form with
 * batches of 62 divsteps used by bitcoin-core/secp256k1 (src/modinv64_impl.h,
 * secp256k1_modinv64_var; explained in its doc/safegcd_implementation.md).
 * About three times faster than the Fermat chain a^(p-2). For public data
 * only (the running time depends on the value). Internal header of the
 * engine (engine/ec). */
#ifndef SLUICE_EC_SECP256K1_MODINV_H
#define SLUICE_EC_SECP256K1_MODINV_H

#include "secp256k1_field.h"

/* r = 1/a mod p for a fully reduced a; inv(0) = 0. r may alias a. */
void sl_secp256k1_fe_inv_var(sl_secp256k1_fe *r, const sl_secp256k1_fe *a);

#endif
