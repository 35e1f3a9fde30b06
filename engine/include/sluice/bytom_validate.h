/* Bytom v1 transaction and block validation (../specs/bytom-chain.md
 * sections 2, 4, 5, 6; reference: BytomDAO/bytom v1.1.1
 * protocol/validation/{tx.go,block.go,vmcontext.go}, protocol/bc/types/map.go,
 * consensus/{general.go,segwit/segwit.go,difficulty/difficulty.go}).
 *
 * Input is a parsed block or transaction (sluice/bytom_tx.h, every ID already
 * computed); validation never recomputes an ID. Results are plain values:
 * which rule failed first (in the reference's order), the VM error and the
 * input it concerns, the gas figures, and which checks could not be made for
 * lack of context. Results are deterministic whatever the thread count and
 * whether signatures are verified one by one or in batches. */
#ifndef SLUICE_BYTOM_VALIDATE_H
#define SLUICE_BYTOM_VALIDATE_H

#include <stddef.h>
#include <stdint.h>

#include "sluice/bytom_header.h"
#include "sluice/bytom_tx.h"
#include "sluice/bytom_vm.h"
#include "sluice/error.h"
#include "sluice/tensority.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Consensus constants (consensus/general.go, validation/tx.go). */
#define SLUICE_BYTOM_DEFAULT_GAS_CREDIT 30000
#define SLUICE_BYTOM_VM_GAS_RATE 200
#define SLUICE_BYTOM_MAX_GAS_AMOUNT 200000
#define SLUICE_BYTOM_STORAGE_GAS_RATE 1
#define SLUICE_BYTOM_MAX_BLOCK_GAS 10000000ULL
#define SLUICE_BYTOM_COINBASE_ARBITRARY_LIMIT 128
#define SLUICE_BYTOM_RULE_AA_HEIGHT 142500
#define SLUICE_BYTOM_MEDIAN_TIME_BLOCKS 11
#define SLUICE_BYTOM_MAX_TIME_OFFSET_SECONDS 3600
#define SLUICE_BYTOM_BASE_SUBSIDY 41250000000ULL
#define SLUICE_BYTOM_SUBSIDY_REDUCTION_INTERVAL 840000
#define SLUICE_BYTOM_INITIAL_BLOCK_SUBSIDY 140700041250000000ULL

/* Every rule that can fail. Transaction rules first (tx.go), then block
 * rules (block.go). sluice_bytom_rule_str() gives the reference's error text. */
typedef enum {
    SLUICE_RULE_OK = 0,
    /* --- transaction (ValidateTx, checkValid, checkStandardTx) --- */
    SLUICE_RULE_TX_VERSION,             /* block version 1 and tx version != 1 */
    SLUICE_RULE_TX_SIZE,                /* serialized size 0 */
    SLUICE_RULE_TX_TIME_RANGE,          /* time_range != 0 and < block height */
    SLUICE_RULE_TX_EMPTY_INPUT_ID,      /* ruleAA (height >= 142500): an input ID is zero
                                           (e.g. the same output spent twice) */
    SLUICE_RULE_TX_NOT_STANDARD,        /* a BTM gas input or BTM output program is not
                                           P2WPKH / P2WSH (checked at every height) */
    SLUICE_RULE_TX_MALFORMED,           /* the reference cannot map it (input with
                                           asset_version != 1, coinbase without outputs) */
    SLUICE_RULE_TX_EMPTY_RESULTS,       /* version 1 and no outputs */
    SLUICE_RULE_TX_OVERFLOW,            /* an amount > 2^63-1 or int64 overflow in the balance */
    SLUICE_RULE_TX_NO_SOURCE,           /* an output's asset has no input */
    SLUICE_RULE_TX_UNBALANCED,          /* a non-BTM asset does not balance to zero */
    SLUICE_RULE_TX_GAS_CALCULATE,       /* BTM inputs < BTM outputs, storage gas not covered,
                                           or another gas arithmetic error */
    SLUICE_RULE_TX_OVER_GAS_CREDIT,     /* used gas over the credit before gas-valid */
    SLUICE_RULE_TX_VM,                  /* a control / issuance program failed (vm_err) */
    SLUICE_RULE_TX_MISMATCHED_ASSET_ID, /* issuance asset ID != computed from its definition */
    SLUICE_RULE_TX_MISMATCHED_VALUE,    /* value source / destination values disagree */
    SLUICE_RULE_TX_MISMATCHED_POSITION, /* value source / destination positions disagree */
    SLUICE_RULE_TX_MISMATCHED_REFERENCE,/* value source / destination references disagree */
    SLUICE_RULE_TX_POSITION,            /* invalid source or destination position */
    SLUICE_RULE_TX_WRONG_COINBASE,      /* a coinbase input outside transaction 0 of a block */
    SLUICE_RULE_TX_COINBASE_ASSET,      /* coinbase value not BTM */
    SLUICE_RULE_TX_COINBASE_ARBITRARY,  /* coinbase arbitrary longer than 128 bytes */
    /* --- block header (ValidateBlockHeader) --- */
    SLUICE_RULE_BLOCK_VERSION,          /* version != 1 */
    SLUICE_RULE_BLOCK_HEIGHT,           /* height != parent height + 1 */
    SLUICE_RULE_BLOCK_BITS,             /* bits != the parent's next bits (retarget) */
    SLUICE_RULE_BLOCK_PREV_HASH,        /* previous hash != parent hash */
    SLUICE_RULE_BLOCK_TIME_FUTURE,      /* timestamp > now + 3600 */
    SLUICE_RULE_BLOCK_TIME_MEDIAN,      /* timestamp <= median of the last 11 */
    SLUICE_RULE_BLOCK_POW,              /* Tensority(hash, seed) > target(bits) */
    /* --- block body (ValidateBlock) --- */
    SLUICE_RULE_BLOCK_NO_BODY,          /* header-only encoding (serflags 0x01) */
    SLUICE_RULE_BLOCK_TX_NOT_GAS_VALID, /* a transaction is not gas-valid (tx_index, its rule) */
    SLUICE_RULE_BLOCK_GAS_LIMIT,        /* sum of gas used > 10,000,000 */
    SLUICE_RULE_BLOCK_COINBASE_MISSING, /* no transactions, or transaction 0 has no coinbase input */
    SLUICE_RULE_BLOCK_COINBASE_AMOUNT,  /* coinbase output 0 != subsidy(h) + fees */
    SLUICE_RULE_BLOCK_TX_ROOT,          /* transaction Merkle root mismatch */
    SLUICE_RULE_BLOCK_STATUS_ROOT,      /* status Merkle root mismatch */
    SLUICE_RULE_COUNT
} sluice_bytom_rule;

/* The reference's error message for a rule ("invalid transaction version",
 * "mismatched value source/dest position", "block's gas is over the limit",
 * ...); never NULL ("unknown rule" when out of range). */
const char *sluice_bytom_rule_str(sluice_bytom_rule r);
/* A short stable identifier for JSON and tests: "tx_version", "block_pow", ... */
const char *sluice_bytom_rule_name(sluice_bytom_rule r);
/* 1 for transaction rules, 0 for block rules and OK. */
int sluice_bytom_rule_is_tx(sluice_bytom_rule r);

/* The chain profile: which signature scheme CHECKSIG / CHECKMULTISIG use. */
typedef enum {
    SLUICE_BYTOM_PROFILE_MAINNET = 0,   /* Ed25519 (Go's rules), 32-byte keys */
    SLUICE_BYTOM_PROFILE_NATIONAL = 1   /* SM2 (build tag gm), 33-byte compressed keys */
} sluice_bytom_profile;

/* "mainnet" / "national"; parse also accepts "ed25519" and "sm2". */
const char *sluice_bytom_profile_name(sluice_bytom_profile p);
sluice_err sluice_bytom_profile_parse(const char *name, sluice_bytom_profile *out);

/* The outcome of ValidateTx for one transaction (tx.go GasState + error). */
typedef struct {
    int gas_valid;              /* GasState.GasValid */
    int status_fail;            /* gas_valid and a later check failed: the tx stays in
                                   the block with status_fail (only meaningful in a block) */
    sluice_bytom_rule rule;     /* first failing rule; SLUICE_RULE_OK if valid */
    sluice_vm_err vm_err;       /* for SLUICE_RULE_TX_VM: the VM error */
    int32_t input;              /* input index the failure concerns, -1 if none */
    int64_t gas_used;           /* GasState.GasUsed (what the block sums) */
    int64_t gas_left;           /* GasState.GasLeft */
    int64_t storage_gas;        /* GasState.StorageGas (0 for a coinbase) */
    uint64_t fee;               /* GasState.BTMValue: BTM in - BTM out (0 if not reached) */
    char detail[112];           /* short human-readable detail, "" when valid */
} sluice_bytom_tx_result;

/* Validates one transaction as ValidateTx does for a block at block_height
 * with block_version; is_block_tx0 says whether it is transaction 0 of that
 * block (where a coinbase input is allowed). Signatures are verified one by
 * one with the profile's scheme. Returns SLUICE_OK with the verdict in *out,
 * SLUICE_ERR_ARG for NULL pointers, SLUICE_ERR_NOMEM. */
sluice_err sluice_bytom_validate_tx(const sluice_bytom_tx *tx, uint64_t block_height,
                                    uint64_t block_version, int is_block_tx0,
                                    sluice_bytom_profile profile, sluice_bytom_tx_result *out);

/* What is known about the chain before the block. Every field is optional;
 * a rule whose inputs are missing is not checked and is listed in
 * sluice_bytom_block_result.not_checked. */
typedef struct {
    const sluice_bytom_header *parent;  /* NULL: height, prev hash, bits, median not checked */
    const uint8_t *parent_hash;         /* 32 bytes; NULL: computed from *parent */
    /* Timestamps for the median (state.BlockNode.CalcPastMedianTime): the
     * parent's first, then its ancestors', newest to oldest. Complete when
     * n = min(11, parent height + 1); fewer: the median rule is not checked. */
    const uint64_t *prev_timestamps;
    size_t n_prev_timestamps;
    /* When parent height % 2016 == 0 (and > 0) the bits are retargeted
     * against the header at height parent height - 2016; NULL then: bits not
     * checked. Unused otherwise (bits must equal the parent's). */
    const sluice_bytom_header *retarget_start;
    /* Proof of work: the block's Tensority seed (tensority.md section 5), or
     * a cache already built for it (preferred; not freed). Both NULL or
     * skip_pow: PoW not checked (result.pow_checked = 0). */
    const uint8_t *seed;
    const sluice_tensority_cache *seed_cache;
    int skip_pow;
    uint64_t now;                       /* Unix seconds; 0: future-time rule not checked */
} sluice_bytom_block_ctx;

typedef struct {
    sluice_bytom_profile profile;
    int threads;                        /* per-tx validation and signature threads; 0 = all */
    int batch_sigs;                     /* 1: collect the block's signature checks into one
                                           batch (exact per-signature answers) */
} sluice_bytom_validate_opts;

typedef struct {
    sluice_bytom_rule rule;             /* first failing rule (block.go order); OK = valid */
    int32_t tx_index;                   /* transaction the rule concerns, -1 if none */
    sluice_bytom_rule tx_rule;          /* for BLOCK_TX_NOT_GAS_VALID: that tx's rule */
    uint64_t not_checked;               /* bit (1 << rule) for each rule not checked for
                                           lack of context */
    int pow_checked;                    /* 1 if Tensority ran */
    uint8_t pow_result[32];             /* its result when pow_checked */
    uint64_t expected_bits;             /* the parent's next bits, when computed */
    uint64_t gas_used;                  /* sum over the transactions (block.go blockGasSum) */
    uint64_t coinbase_expected;         /* subsidy(h) + sum of BTMValue */
    uint32_t n_status_fail;             /* transactions with status_fail */
    uint32_t sig_checks;                /* signature checks verified (batched mode) */
    uint32_t reruns;                    /* transactions re-run with the true answers */
    uint8_t status_root[32];            /* the status Merkle root of the computed statuses */
    char detail[160];
} sluice_bytom_block_result;

/* Block subsidy (consensus.BlockSubsidy): height 0 -> the initial subsidy,
 * else 41,250,000,000 >> (height / 840,000). */
uint64_t sluice_bytom_block_subsidy(uint64_t height);

/* The bits the block after `parent` must carry (state.BlockNode.CalcNextBits,
 * difficulty.CalcNextRequiredDifficulty): the parent's bits unless parent
 * height % 2016 == 0 and > 0; then old target * (parent.timestamp -
 * start.timestamp) / (2016 * 150) in compact form, start being the header at
 * height parent height - 2016 (BlockNode.CalcNextBits walks back to it).
 * retarget_start is only read in the retarget case; NULL there returns the
 * parent's bits (sluice_bytom_validate_block then reports BITS not checked). */
uint64_t sluice_bytom_next_bits(const sluice_bytom_header *parent,
                                const sluice_bytom_header *retarget_start);

/* Median of up to 11 timestamps (sorted; the middle element, index n/2). n = 0 -> 0. */
uint64_t sluice_bytom_median_time(const uint64_t *timestamps, size_t n);

/* Validates a parsed block (ValidateBlockHeader + ValidateBlock). ctx may be
 * NULL (header-only rules: version, future time if ctx->now, and everything
 * in the body). tx_results: NULL or block->n_txs entries, filled for every
 * transaction (all transactions are validated even after a failure, so the
 * results are complete). Returns SLUICE_OK with the verdict in *out (an
 * invalid block is SLUICE_OK with out->rule != OK); SLUICE_ERR_ARG for NULL
 * block/out/opts values out of range, SLUICE_ERR_NOMEM, or the Tensority
 * cache's error. */
sluice_err sluice_bytom_validate_block(const sluice_bytom_block *block,
                                       const sluice_bytom_block_ctx *ctx,
                                       const sluice_bytom_validate_opts *opts,
                                       sluice_bytom_tx_result *tx_results,
                                       sluice_bytom_block_result *out);

#ifdef __cplusplus
}
#endif
#endif
