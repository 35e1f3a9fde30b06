/* Four independent edwards25519 addition chains run side by side, one per
 * 64-bit slot of AVX-512 IFMA vectors (ed25519_ifma.c), with a plain fe51
 * reference runner for the tests and for CPUs without IFMA.
 *
 * A chain ("lane program") is a list of steps starting from the identity,
 * each a doubling or the addition of a table entry, every step followed by
 * the conversion to extended coordinates (HWCD 2008, section 3, a = -1; the
 * formulas of ed25519_group.c). Lanes may differ in length and in the kind
 * of each step: the vector code evaluates the four products of a doubling
 * (X^2, Y^2, Z^2, (X+Y)^2) or of an addition ((Y1-X1)(Y2-X2), (Y1+X1)(Y2+X2),
 * T1 2dT2, Z1 Z2) per lane, so every slot does useful work at every step;
 * a lane that has finished adds the identity.
 *
 * Use: the key-table check R' = [s]B - [k]A of four signatures at once, one
 * whole 64-doubling chain per lane (about 2x the throughput of the one-lane
 * chain with four-product IFMA steps). Splitting ONE signature's scalars
 * into four 64-bit chunks, lane j computing [s_j](2^(64j) B) +
 * [k_j](2^(64j) A) and the lanes summed at the end, was measured slower
 * than the sequential chain (each lane still does 64 doublings, so the
 * vector steps do about 4x the doubling work; 12.7 vs 11.4 us), and was
 * dropped. Second use: the half-size check of four signatures whose keys
 * have no tables (sl_ed25519_base_two_x4_var, ed25519_lanes_half.c): about
 * 129 doublings per lane, the window tables of A and R built in the lanes
 * as well. Internal header (engine/ec). */
#ifndef SLUICE_EC_ED25519_LANES_H
#define SLUICE_EC_ED25519_LANES_H

#include <stddef.h>
#include <stdint.h>

#include "ed25519_group.h" /* same folder: also includable from tests */

/* One step: kind SL_ED25519_LANE_DBL doubles; SL_ED25519_LANE_CACHED adds
 * (sub = 0) or subtracts (sub = 1) the sl_ed25519_ge_cached at e,
 * SL_ED25519_LANE_NIELS the sl_ed25519_ge_niels at e. e must point to a
 * valid entry of its kind; a doubling's e to a cached entry (such as
 * sl_ed25519_lane_identity), whose values are read and unused. */
enum { SL_ED25519_LANE_DBL = 0, SL_ED25519_LANE_CACHED = 1, SL_ED25519_LANE_NIELS = 2 };
typedef struct {
    const void *e;
    uint8_t kind, sub;
} sl_ed25519_lane_op;

/* An identity addend (Y-X = Y+X = Z = 1, 2dT = 0), for doublings' e. */
extern const sl_ed25519_ge_cached sl_ed25519_lane_identity;
extern const sl_ed25519_fe sl_ed25519_lane_one;

/* q = the four factors op o multiplies with (Y1-X1, Y1+X1, T1, Z1): the
 * entry's Y2-X2, Y2+X2, 2d T2, Z2 (Z2 = 1 for a niels entry), the first two
 * swapped for a subtraction. For a doubling (whose e is a cached entry, see
 * above) the factors are valid pointers into it, unused. Written without
 * branches, with arithmetic on the offsets and a mask for Z2 (the kinds of a
 * chain's steps are random: branches on them mispredict about every other
 * step). The niels layout shares the cached one's first two fields. */
static inline void sl_ed25519_lane_op_factors(const sl_ed25519_fe *q[4],
                                              const sl_ed25519_lane_op *o) {
    const char *e = (const char *)o->e;
    size_t cached = o->kind == SL_ED25519_LANE_CACHED, sub = o->sub & 1;
    const size_t ypx = offsetof(sl_ed25519_ge_cached, ypx);
    const size_t ymx = offsetof(sl_ed25519_ge_cached, ymx);
    const size_t t2d = offsetof(sl_ed25519_ge_cached, t2d);
    const size_t xy2d = offsetof(sl_ed25519_ge_niels, xy2d);
    size_t o_ypx = ypx + sub * (ymx - ypx), o_ymx = ymx + sub * ypx - sub * ymx;
    size_t o_t = xy2d + cached * (t2d - xy2d);
    uintptr_t mask = (uintptr_t)0 - (uintptr_t)cached; /* all ones for a cached entry */
    uintptr_t z = (uintptr_t)(e + offsetof(sl_ed25519_ge_cached, z));
    q[0] = (const sl_ed25519_fe *)(const void *)(e + o_ymx);
    q[1] = (const sl_ed25519_fe *)(const void *)(e + o_ypx);
    q[2] = (const sl_ed25519_fe *)(const void *)(e + o_t);
    q[3] = (const sl_ed25519_fe *)((z & mask) | ((uintptr_t)&sl_ed25519_lane_one & ~mask));
}

/* Most steps of one lane: the key-table chain has 64 doublings and at most
 * 52 + 33 additions (a window-5 NAF of a 253-bit scalar has at most 52
 * non-zero digits, a window-8 one at most 33); the half-size chain
 * (sl_ed25519_base_two_x4_var) at most 256 doublings (one per position
 * below the top digit's, which is <= 256) and 52 + 52 + 33 additions
 * (usually about 129 and 22 + 22 + 29): 393 steps, and its builder writes
 * up to 7 slots past the last step (ed25519_lanes_half.c checks the room). */
#define SL_ED25519_LANE_MAX 400

typedef struct {
    sl_ed25519_lane_op op[SL_ED25519_LANE_MAX];
    int n;
} sl_ed25519_lane_prog;

/* r[j] = the point lane program p[j] computes, j < 4: with the IFMA vectors
 * (use_ifma = 1, only where sl_ed25519_ifma_supported()) or one lane after
 * the other with the fe51 formulas (use_ifma = 0). Same points (as group
 * elements; the projective coordinates may differ). */
void sl_ed25519_lanes_run(sl_ed25519_ge r[4], const sl_ed25519_lane_prog p[4], int use_ifma);
/* The vector runner itself (ed25519_ifma.c); only with IFMA. */
void sl_ed25519_lanes_run_ifma(sl_ed25519_ge r[4], const sl_ed25519_lane_prog p[4]);
/* The same for eight programs in the lanes of 512-bit vectors
 * (ed25519_lanes8_ifma.c); only with IFMA. */
void sl_ed25519_lanes_run8_ifma(sl_ed25519_ge r[8], const sl_ed25519_lane_prog p[8]);
/* 1 where eight 512-bit lanes beat two runs of four 256-bit ones: IFMA and
 * a CPU that issues 512-bit IFMA at the 256-bit rate (not AMD's Zen 4,
 * which splits a 512-bit op in two). */
int sl_ed25519_lanes8_preferred(void);

/* tab[j][i] = (2i+1) p[j] for i < m (m >= 1), j < 4, as cached points: the
 * four tables built side by side in the IFMA lanes (ed25519_ifma.c; only
 * where sl_ed25519_ifma_supported()). Same points as
 * sl_ed25519_ge_odd_multiples_var (the coordinates may differ). */
void sl_ed25519_lanes_odd_multiples_ifma(sl_ed25519_ge_cached *const tab[4], int m,
                                         const sl_ed25519_ge *const p[4]);

/* r[i] = [s_i]B + (-1)^neg_a [k_i]A_i for four signatures at once (each
 * s_i, k_i < 2^255, t[i] the tables of A_i), one signature per lane. */
void sl_ed25519_keytab_x4_var(sl_ed25519_ge r[4], const uint8_t *const s[4],
                              const uint8_t *const k[4], const sl_ed25519_keytab *const t[4],
                              int neg_a, int use_ifma);
/* The same for eight signatures in one run of sl_ed25519_lanes_run8_ifma
 * (only with IFMA). */
void sl_ed25519_keytab_x8_ifma(sl_ed25519_ge r[8], const uint8_t *const s[8],
                               const uint8_t *const k[8], const sl_ed25519_keytab *const t[8],
                               int neg_a);

/* One lane of the half-size check (ed25519_lattice.h):
 * [b]B + (-1)^neg0 [n0]P0 + (-1)^neg1 [n1]P1 for any 256-bit b, n0, n1 (b
 * used as an integer: split at bit 128 over the base tables of B and
 * 2^128 B, as sl_ed25519_base_two_scalarmul_var does). All pointers must be
 * valid; 32-byte little-endian scalars. */
typedef struct {
    const uint8_t *b, *n0, *n1;
    const sl_ed25519_ge *P0, *P1;
    int neg0, neg1;
} sl_ed25519_half_lane;

/* p = the program of lane in (as described in ed25519_lanes_half.c), with
 * ta and tr the odd multiples 1, 3, ..., 15 of in->P0 and in->P1 (as
 * sl_ed25519_ge_odd_multiples_var makes them): the additions' entries point
 * into ta, tr and the base tables. Step by step the same program as the
 * plain construction (the tests keep one): from the top position with a
 * digit down to 0, a doubling per position below the top one, then the
 * additions of that position's non-zero digits in the order n0, n1, b
 * (below 128), b (from 128 on). p->op past p->n may be overwritten. */
void sl_ed25519_half_prog(sl_ed25519_lane_prog *p, const sl_ed25519_half_lane *in,
                          const sl_ed25519_ge_cached ta[8], const sl_ed25519_ge_cached tr[8]);

/* r[j] = the point of lane in[j], j < 4: one chain of max(129, NAF length
 * of n0, of n1) positions per lane (the split's c0 is often a few bits over
 * 128), run side by side (sl_ed25519_lanes_run; use_ifma as there), the
 * window-5 odd-multiple tables of P0 and P1 built here. */
void sl_ed25519_base_two_x4_var(sl_ed25519_ge r[4], const sl_ed25519_half_lane in[4],
                                int use_ifma);
/* The same for eight lanes in one run of sl_ed25519_lanes_run8_ifma (only
 * with IFMA; the tables four at a time). */
void sl_ed25519_base_two_x8_ifma(sl_ed25519_ge r[8], const sl_ed25519_half_lane in[8]);

#endif
