/* Rule texts and names, profiles, and the block subsidy (reference:
 * BytomDAO/bytom v1.1.1 protocol/validation/{tx.go,block.go} error values,
 * consensus/general.go BlockSubsidy). */
#include <string.h>

#include "sluice/bytom_validate.h"

typedef struct {
    const char *name;
    const char *text;
} rule_info;

/* Texts are the reference's errors.New strings where one exists. */
static const rule_info RULES[SLUICE_RULE_COUNT] = {
    [SLUICE_RULE_OK] = {"ok", "valid"},
    [SLUICE_RULE_TX_VERSION] = {"tx_version", "invalid transaction version"},
    [SLUICE_RULE_TX_SIZE] = {"tx_size", "invalid transaction size"},
    [SLUICE_RULE_TX_TIME_RANGE] = {"tx_time_range", "invalid transaction time range"},
    [SLUICE_RULE_TX_EMPTY_INPUT_ID] = {"tx_empty_input_id", "got the empty InputIDs"},
    [SLUICE_RULE_TX_NOT_STANDARD] = {"tx_not_standard", "not standard transaction"},
    [SLUICE_RULE_TX_MALFORMED] = {"tx_malformed",
                                  "transaction cannot be mapped to entries"},
    [SLUICE_RULE_TX_EMPTY_RESULTS] = {"tx_empty_results", "transaction has no results"},
    [SLUICE_RULE_TX_OVERFLOW] = {"tx_overflow", "arithmetic overflow/underflow"},
    [SLUICE_RULE_TX_NO_SOURCE] = {"tx_no_source", "no source for value"},
    [SLUICE_RULE_TX_UNBALANCED] = {"tx_unbalanced",
                                   "unbalanced asset amount between input and output"},
    [SLUICE_RULE_TX_GAS_CALCULATE] = {"tx_gas_calculate",
                                      "gas usage calculate got a math error"},
    [SLUICE_RULE_TX_OVER_GAS_CREDIT] = {"tx_over_gas_credit", "all gas credit has been spend"},
    [SLUICE_RULE_TX_VM] = {"tx_vm", "checking control program"},
    [SLUICE_RULE_TX_MISMATCHED_ASSET_ID] = {"tx_mismatched_asset_id", "mismatched assetID"},
    [SLUICE_RULE_TX_MISMATCHED_VALUE] = {"tx_mismatched_value", "mismatched value"},
    [SLUICE_RULE_TX_MISMATCHED_POSITION] = {"tx_mismatched_position",
                                            "mismatched value source/dest position"},
    [SLUICE_RULE_TX_MISMATCHED_REFERENCE] = {"tx_mismatched_reference", "mismatched reference"},
    [SLUICE_RULE_TX_POSITION] = {"tx_position", "invalid source or destination position"},
    [SLUICE_RULE_TX_WRONG_COINBASE] = {"tx_wrong_coinbase", "wrong coinbase transaction"},
    [SLUICE_RULE_TX_COINBASE_ASSET] = {"tx_coinbase_asset", "wrong coinbase assetID"},
    [SLUICE_RULE_TX_COINBASE_ARBITRARY] = {"tx_coinbase_arbitrary",
                                           "coinbase arbitrary size is larger than limit"},
    [SLUICE_RULE_BLOCK_VERSION] = {"block_version", "version regression"},
    [SLUICE_RULE_BLOCK_HEIGHT] = {"block_height", "misordered block height"},
    [SLUICE_RULE_BLOCK_BITS] = {"block_bits", "block bits is invalid"},
    [SLUICE_RULE_BLOCK_PREV_HASH] = {"block_prev_hash", "mismatched block"},
    [SLUICE_RULE_BLOCK_TIME_FUTURE] = {"block_time_future",
                                       "block timestamp is not in the valid range"},
    [SLUICE_RULE_BLOCK_TIME_MEDIAN] = {"block_time_median",
                                       "block timestamp is not in the valid range"},
    [SLUICE_RULE_BLOCK_POW] = {"block_pow", "invalid difficulty proof of work"},
    [SLUICE_RULE_BLOCK_NO_BODY] = {"block_no_body", "block has no transactions (header only)"},
    [SLUICE_RULE_BLOCK_TX_NOT_GAS_VALID] = {"block_tx_not_gas_valid",
                                            "validate of transaction: gas_valid:false"},
    [SLUICE_RULE_BLOCK_GAS_LIMIT] = {"block_gas_limit", "block's gas is over the limit"},
    [SLUICE_RULE_BLOCK_COINBASE_MISSING] = {"block_coinbase_missing",
                                            "wrong coinbase transaction: block is empty"},
    [SLUICE_RULE_BLOCK_COINBASE_AMOUNT] = {"block_coinbase_amount",
                                           "wrong coinbase transaction: dismatch output amount"},
    [SLUICE_RULE_BLOCK_TX_ROOT] = {"block_tx_root",
                                   "mismatched merkle root: transaction id merkle root"},
    [SLUICE_RULE_BLOCK_STATUS_ROOT] = {"block_status_root",
                                       "mismatched merkle root: transaction status merkle root"},
};

const char *sluice_bytom_rule_str(sluice_bytom_rule r) {
    if ((unsigned)r >= SLUICE_RULE_COUNT || !RULES[r].text) return "unknown rule";
    return RULES[r].text;
}

const char *sluice_bytom_rule_name(sluice_bytom_rule r) {
    if ((unsigned)r >= SLUICE_RULE_COUNT || !RULES[r].name) return "unknown";
    return RULES[r].name;
}

int sluice_bytom_rule_is_tx(sluice_bytom_rule r) {
    return r >= SLUICE_RULE_TX_VERSION && r <= SLUICE_RULE_TX_COINBASE_ARBITRARY;
}

const char *sluice_bytom_profile_name(sluice_bytom_profile p) {
    switch (p) {
    case SLUICE_BYTOM_PROFILE_MAINNET: return "mainnet";
    case SLUICE_BYTOM_PROFILE_NATIONAL: return "national";
    }
    return "unknown";
}

sluice_err sluice_bytom_profile_parse(const char *name, sluice_bytom_profile *out) {
    if (!name || !out) return SLUICE_ERR_ARG;
    if (!strcmp(name, "mainnet") || !strcmp(name, "ed25519")) {
        *out = SLUICE_BYTOM_PROFILE_MAINNET;
        return SLUICE_OK;
    }
    if (!strcmp(name, "national") || !strcmp(name, "sm2")) {
        *out = SLUICE_BYTOM_PROFILE_NATIONAL;
        return SLUICE_OK;
    }
    return SLUICE_ERR_ARG;
}

/* consensus.BlockSubsidy: height 0 pays the initial subsidy; then
 * baseSubsidy >> (height / subsidyReductionInterval) (Go's >> of 64 or more
 * gives 0). */
uint64_t sluice_bytom_block_subsidy(uint64_t height) {
    if (height == 0) return SLUICE_BYTOM_INITIAL_BLOCK_SUBSIDY;
    uint64_t shift = height / SLUICE_BYTOM_SUBSIDY_REDUCTION_INTERVAL;
    return shift >= 64 ? 0 : SLUICE_BYTOM_BASE_SUBSIDY >> shift;
}
