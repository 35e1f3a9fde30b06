/* Loading the CUDA driver at run time (see cuda_api.h). */
#include "cuda_api.h"
#include <dlfcn.h>
#include <string.h>
#include "accel_internal.h"

sluice_err sl_cuda_load(sl_cuda_api *api, char *why, size_t why_cap)
{
    memset(api, 0, sizeof *api);
    /* RTLD_NODELETE: once cuInit has run, the driver keeps internal threads
     * and state in the process; unmapping libcuda under them (the last
     * dlclose of a list or context) would crash later. dlclose only drops
     * the reference, and a later sl_cuda_load finds the same initialised
     * driver. */
#ifdef RTLD_NODELETE
    api->lib = dlopen("libcuda.so.1", RTLD_NOW | RTLD_LOCAL | RTLD_NODELETE);
#else
    api->lib = dlopen("libcuda.so.1", RTLD_NOW | RTLD_LOCAL);
#endif
    if (!api->lib) {
        const char *e = dlerror();
        return sl_why(SLUICE_ERR_UNSUPPORTED, why, why_cap, "libcuda.so.1 not found (no NVIDIA driver): %s",
                      e ? e : "dlopen failed");
    }
    struct { void **fn; const char *sym; } syms[] = {
        {(void **)&api->cuInit, "cuInit"},
        {(void **)&api->cuDriverGetVersion, "cuDriverGetVersion"},
        {(void **)&api->cuGetErrorName, "cuGetErrorName"},
        {(void **)&api->cuGetErrorString, "cuGetErrorString"},
        {(void **)&api->cuDeviceGetCount, "cuDeviceGetCount"},
        {(void **)&api->cuDeviceGet, "cuDeviceGet"},
        {(void **)&api->cuDeviceGetName, "cuDeviceGetName"},
        {(void **)&api->cuDeviceTotalMem, "cuDeviceTotalMem_v2"},
        {(void **)&api->cuDeviceGetAttribute, "cuDeviceGetAttribute"},
        {(void **)&api->cuDevicePrimaryCtxRetain, "cuDevicePrimaryCtxRetain"},
        {(void **)&api->cuDevicePrimaryCtxRelease, "cuDevicePrimaryCtxRelease_v2"},
        {(void **)&api->cuCtxPushCurrent, "cuCtxPushCurrent_v2"},
        {(void **)&api->cuCtxPopCurrent, "cuCtxPopCurrent_v2"},
        {(void **)&api->cuCtxSynchronize, "cuCtxSynchronize"},
        {(void **)&api->cuModuleLoadData, "cuModuleLoadData"},
        {(void **)&api->cuModuleUnload, "cuModuleUnload"},
        {(void **)&api->cuModuleGetFunction, "cuModuleGetFunction"},
        {(void **)&api->cuMemAlloc, "cuMemAlloc_v2"},
        {(void **)&api->cuMemFree, "cuMemFree_v2"},
        {(void **)&api->cuMemcpyHtoD, "cuMemcpyHtoD_v2"},
        {(void **)&api->cuMemcpyDtoH, "cuMemcpyDtoH_v2"},
        {(void **)&api->cuMemsetD32, "cuMemsetD32_v2"},
        {(void **)&api->cuLaunchKernel, "cuLaunchKernel"}};
    for (size_t i = 0; i < sizeof syms / sizeof syms[0]; i++) {
        void *p = dlsym(api->lib, syms[i].sym);
        if (!p) {
            sl_cuda_unload(api);
            return sl_why(SLUICE_ERR_UNSUPPORTED, why, why_cap, "libcuda.so.1 lacks %s (driver too old?)",
                          syms[i].sym);
        }
        /* POSIX: a data pointer from dlsym converts to a function pointer. */
        memcpy(syms[i].fn, &p, sizeof p);
    }
    struct { void **fn; const char *sym; } opts[] = {
        {(void **)&api->cuFuncSetAttribute, "cuFuncSetAttribute"},
        {(void **)&api->cuStreamCreate, "cuStreamCreate"},
        {(void **)&api->cuStreamDestroy, "cuStreamDestroy_v2"},
        {(void **)&api->cuStreamSynchronize, "cuStreamSynchronize"},
        {(void **)&api->cuMemcpyHtoDAsync, "cuMemcpyHtoDAsync_v2"},
        {(void **)&api->cuMemcpyDtoHAsync, "cuMemcpyDtoHAsync_v2"},
        {(void **)&api->cuMemsetD32Async, "cuMemsetD32Async"},
        {(void **)&api->cuMemAllocHost, "cuMemAllocHost_v2"},
        {(void **)&api->cuMemFreeHost, "cuMemFreeHost"},
        {(void **)&api->cuMemGetInfo, "cuMemGetInfo_v2"}};
    for (size_t i = 0; i < sizeof opts / sizeof opts[0]; i++) {
        void *p = dlsym(api->lib, opts[i].sym);
        if (p) memcpy(opts[i].fn, &p, sizeof p);
    }
    CUresult r = api->cuInit(0);
    if (r != SL_CUDA_SUCCESS) {
        sl_why(SLUICE_ERR_UNSUPPORTED, why, why_cap, "cuInit failed: %s", sl_cuda_errname(api, r));
        sl_cuda_unload(api);
        return SLUICE_ERR_UNSUPPORTED;
    }
    return SLUICE_OK;
}

void sl_cuda_unload(sl_cuda_api *api)
{
    if (api->lib) dlclose(api->lib);
    memset(api, 0, sizeof *api);
}

const char *sl_cuda_errname(const sl_cuda_api *api, CUresult r)
{
    const char *name = NULL;
    if (api->cuGetErrorName && api->cuGetErrorName(r, &name) == SL_CUDA_SUCCESS && name) return name;
    return r == SL_CUDA_ERROR_NO_DEVICE ? "CUDA_ERROR_NO_DEVICE" : "unknown CUDA error";
}

int sl_cuda_have_streams(const sl_cuda_api *api)
{
    return api->cuStreamCreate && api->cuStreamDestroy && api->cuStreamSynchronize && api->cuMemcpyHtoDAsync &&
           api->cuMemcpyDtoHAsync && api->cuMemsetD32Async && api->cuMemAllocHost && api->cuMemFreeHost &&
           api->cuMemGetInfo;
}

/* CUresult values of a fatbin the device or driver cannot run (cuda.h). */
#define SL_CUDA_ERROR_NO_BINARY_FOR_GPU 209
#define SL_CUDA_ERROR_INVALID_PTX 218
#define SL_CUDA_ERROR_JIT_COMPILER_NOT_FOUND 221
#define SL_CUDA_ERROR_UNSUPPORTED_PTX_VERSION 222

/* Every fatbin is built by one nvcc for the same targets (kernels/CMakeLists.txt). */
extern const char sluice_cuda_tensority_fatbin_targets[];
extern const int sluice_cuda_tensority_fatbin_cuda;

sluice_err sl_cuda_load_module(const sl_cuda_api *api, CUdevice dev, const void *image, const char *what,
                               CUmodule *mod, char *why, size_t why_cap)
{
    CUresult r = api->cuModuleLoadData(mod, image);
    if (r == SL_CUDA_SUCCESS) return SLUICE_OK;
    *mod = NULL;
    int major = 0, minor = 0, drv = 0;
    api->cuDeviceGetAttribute(&major, SL_CU_ATTR_CC_MAJOR, dev);
    api->cuDeviceGetAttribute(&minor, SL_CU_ATTR_CC_MINOR, dev);
    api->cuDriverGetVersion(&drv);
    const int fat = sluice_cuda_tensority_fatbin_cuda;
    const int cannot_run = r == SL_CUDA_ERROR_NO_BINARY_FOR_GPU || r == SL_CUDA_ERROR_INVALID_PTX ||
                           r == SL_CUDA_ERROR_JIT_COMPILER_NOT_FOUND || r == SL_CUDA_ERROR_UNSUPPORTED_PTX_VERSION;
    return sl_why(cannot_run ? SLUICE_ERR_UNSUPPORTED : SLUICE_ERR_BACKEND, why, why_cap,
                  "cuModuleLoadData(%s): %s (%d): device sm_%d%d, driver for CUDA %d.%d; embedded fatbin: %s%s",
                  what, sl_cuda_errname(api, r), r, major, minor, drv / 1000, (drv % 1000) / 10,
                  sluice_cuda_tensority_fatbin_targets,
                  drv / 1000 < fat / 1000 ? " (the driver is older than the CUDA that built the fatbin)" : "");
}

sluice_err sl_cuda_push(const sl_cuda_api *api, CUcontext ctx, char *why, size_t why_cap)
{
    CUresult r = api->cuCtxPushCurrent(ctx);
    if (r != SL_CUDA_SUCCESS)
        return sl_why(SLUICE_ERR_BACKEND, why, why_cap, "cuCtxPushCurrent: %s (%d)", sl_cuda_errname(api, r), r);
    return SLUICE_OK;
}

void sl_cuda_pop(const sl_cuda_api *api)
{
    CUcontext popped;
    api->cuCtxPopCurrent(&popped);
}
