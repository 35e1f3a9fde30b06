/* Ethash on accelerators, the front end (sluice_ethash_accel_* in
 * sluice/accel.h): argument checks, dispatch to the OpenCL or CUDA backend,
 * hash requests split into device batches, and the exact check of search
 * candidates - the device compares only the top 64 bits of final, so every
 * candidate is re-hashed on the device (full hash) and compared with the whole
 * 256-bit boundary here; a launch with more candidates than result slots is
 * re-hashed whole. */
#include <stdlib.h>
#include <string.h>
#include "accel_internal.h"
#include "sl_ethash_params.h"
#include "sluice/ethash.h"

struct sluice_ethash_accel {
    const sl_ethash_backend *backend;
    void *impl;
    sl_ethash_caps caps;
    uint64_t items;
    int light_only;
    sluice_accel_device dev;
    uint8_t *out;          /* caps.hash_batch * 64: one hash call's results */
    uint64_t *nonces;      /* caps.hash_batch: nonces to re-check */
    char why[SL_WHY_CAP];
};

sluice_err sluice_ethash_accel_new(sluice_ethash_accel **out, const sluice_accel_device *dev,
                                   const struct sluice_ethash_epoch *epoch,
                                   const sluice_ethash_accel_opts *opts, char *why, size_t why_cap)
{
    if (why && why_cap) why[0] = '\0';
    if (!out) return sl_why(SLUICE_ERR_ARG, why, why_cap, "out is NULL");
    *out = NULL;
    if (!dev || !epoch) return sl_why(SLUICE_ERR_ARG, why, why_cap, "NULL device or epoch");
    const sl_ethash_backend *be;
    switch (dev->api) {
    case SLUICE_ACCEL_OPENCL: be = &sl_opencl_ethash_backend; break;
    case SLUICE_ACCEL_CUDA: be = &sl_cuda_ethash_backend; break;
    default: return sl_why(SLUICE_ERR_ARG, why, why_cap, "unknown accelerator API %d", (int)dev->api);
    }
    sl_ethash_setup setup;
    memset(&setup, 0, sizeof setup);
    setup.cache = sluice_ethash_epoch_cache(epoch);
    setup.cache_items = sluice_ethash_epoch_cache_items(epoch);
    setup.items = opts && opts->items ? opts->items : sluice_ethash_epoch_dataset_items(epoch);
    setup.light_only = opts ? opts->light_only != 0 : 0;
    setup.progress = opts ? opts->progress : NULL;
    setup.progress_user = opts ? opts->progress_user : NULL;
    if (!setup.cache || setup.cache_items == 0 || setup.cache_items >= (1ull << 32))
        return sl_why(SLUICE_ERR_ARG, why, why_cap, "the epoch has no usable light cache");
    /* Node indices (2 * items) are 32-bit on the device, as in the spec. */
    if (setup.items == 0 || setup.items > (1ull << 31))
        return sl_why(SLUICE_ERR_ARG, why, why_cap, "dataset of %llu items: must be 1 .. 2^31",
                      (unsigned long long)setup.items);
    sluice_ethash_accel *ctx = calloc(1, sizeof *ctx);
    if (!ctx) return sl_why(SLUICE_ERR_NOMEM, why, why_cap, "out of memory");
    ctx->backend = be;
    ctx->dev = *dev;
    ctx->items = setup.items;
    ctx->light_only = setup.light_only;
    sluice_err err = be->create(&ctx->impl, dev, &setup, &ctx->caps, why, why_cap);
    if (err != SLUICE_OK) {
        free(ctx);
        return err;
    }
    ctx->out = malloc((size_t)ctx->caps.hash_batch * 64);
    ctx->nonces = malloc((size_t)ctx->caps.hash_batch * sizeof *ctx->nonces);
    if (!ctx->out || !ctx->nonces) {
        sluice_ethash_accel_free(ctx);
        return sl_why(SLUICE_ERR_NOMEM, why, why_cap, "out of memory");
    }
    *out = ctx;
    return SLUICE_OK;
}

void sluice_ethash_accel_free(sluice_ethash_accel *ctx)
{
    if (!ctx) return;
    ctx->backend->destroy(ctx->impl);
    free(ctx->out);
    free(ctx->nonces);
    free(ctx);
}

uint32_t sluice_ethash_accel_batch(const sluice_ethash_accel *ctx) { return ctx ? ctx->caps.batch : 0; }
uint64_t sluice_ethash_accel_dag_items(const sluice_ethash_accel *ctx)
{
    return ctx && !ctx->light_only ? ctx->items : 0;
}
double sluice_ethash_accel_dag_seconds(const sluice_ethash_accel *ctx) { return ctx ? ctx->caps.dag_seconds : 0; }
const char *sluice_ethash_accel_why(const sluice_ethash_accel *ctx) { return ctx ? ctx->why : "no context"; }
const sluice_accel_device *sluice_ethash_accel_device(const sluice_ethash_accel *ctx)
{
    return ctx ? &ctx->dev : NULL;
}

sluice_err sluice_ethash_accel_set_cooperative(sluice_ethash_accel *ctx, int on)
{
    if (!ctx) return SLUICE_ERR_ARG;
    ctx->why[0] = '\0';
    return ctx->backend->set_cooperative(ctx->impl, on, &ctx->caps, ctx->why, sizeof ctx->why);
}

int sluice_ethash_accel_cooperative(const sluice_ethash_accel *ctx) { return ctx ? ctx->caps.cooperative : 0; }

size_t sluice_ethash_accel_kernel_image(sluice_accel_api api, const void **data)
{
    const void *p = NULL;
    size_t n = 0;
#ifdef SLUICE_HAVE_OPENCL
    if (api == SLUICE_ACCEL_OPENCL) { p = sluice_opencl_ethash_src; n = sluice_opencl_ethash_src_size; }
#endif
#ifdef SLUICE_HAVE_CUDA
    if (api == SLUICE_ACCEL_CUDA) { p = sluice_cuda_ethash_fatbin; n = sluice_cuda_ethash_fatbin_size; }
#endif
    if (data) *data = p;
    return n;
}

/* Hashes n nonces in batches; mix/final may be NULL (not wanted). */
static sluice_err hash_many(sluice_ethash_accel *ctx, int light, const uint8_t header_hash[32], const uint64_t *nonces,
                            size_t n, uint8_t *mix, uint8_t *final)
{
    for (size_t done = 0; done < n;) {
        const uint32_t m = n - done < ctx->caps.hash_batch ? (uint32_t)(n - done) : ctx->caps.hash_batch;
        sluice_err err = ctx->backend->hash(ctx->impl, light, header_hash, nonces + done, m, ctx->out, ctx->why,
                                            sizeof ctx->why);
        if (err != SLUICE_OK) return err;
        for (uint32_t i = 0; i < m; i++) {
            if (mix) memcpy(mix + 32 * (done + i), ctx->out + 64 * i, 32);
            if (final) memcpy(final + 32 * (done + i), ctx->out + 64 * i + 32, 32);
        }
        done += m;
    }
    return SLUICE_OK;
}

static sluice_err hash_checked(sluice_ethash_accel *ctx, int light, const uint8_t header_hash[32],
                               const uint64_t *nonces, size_t n, uint8_t *mix, uint8_t *final)
{
    if (!ctx) return SLUICE_ERR_ARG;
    ctx->why[0] = '\0';
    if (n && (!header_hash || !nonces || !mix || !final))
        return sl_why(SLUICE_ERR_ARG, ctx->why, sizeof ctx->why, "NULL argument");
    if (!light && ctx->light_only)
        return sl_why(SLUICE_ERR_UNSUPPORTED, ctx->why, sizeof ctx->why, "the context is light-only: it has no DAG");
    return hash_many(ctx, light, header_hash, nonces, n, mix, final);
}

sluice_err sluice_ethash_accel_hash(sluice_ethash_accel *ctx, const uint8_t header_hash[32], const uint64_t *nonces,
                                    size_t n, uint8_t *mix, uint8_t *final)
{
    return hash_checked(ctx, 0, header_hash, nonces, n, mix, final);
}

sluice_err sluice_ethash_accel_light_hash(sluice_ethash_accel *ctx, const uint8_t header_hash[32],
                                          const uint64_t *nonces, size_t n, uint8_t *mix, uint8_t *final)
{
    return hash_checked(ctx, 1, header_hash, nonces, n, mix, final);
}

sluice_err sluice_ethash_accel_dag_read(sluice_ethash_accel *ctx, uint64_t first, uint64_t n, uint8_t *out)
{
    if (!ctx) return SLUICE_ERR_ARG;
    ctx->why[0] = '\0';
    if (n && !out) return sl_why(SLUICE_ERR_ARG, ctx->why, sizeof ctx->why, "NULL buffer");
    if (ctx->light_only)
        return sl_why(SLUICE_ERR_UNSUPPORTED, ctx->why, sizeof ctx->why, "the context is light-only: it has no DAG");
    if (first > ctx->items || n > ctx->items - first)
        return sl_why(SLUICE_ERR_RANGE, ctx->why, sizeof ctx->why, "items %llu + %llu past the DAG's %llu",
                      (unsigned long long)first, (unsigned long long)n, (unsigned long long)ctx->items);
    if (n == 0) return SLUICE_OK;
    return ctx->backend->dag_read(ctx->impl, first, n, out, ctx->why, sizeof ctx->why);
}

/* What a search must re-check, in nonce order: single candidates (n == 1)
 * and whole launches whose hits overflowed the result slots. */
typedef struct {
    uint64_t first;
    uint32_t n;
} check_span;

typedef struct {
    check_span *spans;
    size_t len, cap;
    int nomem;
} span_list;

static void span_push(span_list *l, uint64_t first, uint32_t n)
{
    if (l->nomem) return;
    if (l->len == l->cap) {
        size_t cap = l->cap ? 2 * l->cap : 64;
        check_span *p = realloc(l->spans, cap * sizeof *p);
        if (!p) {
            l->nomem = 1;
            return;
        }
        l->spans = p;
        l->cap = cap;
    }
    l->spans[l->len].first = first;
    l->spans[l->len].n = n;
    l->len++;
}

static int cmp_u32(const void *a, const void *b)
{
    uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
    return x < y ? -1 : x > y;
}

/* sl_ethash_hits_fn: collects a launch's candidates (sorted) or the launch. */
static void collect_hits(void *user, uint64_t start, uint32_t n, uint32_t hits, const uint32_t *slots)
{
    span_list *l = user;
    if (hits == 0) return;
    if (hits > SL_ETHASH_SLOTS) {
        span_push(l, start, n);
        return;
    }
    uint32_t sorted[SL_ETHASH_SLOTS];
    memcpy(sorted, slots, hits * sizeof *slots);
    qsort(sorted, hits, sizeof *sorted, cmp_u32);
    for (uint32_t i = 0; i < hits; i++)
        if (sorted[i] < n && (i == 0 || sorted[i] != sorted[i - 1])) span_push(l, start + sorted[i], 1);
}

sluice_err sluice_ethash_accel_search(sluice_ethash_accel *ctx, const uint8_t header_hash[32], uint64_t start_nonce,
                                      uint32_t count, const uint8_t boundary[32], uint64_t *found, unsigned cap,
                                      unsigned *nfound)
{
    if (!ctx) return SLUICE_ERR_ARG;
    ctx->why[0] = '\0';
    if (!header_hash || !boundary || !nfound || (cap && !found))
        return sl_why(SLUICE_ERR_ARG, ctx->why, sizeof ctx->why, "NULL argument");
    *nfound = 0;
    if (ctx->light_only)
        return sl_why(SLUICE_ERR_UNSUPPORTED, ctx->why, sizeof ctx->why, "the context is light-only: it has no DAG");
    if (count == 0) return SLUICE_OK;
    /* final <= boundary implies top64(final) <= top64(boundary). */
    uint64_t target64 = 0;
    for (int i = 0; i < 8; i++) target64 = (target64 << 8) | boundary[i];
    span_list l = {NULL, 0, 0, 0};
    sluice_err err = ctx->backend->search(ctx->impl, header_hash, start_nonce, count, target64, collect_hits, &l,
                                          ctx->why, sizeof ctx->why);
    if (err == SLUICE_OK && l.nomem) err = sl_why(SLUICE_ERR_NOMEM, ctx->why, sizeof ctx->why, "out of memory");
    /* Exact check on the device's full hash, in nonce order, up to cap. */
    const uint32_t hb = ctx->caps.hash_batch;
    for (size_t i = 0; err == SLUICE_OK && i < l.len && *nfound < cap; i++) {
        for (uint32_t off = 0; err == SLUICE_OK && off < l.spans[i].n && *nfound < cap;) {
            uint32_t m = 0;
            /* one device call: this span's next nonces, or a run of single candidates */
            if (l.spans[i].n > 1) {
                for (; m < hb && off + m < l.spans[i].n; m++) ctx->nonces[m] = l.spans[i].first + off + m;
                off += m;
            } else {
                for (; m < hb && i < l.len && l.spans[i].n == 1; m++, i++) ctx->nonces[m] = l.spans[i].first;
                i--;
                off = 1;
            }
            err = ctx->backend->hash(ctx->impl, 0, header_hash, ctx->nonces, m, ctx->out, ctx->why, sizeof ctx->why);
            /* final (big-endian) <= boundary (big-endian) */
            for (uint32_t k = 0; err == SLUICE_OK && k < m && *nfound < cap; k++)
                if (memcmp(ctx->out + 64 * k + 32, boundary, 32) <= 0) found[(*nfound)++] = ctx->nonces[k];
        }
    }
    free(l.spans);
    return err;
}
