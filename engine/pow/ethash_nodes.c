/* ethash_nodes (ethash_internal.h): many dataset nodes at once, and the
 * choice of implementation. Node i (spec ../specs/ethash.md, Algorithm step 4;
 * chfast/ethash lib/ethash/ethash.cpp calculate_dataset_item_512):
 *   mix = cache[i % n]; mix.w[0] ^= i; mix = keccak512(mix);
 *   for j < 256: p = fnv(i ^ j, mix.w[j % 16]) % n; mix = fnv(mix, cache[p]);
 *   node = keccak512(mix).
 * Every parent read is a random 64-byte line of a 16+ MiB cache, so one node
 * is a chain of 256 dependent cache misses. All implementations keep a group
 * of nodes ("lanes") in flight in lockstep: each lane's next parent is known
 * as soon as its mix is updated, is prefetched then, and is read only after
 * every other lane has had its turn, so the misses of the group overlap.
 * This file holds the scalar implementation (any CPU) and the dispatch;
 * ethash_nodes_avx2.c / ethash_nodes_avx512.c the SIMD ones. */
#include "pow/ethash_fast.h"
#include "sluice/cpu.h"
#include "sluice/keccak.h"
#include <string.h>

/* Lanes in flight in the scalar path (miss-bound too: 8 lanes gave ~0.12 M
 * nodes/s, 32 ~0.25 M on a Zen 4 EPYC). */
#define SCALAR_LANES 32

static void keccak512_node(ethash_node *n) {
    uint8_t h[64];
    sluice_keccak512(h, n->b, sizeof n->b);
    memcpy(n->b, h, sizeof h);
}

/* Nodes idx[0..m) (m <= SCALAR_LANES) into out[0..m). */
static void group_scalar(const ethash_node *cache, ethash_divisor dv, const uint32_t *idx, unsigned m,
                         ethash_node *out) {
    ethash_node mix[SCALAR_LANES];
    uint32_t next[SCALAR_LANES];
    for (unsigned l = 0; l < m; l++) {
        mix[l] = cache[ethash_mod(dv, idx[l])];
        mix[l].w[0] ^= idx[l];
        keccak512_node(&mix[l]);
        next[l] = ethash_mod(dv, sluice_ethash_fnv(idx[l], mix[l].w[0]));
        __builtin_prefetch(&cache[next[l]]);
    }
    for (uint32_t j = 0; j < SLUICE_ETHASH_FULL_DATASET_ITEM_PARENTS; j++) {
        for (unsigned l = 0; l < m; l++) {
            const ethash_node *par = &cache[next[l]];
            for (int k = 0; k < 16; k++) mix[l].w[k] = sluice_ethash_fnv(mix[l].w[k], par->w[k]);
            uint32_t jn = j + 1;
            next[l] = ethash_mod(dv, sluice_ethash_fnv(idx[l] ^ jn, mix[l].w[jn % 16]));
            __builtin_prefetch(&cache[next[l]]);
        }
    }
    for (unsigned l = 0; l < m; l++) {
        keccak512_node(&mix[l]);
        out[l] = mix[l];
    }
}

void ethash_nodes_scalar(const struct sluice_ethash_epoch *ctx, const uint32_t *indices, size_t n,
                         ethash_node *out) {
    const ethash_divisor dv = ethash_divisor_make((uint32_t)ctx->cache_items);
    for (size_t k = 0; k < n; k += SCALAR_LANES) {
        unsigned m = n - k < SCALAR_LANES ? (unsigned)(n - k) : SCALAR_LANES;
        group_scalar(ctx->cache, dv, indices + k, m, out + k);
    }
}

ethash_impl ethash_impl_best(void) {
    /* Cached: CPUID is slow in virtual machines. Races only store the same value. */
    static _Atomic int best = -1;
    int b = best;
    if (b < 0) {
        b = ETHASH_IMPL_SCALAR;
#ifdef ETHASH_HAVE_X86
        sluice_cpu_features f;
        sluice_cpu_detect(&f);
        if (f.avx512f && f.avx512bw && f.avx512vl && f.avx512dq) b = ETHASH_IMPL_AVX512;
        else if (f.avx2) b = ETHASH_IMPL_AVX2;
#endif
        best = b;
    }
    return (ethash_impl)b;
}

int ethash_impl_available(ethash_impl impl) {
    ethash_impl best = ethash_impl_best();
    switch (impl) {
    case ETHASH_IMPL_AUTO:
    case ETHASH_IMPL_SCALAR: return 1;
    case ETHASH_IMPL_AVX2: return best == ETHASH_IMPL_AVX2 || best == ETHASH_IMPL_AVX512;
    case ETHASH_IMPL_AVX512: return best == ETHASH_IMPL_AVX512;
    }
    return 0;
}

const char *ethash_impl_name(ethash_impl impl) {
    switch (impl) {
    case ETHASH_IMPL_AUTO: return "auto";
    case ETHASH_IMPL_SCALAR: return "scalar";
    case ETHASH_IMPL_AVX2: return "avx2";
    case ETHASH_IMPL_AVX512: return "avx512";
    }
    return "?";
}

sluice_err ethash_nodes_with(ethash_impl impl, const struct sluice_ethash_epoch *ctx,
                             const uint32_t *indices, size_t n, ethash_node *out) {
    if (impl == ETHASH_IMPL_AUTO) impl = ethash_impl_best();
    if (impl < ETHASH_IMPL_SCALAR || impl > ETHASH_IMPL_AVX512) return SLUICE_ERR_ARG;
    if (!ethash_impl_available(impl)) return SLUICE_ERR_UNSUPPORTED;
    if (n == 0) return SLUICE_OK;
    if (!ctx || !indices || !out) return SLUICE_ERR_ARG;
    switch (impl) {
#ifdef ETHASH_HAVE_X86
    case ETHASH_IMPL_AVX512: ethash_nodes_avx512(ctx, indices, n, out); break;
    case ETHASH_IMPL_AVX2: ethash_nodes_avx2(ctx, indices, n, out); break;
#endif
    default: ethash_nodes_scalar(ctx, indices, n, out); break;
    }
    return SLUICE_OK;
}

void ethash_nodes(const struct sluice_ethash_epoch *ctx, const uint32_t *indices, size_t n,
                  ethash_node *out) {
    (void)ethash_nodes_with(ETHASH_IMPL_AUTO, ctx, indices, n, out);
}
