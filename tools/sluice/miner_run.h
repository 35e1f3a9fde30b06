/* `sluice mine` once its options are parsed: the pool client, the miner, the
 * HTTP API and the output wired together, a main loop for the status line,
 * --duration, --max-shares and SIGINT/SIGTERM, and a clean shutdown. */
#ifndef SLUICE_MINER_RUN_H
#define SLUICE_MINER_RUN_H

#include <stdint.h>
#include "miner.h"
#include "pool_client.h"

typedef struct {
    miner_config miner;
    pool_config pool;
    int json;                    /* JSON events on stdout */
    uint16_t api_port;           /* 0 = no HTTP API */
    double status_interval;      /* seconds between status lines (> 0) */
    double duration;             /* 0 = until a signal */
    uint64_t max_shares;         /* 0 = no limit: stop after this many accepted */
} miner_run_config;

/* Runs until a signal, --duration or --max-shares; prints the summary.
 * SIGINT and SIGTERM are blocked in every thread and read from a signalfd by
 * the main loop (no signal handler runs). Returns the exit status: 0 after a
 * clean shutdown, 2 when the pool client, the API or the devices cannot start
 * (the reason printed). */
int miner_run(const miner_run_config *cfg);

#endif
