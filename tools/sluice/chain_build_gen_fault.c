/* The faults' transactions of the chain generator (chain_build_gen.h
 * cg_fault_kind), added after the normal transactions of the fault block.
 * The UTXO faults follow state/utxo_view.go (spent, not found, immature
 * coinbase); the others make a rule of validation/block.go or tx.go fail
 * (../specs/bytom-chain.md sections 4, 6, 7). */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "chain_build_gen_internal.h"

#define HEAVY_FEE 40000000ULL             /* MaxGasAmount x VMGasRate */

static int fault_spend(cg_gen *g, uint64_t h, cg_block_txs *b, const cg_utxo *u, char *why,
                       size_t cap) {
    cg_plan p;
    cg_plan_init(&p);
    p.in[p.n_in++] = *u;
    cg_add_change(g, &p);
    int rc = cg_commit(g, &p, h, b, why, cap);
    if (rc == 1) snprintf(why, cap, "fault: the output cannot pay a fee");
    return rc ? -1 : 0;
}

int cg_fault_txs(cg_gen *g, uint64_t h, cg_block_txs *b, char *why, size_t cap) {
    cg_utxo u;
    /* with --txs-per-block 0 the spendable BTM is all in the fan-out pool */
    if (g->btm.n == 0 && g->big.n > 0) {
        cg_uvec_take(&g->big, g->big.n - 1, &u);
        if (cg_uvec_push(&g->btm, &u)) return -1;
    }
    switch (g->p.fault) {
    case CG_FAULT_DOUBLE_SPEND:
        if (!g->have_last_spent) {
            snprintf(why, cap, "double-spend: nothing has been spent yet at height %llu",
                     (unsigned long long)h);
            return -1;
        }
        u = g->last_spent;
        return fault_spend(g, h, b, &u, why, cap);
    case CG_FAULT_SPEND_UNKNOWN:
        memset(&u, 0, sizeof u);
        for (int i = 0; i < 4; i++) {
            uint64_t r = cg_rand(g);
            memcpy(u.source_id + 8 * i, &r, 8);
        }
        memcpy(u.asset, SLUICE_BYTOM_BTM_ASSET, 32);
        u.amount = 1000000000ULL;
        u.key = cg_pick_key(g);
        return fault_spend(g, h, b, &u, why, cap);
    case CG_FAULT_IMMATURE_COINBASE:
        if (g->pending.n == 0) {
            snprintf(why, cap, "immature-coinbase: no immature coinbase at height %llu",
                     (unsigned long long)h);
            return -1;
        }
        u = g->pending.v[g->pending.n - 1];
        return fault_spend(g, h, b, &u, why, cap);
    case CG_FAULT_SPEND_LATER: {
        cg_plan p;
        cg_plan_init(&p);
        if (cg_take_btm(g, &p, 2 * (CG_PROBE_FEE + CG_MIN_OUT))) break;
        cg_add_change(g, &p);
        p.change.kind = CG_KIND_P2WPKH;
        if (cg_commit(g, &p, h, b, why, cap)) return -1;
        /* the change just created is the last BTM pool entry */
        cg_uvec_take(&g->btm, g->btm.n - 1, &u);
        if (fault_spend(g, h, b, &u, why, cap)) return -1;
        /* the spender goes first */
        size_t i = b->n - 2, j = b->n - 1;
        uint8_t *r = b->raw[i];
        size_t l = b->len[i];
        uint8_t f = b->fail[i];
        b->raw[i] = b->raw[j], b->len[i] = b->len[j], b->fail[i] = b->fail[j];
        b->raw[j] = r, b->len[j] = l, b->fail[j] = f;
        return 0;
    }
    case CG_FAULT_BAD_SIGNATURE: {
        cg_plan p;
        cg_plan_init(&p);
        if (cg_take_btm(g, &p, CG_PROBE_FEE + CG_MIN_OUT)) break;
        cg_add_change(g, &p);
        p.tamper = CG_TAMPER_SIG;
        return cg_commit(g, &p, h, b, why, cap) ? -1 : 0;
    }
    case CG_FAULT_IMBALANCE:
        return cg_tx_issue(g, h, b, CG_TAMPER_IMBALANCE, why, cap) ? -1 : 0;
    case CG_FAULT_GAS_LIMIT: {
        /* a chain of heavy issuances, each paying its fee from the previous change */
        if (g->big.n > 0) {
            cg_uvec_take(&g->big, g->big.n - 1, &u);
        } else {
            size_t best = SIZE_MAX;   /* once per chain: a scan is fine */
            for (size_t i = 0; i < g->btm.n; i++)
                if (best == SIZE_MAX || g->btm.v[i].amount > g->btm.v[best].amount) best = i;
            if (best == SIZE_MAX) break;
            cg_uvec_take(&g->btm, best, &u);
        }
        while (b->gas <= SLUICE_BYTOM_MAX_BLOCK_GAS) {
            if (u.amount < HEAVY_FEE + CG_MIN_OUT + 1) {
                snprintf(why, cap, "gas-limit: not enough BTM for heavy transactions");
                return -1;
            }
            cg_plan p;
            cg_plan_init(&p);
            p.probe_fee = HEAVY_FEE;
            p.in[p.n_in++] = u;
            p.issue = 1;
            p.heavy = 1;
            p.issue_key = 0;
            p.issue_amount = 1;
            uint64_t n = ++g->asset_nonce;
            for (int i = 0; i < 8; i++) p.issue_nonce[i] = (uint8_t)(n >> (8 * i));
            tb_tx *t = (tb_tx *)malloc(sizeof *t);
            if (!t) return -1;
            int rc = cg_plan_to_tx(g, &p, 0, CG_TAMPER_NONE, t);
            free(t);
            if (rc == -1) return -1;
            cg_add_out(g, &p, p.issue_asset, 1);
            cg_add_change(g, &p);
            p.change.kind = CG_KIND_P2WPKH;
            if (cg_commit(g, &p, h, b, why, cap)) return -1;
            cg_uvec_take(&g->btm, g->btm.n - 1, &u);
        }
        return 0;
    }
    default:
        return 0;   /* header faults: made by the block assembly */
    }
    snprintf(why, cap, "%s: no spendable BTM at height %llu", cg_fault_name(g->p.fault),
             (unsigned long long)h);
    return -1;
}
