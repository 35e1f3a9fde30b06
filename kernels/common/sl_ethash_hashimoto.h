/* Hashimoto with one work-item per hash (spec ethash.md "Algorithm" step 5;
 * chfast/ethash lib/ethash/ethash.cpp hash_kernel):
 *   mix[32 words] = s || s
 *   for i < 64: p = fnv(i ^ s.word0, mix[i % 32]) % dataset_items;  mix = fnv(mix, ITEM[p])
 *   cmix[k] = fnv(fnv(fnv(mix[4k], mix[4k+1]), mix[4k+2]), mix[4k+3])
 * with ITEM read from the DAG (full) or computed from the light cache as
 * nodes 2p and 2p+1 (light). The keccak steps around it are in
 * sl_ethash_keccak.h. */
#ifndef SL_ETHASH_HASHIMOTO_H
#define SL_ETHASH_HASHIMOTO_H

#include "sl_ethash_node.h"

/* The header hash (8 words in global memory) into registers. */
DEVICE_FN void sl_ethash_load_header(GLOBAL_AS const sl_u32 *hh, sl_u32 out[8])
{
    SL_UNROLL for (int i = 0; i < 8; i++) out[i] = hh[i];
}

DEVICE_FN void sl_ethash_mix_init(const sl_u32 s[16], sl_u32 mix[32])
{
    SL_UNROLL for (int k = 0; k < 32; k++) mix[k] = s[k % 16];
}

/* cmix: each group of four mix words folded with fnv. */
DEVICE_FN sl_u32 sl_ethash_reduce4(sl_u32 a, sl_u32 b, sl_u32 c, sl_u32 d)
{
    return sl_ethash_fnv(sl_ethash_fnv(sl_ethash_fnv(a, b), c), d);
}

DEVICE_FN void sl_ethash_compress(const sl_u32 mix[32], sl_u32 cmix[8])
{
    SL_UNROLL for (int k = 0; k < 8; k++)
        cmix[k] = sl_ethash_reduce4(mix[4 * k], mix[4 * k + 1], mix[4 * k + 2], mix[4 * k + 3]);
}

/* Full: dataset item p is dag[8p .. 8p+7] (16-byte vectors). i = i0 + k with
 * k unrolled so that mix[i % 32] is a register. */
DEVICE_FN void sl_ethash_mix_full(GLOBAL_AS const sl_u32x4 *dag, sl_u32 items, const sl_u32 s[16], sl_u32 cmix[8])
{
    sl_u32 mix[32];
    sl_ethash_mix_init(s, mix);
    for (sl_u32 i0 = 0; i0 < SL_ETHASH_ACCESSES; i0 += 32) {
        SL_UNROLL for (sl_u32 k = 0; k < 32; k++) {
            const sl_u32 p = sl_ethash_fnv((i0 + k) ^ s[0], mix[k]) % items;
            GLOBAL_AS const sl_u32x4 *item = dag + (sl_u64)p * 8;
            sl_u32x4 v[8];
            SL_UNROLL for (int q = 0; q < 8; q++) v[q] = item[q];
            SL_UNROLL for (int q = 0; q < 8; q++) sl_ethash_fnv4(mix + 4 * q, v[q]);
        }
    }
    sl_ethash_compress(mix, cmix);
}

/* Light: the two nodes of each accessed item computed from the cache. */
DEVICE_FN void sl_ethash_mix_light(GLOBAL_AS const sl_u32x4 *cache, sl_u32 cache_items, sl_u32 items,
                                   const sl_u32 s[16], sl_u32 cmix[8])
{
    sl_u32 mix[32];
    sl_ethash_mix_init(s, mix);
    for (sl_u32 i = 0; i < SL_ETHASH_ACCESSES; i++) {
        const sl_u32 p = sl_ethash_fnv(i ^ s[0], mix[i % 32]) % items;
        sl_u32 node[16];
        for (sl_u32 hi = 0; hi < 2; hi++) {
            sl_ethash_node(cache, cache_items, 2 * p + hi, node);
            SL_UNROLL for (int w = 0; w < 16; w++) mix[16 * hi + w] = sl_ethash_fnv(mix[16 * hi + w], node[w]);
        }
    }
    sl_ethash_compress(mix, cmix);
}

/* Writes the 32-byte mix and the 32-byte final of one hash as 16 words:
 * out[0..7] = cmix, out[8..15] = final (byte order of both as on the chain). */
DEVICE_FN void sl_ethash_store_result(GLOBAL_AS sl_u32 *out, const sl_u32 cmix[8], const sl_u64 fin[4])
{
    SL_UNROLL for (int k = 0; k < 8; k++) out[k] = cmix[k];
    SL_UNROLL for (int k = 0; k < 4; k++) {
        out[8 + 2 * k] = (sl_u32)fin[k];
        out[9 + 2 * k] = (sl_u32)(fin[k] >> 32);
    }
}

/* Search: records offset g when the top 64 bits of final (big-endian) are
 * <= target (result[0] counts every hit, result[1..SLOTS] keep the first). */
DEVICE_FN void sl_ethash_record(GLOBAL_AS sl_u32 *result, sl_u64 lane0, sl_u64 target, sl_u32 g)
{
    if (sl_ethash_top64(lane0) <= target) {
        const sl_u32 slot = SL_ATOMIC_INC(result);
        if (slot < SL_ETHASH_SLOTS) result[1 + slot] = g;
    }
}

#endif
