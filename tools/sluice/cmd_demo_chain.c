/* The chain step of `sluice demo` (cmd_demo_chain.h): a real Bytom block
 * validated by the engine, then tampered with three ways. */
#include "cmd_demo_chain.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "chain_input.h"
#include "cmd_common.h"
#include "sluice/bytom_validate.h"
#include "sluice/hex.h"

/* A real testnet block at height 12171: a coinbase and a transaction with two
 * signed inputs (BytomDAO/bytom v1.1.1 protocol/bc/types/block_test.go
 * TestReadFrom; tests/vectors/bytom_chain.txt). */
static const char real_block_hex[] =
    "03018b5f3077f24528e94ecfc4491bb2e9ed6264a632a9a4b86b00c88093ca545d14a137d4f5e1e4054035a2d11158f4"
    "7a5c5267630b2b6cf9e9a5f79a598085a2572a68defeb8013ad26978a65b4ee5b6f4914fe5c05000459a803ecf591326"
    "04e5d334d64249c5e50a17ebee908080808080200207010001010802060031323137310001013effffffffffffffffff"
    "ffffffffffffffffffffffffffffffffffffffffffffff809df3b49a010116001437e1aec83a4e6587ca9609e4e5aa72"
    "8db700744900070100020160015e4b5cb973f5bef4eadde4c89b92ee73312b940e84164da0594149554cc8a2adeaffff"
    "ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff80c480c1240201160014cb9f2391bafe2bc1"
    "159b2c4c8a0f17ba1b4dd94e6302405760b15cc09e543437c4e3aad05bf073e82ebdb214beccb5f4473653dfc0a9d5ae"
    "59fb149de19eb71c1c1399594757aeea4dd6327ca2790ef919bd20caa86104201381d35e235813ad1e62f9a602c82abe"
    "e90565639cc4573568206b55bcd2aed90130000840142084606f20ca7b38dc897329a288ea31031724f5c55bcafec804"
    "68a546955023380af2faad1480d0dbc3f402b001467b0a202022646563696d616c73223a20382c0a2020226465736372"
    "697074696f6e223a207b7d2c0a2020226e616d65223a2022222c0a20202273796d626f6c223a2022220a7d0125ae2054"
    "a71277cc162eb3eb21b5bd9fe54402829a53b294deaed91692a2cd8a081f9c5151ad0140621c2c3554da50d2a492d9d7"
    "8be7c6159359d8f5f0b93a054ce0133617a61d85c532aff449b97a3ec2804ca5fe12b4d54aa6e8c3215c33d04abee9c9"
    "abdfdb0302013dffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff80c0d1e12301160014"
    "4b61da45324299e40dacc255e2ea07dfce3a56d200013e7b38dc897329a288ea31031724f5c55bcafec80468a5469550"
    "23380af2faad1480d0dbc3f4020116001437e1aec83a4e6587ca9609e4e5aa728db700744900";

typedef struct {
    const char *what;
    sluice_bytom_rule want;  /* the rule that must fail; OK = valid */
} demo_case;

/* Applies tamper case k to raw (a copy of block b): 1 flips a signature bit,
 * 2 changes the transaction Merkle root, 3 makes the coinbase pay one unit
 * more. Returns 0, or -1 when the spot is not found. */
static int tamper(uint8_t *raw, size_t len, int k, const sluice_bytom_block *b) {
    if (k == 1) {
        const sluice_bytom_input *in = &b->txs[1].inputs[0];
        if (in->n_args < 1 || in->args[0].len != 64) return -1;
        raw[(size_t)(in->args[0].p - b->raw.p) + 5] ^= 1;
    } else if (k == 2) {
        for (size_t i = 0; i + 32 <= len; i++)
            if (memcmp(raw + i, b->header.tx_merkle_root, 32) == 0) {
                raw[i + 7] ^= 1;
                return 0;
            }
        return -1;
    } else if (k == 3) {
        /* the coinbase output amount 41450000000 is the varint 80 9d f3 b4 9a 01;
         * 81 ... adds one and keeps its length */
        static const uint8_t amount[6] = {0x80, 0x9d, 0xf3, 0xb4, 0x9a, 0x01};
        for (size_t i = 0; i + 6 <= len; i++)
            if (memcmp(raw + i, amount, 6) == 0) {
                raw[i] = 0x81;
                return 0;
            }
        return -1;
    }
    return 0;
}

sluice_err demo_chain(const sluice_cli *cli, unsigned threads, demo_chain_totals *t, char *why, size_t why_cap) {
    static const demo_case cases[] = {
        {"as mined", SLUICE_RULE_OK},
        {"one signature bit flipped", SLUICE_RULE_BLOCK_TX_NOT_GAS_VALID},
        {"transaction Merkle root changed", SLUICE_RULE_BLOCK_TX_ROOT},
        {"coinbase pays one unit more", SLUICE_RULE_BLOCK_COINBASE_AMOUNT},
    };
    uint8_t *orig = NULL;
    size_t len = 0;
    if (chain_input_hex(real_block_hex, strlen(real_block_hex), &orig, &len, why, why_cap)) return SLUICE_ERR_INTERNAL;
    sluice_bytom_block *ob = NULL;
    sluice_err e = sluice_bytom_block_parse(orig, len, &ob, why, why_cap);
    if (e != SLUICE_OK) {
        free(orig);
        return e;
    }
    uint8_t *raw = malloc(len);
    if (!raw) {
        sluice_bytom_block_free(ob);
        free(orig);
        return sluice_why(SLUICE_ERR_NOMEM, why, why_cap, "out of memory");
    }
    char hash[65];
    sluice_hex_encode(hash, ob->hash, 32);
    if (!cli->json)
        printf("sluice demo: validating a real Bytom testnet block (height %llu, %s, %u transactions)\n",
               (unsigned long long)ob->header.height, hash, ob->n_txs);
    for (size_t k = 0; k < sizeof cases / sizeof cases[0] && e == SLUICE_OK; k++) {
        memcpy(raw, orig, len);
        if (tamper(raw, len, (int)k, ob)) {
            e = sluice_why(SLUICE_ERR_INTERNAL, why, why_cap, "demo block: cannot apply '%s'", cases[k].what);
            break;
        }
        sluice_bytom_block *b = NULL;
        e = sluice_bytom_block_parse(raw, len, &b, why, why_cap);
        if (e != SLUICE_OK) break;
        sluice_bytom_validate_opts vo = {SLUICE_BYTOM_PROFILE_MAINNET, (int)threads, 1};
        sluice_bytom_block_result res;
        sluice_bytom_tx_result txr[8];
        double t0 = cmd_now();
        if (b->n_txs <= 8)
            e = sluice_bytom_validate_block(b, NULL, &vo, txr, &res);
        else
            e = sluice_why(SLUICE_ERR_INTERNAL, why, why_cap, "demo block has %u transactions", b->n_txs);
        double secs = cmd_now() - t0;
        if (e == SLUICE_OK) {
            int right = res.rule == cases[k].want;
            t->blocks++;
            t->seconds += secs;
            if (!right) t->failures++;
            const char *verdict = res.rule == SLUICE_RULE_OK ? "valid" : sluice_bytom_rule_str(res.rule);
            if (cli->json)
                printf("{\"event\":\"block_verify\",\"case\":\"%s\",\"valid\":%s,\"rule\":\"%s\",\"expected\":\"%s\","
                       "\"gas_used\":%llu,\"sig_checks\":%u,\"seconds\":%.4f}\n",
                       cases[k].what, res.rule == SLUICE_RULE_OK ? "true" : "false", sluice_bytom_rule_name(res.rule),
                       sluice_bytom_rule_name(cases[k].want), (unsigned long long)res.gas_used, res.sig_checks, secs);
            else
                printf("  %-32s %-44s gas %-5llu %u signature check%s %s\n", cases[k].what, verdict,
                       (unsigned long long)res.gas_used, res.sig_checks, res.sig_checks == 1 ? "" : "s",
                       right ? "(as expected)" : "(WRONG)");
        }
        sluice_bytom_block_free(b);
    }
    free(raw);
    sluice_bytom_block_free(ob);
    free(orig);
    return e;
}
