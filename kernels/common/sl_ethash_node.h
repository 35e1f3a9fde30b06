/* Ethash dataset nodes from the light cache on the device (spec ethash.md
 * "Algorithm" step 4; chfast/ethash lib/ethash/ethash.cpp calculate_dataset_item_512):
 *   mix = c[i % n]; mix.word0 ^= i; mix = keccak512(mix);
 *   for j < 256: p = fnv(i ^ j, mix.word[j % 16]) % n; mix = fnv(mix, c[p]);
 *   node = keccak512(mix)
 * The cache is a global buffer of n 64-byte nodes read as 16-byte vectors. */
#ifndef SL_ETHASH_NODE_H
#define SL_ETHASH_NODE_H

#include "sl_ethash_keccak.h"
#include "sl_ethash_params.h"

#define SL_ETHASH_FNV_PRIME 0x01000193u

/* fnv(u, v) = (u * 0x01000193) ^ v on u32 (spec "Hashes"). */
DEVICE_FN sl_u32 sl_ethash_fnv(sl_u32 u, sl_u32 v) { return (u * SL_ETHASH_FNV_PRIME) ^ v; }

DEVICE_FN void sl_ethash_fnv4(sl_u32 *m, sl_u32x4 v)
{
    m[0] = sl_ethash_fnv(m[0], v.x);
    m[1] = sl_ethash_fnv(m[1], v.y);
    m[2] = sl_ethash_fnv(m[2], v.z);
    m[3] = sl_ethash_fnv(m[3], v.w);
}

/* Node `index` of the dataset into out[16] (little-endian words). */
DEVICE_FN void sl_ethash_node(GLOBAL_AS const sl_u32x4 *cache, sl_u32 cache_items, sl_u32 index, sl_u32 out[16])
{
    const sl_u32 first = index % cache_items;
    SL_UNROLL for (int q = 0; q < 4; q++) {
        const sl_u32x4 v = cache[(sl_u64)first * 4 + q];
        out[4 * q] = v.x;
        out[4 * q + 1] = v.y;
        out[4 * q + 2] = v.z;
        out[4 * q + 3] = v.w;
    }
    out[0] ^= index;
    sl_ethash_keccak512_words(out);
    /* j = j0 + k with k unrolled, so that mix.word[j % 16] is a register. */
    for (sl_u32 j0 = 0; j0 < SL_ETHASH_ITEM_PARENTS; j0 += 16) {
        SL_UNROLL for (sl_u32 k = 0; k < 16; k++) {
            const sl_u32 p = sl_ethash_fnv(index ^ (j0 + k), out[k]) % cache_items;
            GLOBAL_AS const sl_u32x4 *c = cache + (sl_u64)p * 4;
            const sl_u32x4 c0 = c[0], c1 = c[1], c2 = c[2], c3 = c[3];
            sl_ethash_fnv4(out, c0);
            sl_ethash_fnv4(out + 4, c1);
            sl_ethash_fnv4(out + 8, c2);
            sl_ethash_fnv4(out + 12, c3);
        }
    }
    sl_ethash_keccak512_words(out);
}

#endif
