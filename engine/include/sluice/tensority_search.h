/* Multi-threaded Tensority nonce search on the CPU: the mining loop behind
 * `sluice demo`, `sluice bench tensority` and the miner. Each worker thread is
 * placed by hwloc (one per core first), owns its scratch, and claims nonces in
 * small chunks from a shared counter; all workers share one cache (one copy per
 * NUMA node when the machine has several). */
#ifndef SLUICE_TENSORITY_SEARCH_H
#define SLUICE_TENSORITY_SEARCH_H

#include <stdint.h>
#include "sluice/bytom_target.h"
#include "sluice/error.h"
#include "sluice/tensority.h"
#include "sluice/topology.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct {
    const uint8_t *body;            /* 136-byte header body (sluice_bytom_header_body) */
    uint64_t start_nonce;
    uint64_t count;                 /* nonces to try; 0 = until found / stopped / timed out */
    sluice_bytom_target target;     /* found when result <= target */
    unsigned threads;               /* 0 = one per core */
    sluice_tensority_impl impl;     /* AUTO = fastest available */
    double max_seconds;             /* 0 = no time limit */
    const volatile int *stop;       /* optional: set non-zero to stop early */
    const sluice_topology *topo;    /* optional: thread placement and NUMA copies */
} sluice_tensority_search_params;

typedef struct {
    int found;
    uint64_t nonce;                 /* the winning nonce when found */
    uint8_t block_hash[32];
    uint8_t result[32];
    uint64_t hashes;                /* Tensority hashes computed */
    double seconds;                 /* wall time of the search */
    unsigned threads;               /* threads that ran */
    sluice_tensority_impl impl;     /* implementation that ran */
} sluice_tensority_search_result;

sluice_err sluice_tensority_search(const sluice_tensority_cache *cache,
                                   const sluice_tensority_search_params *p,
                                   sluice_tensority_search_result *r);

/* A copy of cache whose memory comes from alloc (e.g. on a NUMA node);
 * free it with sluice_tensority_cache_free_with(copy, release). */
typedef void *(*sluice_alloc_fn)(void *ctx, size_t len);
typedef void (*sluice_free_fn)(void *ctx, void *p, size_t len);
sluice_err sluice_tensority_cache_clone(const sluice_tensority_cache *cache, sluice_alloc_fn alloc,
                                        void *ctx, sluice_tensority_cache **out);
void sluice_tensority_cache_free_with(sluice_tensority_cache *cache, sluice_free_fn release, void *ctx);

#ifdef __cplusplus
}
#endif
#endif
