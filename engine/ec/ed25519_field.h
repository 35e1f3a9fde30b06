/* Field arithmetic mod p = 2^255 - 19 (the base field of edwards25519,
 * RFC 7748 / RFC 8032), 5 limbs of 51 bits, products in unsigned __int128 and
 * reduction by folding 2^255 == 19 (the ref10 layout of Bernstein et al.).
 *
 * Internal header (engine/ec): not part of the public API.
 *
 * Representation: value = v[0] + v[1]*2^51 + v[2]*2^102 + v[3]*2^153 + v[4]*2^204,
 * not necessarily fully reduced. Two bounds are used below:
 *   tight: every limb < 2^52   (what set_b32, set_u64, sub, neg, mul, sqr,
 *                               mul_small, carry, inv, sqrt* and cmov of tight
 *                               inputs produce);
 *   loose: every limb < 2^54   (what add of two inputs with limbs < 2^53
 *                               produces; in particular add of two tight inputs).
 * Every function accepts loose input except add, which needs limbs < 2^53
 * (tight values qualify; the output of an add does not: pass it through
 * sl_ed25519_fe_carry first). Outputs may alias inputs.
 * Everything is constant-time unless the name ends in _var. */
#ifndef SLUICE_EC_ED25519_FIELD_H
#define SLUICE_EC_ED25519_FIELD_H

#include <stddef.h>
#include <stdint.h>

typedef struct { uint64_t v[5]; } sl_ed25519_fe;

/* Loads 32 little-endian bytes, IGNORING bit 255 (the top bit of b[31], which
 * Ed25519 point encodings use as the sign of x; callers read it themselves).
 * Returns 1 if the remaining 255-bit value is < p (canonical), 0 if it is
 * p..2^255-1; in both cases r holds that value (reduced mod p, tight). */
int sl_ed25519_fe_set_b32(sl_ed25519_fe *r, const uint8_t b[32]);
/* Writes the canonical (fully reduced, < p) little-endian value; bit 255 is 0. */
void sl_ed25519_fe_get_b32(uint8_t b[32], const sl_ed25519_fe *a);
void sl_ed25519_fe_set_u64(sl_ed25519_fe *r, uint64_t x);

/* r = a + b without carrying: inputs need limbs < 2^53, output is loose. */
void sl_ed25519_fe_add(sl_ed25519_fe *r, const sl_ed25519_fe *a, const sl_ed25519_fe *b);
/* r = a - b (loose inputs, tight output). */
void sl_ed25519_fe_sub(sl_ed25519_fe *r, const sl_ed25519_fe *a, const sl_ed25519_fe *b);
/* r = -a (loose input, tight output). */
void sl_ed25519_fe_neg(sl_ed25519_fe *r, const sl_ed25519_fe *a);
/* r = a with limbs carried: loose input, tight output, same value mod p. */
void sl_ed25519_fe_carry(sl_ed25519_fe *r, const sl_ed25519_fe *a);
void sl_ed25519_fe_mul(sl_ed25519_fe *r, const sl_ed25519_fe *a, const sl_ed25519_fe *b);
void sl_ed25519_fe_sqr(sl_ed25519_fe *r, const sl_ed25519_fe *a);
/* r = a * k for a small constant k < 2^32 (e.g. 121666 of RFC 7748). */
void sl_ed25519_fe_mul_small(sl_ed25519_fe *r, const sl_ed25519_fe *a, uint32_t k);

/* r = a^(p-2) = 1/a (Fermat); 1/0 gives 0. */
void sl_ed25519_fe_inv(sl_ed25519_fe *r, const sl_ed25519_fe *a);
/* r = a^((p-5)/8) = a^(2^252-3), the exponent of RFC 8032 5.1.3. */
void sl_ed25519_fe_pow22523(sl_ed25519_fe *r, const sl_ed25519_fe *a);
/* RFC 8032 5.1.3 step 3: if u/v has a square root mod p, sets r to the root
 * whose canonical value is even and returns 1; otherwise sets r to 0 and
 * returns 0. With v = 0 there is a root only when u = 0 (then r = 0).
 * Computed as x = u v^3 (u v^7)^((p-5)/8), corrected by sqrt(-1) if v x^2 = -u. */
int sl_ed25519_fe_sqrt_ratio(sl_ed25519_fe *r, const sl_ed25519_fe *u, const sl_ed25519_fe *v);
/* Two independent sqrt_ratio computations at once (ok[i] and r[i] as
 * sqrt_ratio(&r[i], &u[i], &v[i]) would give; r must not overlap u or v):
 * the two exponentiations are interleaved so that their latencies overlap. */
void sl_ed25519_fe_sqrt_ratio_x2(int ok[2], sl_ed25519_fe r[2], const sl_ed25519_fe u[2],
                                 const sl_ed25519_fe v[2]);
/* The same with the AVX-512 IFMA exponentiation (ed25519_ifma.h) off
 * (use_ifma = 0) or on (1, only where sl_ed25519_ifma_supported()); the
 * function above picks by the CPU. Exposed so that tests check both. */
void sl_ed25519_fe_sqrt_ratio_x2_impl(int ok[2], sl_ed25519_fe r[2], const sl_ed25519_fe u[2],
                                      const sl_ed25519_fe v[2], int use_ifma);
/* sqrt_ratio(r, a, 1): the even square root of a, returning 0 if none exists. */
int sl_ed25519_fe_sqrt(sl_ed25519_fe *r, const sl_ed25519_fe *a);

/* Predicates on the canonical value (any loose input). */
int sl_ed25519_fe_is_zero(const sl_ed25519_fe *a);
int sl_ed25519_fe_equal(const sl_ed25519_fe *a, const sl_ed25519_fe *b);
int sl_ed25519_fe_is_odd(const sl_ed25519_fe *a);
/* r = flag ? a : r, flag in {0,1}, without branching on flag. */
void sl_ed25519_fe_cmov(sl_ed25519_fe *r, const sl_ed25519_fe *a, int flag);

/* out[i] = 1/in[i] for i < n with one inversion (Montgomery's trick, 3(n-1)
 * multiplications); zero elements give 0 and do not disturb the others.
 * out and in must not overlap. */
void sl_ed25519_fe_batch_inv(sl_ed25519_fe *out, const sl_ed25519_fe *in, size_t n);

#endif
