/* Tensority for CUDA: a thin wrapper over kernels/common (single source shared
 * with kernels/opencl/tensority.cl). nvcc turns it into a fatbin at build time
 * (kernels/CMakeLists.txt), embedded in sluice_host and loaded with the driver
 * API (host/src/cuda_tensority.c); __dp4a needs sm_61 or later. */
#if defined(__CUDA_ARCH__) && __CUDA_ARCH__ < 610
#error "Tensority kernels need __dp4a (sm_61 or later)"
#endif
#include "sl_tensority_kernels.h"
