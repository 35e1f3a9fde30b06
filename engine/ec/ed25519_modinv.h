/* Variable-time inversion modulo p = 2^255 - 19 by Bernstein and Yang's
 * "safegcd" ("Fast constant-time gcd computation and modular inversion",
 * 2019) in the variable-time form with batches of 62 divsteps of
 * bitcoin-core/secp256k1 (src/modinv64_impl.h, secp256k1_modinv64_var, and
 * its doc/safegcd_implementation.md), written here for the edwards25519
 * field. Several times faster than the Fermat chain a^(p-2) of
 * sl_ed25519_fe_inv, but its running time depends on the value: for public
 * data only (signature verification). Internal header (engine/ec). */
#ifndef SLUICE_EC_ED25519_MODINV_H
#define SLUICE_EC_ED25519_MODINV_H

#include "ed25519_field.h"

/* r = 1/a mod p for any a in the loose bounds of ed25519_field.h (reduced
 * first); 1/0 gives 0, as sl_ed25519_fe_inv. Output tight (fully reduced).
 * r may alias a. */
void sl_ed25519_fe_inv_var(sl_ed25519_fe *r, const sl_ed25519_fe *a);

#endif
