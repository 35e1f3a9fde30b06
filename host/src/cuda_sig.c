/* Signature verification on CUDA through the driver API loaded at run time:
 * the embedded fatbin (kernels/cuda/sig.cu) is loaded into the device's
 * primary context, the comb tables of the three base points are built on the
 * device at creation (sl_sig_setup_walk, sl_sig_setup_affine through a scratch
 * buffer freed afterwards), and a run copies the work items in, launches one
 * kernel on the NULL stream, synchronises and copies the verdicts back. */
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "cuda_api.h"
#include "sig_accel_internal.h"

#ifdef SLUICE_HAVE_CUDA
#include "sl_sig_params.h"

static const char *const verify_names[SLUICE_SIG_NSCHEMES] = {"sl_sig_sm2", "sl_sig_bip340", "sl_sig_ed25519"};

typedef struct {
    sl_cuda_api api;
    CUdevice dev;
    CUcontext ctx;      /* the primary context, retained */
    CUmodule mod;
    CUfunction walk_k, affine_k, verify_k[SLUICE_SIG_NSCHEMES];
    CUdeviceptr table[SL_SIG_NCURVES], work, status;
    uint32_t batch;
} sl_cu_sig;

#define CU_TRY(call, what)                                                                     \
    do {                                                                                       \
        CUresult r_ = (call);                                                                  \
        if (r_ != SL_CUDA_SUCCESS) {                                                           \
            err = sl_why(r_ == SL_CUDA_ERROR_OUT_OF_MEMORY ? SLUICE_ERR_UNSUPPORTED : SLUICE_ERR_BACKEND, why, \
                         why_cap, "%s: %s (%d)", what, sl_cuda_errname(&c->api, r_), r_);     \
            goto out;                                                                          \
        }                                                                                      \
    } while (0)

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

static unsigned grid_of(uint64_t n, unsigned wg) { return (unsigned)((n + wg - 1) / wg); }

static void cu_destroy(void *impl)
{
    sl_cu_sig *c = impl;
    if (!c) return;
    if (c->ctx && c->api.cuCtxPushCurrent(c->ctx) == SL_CUDA_SUCCESS) {
        c->api.cuCtxSynchronize();
        CUdeviceptr ps[] = {c->table[0], c->table[1], c->table[2], c->work, c->status};
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

/* The comb tables of the three curves through one scratch buffer. The
 * context is current. */
static sluice_err build_tables(sl_cu_sig *c, char *why, size_t why_cap)
{
    sluice_err err = SLUICE_OK;
    CUdeviceptr scratch = 0;
    CU_TRY(c->api.cuMemAlloc(&scratch, (size_t)SL_SIG_COMB_ENTRIES * SL_SIG_SCRATCH_WORDS * 8),
           "cuMemAlloc(table scratch)");
    for (unsigned curve = 0; curve < SL_SIG_NCURVES; curve++) {
        CU_TRY(c->api.cuMemAlloc(&c->table[curve], (size_t)SL_SIG_COMB_ENTRIES * table_words(curve) * 8),
               "cuMemAlloc(comb table)");
        void *wa[] = {&curve, &scratch};
        CU_TRY(c->api.cuLaunchKernel(c->walk_k, grid_of(SL_SIG_COMB_WINDOWS, SL_SIG_SETUP_WG), 1, 1, SL_SIG_SETUP_WG,
                                     1, 1, 0, NULL, wa, NULL),
               "cuLaunchKernel(sl_sig_setup_walk)");
        void *aa[] = {&curve, &scratch, &c->table[curve]};
        CU_TRY(c->api.cuLaunchKernel(c->affine_k, grid_of(SL_SIG_COMB_ENTRIES, SL_SIG_SETUP_WG), 1, 1,
                                     SL_SIG_SETUP_WG, 1, 1, 0, NULL, aa, NULL),
               "cuLaunchKernel(sl_sig_setup_affine)");
        CU_TRY(c->api.cuCtxSynchronize(), "table setup (cuCtxSynchronize)");
    }
out:
    if (scratch) c->api.cuMemFree(scratch);
    return err;
}

static sluice_err cu_create(void **impl, const sluice_accel_device *d, sl_sig_caps *caps, char *why, size_t why_cap)
{
    sl_cu_sig *c = calloc(1, sizeof *c);
    if (!c) return sl_why(SLUICE_ERR_NOMEM, why, why_cap, "out of memory");
    sluice_err err = sl_cuda_load(&c->api, why, why_cap);
    if (err != SLUICE_OK) {
        free(c);
        return err;
    }
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
    if ((err = sl_cuda_load_module(&c->api, c->dev, sluice_cuda_sig_fatbin, "sig", &c->mod, why, why_cap)) != SLUICE_OK) goto out;
    struct { CUfunction *f; const char *name; } fs[] = {
        {&c->walk_k, "sl_sig_setup_walk"}, {&c->affine_k, "sl_sig_setup_affine"},
        {&c->verify_k[0], verify_names[0]}, {&c->verify_k[1], verify_names[1]}, {&c->verify_k[2], verify_names[2]}};
    for (size_t i = 0; i < sizeof fs / sizeof fs[0]; i++)
        CU_TRY(c->api.cuModuleGetFunction(fs[i].f, c->mod, fs[i].name), fs[i].name);
    c->api.cuDeviceGetAttribute(&sms, SL_CU_ATTR_MULTIPROCESSOR_COUNT, c->dev);
    /* Each thread is one whole verification (~10^4 field multiplications):
     * a few thousand per SM fill it, a launch stays well under a second. */
    c->batch = (uint32_t)(sms > 0 ? sms : 1) * 2048u;
    if (c->batch > (1u << 20)) c->batch = 1u << 20;
    CU_TRY(c->api.cuMemAlloc(&c->work, (size_t)c->batch * SL_SIG_ITEM_BYTES), "cuMemAlloc(work items)");
    CU_TRY(c->api.cuMemAlloc(&c->status, c->batch), "cuMemAlloc(verdicts)");
    const double t0 = now_s();
    if ((err = build_tables(c, why, why_cap)) != SLUICE_OK) goto out;
    caps->setup_s = now_s() - t0;
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
    caps->is_cpu = 0;
    *impl = c;
    return SLUICE_OK;
}

static sluice_err cu_run(void *impl, sluice_sig_scheme scheme, const uint8_t *work, uint32_t n, uint8_t *status,
                         char *why, size_t why_cap)
{
    sl_cu_sig *c = impl;
    sluice_err err = sl_cuda_push(&c->api, c->ctx, why, why_cap);
    if (err != SLUICE_OK) return err;
    CU_TRY(c->api.cuMemcpyHtoD(c->work, work, (size_t)n * SL_SIG_ITEM_BYTES), "cuMemcpyHtoD(work items)");
    void *a[] = {&c->table[scheme], &c->work, &n, &c->status};
    CU_TRY(c->api.cuLaunchKernel(c->verify_k[scheme], grid_of(n, SL_SIG_WG), 1, 1, SL_SIG_WG, 1, 1, 0, NULL, a,
                                 NULL),
           verify_names[scheme]);
    CU_TRY(c->api.cuCtxSynchronize(), "signature kernels (cuCtxSynchronize)");
    CU_TRY(c->api.cuMemcpyDtoH(status, c->status, n), "cuMemcpyDtoH(verdicts)");
out:
    sl_cuda_pop(&c->api);
    return err;
}

static sluice_err cu_read_table(void *impl, unsigned curve, uint32_t first, uint32_t count, uint64_t *outp,
                                char *why, size_t why_cap)
{
    sl_cu_sig *c = impl;
    sluice_err err = sl_cuda_push(&c->api, c->ctx, why, why_cap);
    if (err != SLUICE_OK) return err;
    const size_t w = table_words(curve) * 8;
    CU_TRY(c->api.cuMemcpyDtoH(outp, c->table[curve] + first * w, count * w), "cuMemcpyDtoH(comb table)");
out:
    sl_cuda_pop(&c->api);
    return err;
}

const sl_sig_backend sl_cuda_sig_backend = {cu_create, cu_destroy, cu_run, cu_read_table};

#else

static sluice_err cu_off_create(void **impl, const sluice_accel_device *d, sl_sig_caps *caps, char *why,
                                size_t why_cap)
{
    (void)impl; (void)d; (void)caps;
    return sl_why(SLUICE_ERR_UNSUPPORTED, why, why_cap, "CUDA backend not compiled in (nvcc not found at build time)");
}
static void cu_off_destroy(void *impl) { (void)impl; }
static sluice_err cu_off_run(void *impl, sluice_sig_scheme s, const uint8_t *work, uint32_t n, uint8_t *status,
                             char *why, size_t why_cap)
{
    (void)impl; (void)s; (void)work; (void)n; (void)status;
    return sl_why(SLUICE_ERR_UNSUPPORTED, why, why_cap, "CUDA backend not compiled in");
}
static sluice_err cu_off_read_table(void *impl, unsigned curve, uint32_t first, uint32_t count, uint64_t *out,
                                    char *why, size_t why_cap)
{
    (void)impl; (void)curve; (void)first; (void)count; (void)out;
    return sl_why(SLUICE_ERR_UNSUPPORTED, why, why_cap, "CUDA backend not compiled in");
}
const sl_sig_backend sl_cuda_sig_backend = {cu_off_create, cu_off_destroy, cu_off_run, cu_off_read_table};
#endif
