/* Accelerator front end: API names, device listing dispatch, and the
 * Tensority context that splits hash and search requests into device batches
 * (the backends in opencl_tensority.c and cuda_tensority.c run one batch). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "accel_internal.h"

struct sluice_tensority_accel {
    const sl_accel_backend *backend;
    void *impl;
    uint32_t batch;
    sluice_accel_device dev;
    char why[SL_WHY_CAP];
};


int sluice_accel_compiled(sluice_accel_api api)
{
    switch (api) {
#ifdef SLUICE_HAVE_OPENCL
    case SLUICE_ACCEL_OPENCL: return 1;
#endif
#ifdef SLUICE_HAVE_CUDA
    case SLUICE_ACCEL_CUDA: return 1;
#endif
    default: return 0;
    }
}

const char *sluice_accel_api_name(sluice_accel_api api)
{
    switch (api) {
    case SLUICE_ACCEL_OPENCL: return "opencl";
    case SLUICE_ACCEL_CUDA: return "cuda";
    default: return "unknown";
    }
}

size_t sluice_accel_kernel_image(sluice_accel_api api, const void **data)
{
    const void *p = NULL;
    size_t n = 0;
#ifdef SLUICE_HAVE_OPENCL
    if (api == SLUICE_ACCEL_OPENCL) { p = sluice_opencl_tensority_src; n = sluice_opencl_tensority_src_size; }
#endif
#ifdef SLUICE_HAVE_CUDA
    if (api == SLUICE_ACCEL_CUDA) { p = sluice_cuda_tensority_fatbin; n = sluice_cuda_tensority_fatbin_size; }
#endif
    if (data) *data = p;
    return n;
}

sluice_err sluice_accel_list(sluice_accel_api api, sluice_accel_device *out, unsigned cap,
                             unsigned *count, char *why, size_t why_cap)
{
    if (!count || (cap && !out)) return sl_why(SLUICE_ERR_ARG, why, why_cap, "count is NULL or out is NULL with cap > 0");
    *count = 0;
    if (why && why_cap) why[0] = '\0';
    switch (api) {
    case SLUICE_ACCEL_OPENCL: return sl_opencl_list(out, cap, count, why, why_cap);
    case SLUICE_ACCEL_CUDA: return sl_cuda_list(out, cap, count, why, why_cap);
    default: return sl_why(SLUICE_ERR_ARG, why, why_cap, "unknown accelerator API %d", (int)api);
    }
}

sluice_err sluice_tensority_accel_new(sluice_tensority_accel **out, const sluice_accel_device *dev,
                                      const int8_t *matrices, char *why, size_t why_cap)
{
    if (why && why_cap) why[0] = '\0';
    if (!out || !dev || !matrices) return sl_why(SLUICE_ERR_ARG, why, why_cap, "NULL argument");
    *out = NULL;
    const sl_accel_backend *be;
    switch (dev->api) {
    case SLUICE_ACCEL_OPENCL: be = &sl_opencl_backend; break;
    case SLUICE_ACCEL_CUDA: be = &sl_cuda_backend; break;
    default: return sl_why(SLUICE_ERR_ARG, why, why_cap, "unknown accelerator API %d", (int)dev->api);
    }
    sluice_tensority_accel *ctx = calloc(1, sizeof *ctx);
    if (!ctx) return sl_why(SLUICE_ERR_NOMEM, why, why_cap, "out of memory");
    ctx->backend = be;
    ctx->dev = *dev;
    sluice_err err = be->create(&ctx->impl, dev, matrices, &ctx->batch, why, why_cap);
    if (err != SLUICE_OK) {
        free(ctx);
        return err;
    }
    *out = ctx;
    return SLUICE_OK;
}

void sluice_tensority_accel_free(sluice_tensority_accel *ctx)
{
    if (!ctx) return;
    ctx->backend->destroy(ctx->impl);
    free(ctx);
}

uint32_t sluice_tensority_accel_batch(const sluice_tensority_accel *ctx)
{
    return ctx ? ctx->batch : 0;
}

const char *sluice_tensority_accel_why(const sluice_tensority_accel *ctx)
{
    return ctx ? ctx->why : "no context";
}

const sluice_accel_device *sluice_tensority_accel_device(const sluice_tensority_accel *ctx)
{
    return ctx ? &ctx->dev : NULL;
}

sluice_err sluice_tensority_accel_hash(sluice_tensority_accel *ctx, const uint8_t *header_hashes,
                                       size_t n, uint8_t *results)
{
    if (!ctx) return SLUICE_ERR_ARG;
    ctx->why[0] = '\0';
    if (n && (!header_hashes || !results)) return sl_why(SLUICE_ERR_ARG, ctx->why, sizeof ctx->why, "NULL buffer");
    for (size_t done = 0; done < n;) {
        sl_accel_batch_job job = {0};
        job.n = n - done < ctx->batch ? n - done : ctx->batch;
        job.header_hashes = header_hashes + 32 * done;
        job.results = results + 32 * done;
        sluice_err err = ctx->backend->run(ctx->impl, &job, ctx->why, sizeof ctx->why);
        if (err != SLUICE_OK) return err;
        done += job.n;
    }
    return SLUICE_OK;
}

sluice_err sluice_tensority_accel_search(sluice_tensority_accel *ctx, const uint8_t body[136],
                                         uint64_t start_nonce, uint32_t count,
                                         const sluice_bytom_target *target,
                                         uint64_t *found, unsigned cap, unsigned *nfound)
{
    if (!ctx) return SLUICE_ERR_ARG;
    ctx->why[0] = '\0';
    if (!body || !target || !nfound || (cap && !found))
        return sl_why(SLUICE_ERR_ARG, ctx->why, sizeof ctx->why, "NULL argument");
    *nfound = 0;
    /* Spec section 5: a negative target admits no (non-negative) result; an
     * overflowing one admits every result. */
    if (target->negative) return SLUICE_OK;
    uint8_t tle[32];
    if (target->overflow) memset(tle, 0xff, sizeof tle);
    else memcpy(tle, target->le, sizeof tle);
    for (uint32_t done = 0; done < count;) {
        sl_accel_batch_job job = {0};
        job.n = count - done < ctx->batch ? count - done : ctx->batch;
        job.body = body;
        job.start_nonce = start_nonce + done;
        job.target_le = tle;
        job.found = found ? found + *nfound : NULL;
        job.cap = cap - *nfound;
        sluice_err err = ctx->backend->run(ctx->impl, &job, ctx->why, sizeof ctx->why);
        if (err != SLUICE_OK) return err;
        *nfound += job.hits < job.cap ? job.hits : job.cap;
        done += (uint32_t)job.n;
    }
    return SLUICE_OK;
}
