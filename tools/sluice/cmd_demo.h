/* The two halves of `sluice demo`: a local Bytom chain mined with Tensority
 * (cmd_demo.c) and a local Ethereum chain mined with Ethash (cmd_demo_ethash.c). */
#ifndef SLUICE_CMD_DEMO_H
#define SLUICE_CMD_DEMO_H

#include "cli.h"
#include <stdint.h>

typedef struct {
    unsigned blocks;       /* blocks mined */
    unsigned failures;     /* blocks that failed re-verification */
    uint64_t hashes;
    double seconds;
} demo_totals;

/* Mines nblocks Ethereum blocks (epoch 0, light mode, `threads` CPU threads,
 * difficulty `difficulty`) on top of the real mainnet genesis header, then
 * decodes each sealed header from its RLP and verifies it. Prints events
 * (text or --json). Returns SLUICE_OK or the error that stopped it. */
int demo_ethash(const sluice_cli *cli, unsigned nblocks, unsigned threads, uint64_t difficulty, demo_totals *t);

#endif
