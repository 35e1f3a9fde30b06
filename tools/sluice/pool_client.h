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

/* Every callback runs on the network thread, with no lock of the client
 * held (a callback may call pool_client_submit / _report_hashrate / _state /
 * _get_stats, never pool_client_stop); keep them short. NULL ones are skipped. */
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
    /* After a failed attempt (no login, or a login that lasted under 5 s) the
     * thread waits the back-off (initial, doubling up to max) and retries; after
     * retries_before_failover failures in a row it moves to the next URL at once
     * (round robin). A login that lasted 5 s or more resets both. */
    unsigned retries_before_failover;   /* 0 = 3 */
    double backoff_max_seconds;         /* 0 = 30 */
    double backoff_initial_seconds;     /* 0 = 1 (addition: tests use less) */
} pool_config;

typedef struct pool_client pool_client;

/* Starts the network thread. Returns NULL with why on failure (bad config). */
pool_client *pool_client_start(const pool_config *cfg, const pool_events *ev, char *why, size_t why_cap);
/* Queues a share for the job it was found on; returns its id (>= 1), used in
 * on_result, or 0 when POOL_SUBMIT_QUEUE_MAX shares are already queued or
 * unanswered (the share is dropped and counted in stats.lost). Thread-safe.
 * A share for a job the pool no longer knows is still sent (the pool
 * decides), except for a job from another URL (before a fail-over), which no
 * pool can take: it gets on_result(id, 0, POOL_REASON_OTHER_POOL) (stale,
 * not sent). The miner drops shares of jobs superseded by a clean job before
 * calling this. */
uint64_t pool_client_submit(pool_client *pc, const miner_share *share);
/* Reports the hashrate to pools that take it (eth_submitHashrate). Thread-safe. */
void pool_client_report_hashrate(pool_client *pc, double hashes_per_second);
/* The URL in use now (index into cfg->urls) and whether connected. */
void pool_client_state(pool_client *pc, unsigned *url_index, int *connected, unsigned *reconnects);
/* Closes the connection, joins the thread, frees. Prompt (the thread waits
 * in poll() on a wake-up pipe or in 100 ms slices; only a DNS look-up of a
 * host name can delay it). Calls on_connection(0) if logged in at the time.
 * Never call it from inside a pool_events callback (it joins that thread).
 * Shares still queued or unanswered at this point get no on_result (nor
 * count as lost). NULL is a no-op. */
void pool_client_stop(pool_client *pc);

/* ---- Additions (helper D) ------------------------------------------------ */

/* The contract's share counting ("Counting" in the miner contract): a share
 * that was not accepted is stale when its reason contains "stale", "expired"
 * or "job not found" (case-insensitive), rejected otherwise. on_result's
 * `accepted` is 1 or 0; a miner counts !accepted && pool_reason_is_stale(reason)
 * as stale. Shares sent but unanswered when a connection is lost get
 * on_result(id, 0, POOL_REASON_CONNECTION_LOST) (counted as rejected); shares
 * queued but not yet sent stay queued and go out after the next login. A
 * share the dialect cannot submit gets on_result(id, 0, why) at once: why
 * is stale-like (counted in stats.dropped_stale) for a job from before a
 * fail-over and for an ethstratum job of an earlier connection whose nonce
 * lacks the current extranonce, not stale otherwise (stats.lost). */
int pool_reason_is_stale(const char *reason);
#define POOL_REASON_CONNECTION_LOST "connection lost before the pool answered"
/* A share of a job from the URL in use before a fail-over (stale by the rule above). */
#define POOL_REASON_OTHER_POOL "stale: its job came from another pool (not sent)"
#define POOL_SUBMIT_QUEUE_MAX 1024     /* queued + in flight */

typedef struct {
    unsigned url_index;       /* index into cfg->urls of the URL in use (or tried) now */
    int connected;            /* logged in now */
    unsigned reconnects;      /* connection attempts after the very first one */
    unsigned failovers;       /* switches to another URL */
    uint64_t jobs;            /* jobs passed to on_job */
    uint64_t submitted;       /* shares passed to pool_client_submit */
    uint64_t answered;        /* shares the pool answered (on_result from a reply) */
    uint64_t lost;            /* shares lost with a connection, refused (queue full) or unsendable */
    uint64_t dropped_stale;   /* shares not sent because their job is stale (another pool's job, or
                                 an earlier session's without the current extranonce) */
    unsigned pending;         /* shares queued or sent and not yet answered */
} pool_client_stats;

/* A consistent snapshot of the counters above. Thread-safe. */
void pool_client_get_stats(pool_client *pc, pool_client_stats *out);

#endif
