/* Ethereum proof-of-work block headers: RLP decoding and encoding, block hash,
 * seal hash and Ethash light verification.
 * References: Ethereum yellow paper section 4.3 (header fields) and 4.3.4
 * (PoW validity); go-ethereum core/types/block.go (Header: field order,
 * BaseFee appended by EIP-1559 / London) and consensus/ethash/consensus.go
 * (SealHash, verifySeal, MaximumExtraDataSize = 32).
 *
 * An Ethash header has 15 fields (pre-London) or 16 (London and later, the
 * 16th being baseFeePerGas); headers with more fields (withdrawalsRoot...)
 * are post-merge and not sealed by Ethash.
 * Byte order: difficulty and base fee are 256-bit big-endian; the nonce is
 * the 8 header bytes, read big-endian as the 64-bit Ethash nonce. */
#ifndef SLUICE_ETH_HEADER_H
#define SLUICE_ETH_HEADER_H

#include <stddef.h>
#include <stdint.h>
#include "sluice/error.h"
#include "sluice/ethash.h"

#ifdef __cplusplus
extern "C" {
#endif

#define SLUICE_ETH_EXTRA_MAX 32          /* consensus limit on extraData (bytes) */
#define SLUICE_ETH_HEADER_RLP_MAX 646    /* largest 16-field encoding: 3-byte list
                                            prefix + 643 bytes of fields */

typedef struct {
    uint8_t parent_hash[32];
    uint8_t ommers_hash[32];     /* sha3Uncles */
    uint8_t coinbase[20];        /* beneficiary / miner */
    uint8_t state_root[32];
    uint8_t tx_root[32];
    uint8_t receipts_root[32];
    uint8_t bloom[256];
    uint8_t difficulty[32];      /* u256 big-endian */
    uint64_t number;
    uint64_t gas_limit;
    uint64_t gas_used;
    uint64_t time;
    uint8_t extra[SLUICE_ETH_EXTRA_MAX];
    size_t extra_len;            /* 0..32 */
    uint8_t mix_hash[32];
    uint8_t nonce[8];            /* as in the header; Ethash nonce = big-endian */
    int has_base_fee;            /* 1: London header (16 fields) */
    uint8_t base_fee[32];        /* u256 big-endian, when has_base_fee */
} sluice_eth_header;

/* Decodes a header from its RLP (exactly one list, nothing after it).
 * Errors (why gets the reason, e.g. "not an Ethash header: 17 fields"):
 *  SLUICE_ERR_LENGTH  truncated or trailing bytes, a field of the wrong size;
 *  SLUICE_ERR_ARG     non-canonical RLP, wrong field types, wrong field count;
 *  SLUICE_ERR_RANGE   well-formed, but an integer too large for its field or
 *                     extraData over 32 bytes: an invalid header rather than
 *                     malformed input. */
sluice_err sluice_eth_header_decode(sluice_eth_header *h, const uint8_t *rlp, size_t len, char *why,
                                    size_t why_cap);

/* Writes the header's RLP to out (cap bytes; SLUICE_ETH_HEADER_RLP_MAX is
 * always enough); *len gets its size (also on SLUICE_ERR_LENGTH, when cap is
 * too small). SLUICE_ERR_ARG if extra_len > 32. */
sluice_err sluice_eth_header_encode(const sluice_eth_header *h, uint8_t *out, size_t cap, size_t *len);

/* Block hash: keccak256 of the full RLP. */
void sluice_eth_header_hash(const sluice_eth_header *h, uint8_t out[32]);

/* Seal hash (the Ethash "header hash"): keccak256 of the RLP list of the
 * first 13 fields (parentHash .. extraData), plus baseFee for a London
 * header - everything but mixHash and nonce (go-ethereum ethash SealHash). */
void sluice_eth_header_seal_hash(const sluice_eth_header *h, uint8_t out[32]);

/* The Ethash nonce (header bytes read big-endian) and setter. */
uint64_t sluice_eth_header_nonce(const sluice_eth_header *h);
void sluice_eth_header_set_nonce(sluice_eth_header *h, uint64_t nonce);

/* The header's Ethash epoch (number / 30000), or -1 past the last epoch. */
int sluice_eth_header_epoch(const sluice_eth_header *h);

/* ---- Verification ---------------------------------------------------------- */

typedef enum {
    SLUICE_ETH_VALID = 0,
    SLUICE_ETH_MIX_MISMATCH,        /* header's mixHash != the computed mix */
    SLUICE_ETH_DIFFICULTY_NOT_MET,  /* final hash * difficulty > 2^256 */
    SLUICE_ETH_ZERO_DIFFICULTY,     /* difficulty 0: no work, never valid */
    SLUICE_ETH_EPOCH_OUT_OF_RANGE,  /* number past the last Ethash epoch */
    SLUICE_ETH_WRONG_EPOCH          /* the context given is not the header's epoch */
} sluice_eth_verdict;

/* "valid", "mix hash mismatch", "difficulty not met", "zero difficulty",
 * "block number past the last Ethash epoch", "wrong epoch context". */
const char *sluice_eth_verdict_name(sluice_eth_verdict v);

/* Verdict from an already computed Ethash result for this header's seal hash
 * and nonce (the batch path): mix first, then difficulty. */
sluice_eth_verdict sluice_eth_header_check_result(const sluice_eth_header *h, const sluice_ethash_result *r);

/* Light verification of one header; ctx must be the header's epoch
 * (sluice_eth_header_epoch). Zero difficulty is invalid before any hashing. */
sluice_eth_verdict sluice_eth_header_verify(const sluice_ethash_epoch *ctx, const sluice_eth_header *h);

/* Verifies n headers of ctx's epoch with sluice_ethash_light_hash_batch on
 * `threads` threads (0 = one per core); out[i] gets header i's verdict.
 * SLUICE_ERR_NOMEM, or what the batch hash returns. */
sluice_err sluice_eth_header_verify_batch(const sluice_ethash_epoch *ctx, const sluice_eth_header *headers,
                                          size_t n, sluice_eth_verdict *out, unsigned threads);

#ifdef __cplusplus
}
#endif
#endif
