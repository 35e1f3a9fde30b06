/* Transaction validation (sluice/bytom_validate.h): the reference's rule_aa
 * vector (tx.go TestRuleAA), real signed transactions, and built
 * transactions that are valid or break one rule each, in both profiles. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "chain_build.h"
#include "sluice/bytom_tx.h"
#include "sluice/bytom_validate.h"
#include "testutil.h"

static const uint8_t *BTM = SLUICE_BYTOM_BTM_ASSET;
static uint8_t ASSET_X[32];
static uint8_t SRC[8][32];

/* Parses hex; *raw receives the buffer the transaction points into (free
 * it after the transaction). */
static sluice_bytom_tx *parse_hex(const char *hex, uint8_t **rawp) {
    size_t cap = strlen(hex) / 2 + 1;
    uint8_t *raw = malloc(cap);
    long n = tb_unhex(hex, raw, cap);
    sluice_bytom_tx *tx = NULL;
    char why[160];
    if (n < 0 || sluice_bytom_tx_parse(raw, (size_t)n, &tx, why, sizeof why) != SLUICE_OK) {
        fprintf(stderr, "parse failed: %s\n", why);
        free(raw);
        *rawp = NULL;
        return NULL;
    }
    *rawp = raw;
    return tx;
}

static char *vector_field(const char *key, int index) {
    FILE *f = tu_open_vectors("bytom_chain.txt");
    static char line[1 << 16];
    int seen = 0;
    char *res = NULL;
    while (tu_next_line(f, line, sizeof line)) {
        size_t kl = strlen(key);
        if (strncmp(line, key, kl) || line[kl] != ' ') continue;
        if (seen++ != index) continue;
        res = strdup(line + kl + 1);
        break;
    }
    fclose(f);
    return res;
}

static void test_rule_aa(void) {
    char *hex = vector_field("rule_aa", 0);
    CHECK(hex != NULL);
    if (!hex) return;
    uint8_t *raw = NULL;
    sluice_bytom_tx *tx = parse_hex(hex, &raw);
    free(hex);
    CHECK(tx != NULL);
    if (!tx) return;
    for (int prof = 0; prof < 1; prof++) {
        sluice_bytom_tx_result r;
        CHECK(sluice_bytom_validate_tx(tx, 142499, 1, 0, SLUICE_BYTOM_PROFILE_MAINNET, &r) ==
              SLUICE_OK);
        CHECK(r.rule == SLUICE_RULE_TX_MISMATCHED_POSITION);
        CHECK(r.gas_valid == 1);
        CHECK(r.status_fail == 1);
        CHECK(r.input == 0);
        CHECK(r.storage_gas == (int64_t)tx->raw.len);
        CHECK(r.gas_used > r.storage_gas);
        uint64_t fee = 0;
        for (uint32_t i = 0; i < tx->n_inputs; i++) fee += tx->inputs[i].amount;
        for (uint32_t i = 0; i < tx->n_outputs; i++) fee -= tx->outputs[i].amount;
        CHECK(r.fee == fee);
        CHECK(r.gas_used + r.gas_left == (int64_t)(fee / 200 > 200000 ? 200000 : fee / 200));

        CHECK(sluice_bytom_validate_tx(tx, 142500, 1, 0, SLUICE_BYTOM_PROFILE_MAINNET, &r) ==
              SLUICE_OK);
        CHECK(r.rule == SLUICE_RULE_TX_EMPTY_INPUT_ID);
        CHECK(r.gas_valid == 0);
        CHECK(r.status_fail == 0);
        CHECK(r.input == 0);
        CHECK(sluice_bytom_validate_tx(tx, 1000000, 1, 0, SLUICE_BYTOM_PROFILE_MAINNET, &r) ==
              SLUICE_OK);
        CHECK(r.rule == SLUICE_RULE_TX_EMPTY_INPUT_ID);
    }
    CHECK(strcmp(sluice_bytom_rule_str(SLUICE_RULE_TX_EMPTY_INPUT_ID), "got the empty InputIDs") == 0);
    CHECK(strcmp(sluice_bytom_rule_str(SLUICE_RULE_TX_MISMATCHED_POSITION),
                 "mismatched value source/dest position") == 0);
    sluice_bytom_tx_free(tx);
    free(raw);
}

/* Real signed transactions (merkle_real_tx, decoded_tx) are valid. */
static void test_real_txs(void) {
    for (int k = 0; k < 6; k++) {
        char *field = k < 5 ? vector_field("merkle_real_tx", k) : vector_field("decoded_tx", 0);
        CHECK(field != NULL);
        if (!field) continue;
        char *sp = strchr(field, ' ');
        if (sp) *sp = 0;
        uint8_t *raw = NULL;
        sluice_bytom_tx *tx = parse_hex(field, &raw);
        free(field);
        CHECK(tx != NULL);
        if (!tx) continue;
        sluice_bytom_tx_result r;
        CHECK(sluice_bytom_validate_tx(tx, 200000, 1, 0, SLUICE_BYTOM_PROFILE_MAINNET, &r) ==
              SLUICE_OK);
        if (r.rule != SLUICE_RULE_OK)
            fprintf(stderr, "real tx %d: %s (%s)\n", k, sluice_bytom_rule_name(r.rule), r.detail);
        CHECK(r.rule == SLUICE_RULE_OK);
        CHECK(r.gas_valid == 1);
        CHECK(r.storage_gas == (int64_t)tx->raw.len);
        if (k == 5) {
            CHECK(r.fee == 20000000);
            CHECK(tx->raw.len == 332);
        }
        /* a flipped signature bit makes it fail in the VM, not gas-valid */
        sluice_bytom_tx *t2 = NULL;
        uint8_t *copy = malloc(tx->raw.len);
        memcpy(copy, tx->raw.p, tx->raw.len);
        /* find the first input's first witness argument: its 64-byte signature
         * is followed by the public key; flip a byte 40 bytes before the key */
        const sluice_bytom_input *in0 = &tx->inputs[0];
        if (in0->type == SLUICE_BYTOM_INPUT_SPEND && in0->n_args >= 1 && in0->args[0].len == 64) {
            size_t off = (size_t)(in0->args[0].p - tx->raw.p) + 10;
            copy[off] ^= 1;
            char why[160];
            CHECK(sluice_bytom_tx_parse(copy, tx->raw.len, &t2, why, sizeof why) == SLUICE_OK);
            if (t2) {
                CHECK(sluice_bytom_validate_tx(t2, 200000, 1, 0, SLUICE_BYTOM_PROFILE_MAINNET,
                                               &r) == SLUICE_OK);
                CHECK(r.rule == SLUICE_RULE_TX_VM);
                CHECK(r.vm_err == SLUICE_VM_ERR_FALSE_VM_RESULT);
                CHECK(r.input == 0);
                /* a BTM input fails before gas-valid; another asset's after (tx 3) */
                int btm0 = memcmp(in0->asset_id, BTM, 32) == 0;
                CHECK(r.gas_valid == !btm0);
                CHECK(r.status_fail == !btm0);
                CHECK(k != 3 || !btm0);
                sluice_bytom_tx_free(t2);
            }
        }
        free(copy);
        sluice_bytom_tx_free(tx);
        free(raw);
    }
}

/* Builds, parses and validates t; returns the result (rule COUNT on build failure). */
static sluice_bytom_tx_result run(tb_tx *t, uint64_t height, int tx0, sluice_bytom_profile prof) {
    sluice_bytom_tx_result r;
    memset(&r, 0, sizeof r);
    r.rule = SLUICE_RULE_COUNT;
    uint8_t *raw = NULL;
    size_t len = 0;
    if (tb_tx_build(t, &raw, &len)) return r;
    sluice_bytom_tx *tx = NULL;
    char why[160];
    if (sluice_bytom_tx_parse(raw, len, &tx, why, sizeof why) != SLUICE_OK) {
        fprintf(stderr, "built tx does not parse: %s\n", why);
        free(raw);
        return r;
    }
    if (sluice_bytom_validate_tx(tx, height, 1, tx0, prof, &r) != SLUICE_OK)
        r.rule = SLUICE_RULE_COUNT;
    sluice_bytom_tx_free(tx);
    free(raw);
    return r;
}

#define FEE 10000000ULL

static void expect(const char *what, sluice_bytom_tx_result r, sluice_bytom_rule rule,
                   int gas_valid) {
    tu_checks++;
    if (r.rule != rule || r.gas_valid != gas_valid) {
        tu_failures++;
        fprintf(stderr, "%s: got %s gas_valid=%d (%s), want %s gas_valid=%d\n", what,
                sluice_bytom_rule_name(r.rule), r.gas_valid, r.detail,
                sluice_bytom_rule_name(rule), gas_valid);
    }
}

static void test_profile(sluice_bytom_profile prof) {
    tb_key k[4];
    for (int i = 0; i < 4; i++) CHECK(tb_key_new(&k[i], prof, 100 + (uint64_t)i) == 0);
    const tb_key *ms[3] = {&k[0], &k[1], &k[2]};
    tb_tx t;
    sluice_bytom_tx_result r;
    const char *pn = sluice_bytom_profile_name(prof);
    char name[96];

    /* valid P2WPKH */
    tb_tx_init(&t);
    tb_add_spend_p2wpkh(&t, &k[0], SRC[0], BTM, 5 * FEE, 0);
    tb_add_output_p2wpkh(&t, &k[1], BTM, 4 * FEE);
    r = run(&t, 1000, 0, prof);
    snprintf(name, sizeof name, "%s p2wpkh", pn);
    expect(name, r, SLUICE_RULE_OK, 1);
    CHECK(r.fee == FEE);
    CHECK(r.status_fail == 0);
    CHECK(r.gas_used + r.gas_left == (int64_t)(FEE / 200));
    CHECK(r.gas_used > r.storage_gas);
    int64_t p2wpkh_vm_gas = r.gas_used - r.storage_gas, p2wpkh_size = r.storage_gas;

    /* valid P2WSH 2-of-3 (keys 0 and 2 sign) */
    tb_tx_init(&t);
    tb_add_spend_multisig(&t, ms, 3, 2, 0x5, SRC[1], BTM, 5 * FEE, 0);
    tb_add_output_p2wpkh(&t, &k[1], BTM, 4 * FEE);
    r = run(&t, 1000, 0, prof);
    snprintf(name, sizeof name, "%s p2wsh 2-of-3", pn);
    expect(name, r, SLUICE_RULE_OK, 1);
    int64_t ms_gas = r.gas_used;

    /* 2-of-3 with keys 1 and 2 */
    tb_tx_init(&t);
    tb_add_spend_multisig(&t, ms, 3, 2, 0x6, SRC[1], BTM, 5 * FEE, 0);
    tb_add_output_p2wpkh(&t, &k[1], BTM, 4 * FEE);
    r = run(&t, 1000, 0, prof);
    snprintf(name, sizeof name, "%s p2wsh 2-of-3 keys 1,2", pn);
    expect(name, r, SLUICE_RULE_OK, 1);
    CHECK(ms_gas > 0);

    /* multisig with one bad signature: VM false, not gas-valid */
    tb_tx_init(&t);
    tb_input *bad = tb_add_spend_multisig(&t, ms, 3, 2, 0x5, SRC[1], BTM, 5 * FEE, 0);
    bad->corrupt_sig = 1;
    tb_add_output_p2wpkh(&t, &k[1], BTM, 4 * FEE);
    r = run(&t, 1000, 0, prof);
    snprintf(name, sizeof name, "%s p2wsh bad sig", pn);
    expect(name, r, SLUICE_RULE_TX_VM, 0);
    CHECK(r.input == 0);

    /* P2WPKH bad signature */
    tb_tx_init(&t);
    tb_add_spend_p2wpkh(&t, &k[0], SRC[0], BTM, 5 * FEE, 0)->corrupt_sig = 1;
    tb_add_output_p2wpkh(&t, &k[1], BTM, 4 * FEE);
    r = run(&t, 1000, 0, prof);
    snprintf(name, sizeof name, "%s p2wpkh bad sig", pn);
    expect(name, r, SLUICE_RULE_TX_VM, 0);
    CHECK(r.vm_err == SLUICE_VM_ERR_FALSE_VM_RESULT);

    /* non-BTM input with a bad signature: gas-valid, status_fail */
    tb_tx_init(&t);
    tb_add_spend_p2wpkh(&t, &k[0], SRC[0], BTM, 5 * FEE, 0);
    tb_add_spend_p2wpkh(&t, &k[2], SRC[2], ASSET_X, 777, 3)->corrupt_sig = 1;
    tb_add_output_p2wpkh(&t, &k[1], BTM, 4 * FEE);
    tb_add_output_p2wpkh(&t, &k[1], ASSET_X, 777);
    r = run(&t, 1000, 0, prof);
    snprintf(name, sizeof name, "%s non-BTM bad sig", pn);
    expect(name, r, SLUICE_RULE_TX_VM, 1);
    CHECK(r.status_fail == 1);
    CHECK(r.input == 1);
    CHECK(r.fee == FEE);

    /* the same, signed: valid */
    tb_tx_init(&t);
    tb_add_spend_p2wpkh(&t, &k[0], SRC[0], BTM, 5 * FEE, 0);
    tb_add_spend_p2wpkh(&t, &k[2], SRC[2], ASSET_X, 777, 3);
    tb_add_output_p2wpkh(&t, &k[1], BTM, 4 * FEE);
    tb_add_output_p2wpkh(&t, &k[1], ASSET_X, 777);
    r = run(&t, 1000, 0, prof);
    snprintf(name, sizeof name, "%s two assets", pn);
    expect(name, r, SLUICE_RULE_OK, 1);

    /* unbalanced non-BTM asset */
    tb_tx_init(&t);
    tb_add_spend_p2wpkh(&t, &k[0], SRC[0], BTM, 5 * FEE, 0);
    tb_add_spend_p2wpkh(&t, &k[2], SRC[2], ASSET_X, 777, 3);
    tb_add_output_p2wpkh(&t, &k[1], BTM, 4 * FEE);
    tb_add_output_p2wpkh(&t, &k[1], ASSET_X, 700);
    expect("unbalanced", run(&t, 1000, 0, prof), SLUICE_RULE_TX_UNBALANCED, 0);

    /* output asset without a source */
    tb_tx_init(&t);
    tb_add_spend_p2wpkh(&t, &k[0], SRC[0], BTM, 5 * FEE, 0);
    tb_add_output_p2wpkh(&t, &k[1], BTM, 4 * FEE);
    tb_add_output_p2wpkh(&t, &k[1], ASSET_X, 1);
    expect("no source", run(&t, 1000, 0, prof), SLUICE_RULE_TX_NO_SOURCE, 0);

    /* BTM out > in */
    tb_tx_init(&t);
    tb_add_spend_p2wpkh(&t, &k[0], SRC[0], BTM, 5 * FEE, 0);
    tb_add_output_p2wpkh(&t, &k[1], BTM, 6 * FEE);
    expect("negative BTM", run(&t, 1000, 0, prof), SLUICE_RULE_TX_GAS_CALCULATE, 0);

    /* int64 overflow of the BTM sum */
    tb_tx_init(&t);
    tb_add_spend_p2wpkh(&t, &k[0], SRC[0], BTM, 0x7fffffffffffffffULL, 0);
    tb_add_spend_p2wpkh(&t, &k[0], SRC[1], BTM, 0x7fffffffffffffffULL, 0);
    tb_add_output_p2wpkh(&t, &k[1], BTM, 1);
    expect("overflow", run(&t, 1000, 0, prof), SLUICE_RULE_TX_OVERFLOW, 0);

    /* no fee: the VM runs out of gas */
    tb_tx_init(&t);
    tb_add_spend_p2wpkh(&t, &k[0], SRC[0], BTM, 5 * FEE, 0);
    tb_add_output_p2wpkh(&t, &k[1], BTM, 5 * FEE);
    r = run(&t, 1000, 0, prof);
    expect("zero fee", r, SLUICE_RULE_TX_VM, 0);
    CHECK(r.vm_err == SLUICE_VM_ERR_RUN_LIMIT_EXCEEDED);

    /* fee covers the program but not the storage gas: over the credit */
    tb_tx_init(&t);
    tb_add_spend_p2wpkh(&t, &k[0], SRC[0], BTM, 5 * FEE, 0);
    tb_add_output_p2wpkh(&t, &k[1], BTM,
                         5 * FEE - 200 * (uint64_t)(p2wpkh_vm_gas + p2wpkh_size - 1));
    r = run(&t, 1000, 0, prof);
    expect("storage gas", r, SLUICE_RULE_TX_OVER_GAS_CREDIT, 0);
    CHECK(r.storage_gas == p2wpkh_size);
    /* one unit more and it is gas-valid with nothing left */
    t.out[0].amount -= 200;
    r = run(&t, 1000, 0, prof);
    expect("storage gas exact", r, SLUICE_RULE_OK, 1);
    CHECK(r.gas_left == 0);

    /* version */
    tb_tx_init(&t);
    t.version = 2;
    tb_add_spend_p2wpkh(&t, &k[0], SRC[0], BTM, 5 * FEE, 0);
    tb_add_output_p2wpkh(&t, &k[1], BTM, 4 * FEE);
    expect("version", run(&t, 1000, 0, prof), SLUICE_RULE_TX_VERSION, 0);

    /* time range: 0 and >= height pass, below fails */
    tb_tx_init(&t);
    t.time_range = 1000;
    tb_add_spend_p2wpkh(&t, &k[0], SRC[0], BTM, 5 * FEE, 0);
    tb_add_output_p2wpkh(&t, &k[1], BTM, 4 * FEE);
    expect("time range = height", run(&t, 1000, 0, prof), SLUICE_RULE_OK, 1);
    t.time_range = 999;
    expect("time range < height", run(&t, 1000, 0, prof), SLUICE_RULE_TX_TIME_RANGE, 0);

    /* non-standard BTM output, and a gas input spending a non-standard program */
    tb_tx_init(&t);
    const uint8_t op2 = 0x52;
    tb_add_spend_p2wpkh(&t, &k[0], SRC[0], BTM, 5 * FEE, 0);
    tb_add_output(&t, BTM, 4 * FEE, &op2, 1);
    expect("non-standard output", run(&t, 1000, 0, prof), SLUICE_RULE_TX_NOT_STANDARD, 0);
    tb_tx_init(&t);
    const uint8_t optrue = 0x51;
    tb_add_spend_program(&t, &op2, 1, SRC[0], BTM, 5 * FEE, 0);
    tb_add_output(&t, BTM, 4 * FEE, &optrue, 1);   /* a lone OP_TRUE is standard */
    expect("non-standard input", run(&t, 1000, 0, prof), SLUICE_RULE_TX_NOT_STANDARD, 0);
    /* a lone OP_TRUE spend is standard and runs (no signature) */
    tb_tx_init(&t);
    tb_add_spend_program(&t, &optrue, 1, SRC[0], BTM, 5 * FEE, 0);
    tb_add_output(&t, BTM, 4 * FEE, &optrue, 1);
    expect("OP_TRUE spend", run(&t, 1000, 0, prof), SLUICE_RULE_OK, 1);

    /* retirement of BTM */
    tb_tx_init(&t);
    tb_add_spend_p2wpkh(&t, &k[0], SRC[0], BTM, 5 * FEE, 0);
    tb_add_output_p2wpkh(&t, &k[1], BTM, 3 * FEE);
    tb_add_retirement(&t, BTM, FEE);
    r = run(&t, 1000, 0, prof);
    expect("retirement", r, SLUICE_RULE_OK, 1);
    CHECK(r.fee == FEE);

    /* no outputs */
    tb_tx_init(&t);
    tb_add_spend_p2wpkh(&t, &k[0], SRC[0], BTM, 5 * FEE, 0);
    expect("no results", run(&t, 1000, 0, prof), SLUICE_RULE_TX_EMPTY_RESULTS, 0);

    /* the same BTM output spent twice: mismatched position below ruleAA,
     * empty input IDs from it */
    tb_tx_init(&t);
    tb_add_spend_p2wpkh(&t, &k[0], SRC[0], BTM, 5 * FEE, 0);
    tb_add_spend_p2wpkh(&t, &k[0], SRC[0], BTM, 5 * FEE, 0);
    tb_add_output_p2wpkh(&t, &k[1], BTM, 9 * FEE);
    expect("double spend 142499", run(&t, 142499, 0, prof), SLUICE_RULE_TX_MISMATCHED_POSITION, 1);
    expect("double spend 142500", run(&t, 142500, 0, prof), SLUICE_RULE_TX_EMPTY_INPUT_ID, 0);

    /* issuance (program OP_TRUE) paid by a BTM spend */
    static const uint8_t nonce[8] = {1, 2, 3, 4, 5, 6, 7, 8};
    static const uint8_t def[] = "{\"name\":\"x\"}";
    tb_tx_init(&t);
    tb_add_spend_p2wpkh(&t, &k[0], SRC[0], BTM, 5 * FEE, 0);
    tb_input *iss = tb_add_issuance(&t, &optrue, 1, def, sizeof def - 1, nonce, 5000);
    tb_add_output_p2wpkh(&t, &k[1], BTM, 4 * FEE);
    tb_add_output(&t, iss->asset_id, 5000, &op2, 1);   /* non-BTM: any program */
    expect("issuance", run(&t, 1000, 0, prof), SLUICE_RULE_OK, 1);
    /* issuance whose program fails: after gas-valid, so status_fail */
    tb_tx_init(&t);
    const uint8_t opfalse = 0x00;
    tb_add_spend_p2wpkh(&t, &k[0], SRC[0], BTM, 5 * FEE, 0);
    iss = tb_add_issuance(&t, &opfalse, 1, def, sizeof def - 1, nonce, 5000);
    tb_add_output_p2wpkh(&t, &k[1], BTM, 4 * FEE);
    tb_add_output(&t, iss->asset_id, 5000, &op2, 1);
    r = run(&t, 1000, 0, prof);
    expect("issuance false", r, SLUICE_RULE_TX_VM, 1);
    CHECK(r.input == 1);

    /* coinbase */
    uint8_t arb[129];
    memset(arb, 'a', sizeof arb);
    tb_tx_init(&t);
    tb_add_coinbase(&t, arb, 128);
    tb_add_output_p2wpkh(&t, &k[1], BTM, 41250000000ULL);
    r = run(&t, 1000, 1, prof);
    expect("coinbase", r, SLUICE_RULE_OK, 1);
    CHECK(r.gas_used == 0 && r.storage_gas == 0 && r.fee == 0);
    expect("coinbase not tx 0", run(&t, 1000, 0, prof), SLUICE_RULE_TX_WRONG_COINBASE, 0);
    tb_tx_init(&t);
    tb_add_coinbase(&t, arb, 129);
    tb_add_output_p2wpkh(&t, &k[1], BTM, 41250000000ULL);
    expect("coinbase arbitrary", run(&t, 1000, 1, prof), SLUICE_RULE_TX_COINBASE_ARBITRARY, 0);
    tb_tx_init(&t);
    tb_add_coinbase(&t, arb, 10);
    tb_add_output_p2wpkh(&t, &k[1], ASSET_X, 41250000000ULL);
    expect("coinbase asset", run(&t, 1000, 1, prof), SLUICE_RULE_TX_COINBASE_ASSET, 0);
    /* coinbase behind a spend: its destination is mux source 0, not itself */
    tb_tx_init(&t);
    tb_add_spend_p2wpkh(&t, &k[0], SRC[0], BTM, 5 * FEE, 0);
    tb_add_coinbase(&t, arb, 10);
    tb_add_output_p2wpkh(&t, &k[1], BTM, 4 * FEE);
    expect("coinbase at input 1", run(&t, 1000, 1, prof), SLUICE_RULE_TX_MISMATCHED_REFERENCE, 0);

    /* an input of asset version 2 cannot be mapped */
    tb_tx_init(&t);
    tb_add_spend_p2wpkh(&t, &k[0], SRC[0], BTM, 5 * FEE, 0);
    tb_add_spend_program(&t, &optrue, 1, SRC[3], BTM, 5, 0)->asset_version = 2;
    tb_add_output_p2wpkh(&t, &k[1], BTM, 4 * FEE);
    expect("asset version 2", run(&t, 1000, 0, prof), SLUICE_RULE_TX_MALFORMED, 0);

    for (int i = 0; i < 4; i++) tb_key_free(&k[i]);
}

static void test_misc(void) {
    CHECK(sluice_bytom_block_subsidy(0) == 140700041250000000ULL);
    CHECK(sluice_bytom_block_subsidy(1) == 41250000000ULL);
    CHECK(sluice_bytom_block_subsidy(839999) == 41250000000ULL);
    CHECK(sluice_bytom_block_subsidy(840000) == 20625000000ULL);
    CHECK(sluice_bytom_block_subsidy(840000ULL * 64) == 0);
    CHECK(sluice_bytom_block_subsidy(UINT64_MAX) == 0);
    for (int r = 0; r < SLUICE_RULE_COUNT; r++) {
        CHECK(strcmp(sluice_bytom_rule_str((sluice_bytom_rule)r), "unknown rule") != 0);
        CHECK(strcmp(sluice_bytom_rule_name((sluice_bytom_rule)r), "unknown") != 0);
    }
    CHECK(strcmp(sluice_bytom_rule_str(SLUICE_RULE_COUNT), "unknown rule") == 0);
    sluice_bytom_profile p;
    CHECK(sluice_bytom_profile_parse("sm2", &p) == SLUICE_OK && p == SLUICE_BYTOM_PROFILE_NATIONAL);
    CHECK(sluice_bytom_profile_parse("mainnet", &p) == SLUICE_OK &&
          p == SLUICE_BYTOM_PROFILE_MAINNET);
    CHECK(sluice_bytom_profile_parse("x", &p) == SLUICE_ERR_ARG);
    CHECK(sluice_bytom_validate_tx(NULL, 1, 1, 0, SLUICE_BYTOM_PROFILE_MAINNET, NULL) ==
          SLUICE_ERR_ARG);
}

int main(void) {
    memset(ASSET_X, 0x3c, 32);
    for (int i = 0; i < 8; i++) memset(SRC[i], 0x10 + i, 32);
    test_misc();
    test_rule_aa();
    test_real_txs();
    test_profile(SLUICE_BYTOM_PROFILE_MAINNET);
    test_profile(SLUICE_BYTOM_PROFILE_NATIONAL);
    return tu_finish("test_bytom_validate_tx");
}
