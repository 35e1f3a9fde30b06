/* The modulus-independent core of the variable-time safegcd inverses
 * (engine/ec/secp256k1_modinv.c, engine/ec/ed25519_modinv.c): Bernstein and
 * Yang's divsteps ("Fast constant-time gcd computation and modular
 * inversion", 2019) in batches of 62 on the low bits of f and g, in the
 * variable-time form of bitcoin-core/secp256k1 (src/modinv64_impl.h,
 * secp256k1_modinv64_divsteps_62_var; doc/safegcd_implementation.md).
 * For public data only. Internal header of the engine (engine/ec). */
#ifndef SLUICE_EC_MODINV62_DIVSTEPS_H
#define SLUICE_EC_MODINV62_DIVSTEPS_H

#include <stdint.h>

/* The transition matrix of 62 divsteps: [f'; g'] 2^62 = [u v; q r] [f; g]. */
typedef struct {
    int64_t u, v, q, r;
} sl_modinv62_trans;

/* 62 divsteps on the low 64 bits f0 (odd) and g0 of f and g, starting from
 * eta (= -delta of Bernstein-Yang); fills t and returns the new eta. A run of
 * zero bits of g is one shift; with g odd, if eta < 0 then (f, g) <- (g, -f)
 * and eta <- -eta, and g gets the multiple w f that clears its low bits,
 * w = -g/f mod 2^k with k at most the steps left and eta + 1, capped at 6 bits
 * after a swap (1/f mod 64 = f (2 - f^2)) and 4 bits otherwise
 * (1/f mod 16 = f + 8 [bit 2 of f + 1]). */
int64_t sl_modinv62_divsteps_var(int64_t eta, uint64_t f0, uint64_t g0, sl_modinv62_trans *t);

#endif
