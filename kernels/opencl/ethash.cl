/* Ethash for OpenCL: a thin wrapper over kernels/common (single source shared
 * with kernels/cuda/ethash.cu). The build embeds this file with its includes
 * inlined into sluice_host (kernels/embed.cmake); host/src/opencl_ethash.c
 * compiles it at run time. */
#include "sl_ethash_kernels.h"
