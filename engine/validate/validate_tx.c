/* ValidateTx over the parsed transaction (reference: BytomDAO/bytom v1.1.1
 * protocol/validation/tx.go checkValid / checkValidSrc / checkValidDest /
 * checkStandardTx / GasState, with the entry graph of protocol/bc/types/map.go).
 *
 * The reference walks an entry graph keyed by entry ID; this file walks the
 * parsed transaction and reproduces the graph's observable behaviour:
 *   - entries are a map by ID, so inputs with the same input ID (the same
 *     output spent twice, identical issuances) collapse into ONE entry: the
 *     last one added (map.go adds inputs in order), with that input's index
 *     as its ordinal and its witness arguments;
 *   - tx.InputIDs[ordinal] is set for each distinct entry (a coinbase has
 *     ordinal 0), so a collapsed input leaves a zero input ID (ruleAA);
 *   - gas inputs (tx.GasInputIDs) are the distinct BTM spends and the
 *     coinbase; the reference lists them in Go map order (random), this code
 *     in input order;
 *   - the mux's sources are the inputs in order (a coinbase's value is output
 *     0's asset and amount), its destinations the outputs in order;
 *   - a coinbase's destination value is the mux's source 0 value.
 * Checks the graph makes that can never fail for a well-formed mapping
 * (reference and position of outputs, spend value equality) are not
 * repeated. */
#include <stdlib.h>
#include <string.h>

#include "validate/validate_internal.h"

/* --- a small map from 32-byte IDs to indices (open addressing) ----------- */
typedef struct {
    const uint8_t *key;   /* NULL = empty */
    uint32_t val;
} idmap_slot;

typedef struct {
    idmap_slot *s;
    size_t mask;
} idmap;

static int idmap_init(idmap *m, size_t n) {
    size_t cap = 8;
    while (cap < 2 * n + 2) cap <<= 1;
    m->s = (idmap_slot *)calloc(cap, sizeof *m->s);
    m->mask = cap - 1;
    return m->s ? 0 : -1;
}

static uint64_t idhash(const uint8_t *k) {
    uint64_t h;
    memcpy(&h, k, 8);
    return h ^ (h >> 29);
}

/* Returns the slot for key (found or empty). */
static idmap_slot *idmap_at(idmap *m, const uint8_t *key) {
    size_t i = (size_t)idhash(key) & m->mask;
    while (m->s[i].key && memcmp(m->s[i].key, key, 32) != 0) i = (i + 1) & m->mask;
    return &m->s[i];
}

/* --- GasState (tx.go) ------------------------------------------------------ */
typedef struct {
    uint64_t btm_value;
    int64_t gas_left;
    int64_t gas_used;
    int gas_valid;
    int64_t storage_gas;
} gas_state;

static int add_ok(int64_t a, int64_t b, int64_t *r) { return !__builtin_add_overflow(a, b, r); }
static int sub_ok(int64_t a, int64_t b, int64_t *r) { return !__builtin_sub_overflow(a, b, r); }

/* --- the walk -------------------------------------------------------------- */
typedef struct {
    const sluice_bytom_tx *tx;
    uint64_t height;
    int is_tx0;
    const sl_bv_sigs *sigs;
    sluice_bytom_tx_result *out;
    gas_state g;
    uint32_t *owner;      /* owner[i]: index of the input whose entry stands for input i */
    uint8_t *checked;     /* checked[o]: entry o validated */
} walk;

static int fail(walk *w, sluice_bytom_rule rule, int32_t input) {
    w->out->rule = rule;
    w->out->input = input;
    return -1;
}

static int is_btm(const uint8_t asset[32]) {
    return memcmp(asset, SLUICE_BYTOM_BTM_ASSET, 32) == 0;
}

/* The value the mux's source i carries (map.go muxSources[i]). */
static void source_value(const walk *w, uint32_t i, const uint8_t **asset, uint64_t *amount) {
    const sluice_bytom_input *in = &w->tx->inputs[i];
    if (in->type == SLUICE_BYTOM_INPUT_COINBASE) {
        *asset = w->tx->outputs[0].asset_id;
        *amount = w->tx->outputs[0].amount;
    } else {
        *asset = in->asset_id;
        *amount = in->amount;
    }
}

/* GasState.updateUsage */
static int update_usage(walk *w, int64_t gas_left, uint32_t input) {
    gas_state *g = &w->g;
    int64_t used;
    if (gas_left < 0) {
        sl_bv_detail(w->out, "updateUsage input negative gas");
        return fail(w, SLUICE_RULE_TX_GAS_CALCULATE, (int32_t)input);
    }
    if (!sub_ok(g->gas_left, gas_left, &used)) {
        sl_bv_detail(w->out, "updateUsage calc gas diff");
        return fail(w, SLUICE_RULE_TX_GAS_CALCULATE, (int32_t)input);
    }
    g->gas_used += used;
    g->gas_left = gas_left;
    if (!g->gas_valid &&
        (g->gas_used > SLUICE_BYTOM_DEFAULT_GAS_CREDIT || g->storage_gas > g->gas_left)) {
        sl_bv_detail(w->out, "input %u: gas used %lld, gas left %lld, storage gas %lld", input,
                     (long long)g->gas_used, (long long)g->gas_left, (long long)g->storage_gas);
        return fail(w, SLUICE_RULE_TX_OVER_GAS_CREDIT, (int32_t)input);
    }
    return 0;
}

/* Runs input o's program (spend: the spent output's control program;
 * issuance: its issuance program) under the current gas left. */
static int run_program(walk *w, uint32_t o) {
    const sluice_bytom_input *in = &w->tx->inputs[o];
    sluice_vm_context ctx;
    sl_bv_vmhold hold;
    sl_bv_vm_context(w->tx, in, o, w->height, w->sigs, &hold, &ctx);
    int64_t left = 0;
    sluice_vm_err e = sluice_vm_verify(&ctx, w->g.gas_left, &left);
    if (e != SLUICE_VM_OK) {
        w->out->vm_err = e;
        sl_bv_detail(w->out, "checking %s program of input %u: %s",
                     in->type == SLUICE_BYTOM_INPUT_ISSUANCE ? "issuance" : "control", o,
                     sluice_vm_strerror(e));
        return fail(w, SLUICE_RULE_TX_VM, (int32_t)o);
    }
    return update_usage(w, left, o);
}

/* checkValid of input entry o (Spend, Issuance or Coinbase), once. */
static int check_entry(walk *w, uint32_t o) {
    if (w->checked[o]) return 0;
    const sluice_bytom_tx *tx = w->tx;
    const sluice_bytom_input *in = &tx->inputs[o];
    switch (in->type) {
    case SLUICE_BYTOM_INPUT_SPEND:
        /* vm.Verify, updateUsage; the spent output's value equals the spend's
         * destination value and the destination is mux source o by construction */
        if (run_program(w, o)) return -1;
        break;
    case SLUICE_BYTOM_INPUT_ISSUANCE: {
        uint8_t computed[32];
        sluice_bytom_asset_id(in->vm_version, in->issuance_program.p, in->issuance_program.len,
                              in->asset_definition.p, in->asset_definition.len, computed);
        if (memcmp(computed, in->asset_id, 32) != 0) {
            sl_bv_detail(w->out, "input %u: issuance asset ID does not match its definition", o);
            return fail(w, SLUICE_RULE_TX_MISMATCHED_ASSET_ID, (int32_t)o);
        }
        if (run_program(w, o)) return -1;
        break;
    }
    case SLUICE_BYTOM_INPUT_COINBASE: {
        if (!w->is_tx0) {
            sl_bv_detail(w->out, "input %u: coinbase outside transaction 0", o);
            return fail(w, SLUICE_RULE_TX_WRONG_COINBASE, (int32_t)o);
        }
        const uint8_t *asset0;
        uint64_t amount0;
        source_value(w, 0, &asset0, &amount0);   /* destination value = mux.Sources[0].Value */
        if (!is_btm(asset0)) return fail(w, SLUICE_RULE_TX_COINBASE_ASSET, (int32_t)o);
        if (in->arbitrary.len > SLUICE_BYTOM_COINBASE_ARBITRARY_LIMIT) {
            sl_bv_detail(w->out, "arbitrary is %u bytes (limit %d)", in->arbitrary.len,
                         SLUICE_BYTOM_COINBASE_ARBITRARY_LIMIT);
            return fail(w, SLUICE_RULE_TX_COINBASE_ARBITRARY, (int32_t)o);
        }
        /* checkValidDest: the destination is mux position 0, whose source
         * must reference this coinbase */
        if (memcmp(tx->inputs[0].input_id, in->input_id, 32) != 0) {
            sl_bv_detail(w->out, "coinbase destination: mux source 0 is another entry");
            return fail(w, SLUICE_RULE_TX_MISMATCHED_REFERENCE, (int32_t)o);
        }
        w->g.storage_gas = 0;
        break;
    }
    default:
        return fail(w, SLUICE_RULE_TX_MALFORMED, (int32_t)o);
    }
    w->checked[o] = 1;
    return 0;
}

/* Parity entry per asset, in first-appearance order. */
typedef struct {
    const uint8_t *asset;
    int64_t sum;
} parity_ent;

/* checkValid(Mux): balance, gas, gas inputs, gas-valid, the other sources. */
static int check_mux(walk *w) {
    const sluice_bytom_tx *tx = w->tx;
    size_t nmax = (size_t)tx->n_inputs + tx->n_outputs;
    parity_ent *par = (parity_ent *)malloc((nmax + 1) * sizeof *par);
    idmap pm = {NULL, 0};
    if (!par || idmap_init(&pm, nmax)) {
        free(par);
        free(pm.s);
        return -2;
    }
    size_t npar = 0;
    int rc = 0;

    for (uint32_t i = 0; i < tx->n_inputs && !rc; i++) {
        const uint8_t *asset;
        uint64_t amount;
        source_value(w, i, &asset, &amount);
        if (amount > (uint64_t)INT64_MAX) {
            sl_bv_detail(w->out, "amount %llu exceeds maximum value 2^63",
                         (unsigned long long)amount);
            rc = fail(w, SLUICE_RULE_TX_OVERFLOW, (int32_t)i);
            break;
        }
        idmap_slot *s = idmap_at(&pm, asset);
        if (!s->key) {
            s->key = asset;
            s->val = (uint32_t)npar;
            par[npar].asset = asset;
            par[npar].sum = 0;
            npar++;
        }
        if (!add_ok(par[s->val].sum, (int64_t)amount, &par[s->val].sum)) {
            sl_bv_detail(w->out, "adding mux source %u overflows int64", i);
            rc = fail(w, SLUICE_RULE_TX_OVERFLOW, (int32_t)i);
        }
    }
    for (uint32_t i = 0; i < tx->n_outputs && !rc; i++) {
        const sluice_bytom_output *o = &tx->outputs[i];
        idmap_slot *s = idmap_at(&pm, o->asset_id);
        if (!s->key) {
            sl_bv_detail(w->out, "mux destination %u has no corresponding source", i);
            rc = fail(w, SLUICE_RULE_TX_NO_SOURCE, -1);
            break;
        }
        if (o->amount > (uint64_t)INT64_MAX) {
            sl_bv_detail(w->out, "amount %llu exceeds maximum value 2^63",
                         (unsigned long long)o->amount);
            rc = fail(w, SLUICE_RULE_TX_OVERFLOW, -1);
            break;
        }
        if (!sub_ok(par[s->val].sum, (int64_t)o->amount, &par[s->val].sum)) {
            sl_bv_detail(w->out, "subtracting mux destination %u underflows int64", i);
            rc = fail(w, SLUICE_RULE_TX_OVERFLOW, -1);
        }
    }
    /* The reference ranges over a Go map (random order); here first-appearance order. */
    for (size_t k = 0; k < npar && !rc; k++) {
        if (is_btm(par[k].asset)) {
            /* GasState.setGas */
            if (par[k].sum < 0) {
                sl_bv_detail(w->out, "input BTM is negative (%lld)", (long long)par[k].sum);
                rc = fail(w, SLUICE_RULE_TX_GAS_CALCULATE, -1);
                break;
            }
            w->g.btm_value = (uint64_t)par[k].sum;
            w->g.gas_left = par[k].sum / SLUICE_BYTOM_VM_GAS_RATE;
            if (w->g.gas_left > SLUICE_BYTOM_MAX_GAS_AMOUNT)
                w->g.gas_left = SLUICE_BYTOM_MAX_GAS_AMOUNT;
            w->g.storage_gas = (int64_t)tx->raw.len * SLUICE_BYTOM_STORAGE_GAS_RATE;
        } else if (par[k].sum != 0) {
            sl_bv_detail(w->out, "asset sources - destinations = %lld (should be 0)",
                         (long long)par[k].sum);
            rc = fail(w, SLUICE_RULE_TX_UNBALANCED, -1);
        }
    }
    free(par);
    free(pm.s);
    if (rc) return rc;

    /* gas inputs first: the distinct BTM spends and the coinbase */
    for (uint32_t i = 0; i < tx->n_inputs; i++) {
        const sluice_bytom_input *in = &tx->inputs[i];
        if (w->owner[i] != i) continue;
        int gas = in->type == SLUICE_BYTOM_INPUT_COINBASE ||
                  (in->type == SLUICE_BYTOM_INPUT_SPEND && is_btm(in->asset_id));
        if (gas && check_entry(w, i)) return -1;
    }

    /* GasState.setGasValid */
    int64_t left;
    if (!sub_ok(w->g.gas_left, w->g.storage_gas, &left) || left < 0) {
        sl_bv_detail(w->out, "setGasValid: gas left %lld < storage gas %lld",
                     (long long)w->g.gas_left, (long long)w->g.storage_gas);
        return fail(w, SLUICE_RULE_TX_GAS_CALCULATE, -1);
    }
    w->g.gas_left = left;
    if (!add_ok(w->g.gas_used, w->g.storage_gas, &w->g.gas_used)) {
        sl_bv_detail(w->out, "setGasValid calc gasUsed");
        return fail(w, SLUICE_RULE_TX_GAS_CALCULATE, -1);
    }
    w->g.gas_valid = 1;

    /* checkValidSrc for every mux source */
    for (uint32_t i = 0; i < tx->n_inputs; i++) {
        uint32_t o = w->owner[i];
        if (check_entry(w, o)) return -1;
        uint64_t dest_pos = tx->inputs[o].type == SLUICE_BYTOM_INPUT_COINBASE ? 0 : o;
        if (dest_pos != i) {
            sl_bv_detail(w->out, "value source position %llu disagrees with %u",
                         (unsigned long long)dest_pos, i);
            return fail(w, SLUICE_RULE_TX_MISMATCHED_POSITION, (int32_t)i);
        }
        if (tx->inputs[o].type == SLUICE_BYTOM_INPUT_COINBASE && i != 0) {
            /* unreachable (dest_pos 0 != i above); kept for clarity */
            return fail(w, SLUICE_RULE_TX_MISMATCHED_VALUE, (int32_t)i);
        }
    }
    return 0;
}

/* Pre-checks that the reference makes while mapping (a panic there). */
static int malformed(walk *w) {
    const sluice_bytom_tx *tx = w->tx;
    const uint8_t *cb = NULL;
    for (uint32_t i = 0; i < tx->n_inputs; i++) {
        const sluice_bytom_input *in = &tx->inputs[i];
        if (in->asset_version != 1 || in->type > SLUICE_BYTOM_INPUT_COINBASE) {
            sl_bv_detail(w->out, "input %u has asset version %llu", i,
                         (unsigned long long)in->asset_version);
            return fail(w, SLUICE_RULE_TX_MALFORMED, (int32_t)i);
        }
        if (in->type == SLUICE_BYTOM_INPUT_COINBASE) {
            if (tx->n_outputs == 0) {
                sl_bv_detail(w->out, "coinbase input without outputs");
                return fail(w, SLUICE_RULE_TX_MALFORMED, (int32_t)i);
            }
            if (cb && memcmp(cb, in->input_id, 32) != 0) {
                sl_bv_detail(w->out, "two different coinbase inputs");
                return fail(w, SLUICE_RULE_TX_MALFORMED, (int32_t)i);
            }
            cb = in->input_id;
        }
    }
    for (uint32_t i = 0; i < tx->n_outputs; i++) {
        if (tx->outputs[i].asset_version != 1) {
            sl_bv_detail(w->out, "output %u has asset version %llu", i,
                         (unsigned long long)tx->outputs[i].asset_version);
            return fail(w, SLUICE_RULE_TX_MALFORMED, -1);
        }
    }
    return 0;
}

/* checkStandardTx */
static int check_standard(walk *w) {
    const sluice_bytom_tx *tx = w->tx;
    if (w->height >= SLUICE_BYTOM_RULE_AA_HEIGHT) {
        /* tx.InputIDs[ord] is set for each distinct entry (coinbase: ord 0) */
        uint8_t *filled = w->checked;   /* borrowed, cleared again below */
        for (uint32_t i = 0; i < tx->n_inputs; i++) {
            if (w->owner[i] != i) continue;
            filled[tx->inputs[i].type == SLUICE_BYTOM_INPUT_COINBASE ? 0 : i] = 1;
        }
        int32_t empty = -1;
        for (uint32_t i = 0; i < tx->n_inputs && empty < 0; i++)
            if (!filled[i]) empty = (int32_t)i;
        memset(filled, 0, tx->n_inputs);
        if (empty >= 0) {
            sl_bv_detail(w->out, "input ID %d is empty", empty);
            return fail(w, SLUICE_RULE_TX_EMPTY_INPUT_ID, empty);
        }
    }
    for (uint32_t i = 0; i < tx->n_inputs; i++) {
        const sluice_bytom_input *in = &tx->inputs[i];
        if (w->owner[i] != i || in->type != SLUICE_BYTOM_INPUT_SPEND || !is_btm(in->asset_id))
            continue;
        if (!sl_bv_is_standard_program(in->control_program.p, in->control_program.len)) {
            sl_bv_detail(w->out, "gas input %u spends a non-standard program", i);
            return fail(w, SLUICE_RULE_TX_NOT_STANDARD, (int32_t)i);
        }
    }
    for (uint32_t i = 0; i < tx->n_outputs; i++) {
        const sluice_bytom_output *o = &tx->outputs[i];
        if (o->is_retirement || !is_btm(o->asset_id)) continue;
        if (!sl_bv_is_standard_program(o->control_program.p, o->control_program.len)) {
            sl_bv_detail(w->out, "BTM output %u has a non-standard program", i);
            return fail(w, SLUICE_RULE_TX_NOT_STANDARD, -1);
        }
    }
    return 0;
}

/* owner[i] = the last input with input i's ID (map.go: later entries replace
 * earlier ones with the same ID). */
static int compute_owners(walk *w) {
    const sluice_bytom_tx *tx = w->tx;
    idmap m;
    if (idmap_init(&m, tx->n_inputs)) return -1;
    for (uint32_t i = 0; i < tx->n_inputs; i++) {
        idmap_slot *s = idmap_at(&m, tx->inputs[i].input_id);
        s->key = tx->inputs[i].input_id;
        s->val = i;
    }
    for (uint32_t i = 0; i < tx->n_inputs; i++)
        w->owner[i] = idmap_at(&m, tx->inputs[i].input_id)->val;
    free(m.s);
    return 0;
}

sluice_err sl_bv_validate_tx(const sluice_bytom_tx *tx, uint64_t block_height,
                             uint64_t block_version, int is_block_tx0, const sl_bv_sigs *sigs,
                             sluice_bytom_tx_result *out) {
    memset(out, 0, sizeof *out);
    out->input = -1;
    walk w;
    memset(&w, 0, sizeof w);
    w.tx = tx;
    w.height = block_height;
    w.is_tx0 = is_block_tx0;
    w.sigs = sigs;
    w.out = out;

    size_t n = tx->n_inputs ? tx->n_inputs : 1;
    w.owner = (uint32_t *)malloc(n * sizeof *w.owner);
    w.checked = (uint8_t *)calloc(n, 1);
    sluice_err err = SLUICE_OK;
    if (!w.owner || !w.checked || compute_owners(&w)) {
        err = SLUICE_ERR_NOMEM;
        goto done;
    }

    if (malformed(&w)) goto done;
    /* ValidateTx */
    if (block_version == 1 && tx->version != 1) {
        sl_bv_detail(out, "block version %llu, transaction version %llu",
                     (unsigned long long)block_version, (unsigned long long)tx->version);
        fail(&w, SLUICE_RULE_TX_VERSION, -1);
        goto done;
    }
    if (tx->raw.len == 0) {
        fail(&w, SLUICE_RULE_TX_SIZE, -1);
        goto done;
    }
    if (tx->time_range != 0 && tx->time_range < block_height) {
        sl_bv_detail(out, "time range %llu < block height %llu",
                     (unsigned long long)tx->time_range, (unsigned long long)block_height);
        fail(&w, SLUICE_RULE_TX_TIME_RANGE, -1);
        goto done;
    }
    if (check_standard(&w)) goto done;

    /* checkValid(TxHeader): result 0 reaches the mux; every result's own
     * source check then holds by construction. */
    if (tx->n_outputs > 0) {
        int rc = check_mux(&w);
        if (rc == -2) {
            err = SLUICE_ERR_NOMEM;
            goto done;
        }
        if (rc) goto done;
    }
    if (tx->version == 1 && tx->n_outputs == 0) fail(&w, SLUICE_RULE_TX_EMPTY_RESULTS, -1);

done:
    out->gas_valid = w.g.gas_valid;
    out->gas_used = w.g.gas_used;
    out->gas_left = w.g.gas_left;
    out->storage_gas = w.g.storage_gas;
    out->fee = w.g.btm_value;
    out->status_fail = out->gas_valid && out->rule != SLUICE_RULE_OK;
    if (out->rule != SLUICE_RULE_OK && out->detail[0] == 0)
        sl_bv_detail(out, "%s", sluice_bytom_rule_str(out->rule));
    free(w.owner);
    free(w.checked);
    return err;
}

sluice_err sluice_bytom_validate_tx(const sluice_bytom_tx *tx, uint64_t block_height,
                                    uint64_t block_version, int is_block_tx0,
                                    sluice_bytom_profile profile, sluice_bytom_tx_result *out) {
    if (!tx || !out || (profile != SLUICE_BYTOM_PROFILE_MAINNET &&
                        profile != SLUICE_BYTOM_PROFILE_NATIONAL))
        return SLUICE_ERR_ARG;
    sl_bv_sigs sigs = {profile == SLUICE_BYTOM_PROFILE_NATIONAL ? SLUICE_VM_SIG_SM2
                                                                : SLUICE_VM_SIG_ED25519,
                       NULL, NULL};
    return sl_bv_validate_tx(tx, block_height, block_version, is_block_tx0, &sigs, out);
}
