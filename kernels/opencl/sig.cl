/* Signature verification (SM2, BIP340, Ed25519) for OpenCL: a thin wrapper
 * over kernels/common (single source shared with kernels/cuda/sig.cu). The
 * build embeds this file with its includes inlined into sluice_host
 * (kernels/embed.cmake); host/src/opencl_sig.c compiles it at run time. */
#include "sl_sig_kernels.h"
