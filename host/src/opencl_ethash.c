/* Ethash on OpenCL: one context, in-order queue and program per device and
 * epoch. The light cache is uploaded once and the DAG generated on the device
 * from it in slices (kernels/common/sl_ethash_kernels.h, sl_ethash_dag); a
 * search keeps two launches queued (two result buffers, non-blocking reads)
 * so the device never waits for the host. */
#include "accel_internal.h"
#include "opencl_util.h"

#ifdef SLUICE_HAVE_OPENCL
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "sl_ethash_params.h"

typedef struct {
    cl_context ctx;
    cl_command_queue q;
    cl_program prog;
    cl_kernel dag_k, search_k, hash_k, light_k, search_coop_k, hash_coop_k;
    cl_mem cache, dag, hh, nonces, out, res[2];
    cl_uint cache_items, items;
    uint32_t batch, hash_batch;
    int coop, light_only;
    size_t coop_max_wg;                      /* CL_KERNEL_WORK_GROUP_SIZE of the coop kernels */
    cl_uint hres[2][SL_ETHASH_RESULT_WORDS]; /* search results read back */
} sl_ocl_ethash;

#define CL_TRY(call, what)                                                                    \
    do {                                                                                      \
        cl_int e_ = (call);                                                                   \
        if (e_ != CL_SUCCESS)                                                                 \
            return sl_why(SLUICE_ERR_BACKEND, why, why_cap, "%s: %s (%d)", what, sl_cl_errname(e_), e_); \
    } while (0)
#define ARG(k, i, v) CL_TRY(clSetKernelArg((k), (i), sizeof(v), &(v)), "clSetKernelArg(" #k ", " #i ")")

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

static void ocl_destroy(void *impl)
{
    sl_ocl_ethash *o = impl;
    if (!o) return;
    if (o->q) clFinish(o->q);
    cl_mem mems[] = {o->cache, o->dag, o->hh, o->nonces, o->out, o->res[0], o->res[1]};
    for (size_t i = 0; i < sizeof mems / sizeof mems[0]; i++)
        if (mems[i]) clReleaseMemObject(mems[i]);
    cl_kernel ks[] = {o->dag_k, o->search_k, o->hash_k, o->light_k, o->search_coop_k, o->hash_coop_k};
    for (size_t i = 0; i < sizeof ks / sizeof ks[0]; i++)
        if (ks[i]) clReleaseKernel(ks[i]);
    if (o->prog) clReleaseProgram(o->prog);
    if (o->q) clReleaseCommandQueue(o->q);
    if (o->ctx) clReleaseContext(o->ctx);
    free(o);
}

/* Nodes 0 .. 2*items-1 in slices of at least `slice` nodes and at most ~128
 * slices, waiting for each (a launch never runs long) and reporting progress
 * in items. */
static sluice_err build_dag(sl_ocl_ethash *o, const sl_ethash_setup *setup, uint64_t slice, char *why,
                            size_t why_cap)
{
    const uint64_t nodes = 2 * (uint64_t)o->items;
    uint64_t per = (nodes + 127) / 128;
    if (per < slice) per = slice;
    per = (per + SL_ETHASH_DAG_WG - 1) / SL_ETHASH_DAG_WG * SL_ETHASH_DAG_WG;
    ARG(o->dag_k, 0, o->cache);
    ARG(o->dag_k, 1, o->cache_items);
    ARG(o->dag_k, 2, o->dag);
    for (uint64_t first = 0; first < nodes; first += per) {
        cl_uint f = (cl_uint)first, n = (cl_uint)(nodes - first < per ? nodes - first : per);
        ARG(o->dag_k, 3, f);
        ARG(o->dag_k, 4, n);
        sluice_err err = sl_cl_launch_1d(o->q, o->dag_k, n, SL_ETHASH_DAG_WG, "sl_ethash_dag", why, why_cap);
        if (err != SLUICE_OK) return err;
        CL_TRY(clFinish(o->q), "DAG generation (clFinish)");
        if (setup->progress) setup->progress(setup->progress_user, (first + n) / 2, o->items);
    }
    return SLUICE_OK;
}

static sluice_err create_kernels(sl_ocl_ethash *o, cl_device_id dev, char *why, size_t why_cap)
{
    struct { cl_kernel *k; const char *name; } ks[] = {
        {&o->dag_k, "sl_ethash_dag"}, {&o->search_k, "sl_ethash_search"}, {&o->hash_k, "sl_ethash_hash"},
        {&o->light_k, "sl_ethash_light"}, {&o->search_coop_k, "sl_ethash_search_coop"},
        {&o->hash_coop_k, "sl_ethash_hash_coop"}};
    cl_int e;
    for (size_t i = 0; i < sizeof ks / sizeof ks[0]; i++) {
        *ks[i].k = clCreateKernel(o->prog, ks[i].name, &e);
        if (e != CL_SUCCESS)
            return sl_why(SLUICE_ERR_BACKEND, why, why_cap, "clCreateKernel(%s): %s (%d)", ks[i].name,
                          sl_cl_errname(e), e);
    }
    size_t a = 0, b = 0;
    clGetKernelWorkGroupInfo(o->search_coop_k, dev, CL_KERNEL_WORK_GROUP_SIZE, sizeof a, &a, NULL);
    clGetKernelWorkGroupInfo(o->hash_coop_k, dev, CL_KERNEL_WORK_GROUP_SIZE, sizeof b, &b, NULL);
    o->coop_max_wg = a < b ? a : b;
    return SLUICE_OK;
}

static sluice_err ocl_create(void **impl, const sluice_accel_device *d, const sl_ethash_setup *setup,
                             sl_ethash_caps *caps, char *why, size_t why_cap)
{
    cl_device_id dev;
    sluice_err err = sl_cl_find_device(d->platform, d->index, &dev, why, why_cap);
    if (err != SLUICE_OK) return err;
    cl_ulong max_alloc = 0, global = 0;
    cl_uint cus = 1;
    cl_device_type type = 0;
    size_t max_wg = 0;
    clGetDeviceInfo(dev, CL_DEVICE_MAX_MEM_ALLOC_SIZE, sizeof max_alloc, &max_alloc, NULL);
    clGetDeviceInfo(dev, CL_DEVICE_GLOBAL_MEM_SIZE, sizeof global, &global, NULL);
    clGetDeviceInfo(dev, CL_DEVICE_MAX_COMPUTE_UNITS, sizeof cus, &cus, NULL);
    clGetDeviceInfo(dev, CL_DEVICE_TYPE, sizeof type, &type, NULL);
    clGetDeviceInfo(dev, CL_DEVICE_MAX_WORK_GROUP_SIZE, sizeof max_wg, &max_wg, NULL);
    const uint64_t dag_bytes = setup->light_only ? 0 : setup->items * 128;
    const uint64_t cache_bytes = setup->cache_items * 64;
    if (max_wg < SL_ETHASH_DAG_WG || max_wg < SL_ETHASH_HASH_WG)
        return sl_why(SLUICE_ERR_UNSUPPORTED, why, why_cap, "OpenCL device %s: work-groups of %zu; Ethash needs %d",
                      d->name, max_wg, SL_ETHASH_HASH_WG);
    if (dag_bytes > max_alloc || cache_bytes > max_alloc)
        return sl_why(SLUICE_ERR_UNSUPPORTED, why, why_cap,
                      "OpenCL device %s: the %s (%llu bytes) exceeds its largest allocation (%llu bytes)", d->name,
                      dag_bytes > max_alloc ? "DAG" : "light cache",
                      (unsigned long long)(dag_bytes > max_alloc ? dag_bytes : cache_bytes),
                      (unsigned long long)max_alloc);
    if (dag_bytes + cache_bytes > global)
        return sl_why(SLUICE_ERR_UNSUPPORTED, why, why_cap,
                      "OpenCL device %s: DAG and cache (%llu bytes) exceed its memory (%llu bytes)", d->name,
                      (unsigned long long)(dag_bytes + cache_bytes), (unsigned long long)global);
    sl_ocl_ethash *o = calloc(1, sizeof *o);
    if (!o) return sl_why(SLUICE_ERR_NOMEM, why, why_cap, "out of memory");
    o->cache_items = (cl_uint)setup->cache_items;
    o->items = (cl_uint)setup->items;
    o->light_only = setup->light_only;
    const int cpu = (type & CL_DEVICE_TYPE_CPU) != 0;
    /* A CPU device (PoCL: ~1e4-1e5 full hashes/s) gets short launches; a GPU
     * thousands of work-items per compute unit. */
    o->batch = cpu ? 4096u : (cus > 0 ? cus : 1) * 8192u;
    o->hash_batch = cpu ? 1024u : 65536u;
    err = SLUICE_ERR_BACKEND;
    cl_int e;
    o->ctx = clCreateContext(NULL, 1, &dev, NULL, NULL, &e);
    if (e != CL_SUCCESS) { sl_why(err, why, why_cap, "clCreateContext: %s (%d)", sl_cl_errname(e), e); goto fail; }
    o->q = clCreateCommandQueue(o->ctx, dev, 0, &e);
    if (e != CL_SUCCESS) { sl_why(err, why, why_cap, "clCreateCommandQueue: %s (%d)", sl_cl_errname(e), e); goto fail; }
    err = sl_cl_build_program(o->ctx, dev, (const char *)sluice_opencl_ethash_src, sluice_opencl_ethash_src_size,
                              "-cl-std=CL1.2", &o->prog, why, why_cap);
    if (err != SLUICE_OK) goto fail;
    if ((err = create_kernels(o, dev, why, why_cap)) != SLUICE_OK) goto fail;
    err = SLUICE_ERR_BACKEND;
    struct { cl_mem *m; cl_mem_flags f; size_t size; const void *host; const char *name; } bufs[] = {
        {&o->cache, CL_MEM_READ_ONLY | CL_MEM_COPY_HOST_PTR, (size_t)cache_bytes, setup->cache, "light cache"},
        {&o->dag, CL_MEM_READ_WRITE, (size_t)dag_bytes, NULL, "DAG"},
        {&o->hh, CL_MEM_READ_ONLY, 32, NULL, "header hash"},
        {&o->nonces, CL_MEM_READ_ONLY, (size_t)o->hash_batch * 8, NULL, "nonces"},
        {&o->out, CL_MEM_WRITE_ONLY, (size_t)o->hash_batch * 64, NULL, "hash results"},
        {&o->res[0], CL_MEM_READ_WRITE, SL_ETHASH_RESULT_WORDS * 4, NULL, "search results"},
        {&o->res[1], CL_MEM_READ_WRITE, SL_ETHASH_RESULT_WORDS * 4, NULL, "search results"}};
    for (size_t i = 0; i < sizeof bufs / sizeof bufs[0]; i++) {
        if (bufs[i].size == 0) continue;   /* no DAG when light_only */
        *bufs[i].m = clCreateBuffer(o->ctx, bufs[i].f, bufs[i].size, (void *)bufs[i].host, &e);
        if (e != CL_SUCCESS) {
            err = e == CL_MEM_OBJECT_ALLOCATION_FAILURE || e == CL_OUT_OF_RESOURCES ? SLUICE_ERR_UNSUPPORTED
                                                                                     : SLUICE_ERR_BACKEND;
            sl_why(err, why, why_cap, "clCreateBuffer(%s, %zu bytes): %s (%d)", bufs[i].name, bufs[i].size,
                   sl_cl_errname(e), e);
            goto fail;
        }
    }
    caps->dag_seconds = 0;
    if (!setup->light_only) {
        const double t0 = now_s();
        if ((err = build_dag(o, setup, cpu ? 16384u : 262144u, why, why_cap)) != SLUICE_OK) {
            /* e.g. the DAG buffer could not be backed when first written */
            if (strstr(why, "CL_MEM_OBJECT_ALLOCATION_FAILURE") || strstr(why, "CL_OUT_OF_RESOURCES"))
                err = SLUICE_ERR_UNSUPPORTED;
            goto fail;
        }
        caps->dag_seconds = now_s() - t0;
    }
    caps->batch = o->batch;
    caps->hash_batch = o->hash_batch;
    caps->cooperative = 0;
    *impl = o;
    return SLUICE_OK;
fail:
    ocl_destroy(o);
    return err;
}

static sluice_err light_only_err(char *why, size_t why_cap)
{
    return sl_why(SLUICE_ERR_UNSUPPORTED, why, why_cap, "the context is light-only: it has no DAG");
}

/* Enqueues launch `slot` (nonces st .. st+n-1) and a non-blocking read of its
 * results into o->hres[slot]; *ev completes with the read. */
static sluice_err enqueue_search(sl_ocl_ethash *o, int slot, cl_ulong st, cl_uint n, cl_ulong target, cl_event *ev,
                                 char *why, size_t why_cap)
{
    const cl_uint zero = 0;
    CL_TRY(clEnqueueFillBuffer(o->q, o->res[slot], &zero, sizeof zero, 0, sizeof zero, 0, NULL, NULL),
           "clear hit counter");
    cl_kernel k = o->coop ? o->search_coop_k : o->search_k;
    ARG(k, 0, o->dag);
    ARG(k, 1, o->items);
    ARG(k, 2, o->hh);
    ARG(k, 3, st);
    ARG(k, 4, target);
    ARG(k, 5, n);
    ARG(k, 6, o->res[slot]);
    sluice_err err = sl_cl_launch_1d(o->q, k, n, o->coop ? SL_ETHASH_COOP_WG : SL_ETHASH_HASH_WG,
                            o->coop ? "sl_ethash_search_coop" : "sl_ethash_search", why, why_cap);
    if (err != SLUICE_OK) return err;
    CL_TRY(clEnqueueReadBuffer(o->q, o->res[slot], CL_FALSE, 0, sizeof o->hres[slot], o->hres[slot], 0, NULL, ev),
           "read search results");
    CL_TRY(clFlush(o->q), "clFlush");
    return SLUICE_OK;
}

static sluice_err ocl_search(void *impl, const uint8_t header_hash[32], uint64_t start, uint64_t count,
                             uint64_t target64, sl_ethash_hits_fn fn, void *user, char *why, size_t why_cap)
{
    sl_ocl_ethash *o = impl;
    if (o->light_only) return light_only_err(why, why_cap);
    CL_TRY(clEnqueueWriteBuffer(o->q, o->hh, CL_TRUE, 0, 32, header_hash, 0, NULL, NULL), "write header hash");
    cl_event ev[2] = {NULL, NULL};
    uint64_t lstart[2] = {0, 0};
    uint32_t ln[2] = {0, 0};
    sluice_err err = SLUICE_OK;
    uint64_t done = 0;
    /* Launch k uses slot k & 1; before reusing a slot, its launch (k - 2) is
     * reported, so reports come in launch order. */
    for (unsigned k = 0; done < count || ev[0] || ev[1]; k++) {
        const int s = (int)(k & 1);
        if (ev[s]) {
            cl_int e = clWaitForEvents(1, &ev[s]);
            clReleaseEvent(ev[s]);
            ev[s] = NULL;
            if (e != CL_SUCCESS) {
                err = sl_why(SLUICE_ERR_BACKEND, why, why_cap, "search (clWaitForEvents): %s (%d)", sl_cl_errname(e), e);
                break;
            }
            fn(user, lstart[s], ln[s], o->hres[s][0], o->hres[s] + 1);
        }
        if (done < count) {
            const uint64_t left = count - done;
            ln[s] = left < o->batch ? (uint32_t)left : o->batch;
            lstart[s] = start + done;
            err = enqueue_search(o, s, lstart[s], ln[s], target64, &ev[s], why, why_cap);
            if (err != SLUICE_OK) break;
            done += ln[s];
        }
    }
    if (err != SLUICE_OK) {
        clFinish(o->q);
        for (int s = 0; s < 2; s++)
            if (ev[s]) clReleaseEvent(ev[s]);
    }
    return err;
}

static sluice_err ocl_hash(void *impl, int light, const uint8_t header_hash[32], const uint64_t *nonces, uint32_t n,
                           uint8_t *out, char *why, size_t why_cap)
{
    sl_ocl_ethash *o = impl;
    if (!light && o->light_only) return light_only_err(why, why_cap);
    CL_TRY(clEnqueueWriteBuffer(o->q, o->hh, CL_FALSE, 0, 32, header_hash, 0, NULL, NULL), "write header hash");
    CL_TRY(clEnqueueWriteBuffer(o->q, o->nonces, CL_FALSE, 0, (size_t)n * 8, nonces, 0, NULL, NULL), "write nonces");
    cl_uint cn = n;
    cl_kernel k;
    size_t wg = SL_ETHASH_HASH_WG;
    const char *name;
    if (light) {
        k = o->light_k;
        name = "sl_ethash_light";
        ARG(k, 0, o->cache);
        ARG(k, 1, o->cache_items);
        ARG(k, 2, o->items);
        ARG(k, 3, o->hh);
        ARG(k, 4, o->nonces);
        ARG(k, 5, cn);
        ARG(k, 6, o->out);
    } else {
        k = o->coop ? o->hash_coop_k : o->hash_k;
        name = o->coop ? "sl_ethash_hash_coop" : "sl_ethash_hash";
        if (o->coop) wg = SL_ETHASH_COOP_WG;
        ARG(k, 0, o->dag);
        ARG(k, 1, o->items);
        ARG(k, 2, o->hh);
        ARG(k, 3, o->nonces);
        ARG(k, 4, cn);
        ARG(k, 5, o->out);
    }
    sluice_err err = sl_cl_launch_1d(o->q, k, n, wg, name, why, why_cap);
    if (err != SLUICE_OK) return err;
    /* The blocking read also waits for the writes above (in-order queue). */
    CL_TRY(clEnqueueReadBuffer(o->q, o->out, CL_TRUE, 0, (size_t)n * 64, out, 0, NULL, NULL), "read hash results");
    return SLUICE_OK;
}

static sluice_err ocl_dag_read(void *impl, uint64_t first, uint64_t n, uint8_t *out, char *why, size_t why_cap)
{
    sl_ocl_ethash *o = impl;
    if (o->light_only) return light_only_err(why, why_cap);
    CL_TRY(clEnqueueReadBuffer(o->q, o->dag, CL_TRUE, (size_t)(first * 128), (size_t)(n * 128), out, 0, NULL, NULL),
           "read DAG");
    return SLUICE_OK;
}

static sluice_err ocl_set_cooperative(void *impl, int on, sl_ethash_caps *caps, char *why, size_t why_cap)
{
    sl_ocl_ethash *o = impl;
    if (on && o->coop_max_wg < SL_ETHASH_COOP_WG)
        return sl_why(SLUICE_ERR_UNSUPPORTED, why, why_cap,
                      "the cooperative kernels need work-groups of %d; this device allows %zu", SL_ETHASH_COOP_WG,
                      o->coop_max_wg);
    o->coop = on != 0;
    caps->cooperative = o->coop;
    return SLUICE_OK;
}

const sl_ethash_backend sl_opencl_ethash_backend = {ocl_create, ocl_destroy, ocl_search, ocl_hash, ocl_dag_read,
                                                    ocl_set_cooperative};

#else

static sluice_err ocl_off_create(void **impl, const sluice_accel_device *d, const sl_ethash_setup *s,
                                 sl_ethash_caps *caps, char *why, size_t why_cap)
{
    (void)impl; (void)d; (void)s; (void)caps;
    return sl_why(SLUICE_ERR_UNSUPPORTED, why, why_cap, "OpenCL backend not compiled in (no OpenCL loader at build time)");
}
static void ocl_off_destroy(void *impl) { (void)impl; }
static sluice_err ocl_off_search(void *impl, const uint8_t hh[32], uint64_t start, uint64_t count, uint64_t t,
                                 sl_ethash_hits_fn fn, void *user, char *why, size_t why_cap)
{
    (void)impl; (void)hh; (void)start; (void)count; (void)t; (void)fn; (void)user;
    return sl_why(SLUICE_ERR_UNSUPPORTED, why, why_cap, "OpenCL backend not compiled in");
}
static sluice_err ocl_off_hash(void *impl, int light, const uint8_t hh[32], const uint64_t *nonces, uint32_t n,
                               uint8_t *out, char *why, size_t why_cap)
{
    (void)impl; (void)light; (void)hh; (void)nonces; (void)n; (void)out;
    return sl_why(SLUICE_ERR_UNSUPPORTED, why, why_cap, "OpenCL backend not compiled in");
}
static sluice_err ocl_off_dag_read(void *impl, uint64_t first, uint64_t n, uint8_t *out, char *why, size_t why_cap)
{
    (void)impl; (void)first; (void)n; (void)out;
    return sl_why(SLUICE_ERR_UNSUPPORTED, why, why_cap, "OpenCL backend not compiled in");
}
static sluice_err ocl_off_coop(void *impl, int on, sl_ethash_caps *caps, char *why, size_t why_cap)
{
    (void)impl; (void)on; (void)caps;
    return sl_why(SLUICE_ERR_UNSUPPORTED, why, why_cap, "OpenCL backend not compiled in");
}
const sl_ethash_backend sl_opencl_ethash_backend = {ocl_off_create, ocl_off_destroy, ocl_off_search, ocl_off_hash,
                                                    ocl_off_dag_read, ocl_off_coop};
#endif
