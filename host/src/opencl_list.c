/* OpenCL device discovery across all platforms (sluice_accel_list). */
#include "accel_internal.h"
#include "opencl_util.h"

#ifdef SLUICE_HAVE_OPENCL
#include <stdio.h>
#include <string.h>

static void info_str(cl_device_id d, cl_device_info what, char *dst, size_t cap)
{
    if (clGetDeviceInfo(d, what, cap, dst, NULL) != CL_SUCCESS) snprintf(dst, cap, "?");
    dst[cap - 1] = '\0';
}

static void fill(cl_device_id d, unsigned platform, unsigned index, sluice_accel_device *o)
{
    memset(o, 0, sizeof *o);
    o->api = SLUICE_ACCEL_OPENCL;
    o->platform = platform;
    o->index = index;
    info_str(d, CL_DEVICE_NAME, o->name, sizeof o->name);
    info_str(d, CL_DEVICE_VENDOR, o->vendor, sizeof o->vendor);
    info_str(d, CL_DEVICE_VERSION, o->version, sizeof o->version);
    info_str(d, CL_DRIVER_VERSION, o->driver, sizeof o->driver);
    cl_ulong u = 0;
    if (clGetDeviceInfo(d, CL_DEVICE_GLOBAL_MEM_SIZE, sizeof u, &u, NULL) == CL_SUCCESS) o->global_mem = u;
    u = 0;
    if (clGetDeviceInfo(d, CL_DEVICE_LOCAL_MEM_SIZE, sizeof u, &u, NULL) == CL_SUCCESS) o->local_mem = u;
    cl_uint v = 0;
    if (clGetDeviceInfo(d, CL_DEVICE_MAX_COMPUTE_UNITS, sizeof v, &v, NULL) == CL_SUCCESS) o->compute_units = v;
    v = 0;
    if (clGetDeviceInfo(d, CL_DEVICE_MAX_CLOCK_FREQUENCY, sizeof v, &v, NULL) == CL_SUCCESS) o->clock_mhz = v;
    cl_device_type t = 0;
    if (clGetDeviceInfo(d, CL_DEVICE_TYPE, sizeof t, &t, NULL) == CL_SUCCESS) o->is_cpu = (t & CL_DEVICE_TYPE_CPU) != 0;
}

sluice_err sl_opencl_list(sluice_accel_device *out, unsigned cap, unsigned *count, char *why,
                          size_t why_cap)
{
    cl_platform_id plats[16];
    cl_uint np = 0;
    cl_int e = clGetPlatformIDs(16, plats, &np);
    if (e == -1001 /* CL_PLATFORM_NOT_FOUND_KHR */ || (e == CL_SUCCESS && np == 0))
        return sl_why(SLUICE_ERR_UNSUPPORTED, why, why_cap, "no OpenCL platform (no ICD driver installed)");
    if (e != CL_SUCCESS)
        return sl_why(SLUICE_ERR_UNSUPPORTED, why, why_cap, "clGetPlatformIDs: %s (%d)", sl_cl_errname(e), e);
    if (np > 16) np = 16;
    for (cl_uint p = 0; p < np; p++) {
        cl_device_id devs[64];
        cl_uint nd = 0;
        e = clGetDeviceIDs(plats[p], CL_DEVICE_TYPE_ALL, 64, devs, &nd);
        if (e == CL_DEVICE_NOT_FOUND) continue;
        if (e != CL_SUCCESS)
            return sl_why(SLUICE_ERR_BACKEND, why, why_cap, "clGetDeviceIDs(platform %u): %s (%d)", p,
                          sl_cl_errname(e), e);
        if (nd > 64) nd = 64;
        for (cl_uint i = 0; i < nd; i++) {
            if (*count < cap) fill(devs[i], p, i, &out[*count]);
            (*count)++;
        }
    }
    return SLUICE_OK;
}

#else

sluice_err sl_opencl_list(sluice_accel_device *out, unsigned cap, unsigned *count, char *why,
                          size_t why_cap)
{
    (void)out; (void)cap; *count = 0;
    return sl_why(SLUICE_ERR_UNSUPPORTED, why, why_cap,
                  "OpenCL backend not compiled in (no OpenCL loader at build time)");
}
#endif
