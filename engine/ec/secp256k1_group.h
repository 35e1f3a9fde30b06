/* The secp256k1 group (SEC 2 v2 2.4.1: y^2 = x^3 + 7 over F_p, prime order n,
 * generator G): affine and Jacobian points, the GLV endomorphism
 * lambda (x, y) = (beta x, y), wNAF recoding, a fixed table of odd multiples
 * of G built once, Strauss for one variable point plus G (single
 * verification) and Pippenger for many points (batch verification).
 * Inversions here are variable time (safegcd, secp256k1_modinv.h).
 * Internal header of the engine (engine/ec).
 *
 * Everything here works on public data and is variable time (*_var).
 * Field elements are fully reduced (secp256k1_field.h). Formulas: the
 * Explicit-Formulas Database (hyperelliptic.org/EFD, short Weierstrass a = 0,
 * Jacobian: dbl-2009-l, madd-2007-bl style mixed addition, add-2007-bl
 * style addition); the "global Z" odd-multiples table and the z-inverse
 * addition follow bitcoin-core/secp256k1 src/ecmult_impl.h and src/group_impl.h. */
#ifndef SLUICE_EC_SECP256K1_GROUP_H
#define SLUICE_EC_SECP256K1_GROUP_H

#include <stddef.h>
#include <stdint.h>

#include "secp256k1_field.h"
#include "secp256k1_scalar.h"

/* An affine point (never the point at infinity). */
typedef struct {
    sl_secp256k1_fe x, y;
} sl_secp256k1_ge;

/* A Jacobian point (x/z^2, y/z^3); inf = 1 means the point at infinity (the
 * coordinates are then meaningless). */
typedef struct {
    sl_secp256k1_fe x, y, z;
    int inf;
} sl_secp256k1_gej;

/* A 128-bit magnitude with a sign: the halves of a GLV split, or a batch
 * randomizer. Value = (neg ? -1 : 1) * (v[0] + 2^64 v[1]). */
typedef struct {
    uint64_t v[2];
    int neg;
} sl_secp256k1_sc128;

/* beta, the cube root of unity mod p with lambda (x, y) = (beta x, y). */
extern const sl_secp256k1_fe sl_secp256k1_beta;
/* The generator G (SEC 2 v2 2.4.1). */
extern const sl_secp256k1_ge sl_secp256k1_g;

/* Window of the fixed-base table: SL_SECP256K1_G_TABLE = 2^(W-2) odd multiples
 * (2k + 1) G in affine form (64 bytes each: 512 KiB for W = 15). */
#define SL_SECP256K1_G_WINDOW 15
#define SL_SECP256K1_G_TABLE (1 << (SL_SECP256K1_G_WINDOW - 2))
/* The table, computed on first use (pthread_once) and never written again. */
const sl_secp256k1_ge *sl_secp256k1_g_table(void);

/* r = the point with x coordinate x and even y (BIP340 lift_x). Returns 1, or
 * 0 if x^3 + 7 is not a square (r is then unchanged). */
int sl_secp256k1_ge_set_x_even_var(sl_secp256k1_ge *r, const sl_secp256k1_fe *x);
/* lift_x of n x coordinates at once (several square roots interleaved):
 * ok[i] = sl_secp256k1_ge_set_x_even_var(&r[i], &x[i]) for i < n (r[i] is
 * unspecified where ok[i] == 0). */
void sl_secp256k1_ge_set_x_even_many_var(sl_secp256k1_ge *r, int *ok, const sl_secp256k1_fe *x,
                                         size_t n);
/* 1 if y^2 == x^3 + 7. */
int sl_secp256k1_ge_on_curve_var(const sl_secp256k1_ge *a);

void sl_secp256k1_gej_set_ge(sl_secp256k1_gej *r, const sl_secp256k1_ge *a);
/* r = affine form of a (one field inversion). Returns 0 if a is infinity. */
int sl_secp256k1_ge_set_gej_var(sl_secp256k1_ge *r, const sl_secp256k1_gej *a);
/* r = 2a (r may alias a). */
void sl_secp256k1_gej_double_var(sl_secp256k1_gej *r, const sl_secp256k1_gej *a);
/* r = a + b with b affine (all cases: infinity, a == b, a == -b). */
void sl_secp256k1_gej_add_ge_var(sl_secp256k1_gej *r, const sl_secp256k1_gej *a,
                                 const sl_secp256k1_ge *b);
/* r = a + b (all cases). */
void sl_secp256k1_gej_add_var(sl_secp256k1_gej *r, const sl_secp256k1_gej *a,
                              const sl_secp256k1_gej *b);

/* r = k a by plain double-and-add over the 256 bits of k: a slow reference
 * for tests and for the CPU model of the accelerator check. */
void sl_secp256k1_ecmult_ref_var(sl_secp256k1_gej *r, const sl_secp256k1_gej *a,
                                 const sl_secp256k1_sc *k);

/* k = k1 + lambda k2 (mod n) with |k1|, |k2| < 2^128 (sl_secp256k1_sc_split_lambda). */
void sl_secp256k1_split128(sl_secp256k1_sc128 *k1, sl_secp256k1_sc128 *k2,
                           const sl_secp256k1_sc *k);

/* Width-w NAF of a 128-bit magnitude (2 <= w <= 16): out[i] is 0 or odd with
 * |out[i]| < 2^(w-1), k = sum out[i] 2^i. out must hold 130 entries. Returns
 * the length (index of the top nonzero digit + 1; 0 for k = 0). */
int sl_secp256k1_wnaf_var(int *out, const uint64_t k[2], int w);

/* Odd multiples of a on one isomorphic curve ("global Z", after
 * bitcoin-core/secp256k1 secp256k1_ecmult_odd_multiples_table and
 * secp256k1_ge_table_set_globalz): tab[k] = (x, y) with (2k + 1) a =
 * (x / zg^2, y / zg^3), for k < m (m >= 1). No field inversion. */
void sl_secp256k1_odd_multiples_var(sl_secp256k1_ge *tab, sl_secp256k1_fe *zg,
                                    const sl_secp256k1_ge *a, size_t m);

/* Strauss-Shamir with GLV for single verification: r = kp P + kg G, where
 * ptab holds the 2^(wp-2) odd multiples of P on the curve of global Z zg
 * (sl_secp256k1_odd_multiples_var), 2 <= wp <= 12. r is in true Jacobian
 * coordinates. */
void sl_secp256k1_ecmult_var(sl_secp256k1_gej *r, const sl_secp256k1_ge *ptab,
                             const sl_secp256k1_fe *zg, int wp, const sl_secp256k1_sc *kp,
                             const sl_secp256k1_sc *kg);

/* r = kp P + kg G for an affine P seen once: the same as
 * sl_secp256k1_odd_multiples_var with window SL_SECP256K1_POINT_WINDOW
 * followed by sl_secp256k1_ecmult_var, with the small table kept in the
 * working limb form on the stack (no conversions, no heap). */
#define SL_SECP256K1_POINT_WINDOW 5
void sl_secp256k1_ecmult_point_var(sl_secp256k1_gej *r, const sl_secp256k1_ge *p,
                                   const sl_secp256k1_sc *kp, const sl_secp256k1_sc *kg);

/* Multi-scalar multiplication r = sum k[i] pts[i] for affine points and
 * 128-bit magnitudes (signs are folded into the points by the caller):
 * Pippenger's bucket method with signed digits: Jacobian buckets below 128
 * points, affine buckets summed pairwise with one batched inversion per
 * round from 128 points on. Returns 1, or 0 if memory for the tables could
 * not be allocated (r is then undefined). */
int sl_secp256k1_msm_var(sl_secp256k1_gej *r, const sl_secp256k1_ge *pts, const uint64_t (*k)[2],
                         size_t n);

/* The affine Pippenger of sl_secp256k1_msm_var split into independent tasks,
 * for threads: one per (window, range of the window's buckets). Usage:
 *   plan = sl_secp256k1_msm_plan_new(n, parts)   NULL: out of memory, or
 *                                                n = 0 or n >= 2^32;
 *   sl_secp256k1_msm_plan_set(plan, lo, hi, pts, k) for ranges covering
 *       [0, n) (pts and k indexed from 0; disjoint ranges may be set from
 *       different threads at once);
 *   sl_secp256k1_msm_plan_run(plan, t, scratch) once for every task
 *       t < sl_secp256k1_msm_plan_tasks(plan), in any order, from any
 *       threads, each thread with its own scratch (0: out of memory);
 *   sl_secp256k1_msm_plan_finish(&r, plan): r = sum k[i] pts[i].
 * parts (>= 1) splits each window's buckets into that many ranges: more
 * tasks of less work each, for balance between threads. The result equals
 * sl_secp256k1_msm_var's for any parts. A plan adds points on eight AVX-512
 * IFMA lanes where the CPU has them (secp256k1_affine8.h);
 * sl_secp256k1_msm_plan_lanes(plan, 0) makes it use the scalar reference
 * (before any task runs; returns whether the lanes are used). */
typedef struct sl_secp256k1_msm_plan sl_secp256k1_msm_plan;
typedef struct {
    void *mem;  /* grown as tasks need; start as {NULL, 0} */
    size_t cap;
} sl_secp256k1_msm_scratch;
sl_secp256k1_msm_plan *sl_secp256k1_msm_plan_new(size_t n, int parts);
void sl_secp256k1_msm_plan_set(sl_secp256k1_msm_plan *p, size_t lo, size_t hi,
                               const sl_secp256k1_ge *pts, const uint64_t (*k)[2]);
int sl_secp256k1_msm_plan_lanes(sl_secp256k1_msm_plan *p, int on);
size_t sl_secp256k1_msm_plan_tasks(const sl_secp256k1_msm_plan *p);
int sl_secp256k1_msm_plan_run(sl_secp256k1_msm_plan *p, size_t task,
                              sl_secp256k1_msm_scratch *s);
void sl_secp256k1_msm_plan_finish(sl_secp256k1_gej *r, const sl_secp256k1_msm_plan *p);
void sl_secp256k1_msm_plan_free(sl_secp256k1_msm_plan *p);
void sl_secp256k1_msm_scratch_free(sl_secp256k1_msm_scratch *s);

#endif
