/* Internal: a block's transactions validated in parallel, signatures in one
 * batch (validate_sigbatch.c). Not a public header. */
#ifndef SLUICE_VALIDATE_SIGBATCH_H
#define SLUICE_VALIDATE_SIGBATCH_H

#include <stdint.h>

#include "sluice/bytom_validate.h"

/* Fills res[0..b->n_txs) with each transaction's ValidateTx result (tx 0 may
 * hold the coinbase). With o->batch_sigs, signature checks are batched and
 * *sig_checks / *reruns count the batched checks and the transactions
 * validated again with the real answers; otherwise both are 0. Results are
 * identical either way. SLUICE_ERR_NOMEM or the batch's error on failure. */
sluice_err sl_bv_validate_block_txs(const sluice_bytom_block *b,
                                    const sluice_bytom_validate_opts *o,
                                    sluice_bytom_tx_result *res, uint32_t *sig_checks,
                                    uint32_t *reruns);

/* The same over the transactions of n_blocks blocks at once (res[k] holds
 * blocks[k]->n_txs results): one parallel loop and ONE signature batch for
 * all of them; every result equals sl_bv_validate_block_txs's for its block.
 * The counters are totals. *sig_seconds (when not NULL) gets the wall time
 * spent filling and running the signature batch (0 without batch_sigs). */
sluice_err sl_bv_validate_blocks_txs(const sluice_bytom_block *const *blocks, size_t n_blocks,
                                     const sluice_bytom_validate_opts *o,
                                     sluice_bytom_tx_result *const *res, uint32_t *sig_checks,
                                     uint32_t *reruns, double *sig_seconds);

/* sluice_bytom_validate_block with the transaction results already computed
 * (tx_results filled for every transaction by sl_bv_validate_*_txs with the
 * same profile): the header rules and the folding of the body (gas sum,
 * coinbase, roots). Same verdict as sluice_bytom_validate_block. */
sluice_err sl_bv_validate_block_given(const sluice_bytom_block *block,
                                      const sluice_bytom_block_ctx *ctx,
                                      const sluice_bytom_validate_opts *opts,
                                      sluice_bytom_tx_result *tx_results,
                                      sluice_bytom_block_result *out);

/* The header rules alone (ValidateBlockHeader: version, height, bits, prev
 * hash, future time, median time, PoW unless ctx->skip_pow), as
 * sluice_bytom_validate_block checks them first; lets a caller drop what
 * follows a bad header before any script work. */
sluice_err sl_bv_check_header(const sluice_bytom_block *block, const sluice_bytom_block_ctx *ctx,
                              sluice_bytom_block_result *out);

#endif
