/* OpenCL error names (from CL/cl.h), device lookup by index, program builds. */
#include "opencl_util.h"

#ifdef SLUICE_HAVE_OPENCL
#include <stdlib.h>
#include "accel_internal.h"

const char *sl_cl_errname(cl_int err)
{
    switch (err) {
#define N(x) case x: return #x
    N(CL_SUCCESS); N(CL_DEVICE_NOT_FOUND); N(CL_DEVICE_NOT_AVAILABLE);
    N(CL_COMPILER_NOT_AVAILABLE); N(CL_MEM_OBJECT_ALLOCATION_FAILURE); N(CL_OUT_OF_RESOURCES);
    N(CL_OUT_OF_HOST_MEMORY); N(CL_PROFILING_INFO_NOT_AVAILABLE); N(CL_MEM_COPY_OVERLAP);
    N(CL_BUILD_PROGRAM_FAILURE); N(CL_MAP_FAILURE); N(CL_INVALID_VALUE);
    N(CL_INVALID_DEVICE_TYPE); N(CL_INVALID_PLATFORM); N(CL_INVALID_DEVICE);
    N(CL_INVALID_CONTEXT); N(CL_INVALID_QUEUE_PROPERTIES); N(CL_INVALID_COMMAND_QUEUE);
    N(CL_INVALID_MEM_OBJECT); N(CL_INVALID_BINARY); N(CL_INVALID_BUILD_OPTIONS);
    N(CL_INVALID_PROGRAM); N(CL_INVALID_PROGRAM_EXECUTABLE); N(CL_INVALID_KERNEL_NAME);
    N(CL_INVALID_KERNEL); N(CL_INVALID_ARG_INDEX); N(CL_INVALID_ARG_VALUE);
    N(CL_INVALID_ARG_SIZE); N(CL_INVALID_KERNEL_ARGS); N(CL_INVALID_WORK_DIMENSION);
    N(CL_INVALID_WORK_GROUP_SIZE); N(CL_INVALID_WORK_ITEM_SIZE); N(CL_INVALID_GLOBAL_OFFSET);
    N(CL_INVALID_EVENT_WAIT_LIST); N(CL_INVALID_EVENT); N(CL_INVALID_OPERATION);
    N(CL_INVALID_BUFFER_SIZE); N(CL_INVALID_GLOBAL_WORK_SIZE); N(CL_INVALID_PROPERTY);
    N(CL_INVALID_COMPILER_OPTIONS); N(CL_INVALID_LINKER_OPTIONS);
    N(CL_INVALID_DEVICE_PARTITION_COUNT);
#undef N
    case -1001: return "CL_PLATFORM_NOT_FOUND_KHR (no OpenCL driver installed)";
    default: return "unknown OpenCL error";
    }
}

sluice_err sl_cl_find_device(unsigned platform, unsigned index, cl_device_id *dev, char *why,
                             size_t why_cap)
{
    cl_platform_id plats[16];
    cl_uint np = 0;
    cl_int e = clGetPlatformIDs(16, plats, &np);
    if (e != CL_SUCCESS)
        return sl_why(SLUICE_ERR_UNSUPPORTED, why, why_cap, "clGetPlatformIDs: %s (%d)", sl_cl_errname(e), e);
    if (platform >= np)
        return sl_why(SLUICE_ERR_ARG, why, why_cap, "OpenCL platform %u does not exist (%u found)", platform, np);
    cl_device_id devs[64];
    cl_uint nd = 0;
    e = clGetDeviceIDs(plats[platform], CL_DEVICE_TYPE_ALL, 64, devs, &nd);
    if (e != CL_SUCCESS)
        return sl_why(SLUICE_ERR_BACKEND, why, why_cap, "clGetDeviceIDs(platform %u): %s (%d)", platform,
                      sl_cl_errname(e), e);
    if (index >= nd)
        return sl_why(SLUICE_ERR_ARG, why, why_cap, "OpenCL device %u.%u does not exist (%u on platform)",
                      platform, index, nd);
    *dev = devs[index];
    return SLUICE_OK;
}

sluice_err sl_cl_launch_1d(cl_command_queue q, cl_kernel k, uint64_t n, size_t wg, const char *name, char *why,
                           size_t why_cap)
{
    size_t local = wg, global = (size_t)((n + wg - 1) / wg) * wg;
    cl_int e = clEnqueueNDRangeKernel(q, k, 1, NULL, &global, &local, 0, NULL, NULL);
    if (e != CL_SUCCESS)
        return sl_why(SLUICE_ERR_BACKEND, why, why_cap, "clEnqueueNDRangeKernel(%s, %zu work-items): %s (%d)", name,
                      global, sl_cl_errname(e), e);
    return SLUICE_OK;
}

sluice_err sl_cl_build_program(cl_context ctx, cl_device_id dev, const char *src, size_t len, const char *opts,
                               cl_program *prog, char *why, size_t why_cap)
{
    cl_int e;
    *prog = clCreateProgramWithSource(ctx, 1, &src, &len, &e);
    if (e != CL_SUCCESS) {
        *prog = NULL;
        return sl_why(SLUICE_ERR_BACKEND, why, why_cap, "clCreateProgramWithSource: %s (%d)", sl_cl_errname(e), e);
    }
    e = clBuildProgram(*prog, 1, &dev, opts, NULL, NULL);
    if (e == CL_SUCCESS) return SLUICE_OK;
    size_t n = 0;
    clGetProgramBuildInfo(*prog, dev, CL_PROGRAM_BUILD_LOG, 0, NULL, &n);
    char *log = malloc(n + 1);
    if (log && clGetProgramBuildInfo(*prog, dev, CL_PROGRAM_BUILD_LOG, n, log, NULL) == CL_SUCCESS) {
        log[n] = '\0';
        const char *tail = n > 300 ? log + n - 300 : log;
        sl_why(SLUICE_ERR_BACKEND, why, why_cap, "clBuildProgram: %s (%d); log: %s", sl_cl_errname(e), e, tail);
    } else {
        sl_why(SLUICE_ERR_BACKEND, why, why_cap, "clBuildProgram: %s (%d)", sl_cl_errname(e), e);
    }
    free(log);
    clReleaseProgram(*prog);
    *prog = NULL;
    return SLUICE_ERR_BACKEND;
}
#endif
