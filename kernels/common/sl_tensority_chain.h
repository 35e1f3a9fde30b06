/* One Tensority chain on a tile of rows (specs/tensority.md sections 2 and 3).
 *
 * Rows are independent (spec section 3): row r of A * M^T needs only row r of A,
 * and the truncation is element-wise. So a work-group owns SL_TILE_ROWS rows of
 * one chain for all 64 steps, keeps them in local memory (two buffers: the
 * current A and the next one), and streams each 64 KiB matrix from global
 * memory (L2) through local memory in chunks of SL_CHUNK_COLS matrix rows.
 *
 * Step (spec section 2 step 2):
 *   C[r][c] = sum_t A[r][t] * M[c][t]           exact in 32-bit (only 16 bits matter)
 *   A[r][c] = (int8)((C & 0xff) + ((C >> 8) & 0xff))
 * Both operands run along t contiguously, so four bytes are one SL_DOT4 and
 * sixteen are one 128-bit local load.
 *
 * Thread layout in a chunk: SL_COL_THREADS x SL_ROW_THREADS threads; thread
 * (tc, tr) computes the SL_RB x SL_CB outputs rows tr + i*SL_ROW_THREADS,
 * columns tc + j*SL_COL_THREADS. Local rows are padded to 17 x 16 bytes so
 * that the 16 matrix rows a warp reads at once fall in distinct banks. */
#ifndef SL_TENSORITY_CHAIN_H
#define SL_TENSORITY_CHAIN_H

#include "sl_portable.h"

#include "sl_tensority_params.h"

#if (SL_DIM % SL_TILE_ROWS) || (SL_DIM % SL_CHUNK_COLS) || (SL_CHUNK_COLS % SL_CB) || (SL_TILE_ROWS % SL_RB)
#error "tile parameters must divide 256"
#endif

/* Spec section 2: the truncation of one sum to a signed byte. */
DEVICE_FN sl_u8 sl_tensority_trunc(sl_s32 c)
{
    return (sl_u8)((c & 0xff) + ((c >> 8) & 0xff));
}

/* Runs the 64 steps of one chain for rows [tile*SL_TILE_ROWS, +SL_TILE_ROWS).
 * mats: the 256 matrices (16 MiB, row-major int8); seq: this chain's 32
 * indices; out: where row tile*SL_TILE_ROWS of R_k goes (row-major, 256 B a row).
 * a0, a1, mc: local buffers of SL_LOCAL_A_VECS, SL_LOCAL_A_VECS, SL_LOCAL_M_VECS. */
DEVICE_FN void sl_tensority_chain_tile(GLOBAL_AS const sl_u32x4 *mats, GLOBAL_AS const sl_u8 *seq,
                                       GLOBAL_AS sl_u32x4 *out, sl_u32 tile,
                                       LOCAL_AS sl_u32x4 *a0, LOCAL_AS sl_u32x4 *a1,
                                       LOCAL_AS sl_u32x4 *mc)
{
    const sl_u32 tid = SL_LID();
    const sl_u32 row0 = tile * SL_TILE_ROWS;
    LOCAL_AS sl_u32x4 *acur = a0;
    LOCAL_AS sl_u32x4 *anext = a1;

    /* Step 0: A = I, so C = M^T exactly and A' = trunc(M[c][r]). Consecutive
     * threads read consecutive r of one matrix row: coalesced. */
    {
        GLOBAL_AS const sl_s8 *m = (GLOBAL_AS const sl_s8 *)(mats + (sl_u32)seq[0] * (SL_MATRIX_BYTES / 16));
        LOCAL_AS sl_u8 *ab = (LOCAL_AS sl_u8 *)acur;
        for (sl_u32 e = tid; e < SL_TILE_ROWS * SL_DIM; e += SL_CHAIN_WG) {
            sl_u32 r = e % SL_TILE_ROWS, c = e / SL_TILE_ROWS;
            ab[r * (SL_ROW_PITCH * 16) + c] = sl_tensority_trunc((sl_s32)m[c * SL_DIM + row0 + r]);
        }
    }
    BARRIER();

    const sl_u32 tc = tid % SL_COL_THREADS;
    const sl_u32 tr = tid / SL_COL_THREADS;
    for (sl_u32 step = 1; step < SL_STEPS; step++) {
        GLOBAL_AS const sl_u32x4 *m = mats + (sl_u32)seq[step & 31] * (SL_MATRIX_BYTES / 16);
        LOCAL_AS sl_u8 *nb = (LOCAL_AS sl_u8 *)anext;
        for (sl_u32 c0 = 0; c0 < SL_DIM; c0 += SL_CHUNK_COLS) {
            /* Stage matrix rows c0 .. c0+SL_CHUNK_COLS-1 (16-byte loads, coalesced). */
            for (sl_u32 q = tid; q < SL_CHUNK_COLS * SL_ROW_VECS; q += SL_CHAIN_WG)
                mc[(q / SL_ROW_VECS) * SL_ROW_PITCH + q % SL_ROW_VECS] = m[c0 * SL_ROW_VECS + q];
            BARRIER();

            sl_s32 acc[SL_RB][SL_CB];
            SL_UNROLL for (int i = 0; i < SL_RB; i++)
                SL_UNROLL for (int j = 0; j < SL_CB; j++) acc[i][j] = 0;
            for (sl_u32 q = 0; q < SL_ROW_VECS; q++) {
                sl_u32x4 a[SL_RB], b[SL_CB];
                SL_UNROLL for (int i = 0; i < SL_RB; i++)
                    a[i] = acur[(tr + i * SL_ROW_THREADS) * SL_ROW_PITCH + q];
                SL_UNROLL for (int j = 0; j < SL_CB; j++)
                    b[j] = mc[(tc + j * SL_COL_THREADS) * SL_ROW_PITCH + q];
                SL_UNROLL for (int i = 0; i < SL_RB; i++)
                    SL_UNROLL for (int j = 0; j < SL_CB; j++) {
                        acc[i][j] = SL_DOT4(a[i].x, b[j].x, acc[i][j]);
                        acc[i][j] = SL_DOT4(a[i].y, b[j].y, acc[i][j]);
                        acc[i][j] = SL_DOT4(a[i].z, b[j].z, acc[i][j]);
                        acc[i][j] = SL_DOT4(a[i].w, b[j].w, acc[i][j]);
                    }
            }
            SL_UNROLL for (int i = 0; i < SL_RB; i++)
                SL_UNROLL for (int j = 0; j < SL_CB; j++)
                    nb[(tr + i * SL_ROW_THREADS) * (SL_ROW_PITCH * 16) + c0 + tc + j * SL_COL_THREADS] =
                        sl_tensority_trunc(acc[i][j]);
            BARRIER();   /* mc is overwritten by the next chunk */
        }
        LOCAL_AS sl_u32x4 *t = acur;
        acur = anext;
        anext = t;
    }

    /* R_k rows of this tile, 256 bytes each, contiguous in out. */
    for (sl_u32 q = tid; q < SL_TILE_ROWS * SL_ROW_VECS; q += SL_CHAIN_WG)
        out[q] = acur[(q / SL_ROW_VECS) * SL_ROW_PITCH + q % SL_ROW_VECS];
}

#endif
