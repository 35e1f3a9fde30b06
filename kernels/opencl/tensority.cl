/* Tensority for OpenCL: a thin wrapper over kernels/common (single source
 * shared with kernels/cuda/tensority.cu). The build embeds this file with its
 * includes inlined into sluice_host (kernels/embed.cmake); the host passes the
 * tile parameters (SL_TILE_ROWS, ...) as -D options. */
#include "sl_tensority_kernels.h"
