/* Bytom v1 blocks and transactions: the wire format, byte-exact round trip,
 * and every entry ID computed once at parse time (../specs/bytom-chain.md
 * sections 1-3; reference: BytomDAO/bytom v1.1.1 protocol/bc/types/{block.go,
 * transaction.go,txinput.go,spend.go,issuance.go,coinbase.go,txoutput.go,
 * map.go,merkle.go}, encoding/blockchain/blockchain.go).
 *
 * Memory model: a parsed block (or transaction) is one arena. Every byte
 * string (sluice_bytes) points into the caller's raw buffer, which must stay
 * alive and unchanged while the parsed object is used. Parsing allocates at
 * most a small constant times the input length, whatever the input says, and
 * never reads outside [raw, raw + len). */
#ifndef SLUICE_BYTOM_TX_H
#define SLUICE_BYTOM_TX_H

#include <stddef.h>
#include <stdint.h>

#include "sluice/bytom_header.h"
#include "sluice/error.h"

#ifdef __cplusplus
extern "C" {
#endif

/* A byte string inside the raw buffer (len 0 => p may be NULL). */
typedef struct {
    const uint8_t *p;
    uint32_t len;
} sluice_bytes;

/* The BTM asset ID: 32 bytes of 0xff (consensus.BTMAssetID). */
extern const uint8_t SLUICE_BYTOM_BTM_ASSET[32];

/* Commitment type byte of an input (types/txinput.go). */
typedef enum {
    SLUICE_BYTOM_INPUT_ISSUANCE = 0,
    SLUICE_BYTOM_INPUT_SPEND = 1,
    SLUICE_BYTOM_INPUT_COINBASE = 2,
    /* asset_version != 1: commitment and witness are opaque bytes (kept for
     * the round trip, no entry); the reference maps no such input. */
    SLUICE_BYTOM_INPUT_UNKNOWN = 255
} sluice_bytom_input_type;

typedef struct {
    uint64_t asset_version;
    uint8_t type;                  /* sluice_bytom_input_type */

    /* The value the input brings: spend = the spent output's asset and
     * amount; issuance = the issued asset (from the commitment) and amount;
     * coinbase = output 0's asset and amount (map.go in v1.x gives the
     * coinbase entry Outputs[0].AssetAmount; the tx_id vector with two
     * outputs only matches this way). */
    uint8_t asset_id[32];
    uint64_t amount;

    /* spend commitment (type SPEND) */
    uint8_t source_id[32];
    uint64_t source_position;
    uint64_t vm_version;           /* spend: control program's; issuance: the issuance program's */
    sluice_bytes control_program;  /* spend: the spent output's program */
    sluice_bytes spend_suffix;     /* unknown bytes after the spend commitment's fields */

    /* issuance (type ISSUANCE) */
    sluice_bytes nonce;
    sluice_bytes asset_definition;
    sluice_bytes issuance_program;

    /* coinbase (type COINBASE) */
    sluice_bytes arbitrary;

    /* witness arguments (spend and issuance) */
    uint32_t n_args;
    const sluice_bytes *args;

    /* the extensible strings' unknown suffixes (round trip) and, for type
     * UNKNOWN, the whole commitment / witness contents */
    sluice_bytes commitment_suffix;
    sluice_bytes witness_suffix;

    /* IDs, computed at parse time */
    uint8_t input_id[32];          /* EntryID of the Spend / Issuance / Coinbase entry */
    uint8_t spent_output_id[32];   /* spend: EntryID of the rebuilt previous Output */
    uint8_t sighash[32];           /* SHA3(input_id || tx_id) (vmcontext.go TxSigHash) */
} sluice_bytom_input;

typedef struct {
    uint64_t asset_version;
    uint8_t asset_id[32];
    uint64_t amount;
    uint64_t vm_version;
    sluice_bytes control_program;
    sluice_bytes commitment_suffix;
    sluice_bytes witness;          /* the output witness varstr's contents (normally empty) */
    int is_retirement;             /* control program starts with OP_FAIL (0x6a) */
    uint8_t id[32];                /* EntryID of the Output / Retirement entry */
} sluice_bytom_output;

typedef struct {
    uint64_t version;
    uint64_t time_range;
    uint32_t n_inputs;
    uint32_t n_outputs;
    const sluice_bytom_input *inputs;
    const sluice_bytom_output *outputs;
    sluice_bytes raw;              /* the serialized transaction; raw.len = serialized size */
    uint8_t id[32];                /* tx ID = EntryID(TxHeader) */
    uint8_t mux_id[32];
    /* 1 when every varint in raw is minimally encoded. The reference accepts
     * non-minimal varints (Go binary.ReadUvarint) and re-encodes them
     * minimally, so write(parse(x)) == x exactly when this is 1; IDs and
     * raw.len (the serialized size) follow the reference either way. */
    uint8_t canonical;
} sluice_bytom_tx;

typedef struct {
    uint8_t serflags;              /* 0x03 full block, 0x01 header only */
    sluice_bytom_header header;
    uint8_t hash[32];              /* block hash = EntryID(BlockHeader) */
    sluice_bytes header_raw;       /* the serialized header (up to and including bits) */
    sluice_bytes ext_suffix;       /* unknown bytes after the two roots in the header's ext string */
    uint32_t n_txs;
    const sluice_bytom_tx *txs;
    sluice_bytes raw;              /* the whole serialized block */
    uint8_t canonical;             /* as sluice_bytom_tx.canonical, for the whole block */
} sluice_bytom_block;

/* Parser limits (hostile input). A count larger than the bytes left is
 * rejected before anything is allocated. A valid block holds at most
 * 10,000,000 bytes of transactions (every byte costs one unit of storage gas
 * and a block's gas is capped at 10,000,000, validation/block.go), so 16 MiB
 * leaves room and bounds what a hostile block can make the parser allocate:
 * an opaque input can be 3 bytes on the wire and takes a few hundred bytes
 * parsed, so the worst case is a few GiB at this limit and about 30 times
 * the input for real blocks. */
#define SLUICE_BYTOM_MAX_BLOCK_BYTES (16u << 20)

/* Parses one serialized block (serflags 0x03 or 0x01). On success *out is a
 * block owning one arena (free with sluice_bytom_block_free) whose byte
 * strings point into raw. Errors: SLUICE_ERR_LENGTH (truncated, trailing
 * bytes, count larger than the input), SLUICE_ERR_RANGE (varint over its
 * limit or non-minimal where the reference rejects it), SLUICE_ERR_ARG
 * (unknown serflags or input type, issuance asset ID mismatch, ...), with
 * the reason and byte offset in why. */
sluice_err sluice_bytom_block_parse(const uint8_t *raw, size_t len, sluice_bytom_block **out,
                                    char *why, size_t why_cap);
void sluice_bytom_block_free(sluice_bytom_block *b);

/* One serialized transaction (starting with 0x07), the whole buffer. */
sluice_err sluice_bytom_tx_parse(const uint8_t *raw, size_t len, sluice_bytom_tx **out,
                                 char *why, size_t why_cap);
void sluice_bytom_tx_free(sluice_bytom_tx *tx);

/* Serialization (the reference's WriteTo): writes into buf when buf_cap is
 * large enough and returns the number of bytes the encoding takes (call with
 * buf NULL to size). A parsed block or transaction serializes to exactly its
 * raw bytes. */
size_t sluice_bytom_block_write(const sluice_bytom_block *b, uint8_t *buf, size_t buf_cap);
size_t sluice_bytom_tx_write(const sluice_bytom_tx *tx, uint8_t *buf, size_t buf_cap);

/* Merkle roots (types/merkle.go): the transaction tree over tx IDs, and the
 * status tree over each transaction's status JSON ({} or
 * {"status_fail":true}); status_fail[i] != 0 marks a failed transaction.
 * n = 0 gives SHA3(""). */
void sluice_bytom_tx_merkle_root(const sluice_bytom_tx *txs, size_t n, uint8_t root[32]);
void sluice_bytom_status_merkle_root(const uint8_t *status_fail, size_t n, uint8_t root[32]);

/* Asset ID of an issuance: SHA3(vm_version u64 LE || varstr(program) || SHA3(definition))
 * (bc.ComputeAssetID). */
void sluice_bytom_asset_id(uint64_t vm_version, const uint8_t *program, size_t program_len,
                           const uint8_t *definition, size_t definition_len, uint8_t out[32]);

/* Output ID of an output with the given source (bc.ComputeOutputID over an
 * Output entry with ValueSource{source_id, asset, amount, position} and
 * Program{vm_version, program}). */
void sluice_bytom_output_id(const uint8_t source_id[32], const uint8_t asset_id[32],
                            uint64_t amount, uint64_t source_position, uint64_t vm_version,
                            const uint8_t *program, size_t program_len, uint8_t out[32]);

#ifdef __cplusplus
}
#endif
#endif
