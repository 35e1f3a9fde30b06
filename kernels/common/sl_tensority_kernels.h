/* The Tensority entry points, shared by kernels/opencl/tensority.cl and
 * kernels/cuda/tensority.cu. A hash runs as three launches on one queue:
 *
 *   prep   one thread per hash: block hash (search) and the 4 x 32 matrix
 *          indices (spec section 2 step 1) -> seq[n][128]
 *   chain  SL_GROUPS_PER_HASH groups per hash, one per (chain, row tile):
 *          64 matrix steps (spec section 2 step 2) -> chains[n][4][256][256]
 *   finish one group of 64 per hash: sum, fold, FNV, SHA3 (steps 3-4), then
 *          the result (hash) or the target comparison (search). */
#ifndef SL_TENSORITY_KERNELS_H
#define SL_TENSORITY_KERNELS_H

#include "sl_bytom.h"
#include "sl_tensority_chain.h"
#include "sl_tensority_fold.h"


/* Header hashes given: hh[n][32] -> seq. */
KERNEL_WG(SL_PREP_WG) sl_prep_hash(GLOBAL_AS const sl_u8 *hh, GLOBAL_AS sl_u8 *seq, sl_u32 n)
{
    const sl_u32 g = SL_TID();
    if (g >= n) return;
    sl_u8 h[32];
    for (int i = 0; i < 32; i++) h[i] = hh[32 * g + i];
    sl_tensority_sequence(h, seq + SL_SEQ_BYTES * g);
}

/* Mining: nonce = start + g in the 136-byte body -> block hash -> seq. */
KERNEL_WG(SL_PREP_WG) sl_prep_search(GLOBAL_AS const sl_u8 *body, sl_u64 start, GLOBAL_AS sl_u8 *seq,
                                     sl_u32 n)
{
    const sl_u32 g = SL_TID();
    if (g >= n) return;
    sl_u8 h[32];
    sl_bytom_header_hash_nonce(body, start + g, h);
    sl_tensority_sequence(h, seq + SL_SEQ_BYTES * g);
}

/* Group g: hash g / SL_GROUPS_PER_HASH, chain (g / SL_TILES) % 4, tile g % SL_TILES. */
KERNEL_WG(SL_CHAIN_WG) sl_chain(GLOBAL_AS const sl_u32x4 *mats, GLOBAL_AS const sl_u8 *seq,
                                GLOBAL_AS sl_u32x4 *chains)
{
    LOCAL_VK sl_u32x4 a0[SL_LOCAL_A_VECS];
    LOCAL_VK sl_u32x4 a1[SL_LOCAL_A_VECS];
    LOCAL_VK sl_u32x4 mc[SL_LOCAL_M_VECS];
    const sl_u32 g = SL_GID();
    const sl_u32 hash = g / SL_GROUPS_PER_HASH;
    const sl_u32 chain = (g / SL_TILES) % 4;
    const sl_u32 tile = g % SL_TILES;
    GLOBAL_AS sl_u32x4 *out =
        chains + ((sl_u64)(hash * 4 + chain) * SL_MATRIX_BYTES + tile * SL_TILE_ROWS * SL_DIM) / 16;
    sl_tensority_chain_tile(mats, seq + SL_SEQ_BYTES * hash + 32 * chain, out, tile, a0, a1, mc);
}

/* Group g finishes hash g into results[g][32]. */
KERNEL_WG(SL_FOLD_WG) sl_finish_hash(GLOBAL_AS const sl_u8 *chains, GLOBAL_AS sl_u8 *results)
{
    LOCAL_VK sl_u32 wl[SL_FOLD_WG];
    const sl_u32 g = SL_GID();
    sl_u8 res[32];
    sl_tensority_finish(chains + (sl_u64)SL_CHAINS_BYTES * g, wl, res);
    if (SL_LID() == 0)
        for (int i = 0; i < 32; i++) results[32 * g + i] = res[i];
}

/* Group g finishes nonce start+g; if result <= target, appends the nonce to
 * found (found_count counts every hit, found holds the first cap). */
KERNEL_WG(SL_FOLD_WG) sl_finish_search(GLOBAL_AS const sl_u8 *chains, GLOBAL_AS const sl_u8 *target,
                                       sl_u64 start, GLOBAL_AS sl_u32 *found_count,
                                       GLOBAL_AS sl_u64 *found, sl_u32 cap)
{
    LOCAL_VK sl_u32 wl[SL_FOLD_WG];
    const sl_u32 g = SL_GID();
    sl_u8 res[32];
    sl_tensority_finish(chains + (sl_u64)SL_CHAINS_BYTES * g, wl, res);
    if (SL_LID() == 0 && sl_le256_leq(res, target)) {
        sl_u32 slot = SL_ATOMIC_INC(found_count);
        if (slot < cap) found[slot] = start + g;
    }
}

#endif
