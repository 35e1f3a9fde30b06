/* Filling a generated block (chain_build_gen_internal.h cg_fill_block): M
 * transactions of the chosen mix, fan-outs included, so every block from
 * height 100 on (the first height where BTM is spendable: the genesis
 * coinbase matures, consensus.CoinbasePendingBlockNumber) holds exactly M
 * non-coinbase transactions, unless its gas passes CG_BLOCK_GAS_SOFT first.
 *
 * The spendable BTM sits in two pools: g->big (matured coinbases and the
 * big changes of fan-outs, >= CG_BIG_MIN) and g->btm (everything else, where
 * the normal spends draw from, uniformly at random). When g->btm holds fewer
 * entries than the block still needs (plus CG_POOL_SLACK), the next
 * transaction is a fan-out: the newest big output -> up to 7 P2WPKH outputs
 * of 2..20 BTM and a change (TB_MAX_OUT = 8 outputs a transaction). Outputs
 * made earlier in a block may be spent later in the same block (Bytom
 * applies a block's transactions in order, state/utxo_view.go). Normal spends
 * keep or grow the pool (one input, one or more outputs; splits keep every
 * part >= CG_SPLIT_MIN), so after the first full block fan-outs are rare.
 * An output below CG_SPEND_FLOOR drawn from g->btm is left unspent (dust).
 * Every step is O(1) in the pool size (swap-remove from a vector). */
#include <stdio.h>
#include <string.h>

#include "chain_build_gen_internal.h"

static const char *const mix_names[CG_MIX_COUNT] = {"default", "p2wpkh"};

const char *cg_mix_name(cg_mix m) { return (unsigned)m < CG_MIX_COUNT ? mix_names[m] : "unknown"; }

int cg_mix_parse(const char *s, cg_mix *m) {
    for (int i = 0; i < CG_MIX_COUNT; i++) {
        if (strcmp(s, mix_names[i]) == 0) {
            *m = (cg_mix)i;
            return 0;
        }
    }
    return -1;
}

int cg_gen_set_mix(cg_gen *g, cg_mix m) {
    if ((unsigned)m >= CG_MIX_COUNT) return -1;
    g->mix = m;
    return 0;
}

uint64_t cg_gen_fanouts(const cg_gen *g) { return g->fanouts; }
uint64_t cg_gen_dust(const cg_gen *g) { return g->dust; }

/* A fan-out: the newest big output -> min(want, 7) P2WPKH outputs of
 * CG_FAN_MIN..CG_FAN_MAX and a P2WPKH change (back to g->big while it stays
 * >= CG_BIG_MIN). Returns 0, 1 (no big output), -1. */
static int tx_fanout(cg_gen *g, uint64_t h, cg_block_txs *b, size_t want, char *why,
                     size_t cap) {
    if (g->big.n == 0) return 1;
    cg_plan p;
    cg_plan_init(&p);
    cg_uvec_take(&g->big, g->big.n - 1, &p.in[p.n_in++]);
    p.src_big = 1;
    p.change_big = 1;
    uint64_t avail = p.in[0].amount > CG_SPEND_FLOOR ? p.in[0].amount - CG_SPEND_FLOOR : 0;
    if (want > TB_MAX_OUT - 1) want = TB_MAX_OUT - 1;
    for (size_t i = 0; i < want; i++) {
        uint64_t a = CG_FAN_MIN + cg_below(g, CG_FAN_MAX - CG_FAN_MIN + 1);
        if (a > avail) break;
        cg_out *o = &p.out[p.n_out++];
        memset(o, 0, sizeof *o);
        memcpy(o->asset, SLUICE_BYTOM_BTM_ASSET, 32);
        o->amount = a;
        cg_pick_recipient(g, o, 0);
        avail -= a;
    }
    cg_add_change(g, &p);
    p.change.kind = CG_KIND_P2WPKH;
    p.change.key = cg_pick_key(g);
    int rc = cg_commit(g, &p, h, b, why, cap);
    if (rc == 0) g->fanouts++;
    return rc;
}

/* Draws one input from g->btm, leaving outputs below CG_SPEND_FLOOR unspent.
 * Returns 0, or 1 when the pool is empty. */
static int take_one(cg_gen *g, cg_plan *p) {
    while (g->btm.n > 0) {
        cg_utxo u;
        cg_uvec_take(&g->btm, cg_below(g, g->btm.n), &u);
        if (u.amount >= CG_SPEND_FLOOR) {
            p->in[p->n_in++] = u;
            return 0;
        }
        g->dust++;
    }
    return 1;
}

/* A one-input BTM spend: 1 or 2 outputs (p2wpkh mix: all P2WPKH). Returns 0,
 * 1 (the pool is empty), -1. */
static int tx_simple(cg_gen *g, uint64_t h, cg_block_txs *b, char *why, size_t cap) {
    cg_plan p;
    cg_plan_init(&p);
    if (take_one(g, &p)) return 1;
    cg_add_btm_recipients(g, &p, cg_below(g, 2));
    cg_add_change(g, &p);
    return cg_commit(g, &p, h, b, why, cap);
}

int cg_fill_block(cg_gen *g, uint64_t height, cg_block_txs *b, char *why, size_t why_cap) {
    uint32_t m = g->p.txs_per_block;
    for (uint32_t i = 0; i < m && b->gas <= CG_BLOCK_GAS_SOFT; i++) {
        size_t want = (size_t)(m - i) + CG_POOL_SLACK;
        int rc = 1;
        if (g->btm.n < want) rc = tx_fanout(g, height, b, want - g->btm.n, why, why_cap);
        if (rc == 1) {
            rc = g->mix == CG_MIX_P2WPKH ? tx_simple(g, height, b, why, why_cap)
                                         : cg_default_tx(g, height, b, why, why_cap);
        }
        if (rc == 1) rc = tx_simple(g, height, b, why, why_cap);
        if (rc == 1) rc = tx_fanout(g, height, b, CG_POOL_SLACK, why, why_cap);
        if (rc < 0) return -1;
        if (rc == 1) break;   /* no spendable BTM at all */
    }
    if (g->p.fault != CG_FAULT_NONE && height == g->p.fault_height)
        return cg_fault_txs(g, height, b, why, why_cap);
    return 0;
}
