/* Launch geometry of the Tensority kernels (plain preprocessor: included by
 * the kernels and by the host runtime, so both agree). The OpenCL host may
 * override SL_TILE_ROWS, SL_CHUNK_COLS, SL_CB and SL_RB with -D options. */
#ifndef SL_TENSORITY_PARAMS_H
#define SL_TENSORITY_PARAMS_H

#define SL_DIM 256                       /* matrix side */
#define SL_MATRIX_BYTES (256 * 256)
#define SL_ROW_VECS 16                   /* 16-byte vectors in a 256-byte row */
#define SL_ROW_PITCH 17                  /* padded row, in 16-byte vectors */
#define SL_STEPS 64                      /* 2 passes over 32 indices */

#ifndef SL_TILE_ROWS
#define SL_TILE_ROWS 64                  /* rows of A owned by one work-group */
#endif
#ifndef SL_CHUNK_COLS
#define SL_CHUNK_COLS 32                 /* matrix rows (= columns of C) per chunk */
#endif
#ifndef SL_CB
#define SL_CB 2                          /* columns per thread */
#endif
#ifndef SL_RB
#define SL_RB 4                          /* rows per thread */
#endif
#define SL_COL_THREADS (SL_CHUNK_COLS / SL_CB)
#define SL_ROW_THREADS (SL_TILE_ROWS / SL_RB)
#define SL_CHAIN_WG (SL_COL_THREADS * SL_ROW_THREADS)   /* threads per work-group */
#define SL_TILES (SL_DIM / SL_TILE_ROWS)                /* tiles per chain */
#define SL_GROUPS_PER_HASH (4 * SL_TILES)

/* Local memory the kernel declares (16-byte vectors). */
#define SL_LOCAL_A_VECS (SL_TILE_ROWS * SL_ROW_PITCH)
#define SL_LOCAL_M_VECS (SL_CHUNK_COLS * SL_ROW_PITCH)

#define SL_PREP_WG 64                    /* threads per group of the prep kernels */
#define SL_FOLD_WG 64                    /* threads per group of the finish kernels */
#define SL_SEQ_BYTES 128                 /* 4 x 32 matrix indices per hash */
#define SL_CHAINS_BYTES (4 * SL_MATRIX_BYTES)   /* R_0..R_3 per hash */

#endif
