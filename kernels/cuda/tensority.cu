/* Tensority for CUDA: a thin wrapper over kernels/common (single source shared
 * with kernels/opencl/tensority.cl). nvcc turns it into a fatbin at build time
 * (kernels/CMakeLists.txt), embedded in sluice_host and loaded with the driver
 * API (host/src/cuda_tensority.c); __dp4a needs sm_61 or later. */
#if defined(__CUDA_ARCH__) && __CUDA_ARCH__ < 610
#error "Tensority kernels need __dp4a (sm_61 or later)"
#endif
#include "sl_tensority_kernels.h"

/* Launch limits the host (host/src/cuda_tensority.c) relies on: the chain
 * kernel's shared tiles are static, so they must fit the 48 KiB static limit
 * (no cuFuncSetAttribute(MAX_DYNAMIC_SHARED_SIZE) opt-in is used), and every
 * block size must be a legal one matching its __launch_bounds__. */
static_assert(16 * (2 * SL_LOCAL_A_VECS + SL_LOCAL_M_VECS) <= 48 * 1024, "chain tiles exceed 48 KiB of static shared memory");
static_assert(SL_CHAIN_WG <= 1024 && SL_PREP_WG <= 1024 && SL_FOLD_WG <= 1024, "block size over 1024 threads");
static_assert(SL_CHAIN_WG % 32 == 0 && SL_FOLD_WG % 32 == 0, "blocks of whole warps");
static_assert(sizeof(sl_u32x4) == 16 && alignof(sl_u32x4) == 16, "16-byte vector loads");
