/* Ethash for CUDA: a thin wrapper over kernels/common (single source shared
 * with kernels/opencl/ethash.cl). nvcc turns it into a fatbin at build time
 * (kernels/CMakeLists.txt), embedded in sluice_host and loaded with the
 * driver API (host/src/cuda_ethash.c). The search kernel the host uses on
 * CUDA is sl_ethash_search_coop (lanes cooperating through warp shuffles). */
#include "sl_ethash_kernels.h"

/* What the host and sl_ethash_coop.h rely on. */
static_assert(SL_ETHASH_COOP_WG % 32 == 0 && SL_ETHASH_COOP_WG <= 1024, "cooperative blocks of whole warps");
static_assert(32 % SL_ETHASH_LANES == 0, "a lane group lies within one warp");
static_assert(SL_ETHASH_LANES % SL_ETHASH_PARALLEL == 0, "hashes in flight divide the lane group");
static_assert(SL_ETHASH_LANES * 16 == 128, "a lane group loads one 128-byte item");
static_assert(SL_ETHASH_DAG_WG <= 1024 && SL_ETHASH_HASH_WG <= 1024, "block size over 1024 threads");
static_assert(sizeof(sl_u32x4) == 16 && alignof(sl_u32x4) == 16, "16-byte vector loads");
