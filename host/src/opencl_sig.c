/* Signature verification on OpenCL: one context, in-order queue and program
 * per device. At creation the comb tables of the three base points are built
 * on the device (sl_sig_setup_walk, then sl_sig_setup_affine, through a
 * scratch buffer released afterwards) and stay there; a run uploads the work
 * items, launches one kernel (one item per work-item) and reads the verdicts. */
#include "sig_accel_internal.h"
#include "opencl_util.h"

#ifdef SLUICE_HAVE_OPENCL
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "sl_sig_params.h"

typedef struct {
    cl_context ctx;
    cl_command_queue q;
    cl_program prog;
    cl_kernel walk_k, affine_k, verify_k[SLUICE_SIG_NSCHEMES];
    cl_mem table[SL_SIG_NCURVES], work, status;
    uint32_t batch;
} sl_ocl_sig;

#define CL_TRY(call, what)                                                                    \
    do {                                                                                      \
        cl_int e_ = (call);                                                                   \
        if (e_ != CL_SUCCESS)                                                                 \
            return sl_why(SLUICE_ERR_BACKEND, why, why_cap, "%s: %s (%d)", what, sl_cl_errname(e_), e_); \
    } while (0)
#define ARG(k, i, v) CL_TRY(clSetKernelArg((k), (i), sizeof(v), &(v)), "clSetKernelArg(" #k ", " #i ")")

static const char *const verify_names[SLUICE_SIG_NSCHEMES] = {"sl_sig_sm2", "sl_sig_bip340", "sl_sig_ed25519"};

static size_t table_words(unsigned curve)
{
    return curve == SL_SIG_CURVE_ED ? SL_SIG_TAB_WORDS_E : SL_SIG_TAB_WORDS_W;
}

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

static void ocl_destroy(void *impl)
{
    sl_ocl_sig *o = impl;
    if (!o) return;
    if (o->q) clFinish(o->q);
    for (int c = 0; c < SL_SIG_NCURVES; c++)
        if (o->table[c]) clReleaseMemObject(o->table[c]);
    if (o->work) clReleaseMemObject(o->work);
    if (o->status) clReleaseMemObject(o->status);
    if (o->walk_k) clReleaseKernel(o->walk_k);
    if (o->affine_k) clReleaseKernel(o->affine_k);
    for (int s = 0; s < SLUICE_SIG_NSCHEMES; s++)
        if (o->verify_k[s]) clReleaseKernel(o->verify_k[s]);
    if (o->prog) clReleaseProgram(o->prog);
    if (o->q) clReleaseCommandQueue(o->q);
    if (o->ctx) clReleaseContext(o->ctx);
    free(o);
}

/* The comb tables of the three curves through one scratch buffer. */
static sluice_err build_tables(sl_ocl_sig *o, char *why, size_t why_cap)
{
    cl_int e;
    const size_t scratch_bytes = (size_t)SL_SIG_COMB_ENTRIES * SL_SIG_SCRATCH_WORDS * 8;
    cl_mem scratch = clCreateBuffer(o->ctx, CL_MEM_READ_WRITE, scratch_bytes, NULL, &e);
    if (e != CL_SUCCESS)
        return sl_why(SLUICE_ERR_BACKEND, why, why_cap, "clCreateBuffer(table scratch, %zu bytes): %s (%d)",
                      scratch_bytes, sl_cl_errname(e), e);
    sluice_err err = SLUICE_OK;
    for (cl_uint c = 0; c < SL_SIG_NCURVES && err == SLUICE_OK; c++) {
        const size_t bytes = (size_t)SL_SIG_COMB_ENTRIES * table_words(c) * 8;
        o->table[c] = clCreateBuffer(o->ctx, CL_MEM_READ_WRITE, bytes, NULL, &e);
        if (e != CL_SUCCESS) {
            err = sl_why(SLUICE_ERR_BACKEND, why, why_cap, "clCreateBuffer(comb table, %zu bytes): %s (%d)", bytes,
                         sl_cl_errname(e), e);
            break;
        }
        e = clSetKernelArg(o->walk_k, 0, sizeof c, &c);
        if (e == CL_SUCCESS) e = clSetKernelArg(o->walk_k, 1, sizeof scratch, &scratch);
        if (e == CL_SUCCESS) e = clSetKernelArg(o->affine_k, 0, sizeof c, &c);
        if (e == CL_SUCCESS) e = clSetKernelArg(o->affine_k, 1, sizeof scratch, &scratch);
        if (e == CL_SUCCESS) e = clSetKernelArg(o->affine_k, 2, sizeof o->table[c], &o->table[c]);
        if (e != CL_SUCCESS) {
            err = sl_why(SLUICE_ERR_BACKEND, why, why_cap, "clSetKernelArg(table setup): %s (%d)", sl_cl_errname(e), e);
            break;
        }
        err = sl_cl_launch_1d(o->q, o->walk_k, SL_SIG_COMB_WINDOWS, SL_SIG_SETUP_WG, "sl_sig_setup_walk", why, why_cap);
        if (err == SLUICE_OK)
            err = sl_cl_launch_1d(o->q, o->affine_k, SL_SIG_COMB_ENTRIES, SL_SIG_SETUP_WG, "sl_sig_setup_affine", why,
                         why_cap);
        if (err == SLUICE_OK && (e = clFinish(o->q)) != CL_SUCCESS)
            err = sl_why(SLUICE_ERR_BACKEND, why, why_cap, "table setup (clFinish): %s (%d)", sl_cl_errname(e), e);
    }
    clReleaseMemObject(scratch);
    return err;
}

static sluice_err create_kernels(sl_ocl_sig *o, char *why, size_t why_cap)
{
    cl_int e;
    struct { cl_kernel *k; const char *name; } ks[] = {
        {&o->walk_k, "sl_sig_setup_walk"}, {&o->affine_k, "sl_sig_setup_affine"},
        {&o->verify_k[0], verify_names[0]}, {&o->verify_k[1], verify_names[1]}, {&o->verify_k[2], verify_names[2]}};
    for (size_t i = 0; i < sizeof ks / sizeof ks[0]; i++) {
        *ks[i].k = clCreateKernel(o->prog, ks[i].name, &e);
        if (e != CL_SUCCESS)
            return sl_why(SLUICE_ERR_BACKEND, why, why_cap, "clCreateKernel(%s): %s (%d)", ks[i].name,
                          sl_cl_errname(e), e);
    }
    return SLUICE_OK;
}

static sluice_err ocl_create(void **impl, const sluice_accel_device *d, sl_sig_caps *caps, char *why, size_t why_cap)
{
    cl_device_id dev;
    sluice_err err = sl_cl_find_device(d->platform, d->index, &dev, why, why_cap);
    if (err != SLUICE_OK) return err;
    cl_uint cus = 1;
    cl_device_type type = 0;
    size_t max_wg = 0;
    clGetDeviceInfo(dev, CL_DEVICE_MAX_COMPUTE_UNITS, sizeof cus, &cus, NULL);
    clGetDeviceInfo(dev, CL_DEVICE_TYPE, sizeof type, &type, NULL);
    clGetDeviceInfo(dev, CL_DEVICE_MAX_WORK_GROUP_SIZE, sizeof max_wg, &max_wg, NULL);
    if (max_wg < SL_SIG_WG || max_wg < SL_SIG_SETUP_WG)
        return sl_why(SLUICE_ERR_UNSUPPORTED, why, why_cap,
                      "OpenCL device %s: work-groups of %zu; the signature kernels need %d", d->name, max_wg,
                      SL_SIG_WG);
    sl_ocl_sig *o = calloc(1, sizeof *o);
    if (!o) return sl_why(SLUICE_ERR_NOMEM, why, why_cap, "out of memory");
    const int cpu = (type & CL_DEVICE_TYPE_CPU) != 0;
    /* A CPU device (PoCL: ~10^4 items/s per core) gets short launches; a GPU
     * many items per compute unit (each work-item is one whole verification). */
    o->batch = cpu ? 1024u : (cus > 0 ? cus : 1) * 2048u;
    if (o->batch > (1u << 20)) o->batch = 1u << 20;
    err = SLUICE_ERR_BACKEND;
    cl_int e;
    o->ctx = clCreateContext(NULL, 1, &dev, NULL, NULL, &e);
    if (e != CL_SUCCESS) { sl_why(err, why, why_cap, "clCreateContext: %s (%d)", sl_cl_errname(e), e); goto fail; }
    o->q = clCreateCommandQueue(o->ctx, dev, 0, &e);
    if (e != CL_SUCCESS) { sl_why(err, why, why_cap, "clCreateCommandQueue: %s (%d)", sl_cl_errname(e), e); goto fail; }
    err = sl_cl_build_program(o->ctx, dev, (const char *)sluice_opencl_sig_src, sluice_opencl_sig_src_size,
                              "-cl-std=CL1.2", &o->prog, why, why_cap);
    if (err != SLUICE_OK) goto fail;
    if ((err = create_kernels(o, why, why_cap)) != SLUICE_OK) goto fail;
    err = SLUICE_ERR_BACKEND;
    o->work = clCreateBuffer(o->ctx, CL_MEM_READ_ONLY, (size_t)o->batch * SL_SIG_ITEM_BYTES, NULL, &e);
    if (e != CL_SUCCESS) { sl_why(err, why, why_cap, "clCreateBuffer(work items): %s (%d)", sl_cl_errname(e), e); goto fail; }
    o->status = clCreateBuffer(o->ctx, CL_MEM_WRITE_ONLY, o->batch, NULL, &e);
    if (e != CL_SUCCESS) { sl_why(err, why, why_cap, "clCreateBuffer(verdicts): %s (%d)", sl_cl_errname(e), e); goto fail; }
    const double t0 = now_s();
    if ((err = build_tables(o, why, why_cap)) != SLUICE_OK) goto fail;
    caps->setup_s = now_s() - t0;
    caps->batch = o->batch;
    caps->is_cpu = cpu;
    *impl = o;
    return SLUICE_OK;
fail:
    ocl_destroy(o);
    return err;
}

static sluice_err ocl_run(void *impl, sluice_sig_scheme scheme, const uint8_t *work, uint32_t n, uint8_t *status,
                          char *why, size_t why_cap)
{
    sl_ocl_sig *o = impl;
    CL_TRY(clEnqueueWriteBuffer(o->q, o->work, CL_FALSE, 0, (size_t)n * SL_SIG_ITEM_BYTES, work, 0, NULL, NULL),
           "write work items");
    cl_kernel k = o->verify_k[scheme];
    cl_uint cn = n;
    ARG(k, 0, o->table[scheme]);
    ARG(k, 1, o->work);
    ARG(k, 2, cn);
    ARG(k, 3, o->status);
    sluice_err err = sl_cl_launch_1d(o->q, k, n, SL_SIG_WG, verify_names[scheme], why, why_cap);
    if (err != SLUICE_OK) return err;
    /* The blocking read also waits for the write and the kernel (in-order queue). */
    CL_TRY(clEnqueueReadBuffer(o->q, o->status, CL_TRUE, 0, n, status, 0, NULL, NULL), "read verdicts");
    return SLUICE_OK;
}

static sluice_err ocl_read_table(void *impl, unsigned curve, uint32_t first, uint32_t count, uint64_t *out,
                                 char *why, size_t why_cap)
{
    sl_ocl_sig *o = impl;
    const size_t w = table_words(curve) * 8;
    CL_TRY(clEnqueueReadBuffer(o->q, o->table[curve], CL_TRUE, first * w, count * w, out, 0, NULL, NULL),
           "read comb table");
    return SLUICE_OK;
}

const sl_sig_backend sl_opencl_sig_backend = {ocl_create, ocl_destroy, ocl_run, ocl_read_table};

#else

static sluice_err ocl_off_create(void **impl, const sluice_accel_device *d, sl_sig_caps *caps, char *why,
                                 size_t why_cap)
{
    (void)impl; (void)d; (void)caps;
    return sl_why(SLUICE_ERR_UNSUPPORTED, why, why_cap, "OpenCL backend not compiled in (no OpenCL loader at build time)");
}
static void ocl_off_destroy(void *impl) { (void)impl; }
static sluice_err ocl_off_run(void *impl, sluice_sig_scheme s, const uint8_t *work, uint32_t n, uint8_t *status,
                              char *why, size_t why_cap)
{
    (void)impl; (void)s; (void)work; (void)n; (void)status;
    return sl_why(SLUICE_ERR_UNSUPPORTED, why, why_cap, "OpenCL backend not compiled in");
}
static sluice_err ocl_off_read_table(void *impl, unsigned curve, uint32_t first, uint32_t count, uint64_t *out,
                                     char *why, size_t why_cap)
{
    (void)impl; (void)curve; (void)first; (void)count; (void)out;
    return sl_why(SLUICE_ERR_UNSUPPORTED, why, why_cap, "OpenCL backend not compiled in");
}
const sl_sig_backend sl_opencl_sig_backend = {ocl_off_create, ocl_off_destroy, ocl_off_run, ocl_off_read_table};
#endif
