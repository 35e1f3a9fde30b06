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

#endif
