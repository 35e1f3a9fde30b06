/* Scalars mod L = 2^252 + 27742317777372353535851937790883648493, the order of
 * the edwards25519 base point (RFC 8032 5.1). Four 64-bit little-endian limbs,
 * always fully reduced (< L) on output; every function expects reduced input.
 * Internal header (engine/ec). All functions are constant-time; outputs may
 * alias inputs. */
#ifndef SLUICE_EC_ED25519_SCALAR_H
#define SLUICE_EC_ED25519_SCALAR_H

#include <stdint.h>

typedef struct { uint64_t v[4]; } sl_ed25519_sc;

/* Loads a 32-byte little-endian value and reduces it mod L. Returns 1 if the
 * value was >= L (the strict RFC 8032 check on S rejects such encodings), 0
 * if it was already canonical. */
int sl_ed25519_sc_set_b32(sl_ed25519_sc *r, const uint8_t b[32]);
/* r = (64-byte little-endian value) mod L: the SHA-512 digest reduction of
 * RFC 8032 5.1.6 / 5.1.7. */
void sl_ed25519_sc_set_b64(sl_ed25519_sc *r, const uint8_t b[64]);
/* r = (s c) mod L for any 256-bit s (32 little-endian bytes, not reduced
 * first) and any 128-bit c (16 little-endian bytes): one reduction of the
 * 384-bit product instead of reducing s, c and the product. */
void sl_ed25519_sc_mul_b32_b16(sl_ed25519_sc *r, const uint8_t s[32], const uint8_t c[16]);
/* Writes the reduced value as 32 little-endian bytes. */
void sl_ed25519_sc_get_b32(uint8_t b[32], const sl_ed25519_sc *a);
void sl_ed25519_sc_set_u64(sl_ed25519_sc *r, uint64_t x);

void sl_ed25519_sc_add(sl_ed25519_sc *r, const sl_ed25519_sc *a, const sl_ed25519_sc *b);
void sl_ed25519_sc_sub(sl_ed25519_sc *r, const sl_ed25519_sc *a, const sl_ed25519_sc *b);
void sl_ed25519_sc_neg(sl_ed25519_sc *r, const sl_ed25519_sc *a);
void sl_ed25519_sc_mul(sl_ed25519_sc *r, const sl_ed25519_sc *a, const sl_ed25519_sc *b);
/* r = a^(L-2) = 1/a (Fermat, L is prime); 1/0 gives 0. */
void sl_ed25519_sc_inv(sl_ed25519_sc *r, const sl_ed25519_sc *a);

int sl_ed25519_sc_is_zero(const sl_ed25519_sc *a);
int sl_ed25519_sc_equal(const sl_ed25519_sc *a, const sl_ed25519_sc *b);

#endif
