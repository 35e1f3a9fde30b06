/* Pool connection: newline-delimited JSON-RPC over TCP (jansson), in one
 * network thread. Dialects (../shared/specs/stratum.md):
 *   tensority: the Bytom pool protocol (login / job / submit), URL schemes
 *              stratum+tcp://, bytom+tcp:// or tcp://;
 *   ethash:    stratum1+tcp:// (ETHPROXY), stratum2+tcp:// (EthereumStratum/1.0.0),
 *              stratum+tcp:// (plain).
 * The thread connects to the URLs in order, logs in, turns every job into a
 * miner_job, sends queued shares, and on a closed socket or error reconnects
 * with exponential back-off (1 s doubling to 30 s) and fails over to the next
 * URL after repeated failures. Malformed lines, unknown methods, absurd
 * targets and lines over POOL_MAX_LINE bytes are logged through on_log and
 * dropped (a huge line drops the connection), never a crash. */
#ifndef SLUICE_POOL_CLIENT_H
#define SLUICE_POOL_CLIENT_H

#include <stddef.h>
#include <stdint.h>
#include "miner_job.h"

#define POOL_MAX_LINE (64 * 1024)
#define POOL_MAX_URLS 8

typedef enum { POOL_DIALECT_BYTOM = 1, POOL_DIALECT_ETHPROXY, POOL_DIALECT_ETHSTRATUM, POOL_DIALECT_STRATUM } pool_dialect;

typedef struct {
    pool_dialect dialect;
    char host[256];
    uint16_t port;
    char text[512];           /* the URL as given */
} pool_url;

/* Parses "scheme://host:port" for algo; 0 on success, else -1 with why. */
int pool_url_parse(const char *url, miner_algo algo, pool_url *out, char *why, size_t why_cap);

typedef enum { POOL_LOG_INFO, POOL_LOG_WARN, POOL_LOG_ERROR } pool_log_level;

typedef struct {
    /* A new job (every device must switch to it). Called from the network thread. */
    void (*on_job)(void *user, const miner_job *job);
    /* The pool's answer to share `share_id` (from pool_client_submit). reason is
     * the pool's error message when rejected ("" when accepted). */
    void (*on_result)(void *user, uint64_t share_id, int accepted, const char *reason);
    /* Connected and logged in (connected = 1) or connection lost (0). */
    void (*on_connection)(void *user, int connected, const pool_url *url);
    void (*on_log)(void *user, pool_log_level level, const char *msg);
    void *user;
} pool_events;

typedef struct {
    pool_url urls[POOL_MAX_URLS];
    unsigned nurls;
    const char *user;         /* wallet.worker */
    const char *pass;         /* "x" when not given */
    const char *agent;        /* e.g. "sluice/0.1.0" */
    miner_algo algo;
    unsigned retries_before_failover;   /* 0 = 3 */
    double backoff_max_seconds;         /* 0 = 30 */
} pool_config;

typedef struct pool_client pool_client;

/* Starts the network thread. Returns NULL with why on failure (bad config). */
pool_client *pool_client_start(const pool_config *cfg, const pool_events *ev, char *why, size_t why_cap);
/* Queues a share for the job it was found on; returns its id (>= 1), used in
 * on_result. Thread-safe. A share for a job the pool no longer knows is still
 * sent (the pool decides); the miner drops shares of jobs superseded by a
 * clean job before calling this. */
uint64_t pool_client_submit(pool_client *pc, const miner_share *share);
/* Reports the hashrate to pools that take it (eth_submitHashrate). Thread-safe. */
void pool_client_report_hashrate(pool_client *pc, double hashes_per_second);
/* The URL in use now (index into cfg->urls) and whether connected. */
void pool_client_state(pool_client *pc, unsigned *url_index, int *connected, unsigned *reconnects);
/* Closes the connection, joins the thread, frees. */
void pool_client_stop(pool_client *pc);

#endif
