/* Small helpers shared by the OpenCL backend files. */
#ifndef SLUICE_OPENCL_UTIL_H
#define SLUICE_OPENCL_UTIL_H

#ifdef SLUICE_HAVE_OPENCL
#define CL_TARGET_OPENCL_VERSION 120   /* the 1.2 API: PoCL, NVIDIA, AMD, Intel all have it */
#include <CL/cl.h>
#include "sluice/accel.h"

/* "CL_OUT_OF_RESOURCES" etc. for an OpenCL error code (never NULL). */
const char *sl_cl_errname(cl_int err);

/* The device at (platform, index) as sluice_accel_list numbers them. */
sluice_err sl_cl_find_device(unsigned platform, unsigned index, cl_device_id *dev, char *why,
                             size_t why_cap);

/* Creates and builds a program from NUL-free source src[0..len) for dev with
 * options opts; on failure *prog is released (NULL) and why gets the error
 * and the end of the build log. */
/* Enqueues k over n work-items (rounded up to whole groups of wg) on q; why
 * names the kernel on failure. */
sluice_err sl_cl_launch_1d(cl_command_queue q, cl_kernel k, uint64_t n, size_t wg, const char *name, char *why,
                           size_t why_cap);
sluice_err sl_cl_build_program(cl_context ctx, cl_device_id dev, const char *src, size_t len, const char *opts,
                               cl_program *prog, char *why, size_t why_cap);
#endif

#endif
