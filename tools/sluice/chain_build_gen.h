/* Generator of realistic, valid Bytom v1 chains (`sluice chaingen`, issue 6):
 * a genesis block of its own (height 0, network "dev") and blocks 1..N that a
 * reference node (BytomDAO/bytom v1.1.1) given that genesis accepts: linked
 * heights and hashes, bits from the retarget rule, timestamps 150 s apart,
 * real Tensority proof of work at an easy target with the right seed per
 * height, a coinbase paying subsidy + fees, and transactions that spend only
 * existing, unspent, mature outputs with enough fee for their gas
 * (../specs/bytom-chain.md sections 4, 6, 7; tensority.md section 5).
 *
 * Transaction mix per block: mostly P2WPKH BTM transfers, some P2WSH 2-of-3
 * multisig spends, issuances of new assets, multi-asset transfers,
 * retirements and about 2 % status_fail transactions (gas-valid, a non-BTM
 * input's signature fails: only the BTM parts touch the UTXO set).
 *
 * Maturity: every BTM unit comes from a coinbase (tx 0 of a block, genesis
 * included; state/utxo_view.go marks all of tx 0's outputs coinbase) and a
 * coinbase output can be spent only at height >= its height + 100
 * (consensus.CoinbasePendingBlockNumber). Every transaction needs a BTM fee,
 * so blocks 1..99 carry only their coinbase; from height 100 on the generator
 * fans the genesis output out and fills blocks with M transactions.
 *
 * Reproducible: the same parameters give the same bytes (Ed25519 signatures
 * are deterministic; SM2 uses deterministic keys and nonces, see
 * tb_key_new_det).
 *
 * Faults: exactly one, injected into the block at the fault height; the
 * generator ends the chain with that block (cg_gen_block reports done). The
 * chain before it is byte-identical to the chain without the fault. */
#ifndef SLUICE_CHAIN_BUILD_GEN_H
#define SLUICE_CHAIN_BUILD_GEN_H

#include <stddef.h>
#include <stdint.h>

#include "sluice/bytom_validate.h"

typedef enum {
    CG_FAULT_NONE = 0,
    CG_FAULT_DOUBLE_SPEND,       /* a tx spends an output already spent (earlier block or
                                    earlier in the same block): UTXO rule "spent" */
    CG_FAULT_SPEND_LATER,        /* a tx spends an output created by a later tx of the same
                                    block: UTXO rule "not found" at that point */
    CG_FAULT_SPEND_UNKNOWN,      /* a tx spends an output that never existed */
    CG_FAULT_IMMATURE_COINBASE,  /* a tx spends the coinbase of the previous block */
    CG_FAULT_BAD_SIGNATURE,      /* a BTM input's signature is corrupted: the tx is not
                                    gas-valid, SLUICE_RULE_BLOCK_TX_NOT_GAS_VALID (TX_VM) */
    CG_FAULT_BAD_MERKLE,         /* the header's tx Merkle root is wrong: BLOCK_TX_ROOT */
    CG_FAULT_IMBALANCE,          /* an issuance tx outputs one unit more than it issues:
                                    BLOCK_TX_NOT_GAS_VALID (TX_UNBALANCED) */
    CG_FAULT_GAS_LIMIT,          /* gas-heavy (valid) txs until the block's gas sum exceeds
                                    10,000,000: BLOCK_GAS_LIMIT */
    CG_FAULT_BAD_POW,            /* a nonce whose Tensority result is above the target */
    CG_FAULT_COUNT
} cg_fault_kind;

/* "double-spend", "spend-later", ... ("none" for CG_FAULT_NONE). */
const char *cg_fault_name(cg_fault_kind k);
/* Parses "KIND@HEIGHT" (height >= 1). Returns 0, or -1 with a reason in why. */
int cg_fault_parse(const char *s, cg_fault_kind *kind, uint64_t *height, char *why,
                   size_t why_cap);
/* The lowest height at which a fault of this kind can be injected (spending
 * faults need mature BTM, i.e. height >= 100; immature-coinbase needs a
 * previous coinbase). */
uint64_t cg_fault_min_height(cg_fault_kind k);

/* The rule the validator reports for a block-level fault (BLOCK_* rule and,
 * for BLOCK_TX_NOT_GAS_VALID, the tx rule); SLUICE_RULE_OK for UTXO faults. */
sluice_bytom_rule cg_fault_block_rule(cg_fault_kind k, sluice_bytom_rule *tx_rule);

/* Genesis constants of the "dev" network (ours). */
#define CG_GENESIS_TIMESTAMP 1577836800ULL   /* 2020-01-01T00:00:00Z */
#define CG_BLOCK_SPACING 150                 /* seconds (consensus.TargetSecondsPerBlock) */
/* Easy target: 0xf0 << 248 = 15/16 of 2^256, so about 15 of 16 nonces pass
 * and a failing one (bad-pow) is found in a few tries. Written as Bytom's
 * BigToCompact writes it, so an exact-spacing retarget keeps it unchanged. */
#define CG_EASY_BITS ((32ULL << 56) | 0xf00000ULL)
#define CG_COINBASE_MATURITY 100             /* consensus.CoinbasePendingBlockNumber */
#define CG_MAX_BLOCKS 1000000ULL             /* keeps the last timestamp in the past */
#define CG_MAX_TXS_PER_BLOCK 5000

/* Signing keys: the first CG_MIN_KEYS are made up front (the multisig groups
 * use them); any further key is made, deterministically from the seed and its
 * index, when an output is first paid to it. */
#define CG_MIN_KEYS 24
#define CG_MAX_KEYS 65535

typedef struct {
    uint64_t blocks;                  /* heights 1..blocks after the genesis */
    uint32_t txs_per_block;           /* non-coinbase transactions per block from height 100
                                         on (exactly, unless the block reaches the
                                         9,000,000 gas soft cap first) */
    sluice_bytom_profile profile;     /* mainnet = Ed25519, national = SM2 */
    uint64_t seed;
    cg_fault_kind fault;
    uint64_t fault_height;
    uint32_t keys;                    /* distinct signing keys outputs are paid to,
                                         CG_MIN_KEYS..CG_MAX_KEYS; 0 = CG_MIN_KEYS */
} cg_params;

typedef struct {
    uint64_t blocks;                  /* blocks produced, genesis included */
    uint64_t txs;                     /* transactions, coinbases included */
    uint64_t spends, multisig_spends, issuances, retirements, status_fail;
    uint64_t pow_hashes;              /* Tensority hashes computed while mining */
    uint64_t utxos;                   /* size of the generator's UTXO set at the end */
} cg_stats;

typedef struct cg_gen cg_gen;

/* Validates the parameters and prepares keys. Returns 0, or -1 with a reason. */
int cg_gen_new(const cg_params *p, cg_gen **out, char *why, size_t why_cap);
/* The next block (genesis first): *raw is malloc'd (caller frees), *height
 * its height. Returns 1 with a block, 0 when the chain is complete (nothing
 * produced), -1 on an internal error (why). */
int cg_gen_block(cg_gen *g, uint8_t **raw, size_t *len, uint64_t *height, char *why,
                 size_t why_cap);
/* A deep copy of the generator's state (keys are shared, read-only), so a
 * test can fork a chain: the copy continues exactly as the original would. */
cg_gen *cg_gen_clone(const cg_gen *g);
/* Changes the fault of a generator (e.g. of a clone) before its next block. */
void cg_gen_set_fault(cg_gen *g, cg_fault_kind kind, uint64_t height);
const cg_stats *cg_gen_stats(const cg_gen *g);
void cg_gen_free(cg_gen *g);

#endif
