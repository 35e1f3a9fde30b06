/* Private: the Hashimoto round loop of the full-DAG search (ethash_search.c),
 * written once and compiled twice: for any x86-64 CPU (ethash_search.c) and
 * with AVX2 (ethash_search_avx2.c, where the compiler vectorises the 32-word
 * FNV of each item into four 8-lane multiplies). ethash_search.c picks one at
 * run time from sluice_cpu_detect(). */
#ifndef SLUICE_ETHASH_SEARCH_LANES_H
#define SLUICE_ETHASH_SEARCH_LANES_H

#include <stddef.h>
#include <stdint.h>
#include "ethash_internal.h"

#define ETHASH_LANES 16   /* hashes in flight per thread */

typedef struct {
    ethash_node s;      /* keccak512(header || nonce) */
    uint32_t mix[32];
    uint32_t p;         /* item index of the current round */
} ethash_lane;

/* The 64 rounds of spec step 5 for lanes L[0..n) whose s, mix (= s || s) and
 * p (round-0 index) are set and whose round-0 items were prefetched: in round
 * r lane k folds its item in, computes its next index and prefetches that
 * item, so each item has the other lanes' work to arrive. Item indices are
 * 32-bit (items < 2^31, checked by sluice_ethash_dag_new). */
void ethash_lanes_rounds_generic(const ethash_node *dag, uint32_t items, ethash_lane *L, int n);
void ethash_lanes_rounds_avx2(const ethash_node *dag, uint32_t items, ethash_lane *L, int n);

static inline void ethash_prefetch_item(const ethash_node *dag, uint32_t p) {
    __builtin_prefetch(&dag[2 * (size_t)p], 0, 0);
    __builtin_prefetch(&dag[2 * (size_t)p + 1], 0, 0);
}

static inline __attribute__((always_inline)) void ethash_lanes_rounds_body(const ethash_node *dag, uint32_t items,
                                                                           ethash_lane *L, int n) {
    for (uint32_t r = 0; r < SLUICE_ETHASH_NUM_DATASET_ACCESSES; r++) {
        const uint32_t next = r + 1;
        for (int k = 0; k < n; k++) {
            const ethash_node *item = &dag[2 * (size_t)L[k].p];
            uint32_t *mix = L[k].mix;
            for (int w = 0; w < 16; w++) mix[w] = sluice_ethash_fnv(mix[w], item[0].w[w]);
            for (int w = 0; w < 16; w++) mix[16 + w] = sluice_ethash_fnv(mix[16 + w], item[1].w[w]);
            if (next < SLUICE_ETHASH_NUM_DATASET_ACCESSES) {
                L[k].p = sluice_ethash_fnv(next ^ L[k].s.w[0], mix[next % 32]) % items;
                ethash_prefetch_item(dag, L[k].p);
            }
        }
    }
}

#endif
