/* sluice bench block (cmd_bench_block.c). */
#ifndef SLUICE_CMD_BENCH_BLOCK_H
#define SLUICE_CMD_BENCH_BLOCK_H

#include "cli.h"

/* argv[0] is "bench", argv[1] "block"; returns the exit status. */
int cmd_bench_block(sluice_cli *cli, int argc, char **argv);

#endif
