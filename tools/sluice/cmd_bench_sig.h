/* sluice bench sig: signature verifications per second (single, batch) with
 * the oracle measured in the same run as the baseline (cmd_bench_sig.c). */
#ifndef SLUICE_CMD_BENCH_SIG_H
#define SLUICE_CMD_BENCH_SIG_H

#include "cli.h"

/* argv[1] is "sig". */
int cmd_bench_sig(sluice_cli *cli, int argc, char **argv);

#endif
