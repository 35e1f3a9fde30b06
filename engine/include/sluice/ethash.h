/* Ethash (../specs/ethash.md; reference: chfast/ethash lib/ethash/ethash.cpp,
 * the Ethereum wiki's Ethash page). Hashes are legacy Keccak (padding 0x01).
 *
 * Objects, allocated once and shared read-only by every thread:
 *  - sluice_ethash_epoch: the epoch's seed, sizes and light cache (16 MiB at
 *    epoch 0, +128 KiB per epoch) - enough for light hashing and verification;
 *  - sluice_ethash_dag: the full dataset (1 GiB at epoch 0, +8 MiB per epoch),
 *    built from an epoch in parallel, optionally kept on disk and reused.
 * Byte order: all 32-bit words of cache, dataset and mix are little-endian;
 * difficulty and boundary are 256-bit big-endian integers (as on the chain). */
#ifndef SLUICE_ETHASH_H
#define SLUICE_ETHASH_H

#include <stddef.h>
#include <stdint.h>
#include "sluice/error.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Spec constants, named as in the spec. */
#define SLUICE_ETHASH_EPOCH_LENGTH 30000u
#define SLUICE_ETHASH_MAX_EPOCH 32639         /* last epoch with defined sizes */
#define SLUICE_ETHASH_LIGHT_CACHE_INIT_SIZE (1u << 24)
#define SLUICE_ETHASH_LIGHT_CACHE_GROWTH (1u << 17)
#define SLUICE_ETHASH_LIGHT_CACHE_ROUNDS 3
#define SLUICE_ETHASH_FULL_DATASET_INIT_SIZE (1ull << 30)
#define SLUICE_ETHASH_FULL_DATASET_GROWTH (1ull << 23)
#define SLUICE_ETHASH_NUM_DATASET_ACCESSES 64
#define SLUICE_ETHASH_FULL_DATASET_ITEM_PARENTS 256
#define SLUICE_ETHASH_CACHE_ITEM_BYTES 64     /* a "node" */
#define SLUICE_ETHASH_DATASET_ITEM_BYTES 128  /* two nodes */

/* ---- Epoch arithmetic ---------------------------------------------------- */

/* block / EPOCH_LENGTH (no range check against MAX_EPOCH). Saturates at
 * INT_MAX for blocks whose epoch does not fit an int (never a small epoch). */
int sluice_ethash_epoch_of_block(uint64_t block);
/* Number of 64-byte light-cache items / 128-byte dataset items of an epoch
 * (largest primes under the size formula); 0 when epoch is outside 0..MAX. */
uint64_t sluice_ethash_light_cache_items(int epoch);
uint64_t sluice_ethash_dataset_items(int epoch);
/* keccak256 applied `epoch` times to 32 zero bytes. SLUICE_ERR_RANGE outside 0..MAX. */
sluice_err sluice_ethash_seed(int epoch, uint8_t out[32]);
/* The epoch whose seed is `seed` (what a pool sends), or -1 if none in
 * 0..MAX: walks the seed chain from epoch 0, so it costs epoch + 1 hashes
 * (about 10 ms for a seed of no epoch). hint is reserved and ignored; callers
 * that see the same seed repeatedly keep their last answer (the pool client
 * does). */
int sluice_ethash_epoch_from_seed(const uint8_t seed[32], int hint);

/* fnv(u, v) = (u * 0x01000193) ^ v on 32-bit words. */
static inline uint32_t sluice_ethash_fnv(uint32_t u, uint32_t v) { return (u * 0x01000193u) ^ v; }

/* ---- Epoch context (light cache) ----------------------------------------- */

typedef struct sluice_ethash_epoch sluice_ethash_epoch;

/* Builds the light cache of `epoch` (SLUICE_ERR_RANGE outside 0..MAX,
 * SLUICE_ERR_NOMEM). About 0.1 s at epoch 0 on one core. */
sluice_err sluice_ethash_epoch_new(sluice_ethash_epoch **out, int epoch);
void sluice_ethash_epoch_free(sluice_ethash_epoch *ctx);
int sluice_ethash_epoch_number(const sluice_ethash_epoch *ctx);
const uint8_t *sluice_ethash_epoch_seed_hash(const sluice_ethash_epoch *ctx);   /* 32 bytes */
uint64_t sluice_ethash_epoch_cache_items(const sluice_ethash_epoch *ctx);
uint64_t sluice_ethash_epoch_dataset_items(const sluice_ethash_epoch *ctx);
/* The light cache: cache_items * 64 bytes, 64-byte aligned. */
const uint8_t *sluice_ethash_epoch_cache(const sluice_ethash_epoch *ctx);

/* ---- Dataset items and hashes from the light cache (reference) ---------- */

/* The 128-byte dataset item `index` (nodes 2*index and 2*index+1), computed
 * from the light cache. Works for any index (synthetic datasets included). */
void sluice_ethash_dataset_item(const sluice_ethash_epoch *ctx, uint64_t index, uint8_t out[128]);

typedef struct {
    uint8_t mix[32];     /* the mix digest (cmix) a header carries as mix_hash */
    uint8_t final[32];   /* compared with the boundary, big-endian */
} sluice_ethash_result;

/* Hashimoto on a dataset of `dataset_items` items whose item i is
 * lookup(user, i, out) - the readable definition every backend is tested
 * against. */
typedef void (*sluice_ethash_item_fn)(void *user, uint64_t index, uint8_t out[128]);
void sluice_ethash_hashimoto_ref(uint64_t dataset_items, sluice_ethash_item_fn lookup, void *user,
                                 const uint8_t header_hash[32], uint64_t nonce,
                                 sluice_ethash_result *out);

/* Light hash, scalar reference: items computed from the cache one by one. */
void sluice_ethash_light_hash_ref(const sluice_ethash_epoch *ctx, const uint8_t header_hash[32],
                                  uint64_t nonce, sluice_ethash_result *out);
/* Light hash, fastest path for this CPU (SIMD Keccak and FNV, the two nodes
 * of an item computed together). Equal to the reference. */
void sluice_ethash_light_hash(const sluice_ethash_epoch *ctx, const uint8_t header_hash[32],
                              uint64_t nonce, sluice_ethash_result *out);

/* Batched light hashing: out[i] = light hash of (header_hashes[i], nonces[i]),
 * several hashes in flight per thread (to hide cache-miss latency), spread
 * over `threads` threads (0 = one per core). */
sluice_err sluice_ethash_light_hash_batch(const sluice_ethash_epoch *ctx,
                                          const uint8_t (*header_hashes)[32],
                                          const uint64_t *nonces, size_t n,
                                          sluice_ethash_result *out, unsigned threads);

/* ---- Targets ------------------------------------------------------------- */

/* 1 iff final (big-endian) <= boundary (big-endian). */
int sluice_ethash_boundary_ok(const uint8_t final[32], const uint8_t boundary[32]);
/* 1 iff final * difficulty <= 2^256 (no division). difficulty == 0 is never ok. */
int sluice_ethash_difficulty_ok(const uint8_t final[32], const uint8_t difficulty[32]);
/* boundary = floor((2^256 - 1) / difficulty) (all ones for difficulty 0 or 1). */
void sluice_ethash_boundary_from_difficulty(const uint8_t difficulty[32], uint8_t boundary[32]);
/* Same, from a double difficulty (Stratum set_difficulty; 1.0 means the
 * boundary 0x00000000ffff0000..., i.e. 2^224 * 0xffff / 2^16 scale of
 * EthereumStratum/1.0.0). */
void sluice_ethash_boundary_from_share_difficulty(double difficulty, uint8_t boundary[32]);

typedef enum {
    SLUICE_ETHASH_VALID = 0,
    SLUICE_ETHASH_BAD_MIX,          /* header's mix_hash != computed mix */
    SLUICE_ETHASH_BAD_DIFFICULTY    /* final * difficulty > 2^256 */
} sluice_ethash_verdict;
const char *sluice_ethash_verdict_name(sluice_ethash_verdict v);   /* "valid", "mix hash mismatch", ... */

/* Light verification of one sealed header: mix and difficulty. */
sluice_ethash_verdict sluice_ethash_verify(const sluice_ethash_epoch *ctx, const uint8_t header_hash[32],
                                           uint64_t nonce, const uint8_t mix_hash[32],
                                           const uint8_t difficulty[32]);

/* ---- Full dataset (DAG) -------------------------------------------------- */

typedef struct sluice_ethash_dag sluice_ethash_dag;

/* Called from the building threads (serialised; at most ~200 times per
 * build) with items done so far out of total. Loading a cache file reports
 * items read the same way; if the file then proves damaged, the count starts
 * again from 0 for the rebuild. */
typedef void (*sluice_ethash_progress_fn)(void *user, uint64_t done, uint64_t total);

typedef struct {
    unsigned threads;                 /* 0 = one per core */
    const char *cache_dir;            /* NULL: no disk cache; "": the default
                                         ($XDG_CACHE_HOME or ~/.cache)/sluice/ethash */
    uint64_t items;                   /* 0 = the epoch's dataset size; else a
                                         synthetic dataset of that many items
                                         (tests; never written to disk unless
                                         cache_synthetic) */
    int no_hugepages;                 /* do not ask for transparent huge pages */
    sluice_ethash_progress_fn progress;
    void *progress_user;
    int cache_synthetic;              /* tests only: let a synthetic DAG use
                                         the disk cache too (its file name
                                         carries the item count), so the cache
                                         can be tested without a 1 GiB DAG */
    const volatile int *stop;         /* optional: non-zero cancels the build
                                         or load (checked before each chunk of
                                         items and each 64 MiB of file I/O):
                                         SLUICE_ERR_CANCELLED, nothing kept */
} sluice_ethash_dag_opts;

typedef struct {
    int from_disk;        /* reused an intact file (CRC checked) */
    int rebuilt_bad_file; /* a file existed but was damaged: rebuilt */
    int hugepages;        /* madvise(MADV_HUGEPAGE) accepted */
    double seconds;       /* time to build or load */
    char path[512];       /* the file used ("" without a disk cache) */
} sluice_ethash_dag_info;

/* Builds (or loads) the full dataset of ctx's epoch. info may be NULL.
 * why gets a reason on failure (e.g. disk full) - a disk-cache failure is
 * not fatal: the DAG is built in memory and the reason is reported in why.
 * SLUICE_ERR_RANGE for opts->threads > 1024 or an item count outside
 * 1..2^31. When opts->stop becomes non-zero before the DAG is complete (and,
 * with a disk cache, stored), returns SLUICE_ERR_CANCELLED with *out NULL:
 * the memory is freed and no file is left behind (a temporary file being
 * written is removed; an existing cache file is never touched). */
sluice_err sluice_ethash_dag_new(sluice_ethash_dag **out, const sluice_ethash_epoch *ctx,
                                 const sluice_ethash_dag_opts *opts, sluice_ethash_dag_info *info,
                                 char *why, size_t why_cap);
void sluice_ethash_dag_free(sluice_ethash_dag *dag);
const sluice_ethash_epoch *sluice_ethash_dag_epoch(const sluice_ethash_dag *dag);
uint64_t sluice_ethash_dag_items(const sluice_ethash_dag *dag);
const uint8_t *sluice_ethash_dag_data(const sluice_ethash_dag *dag);   /* items * 128 bytes */

/* Full hash: dataset items read from the DAG. */
void sluice_ethash_full_hash(const sluice_ethash_dag *dag, const uint8_t header_hash[32], uint64_t nonce,
                             sluice_ethash_result *out);

/* ---- Nonce search -------------------------------------------------------- */

typedef struct {
    const uint8_t *header_hash;       /* 32 bytes */
    uint64_t start_nonce;
    uint64_t count;                   /* nonces to try; 0 = until found/stopped/timed out */
    const uint8_t *boundary;          /* 32 bytes big-endian: found when final <= boundary */
    unsigned threads;                 /* 0 = one per core */
    double max_seconds;               /* 0 = no limit */
    const volatile int *stop;         /* optional: non-zero stops the search */
} sluice_ethash_search_params;

typedef struct {
    int found;
    uint64_t nonce;
    sluice_ethash_result hash;
    uint64_t hashes;                  /* hashes computed */
    double seconds;
    unsigned threads;
} sluice_ethash_search_result;

/* Both searches: SLUICE_ERR_ARG for a NULL dag/ctx, p, r, header_hash or
 * boundary; SLUICE_ERR_RANGE for threads > 1024 or max_seconds negative or
 * NaN. Nonces are start_nonce + offset modulo 2^64 (a range may wrap past
 * 2^64 - 1 to 0); the result is the first winning offset. */

/* Search on the full DAG, each thread keeping several hashes in flight. */
sluice_err sluice_ethash_search(const sluice_ethash_dag *dag, const sluice_ethash_search_params *p,
                                sluice_ethash_search_result *r);
/* Search in light mode (items computed from the cache; ~1000x slower than the
 * DAG, no DAG memory): for low-memory hosts, tests and the demo. */
sluice_err sluice_ethash_search_light(const sluice_ethash_epoch *ctx, const sluice_ethash_search_params *p,
                                      sluice_ethash_search_result *r);

#ifdef __cplusplus
}
#endif
#endif
