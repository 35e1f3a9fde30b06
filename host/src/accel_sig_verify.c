/* Signature verification on accelerators, the verdicts (sluice_sig_accel_verify
 * and the offload hook in sluice/accel.h): the host does everything but the
 * point arithmetic (sluice_sig_device_prepare, with the context's key cache),
 * the items that need the device are compacted and run there, and the device
 * verdicts are merged with the host's final ones. */
#include <stdlib.h>
#include <string.h>
#include "sig_accel_internal.h"

/* Key cache of a context: keys signing many items are decoded once. */
#define SIG_ACCEL_CACHE_KEYS 4096

/* Offload defaults. A GPU verifies 10^5..10^6 items/s against some 10^4 per
 * CPU core, so it takes most of a large group; a CPU OpenCL device (PoCL)
 * shares the cores the batch's own threads use, so it gets a small part. */
#define SIG_OFFLOAD_MIN_GPU 512
#define SIG_OFFLOAD_SHARE_GPU 0.9
#define SIG_OFFLOAD_MIN_CPU 256
#define SIG_OFFLOAD_SHARE_CPU 0.25

sluice_err sluice_sig_accel_verify(sluice_sig_accel *ctx, sluice_sig_scheme scheme, const sluice_sig_item *items,
                                   size_t n, uint8_t *status)
{
    if (!ctx) return SLUICE_ERR_ARG;
    ctx->why[0] = '\0';
    if ((unsigned)scheme >= SLUICE_SIG_NSCHEMES)
        return sl_why(SLUICE_ERR_ARG, ctx->why, sizeof ctx->why, "unknown signature scheme %d", (int)scheme);
    if (n && (!items || !status)) return sl_why(SLUICE_ERR_ARG, ctx->why, sizeof ctx->why, "NULL argument");
    for (size_t i = 0; i < n; i++)
        if (items[i].scheme != scheme)
            return sl_why(SLUICE_ERR_ARG, ctx->why, sizeof ctx->why, "item %zu is %s, not %s", i,
                          sluice_sig_scheme_name(items[i].scheme), sluice_sig_scheme_name(scheme));
    if (!ctx->cache) {
        ctx->cache = sluice_sig_keycache_new(SIG_ACCEL_CACHE_KEYS);
        if (!ctx->cache) return sl_why(SLUICE_ERR_NOMEM, ctx->why, sizeof ctx->why, "out of memory (key cache)");
        ctx->cache_free = sluice_sig_keycache_free;
    }
    const size_t b = ctx->caps.batch;
    for (size_t done = 0; done < n;) {
        const size_t m = n - done < b ? n - done : b;
        sluice_err err = sluice_sig_device_prepare(ctx->cache, items + done, m, ctx->work, ctx->need, status + done);
        if (err != SLUICE_OK)
            return sl_why(err, ctx->why, sizeof ctx->why, "sluice_sig_device_prepare: %s", sluice_strerror(err));
        /* Compact the items the device must finish (k <= i: in place). */
        uint32_t k = 0;
        for (size_t i = 0; i < m; i++) {
            if (!ctx->need[i]) continue;
            if (k != i)
                memmove(ctx->work + (size_t)k * SLUICE_SIG_DEVICE_ITEM, ctx->work + i * SLUICE_SIG_DEVICE_ITEM,
                        SLUICE_SIG_DEVICE_ITEM);
            ctx->index[k++] = (uint32_t)i;
        }
        if (k) {
            err = ctx->backend->run(ctx->impl, scheme, ctx->work, k, ctx->dstat, ctx->why, sizeof ctx->why);
            if (err != SLUICE_OK) return err;
            for (uint32_t j = 0; j < k; j++) status[done + ctx->index[j]] = ctx->dstat[j];
        }
        done += m;
    }
    return SLUICE_OK;
}

static sluice_err offload_verify(void *c, sluice_sig_scheme scheme, const sluice_sig_item *items, size_t n,
                                 uint8_t *status)
{
    return sluice_sig_accel_verify(c, scheme, items, n, status);
}

const sluice_sig_offload *sluice_sig_accel_offload(sluice_sig_accel *ctx)
{
    if (!ctx) return NULL;
    ctx->hook.ctx = ctx;
    ctx->hook.verify = offload_verify;
    ctx->hook.min_items = ctx->caps.is_cpu ? SIG_OFFLOAD_MIN_CPU : SIG_OFFLOAD_MIN_GPU;
    ctx->hook.share = ctx->caps.is_cpu ? SIG_OFFLOAD_SHARE_CPU : SIG_OFFLOAD_SHARE_GPU;
    return &ctx->hook;
}
