/* Fast light hashing (sluice_ethash_light_hash, _batch) and the light-mode
 * nonce search (sluice_ethash_search_light). Hashimoto as in the spec
 * (../specs/ethash.md step 5; chfast/ethash hash_kernel): 64 dependent dataset
 * accesses, each needing the two nodes 2p and 2p+1 of item p. A group of up
 * to ETHASH_LIGHT_LANES hashes advances in lockstep: at each access the 2 * b
 * nodes of the group go through ethash_nodes together, so their cache misses
 * overlap (one hash alone still computes its two nodes together). */
#include "pow/ethash_fast.h"
#include <omp.h>
#include <stdatomic.h>
#include <string.h>
#include <time.h>

#define LANES ETHASH_LIGHT_LANES

typedef void (*nodes_fn)(const struct sluice_ethash_epoch *, const uint32_t *, size_t, ethash_node *);

static nodes_fn nodes_of(ethash_impl impl) {
    switch (impl) {
#ifdef ETHASH_HAVE_X86
    case ETHASH_IMPL_AVX512: return ethash_nodes_avx512;
    case ETHASH_IMPL_AVX2: return ethash_nodes_avx2;
#endif
    default: return ethash_nodes_scalar;
    }
}

/* AUTO -> best; SLUICE_OK iff impl can run here. */
static sluice_err resolve(ethash_impl *impl) {
    if (*impl == ETHASH_IMPL_AUTO) *impl = ethash_impl_best();
    if (*impl < ETHASH_IMPL_SCALAR || *impl > ETHASH_IMPL_AVX512) return SLUICE_ERR_ARG;
    return ethash_impl_available(*impl) ? SLUICE_OK : SLUICE_ERR_UNSUPPORTED;
}

/* out[k] = light hash of (hh[k], nonces[k]) for k < b <= LANES. */
static void light_group(nodes_fn nodes, const struct sluice_ethash_epoch *ctx, const uint8_t *const hh[],
                        const uint64_t *nonces, unsigned b, sluice_ethash_result *out) {
    ethash_node s[LANES], item[2 * LANES];
    uint32_t mix[LANES][32], idx[2 * LANES];
    /* dataset_items < 2^32 for every epoch in 0..SLUICE_ETHASH_MAX_EPOCH. */
    const ethash_divisor dv = ethash_divisor_make((uint32_t)ctx->dataset_items);
    for (unsigned k = 0; k < b; k++) {
        ethash_seed_hash_nonce(hh[k], nonces[k], &s[k]);
        for (int w = 0; w < 16; w++) mix[k][w] = mix[k][w + 16] = s[k].w[w];
    }
    for (uint32_t i = 0; i < SLUICE_ETHASH_NUM_DATASET_ACCESSES; i++) {
        for (unsigned k = 0; k < b; k++) {
            uint64_t p = ethash_mod(dv, sluice_ethash_fnv(i ^ s[k].w[0], mix[k][i % 32]));
            /* 32-bit node indices, as ethash_ref.c (sluice_ethash_dataset_item). */
            idx[2 * k] = (uint32_t)(2 * p);
            idx[2 * k + 1] = (uint32_t)(2 * p + 1);
        }
        nodes(ctx, idx, 2 * (size_t)b, item);
        for (unsigned k = 0; k < b; k++)
            for (int w = 0; w < 16; w++) {
                mix[k][w] = sluice_ethash_fnv(mix[k][w], item[2 * k].w[w]);
                mix[k][w + 16] = sluice_ethash_fnv(mix[k][w + 16], item[2 * k + 1].w[w]);
            }
    }
    for (unsigned k = 0; k < b; k++) ethash_finish(&s[k], mix[k], &out[k]);
}

sluice_err ethash_light_hash_with(ethash_impl impl, const struct sluice_ethash_epoch *ctx,
                                  const uint8_t header_hash[32], uint64_t nonce,
                                  sluice_ethash_result *out) {
    sluice_err e = resolve(&impl);
    if (e != SLUICE_OK) return e;
    if (!ctx || !header_hash || !out) return SLUICE_ERR_ARG;
    const uint8_t *hh[1] = {header_hash};
    light_group(nodes_of(impl), ctx, hh, &nonce, 1, out);
    return SLUICE_OK;
}

void sluice_ethash_light_hash(const sluice_ethash_epoch *ctx, const uint8_t header_hash[32], uint64_t nonce,
                              sluice_ethash_result *out) {
    (void)ethash_light_hash_with(ETHASH_IMPL_AUTO, ctx, header_hash, nonce, out);
}

static unsigned default_threads(void) { return (unsigned)omp_get_num_procs(); }

sluice_err ethash_light_hash_batch_with(ethash_impl impl, const struct sluice_ethash_epoch *ctx,
                                        const uint8_t (*header_hashes)[32], const uint64_t *nonces,
                                        size_t n, sluice_ethash_result *out, unsigned threads) {
    sluice_err e = resolve(&impl);
    if (e != SLUICE_OK) return e;
    if (!ctx) return SLUICE_ERR_ARG;
    if (n == 0) return SLUICE_OK;
    if (!header_hashes || !nonces || !out) return SLUICE_ERR_ARG;
    if (threads > 1024) return SLUICE_ERR_RANGE;
    if (!threads) threads = default_threads();
    const nodes_fn nodes = nodes_of(impl);
    if (threads > n) threads = (unsigned)n;
    /* Group size: LANES, or less so that a small batch still spreads evenly
     * over the threads (n = 40 on 2 threads: two groups of 20, not 32 + 8). */
    size_t per = (n + threads - 1) / threads;
    const size_t group = per < LANES ? per : LANES;
    const long long ngroups = (long long)((n + group - 1) / group);
#pragma omp parallel for num_threads((int)threads) schedule(dynamic, 1) if (threads > 1)
    for (long long g = 0; g < ngroups; g++) {
        size_t first = (size_t)g * group;
        unsigned b = (unsigned)(n - first < group ? n - first : group);
        const uint8_t *hh[LANES];
        for (unsigned k = 0; k < b; k++) hh[k] = header_hashes[first + k];
        light_group(nodes, ctx, hh, nonces + first, b, out + first);
    }
    return SLUICE_OK;
}

sluice_err sluice_ethash_light_hash_batch(const sluice_ethash_epoch *ctx, const uint8_t (*header_hashes)[32],
                                          const uint64_t *nonces, size_t n, sluice_ethash_result *out,
                                          unsigned threads) {
    return ethash_light_hash_batch_with(ETHASH_IMPL_AUTO, ctx, header_hashes, nonces, n, out, threads);
}

/* ---- Light-mode search ---------------------------------------------------- */

static double now_seconds(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

/* Threads claim groups of LANES nonces in increasing order. A winner at
 * offset w stops only the threads whose next group starts after w; groups
 * already claimed finish, so the answer is the smallest winning nonce of the
 * range searched (deterministic, whatever the thread count), unless the
 * search is stopped or timed out first. */
sluice_err sluice_ethash_search_light(const sluice_ethash_epoch *ctx, const sluice_ethash_search_params *p,
                                      sluice_ethash_search_result *r) {
    if (!ctx || !p || !p->header_hash || !p->boundary || !r) return SLUICE_ERR_ARG;
    memset(r, 0, sizeof *r);
    if (p->threads > 1024) return SLUICE_ERR_RANGE;
    if (!(p->max_seconds >= 0)) return SLUICE_ERR_RANGE;   /* negative or NaN */
    unsigned threads = p->threads ? p->threads : default_threads();
    if (p->count) {
        uint64_t groups = (p->count + LANES - 1) / LANES;
        if (threads > groups) threads = (unsigned)groups;
    }
    ethash_impl impl = ETHASH_IMPL_AUTO;
    sluice_err e = resolve(&impl);
    if (e != SLUICE_OK) return e;
    const nodes_fn nodes = nodes_of(impl);

    uint8_t header[32], boundary[32];
    memcpy(header, p->header_hash, 32);
    memcpy(boundary, p->boundary, 32);
    _Atomic uint64_t next = 0, hashes = 0;
    _Atomic uint64_t best = UINT64_MAX;   /* offset of the smallest winner so far */
    sluice_ethash_result win;
    memset(&win, 0, sizeof win);
    const double t0 = now_seconds();

#pragma omp parallel num_threads((int)threads)
    {
        const uint8_t *hh[LANES];
        uint64_t nonce[LANES];
        sluice_ethash_result res[LANES];
        for (unsigned k = 0; k < LANES; k++) hh[k] = header;
        for (;;) {
            if (p->stop && __atomic_load_n(p->stop, __ATOMIC_RELAXED)) break;   /* set by another thread */
            if (p->max_seconds > 0 && now_seconds() - t0 >= p->max_seconds) break;
            uint64_t first = atomic_fetch_add(&next, LANES);
            if (p->count && first >= p->count) break;
            if (first > atomic_load(&best)) break;
            if (first + LANES < first) break;   /* offsets exhausted (2^64 nonces) */
            unsigned b = LANES;
            if (p->count && p->count - first < b) b = (unsigned)(p->count - first);
            for (unsigned k = 0; k < b; k++) nonce[k] = p->start_nonce + first + k;
            light_group(nodes, ctx, hh, nonce, b, res);
            atomic_fetch_add_explicit(&hashes, b, memory_order_relaxed);
            for (unsigned k = 0; k < b; k++) {
                if (!sluice_ethash_boundary_ok(res[k].final, boundary)) continue;
#pragma omp critical(sluice_ethash_light_win)
                {
                    if (first + k < atomic_load(&best)) {
                        atomic_store(&best, first + k);
                        win = res[k];
                    }
                }
                break;   /* later lanes of this group are larger offsets */
            }
        }
    }
    r->seconds = now_seconds() - t0;
    r->hashes = atomic_load(&hashes);
    r->threads = threads;
    uint64_t w = atomic_load(&best);
    if (w != UINT64_MAX) {
        r->found = 1;
        r->nonce = p->start_nonce + w;
        r->hash = win;
    }
    return SLUICE_OK;
}
