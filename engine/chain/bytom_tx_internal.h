/* Internal interfaces shared by the Bytom block/transaction parser, writer
 * and entry mapper (engine/chain/bytom_*.c); the public API is
 * sluice/bytom_tx.h. */
#ifndef SLUICE_CHAIN_BYTOM_TX_INTERNAL_H
#define SLUICE_CHAIN_BYTOM_TX_INTERNAL_H

#include "chain/bytom_arena.h"
#include "chain/bytom_wire.h"
#include "sluice/bytom_tx.h"

/* Smallest encodings, used to reject counts larger than the input before
 * allocating: a transaction is 0x07, version, time range, two counts (5
 * bytes); an input or an output is a varint and two varstrs (3 bytes); a
 * witness argument is one varstr (1 byte). */
#define BYTOM_MIN_TX_BYTES 5u
#define BYTOM_MIN_INPUT_BYTES 3u
#define BYTOM_MIN_OUTPUT_BYTES 3u
#define BYTOM_MIN_ARG_BYTES 1u

/* Reads one transaction at r's position (types/transaction.go TxData.readFrom),
 * allocating its arrays from a; then, when map_ids, maps it (bytom_tx_map).
 * tx->raw covers the bytes read; tx->canonical reflects the varints read.
 * A coinbase input in a transaction without outputs is rejected here
 * (SLUICE_ERR_ARG): map.go indexes Outputs[0] and the Go code would panic. */
sluice_err bytom_tx_read(bw_reader *r, bw_ctx *c, bytom_arena *a, sluice_bytom_tx *tx, int map_ids);

/* Sets each coinbase input's value to Outputs[0]'s (map.go). */
void bytom_coinbase_values(sluice_bytom_tx *tx, sluice_bytom_input *ins, const sluice_bytom_output *outs);

/* Computes every ID of a read transaction, one hash after the other
 * (types/map.go mapTx/MapTx): input values of coinbases, input IDs, spent
 * output IDs, the mux, output IDs, the tx ID and the signature hashes.
 * ins/outs are tx's own arrays. The reference path; see bytom_txs_map. */
void bytom_tx_map(sluice_bytom_tx *tx, sluice_bytom_input *ins, sluice_bytom_output *outs);

/* The same IDs for n read transactions at once (a block), hashing level by
 * level across all of them with the four-way SHA3 (bytom_entries_batch.c).
 * Gives exactly bytom_tx_map's results; SLUICE_ERR_NOMEM if its scratch
 * memory cannot be had. */
sluice_err bytom_txs_map(sluice_bytom_tx *txs, uint32_t n);

/* Serializes tx (TxData.writeTo with serflags 0x07) into w. */
void bytom_tx_write_to(bw_writer *w, const sluice_bytom_tx *tx);

#endif
