/* The batch front end: items of any scheme in, one verdict per item out.
 * Items are grouped by scheme; each group is cut into chunks that OpenMP
 * threads take dynamically, each thread with its own key cache. A chunk goes
 * to the scheme's batch: BIP340's random linear combination (which finds
 * every bad item itself), Ed25519's and SM2's single checks four at a time
 * in the IFMA lanes. On several threads a BIP340 group is not cut into
 * chunks: one combination runs with every stage split among the threads
 * (sl_bip340_verify_batch_threads).
 * With an offload hook, a share of a large group runs on the accelerator in a
 * second thread while the CPU threads verify the rest; if the device fails,
 * the CPU verifies its share afterwards. */
#include <omp.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "sig/bip340_sig.h"
#include "sig/sig_internal.h"

struct sluice_sig_batch {
    sluice_sig_item *items;
    size_t n, cap;
    int threads;
    int singles_only;
    size_t max_keys;
    const sluice_sig_offload *offload;
    sluice_sig_keycache **caches; /* one per CPU thread, created on first use */
};

/* Chunk sizes: the combination (BIP340) amortises better over large groups,
 * but each thread needs work; SM2 and Ed25519 items are checked one by one
 * (in groups of four and eight lanes), so small chunks balance best: with
 * one chunk per thread, a thread slowed by the machine leaves the other
 * idle at the end (Ed25519, 8,192 items on 2 threads: 1.69-1.81x one thread
 * with two chunks of 4,096). */
#define SM2_CHUNK 32
#define ED25519_CHUNK 128
#define RLC_CHUNK_MAX 4096
#define RLC_THREADS_MIN 512 /* smaller BIP340 groups: one chunk per thread */

sluice_err sluice_sig_batch_new(sluice_sig_batch **out, const sluice_sig_batch_opts *opts)
{
    if (!out)
        return SLUICE_ERR_ARG;
    *out = NULL;
    sluice_sig_batch *b = calloc(1, sizeof *b);
    if (!b)
        return SLUICE_ERR_NOMEM;
    b->threads = opts && opts->threads > 0 ? opts->threads : omp_get_max_threads();
    if (b->threads < 1)
        b->threads = 1;
    b->max_keys = opts && opts->max_keys ? opts->max_keys : 1024;
    b->singles_only = opts ? opts->singles_only : 0;
    b->offload = opts ? opts->offload : NULL;
    b->caches = calloc((size_t)b->threads, sizeof *b->caches);
    if (!b->caches) {
        free(b);
        return SLUICE_ERR_NOMEM;
    }
    *out = b;
    return SLUICE_OK;
}

void sluice_sig_batch_free(sluice_sig_batch *b)
{
    if (!b)
        return;
    for (int i = 0; i < b->threads; i++)
        sluice_sig_keycache_free(b->caches[i]);
    free(b->caches);
    free(b->items);
    free(b);
}

sluice_err sluice_sig_batch_add(sluice_sig_batch *b, const sluice_sig_item *item)
{
    if (!b || !item || (unsigned)item->scheme >= SLUICE_SIG_NSCHEMES)
        return SLUICE_ERR_ARG;
    if (b->n == b->cap) {
        size_t cap = b->cap ? 2 * b->cap : 256;
        sluice_sig_item *p = realloc(b->items, cap * sizeof *p);
        if (!p)
            return SLUICE_ERR_NOMEM;
        b->items = p;
        b->cap = cap;
    }
    b->items[b->n++] = *item;
    return SLUICE_OK;
}

size_t sluice_sig_batch_count(const sluice_sig_batch *b)
{
    return b ? b->n : 0;
}

void sluice_sig_batch_clear(sluice_sig_batch *b)
{
    if (b)
        b->n = 0;
}

/* Verifies one chunk of one scheme on the calling thread with its cache:
 * the chunk's keys are looked up, and the new ones prepared, in one call
 * (sl_keycache_get_n: a scheme may decode several keys at once), then the
 * scheme's batch runs (SM2's checks the items in its four IFMA lanes where
 * the CPU has them). Without memory for the group, every item is checked
 * singly. */
static void verify_chunk(sluice_sig_keycache *cache, int singles_only, sluice_sig_scheme s,
                         const sluice_sig_item *items, size_t n, uint8_t *status)
{
    const void **keys = cache ? malloc(n * sizeof *keys) : NULL;
    sluice_sig_status *kst = keys ? malloc(n * sizeof *kst) : NULL;
    if (!kst) { /* no memory for the group: single checks without a cache */
        free(keys);
        for (size_t i = 0; i < n; i++)
            status[i] = (uint8_t)sluice_sig_verify(&items[i], NULL);
        return;
    }
    sl_keycache_get_n(cache, items, n, keys, kst, sl_sig_upgrade_at(s, !singles_only));
    for (size_t i = 0; i < n; i++)
        if (!keys[i])
            status[i] = kst[i] == (sluice_sig_status)SL_SIG_NOMEM
                            ? (uint8_t)sluice_sig_verify(&items[i], NULL)
                            : (uint8_t)kst[i];
    if (singles_only) {
        for (size_t i = 0; i < n; i++)
            if (keys[i])
                status[i] = (uint8_t)sl_sig_verify_key(keys[i], &items[i]);
    } else {
        sl_sig_verify_batch(s, (const void *const *)keys, items, n, status);
    }
    sl_keycache_end(cache);
    free(kst);
    free(keys);
}

/* All CPU threads over items [0, n) of scheme s. */
static void verify_cpu(sluice_sig_batch *b, sluice_sig_scheme s, const sluice_sig_item *items,
                       size_t n, uint8_t *status)
{
    if (!n)
        return;
    if (s == SLUICE_SIG_BIP340 && !b->singles_only && b->threads > 1 &&
        n >= RLC_THREADS_MIN) {
        sl_bip340_verify_batch_threads(b->caches, b->max_keys, b->threads, items, n, status, 0);
        return;
    }
    size_t chunk;
    if (b->singles_only || s == SLUICE_SIG_SM2) {
        chunk = SM2_CHUNK;
    } else if (s == SLUICE_SIG_ED25519) {
        chunk = ED25519_CHUNK;
    } else {
        /* at most RLC_CHUNK_MAX items a chunk, and a multiple of the thread
         * count of equal chunks, so no thread is left with one extra chunk at
         * the end (35,000 items on 2 threads: 10 x 3,500, not 9 x 4,096) */
        size_t t = (size_t)b->threads;
        size_t k = (n + RLC_CHUNK_MAX - 1) / RLC_CHUNK_MAX;
        k = (k + t - 1) / t * t;
        chunk = (n + k - 1) / k;
    }
    size_t nchunks = (n + chunk - 1) / chunk;
    int threads = (size_t)b->threads < nchunks ? b->threads : (int)nchunks;
#pragma omp parallel for num_threads(threads) schedule(dynamic, 1)
    for (size_t c = 0; c < nchunks; c++) {
        int tid = omp_get_thread_num();
        if (!b->caches[tid])
            b->caches[tid] = sluice_sig_keycache_new(b->max_keys);
        size_t lo = c * chunk, len = n - lo < chunk ? n - lo : chunk;
        verify_chunk(b->caches[tid], b->singles_only, s, items + lo, len, status + lo);
    }
}

typedef struct {
    const sluice_sig_offload *off;
    sluice_sig_scheme scheme;
    const sluice_sig_item *items;
    size_t n;
    uint8_t *status;
    sluice_err err;
} device_job;

static void *device_thread(void *arg)
{
    device_job *j = arg;
    j->err = j->off->verify(j->off->ctx, j->scheme, j->items, j->n, j->status);
    return NULL;
}

/* One scheme's group: a share to the device (in its own thread), the rest to
 * the CPU threads at the same time. */
static void verify_group(sluice_sig_batch *b, sluice_sig_scheme s, const sluice_sig_item *items,
                         size_t n, uint8_t *status)
{
    const sluice_sig_offload *off = b->offload;
    size_t nd = 0;
    if (off && off->verify && n >= off->min_items && off->share > 0) {
        double share = off->share > 1 ? 1 : off->share;
        nd = (size_t)((double)n * share);
        if (nd > n)
            nd = n;
    }
    if (!nd) {
        verify_cpu(b, s, items, n, status);
        return;
    }
    device_job job = {off, s, items, nd, status, SLUICE_ERR_BACKEND};
    pthread_t th;
    int threaded = pthread_create(&th, NULL, device_thread, &job) == 0;
    if (!threaded)
        device_thread(&job);
    verify_cpu(b, s, items + nd, n - nd, status + nd);
    if (threaded)
        pthread_join(th, NULL);
    if (job.err != SLUICE_OK)
        verify_cpu(b, s, items, nd, status);
}

sluice_err sluice_sig_batch_run(sluice_sig_batch *b, uint8_t *status, size_t *n_invalid)
{
    if (!b || (b->n && !status))
        return SLUICE_ERR_ARG;
    size_t n = b->n;
    sluice_sig_item *grp = malloc((n ? n : 1) * sizeof *grp);
    size_t *idx = malloc((n ? n : 1) * sizeof *idx);
    uint8_t *gst = malloc(n ? n : 1);
    if (!grp || !idx || !gst) {
        free(grp);
        free(idx);
        free(gst);
        return SLUICE_ERR_NOMEM;
    }
    for (unsigned s = 0; s < SLUICE_SIG_NSCHEMES; s++) {
        size_t m = 0;
        for (size_t i = 0; i < n; i++)
            if (b->items[i].scheme == (sluice_sig_scheme)s) {
                grp[m] = b->items[i];
                idx[m++] = i;
            }
        if (!m)
            continue;
        memset(gst, SLUICE_SIG_BAD_ENCODING, m);
        verify_group(b, (sluice_sig_scheme)s, grp, m, gst);
        for (size_t k = 0; k < m; k++)
            status[idx[k]] = gst[k];
    }
    if (n_invalid) {
        size_t bad = 0;
        for (size_t i = 0; i < n; i++)
            bad += status[i] != SLUICE_SIG_VALID;
        *n_invalid = bad;
    }
    free(grp);
    free(idx);
    free(gst);
    return SLUICE_OK;
}
