/* Ethash internals shared by the reference (ethash_ref.c, ethash_epoch.c),
 * the DAG builder (ethash_dag*.c), the search (ethash_search.c) and the fast
 * node/light-hash paths (ethash_nodes*.c, ethash_light*.c). */
#ifndef SLUICE_ETHASH_INTERNAL_H
#define SLUICE_ETHASH_INTERNAL_H

#include <stddef.h>
#include <stdint.h>
#include "sluice/ethash.h"

/* A 64-byte node as 16 little-endian words (host order: x86/ARM are LE). */
typedef union {
    uint8_t b[64];
    uint32_t w[16];
    uint64_t q[8];
} ethash_node;

struct sluice_ethash_epoch {
    int epoch;
    uint8_t seed[32];
    uint64_t cache_items;        /* 64-byte items */
    uint64_t dataset_items;      /* 128-byte items */
    ethash_node *cache;          /* cache_items nodes, 64-byte aligned */
    size_t cache_alloc;          /* bytes allocated (for munmap/free) */
};

/* Node i of the dataset computed from the cache: the readable reference. */
void ethash_node_ref(const struct sluice_ethash_epoch *ctx, uint32_t index, ethash_node *out);

/* Nodes out[k] = node(indices[k]) for k < n, computed several at a time (SIMD
 * Keccak-512 over 4/8 lanes, FNV rounds interleaved so that the parents'
 * cache misses overlap). Equal to ethash_node_ref for every index. The
 * implementation is chosen once from sluice_cpu_detect(). */
void ethash_nodes(const struct sluice_ethash_epoch *ctx, const uint32_t *indices, size_t n,
                  ethash_node *out);

/* Hashimoto core shared by light, full and search paths: given s (keccak512
 * of header || le64 nonce) and the 64 items fetched by the caller's loop. */
void ethash_seed_hash_nonce(const uint8_t header_hash[32], uint64_t nonce, ethash_node *s);
void ethash_finish(const ethash_node *s, const uint32_t mix[32], sluice_ethash_result *out);

#endif
