/* The half-size check of four signatures side by side (ed25519_lanes.h):
 * per lane the chain of sl_ed25519_base_two_scalarmul_var (ed25519_group.c)
 * over loop positions top-1..0, top = max(129, the NAF lengths of n0 and
 * n1): window-5 NAF digits of n0 and n1 at position i, window-8 NAF digits
 * of b at positions i (table of B, i < 128) and i + 128 (table of
 * 2^128 B), Strauss-Shamir with shared doublings; doublings of the identity
 * (before the first addition) are left out. With IFMA the window tables of
 * P0 and P1 are built in the lanes as well. */
#include "ec/ed25519_lanes.h"

static inline void put_op(sl_ed25519_lane_op *o, const void *e, int kind, int sub) {
    o->e = e;
    o->kind = (uint8_t)kind;
    o->sub = (uint8_t)sub;
}

/* The program of one lane; ta, tr: odd multiples 1..15 of P0 and P1. */
static void build_half_chain(sl_ed25519_lane_prog *p, const sl_ed25519_half_lane *in,
                             const sl_ed25519_ge_cached ta[8], const sl_ed25519_ge_cached tr[8]) {
    int8_t na[257], nr[257], nb[257];
    const sl_ed25519_ge_niels *b0 = sl_ed25519_base_table(0), *b2 = sl_ed25519_base_table(2);
    int t0 = sl_ed25519_wnaf(na, in->n0, 5), t1 = sl_ed25519_wnaf(nr, in->n1, 5);
    sl_ed25519_wnaf(nb, in->b, SL_ED25519_BASE_W);
    int top = t0 > t1 ? t0 : t1;
    if (top < 129) top = 129; /* base digits up to 256 = 128 + 128 */
    int started = 0, n = 0;
    for (int i = top - 1; i >= 0; i--) {
        if (started) put_op(&p->op[n++], &sl_ed25519_lane_identity, SL_ED25519_LANE_DBL, 0);
        int d = na[i];
        if (d) put_op(&p->op[n++], &ta[(d < 0 ? -d : d) >> 1], SL_ED25519_LANE_CACHED,
                      (d < 0) ^ (in->neg0 != 0));
        d = nr[i];
        if (d) put_op(&p->op[n++], &tr[(d < 0 ? -d : d) >> 1], SL_ED25519_LANE_CACHED,
                      (d < 0) ^ (in->neg1 != 0));
        d = i < 128 ? nb[i] : 0;
        if (d) put_op(&p->op[n++], &b0[(d < 0 ? -d : d) >> 1], SL_ED25519_LANE_NIELS, d < 0);
        d = i <= 128 ? nb[i + 128] : 0;
        if (d) put_op(&p->op[n++], &b2[(d < 0 ? -d : d) >> 1], SL_ED25519_LANE_NIELS, d < 0);
        started = n > 0;
    }
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
