/* Scalar arithmetic modulo the order of the SM2 base point (GM/T 0003.5-2012):
 *   n = FFFFFFFE FFFFFFFF FFFFFFFF FFFFFFFF 7203DF6B 21C6052B 53BBF409 39D54123.
 *
 * Representation: four 64-bit limbs, least significant first, always FULLY
 * REDUCED (value in [0, n)); every function requires reduced inputs and
 * produces reduced outputs. Values are held in plain (not Montgomery) form;
 * Montgomery reduction is used only inside mul/inv/set_b64. Outputs may alias
 * inputs. All functions are constant-time in the values. Internal header. */
#ifndef SLUICE_EC_SM2_SCALAR_H
#define SLUICE_EC_SM2_SCALAR_H

#include <stdint.h>

typedef struct { uint64_t v[4]; } sl_sm2_sc;

/* Reads 32 big-endian bytes and reduces them mod n. Returns 1 if the value
 * was >= n (overflow; *r then holds value - n), 0 otherwise. */
int sl_sm2_sc_set_b32(sl_sm2_sc *r, const uint8_t in[32]);
/* Reads 64 big-endian bytes (a 512-bit value, e.g. a hash output) and
 * reduces it mod n. */
void sl_sm2_sc_set_b64(sl_sm2_sc *r, const uint8_t in[64]);
/* Writes the value as 32 big-endian bytes. */
void sl_sm2_sc_get_b32(uint8_t out[32], const sl_sm2_sc *a);
/* r = x (any 64-bit value is < n). */
void sl_sm2_sc_set_u64(sl_sm2_sc *r, uint64_t x);

/* r = a + b mod n. */
void sl_sm2_sc_add(sl_sm2_sc *r, const sl_sm2_sc *a, const sl_sm2_sc *b);
/* r = a - b mod n. */
void sl_sm2_sc_sub(sl_sm2_sc *r, const sl_sm2_sc *a, const sl_sm2_sc *b);
/* r = -a mod n. */
void sl_sm2_sc_neg(sl_sm2_sc *r, const sl_sm2_sc *a);
/* r = a * b mod n. */
void sl_sm2_sc_mul(sl_sm2_sc *r, const sl_sm2_sc *a, const sl_sm2_sc *b);
/* r = a^(n-2) mod n, the inverse of a (Fermat, n prime); r = 0 when a = 0. */
void sl_sm2_sc_inv(sl_sm2_sc *r, const sl_sm2_sc *a);

/* 1 if a == 0. */
int sl_sm2_sc_is_zero(const sl_sm2_sc *a);
/* 1 if a == b. */
int sl_sm2_sc_equal(const sl_sm2_sc *a, const sl_sm2_sc *b);

#endif
