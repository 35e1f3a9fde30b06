/* The last step of `sluice demo` (cmd_demo_validate.c). */
#ifndef SLUICE_CMD_DEMO_VALIDATE_H
#define SLUICE_CMD_DEMO_VALIDATE_H

#include "cli.h"
#include "sluice/error.h"

typedef struct {
    unsigned chains;     /* chains validated */
    unsigned failures;   /* verdicts other than the expected one */
    unsigned long long txs;
} demo_validate_totals;

/* Generates a small valid chain with the chain generator (blocks 1..99 hold
 * only coinbases, because coinbase outputs mature after 100 blocks, so the
 * chain is `blocks` long with `txs_per_block` transactions from height 100),
 * validates it with the sliding window into a fresh UTXO store in a
 * temporary directory, then a copy with a spend of an unknown output at
 * height 103, which must be found there. Prints events (text or --json).
 * Returns SLUICE_OK, or the error that stopped it (why gets the reason). */
sluice_err demo_validate(const sluice_cli *cli, unsigned threads, demo_validate_totals *t, char *why,
                         size_t why_cap);

#endif
