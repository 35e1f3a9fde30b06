/* sluice bench ethash-light | ethash-dag | ethash-full (cmd_bench_ethash.c),
 * and the accelerator half of ethash-full (cmd_bench_ethash_accel.c). */
#ifndef SLUICE_CMD_BENCH_ETHASH_H
#define SLUICE_CMD_BENCH_ETHASH_H

#include "cli.h"
#include "cmd_common.h"

/* argv[1] is "ethash-light", "ethash-dag" or "ethash-full". */
int cmd_bench_ethash(sluice_cli *cli, int argc, char **argv);

typedef struct {
    double rate;            /* full-DAG hashes per second on the device */
    double dag_seconds;     /* time to build the DAG on the device */
    uint64_t hashes;
    char device[160];       /* "<api>:<index> <name>" */
} cmd_ethash_accel_rate;

/* Builds the DAG of `epoch` on device `index` of backend b (OpenCL or CUDA),
 * then searches for `seconds` with an unreachable boundary; 0 on success,
 * else non-zero with why. */
int cmd_bench_ethash_accel(cmd_backend b, unsigned index, int epoch, double seconds, cmd_ethash_accel_rate *out,
                           char *why, size_t why_cap);

#endif
