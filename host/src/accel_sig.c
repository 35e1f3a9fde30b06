/* Signature verification on accelerators, the context (sluice_sig_accel_new,
 * free and the accessors in sluice/accel.h; layering in sig_accel_internal.h):
 * the backend for the device's API, its device tables, and runs of prepared
 * work items split into launches. */
#include <stdlib.h>
#include <string.h>
#include "sig_accel_internal.h"
#include "sl_sig_params.h"

/* The kernels write these verdicts (sl_sig_params.h). */
_Static_assert(SL_SIG_ST_VALID == SLUICE_SIG_VALID, "kernel verdict VALID");
_Static_assert(SL_SIG_ST_INFINITY == SLUICE_SIG_INFINITY, "kernel verdict INFINITY");
_Static_assert(SL_SIG_ST_MISMATCH == SLUICE_SIG_MISMATCH, "kernel verdict MISMATCH");
_Static_assert(SL_SIG_ITEM_BYTES == SLUICE_SIG_DEVICE_ITEM, "work item size");
_Static_assert(SL_SIG_CURVE_SM2 == SLUICE_SIG_SM2 && SL_SIG_CURVE_K1 == SLUICE_SIG_BIP340 &&
                   SL_SIG_CURVE_ED == SLUICE_SIG_ED25519,
               "curve ids are the scheme values");

sluice_err sluice_sig_accel_new(sluice_sig_accel **out, const sluice_accel_device *dev, char *why, size_t why_cap)
{
    if (why && why_cap) why[0] = '\0';
    if (!out) return sl_why(SLUICE_ERR_ARG, why, why_cap, "out is NULL");
    *out = NULL;
    if (!dev) return sl_why(SLUICE_ERR_ARG, why, why_cap, "NULL device");
    const sl_sig_backend *be;
    switch (dev->api) {
    case SLUICE_ACCEL_OPENCL: be = &sl_opencl_sig_backend; break;
    case SLUICE_ACCEL_CUDA: be = &sl_cuda_sig_backend; break;
    default: return sl_why(SLUICE_ERR_ARG, why, why_cap, "unknown accelerator API %d", (int)dev->api);
    }
    sluice_sig_accel *ctx = calloc(1, sizeof *ctx);
    if (!ctx) return sl_why(SLUICE_ERR_NOMEM, why, why_cap, "out of memory");
    ctx->backend = be;
    ctx->dev = *dev;
    sluice_err err = be->create(&ctx->impl, dev, &ctx->caps, why, why_cap);
    if (err != SLUICE_OK) {
        free(ctx);
        return err;
    }
    const size_t b = ctx->caps.batch;
    ctx->work = malloc(b * SLUICE_SIG_DEVICE_ITEM);
    ctx->need = malloc(b);
    ctx->dstat = malloc(b);
    ctx->index = malloc(b * sizeof *ctx->index);
    if (!ctx->work || !ctx->need || !ctx->dstat || !ctx->index) {
        sluice_sig_accel_free(ctx);
        return sl_why(SLUICE_ERR_NOMEM, why, why_cap, "out of memory");
    }
    *out = ctx;
    return SLUICE_OK;
}

void sluice_sig_accel_free(sluice_sig_accel *ctx)
{
    if (!ctx) return;
    ctx->backend->destroy(ctx->impl);
    if (ctx->cache && ctx->cache_free) ctx->cache_free(ctx->cache);
    free(ctx->work);
    free(ctx->need);
    free(ctx->dstat);
    free(ctx->index);
    free(ctx);
}

const char *sluice_sig_accel_why(const sluice_sig_accel *ctx) { return ctx ? ctx->why : "no context"; }

const sluice_accel_device *sluice_sig_accel_device(const sluice_sig_accel *ctx) { return ctx ? &ctx->dev : NULL; }

uint32_t sl_sig_accel_batch(const sluice_sig_accel *ctx) { return ctx ? ctx->caps.batch : 0; }

double sl_sig_accel_setup_seconds(const sluice_sig_accel *ctx) { return ctx ? ctx->caps.setup_s : 0; }

size_t sluice_sig_accel_kernel_image(sluice_accel_api api, const void **data)
{
    const void *p = NULL;
    size_t n = 0;
#ifdef SLUICE_HAVE_OPENCL
    if (api == SLUICE_ACCEL_OPENCL) { p = sluice_opencl_sig_src; n = sluice_opencl_sig_src_size; }
#endif
#ifdef SLUICE_HAVE_CUDA
    if (api == SLUICE_ACCEL_CUDA) { p = sluice_cuda_sig_fatbin; n = sluice_cuda_sig_fatbin_size; }
#endif
    (void)api;
    if (data) *data = p;
    return n;
}

sluice_err sl_sig_accel_run_work(sluice_sig_accel *ctx, sluice_sig_scheme scheme, const uint8_t *work, size_t n,
                                 uint8_t *status)
{
    if (!ctx) return SLUICE_ERR_ARG;
    ctx->why[0] = '\0';
    if ((unsigned)scheme >= SLUICE_SIG_NSCHEMES)
        return sl_why(SLUICE_ERR_ARG, ctx->why, sizeof ctx->why, "unknown signature scheme %d", (int)scheme);
    if (n && (!work || !status)) return sl_why(SLUICE_ERR_ARG, ctx->why, sizeof ctx->why, "NULL buffer");
    for (size_t done = 0; done < n;) {
        const uint32_t m = n - done < ctx->caps.batch ? (uint32_t)(n - done) : ctx->caps.batch;
        sluice_err err = ctx->backend->run(ctx->impl, scheme, work + done * SLUICE_SIG_DEVICE_ITEM, m,
                                           status + done, ctx->why, sizeof ctx->why);
        if (err != SLUICE_OK) return err;
        done += m;
    }
    return SLUICE_OK;
}

sluice_err sl_sig_accel_read_table(sluice_sig_accel *ctx, unsigned curve, uint32_t first, uint32_t count,
                                   uint64_t *out)
{
    if (!ctx) return SLUICE_ERR_ARG;
    ctx->why[0] = '\0';
    if (curve >= SL_SIG_NCURVES || first > SL_SIG_COMB_ENTRIES || count > SL_SIG_COMB_ENTRIES - first ||
        (count && !out))
        return sl_why(SLUICE_ERR_ARG, ctx->why, sizeof ctx->why, "bad table read (curve %u, %u + %u)", curve, first,
                      count);
    if (count == 0) return SLUICE_OK;
    return ctx->backend->read_table(ctx->impl, curve, first, count, out, ctx->why, sizeof ctx->why);
}
