/* Hashimoto with SL_ETHASH_LANES work-items cooperating on each hash: the
 * structure of ethminer's CUDA search (spec ethash.md "How the best GPU miner
 * (ethminer) structures it"), written here from the algorithm:
 *
 *  - every work-item first computes s for its own nonce;
 *  - the lane group then takes its SL_ETHASH_LANES hashes SL_ETHASH_PARALLEL
 *    at a time: lane L holds mix words 4L..4L+3 (16 bytes of the 128-byte
 *    mix; mix = s || s, so words 4(L % 4) .. of s);
 *  - access i: word i % 32 lives in lane (i >> 2) & 7 as its word i & 3; that
 *    lane's index p = fnv(i ^ s.word0, mix[i % 32]) % items is broadcast to the
 *    group, and each lane loads its 16 bytes of item p (the group's loads are
 *    one 128-byte line), SL_ETHASH_PARALLEL items in flight;
 *  - each lane folds its four words into cmix word L, and the group gathers
 *    the eight cmix words back to the lane whose nonce it was.
 *
 * The exchange is a warp shuffle on CUDA; on OpenCL (1.2, no sub-group
 * shuffles) it goes through local memory between two barriers - slow, but
 * the same algorithm, so the CUDA kernel's logic is tested on any OpenCL
 * device (PoCL). Every work-item of a group must run the whole function (no
 * early exit): callers pad the launch and mask only the stores. */
#ifndef SL_ETHASH_COOP_H
#define SL_ETHASH_COOP_H

#include "sl_ethash_hashimoto.h"

/* The lane exchange. A round is: SL_XCH_SYNC(); SL_XCH_PUBLISH(k, v) for
 * each slot k; SL_XCH_SYNC(); then SL_XCH_READ(k, v, src) = lane src's v of
 * slot k. On CUDA the read is a warp shuffle (publish and sync vanish); on
 * OpenCL each work-item publishes to local memory between two barriers, so
 * one round moves many values (s, the SL_ETHASH_PARALLEL indices, cmix). */
#define SL_XCH_SLOTS 16
#if SL_ETHASH_PARALLEL > SL_XCH_SLOTS
#error "the OpenCL exchange holds at most SL_XCH_SLOTS values per round"
#endif
#if defined(__CUDACC__)
/* The group's lanes are consecutive lanes of one warp. */
#define SL_ETHASH_XCH_DECL
#define SL_ETHASH_XCH 0
#define SL_XCH_SYNC() ((void)0)
#define SL_XCH_PUBLISH(xch, k, v) ((void)0)
#define SL_XCH_READ(xch, k, v, src) __shfl_sync(0xffffffffu, (v), (int)(src), SL_ETHASH_LANES)
#else
#define SL_ETHASH_XCH_DECL LOCAL_VK sl_u32 sl_ethash_xch[SL_XCH_SLOTS * SL_ETHASH_COOP_WG];
#define SL_ETHASH_XCH sl_ethash_xch
#define SL_XCH_SYNC() BARRIER()
#define SL_XCH_PUBLISH(xch, k, v) ((xch)[(k) * SL_ETHASH_COOP_WG + SL_LID()] = (v))
#define SL_XCH_READ(xch, k, v, src) \
    ((xch)[(k) * SL_ETHASH_COOP_WG + (SL_LID() & ~(sl_u32)(SL_ETHASH_LANES - 1)) + (src)])
#endif

/* cmix of this work-item's hash, whose s it holds; see the file comment. */
DEVICE_FN void sl_ethash_coop_mix(GLOBAL_AS const sl_u32x4 *dag, sl_u32 items, const sl_u32 s[16], sl_u32 cmix[8],
                                  LOCAL_AS sl_u32 *xch)
{
    (void)xch;
    const sl_u32 lane = SL_LID() % SL_ETHASH_LANES;
    for (sl_u32 h0 = 0; h0 < SL_ETHASH_LANES; h0 += SL_ETHASH_PARALLEL) {
        sl_u32 m[SL_ETHASH_PARALLEL][4], init0[SL_ETHASH_PARALLEL];
        /* s of hashes h0 .. h0+PARALLEL-1 to every lane; each keeps its quarter. */
        SL_XCH_SYNC();
        SL_UNROLL for (int w = 0; w < 16; w++) SL_XCH_PUBLISH(xch, w, s[w]);
        SL_XCH_SYNC();
        SL_UNROLL for (int p = 0; p < SL_ETHASH_PARALLEL; p++) {
            SL_UNROLL for (int w = 0; w < 16; w++) {
                const sl_u32 x = SL_XCH_READ(xch, w, s[w], h0 + p);
                if (w == 0) init0[p] = x;
                if ((sl_u32)(w / 4) == lane % 4) m[p][w % 4] = x;
            }
        }
        for (sl_u32 a0 = 0; a0 < SL_ETHASH_ACCESSES; a0 += 4) {
            const sl_u32 owner = (a0 >> 2) % SL_ETHASH_LANES;
            SL_UNROLL for (sl_u32 b = 0; b < 4; b++) {
                /* access a0 + b: every lane computes the index from its word
                 * b; the owner's is the one that counts */
                sl_u32 mine[SL_ETHASH_PARALLEL], idx[SL_ETHASH_PARALLEL];
                SL_UNROLL for (int p = 0; p < SL_ETHASH_PARALLEL; p++)
                    mine[p] = sl_ethash_fnv(init0[p] ^ (a0 + b), m[p][b]) % items;
                SL_XCH_SYNC();
                SL_UNROLL for (int p = 0; p < SL_ETHASH_PARALLEL; p++) SL_XCH_PUBLISH(xch, p, mine[p]);
                SL_XCH_SYNC();
                SL_UNROLL for (int p = 0; p < SL_ETHASH_PARALLEL; p++) idx[p] = SL_XCH_READ(xch, p, mine[p], owner);
                sl_u32x4 v[SL_ETHASH_PARALLEL];
                SL_UNROLL for (int p = 0; p < SL_ETHASH_PARALLEL; p++) v[p] = dag[(sl_u64)idx[p] * 8 + lane];
                SL_UNROLL for (int p = 0; p < SL_ETHASH_PARALLEL; p++) sl_ethash_fnv4(m[p], v[p]);
            }
        }
        /* cmix word `lane` of each hash back to the lane that owns the hash */
        sl_u32 c[SL_ETHASH_PARALLEL];
        SL_UNROLL for (int p = 0; p < SL_ETHASH_PARALLEL; p++) c[p] = sl_ethash_reduce4(m[p][0], m[p][1], m[p][2], m[p][3]);
        SL_XCH_SYNC();
        SL_UNROLL for (int p = 0; p < SL_ETHASH_PARALLEL; p++) SL_XCH_PUBLISH(xch, p, c[p]);
        SL_XCH_SYNC();
        SL_UNROLL for (int p = 0; p < SL_ETHASH_PARALLEL; p++) {
            SL_UNROLL for (sl_u32 j = 0; j < SL_ETHASH_LANES; j++) {
                const sl_u32 x = SL_XCH_READ(xch, p, c[p], j);
                if (lane == h0 + (sl_u32)p) cmix[j] = x;
            }
        }
    }
}

#endif
