/* The group of points of sm2p256v1 (GM/T 0003.5-2012): y^2 = x^3 - 3x + b
 * over the SM2 field (sm2_field.h), prime order n, cofactor 1. Only what
 * signature VERIFICATION needs: every function here is variable-time in its
 * inputs (public data only) and named *_var accordingly.
 *
 * Points: affine sl_sm2_ge (never the point at infinity) and Jacobian
 * sl_sm2_gej, (X:Y:Z) = (X/Z^2, Y/Z^3), with an explicit infinity flag.
 *
 * Multi-scalar multiplication is Strauss' interleaving (one doubling chain
 * shared by every scalar) over width-w NAF digit strings ("streams"), each
 * adding odd multiples from an affine table. The fixed base G has
 * SL_SM2_GEN_SPLIT = 8 such tables, for 2^(32k) G (k < 8), built once
 * (pthread_once) on first use, so that s G splits into eight 32-bit chunks
 * sharing one 32-doubling chain. Internal header (engine/ec). */
#ifndef SLUICE_EC_SM2_GROUP_H
#define SLUICE_EC_SM2_GROUP_H

#include <stddef.h>
#include <stdint.h>

#include "sm2_field.h" /* same folder: also includable from tests */

typedef struct { sl_sm2_fe x, y; } sl_sm2_ge;
typedef struct { sl_sm2_fe x, y, z; int inf; } sl_sm2_gej;

/* The curve constant b and the base point G (GM/T 0003.5 / GB/T 32918.5),
 * as field elements (Montgomery-form limbs, see sm2_field.h). */
extern const sl_sm2_fe sl_sm2_curve_b;
extern const sl_sm2_ge sl_sm2_gen;

/* 1 if (x, y) satisfies y^2 = x^3 - 3x + b. */
int sl_sm2_ge_on_curve_var(const sl_sm2_ge *a);
/* Decompression: sets r to the point with this x and y of parity odd (0/1).
 * Returns 0 (r unspecified) when x^3 - 3x + b is not a square. */
int sl_sm2_ge_set_x_var(sl_sm2_ge *r, const sl_sm2_fe *x, int odd);

void sl_sm2_gej_set_ge(sl_sm2_gej *r, const sl_sm2_ge *a);
/* r = 2a (dbl-2001-b, a = -3: 3M + 5S; Bernstein-Lange EFD). r may alias a. */
void sl_sm2_gej_double_var(sl_sm2_gej *r, const sl_sm2_gej *a);
/* r = a + b, b affine (madd-2004-hmv: 8M + 3S, EFD), handling a = O, a = b
 * (doubles) and a = -b (gives O). r may alias a. */
void sl_sm2_gej_add_ge_var(sl_sm2_gej *r, const sl_sm2_gej *a, const sl_sm2_ge *b);
/* r = a + b, both Jacobian (add-1998-cmo-2: 12M + 4S, EFD), handling
 * a = O, b = O, a = b (doubles) and a = -b (gives O). r may alias a. */
void sl_sm2_gej_add_var(sl_sm2_gej *r, const sl_sm2_gej *a, const sl_sm2_gej *b);
/* Affine form of n Jacobian points, none at infinity (one field inversion,
 * Montgomery's trick). Returns 0 if some a[i] is infinite (r unspecified). */
int sl_sm2_ge_set_all_gej_var(sl_sm2_ge *r, const sl_sm2_gej *a, size_t n);

/* out[b * count + i] = (2i + 1) bases[b] for b < nbases, i < count, affine;
 * 1 <= count <= 128, nbases <= 128, no base at infinity. One field
 * inversion for small sets (5 nbases (count - 1) < 256), else two when
 * nbases * count <= 128 (one more per further 128 points). */
void sl_sm2_odd_multiples_var(sl_sm2_ge *out, const sl_sm2_gej *bases, size_t nbases,
                              size_t count);

/* Width-w NAF of the bits-bit number k (4 little-endian limbs, bits <= 256,
 * 2 <= w <= 16): digits[i] (i < bits + 1) is 0 or odd with |d| < 2^(w-1),
 * k = sum digits[i] 2^i, and any two non-zero digits are at least w apart.
 * Returns the number of digits up to the last non-zero one (0 for k = 0). */
int sl_sm2_wnaf_var(int16_t *digits, const uint64_t k[4], int bits, int w);

/* One scalar of a Strauss multiplication: digits[0..len) from
 * sl_sm2_wnaf_var, table[j] = (2j + 1) B for the stream's base B. */
typedef struct {
    const int16_t *digits;
    int len;
    const sl_sm2_ge *table;
} sl_sm2_stream;

/* r = sum over streams of (sum_i digits[i] 2^i) B_stream. */
void sl_sm2_ecmult_strauss_var(sl_sm2_gej *r, const sl_sm2_stream *streams, size_t nstreams);

/* The fixed-base tables: sl_sm2_gen_table(k)[j] = (2j + 1) 2^(32k) G for
 * k < SL_SM2_GEN_SPLIT, j < SL_SM2_GEN_TABLE (window SL_SM2_GEN_WINDOW;
 * 8 x 512 affine points, 256 KiB: about 26 additions for s G instead of
 * 31 with window 9, measured ~4% faster verification). A scalar s is used
 * as the chunks s_k = bits 32k .. 32k+31 (SL_SM2_GEN_CHUNK bits each):
 * s G = sum_k s_k 2^(32k) G. Built on first call, thread-safe, never freed
 * (write-once, then read-only). */
#define SL_SM2_GEN_WINDOW 11
#define SL_SM2_GEN_TABLE (1 << (SL_SM2_GEN_WINDOW - 2))
#define SL_SM2_GEN_SPLIT 8
#define SL_SM2_GEN_CHUNK 32
const sl_sm2_ge *sl_sm2_gen_table(int k);

/* Chunk k (< SL_SM2_GEN_SPLIT) of a 256-bit scalar (4 little-endian limbs):
 * its bits 32k .. 32k+31, as the 4-limb number sl_sm2_wnaf_var takes. */
static inline void sl_sm2_scalar_chunk(uint64_t out[4], const uint64_t k[4], int chunk) {
    out[0] = (k[chunk >> 1] >> (32 * (chunk & 1))) & 0xFFFFFFFFULL;
    out[1] = out[2] = out[3] = 0;
}

#endif
