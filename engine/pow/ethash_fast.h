/* Private: the fast Ethash node and light-hash paths (ethash_nodes*.c,
 * ethash_light*.c). Implementations: scalar (any CPU), AVX2, AVX-512; AUTO
 * picks the best one sluice_cpu_detect() reports (so SLUICE_CPU_MASK applies).
 * The *_with functions force one implementation: the test hook that lets
 * tests/unit/test_ethash_fast.c check every path against the reference. */
#ifndef SLUICE_ETHASH_FAST_H
#define SLUICE_ETHASH_FAST_H

#include <stddef.h>
#include <stdint.h>
#include "ethash_internal.h"   /* relative: tests and benches include this file by path */

typedef enum {
    ETHASH_IMPL_AUTO = 0,
    ETHASH_IMPL_SCALAR,
    ETHASH_IMPL_AVX2,
    ETHASH_IMPL_AVX512
} ethash_impl;

/* The implementation AUTO resolves to here (cached after the first call). */
ethash_impl ethash_impl_best(void);
/* 1 if impl runs here (compiled in and supported by the CPU; AUTO: 1). */
int ethash_impl_available(ethash_impl impl);
/* "auto", "scalar", "avx2", "avx512" ("?" otherwise). */
const char *ethash_impl_name(ethash_impl impl);

/* ---- Exact remainder by a 32-bit divisor without a division -------------
 * x % d for any 32-bit x and d >= 1 as two multiplications (D. Lemire,
 * O. Kaser, N. Kurz, "Faster remainder by direct computation", 2019:
 * c = floor((2^64 - 1) / d) + 1; x % d = ((c * x mod 2^64) * d) >> 64).
 * Node parents are `fnv(...) % cache_items`, 256 per node. */
typedef struct {
    uint64_t c;
    uint32_t d;
} ethash_divisor;

static inline ethash_divisor ethash_divisor_make(uint32_t d) {
    ethash_divisor v;
    v.c = UINT64_MAX / d + 1;   /* d == 1: c wraps to 0, and x % 1 == 0 follows */
    v.d = d;
    return v;
}

static inline uint32_t ethash_mod(ethash_divisor v, uint32_t x) {
#ifdef __SIZEOF_INT128__
    uint64_t low = v.c * x;
    return (uint32_t)(((unsigned __int128)low * v.d) >> 64);
#else
    return x % v.d;
#endif
}

/* ---- Nodes -------------------------------------------------------------- */

/* Per-implementation bodies of ethash_nodes (same contract). The SIMD ones
 * exist only on x86 and may only be called when available. */
void ethash_nodes_scalar(const struct sluice_ethash_epoch *ctx, const uint32_t *indices, size_t n,
                         ethash_node *out);
#if defined(__x86_64__) || defined(__i386__)
#define ETHASH_HAVE_X86 1
void ethash_nodes_avx2(const struct sluice_ethash_epoch *ctx, const uint32_t *indices, size_t n,
                       ethash_node *out);
void ethash_nodes_avx512(const struct sluice_ethash_epoch *ctx, const uint32_t *indices, size_t n,
                         ethash_node *out);
#endif

/* ethash_nodes with a chosen implementation. SLUICE_ERR_UNSUPPORTED if impl
 * is not available here, SLUICE_ERR_ARG if unknown or ctx/indices/out NULL
 * with n > 0. */
sluice_err ethash_nodes_with(ethash_impl impl, const struct sluice_ethash_epoch *ctx,
                             const uint32_t *indices, size_t n, ethash_node *out);

/* ---- Light hashing -------------------------------------------------------- */

/* sluice_ethash_light_hash with a chosen node implementation (errors as
 * ethash_nodes_with). */
sluice_err ethash_light_hash_with(ethash_impl impl, const struct sluice_ethash_epoch *ctx,
                                  const uint8_t header_hash[32], uint64_t nonce,
                                  sluice_ethash_result *out);
/* sluice_ethash_light_hash_batch with a chosen node implementation. */
sluice_err ethash_light_hash_batch_with(ethash_impl impl, const struct sluice_ethash_epoch *ctx,
                                        const uint8_t (*header_hashes)[32], const uint64_t *nonces,
                                        size_t n, sluice_ethash_result *out, unsigned threads);

/* Hashes one thread keeps in flight in the batched paths (each needs two
 * nodes per dataset access, so 2 * this many nodes go through ethash_nodes
 * together). */
#define ETHASH_LIGHT_LANES 32

#endif
