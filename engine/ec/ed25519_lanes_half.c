/* The half-size check of four signatures side by side (ed25519_lanes.h):
 * per lane the chain of sl_ed25519_base_two_scalarmul_var (ed25519_group.c)
 * over loop positions top-1..0, top = max(129, the NAF lengths of n0 and
 * n1): window-5 NAF digits of n0 and n1 at position i, window-8 NAF digits
 * of b at positions i (table of B, i < 128) and i + 128 (table of
 * 2^128 B), Strauss-Shamir with shared doublings; doublings of the identity
 * (before the first addition) are left out. With IFMA the window tables of
 * P0 and P1 are built in the lanes as well. */
#include "ec/ed25519_lanes.h"

#include <string.h>

static inline void put_op(sl_ed25519_lane_op *o, const void *e, int kind, int sub) {
    o->e = e;
    o->kind = (uint8_t)kind;
    o->sub = (uint8_t)sub;
}

/* m[w] bit i set iff naf[64 w + i] != 0, w < 5 (naf has 320 bytes, those
 * past the digits zero): eight digits at a time, each byte's "non-zero"
 * bit gathered into one byte by a multiplication (the bits of
 * 0x0102040810204080 put byte k's bit at bit 56 + k, without carries). */
static void nonzero_mask(uint64_t m[5], const int8_t naf[320]) {
    const uint64_t lo7 = UINT64_C(0x7f7f7f7f7f7f7f7f), ones = UINT64_C(0x0101010101010101);
    for (int w = 0; w < 5; w++) {
        uint64_t acc = 0;
        for (int k = 0; k < 8; k++) {
            uint64_t x;
            memcpy(&x, naf + 64 * w + 8 * k, 8);
            uint64_t nz = ((((x & lo7) + lo7) | x) >> 7) & ones;
            acc |= ((nz * UINT64_C(0x0102040810204080)) >> 56) << (8 * k);
        }
        m[w] = acc;
    }
}

static inline const void *digit_entry(const void *tab, size_t size, int d) {
    return (const char *)tab + size * (size_t)((d < 0 ? -d : d) >> 1);
}

/* The program of one lane; ta, tr: odd multiples 1..15 of P0 and P1.
 * Position by position from the top: a doubling (once something was
 * added), then the additions of the non-zero digits there. Written from
 * the bit masks of the positions that have digits, so that runs of
 * doublings are plain stores and each position with digits writes its
 * four candidate additions without branches (kept where the digit is
 * non-zero): branches on the random digits mispredict. */
static void build_half_chain(sl_ed25519_lane_prog *p, const sl_ed25519_half_lane *in,
                             const sl_ed25519_ge_cached ta[8], const sl_ed25519_ge_cached tr[8]) {
    int8_t na[320], nr[320], nb[320];
    const sl_ed25519_ge_niels *b0 = sl_ed25519_base_table(0), *b2 = sl_ed25519_base_table(2);
    memset(na + 257, 0, 63);
    memset(nr + 257, 0, 63);
    memset(nb + 257, 0, 63);
    sl_ed25519_wnaf(na, in->n0, 5);
    sl_ed25519_wnaf(nr, in->n1, 5);
    sl_ed25519_wnaf(nb, in->b, SL_ED25519_BASE_W);
    /* the four digit streams at position i: na[i], nr[i], nb[i] (i < 128),
     * nb[i + 128] (i <= 128) */
    uint64_t ma[5], mr[5], mb[5], u[5];
    nonzero_mask(ma, na);
    nonzero_mask(mr, nr);
    nonzero_mask(mb, nb);
    for (int w = 0; w < 5; w++)
        u[w] = ma[w] | mr[w] | (w < 2 ? mb[w] : 0) | (w < 3 ? mb[w + 2] : 0);
    const sl_ed25519_lane_op dbl = {&sl_ed25519_lane_identity, SL_ED25519_LANE_DBL, 0};
    int n = 0, prev = -1;
    for (int w = 4; w >= 0; w--) {
        for (uint64_t x = u[w]; x;) {
            int bit = 63 - __builtin_clzll(x), i = 64 * w + bit;
            x &= ~(UINT64_C(1) << bit);
            if (prev >= 0)
                for (int k = i; k < prev; k++) p->op[n++] = dbl; /* positions prev-1 .. i */
            prev = i;
            int d = na[i];
            put_op(&p->op[n], digit_entry(ta, sizeof ta[0], d), SL_ED25519_LANE_CACHED,
                   (d < 0) ^ (in->neg0 != 0));
            n += d != 0;
            d = nr[i];
            put_op(&p->op[n], digit_entry(tr, sizeof tr[0], d), SL_ED25519_LANE_CACHED,
                   (d < 0) ^ (in->neg1 != 0));
            n += d != 0;
            d = i < 128 ? nb[i] : 0;
            put_op(&p->op[n], digit_entry(b0, sizeof b0[0], d), SL_ED25519_LANE_NIELS, d < 0);
            n += d != 0;
            d = i <= 128 ? nb[i + 128] : 0;
            put_op(&p->op[n], digit_entry(b2, sizeof b2[0], d), SL_ED25519_LANE_NIELS, d < 0);
            n += d != 0;
        }
    }
    for (int k = 0; k < prev; k++) p->op[n++] = dbl; /* positions prev-1 .. 0 */
    p->n = n;
}

void sl_ed25519_base_two_x4_var(sl_ed25519_ge r[4], const sl_ed25519_half_lane in[4],
                                int use_ifma) {
    sl_ed25519_ge_cached ta[4][8], tr[4][8];
    sl_ed25519_lane_prog p[4];
    if (use_ifma) { /* the eight tables in the lanes, four at a time */
        sl_ed25519_ge_cached *const ta4[4] = {ta[0], ta[1], ta[2], ta[3]};
        sl_ed25519_ge_cached *const tr4[4] = {tr[0], tr[1], tr[2], tr[3]};
        const sl_ed25519_ge *const p0[4] = {in[0].P0, in[1].P0, in[2].P0, in[3].P0};
        const sl_ed25519_ge *const p1[4] = {in[0].P1, in[1].P1, in[2].P1, in[3].P1};
        sl_ed25519_lanes_odd_multiples_ifma(ta4, 8, p0);
        sl_ed25519_lanes_odd_multiples_ifma(tr4, 8, p1);
    } else {
        for (int j = 0; j < 4; j++) {
            sl_ed25519_ge_odd_multiples_var(ta[j], 8, in[j].P0, 0);
            sl_ed25519_ge_odd_multiples_var(tr[j], 8, in[j].P1, 0);
        }
    }
    for (int j = 0; j < 4; j++) build_half_chain(&p[j], &in[j], ta[j], tr[j]);
    sl_ed25519_lanes_run(r, p, use_ifma);
}
