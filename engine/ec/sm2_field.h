/* Field arithmetic modulo the SM2 prime (GM/T 0003.5-2012, curve sm2p256v1):
 *   p = 2^256 - 2^224 - 2^96 + 2^64 - 1
 *     = FFFFFFFE FFFFFFFF FFFFFFFF FFFFFFFF FFFFFFFF 00000000 FFFFFFFF FFFFFFFF.
 *
 * Representation: four 64-bit limbs, least significant first (v[0] holds bits
 * 0..63), holding the MONTGOMERY form of the value: the limbs of a R mod p
 * with R = 2^256, so that a multiplication is a Montgomery product (see
 * sm2_field_impl.h). The limbs are therefore NOT the plain value: build
 * elements only with set_b32 / set_u64 / the arithmetic below and read them
 * with get_b32 / is_odd, never by writing or reading limbs. Invariant: every
 * sl_sm2_fe is FULLY REDUCED (limbs in [0, p)), so equal values have equal
 * limbs (memcmp and equal agree). Outputs may alias inputs.
 *
 * All functions are constant-time in their inputs' values unless the name
 * ends in _var (none here). Internal header (engine/ec). */
#ifndef SLUICE_EC_SM2_FIELD_H
#define SLUICE_EC_SM2_FIELD_H

#include <stddef.h>
#include <stdint.h>

typedef struct { uint64_t v[4]; } sl_sm2_fe;

/* Reads 32 big-endian bytes. Returns 1 and sets *r if the value is < p;
 * returns 0 (and sets *r to 0) if the value is >= p (not canonical). */
int sl_sm2_fe_set_b32(sl_sm2_fe *r, const uint8_t in[32]);
/* Writes the canonical value as 32 big-endian bytes. */
void sl_sm2_fe_get_b32(uint8_t out[32], const sl_sm2_fe *a);
/* r = x (any 64-bit value is < p). */
void sl_sm2_fe_set_u64(sl_sm2_fe *r, uint64_t x);

/* r = a + b mod p. */
void sl_sm2_fe_add(sl_sm2_fe *r, const sl_sm2_fe *a, const sl_sm2_fe *b);
/* r = a - b mod p. */
void sl_sm2_fe_sub(sl_sm2_fe *r, const sl_sm2_fe *a, const sl_sm2_fe *b);
/* r = -a mod p (0 stays 0). */
void sl_sm2_fe_neg(sl_sm2_fe *r, const sl_sm2_fe *a);
/* r = a * b mod p. */
void sl_sm2_fe_mul(sl_sm2_fe *r, const sl_sm2_fe *a, const sl_sm2_fe *b);
/* r = a^2 mod p. */
void sl_sm2_fe_sqr(sl_sm2_fe *r, const sl_sm2_fe *a);
/* r = a * m mod p for a small factor m (any uint32_t). */
void sl_sm2_fe_mul_small(sl_sm2_fe *r, const sl_sm2_fe *a, uint32_t m);
/* r = a^(p-2) mod p, the inverse of a (constant-time fixed addition chain);
 * r = 0 when a = 0. */
void sl_sm2_fe_inv(sl_sm2_fe *r, const sl_sm2_fe *a);
/* If a is a square mod p, sets r to a square root (a^((p+1)/4), valid since
 * p = 3 mod 4) and returns 1; otherwise returns 0 and r holds
 * a^((p+1)/4), which is then not a root. Constant-time. sqrt(0) = 0 (returns 1). */
int sl_sm2_fe_sqrt(sl_sm2_fe *r, const sl_sm2_fe *a);

/* 1 if a == 0. */
int sl_sm2_fe_is_zero(const sl_sm2_fe *a);
/* 1 if a == b. */
int sl_sm2_fe_equal(const sl_sm2_fe *a, const sl_sm2_fe *b);
/* 1 if the canonical value of a is odd. */
int sl_sm2_fe_is_odd(const sl_sm2_fe *a);
/* If flag (0 or 1) is 1, *r = *a; otherwise *r is left unchanged. */
void sl_sm2_fe_cmov(sl_sm2_fe *r, const sl_sm2_fe *a, int flag);

/* Montgomery's trick: r[i] = a[i]^-1 for i < n with one field inversion and
 * 3(n-1) multiplications. Zero elements are skipped: r[i] = 0 where a[i] = 0,
 * and they do not spoil the others. Constant-time (zeros handled by cmov).
 * r and a must not overlap (r holds prefix products during the call). */
void sl_sm2_fe_batch_inv(sl_sm2_fe *r, const sl_sm2_fe *a, size_t n);

#endif
