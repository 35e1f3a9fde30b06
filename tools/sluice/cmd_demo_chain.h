/* The chain step of `sluice demo` (cmd_demo_chain.c). */
#ifndef SLUICE_CMD_DEMO_CHAIN_H
#define SLUICE_CMD_DEMO_CHAIN_H

#include "cli.h"
#include "sluice/error.h"

typedef struct {
    unsigned blocks;     /* block validations run */
    unsigned failures;   /* verdicts other than the expected one */
    double seconds;      /* validation time */
} demo_chain_totals;

/* Validates a built-in real Bytom block (valid) and three tampered copies (a
 * signature bit, the transaction Merkle root, the coinbase amount), each of
 * which must fail with its rule. Prints events (text or --json). Returns
 * SLUICE_OK, or the error that stopped it (why gets the reason). */
sluice_err demo_chain(const sluice_cli *cli, unsigned threads, demo_chain_totals *t, char *why, size_t why_cap);

#endif
