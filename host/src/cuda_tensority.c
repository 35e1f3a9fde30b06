/* Tensority on CUDA through the driver API loaded at run time: the embedded
 * fatbin (kernels/cuda/tensority.cu) is loaded with cuModuleLoadData into the
 * device's primary context, the 16 MiB of matrices are uploaded once, and a
 * batch is three launches (kernels/common/sl_tensority_kernels.h). */
#include <stdlib.h>
#include <string.h>
#include "accel_internal.h"
#include "cuda_api.h"

#ifdef SLUICE_HAVE_CUDA
#include "sl_tensority_params.h"
#include "sluice/tensority.h"

#define SL_CU_FUNC_ATTR_PREFERRED_SHARED_CARVEOUT 9
#define SL_CU_CARVEOUT_MAX_SHARED 100

typedef struct {
    sl_cuda_api api;
    CUdevice dev;
    CUcontext ctx;     /* the primary context, retained */
    CUmodule mod;
    CUfunction prep_hash, prep_search, chain, finish_hash, finish_search;
    CUdeviceptr mats, hh, results, seq, chains, body, target, nfound, found;
    uint32_t batch;
} sl_cu;

#define CU_TRY(call, what)                                                                     \
    do {                                                                                       \
        CUresult r_ = (call);                                                                  \
        if (r_ != SL_CUDA_SUCCESS) {                                                           \
            err = sl_why(SLUICE_ERR_BACKEND, why, why_cap, "%s: %s (%d)", what, sl_cuda_errname(&c->api, r_), r_); \
            goto out;                                                                          \
        }                                                                                      \
    } while (0)

static void cu_destroy(void *impl)
{
    sl_cu *c = impl;
    if (!c) return;
    if (c->ctx && c->api.cuCtxPushCurrent(c->ctx) == SL_CUDA_SUCCESS) {
        CUdeviceptr *ps[] = {&c->mats, &c->hh, &c->results, &c->seq, &c->chains, &c->body, &c->target, &c->nfound, &c->found};
        for (size_t i = 0; i < sizeof ps / sizeof ps[0]; i++)
            if (*ps[i]) c->api.cuMemFree(*ps[i]);
        if (c->mod) c->api.cuModuleUnload(c->mod);
        CUcontext popped;
        c->api.cuCtxPopCurrent(&popped);
    }
    if (c->ctx) c->api.cuDevicePrimaryCtxRelease(c->dev);
    sl_cuda_unload(&c->api);
    free(c);
}

static sluice_err cu_create(void **impl, const sluice_accel_device *d, const int8_t *matrices, uint32_t *batch,
                            char *why, size_t why_cap)
{
    sl_cu *c = calloc(1, sizeof *c);
    if (!c) return sl_why(SLUICE_ERR_NOMEM, why, why_cap, "out of memory");
    sluice_err err = sl_cuda_load(&c->api, why, why_cap);
    if (err != SLUICE_OK) { free(c); return err; }
    int pushed = 0, ndev = 0, sms = 1;
    CU_TRY(c->api.cuDeviceGetCount(&ndev), "cuDeviceGetCount");
    if (d->index >= (unsigned)ndev) {
        err = sl_why(SLUICE_ERR_ARG, why, why_cap, "CUDA device %u does not exist (%d found)", d->index, ndev);
        goto out;
    }
    CU_TRY(c->api.cuDeviceGet(&c->dev, (int)d->index), "cuDeviceGet");
    CU_TRY(c->api.cuDevicePrimaryCtxRetain(&c->ctx, c->dev), "cuDevicePrimaryCtxRetain");
    CU_TRY(c->api.cuCtxPushCurrent(c->ctx), "cuCtxPushCurrent");
    pushed = 1;
    err = sl_cuda_load_module(&c->api, c->dev, sluice_cuda_tensority_fatbin, "tensority", &c->mod, why, why_cap);
    if (err != SLUICE_OK) goto out;
    struct { CUfunction *f; const char *name; } fs[] = {
        {&c->prep_hash, "sl_prep_hash"}, {&c->prep_search, "sl_prep_search"}, {&c->chain, "sl_chain"},
        {&c->finish_hash, "sl_finish_hash"}, {&c->finish_search, "sl_finish_search"}};
    for (size_t i = 0; i < sizeof fs / sizeof fs[0]; i++)
        CU_TRY(c->api.cuModuleGetFunction(fs[i].f, c->mod, fs[i].name), fs[i].name);
    /* The chain kernel's 42.5 KiB of static shared memory per block: prefer the
     * largest shared-memory carveout so several blocks fit on an SM (a hint;
     * failures are ignored). */
    if (c->api.cuFuncSetAttribute)
        c->api.cuFuncSetAttribute(c->chain, SL_CU_FUNC_ATTR_PREFERRED_SHARED_CARVEOUT, SL_CU_CARVEOUT_MAX_SHARED);
    c->api.cuDeviceGetAttribute(&sms, SL_CU_ATTR_MULTIPROCESSOR_COUNT, c->dev);
    /* 8 hashes per SM = 128 chain blocks per SM, many waves of ~5 resident blocks. */
    c->batch = (uint32_t)(sms > 0 ? sms : 1) * 8u;
    if (c->batch > 4096) c->batch = 4096;
    struct { CUdeviceptr *p; size_t size; const char *name; } bufs[] = {
        {&c->mats, SLUICE_TENSORITY_CACHE_BYTES, "cuMemAlloc(matrices, 16 MiB)"},
        {&c->hh, (size_t)c->batch * 32, "cuMemAlloc(header hashes)"},
        {&c->results, (size_t)c->batch * 32, "cuMemAlloc(results)"},
        {&c->seq, (size_t)c->batch * SL_SEQ_BYTES, "cuMemAlloc(sequences)"},
        {&c->chains, (size_t)c->batch * SL_CHAINS_BYTES, "cuMemAlloc(chain results)"},
        {&c->body, 136, "cuMemAlloc(body)"},
        {&c->target, 32, "cuMemAlloc(target)"},
        {&c->nfound, 4, "cuMemAlloc(hit counter)"},
        {&c->found, (size_t)c->batch * 8, "cuMemAlloc(found nonces)"}};
    for (size_t i = 0; i < sizeof bufs / sizeof bufs[0]; i++) CU_TRY(c->api.cuMemAlloc(bufs[i].p, bufs[i].size), bufs[i].name);
    CU_TRY(c->api.cuMemcpyHtoD(c->mats, matrices, SLUICE_TENSORITY_CACHE_BYTES), "cuMemcpyHtoD(matrices)");
    err = SLUICE_OK;
out:
    if (pushed) {
        CUcontext popped;
        c->api.cuCtxPopCurrent(&popped);
    }
    if (err != SLUICE_OK) {
        cu_destroy(c);
        return err;
    }
    *batch = c->batch;
    *impl = c;
    return SLUICE_OK;
}

static sluice_err cu_run(void *impl, sl_accel_batch_job *job, char *why, size_t why_cap)
{
    sl_cu *c = impl;
    sluice_err err = SLUICE_OK;
    uint32_t n = (uint32_t)job->n;
    if (n == 0) return SLUICE_OK;
    if ((err = sl_cuda_push(&c->api, c->ctx, why, why_cap)) != SLUICE_OK) return err;
    const unsigned prep_grid = (n + SL_PREP_WG - 1) / SL_PREP_WG;
    if (job->header_hashes) {
        CU_TRY(c->api.cuMemcpyHtoD(c->hh, job->header_hashes, (size_t)n * 32), "cuMemcpyHtoD(header hashes)");
        void *a[] = {&c->hh, &c->seq, &n};
        CU_TRY(c->api.cuLaunchKernel(c->prep_hash, prep_grid, 1, 1, SL_PREP_WG, 1, 1, 0, NULL, a, NULL),
               "cuLaunchKernel(sl_prep_hash)");
    } else {
        uint64_t start = job->start_nonce;
        CU_TRY(c->api.cuMemcpyHtoD(c->body, job->body, 136), "cuMemcpyHtoD(body)");
        CU_TRY(c->api.cuMemcpyHtoD(c->target, job->target_le, 32), "cuMemcpyHtoD(target)");
        CU_TRY(c->api.cuMemsetD32(c->nfound, 0, 1), "cuMemsetD32(hit counter)");
        void *a[] = {&c->body, &start, &c->seq, &n};
        CU_TRY(c->api.cuLaunchKernel(c->prep_search, prep_grid, 1, 1, SL_PREP_WG, 1, 1, 0, NULL, a, NULL),
               "cuLaunchKernel(sl_prep_search)");
    }
    {
        void *a[] = {&c->mats, &c->seq, &c->chains};
        CU_TRY(c->api.cuLaunchKernel(c->chain, n * SL_GROUPS_PER_HASH, 1, 1, SL_CHAIN_WG, 1, 1, 0, NULL, a, NULL),
               "cuLaunchKernel(sl_chain)");
    }
    if (job->header_hashes) {
        void *a[] = {&c->chains, &c->results};
        CU_TRY(c->api.cuLaunchKernel(c->finish_hash, n, 1, 1, SL_FOLD_WG, 1, 1, 0, NULL, a, NULL),
               "cuLaunchKernel(sl_finish_hash)");
        CU_TRY(c->api.cuCtxSynchronize(), "Tensority kernels (cuCtxSynchronize)");
        CU_TRY(c->api.cuMemcpyDtoH(job->results, c->results, (size_t)n * 32), "cuMemcpyDtoH(results)");
    } else {
        uint64_t start = job->start_nonce;
        uint32_t cap = job->cap < n ? job->cap : n, hits = 0;
        void *a[] = {&c->chains, &c->target, &start, &c->nfound, &c->found, &cap};
        CU_TRY(c->api.cuLaunchKernel(c->finish_search, n, 1, 1, SL_FOLD_WG, 1, 1, 0, NULL, a, NULL),
               "cuLaunchKernel(sl_finish_search)");
        CU_TRY(c->api.cuCtxSynchronize(), "Tensority kernels (cuCtxSynchronize)");
        CU_TRY(c->api.cuMemcpyDtoH(&hits, c->nfound, 4), "cuMemcpyDtoH(hit counter)");
        job->hits = hits;
        uint32_t keep = hits < cap ? hits : cap;
        if (keep) CU_TRY(c->api.cuMemcpyDtoH(job->found, c->found, (size_t)keep * 8), "cuMemcpyDtoH(found nonces)");
    }
out:
    sl_cuda_pop(&c->api);
    return err;
}

const sl_accel_backend sl_cuda_backend = {cu_create, cu_destroy, cu_run};

#else

static sluice_err cu_off_create(void **impl, const sluice_accel_device *d, const int8_t *m, uint32_t *batch,
                                char *why, size_t why_cap)
{
    (void)impl; (void)d; (void)m; (void)batch;
    return sl_why(SLUICE_ERR_UNSUPPORTED, why, why_cap, "CUDA backend not compiled in (nvcc not found at build time)");
}
static void cu_off_destroy(void *impl) { (void)impl; }
static sluice_err cu_off_run(void *impl, sl_accel_batch_job *job, char *why, size_t why_cap)
{
    (void)impl; (void)job;
    return sl_why(SLUICE_ERR_UNSUPPORTED, why, why_cap, "CUDA backend not compiled in");
}
const sl_accel_backend sl_cuda_backend = {cu_off_create, cu_off_destroy, cu_off_run};
#endif
