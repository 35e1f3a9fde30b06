/* Arithmetic in the base field of secp256k1, p = 2^256 - 2^32 - 977
 * (SEC 2 v2, section 2.4.1). Internal header of the engine (engine/ec).
 *
 * Representation: four 64-bit limbs, little-endian limb order (v[0] is the
 * least significant). Invariant: every element produced by these functions is
 * FULLY REDUCED (0 <= value < p), and every function requires fully reduced
 * inputs. This keeps is_zero / equal / is_odd / get_b32 trivial; the cost is a
 * constant-time conditional subtraction at the end of add / mul / sqr.
 *
 * Products use unsigned __int128; reduction folds the high half with
 * 2^256 == 0x1000003D1 (mod p), as in bitcoin-core/secp256k1's field code.
 * All functions are constant time in the values unless named *_var.
 * Outputs may alias inputs. */
#ifndef SLUICE_EC_SECP256K1_FIELD_H
#define SLUICE_EC_SECP256K1_FIELD_H

#include <stddef.h>
#include <stdint.h>

typedef struct {
    uint64_t v[4];
} sl_secp256k1_fe;

/* Reads a 32-byte big-endian value. Returns 1 if it is canonical (< p); returns
 * 0 if it is >= p, in which case r holds the value reduced mod p. */
int sl_secp256k1_fe_set_b32(sl_secp256k1_fe *r, const uint8_t in[32]);
/* Writes the canonical 32-byte big-endian encoding of a. */
void sl_secp256k1_fe_get_b32(uint8_t out[32], const sl_secp256k1_fe *a);
/* r = x (any 64-bit x is < p). */
void sl_secp256k1_fe_set_u64(sl_secp256k1_fe *r, uint64_t x);

/* r = a + b mod p. */
void sl_secp256k1_fe_add(sl_secp256k1_fe *r, const sl_secp256k1_fe *a, const sl_secp256k1_fe *b);
/* r = a - b mod p. */
void sl_secp256k1_fe_sub(sl_secp256k1_fe *r, const sl_secp256k1_fe *a, const sl_secp256k1_fe *b);
/* r = -a mod p (0 maps to 0). */
void sl_secp256k1_fe_neg(sl_secp256k1_fe *r, const sl_secp256k1_fe *a);
/* r = a * b mod p. */
void sl_secp256k1_fe_mul(sl_secp256k1_fe *r, const sl_secp256k1_fe *a, const sl_secp256k1_fe *b);
/* r = a^2 mod p. */
void sl_secp256k1_fe_sqr(sl_secp256k1_fe *r, const sl_secp256k1_fe *a);
/* r = a * k mod p for any 64-bit k (e.g. the curve constant 7, or 3 for doubling). */
void sl_secp256k1_fe_mul_small(sl_secp256k1_fe *r, const sl_secp256k1_fe *a, uint64_t k);

/* r = a^(p-2) = 1/a mod p (constant-time exponentiation); inv(0) = 0. */
void sl_secp256k1_fe_inv(sl_secp256k1_fe *r, const sl_secp256k1_fe *a);
/* r = a^((p+1)/4), a square root of a (p = 3 mod 4). Returns 1 if a is a square
 * (then r*r == a); returns 0 if not (r then holds a root of -a). Constant time.
 * Which of the two roots is returned is unspecified; use is_odd to choose. */
int sl_secp256k1_fe_sqrt(sl_secp256k1_fe *r, const sl_secp256k1_fe *a);
/* Montgomery's batch inversion: out[i] = 1/in[i] for i < n, with one inversion
 * and 3(n-1) multiplications. Zero elements give zero outputs and do not affect
 * the others. out and in must not overlap (out holds prefix products meanwhile).
 * Constant time in the values (not in n). */
void sl_secp256k1_fe_batch_inv(sl_secp256k1_fe *out, const sl_secp256k1_fe *in, size_t n);

/* 1 if a == 0, else 0. */
int sl_secp256k1_fe_is_zero(const sl_secp256k1_fe *a);
/* 1 if a == b, else 0. */
int sl_secp256k1_fe_equal(const sl_secp256k1_fe *a, const sl_secp256k1_fe *b);
/* 1 if the canonical value of a is odd. */
int sl_secp256k1_fe_is_odd(const sl_secp256k1_fe *a);
/* r = flag ? a : r, flag in {0, 1}, without branching on flag. */
void sl_secp256k1_fe_cmov(sl_secp256k1_fe *r, const sl_secp256k1_fe *a, int flag);

#endif
