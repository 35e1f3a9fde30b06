/* Transaction plans of the chain generator (chain_build_gen_internal.h):
 * building, checking and applying a plan (cg_commit), input selection, and the
 * kinds of the default mix (cg_default_tx).
 *
 * Every transaction is built twice: first with a generous fee to learn its gas
 * from the engine's ValidateTx (sluice_bytom_validate_tx; gas = VM gas +
 * serialized size, validation/tx.go), then with fee = 200 x (gas + margin)
 * (VMGasRate) plus a random tip, and checked again, so every transaction the
 * generator writes is gas-valid with the status it was meant to have. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "chain_build_gen_internal.h"
#include "sluice/bytom_tx.h"

#define MAX_RECIPIENT 100000000000ULL     /* 1000 BTM */

/* ---- plan helpers ---------------------------------------------------------- */
int cg_is_btm(const uint8_t asset[32]) {
    return memcmp(asset, SLUICE_BYTOM_BTM_ASSET, 32) == 0;
}

void cg_plan_init(cg_plan *p) {
    memset(p, 0, sizeof *p);
    p->probe_fee = CG_PROBE_FEE;
}

void cg_pick_recipient(cg_gen *g, cg_out *o, int allow_multisig) {
    if (allow_multisig && g->mix == CG_MIX_DEFAULT && cg_below(g, 5) == 0) {
        o->kind = CG_KIND_MULTISIG;
        o->key = (uint16_t)cg_below(g, CG_NGROUPS);
    } else {
        o->kind = CG_KIND_P2WPKH;
        o->key = cg_pick_key(g);
    }
}

void cg_add_out(cg_gen *g, cg_plan *p, const uint8_t asset[32], uint64_t amount) {
    cg_out *o = &p->out[p->n_out++];
    memset(o, 0, sizeof *o);
    memcpy(o->asset, asset, 32);
    o->amount = amount;
    cg_pick_recipient(g, o, cg_is_btm(asset));
}

static uint64_t btm_in(const cg_plan *p) {
    uint64_t s = 0;
    for (size_t i = 0; i < p->n_in; i++)
        if (cg_is_btm(p->in[i].asset)) s += p->in[i].amount;
    return s;
}

static uint64_t btm_out(const cg_plan *p) {
    uint64_t s = 0;
    for (size_t i = 0; i < p->n_out; i++)
        if (cg_is_btm(p->out[i].asset)) s += p->out[i].amount;
    return s;
}

/* The heavy issuance program: <1 byte> <32 bytes> <1 byte> then (3DUP
 * CHECKSIG DROP) x 72 then TRUE. Each CHECKSIG costs 1024 gas (vm/crypto.go)
 * and returns false for a 1-byte key without verifying; the final TRUE makes
 * the program succeed. About 77,000 gas. */
static size_t heavy_program(uint8_t *out) {
    size_t k = 0;
    out[k++] = 0x01;
    out[k++] = 0x00;
    out[k++] = 0x20;
    memset(out + k, 0x11, 32);
    k += 32;
    out[k++] = 0x01;
    out[k++] = 0x00;
    for (int i = 0; i < 72; i++) {
        out[k++] = 0x6f;   /* 3DUP */
        out[k++] = 0xac;   /* CHECKSIG */
        out[k++] = 0x75;   /* DROP */
    }
    out[k++] = 0x51;       /* TRUE */
    return k;
}

/* Fills t from the plan with the given fee (change = BTM in - BTM out - fee). */
int cg_plan_to_tx(cg_gen *g, cg_plan *p, uint64_t fee, int tamper, tb_tx *t) {
    const cg_keys *K = g->keys;   /* multisig groups: scripts made up front */
    tb_tx_init(t);
    for (size_t i = 0; i < p->n_in; i++) {
        const cg_utxo *u = &p->in[i];
        tb_input *in;
        if (u->kind == CG_KIND_MULTISIG) {
            const tb_key *ks[3];
            for (int j = 0; j < 3; j++) ks[j] = cg_key(g, (uint32_t)(u->key * 3 + j) % CG_MIN_KEYS);
            static const unsigned masks[3] = {3, 5, 6};
            in = tb_add_spend_multisig(t, ks, 3, 2, masks[(u->id[0] + u->id[1]) % 3], u->source_id,
                                       u->asset, u->amount, u->pos);
        } else {
            in = tb_add_spend_p2wpkh(t, cg_key(g, u->key), u->source_id, u->asset, u->amount, u->pos);
        }
        if (!in) return -1;
        in->corrupt_sig = p->corrupt[i] || (tamper == CG_TAMPER_SIG && i == 0);
    }
    if (p->issue) {
        uint8_t prog[TB_MAX_PROG];
        size_t plen;
        const tb_key *ik = cg_key(g, p->issue_key);
        if (p->heavy) plen = heavy_program(prog);
        else plen = tb_multisig_script(&ik, 1, 1, prog, sizeof prog);
        char def[64];
        int dl = snprintf(def, sizeof def, "{\"name\":\"CG%02x%02x%02x%02x\",\"decimals\":8}",
                          p->issue_nonce[0], p->issue_nonce[1], p->issue_nonce[2],
                          p->issue_nonce[3]);
        tb_input *in = tb_add_issuance(t, prog, plen, (const uint8_t *)def, (size_t)dl,
                                       p->issue_nonce, p->issue_amount);
        if (!in) return -1;
        if (!p->heavy) {
            in->sign = TB_SIGN_ISSUANCE;
            in->keys[0] = ik;
            in->n_keys = 1;
        }
        memcpy(p->issue_asset, in->asset_id, 32);
    }
    uint64_t bin = btm_in(p), bout = btm_out(p);
    if (bin < bout + fee + 1) return -2;   /* not enough BTM for this fee */
    p->change.amount = bin - bout - fee;
    memcpy(p->change.asset, SLUICE_BYTOM_BTM_ASSET, 32);
    for (size_t i = 0; i <= p->n_out; i++) {
        const cg_out *o = i < p->n_out ? &p->out[i] : &p->change;
        uint64_t amount = o->amount;
        if (tamper == CG_TAMPER_IMBALANCE && i == 0 && !cg_is_btm(o->asset)) amount += 1;
        tb_output *to;
        if (o->retire) to = tb_add_retirement(t, o->asset, amount);
        else if (o->kind == CG_KIND_MULTISIG)
            to = tb_add_output(t, o->asset, amount, K->p2wsh[o->key], 34);
        else to = tb_add_output(t, o->asset, amount, cg_key_p2wpkh(g, o->key), 22);
        if (!to) return -1;
    }
    return 0;
}

/* Builds, parses and validates the plan with the fee; *ptx and *raw owned by caller. */
static int build_check(cg_gen *g, cg_plan *p, uint64_t fee, int tamper, uint64_t height,
                       tb_tx *t, uint8_t **raw, size_t *len, sluice_bytom_tx **ptx,
                       sluice_bytom_tx_result *res) {
    int rc = cg_plan_to_tx(g, p, fee, tamper, t);
    if (rc) return rc;
    if (tb_tx_build(t, raw, len)) return -1;
    char why[160];
    if (sluice_bytom_tx_parse(*raw, *len, ptx, why, sizeof why) != SLUICE_OK) {
        free(*raw);
        *raw = NULL;
        return -1;
    }
    if (sluice_bytom_validate_tx(*ptx, height, 1, 0, g->p.profile, res) != SLUICE_OK) {
        sluice_bytom_tx_free(*ptx);
        *ptx = NULL;
        free(*raw);
        *raw = NULL;
        return -1;
    }
    return 0;
}

static void utxo_from_output(const sluice_bytom_tx *ptx, size_t i, const cg_out *o,
                             uint64_t height, cg_utxo *u) {
    memset(u, 0, sizeof *u);
    memcpy(u->id, ptx->outputs[i].id, 32);
    memcpy(u->source_id, ptx->mux_id, 32);
    memcpy(u->asset, ptx->outputs[i].asset_id, 32);
    u->amount = ptx->outputs[i].amount;
    u->pos = i;
    u->height = height;
    u->kind = o->kind;
    u->key = o->key;
}

/* Builds the plan's transaction, appends it to the block and applies it to
 * the generator's pools (status_fail: non-BTM inputs go back, non-BTM outputs
 * are not created). With tamper, the final transaction is altered after the
 * fee is known and not re-checked. Returns 0, 1 when the plan is not
 * affordable (inputs go back to the pools), -1 on an internal error. */
int cg_commit(cg_gen *g, cg_plan *p, uint64_t height, cg_block_txs *b, char *why,
              size_t why_cap) {
    tb_tx *t = (tb_tx *)malloc(sizeof *t);
    if (!t) return -1;
    uint8_t *raw = NULL;
    size_t len = 0;
    sluice_bytom_tx *ptx = NULL;
    sluice_bytom_tx_result res;
    int rc = build_check(g, p, p->probe_fee, CG_TAMPER_NONE, height, t, &raw, &len, &ptx, &res);
    if (rc == 0 && !res.gas_valid) {
        snprintf(why, why_cap, "probe tx at height %llu not gas-valid: %s (%s)",
                 (unsigned long long)height, sluice_bytom_rule_name(res.rule), res.detail);
        rc = -1;
    }
    uint64_t fee = 0;
    if (rc == 0) {
        /* margin: the VM needs its run limit to cover the peak use, which is
         * above the net use by the refunds of popped items (vm.go applyCost /
         * deferCost), and the amounts' varints may change the size */
        uint64_t gas = (uint64_t)res.gas_used + 2048;
        fee = gas * SLUICE_BYTOM_VM_GAS_RATE;
        fee += cg_below(g, fee / 2 + 1);             /* a tip, as real wallets round up */
        if (p->heavy) fee = p->probe_fee;
        sluice_bytom_tx_free(ptx);
        ptx = NULL;
        free(raw);
        raw = NULL;
        rc = build_check(g, p, fee, CG_TAMPER_NONE, height, t, &raw, &len, &ptx, &res);
        if (rc == 0 && (!res.gas_valid || res.status_fail != p->expect_fail ||
                        (!p->expect_fail && res.rule != SLUICE_RULE_OK))) {
            snprintf(why, why_cap, "tx at height %llu: gas_valid %d status_fail %d rule %s (%s)",
                     (unsigned long long)height, res.gas_valid, res.status_fail,
                     sluice_bytom_rule_name(res.rule), res.detail);
            rc = -1;
        }
    }
    if (rc == 0 && p->tamper) {
        sluice_bytom_tx_free(ptx);
        ptx = NULL;
        free(raw);
        raw = NULL;
        rc = cg_plan_to_tx(g, p, fee, p->tamper, t);
        if (rc == 0) rc = tb_tx_build(t, &raw, &len);
        if (rc == 0) {
            char w[160];
            if (sluice_bytom_tx_parse(raw, len, &ptx, w, sizeof w) != SLUICE_OK) rc = -1;
        }
    }
    free(t);
    if (rc == -2) rc = 1;
    if (rc != 0) {
        sluice_bytom_tx_free(ptx);
        free(raw);
        if (rc == 1) {   /* give the inputs back */
            for (size_t i = 0; i < p->n_in; i++) {
                cg_uvec *to = !cg_is_btm(p->in[i].asset) ? &g->assets
                              : p->src_big                ? &g->big
                                                          : &g->btm;
                cg_uvec_push(to, &p->in[i]);
            }
            return 1;
        }
        if (!why[0]) snprintf(why, why_cap, "building a transaction failed");
        return -1;
    }
    if (cg_txs_push(b, raw, len, p->expect_fail)) {
        sluice_bytom_tx_free(ptx);
        free(raw);
        return -1;
    }
    b->fees += fee;
    b->gas += (uint64_t)res.gas_used;
    /* apply */
    for (size_t i = 0; i < p->n_in; i++) {
        const cg_utxo *u = &p->in[i];
        if (p->expect_fail && !cg_is_btm(u->asset)) {
            cg_uvec_push(&g->assets, u);
            continue;
        }
        g->st.spends++;
        if (u->kind == CG_KIND_MULTISIG) g->st.multisig_spends++;
        if (cg_is_btm(u->asset)) {
            g->last_spent = *u;
            g->have_last_spent = 1;
        }
    }
    if (p->issue) g->st.issuances++;
    if (p->expect_fail) g->st.status_fail++;
    for (size_t i = 0; i <= p->n_out; i++) {
        const cg_out *o = i < p->n_out ? &p->out[i] : &p->change;
        const sluice_bytom_output *po = &ptx->outputs[i];
        if (po->is_retirement) {
            g->st.retirements++;
            continue;
        }
        int btm = cg_is_btm(po->asset_id);
        if (p->expect_fail && !btm) continue;
        cg_utxo u;
        utxo_from_output(ptx, i, o, height, &u);
        cg_uvec *to = !btm ? &g->assets : &g->btm;
        if (btm && i == p->n_out && p->change_big && u.amount >= CG_BIG_MIN) to = &g->big;
        if (cg_uvec_push(to, &u)) {
            sluice_bytom_tx_free(ptx);
            return -1;
        }
    }
    sluice_bytom_tx_free(ptx);
    g->st.txs++;
    return 0;
}

/* ---- input selection --------------------------------------------------------- */
/* Takes BTM inputs (random) until their sum reaches need (at most 3). Returns 0,
 * or 1 (inputs given back) when the pool cannot pay. */
int cg_take_btm(cg_gen *g, cg_plan *p, uint64_t need) {
    size_t first = p->n_in;
    uint64_t sum = 0;
    while (sum < need && p->n_in < first + 3 && g->btm.n > 0) {
        cg_uvec_take(&g->btm, cg_below(g, g->btm.n), &p->in[p->n_in]);
        sum += p->in[p->n_in++].amount;
    }
    if (sum >= need) return 0;
    while (p->n_in > first) cg_uvec_push(&g->btm, &p->in[--p->n_in]);
    return 1;
}

/* A multisig BTM output from the pool (a bounded scan from a random place). */
static int take_multisig(cg_gen *g, cg_plan *p) {
    if (g->btm.n == 0) return 1;
    size_t start = cg_below(g, g->btm.n);
    for (size_t k = 0; k < 64 && k < g->btm.n; k++) {
        size_t i = (start + k) % g->btm.n;
        if (g->btm.v[i].kind == CG_KIND_MULTISIG && g->btm.v[i].amount >= CG_PROBE_FEE + CG_MIN_OUT) {
            cg_uvec_take(&g->btm, i, &p->in[p->n_in++]);
            return 0;
        }
    }
    return 1;
}

static int take_asset(cg_gen *g, cg_plan *p) {
    if (g->assets.n == 0) return 1;
    cg_uvec_take(&g->assets, cg_below(g, g->assets.n), &p->in[p->n_in++]);
    return 0;
}

/* Recipients for BTM: k outputs (fewer when the inputs are small) of random
 * amounts. With R = BTM in - BTM out - probe fee, a split into j recipients
 * and the change needs R >= (j + 1) x CG_SPLIT_MIN; recipient i then gets a
 * random amount in [CG_SPLIT_MIN, (R - CG_SPLIT_MIN) / (j - i)], which leaves
 * R >= (j - i) x CG_SPLIT_MIN for the rest, so every part, the change
 * included, keeps at least CG_SPLIT_MIN and amounts do not shrink to dust
 * by splitting. */
void cg_add_btm_recipients(cg_gen *g, cg_plan *p, size_t k) {
    uint64_t in = btm_in(p), out = btm_out(p);
    if (in < out + p->probe_fee) return;
    uint64_t room = in - out - p->probe_fee;
    if (k > TB_MAX_OUT - 1 - p->n_out) k = TB_MAX_OUT - 1 - p->n_out;
    while (k > 0 && room / (k + 1) < CG_SPLIT_MIN) k--;
    for (size_t i = 0; i < k; i++) {
        uint64_t cap = (room - CG_SPLIT_MIN) / (k - i);
        if (cap > MAX_RECIPIENT) cap = MAX_RECIPIENT;
        uint64_t a = CG_SPLIT_MIN + cg_below(g, cap - CG_SPLIT_MIN + 1);
        cg_add_out(g, p, SLUICE_BYTOM_BTM_ASSET, a);
        room -= a;
    }
}

void cg_add_change(cg_gen *g, cg_plan *p) { cg_pick_recipient(g, &p->change, 1); }

/* Asset outputs splitting amount into up to parts outputs. */
static void add_asset_split(cg_gen *g, cg_plan *p, const uint8_t asset[32], uint64_t amount,
                            size_t parts) {
    for (size_t i = 0; i + 1 < parts && amount > 1 && p->n_out < TB_MAX_OUT - 2; i++) {
        uint64_t a = 1 + cg_below(g, amount - 1);
        cg_add_out(g, p, asset, a);
        amount -= a;
    }
    cg_add_out(g, p, asset, amount);
}

/* ---- transaction kinds --------------------------------------------------------- */
static int tx_transfer(cg_gen *g, uint64_t h, cg_block_txs *b, int multisig, char *why,
                       size_t cap) {
    cg_plan p;
    cg_plan_init(&p);
    size_t k = 1 + cg_below(g, 2);
    if (multisig && take_multisig(g, &p)) return 1;
    uint64_t need = CG_SPEND_FLOOR, have = btm_in(&p);
    if (have < need && cg_take_btm(g, &p, need - have)) {
        for (size_t i = 0; i < p.n_in; i++) cg_uvec_push(&g->btm, &p.in[i]);
        return 1;
    }
    cg_add_btm_recipients(g, &p, k);
    cg_add_change(g, &p);
    return cg_commit(g, &p, h, b, why, cap);
}

int cg_tx_issue(cg_gen *g, uint64_t h, cg_block_txs *b, int tamper, char *why, size_t cap) {
    cg_plan p;
    cg_plan_init(&p);
    if (cg_take_btm(g, &p, p.probe_fee + CG_MIN_OUT)) return 1;
    p.issue = 1;
    p.issue_key = cg_pick_key(g);
    p.issue_amount = 1000 + cg_below(g, 1000000000000ULL);
    uint64_t n = ++g->asset_nonce ^ (cg_rand(g) << 20);
    for (int i = 0; i < 8; i++) p.issue_nonce[i] = (uint8_t)(n >> (8 * i));
    p.tamper = tamper;
    /* the asset ID is known once the input exists: build a throwaway tx */
    tb_tx *t = (tb_tx *)malloc(sizeof *t);
    if (!t) return -1;
    int rc = cg_plan_to_tx(g, &p, 0, CG_TAMPER_NONE, t);
    free(t);
    if (rc == -1) return -1;
    add_asset_split(g, &p, p.issue_asset, p.issue_amount, 1 + cg_below(g, 3));
    cg_add_change(g, &p);
    return cg_commit(g, &p, h, b, why, cap);
}

static int tx_assets(cg_gen *g, uint64_t h, cg_block_txs *b, int retire, int fail, char *why,
                     size_t cap) {
    cg_plan p;
    cg_plan_init(&p);
    size_t na = (!retire && !fail && g->assets.n > 1 && cg_below(g, 2)) ? 2 : 1;
    for (size_t i = 0; i < na; i++)
        if (take_asset(g, &p)) break;
    if (p.n_in == 0) return 1;
    if (cg_take_btm(g, &p, p.probe_fee + CG_MIN_OUT)) {
        for (size_t i = 0; i < p.n_in; i++) cg_uvec_push(&g->assets, &p.in[i]);
        return 1;
    }
    for (size_t i = 0; i < p.n_in; i++) {
        const cg_utxo *u = &p.in[i];
        if (cg_is_btm(u->asset)) continue;
        if (retire) {
            uint64_t r = 1 + cg_below(g, u->amount);
            cg_add_out(g, &p, u->asset, r);
            p.out[p.n_out - 1].retire = 1;
            if (u->amount > r) cg_add_out(g, &p, u->asset, u->amount - r);
        } else {
            add_asset_split(g, &p, u->asset, u->amount, 1 + cg_below(g, 2));
        }
        if (fail) p.corrupt[i] = 1;
    }
    p.expect_fail = fail;
    cg_add_change(g, &p);
    return cg_commit(g, &p, h, b, why, cap);
}

/* One BTM retirement (burn) when there is no asset to retire. */
static int tx_retire_btm(cg_gen *g, uint64_t h, cg_block_txs *b, char *why, size_t cap) {
    cg_plan p;
    cg_plan_init(&p);
    if (cg_take_btm(g, &p, p.probe_fee + 2 * CG_MIN_OUT)) return 1;
    cg_add_out(g, &p, SLUICE_BYTOM_BTM_ASSET, 1 + cg_below(g, CG_MIN_OUT));
    p.out[p.n_out - 1].retire = 1;
    cg_add_change(g, &p);
    return cg_commit(g, &p, h, b, why, cap);
}

int cg_default_tx(cg_gen *g, uint64_t h, cg_block_txs *b, char *why, size_t cap) {
    uint64_t r = cg_below(g, 100);
    int rc = 1;
    if (r < 2) rc = tx_assets(g, h, b, 0, 1, why, cap);          /* status_fail */
    else if (r < 14) rc = tx_transfer(g, h, b, 1, why, cap);     /* multisig spend */
    else if (r < 22) rc = cg_tx_issue(g, h, b, CG_TAMPER_NONE, why, cap);
    else if (r < 32) rc = tx_assets(g, h, b, 0, 0, why, cap);    /* multi-asset transfer */
    else if (r < 37) {
        rc = tx_assets(g, h, b, 1, 0, why, cap);                 /* asset retirement */
        if (rc == 1) rc = tx_retire_btm(g, h, b, why, cap);
    }
    if (rc == 1) rc = tx_transfer(g, h, b, 0, why, cap);        /* P2WPKH (or fallback) */
    return rc;
}

