/* Signature verification (SM2, BIP340, Ed25519) for CUDA: a thin wrapper over
 * kernels/common (single source shared with kernels/opencl/sig.cl). nvcc
 * turns it into a fatbin at build time (kernels/CMakeLists.txt), embedded in
 * sluice_host and loaded with the driver API (host/src/cuda_sig.c). */
#include "sl_sig_kernels.h"

/* What the host and the kernels rely on. */
static_assert(sizeof(sl_u64) == 8 && sizeof(sl_u8) == 1, "limb and byte sizes");
static_assert(SL_SIG_WG <= 1024 && SL_SIG_SETUP_WG <= 1024, "block size over 1024 threads");
static_assert(SL_SIG_COMB_ENTRIES == 8192, "32 windows of 8 bits");
