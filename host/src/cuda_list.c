/* CUDA device discovery through the run-time loaded driver (sluice_accel_list). */
#include <stdio.h>
#include <string.h>
#include "accel_internal.h"
#include "cuda_api.h"

#ifdef SLUICE_HAVE_CUDA

static void fill(const sl_cuda_api *api, CUdevice d, int ordinal, int drv, sluice_accel_device *o)
{
    int major = 0, minor = 0, v = 0;
    size_t mem = 0;
    memset(o, 0, sizeof *o);
    o->api = SLUICE_ACCEL_CUDA;
    o->index = (unsigned)ordinal;
    if (api->cuDeviceGetName(o->name, (int)sizeof o->name, d) != SL_CUDA_SUCCESS) snprintf(o->name, sizeof o->name, "?");
    o->name[sizeof o->name - 1] = '\0';
    snprintf(o->vendor, sizeof o->vendor, "NVIDIA");
    api->cuDeviceGetAttribute(&major, SL_CU_ATTR_CC_MAJOR, d);
    api->cuDeviceGetAttribute(&minor, SL_CU_ATTR_CC_MINOR, d);
    snprintf(o->version, sizeof o->version, "sm_%d%d", major, minor);
    snprintf(o->driver, sizeof o->driver, "CUDA driver %d.%d", drv / 1000, (drv % 1000) / 10);
    if (api->cuDeviceTotalMem(&mem, d) == SL_CUDA_SUCCESS) o->global_mem = mem;
    if (api->cuDeviceGetAttribute(&v, SL_CU_ATTR_MAX_SHARED_MEMORY_PER_BLOCK, d) == SL_CUDA_SUCCESS) o->local_mem = (uint64_t)v;
    if (api->cuDeviceGetAttribute(&v, SL_CU_ATTR_MULTIPROCESSOR_COUNT, d) == SL_CUDA_SUCCESS) o->compute_units = (unsigned)v;
    if (api->cuDeviceGetAttribute(&v, SL_CU_ATTR_CLOCK_RATE, d) == SL_CUDA_SUCCESS) o->clock_mhz = (unsigned)(v / 1000);
}

sluice_err sl_cuda_list(sluice_accel_device *out, unsigned cap, unsigned *count, char *why, size_t why_cap)
{
    sl_cuda_api api;
    sluice_err err = sl_cuda_load(&api, why, why_cap);
    if (err != SLUICE_OK) return err;
    int n = 0, drv = 0;
    CUresult r = api.cuDeviceGetCount(&n);
    if (r != SL_CUDA_SUCCESS) {
        sl_why(SLUICE_ERR_BACKEND, why, why_cap, "cuDeviceGetCount: %s", sl_cuda_errname(&api, r));
        sl_cuda_unload(&api);
        return SLUICE_ERR_BACKEND;
    }
    api.cuDriverGetVersion(&drv);
    for (int i = 0; i < n; i++) {
        CUdevice d;
        if (api.cuDeviceGet(&d, i) != SL_CUDA_SUCCESS) continue;
        if (*count < cap) fill(&api, d, i, drv, &out[*count]);
        (*count)++;
    }
    sl_cuda_unload(&api);
    return SLUICE_OK;
}

#else

sluice_err sl_cuda_list(sluice_accel_device *out, unsigned cap, unsigned *count, char *why, size_t why_cap)
{
    (void)out; (void)cap; *count = 0;
    return sl_why(SLUICE_ERR_UNSUPPORTED, why, why_cap, "CUDA backend not compiled in (nvcc not found at build time)");
}
#endif
