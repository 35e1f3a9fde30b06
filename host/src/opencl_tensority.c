/* Tensority on OpenCL: one context, queue and program per device and seed;
 * the 16 MiB of matrices are uploaded once. A batch is three launches (see
 * kernels/common/sl_tensority_kernels.h): prep -> chain -> finish. */
#include "accel_internal.h"
#include "opencl_util.h"

#ifdef SLUICE_HAVE_OPENCL
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "sl_tensority_params.h"
#include "sluice/tensority.h"

typedef struct {
    cl_context ctx;
    cl_command_queue q;
    cl_program prog;
    cl_kernel prep_hash, prep_search, chain, finish_hash, finish_search;
    cl_mem mats;      /* 16 MiB, read-only */
    cl_mem hh;        /* batch * 32: header hashes in */
    cl_mem results;   /* batch * 32: results out */
    cl_mem seq;       /* batch * 128 */
    cl_mem chains;    /* batch * 256 KiB: R_0..R_3 of each hash */
    cl_mem body;      /* 136 */
    cl_mem target;    /* 32 */
    cl_mem nfound;    /* one u32 */
    cl_mem found;     /* batch * u64 */
    uint32_t batch;
} sl_ocl;

#define CL_TRY(call, what)                                                                    \
    do {                                                                                      \
        cl_int e_ = (call);                                                                   \
        if (e_ != CL_SUCCESS)                                                                 \
            return sl_why(SLUICE_ERR_BACKEND, why, why_cap, "%s: %s (%d)", what, sl_cl_errname(e_), e_); \
    } while (0)

static void ocl_destroy(void *impl)
{
    sl_ocl *o = impl;
    if (!o) return;
    cl_mem *mems[] = {&o->mats, &o->hh, &o->results, &o->seq, &o->chains, &o->body, &o->target, &o->nfound, &o->found};
    for (size_t i = 0; i < sizeof mems / sizeof mems[0]; i++)
        if (*mems[i]) clReleaseMemObject(*mems[i]);
    cl_kernel ks[] = {o->prep_hash, o->prep_search, o->chain, o->finish_hash, o->finish_search};
    for (size_t i = 0; i < sizeof ks / sizeof ks[0]; i++)
        if (ks[i]) clReleaseKernel(ks[i]);
    if (o->prog) clReleaseProgram(o->prog);
    if (o->q) clReleaseCommandQueue(o->q);
    if (o->ctx) clReleaseContext(o->ctx);
    free(o);
}

/* Builds the embedded source; on failure why gets the end of the build log. */
static sluice_err build_program(sl_ocl *o, cl_device_id dev, char *why, size_t why_cap)
{
    const char *src = (const char *)sluice_opencl_tensority_src;
    size_t len = sluice_opencl_tensority_src_size;
    sluice_err err = sl_cl_build_program(o->ctx, dev, src, len, "-cl-std=CL1.2", &o->prog, why, why_cap);
    if (err != SLUICE_OK) return err;
    struct { cl_kernel *k; const char *name; } ks[] = {
        {&o->prep_hash, "sl_prep_hash"}, {&o->prep_search, "sl_prep_search"}, {&o->chain, "sl_chain"},
        {&o->finish_hash, "sl_finish_hash"}, {&o->finish_search, "sl_finish_search"}};
    for (size_t i = 0; i < sizeof ks / sizeof ks[0]; i++) {
        cl_int e;
        *ks[i].k = clCreateKernel(o->prog, ks[i].name, &e);
        if (e != CL_SUCCESS)
            return sl_why(SLUICE_ERR_BACKEND, why, why_cap, "clCreateKernel(%s): %s (%d)", ks[i].name,
                          sl_cl_errname(e), e);
    }
    return SLUICE_OK;
}

/* Nonces per launch: enough groups to fill the device several times over,
 * bounded by the chains buffer (256 KiB a hash) the device can allocate. */
static uint32_t pick_batch(cl_device_id dev)
{
    cl_uint cus = 1;
    cl_device_type type = 0;
    cl_ulong max_alloc = 0, global = 0;
    clGetDeviceInfo(dev, CL_DEVICE_MAX_COMPUTE_UNITS, sizeof cus, &cus, NULL);
    clGetDeviceInfo(dev, CL_DEVICE_TYPE, sizeof type, &type, NULL);
    clGetDeviceInfo(dev, CL_DEVICE_MAX_MEM_ALLOC_SIZE, sizeof max_alloc, &max_alloc, NULL);
    clGetDeviceInfo(dev, CL_DEVICE_GLOBAL_MEM_SIZE, sizeof global, &global, NULL);
    /* PoCL on 2 cores ran ~1.8 H/s with 4 hashes a launch and ~3.5 with 8. */
    uint64_t b = (type & CL_DEVICE_TYPE_CPU) ? 4u * cus : 8u * cus;
    uint64_t lim = max_alloc / SL_CHAINS_BYTES;
    if (global / 4 / SL_CHAINS_BYTES < lim) lim = global / 4 / SL_CHAINS_BYTES;
    if (b > lim) b = lim;
    if (b > 4096) b = 4096;
    return b ? (uint32_t)b : 1;
}

static sluice_err ocl_create(void **impl, const sluice_accel_device *d, const int8_t *matrices,
                             uint32_t *batch, char *why, size_t why_cap)
{
    cl_device_id dev;
    sluice_err err = sl_cl_find_device(d->platform, d->index, &dev, why, why_cap);
    if (err != SLUICE_OK) return err;
    /* The chain kernel needs SL_CHAIN_WG threads and its three local tiles. */
    size_t max_wg = 0;
    cl_ulong local = 0;
    const cl_ulong need = 16u * (2u * SL_LOCAL_A_VECS + SL_LOCAL_M_VECS);
    clGetDeviceInfo(dev, CL_DEVICE_MAX_WORK_GROUP_SIZE, sizeof max_wg, &max_wg, NULL);
    clGetDeviceInfo(dev, CL_DEVICE_LOCAL_MEM_SIZE, sizeof local, &local, NULL);
    if (max_wg < SL_CHAIN_WG || local < need)
        return sl_why(SLUICE_ERR_UNSUPPORTED, why, why_cap,
                      "OpenCL device %s: work-groups of %zu and %llu bytes of local memory; Tensority needs %d and %llu",
                      d->name, max_wg, (unsigned long long)local, SL_CHAIN_WG, (unsigned long long)need);
    sl_ocl *o = calloc(1, sizeof *o);
    if (!o) return sl_why(SLUICE_ERR_NOMEM, why, why_cap, "out of memory");
    err = SLUICE_ERR_BACKEND;
    cl_int e;
    o->ctx = clCreateContext(NULL, 1, &dev, NULL, NULL, &e);
    if (e != CL_SUCCESS) { sl_why(err, why, why_cap, "clCreateContext: %s (%d)", sl_cl_errname(e), e); goto fail; }
    o->q = clCreateCommandQueue(o->ctx, dev, 0, &e);
    if (e != CL_SUCCESS) { sl_why(err, why, why_cap, "clCreateCommandQueue: %s (%d)", sl_cl_errname(e), e); goto fail; }
    if ((err = build_program(o, dev, why, why_cap)) != SLUICE_OK) goto fail;
    err = SLUICE_ERR_BACKEND;
    o->batch = pick_batch(dev);
    struct { cl_mem *m; cl_mem_flags f; size_t size; const void *host; const char *name; } bufs[] = {
        {&o->mats, CL_MEM_READ_ONLY | CL_MEM_COPY_HOST_PTR, SLUICE_TENSORITY_CACHE_BYTES, matrices, "matrices (16 MiB)"},
        {&o->hh, CL_MEM_READ_ONLY, (size_t)o->batch * 32, NULL, "header hashes"},
        {&o->results, CL_MEM_WRITE_ONLY, (size_t)o->batch * 32, NULL, "results"},
        {&o->seq, CL_MEM_READ_WRITE, (size_t)o->batch * SL_SEQ_BYTES, NULL, "sequences"},
        {&o->chains, CL_MEM_READ_WRITE, (size_t)o->batch * SL_CHAINS_BYTES, NULL, "chain results"},
        {&o->body, CL_MEM_READ_ONLY, 136, NULL, "header body"},
        {&o->target, CL_MEM_READ_ONLY, 32, NULL, "target"},
        {&o->nfound, CL_MEM_READ_WRITE, sizeof(cl_uint), NULL, "hit counter"},
        {&o->found, CL_MEM_READ_WRITE, (size_t)o->batch * sizeof(cl_ulong), NULL, "found nonces"}};
    for (size_t i = 0; i < sizeof bufs / sizeof bufs[0]; i++) {
        *bufs[i].m = clCreateBuffer(o->ctx, bufs[i].f, bufs[i].size, (void *)bufs[i].host, &e);
        if (e != CL_SUCCESS) {
            sl_why(err, why, why_cap, "clCreateBuffer(%s, %zu bytes): %s (%d)", bufs[i].name, bufs[i].size,
                   sl_cl_errname(e), e);
            goto fail;
        }
    }
    *batch = o->batch;
    *impl = o;
    return SLUICE_OK;
fail:
    ocl_destroy(o);
    return err;
}

#define ARG(k, i, v, what) CL_TRY(clSetKernelArg((k), (i), sizeof(v), &(v)), what)

static sluice_err launch(cl_command_queue q, cl_kernel k, size_t groups, size_t wg, const char *name,
                         char *why, size_t why_cap)
{
    size_t global = groups * wg, local = wg;
    cl_int e = clEnqueueNDRangeKernel(q, k, 1, NULL, &global, &local, 0, NULL, NULL);
    if (e != CL_SUCCESS)
        return sl_why(SLUICE_ERR_BACKEND, why, why_cap, "clEnqueueNDRangeKernel(%s, %zu groups): %s (%d)", name,
                      groups, sl_cl_errname(e), e);
    return SLUICE_OK;
}

static sluice_err ocl_run(void *impl, sl_accel_batch_job *job, char *why, size_t why_cap)
{
    sl_ocl *o = impl;
    const cl_uint n = (cl_uint)job->n;
    const size_t prep_groups = (n + SL_PREP_WG - 1) / SL_PREP_WG;
    const int search = job->header_hashes == NULL;
    sluice_err err;
    if (n == 0) return SLUICE_OK;

    if (search) {
        cl_ulong start = job->start_nonce;
        cl_uint zero = 0, cap = job->cap < n ? job->cap : n;
        CL_TRY(clEnqueueWriteBuffer(o->q, o->body, CL_TRUE, 0, 136, job->body, 0, NULL, NULL), "write body");
        CL_TRY(clEnqueueWriteBuffer(o->q, o->target, CL_TRUE, 0, 32, job->target_le, 0, NULL, NULL), "write target");
        CL_TRY(clEnqueueWriteBuffer(o->q, o->nfound, CL_TRUE, 0, sizeof zero, &zero, 0, NULL, NULL), "clear hit counter");
        ARG(o->prep_search, 0, o->body, "prep_search arg 0");
        ARG(o->prep_search, 1, start, "prep_search arg 1");
        ARG(o->prep_search, 2, o->seq, "prep_search arg 2");
        ARG(o->prep_search, 3, n, "prep_search arg 3");
        if ((err = launch(o->q, o->prep_search, prep_groups, SL_PREP_WG, "sl_prep_search", why, why_cap))) return err;
        ARG(o->finish_search, 0, o->chains, "finish_search arg 0");
        ARG(o->finish_search, 1, o->target, "finish_search arg 1");
        ARG(o->finish_search, 2, start, "finish_search arg 2");
        ARG(o->finish_search, 3, o->nfound, "finish_search arg 3");
        ARG(o->finish_search, 4, o->found, "finish_search arg 4");
        ARG(o->finish_search, 5, cap, "finish_search arg 5");
    } else {
        CL_TRY(clEnqueueWriteBuffer(o->q, o->hh, CL_TRUE, 0, (size_t)n * 32, job->header_hashes, 0, NULL, NULL),
               "write header hashes");
        ARG(o->prep_hash, 0, o->hh, "prep_hash arg 0");
        ARG(o->prep_hash, 1, o->seq, "prep_hash arg 1");
        ARG(o->prep_hash, 2, n, "prep_hash arg 2");
        if ((err = launch(o->q, o->prep_hash, prep_groups, SL_PREP_WG, "sl_prep_hash", why, why_cap))) return err;
        ARG(o->finish_hash, 0, o->chains, "finish_hash arg 0");
        ARG(o->finish_hash, 1, o->results, "finish_hash arg 1");
    }
    ARG(o->chain, 0, o->mats, "chain arg 0");
    ARG(o->chain, 1, o->seq, "chain arg 1");
    ARG(o->chain, 2, o->chains, "chain arg 2");
    if ((err = launch(o->q, o->chain, (size_t)n * SL_GROUPS_PER_HASH, SL_CHAIN_WG, "sl_chain", why, why_cap)))
        return err;
    if (search) {
        if ((err = launch(o->q, o->finish_search, n, SL_FOLD_WG, "sl_finish_search", why, why_cap))) return err;
        cl_uint hits = 0;
        CL_TRY(clEnqueueReadBuffer(o->q, o->nfound, CL_TRUE, 0, sizeof hits, &hits, 0, NULL, NULL), "read hit counter");
        job->hits = hits;
        cl_uint keep = hits < job->cap ? hits : job->cap;
        if (keep > n) keep = n;
        if (keep) /* cl_ulong and uint64_t are both unsigned 64-bit */
            CL_TRY(clEnqueueReadBuffer(o->q, o->found, CL_TRUE, 0, keep * sizeof(uint64_t), job->found, 0, NULL,
                                       NULL), "read found nonces");
    } else {
        if ((err = launch(o->q, o->finish_hash, n, SL_FOLD_WG, "sl_finish_hash", why, why_cap))) return err;
        CL_TRY(clEnqueueReadBuffer(o->q, o->results, CL_TRUE, 0, (size_t)n * 32, job->results, 0, NULL, NULL),
               "read results");
    }
    return SLUICE_OK;
}

const sl_accel_backend sl_opencl_backend = {ocl_create, ocl_destroy, ocl_run};

#else

static sluice_err ocl_off_create(void **impl, const sluice_accel_device *d, const int8_t *m, uint32_t *batch,
                                 char *why, size_t why_cap)
{
    (void)impl; (void)d; (void)m; (void)batch;
    return sl_why(SLUICE_ERR_UNSUPPORTED, why, why_cap, "OpenCL backend not compiled in (no OpenCL loader at build time)");
}
static void ocl_off_destroy(void *impl) { (void)impl; }
static sluice_err ocl_off_run(void *impl, sl_accel_batch_job *job, char *why, size_t why_cap)
{
    (void)impl; (void)job;
    return sl_why(SLUICE_ERR_UNSUPPORTED, why, why_cap, "OpenCL backend not compiled in");
}
const sl_accel_backend sl_opencl_backend = {ocl_off_create, ocl_off_destroy, ocl_off_run};
#endif
