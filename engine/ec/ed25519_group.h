/* The edwards25519 group (RFC 8032 5.1: -x^2 + y^2 = 1 + d x^2 y^2 over
 * GF(2^255 - 19), d = -121665/121666, base point B with y = 4/5 and even x)
 * in extended twisted Edwards coordinates (Hisil, Wong, Carter, Dawson,
 * "Twisted Edwards Curves Revisited", ASIACRYPT 2008): (X:Y:Z:T) with
 * x = X/Z, y = Y/Z, xy = T/Z. The a = -1 addition and doubling formulas are
 * complete on this curve (d is not a square), so no input is exceptional.
 *
 * Everything here works on public data and is variable-time (_var). Where
 * the CPU has AVX-512 IFMA (ed25519_ifma.h), the scalar multiplications do
 * four field products at a time; the results are the same points. Input
 * points must have tight limbs (ed25519_field.h), as every point made here
 * (decoded, or computed) has.
 * Internal header (engine/ec). */
#ifndef SLUICE_EC_ED25519_GROUP_H
#define SLUICE_EC_ED25519_GROUP_H

#include <stddef.h>
#include <stdint.h>

#include "ed25519_field.h" /* same folder: also includable from tests */

typedef struct { sl_ed25519_fe X, Y, Z, T; } sl_ed25519_ge;
/* A point prepared as an addend: (Y+X, Y-X, Z, 2dT). */
typedef struct { sl_ed25519_fe ypx, ymx, z, t2d; } sl_ed25519_ge_cached;
/* An affine addend (Z = 1): (y+x, y-x, 2dxy). */
typedef struct { sl_ed25519_fe ypx, ymx, xy2d; } sl_ed25519_ge_niels;

/* Decodes 32 bytes exactly as Bytom v1.1.1's Go edwards25519
 * ExtendedGroupElement.FromBytes (ref10 ge_frombytes): y is the low 255 bits
 * REDUCED mod p (so y in [p, 2^255) is accepted as y - p), x is the root of
 * x^2 = (y^2 - 1)/(d y^2 + 1) whose parity is bit 255 (x = 0 with bit 255 set
 * is accepted as x = 0). Returns 1 and the point, or 0 if there is no root. */
int sl_ed25519_ge_decode_var(sl_ed25519_ge *r, const uint8_t b[32]);
/* Two decodings at once (their square roots interleaved, about the time of
 * 1.3 decodings): ok[i] and r[i] as sl_ed25519_ge_decode_var(&r[i], b_i)
 * would give (r[i] is unspecified where ok[i] is 0). */
void sl_ed25519_ge_decode2_var(int ok[2], sl_ed25519_ge r[2], const uint8_t b0[32],
                               const uint8_t b1[32]);
/* Four decodings at once (the four square roots in the IFMA lanes where
 * sl_ed25519_ifma_supported(), else two decode2 calls): ok[i] and r[i] as
 * sl_ed25519_ge_decode_var(&r[i], b[i]) would give (r[i] unspecified where
 * ok[i] is 0). */
void sl_ed25519_ge_decode4_var(int ok[4], sl_ed25519_ge r[4], const uint8_t *const b[4]);
/* The same with the IFMA lanes off (use_ifma = 0: two scalar decode2's) or
 * on (1, only where sl_ed25519_ifma_supported()). Exposed for the tests. */
void sl_ed25519_ge_decode4_impl_var(int ok[4], sl_ed25519_ge r[4], const uint8_t *const b[4],
                                    int use_ifma);
/* n decodings (any n): ok[i] and r[i] as sl_ed25519_ge_decode_var(&r[i],
 * b[i]) would give (r[i] unspecified where ok[i] is 0), the square roots
 * side by side: eight at a time in the 512-bit IFMA lanes where use_ifma
 * (only where sl_ed25519_ifma_supported()), a last group of up to four in
 * the 256-bit ones; else two at a time interleaved. The _var form picks by
 * the CPU. */
void sl_ed25519_ge_decode_n_impl_var(int *ok, sl_ed25519_ge *r, const uint8_t *const *b, size_t n,
                                     int use_ifma);
void sl_ed25519_ge_decode_n_var(int *ok, sl_ed25519_ge *r, const uint8_t *const *b, size_t n);
/* 1 if the 32 bytes are the canonical encoding of the point they decode to
 * (y < p and not x = 0 with bit 255 set); encode() only produces these. */
int sl_ed25519_ge_encoding_canonical(const uint8_t b[32]);
/* Canonical encoding: y (< p) little-endian with the parity of x in bit 255.
 * Variable-time (the inversion is safegcd's): public points only. */
void sl_ed25519_ge_encode(uint8_t b[32], const sl_ed25519_ge *p);

/* b[i] = encode(p[i]) for n points (n <= 8) with one inversion
 * (Montgomery's trick over the Z's, safegcd): the same bytes. */
void sl_ed25519_ge_encode_n(uint8_t (*b)[32], const sl_ed25519_ge *p, size_t n);

void sl_ed25519_ge_identity(sl_ed25519_ge *r);
/* The base point B. */
void sl_ed25519_ge_base(sl_ed25519_ge *r);
void sl_ed25519_ge_neg(sl_ed25519_ge *r, const sl_ed25519_ge *p);
void sl_ed25519_ge_add(sl_ed25519_ge *r, const sl_ed25519_ge *p, const sl_ed25519_ge *q);
void sl_ed25519_ge_dbl(sl_ed25519_ge *r, const sl_ed25519_ge *p);
void sl_ed25519_ge_to_cached(sl_ed25519_ge_cached *r, const sl_ed25519_ge *p);
int sl_ed25519_ge_is_identity_var(const sl_ed25519_ge *p);
int sl_ed25519_ge_equal_var(const sl_ed25519_ge *p, const sl_ed25519_ge *q);
/* r = [n]p for a little-endian 32-byte n, the whole 256-bit integer (not
 * reduced mod anything): sliding window. */
void sl_ed25519_ge_scalarmul_var(sl_ed25519_ge *r, const uint8_t n[32], const sl_ed25519_ge *p);

/* 1 iff [L]p = O, i.e. p lies in the prime-order subgroup (no component in
 * the 8-torsion): an exact test, [L]p by a fixed signed-window chain of
 * L = 2^252 + 27742317777372353535851937790883648493 (about 253 doublings
 * and 21 additions). */
int sl_ed25519_ge_torsion_free_var(const sl_ed25519_ge *p);

/* Signed window-w NAF of a 256-bit little-endian integer: naf[i] odd in
 * (-2^(w-1), 2^(w-1)) or 0, sum naf[i] 2^i = n. Needs 257 entries. Returns the
 * index of the highest non-zero digit + 1 (0 for n = 0). 2 <= w <= 8. */
int sl_ed25519_wnaf(int8_t naf[257], const uint8_t n[32], int w);

/* r = [s]B + [k]A (Strauss–Shamir, one shared chain of doublings): window 5
 * for A (a table built here), window 8 for B (the static table). s and k are
 * any 256-bit integers (s is not reduced: [s]B = [s mod L]B). */
void sl_ed25519_double_scalarmul_var(sl_ed25519_ge *r, const uint8_t s[32], const uint8_t k[32],
                                     const sl_ed25519_ge *A);

/* r = [b]B + (-1)^neg0 [n0]P0 + (-1)^neg1 [n1]P1 for any 256-bit integers
 * b, n0, n1 (b is used as an integer: [b]B = [b mod L]B). One shared chain of
 * max(128, bitlen(n0), bitlen(n1)) doublings (when b < 2^256 - 2^128): the
 * base scalar is split at bit 128 over the tables of B and 2^128 B (window
 * 8), P0 and P1 get window-5 tables built here. Meant for the half-size
 * scalars of ed25519_lattice.h. */
void sl_ed25519_base_two_scalarmul_var(sl_ed25519_ge *r, const uint8_t b[32], const uint8_t n0[32],
                                       const sl_ed25519_ge *P0, int neg0, const uint8_t n1[32],
                                       const sl_ed25519_ge *P1, int neg1);

/* The same with the AVX-512 IFMA steps (ed25519_ifma.h) off (use_ifma = 0)
 * or on (1, allowed only where sl_ed25519_ifma_supported()); the function
 * above picks by the CPU. Exposed so that tests check both. */
void sl_ed25519_base_two_scalarmul_impl_var(sl_ed25519_ge *r, const uint8_t b[32],
                                            const uint8_t n0[32], const sl_ed25519_ge *P0,
                                            int neg0, const uint8_t n1[32],
                                            const sl_ed25519_ge *P1, int neg1, int use_ifma);

/* tab[i] = (2i+1) p for i < m (m >= 1) as cached points, with the IFMA
 * steps (use_ifma = 1, only where sl_ed25519_ifma_supported()) or without:
 * the window tables of the scalar multiplications here. */
void sl_ed25519_ge_odd_multiples_var(sl_ed25519_ge_cached *tab, int m, const sl_ed25519_ge *p,
                                     int use_ifma);

/* Per-key tables for cached keys: odd multiples 1..2^(W-1)-1 of 2^(64j) A,
 * j = 0..3, so that [k]A needs only 64 doublings. */
#define SL_ED25519_KEYTAB_W 5
#define SL_ED25519_KEYTAB_N (1 << (SL_ED25519_KEYTAB_W - 2))
typedef struct { sl_ed25519_ge_cached t[4][SL_ED25519_KEYTAB_N]; } sl_ed25519_keytab;
void sl_ed25519_keytab_build(sl_ed25519_keytab *t, const sl_ed25519_ge *A);
/* r = [s]B + [k]A with k, s < 2^255 using the key's tables (64 doublings).
 * When neg_a is 1, computes [s]B - [k]A. */
void sl_ed25519_double_scalarmul_keytab_var(sl_ed25519_ge *r, const uint8_t s[32],
                                            const uint8_t k[32], const sl_ed25519_keytab *t,
                                            int neg_a);
/* keytab_build and double_scalarmul_keytab with the IFMA steps off
 * (use_ifma = 0) or on (1, only where sl_ed25519_ifma_supported()); the
 * functions above pick by the CPU. Exposed so that tests check both. */
void sl_ed25519_keytab_build_impl(sl_ed25519_keytab *t, const sl_ed25519_ge *A, int use_ifma);
void sl_ed25519_double_scalarmul_keytab_impl_var(sl_ed25519_ge *r, const uint8_t s[32],
                                                 const uint8_t k[32], const sl_ed25519_keytab *t,
                                                 int neg_a, int use_ifma);

/* The static base tables: entry i of table j (j < 4, i < 64) is
 * (2i+1) 2^(64j) B in affine form (window 8), built once on first use. */
#define SL_ED25519_BASE_W 8
const sl_ed25519_ge_niels *sl_ed25519_base_table(int j);

/* One term of a multi-scalar multiplication. */
typedef struct {
    const sl_ed25519_keytab *tab; /* if not NULL: the point's 4-way tables */
    const sl_ed25519_ge *p;       /* else: the point itself */
    uint8_t n[32];                /* little-endian scalar < 2^255 */
    int neg;                      /* 1: the term is subtracted */
} sl_ed25519_msm_term;
/* r = [b]B + sum (-1)^neg_i [n_i] P_i, b < 2^255 (Strauss, shared doublings:
 * 64 of them when every term has tables, 128 when the scalars of the terms
 * without tables are < 2^128, else 256; points without tables get a window-5
 * table built here; terms go in chunks of 64 to bound memory). */
void sl_ed25519_msm_var(sl_ed25519_ge *r, const uint8_t b[32], const sl_ed25519_msm_term *terms,
                        size_t n);

#endif
