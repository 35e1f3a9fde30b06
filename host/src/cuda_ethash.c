/* Ethash on CUDA through the driver API loaded at run time: the embedded
 * fatbin (kernels/cuda/ethash.cu) is loaded into the device's primary
 * context, the light cache uploaded, and the DAG generated on the device in
 * slices. A search alternates two streams, each with its own result buffer
 * and pinned host copy (the ethminer structure, spec ethash.md): while the
 * GPU runs one launch, the host reads the other's hits. Everything else (DAG
 * slices, hashes, uploads) runs on the NULL stream followed by
 * cuCtxSynchronize, so no call leaves work behind. Search and full
 * hashes use the lane-cooperative kernels (sl_ethash_coop.h) by default. */
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "accel_internal.h"
#include "cuda_api.h"

#ifdef SLUICE_HAVE_CUDA
#include "sl_ethash_params.h"

typedef struct {
    sl_cuda_api api;
    CUdevice dev;
    CUcontext ctx;      /* the primary context, retained */
    CUmodule mod;
    CUfunction dag_k, search_k, hash_k, light_k, search_coop_k, hash_coop_k;
    CUdeviceptr cache, dag, hh, nonces, out, res[2];
    CUstream stream[2];
    uint32_t *hres[2];  /* pinned: SL_ETHASH_RESULT_WORDS each */
    uint32_t cache_items, items, batch, hash_batch;
    int coop, light_only;
} sl_cu_ethash;

#define CU_TRY(call, what)                                                                     \
    do {                                                                                       \
        CUresult r_ = (call);                                                                  \
        if (r_ != SL_CUDA_SUCCESS) {                                                           \
            err = sl_why(r_ == SL_CUDA_ERROR_OUT_OF_MEMORY ? SLUICE_ERR_UNSUPPORTED : SLUICE_ERR_BACKEND, why, \
                         why_cap, "%s: %s (%d)", what, sl_cuda_errname(&c->api, r_), r_);     \
            goto out;                                                                          \
        }                                                                                      \
    } while (0)

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

static void cu_destroy(void *impl)
{
    sl_cu_ethash *c = impl;
    if (!c) return;
    if (c->ctx && c->api.cuCtxPushCurrent(c->ctx) == SL_CUDA_SUCCESS) {
        for (int s = 0; s < 2; s++) {
            if (c->stream[s]) {
                c->api.cuStreamSynchronize(c->stream[s]);
                c->api.cuStreamDestroy(c->stream[s]);
            }
            if (c->hres[s]) c->api.cuMemFreeHost(c->hres[s]);
        }
        CUdeviceptr ps[] = {c->cache, c->dag, c->hh, c->nonces, c->out, c->res[0], c->res[1]};
        for (size_t i = 0; i < sizeof ps / sizeof ps[0]; i++)
            if (ps[i]) c->api.cuMemFree(ps[i]);
        if (c->mod) c->api.cuModuleUnload(c->mod);
        CUcontext popped;
        c->api.cuCtxPopCurrent(&popped);
    }
    if (c->ctx) c->api.cuDevicePrimaryCtxRelease(c->dev);
    sl_cuda_unload(&c->api);
    free(c);
}

static unsigned grid_of(uint64_t n, unsigned wg) { return (unsigned)((n + wg - 1) / wg); }

/* Nodes 0 .. 2*items-1 in slices (>= 2^18 nodes, <= ~128 slices), each
 * waited for, progress in items. The context is current. */
static sluice_err build_dag(sl_cu_ethash *c, const sl_ethash_setup *setup, char *why, size_t why_cap)
{
    sluice_err err = SLUICE_OK;
    const uint64_t nodes = 2 * (uint64_t)c->items;
    uint64_t per = (nodes + 127) / 128;
    if (per < (1u << 18)) per = 1u << 18;
    per = (per + SL_ETHASH_DAG_WG - 1) / SL_ETHASH_DAG_WG * SL_ETHASH_DAG_WG;
    for (uint64_t first = 0; first < nodes; first += per) {
        uint32_t f = (uint32_t)first, n = (uint32_t)(nodes - first < per ? nodes - first : per);
        void *a[] = {&c->cache, &c->cache_items, &c->dag, &f, &n};
        CU_TRY(c->api.cuLaunchKernel(c->dag_k, grid_of(n, SL_ETHASH_DAG_WG), 1, 1, SL_ETHASH_DAG_WG, 1, 1, 0, NULL,
                                     a, NULL),
               "cuLaunchKernel(sl_ethash_dag)");
        CU_TRY(c->api.cuCtxSynchronize(), "DAG generation (cuCtxSynchronize)");
        if (setup->progress) setup->progress(setup->progress_user, (first + n) / 2, c->items);
    }
out:
    return err;
}

static sluice_err cu_create(void **impl, const sluice_accel_device *d, const sl_ethash_setup *setup,
                            sl_ethash_caps *caps, char *why, size_t why_cap)
{
    sl_cu_ethash *c = calloc(1, sizeof *c);
    if (!c) return sl_why(SLUICE_ERR_NOMEM, why, why_cap, "out of memory");
    sluice_err err = sl_cuda_load(&c->api, why, why_cap);
    if (err != SLUICE_OK) { free(c); return err; }
    int pushed = 0, ndev = 0, sms = 1;
    if (!sl_cuda_have_streams(&c->api)) {
        err = sl_why(SLUICE_ERR_UNSUPPORTED, why, why_cap, "libcuda.so.1 lacks the stream API (driver too old?)");
        goto out;
    }
    c->cache_items = (uint32_t)setup->cache_items;
    c->items = (uint32_t)setup->items;
    c->light_only = setup->light_only;
    CU_TRY(c->api.cuDeviceGetCount(&ndev), "cuDeviceGetCount");
    if (d->index >= (unsigned)ndev) {
        err = sl_why(SLUICE_ERR_ARG, why, why_cap, "CUDA device %u does not exist (%d found)", d->index, ndev);
        goto out;
    }
    CU_TRY(c->api.cuDeviceGet(&c->dev, (int)d->index), "cuDeviceGet");
    CU_TRY(c->api.cuDevicePrimaryCtxRetain(&c->ctx, c->dev), "cuDevicePrimaryCtxRetain");
    CU_TRY(c->api.cuCtxPushCurrent(c->ctx), "cuCtxPushCurrent");
    pushed = 1;
    if ((err = sl_cuda_load_module(&c->api, c->dev, sluice_cuda_ethash_fatbin, "ethash", &c->mod, why, why_cap)) != SLUICE_OK) goto out;
    struct { CUfunction *f; const char *name; } fs[] = {
        {&c->dag_k, "sl_ethash_dag"}, {&c->search_k, "sl_ethash_search"}, {&c->hash_k, "sl_ethash_hash"},
        {&c->light_k, "sl_ethash_light"}, {&c->search_coop_k, "sl_ethash_search_coop"},
        {&c->hash_coop_k, "sl_ethash_hash_coop"}};
    for (size_t i = 0; i < sizeof fs / sizeof fs[0]; i++)
        CU_TRY(c->api.cuModuleGetFunction(fs[i].f, c->mod, fs[i].name), fs[i].name);
    c->api.cuDeviceGetAttribute(&sms, SL_CU_ATTR_MULTIPROCESSOR_COUNT, c->dev);
    /* ~16k hashes per SM a launch: a few ms on a current GPU, so two streams
     * keep it busy while the host reads results. */
    c->batch = (uint32_t)(sms > 0 ? sms : 1) * 16384u;
    if (c->batch > (1u << 24)) c->batch = 1u << 24;
    c->hash_batch = 65536;
    const uint64_t dag_bytes = setup->light_only ? 0 : (uint64_t)c->items * 128;
    const uint64_t cache_bytes = (uint64_t)c->cache_items * 64;
    const uint64_t small = (uint64_t)c->hash_batch * 72 + 2 * SL_ETHASH_RESULT_WORDS * 4 + 32;
    size_t mem_free = 0, mem_total = 0;
    CU_TRY(c->api.cuMemGetInfo(&mem_free, &mem_total), "cuMemGetInfo");
    if (dag_bytes + cache_bytes + small > mem_free) {
        err = sl_why(SLUICE_ERR_UNSUPPORTED, why, why_cap,
                     "CUDA device %u: the DAG (%llu bytes) and light cache (%llu bytes) need more than the %llu bytes "
                     "free of %llu",
                     d->index, (unsigned long long)dag_bytes, (unsigned long long)cache_bytes,
                     (unsigned long long)mem_free, (unsigned long long)mem_total);
        goto out;
    }
    struct { CUdeviceptr *p; uint64_t size; const char *name; } bufs[] = {
        {&c->cache, cache_bytes, "cuMemAlloc(light cache)"},
        {&c->dag, dag_bytes, "cuMemAlloc(DAG)"},
        {&c->hh, 32, "cuMemAlloc(header hash)"},
        {&c->nonces, (uint64_t)c->hash_batch * 8, "cuMemAlloc(nonces)"},
        {&c->out, (uint64_t)c->hash_batch * 64, "cuMemAlloc(hash results)"},
        {&c->res[0], SL_ETHASH_RESULT_WORDS * 4, "cuMemAlloc(search results)"},
        {&c->res[1], SL_ETHASH_RESULT_WORDS * 4, "cuMemAlloc(search results)"}};
    for (size_t i = 0; i < sizeof bufs / sizeof bufs[0]; i++)
        if (bufs[i].size) CU_TRY(c->api.cuMemAlloc(bufs[i].p, (size_t)bufs[i].size), bufs[i].name);
    CU_TRY(c->api.cuMemcpyHtoD(c->cache, setup->cache, (size_t)cache_bytes), "cuMemcpyHtoD(light cache)");
    for (int s = 0; s < 2; s++) {
        CU_TRY(c->api.cuStreamCreate(&c->stream[s], SL_CU_STREAM_NON_BLOCKING), "cuStreamCreate");
        void *p = NULL;
        CU_TRY(c->api.cuMemAllocHost(&p, SL_ETHASH_RESULT_WORDS * 4), "cuMemAllocHost(search results)");
        c->hres[s] = p;
    }
    caps->dag_seconds = 0;
    if (!setup->light_only) {
        const double t0 = now_s();
        if ((err = build_dag(c, setup, why, why_cap)) != SLUICE_OK) goto out;
        caps->dag_seconds = now_s() - t0;
    }
    c->coop = 1;
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
    caps->batch = c->batch;
    caps->hash_batch = c->hash_batch;
    caps->cooperative = c->coop;
    *impl = c;
    return SLUICE_OK;
}

static sluice_err cu_search(void *impl, const uint8_t header_hash[32], uint64_t start, uint64_t count,
                            uint64_t target64, sl_ethash_hits_fn fn, void *user, char *why, size_t why_cap)
{
    sl_cu_ethash *c = impl;
    if (c->light_only) return sl_why(SLUICE_ERR_UNSUPPORTED, why, why_cap, "the context is light-only: it has no DAG");
    sluice_err err = sl_cuda_push(&c->api, c->ctx, why, why_cap);
    if (err != SLUICE_OK) return err;
    int pending[2] = {0, 0};
    uint64_t lstart[2] = {0, 0};
    uint32_t ln[2] = {0, 0};
    uint64_t done = 0;
    CUfunction k = c->coop ? c->search_coop_k : c->search_k;
    const unsigned wg = c->coop ? SL_ETHASH_COOP_WG : SL_ETHASH_HASH_WG;
    /* A copy from pageable memory may return before its DMA lands; the
     * search streams do not order after the NULL stream, so wait for it. */
    CU_TRY(c->api.cuMemcpyHtoD(c->hh, header_hash, 32), "cuMemcpyHtoD(header hash)");
    CU_TRY(c->api.cuCtxSynchronize(), "cuCtxSynchronize");
    /* Launch i runs on stream i & 1; before a stream is reused its previous
     * launch (i - 2) is reported, so reports come in launch order. */
    for (unsigned i = 0; done < count || pending[0] || pending[1]; i++) {
        const int s = (int)(i & 1);
        if (pending[s]) {
            pending[s] = 0;
            CU_TRY(c->api.cuStreamSynchronize(c->stream[s]), "search (cuStreamSynchronize)");
            fn(user, lstart[s], ln[s], c->hres[s][0], c->hres[s] + 1);
        }
        if (done < count) {
            const uint64_t left = count - done;
            ln[s] = left < c->batch ? (uint32_t)left : c->batch;
            lstart[s] = start + done;
            void *a[] = {&c->dag, &c->items, &c->hh, &lstart[s], &target64, &ln[s], &c->res[s]};
            CU_TRY(c->api.cuMemsetD32Async(c->res[s], 0, 1, c->stream[s]), "cuMemsetD32Async(hit counter)");
            CU_TRY(c->api.cuLaunchKernel(k, grid_of(ln[s], wg), 1, 1, wg, 1, 1, 0, c->stream[s], a, NULL),
                   "cuLaunchKernel(search)");
            CU_TRY(c->api.cuMemcpyDtoHAsync(c->hres[s], c->res[s], SL_ETHASH_RESULT_WORDS * 4, c->stream[s]),
                   "cuMemcpyDtoHAsync(search results)");
            pending[s] = 1;
            done += ln[s];
        }
    }
out:
    if (err != SLUICE_OK)
        for (int s = 0; s < 2; s++) c->api.cuStreamSynchronize(c->stream[s]);
    sl_cuda_pop(&c->api);
    return err;
}

static sluice_err cu_hash(void *impl, int light, const uint8_t header_hash[32], const uint64_t *nonces, uint32_t n,
                          uint8_t *outp, char *why, size_t why_cap)
{
    sl_cu_ethash *c = impl;
    if (!light && c->light_only)
        return sl_why(SLUICE_ERR_UNSUPPORTED, why, why_cap, "the context is light-only: it has no DAG");
    sluice_err err = sl_cuda_push(&c->api, c->ctx, why, why_cap);
    if (err != SLUICE_OK) return err;
    CU_TRY(c->api.cuMemcpyHtoD(c->hh, header_hash, 32), "cuMemcpyHtoD(header hash)");
    CU_TRY(c->api.cuMemcpyHtoD(c->nonces, nonces, (size_t)n * 8), "cuMemcpyHtoD(nonces)");
    if (light) {
        void *a[] = {&c->cache, &c->cache_items, &c->items, &c->hh, &c->nonces, &n, &c->out};
        CU_TRY(c->api.cuLaunchKernel(c->light_k, grid_of(n, SL_ETHASH_HASH_WG), 1, 1, SL_ETHASH_HASH_WG, 1, 1, 0,
                                     NULL, a, NULL),
               "cuLaunchKernel(sl_ethash_light)");
    } else {
        void *a[] = {&c->dag, &c->items, &c->hh, &c->nonces, &n, &c->out};
        const unsigned wg = c->coop ? SL_ETHASH_COOP_WG : SL_ETHASH_HASH_WG;
        CU_TRY(c->api.cuLaunchKernel(c->coop ? c->hash_coop_k : c->hash_k, grid_of(n, wg), 1, 1, wg, 1, 1, 0, NULL,
                                     a, NULL),
               "cuLaunchKernel(hash)");
    }
    CU_TRY(c->api.cuCtxSynchronize(), "hash kernels (cuCtxSynchronize)");
    CU_TRY(c->api.cuMemcpyDtoH(outp, c->out, (size_t)n * 64), "cuMemcpyDtoH(hash results)");
out:
    sl_cuda_pop(&c->api);
    return err;
}

static sluice_err cu_dag_read(void *impl, uint64_t first, uint64_t n, uint8_t *outp, char *why, size_t why_cap)
{
    sl_cu_ethash *c = impl;
    if (c->light_only) return sl_why(SLUICE_ERR_UNSUPPORTED, why, why_cap, "the context is light-only: it has no DAG");
    sluice_err err = sl_cuda_push(&c->api, c->ctx, why, why_cap);
    if (err != SLUICE_OK) return err;
    CU_TRY(c->api.cuMemcpyDtoH(outp, c->dag + first * 128, (size_t)(n * 128)), "cuMemcpyDtoH(DAG)");
out:
    sl_cuda_pop(&c->api);
    return err;
}

static sluice_err cu_set_cooperative(void *impl, int on, sl_ethash_caps *caps, char *why, size_t why_cap)
{
    (void)why; (void)why_cap;
    sl_cu_ethash *c = impl;
    c->coop = on != 0;
    caps->cooperative = c->coop;
    return SLUICE_OK;
}

const sl_ethash_backend sl_cuda_ethash_backend = {cu_create, cu_destroy, cu_search, cu_hash, cu_dag_read,
                                                  cu_set_cooperative};

#else

static sluice_err cu_off_create(void **impl, const sluice_accel_device *d, const sl_ethash_setup *s,
                                sl_ethash_caps *caps, char *why, size_t why_cap)
{
    (void)impl; (void)d; (void)s; (void)caps;
    return sl_why(SLUICE_ERR_UNSUPPORTED, why, why_cap, "CUDA backend not compiled in (nvcc not found at build time)");
}
static void cu_off_destroy(void *impl) { (void)impl; }
static sluice_err cu_off_search(void *impl, const uint8_t hh[32], uint64_t start, uint64_t count, uint64_t t,
                                sl_ethash_hits_fn fn, void *user, char *why, size_t why_cap)
{
    (void)impl; (void)hh; (void)start; (void)count; (void)t; (void)fn; (void)user;
    return sl_why(SLUICE_ERR_UNSUPPORTED, why, why_cap, "CUDA backend not compiled in");
}
static sluice_err cu_off_hash(void *impl, int light, const uint8_t hh[32], const uint64_t *nonces, uint32_t n,
                              uint8_t *out, char *why, size_t why_cap)
{
    (void)impl; (void)light; (void)hh; (void)nonces; (void)n; (void)out;
    return sl_why(SLUICE_ERR_UNSUPPORTED, why, why_cap, "CUDA backend not compiled in");
}
static sluice_err cu_off_dag_read(void *impl, uint64_t first, uint64_t n, uint8_t *out, char *why, size_t why_cap)
{
    (void)impl; (void)first; (void)n; (void)out;
    return sl_why(SLUICE_ERR_UNSUPPORTED, why, why_cap, "CUDA backend not compiled in");
}
static sluice_err cu_off_coop(void *impl, int on, sl_ethash_caps *caps, char *why, size_t why_cap)
{
    (void)impl; (void)on; (void)caps;
    return sl_why(SLUICE_ERR_UNSUPPORTED, why, why_cap, "CUDA backend not compiled in");
}
const sl_ethash_backend sl_cuda_ethash_backend = {cu_off_create, cu_off_destroy, cu_off_search, cu_off_hash,
                                                  cu_off_dag_read, cu_off_coop};
#endif
