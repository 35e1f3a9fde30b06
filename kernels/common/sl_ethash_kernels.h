/* The Ethash entry points, shared by kernels/opencl/ethash.cl and
 * kernels/cuda/ethash.cu (host side: host/src/opencl_ethash.c,
 * host/src/cuda_ethash.c).
 *
 *   sl_ethash_dag          DAG generation, one node per work-item, nodes
 *                          first .. first+n-1 (launched in slices)
 *   sl_ethash_search       one hash per work-item: nonces start+g, g < n;
 *                          hits (top 64 bits of final <= target) -> result
 *   sl_ethash_hash         full hashes of given nonces -> 16 words each
 *   sl_ethash_light        the same from the light cache (no DAG)
 *   sl_ethash_search_coop  search with SL_ETHASH_LANES work-items per hash
 *   sl_ethash_hash_coop    full hashes, the same way (sl_ethash_coop.h)
 *
 * Buffers: cache and dag as 16-byte vectors (64-byte nodes, 128-byte items),
 * hh the header hash as 8 little-endian words, nonces as u64, result as in
 * sl_ethash_params.h, out as 16 words per hash (sl_ethash_store_result). */
#ifndef SL_ETHASH_KERNELS_H
#define SL_ETHASH_KERNELS_H

#include "sl_ethash_coop.h"

KERNEL_WG(SL_ETHASH_DAG_WG) sl_ethash_dag(GLOBAL_AS const sl_u32x4 *cache, sl_u32 cache_items,
                                          GLOBAL_AS sl_u32x4 *dag, sl_u32 first, sl_u32 n)
{
    const sl_u32 g = SL_TID();
    if (g >= n) return;
    const sl_u32 index = first + g;
    sl_u32 w[16];
    sl_ethash_node(cache, cache_items, index, w);
    GLOBAL_AS sl_u32x4 *out = dag + (sl_u64)index * 4;
    SL_UNROLL for (int q = 0; q < 4; q++) {
        sl_u32x4 v;
        v.x = w[4 * q];
        v.y = w[4 * q + 1];
        v.z = w[4 * q + 2];
        v.w = w[4 * q + 3];
        out[q] = v;
    }
}

KERNEL_WG(SL_ETHASH_HASH_WG) sl_ethash_search(GLOBAL_AS const sl_u32x4 *dag, sl_u32 items,
                                              GLOBAL_AS const sl_u32 *hh, sl_u64 start, sl_u64 target,
                                              sl_u32 n, GLOBAL_AS sl_u32 *result)
{
    const sl_u32 g = SL_TID();
    if (g >= n) return;
    sl_u32 h[8], s[16], cmix[8];
    sl_u64 fin[4];
    sl_ethash_load_header(hh, h);
    sl_ethash_seed_words(h, start + g, s);
    sl_ethash_mix_full(dag, items, s, cmix);
    sl_ethash_final_lanes(s, cmix, fin);
    sl_ethash_record(result, fin[0], target, g);
}

KERNEL_WG(SL_ETHASH_HASH_WG) sl_ethash_hash(GLOBAL_AS const sl_u32x4 *dag, sl_u32 items, GLOBAL_AS const sl_u32 *hh,
                                            GLOBAL_AS const sl_u64 *nonces, sl_u32 n, GLOBAL_AS sl_u32 *out)
{
    const sl_u32 g = SL_TID();
    if (g >= n) return;
    sl_u32 h[8], s[16], cmix[8];
    sl_u64 fin[4];
    sl_ethash_load_header(hh, h);
    sl_ethash_seed_words(h, nonces[g], s);
    sl_ethash_mix_full(dag, items, s, cmix);
    sl_ethash_final_lanes(s, cmix, fin);
    sl_ethash_store_result(out + (sl_u64)g * 16, cmix, fin);
}

KERNEL_WG(SL_ETHASH_HASH_WG) sl_ethash_light(GLOBAL_AS const sl_u32x4 *cache, sl_u32 cache_items, sl_u32 items,
                                             GLOBAL_AS const sl_u32 *hh, GLOBAL_AS const sl_u64 *nonces, sl_u32 n,
                                             GLOBAL_AS sl_u32 *out)
{
    const sl_u32 g = SL_TID();
    if (g >= n) return;
    sl_u32 h[8], s[16], cmix[8];
    sl_u64 fin[4];
    sl_ethash_load_header(hh, h);
    sl_ethash_seed_words(h, nonces[g], s);
    sl_ethash_mix_light(cache, cache_items, items, s, cmix);
    sl_ethash_final_lanes(s, cmix, fin);
    sl_ethash_store_result(out + (sl_u64)g * 16, cmix, fin);
}

/* Launched with a whole number of groups; work-items g >= n compute a
 * padding hash (the group must stay complete) and store nothing. */
KERNEL_WG(SL_ETHASH_COOP_WG) sl_ethash_search_coop(GLOBAL_AS const sl_u32x4 *dag, sl_u32 items,
                                                   GLOBAL_AS const sl_u32 *hh, sl_u64 start, sl_u64 target,
                                                   sl_u32 n, GLOBAL_AS sl_u32 *result)
{
    SL_ETHASH_XCH_DECL
    const sl_u32 g = SL_TID();
    sl_u32 h[8], s[16], cmix[8] = {0, 0, 0, 0, 0, 0, 0, 0};
    sl_u64 fin[4];
    sl_ethash_load_header(hh, h);
    sl_ethash_seed_words(h, start + g, s);
    sl_ethash_coop_mix(dag, items, s, cmix, SL_ETHASH_XCH);
    sl_ethash_final_lanes(s, cmix, fin);
    if (g < n) sl_ethash_record(result, fin[0], target, g);
}

KERNEL_WG(SL_ETHASH_COOP_WG) sl_ethash_hash_coop(GLOBAL_AS const sl_u32x4 *dag, sl_u32 items,
                                                 GLOBAL_AS const sl_u32 *hh, GLOBAL_AS const sl_u64 *nonces,
                                                 sl_u32 n, GLOBAL_AS sl_u32 *out)
{
    SL_ETHASH_XCH_DECL
    const sl_u32 g = SL_TID();
    sl_u32 h[8], s[16], cmix[8] = {0, 0, 0, 0, 0, 0, 0, 0};
    sl_u64 fin[4];
    sl_ethash_load_header(hh, h);
    sl_ethash_seed_words(h, nonces[g < n ? g : n - 1], s);
    sl_ethash_coop_mix(dag, items, s, cmix, SL_ETHASH_XCH);
    sl_ethash_final_lanes(s, cmix, fin);
    if (g < n) sl_ethash_store_result(out + (sl_u64)g * 16, cmix, fin);
}

#endif
