/* A small mock Ethash epoch for tests: a light cache of `cache_items` random
 * nodes (from seed) with epoch 0's dataset size, so DAG builds and searches can
 * run on synthetic datasets in milliseconds. Free with sluice_ethash_epoch_free. */
#ifndef SLUICE_TEST_ETHASH_MOCK_H
#define SLUICE_TEST_ETHASH_MOCK_H

#include <stdlib.h>
#include "sluice/ethash.h"
#include "testutil.h"
#include "../../engine/pow/ethash_internal.h"

static inline sluice_ethash_epoch *ethash_mock_random(uint64_t cache_items, uint64_t seed) {
    sluice_ethash_epoch *m = calloc(1, sizeof *m);
    if (!m) return NULL;
    m->cache_items = cache_items;
    m->dataset_items = sluice_ethash_dataset_items(0);
    m->cache_alloc = cache_items * 64;
    void *mem = NULL;
    if (posix_memalign(&mem, 64, m->cache_alloc) != 0) { free(m); return NULL; }
    m->cache = mem;
    tu_rng rng;
    tu_rng_seed(&rng, seed);
    tu_rng_bytes(&rng, m->cache, m->cache_alloc);
    return m;
}

#endif
