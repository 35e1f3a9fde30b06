/* The parallel sliding-window validator (PSWV, ../specs/bytom-chain.md
 * sections 7 and 8; issue 6): validates Bytom v1 blocks in order against a
 * UTXO store (sluice/utxo_store.h), a window of W blocks at a time:
 *   parse + IDs (parallel) -> header context (serial) -> PoW (parallel, one
 *   Tensority cache per seed) -> stateless transaction validation of the
 *   whole window (parallel, ONE signature batch for all its blocks) ->
 *   per-block folding (header rules, gas sum, coinbase, roots) -> UTXO pass
 *   in block order over an overlay of the store (bulk parallel prefetch,
 *   tombstones) -> one commit of the valid prefix -> slide.
 * With window 1 it is the one-block-at-a-time baseline; the answer (first
 * invalid block, rule, committed height, store contents) does not depend on
 * the window or thread count.
 *
 * The chain context (last 11 timestamps, parent header and hash, seed, the
 * two latest retarget headers) lives in the store's tip blob, so a validator
 * opened again over the same store continues exactly where it stopped. */
#ifndef SLUICE_PSWV_H
#define SLUICE_PSWV_H

#include <stddef.h>
#include <stdint.h>

#include "sluice/bytom_validate.h"
#include "sluice/error.h"
#include "sluice/tensority.h"

#ifdef __cplusplus
extern "C" {
#endif

#define SLUICE_PSWV_MAX_WINDOW 4096

struct sluice_pswv_stats;

typedef struct {
    unsigned window;               /* blocks per window, 1..SLUICE_PSWV_MAX_WINDOW (0 = 64) */
    int threads;                   /* 0 = all cores */
    sluice_bytom_profile profile;  /* signature scheme */
    /* Genesis: "mainnet", "testnet", "solonet" (the height-0 block must hash
     * to that network's genesis) or "dev" / NULL (the first height-0 block
     * given is accepted as genesis, as chaingen writes it). */
    const char *network;
    uint64_t now;                  /* Unix seconds for the future-time rule; 0 = time(NULL) */
    /* Tensority caches the caller already holds (e.g. several validators in
     * one process): used when a block's seed matches, never freed; they must
     * outlive the validator. NULL / 0: the validator builds its own. */
    const sluice_tensority_cache *const *caches;
    size_t n_caches;
    /* Called after every window with the running statistics (may be NULL). */
    void (*progress)(const struct sluice_pswv_stats *st, void *arg);
    void *progress_arg;
} sluice_pswv_opts;

/* Stages whose wall time is accounted. */
typedef enum {
    SLUICE_PSWV_STAGE_READ = 0,    /* reading the chain file, copying blocks */
    SLUICE_PSWV_STAGE_PARSE,       /* parse + IDs (parallel) */
    SLUICE_PSWV_STAGE_HEADER,      /* header context pass (serial) */
    SLUICE_PSWV_STAGE_POW,         /* seed caches + Tensority (parallel) */
    SLUICE_PSWV_STAGE_TXS,         /* block rules, tx rules, VM (parallel), signatures excluded */
    SLUICE_PSWV_STAGE_SIGS,        /* the window's signature batch (filling and running it) */
    SLUICE_PSWV_STAGE_UTXO,        /* prefetch + in-order UTXO pass */
    SLUICE_PSWV_STAGE_COMMIT,      /* store commit */
    SLUICE_PSWV_STAGE_COUNT
} sluice_pswv_stage;

/* "read", "parse", "header", "pow", "txs", "sigs", "utxo", "commit". */
const char *sluice_pswv_stage_name(sluice_pswv_stage s);

typedef struct sluice_pswv_stats {
    uint64_t blocks;               /* blocks validated and committed by this validator */
    uint64_t txs;                  /* their transactions (coinbases included) */
    uint64_t skipped;              /* blocks at or below the store's tip that were skipped */
    uint64_t windows;
    int have_tip;                  /* the store has a committed tip */
    uint64_t committed_height;     /* its height (valid when have_tip) */
    uint64_t utxo_reads;           /* IDs fetched from the store */
    uint64_t sig_checks;           /* signature checks verified in the windows' batches */
    double stage_s[SLUICE_PSWV_STAGE_COUNT];
    double total_s;                /* wall time of validate work so far */
    /* sluice_pswv_run_file: bytes of the chain file read so far and its size
     * (sluice_chainfile_progress; total 0 = unknown), for an ETA. */
    uint64_t input_done, input_total;
} sluice_pswv_stats;

/* The first invalid block (a consensus failure). */
typedef struct {
    int invalid;                   /* 0: none found (yet) */
    uint64_t height;               /* its height (the expected height if it did not parse) */
    int32_t tx_index;              /* the transaction concerned, -1 if none */
    int32_t input;                 /* the input concerned, -1 if none */
    /* Stable identifier: a sluice_bytom_rule_name() ("block_pow",
     * "block_tx_not_gas_valid", ...) or one of "block_parse",
     * "genesis_mismatch", "utxo_not_found", "utxo_spent", "utxo_immature". */
    char rule[48];
    char tx_rule[48];              /* for block_tx_not_gas_valid: the tx's rule, else "" */
    char reason[256];              /* human-readable */
} sluice_pswv_verdict;

typedef struct sluice_pswv sluice_pswv;

/* Opens a validator over the store in db_dir (created if missing; the
 * store's tip, if any, is where validation continues). SLUICE_ERR_ARG for bad
 * options (unknown network, window out of range), SLUICE_ERR_IO for a store
 * that cannot be opened or whose tip blob is not ours; reason in why. */
sluice_err sluice_pswv_open(const char *db_dir, const sluice_pswv_opts *opts, sluice_pswv **out,
                            char *why, size_t why_cap);
void sluice_pswv_close(sluice_pswv *v);

/* Feeds one raw block (copied). Blocks are validated when a window is full.
 * Blocks at or below the committed tip are skipped (the one at the tip's
 * height must have the tip's hash, else SLUICE_ERR_ARG: another chain).
 * After an invalid block every further feed is ignored (SLUICE_OK).
 * Returns SLUICE_OK (also when a block is invalid: see the verdict),
 * SLUICE_ERR_ARG when the store is empty and the first block is not a
 * height-0 block, SLUICE_ERR_IO when the store fails (nothing is marked
 * invalid for it; what was committed stays), SLUICE_ERR_NOMEM. */
sluice_err sluice_pswv_feed(sluice_pswv *v, const uint8_t *raw, size_t len, char *why,
                            size_t why_cap);
/* Validates and commits what is buffered. Same results as feed. */
sluice_err sluice_pswv_flush(sluice_pswv *v, char *why, size_t why_cap);

/* Feeds every block of a chain file (sluice/chainfile.h: framed, gzip or hex
 * lines) and flushes. A read error of the file (truncation, CRC, bad hex,
 * gzip) returns its error with the reason after committing what was valid
 * before it; it is not a consensus failure. */
sluice_err sluice_pswv_run_file(sluice_pswv *v, const char *path, char *why, size_t why_cap);

const sluice_pswv_stats *sluice_pswv_get_stats(const sluice_pswv *v);
/* SHA3-256 digest of the store's UTXO set as committed now
 * (sluice_utxo_digest): equal stores give equal digests. */
sluice_err sluice_pswv_utxo_digest(sluice_pswv *v, uint8_t out[32]);
const sluice_pswv_verdict *sluice_pswv_get_verdict(const sluice_pswv *v);

#ifdef __cplusplus
}
#endif
#endif
