/* The slice of the CUDA driver API the CUDA backend uses, loaded at run time
 * with dlopen("libcuda.so.1"): Sluice never links libcuda or libcudart and
 * does not need cuda.h. Types and constants are restated from cuda.h (CUDA
 * 12/13, unchanged since CUDA 4); the versioned symbol names (_v2) are the
 * ones cuda.h maps the plain names to. */
#ifndef SLUICE_CUDA_API_H
#define SLUICE_CUDA_API_H

#include <stddef.h>
#include "sluice/error.h"

typedef int CUresult;                       /* CUDA_SUCCESS = 0 */
typedef int CUdevice;
typedef struct CUctx_st *CUcontext;
typedef struct CUmod_st *CUmodule;
typedef struct CUfunc_st *CUfunction;
typedef struct CUstream_st *CUstream;
typedef unsigned long long CUdeviceptr;     /* 64-bit device address */

#define SL_CUDA_SUCCESS 0
#define SL_CUDA_ERROR_NO_DEVICE 100
/* CUdevice_attribute values used here */
#define SL_CU_ATTR_MAX_SHARED_MEMORY_PER_BLOCK 8
#define SL_CU_ATTR_CLOCK_RATE 13            /* kHz */
#define SL_CU_ATTR_MULTIPROCESSOR_COUNT 16
#define SL_CU_ATTR_CC_MAJOR 75
#define SL_CU_ATTR_CC_MINOR 76

/* Function pointers of one dlopen'ed driver; an object, not a global. */
typedef struct {
    void *lib;
    CUresult (*cuInit)(unsigned);
    CUresult (*cuDriverGetVersion)(int *);
    CUresult (*cuGetErrorName)(CUresult, const char **);
    CUresult (*cuGetErrorString)(CUresult, const char **);
    CUresult (*cuDeviceGetCount)(int *);
    CUresult (*cuDeviceGet)(CUdevice *, int);
    CUresult (*cuDeviceGetName)(char *, int, CUdevice);
    CUresult (*cuDeviceTotalMem)(size_t *, CUdevice);                    /* _v2 */
    CUresult (*cuDeviceGetAttribute)(int *, int, CUdevice);
    CUresult (*cuDevicePrimaryCtxRetain)(CUcontext *, CUdevice);
    CUresult (*cuDevicePrimaryCtxRelease)(CUdevice);                     /* _v2 */
    CUresult (*cuCtxPushCurrent)(CUcontext);                             /* _v2 */
    CUresult (*cuCtxPopCurrent)(CUcontext *);                            /* _v2 */
    CUresult (*cuCtxSynchronize)(void);
    CUresult (*cuModuleLoadData)(CUmodule *, const void *);
    CUresult (*cuModuleUnload)(CUmodule);
    CUresult (*cuModuleGetFunction)(CUfunction *, CUmodule, const char *);
    CUresult (*cuMemAlloc)(CUdeviceptr *, size_t);                       /* _v2 */
    CUresult (*cuMemFree)(CUdeviceptr);                                  /* _v2 */
    CUresult (*cuMemcpyHtoD)(CUdeviceptr, const void *, size_t);         /* _v2 */
    CUresult (*cuMemcpyDtoH)(void *, CUdeviceptr, size_t);               /* _v2 */
    CUresult (*cuMemsetD32)(CUdeviceptr, unsigned, size_t);              /* _v2 */
    CUresult (*cuLaunchKernel)(CUfunction, unsigned, unsigned, unsigned, unsigned, unsigned, unsigned,
                               unsigned, CUstream, void **, void **);
    CUresult (*cuFuncSetAttribute)(CUfunction, int, int);                /* optional: may be NULL */
    /* Streams, asynchronous copies and pinned memory (the Ethash backend's
     * two alternating streams). Optional: NULL when the driver lacks them;
     * sl_cuda_have_streams says whether all are there. */
    CUresult (*cuStreamCreate)(CUstream *, unsigned);
    CUresult (*cuStreamDestroy)(CUstream);                               /* _v2 */
    CUresult (*cuStreamSynchronize)(CUstream);
    CUresult (*cuMemcpyHtoDAsync)(CUdeviceptr, const void *, size_t, CUstream);   /* _v2 */
    CUresult (*cuMemcpyDtoHAsync)(void *, CUdeviceptr, size_t, CUstream);         /* _v2 */
    CUresult (*cuMemsetD32Async)(CUdeviceptr, unsigned, size_t, CUstream);
    CUresult (*cuMemAllocHost)(void **, size_t);                         /* _v2 */
    CUresult (*cuMemFreeHost)(void *);
    CUresult (*cuMemGetInfo)(size_t *, size_t *);                        /* _v2: free, total */
} sl_cuda_api;

#define SL_CU_STREAM_NON_BLOCKING 1
/* cuda.h: CUDA_ERROR_OUT_OF_MEMORY */
#define SL_CUDA_ERROR_OUT_OF_MEMORY 2

/* 1 when every stream / async / pinned-memory entry above was found. */
int sl_cuda_have_streams(const sl_cuda_api *api);

/* dlopen + dlsym + cuInit(0). SLUICE_ERR_UNSUPPORTED with why when there is
 * no driver library, a symbol is missing or cuInit fails (e.g. no device). */
sluice_err sl_cuda_load(sl_cuda_api *api, char *why, size_t why_cap);
void sl_cuda_unload(sl_cuda_api *api);
/* The name of r ("CUDA_ERROR_OUT_OF_MEMORY"; never NULL). */
const char *sl_cuda_errname(const sl_cuda_api *api, CUresult r);

/* Makes ctx current on the calling thread (cuCtxPushCurrent); why names the
 * failure. sl_cuda_pop undoes it. */
sluice_err sl_cuda_push(const sl_cuda_api *api, CUcontext ctx, char *why, size_t why_cap);
void sl_cuda_pop(const sl_cuda_api *api);

/* Loads an embedded fatbin (`image`, named `what` in messages) into the
 * current context. A device or driver that cannot run it (no SASS for its sm
 * and no PTX it can JIT, or a driver older than the CUDA that built the
 * fatbin) is SLUICE_ERR_UNSUPPORTED, other failures SLUICE_ERR_BACKEND; why
 * then names the device's sm, the driver's CUDA version and the fatbin's
 * targets. *mod is NULL on failure. */
sluice_err sl_cuda_load_module(const sl_cuda_api *api, CUdevice dev, const void *image, const char *what,
                               CUmodule *mod, char *why, size_t why_cap);

#endif
